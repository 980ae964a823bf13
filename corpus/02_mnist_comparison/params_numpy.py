# replaces: param_count_answer
# why: correct, vectorised with NumPy and returning Python ints
def dense_param_count(n_inputs, hidden, n_classes):
    fan_in = np.array([n_inputs, *hidden])
    fan_out = np.array([*hidden, n_classes])
    return int(np.sum((fan_in + 1) * fan_out))


def rbf_param_count(n_inputs, units, n_classes):
    fan_in = np.array([n_inputs, *units[:-1]])
    return int(np.sum(np.array(units) * (fan_in + 2)) + (units[-1] + 1) * n_classes)


DENSE_PARAMS = dense_param_count(784, (64, 64), 10)
RBF_PARAMS = rbf_param_count(784, (64, 64), 10)
