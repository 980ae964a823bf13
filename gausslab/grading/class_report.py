"""What the class got wrong: a report per assignment for the lecturer, read from the result
records (``gausslab.grading.records``) of a graded course directory.

``write(root, assignment)`` writes ``<root>/reports/<assignment>.html`` (one self-contained page:
the histogram is an embedded PNG, no script, no external resource) and, beside it, the same
numbers as CSV: ``<assignment>.tests.csv`` (pass rate per test) and ``<assignment>.causes.csv``
(per test, each group of failures: a cause code, or what happened when no cause was named).

Failures are grouped by the cause code that the checks write into their messages
(``likely cause [<code>]: ...``), never by the wording. Student names appear only with
``names=True``. Grades themselves leave through ``nbgrader export`` (``grades.csv``).
"""

import base64
import csv
import html
import io
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from gausslab.grading.course import ASSIGNMENTS

HAPPENED = {"TimeLimitExceeded": "timed out", "OutOfMemory": "ran out of memory",
            "KernelDied": "kernel died"}
RAISED = re.compile(r"\braised (\w+)\.?$")
NO_FINISH = "did not finish"


@dataclass
class Group:
    """The failures of one test that share a cause code (or, without one, what happened)."""

    test: str
    cause: str | None  # the code; None: no named cause
    happened: str  # for failures without a code: "raised NameError", "timed out", ...
    students: list = field(default_factory=list)
    example: tuple = ("", "")  # (observed, expected) of one failure, anonymised

    @property
    def label(self):
        return self.cause or self.happened


@dataclass
class Test:
    grade_id: str
    max_score: float
    submissions: int = 0
    passed: int = 0
    points: float = 0.0
    groups: dict = field(default_factory=dict)  # label -> Group

    @property
    def pass_rate(self):
        return self.passed / self.submissions if self.submissions else 0.0


@dataclass
class ClassReport:
    assignment: str
    records: list
    tests: list  # Test, hardest first
    scores: list  # total score of each graded submission
    max_score: float
    manual: dict  # grade_id of a written answer -> students whose answer waits for a person
    ungraded: list  # (student, status, why)
    flagged: list  # (student, reasons)

    @property
    def size(self):
        return len(self.records)

    def causes(self):
        """Counter of (test, cause code or None) over the class."""
        return Counter({(t.grade_id, g.cause): len(g.students) for t in self.tests
                        for g in t.groups.values()})


def load_records(root, assignment):
    """The result records of ``assignment`` in course directory ``root``, by student."""
    folder = Path(root) / "records" / assignment
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]


def what_happened(test):
    """A failure without a cause code, in a few words: "raised NameError", "timed out", ..."""
    error, message = test.get("error"), test.get("message") or ""
    if error in HAPPENED:
        return HAPPENED[error]
    if error is None:
        return NO_FINISH
    raised = RAISED.search(message)
    if error == "CheckFailure":
        return f"raised {raised.group(1)}" if raised else f"failed: {message}"
    return f"raised {error}"


def _cell_failure(root, record, grade_id):
    """(observed, expected) lines of the failure of ``grade_id`` in the autograded notebook."""
    notebook = Path(root) / "autograded" / record["student"] / record["assignment"] / \
        record["notebook"]
    try:
        cells = json.loads(notebook.read_text())["cells"]
    except (OSError, ValueError, KeyError):
        return "", ""
    for cell in cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") != grade_id:
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                text = re.sub(r"\x1b\[[0-9;]*m", "", output.get("evalue", ""))
                found = dict(re.findall(r"^\s*(observed|expected): (.*)$", text, re.M))
                return tuple(_anonymise(found.get(k, ""), record["student"])
                             for k in ("observed", "expected"))
    return "", ""


def _anonymise(text, student):
    return text.replace(student, "<student>")[:200] if student else text[:200]


