"""Reference answers of assignment 04: a Bayesian Gaussian mixture fitted by stochastic
variational inference with TensorFlow Probability.

Used by the benchmarks and by later assignments; the open assignment's notebook never imports
it (its tasks are ``GaussianMixtureModel.__call__``, ``elbo_loss`` and ``make_train_step``).
"""

import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd, tfb = tfp.distributions, tfp.bijectors


class GaussianMixtureModel(tf.Module):
    """Variational posteriors of a Bayesian mixture of diagonal Gaussians.

    q(mu_kd) = Normal(locs, scales), q(sigma_kd^-2) = Gamma(alpha, beta), q(theta) =
    Dirichlet(counts); priors Normal(0, 1), Gamma(5, 5), Dirichlet(2, ..., 2). The positive
    parameters are softplus-transformed variables, so they stay positive while training.
    """

    def __init__(self, n_components=3, n_dims=2, seed=0, name=None):
        super().__init__(name=name)
        self.n_components, self.n_dims = n_components, n_dims
        rng = np.random.default_rng(seed)
        shape = (n_components, n_dims)
        positive = tfb.Softplus()
        self.locs = tf.Variable(rng.normal(size=shape), dtype=tf.float32, name="locs")
        self.scales = tfp.util.TransformedVariable(
            rng.gamma(5.0, 1 / 5.0, shape) ** -0.5, positive, dtype=tf.float32, name="scales")
        self.alpha = tfp.util.TransformedVariable(
            rng.uniform(4.0, 6.0, shape), positive, dtype=tf.float32, name="alpha")
        self.beta = tfp.util.TransformedVariable(
            rng.uniform(4.0, 6.0, shape), positive, dtype=tf.float32, name="beta")
        self.counts = tfp.util.TransformedVariable(
            2.0 * np.ones(n_components), positive, dtype=tf.float32, name="counts")
        self.mu_prior = tfd.Normal(0.0, 1.0)
        self.sigma_prior = tfd.Gamma(5.0, 5.0)  # over the precisions sigma^-2
        self.theta_prior = tfd.Dirichlet(2.0 * tf.ones(n_components))

    def __call__(self, x, sampling=True):
        """``(log_likelihoods (batch,), kl_sum ())`` of a batch ``x`` (batch, n_dims).

        With ``sampling`` each point gets its own sample of the means, precisions and weights;
        otherwise the likelihood is evaluated at the posterior means.
        """
        x = tf.convert_to_tensor(x, tf.float32)
        q_mu = tfd.Normal(self.locs, self.scales)
        q_precision = tfd.Gamma(self.alpha, self.beta)
        q_theta = tfd.Dirichlet(self.counts)
        if sampling:
            n = tf.shape(x)[0]
            mu, precision, theta = q_mu.sample(n), q_precision.sample(n), q_theta.sample(n)
        else:
            mu, precision, theta = q_mu.mean(), q_precision.mean(), q_theta.mean()
        density = tfd.MixtureSameFamily(
            tfd.Categorical(probs=theta),
            tfd.MultivariateNormalDiag(loc=mu, scale_diag=tf.math.rsqrt(precision)))
        kl_sum = (tf.reduce_sum(tfd.kl_divergence(q_mu, self.mu_prior))
                  + tf.reduce_sum(tfd.kl_divergence(q_precision, self.sigma_prior))
                  + tf.reduce_sum(tfd.kl_divergence(q_theta, self.theta_prior)))
        return density.log_prob(x), kl_sum


def elbo_loss(log_likelihoods, kl_sum, n_total):
    """Minus the ELBO per data point, estimated on a batch of a dataset of ``n_total`` points."""
    return kl_sum / n_total - tf.reduce_mean(log_likelihoods)


def make_train_step(model, optimizer, n_total):
    """A ``tf.function`` that takes one batch, applies one optimizer step and returns the loss."""

    @tf.function
    def train_step(x_batch):
        with tf.GradientTape() as tape:
            loss = elbo_loss(*model(x_batch), n_total)
        variables = model.trainable_variables
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss

    return train_step
