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

Grading a class of the whole corpus bundles variants (``bundle``): one graded student holds
several variants that fill different answer cells and lose points on different tests, so each
test still sees each mistake while the corpus takes about half the notebook runs. A bundle must
lose points on exactly the union of its variants' tests. Whole broken notebooks, edits of the
notebook's structure, the reference solution and borrowed answers beyond one per bundle stay
alone.

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


@dataclass
class Bundle:
    """One student of the demo class: one variant, or several that fill different answer cells
    and fail disjoint sets of tests."""

    assignment: str
    variants: list

    @property
    def student(self):
        return "+".join(v.name for v in self.variants)

    @property
    def fails(self):
        return set().union(*(v.fails for v in self.variants))

    @property
    def why(self):
        return "; ".join(f"{v.name}: {v.why}" for v in self.variants)


def _borrowed(variant):
    return variant.name.startswith("borrowed_")


def _owners(assignment):
    """{grade_id of a test cell: grade_id of the answer cell before it} in the solutions."""
    owners, answer = {}, None
    for cell in _notebook("solutions", assignment).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            answer = meta["grade_id"]
        elif meta.get("grade") and not meta.get("solution"):
            owners[meta["grade_id"]] = answer
    return owners


def bundle(assignment, variants):
    """``variants`` of ``assignment`` grouped into ``Bundle``s, greedily and in order.

    A variant joins the first bundle where no other variant fills its answer cell, fails one of
    its tests or, like it, is a borrowed answer (a student's row names one borrowed answer);
    and where no variant fails a test of another's task (a wrong ``squared_distances`` fails the
    layer's tests too, unless the layer next to it computes its own distances)."""
    owners = _owners(assignment)

    def alone(variant):
        return (variant.path.suffix != ".py" or variant.replaces not in owners.values()
                or variant.edit is not None or variant.submitted_as is not None)

    def clash(a, b):
        return (alone(a) or a.replaces == b.replaces or a.fails & b.fails
                or _borrowed(a) and _borrowed(b)
                or any(owners.get(test) == b.replaces for test in a.fails)
                or any(owners.get(test) == a.replaces for test in b.fails))

    bundles = []
    for variant in variants:
        home = None if alone(variant) else next(
            (b for b in bundles if not any(clash(other, variant) for other in b.variants)), None)
        if home is None:
            bundles.append(Bundle(assignment, [variant]))
        else:
            home.variants.append(variant)
    return bundles


def _notebook(folder, assignment, root=REPO):
    return nbformat.read(Path(root) / folder / assignment / (ASSIGNMENTS[assignment] + ".ipynb"),
                         4)


def _cells_by_id(notebook):
    return {cell.metadata.get("nbgrader", {}).get("grade_id"): cell for cell in notebook.cells}


def student_code(variant):
    """The variant's cell source without its header comments."""
    lines = variant.path.read_text().splitlines()
    while lines and (HEADER.match(lines[0]) or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def write_submission(variant, target, release_root=REPO, release=None):
    """Write the variant's (or a ``Bundle``'s) submitted notebook to ``target`` (a path ending
    in .ipynb).

    ``release``: the released notebook to answer (a student's fetched copy, which may be
    ``target`` itself); default: ``release_root``'s ``notebooks/``.
    """
    variants = variant.variants if isinstance(variant, Bundle) else [variant]
    first = variants[0]
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if first.submitted_as == "-":
        return None
    if first.submitted_as:
        target = target.with_name(first.submitted_as)
    if first.path.suffix == ".ipynb":
        target.write_bytes(first.path.read_bytes())
        return target
    release = (nbformat.read(release, 4) if release
               else _notebook("notebooks", first.assignment, release_root))
    solutions = _cells_by_id(_notebook("solutions", first.assignment, release_root))
    for v in variants:
        if v.replaces is not None and v.replaces not in solutions:
            raise ValueError(f"{v.path}: no answer cell with grade_id {v.replaces!r}")
    typed = {v.replaces: student_code(v) for v in variants if v.replaces and v.edit is None}
    for grade_id, cell in _cells_by_id(release).items():
        if grade_id in typed:
            cell.source = typed[grade_id]  # an answer cell, or a test cell the student edited
        elif cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = solutions[grade_id].source
    _edit(release, first)
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


def build_demo_class(root, assignments=ASSIGNMENTS, corpus=CORPUS, bundled=False):
    """A course directory at ``root`` whose students are the variants in ``corpus``, or their
    bundles (``bundled``); returns them as ``Bundle``s."""
    from gausslab.grading.course import copy_sources

    copy_sources(root, assignments)
    students = []
    for assignment in assignments:
        variants = load(assignment, corpus)
        students += (bundle(assignment, variants) if bundled
                     else [Bundle(assignment, [v]) for v in variants])
    for student in students:
        notebook = ASSIGNMENTS[student.assignment] + ".ipynb"
        write_submission(student, Path(root) / "submitted" / student.student / student.assignment
                         / notebook)
    return students
