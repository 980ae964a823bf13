"""Hidden checks of assignment 04: random inputs against the NumPy/SciPy oracles of
``gausslab.grading.oracles.tfp_vgmm``, other sizes, and training on fresh data.

Every check first makes sure the answer was written in the notebook (``require_own_answer``).
"""

import keras
import numpy as np
import tensorflow as tf

from gausslab.checks import call_student, diagnose, fail, to_numpy
from gausslab.checks import tfp_vgmm as visible
from gausslab.data import mixture_data
from gausslab.grading.hidden import require_own_answer
from gausslab.grading.oracles import tfp_vgmm as oracle

MODEL, LOSS, STEP = "model_answer", "elbo_loss_answer", "train_step_answer"


def _model_at(GaussianMixtureModel, params, seed=0):
    k, d = np.shape(params["locs"])
    model = visible.make_model(GaussianMixtureModel, k, d, seed)
    visible.set_parameters(model, params)
    return model


def check_model_output_shapes(GaussianMixtureModel, seed=11):
    """Shapes and dtypes for one dimension and other sizes."""
    require_own_answer(GaussianMixtureModel, MODEL)
    visible.check_model_output_shapes(GaussianMixtureModel, sizes=((2, 1), (4, 3)),
                                      batches=(2, 33))


def check_model_kl(GaussianMixtureModel, seed=11):
    """kl_sum against the closed-form oracle at random parameters and at the initial ones."""
    require_own_answer(GaussianMixtureModel, MODEL)
    rng = np.random.default_rng(seed)
    for k, d in ((4, 3), (2, 1)):
        model = visible.make_model(GaussianMixtureModel, k, d, seed)
        for params in ({name: visible.read_parameter(model, name) for name in oracle.PARAMETERS},
                       oracle.random_params(rng, k, d)):
            visible.set_parameters(model, params)
            got = visible.kl_value(model, rng.normal(size=(3, d)))
            want = oracle.kl_sum(params)
            if np.isclose(got, want, rtol=1e-4, atol=1e-3):
                continue
            candidates = [(code, visible.KL_CAUSES[code], value)
                          for code, value in oracle.kl_mistakes(params).items()]
            code, cause = diagnose(got, candidates) or ("kl_wrong", "compare each KL with "
                                                        "tfd.kl_divergence(posterior, prior)")
            fail(f"kl_sum differs from the closed form for K={k}, D={d}.",
                 round(got, 4), round(want, 4), cause, code=code)


def check_model_log_likelihoods(GaussianMixtureModel, seed=11):
    """log_likelihoods(sampling=False) against SciPy's mixture density at the posterior means."""
    require_own_answer(GaussianMixtureModel, MODEL)
    rng = np.random.default_rng(seed)
    for k, d in ((4, 3), (2, 4), (3, 1)):
        params = oracle.random_params(rng, k, d)
        x = rng.normal(0, 3, (9, d))
        got = to_numpy(visible.call_model(_model_at(GaussianMixtureModel, params), x, False)[0])
        want = oracle.log_likelihood_at_means(x, params)
        if got.shape == want.shape and np.allclose(got, want, rtol=1e-4, atol=5e-4):
            continue
        candidates = [(code, visible.LOG_LIKELIHOOD_CAUSES[code], values) for code, values
                      in oracle.log_likelihood_mistakes(x, params).items()]
        code, cause = diagnose(got, candidates) or (
            "log_likelihoods_wrong", "the mixture density at the posterior means")
        fail(f"log_likelihoods differ from SciPy's for K={k}, D={d}.",
             np.round(got.reshape(-1)[:3], 4), np.round(want[:3], 4), cause, code=code)


def check_model_sampling(GaussianMixtureModel, seed=11, n_calls=12, copies=25):
    """Near-degenerate posteriors of random means; the average of sampled log-likelihoods
    against a Monte-Carlo estimate of E_q[log p(x | mu, sigma^-2, theta)]. Each call sees
    ``copies`` copies of the points, so that one call gives many samples when the model draws
    one per point; the tolerance comes from the spread between calls, so one sample per
    batch passes too."""
    require_own_answer(GaussianMixtureModel, MODEL)
    rng = np.random.default_rng(seed)
    params = oracle.random_params(rng, 3, 2)
    x = rng.normal(0, 2, (6, 2))
    model = _model_at(GaussianMixtureModel, visible._near_degenerate(params))
    sharp = to_numpy(visible.call_model(model, x, True)[0])
    at_means = to_numpy(visible.call_model(model, x, False)[0])
    if sharp.shape != at_means.shape or not np.allclose(sharp, at_means, atol=0.05):
        fail("sampling=True is far from sampling=False for sharp posteriors.",
             np.round(sharp.reshape(-1)[:3], 3), np.round(at_means[:3], 3),
             "draw the parameters from q and use them like the posterior means",
             code="samples_wrong")
    visible.set_parameters(model, params)
    tiled = np.tile(x, (copies, 1))
    calls = np.stack([to_numpy(visible.call_model(model, tiled, True)[0]).reshape(copies, -1)
                      .mean(0) for _ in range(n_calls)])  # (n_calls, points)
    want = oracle.expected_log_likelihood(x, params, seed=seed)
    error = np.abs(calls.mean(0) - want)
    allowed = 5 * calls.std(0, ddof=1) / np.sqrt(n_calls) + 0.02
    if np.any(error > allowed):
        fail("The average of sampled log-likelihoods is off.", np.round(calls.mean(0)[:3], 3),
             np.round(want[:3], 3), "sample mu ~ Normal(locs, scales), precision ~ "
             "Gamma(alpha, beta) (standard deviation precision ** -0.5) and theta ~ "
             "Dirichlet(counts)", code="samples_biased")


