"""Read grades back from nbgrader's gradebook and print them as a table."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry


@dataclass
class Result:
    """One student's grade on one assignment."""

    student: str
    assignment: str
    score: float
    max_score: float
    scores: dict = field(default_factory=dict)  # autograded grade_id -> (score, max_score)
    manual: list = field(default_factory=list)  # grade_ids waiting for a human grader
    problem: str = ""  # why the submission could not be graded, if it could not
    borrowed: list = field(default_factory=list)  # tests failed by an answer from the package

    @property
    def lost(self):
        """grade_ids of the tests on which points were lost."""
        return sorted(gid for gid, (score, top) in self.scores.items() if score < top)


def _reason(log):
    """The exception line (``SomeError: message``) of an nbgrader log, else its last line."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^[\w.]*(Error|Exception): ", line)]
    if errors:
        return errors[-1][:300]
    return lines[-1][:300] if lines else "nbgrader produced no grade and no log"


BORROWED = "likely cause [borrowed_answer]"


def borrowed_tests(root, assignment, student):
    """grade_ids of the tests whose failure says the answer was taken from the helper package."""
    found = set()
    for path in (Path(root) / "autograded" / student / assignment).glob("*.ipynb"):
        for cell in json.loads(path.read_text()).get("cells", []):
            if any(BORROWED in output.get("evalue", "") for output in cell.get("outputs", [])
                   if output.get("output_type") == "error"):
                found.add(cell["metadata"].get("nbgrader", {}).get("grade_id"))
    return sorted(found - {None})


def collect(root, assignments, logs):
    """One ``Result`` per submitted (student, assignment); ungraded ones carry a ``problem``."""
    results = []
    with Gradebook(f"sqlite:///{Path(root).resolve() / 'gradebook.db'}") as gradebook:
        for (assignment, student), log in sorted(logs.items()):
            max_score = gradebook.find_assignment(assignment).max_score
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                submission = None
            if submission is None or "There was an error processing" in log:
                results.append(Result(student, assignment, 0.0, max_score, problem=(
                    f"NOT GRADED (0 until fixed and regraded): {_reason(log)}")))
                continue
            grades = [grade for notebook in submission.notebooks for grade in notebook.grades]
            scores = {g.name: (g.score, g.max_score) for g in grades if g.auto_score is not None}
            manual = sorted(g.name for g in grades if g.auto_score is None)
            results.append(Result(student, assignment, submission.score, max_score, scores,
                                  manual, borrowed=borrowed_tests(root, assignment, student)))
    return results


def _lost(result):
    lost = ", ".join(result.lost) or "-"
    if result.borrowed:
        lost += ("; answer taken from the helper package "
                 f"({', '.join(result.borrowed)})")
    return lost


def format_table(results):
    """A plain-text table: student, assignment, score, and the tests that lost points."""
    rows = [("student", "assignment", "score", "lost points on")]
    for r in results:
        pending = (f" ({len(r.manual)} written answer{'s' * (len(r.manual) > 1)} to grade "
                   "by hand)" if r.manual else "")
        rows.append((r.student, r.assignment, f"{r.score:g} / {r.max_score:g}{pending}",
                     r.problem or _lost(r)))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3]
             for row in rows]
    lines.insert(1, "-" * (len(lines[0])))
    return "\n".join(lines)
