"""`kubectl describe`: objects by TYPE [NAME_PREFIX], TYPE/NAME, -l or -f, each described with its
related objects and events (engine/kubectl/describe), separated by a blank line as kubectl does."""
from ...api.errors import ApiError
from ..builder import infos
from ..describe import describe
from ..errors import CmdError, aggregate
from ..flags import Flag
from ...api.columns import parse_time
from ..resources import selector_with_names_error, type_name_args
from . import Command

FLAGS = [
    Flag("filename", "f", "slice"), Flag("recursive", "R", "bool"), Flag("kustomize", "k"),
    Flag("selector", "l"), Flag("all-namespaces", "A", "bool"),
    Flag("show-events", kind="bool", default=True), Flag("chunk-size", kind="int", default=500),
]

REQUIRED = ('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete '
            "list of supported resources.")


def run(ctx):
    opts = ctx.opts
    if not ctx.args and not opts["filename"]:
        raise CmdError(REQUIRED)
    now = parse_time(ctx.clock.timestamp())
    targets, errs = _targets(ctx)
    if targets is None:  # NotFound for `describe TYPE NAME`: describe the objects whose name starts with NAME
        return _matching(ctx, now, errs)
    first = True
    for resource, obj in targets:
        text = describe(ctx.api, resource, obj, now, opts["show-events"])
        ctx.io.write(text if first else "\n\n" + text)
        first = False
    if not targets and not errs:
        ctx.io.error("No resources found\n" if opts["all-namespaces"] else f"No resources found in {ctx.namespace} namespace.\n")
    if errs:
        ctx.io.error(aggregate(errs))
        return 1
    return 0


def _targets(ctx):
    """(resource, object) pairs to describe and the errors met; None for targets when a single
    `TYPE NAME` was not found (kubectl then tries NAME as a prefix)."""
    opts, api = ctx.opts, ctx.api
    if opts["filename"]:
        found, errs = [], []
        for info in infos(ctx, opts["filename"], opts["recursive"], validate=False):
            if isinstance(info, Exception):
                errs.append(info)
                continue
            try:
                found.append((info.resource, api.get(info.resource, info.name, info.namespace or None)))
            except ApiError as e:
                errs.append(e)
        return found, errs
    pairs = type_name_args(api, ctx.args)
    if any(name is not None for _, name in pairs) and opts["selector"].strip():
        raise selector_with_names_error(ctx.args)
    found, errs = [], []
    for resource, name in pairs:
        namespace = None if (opts["all-namespaces"] or not resource.namespaced) else ctx.namespace
        try:
            if name is None:
                found.extend((resource, o) for o in api.list(resource, namespace, label_selector=opts["selector"] or None)["items"])
            else:
                found.append((resource, api.get(resource, name, namespace)))
        except ApiError as e:
            if e.code == 404 and len(ctx.args) == 2 and "/" not in ctx.args[0]:
                return None, [e]
            if all(str(e) != str(x) for x in errs):
                errs.append(e)
    return found, errs


def _matching(ctx, now, errs):
    kind, prefix = ctx.args
    pairs = type_name_args(ctx.api, [kind])
    if len(pairs) != 1:
        raise CmdError("you may only specify a single resource type")
    resource = pairs[0][0]
    namespace = None if (ctx.opts["all-namespaces"] or not resource.namespaced) else ctx.namespace
    matched = [o for o in ctx.api.list(resource, namespace)["items"] if o["metadata"]["name"].startswith(prefix)]
    if not matched:
        ctx.io.error(aggregate(errs))
        return 1
    for obj in matched:
        ctx.io.write(describe(ctx.api, resource, obj, now, ctx.opts["show-events"]) + "\n")
    return 0


COMMAND = Command("describe", run, FLAGS)
