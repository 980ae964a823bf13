"""Shared test settings: quiet TensorFlow, the repository's paths, the notebooks' metadata."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import json  # noqa: E402
import linecache  # noqa: E402

import pytest  # noqa: E402

from gausslab.grading.course import ASSIGNMENTS, REPO  # noqa: E402


def notebook_path(folder, assignment):
    return REPO / folder / assignment / f"{ASSIGNMENTS[assignment]}.ipynb"


def read_notebook(folder, assignment):
    return json.loads(notebook_path(folder, assignment).read_text())


def nbgrader_cells(notebook, **flags):
    """Cells whose nbgrader metadata has all the given flags (e.g. grade=True)."""
    return [cell for cell in notebook["cells"]
            if all(cell.get("metadata", {}).get("nbgrader", {}).get(k) == v
                   for k, v in flags.items())]


def run_cell(source, filename, namespace):
    """Run a cell's source in ``namespace`` as a kernel would, with its lines in linecache
    (where inspect, and so the borrowed-answer detector, finds a cell's source)."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace


@pytest.fixture(params=sorted(ASSIGNMENTS))
def assignment(request):
    return request.param
