"""Instructor tooling: release the assignments and autograde a class, through nbgrader's apps."""
import sys

from gausslab.grading.cli import main

if __name__ == "__main__":  # Dask's worker processes import this module again: no re-run there
    sys.exit(main())
