"""Hidden checks of assignment 03 (``GaussianMixture``): random inputs against the oracles.

Each starts with ``require_own_answer``: a class taken from the helper package earns nothing.
Tolerances as in the visible checks (float32 against float64): log-determinants and
log-densities rtol 1e-4, atol 2e-3; gradients rtol 2e-3 and atol 2e-3 of the largest entry;
sample means and covariances within 5 standard errors.
"""

import numpy as np
import torch

from gausslab.checks import fail, to_numpy
from gausslab.checks import keops_gmm as visible
from gausslab.grading.hidden import require_own_answer
from gausslab.grading.oracles import keops_gmm as oracle

ANSWER = "gaussian_mixture_answer"


def _random(seed, M, D):
    return oracle.random_mixture(np.random.default_rng(seed), M, D)


def check_log_det_random(GaussianMixture, seed):
    """log_det_precisions on random non-diagonal A for D = 1, 2, 3, 5 against NumPy's slogdet."""
    require_own_answer(GaussianMixture, ANSWER)
    for D in (1, 2, 3, 5):
        mu, A, w = _random(seed + D, 4, D)
        model = visible.make_model(GaussianMixture, mu, A, w)
        got = to_numpy(visible.call_student(f"log_det_precisions() with D = {D}",
                                            model.log_det_precisions))
        want = oracle.log_det_precisions(A)
        if got.shape != want.shape or not np.allclose(got, want, rtol=visible.RTOL,
                                                      atol=visible.ATOL):
            fail(f"log_det_precisions() is wrong for random A with D = {D}.",
                 np.round(got.reshape(-1)[:4], 4), np.round(want, 4),
                 "log det(A_j A_j^T) for any D, batched", code="wrong_log_det")


def check_log_likelihoods_random(GaussianMixture, seed):
    """log_likelihoods on random points and mixtures, D = 1, 2, 3, against scipy.stats and
    the dense PyTorch oracle."""
    require_own_answer(GaussianMixture, ANSWER)
    for D in (1, 2, 3):
        rng = np.random.default_rng(seed + D)
        mu, A, w = oracle.random_mixture(rng, 6, D)
        x = rng.uniform(-0.2, 1.2, (50, D))
        model = visible.make_model(GaussianMixture, mu, A, w)
        got = to_numpy(visible._log_likelihoods(model, x))
        want = oracle.scipy_log_likelihoods(x, mu, A, w)
        dense = to_numpy(oracle.dense_log_likelihoods(
            *(torch.tensor(np.asarray(v, np.float64)) for v in (x, mu, A, w))))
        assert np.allclose(dense, want, rtol=1e-9, atol=1e-9)  # the two oracles agree
        if not np.allclose(got, want, rtol=visible.RTOL, atol=visible.ATOL):
            fail(f"log_likelihoods(x) is wrong on random inputs with D = {D}.",
                 np.round(got[:4], 4), np.round(want[:4], 4),
                 "the exact log-density, for any D and non-diagonal A", code="wrong_log_density")


def check_normalised_random(GaussianMixture, seed):
    """A random 2-D mixture's density integrates to 1 on a grid."""
    require_own_answer(GaussianMixture, ANSWER)
    mu, A, w = _random(seed, 4, 2)
    model = visible.make_model(GaussianMixture, 0.2 + 0.6 * mu, A, w)
    ticks = np.linspace(-1.5, 2.5, 401)
    grid = np.stack(np.meshgrid(ticks, ticks), -1).reshape(-1, 2)
    value = visible._integral(model, grid, (ticks[1] - ticks[0]) ** 2)
    if not abs(value - 1) < 0.01:
        fail("A random 2-D mixture's density does not integrate to 1.", round(value, 4), 1.0,
             "a normalising factor is missing or wrong", code="not_normalised")


def check_keops_random(GaussianMixture, seed):
    """The KeOps check at other sizes."""
    require_own_answer(GaussianMixture, ANSWER)
    visible.check_log_likelihoods_keops(GaussianMixture, N=3000, M=70, seed=seed)


