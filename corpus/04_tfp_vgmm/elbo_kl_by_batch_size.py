# replaces: elbo_loss_answer
# fails: elbo_loss_values train_step_update
# why: the KL is divided by the batch size instead of the dataset size
# cause: kl_by_batch_size
def elbo_loss(log_likelihoods, kl_sum, n_total):
    """Minus the ELBO per data point, estimated on one batch of a dataset of n_total points."""
    batch_size = tf.cast(tf.shape(log_likelihoods)[0], tf.float32)
    return kl_sum / batch_size - tf.reduce_mean(log_likelihoods)
