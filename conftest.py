"""Keep each notebook that nbval executes on one xdist worker: its cells are test items that
share one kernel, so a cell run on another worker would miss the names defined before it."""

import pytest


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist turns xdist_group marks into groups
def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.xdist_group(f"nbval-{item.path.parent.name}"))
