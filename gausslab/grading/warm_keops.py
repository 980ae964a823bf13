"""Compile assignment 03's KeOps formulas into ``KEOPS_CACHE_FOLDER`` ahead of tests and grading.

``python -m gausslab.grading.warm_keops`` runs the reference ``GaussianMixture`` once for each
formula that the notebook, the checks and the hidden checks evaluate: the log-density for
D = 1, 2 and 3 and its gradients (w.r.t. the centres, precisions and log-weights) for D = 2.
KeOps compiles each one with the C++ compiler the first time (10-60 s each) and loads it from
the cache afterwards, so that no graded cell spends its time limit compiling. ``make`` calls it
through a stamp file in the cache folder.
"""

import os
import sys
import time

import torch


def warm():
    """Evaluate every formula once; return the seconds it took."""
    from gausslab.answers.keops_gmm import GaussianMixture

    start = time.perf_counter()
    for D in (1, 2, 3):
        model = GaussianMixture(3, sparsity=1.0, D=D)
        cost = model.neglog_likelihood(torch.rand(5, D))
        if D == 2:
            cost.backward()
    return time.perf_counter() - start


def main():
    if not os.environ.get("KEOPS_CACHE_FOLDER"):
        print("KEOPS_CACHE_FOLDER is not set: KeOps uses its default cache folder",
              file=sys.stderr)
    print(f"KeOps formulas of assignment 03 ready in {warm():.0f} s "
          f"(cache: {os.environ.get('KEOPS_CACHE_FOLDER', 'default')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
