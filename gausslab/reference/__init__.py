"""Reference implementations in NumPy/SciPy, used as test oracles for the students' code.

They are written in another framework than the code under test on purpose: a check compares
a student's Keras/PyTorch/TFP result with an independent computation.
"""