def check_gradients_random(GaussianMixture, seed):
    """Gradients w.r.t. mu, A and w on a random 2-D mixture against the dense oracle."""
    require_own_answer(GaussianMixture, ANSWER)
    rng = np.random.default_rng(seed)
    mu, A, w = oracle.random_mixture(rng, 5, 2)
    x, probe = rng.uniform(0, 1, (40, 2)), rng.normal(size=40)
    model = visible.make_model(GaussianMixture, mu, A, w)
    loss = (visible._log_likelihoods(model, x) * visible._points(model, probe)).sum()
    grads = visible.call_student("torch.autograd.grad of log_likelihoods", torch.autograd.grad,
                                 loss, [model.mu, model.A, model.w], allow_unused=True)
    for name, grad, want in zip(("mu", "A", "w"), grads,
                                oracle.dense_gradients(x, mu, A, w, probe)):
        got = None if grad is None else to_numpy(grad)
        tolerance = visible.GRAD_RTOL * np.abs(want).max()
        if got is None or not np.allclose(got, want, rtol=visible.GRAD_RTOL, atol=tolerance):
            fail(f"The gradient w.r.t. {name} is wrong on a random mixture.",
                 None if got is None else np.round(got.reshape(-1)[:4], 4),
                 np.round(want.reshape(-1)[:4], 4),
                 "compute with torch/KeOps operations on the parameters (no .detach, "
                 ".data or NumPy)", code="wrong_gradient")


def check_cost_random(GaussianMixture, seed):
    """The cost with known weights and a random sparsity against the SciPy oracle."""
    require_own_answer(GaussianMixture, ANSWER)
    rng = np.random.default_rng(seed)
    mu, A, _ = oracle.random_mixture(rng, 4, 2)
    w = np.log(rng.dirichlet(np.ones(4)))
    x, s = rng.uniform(0, 1, (30, 2)), float(rng.uniform(2, 30))
    got = visible._cost(visible.make_model(GaussianMixture, mu, A, w, sparsity=s), x,
                        f"sparsity {s:.2f}")
    want = oracle.cost(x, mu, A, w, s)
    if not np.isclose(got, want, rtol=visible.RTOL, atol=visible.ATOL):
        fail(f"neglog_likelihood is wrong with sparsity {s:.2f} and known weights.",
             round(got, 4), round(want, 4),
             "mean negative log-likelihood + (s / M) sum_j sqrt(W_j)", code="wrong_cost")


def check_sample_random(GaussianMixture, seed):
    """Sample statistics of random 2-D and 3-D mixtures against their exact moments."""
    require_own_answer(GaussianMixture, ANSWER)
    for D in (2, 3):
        mu, A, w = _random(seed + D, 3, D)
        model = visible.make_model(GaussianMixture, mu, A, w)
        n = 20000
        torch.manual_seed(seed)
        points = to_numpy(visible.call_student(
            f"sample({n})", model.sample, n,
            generator=torch.Generator(device=model.mu.device).manual_seed(seed)))
        mean, cov = oracle.mixture_moments(mu, A, w)
        if points.shape != (n, D) or not visible._within(
                points.mean(0), np.cov(points.T), {"mean": mean, "cov": cov}, n):
            fail(f"Samples of a random {D}-D mixture: wrong mean or covariance.",
                 np.round(points.mean(0), 3) if points.shape == (n, D) else points.shape,
                 np.round(mean, 3), "draw j with probability W_j, then mu_j plus a normal draw "
                 "with covariance (A_j A_j^T)^-1", code="wrong_distribution")


def check_sparsity_random(GaussianMixture, seed):
    """The sparsity effect on another noisy spiral and initialisation."""
    require_own_answer(GaussianMixture, ANSWER)
    from gausslab.data import spiral

    visible.check_sparsity_effect(GaussianMixture, spiral(1000, seed=seed), seed=seed)
