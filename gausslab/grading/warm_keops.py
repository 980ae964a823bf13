"""Compile assignment 03's KeOps formulas into ``KEOPS_CACHE_FOLDER`` ahead of tests and grading.

``python -m gausslab.grading.warm_keops`` evaluates, once each, the formulas that the notebook,
the checks and the hidden checks run: the log-density for D = 1, 2 and 3 and its gradients
(w.r.t. centres, precisions and weights) for D = 2, in three forms: the reference's (its
parameters packed into one ``Vj`` variable), the notebook solution's (a log-weight added inside
the reduction, three ``Vj`` variables) and the KeOps tutorial's (``logsumexp(weight=...)`` of
``-weightedsqdist`` with A A^T / 2), which many students will copy. KeOps compiles each formula
with the C++ compiler the first time (about 15 s of CPU each, 16 in all) and loads it
from the cache afterwards, so that graded cells do not spend their time limit compiling
(a student's own, different formula still compiles once while it is graded). ``make`` calls
it through a stamp file in the cache folder.
"""

import math
import os
import sys
import time

import torch

from gausslab.answers.keops_gmm import GaussianMixture
from pykeops.torch import Vi, Vj


class SolutionForm(GaussianMixture):
    """The density as the notebook's solution writes it: three ``Vj`` variables."""

    def log_likelihoods(self, x):
        M, D = self.mu.shape
        precisions = (self.A @ self.A.transpose(1, 2)).reshape(M, D * D)
        exponents = -0.5 * Vi(x).weightedsqdist(Vj(self.mu.view(M, D)), Vj(precisions))
        return (exponents + Vj(self.log_components()[:, None])).logsumexp(dim=1).reshape(-1)


class TutorialForm(GaussianMixture):
    """The same density written as in the KeOps tutorial: weights passed to ``weight=``."""

    def log_likelihoods(self, x):
        M, D = self.mu.shape
        gamma = (self.A @ self.A.transpose(1, 2)).reshape(M, D * D) / 2
        factors = (self.weights() * torch.exp(0.5 * self.log_det_precisions())
                   / (2 * math.pi) ** (D / 2))
        K_ij = -Vi(x).weightedsqdist(Vj(self.mu[:, :]), Vj(gamma))
        return K_ij.logsumexp(dim=1, weight=Vj(factors[:, None]))[:, 0]


def warm():
    """Evaluate every formula once; return the seconds it took."""
    start = time.perf_counter()
    for form in (GaussianMixture, SolutionForm, TutorialForm):
        for D in (1, 2, 3):
            cost = form(3, sparsity=1.0, D=D).neglog_likelihood(torch.rand(5, D))
            if D == 2:
                cost.backward()
    return time.perf_counter() - start


def main():
    print(f"KeOps formulas of assignment 03 ready in {warm():.0f} s "
          f"(cache: {os.environ.get('KEOPS_CACHE_FOLDER', 'KeOps default')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
