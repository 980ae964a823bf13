# replaces: elbo_loss_answer
# fails: elbo_loss_values train_step_update
# why: the log-likelihoods of the batch are summed instead of averaged
# cause: sum_log_likelihoods
def elbo_loss(log_likelihoods, kl_sum, n_total):
    """Minus the ELBO per data point, estimated on one batch of a dataset of n_total points."""
    return kl_sum / n_total - tf.reduce_sum(log_likelihoods)
