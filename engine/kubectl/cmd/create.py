"""`kubectl create -f FILE` and the generators (`create namespace`, `create deployment`); the
generators print typed objects, so their JSON keeps Go's struct field order."""
import json

from ...api.errors import ApiError
from .. import builder, klog, printers
from ..errors import CmdError, UsageError, render, with_source
from ..flags import Flag
from . import Command

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
# utilrand.String's alphabet (no vowels, no confusable characters)
RAND_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def common_flags():
    return [Flag("dry-run", default="none", no_opt_default="unchanged"), Flag("output", "o"),
            Flag("save-config", kind="bool"), Flag("validate", default="strict", no_opt_default="strict"),
            Flag("field-manager", default="kubectl-create"), Flag("show-managed-fields", kind="bool")]


FILE_FLAGS = common_flags() + [Flag("filename", "f", "slice"), Flag("kustomize", "k"), Flag("recursive", "R", "bool")]


def report(ctx, output, resource, obj, operation, dry_run):
    """What kubectl prints after a write: `<kind>/<name> <operation>` or the object in -o format."""
    if output.kind:
        ctx.io.write(output.render(obj, lambda o: resource, sort_keys=True))
    else:
        name = (obj.get("metadata") or {}).get("name", "")
        kind = resource.kind.lower() + (f".{resource.group}" if resource.group else "")
        ctx.io.write(f"{kind}/{name} {operation}{builder.DRY_RUN_SUFFIX[dry_run]}\n")


def run_file(ctx):
    opts = ctx.opts
    if ctx.args:
        raise UsageError(f"Unexpected args: [{' '.join(ctx.args)}]\nSee '{ctx.path} -h' for help and examples")
    if not opts["filename"] and not opts["kustomize"]:
        raise CmdError("must specify one of -f and -k")
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
    directive = builder.validation_directive(opts["validate"])
    items = builder.infos(ctx, opts["filename"], opts["recursive"], validate=directive != "ignore")
    errs, done = [], 0
    for item in items:
        if isinstance(item, Exception):
            errs.append(item)
            continue
        done += 1
        obj = item.obj
        if opts["save-config"]:
            set_last_applied(obj)
        try:
            if dry_run != "client":
                obj = builder.with_field_validation(ctx, directive, obj, lambda o: ctx.api.create(
                    item.resource, o, namespace=item.namespace or None, dry_run=dry_run == "server"))
        except ApiError as e:
            errs.append(with_source("creating", item.source, e))
            continue
        report(ctx, output, item.resource, obj, "created", dry_run)
    if not done and not errs:
        raise CmdError("no objects passed to create")
    if errs:
        ctx.io.error(render(errs))
        return 1
    return 0


