"""Grade one submission in a scratch course directory of its own, and return its record as data.

``grade_submission(job)`` is the task that local processes or Dask workers run. It needs only
the job (bytes and names, no path of the class) and this environment: it writes a course
directory holding the assignment's source, a gradebook with only the assignment in it and the
one submission, runs nbgrader's own ``autograde`` and ``generate_feedback`` there in a separate
process (``gausslab.grading.autograde_one``), with the kernel in the sandbox
(``gausslab.grading.sandbox``), under the limits (``gausslab.grading.limits``), and a memory
watchdog. It returns the record (``gausslab.grading.records``), the autograded notebook and the
feedback; the coordinator alone writes them into the class and its gradebook.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbgrader.api import Gradebook, MissingEntry

from gausslab.grading import integrity, records, sandbox
from gausslab.grading.course import CONFIG
from gausslab.grading.limits import OOM_MARKER_ENV, TIMINGS_ENV, Limits

WORKER_CONFIG = """\
c = get_config()  # noqa: F821
load_subconfig({config!r})  # noqa: F821 - the project's grader_config.py
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern,
                                    LimitOutput, SaveAutoGrades)
from nbconvert.preprocessors import ClearMetadataPreprocessor
from gausslab.grading.limits import GuardedExecute
c.Autograde.autograde_preprocessors = [GuardedExecute, IgnorePattern, ClearMetadataPreprocessor,
                                       LimitOutput, SaveAutoGrades, AssignLatePenalties,
                                       CheckCellMetadata]
c.Execute.timeout = {timeout}
c.Execute.kernel_name = {kernel!r}
c.Execute.execute_retries = 0
c.Execute.iopub_timeout = 30  # a loaded machine delivers a cell's last outputs late
"""


def _watch_memory(process, limit_mb, marker, stop):
    """Kill the kernel (every process below nbgrader) once together they use over ``limit_mb``."""
    try:
        parent = psutil.Process(process.pid)
    except psutil.NoSuchProcess:
        return
    while not stop.wait(0.2):
        try:
            children = parent.children(recursive=True)
        except psutil.NoSuchProcess:
            return
        rss = 0
        for child in children:
            try:
                rss += child.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        if rss > limit_mb * 2**20:
            Path(marker).write_text(str(limit_mb))
            for child in children:
                try:
                    child.kill()
                except psutil.NoSuchProcess:
                    pass


def _choose_notebook(files, notebook):
    """(name of the submitted notebook to grade, problem): the expected name, or the only
    notebook under another name; a problem when there is none or several to choose from."""
    notebooks = sorted(name for name in files if name.endswith(".ipynb") and "/" not in name)
    if notebook in notebooks:
        return notebook, ""
    if len(notebooks) == 1:
        return notebooks[0], ""
    if not files:
        return None, "nothing submitted: the submission folder is empty"
    if not notebooks:
        return None, f"no notebook submitted (expected {notebook}; found {', '.join(sorted(files))})"
    return None, f"no {notebook}, and several other notebooks: {', '.join(notebooks)}"


def folder_files(folder):
    """{relative name: bytes} of the files in ``folder`` (checkpoints left out; none when it
    does not exist)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*"))
            if p.is_file() and ".ipynb_checkpoints" not in p.parts}


