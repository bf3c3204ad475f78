"""`kubectl plugin list`: the simulated cluster's kubectl sees no `kubectl-*` executables on PATH, so it
answers as kubectl does on a machine without plugins; `kubectl plugin` prints its help to stderr."""
from ..errors import CmdError, UsageError
from ..flags import Flag
from . import Command


def run_plugin(ctx):
    from ..kubectl import help_text
    if ctx.args:
        raise UsageError(f'unknown command "{ctx.args[0]}"\nSee \'{ctx.path} -h\' for help and examples')
    ctx.io.error(help_text(ctx.path))
    return 1


def run_list(ctx):
    raise CmdError("unable to find any kubectl plugins in your PATH")


COMMAND = Command("plugin", run_plugin, [], subcommands={"list": Command("list", run_list, [Flag("name-only", kind="bool")])})
