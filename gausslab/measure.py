"""Time and peak memory of one step of a computation, for the notebooks and the benchmarks."""

import time
from pathlib import Path

import torch

STATUS = Path("/proc/self/status")


def _rss_kib(field):
    """A memory field of /proc/self/status (Linux), e.g. VmRSS or VmHWM, in KiB."""
    for line in STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def step_cost(step, device):
    """``(seconds, peak MiB)`` of one call of ``step()`` on ``device`` (a ``torch.device``).

    Peak memory is the growth above what was in use just before the call: on CUDA from
    ``torch.cuda.max_memory_allocated``; on CPU from the peak resident memory of this process
    (Linux; None elsewhere). Memory that an earlier step freed but the process kept can hide
    part of a CPU step's growth, so measure the smaller cases first.
    """
    cuda = device.type == "cuda"
    if cuda:
        torch.cuda.synchronize(device)
        torch.cuda.reset_peak_memory_stats(device)
        before = torch.cuda.memory_allocated(device)
    elif STATUS.exists():
        Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to the RSS
        before = _rss_kib("VmRSS") * 1024
    start = time.perf_counter()
    step()
    if cuda:
        torch.cuda.synchronize(device)
    seconds = time.perf_counter() - start
    if cuda:
        peak = torch.cuda.max_memory_allocated(device)
    elif STATUS.exists():
        peak = _rss_kib("VmHWM") * 1024
    else:
        return seconds, None
    return seconds, (peak - before) / 2**20