def set_last_applied(obj, typed=False):
    """util.CreateApplyAnnotation: the object serialized without the annotation, stored in the
    annotation. Unstructured objects (files) serialize sorted and keep `annotations: {}`; typed ones
    (generators) keep Go field order and omit the empty map."""
    meta = obj.setdefault("metadata", {})
    if not isinstance(meta, dict) or not isinstance(meta.get("annotations") or {}, dict):
        return obj  # unstructured's SetAnnotations cannot set it either
    annotations = dict(meta.get("annotations") or {})
    annotations.pop(LAST_APPLIED, None)
    meta["annotations"] = annotations
    if typed and not annotations:
        del meta["annotations"]
    text = json.dumps(obj, separators=(",", ":"), sort_keys=not typed, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    meta["annotations"] = dict(annotations, **{LAST_APPLIED: text + "\n"})
    return obj


# ---- generators
def exactly_one_name(ctx):
    """NameFromCommandArgs: arguments before `--` must be exactly one name."""
    got = len(ctx.args) if ctx.dash_at is None else ctx.dash_at
    if got != 1:
        raise UsageError(f"exactly one NAME is required, got {got}\nSee '{ctx.path} -h' for help and examples")
    return ctx.args[0]


def create_generated(ctx, resource_ref, obj, failure=None):
    """Send (or with --dry-run=client only print) a generated object, like kubectl's create
    subcommands; `failure` wraps API errors as some generators do (`failed to create deployment: `)."""
    opts = ctx.opts
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
    builder.validation_directive(opts["validate"])
    resource = ctx.api.resource(resource_ref)
    if opts["save-config"]:
        set_last_applied(obj, typed=True)
    if dry_run != "client":
        namespace = ctx.namespace if resource.namespaced else None
        try:
            obj = ctx.api.create(resource, obj, namespace=namespace, dry_run=dry_run == "server")
        except ApiError as e:
            if failure is None:
                raise
            raise CmdError(f"{failure}: {e.message}")
        report(ctx, output, resource, obj, "created", dry_run)
        return 0
    if output.kind:
        ctx.io.write(output.render(obj, lambda o: resource, sort_keys=False))
    else:
        report(ctx, output, resource, obj, "created", dry_run)
    return 0


def run_namespace(ctx):
    name = exactly_one_name(ctx)
    obj = {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": name, "creationTimestamp": None},
           "spec": {}, "status": {}}
    return create_generated(ctx, "namespaces", obj)


def required_flag_error(ctx, flag):
    """cobra's required-flag failure as kubectl 1.32 logs it (component-base's run.go)."""
    ctx.io.error(klog.line(ctx.clock, "E", "run.go:72", f'"command failed" err="required flag(s) \\"{flag}\\" not set"'))
    return 1


def container_name(image, rng):
    """The container name kubectl derives from an image (sanitizeAndUniquify: `_`/`.` become `-`
    and then a random 5-letter suffix is added, from the cluster's seeded rng here)."""
    name = image.split("/")[-1].split(":")[0].split("@")[0]
    if "_" in name or "." in name:
        name = name.replace("_", "-").replace(".", "-")
        name = f"{name}-" + "".join(rng.choice(RAND_ALPHABET) for _ in range(5))
    return name


def run_deployment(ctx):
    opts = ctx.opts
    if not opts["image"]:
        return required_flag_error(ctx, "image")
    name = exactly_one_name(ctx)
    command = ctx.args[ctx.dash_at:] if ctx.dash_at is not None else ctx.args[1:]
    if len(opts["image"]) > 1 and command:
        raise CmdError("cannot specify multiple --image options and command")
    containers = []
    for image in opts["image"]:
        container = {"name": container_name(image, ctx.api.rng), "image": image}
        if command:
            container["command"] = list(command)
        container["resources"] = {}
        containers.append(container)
    if opts["port"] >= 0 and containers:
        first = containers[0]
        resources = first.pop("resources")
        first["ports"] = [{"containerPort": opts["port"]}]
        first["resources"] = resources
    labels = {"app": name}
    meta = {"name": name}
    if ctx.explicit_namespace:
        meta["namespace"] = ctx.namespace
    meta["creationTimestamp"] = None
    meta["labels"] = labels
    obj = {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": meta,
           "spec": {"replicas": opts["replicas"], "selector": {"matchLabels": dict(labels)},
                    "template": {"metadata": {"creationTimestamp": None, "labels": dict(labels)},
                                 "spec": {"containers": containers}},
                    "strategy": {}},
           "status": {}}
    # create_deployment.go wraps the API error with %v, so kubectl prints it as a plain error
    return create_generated(ctx, "deployments.apps", obj, failure="failed to create deployment")


NAMESPACE = Command("namespace", run_namespace, common_flags())
DEPLOYMENT = Command("deployment", run_deployment, common_flags() + [
    Flag("image", kind="slice"), Flag("replicas", "r", "int32", default=1), Flag("port", kind="int32", default=-1)])
def _generators():
    from .create_config import CONFIGMAP, SECRET
    from .create_common import more_generators
    return {"namespace": NAMESPACE, "ns": NAMESPACE, "deployment": DEPLOYMENT, "deploy": DEPLOYMENT,
            "configmap": CONFIGMAP, "cm": CONFIGMAP, "secret": SECRET, **more_generators()}


COMMAND = Command("create", run_file, FILE_FLAGS, subcommands=_generators())
