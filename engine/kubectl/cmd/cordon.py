"""`kubectl cordon` and `kubectl uncordon` (pkg/cmd/drain): set or clear a node's
spec.unschedulable, printing `node/worker-1 cordoned` or `node/worker-1 already cordoned`."""
from ...api.errors import ApiError
from .. import builder
from ..errors import CmdError, UsageError
from ..flags import Flag
from ..resources import resolve_type
from . import Command

FLAGS = [Flag("selector", "l"), Flag("dry-run", default="none", no_opt_default="unchanged")]


def node_targets(ctx, use):
    """The nodes named on the command line or selected by -l (drain.go's Complete)."""
    selector = ctx.opts["selector"]
    if not ctx.args and not ctx.opts.changed("selector"):
        raise usage_error(ctx, f"USAGE: {use} [flags]")
    if ctx.args and selector:
        raise usage_error(ctx, "error: cannot specify both a node name and a --selector option")
    if ctx.args:
        return [ctx.api.get("nodes", node_name(ctx, arg)) for arg in ctx.args]
    return ctx.api.list("nodes", label_selector=selector or None)["items"]


def node_name(ctx, arg):
    """NAME, or TYPE/NAME with a type that resolves to nodes (`node/worker-1`)."""
    if "/" not in arg:
        return arg
    kind, _, name = arg.partition("/")
    resource = resolve_type(ctx.api, kind)
    if resource.kind != "Node":
        # (kubectl formats the GroupVersionResource with %q)
        raise CmdError(f'error: expected resource of type node, got {{"{resource.group}" "{resource.version}" '
                       f'"{resource.plural}"}}')
    return name


def usage_error(ctx, message):
    """cmdutil.UsageErrorf: the message and where to find help."""
    return UsageError(f"{message}\nSee '{ctx.path} -h' for help and examples")


def operation_text(operation, dry_run):
    return operation + builder.DRY_RUN_SUFFIX[dry_run]


def cordon_or_uncordon(ctx, nodes, desired, dry_run):
    """RunCordonOrUncordon: patch spec.unschedulable where it differs; errors are printed, not returned."""
    verb = "cordon" if desired else "uncordon"
    for node in nodes:
        name = node["metadata"]["name"]
        if bool(node["spec"].get("unschedulable")) == desired:
            ctx.io.write(f"node/{name} {operation_text('already ' + verb + 'ed', dry_run)}\n")
            continue
        if dry_run != "client":
            try:
                ctx.api.patch("nodes", name, {"spec": {"unschedulable": True if desired else None}},
                              dry_run=dry_run == "server")
            except ApiError as e:
                ctx.io.error(f'error: unable to {verb} node "{name}": {e.message}\n')
                continue
        ctx.io.write(f"node/{name} {operation_text(verb + 'ed', dry_run)}\n")


def runner(desired):
    def run(ctx):
        dry_run = builder.dry_run_strategy(ctx.opts["dry-run"], ctx)
        nodes = node_targets(ctx, "cordon NODE" if desired else "uncordon NODE")
        cordon_or_uncordon(ctx, nodes, desired, dry_run)
        return 0
    return run


COMMAND = Command("cordon", runner(True), FLAGS)
UNCORDON = Command("uncordon", runner(False), FLAGS)
