"""Shared test settings: quiet TensorFlow, the repository's paths, the notebooks' metadata."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import json  # noqa: E402
import linecache  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

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


# ------------------------------------------------------------------ a browser and a student venv

CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own browser download is not used
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-default-apps", "--disable-extensions",
                 "--disable-sync", "--no-first-run", "--metrics-recording-only",
                 "--disable-features=Translate,OptimizationHints,MediaRouter"]


def chromium(purpose):
    """The system Chromium for Playwright. Missing, the test fails in CI (GAUSSLAB_CI=1; .ci/run
    installs it) and is skipped elsewhere, saying how to install it."""
    executable = shutil.which("chromium") or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if executable is None:
        message = (f"Chromium is missing: install it with `apt-get install chromium` "
                   f"(.ci/run does) to check {purpose} in a browser")
        if os.environ.get("GAUSSLAB_CI"):
            pytest.fail(message)
        pytest.skip(message)
    return executable


def student_venv(release, folder):
    """A new venv in ``folder`` holding only the student release's wheel and a Jupyter kernel,
    plus the pinned libraries of this one (seen read-only); returns its python."""
    venv = Path(folder) / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path("
                           "'purelib'))"], check=True, capture_output=True, text=True)
    libraries = subprocess.run([sys.executable, "-c", "import sysconfig; print(sysconfig."
                                "get_path('purelib'))"], check=True, capture_output=True,
                               text=True).stdout.strip()
    # a plain path entry: the project's editable install of gausslab is not seen
    Path(site.stdout.strip(), "libraries.pth").write_text(libraries + "\n")
    wheel = next(Path(release).glob("gausslab-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True)
    subprocess.run([str(python), "-m", "ipykernel", "install", "--prefix", str(venv)],
                   check=True, capture_output=True)
    return python
