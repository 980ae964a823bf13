# replaces: train_step_answer
# why: a tape that watches the variables explicitly, gradients applied one pair at a time
def make_train_step(model, optimizer, n_total):
    """A tf.function that applies one optimizer step on a batch and returns the loss."""
    variables = list(model.trainable_variables)

    @tf.function(reduce_retracing=True)
    def train_step(x_batch):
        with tf.GradientTape(watch_accessed_variables=False) as tape:
            tape.watch(variables)
            log_likelihoods, kl_sum = model(x_batch)
            loss = elbo_loss(log_likelihoods, kl_sum, n_total)
        gradients = tape.gradient(loss, variables)
        optimizer.apply_gradients([(g, v) for g, v in zip(gradients, variables)])
        return loss

    return train_step
