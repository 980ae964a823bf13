"""Grading side: the hidden checks, one module per assignment. Never shipped to students.

Hidden test cells (``### BEGIN HIDDEN TESTS``, stripped from the student release and put back
by nbgrader at autograde) import only from here. Every hidden check first calls
``require_own_answer``: an answer taken from the helper package earns nothing.
"""

import ast
import functools
import inspect
import linecache
import sys
import types

from gausslab.checks import fail

BORROWED = "borrowed_answer"
# dynamic look-ups that a borrowed answer uses to find an object by name
SEARCHES = {"pkgutil", "importlib", "import_module", "__import__", "walk_packages",
            "iter_modules", "sys.modules"}


def _answers_module(caller_module):
    """``gausslab.answers.<m>`` for a hidden-check module ``gausslab.grading.hidden.<m>``."""
    return "gausslab.answers." + caller_module.rsplit(".", 1)[-1]


def _forbidden(name, answers):
    """Whether the module name ``name`` is off limits to a student's answer."""
    return name == answers or name.startswith((answers + ".", "gausslab.grading"))


def _code_objects(obj):
    """The code objects of a function or of a class's methods, nested ones included."""
    if isinstance(obj, type):
        members = [m for klass in obj.__mro__ if klass.__module__ == "__main__"
                   for m in vars(klass).values()]
        functions = [getattr(m, "__func__", m) for m in members]
        functions += [f for m in members if isinstance(m, property)
                      for f in (m.fget, m.fset, m.fdel) if f]
    else:
        functions = [getattr(obj, "__func__", obj)]
    todo = [f.__code__ for f in functions if hasattr(f, "__code__")]
    seen = []
    while todo:
        code = todo.pop()
        seen.append(code)
        todo += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    return seen


def _origin(value):
    """The module an object comes from: its own name for a module, else ``__module__``."""
    if isinstance(value, types.ModuleType):
        return value.__name__
    module = getattr(value, "__module__", None)
    return module if isinstance(module, str) else ""


def _globals_reached(obj, codes):
    """Global objects that the code of ``obj`` refers to by name."""
    namespace = getattr(obj, "__globals__", None) or vars(sys.modules.get("__main__"))
    names = {name for code in codes for name in code.co_names}
    return {name: namespace[name] for name in names if name in namespace}


def _cell_sources(codes):
    """The source of the notebook cells in which these code objects were written."""
    files = {code.co_filename for code in codes}
    return ["".join(linecache.getlines(name)) for name in sorted(files)]


def _reaches_in_source(source, answers):
    """What a cell's source imports or names of the answers or the grading side, if anything."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and (
                _forbidden(node.module, answers) or any(
                    _forbidden(f"{node.module}.{alias.name}", answers) for alias in node.names)):
            return f"from {node.module} import ..."
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _forbidden(alias.name, answers):
                    return f"import {alias.name}"
        if isinstance(node, ast.Attribute):
            dotted = ast.unparse(node)
            if _forbidden(dotted, answers):
                return dotted
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _forbidden(node.value, answers):
                return repr(node.value)
    return None


def borrowed_from(obj, answers, uses=()):
    """Why ``obj`` (a student's answer) was taken from the helper package, or None if it was not.

    ``answers`` is the module of this assignment's reference answers. An answer is borrowed when
    it is defined in that module or on the grading side (an alias or an import), inherits from a
    class defined there, or its code reaches there: by name, by an import in its cell, or by
    searching the package (pkgutil, importlib) for an object. ``uses`` names the student's
    other answers that ``obj`` may call (whatever they are, they are graded on their own task).
    """
    origin = _origin(obj)
    if _forbidden(origin, answers):
        return f"it is {origin}.{getattr(obj, '__qualname__', '')}"
    if origin.startswith("gausslab."):
        return f"it comes from {origin}"
    if isinstance(obj, type):
        for base in obj.__mro__[1:]:
            if base.__module__.startswith("gausslab."):
                return f"it inherits from {base.__module__}.{base.__qualname__}"
    if not (isinstance(obj, type) or callable(obj)):
        return None
    codes = _code_objects(obj)
    for name, value in _globals_reached(obj, codes).items():
        if name in uses:
            continue
        reached = _origin(value)
        if _forbidden(reached, answers) or (name != "gausslab" and reached.startswith(
                "gausslab.") and not reached.startswith(("gausslab.checks", "gausslab.data",
                                                        "gausslab.plotting", "gausslab.answers"))):
            return f"its code uses {name} from {reached}"
    names = {name for code in codes for name in code.co_names}
    if "gausslab" in names and names & SEARCHES:
        return "its code searches the gausslab package"
    for source in _cell_sources(codes):
        found = _reaches_in_source(source, answers)
        if found:
            return f"its cell uses {found}"
        if "gausslab" in source and any(word in source for word in SEARCHES):
            return "its cell searches the gausslab package"
    return None


def require_own_answer(obj, answer_cell, answers=None, uses=()):
    """Fail with code ``borrowed_answer`` when ``obj`` was taken from the helper package.

    ``answer_cell`` is the grade_id of the answer cell that should define ``obj``; ``answers``
    the module of this assignment's reference answers, by default the one named like the
    calling hidden-check module (``gausslab.grading.hidden.rbf_layer`` ->
    ``gausslab.answers.rbf_layer``); ``uses`` the names of other answers that ``obj`` calls.
    """
    if answers is None:
        answers = _answers_module(inspect.currentframe().f_back.f_globals["__name__"])
    why = borrowed_from(obj, answers, uses)
    if why:
        name = getattr(obj, "__name__", type(obj).__name__)
        fail(f"{name}: answer taken from the helper package.", why,
             f"{name} written in the answer cell '{answer_cell}'",
             "write the answer yourself: a borrowed answer earns no points", code=BORROWED)


def hidden_version(check, answer_cell, uses=()):
    """``check(answer, ...)`` preceded by ``require_own_answer(answer, answer_cell, uses=uses)``.

    For hidden checks that are the visible check on other inputs (bind them with
    ``functools.partial``); the answers module is the calling hidden-check module's.
    """
    answers = _answers_module(inspect.currentframe().f_back.f_globals["__name__"])

    @functools.wraps(check)
    def hidden(answer, *args, **kwargs):
        require_own_answer(answer, answer_cell, answers, uses)
        return check(answer, *args, **kwargs)

    return hidden
