"""Autograde a class: each submission in its own process and scratch space, on Dask.

The coordinator (this module) is the only writer of the class gradebook. Per assignment it
runs nbgrader's ``generate_assignment``, hands each submission that changed since it was last
graded to a worker (``gausslab.grading.worker.grade_submission``: a Dask task, on a
``LocalCluster`` of ``workers`` processes or on the cluster at ``scheduler``), and records each
result as it arrives: the record file, the autograded notebook, its feedback HTML (written by
nbgrader's ``generate_feedback`` in the worker), and the grades through nbgrader's own
``SaveAutoGrades``. Then nbgrader's ``export`` writes the grades CSV (and its
``generate_feedback`` writes again the feedback of an assignment in which someone graded by hand
in the formgrader, so that it shows those points). A run that is stopped picks up where it
stopped: graded submissions whose notebook and source are unchanged are not graded again; a
worker that crashed or ran out of time never replaces a recorded grade.
"""

import contextlib
import logging
import shutil
import tempfile
import warnings
from dataclasses import asdict
from pathlib import Path

import nbformat
from nbgrader.api import (Assignment, Comment, Grade, Gradebook, MissingEntry, SubmittedAssignment,
                          SubmittedNotebook)
from nbgrader.preprocessors import SaveAutoGrades
from sqlalchemy.exc import SAWarning
from tqdm import tqdm

from gausslab.grading import records, sandbox
from gausslab.grading.course import ASSIGNMENTS, nbgrader
from gausslab.grading.limits import configured_limits
from gausslab.grading.report import Result
from gausslab.grading.worker import folder_files, grade_submission


class GradingError(RuntimeError):
    """The grading itself broke (not a student's submission): the message says what."""


def submitted_students(root, assignment):
    """Students with a folder ``submitted/<student>/<assignment>``."""
    submitted = Path(root) / "submitted"
    return sorted(p.name for p in submitted.iterdir() if (p / assignment).is_dir())


def _prepare(root, assignment):
    """Run ``generate_assignment`` in the class, and make the gradebook that knows only
    ``assignment`` (no student, no grade) that workers start from, unless both were made from
    the same source already. Returns the source's files, their hash and that gradebook."""
    source = folder_files(Path(root) / "source" / assignment)
    sha = records.sha256_files(source)
    folder = Path(root) / "records" / assignment
    template, marker = folder / ".template.db", folder / ".source.sha256"
    if not (marker.exists() and marker.read_text() == sha and template.exists()
            and (Path(root) / "gradebook.db").exists()):
        nbgrader("generate_assignment", assignment, "--force", root=root)
        with tempfile.TemporaryDirectory() as scratch:
            shutil.copytree(Path(root) / "source" / assignment,
                            Path(scratch) / "source" / assignment)
            db = Path(scratch) / "template.db"
            nbgrader("generate_assignment", assignment, "--force", root=scratch, db=db)
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(db, template)
        marker.write_text(sha)
    return source, sha, template.read_bytes()


def _db_url(root):
    return f"sqlite:///{Path(root).resolve() / 'gradebook.db'}"


def _record_grades(root, record, notebook_text, feedback):
    """Write one worker's result into the class: autograded notebook, feedback and gradebook
    (a submission that was not graded loses its earlier ones)."""
    assignment, student = record["assignment"], record["student"]
    feedback_folder = Path(root) / "feedback" / student / assignment
    shutil.rmtree(feedback_folder, ignore_errors=True)
    with warnings.catch_warnings(), Gradebook(_db_url(root)) as gradebook:
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's own, on every new submission
        gradebook.update_or_create_student(student)
        if record["status"] != "graded":
            with contextlib.suppress(MissingEntry):
                gradebook.remove_submission(assignment, student)
            return
        timestamp_file = Path(root) / "submitted" / student / assignment / "timestamp.txt"
        timestamp = timestamp_file.read_text().strip() if timestamp_file.exists() else None
        gradebook.update_or_create_submission(assignment, student,
                                              **({"timestamp": timestamp} if timestamp else {}))
    folder = Path(root) / "autograded" / student / assignment
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / record["notebook"]).write_text(notebook_text)
    if timestamp:
        (folder / "timestamp.txt").write_text(timestamp)
    for name, data in feedback.items():  # the HTML, and the files nbgrader copies beside it
        (feedback_folder / name).parent.mkdir(parents=True, exist_ok=True)
        (feedback_folder / name).write_bytes(data)
    if timestamp and feedback:  # as nbgrader's generate_feedback copies it from autograded/
        (feedback_folder / "timestamp.txt").write_text(timestamp)
    notebook = nbformat.reads(notebook_text, as_version=4)
    SaveAutoGrades().preprocess(notebook, {"nbgrader": {
        "notebook": Path(record["notebook"]).stem, "assignment": assignment,
        "student": student, "db_url": _db_url(root)}})


