"""Hidden checks of assignment 02: the visible behaviour on other seeds and sizes, parameter
counts against Keras' own count, higher accuracy thresholds, and no borrowed answers."""

from gausslab.checks import mnist_comparison as visible
from gausslab.grading.hidden import hidden_version, require_own_answer
from gausslab.grading.oracles import mnist_comparison as oracles

DENSE, PARAMS, RBF, TRAIN = ("dense_model_answer", "param_count_answer", "rbf_model_answer",
                             "train_answer")

check_dense_model = hidden_version(visible.check_dense_model, DENSE)
check_rbf_model = hidden_version(visible.check_rbf_model, RBF)
check_rbf_compiled = hidden_version(visible.check_rbf_compiled, RBF)
check_rbf_first_layer_init = hidden_version(visible.check_rbf_first_layer_init, RBF)
check_rbf_second_layer_init = hidden_version(visible.check_rbf_second_layer_init, RBF)
check_train = hidden_version(visible.check_train, TRAIN)
check_train_time_per_epoch = hidden_version(visible.check_train_time_per_epoch, TRAIN)
check_test_accuracy = visible.check_test_accuracy  # the hidden test sets a higher minimum


def check_dense_compiled(build_dense_model, seed):
    require_own_answer(build_dense_model, DENSE)
    visible.check_compiled_for_training(
        "The Dense model", visible.as_model("build_dense_model()", build_dense_model), seed)


def check_param_constants(DENSE_PARAMS, RBF_PARAMS):
    visible.check_param_constants(DENSE_PARAMS, RBF_PARAMS,
                                  oracles.param_count_case(visible.N_PIXELS, (64, 64),
                                                           visible.N_CLASSES))


def check_param_formulas(dense_param_count, rbf_param_count):
    require_own_answer(dense_param_count, PARAMS)
    require_own_answer(rbf_param_count, PARAMS)
    cases = [oracles.param_count_case(*sizes)
             for sizes in [(50, (8, 3, 6), 4), (1, (1,), 2), (784, (128,), 10)]]
    visible.compare_param_formulas(dense_param_count, rbf_param_count, cases)