def check_model_trainable_variables(GaussianMixtureModel, seed=11):
    """Five parameter sets, all trained, for another size."""
    require_own_answer(GaussianMixtureModel, MODEL)
    visible.check_model_trainable_variables(GaussianMixtureModel, 2, 3, seed)


def check_elbo_loss(elbo_loss, seed=11):
    """elbo_loss on random numbers against kl / n_total - mean(log_likelihoods)."""
    require_own_answer(elbo_loss, LOSS)
    rng = np.random.default_rng(seed)
    for batch, n_total in ((3, 17), (50, 5000), (1, 1)):
        ll, kl = rng.normal(-2, 1, batch), float(rng.uniform(1, 100))
        got = float(to_numpy(call_student("elbo_loss", elbo_loss, tf.constant(ll, tf.float32),
                                          tf.constant(kl, tf.float32), n_total)))
        want = kl / n_total - ll.mean()
        if not np.isclose(got, want, rtol=1e-5, atol=1e-5):
            candidates = [(code, visible.ELBO_CAUSES[code], value) for code, value
                          in oracle.elbo_mistakes(ll, kl, n_total).items()]
            code, cause = diagnose(got, candidates) or ("loss_wrong", "kl / n_total - mean")
            fail(f"elbo_loss is wrong for a batch of {batch} of {n_total}.", round(got, 5),
                 round(want, 5), cause, code=code)


def check_train_step_is_tf_function(make_train_step, seed=11):
    """The visible check again, behind the borrowed-answer check."""
    require_own_answer(make_train_step, STEP, uses=("elbo_loss",))
    visible.check_train_step_is_tf_function(make_train_step)


def check_train_step_update(make_train_step, seed=11):
    """One SGD step on the stand-in model with random numbers against the exact update."""
    require_own_answer(make_train_step, STEP, uses=("elbo_loss",))
    rng = np.random.default_rng(seed)
    w, x = rng.normal(size=3), rng.normal(1, 1, (7, 3))
    n_total, learning_rate = 40, 0.05
    model = visible.ToyModel(w, oracle.TOY_KL_WEIGHT)
    step = call_student("make_train_step", make_train_step, model,
                        keras.optimizers.SGD(learning_rate), n_total)
    loss = float(to_numpy(call_student("The training step", step, tf.constant(x, tf.float32))))
    want_loss, want_w = oracle.toy_step(w, x, n_total, learning_rate)
    got_w = to_numpy(model.w)
    if np.isclose(loss, want_loss, rtol=1e-4, atol=1e-5) and np.allclose(got_w, want_w,
                                                                         rtol=1e-4, atol=1e-5):
        return
    candidates = [(code, visible.TRAIN_CAUSES[code], [l, *v]) for code, (l, v)
                  in oracle.toy_step_mistakes(w, x, n_total, learning_rate).items()]
    code, cause = diagnose([loss, *got_w], candidates) or ("step_wrong", "one step of the "
                                                            "given optimizer on elbo_loss")
    fail("One SGD step on a stand-in model gives other numbers.",
         f"loss {loss:.5f}, w {np.round(got_w, 5)}", f"loss {want_loss:.5f}, "
         f"w {np.round(want_w, 5)}", cause, code=code)


def check_centres_recovered(GaussianMixtureModel, elbo_loss, make_train_step, seed=11,
                            num_epochs=30, batch_size=500, learning_rate=0.05):
    """A fresh model trained with the student's step on fresh data recovers the centres."""
    require_own_answer(GaussianMixtureModel, MODEL)
    require_own_answer(elbo_loss, LOSS)
    require_own_answer(make_train_step, STEP, uses=("elbo_loss",))
    x, _ = mixture_data(seed=seed)
    tf.random.set_seed(seed)
    model = visible.make_model(GaussianMixtureModel, 3, 2, seed)
    step = call_student("make_train_step", make_train_step, model,
                        keras.optimizers.Adam(learning_rate), len(x))
    batches = tf.data.Dataset.from_tensor_slices(x).shuffle(len(x), seed=seed).batch(batch_size)

    def train():
        for _ in range(num_epochs):
            for batch in batches:
                step(batch)

    call_student(f"Training a fresh model for {num_epochs} epochs", train)
    visible.check_centres_recovered(model)
