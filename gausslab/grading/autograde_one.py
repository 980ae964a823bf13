"""Autograde one submission, then write its feedback HTML, in one process.

``python -m gausslab.grading.autograde_one NOTEBOOK PROBE [nbgrader options]`` runs nbgrader's
own ``autograde`` (with ``--force``) in the current course directory; when it succeeded, it
takes the integrity probe out of the autograded ``NOTEBOOK`` (its findings go to the JSON file
``PROBE``) and cuts its long outputs, then runs nbgrader's ``generate_feedback`` on what is
left. A worker (``gausslab.grading.worker``) starts it once per submission in the submission's
scratch course: nbgrader is imported once, and the feedback is written beside the grades, in
parallel, instead of in one pass over the class at the end. The exit status is autograde's; a
feedback that could not be written is only missing.
"""

import json
import sys
from pathlib import Path

import nbformat
from nbgrader.apps.nbgraderapp import NbGraderApp

from gausslab.grading import integrity

MAX_OUTPUT_CHARS = 20_000  # per output of the stored notebook: flooding stays small


def nbgrader(argv):
    """``nbgrader <argv>`` in this process; its exit status."""
    NbGraderApp.clear_instance()  # a fresh application (and subcommand) for each command
    try:
        NbGraderApp.launch_instance(argv=argv)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 1
    return 0


def shrink(notebook):
    """Cut every output to MAX_OUTPUT_CHARS, so that flooding keeps the stored notebook small."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if isinstance(output.get("text"), str) and len(output.text) > MAX_OUTPUT_CHARS:
                output.text = output.text[:MAX_OUTPUT_CHARS] + "\n... output cut by the grader ...\n"
            for key, value in output.get("data", {}).items():
                if isinstance(value, str) and len(value) > MAX_OUTPUT_CHARS:
                    output.data[key] = value[:MAX_OUTPUT_CHARS] + "\n... output cut by the grader ..."


def finish(notebook_path, probe_path):
    """The autograded notebook without the probe cell and with its outputs cut; the probe's
    findings (None: it did not report) written to ``probe_path``."""
    notebook = nbformat.read(notebook_path, as_version=4)
    probe = integrity.take_probe(notebook)
    shrink(notebook)
    nbformat.write(notebook, notebook_path)
    Path(probe_path).write_text(json.dumps(probe))


def main(notebook, probe, *options):
    code = nbgrader(["autograde", *options, "--force"])
    if code == 0 and Path(notebook).exists():
        finish(notebook, probe)
        nbgrader(["generate_feedback", *options, "--force"])
    return code


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
