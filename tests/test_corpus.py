"""The submission corpus, autograded through nbgrader: every correct variant gets full marks and
every wrong one loses points exactly on the tests that name its mistake (slow: minutes)."""

from pathlib import Path

import pytest
from conftest import nbgrader_cells, read_notebook

import gausslab
from gausslab.grading import corpus
from gausslab.grading.autograde import grade_class
from gausslab.grading.course import ASSIGNMENTS
from gausslab.grading.report import format_table

VARIANTS = [v for assignment in ASSIGNMENTS for v in corpus.load(assignment)]
PACKAGE = str(Path(gausslab.__file__).parent)  # the package's own files, not the venv's
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("corpus")]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The corpus graded as a class, variants bundled (``corpus.bundle``); (course root,
    {(assignment, student): Result}, {(assignment, variant name): its Bundle})."""
    root = tmp_path_factory.mktemp("demo_class")
    bundles = corpus.build_demo_class(root, bundled=True)
    results = grade_class(root, workers=2, progress=False)
    print(format_table(results))
    return (root, {(r.assignment, r.student): r for r in results},
            {(b.assignment, v.name): b for b in bundles for v in b.variants})


def _student(graded, variant):
    return graded[2][variant.assignment, variant.name].student


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: f"{v.assignment}/{v.name}")
def test_variant_gets_its_expected_grade(graded, variant):
    bundle = graded[2][variant.assignment, variant.name]
    result = graded[1][variant.assignment, bundle.student]
    if variant.fails == {"not_graded"}:
        assert result.problem.startswith("NOT GRADED") and result.score == 0
        assert "JSON" in result.problem, result.problem
        return
    assert not result.problem, result.problem
    assert set(result.lost) == bundle.fails, f"{bundle.why}: lost points on {result.lost}"
    if bundle.fails:
        assert sum(s for s, _ in result.scores.values()) < sum(t for _, t in result.scores.values())
    else:
        assert all(score == top for score, top in result.scores.values())


def test_bundles_halve_the_notebook_runs(graded):
    """Bundling keeps every variant and puts no two on one answer cell or one failed test."""
    bundles = {id(b): b for b in graded[2].values()}.values()
    assert sorted(v.name for b in bundles for v in b.variants) == sorted(v.name for v in VARIANTS)
    for b in bundles:
        cells = [v.replaces for v in b.variants]
        assert len(set(cells)) == len(cells), b.student
        assert sum(len(v.fails) for v in b.variants) == len(b.fails), b.student
    assert len(bundles) < 0.6 * len(VARIANTS)


def test_every_test_catches_a_real_mistake(assignment):
    tests = {c["metadata"]["nbgrader"]["grade_id"]
             for c in nbgrader_cells(read_notebook("source", assignment), grade=True,
                                     solution=False)}
    caught = set().union(*(v.fails for v in corpus.load(assignment)))
    assert tests <= caught, f"tests that no wrong submission fails: {tests - caught}"


def test_every_answer_cell_has_differently_correct_variants(assignment):
    answers = {c["metadata"]["nbgrader"]["grade_id"]
               for c in nbgrader_cells(read_notebook("source", assignment), solution=True)
               if c["cell_type"] == "code"}  # written answers are graded by hand
    for answer in answers:
        correct = [v for v in corpus.load(assignment) if v.correct and v.replaces == answer]
        assert len(correct) >= 2, f"{answer}: only {[v.name for v in correct]}"


def test_csv_and_feedback_for_every_student(graded):
    root, results, _ = graded
    csv = (root / "grades.csv").read_text()
    for assignment, student in results:
        assert f"{assignment},,,{student}," in csv
        if not results[assignment, student].problem:
            feedback = root / "feedback" / student / assignment / f"{ASSIGNMENTS[assignment]}.html"
            assert feedback.is_file()
    two_sigma = (root / "feedback" / _student(graded, next(
        v for v in VARIANTS if v.name == "rbf_two_sigma_squared")) / "01_rbf_layer" /
                 "rbf_layer.html").read_text()
    assert "the formula divides by sigma^2" in two_sigma


# ------------------------------------------------------- what a student sees of a failure

def _secret_lines():
    """Substantial source lines of the checks, hidden checks and oracles, and of the hidden
    tests, that no cell of a notebook holds: none may reach a student."""
    from gausslab.checks import EXPECTED

    package = EXPECTED.parents[1]
    code = set()
    for folder in ("checks", "grading/hidden", "grading/oracles"):
        for path in (package / folder).glob("*.py"):
            code |= {line.strip() for line in path.read_text().splitlines()
                     if len(line.strip()) > 25 and not line.strip().startswith(('"', "#"))}
    hidden, public = set(), set()
    for assignment in ASSIGNMENTS:
        for cell in read_notebook("source", assignment)["cells"]:
            text = "".join(cell["source"])
            for part in text.split("### BEGIN HIDDEN TESTS")[1:]:
                hidden |= {line.strip() for line in part.split("### END HIDDEN TESTS")[0]
                           .splitlines() if len(line.strip()) > 12}
            public |= {line.strip() for line in text.split("### BEGIN HIDDEN TESTS")[0]
                       .splitlines()}
    for variant in VARIANTS:  # what students write may coincide with a line of an oracle
        if variant.path.suffix == ".py":
            public |= {line.strip() for line in variant.path.read_text().splitlines()}
    return (code - public) | (hidden - public)


def _errors(root):
    """(student, assignment, grade_id, error output) of every graded notebook's test cells."""
    import json

    for path in sorted((root / "autograded").glob("*/*/*.ipynb")):
        student, assignment = path.parts[-3], path.parts[-2]
        for cell in json.loads(path.read_text())["cells"]:
            for output in cell.get("outputs", []):
                if output["output_type"] == "error":
                    yield student, assignment, cell["metadata"].get("nbgrader", {}).get(
                        "grade_id"), output


