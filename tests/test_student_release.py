"""What students receive holds no answer of an open assignment, and works on its own: installed
into a fresh virtual environment, with no repository on the path, the released notebook passes
its visible tests with the model answers pasted in and names the cause with a wrong one (slow)."""

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import nbgrader_cells, read_notebook, student_venv

from gausslab.grading import corpus
from gausslab.grading.course import ASSIGNMENTS, COURSE
from gausslab.grading.student_release import ReleaseError, build

pytestmark = pytest.mark.xdist_group("student_release")
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


@pytest.fixture(scope="module")
def release_01(tmp_path_factory):
    return build(tmp_path_factory.mktemp("student") / "release", ["01_rbf_layer"], closed=())


def wheel_files(release):
    with zipfile.ZipFile(next(release.glob("gausslab-*.whl"))) as wheel:
        return {name: wheel.read(name).decode(errors="replace") for name in wheel.namelist()}


def release_of(assignment, tmp_path):
    """The student release of ``assignment``, with the assignments it builds on closed."""
    closed = COURSE[assignment].get("needs_closed", [])
    return build(tmp_path / assignment, [assignment], closed=closed), closed


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_release_holds_no_grading_side_and_no_open_answers(assignment, tmp_path):
    release, closed = release_of(assignment, tmp_path)
    module = ASSIGNMENTS[assignment]
    files = wheel_files(release)
    modules = {name for name in files if name.startswith("gausslab/")}
    assert {f"gausslab/checks/{module}.py", f"gausslab/checks/expected/{module}.json"} <= modules
    assert not [m for m in modules if m.startswith("gausslab/grading/")], modules
    answers = {m for m in modules if m.startswith("gausslab/answers/") and "__init__" not in m}
    assert answers == {f"gausslab/answers/{ASSIGNMENTS[a]}.py" for a in closed}, answers
    others = set(ASSIGNMENTS) - {assignment} - set(closed)
    assert not [m for m in modules for a in others if ASSIGNMENTS[a] in m], modules
    everything = [text for name, text in files.items()  # display.py names the markers
                  if name != "gausslab/checks/display.py"] + [p.read_text(errors="replace")
                                         for p in release.rglob("*") if p.suffix != ".whl"
                                         and p.is_file()]
    assert not [m for m in MARKERS for text in everything if m in text]
    for text in files.values():  # nothing students get imports the grading side
        assert "gausslab.grading" not in text and f"gausslab.answers.{module}" not in text


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_release_holds_no_line_of_a_solution_or_hidden_test(assignment, tmp_path):
    release, _ = release_of(assignment, tmp_path)
    source = read_notebook("source", assignment)
    secret, public = set(), set()
    for cell in source["cells"]:
        text = "".join(cell["source"])
        pattern = r"BEGIN (?:SOLUTION|HIDDEN TESTS)(.*?)### END"
        for region in re.findall(pattern, text, re.S):
            secret |= {line.strip() for line in region.splitlines() if len(line.strip()) > 35}
        public |= {line.strip() for line in re.sub(pattern, "", text, flags=re.S).splitlines()}
    secret -= public
    texts = list(wheel_files(release).values()) + [
        "".join(cell["source"]) for path in release.rglob("*.ipynb")
        for cell in json.loads(path.read_text())["cells"]]
    released = {line.strip() for text in texts for line in text.splitlines()}
    leaked = sorted(secret & released)
    assert not leaked, leaked


def test_a_release_that_would_need_open_answers_is_refused(tmp_path):
    with pytest.raises(ReleaseError, match="01_rbf_layer.*still open"):
        build(tmp_path / "r", ["02_mnist_comparison"], closed=())
    with pytest.raises(ReleaseError, match="is closed"):
        build(tmp_path / "r", ["01_rbf_layer"], closed={"01_rbf_layer"})
    release = build(tmp_path / "r", ["02_mnist_comparison"], closed={"01_rbf_layer"})
    assert "gausslab/answers/rbf_layer.py" in wheel_files(release)


@pytest.fixture(scope="module")
def fresh_python(release_01, tmp_path_factory):
    """A new venv with only the release's wheel, plus the pinned libraries (seen read-only)."""
    return student_venv(release_01, tmp_path_factory.mktemp("fresh"))


def run_released(python, notebook, cwd):
    """Execute ``notebook`` in the fresh venv; the outputs of each graded cell by grade_id."""
    script = ("import sys, nbformat; from nbclient import NotebookClient\n"
              "nb = nbformat.read(sys.argv[1], 4)\n"
              "NotebookClient(nb, timeout=600, allow_errors=True, kernel_name='python3',"
              " resources={'metadata': {'path': '.'}}).execute()\n"
              "nbformat.write(nb, sys.argv[1])\n")
    subprocess.run([str(python), "-c", script, str(notebook)], check=True, cwd=cwd,
                   env={**__import__("os").environ, "PYTHONPATH": "", "GAUSSLAB_FAST": "1"})
    cells = json.loads(Path(notebook).read_text())["cells"]
    return {c["metadata"]["nbgrader"]["grade_id"]: c.get("outputs", [])
            for c in cells if c["metadata"].get("nbgrader", {}).get("grade")}


def errors(outputs):
    return [o for o in outputs if o["output_type"] == "error"]


def test_fresh_environment_runs_the_release(release_01, fresh_python, tmp_path):
    where = subprocess.run([str(fresh_python), "-c", "import gausslab, importlib.util as u; "
                            "print(gausslab.__file__, u.find_spec('gausslab.grading'), "
                            "u.find_spec('gausslab.answers.rbf_layer'))"],
                           check=True, capture_output=True, text=True, cwd=tmp_path).stdout
    assert "site-packages/gausslab/__init__.py None None" in where, where

    variants = {v.name: v for v in corpus.load("01_rbf_layer")}
    pasted = corpus.write_submission(variants["solution_as_released"], tmp_path / "ok.ipynb")
    outputs = run_released(fresh_python, pasted, tmp_path)
    assert outputs and not {gid: errors(o) for gid, o in outputs.items() if errors(o)}

    wrong = corpus.write_submission(variants["rbf_two_sigma_squared"], tmp_path / "wrong.ipynb")
    outputs = run_released(fresh_python, wrong, tmp_path)
    failed = {gid for gid, o in outputs.items() if errors(o)}
    assert failed == {"rbf_values"}, failed
    message = "\n".join(errors(outputs["rbf_values"])[0]["traceback"])
    assert "likely cause [two_sigma_squared]" in message and "site-packages/gausslab" not in message


def test_fresh_environment_lab_asks_no_news_question(fresh_python):
    """The wheel puts the lab's settings overrides where that environment's JupyterLab reads
    them (its application directory's settings/overrides.d/): no question about Jupyter news."""
    app_dir = subprocess.run([str(fresh_python), "-c", "from jupyterlab.commands import "
                              "get_app_dir; print(get_app_dir())"], check=True,
                             capture_output=True, text=True).stdout.strip()
    assert app_dir.startswith(str(fresh_python.parent.parent)), app_dir
    overrides = json.loads(Path(app_dir, "settings", "overrides.d", "gausslab.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    # nor which kernel to start, which a slow lab asked when the kernel list came late
    assert overrides["@jupyterlab/notebook-extension:tracker"]["autoStartDefaultKernel"] is True
