"""NumPy/SciPy oracles for assignment 04 (Bayesian Gaussian mixture by SVI), and the fixed cases
that the visible checks compare with (``expected_cases``).

Parameters follow the assignment's names: ``locs``, ``scales``, ``alpha``, ``beta`` (K, D) and
``counts`` (K,); priors Normal(0, 1) on the means, Gamma(5, 5) on the precisions sigma^-2 and
Dirichlet(2, ..., 2) on the weights. Everything is computed in float64.
"""

import numpy as np
from scipy import stats
from scipy.special import digamma, gammaln, logsumexp, softmax

MU_PRIOR = (0.0, 1.0)          # Normal(loc, scale)
SIGMA_PRIOR = (5.0, 5.0)       # Gamma(concentration, rate) over the precisions
THETA_PRIOR_COUNT = 2.0        # Dirichlet(2, ..., 2)
PARAMETERS = ("locs", "scales", "alpha", "beta", "counts")


def _f64(params):
    return {name: np.asarray(params[name], dtype=np.float64) for name in PARAMETERS}


def normal_kl(loc, scale, loc0=MU_PRIOR[0], scale0=MU_PRIOR[1]):
    """Elementwise KL(Normal(loc, scale) || Normal(loc0, scale0))."""
    return (np.log(scale0 / scale) + (scale**2 + (loc - loc0) ** 2) / (2 * scale0**2) - 0.5)


def gamma_kl(alpha, beta, alpha0=SIGMA_PRIOR[0], beta0=SIGMA_PRIOR[1]):
    """Elementwise KL(Gamma(alpha, beta) || Gamma(alpha0, beta0)), rates beta and beta0."""
    return ((alpha - alpha0) * digamma(alpha) - gammaln(alpha) + gammaln(alpha0)
            + alpha0 * (np.log(beta) - np.log(beta0)) + alpha * (beta0 - beta) / beta)


def dirichlet_kl(counts, counts0):
    """KL(Dirichlet(counts) || Dirichlet(counts0)) over the last axis."""
    total, total0 = counts.sum(-1), counts0.sum(-1)
    return (gammaln(total) - gammaln(counts).sum(-1) - gammaln(total0) + gammaln(counts0).sum(-1)
            + ((counts - counts0) * (digamma(counts) - digamma(total)[..., None])).sum(-1))


def kl_terms(params):
    """The three summed KLs of the posteriors from their priors: (normal, gamma, dirichlet)."""
    p = _f64(params)
    prior_counts = np.full_like(p["counts"], THETA_PRIOR_COUNT)
    return (normal_kl(p["locs"], p["scales"]).sum(), gamma_kl(p["alpha"], p["beta"]).sum(),
            float(dirichlet_kl(p["counts"], prior_counts)))


def kl_sum(params):
    """kl_sum of the model: the sum of the three KLs."""
    return float(sum(kl_terms(params)))


def mixture_log_likelihood(x, locs, variances, weights):
    """log sum_k weights_k N(x; locs_k, diag(variances_k)) for each row of ``x``, with SciPy."""
    x = np.asarray(x, dtype=np.float64)
    per_component = np.stack([
        stats.multivariate_normal(loc, np.diag(var)).logpdf(x).reshape(len(x))
        for loc, var in zip(np.asarray(locs, np.float64), np.asarray(variances, np.float64))],
        axis=-1)
    return logsumexp(per_component + np.log(np.asarray(weights, np.float64)), axis=-1)


def log_likelihood_at_means(x, params):
    """Per-point log-likelihoods at the posterior means: precision alpha / beta, weights
    counts / sum(counts)."""
    p = _f64(params)
    return mixture_log_likelihood(x, p["locs"], p["beta"] / p["alpha"],
                                  p["counts"] / p["counts"].sum())


