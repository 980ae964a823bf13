"""Checks for assignment 04: ``GaussianMixtureModel.__call__``, ``elbo_loss``,
``make_train_step`` and the trained model.

They grade behaviour only. Parameters are set and read through the names the given constructor
exposes (``locs``, ``scales``, ``alpha``, ``beta``, ``counts``): with ``assign`` where the
attribute has it (a ``tf.Variable``, a ``tfp.util.TransformedVariable``, a Keras weight), else by
setting the attribute. Values on fixed inputs are compared with stored numbers
(``gausslab/checks/expected/tfp_vgmm.json``), and so are the outputs of the known mistakes, which
name the likely cause.
"""

import itertools

import keras
import numpy as np
import tensorflow as tf

from gausslab.checks import call_student, diagnose, expected, fail, shape_of, to_numpy
from gausslab.data import MIXTURE_CENTRES

PARAMETERS = ("locs", "scales", "alpha", "beta", "counts")
PRIOR_PARAMS = {"locs": 0.0, "scales": 1.0, "alpha": 5.0, "beta": 5.0, "counts": 2.0}
RTOL, ATOL = 1e-4, 2e-4  # float32 model against float64 numbers

KL_CAUSES = {
    "no_dirichlet_kl": "the KL of the weights' Dirichlet posterior is missing from kl_sum",
    "no_gamma_kl": "the KL of the precisions' Gamma posterior is missing from kl_sum",
    "no_normal_kl": "the KL of the means' Normal posterior is missing from kl_sum",
    "kl_mean_not_sum": "the Normal and Gamma KLs are averaged over their (K, D) entries: "
                       "sum them (tf.reduce_sum)",
    "kl_reversed": "this is KL(prior || posterior): take KL(posterior || prior)",
    "kl_scale_as_variance": "the means' posterior uses `scales` as a variance: it is the "
                            "standard deviation",
}
LOG_LIKELIHOOD_CAUSES = {
    "precision_as_std": "the precision (alpha / beta) is used as a standard deviation: "
                        "the standard deviation is precision ** -0.5",
    "precision_as_variance": "the precision is used as a variance: the variance is 1 / precision",
    "variance_as_std": "1 / precision is used as a standard deviation: take its square root",
    "counts_as_logits": "the Dirichlet counts are used as logits: the posterior mean weights "
                        "are counts / sum(counts) (Categorical(probs=...))",
    "equal_weights": "every component gets the same weight: use the posterior mean weights",
}
ELBO_CAUSES = {
    "kl_by_batch_size": "the KL is divided by the batch size: divide it by n_total, the size "
                        "of the dataset, since every batch sees the whole KL once per epoch "
                        "of n_total / batch steps",
    "sum_log_likelihoods": "the log-likelihoods are summed: average them over the batch",
    "kl_not_scaled": "the KL is not divided by n_total",
    "sign_flipped": "this is the ELBO itself: the loss to minimise is minus the ELBO",
    "kl_times_n_total": "the KL is multiplied by n_total: divide it",
}
TRAIN_CAUSES = {**ELBO_CAUSES, "no_update": "the weights did not change: apply the gradients "
                                           "with optimizer.apply_gradients"}
NO_TRACKED_VARIABLES = ("Keras 3 does not track raw tf.Variable attributes of a keras.Model: "
                        "subclass tf.Module as given, or create Keras weights with add_weight")


def cases(name):
    """The stored fixed cases ``name`` of this assignment (model, elbo_loss, train_step)."""
    return expected("tfp_vgmm", name)


# ---------------------------------------------------------------------------- the model

def make_model(GaussianMixtureModel, n_components=3, n_dims=2, seed=0):
    """A student's model, built through its constructor's keyword arguments."""
    return call_student(
        "GaussianMixtureModel(...)", GaussianMixtureModel, n_components=n_components, n_dims=n_dims, seed=seed,
        cause="keep the given constructor's arguments n_components, n_dims and seed",
        code="constructor_changed")


def read_parameter(model, name):
    """The current value of ``model.<name>`` as float64 NumPy."""
    if not hasattr(model, name):
        fail(f"The model has no attribute '{name}'.", sorted(vars(model))[:8],
             f"model.{name}", "keep the given constructor: it exposes locs, scales, alpha, "
             "beta and counts", code="parameter_missing")
    return to_numpy(tf.convert_to_tensor(getattr(model, name)))


