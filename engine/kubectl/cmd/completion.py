"""`kubectl completion bash|zsh|fish|powershell`: the shell completion scripts of kubectl v1.32, kept as
recorded text in engine/kubectl/data/completion/ (scripts/golden_cases/more_verbs.py records them)."""
import os

from ..errors import UsageError
from . import Command

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "completion")
SHELLS = ("bash", "zsh", "fish", "powershell")


def run(ctx):
    usage = f"\nSee '{ctx.path} -h' for help and examples"
    if not ctx.args:
        raise UsageError("Shell not specified." + usage)
    if len(ctx.args) > 1:
        raise UsageError("Too many arguments. Expected only the shell type." + usage)
    shell = ctx.args[0]
    if shell not in SHELLS:
        raise UsageError(f'Unsupported shell type "{shell}".' + usage)
    with open(os.path.join(DATA, shell + ".txt"), encoding="utf-8", newline="") as f:
        ctx.io.write(f.read())
    return 0


COMMAND = Command("completion", run, [])
