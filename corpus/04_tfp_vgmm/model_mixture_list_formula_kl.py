# replaces: model_answer
# why: tfd.Mixture of a list of components, the three KLs written out, the samples drawn per point from reparametrised Normal draws
class GaussianMixtureModel(tf.Module):
    """Variational posteriors of a Bayesian mixture of K diagonal Gaussians in D dimensions."""

    def __init__(self, n_components=3, n_dims=2, seed=0, name=None):
        super().__init__(name=name)
        self.n_components, self.n_dims = n_components, n_dims
        rng = np.random.default_rng(seed)
        shape = (n_components, n_dims)
        positive = tfb.Softplus()  # trains an unconstrained variable, exposes softplus of it
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
        """(log_likelihoods of shape (batch,), kl_sum of shape ()) for a batch x (batch, D)."""
        x = tf.cast(x, tf.float32)
        locs, scales = self.locs, tf.convert_to_tensor(self.scales)
        alpha, beta = tf.convert_to_tensor(self.alpha), tf.convert_to_tensor(self.beta)
        counts = tf.convert_to_tensor(self.counts)
        n = tf.shape(x)[0]
        if sampling:  # one draw per point: (n, K, D) and (n, K)
            noise = tf.random.normal(tf.concat([[n], tf.shape(locs)], 0))
            mu = locs + scales * noise
            precision = tfd.Gamma(alpha, beta).sample(n)
            theta = tfd.Dirichlet(counts).sample(n)
        else:
            mu, precision, theta = locs, alpha / beta, counts / tf.reduce_sum(counts)
        sigma = 1.0 / tf.sqrt(precision)
        components = [tfd.MultivariateNormalDiag(loc=mu[..., k, :], scale_diag=sigma[..., k, :])
                      for k in range(self.n_components)]
        density = tfd.Mixture(cat=tfd.Categorical(probs=theta), components=components)

        # KL(N(l, s) || N(0, 1))
        kl_mu = tf.reduce_sum(-tf.math.log(scales) + (scales**2 + locs**2) / 2.0 - 0.5)
        # KL(Gamma(a, b) || Gamma(5, 5)), rate parametrisation
        a0, b0 = 5.0, 5.0
        kl_sigma = tf.reduce_sum((alpha - a0) * tf.math.digamma(alpha) - tf.math.lgamma(alpha)
                                 + tf.math.lgamma(a0) + a0 * (tf.math.log(beta) - tf.math.log(b0))
                                 + alpha * (b0 - beta) / beta)
        # KL(Dirichlet(c) || Dirichlet(2, ..., 2))
        c0 = 2.0 * tf.ones_like(counts)
        total, total0 = tf.reduce_sum(counts), tf.reduce_sum(c0)
        kl_theta = (tf.math.lgamma(total) - tf.reduce_sum(tf.math.lgamma(counts))
                    - tf.math.lgamma(total0) + tf.reduce_sum(tf.math.lgamma(c0))
                    + tf.reduce_sum((counts - c0) * (tf.math.digamma(counts)
                                                     - tf.math.digamma(total))))
        return density.log_prob(x), kl_mu + kl_sigma + kl_theta
