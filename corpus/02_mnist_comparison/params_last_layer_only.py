# replaces: param_count_answer
# fails: param_constants
# why: counts only the output layer's 650 parameters for both networks
# cause: last_layer_only
DENSE_PARAMS = 650
RBF_PARAMS = 650


def dense_param_count(n_inputs, hidden, n_classes):
    sizes = [n_inputs, *hidden, n_classes]
    return sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))


def rbf_param_count(n_inputs, units, n_classes):
    sizes = [n_inputs, *units]
    return sum(b * (a + 2) for a, b in zip(sizes, sizes[1:])) + (units[-1] + 1) * n_classes
