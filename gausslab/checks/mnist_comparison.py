"""Visible checks for assignment 02: the Dense MLP and the RBF network on MNIST.

The models are graded by behaviour: parameter counts, output probabilities, the loss they were
compiled with, and, for the RBF network, what its first two layers compute on the
initialisation samples (a unit's output is exactly w = 1 on its own centre, and its width
follows from the output on another sample). Parameter counts are compared with the numbers in
``expected/mnist_comparison.json``; sigma with assignment 01's ``typical_distance``, whose
answers students have once 02 opens.
"""

import time

import keras
import numpy as np
from scipy.spatial.distance import cdist

from gausslab.answers.rbf_layer import typical_distance
from gausslab.checks import CheckFailure, call_student, expected, fail, shape_of, to_numpy

N_PIXELS, N_CLASSES = 784, 10
PARAM_CAUSES = {
    "last_layer_only": "only the last layer was counted",
    "no_biases": "the biases are not counted: a Dense layer has (inputs + 1) * units "
                 "parameters",
    "rbf_without_w": "an RBF unit has a centre, a sigma and a weight w: units * (inputs + 2)",
}


def labelled_images(seed, n_samples=300):
    """Synthetic 784-pixel 'images' in [0, 1] whose classes are tighter than the whole set."""
    rng = np.random.default_rng(seed)
    prototypes = rng.random((N_CLASSES, N_PIXELS))
    y = np.arange(n_samples) % N_CLASSES
    x = np.clip(0.6 * prototypes[y] + 0.4 * rng.random((n_samples, N_PIXELS)), 0, 1)
    return x.astype("float32"), y.astype("uint8")


# ------------------------------------------------------------------------------ shared pieces

def as_model(what, builder, *args):
    model = call_student(what, builder, *args)
    if not isinstance(model, keras.Model):
        fail(f"{what} did not return a Keras model.", type(model).__name__, "a keras.Model",
             "return the model you built", "not_a_model")
    return model


def _check_outputs_are_probabilities(what, model, x):
    probabilities = to_numpy(call_student(f"Calling {what}", model, x, training=False))
    if probabilities.shape != (len(x), N_CLASSES):
        fail(f"{what} gives outputs of the wrong shape.", probabilities.shape,
             (len(x), N_CLASSES), "end with Dense(10, activation='softmax')",
             "wrong_output_shape")
    if not _are_probabilities(probabilities):
        fail(f"{what}'s outputs are not class probabilities.",
             f"rows sum to {np.round(probabilities.sum(axis=1)[:3], 3)}", "rows that sum to 1",
             "the last layer needs activation='softmax'", "no_softmax")
    return probabilities


def _are_probabilities(outputs):
    return outputs.min() >= 0 and np.allclose(outputs.sum(axis=1), 1, atol=1e-4)


def _check_parameter_count(what, model, expected, lost_layer_hint):
    call_student(f"Calling {what} on one image", model, np.zeros((1, N_PIXELS), "float32"))
    got = model.count_params()
    if got != expected:
        fail(f"{what} has the wrong number of parameters.", got, expected, lost_layer_hint,
             "wrong_architecture")


def check_compiled_for_training(what, model, seed=0):
    """RMSprop, sparse categorical cross-entropy on integer labels, accuracy reported."""
    if getattr(model, "optimizer", None) is None:
        fail(f"{what} is not compiled.", "no optimizer", "model.compile(optimizer=RMSprop...)",
             "call model.compile inside the builder", "not_compiled")
    if not isinstance(model.optimizer, keras.optimizers.RMSprop):
        fail(f"{what} uses the wrong optimizer.", type(model.optimizer).__name__, "RMSprop",
             "compile with optimizer=keras.optimizers.RMSprop(learning_rate)",
             "wrong_optimizer")
    x, y = labelled_images(seed, 32)
    probabilities = to_numpy(call_student(f"Calling {what}", model, x, training=False))
    want = -np.mean(np.log(np.clip(probabilities[np.arange(len(y)), y], 1e-7, 1)))
    metrics = call_student(f"{what}.evaluate on integer labels", model.evaluate, x, y, verbose=0,
                           return_dict=True, cause="the labels are integers 0..9: use "
                                                   "loss='sparse_categorical_crossentropy'",
                           code="wrong_loss")
    if not np.isclose(metrics["loss"], want, rtol=1e-3):
        _check_outputs_are_probabilities(what, model, x)  # else no loss can match
        fail(f"{what}'s loss is not sparse categorical cross-entropy.",
             round(float(metrics["loss"]), 5), round(float(want), 5),
             "compile with loss='sparse_categorical_crossentropy'", "wrong_loss")
    if "accuracy" not in metrics and "sparse_categorical_accuracy" not in metrics:
        fail(f"{what} does not report accuracy.", sorted(metrics), "an 'accuracy' metric",
             "compile with metrics=['accuracy']", "no_accuracy_metric")