def expected_log_likelihood(x, params, n_samples=20000, seed=0):
    """Monte-Carlo estimate of E_q[log p(x | mu, sigma^-2, theta)] for each row of ``x``."""
    p = _f64(params)
    rng = np.random.default_rng(seed)
    k, d = p["locs"].shape
    mu = p["locs"] + p["scales"] * rng.normal(size=(n_samples, k, d))
    precision = rng.gamma(p["alpha"], 1 / p["beta"], size=(n_samples, k, d))
    theta = rng.dirichlet(p["counts"], size=n_samples)
    x = np.asarray(x, np.float64)
    log_n = (-0.5 * np.log(2 * np.pi) + 0.5 * np.log(precision[:, None])
             - 0.5 * precision[:, None] * (x[None, :, None, :] - mu[:, None]) ** 2).sum(-1)
    return logsumexp(log_n + np.log(theta)[:, None, :], axis=-1).mean(0)


def random_params(rng, n_components, n_dims):
    """Posterior parameters of moderate size for random tests."""
    shape = (n_components, n_dims)
    return {"locs": rng.normal(0, 2, shape), "scales": rng.uniform(0.2, 1.5, shape),
            "alpha": rng.uniform(1.5, 8, shape), "beta": rng.uniform(0.5, 6, shape),
            "counts": rng.uniform(1, 30, n_components)}


# ------------------------------------------------------------------- mistakes (for diagnosis)

def kl_mistakes(params):
    """kl_sum of the known mistakes: code -> value."""
    p = _f64(params)
    normal, gamma, dirichlet = kl_terms(p)
    prior_counts = np.full_like(p["counts"], THETA_PRIOR_COUNT)
    reversed_kl = (normal_kl(MU_PRIOR[0], MU_PRIOR[1], p["locs"], p["scales"]).sum()
                   + gamma_kl(*SIGMA_PRIOR, p["alpha"], p["beta"]).sum()
                   + dirichlet_kl(prior_counts, p["counts"]))
    return {
        "no_dirichlet_kl": normal + gamma,
        "no_gamma_kl": normal + dirichlet,
        "no_normal_kl": gamma + dirichlet,
        "kl_mean_not_sum": (normal_kl(p["locs"], p["scales"]).mean()
                            + gamma_kl(p["alpha"], p["beta"]).mean() + dirichlet),
        "kl_reversed": float(reversed_kl),
        "kl_scale_as_variance": (normal_kl(p["locs"], np.sqrt(p["scales"])).sum()
                                 + gamma + dirichlet),
    }


def log_likelihood_mistakes(x, params):
    """Log-likelihoods at the posterior means of the known mistakes: code -> values."""
    p = _f64(params)
    precision, weights = p["alpha"] / p["beta"], p["counts"] / p["counts"].sum()
    locs = p["locs"]
    return {
        "precision_as_std": mixture_log_likelihood(x, locs, precision**2, weights),
        "precision_as_variance": mixture_log_likelihood(x, locs, precision, weights),
        "variance_as_std": mixture_log_likelihood(x, locs, precision**-2.0, weights),
        "counts_as_logits": mixture_log_likelihood(x, locs, 1 / precision, softmax(p["counts"])),
        "equal_weights": mixture_log_likelihood(x, locs, 1 / precision,
                                                np.full_like(weights, 1 / len(weights))),
    }


def elbo_mistakes(log_likelihoods, kl, n_total):
    """elbo_loss of the known mistakes: code -> value."""
    ll = np.asarray(log_likelihoods, np.float64)
    return {
        "kl_by_batch_size": kl / len(ll) - ll.mean(),
        "sum_log_likelihoods": kl / n_total - ll.sum(),
        "kl_not_scaled": kl - ll.mean(),
        "sign_flipped": ll.mean() - kl / n_total,
        "kl_times_n_total": kl * n_total - ll.mean(),
    }


# ------------------------------------------------ the toy model of the training-step check
# It returns log_likelihoods = -0.5 * ||x - w||^2 per row and kl_sum = TOY_KL_WEIGHT * ||w||^2,
# so that one SGD step of the loss kl_sum / n_total - mean(log_likelihoods) is known exactly.
TOY_KL_WEIGHT = 4.0


def toy_step(w, x, n_total, learning_rate, kl_divisor=None, reduce="mean", sign=1.0):
    """(loss before the step, w after one SGD step) for the toy model; the keyword arguments
    describe mistakes: the KL divided by ``kl_divisor`` instead of n_total, the log-likelihoods
    summed, the loss negated."""
    w, x = np.asarray(w, np.float64), np.asarray(x, np.float64)
    divisor = n_total if kl_divisor is None else kl_divisor
    scale = len(x) if reduce == "sum" else 1.0
    ll = -0.5 * ((x - w) ** 2).sum(1)
    loss = sign * (TOY_KL_WEIGHT * (w**2).sum() / divisor - scale * ll.mean())
    grad = sign * (2 * TOY_KL_WEIGHT * w / divisor - scale * (x - w).mean(0))
    return float(loss), w - learning_rate * grad


