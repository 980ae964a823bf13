"""The grade table: one row per student and assignment, read from the result records."""

from dataclasses import dataclass, field

from gausslab.grading import records


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
    notes: list = field(default_factory=list)  # limits hit, borrowed answers, review flags
    messages: dict = field(default_factory=dict)  # failed grade_id -> (first line, cause code)

    @property
    def lost(self):
        """grade_ids of the tests on which points were lost."""
        return sorted(gid for gid, (score, top) in self.scores.items() if score < top)

    @classmethod
    def from_record(cls, record):
        """The table's view of a result record (``gausslab.grading.records``)."""
        problem = ""
        if record["status"] == "not_graded":
            problem = f"NOT GRADED (0 until fixed and regraded): {record['problem']}"
        elif record["status"] == "failed":
            problem = f"GRADING FAILED (run the command again): {record['problem']}"
        notes = []
        if record.get("submitted_as"):
            notes.append(f"graded {record['submitted_as']} as {record['notebook']}")
        notes += record.get("events", [])
        borrowed = records.borrowed(record)
        if borrowed:
            notes.append(f"answer taken from the helper package ({', '.join(borrowed)})")
        if record.get("review"):
            notes.append("FLAGGED FOR REVIEW: " + "; ".join(record["review"]))
        if not record.get("sandbox", True):
            notes.append("graded without the sandbox")
        tests = record.get("tests", {})
        return cls(record["student"], record["assignment"], record["score"], record["max_score"],
                   {g: (t["score"], t["max_score"]) for g, t in tests.items()},
                   record.get("manual", []), problem, notes,
                   {g: (t.get("message", ""), t.get("cause")) for g, t in tests.items()
                    if t["score"] < t["max_score"]})


def format_table(results):
    """A plain-text table: student, assignment, score, the tests that lost points, and notes."""
    rows = [("student", "assignment", "score", "lost points on")]
    for r in results:
        pending = (f" ({len(r.manual)} written answer{'s' * (len(r.manual) > 1)} to grade "
                   "by hand)" if r.manual else "")
        rows.append((r.student, r.assignment, f"{r.score:g} / {r.max_score:g}{pending}",
                     "; ".join([r.problem or ", ".join(r.lost) or "-", *r.notes])))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3]
             for row in rows]
    lines.insert(1, "-" * (len(lines[0])))
    return "\n".join(lines)
