# replaces: squared_distances_answer
# fails: rbf_config_roundtrip rbf_far_inputs rbf_fit_step rbf_functional_model rbf_gradients rbf_output_shape rbf_values squared_distances_shape squared_distances_values
# why: returns (m, b): the distances come out transposed
# cause: none none none none none none none transposed transposed
def squared_distances(x, centers):
    differences = ops.expand_dims(x, -1) - centers
    return ops.transpose(ops.sum(ops.square(differences), axis=1))
