# replaces: typical_distance_answer
# why: correct, one distance matrix and a same-class mask without the diagonal
def typical_distance(x, y, n_samples=1000, seed=0):
    rng = np.random.RandomState(seed)
    idx = rng.choice(len(x), min(n_samples, len(x)), replace=False)
    d = distance_matrix(x[idx], x[idx])
    same = (y[idx][:, None] == y[idx][None, :]) & ~np.eye(len(idx), dtype=bool)
    return d[same].mean()
