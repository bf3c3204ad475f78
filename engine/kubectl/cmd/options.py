"""`kubectl options`: the global command-line options every command accepts, as kubectl v1.32 lists them
(recorded text in engine/kubectl/data/options.txt). Arguments are ignored, as kubectl ignores them."""
import os

from . import Command

TEXT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "options.txt")


def run(ctx):
    with open(TEXT, encoding="utf-8", newline="") as f:
        ctx.io.write(f.read())
    return 0


COMMAND = Command("options", run, [])
