"""What a student sees when a test fails, in a real kernel (issue 15): the test's own line, the
line of their code that raised, and the message; no frame or source line of gausslab, no
chained traceback, and never the line of a hidden test."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import gausslab

from gausslab.grading.hidden import rbf_layer as hidden_module

PACKAGE = str(Path(gausslab.__file__).parent)  # the package's own files, not the venv's
pytestmark = pytest.mark.xdist_group("display")

CELLS = {
    "wrong": '''import numpy as np
from keras import ops

def squared_distances(x, centers):
    return ops.sqrt(ops.sum((ops.expand_dims(x, -1) - centers) ** 2, axis=1))''',
    "raises": '''def typical_distance(x, y, n_samples=1000, seed=0):
    values = np.asarray(x)
    return values.mean() / undefined_name''',
    "test_wrong": '''"""squared_distances values."""
from gausslab.checks.rbf_layer import check_squared_distances_values

check_squared_distances_values(squared_distances)''',
    "test_raises": '''"""typical_distance values."""
from gausslab.checks.rbf_layer import check_typical_distance_values

check_typical_distance_values(typical_distance)''',
    "test_hidden": '''"""A hidden test that fails."""
from gausslab.checks.rbf_layer import check_squared_distances_shape

check_squared_distances_shape(squared_distances)
### BEGIN HIDDEN TESTS
from gausslab.grading.hidden import rbf_layer as hidden

hidden.check_squared_distances_values(squared_distances, seed=11)
### END HIDDEN TESTS''',
    "test_name_error": '''"""A test of an answer that was never defined."""
check_squared_distances_shape(undefined_answer)
### BEGIN HIDDEN TESTS
hidden.check_squared_distances_values(undefined_answer, seed=12)
### END HIDDEN TESTS''',
    "plain": "1 / 0",
}


@pytest.fixture(scope="module")
def outputs():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source, id=name)
                                               for name, source in CELLS.items()])
    NotebookClient(notebook, timeout=300, allow_errors=True, kernel_name="python3",
                   shutdown_kernel="immediate").execute()  # no TensorFlow teardown
    return {cell.id: [o for o in cell.outputs if o.output_type == "error"]
            for cell in notebook.cells}


def text(errors):
    assert len(errors) == 1, errors
    return "\n".join(errors[0].traceback)


def gausslab_source_lines():
    """Substantial source lines of the checks and hidden checks, which a student must not see."""
    from gausslab.checks import rbf_layer

    lines = set()
    for module in (rbf_layer, hidden_module):
        lines |= {line.strip() for line in open(module.__file__) if len(line.strip()) > 25
                  and not line.strip().startswith(('"', "#"))}
    return lines


def assert_clean(shown):
    assert PACKAGE not in shown and "During handling" not in shown
    assert not [line for line in gausslab_source_lines() if line in shown]
    first = next((line for line in shown.splitlines() if line.startswith("CheckFailure: ")),
                 "")
    assert len(first) < 80, first  # nbgrader validate shows it whole


def test_a_wrong_value_shows_the_test_line_and_the_message(outputs):
    shown = text(outputs["test_wrong"])
    assert_clean(shown)
    lines = shown.splitlines()
    assert len(lines) <= 12, shown
    assert lines[1] == "----> check_squared_distances_values(squared_distances)"
    assert "likely cause [square_root]: these are distances" in shown
    assert outputs["test_wrong"][0].ename == "CheckFailure"


def test_an_error_in_the_students_code_shows_their_line(outputs):
    shown = text(outputs["test_raises"])
    assert_clean(shown)
    assert "Your code raised the error in Cell In[2], line 3, in typical_distance:" in shown
    assert "----> return values.mean() / undefined_name" in shown
    assert "NameError: name 'undefined_name' is not defined" in shown


def test_a_hidden_test_is_named_never_shown(outputs):
    shown = text(outputs["test_hidden"])
    assert_clean(shown)
    assert "a hidden test (it checks the same behaviour on other inputs)" in shown
    assert "seed=11" not in shown and "hidden.check" not in shown


def test_an_error_in_a_test_cell_never_shows_its_hidden_lines(outputs):
    shown = text(outputs["test_name_error"])
    assert_clean(shown)
    assert "NameError: name 'undefined_answer' is not defined" in shown
    assert "seed=12" not in shown and "HIDDEN" not in shown and len(shown.splitlines()) <= 4


def test_other_errors_keep_ipythons_traceback(outputs):
    assert "ZeroDivisionError" in text(outputs["plain"]) and not outputs["wrong"]
