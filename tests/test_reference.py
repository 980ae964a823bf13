"""The oracles against brute-force loops; the answers of assignment 01 against the visible
checks; the stored cases of the visible checks against a fresh computation by the oracles."""

import itertools
import json

import keras
import numpy as np
import pytest

from gausslab.answers.rbf_layer import (DataSampleInitializer, RBFLayer, squared_distances,
                                        typical_distance)
from gausslab.checks import EXPECTED
from gausslab.checks import rbf_layer as checks
from gausslab.grading import expected
from gausslab.grading.course import ASSIGNMENTS
from gausslab.grading.oracles.rbf_layer import mean_within_class_distance, rbf_forward


def test_rbf_forward_matches_a_loop():
    rng = np.random.default_rng(0)
    x, centers = rng.normal(size=(4, 3)), rng.normal(size=(5, 3))
    sigmas, weights = rng.uniform(0.5, 2, 5), rng.normal(size=5)
    want = [[weights[i] * np.exp(-np.sum((x[b] - centers[i]) ** 2) / sigmas[i] ** 2)
             for i in range(5)] for b in range(4)]
    np.testing.assert_allclose(rbf_forward(x, centers, sigmas, weights), want, rtol=1e-12)


def test_mean_within_class_distance_matches_a_loop():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(13, 4)), rng.integers(0, 3, 13)
    pairs = [np.linalg.norm(x[i] - x[j]) for i, j in itertools.permutations(range(13), 2)
             if y[i] == y[j]]
    assert mean_within_class_distance(x, y) == pytest.approx(np.mean(pairs), rel=1e-12)
    assert typical_distance(x, y) == pytest.approx(np.mean(pairs), rel=1e-12)


def test_mean_within_class_distance_rejects_bad_input():
    with pytest.raises(ValueError, match="3 samples but y has 2"):
        mean_within_class_distance(np.zeros((3, 2)), [0, 1])
    with pytest.raises(ValueError, match="no class has two samples"):
        mean_within_class_distance(np.zeros((3, 2)), [0, 1, 2])


@pytest.mark.parametrize("module", sorted(ASSIGNMENTS.values()))
def test_stored_cases_are_what_the_oracles_compute(module):
    """gausslab/checks/expected/ is generated: `python -m gausslab.grading expected`."""
    fresh = expected.text(module)
    path = EXPECTED / f"{module}.json"
    if fresh is None:
        assert not path.exists(), f"{path} has no oracle expected_cases() behind it"
        return
    assert path.is_file(), f"{path} is missing: run `python -m gausslab.grading expected`"
    assert json.loads(path.read_text()) == json.loads(fresh), (
        f"{path} drifted from its oracles: run `python -m gausslab.grading expected`")


@pytest.mark.parametrize("check, target", [
    (checks.check_squared_distances_shape, squared_distances),
    (checks.check_squared_distances_values, squared_distances),
    (checks.check_rbf_output_shape, RBFLayer),
    (checks.check_rbf_functional_model, RBFLayer),
    (checks.check_rbf_param_count, RBFLayer),
    (checks.check_rbf_values, RBFLayer),
    (checks.check_rbf_gradients, RBFLayer),
    (checks.check_rbf_fit_step, RBFLayer),
    (checks.check_rbf_far_inputs, RBFLayer),
    (checks.check_rbf_config_roundtrip, RBFLayer),
    (checks.check_initializer_rows_from_data, DataSampleInitializer),
    (checks.check_initializer_seed, DataSampleInitializer),
    (checks.check_typical_distance_values, typical_distance),
    (checks.check_typical_distance_subset, typical_distance),
], ids=lambda v: getattr(v, "__name__", ""))
def test_answers_pass_the_visible_checks(check, target):
    """gausslab.answers.rbf_layer (expanded-form distances) is a differently-correct answer."""
    check(target)


def test_data_sample_initializer_rejects_a_wrong_shape():
    init = DataSampleInitializer(np.zeros((10, 3)))
    with pytest.raises(ValueError, match=r"\(3, units\) or \(units, 3\)"):
        init((4, 5))


def test_answer_layer_never_builds_the_batch_by_features_by_units_tensor():
    """The MNIST path multiplies (b, 784) by (784, m) instead of broadcasting to (b, 784, m)."""
    import tensorflow as tf

    layer = RBFLayer(64)
    inputs = keras.Input(shape=(784,))
    model = keras.Model(inputs, layer(inputs))
    graph = tf.function(model).get_concrete_function(tf.TensorSpec((32, 784))).graph
    shapes = {tuple(t.shape) for op in graph.get_operations() for t in op.outputs}
    assert (32, 784, 64) not in shapes
