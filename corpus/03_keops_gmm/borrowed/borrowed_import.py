# replaces: gaussian_mixture_answer
# fails: log_det_precisions_values log_likelihoods_values log_likelihoods_normalised log_likelihoods_keops log_likelihoods_gradients neglog_likelihood_cost sample_statistics sparsity_prior_effect
# why: borrowed: imports the reference class from the helper package
from gausslab.answers.keops_gmm import GaussianMixture