def toy_step_mistakes(w, x, n_total, learning_rate):
    """Known mistakes of a training step on the toy model: code -> [loss, w after the step]."""
    cases = {"kl_by_batch_size": dict(kl_divisor=len(x)), "kl_not_scaled": dict(kl_divisor=1.0),
             "sum_log_likelihoods": dict(reduce="sum"), "sign_flipped": dict(sign=-1.0)}
    mistakes = {code: toy_step(w, x, n_total, learning_rate, **kw) for code, kw in cases.items()}
    mistakes["no_update"] = (toy_step(w, x, n_total, learning_rate)[0], np.asarray(w))
    return mistakes


# ----------------------------------------------------------------------- the visible cases

FIXED_PARAMS = [
    {"locs": [[1.5, -0.5], [-2.0, 3.0], [0.5, 2.0]],
     "scales": [[0.3, 0.8], [1.2, 0.5], [0.7, 0.4]],
     "alpha": [[3.0, 6.0], [2.5, 4.0], [8.0, 1.5]],
     "beta": [[2.0, 1.5], [5.0, 3.0], [4.0, 2.5]],
     "counts": [4.0, 10.0, 25.0]},
    {"locs": [[0.5, -1.0, 2.0], [-1.5, 0.0, 1.0]],
     "scales": [[0.5, 0.9, 0.2], [1.1, 0.6, 0.8]],
     "alpha": [[2.0, 7.0, 3.5], [5.5, 1.8, 4.0]],
     "beta": [[3.0, 2.0, 1.2], [2.5, 4.5, 6.0]],
     "counts": [3.0, 12.0]},
]


def _listed(value):
    return np.round(np.asarray(value, np.float64), 10).tolist()


def expected_cases():
    """Fixed inputs, their expected outputs and the outputs of the known mistakes (JSON-able)."""
    rng = np.random.default_rng(2026)
    model_cases = []
    for params in FIXED_PARAMS:
        k, d = np.shape(params["locs"])
        x = np.round(rng.normal(0, 2.5, (6, d)), 3)
        model_cases.append({
            "n_components": k, "n_dims": d, "params": params, "x": x.tolist(),
            "kl_sum": _listed(kl_sum(params)),
            "kl_mistakes": {code: _listed(v) for code, v in kl_mistakes(params).items()},
            "log_likelihoods": _listed(log_likelihood_at_means(x, params)),
            "log_likelihood_mistakes": {code: _listed(v) for code, v in
                                        log_likelihood_mistakes(x, params).items()},
        })
    elbo_cases = []
    for ll, kl, n_total in [([-3.2, -1.1, -2.4, -0.7], 45.0, 3000),
                            ([-5.0, -0.25, -1.5, -2.0, -4.5, -3.0, -0.5], 120.0, 60)]:
        elbo_cases.append({"log_likelihoods": ll, "kl_sum": kl, "n_total": n_total,
                           "loss": _listed(kl / n_total - np.mean(ll)),
                           "mistakes": {code: _listed(v) for code, v in
                                        elbo_mistakes(ll, kl, n_total).items()}})
    w, x, n_total, learning_rate = [0.5, -1.0], np.round(rng.normal(1, 1, (5, 2)), 3), 100, 0.1
    loss, w_after = toy_step(w, x, n_total, learning_rate)
    train_step = {"w": w, "x": x.tolist(), "n_total": n_total, "learning_rate": learning_rate,
                  "kl_weight": TOY_KL_WEIGHT, "loss": _listed(loss), "w_after": _listed(w_after),
                  "mistakes": {code: {"loss": _listed(l), "w_after": _listed(v)} for code, (l, v)
                               in toy_step_mistakes(w, x, n_total, learning_rate).items()}}
    return {"model": model_cases, "elbo_loss": elbo_cases, "train_step": train_step}
