"""Student-facing messages of the assignment 01 checks, on small inline mistakes (fast).

The corpus (tests/test_corpus.py) proves the same through nbgrader; these pin the wording.
"""

import keras
import numpy as np
import pytest
from keras import ops

from gausslab.checks import CheckFailure
from gausslab.checks import rbf_layer as checks
from gausslab.answers.rbf_layer import RBFLayer


class TwoSigmaSquared(RBFLayer):
    def call(self, inputs):
        d2 = super().call(inputs)  # w * exp(-d^2 / s^2)
        return self.unit_weights * (d2 / self.unit_weights) ** 0.5


class Transposed(RBFLayer):
    def call(self, inputs):
        return ops.transpose(super().call(inputs))


class IgnoresWeights(RBFLayer):
    def build(self, input_shape):
        self.weights_initializer = keras.initializers.Ones()
        super().build(input_shape)


@pytest.mark.parametrize("check, target, message", [
    (checks.check_rbf_values, TwoSigmaSquared, "exp(-d^2 / (2 sigma^2))"),
    (checks.check_rbf_output_shape, Transposed, "is it transposed?"),
    (checks.check_rbf_values, IgnoresWeights, "unused: ['weights_initializer']"),
    (checks.check_squared_distances_shape, lambda x, c: ops.zeros((len(c[0]), len(x))),
     "is it transposed?"),
    (checks.check_squared_distances_values,
     lambda x, c: ops.sqrt(ops.sum((ops.expand_dims(x, -1) - c) ** 2, axis=1)),
     "drop the square root"),
    (checks.check_typical_distance_values, lambda x, y, n_samples, seed: 1.0, "observed: 1.0"),
    (checks.check_initializer_rows_from_data, lambda data, seed: None,
     "not a Keras initializer"),
])
def test_failure_names_the_mistake(check, target, message):
    with pytest.raises(CheckFailure) as caught:
        check(target)
    assert message in str(caught.value)
    assert "observed:" in str(caught.value) and "expected:" in str(caught.value)


def test_student_exceptions_become_readable_failures():
    def broken(x, centers):
        raise ValueError("\x1b[1mboom\x1b[0m " + "x" * 1000)

    with pytest.raises(CheckFailure) as caught:
        checks.check_squared_distances_shape(broken)
    text = str(caught.value)
    assert "ValueError: boom" in text and "\x1b" not in text and len(text) < 1000
    assert "one centre per column" in text
