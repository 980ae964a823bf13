# replaces: gaussian_mixture_answer
# why: correct: torch.logdet of the precision, log W from weights().log(), samples from the Cholesky factor of the covariance
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
        return torch.logdet(self.A @ self.A.mT)

    def log_likelihoods(self, x):
        """log p(x_i) at each row of x (N, D), shape (N,), with a KeOps log-sum-exp."""
        n_components, dim = self.mu.shape
        log_norm = -dim / 2 * math.log(2 * math.pi) + self.log_det_precisions() / 2
        log_w = self.weights().log() + log_norm                          # (M,)
        flat_precisions = torch.bmm(self.A, self.A.transpose(1, 2)).flatten(1)
        exponents = -0.5 * Vi(x).weightedsqdist(Vj(self.mu[:, :]), Vj(flat_precisions))
        lse = (exponents + Vj(log_w[:, None])).logsumexp(dim=1)
        return lse.squeeze(1)

    def neglog_likelihood(self, x):
        """Mean negative log-likelihood of x plus the sparsity prior, a scalar."""
        nll = -self.log_likelihoods(x).sum() / x.shape[0]
        return nll + self.sparsity * torch.sum(torch.sqrt(self.weights())) / self.w.numel()

    @torch.no_grad()
    def sample(self, n, generator=None):
        """n points (n, D) drawn from the mixture."""
        covariances = torch.linalg.inv(self.A @ self.A.mT)
        L = torch.linalg.cholesky(covariances)
        picks = torch.multinomial(self.weights(), n, replacement=True, generator=generator)
        z = torch.randn(n, self.mu.shape[1], generator=generator, device=self.mu.device)
        return self.mu[picks] + torch.einsum("nde,ne->nd", L[picks], z)