def summarise(root, assignment, records=None):
    """The ``ClassReport`` of ``assignment`` from the records in ``root``."""
    records = load_records(root, assignment) if records is None else records
    graded = [r for r in records if r["status"] == "graded"]
    tests = {}
    for record in graded:
        for grade_id, result in sorted(record["tests"].items()):
            test = tests.setdefault(grade_id, Test(grade_id, result["max_score"]))
            test.submissions += 1
            test.points += result["score"]
            if result["score"] >= result["max_score"]:
                test.passed += 1
                continue
            cause = result.get("cause")
            happened = "" if cause else what_happened(result)
            group = test.groups.setdefault(cause or happened, Group(grade_id, cause, happened))
            group.students.append(record["student"])
            if not any(group.example):
                group.example = _cell_failure(root, record, grade_id)
    manual = defaultdict(list)
    for record in graded:
        for grade_id in record.get("manual", []):
            manual[grade_id].append(record["student"])
    return ClassReport(
        assignment, records,
        sorted(tests.values(), key=lambda t: (t.pass_rate, t.grade_id)),
        [r["score"] for r in graded],
        max((r["max_score"] for r in records), default=0.0), dict(sorted(manual.items())),
        [(r["student"], r["status"], r.get("problem", "")) for r in records
         if r["status"] != "graded"],
        [(r["student"], r["review"]) for r in records if r.get("review")])


# ------------------------------------------------------------------------------------ writing