def test_failures_show_the_message_not_the_checkers_code(graded):
    root, _, _ = graded
    secret, seen = _secret_lines(), 0
    tests = {(assignment, cell["metadata"]["nbgrader"]["grade_id"]) for assignment in ASSIGNMENTS
             for cell in nbgrader_cells(read_notebook("source", assignment), grade=True)}
    for student, assignment, grade_id, error in _errors(root):
        if (assignment, grade_id) not in tests:
            continue  # a demo cell run before any test: IPython's own traceback
        shown = "\n".join(error["traceback"])
        where = f"{assignment}/{student}/{grade_id}:\n{shown}"
        assert PACKAGE not in shown and "During handling" not in shown, where
        assert not [line for line in secret if line in shown], where
        if error["ename"] == "CheckFailure":
            seen += 1
            assert len(f"CheckFailure: {error['evalue'].splitlines()[0]}") < 80, where
            if "Your code raised the error" not in shown:
                assert len(shown.splitlines()) <= 12, where
    assert seen > 50


def test_feedback_shows_no_hidden_test_and_no_checker_code(graded):
    import html

    root, _, _ = graded
    secret = _secret_lines()
    pages = sorted((root / "feedback").glob("*/*/*.html"))
    assert pages
    for page in pages:
        text = html.unescape(page.read_text())
        assert "BEGIN HIDDEN TESTS" not in text and "gausslab/grading" not in text, page
        assert not [line for line in secret if line in text], page


def test_borrowed_answers_are_named(graded):
    _, results, _ = graded
    borrowed = [v for v in VARIANTS if v.name.startswith("borrowed_")]
    assert len({v.assignment for v in borrowed}) == len(ASSIGNMENTS)
    messages = {(s, a, g): e["evalue"] for s, a, g, e in _errors(graded[0])}
    for variant in borrowed:
        for grade_id in variant.fails:
            message = messages[_student(graded, variant), variant.assignment, grade_id]
            assert "answer taken from the helper package" in message, (variant.name, message)


