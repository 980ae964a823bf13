"""Helpers for the gausslab assignments: data, reference oracles, checks, plots, grading.

Importing ``gausslab`` is cheap: the submodules that need TensorFlow or PyTorch import them
only when they are imported themselves.
"""

__version__ = "0.1.0"
