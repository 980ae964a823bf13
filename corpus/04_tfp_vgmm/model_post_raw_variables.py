# replaces: model_answer
# fails: model_trainable_variables centres_recovered
# why: the post's keras.Model with raw tf.Variable attributes: Keras 3 tracks none of them, the model never trains
# cause: no_trainable_variables not_converged
class GaussianMixtureModel(keras.Model):
    """Variational posteriors of a Bayesian mixture of K diagonal Gaussians in D dimensions."""

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
        self.sigma_prior = tfd.Gamma(5.0, 5.0)
        self.theta_prior = tfd.Dirichlet(2.0 * tf.ones(n_components))

    def call(self, x, sampling=True):
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
