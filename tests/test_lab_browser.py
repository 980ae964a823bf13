"""JupyterLab in a real browser (issue 10, slow): Playwright drives headless system Chromium.

A student: the lab on the student release of the four assignments, whose kernel runs in a fresh
venv holding only the release's wheel; in each unanswered notebook, Run All Cells stops at the
first unanswered task, whose first test then says "not written yet"; with the model answers
pasted in, every cell runs without an error and the plots show as images. The set-up cell
shows no stderr.

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
import types
import urllib.request
from pathlib import Path

import psutil
import pytest
from conftest import CHROMIUM_ARGS, chromium, student_venv
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from gausslab.grading import autograde, corpus
from gausslab.grading.course import ASSIGNMENTS, COURSE, REPO, copy_sources, nbgrader
from gausslab.grading.student_release import build

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lab_browser")]
BIN = Path(sys.executable).parent
TOKEN = "gausslab-browser-test"
# every cell in the page, so that each cell's prompt and outputs can be read (JupyterLab renders
# only the cells in view by default); and the preferred kernel started without a "Select Kernel"
# dialog, which a loaded machine showed when the kernel list came after the notebook (CI); nothing
# else of the student's lab is changed
LAB_SETTINGS = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
                '{"windowingMode": "none", "autoStartDefaultKernel": true}'}


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


def shows_output(text):
    """A page function: the cell holding ``text`` shows an output."""
    return ("() => Array.from(document.querySelectorAll('.jp-CodeCell')).some(cell => cell"
            f".querySelector('.jp-InputArea-editor').innerText.includes({json.dumps(text)}) && "
            "cell.querySelector('.jp-OutputArea-output'))")


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
    """Run > Run All Cells, as a student does; return the cells as shown, in order. A second
    try if no cell started within a minute (once seen on a loaded machine: the menu command
    given, nothing run)."""
    for attempt in (1, 2):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_function(RAN, timeout=60_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
            if dialog.count():  # should not come (autoStartDefaultKernel); if it does, accept
                dialog.get_by_role("button", name="Select", exact=True).click()
    wait_until_run(page, timeout_s)
    return page.locator(".jp-CodeCell").evaluate_all(CELLS)


def cell_with(page, text):
    return page.locator(".jp-CodeCell", has_text=text)


def stderr(cell):
    """What a cell shows on red: stderr and errors (JupyterLab renders both as stderr)."""
    return [o["text"] for o in cell["outputs"] if o["mime"] == "application/vnd.jupyter.stderr"]


# ------------------------------------------------------------------------------- the student

def first_task(notebook):
    """In the release ``notebook`` (a path): the first answer cell's index among the code cells
    (as the page lists them), and the line of the first test after it that calls its check
    (``check_...(...)``)."""
    cells = [cell for cell in json.loads(Path(notebook).read_text())["cells"]
             if cell["cell_type"] == "code"]
    graded = [cell.get("metadata", {}).get("nbgrader", {}) for cell in cells]
    answer = next(i for i, meta in enumerate(graded) if meta.get("solution"))
    test = next(cells[i] for i in range(answer + 1, len(cells)) if graded[i].get("grade"))
    call = next(line for line in "".join(test["source"]).splitlines() if line.startswith("check"))
    return answer, call


def skip_without_mnist(assignment):
    """02 reads MNIST from $GAUSSLAB_MNIST: skip it where that is not a file."""
    if assignment == "02_mnist_comparison" and not Path(os.environ.get("GAUSSLAB_MNIST", "")
                                                        ).is_file():
        pytest.skip("02 reads MNIST from $GAUSSLAB_MNIST, which is not a file here")


def released(assignment):
    """Where the lab holds ``assignment``'s released notebook."""
    return f"notebooks/{assignment}/{ASSIGNMENTS[assignment]}.ipynb"


def answered(assignment):
    """Where the lab holds a copy of ``assignment``'s notebook with the model answers pasted in:
    beside the released notebook, so that relative paths resolve as they do there."""
    return f"notebooks/{assignment}/answered_{ASSIGNMENTS[assignment]}.ipynb"


