"""The limits of one submission, and nbgrader's executor that names the cell where one was hit.

The limits live in ``grader_config.py`` (``Execute.timeout`` per cell; ``GausslabLimits.memory_mb``
and ``GausslabLimits.submission_timeout`` per submission); the command line may override them.
``GuardedExecute`` replaces nbgrader's ``Execute`` in the autograde pipeline of a worker: a cell
that hits a limit gets an error output that says which limit and which cell, e.g.
``TimeLimitExceeded: time limit of 300 s exceeded in cell rbf_layer_answer``, and when the
kernel dies (a crash, or the memory watchdog killed it) the kernel is restarted, the cells
before it are run again, and the rest of the notebook is still graded.
"""

import copy
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets.config.loader import PyFileConfigLoader

from gausslab.grading.course import CONFIG

# Error names that GuardedExecute writes into a cell's outputs; the worker reads them back.
LIMIT_ERRORS = ("TimeLimitExceeded", "OutOfMemory", "KernelDied")
OOM_MARKER_ENV = "GAUSSLAB_OOM_MARKER"  # the watchdog writes this file before it kills a kernel
TIMINGS_ENV = "GAUSSLAB_TIMINGS"  # where GuardedExecute writes the seconds each cell took

# Run silently in the kernel before any student code: keep the builtins and NumPy's
# comparisons as they are, so that RESTORE can put them back.
SNAPSHOT = """
import builtins as _b, sys as _s, types as _t, numpy as _np, numpy.testing as _npt
_g = _t.ModuleType("_gausslab_guard")
_g.builtins = dict(vars(_b))
_g.numpy = {_n: getattr(_np, _n) for _n in ("allclose", "isclose", "array_equal", "all", "any",
                                           "abs", "asarray", "array", "isfinite", "float64")}
_g.testing = {_n: getattr(_npt, _n) for _n in dir(_npt) if _n.startswith("assert_")}
_s.modules["_gausslab_guard"] = _g
del _b, _s, _t, _np, _npt, _g
"""
# Run silently before every test cell: undo what a student cell replaced in the builtins, in
# NumPy's comparisons and in the test machinery (gausslab.checks and gausslab.grading are
# reloaded from their files; the answers and helpers are left alone, so identities hold).
RESTORE = """
import sys as _s, importlib as _il
_g = _s.modules.get("_gausslab_guard")
if _g is not None:
    import builtins as _b, numpy as _np, numpy.testing as _npt
    vars(_b).update(_g.builtins)
    for _n, _v in _g.numpy.items():
        setattr(_np, _n, _v)
    for _n, _v in _g.testing.items():
        setattr(_npt, _n, _v)
    del _b, _np, _npt, _n, _v
for _m in sorted(_k for _k in list(_s.modules)
                 if _k.startswith(("gausslab.checks", "gausslab.grading"))):
    try:
        _il.reload(_s.modules[_m])
    except Exception:
        pass
del _s, _il, _g
"""


@dataclass(frozen=True)
class Limits:
    """Per-cell time limit, memory cap of the kernel and wall-clock limit of one submission."""

    cell_timeout: int = 300
    memory_mb: int = 4096
    submission_timeout: int = 3600


def configured_limits(config=CONFIG, **overrides):
    """The limits set in ``grader_config.py``, with the non-None ``overrides`` on top."""
    loaded = PyFileConfigLoader(Path(config).name, path=str(Path(config).parent)).load_config()
    values = asdict(Limits())
    if "timeout" in loaded.get("Execute", {}):
        values["cell_timeout"] = int(loaded.Execute.timeout)
    for key in ("memory_mb", "submission_timeout"):
        if key in loaded.get("GausslabLimits", {}):
            values[key] = int(loaded.GausslabLimits[key])
    values.update({k: int(v) for k, v in overrides.items() if v is not None})
    return Limits(**values)


def cell_name(cell, index):
    """A cell's grade_id, else its position in the notebook (``cell 7``)."""
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return grade_id or f"cell {index + 1}"


