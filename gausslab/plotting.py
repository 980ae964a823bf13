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
