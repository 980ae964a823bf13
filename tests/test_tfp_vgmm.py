"""Assignment 04: the oracles against TensorFlow Probability and brute force, the reference
answers against every visible and hidden check, and the checks' diagnosis of known mistakes
(fast; the corpus proves the same through nbgrader)."""

import inspect

import numpy as np
import pytest
import tensorflow as tf
import tensorflow_probability as tfp
from conftest import run_cell

from gausslab.answers import tfp_vgmm as answers
from gausslab.checks import CheckFailure
from gausslab.checks import tfp_vgmm as checks
from gausslab.grading.hidden import tfp_vgmm as hidden
from gausslab.grading.oracles import tfp_vgmm as oracle

tfd = tfp.distributions
RNG_PARAMS = oracle.random_params(np.random.default_rng(5), 3, 2)


def test_kl_oracles_match_tfp():
    p = RNG_PARAMS
    one, five = np.float64(1), np.float64(5)
    normal = tfd.kl_divergence(tfd.Normal(p["locs"], p["scales"]), tfd.Normal(0 * one, one))
    gamma = tfd.kl_divergence(tfd.Gamma(p["alpha"], p["beta"]), tfd.Gamma(five, five))
    dirichlet = tfd.kl_divergence(tfd.Dirichlet(p["counts"]),
                                  tfd.Dirichlet(np.full(3, 2.0)))
    want = [np.sum(normal), np.sum(gamma), float(dirichlet)]
    np.testing.assert_allclose(oracle.kl_terms(p), want, rtol=1e-10)


def test_gamma_kl_matches_numerical_integration():
    from scipy import integrate, stats

    q, p = stats.gamma(3.0, scale=1 / 2.0), stats.gamma(5.0, scale=1 / 5.0)
    numeric = integrate.quad(lambda t: q.pdf(t) * (q.logpdf(t) - p.logpdf(t)), 0, 50)[0]
    assert oracle.gamma_kl(3.0, 2.0) == pytest.approx(numeric, rel=1e-7)


def test_log_likelihood_oracle_matches_a_loop():
    p, x = RNG_PARAMS, np.random.default_rng(1).normal(size=(4, 2))
    weights = p["counts"] / p["counts"].sum()
    sd = np.sqrt(p["beta"] / p["alpha"])
    want = [np.log(sum(weights[k] * np.prod(np.exp(-0.5 * ((xi - p["locs"][k]) / sd[k]) ** 2)
                                            / (np.sqrt(2 * np.pi) * sd[k])) for k in range(3)))
            for xi in x]
    np.testing.assert_allclose(oracle.log_likelihood_at_means(x, p), want, rtol=1e-10)


def test_expected_log_likelihood_is_below_the_plug_in_for_sharp_posteriors():
    x = np.random.default_rng(2).normal(size=(3, 2))
    sharp = checks._near_degenerate(RNG_PARAMS)
    np.testing.assert_allclose(oracle.expected_log_likelihood(x, sharp),
                               oracle.log_likelihood_at_means(x, sharp), atol=0.01)


# ----------------------------------------------------- the reference passes every check

def _as_notebook_code():
    """The reference answers, executed as a notebook's answer cells would define them."""
    namespace = {"__name__": "__main__"}
    exec(compile(inspect.getsource(answers), "<answer cells>", "exec"), namespace)
    return namespace


OWN = _as_notebook_code()
TARGETS = {"model": OWN["GaussianMixtureModel"], "loss": OWN["elbo_loss"],
           "step": OWN["make_train_step"]}


VISIBLE = [
    (checks.check_model_output_shapes, "model"), (checks.check_model_kl, "model"),
    (checks.check_model_log_likelihoods, "model"), (checks.check_model_sampling, "model"),
    (checks.check_model_trainable_variables, "model"), (checks.check_elbo_loss, "loss"),
    (checks.check_train_step_is_tf_function, "step"), (checks.check_train_step_update, "step"),
]
HIDDEN = [
    (hidden.check_model_output_shapes, "model"), (hidden.check_model_kl, "model"),
    (hidden.check_model_log_likelihoods, "model"), (hidden.check_model_sampling, "model"),
    (hidden.check_model_trainable_variables, "model"), (hidden.check_elbo_loss, "loss"),
    (hidden.check_train_step_is_tf_function, "step"), (hidden.check_train_step_update, "step"),
]


@pytest.mark.parametrize("check, target", VISIBLE, ids=lambda v: getattr(v, "__name__", v))
def test_reference_passes_visible_check(check, target):
    check(TARGETS[target])