def kernel_threads(env):
    """TensorFlow's thread-pool sizes for the kernel: ``OMP_NUM_THREADS``, when set.

    Dask's nanny sets ``OMP_NUM_THREADS=1`` in each worker (``distributed.nanny.pre-spawn-
    environ``), which NumPy, PyTorch and KeOps follow; TensorFlow ignores it and sizes its pools
    by the machine's cores, so a worker's TensorFlow kernel used more than its core and two
    workers competed for two cores. Values already set in ``env`` are kept."""
    threads = env.get("OMP_NUM_THREADS")
    if not threads:
        return {}
    return {name: env.get(name, threads)
            for name in ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")}


def _autograde(scratch, job, limits, sandboxed):
    """Run nbgrader autograde, then generate_feedback, in ``scratch/course``; return (autograde's
    exit code or None, log, timings)."""
    course = scratch / "course"
    config = scratch / "worker_config.py"
    config.write_text(WORKER_CONFIG.format(config=str(CONFIG), timeout=limits.cell_timeout,
                                           kernel=sandbox.KERNEL_NAME))
    workdir = scratch / "work"
    env = dict(os.environ, **sandbox.write_kernelspec(scratch, workdir, sandboxed))
    env[OOM_MARKER_ENV] = str(scratch / "oom")
    env[TIMINGS_ENV] = str(scratch / "timings.json")
    bin_dir = Path(sys.executable).parent
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env.update(kernel_threads(env))
    autograded = course / "autograded" / job["student"] / job["assignment"] / job["notebook"]
    argv = [sys.executable, "-m", "gausslab.grading.autograde_one", str(autograded),
            str(scratch / "probe.json"), job["assignment"], f"--student={job['student']}",
            f"--JupyterApp.config_file={config.with_suffix('')}",
            f"--CourseDirectory.root={course}"]
    with open(scratch / "autograde.log", "w+") as log:
        # in the worker's process group, so that stopping the worker (Ctrl-C, kill) stops it
        process = subprocess.Popen(argv, cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT)
        stop = threading.Event()
        watchdog = threading.Thread(target=_watch_memory, daemon=True,
                                    args=(process, limits.memory_mb, scratch / "oom", stop))
        watchdog.start()
        try:
            code = process.wait(timeout=limits.submission_timeout)
        except subprocess.TimeoutExpired:
            code = None
            for child in psutil.Process(process.pid).children(recursive=True) + [process]:
                try:
                    child.kill()
                except psutil.NoSuchProcess:
                    pass
            process.wait()
        finally:
            stop.set()
            watchdog.join()
        log.seek(0)
        text = log.read()
    timings = scratch / "timings.json"
    return code, text, json.loads(timings.read_text()) if timings.exists() else None


def _scores(course, assignment, student):
    """{grade_id: (score, max_score)} of the autograded tests, [manual grade_ids], total."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return None
        grades = [grade for nb in submission.notebooks for grade in nb.grades]
        scores = {g.name: (g.score, g.max_score) for g in grades if g.auto_score is not None}
        manual = sorted(g.name for g in grades if g.auto_score is None)
        return scores, manual, submission.score


def grade_submission(job):
    """Grade the submission described by ``job``; return ``(record, autograded notebook text,
    feedback)``: feedback is {file name: bytes} of its feedback folder (the HTML), empty when
    nbgrader wrote none; the notebook None when it was not graded.

    ``job`` keys: assignment, student, notebook (its expected file name), files (the
    submission folder: relative name -> bytes), source (the assignment's source folder:
    relative name -> bytes), gradebook (bytes of a gradebook holding only the assignment),
    limits (a ``Limits`` as dict), sandbox (bool), plus the hashes for the record.
    """
    started = time.time()
    limits = Limits(**job["limits"])
    record = records.new_record(job)
    chosen, problem = _choose_notebook(job["files"], job["notebook"])
    if problem:
        return records.not_graded(record, problem, started), None, {}
    if chosen != job["notebook"]:
        record["submitted_as"] = chosen
    scratch = Path(tempfile.mkdtemp(prefix="gausslab-grade-"))
    try:
        course = scratch / "course"
        for folder, files in (("source", job["source"]), ("submitted", job["files"])):
            base = course / folder / ("" if folder == "source" else job["student"]) / job["assignment"]
            for name, data in files.items():
                if name.endswith(".ipynb") and name != chosen and folder == "submitted":
                    continue
                target = base / (job["notebook"] if name == chosen and folder == "submitted" else name)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                if not name.endswith(".ipynb"):  # data files the notebook may open
                    (scratch / "work" / name).parent.mkdir(parents=True, exist_ok=True)
                    (scratch / "work" / name).write_bytes(data)
        (scratch / "work").mkdir(exist_ok=True)
        (course / "gradebook.db").write_bytes(job["gradebook"])
        submitted = course / "submitted" / job["student"] / job["assignment"] / job["notebook"]
        integrity.add_probe(submitted)
        code, log, timings = _autograde(scratch, job, limits, job["sandbox"])
        record["timings"] = records.split_timings(timings)
        autograded = course / "autograded" / job["student"] / job["assignment"] / job["notebook"]
        if code is None:
            return records.failed(record, f"grading did not finish within the submission limit "
                                  f"of {limits.submission_timeout} s", log, started), None, {}
        scores = _scores(course, job["assignment"], job["student"])
        if code != 0 or scores is None or not autograded.exists():
            return records.not_graded(record, records.reason(log), started, log), None, {}
        notebook = nbformat.read(autograded, as_version=4)  # probe taken, outputs cut
        probe_file = scratch / "probe.json"
        probe = json.loads(probe_file.read_text()) if probe_file.exists() else None
        records.graded(record, notebook, *scores, started)
        record["review"] = integrity.static_review(notebook) + integrity.probe_review(probe)
        feedback = course / "feedback" / job["student"] / job["assignment"]
        return record, nbformat.writes(notebook), folder_files(feedback)
    except Exception as error:  # noqa: BLE001 - the grader broke, not the submission: say so
        return records.failed(record, f"{type(error).__name__}: {error}", "", started), None, {}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
