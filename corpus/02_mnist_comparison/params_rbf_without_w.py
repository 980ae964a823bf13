# replaces: param_count_answer
# fails: param_constants param_formulas
# why: an RBF unit counted with centre and sigma but no weight w
# cause: rbf_without_w
DENSE_PARAMS = 55050
RBF_PARAMS = 64 * 785 + 64 * 65 + 650


def dense_param_count(n_inputs, hidden, n_classes):
    sizes = [n_inputs, *hidden, n_classes]
    return sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))


def rbf_param_count(n_inputs, units, n_classes):
    sizes = [n_inputs, *units]
    return sum(b * (a + 1) for a, b in zip(sizes, sizes[1:])) + (units[-1] + 1) * n_classes