def histogram_png(report):
    """The score distribution as PNG bytes (matplotlib, no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 3.2), dpi=100)
    axes = figure.add_subplot()
    top = report.max_score or 1.0
    bins = [top * i / 20 for i in range(21)]
    axes.hist(report.scores, bins=bins, color="#4c72b0", edgecolor="white")
    axes.set_xlim(0, top)
    axes.set_title(f"{report.assignment}: scores of {len(report.scores)} graded submissions")
    axes.set_xlabel(f"score (points, of {top:g})")
    axes.set_ylabel("submissions")
    axes.yaxis.get_major_locator().set_params(integer=True)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _share(count, size):
    return f"{100 * count / size:.0f}%" if size else "-"


def _who(students, names):
    return ", ".join(students) if names else ""


def write_csv(report, folder, names=False):
    """``<assignment>.tests.csv`` and ``<assignment>.causes.csv`` in ``folder``."""
    tests_path = Path(folder) / f"{report.assignment}.tests.csv"
    with tests_path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["assignment", "test", "max_score", "submissions", "passed", "pass_rate",
                      "mean_score"])
        for t in report.tests:
            out.writerow([report.assignment, t.grade_id, t.max_score, t.submissions, t.passed,
                          round(t.pass_rate, 4), round(t.points / max(t.submissions, 1), 4)])
    causes_path = Path(folder) / f"{report.assignment}.causes.csv"
    with causes_path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["assignment", "test", "cause", "what_happened", "count", "class_size",
                      "share", "example_observed", "example_expected"]
                     + ["students"] * names)
        for t in report.tests:
            for g in sorted(t.groups.values(), key=lambda g: (-len(g.students), g.label)):
                out.writerow([report.assignment, t.grade_id, g.cause or "", g.happened,
                              len(g.students), report.size,
                              round(len(g.students) / max(report.size, 1), 4), *g.example]
                             + [" ".join(g.students)] * names)
    return tests_path, causes_path


STYLE = """body{font-family:sans-serif;margin:2em;max-width:70em;color:#222}
table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #ccc;padding:0.25em
0.5em;text-align:left;vertical-align:top}th{background:#f0f0f0}td.n{text-align:right}
code{background:#f6f6f6}.bar{background:#c44e52;height:0.8em;display:inline-block}"""


def render_html(report, names=False):
    """The report as one self-contained HTML page."""
    e = html.escape
    size = report.size
    png = base64.b64encode(histogram_png(report)).decode()
    graded = len(report.scores)
    mean = sum(report.scores) / graded if graded else 0.0
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>What the class got wrong: {e(report.assignment)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>What the class got wrong: {e(report.assignment)}</h1>",
        f"<p>{size} submissions: {graded} graded, {len(report.ungraded)} not graded. "
        f"Mean score of the graded ones: {mean:.2f} of {report.max_score:g}. "
        + ("Student names are shown." if names else
           "Student names are hidden (<code>--names</code> shows them).") + "</p>",
        "<h2>Score distribution</h2>",
        f'<img id="histogram" alt="histogram of the scores of {graded} graded submissions" '
        f'src="data:image/png;base64,{png}">',
        "<h2>Tests, hardest first</h2>",
        '<table id="tests"><thead><tr><th>test</th><th>pass rate</th><th>passed</th>'
        "<th>mean points</th></tr></thead><tbody>"]
    for t in report.tests:
        parts.append(
            f"<tr><td><code>{e(t.grade_id)}</code></td><td class=n>{100 * t.pass_rate:.0f}% "
            f'<span class="bar" style="width:{100 * (1 - t.pass_rate):.0f}px"></span></td>'
            f"<td class=n>{t.passed} / {t.submissions}</td>"
            f"<td class=n>{t.points / max(t.submissions, 1):.2f} / {t.max_score:g}</td></tr>")
    parts += ["</tbody></table>", "<h2>What went wrong, per test</h2>",
              "<p>Failures with a named cause are grouped by its code; failures without one by "
              "what happened. Share: of all the class's submissions.</p>",
              '<table id="causes"><thead><tr><th>test</th><th>likely cause or what happened'
              "</th><th>count</th><th>share</th><th>example: observed</th><th>expected</th>"
              + "<th>students</th>" * names + "</tr></thead><tbody>"]
    for t in report.tests:
        for g in sorted(t.groups.values(), key=lambda g: (-len(g.students), g.label)):
            label = f"<code>{e(g.cause)}</code>" if g.cause else f"<i>{e(g.happened)}</i>"
            parts.append(
                f"<tr><td><code>{e(t.grade_id)}</code></td><td>{label}</td>"
                f"<td class=n>{len(g.students)}</td><td class=n>{_share(len(g.students), size)}"
                f"</td><td>{e(g.example[0])}</td><td>{e(g.example[1])}</td>"
                + f"<td>{e(_who(g.students, names))}</td>" * names + "</tr>")
    parts += ["</tbody></table>", "<h2>Not graded</h2>"]
    if report.ungraded:
        parts.append("<ul>" + "".join(
            f"<li>{e(student) + ': ' if names else ''}{e(status.replace('_', ' '))}: {e(why)}</li>"
            for student, status, why in report.ungraded) + "</ul>")
    else:
        parts.append("<p>Every submission was graded.</p>")
    parts.append("<h2>Written answers waiting for a person</h2>")
    if report.manual:
        parts.append("<ul>" + "".join(
            f"<li><code>{e(grade_id)}</code>: {len(students)} answers"
            + (f" ({e(', '.join(students))})" if names else "") + "</li>"
            for grade_id, students in report.manual.items()) + "</ul>"
            "<p>Grade them in nbgrader's formgrader (the course's <code>gradebook.db</code>).</p>")
    else:
        parts.append("<p>None.</p>")
    if report.flagged:
        parts.append(f"<h2>Flagged for review</h2><p>{len(report.flagged)} submissions:</p><ul>"
                     + "".join(f"<li>{e(s) + ': ' if names else ''}{e('; '.join(why))}</li>"
                               for s, why in report.flagged) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write(root, assignment, names=False, out=None):
    """Write the HTML page and the CSV files of ``assignment``; return the HTML's path."""
    report = summarise(root, assignment)
    folder = Path(out or Path(root) / "reports")
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(report, folder, names)
    page = folder / f"{assignment}.html"
    page.write_text(render_html(report, names))
    return page


def write_all(root, assignments=ASSIGNMENTS, names=False):
    """The report of each of ``assignments`` that has result records in ``root``."""
    return [write(root, a, names) for a in assignments
            if any((Path(root) / "records" / a).glob("*.json"))]
