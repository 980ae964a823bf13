"""Smoke test of benchmarks/run.py in --quick mode (no timing asserts)."""

import subprocess
import sys
from pathlib import Path

RUNNER = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def table_rows(text):
    """The rows of the (only) markdown table in ``text``, as dicts column -> cell."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    split = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    return [dict(zip(split[0], cells)) for cells in split[2:]]


def test_quick_rbf_vs_dense(tmp_path):
    output = tmp_path / "results.md"
    command = [sys.executable, str(RUNNER), "--quick", "--only", "rbf_vs_dense",
               "--output", str(output)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    report = output.read_text()
    assert result.stdout == report
    assert "## rbf_vs_dense" in report and "tensorflow 2." in report and "CPUs" in report

    rows = table_rows(report)
    assert list(rows[0]) == [
        "batch", "layer", "ms/step", "vs Dense", "goal", "peak RSS growth (MiB)"]
    assert [(row["batch"], row["layer"]) for row in rows] == [
        ("64", "Dense"), ("64", "RBFLayer"), ("64", "naive RBF")]
    for row in rows:
        assert float(row["ms/step"]) > 0
        assert float(row["vs Dense"].removesuffix("x")) > 0
        assert float(row["peak RSS growth (MiB)"]) > 0
        assert row["goal"].startswith("<= 1.5x") == (row["layer"] == "RBFLayer")
