"""Keep each notebook that nbval executes on one xdist worker: its cells are test items that
share one kernel, so a cell run on another worker would miss the names defined before it.
At the end, print the CPU time each test file took, to show where the time of ``make test`` goes:
its own process and every process below it (kernels, graders, Dask workers, browsers), from the
xdist workers too."""

import threading
import time
from collections import defaultdict

import psutil
import pytest

pytest_plugins = ["pytester"]  # tests/test_cpu_report.py runs pytest on this file
CPU = pytest.StashKey[dict]()
METER = pytest.StashKey[object]()
cpu_per_file = defaultdict(float)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist turns xdist_group marks into groups
def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.xdist_group(f"nbval-{item.path.parent.name}"))


class ProcessTreeCpu:
    """CPU seconds (user + system) of this process and of every process ever seen below it.

    The processes below are sampled every ``interval`` seconds, and one that has ended counts
    with its last sample. ``getrusage`` would miss the kernels that the grader kills: a process
    counts there only once its parent has waited for it."""

    def __init__(self, interval=0.5):
        self.me = psutil.Process()
        self.seen = {}  # (pid, start time) -> cpu seconds at its last sample
        self.lock = threading.Lock()
        threading.Thread(target=self._sample_every, args=(interval,), daemon=True).start()

    def _sample(self):
        with self.lock:
            try:
                below = self.me.children(recursive=True)
            except psutil.Error:
                below = []
            for process in below:
                try:
                    with process.oneshot():
                        times = process.cpu_times()
                        self.seen[process.pid, process.create_time()] = times.user + times.system
                except psutil.Error:
                    pass  # it ended meanwhile: its last sample stands

    def _sample_every(self, interval):
        while True:
            time.sleep(interval)
            self._sample()

    def __call__(self):
        self._sample()
        own = self.me.cpu_times()
        with self.lock:
            return own.user + own.system + sum(self.seen.values())


def _timed(item, phase):
    if METER not in item.config.stash:  # started with the first test, where tests run
        item.config.stash[METER] = ProcessTreeCpu()
    cpu_seconds = item.config.stash[METER]
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
