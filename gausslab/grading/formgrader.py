"""``python -m gausslab.grading formgrader COURSE_DIR``: JupyterLab with nbgrader's formgrader on
a graded course directory, where a person grades the written answers.

nbgrader's formgrader runs inside the Jupyter server and reads only ``nbgrader_config.py`` files:
from Jupyter's config directories and, last and so strongest, from the directory the server
starts in (nbgrader's docs, "The nbgrader_config.py file", use cases 1 and 2). The course
directory must be the server's root or below it. So the server starts in a temporary directory
whose ``nbgrader_config.py`` loads the project's ``grader_config.py`` and names the course root,
and serves the course directory itself. Nothing is written into the course directory, where an
``nbgrader_config.py`` would be loaded on top of ``grader_config.py`` by every other command.
"""

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from gausslab.grading.course import CONFIG

NBGRADER_CONFIG = """# Written by `python -m gausslab.grading formgrader` for this server only.
c = get_config()  # noqa: F821
load_subconfig({config!r})  # noqa: F821 - the project's nbgrader configuration
c.CourseDirectory.root = {root!r}
"""


class FormgraderError(ValueError):
    """The folder given is not a graded course directory."""


def check_course(root):
    """``root`` resolved, once it holds a gradebook and the sources it was graded from."""
    root = Path(root).resolve()
    if not (root / "gradebook.db").is_file() or not (root / "source").is_dir():
        raise FormgraderError(f"{root} is not a graded course directory: it needs gradebook.db "
                              "and source/ (run `python -m gausslab.grading grade` on it first, "
                              "or `make grade` for the demo class in build/demo_class)")
    if (root / "nbgrader_config.py").exists():
        raise FormgraderError(f"{root / 'nbgrader_config.py'} would be loaded on top of "
                              f"{CONFIG}: remove it")
    return root


def run(root, lab_args=()):
    """Run JupyterLab with the formgrader on the course directory ``root`` until it is stopped
    (Ctrl-C); returns its exit status. ``lab_args``: more options for ``jupyter lab``."""
    root = check_course(root)
    bin_dir = Path(sys.executable).parent  # jupyter and alembic live next to this Python
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    with tempfile.TemporaryDirectory(prefix="gausslab-formgrader-") as folder:
        Path(folder, "nbgrader_config.py").write_text(
            NBGRADER_CONFIG.format(config=str(CONFIG), root=str(root)))
        print(f"formgrader on {root}: in JupyterLab, Nbgrader > Formgrader > Manual Grading",
              flush=True)
        lab = subprocess.Popen([str(bin_dir / "jupyter"), "lab", f"--ServerApp.root_dir={root}",
                                *lab_args], cwd=folder, env=env)
        # a stop request reaches the lab, which shuts its kernels down; then the folder goes
        signal.signal(signal.SIGTERM, lambda signum, frame: lab.send_signal(signum))
        while True:
            try:
                return lab.wait()
            except KeyboardInterrupt:  # the lab got it too, and asks whether to stop
                continue
