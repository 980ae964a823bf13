# replaces: rbf_values
# why: the student rewrote a test cell to fail on purpose; nbgrader restores it from the release, so it passes
raise AssertionError("the student's own version of the test")
