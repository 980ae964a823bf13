"""nbgrader's own exchange, with the project's ``grader_config.py``: the lecturer releases an
assignment into the exchange, students fetch and submit it (nbgrader's ``fetch_assignment`` and
``submit``, or the Assignments tab of JupyterLab), the lecturer collects the submissions into
``submitted/`` of the course directory and grades them with ``python -m gausslab.grading grade``.
"""

from pathlib import Path

from gausslab.grading.course import copy_sources, nbgrader


def _exchange_option(exchange):
    """``--Exchange.root``, or nothing: nbgrader's default (``/srv/nbgrader/exchange``)."""
    return [f"--Exchange.root={Path(exchange).resolve()}"] if exchange else []


def release_assignment(root, assignment, exchange=None, force=False):
    """Generate ``assignment`` from the repository's source in the course directory ``root``
    and put its student version in the exchange (nbgrader ``release_assignment``); its log."""
    copy_sources(root, [assignment])
    nbgrader("generate_assignment", assignment, "--force", root=root)
    return nbgrader("release_assignment", assignment, *(["--force"] if force else []),
                    *_exchange_option(exchange), root=root)


def collect(root, assignment, exchange=None):
    """Copy each student's latest submission of ``assignment`` from the exchange into
    ``root/submitted/<student>/<assignment>/`` (nbgrader ``collect --update``: a newer
    submission replaces the one collected before); its log."""
    return nbgrader("collect", assignment, "--update", *_exchange_option(exchange), root=root)
