"""JupyterLab in a real browser (issue 10, slow): Playwright drives headless system Chromium.

A student: the lab on the student release of 01, whose kernel runs in a fresh venv holding only
the release's wheel; Run All Cells on the unanswered notebook stops at the first unanswered task,
whose test then says "not written yet"; with the model answers pasted in, every cell runs
without an error and the plots show as images. The set-up cell shows no stderr in either.

A lecturer: ``python -m gausslab.grading formgrader`` on a graded course of 02, whose written
answers wait for a person; the formgrader lists the submission as needing a manual grade, a
score typed in its form is saved, and nbgrader's export puts it into the grades CSV.

Screenshots go to the test's tmp folder, and to $GAUSSLAB_ARTIFACTS when it is set.
"""

import contextlib
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from conftest import CHROMIUM_ARGS, chromium, student_venv

from gausslab.grading import autograde, corpus
from gausslab.grading.course import REPO, copy_sources, nbgrader
from gausslab.grading.student_release import build

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lab_browser")]
BIN = Path(sys.executable).parent
TOKEN = "gausslab-browser-test"
NOTEBOOK = "notebooks/01_rbf_layer/rbf_layer.ipynb"
ANSWERED = "answered/rbf_layer.ipynb"
# every cell in the page, so that each cell's prompt and outputs can be read (JupyterLab renders
# only the cells in view by default); nothing else of the student's lab is changed
LAB_SETTINGS = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
                '{"windowingMode": "none"}'}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(argv, cwd, env, log):
    """Run a Jupyter server (``argv`` without port and token options); yield its base URL.

    The server, and every process it started (kernels run in sessions of their own), are ended
    on the way out, whatever happened."""
    port = _free_port()
    argv = [*argv, "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={TOKEN}", *(["--allow-root"] if os.geteuid() == 0 else [])]
    with open(log, "w") as out:
        server = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=5).close()
                break
            except OSError:
                assert server.poll() is None, f"the server exited:\n{Path(log).read_text()}"
                assert time.monotonic() < deadline, f"no server after 120 s:\n{Path(log).read_text()}"
                time.sleep(0.5)
        yield base
    finally:
        children = []
        with contextlib.suppress(psutil.Error):
            children = psutil.Process(server.pid).children(recursive=True)
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)  # the server shuts its kernels down
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
        _, alive = psutil.wait_procs(children, timeout=10)
        for child in alive:
            with contextlib.suppress(psutil.Error):
                child.kill()


@pytest.fixture(scope="module")
def browser():
    executable = chromium("JupyterLab")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    """A folder for screenshots; copied to $GAUSSLAB_ARTIFACTS/lab_browser at the end."""
    folder = tmp_path_factory.mktemp("screenshots")
    yield folder
    if os.environ.get("GAUSSLAB_ARTIFACTS"):
        shutil.copytree(folder, Path(os.environ["GAUSSLAB_ARTIFACTS"]) / "lab_browser",
                        dirs_exist_ok=True)


def lab_env(tmp):
    """A student's environment for the lab: fast mode, none of CI's quieting, settings, runtime
    and workspaces of its own."""
    env = {k: v for k, v in os.environ.items() if k not in ("TF_CPP_MIN_LOG_LEVEL", "PYTHONPATH")}
    settings = Path(tmp, "user-settings")
    for name, text in LAB_SETTINGS.items():
        Path(settings, name).parent.mkdir(parents=True, exist_ok=True)
        Path(settings, name).write_text(text)
    return dict(env, GAUSSLAB_FAST="1", JUPYTERLAB_SETTINGS_DIR=str(settings),
                JUPYTERLAB_WORKSPACES_DIR=str(Path(tmp, "workspaces")),
                JUPYTER_RUNTIME_DIR=str(Path(tmp, "runtime")), JUPYTER_DATA_DIR=str(Path(tmp,
                                                                                     "data")))


# ------------------------------------------------------------------------ driving a notebook

CELLS = """cells => cells.map(cell => ({
    source: cell.querySelector('.jp-InputArea-editor').innerText,
    prompt: cell.querySelector('.jp-InputArea-prompt').innerText,
    outputs: Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map(out => ({
        mime: out.dataset.mimeType, text: out.innerText,
        images: Array.from(out.querySelectorAll('img')).filter(
            img => img.complete && img.naturalWidth > 100).length}))}))"""
RUNNING = ("() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'))"
           ".some(prompt => prompt.innerText.includes('*'))")