def test_table_names_borrowed_answers_on_the_students_row(graded):
    _, results, _ = graded
    for variant in (v for v in VARIANTS if v.name.startswith("borrowed_")):
        row = format_table([results[variant.assignment, _student(graded, variant)]]
                           ).splitlines()[-1]
        tests = ", ".join(sorted(variant.fails))
        assert f"answer taken from the helper package ({tests})" in row, row


# ----------------------------------------- issue 13: the class report of the graded corpus

def _report_rows(folder, assignment, kind):
    import csv

    with (folder / f"{assignment}.{kind}.csv").open() as handle:
        return list(csv.DictReader(handle))


def test_class_report_counts_every_cause_as_the_corpus_says(graded, tmp_path):
    """Each (test, cause code) count of the report equals the corpus headers' ``# cause:``."""
    from collections import Counter

    from gausslab.grading import class_report

    root, results, _ = graded
    stated = [a for a in ASSIGNMENTS if any(v.causes for v in corpus.load(a))]
    assert stated, "no assignment's corpus states its cause codes"
    for assignment in stated:
        class_report.write(root, assignment, out=tmp_path)
        got = Counter()
        for row in _report_rows(tmp_path, assignment, "causes"):
            got[row["test"], row["cause"] or None] += int(row["count"])
        want = Counter((test, code) for v in corpus.load(assignment) if v.causes
                       for test, code in v.causes.items())
        assert got == want, (f"{assignment}: in the report, not in the headers: {got - want}; "
                             f"in the headers, not in the report: {want - got}")
        tests = {row["test"]: row for row in _report_rows(tmp_path, assignment, "tests")}
        students = [s for a, s in results if a == assignment]
        for test, row in tests.items():
            failed = sum(test in v.fails for v in corpus.load(assignment))
            assert int(row["submissions"]) - int(row["passed"]) == failed, test
        rates = [float(row["pass_rate"]) for row in tests.values()]
        assert rates == sorted(rates), "hardest test first"

        page = (tmp_path / f"{assignment}.html").read_text()
        assert 'id="histogram"' in page and 'src="data:image/png;base64,' in page
        assert '<table id="tests">' in page and '<table id="causes">' in page
        assert not [s for s in students if s in page], "student names without --names"
        for v in corpus.load(assignment):
            if v.fails == {"not_graded"}:
                assert "not graded" in page
    with_names = class_report.write(root, "01_rbf_layer", names=True, out=tmp_path).read_text()
    assert "rbf_two_sigma_squared" in with_names


def test_class_report_opens_in_headless_chromium(graded, tmp_path):
    from test_class_report import open_in_chromium

    from gausslab.grading import class_report

    errors, requests, width, rows = open_in_chromium(
        class_report.write(graded[0], "01_rbf_layer", out=tmp_path))
    assert not errors and all(url.startswith(("file:", "data:")) for url in requests), requests
    assert width > 100 and rows > 10


def test_points_and_comments_given_by_hand_reach_the_feedback(graded):
    """After grading a written answer in the formgrader, the same grade command regrades
    nothing and writes that assignment's feedback again, with the points and the comment."""
    from nbgrader.api import Gradebook

    from gausslab.grading import records

    root, results, _ = graded
    assignment = "02_mnist_comparison"
    student = next(s for a, s in results if a == assignment and not results[a, s].problem)
    before = records.load(root, assignment, student)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        notebook = ASSIGNMENTS[assignment]
        gradebook.find_grade("answer_parameters", notebook, assignment, student).manual_score = 1.5
        gradebook.find_comment("answer_parameters", notebook, assignment,
                               student).manual_comment = "Count the biases too."
        gradebook.db.commit()
    grade_class(root, [assignment], progress=False)
    assert records.load(root, assignment, student) == before  # nothing graded again
    page = (root / "feedback" / student / assignment / f"{ASSIGNMENTS[assignment]}.html")
    assert "Count the biases too." in page.read_text()
