"""Visible checks for assignment 01: ``squared_distances``, ``RBFLayer``,
``DataSampleInitializer``, ``typical_distance``.

They grade behaviour only. The layer's weights are set through the initializers it receives,
so any storage layout of the centres ((n, m) or (m, n)), any weight names and any way of
computing the distances pass. Values are compared with numbers stored in
``expected/rbf_layer.json``, on fixed inputs; a wrong value is matched against what each known
mistake outputs on the same inputs, to name the likely cause.
"""

import keras
import numpy as np
import tensorflow as tf

from gausslab.checks import (CheckFailure, call_student, diagnose, expected, fail, shape_of,
                             to_numpy)

RTOL, ATOL = 1e-4, 1e-5  # float32 layer against float64 reference numbers
SHAPES = [(5, 3, 4), (1, 2, 7), (16, 784, 8)]  # (batch, n_features, units), never n == m
CAUSES = {
    "square_root": "these are distances, not squared distances: drop the square root",
    "sign_flipped": "the sign is flipped",
    "transposed": "the output is transposed: return (batch, units)",
    "two_sigma_squared": "the values match exp(-d^2 / (2 sigma^2)); the formula divides by "
                         "sigma^2",
    "sigma_not_squared": "the values match exp(-d^2 / sigma): square sigma",
    "distance_not_squared": "the values match exp(-d / sigma^2): use the squared distance",
    "missing_w": "the values match exp(-d^2 / sigma^2) without w: multiply by the weights w",
    "exponent_sign": "the values match exp(+d^2 / sigma^2): the exponent needs a minus sign",
    "all_pairs": "the mean runs over all pairs: keep only pairs of the same class",
    "all_pairs_with_self": "the mean runs over all pairs including each sample with itself: "
                           "keep only same-class pairs",
    "diagonal_included": "the zero distance of each sample to itself is averaged in: leave "
                         "out the diagonal",
    "squared_distance": "this is the squared distance: take the Euclidean distance",
    "median": "this is the median: take the mean",
    "normalised": "the values match a normalised RBF (divided by the sum over the units): "
                  "drop the normalisation",
    "subset_mismatch": "compute the within-class mean on the subset's x and y, taking the same "
                       "rows from both",
}


def known_mistakes(case):
    """``(code, cause, values)`` of each known mistake stored in a case, for ``diagnose``."""
    return [(code, CAUSES[code], values) for code, values in case["mistakes"].items()]


def layer_inputs(seed, batch, n_features, units):
    """Inputs (batch, n), centres (units, n) near them, sigmas in [0.5, 2] sqrt(n), w != 1."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, n_features)).astype("float32")
    centers = x[rng.integers(0, batch, units)] + 0.3 * rng.normal(size=(units, n_features))
    sigmas = rng.uniform(0.5, 2.0, units) * np.sqrt(n_features)
    weights = rng.uniform(0.5, 2.0, units) * rng.choice([-1, 1], units)
    return x, centers.astype("float32"), sigmas.astype("float32"), weights.astype("float32")


def labelled_data(seed, n_samples, n_features=5, n_classes=3):
    """Samples whose classes sit 3 apart along every feature, with their integer labels."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, n_classes, n_samples)
    x = rng.normal(size=(n_samples, n_features)) + 3.0 * y[:, None]
    return x.astype("float32"), y


# ----------------------------------------------------------------------------- squared_distances

def _squared_distances(function, x, centers_nm):
    return to_numpy(call_student(
        f"squared_distances on x {x.shape}", function, x, centers_nm,
        cause="x is (batch, n_features) and centers is (n_features, units), one centre per "
              "column like a Dense kernel; use keras.ops functions", code="input_layout"))


