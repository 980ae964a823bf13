"""Visible checks of assignment 03: the methods of ``GaussianMixture``.

They grade behaviour only: values on fixed inputs against the numbers stored in
``gausslab/checks/expected/keops_gmm.json`` (with the stored outputs of known mistakes to name
a likely cause), invariants (a density integrates to 1), the structure of the computation
(a KeOps reduction, no (N, M) matrix in memory) and statistics of samples. The model is built
with the notebook's constructor and its parameters ``mu`` (M, D), ``A`` (M, D, D) and ``w``
(M,) are then set to known values, so any way of computing from them passes.

Tolerances (float32 model against float64 numbers): log-determinants and log-densities
rtol 1e-4 and atol 2e-3; gradients rtol 2e-3 and atol 2e-3 of their largest entry; the
integral of a density 1 +- 0.01; sample means and covariances within 5 standard errors.
"""

import numpy as np
import torch

from gausslab.checks import call_student, diagnose, expected, fail, shape_of, to_numpy

MODULE = "keops_gmm"
RTOL, ATOL = 1e-4, 2e-3
GRAD_RTOL = 2e-3
STANDARD_ERRORS = 5.0
KEOPS_HINT = ("an error about 'arrayname' means a LazyTensor was built from a "
              "torch.nn.Parameter: pass a plain tensor, e.g. Vj(self.mu.view(M, D))")


# ------------------------------------------------------------------------------ helpers

def make_model(GaussianMixture, mu, A, w, sparsity=0.0):
    """``GaussianMixture(M, sparsity, D)`` with its parameters set to ``mu``, ``A``, ``w``."""
    mu, A, w = (np.asarray(v, dtype=np.float64) for v in (mu, A, w))
    M, D = mu.shape
    model = call_student(f"GaussianMixture({M}, sparsity={sparsity:g}, D={D})",
                         GaussianMixture, M, sparsity=sparsity, D=D,
                         cause="keep the given constructor GaussianMixture(M, sparsity, D)",
                         code="constructor_changed")
    for name, value in (("mu", mu), ("A", A), ("w", w)):
        param = getattr(model, name, None)
        if not isinstance(param, torch.Tensor) or tuple(param.shape) != value.shape:
            fail(f"GaussianMixture({M}, D={D}) has no parameter {name} of shape {value.shape}.",
                 None if param is None else shape_of(param), value.shape,
                 "keep the given constructor: mu (M, D), A (M, D, D), w (M,)", code="parameters")
        with torch.no_grad():
            param.copy_(torch.as_tensor(value, dtype=param.dtype))
    return model


def _points(model, x):
    """``x`` as a tensor with the dtype and device of the model's centres."""
    return torch.as_tensor(np.asarray(x), dtype=model.mu.dtype, device=model.mu.device)


def _log_likelihoods(model, x):
    x = _points(model, x)
    got = call_student(f"log_likelihoods(x), x of shape {tuple(x.shape)}",
                       model.log_likelihoods, x, cause=KEOPS_HINT, code="lazytensor_of_parameter")
    if not isinstance(got, torch.Tensor):
        fail("log_likelihoods did not return a torch tensor.", type(got).__name__,
             "a tensor of shape (N,)", "return the KeOps result (a torch tensor) itself",
             code="not_a_tensor")
    if tuple(got.shape) != (len(x),):
        fail(f"log_likelihoods has the wrong shape for {len(x)} points.", tuple(got.shape),
             (len(x),), "a KeOps reduction over j returns (N, 1): reshape it to (N,)"
             if tuple(got.shape) == (len(x), 1) else "one log-density per point",
             code="shape_n_1" if tuple(got.shape) == (len(x), 1) else "shape")
    return got


def _compare(what, got, case, code_if_unknown, cause_if_unknown, rtol=RTOL, atol=ATOL,
             mistakes_key="mistakes", expected_key="expected"):
    """Fail with the matching stored mistake (or a generic cause) unless got matches."""
    want = case[expected_key]
    got = to_numpy(got)
    if got.shape == np.shape(want) and np.allclose(got, want, rtol=rtol, atol=atol):
        return
    candidates = [(code, m["cause"], m["values"]) for code, m in case.get(mistakes_key, {}).items()]
    code, cause = diagnose(got, candidates, rtol=rtol, atol=atol) or (code_if_unknown,
                                                                      cause_if_unknown)
    fail(what, np.round(got.reshape(-1)[:4], 4), np.round(np.reshape(want, -1)[:4], 4),
         cause, code=code)


# ------------------------------------------------------------------------ log_det_precisions

