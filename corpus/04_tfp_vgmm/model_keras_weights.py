# replaces: model_answer
# why: a keras.Model whose variables are Keras weights (add_weight), positive ones as softplus DeferredTensors; call() instead of __call__
class GaussianMixtureModel(keras.Model):
    """Variational posteriors of a Bayesian mixture of K diagonal Gaussians in D dimensions."""

    def __init__(self, n_components=3, n_dims=2, seed=0, name=None):
        super().__init__(name=name)
        self.n_components, self.n_dims = n_components, n_dims
        rng = np.random.default_rng(seed)
        shape = (n_components, n_dims)

        def weight(name, value, positive=True):
            value = np.asarray(value, "float32")
            raw = tfp.math.softplus_inverse(value) if positive else value
            variable = self.add_weight(name=name, shape=value.shape,
                                       initializer=keras.initializers.Constant(raw))
            # DeferredTensor needs the tf.Variable inside the Keras weight to stay differentiable
            return tfp.util.DeferredTensor(variable.value, tf.math.softplus) if positive else variable

        self.locs = weight("locs", rng.normal(size=shape), positive=False)
        self.scales = weight("scales", rng.gamma(5.0, 1 / 5.0, shape) ** -0.5)
        self.alpha = weight("alpha", rng.uniform(4.0, 6.0, shape))
        self.beta = weight("beta", rng.uniform(4.0, 6.0, shape))
        self.counts = weight("counts", 2.0 * np.ones(n_components))
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
            tfd.Independent(tfd.Normal(mu, precision**-0.5), reinterpreted_batch_ndims=1))
        kl_sum = tf.add_n([tf.reduce_sum(tfd.kl_divergence(q, p)) for q, p in [
            (q_mu, self.mu_prior), (q_precision, self.sigma_prior), (q_theta, self.theta_prior)]])
        return density.log_prob(x), kl_sum
