"""The submission corpus: realistic wrong and differently-correct submissions with known grades.

A variant is a ``.py`` file under ``corpus/<assignment>/`` that holds what a student typed
into one answer cell, after a header of comment lines::

    # replaces: rbf_layer_answer        (grade_id of the answer cell it fills; absent = none)
    # fails: rbf_values rbf_gradients   (grade_ids it must lose points on; absent = full marks)
    # why: divides by 2 sigma^2 instead of sigma^2

Its submission is the released notebook with every answer cell filled from ``solutions/``
except that one. A ``.ipynb`` file is a whole broken submission, used as it is (it may not even
be valid JSON); its header lives in a sibling ``.txt`` file.

Further answers borrowed from the helper package sit under ``corpus/<assignment>/borrowed/``:
``tests/test_borrowed.py`` runs each one's cell in-process and asks the hidden checks' detector
about it, since grading each through nbgrader would cost a whole notebook run. The graded
corpus keeps one borrowed answer per answer cell, which shows that the hidden tests call it.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from gausslab.grading.course import ASSIGNMENTS, REPO

CORPUS = REPO / "corpus"
HEADER = re.compile(r"#\s*(replaces|fails|why):\s*(.*)")


@dataclass
class Variant:
    """One corpus submission and the grade it must get."""

    assignment: str
    name: str
    path: Path
    why: str
    replaces: str | None = None
    fails: set = field(default_factory=set)

    @property
    def correct(self):
        return not self.fails


def _parse(assignment, path, header_text):
    fields = {}
    for line in header_text.splitlines():
        match = HEADER.match(line)
        if match:
            fields[match.group(1)] = match.group(2).strip()
    if "why" not in fields:
        raise ValueError(f"{path}: the header needs a '# why:' line")
    return Variant(assignment, path.stem, path, fields["why"], fields.get("replaces"),
                   set(fields.get("fails", "").split()))


def load(assignment):
    """All variants of ``assignment``, sorted by name."""
    variants = []
    for path in sorted((CORPUS / assignment).glob("*")):
        if path.suffix == ".py":
            variants.append(_parse(assignment, path, path.read_text()))
        elif path.suffix == ".ipynb":
            variants.append(_parse(assignment, path, path.with_suffix(".txt").read_text()))
    return variants


def load_borrowed(assignment):
    """The borrowed answers of ``assignment`` checked in-process, sorted by name."""
    return [_parse(assignment, path, path.read_text())
            for path in sorted((CORPUS / assignment / "borrowed").glob("*.py"))]


def _cells_by_id(notebook):
    return {cell.metadata.get("nbgrader", {}).get("grade_id"): cell for cell in notebook.cells}


def student_code(variant):
    """The variant's cell source without its header comments."""
    lines = variant.path.read_text().splitlines()
    while lines and (HEADER.match(lines[0]) or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def write_submission(variant, target, release_root=REPO):
    """Write the variant's submitted notebook to ``target`` (a path ending in .ipynb)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if variant.path.suffix == ".ipynb":
        target.write_bytes(variant.path.read_bytes())
        return target
    notebook_name = ASSIGNMENTS[variant.assignment] + ".ipynb"
    release = nbformat.read(release_root / "notebooks" / variant.assignment / notebook_name, 4)
    solutions = _cells_by_id(nbformat.read(
        release_root / "solutions" / variant.assignment / notebook_name, 4))
    if variant.replaces is not None and variant.replaces not in solutions:
        raise ValueError(f"{variant.path}: no answer cell with grade_id {variant.replaces!r}")
    for grade_id, cell in _cells_by_id(release).items():
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = (student_code(variant) if grade_id == variant.replaces
                           else solutions[grade_id].source)
    nbformat.write(release, target)
    return target


def build_demo_class(root, assignments=ASSIGNMENTS):
    """A course directory at ``root`` whose students are the corpus variants; returns them."""
    from gausslab.grading.course import copy_sources

    copy_sources(root, assignments)
    variants = [variant for assignment in assignments for variant in load(assignment)]
    for variant in variants:
        notebook = ASSIGNMENTS[variant.assignment] + ".ipynb"
        write_submission(variant, Path(root) / "submitted" / variant.name / variant.assignment
                         / notebook)
    return variants
