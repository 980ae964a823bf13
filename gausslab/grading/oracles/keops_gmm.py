"""Oracles of assignment 03 (Gaussian mixture): SciPy and dense PyTorch in float64.

Parameters as in the notebook: centres ``mu`` (M, D), ``A`` (M, D, D) with precisions
A_j A_j^T, weight scores ``w`` (M,) with weights softmax(w). ``expected_cases()`` gives the
fixed inputs and expected outputs (and the outputs of known mistakes) that the visible checks
of ``gausslab.checks.keops_gmm`` compare with.
"""

import numpy as np
import torch
from scipy.special import logsumexp, softmax
from scipy.stats import multivariate_normal


def precisions(A):
    """A_j A_j^T for each j, (M, D, D)."""
    A = np.asarray(A, dtype=np.float64)
    return A @ A.transpose(0, 2, 1)


def log_det_precisions(A):
    """log det(A_j A_j^T), (M,), from NumPy's slogdet of the precisions."""
    return np.linalg.slogdet(precisions(A))[1]


def scipy_log_likelihoods(x, mu, A, w):
    """log sum_j W_j N(x; mu_j, (A_j A_j^T)^-1) at each row of x, with scipy.stats."""
    x = np.asarray(x, dtype=np.float64)
    per_component = np.stack([
        multivariate_normal(mean, np.linalg.inv(precision)).logpdf(x).reshape(len(x))
        for mean, precision in zip(np.asarray(mu, np.float64), precisions(A))], axis=1)
    return logsumexp(per_component, axis=1, b=softmax(np.asarray(w, np.float64))[None, :])


def dense_log_likelihoods(x, mu, A, w):
    """The same log-density in PyTorch with the (N, M) matrix in memory: differentiable in
    ``mu``, ``A`` and ``w`` (torch tensors, any float dtype)."""
    D = mu.shape[1]
    precision = A @ A.transpose(1, 2)
    diff = x[:, None, :] - mu[None, :, :]
    quadratic = torch.einsum("nmd,mde,nme->nm", diff, precision, diff)
    log_normaliser = 0.5 * torch.logdet(precision) - 0.5 * D * np.log(2 * np.pi)
    return torch.logsumexp(torch.log_softmax(w, 0) + log_normaliser - 0.5 * quadratic, dim=1)


def dense_gradients(x, mu, A, w, probe):
    """Gradients of sum_i probe_i * log p(x_i) w.r.t. mu, A, w (NumPy float64), densely."""
    params = [torch.tensor(np.asarray(p, np.float64), requires_grad=True) for p in (mu, A, w)]
    loss = (dense_log_likelihoods(torch.tensor(np.asarray(x, np.float64)), *params)
            * torch.tensor(np.asarray(probe, np.float64))).sum()
    return [g.numpy() for g in torch.autograd.grad(loss, params)]


def cost(x, mu, A, w, sparsity):
    """Mean negative log-likelihood plus (s / M) sum_j sqrt(W_j)."""
    return (-scipy_log_likelihoods(x, mu, A, w).mean()
            + sparsity / len(w) * np.sqrt(softmax(np.asarray(w, np.float64))).sum())


def mixture_moments(mu, A, w):
    """Mean (D,) and covariance (D, D) of the mixture: sum_j W_j (Sigma_j + mu_j mu_j^T) - m m^T."""
    mu, weights = np.asarray(mu, np.float64), softmax(np.asarray(w, np.float64))
    covariances = np.linalg.inv(precisions(A))
    mean = weights @ mu
    second = np.einsum("j,jde->de", weights, covariances + mu[:, :, None] * mu[:, None, :])
    return mean, second - np.outer(mean, mean)


def random_mixture(rng, M, D, scale=4.0):
    """Random centres in the unit cube, non-diagonal A (well conditioned), non-uniform w."""
    mu = rng.uniform(0, 1, (M, D))
    A = scale * (np.eye(D) + 0.4 * rng.normal(size=(M, D, D)))
    w = rng.normal(size=M)
    return mu, A, w


