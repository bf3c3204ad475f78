"""`kubectl apply -f` (client-side apply): create with the last-applied-configuration annotation,
or send the three-way strategic merge patch of last-applied, manifest and live object."""
import json

from ...api import patch as patches
from ...api.errors import ApiError
from .. import builder, printers
from ..errors import CmdError, render, with_source
from ..flags import Flag
from . import Command
from .create import LAST_APPLIED, common_flags, report, set_last_applied, validate_enabled

MISSING_ANNOTATION = (
    "Warning: resource {0} is missing the {1} annotation which is required by kubectl apply. kubectl apply "
    "should only be used on resources created declaratively by either kubectl create --save-config or kubectl "
    "apply. The missing annotation will be patched automatically.\n")

FLAGS = [f for f in common_flags() if f.name not in ("save-config", "field-manager")] + [
    Flag("filename", "f", "slice"), Flag("recursive", "R", "bool"), Flag("kustomize", "k"),
    Flag("field-manager", default="kubectl-client-side-apply"), Flag("overwrite", kind="bool", default=True),
    Flag("server-side", kind="bool"), Flag("force-conflicts", kind="bool"),
]


def go_json(value):
    text = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def apply_one(ctx, info, output, dry_run):
    """Create or patch one object; returns an error or None."""
    api, resource = ctx.api, info.resource
    try:
        if not info.name:
            raise CmdError("resource name may not be empty")
        current = api.get(resource, info.name, namespace=info.namespace or None)
    except (ApiError, CmdError) as e:
        if isinstance(e, CmdError):
            return with_source(f"retrieving current configuration of:\n{info.describe()}\nfrom server for:",
                               info.source, e)
        if e.code != 404:
            return with_source(f"retrieving current configuration of:\n{info.describe()}\nfrom server for:",
                               info.source, e)
        current = None
    set_last_applied(info.obj)
    if current is None:
        obj = info.obj
        if dry_run != "client":
            try:
                obj = api.create(resource, info.obj, namespace=info.namespace or None, dry_run=dry_run == "server")
            except ApiError as e:
                return with_source("creating", info.source, e)
        report(ctx, output, resource, obj, "created", dry_run)
        return None
    annotations = (current.get("metadata") or {}).get("annotations") or {}
    if LAST_APPLIED not in annotations:
        ctx.io.error(MISSING_ANNOTATION.format(f"{resource.full_name}/{info.name}", LAST_APPLIED))
    if dry_run == "client":
        report(ctx, output, resource, info.obj, "configured", dry_run)
        return None
    original = None
    if annotations.get(LAST_APPLIED):
        try:
            original = json.loads(annotations[LAST_APPLIED])
        except ValueError:
            original = None
    try:
        patch = patches.create_three_way_merge_patch(original, info.obj, current, resource,
                                                     overwrite=ctx.opts["overwrite"])
    except Exception as e:  # a patch that cannot be computed is reported, never a traceback
        return CmdError(f"error when applying patch to {info.object_name()}: {e}")
    patch_text = go_json(patch)
    if patch == {}:
        if output.kind:
            report(ctx, output, resource, current, "unchanged", dry_run)
        else:
            report(ctx, output, resource, current, "unchanged", dry_run)
        return None
    try:
        obj = api.patch(resource, info.name, patch_text, patches.patch_type_for(resource),
                        namespace=info.namespace or None, dry_run=dry_run == "server")
    except ApiError as e:
        e = with_source("patching", info.source, e)
        return with_source(f"applying patch:\n{patch_text}\nto:\n{info.describe()}\nfor:", info.source, e)
    report(ctx, output, resource, obj, "configured", dry_run)
    return None


def run(ctx):
    opts = ctx.opts
    if opts["server-side"]:
        raise CmdError("--server-side is not supported by this kubectl yet")
    if not opts["filename"] and not opts["kustomize"]:
        raise CmdError("must specify one of -f and -k")
    if ctx.args:
        raise CmdError(f"Unexpected args: [{' '.join(ctx.args)}]\nSee '{ctx.path} -h' for help and examples")
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    dry_run = builder.dry_run_strategy(opts["dry-run"])
    items = builder.infos(ctx, opts["filename"], opts["recursive"], validate_enabled(opts["validate"]))
    errs, done = [], 0
    for item in items:
        if isinstance(item, Exception):
            errs.append(item)
            continue
        done += 1
        err = apply_one(ctx, item, output, dry_run)
        if err is not None:
            errs.append(err)
    if not done and not errs:
        raise CmdError("no objects passed to apply")
    if errs:
        ctx.io.error(render(errs))
        return 1
    return 0


COMMAND = Command("apply", run, FLAGS)
