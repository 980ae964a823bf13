# replaces: typical_distance_answer
# fails: typical_distance_subset
# why: ignores n_samples and seed: all rows at once (60,000 MNIST images would not fit in memory)
# cause: no_subset
def typical_distance(x, y, n_samples=1000, seed=0):
    total, pairs = 0.0, 0
    for c in np.unique(y):
        members = x[y == c]
        total += distance_matrix(members, members).sum()
        pairs += len(members) * (len(members) - 1)
    return total / pairs
