"""Grading library for the course: answers captured from notebook cells, graded by what they do
in a fresh simulated cluster (`score`, `check`); `%load_ext autograder` gives the `%%answer` magic."""
from .answers import answer, load_ipython_extension, record, value
from .grading import Grade, check, grade, score

__all__ = ["answer", "value", "record", "score", "check", "grade", "Grade", "load_ipython_extension"]
