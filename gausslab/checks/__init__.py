"""Check functions that the notebooks' test cells call.

Each check exercises a student's function or class on fresh inputs and raises
``CheckFailure`` (an ``AssertionError``, so nbgrader counts it as a failed test) whose message
says, in the student's terms, what was observed, what was expected and the likely cause.
"""

import re

import numpy as np

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class CheckFailure(AssertionError):
    """A student-facing test failure: observed, expected, likely cause."""


def fail(what, observed, expected, cause=None):
    """Raise a ``CheckFailure`` that names the observed and the expected and a likely cause."""
    message = f"{what}\n  observed: {observed}\n  expected: {expected}"
    if cause:
        message += f"\n  likely cause: {cause}"
    raise CheckFailure(message)


def to_numpy(value):
    """A float64 NumPy array from a NumPy array, a Keras/TF tensor or a Python number."""
    if hasattr(value, "numpy"):
        value = value.numpy()
    return np.asarray(value, dtype=np.float64)


def call_student(what, function, *args, cause=None, **kwargs):
    """Call student code; turn any exception into a ``CheckFailure`` that says what was called."""
    try:
        return function(*args, **kwargs)
    except CheckFailure:
        raise
    except Exception as error:  # noqa: BLE001 - any student error becomes a readable failure
        text = ANSI.sub("", str(error)).strip()
        text = text if len(text) <= 400 else text[:400] + " [...]"
        fail(f"{what} raised an error.", f"{type(error).__name__}: {text}", "no error", cause)


def shape_of(value):
    """The shape of an array-like as a tuple of ints (a scalar has shape ())."""
    return tuple(int(d) for d in np.shape(to_numpy(value)))