def _error(ename, message):
    return NotebookNode(output_type="error", ename=ename, evalue=message,
                        traceback=[f"{ename}: {message}"])


class GuardedExecute(Execute):
    """nbgrader's ``Execute`` that reports limits by cell and survives a dead kernel."""

    def preprocess(self, nb, resources=None, km=None):
        self._timings = {"kernel_start": None, "cells": []}
        self._started = time.perf_counter()
        try:
            return super().preprocess(nb, resources, km)
        finally:
            path = os.environ.get(TIMINGS_ENV)
            if path:
                Path(path).write_text(json.dumps(self._timings))

    def _aside(self, cell, index):
        """Run ``cell`` in the kernel, leaving the notebook's own cell ``index`` as it was
        (nbclient stores the cell it ran at its index)."""
        original = self.nb.cells[index]
        try:
            self.execute_cell(cell, index, store_history=False)
        finally:
            self.nb.cells[index] = original

    def _silently(self, code, index):
        """Run ``code`` in the kernel; its outputs go nowhere."""
        self._aside(NotebookNode(cell_type="code", source=code, metadata={}, outputs=[]), index)

    def preprocess_cell(self, cell, resources, index):
        if self._timings["kernel_start"] is None:
            self._timings["kernel_start"] = time.perf_counter() - self._started
            self._silently(SNAPSHOT, index)
        start = time.perf_counter()
        try:
            if cell.cell_type == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
                self._silently(RESTORE, index)
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            marker = Path(os.environ.get(OOM_MARKER_ENV, "/nonexistent"))
            if marker.exists():
                limit = marker.read_text().strip()
                marker.unlink()
                cell.outputs.append(_error(
                    "OutOfMemory", f"out of memory in cell {cell_name(cell, index)} "
                    f"(the kernel used more than {limit} MB and was stopped)"))
            else:
                cell.outputs.append(_error(
                    "KernelDied", f"kernel died in cell {cell_name(cell, index)}"))
            self._restart_and_replay(index)
            return cell, self.resources
        except CellTimeoutError:  # still busy after the interrupt (or no output for too long)
            cell.outputs.append(_error(
                "TimeLimitExceeded", f"time limit of {self.timeout} s exceeded in cell "
                f"{cell_name(cell, index)} (the kernel did not stop and was restarted)"))
            self._restart_and_replay(index)
            return cell, self.resources
        finally:
            self._timings["cells"].append({
                "index": index, "code": cell.cell_type == "code",
                "seconds": time.perf_counter() - start,
                "nbgrader": dict(cell.get("metadata", {}).get("nbgrader", {}))})

    async def _async_handle_timeout(self, timeout, cell=None):
        await super()._async_handle_timeout(timeout, cell)  # interrupts the kernel
        index = next((i for i, c in enumerate(self.nb.cells) if c is cell), -1)
        error = _error("TimeLimitExceeded",
                       f"time limit of {timeout} s exceeded in cell {cell_name(cell, index)}")
        return {"content": {**{k: error[k] for k in ("ename", "evalue", "traceback")},
                            "status": "error"}}

    def _restart_and_replay(self, index):
        """A fresh kernel that has run the code cells before ``index`` (except those that hit a
        limit), so that the cells after the one that died are graded as they would have been."""
        self._cleanup_kernel()
        self.km = self.create_kernel_manager()
        self.start_new_kernel()
        self.start_new_kernel_client()
        self._silently(SNAPSHOT, index)
        for earlier, cell in enumerate(self.nb.cells[:index]):
            if cell.cell_type != "code" or any(
                    output.get("ename") in LIMIT_ERRORS for output in cell.get("outputs", [])):
                continue
            try:
                self._aside(copy.deepcopy(cell), earlier)
            except DeadKernelError:  # it died again while replaying: go on from a bare kernel
                self._cleanup_kernel()
                self.km = self.create_kernel_manager()
                self.start_new_kernel()
                self.start_new_kernel_client()
                return
