"""Autograde a class with nbgrader: generate, autograde (in parallel workers), feedback, export.

A broken submission never stops the run: nbgrader grades each student separately, and a
student it could not grade (a notebook that is not even JSON, say) is reported with the reason
instead of being dropped.
"""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tqdm import tqdm

from gausslab.grading.course import ASSIGNMENTS, nbgrader
from gausslab.grading.report import collect


def submitted_students(root, assignment):
    """Students with a folder ``submitted/<student>/<assignment>``."""
    submitted = Path(root) / "submitted"
    return sorted(p.name for p in submitted.iterdir() if (p / assignment).is_dir())


def _autograde_one(root, assignment, student):
    log = nbgrader("autograde", assignment, f"--student={student}", "--force", root=root,
                   check=False)
    if "database is locked" in log:  # two workers wrote the gradebook at once: try again alone
        log = nbgrader("autograde", assignment, f"--student={student}", "--force", root=root,
                       check=False)
    return log


def grade_class(root, assignments=ASSIGNMENTS, workers=2, progress=True):
    """Autograde every submission under ``root/submitted``; return the collected grades.

    ``root`` is an nbgrader course directory holding ``source/`` and ``submitted/``. Writes
    ``root/grades.csv`` (nbgrader export) and ``root/feedback/`` (HTML per student).
    """
    logs = {}
    for assignment in assignments:
        nbgrader("generate_assignment", assignment, "--force", root=root)
        students = submitted_students(root, assignment)
        with ThreadPoolExecutor(max(1, workers)) as pool:
            results = pool.map(lambda s: _autograde_one(root, assignment, s), students)
            for student, log in tqdm(zip(students, results), total=len(students),
                                     desc=f"autograde {assignment}", disable=not progress):
                logs[assignment, student] = log
        nbgrader("generate_feedback", assignment, "--force", root=root, check=False)
    nbgrader("export", f"--to={Path(root).resolve() / 'grades.csv'}", root=root)
    return collect(root, assignments, logs)
