# replaces: gaussian_mixture_answer
# fails: neglog_likelihood_cost
# why: the prior is s sum_j sqrt(W_j), without the 1/M
# cause: prior_without_1_over_M
class GaussianMixture(torch.nn.Module):
    """A mixture of M Gaussians in D dimensions, fitted by gradient descent."""

    def __init__(self, M, sparsity=0.0, D=2):
        super().__init__()
        self.sparsity = sparsity
        self.mu = torch.nn.Parameter(torch.rand(M, D))                      # centres (M, D)
        self.A = torch.nn.Parameter(15 * torch.eye(D).repeat(M, 1, 1))      # precisions A A^T
        self.w = torch.nn.Parameter(torch.zeros(M))                         # weight scores (M,)

    def weights(self):
        """Mixture weights W = softmax(w), shape (M,)."""
        return torch.softmax(self.w, dim=0)

    def log_det_precisions(self):
        """log det(A_j A_j^T) for each component, shape (M,)."""
        return 2 * torch.linalg.slogdet(self.A).logabsdet  # det(A A^T) = det(A)^2

    def log_likelihoods(self, x):
        """log p(x_i) at each row of x (N, D), shape (N,), with a KeOps log-sum-exp."""
        M, D = self.mu.shape
        precisions = (self.A @ self.A.transpose(1, 2)).reshape(M, D * D)
        log_factors = (torch.log_softmax(self.w, dim=0) + 0.5 * self.log_det_precisions()
                       - 0.5 * D * math.log(2 * math.pi))
        exponents = -0.5 * Vi(x).weightedsqdist(Vj(self.mu.view(M, D)), Vj(precisions))
        return (exponents + Vj(log_factors.view(M, 1))).logsumexp(dim=1).view(-1)

    def neglog_likelihood(self, x):
        """Mean negative log-likelihood of x plus the sparsity prior, a scalar."""
        prior = self.sparsity * self.weights().sqrt().sum()
        return -self.log_likelihoods(x).mean() + prior

    @torch.no_grad()
    def sample(self, n, generator=None):
        """n points (n, D) drawn from the mixture."""
        D = self.mu.shape[1]
        components = torch.multinomial(self.weights(), n, replacement=True, generator=generator)
        z = torch.randn(n, D, 1, generator=generator, device=self.mu.device, dtype=self.mu.dtype)
        offsets = torch.linalg.solve(self.A[components].transpose(1, 2), z)  # A_j^T y = z
        return self.mu[components] + offsets[..., 0]
