"""The grader's inputs and sandbox, without grading: LMS downloads through nbgrader's zip_collect,
which notebook of a folder is graded, what a sandboxed kernel can see, the limits' config, the
kernel's thread count, how kernels are stopped."""

import shutil
import subprocess
import zipfile

import nbformat
import pytest
from nbgrader.preprocessors import Execute
from traitlets.config.loader import PyFileConfigLoader

from gausslab.grading import sandbox
from gausslab.grading.cli import collect_lms_download
from gausslab.grading.course import CONFIG, copy_sources
from gausslab.grading.limits import configured_limits
from gausslab.grading.worker import _choose_notebook, kernel_threads


def test_lms_zip_is_collected_into_submitted(tmp_path):
    root = copy_sources(tmp_path / "class", ["01_rbf_layer"])
    download = tmp_path / "download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr("ada_12345_rbf_layer.ipynb", "{}")
        archive.writestr("bob_attempt2.ipynb", "{}")
    collect_lms_download(root, "01_rbf_layer", download)
    assert (root / "submitted" / "ada" / "01_rbf_layer" / "12345_rbf_layer.ipynb").is_file()
    assert (root / "submitted" / "bob" / "01_rbf_layer" / "attempt2.ipynb").is_file()


def test_the_notebook_to_grade_is_the_expected_one_or_the_only_one():
    assert _choose_notebook({"a.ipynb": b"", "rbf_layer.ipynb": b""}, "rbf_layer.ipynb") == (
        "rbf_layer.ipynb", "")
    assert _choose_notebook({"mine (1).ipynb": b"", "data.csv": b""}, "rbf_layer.ipynb") == (
        "mine (1).ipynb", "")
    assert "empty" in _choose_notebook({}, "rbf_layer.ipynb")[1]
    assert "several" in _choose_notebook({"a.ipynb": b"", "b.ipynb": b""}, "rbf_layer.ipynb")[1]
    assert "no notebook" in _choose_notebook({"notes.txt": b""}, "rbf_layer.ipynb")[1]


def test_limits_come_from_grader_config_and_the_command_line():
    limits = configured_limits()
    assert (limits.cell_timeout, limits.memory_mb, limits.submission_timeout) == (300, 4096, 3600)
    assert configured_limits(cell_timeout=5, memory_mb=None).cell_timeout == 5


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap")
def test_sandboxed_kernel_sees_only_its_folder(tmp_path):
    course, scratch = tmp_path / "course", tmp_path / "scratch"
    (course / "gradebook.db").parent.mkdir()
    (course / "gradebook.db").write_text("secret")
    work = scratch / "work"
    work.mkdir(parents=True)
    sandbox.write_kernelspec(scratch, work)
    argv = sandbox.kernel_argv(work, scratch)
    probe = ("import os, pathlib, gausslab.checks; "
             f"print(os.getcwd(), os.getuid(), pathlib.Path({str(course)!r}).exists(), "
             f"sorted(os.listdir({str(tmp_path)!r})), os.listdir('/tmp'), end=' '); "
             "open('mine.txt', 'w').write('ok'); "
             f"open({str(tmp_path / 'escape.txt')!r}, 'w')")
    done = subprocess.run(argv[:argv.index("-m")] + ["-c", probe], capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.startswith(f"{work} 65534 False ['scratch'] ['"), done.stdout + done.stderr
    assert (work / "mine.txt").read_text() == "ok"  # its own folder is writable
    assert not (tmp_path / "escape.txt").exists()  # written into its private /tmp, gone


def test_tensorflow_kernels_get_the_workers_thread_count():
    """Dask's nanny gives each worker OMP_NUM_THREADS=1 (NumPy, PyTorch, KeOps follow it); the
    kernel's TensorFlow gets the same count, unless set already."""
    import dask
    import distributed  # noqa: F401 - adds its defaults to dask.config

    assert dask.config.get("distributed.nanny.pre-spawn-environ")["OMP_NUM_THREADS"] == 1
    both = ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")
    assert kernel_threads({"OMP_NUM_THREADS": "1"}) == dict.fromkeys(both, "1")
    assert kernel_threads({"OMP_NUM_THREADS": "1", both[0]: "4"}) == {both[0]: "4", both[1]: "1"}
    assert kernel_threads({}) == {}


def test_nbgrader_kills_the_kernel_instead_of_tearing_it_down(tmp_path):
    """grader_config.py: once the notebook has run, its kernel is killed, so the interpreter's
    teardown (atexit; about 2 s of CPU with TensorFlow loaded) never runs."""
    config = PyFileConfigLoader(CONFIG.name, str(CONFIG.parent)).load_config()
    marker = tmp_path / "torn_down"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        f"import atexit, pathlib\natexit.register(pathlib.Path({str(marker)!r}).touch);")])
    Execute(config=config).preprocess(notebook, {"metadata": {"path": str(tmp_path)}})
    assert notebook.cells[0].outputs == [] and not marker.exists()  # the cell ran, no teardown