def check_squared_distances_shape(squared_distances, shapes=SHAPES):
    """``squared_distances(x, centers)`` returns shape (batch, units) for several sizes."""
    for batch, n, m in shapes:
        x, centers, _, _ = layer_inputs(0, batch, n, m)
        got = shape_of(_squared_distances(squared_distances, x, centers.T))
        if got == (batch, m):
            continue
        code, cause = {
            (m, batch): ("transposed", "is it transposed?"),
            (batch, n, m): ("not_summed", "the differences are not summed over the feature "
                                          "axis (axis=1)"),
            (batch, m, n): ("not_summed", "the differences are not summed over the feature "
                                          "axis")}.get(
            got, ("wrong_broadcast", "broadcast x to (batch, n_features, 1) against centers "
                                     "(n_features, units), then sum over the feature axis"))
        fail(f"squared_distances(x {x.shape}) has the wrong shape.",
             f"{got} for centers of shape {centers.T.shape}", (batch, m), cause, code)


def compare_squared_distances(squared_distances, case):
    """``squared_distances`` on a case's x and centers against its expected table."""
    x, centers, want = case["x"].astype("float32"), case["centers"].astype("float32"), \
        case["expected"]
    got = _squared_distances(squared_distances, x, centers)
    if got.shape != want.shape:
        batch, n, m = *x.shape, centers.shape[1]
        fail("squared_distances has the wrong shape.", got.shape, want.shape,
             "run the shape test above first",
             {(m, batch): "transposed", (batch, n, m): "not_summed",
              (batch, m, n): "not_summed"}.get(got.shape, "wrong_shape"))
    if np.allclose(got, want, rtol=RTOL, atol=1e-4):
        return
    code, cause = diagnose(got, known_mistakes(case), rtol=RTOL) or (
        "squared_distances_wrong", "compute sum over features of (x - centre)**2")
    fail(f"squared_distances values are wrong (x of shape {x.shape}).",
         np.round(got[0], 4), np.round(want[0], 4), cause, code)


def check_squared_distances_values(squared_distances):
    """``squared_distances`` gives the stored squared distances on two fixed inputs."""
    for case in expected("rbf_layer", "squared_distances"):
        compare_squared_distances(squared_distances, case)


# ----------------------------------------------------------------------------------- RBFLayer

class _Given(keras.initializers.Initializer):
    """Hands the layer known values in whatever layout it asks for, and records the call."""

    def __init__(self, role, values, n_features=None):
        self.role, self.values, self.n_features, self.called = role, values, n_features, False

    def __call__(self, shape, dtype=None):
        self.called = True
        shape = tuple(int(d) for d in shape)
        if self.values.ndim == 1 and int(np.prod(shape)) == self.values.size:
            return keras.ops.convert_to_tensor(self.values.reshape(shape), dtype=dtype)
        for layout in (self.values, self.values.T):
            if self.values.ndim == 2 and shape == layout.shape:
                return keras.ops.convert_to_tensor(layout, dtype=dtype)
        m = len(self.values)
        wanted = (f"({self.n_features}, {m}) or ({m}, {self.n_features})"
                  if self.values.ndim == 2 else f"({m},)")
        fail(f"RBFLayer({m}) asked its {self.role} for a wrong shape.",
             f"shape {shape} on inputs with {self.n_features} features", wanted,
             "read the input size from input_shape[-1] in build() instead of hard-coding it"
             if self.values.ndim == 2 else "one value per unit",
             "hardcoded_input_size" if self.values.ndim == 2 else "shared_across_units")


def _make_layer(RBFLayer, centers, sigmas, weights):
    n_features = centers.shape[1]
    given = dict(centers_initializer=_Given("centers_initializer", centers, n_features),
                 sigmas_initializer=_Given("sigmas_initializer", sigmas, n_features),
                 weights_initializer=_Given("weights_initializer", weights, n_features))
    layer = call_student(
        f"RBFLayer({len(centers)}, centers_initializer=..., ...)", RBFLayer, len(centers),
        **given,
        cause="__init__ must accept units and the three initializer keyword arguments",
        code="init_signature")
    return layer, given


def _call_layer(layer, x, units=None):
    """The layer's output on x; when it raises, first whether a weight of the layer (of
    ``units`` units) is sized for another number of input features."""
    try:
        return to_numpy(call_student(f"The layer on a batch of shape {x.shape}", layer, x))
    except CheckFailure:
        if units is not None:
            _check_input_size(layer, x.shape[-1], units)
        raise


