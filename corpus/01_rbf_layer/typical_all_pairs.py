# replaces: typical_distance_answer
# fails: typical_distance_subset typical_distance_values
# why: averages over all pairs of the subset, ignoring the labels
# cause: all_pairs
def typical_distance(x, y, n_samples=1000, seed=0):
    rng = np.random.default_rng(seed)
    subset = rng.choice(len(x), size=min(n_samples, len(x)), replace=False)
    d = distance_matrix(x[subset], x[subset])
    n = len(subset)
    return d.sum() / (n * (n - 1))
