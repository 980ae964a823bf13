"""The hidden accuracy thresholds of assignment 02 separate a correct RBF network from the
naive-init one on every seed tried, with a margin (slow: the solution notebook runs per seed)."""

import re

import pytest
from conftest import nbgrader_cells, notebook_path, read_notebook

from gausslab.grading.execute import run_notebook, summary

SEEDS = (0, 1, 2, 3)
MARGIN = 0.05  # accuracy points between the threshold and the nearest run on either side
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("margin")]


def hidden_minimum(grade_id):
    """The ``minimum=`` of the hidden test in the test cell ``grade_id`` of assignment 02."""
    cell = next(c for c in nbgrader_cells(read_notebook("source", "02_mnist_comparison"),
                                          grade=True) if c["metadata"]["nbgrader"]["grade_id"] == grade_id)
    hidden = "".join(cell["source"]).split("BEGIN HIDDEN TESTS")[1]
    return float(re.search(r"minimum=([0-9.]+)", hidden).group(1))


@pytest.fixture(scope="module")
def runs():
    path = notebook_path("solutions", "02_mnist_comparison")
    return [summary(run_notebook(path, GAUSSLAB_FAST="1", GAUSSLAB_SEED=str(seed)))
            for seed in SEEDS]


def test_correct_rbf_network_clears_the_threshold_and_naive_init_does_not(runs):
    minimum = hidden_minimum("rbf_accuracy")
    correct = [run["rbf_test_accuracy"] for run in runs]
    naive = [run["naive_rbf_test_accuracy"] for run in runs]
    print(f"threshold {minimum}: correct {correct}, naive {naive}")
    assert min(correct) >= minimum + MARGIN, correct
    assert max(naive) <= minimum - MARGIN, naive


def test_dense_network_clears_its_threshold(runs):
    minimum = hidden_minimum("dense_accuracy")
    dense = [run["dense_test_accuracy"] for run in runs]
    assert min(dense) >= minimum + MARGIN, dense


def test_fast_mode_runs_on_a_fraction_of_mnist(runs):
    assert all(run["fast"] and run["n_train"] == 10_000 and run["num_epochs"] == 3
               for run in runs)
