# replaces: train_step_answer
# fails: train_step_is_tf_function train_step_update centres_recovered
# why: a one-line wrapper around the reference training step of the helper package
# cause: borrowed_answer
def make_train_step(model, optimizer, n_total):
    """A tf.function that applies one optimizer step on a batch and returns the loss."""
    from gausslab.answers import tfp_vgmm
    return tfp_vgmm.make_train_step(model, optimizer, n_total)
