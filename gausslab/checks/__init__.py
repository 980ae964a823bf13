"""Check functions that the notebooks' visible test cells call.

Each check exercises a student's function or class and raises ``CheckFailure`` (an
``AssertionError``, so nbgrader counts it as a failed test) whose message says, in the
student's terms, what was checked, what was observed, what was expected and the likely cause.

These are the *visible* checks: what a student may know without being told the answer
(shapes, invariants, values on fixed inputs compared with stored numbers from
``gausslab/checks/expected/``). Oracles and hidden checks live on the grading side and never
reach students.
"""

import json
import re
import traceback
from functools import cache
from pathlib import Path

import numpy as np

ANSI = re.compile(r"\x1b\[[0-9;]*m")
EXPECTED = Path(__file__).with_name("expected")


class CheckFailure(AssertionError):
    """A student-facing test failure: observed, expected, likely cause.

    ``code`` names the likely cause with a stable identifier (``two_sigma_squared``) that
    grading reports group failures by; ``student_error`` is the exception that the student's
    own code raised, if that is what failed.
    """

    def __init__(self, message, code=None, student_error=None):
        super().__init__(message)
        self.code, self.student_error = code, student_error


def fail(what, observed, expected, cause=None, code=None, student_error=None):
    """Raise a ``CheckFailure`` that names the observed and the expected and a likely cause.

    ``what`` is the first line: short (under 80 characters) and self-contained.
    """
    message = f"{what}\n  observed: {observed}\n  expected: {expected}"
    if cause:
        message += f"\n  likely cause{f' [{code}]' if code else ''}: {cause}"
    raise CheckFailure(message, code, student_error)


def to_numpy(value):
    """A float64 NumPy array from a NumPy array, a Keras/TF/PyTorch tensor or a number.

    Plain numbers only: an object that merely claims to be equal to everything (``__eq__``)
    does not survive the conversion.
    """
    if hasattr(value, "detach"):  # a PyTorch tensor
        value = value.detach().cpu()
    if hasattr(value, "numpy"):
        value = value.numpy()
    return np.array(value, dtype=np.float64)


def call_student(what, function, *args, cause=None, code=None, **kwargs):
    """Call student code; turn any exception into a ``CheckFailure`` that says what was called
    (with ``cause`` and its ``code``, when given).

    The student's exception is kept (``student_error``) so that the failure can show the line
    of the student's cell that raised it.
    """
    try:
        return function(*args, **kwargs)
    except CheckFailure:
        raise
    except Exception as error:  # noqa: BLE001 - any student error becomes a readable failure
        if isinstance(error, NotImplementedError) and _raised_in_a_cell(error):
            fail(f"{what}: not written yet.", "NotImplementedError", "your code",
                 "replace `raise NotImplementedError()` in the answer cell with your code",
                 "not_implemented", student_error=error)
        text = ANSI.sub("", str(error)).strip().splitlines()
        text = " ".join(text[:3]) if text else ""
        text = text if len(text) <= 300 else text[:300] + " [...]"
        first = f"{what} raised {type(error).__name__}."
        fail(first if len(first) < 64 else f"{what} raised an error.",
             f"{type(error).__name__}: {text}", "no error", cause, code, student_error=error)


def _raised_in_a_cell(error):
    """Whether ``error`` was raised by a ``raise`` line of a notebook cell (the placeholder of an
    unanswered cell), not by a library the cell called. Keras drops its own frames from the
    traceback, so the last frame left may be the student's line that called, say, NumPy on a
    symbolic tensor: that line is not a ``raise``."""
    from gausslab.checks.display import is_cell

    frames = traceback.extract_tb(error.__traceback__)
    return (bool(frames) and is_cell(frames[-1].filename)
            and (frames[-1].line or "").lstrip().startswith("raise"))


def shape_of(value):
    """The shape of an array-like as a tuple of ints (a scalar has shape ())."""
    return tuple(int(d) for d in np.shape(to_numpy(value)))


@cache
def _load(module):
    path = EXPECTED / f"{module}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the gausslab package is incomplete; "
                                "reinstall it from the course's release")
    return json.loads(path.read_text())


def expected(module, case):
    """The stored case ``case`` of ``gausslab/checks/expected/<module>.json``.

    Lists of numbers come back as NumPy arrays; a list of cases as a list of dicts.
    """
    def arrays(value):
        if isinstance(value, dict):
            return {key: arrays(item) for key, item in value.items()}
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return [arrays(item) for item in value]
        if isinstance(value, list) and value and not isinstance(value[0], str):
            return np.asarray(value)  # ints stay ints (labels, sizes), floats float64
        return value
    return arrays(_load(module)[case])


def diagnose(got, candidates, rtol=1e-3, atol=1e-4):
    """``(code, cause)`` of the first known mistake whose values match ``got``, else None.

    ``candidates`` holds ``(code, cause, values)`` triples: what each known mistake computes on
    the same inputs.
    """
    got = to_numpy(got)
    for code, cause, values in candidates:
        values = to_numpy(values)
        if values.shape == got.shape and np.allclose(got, values, rtol=rtol, atol=atol):
            return code, cause
    return None


from gausslab.checks.display import register  # noqa: E402 - needs CheckFailure defined

register()
