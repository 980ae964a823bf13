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


def run_quick(benchmark, tmp_path):
    """The report of ``run.py --quick --only benchmark``, checked to be all that it prints."""
    output = tmp_path / "results.md"
    command = [sys.executable, str(RUNNER), "--quick", "--only", benchmark,
               "--output", str(output)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    report = output.read_text()
    assert result.stdout == report  # nothing else on stdout (the notebooks' prints included)
    return report


def test_quick_rbf_vs_dense(tmp_path):
    report = run_quick("rbf_vs_dense", tmp_path)
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


def test_quick_mnist_recipe_variants(tmp_path):
    rows = table_rows(run_quick("mnist_recipe_variants", tmp_path))
    assert [(row["network"], row["change to the recipe"]) for row in rows] == [
        ("Dense MLP", "none (the recipe)"), ("Dense MLP", "RMSprop with momentum 0.9"),
        ("RBF network", "none (the recipe)"), ("RBF network", "RMSprop with momentum 0.9"),
        ("RBF network", "Adam, learning rate 3e-3"), ("RBF network", "both sigmas halved"),
        ("RBF network", "15 epochs"), ("RBF network", "Adam 3e-3, 30 epochs")]
    for row in rows:
        assert (row["epochs"], row["seeds"]) == ("1", "1")  # quick: one epoch, one seed
        assert 0 <= float(row["test accuracy"]) <= 1 and 0 <= float(row["training accuracy"]) <= 1
        assert row["target"].startswith(">= 0.97 (")
    # each change reaches the model: the same seed trains to another accuracy
    recipe = rows[2]["test accuracy"]
    assert all(row["test accuracy"] != recipe for row in rows[3:6]), rows


def test_quick_tfp_vgmm_vs_sklearn(tmp_path):
    rows = table_rows(run_quick("tfp_vgmm_vs_sklearn", tmp_path))
    assert [row["method"] for row in rows] == [
        "scikit-learn BayesianGaussianMixture", "SVI, tf.function step (reference answer)"]
    sklearn, svi = rows
    assert float(sklearn["fit (s)"]) > 0 and float(svi["fit (s)"]) > 0
    assert float(svi["tracing (s)"]) > 0
    assert int(svi["epochs (iterations)"]) <= 60  # converged to scikit-learn's means
    assert float(svi["max distance to scikit-learn's means"]) <= 0.1
    assert svi["target"].startswith("<= 30 epochs (")
