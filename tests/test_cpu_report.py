"""The CPU report at the end of ``make test`` (the root conftest.py) counts, per test file, the
processes a test starts, also those killed before anyone waited for them (as the grader kills
its kernels)."""

import re
from pathlib import Path

ROOT_CONFTEST = Path(__file__).parents[1] / "conftest.py"

BURN = """
import os, signal, subprocess, sys, time

GRANDCHILD = ("import time, pathlib\\n"
              "while time.process_time() < 1.5: pass\\n"
              "pathlib.Path('burnt').touch()\\n"
              "time.sleep(60)")

def test_child_burns_cpu():
    subprocess.run([sys.executable, "-c", "import time\\nwhile time.process_time() < 1.5: pass"],
                   check=True)

def test_killed_grandchild_burns_cpu():
    shell = subprocess.Popen(["sh", "-c", f'"{sys.executable}" -c "{GRANDCHILD}" & wait'],
                             start_new_session=True)
    while not os.path.exists("burnt"):
        time.sleep(0.1)
    time.sleep(1)
    os.killpg(shell.pid, signal.SIGKILL)  # the grandchild is never waited for by its parent
    shell.wait()
"""


def test_report_counts_each_files_processes(pytester):
    pytester.makeconftest(ROOT_CONFTEST.read_text())
    pytester.makepyfile(test_burn=BURN, test_quiet="def test_nothing():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    report = result.stdout.str().split("CPU time per test file")[1]
    seconds = {name: float(s) for s, name in re.findall(r"(\d+) core-s  (test_\w+\.py)", report)}
    assert seconds["test_burn.py"] >= 3 and seconds["test_quiet.py"] < 1, report
    assert "core-s  in all" in report