def _check_input_size(layer, n_features, units):
    """Fail when a built weight has a size that is neither n_features nor units."""
    try:
        sizes = {int(d) for w in layer.weights for d in w.shape}
    except Exception:  # noqa: BLE001 - not a Keras layer: the failure at hand says enough
        return
    foreign = sorted(sizes - {n_features, units, 1})
    if foreign:
        fail(f"RBFLayer({units}) built weights for another input size.",
             f"weights of size {foreign} on inputs with {n_features} features",
             f"centres ({n_features}, {units}) or ({units}, {n_features})",
             "read the input size from input_shape[-1] in build() instead of hard-coding it",
             "hardcoded_input_size")


def _wrong_output_shape(shape, x, units):
    """``(code, cause)`` of a layer output of the wrong ``shape`` on x."""
    batch, n_features = x.shape
    return {(units, batch): ("transposed", "is it transposed?"),
            (batch, n_features, units): ("not_summed", "the differences are not summed over "
                                                       "the feature axis")}.get(
        tuple(shape), ("wrong_output_shape", "the output has one value per unit for each "
                                             "sample"))


def _output_of(layer, x, units):
    """The layer's output on x, which must have the shape (batch, units)."""
    got = _call_layer(layer, x, units)
    if got.shape != (len(x), units):
        code, cause = _wrong_output_shape(got.shape, x, units)
        fail(f"RBFLayer({units}) outputs the wrong shape for x {x.shape}.",
             got.shape, (len(x), units), cause, code)
    return got


def _unused_initializers(given):
    return [name for name, init in given.items() if not init.called]


def check_rbf_output_shape(RBFLayer, shapes=SHAPES):
    """``RBFLayer(units)(x)`` has shape (batch, units) for several input and layer sizes."""
    for batch, n, m in shapes:
        x = layer_inputs(0, batch, n, m)[0]
        _output_of(call_student(f"RBFLayer({m})", RBFLayer, m), x, m)


def check_rbf_functional_model(RBFLayer, sizes=((3, 4), (10, 2))):
    """The layer works on a symbolic input of unknown batch size inside a functional model."""
    for n, m in sizes:
        layer = call_student(f"RBFLayer({m})", RBFLayer, m)
        _output_of(layer, layer_inputs(0, 2, n, m)[0], m)  # works on concrete inputs first

        def build():
            inputs = keras.Input(shape=(n,))
            return keras.Model(inputs, layer(inputs))
        model = call_student(
            f"RBFLayer({m}) on keras.Input(({n},))", build,
            cause="call() must work on symbolic tensors whose batch size is None: use "
                  "keras.ops (not NumPy, not .numpy()) and no fixed batch size",
            code="not_keras_ops")
        if tuple(model.output.shape) != (None, m):
            fail("The functional model has the wrong output shape.", tuple(model.output.shape),
                 (None, m), "keep the batch axis unknown (None); give compute_output_shape or "
                            "call the shape (batch, units)", "symbolic_output_shape")
        for batch in (1, 7):
            x = np.zeros((batch, n), "float32")
            got = shape_of(call_student("model.predict", model.predict, x, verbose=0))
            if got != (batch, m):
                fail(f"model.predict on a batch of {batch} has the wrong shape.", got, (batch, m))


