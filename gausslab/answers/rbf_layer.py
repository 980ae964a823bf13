"""Answers of assignment 01: the Keras 3 Gaussian RBF layer, its data-sample initializer and
the sigma heuristic.

Students write this same contract themselves in assignment 01; once it has closed, assignment
02 imports this version. A unit i maps x in R^n to ``w_i * exp(-||x - mu_i||^2 / sigma_i^2)``.

Centres are stored like a Dense kernel, (n_features, units), one centre per column. The
squared distances use ``||x||^2 - 2 x.mu + ||mu||^2`` (one matrix product) so that a batch of
MNIST images never materialises a (batch, 784, units) tensor.
"""

import keras
import numpy as np
from keras import ops
from scipy.spatial.distance import cdist


def squared_distances(x, centers):
    """Squared Euclidean distances (batch, units) between rows of x and columns of centers."""
    x_sq = ops.sum(ops.square(x), axis=-1, keepdims=True)
    centers_sq = ops.sum(ops.square(centers), axis=0)
    d2 = x_sq - 2.0 * ops.matmul(x, centers) + centers_sq
    # The expanded form can round to tiny negative values next to a centre.
    return ops.maximum(d2, 0.0)


@keras.saving.register_keras_serializable(package="gausslab")
class RBFLayer(keras.layers.Layer):
    """Gaussian basis functions with trainable centres, widths sigma and output weights w."""

    def __init__(self, units, centers_initializer="random_normal", sigmas_initializer="ones",
                 weights_initializer="ones", **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        self.centers_initializer = keras.initializers.get(centers_initializer)
        self.sigmas_initializer = keras.initializers.get(sigmas_initializer)
        self.weights_initializer = keras.initializers.get(weights_initializer)

    def build(self, input_shape):
        n_features = input_shape[-1]
        self.centers = self.add_weight(shape=(n_features, self.units), name="centers",
                                       initializer=self.centers_initializer)
        self.sigmas = self.add_weight(shape=(self.units,), name="sigmas",
                                      initializer=self.sigmas_initializer)
        self.unit_weights = self.add_weight(shape=(self.units,), name="unit_weights",
                                            initializer=self.weights_initializer)

    def call(self, inputs):
        d2 = squared_distances(inputs, self.centers)
        return self.unit_weights * ops.exp(-d2 / ops.square(self.sigmas))

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        config = super().get_config()
        config.update(
            units=self.units,
            centers_initializer=keras.initializers.serialize(self.centers_initializer),
            sigmas_initializer=keras.initializers.serialize(self.sigmas_initializer),
            weights_initializer=keras.initializers.serialize(self.weights_initializer),
        )
        return config


@keras.saving.register_keras_serializable(package="gausslab")
class DataSampleInitializer(keras.initializers.Initializer):
    """Centres drawn as random rows of ``data`` (without replacement when there are enough).

    Works for both layouts: a requested shape (n_features, units) gets one sample per column,
    (units, n_features) one sample per row.
    """

    def __init__(self, data, seed=None):
        data = np.asarray(data, dtype="float32")
        self.data = data.reshape(len(data), -1)
        self.seed = seed

    def __call__(self, shape, dtype=None):
        n_samples, n_features = self.data.shape
        if len(shape) != 2 or n_features not in shape:
            raise ValueError(f"DataSampleInitializer got shape {tuple(shape)}; expected "
                             f"({n_features}, units) or (units, {n_features}) for data with "
                             f"{n_features} features")
        columns = shape[0] == n_features
        units = shape[1] if columns else shape[0]
        rng = np.random.default_rng(self.seed)
        rows = self.data[rng.choice(n_samples, size=units, replace=units > n_samples)]
        return ops.convert_to_tensor(rows.T if columns else rows, dtype=dtype)

    def get_config(self):
        return {"data": self.data.tolist(), "seed": self.seed}


def typical_distance(x, y, n_samples=1000, seed=0):
    """Mean distance between distinct same-class samples of a random subset of ``n_samples``.

    A subset keeps the distance matrix small: all 60,000 MNIST images at once would need tens
    of gigabytes.
    """
    x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    rng = np.random.default_rng(seed)
    subset = rng.choice(len(x), size=min(n_samples, len(x)), replace=False)
    x, y = x[subset], np.asarray(y).reshape(-1)[subset]
    same = (y[:, None] == y[None, :]) & ~np.eye(len(y), dtype=bool)
    if not same.any():
        raise ValueError("no class has two samples: the within-class distance is undefined")
    return float(cdist(x, x)[same].mean())
