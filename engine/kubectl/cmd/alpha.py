"""`kubectl alpha`: kubectl v1.32 ships no alpha subcommands (each needs a KUBECTL_*-gated feature it
does not have enabled), so it says so on stderr and succeeds."""
from . import Command


def run(ctx):
    ctx.io.error("No alpha commands are available in this version of kubectl\n")
    return 0


COMMAND = Command("alpha", run, [])
