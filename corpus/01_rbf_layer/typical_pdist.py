# replaces: typical_distance_answer
# why: correct, with scipy's pdist (each unordered pair once) weighted by the pair counts
from scipy.spatial.distance import pdist

def typical_distance(x, y, n_samples=1000, seed=0):
    idx = np.random.default_rng(seed).permutation(len(x))[:n_samples]
    x, y = np.asarray(x)[idx], np.asarray(y)[idx]
    within = np.concatenate([pdist(x[y == c]) for c in np.unique(y)])
    return float(within.mean())
