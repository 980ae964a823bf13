"""Keep each notebook that nbval executes on one xdist worker: its cells are test items that
share one kernel, so a cell run on another worker would miss the names defined before it.
At the end, print the CPU time each test file took, to show where the time of ``make test`` goes:
its own process and every process it started and waited for (kernels, graders, Dask workers,
browsers), from the xdist workers too."""

import resource
from collections import defaultdict

import pytest

pytest_plugins = ["pytester"]  # tests/test_cpu_report.py runs pytest on this file
CPU = pytest.StashKey[dict]()
cpu_per_file = defaultdict(float)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist turns xdist_group marks into groups
def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.xdist_group(f"nbval-{item.path.parent.name}"))


def cpu_seconds():
    """User + system time of this process and of its descendants that ended and were waited for."""
    return sum(usage.ru_utime + usage.ru_stime for usage in
               map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))


def _timed(item, phase):
    start = cpu_seconds()
    yield
    item.stash.setdefault(CPU, {})[phase] = cpu_seconds() - start


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    yield from _timed(item, "setup")  # module fixtures (a graded class) count here


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    yield from _timed(item, "call")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    yield from _timed(item, "teardown")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    report.user_properties.append(("cpu_s", item.stash.get(CPU, {}).get(call.when, 0.0)))


def pytest_runtest_logreport(report):  # on the controller, reports from every xdist worker
    cpu_per_file[report.nodeid.split("::")[0]] += dict(report.user_properties).get("cpu_s", 0.0)


def pytest_terminal_summary(terminalreporter):
    if not cpu_per_file:
        return
    terminalreporter.write_sep("=", "CPU time per test file (its processes and their children)")
    for name, seconds in sorted(cpu_per_file.items(), key=lambda kv: -kv[1]):
        terminalreporter.write_line(f"{seconds:8.0f} core-s  {name}")
    total = sum(cpu_per_file.values())
    terminalreporter.write_line(f"{total:8.0f} core-s  in all ({total / 60:.1f} core-minutes)")
