"""Progress of the notebooks' long loops (fitting, training): a tqdm bar.

The bar goes to stdout, since JupyterLab shows stderr on red, which a student reads as an error,
and it is redrawn at most every ``mininterval`` seconds, so that a stored notebook (solutions/,
a graded submission) keeps a few lines of it, not one per step.
"""

import sys

from tqdm import tqdm


def progress(iterable, desc, mininterval=2.0):
    """``iterable``, shown as a progress bar labelled ``desc`` while it is consumed."""
    return tqdm(iterable, desc=desc, file=sys.stdout, mininterval=mininterval)
