# replaces: typical_distance_answer
# fails: typical_distance_values
# why: np.mean over each class's whole distance matrix, zeros of the diagonal included
# cause: diagonal_included
def typical_distance(x, y, n_samples=1000, seed=0):
    rng = np.random.default_rng(seed)
    subset = rng.choice(len(x), size=min(n_samples, len(x)), replace=False)
    x, y = x[subset], y[subset]
    distances = [distance_matrix(x[y == c], x[y == c]).ravel() for c in np.unique(y)]
    return np.concatenate(distances).mean()
