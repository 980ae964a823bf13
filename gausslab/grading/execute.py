"""Execute a notebook top to bottom on a fresh kernel and read the summary it prints."""

import json
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

SUMMARY = "SUMMARY "


def run_notebook(path, timeout=900, **env):
    """The executed notebook; ``env`` (e.g. GAUSSLAB_FAST="0") is set for its kernel only."""
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            shutdown_kernel="immediate",  # as grader_config.py: no teardown
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(env={**os.environ, **env})
    return notebook


def summary(notebook):
    """The dict that the notebook printed as ``SUMMARY {json}``."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for line in output.get("text", "").splitlines():
                if line.startswith(SUMMARY):
                    return json.loads(line[len(SUMMARY):])
    raise ValueError("the notebook printed no SUMMARY line: did a cell fail before it?")
