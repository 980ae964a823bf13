# replaces: typical_distance_answer
# fails: typical_distance_values typical_distance_subset
# why: os._exit(1) in the last task kills the kernel; the first three tasks keep their points
# reported: kernel died in cell typical_distance_answer
# reported: FLAGGED FOR REVIEW
import os

os._exit(1)

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
