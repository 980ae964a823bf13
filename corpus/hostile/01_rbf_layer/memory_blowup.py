# replaces: typical_distance_answer
# fails: typical_distance_values typical_distance_subset
# why: fills 8 GiB of memory before defining the function: the kernel is stopped at the memory cap
# reported: out of memory in cell typical_distance_answer
hoard = [np.ones(2**27) for _ in range(8)]  # 8 x 1 GiB, each page written

def typical_distance(x, y, n_samples=1000, seed=0):
    x = np.asarray(x).reshape(len(x), -1)
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    subset = rng.choice(len(x), size=min(n_samples, len(x)), replace=False)
    x, y = x[subset], y[subset]
    total, pairs = 0.0, 0
    for label in np.unique(y):
        members = x[y == label]
        total += distance_matrix(members, members).sum()
        pairs += len(members) * (len(members) - 1)
    return total / pairs