# a cell is running or has run: its prompt is "[*]:" or "[1]:", no longer "[ ]:"
RAN = ("() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'))"
       ".some(prompt => /\\[[*0-9]+\\]/.test(prompt.innerText))")
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
OUTPUT = ("() => Array.from(document.querySelectorAll('.jp-CodeCell')).some(cell => cell"
          ".querySelector('.jp-InputArea-editor').innerText.includes('{text}') && cell"
          ".querySelector('.jp-OutputArea-output'))")  # a cell holding {text} shows an output


def open_notebook(browser, base, path, workspace):
    """A page of JupyterLab showing ``path``, once its kernel is idle."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{path}?token={TOKEN}")
    page.wait_for_selector(IDLE, timeout=120_000)  # the kernel started
    return page


def wait_until_run(page, timeout_s, started=RAN):
    """Wait until the cells queued to run have all run (or were skipped after an error);
    ``started``: what shows that they started or ran. It is a state, not a moment: a loaded
    machine may show the kernel busy late, or the cells done before the first look (CI once
    waited 10 s here for a "[*]" that it never saw)."""
    page.wait_for_function(started, timeout=60_000)
    page.wait_for_function(f"() => !({RUNNING})() && document.querySelector(\"{IDLE}\")",
                           timeout=timeout_s * 1000)


def run_all(page, timeout_s=150):
    """Run > Run All Cells, as a student does; return the cells as shown, in order."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    wait_until_run(page, timeout_s)
    return page.locator(".jp-CodeCell").evaluate_all(CELLS)


def cell_with(page, text):
    return page.locator(".jp-CodeCell", has_text=text)


def stderr(cell):
    """What a cell shows on red: stderr and errors (JupyterLab renders both as stderr)."""
    return [o["text"] for o in cell["outputs"] if o["mime"] == "application/vnd.jupyter.stderr"]


# ------------------------------------------------------------------------------- the student

@pytest.fixture(scope="module")
def student_lab(tmp_path_factory):
    """The lab on the student release of 01 (unanswered, and a copy with the model answers
    pasted in), its kernel in a fresh venv holding only the release's wheel."""
    tmp = tmp_path_factory.mktemp("student_lab")
    release = build(tmp / "release", ["01_rbf_layer"], closed=())
    python = student_venv(release, tmp)
    variant = next(v for v in corpus.load("01_rbf_layer") if v.name == "solution_as_released")
    corpus.write_submission(variant, release / ANSWERED, release=release / NOTEBOOK)
    # the fresh venv's kernel spec, found before this environment's own
    env = dict(lab_env(tmp), JUPYTER_PATH=str(python.parent.parent / "share" / "jupyter"))
    with serving([str(BIN / "jupyter"), "lab", f"--ServerApp.root_dir={release}"], cwd=tmp,
                 env=env, log=tmp / "lab.log") as base:
        with urllib.request.urlopen(f"{base}/api/kernelspecs?token={TOKEN}") as response:
            spec = json.load(response)["kernelspecs"]["python3"]["spec"]
        assert spec["argv"][0] == str(python), spec
        yield base


def test_unanswered_notebook_shows_not_written_yet(browser, student_lab, screenshots):
    page = open_notebook(browser, student_lab, NOTEBOOK, "unanswered")
    try:
        cells = run_all(page)
        setup, *rest = cells
        assert setup["prompt"] == "[1]:" and "Keras" in setup["outputs"][0]["text"], setup
        assert not stderr(setup), stderr(setup)
        # Run All stops at the first cell that calls an unanswered function
        stopped = next(i for i, cell in enumerate(cells) if stderr(cell))
        assert "squared_distances(" in cells[stopped]["source"], cells[stopped]
        assert "NotImplementedError" in stderr(cells[stopped])[0]
        assert all(cell["prompt"] == "[ ]:" for cell in cells[stopped + 1:]), cells
        page.screenshot(path=screenshots / "unanswered_run_all.png")

        test = cell_with(page, "check_squared_distances_shape(squared_distances)")
        test.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Control+Enter")  # run this cell, as a student does next
        wait_until_run(page, 60, started=OUTPUT.format(
            text="check_squared_distances_shape(squared_distances)"))
        shown = test.locator(".jp-OutputArea-output").inner_text()
        test.screenshot(path=screenshots / "unanswered_first_test.png")
        assert "not written yet" in shown, shown
        assert "replace `raise NotImplementedError()`" in shown, shown
        assert "gausslab/checks" not in shown, shown  # the checker's code is not shown
    finally:
        page.close()


