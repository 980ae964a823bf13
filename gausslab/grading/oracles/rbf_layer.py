"""NumPy/SciPy oracles for the Gaussian RBF layer (assignments 01 and 02), and the cases that
the visible checks of assignment 01 compare with.

A case holds fixed inputs, the expected output and what each known mistake outputs on the
same inputs (keyed by the cause codes of ``gausslab.checks.rbf_layer.CAUSES``).
"""

import numpy as np
from scipy.spatial.distance import cdist, pdist

from gausslab.checks.rbf_layer import labelled_data, layer_inputs


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


def squared_distances_case(seed, batch, n_features, units):
    """x (batch, n), centers (n, units), cdist's squared distances and the known mistakes."""
    x, centers, _, _ = layer_inputs(seed, batch, n_features, units)
    want = cdist(x, centers, "sqeuclidean")
    return {"x": x, "centers": centers.T, "expected": want,
            "mistakes": {"square_root": np.sqrt(want), "sign_flipped": -want}}


def rbf_values_case(seed, n_features, units, batch=6):
    """Fixed layer weights and inputs, the oracle's outputs and the known mistakes' outputs."""
    x, centers, sigmas, weights = layer_inputs(seed, batch, n_features, units)
    want = rbf_forward(x, centers, sigmas, weights)
    d2 = cdist(x, centers, "sqeuclidean")
    mistakes = {
        "transposed": want.T,
        "two_sigma_squared": rbf_forward(x, centers, sigmas * np.sqrt(2), weights),
        "sigma_not_squared": weights * np.exp(-d2 / sigmas),
        "distance_not_squared": weights * np.exp(-np.sqrt(d2) / sigmas**2),
        "missing_w": rbf_forward(x, centers, sigmas, np.ones_like(weights)),
        "exponent_sign": weights * np.exp(d2 / sigmas**2),
        "normalised": weights * np.exp(-d2 / sigmas**2)
                      / np.exp(-d2 / sigmas**2).sum(axis=1, keepdims=True),
    }
    return {"x": x, "centers": centers, "sigmas": sigmas, "weights": weights, "expected": want,
            "mistakes": mistakes}


def typical_distance_case(seed, n_samples, n_features):
    """Labelled data, its mean within-class distance and what the known mistakes compute."""
    x, y = labelled_data(seed, n_samples, n_features)
    return {"x": x, "y": y, "expected": mean_within_class_distance(x, y),
            "mistakes": typical_distance_mistakes(x, y)}


def typical_distance_mistakes(x, y):
    """What each known mistake of typical_distance computes on all of x and y."""
    full = cdist(x, x)
    same, self_pairs = y[:, None] == y[None, :], np.eye(len(x), dtype=bool)
    return {
        "all_pairs": full[~self_pairs].mean(),
        "all_pairs_with_self": full.mean(),
        "diagonal_included": full[same].mean(),
        "squared_distance": (full[same & ~self_pairs] ** 2).mean(),
        "median": np.median(full[same & ~self_pairs]),
    }


def typical_distance_subset_case(seed, n_samples=600):
    """More samples than the subset that typical_distance draws, the value on all of them and
    what the known mistakes compute on all of them."""
    x, y = labelled_data(seed, n_samples)
    return {"x": x, "y": y, "full_value": mean_within_class_distance(x, y),
            "mistakes": typical_distance_mistakes(x, y)}


def expected_cases():
    """The cases of the visible checks of assignment 01 (fixed inputs, never the hidden ones)."""
    return {
        "squared_distances": [squared_distances_case(0, batch, n, m)
                              for batch, n, m in [(5, 3, 4), (1, 2, 7)]],
        "rbf_values": rbf_values_case(0, n_features=3, units=4),
        "typical_distance": [typical_distance_case(0, 24, n) for n in (5, 2)],
        "typical_distance_subset": typical_distance_subset_case(7),
    }
