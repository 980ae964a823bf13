"""Instructor tooling: release the assignments and autograde a class, through nbgrader's apps."""
