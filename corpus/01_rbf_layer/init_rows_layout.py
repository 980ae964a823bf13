# replaces: initializer_answer
# why: correct, for a layer that stores centres as rows (units, n), with a RandomState permutation
class DataSampleInitializer(keras.initializers.Initializer):
    def __init__(self, data, seed=None):
        self.data = np.array(data)
        self.seed = seed

    def __call__(self, shape, dtype=None):
        units, n_features = shape
        order = np.random.RandomState(self.seed).permutation(len(self.data))
        return keras.ops.cast(self.data[order[:units]], dtype or "float32")