@pytest.mark.parametrize("check, target", HIDDEN, ids=lambda v: getattr(v, "__name__", v))
def test_reference_passes_hidden_check(check, target):
    check(TARGETS[target], seed=11)


def test_reference_recovers_the_centres_and_so_does_sklearn():
    from sklearn.mixture import BayesianGaussianMixture

    from gausslab.data import mixture_data

    hidden.check_centres_recovered(TARGETS["model"], TARGETS["loss"], TARGETS["step"], seed=11)
    mixture = BayesianGaussianMixture(n_components=3, covariance_type="diag",
                                      random_state=0).fit(mixture_data(seed=0)[0])

    class Fitted:
        locs = mixture.means_

    checks.check_centres_recovered(Fitted)


# ------------------------------------------------- the visible checks name the mistake

def _corpus_cell(name):
    """The objects that corpus/04_tfp_vgmm/<name>.py defines, with the notebook's imports."""
    import keras

    from gausslab.grading import corpus

    variant = next(v for v in corpus.load("04_tfp_vgmm") if v.name == name)
    namespace = {"__name__": "__main__", "keras": keras, "np": np, "tf": tf, "tfp": tfp,
                 "tfd": tfd, "tfb": tfp.bijectors, "elbo_loss": OWN["elbo_loss"]}
    exec(compile(corpus.student_code(variant), variant.path.name, "exec"), namespace)
    return namespace


@pytest.mark.parametrize("variant, name, check, message", [
    ("model_no_dirichlet_kl", "GaussianMixtureModel", checks.check_model_kl,
     "Dirichlet posterior is missing"),
    ("model_precision_as_std", "GaussianMixtureModel", checks.check_model_log_likelihoods,
     "used as a standard deviation"),
    ("model_means_sampled_not_precisions", "GaussianMixtureModel", checks.check_model_sampling,
     "the precisions are not sampled"),
    ("model_kl_per_component", "GaussianMixtureModel", checks.check_model_output_shapes,
     "kl_sum is one number"),
    ("model_post_raw_variables", "GaussianMixtureModel", checks.check_model_trainable_variables,
     "Keras 3 does not track raw tf.Variable"),
    ("elbo_kl_by_batch_size", "elbo_loss", checks.check_elbo_loss, "divided by the batch size"),
    ("elbo_sum_log_likelihoods", "elbo_loss", checks.check_elbo_loss, "summed"),
    ("step_not_tf_function", "make_train_step", checks.check_train_step_is_tf_function,
     "@tf.function"),
])
def test_failure_names_the_mistake(variant, name, check, message):
    with pytest.raises(CheckFailure) as caught:
        check(_corpus_cell(variant)[name])
    text = str(caught.value)
    assert message in text and "observed:" in text and "expected:" in text
    assert len(text.splitlines()[0]) < 80


@pytest.mark.parametrize("variant", ["model_mixture_list_formula_kl", "model_keras_weights"])
def test_differently_correct_models_pass_the_visible_checks(variant):
    model = _corpus_cell(variant)["GaussianMixtureModel"]
    for check in (checks.check_model_output_shapes, checks.check_model_kl,
                  checks.check_model_log_likelihoods, checks.check_model_sampling,
                  checks.check_model_trainable_variables):
        check(model)


@pytest.mark.parametrize("variant, passes", [("model_mixture_list_formula_kl", True),
                                             ("model_keras_weights", True),
                                             ("model_precision_as_std", False)])
def test_hidden_sampling_check_tells_correct_samples_from_wrong(variant, passes):
    model = _corpus_cell(variant)["GaussianMixtureModel"]
    if passes:
        hidden.check_model_sampling(model)
    else:
        with pytest.raises(CheckFailure, match="samples_biased"):
            hidden.check_model_sampling(model)


def test_a_wrapper_that_imports_the_answers_module_is_borrowed():
    from gausslab.grading.hidden import require_own_answer

    cell = ("def make_train_step(model, optimizer, n_total):\n"
            "    from gausslab.answers import tfp_vgmm\n"
            "    return tfp_vgmm.make_train_step(model, optimizer, n_total)\n")
    namespace = run_cell(cell, "<answer cell>", {"__name__": "__main__"})
    with pytest.raises(CheckFailure, match="borrowed_answer"):
        require_own_answer(namespace["make_train_step"], "train_step_answer",
                           "gausslab.answers.tfp_vgmm")
