"""The submission corpus: realistic wrong and differently-correct submissions with known grades.

A variant is a ``.py`` file under ``corpus/<assignment>/`` that holds what a student typed
into one answer cell, after a header of comment lines::

    # replaces: rbf_layer_answer        (grade_id of the answer cell it fills; absent = none)
    # fails: rbf_values rbf_gradients   (grade_ids it must lose points on; absent = full marks)
    # why: divides by 2 sigma^2 instead of sigma^2
    # cause: two_sigma_squared          (the cause code its failures carry: one for all, or
                                         one per test in the order of fails; "none" for a
                                         failure without a code; absent = not stated)

Optional lines describe hostile submissions (``corpus/hostile/``):

    # submitted_as: my rbf (1).ipynb    (the file name the student used; "-": an empty folder)
    # edit: delete                      (what the student did to the cell named by replaces:
                                         delete, markdown, last (moved to the end), add (the
                                         code goes into a new cell after it); absent: replaced)
    # reported: time limit of          (text the grade table must show on the student's row;
                                         repeatable)

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
HEADER = re.compile(r"#\s*(replaces|fails|why|cause|submitted_as|edit|reported):\s*(.*)")


@dataclass
class Variant:
    """One corpus submission and the grade it must get."""

    assignment: str
    name: str
    path: Path
    why: str
    replaces: str | None = None
    fails: set = field(default_factory=set)
    submitted_as: str | None = None
    edit: str | None = None
    reported: list = field(default_factory=list)
    causes: dict | None = None  # failed grade_id -> cause code or None; None: not stated

    @property
    def correct(self):
        return not self.fails


def _causes(path, fails, header):
    """{failed grade_id: code or None} from a ``# cause:`` line and the order of ``# fails:``."""
    codes = [None if code == "none" else code for code in header.split()]
    if not fails or len(codes) not in (1, len(fails)):
        raise ValueError(f"{path}: '# cause:' needs one code, or one per test of '# fails:' "
                         f"({len(fails)}), and only on a submission that fails")
    return dict(zip(fails, codes * len(fails) if len(codes) == 1 else codes))


def _parse(assignment, path, header_text):
    fields, reported = {}, []
    for line in header_text.splitlines():
        match = HEADER.match(line)
        if match:
            fields[match.group(1)] = match.group(2).strip()
            if match.group(1) == "reported":
                reported.append(match.group(2).strip())
    if "why" not in fields:
        raise ValueError(f"{path}: the header needs a '# why:' line")
    if fields.get("edit") not in (None, "delete", "markdown", "last", "add"):
        raise ValueError(f"{path}: unknown '# edit: {fields['edit']}'")
    fails = fields.get("fails", "").split()
    causes = _causes(path, fails, fields["cause"]) if "cause" in fields else None
    return Variant(assignment, path.stem, path, fields["why"], fields.get("replaces"),
                   set(fails), fields.get("submitted_as"), fields.get("edit"), reported, causes)


def load(assignment, corpus=CORPUS):
    """All variants of ``assignment`` in ``corpus``, sorted by name."""
    variants = []
    for path in sorted((Path(corpus) / assignment).glob("*")):
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


def write_submission(variant, target, release_root=REPO, release=None):
    """Write the variant's submitted notebook to ``target`` (a path ending in .ipynb).

    ``release``: the released notebook to answer (a student's fetched copy, which may be
    ``target`` itself); default: ``release_root``'s ``notebooks/``.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if variant.submitted_as == "-":
        return None
    if variant.submitted_as:
        target = target.with_name(variant.submitted_as)
    if variant.path.suffix == ".ipynb":
        target.write_bytes(variant.path.read_bytes())
        return target
    notebook_name = ASSIGNMENTS[variant.assignment] + ".ipynb"
    release = nbformat.read(release or release_root / "notebooks" / variant.assignment
                            / notebook_name, 4)
    solutions = _cells_by_id(nbformat.read(
        release_root / "solutions" / variant.assignment / notebook_name, 4))
    if variant.replaces is not None and variant.replaces not in solutions:
        raise ValueError(f"{variant.path}: no answer cell with grade_id {variant.replaces!r}")
    for grade_id, cell in _cells_by_id(release).items():
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = (student_code(variant) if grade_id == variant.replaces
                           and variant.edit is None else solutions[grade_id].source)
        elif grade_id == variant.replaces and variant.edit is None:
            cell.source = student_code(variant)  # the student edited a test cell
    _edit(release, variant)
    nbformat.write(release, target)
    return target


def _edit(notebook, variant):
    """Apply the variant's ``# edit:`` to the cell named by its ``# replaces:``."""
    if variant.edit is None:
        return
    index = next(i for i, cell in enumerate(notebook.cells)
                 if cell.metadata.get("nbgrader", {}).get("grade_id") == variant.replaces)
    cell = notebook.cells[index]
    if variant.edit == "delete":
        del notebook.cells[index]
    elif variant.edit == "markdown":
        notebook.cells[index] = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)
    elif variant.edit == "last":
        notebook.cells.append(notebook.cells.pop(index))
    elif variant.edit == "add":
        notebook.cells.insert(index + 1, nbformat.v4.new_code_cell(student_code(variant)))


def build_demo_class(root, assignments=ASSIGNMENTS, corpus=CORPUS):
    """A course directory at ``root`` whose students are the variants in ``corpus``; returns
    them."""
    from gausslab.grading.course import copy_sources

    copy_sources(root, assignments)
    variants = [variant for assignment in assignments for variant in load(assignment, corpus)]
    for variant in variants:
        notebook = ASSIGNMENTS[variant.assignment] + ".ipynb"
        write_submission(variant, Path(root) / "submitted" / variant.name / variant.assignment
                         / notebook)
    return variants
