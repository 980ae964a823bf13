"""The submission corpus, autograded through nbgrader: every correct variant gets full marks and
every wrong one loses points exactly on the tests that name its mistake (slow: minutes)."""

import pytest
from conftest import nbgrader_cells, read_notebook

from gausslab.grading import corpus
from gausslab.grading.autograde import grade_class
from gausslab.grading.course import ASSIGNMENTS
from gausslab.grading.report import format_table

VARIANTS = [v for assignment in ASSIGNMENTS for v in corpus.load(assignment)]
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("corpus")]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo_class")
    corpus.build_demo_class(root)
    results = grade_class(root, workers=2, progress=False)
    print(format_table(results))
    return root, {(r.assignment, r.student): r for r in results}


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: f"{v.assignment}/{v.name}")
def test_variant_gets_its_expected_grade(graded, variant):
    result = graded[1][variant.assignment, variant.name]
    if variant.fails == {"not_graded"}:
        assert result.problem.startswith("NOT GRADED") and result.score == 0
        assert "JSON" in result.problem, result.problem
        return
    assert not result.problem, result.problem
    assert set(result.lost) == variant.fails, f"{variant.why}: lost points on {result.lost}"
    if variant.correct:
        assert all(score == top for score, top in result.scores.values())
    else:
        assert sum(s for s, _ in result.scores.values()) < sum(t for _, t in result.scores.values())


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
    root, results = graded
    csv = (root / "grades.csv").read_text()
    for assignment, student in results:
        assert f"{assignment},,,{student}," in csv
        if not results[assignment, student].problem:
            feedback = root / "feedback" / student / assignment / f"{ASSIGNMENTS[assignment]}.html"
            assert feedback.is_file()
    two_sigma = (root / "feedback" / "rbf_two_sigma_squared" / "01_rbf_layer" /
                 "rbf_layer.html").read_text()
    assert "the formula divides by sigma^2" in two_sigma
