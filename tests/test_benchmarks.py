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
    assert list(rows[0]) == ["batch", "timed", "network or layer", "ms/step", "vs Dense", "goal",
                             "peak RSS growth (MiB)"]
    assert [(row["batch"], row["timed"], row["network or layer"]) for row in rows] == [
        ("64", "whole epoch", "Dense MLP"), ("64", "whole epoch", "RBF network"),
        ("64", "training step", "Dense"), ("64", "training step", "RBFLayer"),
        ("64", "training step", "naive RBF")]
    for row in rows:
        assert float(row["ms/step"]) > 0
        assert float(row["vs Dense"].removesuffix("x")) > 0
    # the goal is on the whole epoch; the step ratio is beside it, for information
    assert [row["goal"] for row in rows] == [
        "", rows[1]["goal"], "", "for information", ""]
    assert rows[1]["goal"] in ("<= 1.3x (met)", "<= 1.3x (over the goal)")
    assert (rows[0]["vs Dense"], rows[2]["vs Dense"]) == ("1.00x", "1.00x")
    assert all(row["peak RSS growth (MiB)"] == "" for row in rows[:2])
    assert all(float(row["peak RSS growth (MiB)"]) > 0 for row in rows[2:])


def test_quick_mnist_comparison(tmp_path):
    rows = table_rows(run_quick("mnist_comparison", tmp_path))
    assert list(rows[0]) == ["network", "training images", "epochs", "seeds", "test accuracy",
                             "lowest-highest", "target", "s/epoch", "vs Dense"]
    assert [row["network"] for row in rows] == [
        "Dense MLP", "RBF network", "RBF network, naive init"]
    for row in rows:
        assert (row["training images"], row["epochs"], row["seeds"]) == ("10000", "3", "1")
        accuracy = row["test accuracy"]
        assert 0 <= float(accuracy) <= 1 and row["lowest-highest"] == f"{accuracy}-{accuracy}"
    # fast mode stays below the full-mode regression targets, and the rows say so
    assert [row["target"] for row in rows] == [
        ">= 0.965 (below target)", ">= 0.91 (below target)", ""]
    assert rows[0]["vs Dense"] == "1.00x" and rows[2]["s/epoch"] == rows[2]["vs Dense"] == ""
    assert float(rows[1]["s/epoch"]) > 0 and float(rows[1]["vs Dense"].removesuffix("x")) > 0


def test_quick_mnist_recipe_variants(tmp_path):
    rows = table_rows(run_quick("mnist_recipe_variants", tmp_path))
    assert list(rows[0]) == ["network", "change to the recipe", "epochs", "seeds",
                             "test accuracy", "lowest-highest", "training accuracy"]
    assert [(row["network"], row["change to the recipe"]) for row in rows] == [
        ("Dense MLP", "none (the recipe)"), ("Dense MLP", "RMSprop with momentum 0.9"),
        ("RBF network", "none (the recipe)"), ("RBF network", "RMSprop with momentum 0.9"),
        ("RBF network", "Adam, learning rate 3e-3"), ("RBF network", "both sigmas halved"),
        ("RBF network", "15 epochs"), ("RBF network", "Adam 3e-3, 30 epochs")]
    for row in rows:
        assert (row["epochs"], row["seeds"]) == ("1", "1")  # quick: one epoch, one seed
        assert 0 <= float(row["test accuracy"]) <= 1 and 0 <= float(row["training accuracy"]) <= 1
    # each change reaches the model: the same seed trains to another accuracy
    recipe = rows[2]["test accuracy"]
    assert all(row["test accuracy"] != recipe for row in rows[3:6]), rows


def test_quick_grading_throughput(tmp_path):
    rows = table_rows(run_quick("grading_throughput", tmp_path))
    assert [(row["workers"], row["assignment"], row["submissions"]) for row in rows] == [
        ("1", "01_rbf_layer", "1")]
    row = rows[0]
    assert float(row["submissions/min (all)"]) > 0 and row["vs 1 worker"] == "1.00x"
    assert float(row["core-s/submission (all)"]) > 0
    parts = [float(row[k]) for k in ("kernel start s", "imports s", "answer cells s",
                                     "test cells s", "other cells s")]
    assert all(p >= 0 for p in parts) and parts[0] > 0 and parts[1] > 0
    assert sum(parts) <= 1.05 * float(row["s/submission"])  # cells rounded to 3 digits


def test_quick_keops_vs_dense(tmp_path):
    report = run_quick("keops_vs_dense", tmp_path)
    assert "## keops_vs_dense" in report and "pykeops 2.3" in report
    rows = table_rows(report)
    assert list(rows[0]) == ["device", "N", "M", "KeOps s/iter", "dense s/iter", "speed-up",
                             "KeOps peak MiB", "dense peak MiB", "memory ratio", "goal"]
    assert [(row["device"], row["N"], row["M"]) for row in rows] == [("CPU", "1000", "30")]
    for row in rows:
        assert float(row["KeOps s/iter"]) > 0 and float(row["dense s/iter"]) > 0
        assert float(row["speed-up"].removesuffix("x")) > 0
        assert float(row["KeOps peak MiB"]) >= 0 and float(row["dense peak MiB"]) >= 0


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
