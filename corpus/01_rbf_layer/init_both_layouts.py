# replaces: initializer_answer
# why: correct, accepts (n, units) and (units, n) and flattens images, with a seeded permutation
class DataSampleInitializer(keras.initializers.Initializer):
    def __init__(self, data, seed=None):
        self.data = np.reshape(data, (len(data), -1)).astype("float32")
        self.seed = seed

    def __call__(self, shape, dtype=None):
        as_rows = shape[-1] == self.data.shape[1]
        units = shape[0] if as_rows else shape[-1]
        picked = self.data[np.random.default_rng(self.seed).permutation(len(self.data))[:units]]
        return ops.cast(picked if as_rows else picked.T, dtype or "float32")
