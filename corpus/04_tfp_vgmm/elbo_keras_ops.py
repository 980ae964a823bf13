# replaces: elbo_loss_answer
# why: keras.ops instead of tf, the mean written as a sum over the batch size
def elbo_loss(log_likelihoods, kl_sum, n_total):
    """Minus the ELBO per data point, estimated on one batch of a dataset of n_total points."""
    batch = keras.ops.cast(keras.ops.shape(log_likelihoods)[0], "float32")
    return kl_sum / n_total - keras.ops.sum(log_likelihoods) / batch
