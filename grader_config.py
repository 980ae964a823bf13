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

# A cell that runs longer than this is interrupted; its tests fail, the rest of the notebook
# still runs and is graded.
c.Execute.timeout = 300

# Feedback shows each test's visible lines and its failure message, never a hidden test's source
# (the failure of a hidden test says only that a hidden test failed; see gausslab.checks.display).
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]

# Autograding, solution generation and CI share the notebooks' fast mode (less data, fewer
# epochs). The kernels nbgrader starts inherit this environment.
os.environ.setdefault("GAUSSLAB_FAST", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
