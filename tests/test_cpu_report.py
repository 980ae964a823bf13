"""The CPU report at the end of ``make test`` (the root conftest.py) counts the processes a test
starts, per test file."""

import re
from pathlib import Path

ROOT_CONFTEST = Path(__file__).parents[1] / "conftest.py"

BURN = """
import subprocess, sys

def test_child_burns_cpu():
    subprocess.run([sys.executable, "-c",
                    "import time\\nwhile time.process_time() < 1.5: pass"], check=True)

def test_idle():
    pass
"""


def test_report_counts_each_files_child_processes(pytester):
    pytester.makeconftest(ROOT_CONFTEST.read_text())
    pytester.makepyfile(test_burn=BURN, test_quiet="def test_nothing():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    report = result.stdout.str().split("CPU time per test file")[1]
    seconds = {name: float(s) for s, name in re.findall(r"(\d+) core-s  (test_\w+\.py)", report)}
    assert seconds["test_burn.py"] >= 1.5 and seconds["test_quiet.py"] < 1
    assert "core-s  in all" in report