def check_rbf_param_count(RBFLayer, sizes=((3, 4), (784, 64))):
    """m * (n + 2) parameters in exactly three trainable weights (centres, sigma, w)."""
    for n, m in sizes:
        layer = call_student(f"RBFLayer({m})", RBFLayer, m)
        call_student(f"layer.build((None, {n}))", layer.build, (None, n))
        got, want = layer.count_params(), m * (n + 2)
        if got != want:
            _check_input_size(layer, n, m)
        trainable, frozen = len(layer.trainable_weights), len(layer.non_trainable_weights)
        if frozen:
            fail(f"RBFLayer({m}) has non-trainable weights.", f"{frozen} non-trainable", 0,
                 "all three weights (centres, sigma, w) must be trainable: "
                 "add_weight(..., trainable=True)", "not_trainable")
        if got != want or trainable != 3:
            code, cause = {
                m * (n + 1): ("missing_weight", "one of centres, sigma and w is missing"),
                m * n + 2: ("shared_across_units", "sigma and w need one value per unit, not "
                                                   "one per layer"),
                m * (n + 1) + 1: ("shared_across_units", "sigma or w is one number shared by "
                                  "all units: give each unit its own, shape (units,)"),
                m * n: ("sigma_w_not_weights", "sigma and w are not trainable weights")}.get(
                got, ("wrong_weight_shapes", "centres are (n_features, units), sigma and w "
                                             "are (units,)"))
            fail(f"RBFLayer({m}) on {n} features has the wrong number of parameters.",
                 f"{got} parameters in {trainable} trainable weights",
                 f"{want} = {m} * ({n} + 2) in 3 trainable weights", cause, code)


def compare_rbf_values(RBFLayer, case):
    """The layer built with a case's centres, sigma and w, on its x, against its outputs."""
    x, want = case["x"].astype("float32"), case["expected"]
    centers, sigmas, weights = (case[k].astype("float32") for k in ("centers", "sigmas",
                                                                    "weights"))
    units, n_features = centers.shape
    layer, given = _make_layer(RBFLayer, centers, sigmas, weights)
    got = _call_layer(layer, x)
    unused = _unused_initializers(given)
    if unused:
        fail("RBFLayer never called some of its initializers.", f"unused: {unused}",
             "each weight created with add_weight(initializer=<the argument you were given>)",
             "pass the constructor's initializers to add_weight in build()",
             "initializer_unused")
    if got.shape == want.shape and np.allclose(got, want, rtol=RTOL, atol=ATOL):
        return
    code, cause = diagnose(got, known_mistakes(case)) or (
        "rbf_values_wrong" if got.shape == want.shape else
        _wrong_output_shape(got.shape, x, units)[0],
        "compare your call() with y_i = w_i * exp(-||x - mu_i||^2 / sigma_i^2)")
    fail(f"RBFLayer({units}) outputs are wrong for {n_features} features.",
         f"{np.round(got.reshape(-1)[:units], 5)} (first sample)", np.round(want[0], 5),
         cause, code)


def check_rbf_values(RBFLayer):
    """Outputs on fixed inputs, centres, sigma and w match the stored values."""
    compare_rbf_values(RBFLayer, expected("rbf_layer", "rbf_values"))


def check_rbf_gradients(RBFLayer, seed=0):
    """Every trainable weight gets a finite, non-zero gradient, also for an input at a centre."""
    x, centers, sigmas, weights = layer_inputs(seed, 8, 5, 3)
    x[0] = centers[0]  # the distance is exactly zero here
    layer, _ = _make_layer(RBFLayer, centers, sigmas, weights)
    _output_of(layer, x, 3)  # builds it
    if not layer.trainable_weights:
        fail("RBFLayer has no trainable weights.", [], "centres, sigma and w",
             "create them with self.add_weight in build()", "no_weights")
    probe = np.random.default_rng(seed).normal(size=(8, 3)).astype("float32")
    with tf.GradientTape() as tape:
        outputs = call_student("Calling the layer under tf.GradientTape", layer, x)
        loss = tf.reduce_sum(tf.cast(outputs, tf.float32) * tf.reshape(probe, tf.shape(outputs)))
    grads = tape.gradient(loss, layer.trainable_weights)
    for variable, grad in zip(layer.trainable_weights, grads):
        name = getattr(variable, "path", variable.name)
        if grad is None:
            fail(f"No gradient reaches the weight '{name}'.", "None", "a gradient tensor",
                 "compute call() with keras.ops on the weights themselves: NumPy functions, "
                 ".numpy() or float() break the gradient", "not_keras_ops")
        grad = to_numpy(grad)
        if not np.all(np.isfinite(grad)):
            fail(f"The gradient of '{name}' is NaN or inf on a centre.",
                 grad.reshape(-1)[:4], "finite values",
                 "a square root of a squared distance has an infinite slope at 0: "
                 "use the squared distance directly", "square_root")
        if not np.any(grad):
            fail(f"The gradient of '{name}' is zero everywhere.", "all zeros", "non-zero",
                 "is this weight used in call()?", "weight_unused")


