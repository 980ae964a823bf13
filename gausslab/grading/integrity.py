"""Tampering that in-process checks cannot stop is detected, and the submission flagged for review.

The hidden tests run in the student's kernel, after the student's code: a student cell can
replace the check functions, ``CheckFailure``, NumPy's comparisons or builtins. Two detectors
look for that; neither changes a score, both put a reason in the record's ``review`` list:

- ``static_review``: the source of every cell the student wrote (answer cells and added cells)
  is searched for the usual means (assigning into ``gausslab`` or ``numpy``, ``builtins``,
  ``sys.modules``, ``__eq__``, walking the file system, the gradebook, ``os._exit``, ...);
- a probe cell appended to the notebook before grading compares, in the kernel after every
  test has run, each function and class of the loaded ``gausslab`` modules with a fresh load of
  its source file, and NumPy's comparison functions and the builtins with the originals; the
  worker removes the cell and reads its report.

A determined student can hide from both (obfuscated names, patching the probe's output); the
README says so. The sandbox, not these detectors, is what protects the gradebook and the files.
"""

import json
import re

import nbformat

PROBE_TAG = "gausslab-integrity-probe"
PROBE_PREFIX = "GAUSSLAB-INTEGRITY "

PROBE = r'''
def _gausslab_integrity():
    import builtins, importlib.util, json, sys, types
    found = []

    def same(live, fresh):
        if isinstance(fresh, types.FunctionType):
            return (isinstance(live, types.FunctionType)
                    and live.__code__.co_code == fresh.__code__.co_code)
        if isinstance(fresh, type) and fresh.__module__.startswith("_fresh_"):
            return (isinstance(live, type) and live.__qualname__ == fresh.__qualname__
                    and all(same(vars(live).get(k), v) for k, v in vars(fresh).items()
                            if isinstance(v, types.FunctionType))
                    and all(issubclass(live, base) for base in fresh.__mro__
                            if base.__module__ == "builtins"))
        return True

    for name, module in sorted(sys.modules.items()):
        if name.split(".")[0] != "gausslab" or not getattr(module, "__file__", None):
            continue
        spec = importlib.util.spec_from_file_location("_fresh_" + name, module.__file__)
        fresh = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(fresh)
        except Exception:
            continue
        for attr, value in vars(fresh).items():
            if not attr.startswith("__") and not same(getattr(module, attr, None), value):
                found.append(f"{name}.{attr} was replaced")
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        for attr in ("allclose", "isclose", "array_equal", "all", "any", "abs", "asarray",
                     "isfinite", "testing.assert_allclose", "testing.assert_array_equal"):
            obj = numpy
            for part in attr.split("."):
                obj = getattr(obj, part, None)
            if not (isinstance(obj, numpy.ufunc)
                    or str(getattr(obj, "__module__", "")).startswith("numpy")):
                found.append(f"numpy.{attr} was replaced")
    for attr in ("abs", "all", "any", "bool", "float", "int", "isinstance", "issubclass", "len",
                 "max", "min", "print", "range", "round", "str", "sum", "type", "zip", "getattr",
                 "hasattr", "__import__", "AssertionError", "Exception"):
        obj = getattr(builtins, attr, None)
        if not (isinstance(obj, (types.BuiltinFunctionType, type))
                and getattr(obj, "__module__", None) == "builtins"):
            found.append(f"builtins.{attr} was replaced")
    sys.__stdout__.write("")  # keeps the real stream alive if print was replaced
    print("GAUSSLAB-INTEGRITY " + json.dumps(found))

_gausslab_integrity()
del _gausslab_integrity
'''

PATTERNS = [
    (r"\bgausslab(\.\w+)+\s*=(?!=)|setattr\s*\(\s*(gausslab|checks)",
     "assigns into the gausslab package (its checks)"),
    (r"\b(np|numpy)(\.\w+)+\s*=(?!=)|setattr\s*\(\s*(np|numpy)\b", "replaces a NumPy function"),
    (r"\b(builtins|__builtins__)\b", "touches the builtins"),
    (r"\bsys\.modules\b", "edits sys.modules"),
    (r"\bCheckFailure\b", "refers to the checks' CheckFailure"),
    (r"\bdef\s+__eq__|__eq__\s*=", "defines __eq__ (an object equal to anything)"),
    (r"gradebook|sqlite|\.db\b", "mentions the gradebook"),
    (r"os\.walk|os\.listdir|os\.scandir|\bglob\b|shutil\.|os\.(remove|unlink|rename|chmod)"
     r"|\.\./|\bparents?\b\s*[\[.]", "walks or changes the file system"),
    (r"os\._exit|\bsignal\.|\bctypes\b|\bfaulthandler\b", "kills or crashes its own kernel"),
    (r"inspect\.|__code__|\bf_globals\b|\bf_back\b|gc\.get_objects", "inspects the grader's code"),
]


def add_probe(path):
    """Append the probe cell to the notebook at ``path`` (left as it is if it is unreadable)."""
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - nbgrader will report why it cannot read it
        return
    cell = nbformat.v4.new_code_cell(PROBE)
    cell.metadata["tags"] = [PROBE_TAG]
    notebook.cells.append(cell)
    nbformat.write(notebook, path)


def take_probe(notebook):
    """Remove the probe cell from the autograded notebook; its findings, or None if it did not
    report (the kernel died at the end, or the student's code silenced it)."""
    for cell in list(notebook.cells):
        if PROBE_TAG in cell.get("metadata", {}).get("tags", []):
            notebook.cells.remove(cell)
            for output in cell.get("outputs", []):
                for line in output.get("text", "").splitlines():
                    if line.startswith(PROBE_PREFIX):
                        return json.loads(line[len(PROBE_PREFIX):])
    return None


def probe_review(found):
    if found is None:
        return ["the integrity check at the end of the notebook did not report"]
    return [f"tampering: {what}" for what in found]


def static_review(notebook):
    """Reasons to review the cells the student wrote (answer cells and added cells)."""
    reasons = []
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or (meta and not meta.get("solution")):
            continue
        for pattern, why in PATTERNS:
            if re.search(pattern, cell.source) and why not in reasons:
                reasons.append(why)
    return [f"code that {why}" for why in reasons]
