"""`kubectl apply view-last-applied (TYPE [NAME | -l label] | TYPE/NAME | -f FILENAME)`: the
kubectl.kubernetes.io/last-applied-configuration annotation of each object, as YAML (default) or JSON."""
import json

from ..errors import CmdError, UsageError
from ..flags import Flag
from ..printers import yaml as yaml_printer
from .. import targets
from . import Command

ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"
FLAGS = [Flag("output", "o", default="yaml"), Flag("all", kind="bool"), Flag("filename", "f", "slice"),
         Flag("recursive", "R", "bool"), Flag("kustomize", "k"), Flag("selector", "l")]


def run(ctx):
    opts = ctx.opts
    found, errs = targets.find(ctx, ctx.args, opts["filename"], opts["recursive"], opts["selector"], opts["all"])
    if errs:
        raise errs[0]
    configs = []
    for target in found:
        text = (target.obj["metadata"].get("annotations") or {}).get(ANNOTATION)
        if text is None:
            source = f'error when getting "{target.source}": ' if target.source else ""
            raise CmdError(f"{source}no last-applied-configuration annotation found on resource: {target.name}\n")
        configs.append(text)
    for text in configs:
        if opts["output"] == "json":
            ctx.io.write(json.dumps(json.loads(text), indent=2, ensure_ascii=False))
        elif opts["output"] == "yaml":
            ctx.io.write(yaml_printer.dumps(json.loads(text)))
        else:
            raise UsageError(f"Unexpected -o output mode: {opts['output']}, the flag 'output' must be one of yaml|json\n"
                             f"See '{ctx.path} -h' for help and examples")
    return 0


COMMAND = Command("view-last-applied", run, FLAGS)
