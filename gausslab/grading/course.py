"""Run nbgrader's own apps on a course directory, always with the project's ``grader_config.py``."""

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "grader_config.py"
COURSE = tomllib.loads((REPO / "course.toml").read_text())["assignments"]
# assignment id -> notebook name, which is also the name of its modules in gausslab.checks,
# gausslab.answers, gausslab.grading.oracles and gausslab.grading.hidden
ASSIGNMENTS = {assignment: entry["notebook"] for assignment, entry in COURSE.items()}


class NbgraderError(RuntimeError):
    """An nbgrader app exited with an error; the message holds its log."""


def nbgrader(command, *args, root, db=None, check=True):
    """Run ``nbgrader <command> <args>`` on the course directory ``root``; return its log."""
    stray = Path(root, "nbgrader_config.py")
    if stray.exists():
        raise NbgraderError(f"{stray} would be loaded on top of {CONFIG}: remove it (the "
                            "project's nbgrader configuration lives in grader_config.py only)")
    bin_dir = Path(sys.executable).parent  # nbgrader and alembic live next to this Python
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    argv = [str(bin_dir / "nbgrader"), command, *args,
            f"--JupyterApp.config_file={CONFIG.with_suffix('')}",  # nbgrader appends .py
            f"--CourseDirectory.root={Path(root).resolve()}"]
    if db is not None:
        argv.append(f"--CourseDirectory.db_url=sqlite:///{Path(db).resolve()}")
    done = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True)
    log = done.stdout + done.stderr
    if check and done.returncode != 0:
        raise NbgraderError(f"nbgrader {command} {' '.join(args)} failed "
                            f"(exit {done.returncode}):\n{log}")
    return log


def release(root=REPO, assignments=ASSIGNMENTS, execute=True):
    """Generate ``notebooks/`` (student release) and ``solutions/`` from ``source/`` in ``root``.

    ``execute=False`` skips running the solutions (their outputs), e.g. to check for drift.
    """
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "release.db"  # the release needs a gradebook, nobody keeps it
        for assignment in assignments:
            nbgrader("generate_assignment", assignment, "--force", root=root, db=db)
            nbgrader("generate_solution", assignment, "--force",
                     *([] if execute else ["--Execute.enabled=False"]), root=root, db=db)
            _drop_execution_times(Path(root) / "solutions" / assignment)


def _drop_execution_times(folder):
    """Remove per-cell execution timestamps so that a re-release changes only what changed."""
    for path in Path(folder).glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            cell.metadata.pop("execution", None)
        nbformat.write(notebook, path)


def copy_sources(root, assignments=ASSIGNMENTS):
    """A fresh course directory at ``root`` holding a copy of the repository's ``source/``."""
    root = Path(root)
    for assignment in assignments:
        shutil.copytree(REPO / "source" / assignment, root / "source" / assignment,
                        dirs_exist_ok=True)
    return root
