# replaces: typical_distance_answer
# fails: typical_distance_values typical_distance_subset
# why: averages squared distances
# cause: squared_distance
def typical_distance(x, y, n_samples=1000, seed=0):
    rng = np.random.default_rng(seed)
    subset = rng.choice(len(x), size=min(n_samples, len(x)), replace=False)
    x, y = x[subset], y[subset]
    total, pairs = 0.0, 0
    for c in np.unique(y):
        d = distance_matrix(x[y == c], x[y == c])
        total += (d ** 2).sum()
        pairs += len(d) * (len(d) - 1)
    return total / pairs
