"""The hidden tests' detector of borrowed answers, run in-process on every borrowed corpus cell
(graded or not) and on every correct one: each borrowed cell defines at least one of its task's
names from the helper package, and no correct cell is taken for borrowed."""

import ast
import functools

import pytest
from conftest import nbgrader_cells, read_notebook, run_cell

from gausslab.grading import corpus
from gausslab.grading.course import ASSIGNMENTS
from gausslab.grading.hidden import borrowed_from

CELLS = [v for a in ASSIGNMENTS for v in corpus.load(a) + corpus.load_borrowed(a)
         if v.path.suffix == ".py" and v.replaces
         and (v.name.startswith("borrowed_") or v.correct)]


def _defined(source):
    """Names bound at the top level of a cell: its functions, classes and assignments."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.ImportFrom):
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def _answer_names(assignment):
    """grade_id of each answer cell of the solution -> the names that cell defines."""
    return {c["metadata"]["nbgrader"]["grade_id"]: _defined("".join(c["source"]))
            for c in nbgrader_cells(read_notebook("solutions", assignment), solution=True)
            if c["cell_type"] == "code"}


@functools.cache
def _setup(assignment):
    """The namespace left by the solution's set-up cell (imports, SEED, FAST)."""
    cell = next(c for c in read_notebook("solutions", assignment)["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") == "setup")
    return run_cell("".join(cell["source"]), f"<setup {assignment}>", {"__name__": "__main__"})


def _run_cell(variant):
    """Execute the variant's cell after the set-up cell, as in a notebook."""
    return run_cell(corpus.student_code(variant) + "\n",
                    f"<cell {variant.assignment}/{variant.name}>", dict(_setup(variant.assignment)))


@pytest.mark.parametrize("variant", CELLS, ids=lambda v: f"{v.assignment}/{v.name}")
def test_detector_names_borrowed_cells_only(variant):
    answers = _answer_names(variant.assignment)
    task = answers[variant.replaces]
    others = set().union(*(names for cell, names in answers.items() if cell != variant.replaces))
    namespace = _run_cell(variant)
    module = f"gausslab.answers.{ASSIGNMENTS[variant.assignment]}"
    found = {name: borrowed_from(namespace[name], module, others)
             for name in sorted(task) if name in namespace}
    if variant.name.startswith("borrowed_"):
        assert any(found.values()), f"{variant.why}: not detected in {sorted(found)}"
    else:
        assert not any(found.values()), f"{variant.why}: taken for borrowed: {found}"
