"""`python -m autograder`: the instructor's command line (release, collect, autograde, feedback,
grades); see autograder/cli.py."""
import sys

from .cli import main

sys.exit(main())
