# replaces: param_count_answer
# fails: param_constants param_formulas
# why: forgets the biases of the Dense layers
# cause: no_biases
def dense_param_count(n_inputs, hidden, n_classes):
    sizes = [n_inputs, *hidden, n_classes]
    return sum(a * b for a, b in zip(sizes, sizes[1:]))


def rbf_param_count(n_inputs, units, n_classes):
    sizes = [n_inputs, *units]
    return sum(b * (a + 2) for a, b in zip(sizes, sizes[1:])) + units[-1] * n_classes


DENSE_PARAMS = dense_param_count(784, (64, 64), 10)
RBF_PARAMS = rbf_param_count(784, (64, 64), 10)
