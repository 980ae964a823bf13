# replaces: typical_distance_answer
# fails: typical_distance_values typical_distance_subset
# why: subsamples x but takes the first labels of y: rows and labels no longer match
# cause: subset_mismatch
def typical_distance(x, y, n_samples=1000, seed=0):
    rng = np.random.default_rng(seed)
    n = min(n_samples, len(x))
    xs, ys = x[rng.choice(len(x), size=n, replace=False)], y[:n]
    total, pairs = 0.0, 0
    for c in np.unique(ys):
        members = xs[ys == c]
        total += distance_matrix(members, members).sum()
        pairs += len(members) * (len(members) - 1)
    return total / pairs
