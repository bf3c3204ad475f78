"""Kubectl: splits a command line, finds the verb in the registry, parses its flags like cobra,
runs it against the APIServer and captures stdout, stderr and the exit code."""
import json
import os
import shlex

from ..api.errors import ApiError
from ..api.managedfields import requests_from
from . import errors
from .cmd import registry, suggestions
from .flags import FlagError, FlagSet
from .identity import client_api
from .kubeconfig import KubeConfig
from .printers import showing_managed
from .result import Result


class IO:
    """Captured output streams of one command run."""

    def __init__(self, stdin=None, editor=None):
        self.stdin, self.editor = stdin, editor  # editor: what `kubectl edit` opens (see cmd/edit.py)
        self.out, self.err = [], []

    def write(self, text):
        self.out.append(text)

    def error(self, text):
        self.err.append(text)


class Context:
    """Everything a command's run() needs: the client, its streams, flags, args and namespace."""

    def __init__(self, kubectl, io, path, opts, args, dash_at, flags=()):
        self.kubectl, self.io, self.path = kubectl, io, path
        self.opts, self.args, self.dash_at = opts, args, dash_at
        self.api, self.clock = client_api(kubectl, opts, io, flags), kubectl.clock  # the server as this user sees it

    @property
    def namespace(self):
        context = self.opts.get("context")
        if context and context not in self.kubectl.kubeconfig.contexts:
            raise errors.RawError(f"Error in configuration: context was not found for specified context: {context}")
        return self.opts.get("namespace") or self.kubectl.kubeconfig.namespace(context)

    @property
    def explicit_namespace(self):
        return bool(self.opts.get("namespace"))


class Kubectl:
    """The kubectl client of a simulated cluster: `run("get pods -A")`, `apply(manifest)`."""

    def __init__(self, api, clock, namespace="default"):
        self.api, self.clock = api, clock
        self.kubeconfig = KubeConfig.kubeadm()
        if namespace != "default":
            self.namespace = namespace

    @property
    def namespace(self):
        """The current context's namespace (`kubectl config set-context --current --namespace=`)."""
        return self.kubeconfig.namespace()

    @namespace.setter
    def namespace(self, value):
        self.kubeconfig.set_namespace(value)

    def run(self, command, stdin=None, editor=None):
        try:
            # (shlex.split(None) would read the process's stdin: never hand it anything but a string)
            args = shlex.split(command) if isinstance(command, str) else [str(a) for a in command or []]
        except ValueError as e:
            return Result("", f"error: {e}\n", 1)
        if args and args[0] == "kubectl":
            args = args[1:]
        io = IO(stdin, editor)
        code = self._execute(args, io)
        return Result("".join(io.out), "".join(io.err), code)

    def apply(self, manifest):
        """`kubectl apply -f` for manifest text (YAML/JSON), an object dict, or a path to a file or directory."""
        if isinstance(manifest, dict):
            return self.run(["apply", "-f", "-"], stdin=json.dumps(manifest))
        if isinstance(manifest, os.PathLike) or (isinstance(manifest, str) and "\n" not in manifest
                                                  and manifest.strip() and os.path.exists(manifest)):
            return self.run(["apply", "-f", os.fspath(manifest)])
        return self.run(["apply", "-f", "-"], stdin=manifest)

    # dispatch
    def _execute(self, args, io):
        commands = registry()
        index = _command_index(args, FlagSet([]))
        if index is None:  # `kubectl`, `kubectl --help`: the root help
            io.write(help_text("kubectl"))
            return 0
        name = args[index]
        if name not in commands:
            return self._unknown(name, io)
        command = commands[name]
        rest = args[:index] + args[index + 1:]
        path = f"kubectl {name}"
        while command.subcommands:  # `create secret generic`: subcommands nest
            sub_index = _command_index(rest, FlagSet(command.flags))
            if sub_index is None or rest[sub_index] not in command.subcommands:
                break
            command = command.subcommands[rest[sub_index]]
            rest = rest[:sub_index] + rest[sub_index + 1:]
            path = f"{path} {command.name}"
        try:
            opts, positional, dash_at = FlagSet(command.flags).parse(rest)
        except FlagError as e:
            if command.flag_error:
                return command.flag_error(io, path, e)
            io.error(f"Error: {e}\nSee '{path} --help' for usage.\n")
            return errors.DEFAULT_ERROR_EXIT_CODE
        if opts["help"]:
            io.write(help_text(path))
            return 0
        ctx = Context(self, io, path, opts, positional, dash_at, command.flags)
        ctx.argv = args  # the command line as typed: --record writes it into kubernetes.io/change-cause
        try:
            with requests_from(self.api, opts.get("field-manager") or "kubectl"), \
                    showing_managed(opts.get("show-managed-fields")):  # kubectl's user agent; its printers
                return command.run(ctx) or 0
        except (errors.CmdError, ApiError) as e:
            io.write(getattr(e, "stdout_before", ""))  # a failed go-template's partial output and debug dump
            io.error(errors.render(e))
            return getattr(e, "exit_code", errors.DEFAULT_ERROR_EXIT_CODE)  # a container's code (run, exec)

    def _unknown(self, name, io):
        text = f'Error: unknown command "{name}" for "kubectl"\n'
        similar = [s for s in suggestions(name) if s in registry()]
        if similar:
            text += "\nDid you mean this?\n" + "".join(f"\t{s}\n" for s in similar) + "\n"
        io.error(text)
        return errors.DEFAULT_ERROR_EXIT_CODE


def help_text(path):
    """`kubectl <cmd> --help`, as recorded from the real kubectl by scripts/record_golden.py."""
    name = path[len("kubectl "):].replace(" ", "-") or "kubectl"
    for candidate in (name, name.split("-")[0]):
        try:
            with open(os.path.join(HELP_DIR, candidate + ".txt"), encoding="utf-8") as f:
                return f.read()
        except OSError:
            continue
    return ""


HELP_DIR = os.path.join(os.path.dirname(__file__), "help")


def _command_index(args, flagset):
    """Where the (sub)command name is: the first argument that is neither a flag nor a flag's value."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return None
        if arg.startswith("-") and len(arg) > 1:
            flag = (flagset.by_name.get(arg[2:]) if arg.startswith("--")
                    else flagset.by_short.get(arg[1:]) if len(arg) == 2 else None)
            takes_value = flag is not None and flag.kind != "bool" and flag.no_opt_default is None
            i += 2 if takes_value and "=" not in arg else 1
            continue
        return i
    return None