def test_answered_notebook_passes_and_plots(browser, student_lab, screenshots):
    page = open_notebook(browser, student_lab, ANSWERED, "answered")
    try:
        cells = run_all(page, timeout_s=240)
        page.screenshot(path=screenshots / "answered_run_all.png")
        cell_with(page, "show_images(centres").screenshot(path=screenshots /
                                                           "answered_last_cell.png")
    finally:
        page.close()
    assert [c["prompt"] for c in cells] == [f"[{i}]:" for i in range(1, len(cells) + 1)]
    assert not [(c["source"][:60], stderr(c)) for c in cells if stderr(c)]
    images = [c["source"][:60] for c in cells if any(o["images"] for o in c["outputs"])]
    assert len(images) >= 2 and "show_images(centres" in cells[-1]["source"], images
    assert any(o["images"] for o in cells[-1]["outputs"]), cells[-1]


# ------------------------------------------------------------------------------ the lecturer

GRADED = "02_mnist_comparison"


@pytest.fixture
def graded_course(tmp_path):
    """A course directory of 02 as ``grade`` leaves it, with one submission whose written
    answers wait for a person. Its grades are written by the grader's own code (nbgrader's
    SaveAutoGrades) from the outputs of the committed, executed solution, instead of running
    the notebook again (minutes here; the grading itself is tested by test_corpus)."""
    root = copy_sources(tmp_path / "course", [GRADED])
    nbgrader("generate_assignment", GRADED, "--force", root=root)
    solution = REPO / "solutions" / GRADED / "mnist_comparison.ipynb"
    submitted = root / "submitted" / "ada" / GRADED
    submitted.mkdir(parents=True)
    shutil.copy(solution, submitted / solution.name)
    autograde._record_grades(root, {"assignment": GRADED, "student": "ada", "status": "graded",
                                    "notebook": solution.name}, solution.read_text())
    return root


def exported_score(root, tmp_path):
    """The student's score in the grades CSV that nbgrader's export writes."""
    nbgrader("export", f"--to={tmp_path / 'grades.csv'}", root=root)
    with open(tmp_path / "grades.csv", newline="") as grades:
        (row,) = list(csv.DictReader(grades))
    return row["student_id"], float(row["score"]), float(row["max_score"])


def test_formgrader_grades_a_written_answer(browser, graded_course, tmp_path, screenshots):
    assert exported_score(graded_course, tmp_path) == ("ada", 10.5, 14.5)  # autograded only
    command = [sys.executable, "-m", "gausslab.grading", "formgrader", str(graded_course)]
    with serving(command, cwd=tmp_path, env=lab_env(tmp_path), log=tmp_path / "lab.log") as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        try:
            page.goto(f"{base}/lab?token={TOKEN}")
            page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
            page.get_by_role("menuitem", name="Formgrader").click()
            formgrader = page.frame_locator("iframe")
            formgrader.get_by_role("link", name="Manual Grading").click()
            formgrader.get_by_role("link", name=GRADED).click()
            formgrader.get_by_role("link", name="mnist_comparison").click()
            row = formgrader.locator("tr", has_text="Submission #1")
            row.locator("td.needs-manual-grade span").wait_for()  # the mark: needs manual grade
            assert "0 / 4" in row.inner_text(), row.inner_text()  # written answers, 2 x 2 points
            page.screenshot(path=screenshots / "formgrader_needs_manual_grade.png")

            row.get_by_role("link", name="Submission #1").click()
            score = formgrader.locator("input.score.needs_manual_grade").first
            with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url
                                      and r.request.method == "PUT") as saved:
                score.fill("1.5")
                score.press("Tab")
            assert saved.value.ok, saved.value.status
            page.screenshot(path=screenshots / "formgrader_scored.png")
        finally:
            page.close()
    assert exported_score(graded_course, tmp_path) == ("ada", 12.0, 14.5)


def test_formgrader_refuses_a_folder_that_is_not_a_graded_course(tmp_path, capsys):
    from gausslab.grading.cli import main

    assert main(["formgrader", str(tmp_path)]) == 1
    assert "not a graded course directory" in capsys.readouterr().err
    (tmp_path / "source").mkdir()
    (tmp_path / "gradebook.db").touch()
    (tmp_path / "nbgrader_config.py").touch()
    assert main(["formgrader", str(tmp_path)]) == 1
    assert "would be loaded on top of" in capsys.readouterr().err
