"""Write the stored cases of the visible checks, ``gausslab/checks/expected/<module>.json``.

They come from the oracles' ``expected_cases()`` (grading side), so the visible checks can
compare a student's output with numbers without shipping the formula that made them.
"""

import importlib
import importlib.util
import json

import numpy as np

from gausslab.checks import EXPECTED
from gausslab.grading.course import ASSIGNMENTS


def _plain(value):
    """JSON-able: arrays to nested lists, NumPy numbers to Python numbers."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    return value


def cases(module):
    """A fresh ``expected_cases()`` of ``gausslab.grading.oracles.<module>``, JSON-able, or None."""
    name = f"gausslab.grading.oracles.{module}"
    if importlib.util.find_spec(name) is None:
        return None
    oracles = importlib.import_module(name)
    make = getattr(oracles, "expected_cases", None)
    return None if make is None else _plain(make())


def text(module):
    """The JSON text stored for ``module`` (None when its oracles store no cases)."""
    found = cases(module)
    return None if found is None else json.dumps(found, indent=1, sort_keys=True) + "\n"


def write_all():
    """Regenerate every stored case file; return the paths written."""
    written = []
    for module in ASSIGNMENTS.values():
        content = text(module)
        if content is not None:
            path = EXPECTED / f"{module}.json"
            path.write_text(content)
            written.append(path)
    return written
