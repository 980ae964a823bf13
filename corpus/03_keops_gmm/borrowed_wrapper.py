# replaces: gaussian_mixture_answer
# fails: log_det_precisions_values log_likelihoods_values log_likelihoods_normalised log_likelihoods_keops log_likelihoods_gradients neglog_likelihood_cost sample_statistics sparsity_prior_effect
# why: borrowed: the given class whose methods each call the helper package's in one line
# cause: borrowed_answer
import gausslab.answers.keops_gmm as reference


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
        return reference.GaussianMixture.log_det_precisions(self)

    def log_components(self):
        return reference.GaussianMixture.log_components(self)

    def log_likelihoods(self, x):
        return reference.GaussianMixture.log_likelihoods(self, x)

    def neglog_likelihood(self, x):
        return reference.GaussianMixture.neglog_likelihood(self, x)

    def sample(self, n, generator=None):
        return reference.GaussianMixture.sample(self, n, generator)
