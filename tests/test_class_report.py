"""The class report (issue 13) on hand-made result records, and the corpus's cause headers (fast:
no grading). The report of the graded corpus class is tested in tests/test_corpus.py."""

import csv
import json

import pytest
from conftest import CHROMIUM_ARGS, chromium

from gausslab.grading import class_report, corpus
from gausslab.grading.cli import main
from gausslab.grading.course import ASSIGNMENTS


def record(student, tests, status="graded", **extra):
    """A result record as ``gausslab.grading.records`` stores it."""
    score = sum(t[0] for t in tests.values())
    return {"assignment": "01_rbf_layer", "student": student, "notebook": "rbf_layer.ipynb",
            "status": status, "score": score, "max_score": 3.0, "problem": "", "events": [],
            "review": [], "manual": [], **extra,
            "tests": {g: {"score": s, "max_score": 1.0, **dict(zip(("error", "message", "cause"),
                                                                   rest))}
                      for g, (s, *rest) in tests.items()}}


WRONG = ("CheckFailure", "RBFLayer(4) outputs are wrong for 3 features.", "two_sigma_squared")
CLASS = [
    record("ada_l", {"values": (1.0,), "shape": (1.0,), "config": (1.0,)}),
    record("bob_k", {"values": (0.0, *WRONG), "shape": (1.0,), "config": (1.0,)}),
    # the same cause, worded otherwise: one group
    record("cy_m", {"values": (0.0, "CheckFailure", "Outputs are off.", "two_sigma_squared"),
                  "shape": (0.0, "NameError", "name 'RBFLayer' is not defined", None),
                  "config": (0.0, "CheckFailure", "layer.get_config() raised KeyError.", None)}),
    record("dee_n", {"values": (0.0, "TimeLimitExceeded", "time limit of 60 s exceeded", None),
                   "shape": (0.0, "NameError", "name 'RBFLayer' is not defined", None),
                   "config": (1.0,)}, manual=["answer_why"], review=["replaced np.allclose"]),
    record("eve_o", {}, status="not_graded", problem="Notebook does not appear to be JSON",
           score=0.0),
]


@pytest.fixture
def course(tmp_path):
    folder = tmp_path / "records" / "01_rbf_layer"
    folder.mkdir(parents=True)
    for r in CLASS:
        (folder / f"{r['student']}.json").write_text(json.dumps(r))
    return tmp_path


def test_groups_by_cause_code_and_by_what_happened(course):
    report = class_report.summarise(course, "01_rbf_layer")
    assert [t.grade_id for t in report.tests] == ["values", "shape", "config"]  # hardest first
    assert report.causes() == {("values", "two_sigma_squared"): 2, ("values", None): 1,
                               ("shape", None): 2, ("config", None): 1}
    groups = {(t.grade_id, g.label): g.students for t in report.tests for g in t.groups.values()}
    assert groups[("values", "timed out")] == ["dee_n"]
    assert groups[("shape", "raised NameError")] == ["cy_m", "dee_n"]
    assert groups[("config", "raised KeyError")] == ["cy_m"]
    assert report.ungraded == [("eve_o", "not_graded", "Notebook does not appear to be JSON")]
    assert report.manual == {"answer_why": ["dee_n"]} and report.scores == [3.0, 2.0, 0.0, 1.0]


def test_html_and_csv_hide_names_unless_asked(course):
    page = class_report.write(course, "01_rbf_layer")
    text = page.read_text()
    assert 'src="data:image/png;base64,' in text and '<table id="causes">' in text
    assert "two_sigma_squared" in text and "timed out" in text and "JSON" in text
    assert "http" not in text and "<script" not in text  # opens offline
    rows = list(csv.DictReader((page.parent / "01_rbf_layer.causes.csv").open()))
    assert {(r["test"], r["cause"], r["count"], r["share"]) for r in rows} >= {
        ("values", "two_sigma_squared", "2", "0.4")}
    tests = list(csv.DictReader((page.parent / "01_rbf_layer.tests.csv").open()))
    assert [(t["test"], t["passed"], t["submissions"]) for t in tests][0] == ("values", "1", "4")
    for name in ("ada_l", "bob_k", "dee_n", "eve_o"):  # "_": never in the base64 PNG
        assert name not in text and name not in (page.parent / "01_rbf_layer.causes.csv"
                                                 ).read_text()
    text = class_report.write(course, "01_rbf_layer", names=True).read_text()
    assert "bob_k, cy_m" in text and "eve_o" in text


def test_report_command(course, capsys):
    assert main(["report", str(course)]) == 0
    assert "class report:" in capsys.readouterr().out
    assert (course / "reports" / "01_rbf_layer.html").is_file()
    assert main(["report", str(course / "nothing")]) == 1


# ---------------------------------------------------------------- the corpus's cause headers

def test_cause_headers_all_or_nothing_per_assignment(assignment):
    """Every wrong variant of an assignment states its cause codes, or none does."""
    wrong = [v for v in corpus.load(assignment) if v.fails and v.fails != {"not_graded"}]
    stated = [v.name for v in wrong if v.causes is not None]
    missing = [v.name for v in wrong if v.causes is None]
    assert not (stated and missing), f"wrong variants without '# cause:': {missing}"
    for v in wrong:
        if v.name.startswith("borrowed_") and v.causes is not None:
            assert set(v.causes.values()) == {"borrowed_answer"}, v.name


def test_cause_headers_cover_01_and_02():
    for assignment in ("01_rbf_layer", "02_mnist_comparison"):
        if assignment in ASSIGNMENTS:
            assert any(v.causes for v in corpus.load(assignment)), assignment


def test_cause_header_one_per_failed_test(tmp_path):
    folder = tmp_path / "01_rbf_layer"
    folder.mkdir()
    (folder / "a.py").write_text("# fails: x y\n# why: w\n# cause: none two\npass\n")
    (folder / "b.py").write_text("# fails: x y\n# why: w\n# cause: code\npass\n")
    a, b = corpus.load("01_rbf_layer", tmp_path)
    assert a.causes == {"x": None, "y": "two"} and b.causes == {"x": "code", "y": "code"}
    (folder / "c.py").write_text("# why: correct\n# cause: code\npass\n")
    with pytest.raises(ValueError, match="cause"):
        corpus.load("01_rbf_layer", tmp_path)


# --------------------------------------------------------------- the page in a real browser

def open_in_chromium(page_path):
    """Open ``page_path`` in headless Chromium; return (console errors, URLs requested,
    histogram width in pixels, rows of the causes table)."""
    executable = chromium("the class report")
    from playwright.sync_api import sync_playwright

    errors, requests = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_path.resolve().as_uri(), wait_until="load")
            width = page.eval_on_selector("#histogram", "img => img.complete && img.naturalWidth")
            rows = page.locator("#causes tbody tr").count()
        finally:
            browser.close()
    return errors, requests, width, rows


def test_report_opens_in_headless_chromium_offline(course):
    errors, requests, width, rows = open_in_chromium(class_report.write(course, "01_rbf_layer"))
    assert not errors
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert width > 100 and rows == 4
