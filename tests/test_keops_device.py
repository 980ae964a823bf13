"""Assignment 03's device choice (`gausslab.keops_device`): the GPU only when a KeOps reduction
runs there; a probe that crashes or fails sends KeOps and the notebook to the CPU, with the
reason printed. This machine has no GPU: the GPU side is simulated, the probe is real."""

import pykeops
import pytest
import torch

from gausslab import keops_device as kd


@pytest.fixture
def gpu_seen(monkeypatch):
    """PyTorch and KeOps both report a GPU."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(pykeops.config, "gpu_available", True)
    monkeypatch.delenv("GAUSSLAB_DEVICE", raising=False)


def test_no_gpu_means_cpu_without_a_probe(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(kd, "probe_gpu", lambda: pytest.fail("probed without a GPU"))
    assert kd.keops_device() == torch.device("cpu")


def test_a_working_probe_means_cuda(gpu_seen, monkeypatch):
    monkeypatch.setattr(kd, "probe_gpu", lambda: None)
    assert kd.keops_device() == torch.device("cuda")
    assert pykeops.config.gpu_available


def test_a_crashing_probe_means_cpu_for_keops_too(gpu_seen, monkeypatch, capsys):
    crash = "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"
    why = kd.probe_gpu(crash)
    assert why == "a test reduction crashed Python (SIGSEGV)"
    monkeypatch.setattr(kd, "probe_gpu", lambda: why)
    assert kd.keops_device() == torch.device("cpu")
    assert pykeops.config.gpu_available is False  # KeOps' "auto" backend: CPU tensors stay
    assert capsys.readouterr().out == (
        "KeOps does not use the GPU (a test reduction crashed Python (SIGSEGV)): "
        "everything runs on the CPU.\n")


def test_a_failing_probe_says_why():
    why = kd.probe_gpu("raise RuntimeError('no kernel image is available')")
    assert why == "a test reduction failed: RuntimeError: no kernel image is available"


def test_gausslab_device_cpu_skips_the_probe(gpu_seen, monkeypatch, capsys):
    monkeypatch.setenv("GAUSSLAB_DEVICE", "cpu")
    monkeypatch.setattr(kd, "probe_gpu", lambda: pytest.fail("probed though the CPU was asked"))
    assert kd.keops_device() == torch.device("cpu")
    assert "GAUSSLAB_DEVICE=cpu is set" in capsys.readouterr().out


def test_the_real_probe_fails_cleanly_without_a_gpu():
    """The probe's own code runs up to the GPU, and fails there with a message, not a crash."""
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    why = kd.probe_gpu()
    assert why.startswith("a test reduction failed: "), why