def check_log_det_precisions(GaussianMixture):
    """``log_det_precisions()`` is log det(A_j A_j^T), shape (M,), for D = 1, 2, 3 and for
    precisions whose determinant underflows float32."""
    for D in (1, 2, 3):
        case = expected(MODULE, f"log_det_D{D}")
        A = case["A"]
        model = make_model(GaussianMixture, np.zeros(A.shape[:2]), A, np.zeros(len(A)))
        got = call_student(f"log_det_precisions() with D = {D}", model.log_det_precisions,
                           cause="compute it for any D, batched over the M components "
                                 "(the tutorial's 2 x 2 formula only works for D = 2)",
                           code="only_2x2")
        if shape_of(got) != (len(A),):
            fail(f"log_det_precisions() has the wrong shape for M = {len(A)}, D = {D}.",
                 shape_of(got), (len(A),), "one value per component", code="shape")
        _compare(f"log_det_precisions() is wrong for D = {D} (first components shown).",
                 got, case, "wrong_log_det", "compare with log det(A_j A_j^T) of the markdown")
    case = expected(MODULE, "log_det_tiny")
    model = make_model(GaussianMixture, np.zeros((1, 6)), case["A"], np.zeros(1))
    got = to_numpy(call_student("log_det_precisions() with tiny A (D = 6)",
                                model.log_det_precisions))
    if not np.allclose(got, case["expected"], rtol=RTOL, atol=ATOL):
        fail("log_det_precisions() is wrong when det(A A^T) underflows.",
             np.round(got, 3), np.round(case["expected"], 3),
             "det(A_j A_j^T) is about 1e-96 here and rounds to 0 in float32: take the log "
             "without forming the determinant (torch.linalg.slogdet, or a Cholesky factor)",
             code="determinant_underflow")


# ---------------------------------------------------------------------------- log_likelihoods

def check_log_likelihoods_values(GaussianMixture):
    """``log_likelihoods(x)`` is the exact log-density, shape (N,), on fixed inputs with
    non-diagonal A in D = 1, 2 and 3."""
    for D in (1, 2, 3):
        case = expected(MODULE, f"log_likelihoods_D{D}")
        model = make_model(GaussianMixture, case["mu"], case["A"], case["w"])
        got = _log_likelihoods(model, case["x"])
        _compare(f"log_likelihoods(x) is wrong for D = {D} (first points shown).",
                 got, case, "wrong_log_density",
                 "compare with log sum_j W_j (2 pi)^(-D/2) sqrt(det(A_j A_j^T)) "
                 "exp(-(x - mu_j)^T A_j A_j^T (x - mu_j) / 2)")


def _integral(model, grid, cell):
    return float(torch.exp(_log_likelihoods(model, grid)).detach().sum()) * cell


def check_log_likelihoods_normalised(GaussianMixture):
    """exp(log_likelihoods) integrates to 1 (within 0.01) on a fine grid, in 1-D and 2-D."""
    one_d = make_model(GaussianMixture, [[0.3], [0.5], [0.8]], [[[6.0]], [[-10.0]], [[4.0]]],
                       [0.0, 1.0, -1.0])
    grid = np.linspace(-2.0, 3.0, 5001)
    integrals = {"1-D": _integral(one_d, grid[:, None], grid[1] - grid[0])}
    two_d = make_model(GaussianMixture, [[0.3, 0.4], [0.6, 0.7], [0.5, 0.2]],
                       [[[7.0, 0.0], [2.0, 5.0]], [[4.0, -3.0], [1.0, 6.0]],
                        [[9.0, 1.0], [0.0, 3.0]]], [0.5, 0.0, -0.5])
    ticks = np.linspace(-1.0, 2.0, 301)
    grid = np.stack(np.meshgrid(ticks, ticks), -1).reshape(-1, 2)
    integrals["2-D"] = _integral(two_d, grid, (ticks[1] - ticks[0]) ** 2)
    for where, value in integrals.items():
        if not abs(value - 1) < 0.01:
            fail(f"The {where} density does not integrate to 1.", round(value, 4), 1.0,
                 "a normalising factor is missing or wrong: (2 pi)^(-D/2), "
                 "sqrt(det(A_j A_j^T)), or weights W_j that sum to 1", code="not_normalised")


def _keops_nodes_and_largest_saved(model, x):
    """(names of KeOps autograd nodes, largest tensor saved for backward) of log_likelihoods."""
    saved = []

    def pack(tensor):
        saved.append(tensor.numel())
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        out = _log_likelihoods(model, x)
    names, stack, seen = [], [out.grad_fn], set()
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        names.append(type(node).__name__)
        stack.extend(parent for parent, _ in node.next_functions)
    return [n for n in names if "Genred" in n or "KeOps" in n], max(saved, default=0)


