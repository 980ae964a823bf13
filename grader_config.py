"""nbgrader configuration of gausslab.

nbgrader auto-loads only ``nbgrader_config.py``; this file is deliberately named otherwise and
every nbgrader call of the project goes through ``gausslab.grading.course.nbgrader``, which
passes ``--config=<this file>``, so that no stray ``nbgrader_config.py`` changes how we grade.
"""

import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

c.CourseDirectory.course_id = "gausslab"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "notebooks"   # the student release that is committed
c.CourseDirectory.solution_directory = "solutions"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

# Limits of one submission; `python -m gausslab.grading grade` overrides each of them with
# --timeout, --memory-mb and --submission-timeout.
# A cell that runs longer than this (seconds) is interrupted: its tests fail, the report says
# "time limit of N s exceeded in cell X", and the rest of the notebook still runs and is graded.
c.Execute.timeout = 300
# A kernel that uses more memory than this (MiB, with its child processes) is stopped: "out of
# memory in cell X"; the kernel is restarted and the rest of the notebook graded.
c.GausslabLimits.memory_mb = 4096
# A submission whose grading takes longer than this (seconds) is stopped and graded again on
# the next run; a grade recorded earlier is kept.
c.GausslabLimits.submission_timeout = 3600

# Once a notebook has run, its kernel is killed instead of asked to exit: a kernel that has
# imported TensorFlow spends about 2 s of CPU tearing it down, which nothing reads (about a
# tenth of an assignment 01 submission; see README, Grading throughput).
c.Execute.shutdown_kernel = "immediate"

# An LMS download (`grade --lms`): files named <student>_<anything>.ipynb, collected into
# submitted/ by `nbgrader zip_collect`.
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[^/_]+)_(?P<file_id>[^/]+\.ipynb)$"

# Feedback shows each test's visible lines and its failure message, never a hidden test's source
# (the failure of a hidden test says only that a hidden test failed; see gausslab.checks.display).
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]

# Autograding, solution generation and CI share the notebooks' fast mode (less data, fewer
# epochs). The kernels nbgrader starts inherit this environment.
os.environ.setdefault("GAUSSLAB_FAST", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
