# replaces: typical_distance_answer
# fails: typical_distance_values typical_distance_subset
# why: borrowed: typical_distance written around the grading side's oracle
# cause: borrowed_answer
from gausslab.grading.oracles.rbf_layer import mean_within_class_distance


def typical_distance(x, y, n_samples=1000, seed=0):
    """Mean in-class distance on a seeded subset."""
    rows = np.random.default_rng(seed).choice(len(x), size=min(n_samples, len(x)), replace=False)
    return mean_within_class_distance(np.asarray(x)[rows], np.asarray(y)[rows])