# ------------------------------------------------------------------------------ Dense model

def stored_param_case(n_inputs=N_PIXELS, sizes=(64, 64), n_classes=N_CLASSES):
    """The stored parameter-count case for these sizes (counts and the known mistakes')."""
    for case in expected("mnist_comparison", "param_counts"):
        if (case["n_inputs"], tuple(case["sizes"]), case["n_classes"]) == (
                n_inputs, tuple(sizes), n_classes):  # int arrays compare equal to ints
            return case
    raise KeyError(f"no stored parameter counts for {(n_inputs, sizes, n_classes)}")


def stored_param_counts(n_inputs=N_PIXELS, sizes=(64, 64), n_classes=N_CLASSES):
    """The stored (Dense MLP, RBF network) parameter counts for these sizes."""
    case = stored_param_case(n_inputs, sizes, n_classes)
    return int(case["dense"]), int(case["rbf"])


def _param_mistake(got, case, network):
    """``(code, cause)`` of the known counting mistake that gives ``got``, or None."""
    return next(((code, PARAM_CAUSES[code]) for code, count
                 in case.get("mistakes", {}).get(network, {}).items()
                 if np.isscalar(got) and got == count), None)


def check_dense_model(build_dense_model):
    """784 -> 64 relu -> 64 relu -> 10 softmax: 55,050 parameters, outputs are probabilities."""
    model = as_model("build_dense_model()", build_dense_model)
    _check_parameter_count("The Dense model", model, stored_param_counts()[0],
                           "two hidden Dense layers of 64 units, then Dense(10)")
    _check_outputs_are_probabilities("The Dense model", model, labelled_images(0, 8)[0])


def check_dense_compiled(build_dense_model):
    """The Dense model is compiled with RMSprop, sparse categorical cross-entropy, accuracy."""
    check_compiled_for_training("The Dense model",
                                as_model("build_dense_model()", build_dense_model))


# -------------------------------------------------------------------------------- RBF model

def _rbf_layers(model):
    """The model's first two layers that hold weights (the two RBF layers)."""
    layers = [layer for layer in model.layers if layer.weights]
    if len(layers) != 3:
        fail("The RBF network has the wrong number of weighted layers.", len(layers), 3,
             "RBF(64) -> RBF(64) -> Dense(10, softmax)", "wrong_layer_count")
    return layers[0], layers[1]


def _estimated_sigmas(x, outputs, centre_rows):
    """Per-unit sigma solved from y = exp(-d^2 / sigma^2) on the sample nearest to the centre."""
    sigmas = []
    d2 = cdist(x, x[centre_rows], "sqeuclidean")
    for unit in range(len(centre_rows)):
        others = np.where(outputs[:, unit] < 0.999, outputs[:, unit], 0.0)  # not the centre
        k = others.argmax()
        if others[k] < 1e-6:
            return None
        sigmas.append(np.sqrt(-d2[k, unit] / np.log(others[k])))
    return np.array(sigmas)