# --------------------------------------------------------------------- expected_cases

def _log_det_cases():
    rng = np.random.default_rng(30)
    cases = []
    for M, D in [(3, 1), (4, 2), (3, 3)]:
        A = random_mixture(rng, M, D)[1]
        sign_free = np.linalg.slogdet(A)[1]
        cases.append({"A": A, "expected": log_det_precisions(A),
                      "mistakes": [
                          ["log_det_A", "log|det A_j| is half of log det(A_j A_j^T)",
                           sign_free],
                          ["halved_precision", "this is log det(A_j A_j^T / 2): the tutorial's "
                           "gamma = A A^T / 2 is not the precision",
                           log_det_precisions(A) - D * np.log(2)],
                          ["negated", "the sign is flipped: det of the precision, not of the "
                           "covariance", -log_det_precisions(A)]]})
    return cases


def _tiny_case():
    """Precisions whose determinant (about 1e-96) underflows float32 but not its logarithm."""
    D = 6
    A = 1e-8 * (np.eye(D) + 0.2 * np.triu(np.ones((D, D)), 1))
    return {"A": A[None], "expected": log_det_precisions(A[None])}


def _log_likelihood_cases():
    rng = np.random.default_rng(31)
    cases = []
    for M, D, N in [(3, 1, 5), (4, 2, 6), (3, 3, 5)]:
        mu, A, w = random_mixture(rng, M, D)
        x = rng.uniform(-0.2, 1.2, (N, D))
        right = scipy_log_likelihoods(x, mu, A, w)
        half_logdet = 0.5 * np.linalg.slogdet(A)[1]  # log sqrt|det A| per component
        per_component = np.stack([
            multivariate_normal(m, np.linalg.inv(p)).logpdf(x).reshape(N)
            for m, p in zip(mu, precisions(A))], axis=1)
        log_w = np.log(softmax(w))
        two_pi = 0.5 * D * np.log(2 * np.pi)
        mistakes = [
            ["missing_two_pi", "the (2 pi)^(-D/2) factor is missing", right + two_pi],
            ["tutorial_constant", "the tutorial's constant: det(A A^T / 2) and no (2 pi)^(-D/2)",
             right + two_pi - 0.5 * D * np.log(2)],
            ["halved_precision", "sqrt(det(A A^T / 2)): the determinant must be of A_j A_j^T",
             right - 0.5 * D * np.log(2)],
            ["log_det_A", "sqrt(|det A_j|) instead of sqrt(det(A_j A_j^T)) = |det A_j|",
             logsumexp(per_component - half_logdet[None] + log_w, axis=1)],
            ["no_weights", "the weights W_j are missing: use logsumexp's weight= or add log W_j",
             logsumexp(per_component, axis=1)],
            ["log_weights_not_normalised", "w is used as log W_j: take log softmax(w)",
             logsumexp(per_component + w[None], axis=1)],
            ["quadratic_not_halved", "exp(-(x-mu)^T A A^T (x-mu)) lacks the 1/2 in the exponent",
             logsumexp(per_component + log_w - 0.5 * _quadratic(x, mu, A), axis=1)],
        ]
        cases.append({"x": x, "mu": mu, "A": A, "w": w, "expected": right,
                      "mistakes": mistakes})
    return cases


def _quadratic(x, mu, A):
    diff = np.asarray(x)[:, None, :] - np.asarray(mu)[None]
    return np.einsum("nmd,mde,nme->nm", diff, precisions(A), diff)


def _gradient_case():
    rng = np.random.default_rng(32)
    mu, A, w = random_mixture(rng, 3, 2)
    x = rng.uniform(0, 1, (8, 2))
    probe = rng.normal(size=8)
    grads = dense_gradients(x, mu, A, w, probe)
    return {"x": x, "mu": mu, "A": A, "w": w, "probe": probe,
            "expected": dict(zip(("mu", "A", "w"), grads))}