def check_rbf_fit_step(RBFLayer, seed=0):
    """One ``model.fit`` step in graph mode runs, gives a finite loss and changes the weights."""
    x, centers, sigmas, weights = layer_inputs(seed, 32, 4, 3)
    targets = np.random.default_rng(seed).normal(size=(32, 1)).astype("float32")
    cause = ("model.fit traces call() into a graph with symbolic tensors: use keras.ops "
             "(not NumPy, .numpy() or Python if on tensor values) and no fixed batch size")

    layer, _ = _make_layer(RBFLayer, centers, sigmas, weights)
    _output_of(layer, x, 3)  # works on concrete inputs first

    def build_and_fit():
        inputs = keras.Input(shape=(4,))
        model = keras.Model(inputs, keras.layers.Dense(1)(layer(inputs)))
        model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse", run_eagerly=False,
                      jit_compile=False)
        before = [to_numpy(w) for w in layer.trainable_weights]
        history = model.fit(x, targets, batch_size=32, epochs=1, verbose=0, shuffle=False)
        after = [to_numpy(w) for w in layer.trainable_weights]
        return history.history["loss"][-1], before, after

    loss, before, after = call_student("model.fit with your layer (graph mode)",
                                       build_and_fit, cause=cause, code="not_keras_ops")
    if not np.isfinite(loss):
        fail("The training loss after one step is not finite.", loss, "a finite number",
             "NaN comes from e.g. dividing by zero or a square root at 0", "nan_loss")
    if not any(np.any(b != a) for b, a in zip(before, after)):
        fail("One training step did not change any weight of your layer.", "unchanged",
             "updated weights", "are the weights trainable and used in call()?",
             "weights_not_trained")


def check_rbf_far_inputs(RBFLayer, seed=0):
    """No NaN or inf far from every centre (output ~ 0) nor exactly on a centre (output = w)."""
    _, centers, sigmas, weights = layer_inputs(seed, 4, 6, 3)
    layer, _ = _make_layer(RBFLayer, centers, sigmas, weights)
    far = np.full((2, 6), 1e4, "float32") * np.array([[1], [-1]], "float32")
    for what, x in [("far from all centres", far), ("on the centres", centers)]:
        got = _call_layer(layer, x)
        if not np.all(np.isfinite(got)):
            code = ("sqrt_of_negative" if what == "on the centres" else
                    "zero_over_zero" if np.isnan(got).any() else "exp_overflow")
            fail(f"RBFLayer outputs NaN or inf for inputs {what}.", got.reshape(-1)[:3],
                 "finite values (about 0 far away, w_i on centre i)",
                 "0 / 0 (e.g. normalising by the sum of activations), or exp of a large "
                 "positive number, or the square root of a negative rounding error", code)


