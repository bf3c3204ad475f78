"""`kubectl autoscale TYPE NAME --max=N [--min=N] [--cpu-percent=N]`: an autoscaling/v1
HorizontalPodAutoscaler for a Deployment, ReplicaSet, StatefulSet or ReplicationController."""
from .. import builder, printers, targets
from ..errors import CmdError, render
from ..flags import Flag
from . import Command
from .create import required_flag_error, set_last_applied

FLAGS = [
    Flag("min", kind="int32", default=-1), Flag("max", kind="int32", default=-1),
    Flag("cpu-percent", kind="int32", default=-1), Flag("name"),
    Flag("dry-run", default="none", no_opt_default="unchanged"), Flag("output", "o"),
    Flag("filename", "f", "slice"), Flag("recursive", "R", "bool"), Flag("kustomize", "k"),
    Flag("save-config", kind="bool"), Flag("field-manager", default="kubectl-autoscale"),
    Flag("allow-missing-template-keys", kind="bool", default=True), Flag("show-managed-fields", kind="bool"),
    Flag("template"), Flag("record", kind="bool"),
]


def run(ctx):
    opts = ctx.opts
    if not opts.changed("max"):
        return required_flag_error(ctx, "max")
    dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    if opts["max"] < 1:
        raise CmdError(f"--max=MAXPODS is required and must be at least 1, max: {opts['max']}")
    if opts["max"] < opts["min"]:
        raise CmdError(f"--max=MAXPODS must be larger or equal to --min=MINPODS, max: {opts['max']}, min: {opts['min']}")
    # objects from files are used as read (the builder is not asked for the latest version)
    found, errs = targets.find(ctx, ctx.args, opts["filename"], opts["recursive"], local=True)
    count = 0
    for target in found:
        resource = target.resource
        if "scale" not in resource.subresources:
            errs.append(CmdError(f"cannot autoscale a {resource.kind}: could not find scale subresource for "
                                 f"{resource.group}/{resource.version}, Resource={resource.plural} in discovery information"))
            continue
        hpa = autoscaler(opts, target)
        count += 1
        hpa_resource = ctx.api.resource("autoscaling/v1/horizontalpodautoscalers")
        if dry_run == "client":
            write(ctx, output, hpa_resource, hpa, "created", dry_run)
            continue
        if opts["save-config"]:
            set_last_applied(hpa, typed=True)
        # into the command's namespace, whatever the target's (HorizontalPodAutoscalers(o.namespace))
        created = ctx.api.create(hpa_resource, hpa, namespace=ctx.namespace, dry_run=dry_run == "server")
        write(ctx, output, hpa_resource, created, "autoscaled", dry_run)
    if errs:
        ctx.io.error(render(errs))
        return 1
    if count == 0:
        raise CmdError("no objects passed to autoscale")
    return 0


def autoscaler(opts, target):
    """createHorizontalPodAutoscaler: the typed v1 object, fields in Go's order."""
    resource = target.resource
    spec = {"scaleTargetRef": {"kind": resource.kind, "name": target.name, "apiVersion": resource.api_version}}
    if opts["min"] > 0:
        spec["minReplicas"] = opts["min"]
    spec["maxReplicas"] = opts["max"]
    if opts["cpu-percent"] >= 0:
        spec["targetCPUUtilizationPercentage"] = opts["cpu-percent"]
    return {"kind": "HorizontalPodAutoscaler", "apiVersion": "autoscaling/v1",
            "metadata": {"name": opts["name"] or target.name, "creationTimestamp": None}, "spec": spec,
            "status": {"currentReplicas": 0, "desiredReplicas": 0}}


def write(ctx, output, resource, obj, operation, dry_run):
    if output.kind:
        ctx.io.write(output.render(obj, lambda o: resource, sort_keys=False))
    else:
        ctx.io.write(f"horizontalpodautoscaler.autoscaling/{obj['metadata']['name']} {operation}"
                     f"{builder.DRY_RUN_SUFFIX[dry_run]}\n")


COMMAND = Command("autoscale", run, FLAGS)
