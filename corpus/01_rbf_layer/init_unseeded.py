# replaces: initializer_answer
# fails: initializer_seed
# why: draws rows with the global NumPy generator and never uses the seed
# cause: unseeded_generator
class DataSampleInitializer(keras.initializers.Initializer):
    def __init__(self, data, seed=None):
        self.data = np.asarray(data, dtype="float32")
        self.seed = seed

    def __call__(self, shape, dtype=None):
        n_features, units = shape
        rows = np.random.choice(len(self.data), units, replace=False)
        return ops.convert_to_tensor(self.data[rows].T, dtype=dtype)
