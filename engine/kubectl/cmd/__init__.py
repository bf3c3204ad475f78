"""The command registry: one module per verb, named after it (`port-forward` is port_forward.py), each
defining COMMAND. A verb of KUBECTL_COMMANDS is served as soon as its module exists."""
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

# kubectl's commands in the order `kubectl --help` adds them (cobra suggests in this order).
KUBECTL_COMMANDS = [
    "create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale", "autoscale",
    "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint", "describe", "logs", "attach",
    "exec", "port-forward", "proxy", "cp", "auth", "debug", "events", "diff", "apply", "patch", "replace", "wait",
    "kustomize", "label", "annotate", "completion", "alpha", "api-resources", "api-versions", "config", "plugin",
    "version", "options",  # (options is served but not listed in `kubectl --help`'s groups)
]


@dataclass
class Command:
    """A kubectl verb (or a sub-verb such as `create deployment`)."""
    name: str
    run: object  # run(kubectl, ctx) -> exit code
    flags: list = field(default_factory=list)
    subcommands: dict = field(default_factory=dict)
    # cobra.ExactArgs-style checks are done by each command; this is for `create` with no args
    path: str = ""
    flag_error: object = None  # flag_error(io, path, err) -> exit code, for a command's SetFlagErrorFunc


_registry = None


def registry():
    global _registry
    if _registry is None:
        _registry = {}
        for verb in KUBECTL_COMMANDS:
            module = f"{__name__}.{verb.replace('-', '_')}"
            if find_spec(module) is None:
                continue
            command = import_module(module).COMMAND
            _registry[command.name] = command
    return _registry


def suggestions(typed):
    """cobra's `Did you mean this?`: commands within Levenshtein distance 2 or starting with it."""
    typed = typed.lower()
    return [c for c in KUBECTL_COMMANDS if _distance(typed, c) <= 2 or c.startswith(typed)]


def _distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