def _graded_by_hand(root, assignment):
    """Whether someone entered points, extra credit or a comment in nbgrader's formgrader for a
    submission of ``assignment``: then its feedback is written again from the class gradebook."""
    with Gradebook(_db_url(root)) as gradebook:
        for table, by_hand in ((Grade, Grade.manual_score.isnot(None) |
                                Grade.extra_credit.isnot(None)),
                               (Comment, Comment.manual_comment.isnot(None))):
            if (gradebook.db.query(table).join(SubmittedNotebook).join(SubmittedAssignment)
                    .join(Assignment).filter(Assignment.name == assignment, by_hand).count()):
                return True
    return False


@contextlib.contextmanager
def dask_client(workers=2, scheduler=None):
    """A Dask client: on the cluster at ``scheduler``, else on a LocalCluster of ``workers``
    single-threaded processes (Dask's own memory management off: the watchdog caps kernels)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                      memory_limit=0, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def _jobs(root, assignment, limits, sandboxed, force):
    """The grading jobs of ``assignment``: one per submission not graded as it is now."""
    source_files, source_sha, template = _prepare(root, assignment)
    with Gradebook(_db_url(root)) as gradebook:
        max_score = gradebook.find_assignment(assignment).max_score
    jobs = []
    for student in submitted_students(root, assignment):
        files = folder_files(Path(root) / "submitted" / student / assignment)
        files.pop("timestamp.txt", None)
        sha = records.sha256_files(files)
        old = records.load(root, assignment, student)
        if (not force and old and old["submission_sha256"] == sha
                and old["source_sha256"] == source_sha and old["status"] != "failed"):
            continue
        jobs.append({"assignment": assignment, "student": student,
                     "notebook": ASSIGNMENTS[assignment] + ".ipynb", "files": files,
                     "source": source_files, "gradebook": template, "limits": asdict(limits),
                     "sandbox": sandboxed, "submission_sha256": sha, "source_sha256": source_sha,
                     "max_score": max_score})
    return jobs


def grade_class(root, assignments=ASSIGNMENTS, workers=2, scheduler=None, limits=None,
                force=False, sandboxed=True, progress=True):
    """Autograde every submission under ``root/submitted``; return one ``Result`` each.

    ``root`` is an nbgrader course directory holding ``source/`` and ``submitted/``. Writes
    ``root/records/``, ``root/autograded/``, the grades in ``root/gradebook.db``,
    ``root/grades.csv`` (nbgrader export) and ``root/feedback/`` (HTML per student).
    ``limits``: a ``Limits`` (default: grader_config.py's). Raises ``GradingError`` when some
    submissions could not be graded because the grading broke (after recording the others).
    """
    from distributed import as_completed

    root = Path(root)
    limits = limits or configured_limits()
    if sandboxed and not sandbox.bwrap():
        raise GradingError("bubblewrap (bwrap) is not installed, so student code could reach "
                           "the class gradebook: install it (apt-get install bubblewrap), or "
                           "grade without the sandbox (--no-sandbox) only for trusted notebooks")
    jobs = [job for a in assignments for job in _jobs(root, a, limits, sandboxed, force)]
    broken = []
    if jobs:
        with dask_client(workers, scheduler) as client:
            futures = {client.submit(grade_submission, job, pure=False, key=
                                     f"grade-{job['assignment']}-{job['student']}-"
                                     f"{job['submission_sha256'][:12]}"): job for job in jobs}
            for future in tqdm(as_completed(futures), total=len(futures), desc="autograde",
                               disable=not progress):
                job = futures[future]
                try:
                    record, notebook, feedback = future.result()
                except Exception as error:  # noqa: BLE001 - a lost worker: keep what is recorded
                    record = records.failed(records.new_record(job), f"the worker was lost: "
                                            f"{type(error).__name__}: {error}", "", 0)
                    record["seconds"] = None
                    notebook, feedback = None, {}
                if record["status"] == "failed":
                    broken.append(record)
                    if records.load(root, job["assignment"], job["student"]) is not None:
                        continue  # never replace a recorded grade by a crash
                _record_grades(root, record, notebook, feedback)
                records.store(root, record)
    for assignment in filter(lambda a: _graded_by_hand(root, a), assignments):
        nbgrader("generate_feedback", assignment, "--force", root=root, check=False)
    nbgrader("export", f"--to={root.resolve() / 'grades.csv'}", root=root)
    results = collect(root, assignments)
    if broken:
        raise GradingError(
            "the grading broke on these submissions (their earlier grades, if any, are kept; "
            "run the same command again to retry them):\n" + "\n".join(
                f"  {r['student']} / {r['assignment']}: {r['problem']}" for r in broken),
            results)
    return results


def collect(root, assignments):
    """One ``Result`` per submitted (student, assignment), read from the records."""
    results = []
    for assignment in assignments:
        for student in submitted_students(root, assignment):
            record = records.load(root, assignment, student)
            if record is not None:
                results.append(Result.from_record(record))
    return results
