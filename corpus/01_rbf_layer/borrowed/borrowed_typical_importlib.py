# replaces: typical_distance_answer
# fails: typical_distance_values typical_distance_subset
# why: borrowed: fetches the reference function by name with importlib inside the answer
# cause: borrowed_answer
import importlib


def typical_distance(x, y, n_samples=1000, seed=0):
    """Mean in-class distance on a seeded subset."""
    module = importlib.import_module("gausslab.answers." + "rbf_layer")
    return module.typical_distance(x, y, n_samples, seed)
