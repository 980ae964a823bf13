# replaces: elbo_loss_answer
# why: minus the ELBO estimated for the whole dataset, then divided by n_total
def elbo_loss(log_likelihoods, kl_sum, n_total):
    """Minus the ELBO per data point, estimated on one batch of a dataset of n_total points."""
    elbo = n_total * tf.reduce_mean(log_likelihoods) - kl_sum
    return -elbo / n_total