def check_rbf_config_roundtrip(RBFLayer, seed=0):
    """``RBFLayer.from_config(layer.get_config())`` rebuilds an identical layer."""
    x = np.random.default_rng(seed).normal(size=(5, 3)).astype("float32")
    layer = call_student("RBFLayer(4, centers_initializer=..., ...)", RBFLayer, 4,
                         centers_initializer=keras.initializers.RandomNormal(seed=seed + 3),
                         sigmas_initializer=keras.initializers.Constant(1.5),
                         weights_initializer=keras.initializers.Constant(0.5))
    want = _call_layer(layer, x, 4)  # any output: this test is about the config alone
    config = call_student("layer.get_config()", layer.get_config,
                          cause="override get_config() to return super().get_config() plus "
                                "units and the three initializers (keras.initializers.serialize)",
                          code="get_config_broken")
    missing = [key for key in ("units", "centers_initializer", "sigmas_initializer",
                               "weights_initializer") if key not in config]
    if missing:
        fail("get_config() is missing constructor arguments.", sorted(config), f"also {missing}",
             "every __init__ argument must be in the config so that from_config can rebuild it",
             "config_incomplete")
    clone = call_student("RBFLayer.from_config(layer.get_config())", RBFLayer.from_config, config,
                         cause="serialize initializers with keras.initializers.serialize and "
                               "read them back with keras.initializers.get",
                         code="initializers_not_serialized")
    got = _call_layer(clone, x)
    if got.shape != want.shape or not np.allclose(got, want, rtol=RTOL, atol=ATOL):
        fail("The layer rebuilt from get_config() computes different outputs.",
             np.round(got.reshape(-1)[:4], 4), np.round(want.reshape(-1)[:4], 4),
             "does __init__ store each argument and get_config return it unchanged?",
             "config_changes_arguments")


# ----------------------------------------------------------------------- DataSampleInitializer

def _sample_centres(DataSampleInitializer, data, units, seed):
    """Centres (units, n) from the initializer, whichever layout it supports."""
    n = data.shape[1]
    init = call_student(f"DataSampleInitializer(data, seed={seed})", DataSampleInitializer,
                        data, seed=seed)
    if not isinstance(init, keras.initializers.Initializer):
        fail("DataSampleInitializer is not a Keras initializer.", type(init).__mro__[1:],
             "a subclass of keras.initializers.Initializer")
    attempts = []
    for shape, to_rows in [((n, units), np.transpose), ((units, n), np.asarray)]:
        try:
            values = to_numpy(init(shape, dtype="float32"))
        except Exception as error:  # noqa: BLE001 - the other layout may be the supported one
            attempts.append(f"{shape}: {type(error).__name__}: {error}")
            continue
        if values.shape == shape:
            return to_rows(values)
        attempts.append(f"{shape}: returned shape {values.shape}")
    fail(f"DataSampleInitializer returned no centres for data {data.shape}.",
         "; ".join(attempts), f"an array of the requested shape, ({n}, {units}) or ({units}, {n})",
         "return `units` rows of data, shaped like the requested weight",
         "wrong_centres_shape")


def check_initializer_rows_from_data(DataSampleInitializer, seed=0):
    """Every centre the initializer returns is a row of the data it was given."""
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(30, 4)).astype("float32")
    for units in (5, 12):
        centres = _sample_centres(DataSampleInitializer, data, units, seed)
        matches = np.isclose(centres[:, None, :], data[None, :, :], atol=1e-6).all(-1).any(-1)
        if not matches.all():
            fail("Some centres are not rows of the data.",
                 f"{int((~matches).sum())} of {units} centres are not data rows",
                 f"all {units} centres copied from data rows",
                 "pick rows of `data` with a random generator, e.g. "
                 "np.random.default_rng(seed).choice(len(data), units)",
                 "centres_not_from_data")


def check_initializer_seed(DataSampleInitializer, seed=1):
    """The same seed gives the same centres; different seeds give different ones."""
    data = np.random.default_rng(seed).normal(size=(50, 3)).astype("float32")
    first = _sample_centres(DataSampleInitializer, data, 6, 0)
    again = _sample_centres(DataSampleInitializer, data, 6, 0)
    if not np.array_equal(first, again):
        fail("DataSampleInitializer gives other centres for the same seed.",
             "different centres", "the same centres for the same seed",
             "build the random generator from self.seed, e.g. np.random.default_rng(self.seed)",
             "unseeded_generator")
    others = [_sample_centres(DataSampleInitializer, data, 6, seed) for seed in (1, 2, 3)]
    if all(np.array_equal(first, other) for other in others):
        fail("Seeds 0, 1, 2 and 3 all give the same centres.", "identical centres",
             "different random rows for different seeds",
             "choose random rows with the seed, not always the first rows", "not_random_rows")


# ---------------------------------------------------------------------------- typical_distance