def set_parameters(model, params):
    """Give the model the posterior parameters ``params`` (name -> array) through their names."""
    for name in PARAMETERS:
        value = np.asarray(params[name], np.float32)
        current = getattr(model, name, None)
        if current is not None and hasattr(current, "assign"):
            call_student(f"model.{name}.assign(...)", current.assign, value,
                         cause=f"model.{name} must keep its shape {value.shape}",
                         code="parameter_shape_changed")
        else:
            call_student(f"Setting model.{name}", setattr, model, name, tf.constant(value))
        got = read_parameter(model, name)
        if got.shape != value.shape or not np.allclose(got, value, rtol=1e-4, atol=1e-6):
            fail(f"model.{name} does not hold the value assigned to it.",
                 np.round(got.reshape(-1)[:3], 4), np.round(value.reshape(-1)[:3], 4),
                 f"expose the positive value itself as model.{name} (for instance a "
                 "tfp.util.TransformedVariable with a Softplus bijector, as given)",
                 code="parameter_not_settable")


def call_model(model, x, sampling):
    """``model(x, sampling=sampling)`` as a pair of tensors, failing readably otherwise."""
    x = tf.constant(np.asarray(x, np.float32))
    out = call_student(f"model(x, sampling={sampling})", model, x, sampling=sampling,
                       cause=f"x had shape {tuple(x.shape)}, float32", code="call_error")
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        fail("The model must return a pair (log_likelihoods, kl_sum).",
             type(out).__name__, "a tuple of two tensors", "return log_likelihoods, kl_sum",
             code="not_a_pair")
    return out


def kl_value(model, x, sampling=False):
    """kl_sum of ``model(x)`` as a float, failing readably unless it is one number."""
    kl = call_model(model, x, sampling)[1]
    if shape_of(kl) != ():
        fail("kl_sum must be one number.", f"shape {shape_of(kl)}", "shape ()",
             "tf.reduce_sum each KL over all its entries", code="kl_sum_shape")
    return float(to_numpy(kl))


def _dtype(value):
    dtype = getattr(value, "dtype", None)
    return tf.as_dtype(dtype).name if dtype is not None else type(value).__name__


def check_model_output_shapes(GaussianMixtureModel, sizes=((3, 2), (2, 3)),
                              batches=(1, 500)):
    """log_likelihoods is (batch,) float32 and kl_sum a float32 scalar, for several sizes."""
    for k, d in sizes:
        model = make_model(GaussianMixtureModel, k, d)
        for batch, sampling in itertools.product(batches, (True, False)):
            check_output_shapes(model, k, d, batch, sampling)


def check_output_shapes(model, k, d, batch, sampling):
    """The shapes and dtypes of ``model(x, sampling)`` for a batch of ``batch`` points."""
    x = np.random.default_rng(batch).normal(size=(batch, d))
    log_likelihoods, kl = call_model(model, x, sampling)
    got = shape_of(log_likelihoods)
    if got != (batch,):
        cause = {(batch, k): "these are the components' log-densities: the mixture combines "
                             "them (tfd.MixtureSameFamily)",
                 (batch, d): "the log-density of each coordinate: the components are "
                             "multivariate (tfd.MultivariateNormalDiag)",
                 (): "return one log-likelihood per point: do not sum or average them",
                 (batch, batch): "the samples broadcast against the batch twice: one "
                                 "sample per point gives a mixture of batch shape (batch,)"
                 }.get(got, "one log-likelihood per point of the batch")
        fail(f"log_likelihoods has the wrong shape for K={k}, D={d}.", got,
             (batch,), cause, code="log_likelihoods_shape")
    if shape_of(kl) != ():
        fail(f"kl_sum has the wrong shape for K={k}, D={d}.", shape_of(kl), (),
             "kl_sum is one number: tf.reduce_sum each KL", code="kl_sum_shape")
    for what, value in (("log_likelihoods", log_likelihoods), ("kl_sum", kl)):
        if _dtype(value) != "float32":
            fail(f"{what} has the wrong dtype.", _dtype(value), "float32",
                 "return the tensors TFP computes, in the model's float32",
                 code="wrong_dtype")


