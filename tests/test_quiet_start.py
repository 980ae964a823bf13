"""A clean first impression: the set-up cell of every released notebook writes nothing to stderr
in a real kernel (TensorFlow's harmless start-up lines are filtered, other lines are kept), and
the JupyterLab that ``make lab`` starts asks no news question."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest
from conftest import notebook_path
from nbclient import NotebookClient

from gausslab.grading.course import REPO

pytestmark = pytest.mark.xdist_group("quiet_start")
# what a student's machine has: none of the variables that the Makefile, CI or the grader set
STUDENT_ENV = {k: v for k, v in os.environ.items()
               if k not in ("TF_CPP_MIN_LOG_LEVEL", "GAUSSLAB_FAST", "PYTHONPATH")}


def test_setup_cell_writes_nothing_to_stderr(assignment):
    notebook = nbformat.read(notebook_path("notebooks", assignment), 4)
    setup = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert setup.metadata["nbgrader"]["grade_id"] == "setup"
    notebook.cells = [setup]
    NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                   shutdown_kernel="immediate",  # no TensorFlow teardown (about 2 s of CPU)
                   resources={"metadata": {"path": str(notebook_path("notebooks", assignment)
                                                       .parent)}}).execute(env=STUDENT_ENV)
    outputs = notebook.cells[0].outputs
    assert not [o for o in outputs if o.output_type == "error"], outputs
    stderr = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, "".join(stderr)
    assert notebook.cells[0].execution_count == 1


HARMLESS = ("WARNING: All log messages before absl::InitializeLog() is called are written to "
            "STDERR\n"
            "E0000 00:00:1795799175.214516    8243 cuda_dnn.cc:8310] Unable to register cuDNN "
            "factory: Attempting to register factory for plugin cuDNN when one has already been "
            "registered\n"
            "2026-11-27 17:06:07.574399: E external/local_xla/xla/stream_executor/cuda/cuda_fft."
            "cc:477] Unable to register cuFFT factory: Attempting to register factory for plugin "
            "cuFFT when one has already been registered\n"
            "E0000 00:00:1795799175.220752    8243 cuda_blas.cc:1418] Unable to register cuBLAS "
            "factory: Attempting to register factory for plugin cuBLAS when one has already been "
            "registered\n")
REAL = ("E0000 00:00:1795799175.3    8243 cuda_dnn.cc:8310] Unable to register cuDNN factory: "
        "out of memory\n"
        "W tensorflow/core/framework/op_kernel.cc:1830] OP_REQUIRES failed\n")


def test_only_the_known_harmless_lines_are_dropped():
    """What C++ writes to fd 2 inside the filter comes out on stderr, less the harmless lines,
    also when the block raises."""
    script = ("import os, sys\n"
              "sys.modules['tensorflow'] = sys  # the filter, without loading TensorFlow\n"
              "from gausslab.quiet import filtered_fd2\n"
              "try:\n"
              "    with filtered_fd2():\n"
              f"        os.write(2, {(HARMLESS + REAL + HARMLESS).encode()!r})\n"
              "        print('python line', file=sys.stderr)\n"
              "        raise ImportError('broken')\n"
              "except ImportError:\n"
              "    print('raised', file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stderr == REAL + "python line\nraised\n"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_asks_no_news_question(tmp_path):
    """JupyterLab asks "Would you like to get notified about official Jupyter news?" while the
    notification settings' fetchNews is "none" (its default): make lab's lab has it "false"."""
    port, token = _free_port(), "gausslab-test"
    args = (f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 "
            f"--IdentityProvider.token={token}" + (" --allow-root" if os.geteuid() == 0 else ""))
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "user-settings"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    # -o: never reinstall the venv from inside a test; the rest is make lab as a person runs it
    lab = subprocess.Popen(["make", "-o", ".venv/installed", "lab", f"LAB_ARGS={args}"],
                           cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    url = (f"http://127.0.0.1:{port}/lab/api/settings/"
           f"@jupyterlab/apputils-extension:notification?token={token}")
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    settings = json.load(response)
                break
            except OSError:
                assert lab.poll() is None and time.monotonic() < deadline, "the lab did not start"
                time.sleep(1)
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=60)
    assert settings["schema"]["properties"]["fetchNews"]["default"] == "false"
    assert settings["schema"]["properties"]["checkForUpdates"]["default"] is False
    assert "fetchNews" not in (settings.get("settings") or {})  # nobody's own choice