def _check_layer_init(which, layer, inputs, labels, raw_images):
    """Centres are rows of ``inputs``, w = 1, sigma = the within-class distance of ``inputs``."""
    outputs = to_numpy(call_student(f"the {which} RBF layer on x_init", layer, inputs))
    peaks = outputs.max(axis=0)
    if not np.allclose(peaks, 1.0, atol=1e-4):
        origin = "training images" if which == "first" else "first-layer outputs of x_init"
        fail(f"The {which} RBF layer's units do not output 1 on any sample.",
             f"largest outputs {np.round(np.sort(peaks)[:3], 3)} ...",
             "1.0 for every unit (its centre is one of the samples and w = 1)",
             f"initialise the centres with DataSampleInitializer on the {origin} and w with "
             "ones", "centres_not_from_data")
    centre_rows = outputs.argmax(axis=0)
    sigmas = _estimated_sigmas(inputs, outputs, centre_rows)
    want = typical_distance(inputs, labels, n_samples=len(inputs))
    if sigmas is not None and np.allclose(sigmas, want, rtol=2e-3):
        return
    if sigmas is None:
        fail(f"The {which} RBF layer outputs 0 except on its own centres.",
             "outputs of 0.0 away from the centres", f"sigma = {want:.4f}, so that outputs "
             "vary from sample to sample", "sigma is far smaller than the distances between "
             "samples: is it still 1? set it with Constant(typical_distance(...))",
             "sigma_too_small")
    observed = np.round(np.median(sigmas), 4)
    alternatives = [
        ("sigma is still 1: set it with sigmas_initializer=Constant(typical_distance(...))",
         "sigma_still_1", 1.0),
        ("sigma is the mean over all pairs: compute it within classes (typical_distance)",
         "sigma_all_pairs", cdist(inputs, inputs)[~np.eye(len(inputs), dtype=bool)].mean()),
    ]
    if which == "second":
        alternatives.append(("the second sigma is the typical distance of the raw images: "
                             "compute it on the first layer's outputs", "sigma_from_raw_images",
                             typical_distance(raw_images, labels, n_samples=len(raw_images))))
    cause, code = next(((why, code) for why, code, value in alternatives
                        if np.isclose(np.median(sigmas), value, rtol=2e-3)),
                       ("sigma = typical_distance(samples, labels) of the samples this layer "
                        "sees", "sigma_not_typical_distance"))
    fail(f"The {which} RBF layer's sigma is not the in-class distance.", observed,
         round(want, 4), cause, code)


def _built_rbf_model(build_rbf_model, seed):
    x_init, y_init = labelled_images(seed)
    model = as_model("build_rbf_model(x_init, y_init)", build_rbf_model, x_init, y_init)
    return model, x_init, y_init


def check_rbf_model(build_rbf_model, seed=0):
    """RBF(64) -> RBF(64) -> Dense(10, softmax): 55,178 parameters, outputs are probabilities."""
    model, x_init, _ = _built_rbf_model(build_rbf_model, seed)
    _check_parameter_count("The RBF network", model, stored_param_counts()[1],
                           "RBF(64) has 64 * (784 + 2) parameters, RBF(64) on 64 inputs "
                           "64 * (64 + 2), and Dense(10) 650")
    _check_outputs_are_probabilities("The RBF network", model, x_init[:8])


def check_rbf_compiled(build_rbf_model):
    """The RBF network is compiled like the Dense one."""
    check_compiled_for_training("The RBF network", _built_rbf_model(build_rbf_model, 0)[0])


def check_rbf_first_layer_init(build_rbf_model, seed=0):
    """First-layer centres are x_init rows, w = 1, sigma = typical in-class distance of x_init."""
    model, x_init, y_init = _built_rbf_model(build_rbf_model, seed)
    first, _ = _rbf_layers(model)
    _check_layer_init("first", first, x_init, y_init, x_init)


def check_rbf_second_layer_init(build_rbf_model, seed=0):
    """Second-layer centres and sigma come from the first layer's outputs on x_init."""
    model, x_init, y_init = _built_rbf_model(build_rbf_model, seed)
    first, second = _rbf_layers(model)
    hidden = to_numpy(call_student("the first RBF layer on x_init", first, x_init))
    _check_layer_init("second", second, hidden.astype("float32"), y_init, x_init)


# ------------------------------------------------------------------------- parameter counts

def check_param_constants(DENSE_PARAMS, RBF_PARAMS, case=None):
    """The hand-computed totals match Keras' count for the default sizes (or ``case``'s)."""
    case = case or stored_param_case()
    for name, got, network in zip(("DENSE_PARAMS", "RBF_PARAMS"), (DENSE_PARAMS, RBF_PARAMS),
                                  ("dense", "rbf")):
        if got != int(case[network]):
            code, cause = _param_mistake(got, case, network) or (
                "wrong_parameter_formula", "a Dense layer has (inputs + 1) * units parameters, "
                                           "an RBF layer units * (inputs + 2)")
            fail(f"{name} is wrong.", got, "the total over all layers", cause, code)


def compare_param_formulas(dense_param_count, rbf_param_count, cases):
    """The student's formulas against the counts of ``cases`` (dicts of sizes and counts)."""
    for case in cases:
        sizes = (int(case["n_inputs"]), tuple(int(s) for s in case["sizes"]),
                 int(case["n_classes"]))
        for name, formula in [("dense_param_count", dense_param_count),
                              ("rbf_param_count", rbf_param_count)]:
            got = call_student(f"{name}{sizes}", formula, *sizes)
            network = name.split("_")[0]
            want = int(case[network])
            if got != want:
                code, cause = _param_mistake(got, case, network) or (
                    "wrong_parameter_formula", "add each layer's parameters: Dense "
                    "(inputs + 1) * units, RBF units * (inputs + 2); the output of one layer "
                    "is the input of the next")
                fail(f"{name}{sizes} is wrong.", got, want, cause, code)