def check_model_kl(GaussianMixtureModel):
    """kl_sum is 0 when every posterior equals its prior, and matches stored values."""
    for case in cases("model"):
        k, d = case["n_components"], case["n_dims"]
        model = make_model(GaussianMixtureModel, k, d)
        set_parameters(model, case["params"])
        got = kl_value(model, case["x"])
        if np.isclose(got, case["kl_sum"], rtol=RTOL, atol=1e-3):
            continue
        candidates = [(code, KL_CAUSES[code], value)
                      for code, value in case["kl_mistakes"].items()]
        code, cause = diagnose(got, candidates) or (
            "kl_wrong", "kl_sum = sum of KL(q(mu) || p(mu)), KL(q(precision) || p(precision)) "
                        "and KL(q(theta) || p(theta)): tfd.kl_divergence")
        fail(f"kl_sum is wrong for K={k}, D={d}.", round(got, 4),
             round(case["kl_sum"], 4), cause, code=code)
    model = make_model(GaussianMixtureModel)
    set_parameters(model, {name: np.full(np.shape(read_parameter(model, name)), value)
                           for name, value in PRIOR_PARAMS.items()})
    got = kl_value(model, np.zeros((2, 2)), sampling=True)
    if abs(got) > 1e-4:
        fail("kl_sum is not 0 when every posterior equals its prior.", got, 0.0,
             "kl_sum must not depend on samples: use the closed-form KLs (tfd.kl_divergence)",
             code="kl_not_zero_at_prior")


def check_model_log_likelihoods(GaussianMixtureModel):
    """log_likelihoods(x, sampling=False) match stored values of the density at the means."""
    for case in cases("model"):
        k, d = case["n_components"], case["n_dims"]
        model = make_model(GaussianMixtureModel, k, d)
        set_parameters(model, case["params"])
        got = to_numpy(call_model(model, case["x"], False)[0])
        want = np.asarray(case["log_likelihoods"])
        if got.shape == want.shape and np.allclose(got, want, rtol=RTOL, atol=ATOL):
            continue
        candidates = [(code, LOG_LIKELIHOOD_CAUSES[code], values)
                      for code, values in case["log_likelihood_mistakes"].items()]
        code, cause = diagnose(got, candidates) or (
            "log_likelihoods_wrong", "evaluate the mixture at the posterior means: locs, "
            "precision alpha / beta, weights counts / sum(counts)")
        fail(f"log_likelihoods(sampling=False) are wrong for K={k}, D={d}.",
             np.round(got.reshape(-1)[:3], 4), np.round(want[:3], 4), cause, code=code)


def _near_degenerate(params):
    """Posteriors with the same means as ``params`` but almost no spread."""
    precision = np.asarray(params["alpha"]) / np.asarray(params["beta"])
    counts = np.asarray(params["counts"])
    return {"locs": params["locs"], "scales": np.full_like(precision, 1e-4),
            "alpha": np.full_like(precision, 1e6), "beta": 1e6 / precision,
            "counts": 1e6 * counts / counts.sum()}


def check_model_sampling(GaussianMixtureModel, seed=0):
    """sampling=True draws the means, precisions and weights: equal to sampling=False when the
    posteriors are near-degenerate, different from call to call otherwise."""
    case = cases("model")[0]
    x = np.random.default_rng(seed).normal(0, 2.5, (8, case["n_dims"]))
    model = make_model(GaussianMixtureModel, case["n_components"], case["n_dims"])
    sharp = _near_degenerate(case["params"])
    set_parameters(model, sharp)
    at_means = to_numpy(call_model(model, x, False)[0])
    again = to_numpy(call_model(model, x, False)[0])
    if not np.allclose(at_means, again, rtol=1e-5, atol=1e-5):
        fail("sampling=False gives different values on two calls.", np.round(again[:3], 4),
             np.round(at_means[:3], 4), "with sampling=False use the posterior means "
             "(.mean()), not samples", code="means_sampled")
    sampled = to_numpy(call_model(model, x, True)[0])
    if sampled.shape != at_means.shape or not np.allclose(sampled, at_means, atol=0.05):
        fail("sampling=True is far from sampling=False for sharp posteriors.",
             np.round(sampled.reshape(-1)[:3], 3), np.round(at_means[:3], 3),
             "draw the means, precisions and weights from the posteriors "
             "q(mu), q(sigma^-2), q(theta), and use them like the posterior means",
             code="samples_wrong")
    for factor, names in (("means", ("scales",)), ("precisions", ("alpha", "beta")),
                          ("weights", ("counts",))):
        set_parameters(model, {**sharp, **{name: case["params"][name] for name in names}})
        first, second = (to_numpy(call_model(model, x, True)[0]) for _ in range(2))
        if np.allclose(first, second, rtol=0, atol=0.01):  # the sharp factors vary < 0.01
            fail(f"sampling=True: the {factor} are not sampled.",
                 np.round(first[:3], 4), "values that change from call to call",
                 f"with sampling=True draw the {factor} from their posterior (.sample())",
                 code=f"{factor}_not_sampled")


