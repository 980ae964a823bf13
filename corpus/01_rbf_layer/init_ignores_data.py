# replaces: initializer_answer
# fails: initializer_rows_from_data
# why: ignores the data and draws normal noise
# cause: centres_not_from_data
class DataSampleInitializer(keras.initializers.Initializer):
    def __init__(self, data, seed=None):
        self.data = data
        self.seed = seed

    def __call__(self, shape, dtype=None):
        return keras.random.normal(shape, seed=self.seed, dtype=dtype)
