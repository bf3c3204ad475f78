"""`kubectl scale --replicas=N`: a merge patch of the scale subresource (or a checked update when
--current-replicas/--resource-version set a precondition); prints `deployment.apps/nginx scaled`."""
from ...api.errors import ApiError
from .. import builder, durations, printers, record, targets
from ..errors import CmdError, RawError, render
from ..flags import Flag, FlagSet
from . import Command
from .create import required_flag_error

FLAGS = [
    Flag("replicas", kind="int", default=-1), Flag("current-replicas", kind="int", default=-1),
    Flag("resource-version"), Flag("timeout", default="0s"), Flag("all", kind="bool"),
    Flag("filename", "f", "slice"), Flag("recursive", "R", "bool"), Flag("kustomize", "k"),
    Flag("selector", "l"), Flag("dry-run", default="none", no_opt_default="unchanged"), Flag("output", "o"),
    Flag("allow-missing-template-keys", kind="bool", default=True), Flag("show-managed-fields", kind="bool"),
    Flag("template"), Flag("record", kind="bool"),
]


class PreconditionError(CmdError):
    def __init__(self, what, expected, actual):
        super().__init__(f"Expected {what} to be {expected}, was {actual}")


def run(ctx):
    opts = ctx.opts
    timeout = durations.flag(ctx, "timeout")
    record.warn(ctx)
    if not opts.changed("replicas"):
        return required_flag_error(ctx, "replicas")
    stamp = record.recorder(ctx, FlagSet(FLAGS))
    dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    if opts["replicas"] < 0:
        raise CmdError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    if opts["current-replicas"] < -1:
        raise CmdError("The --current-replicas must specify an integer of -1 or greater")
    found, errs = targets.find(ctx, ctx.args, opts["filename"], opts["recursive"], opts["selector"], opts["all"])
    if opts["resource-version"] and len(found) > 1:
        raise CmdError("cannot use --resource-version with multiple resources")
    if not found:
        if errs:
            raise errs[0] if len(errs) == 1 else RawError(render(errs).rstrip("\n"))
        raise CmdError("no objects passed to scale")
    for target in found:
        if dry_run != "client":
            scale_one(ctx, target, opts, dry_run == "server")
            if timeout and dry_run == "none":
                wait_for_replicas(ctx, target, opts["replicas"], timeout)
        if target.resource.group in ("apps", ""):
            target.obj.setdefault("spec", {})["replicas"] = opts["replicas"]
        if dry_run != "client" and opts["record"]:
            record_cause(ctx, target, stamp)
        print_scaled(ctx, output, target, dry_run)
    if errs:
        ctx.io.error(render(errs))
        return 1
    return 0


def scale_one(ctx, target, opts, server_dry_run):
    """genericScaler.ScaleSimple: GET, check and PUT the Scale with a precondition, else PATCH it."""
    api, name, namespace = ctx.api, target.name, target.namespace
    if opts["current-replicas"] != -1 or opts["resource-version"]:
        scale = api.get_scale(target.resource, name, namespace)
        current = scale["spec"]["replicas"]
        if opts["current-replicas"] != -1 and current != opts["current-replicas"]:
            raise PreconditionError("replicas", opts["current-replicas"], current)
        version = scale["metadata"].get("resourceVersion", "")
        if opts["resource-version"] and version != opts["resource-version"]:
            raise PreconditionError("resource version", opts["resource-version"], version)
        scale["spec"]["replicas"] = opts["replicas"]
        return api.update_scale(target.resource, name, scale, namespace, dry_run=server_dry_run)
    return api.patch(target.resource, name, {"spec": {"replicas": opts["replicas"]}},
                     "application/merge-patch+json", namespace=namespace, subresource="scale",
                     dry_run=server_dry_run)


def record_cause(ctx, target, stamp):
    """MakeRecordMergePatch: the change cause sent as a merge patch (its failure is only logged)."""
    stamp(target.obj)
    annotations = target.obj["metadata"]["annotations"]
    try:
        ctx.api.patch(target.resource, target.name, {"metadata": {"annotations": {
            record.CHANGE_CAUSE: annotations[record.CHANGE_CAUSE]}}}, "application/merge-patch+json",
            namespace=target.namespace)
    except ApiError:
        pass


def wait_for_replicas(ctx, target, replicas, timeout):
    """--timeout: run virtual time until the scale's status reports the desired replicas."""
    def done():
        scale = ctx.api.get_scale(target.resource, target.name, target.namespace)
        return scale["spec"]["replicas"] != replicas or scale["status"]["replicas"] == replicas

    if not ctx.clock.run_until(done, timeout):
        raise CmdError(f'timed out waiting for "{target.name}" to be synced')


def print_scaled(ctx, output, target, dry_run):
    if output.kind:
        ctx.io.write(output.render(target.obj, lambda o: target.resource))
    else:
        ctx.io.write(f"{target.kind_name()} scaled{builder.DRY_RUN_SUFFIX[dry_run]}\n")


COMMAND = Command("scale", run, FLAGS)
