"""Where assignment 03 runs: the GPU when KeOps runs there, else the CPU.

KeOps builds its GPU compiler engine with the system C++ compiler, then compiles each formula
with NVRTC. Where that goes wrong, it can crash the Python process itself, and a notebook's
kernel dies: seen on an H200 (CUDA 13.0, pykeops 2.3) whose g++ lacked the LTO plugin, where
the engine built with ``-flto=auto`` segfaulted on every formula. So a tiny KeOps reduction is
first run on the GPU in a separate process; if that process fails, KeOps is told to use the CPU
(its "auto" backend otherwise sends even CPU tensors to the GPU) and the reason is printed.
"""

import os
import signal
import subprocess
import sys

import torch

import gausslab.keops_cache  # noqa: F401 - before pykeops: safe cache files
import pykeops  # noqa: E402

PROBE = """
import torch
import gausslab.keops_cache
from pykeops.torch import Vi, Vj
x = torch.rand(100, 2, device="cuda")
result = (-((Vi(x) - Vj(x)) ** 2).sum(-1)).logsumexp(dim=1)
assert torch.isfinite(result).all(), "KeOps gave a non-finite result on the GPU"
"""
PROBE_TIMEOUT_S = 300  # the first probe compiles KeOps' GPU engine and one formula


def probe_gpu(code=PROBE):
    """Run ``code`` (a KeOps reduction on the GPU) in a fresh Python; return None if it
    worked, else why not, in a few words."""
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=PROBE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return f"a test reduction did not finish in {PROBE_TIMEOUT_S} s"
    if done.returncode == 0:
        return None
    if done.returncode < 0:
        return f"a test reduction crashed Python ({signal.Signals(-done.returncode).name})"
    last = (done.stderr.strip().splitlines() or ["no message"])[-1]
    return f"a test reduction failed: {last}"


def keops_device():
    """``torch.device("cuda")`` when PyTorch and KeOps see a GPU and a KeOps reduction runs on
    it, else ``torch.device("cpu")``; ``GAUSSLAB_DEVICE=cpu`` asks for the CPU."""
    if not (torch.cuda.is_available() and pykeops.config.gpu_available):
        return torch.device("cpu")
    why = ("GAUSSLAB_DEVICE=cpu is set" if os.environ.get("GAUSSLAB_DEVICE") == "cpu"
           else probe_gpu())
    if why is None:
        return torch.device("cuda")
    pykeops.config.gpu_available = False  # KeOps' "auto" backend then computes on the CPU
    print(f"KeOps does not use the GPU ({why}): everything runs on the CPU.")
    return torch.device("cpu")
