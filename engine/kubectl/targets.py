"""The objects a workload verb (scale, label, set, rollout) acts on: the resource builder's
`TYPE NAME...`, `TYPE/NAME...`, `-f FILE`, `-l SELECTOR` and `--all`, fetched from the API server."""
import copy

from ..api.errors import ApiError
from . import builder, manifests
from .errors import CmdError, RawError
from .resources import selector_with_names_error, type_name_args

NO_RESOURCES = ("error: You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                "   '<resource> <name>'\n   '<resource>'")


class Target:
    """One object found: its resource, namespace and the live object (or the file's, with --local)."""

    def __init__(self, resource, namespace, obj, source=""):
        self.resource, self.namespace, self.obj, self.source = resource, namespace, obj, source

    @property
    def name(self):
        return self.obj["metadata"]["name"]

    def kind_name(self):
        """`deployment.apps/nginx`, as kubectl's messages name objects."""
        r = self.resource
        return f"{r.kind.lower()}.{r.group}/{self.name}" if r.group else f"{r.kind.lower()}/{self.name}"


def find(ctx, args, filenames=(), recursive=False, selector="", select_all=False, all_namespaces=False,
         local=False, allow_empty_selector=False, field_selector=""):
    """(targets, errors): every object named by the arguments; API errors (NotFound...) are kept
    in order and reported after the others, as the builder's ContinueOnError does."""
    found, errs = [], []
    if filenames and local:
        return _local(ctx, filenames, recursive)
    if filenames:
        for item in builder.infos(ctx, filenames, recursive, validate=False):
            if isinstance(item, Exception):
                errs.append(item)
                continue
            _fetch(ctx, item.resource, item.namespace or None, item.name, found, errs, item.source)
        return found, errs
    if not args:
        raise RawError(NO_RESOURCES)
    pairs = type_name_args(ctx.api, args)
    named = [p for p in pairs if p[1] is not None]
    selecting = selector or field_selector or select_all
    if named and selecting:
        raise selector_with_names_error(args)
    if not named and not (selecting or allow_empty_selector):
        raise CmdError("resource(s) were provided, but no name was specified")
    for resource, name in pairs:
        namespace = ctx.namespace if resource.namespaced else None
        if name is not None:
            _fetch(ctx, resource, namespace, name, found, errs)
            continue
        listed = ctx.api.list(resource, namespace=None if all_namespaces else namespace,
                              label_selector=selector or None, field_selector=field_selector or None)
        found.extend(Target(resource, o["metadata"].get("namespace"), o) for o in listed["items"])
    return found, errs


def _local(ctx, filenames, recursive):
    """--local: the files' objects as written (a local builder sets no namespace on them)."""
    found, errs = [], []
    for item in manifests.read(filenames, recursive, ctx.io.stdin, False, getattr(ctx.kubectl, "workstation", None)):
        if isinstance(item, Exception):
            errs.append(item)
            continue
        for obj in builder.flatten(item.obj):
            try:
                info = builder.to_info(ctx, copy.deepcopy(obj), item.source)
            except CmdError as e:
                errs.append(e)
                continue
            found.append(Target(info.resource, info.namespace or None, obj, item.source))
    return found, errs


def _fetch(ctx, resource, namespace, name, found, errs, source=""):
    try:
        found.append(Target(resource, namespace, ctx.api.get(resource, name, namespace=namespace), source))
    except ApiError as e:
        errs.append(e)
