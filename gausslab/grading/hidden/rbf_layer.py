"""Hidden checks of assignment 01: the visible behaviour on other inputs, values against the
NumPy/SciPy oracles on random inputs, and no borrowed answers."""

from functools import partial

from gausslab.checks import rbf_layer as visible
from gausslab.grading.hidden import hidden_version, require_own_answer
from gausslab.grading.oracles import rbf_layer as oracles

SQUARED_DISTANCES, LAYER = "squared_distances_answer", "rbf_layer_answer"
INITIALIZER, TYPICAL = "initializer_answer", "typical_distance_answer"
USES = ("squared_distances",)  # the layer may call the student's own Task 1 answer

check_squared_distances_shape = hidden_version(
    partial(visible.check_squared_distances_shape, shapes=[(3, 5, 2), (8, 1, 3)]),
    SQUARED_DISTANCES)
check_rbf_output_shape = hidden_version(
    partial(visible.check_rbf_output_shape, shapes=[(3, 5, 2), (9, 1, 6)]), LAYER, USES)
check_rbf_functional_model = hidden_version(
    partial(visible.check_rbf_functional_model, sizes=[(6, 3)]), LAYER, USES)
check_rbf_param_count = hidden_version(
    partial(visible.check_rbf_param_count, sizes=[(5, 7), (64, 64)]), LAYER, USES)
check_rbf_gradients = hidden_version(visible.check_rbf_gradients, LAYER, USES)
check_rbf_fit_step = hidden_version(visible.check_rbf_fit_step, LAYER, USES)
check_rbf_far_inputs = hidden_version(visible.check_rbf_far_inputs, LAYER, USES)
check_rbf_config_roundtrip = hidden_version(visible.check_rbf_config_roundtrip, LAYER, USES)
check_initializer_rows_from_data = hidden_version(visible.check_initializer_rows_from_data,
                                                  INITIALIZER)
check_initializer_seed = hidden_version(visible.check_initializer_seed, INITIALIZER)


def check_squared_distances_values(squared_distances, seed):
    require_own_answer(squared_distances, SQUARED_DISTANCES)
    for batch, n, m in [(7, 4, 3), (2, 9, 5)]:
        visible.compare_squared_distances(
            squared_distances, oracles.squared_distances_case(seed, batch, n, m))


def check_rbf_values(RBFLayer, n_features, units, seed):
    require_own_answer(RBFLayer, LAYER, uses=USES)
    visible.compare_rbf_values(RBFLayer, oracles.rbf_values_case(seed, n_features, units))


def check_typical_distance_values(typical_distance, seed):
    require_own_answer(typical_distance, TYPICAL)
    for n_samples, n_features in [(30, 4), (17, 3)]:
        visible.compare_typical_distance(
            typical_distance, oracles.typical_distance_case(seed, n_samples, n_features))


def check_typical_distance_subset(typical_distance, seed):
    require_own_answer(typical_distance, TYPICAL)
    case = oracles.typical_distance_subset_case(seed, n_samples=500)
    visible.compare_typical_distance_subset(typical_distance, case["x"], case["y"],
                                            case["full_value"], case["mistakes"])
