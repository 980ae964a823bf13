# replaces: gaussian_mixture_answer
# fails: log_det_precisions_values log_likelihoods_values log_likelihoods_normalised log_likelihoods_keops log_likelihoods_gradients neglog_likelihood_cost sample_statistics sparsity_prior_effect
# why: borrowed: walks gausslab's modules with pkgutil and takes whatever is called GaussianMixture
import importlib
import pkgutil

import gausslab

for info in pkgutil.walk_packages(gausslab.__path__, "gausslab."):
    try:
        found = getattr(importlib.import_module(info.name), "GaussianMixture", None)
    except Exception:
        continue
    if found is not None:
        GaussianMixture = found
        break
