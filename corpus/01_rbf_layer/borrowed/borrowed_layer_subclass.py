# replaces: rbf_layer_answer
# fails: rbf_output_shape rbf_functional_model rbf_param_count rbf_values rbf_gradients rbf_fit_step rbf_far_inputs rbf_config_roundtrip
# why: borrowed: an empty subclass of the helper package's layer
# cause: borrowed_answer
import gausslab.answers.rbf_layer


class RBFLayer(gausslab.answers.rbf_layer.RBFLayer):
    pass
