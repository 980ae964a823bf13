"""Answers of assignment 03: a Gaussian mixture fitted by gradient descent with PyTorch + KeOps.

``GaussianMixture`` is the reference model of the notebook; ``DenseGaussianMixture`` computes
the same log-density with the full (N, M) matrix in memory, as well as PyTorch allows (one
matrix product, no Python loop). The benchmark races the two.
"""

import math

import torch

import gausslab.keops_cache  # noqa: F401 - before pykeops: safe cache files
from pykeops.torch import Vi, Vj  # noqa: E402


class GaussianMixture(torch.nn.Module):
    """M Gaussians in D dimensions: centres ``mu`` (M, D), precisions ``A_j A_j^T`` from ``A``
    (M, D, D), weights ``softmax(w)`` from ``w`` (M,); cost = mean NLL + (s / M) sum sqrt(W_j).
    """

    def __init__(self, M, sparsity=0.0, D=2):
        super().__init__()
        self.sparsity = sparsity
        self.mu = torch.nn.Parameter(torch.rand(M, D))
        self.A = torch.nn.Parameter(15 * torch.eye(D).repeat(M, 1, 1))
        self.w = torch.nn.Parameter(torch.zeros(M))

    def weights(self):
        """Mixture weights W = softmax(w), shape (M,)."""
        return torch.softmax(self.w, dim=0)

    def log_det_precisions(self):
        """log det(A_j A_j^T) = 2 log |det A_j|, shape (M,), without forming a determinant."""
        return 2 * torch.linalg.slogdet(self.A).logabsdet

    def log_components(self):
        """log of each component's factor W_j (2 pi)^(-D/2) sqrt(det(A_j A_j^T)), shape (M,)."""
        D = self.mu.shape[1]
        return (torch.log_softmax(self.w, dim=0) + 0.5 * self.log_det_precisions()
                - 0.5 * D * math.log(2 * math.pi))

    def log_likelihoods(self, x):
        """Exact log-density at each row of ``x`` (N, D), shape (N,): a KeOps log-sum-exp.

        Two choices make the fit iteration fast on a CPU (see ``keops_vs_dense`` in the
        benchmarks). KeOps' backward pass runs one reduction over the N points per ``Vj``
        variable, so centres, factors A_j and log-factors are packed, (M, D + D * D + 1), into
        one ``Vj`` and sliced inside the formula (the notebook's solution passes three). And
        the quadratic form is ||A_j^T (x_i - mu_j)||^2, from A_j itself, rather than
        ``weightedsqdist`` with the precision A_j A_j^T: a cheaper formula to differentiate.
        """
        M, D = self.mu.shape
        p_j = Vj(torch.cat([self.mu, self.A.reshape(M, D * D), self.log_components()[:, None]],
                           dim=1))
        projected = (Vi(x) - p_j[:D]).vecmatmult(p_j[D:D + D * D])  # (x_i - mu_j)^T A_j
        return (-0.5 * projected.sqnorm2() + p_j[D + D * D]).logsumexp(dim=1).reshape(-1)

    def neglog_likelihood(self, x):
        """Mean negative log-likelihood plus the sparsity prior (s / M) sum_j sqrt(W_j)."""
        prior = self.sparsity / len(self.w) * self.weights().sqrt().sum()
        return -self.log_likelihoods(x).mean() + prior

    @torch.no_grad()
    def sample(self, n, generator=None):
        """``n`` points (n, D): a component j with probability W_j, then mu_j + A_j^-T z."""
        D = self.mu.shape[1]
        components = torch.multinomial(self.weights(), n, replacement=True, generator=generator)
        z = torch.randn(n, D, 1, generator=generator, device=self.mu.device,
                        dtype=self.mu.dtype)
        offsets = torch.linalg.solve(self.A[components].transpose(1, 2), z)  # A_j^T y = z
        return self.mu[components] + offsets[..., 0]


class DenseGaussianMixture(GaussianMixture):
    """The same model with the (N, M) matrix of exponents in memory: the benchmark's baseline."""

    def log_likelihoods(self, x):
        M, D = self.mu.shape
        # ||A_j^T (x - mu_j)||^2 from one (N, D) @ (D, M * D) product: (N, M, D) in memory
        projected = (x @ self.A.permute(1, 0, 2).reshape(D, M * D)).reshape(-1, M, D)
        centred = projected - torch.einsum("md,mde->me", self.mu, self.A)
        exponents = -0.5 * centred.square().sum(-1)
        return torch.logsumexp(exponents + self.log_components(), dim=1)
