# replaces: rbf_layer_answer
# edit: add
# why: the student added a cell of their own after the layer
print("my own experiment:", RBFLayer(3)(np.ones((2, 5))).shape)