def _cost_case():
    rng = np.random.default_rng(33)
    mu, A, w = random_mixture(rng, 5, 2)
    w = np.log([0.5, 0.25, 0.15, 0.06, 0.04])  # known weights
    x = rng.uniform(0, 1, (7, 2))
    s = 6.0
    nll = -scipy_log_likelihoods(x, mu, A, w)
    weights = softmax(w)
    prior = s / len(w) * np.sqrt(weights).sum()
    return {"x": x, "mu": mu, "A": A, "w": w, "sparsity": s,
            "expected_no_prior": float(nll.mean()), "expected_prior": float(prior),
            "mistakes_no_prior": [
                ["sum_not_mean", "the log-likelihoods are summed: take their mean",
                 float(nll.sum())],
                ["log_likelihood_not_negated", "the log-likelihood is not negated",
                 float(-nll.mean())]],
            "mistakes_prior": [
                ["prior_wrong_sign", "the prior is subtracted: add + (s / M) sum_j sqrt(W_j)",
                 -prior],
                ["prior_without_1_over_M", "the prior lacks the 1/M: (s / M) sum_j sqrt(W_j)",
                 s * np.sqrt(weights).sum()],
                ["prior_without_sqrt", "the prior sums W_j (always 1): take sqrt(W_j)",
                 s / len(w) * weights.sum()]]}


def _sample_case():
    mu = np.array([[0.2, 0.3], [0.7, 0.6], [0.4, 0.9]])
    A = np.array([[[8.0, 0.0], [3.0, 5.0]],
                  [[4.0, 2.0], [-1.0, 6.0]],
                  [[10.0, 0.0], [0.0, 3.0]]])
    w = np.log([0.6, 0.3, 0.1])
    mean, cov = mixture_moments(mu, A, w)
    as_covariance = mixture_moments(mu, np.linalg.inv(A).transpose(0, 2, 1), w)  # cov = A A^T
    transposed = mixture_moments(mu, A.transpose(0, 2, 1), w)  # cov (A^T A)^-1
    identity = mixture_moments(mu, np.tile(np.eye(2), (3, 1, 1)), w)
    uniform = mixture_moments(mu, A, np.zeros(3))
    return {"mu": mu, "A": A, "w": w, "n": 20000, "expected": {"mean": mean, "cov": cov},
            "mistakes": [
                ["ignores_weights", "the components are drawn uniformly: draw j with "
                 "probability W_j (torch.multinomial)", uniform],
                ["precision_as_covariance", "A_j A_j^T is used as the covariance: it is the "
                 "precision, the covariance is its inverse", as_covariance],
                ["ignores_covariance", "the noise is standard normal: scale it by the "
                 "component's covariance (A_j A_j^T)^-1", identity],
                ["transposed_A", "the covariance is (A_j^T A_j)^-1: solve A_j^T y = z, "
                 "not A_j y = z", transposed]]}


def _mistakes(triples):
    """Known mistakes as {code: {"cause": ..., "values": ...}} (JSON-able)."""
    return {code: {"cause": cause, "values": _jsonable(values)} for code, cause, values in triples}


def _jsonable(value):
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return {"mean": _jsonable(value[0]), "cov": _jsonable(value[1])}
    return np.asarray(value, dtype=np.float64).tolist()


def expected_cases():
    """The fixed cases of the visible checks (JSON-able): one entry per case name."""
    cases = {}
    for case in _log_det_cases():
        cases[f"log_det_D{len(case['A'][0])}"] = case
    cases["log_det_tiny"] = _tiny_case()
    for case in _log_likelihood_cases():
        cases[f"log_likelihoods_D{len(case['x'][0])}"] = case
    cases["gradients"] = _gradient_case()
    cases["cost"] = _cost_case()
    cases["sample"] = _sample_case()
    for case in cases.values():
        for key in [key for key in case if key.startswith("mistakes")]:
            case[key] = _mistakes(case[key])
        for key, value in case.items():
            if not key.startswith("mistakes") and not isinstance(value, (str, int, float)):
                case[key] = _jsonable(value)
    return cases
