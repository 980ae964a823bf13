# replaces: rbf_layer_answer
# why: correct, centres stored (units, n) and broadcast as (b, 1, n) - (units, n)
class RBFLayer(keras.layers.Layer):
    def __init__(self, units, centers_initializer="random_normal", sigmas_initializer="ones",
                 weights_initializer="ones", **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.centers_initializer = keras.initializers.get(centers_initializer)
        self.sigmas_initializer = keras.initializers.get(sigmas_initializer)
        self.weights_initializer = keras.initializers.get(weights_initializer)

    def build(self, input_shape):
        self.centers = self.add_weight(shape=(self.units, input_shape[-1]), initializer=self.centers_initializer)
        self.sigmas = self.add_weight(shape=(self.units,), initializer=self.sigmas_initializer)
        self.w = self.add_weight(shape=(self.units,), initializer=self.weights_initializer)

    def call(self, inputs):
        d2 = ops.sum(ops.square(ops.expand_dims(inputs, 1) - self.centers), axis=-1)
        return self.w * ops.exp(-d2 / ops.square(self.sigmas))

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units,
                      centers_initializer=keras.initializers.serialize(self.centers_initializer),
                      sigmas_initializer=keras.initializers.serialize(self.sigmas_initializer),
                      weights_initializer=keras.initializers.serialize(self.weights_initializer))
        return config
