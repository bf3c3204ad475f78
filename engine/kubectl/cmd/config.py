"""`kubectl config`: view, get-contexts, current-context, use-context, set-context, get-clusters,
get-users, delete-context and rename-context on the client's in-memory kubeconfig (set, unset,
set-cluster, set-credentials, delete-cluster and delete-user are in config_set.py)."""
from ..errors import CmdError, RawError
from ..flags import Flag
from ..kubectl import help_text
from ..printers import OutputFormat, GENERIC_FORMATS
from ..printers import json as json_printer
from ..printers import yaml as yaml_printer
from ..tabwriter import TabWriter
from . import Command, config_set


def _config(ctx):
    return ctx.kubectl.kubeconfig


def _usage(ctx, message):
    """helpErrorf: the command's help on stdout, then the error."""
    ctx.io.write(help_text(ctx.path))
    raise CmdError(message)


def run_config(ctx):
    """DefaultSubCommandRun: the help on stderr (or an unknown sub-command), exit code 1."""
    if ctx.args:
        raise CmdError(f'unknown command "{ctx.args[0]}"\nSee \'{ctx.path} -h\' for help and examples')
    ctx.io.error(help_text(ctx.path))
    return 1


def run_view(ctx):
    config = _config(ctx)
    fmt = OutputFormat.parse(ctx.opts["output"], GENERIC_FORMATS)
    minify = None
    if ctx.opts["minify"]:
        minify = ctx.opts["context"] or config.current
        if not minify:
            raise CmdError("current-context must exist in order to minify")
        if minify not in config.contexts:
            raise CmdError(f"cannot locate context {minify}")
        context = config.contexts[minify]  # MinifyConfig: what the context names must exist
        for key, table, what in (("cluster", config.clusters, "cluster"), ("user", config.users, "user")):
            if context.get(key) and context[key] not in table:
                raise CmdError(f"cannot locate {what} {context[key]}")
    data = config.to_dict(raw=ctx.opts["raw"] or ctx.opts["flatten"], minify_context=minify)
    if fmt.kind == "json":
        ctx.io.write(json_printer.dumps(data, sort_keys=False))
    elif fmt.kind == "name":
        ctx.io.write("config/<unknown>\n")
    elif fmt.kind == "yaml":
        ctx.io.write(yaml_printer.dumps(data))
    else:
        ctx.io.write(fmt.render(data))
    return 0


def run_get_contexts(ctx):
    config = _config(ctx)
    output = ctx.opts["output"]
    if output not in ("", "name"):
        raise CmdError(f"--output {output} is not available in kubectl config get-contexts; "
                       "resetting to default output format")
    names = ctx.args or sorted(config.contexts)
    missing = [CmdError(f"context {n} not found") for n in names if n not in config.contexts]
    found = [n for n in names if n in config.contexts]
    if output == "name":
        ctx.io.write("".join(n + "\n" for n in found))
    else:
        w = TabWriter(minwidth=6, padding=3)  # printers.GetNewTabWriter
        if not ctx.opts["no-headers"]:
            w.write("CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n")
        for name in found:
            c = config.contexts[name]
            star = "*" if name == config.current else " "
            w.write(f"{star}\t{name}\t{c.get('cluster', '')}\t{c.get('user', '')}\t{c.get('namespace', '')}\n")
        ctx.io.write(w.getvalue())
    if missing:
        raise missing[0] if len(missing) == 1 else _Aggregate(missing)
    return 0


class _Aggregate(RawError):
    """Several errors, one per line, without the `error: ` prefix (utilerrors.Aggregate)."""

    def __init__(self, errs):
        super().__init__("\n".join(str(e) for e in errs))


def run_current_context(ctx):
    current = _config(ctx).current
    if not current:
        raise CmdError("current-context is not set")
    ctx.io.write(current + "\n")
    return 0