def check_param_formulas(dense_param_count, rbf_param_count):
    """The student's formulas agree with Keras' counts for other sizes."""
    compare_param_formulas(dense_param_count, rbf_param_count,
                           expected("mnist_comparison", "param_counts"))


# ----------------------------------------------------------------------------------- train

def _run_train(train, seed):
    """Call train(model, x, y, num_epochs=3) on a small model; return what it returned."""
    x, y = labelled_images(seed, 256)
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((N_PIXELS,)), keras.layers.Dense(N_CLASSES,
                                                                        activation="softmax")])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    start = time.perf_counter()
    returned = call_student("train(model, x, y, num_epochs=3)", train, model, x, y, num_epochs=3)
    elapsed = time.perf_counter() - start
    if not (isinstance(returned, tuple) and len(returned) == 2):
        fail("train did not return (history, seconds_per_epoch).", type(returned).__name__,
             "a tuple of two", "return history, seconds_per_epoch", "train_returns_wrong")
    return model, returned, elapsed


def check_train(train, seed=0):
    """train(model, x, y, num_epochs) fits with batch 64 and a 20% validation split."""
    model, (history, _), _ = _run_train(train, seed)
    metrics = getattr(history, "history", {})
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        if len(metrics.get(key, [])) != 3:
            fail(f"The history has no per-epoch '{key}' for 3 epochs.", sorted(metrics),
                 "loss, accuracy, val_loss and val_accuracy, 3 values each",
                 "return the History of model.fit(..., epochs=num_epochs, "
                 "validation_split=validation_split)",
                 "no_validation_split" if key.startswith("val_") and key not in metrics
                 else "history_incomplete")
    steps = int(to_numpy(model.optimizer.iterations))
    if steps != 3 * 4:
        fail("train took the wrong number of optimizer steps.", steps,
             "12 = 3 epochs x ceil(0.8 * 256 / 64)",
             "fit with batch_size=batch_size and validation_split=validation_split "
             "(defaults 64 and 0.2)", "wrong_batch_or_split")


def check_train_time_per_epoch(train, seed=0):
    """The second value returned by train is the time of one epoch in seconds."""
    _, (_, seconds), elapsed = _run_train(train, seed)
    try:
        seconds = float(np.mean(to_numpy(seconds)))
    except (TypeError, ValueError):
        fail("seconds_per_epoch is not a number.", repr(seconds)[:60], "a float",
             "return the seconds of one epoch as a float", "seconds_not_a_number")
    if not 0 < seconds <= 0.6 * elapsed:
        fail("seconds_per_epoch is not the time of one epoch.", f"{seconds:.3f} s",
             f"about {elapsed / 3:.3f} s: 3 epochs took {elapsed:.3f} s in all",
             "divide the training time by num_epochs (time.perf_counter() around fit)",
             "total_time_not_per_epoch")


# -------------------------------------------------------------------------------- accuracy

def check_test_accuracy(what, model, x_test, y_test, minimum):
    """The trained model reaches at least ``minimum`` test accuracy."""
    probabilities = to_numpy(call_student(f"Calling {what}", model, x_test, training=False))
    if shape_of(probabilities) != (len(x_test), N_CLASSES):
        fail(f"{what} gives predictions of the wrong shape.", probabilities.shape,
             (len(x_test), N_CLASSES), "end with Dense(10, activation='softmax')",
             "wrong_output_shape")
    accuracy = float(np.mean(probabilities.argmax(axis=1) == np.asarray(y_test)))
    if accuracy < minimum:
        fail(f"{what} is not accurate enough on the test set.", f"{accuracy:.3f}",
             f"at least {minimum:.2f}", "about 0.1 is chance: the network did not learn. "
             "Check its softmax output and loss, that train() fitted it, and for the RBF "
             "network the initialisation (centres from images, sigma from typical_distance)",
             _why_not_learned(what, model, probabilities))


def _why_not_learned(what, model, probabilities):
    """The code of the likely reason a trained model is not accurate: no softmax, a loss
    that is not sparse categorical cross-entropy, or (unknown) ``not_learned``."""
    if not _are_probabilities(probabilities):
        return "no_softmax"
    try:
        check_compiled_for_training(what, model)
    except CheckFailure as failure:
        if failure.code == "wrong_loss":
            return "wrong_loss"
    return "not_learned"
