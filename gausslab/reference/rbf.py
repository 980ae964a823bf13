"""NumPy/SciPy oracles for the Gaussian RBF layer (assignments 01 and 02)."""

import numpy as np
from scipy.spatial.distance import cdist, pdist


def rbf_forward(x, centers, sigmas, weights):
    """y[b, i] = weights[i] * exp(-||x[b] - centers[i]||^2 / sigmas[i]^2).

    ``x`` is (batch, n); ``centers`` is (units, n), one centre per row; ``sigmas`` and
    ``weights`` are (units,). Computed in float64.
    """
    x = np.asarray(x, dtype=np.float64)
    centers = np.asarray(centers, dtype=np.float64)
    d2 = cdist(x, centers, "sqeuclidean")
    sigmas = np.asarray(sigmas, dtype=np.float64).reshape(-1)
    weights = np.asarray(weights, dtype=np.float64).reshape(-1)
    return weights * np.exp(-d2 / sigmas**2)


def mean_within_class_distance(x, y):
    """Mean Euclidean distance over all pairs of distinct samples that share a label.

    ``x`` is (N, ...) and flattened per sample; ``y`` is (N,). Raises ``ValueError`` when no
    label has two samples.
    """
    x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    y = np.asarray(y).reshape(-1)
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} samples but y has {len(y)} labels")
    total, pairs = 0.0, 0
    for label in np.unique(y):
        members = x[y == label]
        if len(members) > 1:
            distances = pdist(members)
            total += distances.sum()
            pairs += distances.size
    if pairs == 0:
        raise ValueError("no class has two samples: the within-class distance is undefined")
    return total / pairs
