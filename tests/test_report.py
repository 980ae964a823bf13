"""The grade report: reasons, notes and failure messages from result records (fast, no nbgrader run)."""

import nbformat

from gausslab.grading import records
from gausslab.grading.report import Result, format_table

NOT_JSON_LOG = """[AutogradeApp | ERROR] There was an error processing assignment
    raise NotJSONError(message) from e
    nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{"cells": ...
[AutogradeApp | ERROR] Please see the the above traceback for details"""


def test_reason_is_the_exception_line():
    assert records.reason(NOT_JSON_LOG).startswith("nbformat.reader.NotJSONError: Notebook does not")


def test_reason_without_exception_falls_back_to_last_line():
    assert records.reason("first\nlast words\n") == "last words"
    assert "no log" in records.reason("")


def test_table_lists_lost_tests_pending_answers_and_problems():
    table = format_table([
        Result("ada", "02", 9.5, 14.5, {"a": (1, 1), "b": (0, 1)}, ["answer_training"]),
        Result("bob", "01", 0, 13, problem="NOT GRADED (0 until fixed and regraded): x"),
    ])
    assert "9.5 / 14.5 (1 written answer to grade by hand)" in table and "  b" in table
    assert "NOT GRADED" in table.splitlines()[-1]


def failing_cell(grade_id, ename, evalue):
    cell = nbformat.v4.new_code_cell("check()")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": grade_id, "points": 1}
    cell.outputs = [nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[])]
    return cell


def graded_record(cells, scores):
    job = {"assignment": "01", "student": "ada", "notebook": "nb.ipynb", "submission_sha256": "x",
           "source_sha256": "y", "max_score": 3.0, "sandbox": True}
    notebook = nbformat.v4.new_notebook(cells=cells)
    return records.graded(records.new_record(job), notebook, scores, [], 1.0, 0.0)


def test_record_keeps_first_line_and_cause_code_and_the_table_names_borrowed_answers():
    record = graded_record([
        failing_cell("rbf_values", "CheckFailure", "RBFLayer(4) outputs are wrong.\n  observed: 1\n"
                     "  expected: 2\n  likely cause [two_sigma_squared]: divides by 2 sigma^2"),
        failing_cell("rbf_shape", "CheckFailure", "RBFLayer is the helper package's.\n  likely "
                     "cause [borrowed_answer]: the answer was taken from the helper package"),
        failing_cell("rbf_grad", "TimeLimitExceeded", "time limit of 5 s exceeded in cell rbf_grad"),
    ], {"rbf_values": (0.0, 1.0), "rbf_shape": (0.0, 1.0), "rbf_grad": (0.0, 1.0), "ok": (1., 1.)})
    tests = record["tests"]
    assert tests["rbf_values"]["message"] == "RBFLayer(4) outputs are wrong."
    assert tests["rbf_values"]["cause"] == "two_sigma_squared"
    assert tests["rbf_shape"]["cause"] == "borrowed_answer" and tests["rbf_grad"]["cause"] is None
    assert "message" not in tests["ok"]
    assert record["events"] == ["time limit of 5 s exceeded in cell rbf_grad"]
    line = format_table([Result.from_record(record)]).splitlines()[-1]
    assert line.startswith("ada ") and "rbf_grad, rbf_shape, rbf_values" in line
    assert "answer taken from the helper package (rbf_shape)" in line
    assert "time limit of 5 s exceeded in cell rbf_grad" in line


def test_table_names_a_borrowed_answer():
    """A borrowed answer's row: the tests lost, then the tests whose cause is borrowed_answer."""
    record = graded_record([
        failing_cell("a", "CheckFailure", "X: answer taken from the helper package.\n  likely "
                     "cause [borrowed_answer]: write the answer yourself"),
    ], {"a": (0.0, 1.0), "b": (1.0, 1.0)})
    assert records.borrowed(record) == ["a"]
    line = format_table([Result.from_record(record)]).splitlines()[-1]
    assert line.endswith("  a; answer taken from the helper package (a)")
