"""Plotting helpers shared by the notebooks. Every figure has a title and labelled axes."""

import matplotlib.pyplot as plt
import numpy as np


def plot_gaussian_units(centers, sigmas, weights, x_range=(-4.0, 4.0)):
    """Response w * exp(-(x - mu)^2 / sigma^2) of 1-D Gaussian units, one curve each."""
    x = np.linspace(*x_range, 400)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for mu, sigma, w in zip(centers, sigmas, weights):
        ax.plot(x, w * np.exp(-((x - mu) ** 2) / sigma**2),
                label=f"$\\mu$={mu:g}, $\\sigma$={sigma:g}, w={w:g}")
        ax.axvline(mu, color="grey", lw=0.5, ls=":")
    ax.set(title="Gaussian units respond to inputs near their centre",
           xlabel="input x (arbitrary units)", ylabel="unit output y (arbitrary units)")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def show_images(images, titles=None, title="", image_shape=(28, 28), columns=8):
    """A grid of flattened greyscale images (e.g. RBF centres drawn from MNIST)."""
    images = np.asarray(images)
    rows = int(np.ceil(len(images) / columns))
    fig, axes = plt.subplots(rows, columns, figsize=(1.2 * columns, 1.4 * rows + 0.4),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i].reshape(image_shape), cmap="gray_r")
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize="small")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_learning_curves(histories, metric="accuracy"):
    """Training (solid) and validation (dashed) ``metric`` per epoch for each named history."""
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for (name, history), color in zip(histories.items(), plt.cm.tab10.colors):
        values = history.history
        epochs = np.arange(1, len(values[metric]) + 1)
        ax.plot(epochs, values[metric], color=color, label=f"{name}, training")
        ax.plot(epochs, values[f"val_{metric}"], color=color, ls="--", label=f"{name}, validation")
    ax.set(title=f"Learning curves: {metric} per epoch", xlabel="epoch",
           ylabel=f"{metric} (fraction of images)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def plot_mixture_density(log_density, points, title, extent=(0, 1, 0, 1)):
    """A 2-D density image (``exp(log_density)``, (res, res) on a grid over ``extent``) with
    contours of the log-density and the data ``points`` (n, 2) on top."""
    log_density = np.asarray(log_density)
    fig, ax = plt.subplots(figsize=(5, 5))
    image = ax.imshow(np.exp(log_density), origin="lower", extent=extent, cmap="Blues",
                      interpolation="bilinear")
    top = log_density.max()
    ax.contour(log_density, levels=np.linspace(top - 20, top, 21), origin="lower",
               extent=extent, colors="#b0574f", linewidths=0.6)
    ax.scatter(*np.asarray(points).T, s=0.5, color="k", alpha=0.4)
    fig.colorbar(image, ax=ax, shrink=0.8, label="density (per unit area)")
    ax.set(title=title, xlabel="x_1 (unit square)", ylabel="x_2 (unit square)",
           xlim=extent[:2], ylim=extent[2:], aspect="equal")
    fig.tight_layout()
    return fig


def plot_points(x, labels=None, title="", ax=None):
    """A scatter plot of 2-D points, coloured by ``labels`` when given."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(5, 5))
    ax.scatter(x[:, 0], x[:, 1], c=labels, s=4, alpha=0.5, cmap="tab10" if labels is not None
               else None)
    ax.set(title=title, xlabel="$x_1$ (arbitrary units)", ylabel="$x_2$ (arbitrary units)",
           aspect="equal")
    return ax.figure


def plot_log_density(log_density, x, title="", resolution=150):
    """An image of exp(log_density(points)) over the box around the points ``x``, with a
    colour bar and the points on top; ``log_density`` maps (n, 2) float32 points to (n,)."""
    lo, hi = x.min(0) - 1.0, x.max(0) + 1.0
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    grid = np.stack([g1.ravel(), g2.ravel()], axis=1).astype(np.float32)
    density = np.exp(np.asarray(log_density(grid), dtype=np.float64)).reshape(g1.shape)
    fig, ax = plt.subplots(figsize=(6, 5))
    image = ax.imshow(density, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]),
                      cmap="viridis")
    ax.scatter(x[:, 0], x[:, 1], s=1, c="white", alpha=0.15)
    fig.colorbar(image, ax=ax, label="probability density (per unit area)")
    ax.set(title=title, xlabel="$x_1$ (arbitrary units)", ylabel="$x_2$ (arbitrary units)")
    return fig


def plot_curve(values, title="", xlabel="epoch", ylabel=""):
    """One curve of ``values`` against 1, 2, ..."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(np.arange(1, len(values) + 1), values)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    fig.tight_layout()
    return fig


def plot_loss_curves(losses):
    """The cost per iteration for each named fit (``{name: sequence of costs}``)."""
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for name, values in losses.items():
        ax.plot(np.arange(len(values)), values, label=name)
    ax.set(title="Fit of the Gaussian mixture: cost per iteration", xlabel="Adam iteration",
           ylabel="cost (mean negative log-likelihood + prior, nats)")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def plot_histograms(samples, labels, title="", xlabel=""):
    """Overlaid histograms (densities) of the sample sets ``samples``, one label each."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for values, label in zip(samples, labels):
        ax.hist(np.asarray(values).ravel(), bins=60, density=True, alpha=0.5, label=label)
    ax.set(title=title, xlabel=xlabel, ylabel="probability density")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def plot_scale(rows):
    """Time and peak memory per fit iteration against N, one line per (method, M), log-log.

    ``rows``: dicts with keys ``method``, ``N``, ``M``, ``seconds`` and ``peak_mib`` (None
    where the method was not run)."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    keys = sorted({(row["method"], row["M"]) for row in rows})
    for (method, M), color in zip(keys, plt.cm.tab10.colors * 2):
        mine = sorted((row for row in rows if (row["method"], row["M"]) == (method, M)
                       and row["seconds"] is not None), key=lambda row: row["N"])
        style = "-o" if method == "KeOps" else "--s"
        for ax, key in zip(axes, ("seconds", "peak_mib")):
            values = [max(row[key] or 0.0, 0.1) for row in mine]  # log axes: 0 shown as 0.1
            ax.plot([row["N"] for row in mine], values, style, color=color,
                    label=f"{method}, M = {M}")
    axes[0].set(title="Time of one fit iteration (forward + backward)",
                ylabel="seconds per iteration")
    axes[1].set(title="Peak memory of one fit iteration",
                ylabel="peak memory growth (MiB, at least 0.1)")
    for ax in axes:
        ax.set(xscale="log", yscale="log", xlabel="number of points N")
        ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def plot_contours(log_density, centre, half_width, title="", resolution=120):
    """Contours of exp(log_density) of 2-D points around ``centre`` (a box of ``half_width``);
    ``log_density`` maps (n, 2) float32 points to (n,)."""
    centre = np.asarray(centre, dtype=np.float64)
    g1, g2 = np.meshgrid(*(np.linspace(c - h, c + h, resolution)
                           for c, h in zip(centre, np.broadcast_to(half_width, 2))))
    grid = np.stack([g1.ravel(), g2.ravel()], axis=1).astype(np.float32)
    density = np.exp(np.asarray(log_density(grid), dtype=np.float64)).reshape(g1.shape)
    fig, ax = plt.subplots(figsize=(5, 4.5))
    contours = ax.contour(g1, g2, density, levels=8)
    fig.colorbar(contours, ax=ax, label="probability density")
    ax.set(title=title, xlabel="$\\mu_1$ (arbitrary units)", ylabel="$\\mu_2$ (arbitrary units)",
           aspect="equal")
    fig.tight_layout()
    return fig
