"""`nbgrader validate` (the Validate button) on the unanswered release of every assignment and
on a wrong submission: each failure is the test's line and a message whose first line is shown
whole; no frame, path or source line of gausslab's checks (slow: runs the notebooks)."""

import re

from pathlib import Path

import pytest

import gausslab
from conftest import notebook_path

from gausslab.grading import corpus
from gausslab.grading.course import ASSIGNMENTS, nbgrader

PACKAGE = str(Path(gausslab.__file__).parent)  # the package's own files, not the venv's
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("validate")]


def validate(path):
    return nbgrader("validate", str(path), root=path.parent, check=False)


def failures(log):
    """The text of each 'The error was:' block of a validate log."""
    blocks = log.split("The error was:")[1:]
    # validate indents what it reports; the unindented lines after the last block are its log
    return ["\n".join(line for line in block.split("=" * 20)[0].splitlines()
                      if line.startswith("    ")) for block in blocks]


def assert_readable(log):
    errors = failures(log)
    assert errors, log[-2000:]
    for error in errors:
        assert PACKAGE not in error and "During handling" not in error, error
        assert not re.search(r"^\s*File \"", error, re.M), error
        for line in error.splitlines():
            if line.strip().startswith("CheckFailure:"):
                assert not line.endswith("..."), f"validate cut the first line: {line}"
        if "Your code raised the error" not in error:
            assert len([line for line in error.splitlines() if line.strip()]) <= 12, error
    return errors


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_validate_the_unanswered_release(assignment, tmp_path):
    path = tmp_path / notebook_path("notebooks", assignment).name
    path.write_bytes(notebook_path("notebooks", assignment).read_bytes())
    errors = assert_readable(validate(path))
    assert any("not written yet" in error for error in errors)


def test_validate_a_wrong_submission(tmp_path):
    variant = next(v for v in corpus.load("01_rbf_layer") if v.name == "rbf_two_sigma_squared")
    errors = assert_readable(validate(corpus.write_submission(variant,
                                                              tmp_path / "rbf_layer.ipynb")))
    assert len(errors) == 1 and "likely cause [two_sigma_squared]" in errors[0]