def check_model_trainable_variables(GaussianMixtureModel, n_components=3, n_dims=2, seed=0):
    """The trainable variables are exactly the five parameter sets; all get gradients and all
    five parameters change in a training step."""
    k, d = n_components, n_dims
    model = make_model(GaussianMixtureModel, k, d, seed)
    x = np.random.default_rng(seed).normal(0, 2.5, (16, d)).astype("float32")
    call_model(model, x, True)  # builds a Keras model
    variables = list(call_student("model.trainable_variables",
                                  lambda: model.trainable_variables))
    count, want = sum(int(np.prod(v.shape)) for v in variables), 4 * k * d + k
    if count != want:
        fail(f"The model has {count} trainable numbers in {len(variables)} variables.", count,
             f"{want} = 4 * K * D + K (locs, scales, alpha, beta, counts)",
             NO_TRACKED_VARIABLES if count == 0 else
             "only the five variational parameter sets are trainable; the priors are fixed",
             code="no_trainable_variables" if count == 0 else "trainable_count")
    before = {name: read_parameter(model, name) for name in PARAMETERS}
    probe = tf.constant(np.random.default_rng(seed + 1).normal(size=16), tf.float32)

    def gradients():
        with tf.GradientTape() as tape:
            log_likelihoods, kl = call_model(model, x, True)
            loss = kl - tf.reduce_sum(probe * tf.cast(log_likelihoods, tf.float32))
        return tape.gradient(loss, variables)

    grads = call_student("A gradient of the model's outputs",
                         tf.function(gradients))
    missing = [getattr(v, "name", "?") for v, g in zip(variables, grads) if g is None]
    if missing:
        fail("Some trainable variables get no gradient.", missing, "a gradient for every one",
             "use every parameter in __call__ through TensorFlow operations (no .numpy())",
             code="no_gradient")
    for variable, grad in zip(variables, grads):  # a step of 0.1 against each gradient's sign
        variable.assign_sub(0.1 * tf.sign(tf.convert_to_tensor(grad)))
    unchanged = [name for name in PARAMETERS
                 if np.allclose(read_parameter(model, name), before[name], rtol=0, atol=0)]
    if unchanged:
        fail("A training step did not change some parameters.", f"unchanged: {unchanged}",
             "all of locs, scales, alpha, beta and counts change",
             "each named parameter must be (a transform of) a trainable variable that "
             "__call__ uses", code="parameters_not_trained")


# ------------------------------------------------------------------------------- the loss

def check_elbo_loss(elbo_loss):
    """elbo_loss gives the stored values on known numbers, eagerly and inside a tf.function."""
    for case in cases("elbo_loss"):
        ll = tf.constant(case["log_likelihoods"], tf.float32)
        kl, n_total = tf.constant(case["kl_sum"], tf.float32), case["n_total"]
        value = call_student("elbo_loss(...)", elbo_loss, ll, kl, n_total)
        if shape_of(value) != ():
            fail("elbo_loss must return one number.", shape_of(value), (),
                 "average the log-likelihoods over the batch", code="loss_shape")
        got = float(to_numpy(value))
        if np.isclose(got, case["loss"], rtol=1e-5, atol=1e-5):
            continue
        candidates = [(code, ELBO_CAUSES[code], v) for code, v in case["mistakes"].items()]
        code, cause = diagnose(got, candidates) or (
            "loss_wrong", "the loss is kl_sum / n_total - mean(log_likelihoods)")
        fail(f"elbo_loss is wrong for a batch of {len(case['log_likelihoods'])}.", round(got, 5),
             round(case["loss"], 5), cause, code=code)
    case = cases("elbo_loss")[0]
    graph = tf.function(lambda ll, kl: elbo_loss(ll, kl, case["n_total"]),
                        input_signature=[tf.TensorSpec([None], tf.float32),
                                         tf.TensorSpec([], tf.float32)])
    got = call_student("elbo_loss in a tf.function", graph,
                       tf.constant(case["log_likelihoods"], tf.float32),
                       tf.constant(case["kl_sum"], tf.float32),
                       cause="the training step traces elbo_loss into a graph: use TensorFlow "
                             "operations (tf.reduce_mean), not NumPy or .numpy()",
                       code="not_tf_ops")
    if not np.isclose(float(to_numpy(got)), case["loss"], rtol=1e-5, atol=1e-5):
        fail("elbo_loss gives another value inside a tf.function.", float(to_numpy(got)),
             case["loss"], "use TensorFlow operations only", code="loss_graph")


