"""The small shell of simulated containers: `sh -c`/`bash -c` scripts and busybox-style applets,
run as generators in virtual time (see interp.Shell)."""
from . import applets  # noqa: F401  (registers the applets)
from .applets import APPLETS
from .interp import Shell, shell_program
from .parser import ShellSyntaxError, parse

__all__ = ["APPLETS", "Shell", "ShellSyntaxError", "parse", "shell_program"]
