# replaces: train_step_answer
# fails: train_step_is_tf_function
# why: the step is a plain Python function, run eagerly (slow), not a tf.function
# cause: not_tf_function
def make_train_step(model, optimizer, n_total):
    """A tf.function that applies one optimizer step on a batch and returns the loss."""
    def train_step(x_batch):
        with tf.GradientTape() as tape:
            log_likelihoods, kl_sum = model(x_batch)
            loss = elbo_loss(log_likelihoods, kl_sum, n_total)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        return loss

    return train_step
