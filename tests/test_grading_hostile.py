"""A class of hostile assignment-01 submissions (corpus/hostile/), graded once through the real
pipeline (sandboxed kernels, limits, Dask LocalCluster of 2 workers), then asserted on: each
case's grade and report line, the class gradebook untouched, outputs kept small, re-runs that
regrade nothing, a changed submission regraded, a crashed worker that keeps the grade, a killed
coordinator that resumes, one-at-a-time and a separate Dask cluster giving identical scores."""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gausslab.grading import corpus, records
from gausslab.grading.autograde import GradingError, grade_class
from gausslab.grading.course import copy_sources
from gausslab.grading.limits import Limits
from gausslab.grading.report import format_table

ASSIGNMENT = "01_rbf_layer"
HOSTILE = corpus.CORPUS / "hostile"
VARIANTS = corpus.load(ASSIGNMENT, HOSTILE)
# Long enough for every honest cell of assignment 01 in fast mode on a loaded 2-core machine;
# memory: an honest kernel peaks well under 1.5 GiB.
LIMITS = Limits(cell_timeout=60, memory_mb=2500, submission_timeout=900)
# A few submissions graded again one at a time and on a separate Dask cluster.
SUBSET = ["patches_checks", "test_cell_edited"]

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hostile"),
              pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap")]


def scores(results):
    return {(r.assignment, r.student): (r.score, r.scores, r.problem) for r in results}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile_class")
    corpus.build_demo_class(root, [ASSIGNMENT], HOSTILE)
    start = time.perf_counter()
    results = grade_class(root, [ASSIGNMENT], workers=2, limits=LIMITS, progress=False)
    print(f"graded {len(results)} hostile submissions in {time.perf_counter() - start:.0f} s")
    print(format_table(results))
    return root, {r.student: r for r in results}


def row(table, student):
    return next(line for line in table.splitlines() if line.startswith(student + " "))


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_hostile_submission_gets_its_grade_and_report_line(hostile, variant):
    result = hostile[1][variant.name]
    if variant.fails == {"not_graded"}:
        assert result.problem.startswith("NOT GRADED") and result.score == 0
    else:
        assert not result.problem, result.problem
        assert set(result.lost) == variant.fails, f"{variant.why}: lost points on {result.lost}"
    line = row(format_table([result]), variant.name)
    for text in variant.reported:
        assert text in line, f"{variant.why}: {text!r} not in the report line {line!r}"


def test_honest_submissions_are_not_flagged(hostile):
    flagged = {s for s, r in hostile[1].items() if any("FLAGGED" in n for n in r.notes)}
    expected = {v.name for v in VARIANTS if any("FLAGGED" in t for t in v.reported)}
    assert flagged == expected


def test_student_code_never_reached_the_class(hostile):
    root, results = hostile
    assert not list(root.rglob("pwned.txt"))
    with open(root / "grades.csv") as f:  # the class gradebook, through nbgrader export
        exported = {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(f)}
    assert exported == {s: r.score for s, r in results.items()}
    autograded = root / "autograded" / "files_reader_writer" / ASSIGNMENT / "rbf_layer.ipynb"
    assert "gradebooks and submissions seen: 0 written next to: 0" in autograded.read_text()
    autograded = root / "autograded" / "gradebook_writer" / ASSIGNMENT / "rbf_layer.ipynb"
    assert "gradebooks changed: 0 []" in autograded.read_text()


def test_records_hold_messages_causes_and_timings(hostile):
    root, _ = hostile
    record = records.load(root, ASSIGNMENT, "patches_checks")
    assert record["status"] == "graded" and record["submission_sha256"]
    failed = record["tests"]["rbf_values"]
    assert failed["score"] == 0 and failed["error"] == "CheckFailure"
    assert failed["message"] and "\n" not in failed["message"]
    assert record["timings"]["kernel_start"] > 0 and record["timings"]["imports"] > 0
    assert any("tampering" in r or "gausslab" in r for r in record["review"])


def test_flooding_keeps_notebook_and_feedback_small(hostile):
    root, _ = hostile
    notebook = root / "autograded" / "output_flood" / ASSIGNMENT / "rbf_layer.ipynb"
    feedback = root / "feedback" / "output_flood" / ASSIGNMENT / "rbf_layer.html"
    assert notebook.stat().st_size < 1_000_000 and feedback.stat().st_size < 2_000_000


def test_feedback_for_every_graded_student(hostile):
    root, results = hostile
    for student, result in results.items():
        if not result.problem:
            assert (root / "feedback" / student / ASSIGNMENT / "rbf_layer.html").is_file()


