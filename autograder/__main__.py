"""`python -m autograder`: the instructor's command line (release, collect, autograde, feedback,
grades); see autograder/cli.py."""
import sys

from .cli import main

if __name__ == "__main__":  # not when a grading process (spawned) imports this module again
    sys.exit(main())
