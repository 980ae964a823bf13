"""Assignment 03's reference implementations (the packed KeOps formula, the notebook solution's
form, the tutorial's form, the dense baseline) against the SciPy and dense float64 oracles, on
values for D = 1, 2, 3 and on gradients w.r.t. mu, A and w, with the checks' float32 tolerances
(values rtol 1e-4, atol 2e-3; gradients rtol 2e-3, atol 2e-3 of the largest entry); and the
visible checks pass on each."""

import numpy as np
import pytest
import torch

from gausslab.answers.keops_gmm import DenseGaussianMixture, GaussianMixture
from gausslab.checks import keops_gmm as checks
from gausslab.grading.oracles import keops_gmm as oracle
from gausslab.grading.warm_keops import SolutionForm, TutorialForm

FORMS = [GaussianMixture, SolutionForm, TutorialForm, DenseGaussianMixture]


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("D", [1, 2, 3])
def test_values_match_scipy(form, D):
    rng = np.random.default_rng(D)
    mu, A, w = oracle.random_mixture(rng, 6, D)
    x = rng.uniform(-0.2, 1.2, (50, D))
    model = checks.make_model(form, mu, A, w)
    got = model.log_likelihoods(torch.tensor(x, dtype=torch.float32)).detach().numpy()
    np.testing.assert_allclose(got, oracle.scipy_log_likelihoods(x, mu, A, w),
                               rtol=checks.RTOL, atol=checks.ATOL)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.__name__)
def test_gradients_match_the_dense_oracle(form):
    rng = np.random.default_rng(7)
    mu, A, w = oracle.random_mixture(rng, 5, 2)
    x, probe = rng.uniform(0, 1, (40, 2)), rng.normal(size=40)
    model = checks.make_model(form, mu, A, w)
    loss = (model.log_likelihoods(torch.tensor(x, dtype=torch.float32))
            * torch.tensor(probe, dtype=torch.float32)).sum()
    grads = torch.autograd.grad(loss, [model.mu, model.A, model.w])
    for grad, want in zip(grads, oracle.dense_gradients(x, mu, A, w, probe)):
        np.testing.assert_allclose(grad.numpy(), want, rtol=checks.GRAD_RTOL,
                                   atol=checks.GRAD_RTOL * np.abs(want).max())


def test_reference_formula_equals_the_solution_form():
    """The reference's formula (one packed Vj, ||A^T (x - mu)||^2) gives the solution's
    (three Vj, weightedsqdist with A A^T) cost and gradients on the notebook's sizes."""
    torch.manual_seed(0)
    packed, solution = GaussianMixture(20, sparsity=5.0), SolutionForm(20, sparsity=5.0)
    solution.load_state_dict(packed.state_dict())
    x = torch.rand(500, 2)
    costs = [model.neglog_likelihood(x) for model in (packed, solution)]
    torch.testing.assert_close(costs[0], costs[1], rtol=1e-5, atol=1e-6)
    for cost in costs:
        cost.backward()
    for a, b in zip(packed.parameters(), solution.parameters()):
        torch.testing.assert_close(a.grad, b.grad, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("form", [GaussianMixture, SolutionForm, TutorialForm],
                         ids=lambda f: f.__name__)
def test_visible_checks_accept_the_keops_forms(form):
    checks.check_log_det_precisions(form)
    checks.check_log_likelihoods_values(form)
    checks.check_log_likelihoods_keops(form)
    checks.check_log_likelihoods_gradients(form)
    checks.check_neglog_likelihood(form)