def test_rerun_regrades_nothing_and_a_changed_submission_is_regraded(hostile):
    root, results = hostile
    before = {v.name: records.load(root, ASSIGNMENT, v.name) for v in VARIANTS}
    pages = {p: p.stat().st_mtime_ns for p in (root / "feedback").rglob("*.html")}
    again = grade_class(root, [ASSIGNMENT], workers=2, limits=LIMITS, progress=False)
    assert scores(again) == scores(results.values())
    assert {v.name: records.load(root, ASSIGNMENT, v.name) for v in VARIANTS} == before
    assert {p: p.stat().st_mtime_ns for p in (root / "feedback").rglob("*.html")} == pages

    # the student hands in another notebook: that one, and only it, is graded again
    wrong = corpus.load(ASSIGNMENT)  # the main corpus: a wrong layer
    two_sigma = next(v for v in wrong if v.name == "rbf_two_sigma_squared")
    target = root / "submitted" / "test_cell_edited" / ASSIGNMENT / "rbf_layer.ipynb"
    corpus.write_submission(two_sigma, target)
    changed = {r.student: r for r in grade_class(root, [ASSIGNMENT], workers=2, limits=LIMITS,
                                                 progress=False)}
    assert changed["test_cell_edited"].lost == ["rbf_values"]
    page = root / "feedback" / "test_cell_edited" / ASSIGNMENT / "rbf_layer.html"
    assert page.stat().st_mtime_ns > pages[page]
    assert "the formula divides by sigma^2" in page.read_text()
    after = {v.name: records.load(root, ASSIGNMENT, v.name) for v in VARIANTS}
    assert [n for n in after if after[n] != before[n]] == ["test_cell_edited"]


def test_a_crashed_worker_never_replaces_a_grade(hostile):
    root, _ = hostile
    before = records.load(root, ASSIGNMENT, "patches_checks")
    csv_before = (root / "grades.csv").read_text()
    crash = Limits(cell_timeout=60, memory_mb=2500, submission_timeout=1)  # every worker dies
    with pytest.raises(GradingError, match="grading did not finish within"):
        grade_class(root, [ASSIGNMENT], workers=2, limits=crash, force=True, progress=False)
    assert records.load(root, ASSIGNMENT, "patches_checks") == before
    assert (root / "grades.csv").read_text() == csv_before


def subset_class(root, names):
    variants = [v for v in VARIANTS if v.name in names]
    copy_sources(root, [ASSIGNMENT])
    for v in variants:
        corpus.write_submission(v, root / "submitted" / v.name / ASSIGNMENT / "rbf_layer.ipynb")
    return root


def cli(root, *args):
    return [sys.executable, "-m", "gausslab.grading", "grade", str(root), "--assignment",
            ASSIGNMENT, "--timeout", str(LIMITS.cell_timeout), "--memory-mb",
            str(LIMITS.memory_mb), *args]


def test_killed_coordinator_resumes_and_one_at_a_time_matches_parallel(hostile, tmp_path):
    root = subset_class(tmp_path / "class", SUBSET)
    run = subprocess.Popen(cli(root, "--workers", "1"), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    while not list((root / "records").rglob("*.json")) and run.poll() is None:
        time.sleep(0.5)
    os.killpg(run.pid, signal.SIGKILL)  # the coordinator and its workers, mid-run
    run.wait()
    first = {p.stem: json.loads(p.read_text()) for p in (root / "records").rglob("*.json")}
    assert 1 <= len(first) < len(SUBSET)

    results = grade_class(root, [ASSIGNMENT], workers=1, limits=LIMITS, progress=False)
    for student, record in first.items():
        assert records.load(root, ASSIGNMENT, student) == record  # not graded again
    assert scores(results) == scores(hostile[1][s] for s in SUBSET)


def test_dask_cluster_of_separate_processes_gives_the_same_scores(hostile, tmp_path):
    root = subset_class(tmp_path / "class", SUBSET)
    scheduler_file = tmp_path / "scheduler.json"
    dask = str(Path(sys.executable).parent / "dask")
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
                                   "--no-dashboard", "--scheduler-file", str(scheduler_file)],
                                  stderr=subprocess.DEVNULL)]
    try:
        while not scheduler_file.exists():
            time.sleep(0.2)
        for _ in range(2):
            processes.append(subprocess.Popen(
                [dask, "worker", "--scheduler-file",
                 str(scheduler_file), "--nthreads", "1", "--no-dashboard",
                 "--memory-limit", "0"], stderr=subprocess.DEVNULL))
        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        done = subprocess.run(cli(root, "--scheduler", address), capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    got = {(r["assignment"], r["student"]): r for r in
           (json.loads(p.read_text()) for p in (root / "records").rglob("*.json"))}
    for student in SUBSET:
        want = hostile[1][student]
        assert got[ASSIGNMENT, student]["score"] == want.score
        assert {g: (t["score"], t["max_score"]) for g, t in
                got[ASSIGNMENT, student]["tests"].items()} == want.scores
