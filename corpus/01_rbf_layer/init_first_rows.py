# replaces: initializer_answer
# fails: initializer_seed
# why: always the first rows of the data, whatever the seed
# cause: not_random_rows
class DataSampleInitializer(keras.initializers.Initializer):
    def __init__(self, data, seed=None):
        self.data = np.asarray(data, dtype="float32")
        self.seed = seed

    def __call__(self, shape, dtype=None):
        n_features, units = shape
        return ops.convert_to_tensor(self.data[:units].T, dtype=dtype)
