# replaces: rbf_layer_answer
# fails: rbf_output_shape rbf_values rbf_functional_model rbf_fit_step rbf_gradients
# why: call returns (units, batch)
# cause: transposed
class RBFLayer(keras.layers.Layer):
    def __init__(self, units, centers_initializer="random_normal", sigmas_initializer="ones",
                 weights_initializer="ones", **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.centers_initializer = keras.initializers.get(centers_initializer)
        self.sigmas_initializer = keras.initializers.get(sigmas_initializer)
        self.weights_initializer = keras.initializers.get(weights_initializer)

    def build(self, input_shape):
        self.centers = self.add_weight(shape=(input_shape[-1], self.units), initializer=self.centers_initializer)
        self.sigmas = self.add_weight(shape=(self.units,), initializer=self.sigmas_initializer)
        self.w = self.add_weight(shape=(self.units,), initializer=self.weights_initializer)

    def call(self, inputs):
        y = self.w * ops.exp(-squared_distances(inputs, self.centers) / self.sigmas ** 2)
        return ops.transpose(y)

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units,
                      centers_initializer=keras.initializers.serialize(self.centers_initializer),
                      sigmas_initializer=keras.initializers.serialize(self.sigmas_initializer),
                      weights_initializer=keras.initializers.serialize(self.weights_initializer))
        return config