# ------------------------------------------------------------------------- the train step

class ToyModel(tf.Module):
    """A stand-in model with one variable w: log_likelihoods = -||x - w||^2 / 2 per row and
    kl_sum = kl_weight * ||w||^2, so that the effect of one training step is known."""

    def __init__(self, w, kl_weight):
        super().__init__()
        self.w = tf.Variable(np.asarray(w, np.float32))
        self.kl_weight = kl_weight

    def __call__(self, x, sampling=True):
        x = tf.cast(x, tf.float32)
        return (-0.5 * tf.reduce_sum(tf.square(x - self.w), axis=1),
                self.kl_weight * tf.reduce_sum(tf.square(self.w)))


def _train_step(make_train_step, case, optimizer=None):
    model = ToyModel(case["w"], case["kl_weight"])
    optimizer = optimizer or keras.optimizers.SGD(case["learning_rate"])
    step = call_student("make_train_step(...)", make_train_step, model, optimizer,
                        case["n_total"])
    if not callable(step):
        fail("make_train_step must return the step function.", type(step).__name__,
             "a tf.function", "return the inner function", code="step_not_returned")
    return model, step


def check_train_step_is_tf_function(make_train_step):
    """make_train_step returns a tf.function that runs on batches without retracing."""
    case = cases("train_step")
    _, step = _train_step(make_train_step, case)
    if not isinstance(step, tf.types.experimental.PolymorphicFunction):
        fail("make_train_step returned a plain Python function.", type(step).__name__,
             "a tf.function", "decorate the inner step with @tf.function: a traced graph "
             "runs the steps several times faster", code="not_tf_function")
    x = np.asarray(case["x"], np.float32)
    for batch in (x, x[::-1], x + 1.0):
        loss = call_student("The training step on a batch", step, tf.constant(batch))
        if shape_of(loss) != () or not np.isfinite(to_numpy(loss)):
            fail("The training step must return the loss, a finite number.",
                 to_numpy(loss), "a finite scalar", "return the loss of the batch",
                 code="step_return")
    traces = step.experimental_get_tracing_count()
    if traces > 1:
        fail("The training step is traced again for each batch.",
             f"{traces} tracings", "1", "keep Python values that change out of the "
             "step's arguments", code="retracing")


def check_train_step_update(make_train_step):
    """One step with SGD on a stand-in model returns the loss before the step and moves the
    weights by the gradient of elbo_loss (KL scaled by n_total)."""
    case = cases("train_step")
    model, step = _train_step(make_train_step, case)
    loss = float(to_numpy(call_student("The training step on a batch", step,
                                       tf.constant(case["x"], tf.float32))))
    w = to_numpy(model.w)
    if np.allclose(w, case["w_after"], rtol=1e-4, atol=1e-5) and np.isclose(
            loss, case["loss"], rtol=1e-4, atol=1e-5):
        return
    candidates = [(code, TRAIN_CAUSES[code], [m["loss"], *m["w_after"]])
                  for code, m in case["mistakes"].items()]
    code, cause = diagnose([loss, *w], candidates) or (
        "step_wrong", "compute loss = elbo_loss(*model(x_batch), n_total) under a "
        "tf.GradientTape, then optimizer.apply_gradients on model.trainable_variables; "
        "return the loss")
    fail("One SGD step on a stand-in model gives other numbers.",
         f"loss {loss:.5f}, w {np.round(w, 5)}",
         f"loss {case['loss']:.5f}, w {np.round(case['w_after'], 5)}", cause, code=code)


# ------------------------------------------------------------------------- after training

def check_centres_recovered(model, tolerance=0.25):
    """The posterior means (locs) match the three true centres up to a permutation."""
    locs = read_parameter(model, "locs")
    centres = np.asarray(MIXTURE_CENTRES)
    if locs.shape != centres.shape:
        fail("The trained model's locs have the wrong shape.", locs.shape, centres.shape,
             "train a GaussianMixtureModel(n_components=3, n_dims=2)", code="locs_shape")
    error = min(np.linalg.norm(locs[list(order)] - centres, axis=1).max()
                for order in itertools.permutations(range(len(centres))))
    if error > tolerance:
        fail("The trained posterior means are far from the true centres.", np.round(locs, 2),
             f"{centres.tolist()} in some order, each within {tolerance}",
             "did the loss go down? check the ELBO curve, the learning rate and the epochs",
             code="not_converged")
