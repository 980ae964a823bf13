"""Oracles for assignment 02: parameter counts of the two networks, counted by Keras itself on
reference architectures, and the counts that the visible checks compare with."""

import keras

from gausslab.answers.rbf_layer import RBFLayer

N_PIXELS, N_CLASSES = 784, 10
FORMULA_SIZES = [(784, (64, 64), 10), (20, (5, 7), 3), (3, (4,), 2)]  # the visible cases


def dense_params(n_inputs=N_PIXELS, hidden=(64, 64), n_classes=N_CLASSES):
    """Parameters of a Dense MLP, counted by Keras."""
    model = keras.Sequential([keras.Input((n_inputs,))]
                             + [keras.layers.Dense(h, activation="relu") for h in hidden]
                             + [keras.layers.Dense(n_classes, activation="softmax")])
    return model.count_params()


def rbf_params(n_inputs=N_PIXELS, units=(64, 64), n_classes=N_CLASSES):
    """Parameters of an RBF network (RBF layers then a softmax Dense), counted by Keras."""
    model = keras.Sequential([keras.Input((n_inputs,))] + [RBFLayer(u) for u in units]
                             + [keras.layers.Dense(n_classes, activation="softmax")])
    return model.count_params()


def param_count_mistakes(n_inputs, sizes, n_classes):
    """What the known mistakes count for each network: no biases, RBF units without w, only
    the last layer."""
    pairs = list(zip([n_inputs, *sizes], sizes))
    last = (sizes[-1] + 1) * n_classes
    return {"dense": {"no_biases": sum(a * b for a, b in pairs) + sizes[-1] * n_classes,
                      "last_layer_only": last},
            "rbf": {"no_biases": sum(b * (a + 2) for a, b in pairs) + sizes[-1] * n_classes,
                    "rbf_without_w": sum(b * (a + 1) for a, b in pairs) + last,
                    "last_layer_only": last}}


def param_count_case(n_inputs, sizes, n_classes):
    """One row of the parameter-count cases: the sizes, both counts and the known mistakes'."""
    return {"n_inputs": n_inputs, "sizes": list(sizes), "n_classes": n_classes,
            "dense": dense_params(n_inputs, sizes, n_classes),
            "rbf": rbf_params(n_inputs, sizes, n_classes),
            "mistakes": param_count_mistakes(n_inputs, sizes, n_classes)}


def expected_cases():
    """The parameter counts that the visible checks of assignment 02 compare with."""
    return {"param_counts": [param_count_case(*sizes) for sizes in FORMULA_SIZES]}
