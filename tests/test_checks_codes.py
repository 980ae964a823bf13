"""Every failure with a likely cause carries a cause code (fast: reads the source, runs nothing).

The class report groups failures by the code in ``likely cause [<code>]: ...``; a cause without
a code lands in a group of its own wording. This scans the calls of ``fail``,
``call_student`` and ``CheckFailure`` in the visible and the hidden checks.
"""

import ast
from pathlib import Path

import pytest

from gausslab.grading.course import REPO

SCANNED = [REPO / "gausslab" / "checks", REPO / "gausslab" / "grading" / "hidden"]
# (cause, code) of each call: a positional index (None: keyword only) and the keyword name
SIGNATURES = {"fail": ((3, "cause"), (4, "code")),
              "call_student": ((None, "cause"), (None, "code")),
              "CheckFailure": ((None, None), (1, "code"))}


def _argument(call, position, keyword):
    if position is not None and len(call.args) > position and not any(
            isinstance(a, ast.Starred) for a in call.args[:position + 1]):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _may_be_none(node):
    """Whether an argument is missing, None or "", or may be None in a branch (x if c else None)."""
    if node is None:
        return True
    if isinstance(node, ast.Constant):
        return node.value in (None, "")
    if isinstance(node, ast.IfExp):
        return _may_be_none(node.body) or _may_be_none(node.orelse)
    return False


def _name(func):
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def uncoded(source, filename="<string>"):
    """``line: call`` of each call in ``source`` that passes a likely cause without a code, and
    of each ``diagnose(...) or (None, cause)`` whose fallback cause has no code."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and _name(node.func) in SIGNATURES:
            (cause_at, cause_kw), (code_at, code_kw) = SIGNATURES[_name(node.func)]
            cause = _argument(node, cause_at, cause_kw)
            has_cause = not _may_be_none(cause) or _name(node.func) == "CheckFailure"
            if has_cause and _may_be_none(_argument(node, code_at, code_kw)):
                found.append(f"{filename}:{node.lineno}: {ast.unparse(node)[:70]}")
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and any(
                isinstance(v, ast.Call) and _name(v.func) == "diagnose" for v in node.values):
            for fallback in node.values:
                if isinstance(fallback, ast.Tuple) and _may_be_none(fallback.elts[0]):
                    found.append(f"{filename}:{node.lineno}: diagnose(...) or "
                                 f"{ast.unparse(fallback)[:50]}")
    return found


@pytest.mark.parametrize("planted", [
    'fail("x is wrong.", 1, 2, "a likely cause")',
    'fail("x is wrong.", 1, 2, cause="a likely cause")',
    'fail("x is wrong.", 1, 2, "a likely cause", None)',
    'fail("x is wrong.", 1, 2, "a cause", "code_a" if flag else None)',
    'checks.fail("x is wrong.", 1, 2, "a likely cause", code="")',
    'call_student("f(x)", f, x, cause="a likely cause")',
    'visible.call_student("f(x)", f, x, cause=hint, code=None)',
    'raise CheckFailure("x is wrong.")',
    'code, cause = diagnose(got, candidates) or (None, "a generic cause")',
])
def test_a_cause_without_a_code_is_found(planted):
    assert len(uncoded(planted)) == 1


@pytest.mark.parametrize("fine", [
    'fail("x is wrong.", 1, 2)',
    'fail("x is wrong.", 1, 2, None)',
    'fail("x is wrong.", 1, 2, "a likely cause", "code_a")',
    'fail("x is wrong.", 1, 2, cause, code=code)',
    'fail(what, 1, 2, "a cause", "code_a" if flag else "code_b")',
    'call_student("f(x)", f, x)',
    'call_student("f(x)", f, x, cause="a likely cause", code="code_a")',
    'CheckFailure(message, code, student_error)',
    'code, cause = diagnose(got, candidates) or ("code_a", "a generic cause")',
])
def test_a_cause_with_its_code_passes(fine):
    assert uncoded(fine) == []


def test_every_likely_cause_in_the_checks_has_a_code():
    files = sorted(p for folder in SCANNED for p in folder.rglob("*.py"))
    assert len(files) >= 8, files
    found = [line for path in files
             for line in uncoded(path.read_text(), str(path.relative_to(REPO)))]
    assert not found, "likely causes without a code:\n" + "\n".join(found)
