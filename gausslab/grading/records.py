"""Result records: what grading one submission found, as JSON data, one file per submission.

The coordinator keeps them at ``<course>/records/<assignment>/<student>.json``. A record holds:

- ``assignment``, ``student``, ``notebook`` (and ``submitted_as`` when the student's file had
  another name), ``submission_sha256`` and ``source_sha256`` (what was graded, against what);
- ``status``: ``graded``; ``not_graded`` (the submission cannot be graded as it is: not JSON,
  nothing submitted; score 0 until fixed); ``failed`` (the grading broke: such a record is never
  stored over an earlier one);
- ``score``, ``max_score``; ``tests``: per autograded grade_id, ``score``, ``max_score`` and for
  a failed test ``message`` (the first line of its error) and ``cause`` (the code of
  ``likely cause [<code>]: ...``, else None) and ``error`` (the exception's name);
- ``manual``: grade_ids waiting for a person; ``problem``: why it was not graded;
- ``events``: limits hit ("time limit of 60 s exceeded in cell rbf_layer_answer", "out of
  memory in cell ...", "kernel died in cell ..."); ``review``: why a person should look at it
  (tampering detected); ``timings``; ``graded_at``; ``seconds``; ``log`` (nbgrader's, on problems).
"""

import hashlib
import json
import re
import time
from pathlib import Path

from gausslab.grading.limits import LIMIT_ERRORS

CAUSE = re.compile(r"likely cause \[([\w.-]+)\]")
BORROWED = "borrowed_answer"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def sha256_files(files):
    """One hash of a folder given as {relative name: bytes}."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


def path(root, assignment, student):
    return Path(root) / "records" / assignment / f"{student}.json"


def load(root, assignment, student):
    """The stored record, or None."""
    try:
        return json.loads(path(root, assignment, student).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def store(root, record):
    """Write ``record`` atomically (a killed coordinator leaves the old file or the new one)."""
    target = path(root, record["assignment"], record["student"])
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".json.partial")
    partial.write_text(json.dumps(record, indent=1, sort_keys=True))
    partial.replace(target)


def new_record(job):
    return {key: job[key] for key in ("assignment", "student", "notebook", "submission_sha256",
                                      "source_sha256")} | {
        "status": None, "score": 0.0, "max_score": job["max_score"], "tests": {}, "manual": [],
        "problem": "", "events": [], "review": [], "timings": None, "sandbox": job["sandbox"]}


def _finish(record, started):
    record["graded_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    record["seconds"] = round(time.time() - started, 2)
    return record


def not_graded(record, problem, started, log=""):
    record.update(status="not_graded", problem=problem, log=log[-3000:])
    return _finish(record, started)


def failed(record, problem, log, started):
    record.update(status="failed", problem=problem, log=log[-3000:])
    return _finish(record, started)


def reason(log):
    """The exception line (``SomeError: message``) of an nbgrader log, else its last line."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^[\w.]*(Error|Exception): ", line)]
    if errors:
        return errors[-1][:300]
    return lines[-1][:300] if lines else "nbgrader produced no grade and no log"


def _errors(cell):
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def failure(cell):
    """(exception name, first line of the message, cause code or None) of a failed test cell."""
    errors = _errors(cell)
    if not errors:
        return None, "no error output (the test cell did not finish)", None
    error = next((e for e in errors if e.get("ename") in LIMIT_ERRORS), errors[0])
    text = ANSI.sub("", error.get("evalue", ""))
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    match = CAUSE.search(text)
    return error.get("ename"), first[:200], match.group(1) if match else None


def graded(record, notebook, scores, manual, total, started):
    """Fill ``record`` from the autograded ``notebook`` and the scratch gradebook's scores."""
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in notebook.cells}
    for grade_id, (score, top) in sorted(scores.items()):
        test = {"score": score, "max_score": top}
        if score < top and grade_id in cells:
            test["error"], test["message"], test["cause"] = failure(cells[grade_id])
        record["tests"][grade_id] = test
    record["events"] = [e["evalue"] for cell in notebook.cells for e in _errors(cell)
                        if e.get("ename") in LIMIT_ERRORS]
    record["events"] += [f"test cell {grade_id} was deleted: nbgrader leaves it to grade by hand"
                         for grade_id in manual if grade_id not in cells]
    record.update(status="graded", score=total, manual=manual)
    return _finish(record, started)


def borrowed(record):
    """grade_ids of the tests failed because the answer was taken from the helper package."""
    return sorted(g for g, t in record["tests"].items() if t.get("cause") == BORROWED)


def split_timings(timings):
    """Seconds spent in kernel start, the set-up cell (imports), answer cells and test cells."""
    if not timings:
        return None
    split = {"kernel_start": round(timings["kernel_start"] or 0.0, 2), "imports": 0.0,
             "student_cells": 0.0, "test_cells": 0.0, "other_cells": 0.0}
    first_code = True
    for cell in filter(lambda cell: cell["code"], timings["cells"]):
        meta = cell["nbgrader"]
        if meta.get("solution"):
            key = "student_cells"
        elif meta.get("grade"):
            key = "test_cells"
        elif first_code:
            key, first_code = "imports", False
        else:
            key = "other_cells"
        split[key] = round(split[key] + cell["seconds"], 2)
    return split
