"""kubectl's resource builder for -f: documents mapped to served resources (RESTMapping via
`api.registry`), namespaces defaulted and checked, errors worded as cli-runtime words them."""
import json
import re

from . import klog, manifests
from ..api.errors import ApiError
from .errors import CmdError
from .flags import _parse_bool

DRY_RUN_SUFFIX = {"client": " (dry run)", "server": " (server dry run)", "none": ""}


class Info:
    """One object to act on: its resource, namespace, name and the file it came from."""

    def __init__(self, resource, obj, namespace, source):
        self.resource, self.obj, self.namespace, self.source = resource, obj, namespace, source

    @property
    def name(self):
        meta = self.obj.get("metadata")
        name = meta.get("name", "") if isinstance(meta, dict) else ""
        return name if isinstance(name, str) else ""

    def object_name(self):
        """`deployment.apps/nginx` as kubectl's messages name objects."""
        r = self.resource
        return f"{r.kind.lower()}.{r.group}/{self.name}" if r.group else f"{r.kind.lower()}/{self.name}"

    def describe(self):
        """resource.Info's String(): Resource, GroupVersionKind, Name and Namespace."""
        r = self.resource
        gv = f"{r.group}/{r.version}"  # GroupVersionResource.String(): "/v1" for the core group
        return (f'Resource: "{gv}, Resource={r.plural}", GroupVersionKind: "{gv}, Kind={r.kind}"\n'
                f'Name: "{self.name}", Namespace: "{self.namespace}"')


def dry_run_strategy(value, ctx=None):
    """GetDryRunStrategy: none, client or server; a bare `--dry-run` is client, with klog's warning."""
    if value in ("none", ""):
        return "none"
    if value == "unchanged":
        if ctx is not None:
            ctx.io.error(klog.line(ctx.clock, "W", "helpers.go:702",
                                   "--dry-run is deprecated and can be replaced with --dry-run=client."))
        return "client"
    if value == "client":
        return "client"
    if value == "server":
        return "server"
    raise CmdError(f'Invalid dry-run value ({value}). Must be "none", "server", or "client".')


def infos(ctx, filenames, recursive, validate=True):
    """Infos and errors (in order) for the -f arguments (or -k's kustomization, on commands that have
    it); path errors raise at once, as in kubectl."""
    out = []
    kustomize = ctx.opts.get("kustomize") or ""
    read = kustomized(ctx, kustomize, filenames, recursive, validate) if kustomize else \
        manifests.read(filenames, recursive, ctx.io.stdin, validate, getattr(ctx.kubectl, "workstation", None))
    for item in read:
        if isinstance(item, Exception):
            out.append(item)
            continue
        for obj in flatten(item.obj):
            try:
                out.append(to_info(ctx, obj, item.source))
            except CmdError as e:
                out.append(e)
    return out


def kustomized(ctx, path, filenames, recursive, validate):
    """KustomizeVisitor: the kustomize build of `path`, read as a stream named after the directory."""
    from .kustomize import KustomizeError, build, render
    if filenames:
        raise CmdError("only one of -f or -k can be specified")
    if recursive:
        raise CmdError("the -k flag can't be used with -f or -R")
    try:
        objects, _ = build(path, warn=lambda text: ctx.io.error(text + "\n"))
    except KustomizeError as e:
        raise CmdError(str(e))
    return manifests.read_stream(render(objects), path, validate)


def flatten(obj):
    """The builder's Flatten(): a `kind: List` (or `PodList`...) stands for its items."""
    kind, items = obj.get("kind"), obj.get("items")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(items, list):
        return [o for i in items if isinstance(i, dict) for o in flatten(i)]
    return [obj]


def to_info(ctx, obj, source):
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    api_version, kind = obj.get("apiVersion", ""), obj.get("kind", "")
    resource = ctx.api.registry.by_kind(api_version, kind) if isinstance(api_version, str) else None
    if resource is None:
        name, ns = meta.get("name", ""), meta.get("namespace", "")
        raise CmdError(f'resource mapping not found for name: {json.dumps(name)} namespace: {json.dumps(ns)} '
                       f'from "{source}": no matches for kind "{kind}" in version "{api_version}"\n'
                       "ensure CRDs are installed first")
    namespace = ""
    if resource.namespaced:
        given = meta.get("namespace") if isinstance(meta.get("namespace"), str) else ""
        if given and ctx.explicit_namespace and given != ctx.namespace:
            raise CmdError(f'the namespace from the provided object "{given}" does not match the namespace '
                           f'"{ctx.namespace}". You must pass \'--namespace={given}\' to perform this operation.')
        namespace = given or ctx.namespace
        if isinstance(obj.get("metadata"), dict):
            obj["metadata"]["namespace"] = namespace
    return Info(resource, obj, namespace, source)


_UNKNOWN = re.compile(r'unknown field "([^"]+)"')


def unknown_fields(err):
    """The fields a strict decoding error names (the apiserver's fieldValidation=Strict answer)."""
    if not isinstance(err, ApiError) or "strict decoding error" not in err.message:
        return []
    return _UNKNOWN.findall(err.message)


def drop_field(obj, path):
    """Remove `spec.containers[0].foo` from obj (what fieldValidation=Ignore/Warn do on the server)."""
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    target = obj
    for part in parts[:-1]:
        if part.startswith("["):
            index = int(part[1:-1])
            target = target[index] if isinstance(target, list) and index < len(target) else None
        else:
            target = target.get(part) if isinstance(target, dict) else None
        if target is None:
            return
    if isinstance(target, dict):
        target.pop(parts[-1], None)


def with_field_validation(ctx, directive, obj, send):
    """Send `obj` honouring --validate: strict fails on unknown fields; warn and ignore drop them
    (warn also prints `Warning: unknown field "..."`), as the server does for those directives."""
    try:
        return send(obj)
    except ApiError as e:
        fields = unknown_fields(e)
        if directive == "strict" or not fields:
            raise
    for field in fields:
        drop_field(obj, field)
        if directive == "warn":
            ctx.io.error(f'Warning: unknown field "{field}"\n')
    return send(obj)


def validation_directive(value):
    """GetValidationDirective: strict (or true), warn, ignore (or false)."""
    as_bool = _parse_bool(value)
    directive = value if as_bool is None else ("strict" if as_bool else "ignore")
    if directive not in ("strict", "warn", "ignore"):
        raise CmdError(f'invalid - validate option "{value}"; must be one of: strict (or true), warn, ignore (or false)')
    return directive
