"""`python -m engine`: an interactive kubectl terminal on a simulated cluster (see engine/shell.py)."""
import sys

from .shell import main

sys.exit(main())
