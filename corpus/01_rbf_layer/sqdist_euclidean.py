# replaces: squared_distances_answer
# fails: rbf_gradients rbf_values squared_distances_values
# why: returns Euclidean distances (a square root too many)
# cause: square_root distance_not_squared square_root
def squared_distances(x, centers):
    differences = ops.expand_dims(x, -1) - centers
    return ops.sqrt(ops.sum(ops.square(differences), axis=1))
