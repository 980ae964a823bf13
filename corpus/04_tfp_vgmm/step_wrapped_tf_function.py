# replaces: train_step_answer
# why: tf.function applied to a nested function with an input signature, loss via the model's outputs
def make_train_step(model, optimizer, n_total):
    """A tf.function that applies one optimizer step on a batch and returns the loss."""
    def step(x_batch):
        with tf.GradientTape() as tape:
            outputs = model(x_batch, sampling=True)
            loss = elbo_loss(outputs[0], outputs[1], n_total)
        variables = model.trainable_variables
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss

    return tf.function(step, input_signature=[tf.TensorSpec([None, None], tf.float32)])
