"""Grading side: independent oracles (NumPy, SciPy, dense PyTorch), one module per assignment.

Written in another framework than the code under test, so that a check compares a student's
result with an independent computation. Each module may define ``expected_cases()``: the fixed
inputs, expected outputs and outputs of known mistakes that the visible checks compare with,
written to ``gausslab/checks/expected/<module>.json`` by ``python -m gausslab.grading expected``.
Never shipped to students.
"""