def run_use_context(ctx):
    if len(ctx.args) != 1:
        _usage(ctx, f"Unexpected args: [{' '.join(ctx.args)}]")
    name, config = ctx.args[0], _config(ctx)
    if not name:
        raise CmdError("empty context names are not allowed")
    if name not in config.contexts:
        raise CmdError(f'no context exists with the name: "{name}"')
    config.current = name
    ctx.io.write(f'Switched to context "{name}".\n')
    return 0


def run_set_context(ctx):
    config, opts = _config(ctx), ctx.opts
    if len(ctx.args) > 1:
        _usage(ctx, f"Unexpected args: [{' '.join(ctx.args)}]")
    name = ctx.args[0] if ctx.args else ""
    if opts["current"]:
        if name:
            raise CmdError("you cannot specify both a context name and --current")
        if not config.current:
            raise CmdError("no current context is set")
        name = config.current
    elif not name:
        raise CmdError("you must specify a non-empty context name or --current")
    exists = name in config.contexts
    context = config.contexts.setdefault(name, {"cluster": "", "user": ""})
    for flag, key in (("cluster", "cluster"), ("user", "user"), ("namespace", "namespace")):
        if opts.changed(flag):
            context[key] = opts[flag]
    ctx.io.write(f'Context "{name}" {"modified" if exists else "created"}.\n')
    return 0


def _names(ctx, table):
    ctx.io.write("NAME\n" + "".join(n + "\n" for n in sorted(table)))
    return 0


def run_get_clusters(ctx):
    return _names(ctx, _config(ctx).clusters)


def run_get_users(ctx):
    return _names(ctx, _config(ctx).users)


def run_delete_context(ctx):
    config = _config(ctx)
    if len(ctx.args) != 1:
        ctx.io.write(help_text(ctx.path))
        return 0
    name = ctx.args[0]
    if name not in config.contexts:
        raise CmdError(f"cannot delete context {name}, not in {config.path}")
    if name == config.current:
        ctx.io.error('warning: this removed your active context, use "kubectl config use-context" to select a different one\n')
    del config.contexts[name]
    ctx.io.write(f"deleted context {name} from {config.path}\n")
    return 0


def run_rename_context(ctx):
    config = _config(ctx)
    if len(ctx.args) != 2:
        _usage(ctx, f"Unexpected args: [{' '.join(ctx.args)}]")
    old, new = ctx.args
    if not new:
        raise CmdError("You must specify a new non-empty context name")
    if old not in config.contexts:
        raise CmdError(f'cannot rename the context "{old}", it\'s not in {config.path}')
    if new in config.contexts:
        raise CmdError(f'cannot rename the context "{old}", the context "{new}" already exists in {config.path}')
    config.contexts[new] = config.contexts.pop(old)
    if config.current == old:
        config.current = new
    ctx.io.write(f'Context "{old}" renamed to "{new}".\n')
    return 0


OUTPUT = [Flag("output", "o", default="yaml"), Flag("allow-missing-template-keys", kind="bool", default=True),
          Flag("template"), Flag("show-managed-fields", kind="bool")]
_use = Command("use-context", run_use_context)
SUBCOMMANDS = {
    "view": Command("view", run_view, OUTPUT + [Flag("minify", kind="bool"), Flag("raw", kind="bool"),
                                                Flag("flatten", kind="bool"), Flag("merge", default="true")]),
    "get-contexts": Command("get-contexts", run_get_contexts, [Flag("output", "o"), Flag("no-headers", kind="bool")]),
    "current-context": Command("current-context", run_current_context),
    "use-context": _use, "use": _use,
    "set-context": Command("set-context", run_set_context, [Flag("cluster"), Flag("user"), Flag("namespace"),
                                                            Flag("current", kind="bool")]),
    "get-clusters": Command("get-clusters", run_get_clusters),
    "get-users": Command("get-users", run_get_users),
    "delete-context": Command("delete-context", run_delete_context),
    "rename-context": Command("rename-context", run_rename_context),
}
SUBCOMMANDS.update(config_set.COMMANDS)
COMMAND = Command("config", run_config, subcommands=SUBCOMMANDS)
