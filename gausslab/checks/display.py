"""How a failed check looks in a notebook: the test's own line, then the message.

Registered with IPython when ``gausslab.checks`` is imported in a kernel, so it applies alike in
JupyterLab, ``nbgrader validate``, nbval and the graded notebook that feedback is made from.
The frames of gausslab's own code and the chained "During handling of the above exception"
block never appear; when the student's code raised, the line of the student's cell that raised
is shown. A line of a hidden test is never shown, only that a hidden test failed. Errors that
never passed through gausslab nor a cell with hidden tests keep IPython's usual traceback.
"""

import linecache
import traceback
from pathlib import Path

PACKAGE = str(Path(__file__).resolve().parents[1])

HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def is_cell(filename):
    """Whether ``filename`` names the code of a notebook cell run in this kernel."""
    shell = _shell()
    names = getattr(getattr(shell, "compile", None), "_filename_map", {})
    return filename in names or filename.startswith("<ipython-input-")


def _cell_name(filename):
    shell = _shell()
    try:
        return " ".join(shell.compile.format_code_name(filename))
    except (AttributeError, TypeError):
        return "a cell"


def _in_hidden_test(filename, lineno):
    """Whether line ``lineno`` of a cell stands between the hidden-test markers."""
    inside = False
    for number, line in enumerate(linecache.getlines(filename), start=1):
        if HIDDEN_BEGIN in line:
            inside = True
        elif HIDDEN_END in line:
            inside = False
        if number == lineno:
            return inside
    return False


def _frame_lines(frame, caption):
    where = f"{_cell_name(frame.filename)}, line {frame.lineno}"
    if frame.name not in ("<module>", "<cell line: 0>"):
        where += f", in {frame.name}"
    if _in_hidden_test(frame.filename, frame.lineno):
        return [f"{caption} {where}: a hidden test (it checks the same behaviour on other inputs)"]
    return [f"{caption} {where}:", f"----> {frame.line}"]


def format_failure(error):
    """The lines a student sees for an error that passed through gausslab: where, then what.

    Where: the cell that called gausslab (the test's own line), and the line of the student's
    code that raised, if it did. What: the error's type and message (a ``CheckFailure`` says
    observed, expected and likely cause).
    """
    lines = []
    for frame in traceback.extract_tb(error.__traceback__):
        if is_cell(frame.filename):
            lines = _frame_lines(frame, "Test failed in")  # the outermost cell: the test
            break
    student = getattr(error, "student_error", None) or error
    frames = [f for f in traceback.extract_tb(student.__traceback__) if is_cell(f.filename)]
    if frames and (student is not error or len(frames) > 1):
        lines += _frame_lines(frames[-1], "Your code raised the error in")
    return lines + [f"{type(error).__name__}: {error}"]


def _concise(tb):
    """Whether an error's traceback passed through gausslab or a cell with hidden tests."""
    for frame in traceback.extract_tb(tb):
        if frame.filename.startswith(PACKAGE):
            return True
        if is_cell(frame.filename) and HIDDEN_BEGIN in "".join(linecache.getlines(
                frame.filename)):
            return True  # IPython's context lines could show the hidden tests
    return False


def _structured(shell, etype, value, tb, tb_offset):
    from gausslab.checks import CheckFailure

    try:
        if isinstance(value, CheckFailure) or _concise(tb):
            value.__suppress_context__ = True
            return format_failure(value)
        return shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    except Exception:  # noqa: BLE001 - never hide the message itself
        return [f"{etype.__name__}: {value}"]


def _show(shell, etype, value, tb, tb_offset=None):
    """IPython custom exception handler: concise for errors that passed through gausslab.

    IPython 9 (pinned in requirements.txt) shows nothing of what a handler returns, so the
    handler shows the traceback itself, as ``showtraceback`` would.
    """
    shell._showtraceback(etype, value, _structured(shell, etype, value, tb, tb_offset))


def register():
    """Show errors with ``_show`` in the running IPython kernel, if any."""
    shell = _shell()
    if shell is not None and hasattr(shell, "set_custom_exc"):
        shell.set_custom_exc((Exception,), _show)
