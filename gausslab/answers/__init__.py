"""Reference implementations: the answers of each assignment, one module per assignment.

``gausslab.answers.<module>`` answers the assignment of that module name. It reaches students
only once that assignment has closed (``course.toml``), so that a later assignment can build
on it (02 imports 01's ``RBFLayer``); benchmarks import it too. A notebook never imports the
answers of its own assignment.
"""