def open_lab(folder, assignments, closed, stack):
    """The lab on the student release of ``assignments`` (``closed``: those already closed),
    its kernel in a fresh venv holding only the release's wheel, and a copy of each notebook
    with the model answers pasted in. Ended with ``stack``."""
    release = build(folder / "release", assignments, closed=closed)
    python = student_venv(release, folder)
    for assignment in assignments:
        variant = next(v for v in corpus.load(assignment) if v.name == "solution_as_released")
        corpus.write_submission(variant, release / answered(assignment),
                                release=release / released(assignment))
    # the fresh venv's kernel spec, found before this environment's own
    env = dict(lab_env(folder), JUPYTER_PATH=str(python.parent.parent / "share" / "jupyter"))
    base = stack.enter_context(serving([str(BIN / "jupyter"), "lab",
                                        f"--ServerApp.root_dir={release}"],
                                       cwd=folder, env=env, log=folder / "lab.log"))
    with urllib.request.urlopen(f"{base}/api/kernelspecs?token={TOKEN}") as response:
        spec = json.load(response)["kernelspecs"]["python3"]["spec"]
    assert spec["argv"][0] == str(python), spec
    return types.SimpleNamespace(url=base, release=release)


@pytest.fixture(scope="module")
def student_lab(tmp_path_factory):
    """``student_lab(assignment)``: the lab on a student release that holds ``assignment``,
    started on first use. 02 imports 01's answers, so it is released once 01 is closed, as
    students get it: apart from 01, 03 and 04."""
    labs, stack = {}, contextlib.ExitStack()

    def lab(assignment):
        closed = tuple(COURSE[assignment].get("needs_closed", []))
        if closed not in labs:
            group = [a for a in ASSIGNMENTS if a not in closed and
                     tuple(COURSE[a].get("needs_closed", [])) == closed]
            labs[closed] = open_lab(tmp_path_factory.mktemp("student_lab"), group, closed, stack)
        return labs[closed]

    with stack:
        yield lab


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_unanswered_notebook_shows_not_written_yet(browser, student_lab, screenshots, assignment):
    skip_without_mnist(assignment)
    lab = student_lab(assignment)
    notebook = released(assignment)
    answer, test_call = first_task(Path(lab.release, notebook))
    page = open_notebook(browser, lab.url, notebook, f"unanswered-{assignment}")
    try:
        cells = run_all(page)
        setup, *rest = cells
        assert setup["prompt"] == "[1]:", setup
        assert not stderr(setup), stderr(setup)
        # Run All stops at the first cell that uses an unanswered task
        stopped = next(i for i, cell in enumerate(cells) if stderr(cell))
        assert stopped > answer, (answer, stopped, cells[stopped])
        assert any(error in stderr(cells[stopped])[0]
                   for error in ("NotImplementedError", "not written yet")), cells[stopped]
        assert all(cell["prompt"] == "[ ]:" for cell in cells[stopped + 1:]), cells
        page.screenshot(path=screenshots / f"{assignment}_unanswered_run_all.png")

        test = cell_with(page, test_call)
        test.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Control+Enter")  # run this cell, as a student does next
        wait_until_run(page, 60, started=shows_output(test_call))
        shown = test.locator(".jp-OutputArea-output").inner_text()
        test.screenshot(path=screenshots / f"{assignment}_unanswered_first_test.png")
        assert "not written yet" in shown, shown
        assert "replace `raise NotImplementedError()`" in shown, shown
        assert "gausslab/checks" not in shown, shown  # the checker's code is not shown
    except Exception:
        page.screenshot(path=screenshots / f"{assignment}_unanswered_failed.png")
        page.locator(".jp-CodeCell").first.scroll_into_view_if_needed()
        page.screenshot(path=screenshots / f"{assignment}_unanswered_failed_top.png")
        raise
    finally:
        page.close()


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_answered_notebook_passes_and_plots(browser, student_lab, screenshots, assignment):
    skip_without_mnist(assignment)
    page = open_notebook(browser, student_lab(assignment).url, answered(assignment),
                         f"answered-{assignment}")
    try:
        cells = run_all(page, timeout_s=420)
        page.screenshot(path=screenshots / f"{assignment}_answered_run_all.png")
    except Exception:
        page.screenshot(path=screenshots / f"{assignment}_answered_failed.png")
        raise
    finally:
        page.close()
    assert [c["prompt"] for c in cells] == [f"[{i}]:" for i in range(1, len(cells) + 1)]
    assert not [(c["source"][:60], stderr(c)) for c in cells if stderr(c)]
    images = [c["source"][:60] for c in cells if any(o["images"] for o in c["outputs"])]
    assert len(images) >= 2, images
    if assignment == "01_rbf_layer":  # the last cell shows the trained centres
        assert "show_images(centres" in cells[-1]["source"], cells[-1]
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
                                    "notebook": solution.name}, solution.read_text(), {})
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
