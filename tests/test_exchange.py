"""nbgrader's own distribution, end to end on one machine with a temporary exchange: the lecturer
releases 01 into the exchange, two students fetch it, answer it and submit it with nbgrader's
apps, the lecturer collects and grades through the project's commands; the solution gets full
marks and one wrong answer loses exactly its tests (slow: two notebooks are graded)."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import notebook_path

from gausslab.grading import corpus, records

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("exchange")]
ASSIGNMENT = "01_rbf_layer"
BIN = Path(sys.executable).parent


def lecturer(*args):
    """``python -m gausslab.grading <args>``, as the README tells the lecturer."""
    done = subprocess.run([sys.executable, "-m", "gausslab.grading", *args],
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def student(name, home, exchange, *args):
    """A student's own nbgrader app, run in the student's home folder without the course's
    configuration: what the Assignments tab of a student's JupyterLab does."""
    env = dict(os.environ, HOME=str(home), PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run([str(BIN / "nbgrader"), *args, "--course=gausslab",
                           f"--Exchange.root={exchange}", f"--Exchange.cache={home / '.cache'}",
                           f"--student={name}"], cwd=home, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _sources(path):
    return [cell.source for cell in nbformat.read(path, 4).cells]


def test_release_fetch_submit_collect_grade(tmp_path):
    course, exchange = tmp_path / "course", tmp_path / "exchange"
    lecturer("release-assignment", str(course), ASSIGNMENT, "--exchange", str(exchange))
    variants = {v.name: v for v in corpus.load(ASSIGNMENT)}
    answers = {"ada": variants["solution_as_released"], "bob": variants["rbf_two_sigma_squared"]}
    for name, variant in answers.items():
        home = tmp_path / name
        home.mkdir()
        student(name, home, exchange, "fetch_assignment", ASSIGNMENT)
        fetched = home / ASSIGNMENT / "rbf_layer.ipynb"
        assert _sources(fetched) == _sources(notebook_path("notebooks", ASSIGNMENT))
        corpus.write_submission(variant, fetched, release=fetched)
        assert "Submitted as: gausslab 01_rbf_layer" in student(name, home, exchange, "submit",
                                                                  ASSIGNMENT)

    lecturer("collect", str(course), ASSIGNMENT, "--exchange", str(exchange))
    for name in answers:
        folder = course / "submitted" / name / ASSIGNMENT
        assert (folder / "rbf_layer.ipynb").is_file() and (folder / "timestamp.txt").is_file()

    table = lecturer("grade", str(course), "--assignment", ASSIGNMENT, "--workers", "2")
    graded = {name: records.load(course, ASSIGNMENT, name) for name in answers}
    for name, variant in answers.items():
        record = graded[name]
        assert record["status"] == "graded" and not record["review"], (record, table)
        lost = {gid for gid, test in record["tests"].items()
                if test["score"] < test["max_score"]}
        assert lost == variant.fails, (name, lost, table)
        assert all(record["tests"][gid]["score"] == 0 for gid in lost)
        points_lost = sum(record["tests"][gid]["max_score"] for gid in lost)
        assert record["score"] == record["max_score"] - points_lost, record
    assert graded["ada"]["score"] == graded["ada"]["max_score"] == 13
    for name in answers:  # the worker's feedback, with the submission's time, as nbgrader's own
        feedback = course / "feedback" / name / ASSIGNMENT
        assert (feedback / "rbf_layer.html").is_file()
        submitted = course / "submitted" / name / ASSIGNMENT / "timestamp.txt"
        assert (feedback / "timestamp.txt").read_text() == submitted.read_text().strip()
    with open(course / "grades.csv", newline="") as grades:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(grades)
                  if row["assignment"] == ASSIGNMENT}
    assert scores == {name: graded[name]["score"] for name in answers}