def _typical_distance(function, x, y, n_samples, seed):
    value = call_student(f"typical_distance(x {x.shape}, y, n_samples={n_samples})",
                         function, x, y, n_samples=n_samples, seed=seed)
    try:
        return float(to_numpy(value))
    except (TypeError, ValueError):
        fail("typical_distance did not return a single number.", repr(value)[:80], "a float")


def compare_typical_distance(typical_distance, case):
    """``typical_distance`` on a case's x and y (all of them used) against its value."""
    x, y, want = case["x"].astype("float32"), case["y"].astype(int), float(case["expected"])
    got = _typical_distance(typical_distance, x, y, n_samples=len(x) + 100, seed=0)
    if np.isclose(got, want, rtol=1e-4):
        return
    code, cause = diagnose(got, known_mistakes(case), rtol=1e-4, atol=0) or _order_matters(
        typical_distance, x, y, got) or (
        "typical_distance_wrong", "average distance_matrix(x_c, x_c) over distinct pairs "
                                  "within each class c")
    fail(f"typical_distance is wrong on {len(x)} samples of {x.shape[1]} features.",
         round(got, 5), round(want, 5), cause, code)


def _order_matters(typical_distance, x, y, got):
    """``subset_mismatch`` when the value changes with the order of the rows (and their labels):
    on all rows the within-class mean does not, unless rows and labels were drawn apart."""
    order = np.random.default_rng(1).permutation(len(x))
    again = _typical_distance(typical_distance, x[order], y[order], n_samples=len(x) + 100,
                              seed=0)
    return None if np.isclose(again, got, rtol=1e-4) else (
        "subset_mismatch", CAUSES["subset_mismatch"])


def check_typical_distance_values(typical_distance):
    """On data no larger than ``n_samples``: the stored mean distance of same-class pairs."""
    for case in expected("rbf_layer", "typical_distance"):
        compare_typical_distance(typical_distance, case)


def compare_typical_distance_subset(typical_distance, x, y, full_value, mistakes=None):
    """A seeded random subset of ``n_samples`` rows, near the value on all of x and y.

    ``mistakes``: what known mistakes compute on all of x and y, to tell a wrong formula
    from a wrong subset (closely: labels that no longer match the rows come within 1e-3 of
    the mean over all pairs)."""
    first = _typical_distance(typical_distance, x, y, n_samples=60, seed=0)
    again = _typical_distance(typical_distance, x, y, n_samples=60, seed=0)
    if not np.isclose(first, again, rtol=1e-12):
        fail("typical_distance gives different values for the same seed.", (first, again),
             "the same value", "draw the subset with np.random.default_rng(seed)",
             "subset_unseeded")
    others = [_typical_distance(typical_distance, x, y, n_samples=60, seed=s) for s in (1, 2, 3)]
    if all(np.isclose(first, other, rtol=1e-12) for other in others):
        fail("typical_distance(n_samples=60) is the same for seeds 0 to 3.",
             f"{first} on {len(x)} samples", "values that vary a little with the seed",
             "draw a random subset of n_samples rows: on all 60,000 MNIST images the distance "
             "matrix would not fit in memory", "no_subset")
    if not 0.7 * full_value < first < 1.3 * full_value:
        whole = _typical_distance(typical_distance, x, y, n_samples=len(x), seed=0)
        code, cause = diagnose(whole, [(code, CAUSES[code], value) for code, value
                                       in (mistakes or {}).items()], rtol=1e-5, atol=0) or (
            "subset_mismatch", CAUSES["subset_mismatch"])
        fail("typical_distance on a subset is far from the value on all data.", first,
             f"about {full_value:.3f}", cause, code)


def check_typical_distance_subset(typical_distance):
    """With ``n_samples`` below the data size it uses a seeded random subset."""
    case = expected("rbf_layer", "typical_distance_subset")
    compare_typical_distance_subset(typical_distance, case["x"].astype("float32"),
                                    case["y"].astype(int), float(case["full_value"]),
                                    case["mistakes"])
