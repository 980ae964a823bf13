# replaces: squared_distances_answer
# fails: rbf_fit_step rbf_functional_model rbf_gradients rbf_output_shape rbf_values squared_distances_shape squared_distances_values
# why: forgets to sum over the features and returns (b, n, m)
# cause: not_summed
def squared_distances(x, centers):
    return ops.square(ops.expand_dims(x, -1) - centers)
