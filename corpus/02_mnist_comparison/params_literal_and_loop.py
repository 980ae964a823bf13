# replaces: param_count_answer
# why: correct, literal totals and loop-based formulas
DENSE_PARAMS = 55050   # 50240 + 4160 + 650
RBF_PARAMS = 55178     # 50304 + 4224 + 650


def dense_param_count(n_inputs, hidden, n_classes):
    total, previous = 0, n_inputs
    for units in list(hidden) + [n_classes]:
        total += previous * units + units
        previous = units
    return total


def rbf_param_count(n_inputs, units, n_classes):
    total, previous = 0, n_inputs
    for u in units:
        total += u * previous + 2 * u
        previous = u
    return total + previous * n_classes + n_classes
