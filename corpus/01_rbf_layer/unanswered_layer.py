# replaces: rbf_layer_answer
# fails: rbf_output_shape rbf_functional_model rbf_param_count rbf_values rbf_gradients rbf_fit_step rbf_far_inputs rbf_config_roundtrip
# why: the layer left as released (raise NotImplementedError): zero on the layer, the rest counts
# cause: not_implemented
class RBFLayer(keras.layers.Layer):
    """Gaussian basis functions: y_i = w_i * exp(-||x - mu_i||^2 / sigma_i^2)."""

    def __init__(self, units, centers_initializer="random_normal", sigmas_initializer="ones",
                 weights_initializer="ones", **kwargs):
        super().__init__(**kwargs)
        # YOUR CODE HERE
        raise NotImplementedError()

    def build(self, input_shape):
        # YOUR CODE HERE
        raise NotImplementedError()

    def call(self, inputs):
        # YOUR CODE HERE
        raise NotImplementedError()

    def get_config(self):
        # YOUR CODE HERE
        raise NotImplementedError()