def check_log_likelihoods_keops(GaussianMixture, N=5000, M=40, seed=0):
    """``log_likelihoods`` is a KeOps reduction: no tensor of N x M numbers is kept for
    the backward pass, and the autograd graph holds a KeOps node."""
    rng = np.random.default_rng(seed)
    model = make_model(GaussianMixture, rng.uniform(0, 1, (M, 2)),
                       np.tile(8 * np.eye(2), (M, 1, 1)), np.zeros(M))
    keops, largest = _keops_nodes_and_largest_saved(model, rng.uniform(0, 1, (N, 2)))
    if largest >= N * M:
        fail(f"log_likelihoods stores an N x M tensor (N = {N}, M = {M}).",
             f"a saved tensor of {largest:,} numbers (N x M = {N * M:,})",
             "no (N, M) tensor: a KeOps LazyTensor reduction",
             "the (N, M) matrix is built with torch: write it with Vi(x), Vj(...) and "
             "reduce with .logsumexp(dim=1)", code="dense_matrix")
    if not keops:
        fail("log_likelihoods is not computed by a KeOps reduction.",
             "no KeOps node in the autograd graph", "a pykeops.torch reduction",
             "use pykeops.torch's Vi, Vj and LazyTensor.logsumexp", code="not_keops")


def check_log_likelihoods_gradients(GaussianMixture):
    """Gradients of sum_i probe_i log p(x_i) w.r.t. mu, A and w match the stored values."""
    case = expected(MODULE, "gradients")
    model = make_model(GaussianMixture, case["mu"], case["A"], case["w"])
    loss = (_log_likelihoods(model, case["x"])
            * _points(model, case["probe"])).sum()
    params = [model.mu, model.A, model.w]
    grads = call_student("torch.autograd.grad of log_likelihoods", torch.autograd.grad,
                         loss, params, allow_unused=True,
                         cause="compute everything with torch operations on the parameters",
                         code="not_torch_ops")
    for name, grad in zip(("mu", "A", "w"), grads):
        want = case["expected"][name]
        if grad is None or not grad.abs().sum() > 0:
            fail(f"No gradient reaches {name} through log_likelihoods.", "no gradient",
                 np.round(want.reshape(-1)[:4], 4),
                 ".detach(), .data, .numpy() or float() cut the gradient: compute with "
                 "torch (and KeOps) operations on the parameters themselves",
                 code="no_gradient")
        got = to_numpy(grad)
        if not np.allclose(got, want, rtol=GRAD_RTOL, atol=GRAD_RTOL * np.abs(want).max()):
            fail(f"The gradient of log_likelihoods w.r.t. {name} is wrong.",
                 np.round(got.reshape(-1)[:4], 4), np.round(want.reshape(-1)[:4], 4),
                 "if log_likelihoods_values passes, part of the computation is cut from "
                 "the gradient (.detach(), .data, NumPy); otherwise fix the values first",
                 code="wrong_gradient")


# -------------------------------------------------------------------------- neglog_likelihood

def _cost(model, x, what):
    got = call_student(f"neglog_likelihood(x) ({what})", model.neglog_likelihood,
                       _points(model, x))
    if not isinstance(got, torch.Tensor) or got.numel() != 1 or not got.requires_grad:
        fail("neglog_likelihood must return a scalar tensor with a gradient.",
             f"{type(got).__name__} of shape {shape_of(got)}", "a 0-d torch tensor",
             "return a torch expression of the parameters (no float(), no .item())",
             code="not_a_scalar")
    return float(got.detach().reshape(()))


def check_neglog_likelihood(GaussianMixture):
    """The cost is the mean negative log-likelihood plus (s / M) sum_j sqrt(W_j), checked on
    a model with known weights with s = 0 and with s = 6."""
    case = expected(MODULE, "cost")
    model = make_model(GaussianMixture, case["mu"], case["A"], case["w"])
    no_prior = _cost(model, case["x"], "sparsity 0")
    own = -float(_log_likelihoods(model, case["x"]).detach().mean())
    if not np.isclose(no_prior, case["expected_no_prior"], rtol=RTOL, atol=ATOL) and \
            np.isclose(no_prior, own, rtol=RTOL, atol=ATOL):
        fail("With sparsity 0, neglog_likelihood(x) is wrong.", round(no_prior, 4),
             round(case["expected_no_prior"], 4),
             "the cost is right for your log_likelihoods, whose values are wrong: fix "
             "log_likelihoods first", code="wrong_log_likelihoods")
    _compare("With sparsity 0, neglog_likelihood(x) is wrong.", no_prior, case, "wrong_nll",
             "with s = 0 the cost is minus the mean of log_likelihoods(x)",
             mistakes_key="mistakes_no_prior", expected_key="expected_no_prior")
    with_prior = _cost(make_model(GaussianMixture, case["mu"], case["A"], case["w"],
                                  sparsity=case["sparsity"]), case["x"],
                       f"sparsity {case['sparsity']:g}")
    _compare(f"The prior (cost at s = {case['sparsity']:g} minus cost at s = 0) is wrong.",
             with_prior - no_prior, case, "wrong_prior",
             "the prior is + (s / M) sum_j sqrt(W_j), with W = softmax(w)",
             mistakes_key="mistakes_prior", expected_key="expected_prior")


