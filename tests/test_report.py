"""The grade report names why a submission could not be graded (fast, no nbgrader run)."""

from gausslab.grading.report import Result, _reason, format_table

NOT_JSON_LOG = """[AutogradeApp | ERROR] There was an error processing assignment
    raise NotJSONError(message) from e
    nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{"cells": ...
[AutogradeApp | ERROR] Please see the the above traceback for details"""


def test_reason_is_the_exception_line():
    assert _reason(NOT_JSON_LOG).startswith("nbformat.reader.NotJSONError: Notebook does not")


def test_reason_without_exception_falls_back_to_last_line():
    assert _reason("first\nlast words\n") == "last words"
    assert "no log" in _reason("")


def test_table_lists_lost_tests_pending_answers_and_problems():
    table = format_table([
        Result("ada", "02", 9.5, 14.5, {"a": (1, 1), "b": (0, 1)}, ["answer_training"]),
        Result("bob", "01", 0, 13, problem="NOT GRADED (0 until fixed and regraded): x"),
    ])
    assert "9.5 / 14.5 (1 written answer to grade by hand)" in table and "  b" in table
    assert "NOT GRADED" in table.splitlines()[-1]


def test_table_names_a_borrowed_answer():
    table = format_table([Result("eve", "01", 11, 13, {"a": (0, 1), "b": (1, 1)},
                                 borrowed=["a"])])
    assert "a; answer taken from the helper package (a)" in table.splitlines()[-1]


def test_borrowed_tests_are_read_from_the_graded_notebook(tmp_path):
    import json

    from gausslab.grading.report import borrowed_tests

    folder = tmp_path / "autograded" / "eve" / "01"
    folder.mkdir(parents=True)
    error = {"output_type": "error", "ename": "CheckFailure", "traceback": [],
             "evalue": "X: answer taken from the helper package.\n  likely cause "
                       "[borrowed_answer]: write the answer yourself"}
    cells = [{"cell_type": "code", "metadata": {"nbgrader": {"grade_id": gid}},
              "outputs": outputs, "source": ""}
             for gid, outputs in [("a", [error]), ("b", [])]]
    (folder / "nb.ipynb").write_text(json.dumps({"cells": cells}))
    assert borrowed_tests(tmp_path, "01", "eve") == ["a"]
