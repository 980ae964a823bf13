# replaces: gaussian_mixture_answer
# why: correct: Cholesky log-determinant, the tutorial's logsumexp(weight=) with A A^T / 2 in the exponent, MultivariateNormal(precision_matrix=)
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
        L = torch.linalg.cholesky(self.A @ self.A.transpose(-1, -2))
        return 2 * torch.log(torch.diagonal(L, dim1=-2, dim2=-1)).sum(-1)

    def log_likelihoods(self, x):
        """log p(x_i) at each row of x (N, D), shape (N,), with a KeOps log-sum-exp."""
        M, D = self.mu.shape
        gamma = (self.A @ self.A.transpose(1, 2)).reshape(M, D * D) / 2
        factors = self.weights() * torch.exp(0.5 * self.log_det_precisions()) / (2 * math.pi) ** (D / 2)
        K_ij = -Vi(x).weightedsqdist(Vj(self.mu[:, :]), Vj(gamma))
        return K_ij.logsumexp(dim=1, weight=Vj(factors[:, None]))[:, 0]

    def neglog_likelihood(self, x):
        """Mean negative log-likelihood of x plus the sparsity prior, a scalar."""
        return -torch.mean(self.log_likelihoods(x)) + self.sparsity * self.weights().sqrt().mean()

    @torch.no_grad()
    def sample(self, n, generator=None):
        """n points (n, D) drawn from the mixture."""
        j = torch.distributions.Categorical(probs=self.weights()).sample((n,))
        precisions = self.A @ self.A.transpose(1, 2)
        return torch.distributions.MultivariateNormal(self.mu[j], precision_matrix=precisions[j]).sample()