# ------------------------------------------------------------------------------------ sample

def _within(mean, cov, want, n, errors=STANDARD_ERRORS):
    """Whether a sample's mean and covariance agree with ``want`` within ``errors`` s.e."""
    wmean, wcov = want["mean"], want["cov"]
    var = np.diag(wcov)
    mean_ok = np.all(np.abs(mean - wmean) <= errors * np.sqrt(var / n))
    cov_se = np.sqrt((np.outer(var, var) + wcov**2) / n)
    return mean_ok and np.all(np.abs(cov - wcov) <= errors * cov_se * 2)  # heavy mixture tails


def check_sample(GaussianMixture, seed=0):
    """``sample(n)`` returns (n, D) points whose mean and covariance match the mixture's
    within a few standard errors (a mixture with unequal weights and non-diagonal A)."""
    case = expected(MODULE, "sample")
    model = make_model(GaussianMixture, case["mu"], case["A"], case["w"])
    n = int(case["n"])
    torch.manual_seed(seed)
    got = call_student(f"sample({n}, generator=...)", model.sample, n,
                       generator=torch.Generator(device=model.mu.device).manual_seed(seed))
    if shape_of(got) != (n, 2):
        fail(f"sample({n}) has the wrong shape for D = 2.", shape_of(got), (n, 2),
             "one row per point", code="shape")
    points = to_numpy(got)
    if not np.all(np.isfinite(points)):
        fail(f"sample({n}) returned NaN or inf.", "non-finite values", "finite points",
             code="not_finite")
    mean, cov = points.mean(0), np.cov(points.T)
    if _within(mean, cov, case["expected"], n):
        return
    code, cause = next(((code, m["cause"]) for code, m in case["mistakes"].items()
                        if _within(mean, cov, m["values"], n)),
                       ("wrong_distribution", "draw j with probability W_j, then "
                        "mu_j plus a normal draw with covariance (A_j A_j^T)^-1"))
    fail(f"Mean and covariance of {n} samples do not match the mixture.",
         f"mean {np.round(mean, 3)}, covariance {np.round(cov, 4).tolist()}",
         f"mean {np.round(case['expected']['mean'], 3)}, covariance "
         f"{np.round(case['expected']['cov'], 4).tolist()}", cause, code=code)


# ---------------------------------------------------------------------------- sparsity prior

def fit(model, x, iterations, learning_rate=0.1):
    """Adam on ``model.neglog_likelihood(x)`` (as in the notebook); returns the last cost."""
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    for _ in range(iterations):
        optimizer.zero_grad()
        cost = model.neglog_likelihood(x)
        cost.backward()
        optimizer.step()
    return cost.item()


def active_components(model, M):
    """How many components have a weight above 1 / (10 M)."""
    return int((model.weights().detach() > 1 / (10 * M)).sum())


def check_sparsity_effect(GaussianMixture, x, seed=0, M=30, iterations=60):
    """On the spiral ``x``, a fit with s = 20 ends with fewer active components than s = 0."""
    counts = {}
    for s in (0.0, 20.0):
        torch.manual_seed(seed)
        model = call_student(f"GaussianMixture({M}, sparsity={s:g})", GaussianMixture, M,
                             sparsity=s)
        points = _points(model, x)
        last = call_student(f"{iterations} Adam steps at s = {s:g}",
                            fit, model, points, iterations)
        if not np.isfinite(last):
            fail(f"The fit with s = {s:g} diverged.", last, "a finite cost",
                 "is the log-density exact and the log-determinant finite?", code="diverged")
        counts[s] = active_components(model, M)
    if not counts[20.0] < counts[0.0]:
        fail("The sparsity prior does not switch components off.",
             f"{counts[20.0]} active components with s = 20, {counts[0.0]} with s = 0",
             "fewer active components (W_j > 1/(10 M)) with s = 20",
             "the prior + (s / M) sum_j sqrt(W_j) belongs in the cost, and log_likelihoods "
             "must use the weights W_j", code="no_sparsity")
