# replaces: rbf_layer_answer
# fails: rbf_output_shape rbf_functional_model rbf_param_count rbf_values rbf_gradients rbf_fit_step rbf_far_inputs rbf_config_roundtrip
# why: a syntax error in the layer cell: every layer test fails, the other tasks still count
# cause: none
class RBFLayer(keras.layers.Layer):
    def __init__(self, units, **kwargs)
        super().__init__(**kwargs)
