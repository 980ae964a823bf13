"""Hidden checks of assignment 02: the visible behaviour on other seeds and sizes, parameter
counts against Keras' own count, higher accuracy thresholds, and no borrowed answers."""

from gausslab.checks import mnist_comparison as visible
from gausslab.grading.hidden import require_own_answer
from gausslab.grading.oracles import mnist_comparison as oracles

DENSE, PARAMS, RBF, TRAIN = ("dense_model_answer", "param_count_answer", "rbf_model_answer",
                             "train_answer")


def check_dense_model(build_dense_model):
    require_own_answer(build_dense_model, DENSE)
    visible.check_dense_model(build_dense_model)


def check_dense_compiled(build_dense_model, seed):
    require_own_answer(build_dense_model, DENSE)
    visible.check_compiled_for_training(
        "The Dense model", visible.as_model("build_dense_model()", build_dense_model), seed)


def check_param_constants(DENSE_PARAMS, RBF_PARAMS):
    visible.check_param_constants(DENSE_PARAMS, RBF_PARAMS,
                                  (oracles.dense_params(), oracles.rbf_params()))


def check_param_formulas(dense_param_count, rbf_param_count):
    require_own_answer(dense_param_count, PARAMS)
    require_own_answer(rbf_param_count, PARAMS)
    cases = [oracles.param_count_case(*sizes)
             for sizes in [(50, (8, 3, 6), 4), (1, (1,), 2), (784, (128,), 10)]]
    visible.compare_param_formulas(dense_param_count, rbf_param_count, cases)


def check_rbf_model(build_rbf_model, seed):
    require_own_answer(build_rbf_model, RBF)
    visible.check_rbf_model(build_rbf_model, seed)


def check_rbf_compiled(build_rbf_model):
    require_own_answer(build_rbf_model, RBF)
    visible.check_rbf_compiled(build_rbf_model)


def check_rbf_first_layer_init(build_rbf_model, seed):
    require_own_answer(build_rbf_model, RBF)
    visible.check_rbf_first_layer_init(build_rbf_model, seed)


def check_rbf_second_layer_init(build_rbf_model, seed):
    require_own_answer(build_rbf_model, RBF)
    visible.check_rbf_second_layer_init(build_rbf_model, seed)


def check_train(train, seed):
    require_own_answer(train, TRAIN)
    visible.check_train(train, seed)


def check_train_time_per_epoch(train, seed):
    require_own_answer(train, TRAIN)
    visible.check_train_time_per_epoch(train, seed)


def check_test_accuracy(what, model, x_test, y_test, minimum):
    visible.check_test_accuracy(what, model, x_test, y_test, minimum)
