"""Import TensorFlow without the start-up lines it prints on every machine, GPU or not.

TensorFlow 2.18's C++ code writes these lines straight to file descriptor 2 while it is
imported, before its log level (``TF_CPP_MIN_LOG_LEVEL``) applies, so a notebook shows them in
red although nothing is wrong (tensorflow/tensorflow issues 62075 and 100442)::

    WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
    E0000 ... cuda_dnn.cc:8310] Unable to register cuDNN factory: Attempting to register ...

Importing this module imports TensorFlow with file descriptor 2 captured, then writes every
captured line to ``sys.stderr`` except exactly those (``HARMLESS``): any other message, a real
error included, still shows. It also hides TensorFlow's INFO lines ("Could not find cuda
drivers", the CPU instructions it was built for) unless ``TF_CPP_MIN_LOG_LEVEL`` is already
set; warnings and errors stay visible. Import it before Keras or TensorFlow.
"""

import contextlib
import os
import re
import sys
import tempfile

HARMLESS = re.compile(
    r"WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|.*\] Unable to register (cuDNN|cuFFT|cuBLAS) factory: Attempting to register factory "
    r"for plugin \1 when one has already been registered")


def keep(text):
    """``text`` without the lines that ``HARMLESS`` matches whole."""
    return "".join(line for line in text.splitlines(keepends=True)
                   if not HARMLESS.fullmatch(line.rstrip("\r\n")))


@contextlib.contextmanager
def filtered_fd2():
    """Capture what is written to file descriptor 2 inside the block, then write what ``keep``
    keeps of it to ``sys.stderr`` (also when the block raises)."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()  # a plain Python's sys.stderr writes to fd 2 too
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            sys.stderr.write(keep(captured.read().decode(errors="replace")))
            sys.stderr.flush()


os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
with filtered_fd2():
    import tensorflow  # noqa: E402, F401
