"""`kubectl apply -f` (client-side apply): create with the last-applied-configuration annotation,
or send the three-way strategic merge patch of last-applied, manifest and live object."""
import json

from ...api import patch as patches
from ...api.errors import ApiError
from .. import builder, printers
from ..errors import CmdError, render, with_source
from ..flags import Flag
from . import Command, apply_edit_last_applied, apply_prune, apply_set_last_applied, apply_view
from .create import LAST_APPLIED, common_flags, report, set_last_applied

MISSING_ANNOTATION = (
    "Warning: resource {0} is missing the {1} annotation which is required by kubectl apply. kubectl apply "
    "should only be used on resources created declaratively by either kubectl create --save-config or kubectl "
    "apply. The missing annotation will be patched automatically.\n")

FLAGS = [f for f in common_flags() if f.name not in ("save-config", "field-manager")] + [
    Flag("filename", "f", "slice"), Flag("kustomize", "k"), Flag("recursive", "R", "bool"),
    Flag("field-manager", default="kubectl-client-side-apply"), Flag("overwrite", kind="bool", default=True),
    Flag("prune", kind="bool"), Flag("prune-allowlist", kind="array"), Flag("all", kind="bool"), Flag("selector", "l"),
    Flag("server-side", kind="bool"), Flag("force-conflicts", kind="bool"), Flag("subresource"),
    Flag("force", kind="bool"), Flag("cascade", default="background", no_opt_default="background"),
    Flag("grace-period", kind="int", default=-1), Flag("timeout", default="0s"), Flag("wait", kind="bool"),
]


def go_json(value):
    text = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


DELETING = "Warning: Detected changes to resource {0} which is currently being deleted.\n"


def prune_nulls(value):
    """pruneNullsFromMap: a created object carries no explicit nulls (the annotation keeps them)."""
    if isinstance(value, dict):
        return {k: prune_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [prune_nulls(v) for v in value]
    return value


def apply_one(ctx, info, output, dry_run, directive="strict"):
    """Create or patch one object (apply.go applyOneObject); returns (error or None, object)."""
    api, resource = ctx.api, info.resource
    meta = info.obj.get("metadata") if isinstance(info.obj.get("metadata"), dict) else {}
    if not info.name and meta.get("generateName"):
        return CmdError(f"from {meta['generateName']}: cannot use generate name with apply"), None
    modified = json.loads(json.dumps(info.obj))
    set_last_applied(modified)
    try:
        if not info.name:
            raise CmdError("resource name may not be empty")
        current = api.get(resource, info.name, namespace=info.namespace or None)
    except (ApiError, CmdError) as e:
        if isinstance(e, CmdError) or e.code != 404:
            return with_source(f"retrieving current configuration of:\n{info.describe()}\nfrom server for:",
                               info.source, e), None
        current = None
    if current is None:
        obj = prune_nulls(modified)
        if dry_run != "client":
            try:
                obj = builder.with_field_validation(ctx, directive, obj, lambda o: api.create(
                    resource, o, namespace=info.namespace or None, dry_run=dry_run == "server"))
            except ApiError as e:
                return with_source("creating", info.source, e), None
        if not output.prints_objects:
            report(ctx, output, resource, obj, "created", dry_run)
        return None, obj
    if dry_run == "client":
        if not output.prints_objects:
            report(ctx, output, resource, current, "configured", dry_run)
        return None, current
    annotations = (current.get("metadata") or {}).get("annotations") or {}
    if LAST_APPLIED not in annotations:
        ctx.io.error(MISSING_ANNOTATION.format(f"{resource.full_name}/{info.name}", LAST_APPLIED))
    original = None
    if annotations.get(LAST_APPLIED):
        try:
            original = json.loads(annotations[LAST_APPLIED])
        except ValueError:
            original = None
    sent = {}

    def send(manifest):
        sent["patch"] = patch = patches.create_three_way_merge_patch(original, manifest, current, resource,
                                                                     overwrite=ctx.opts["overwrite"])
        sent["text"] = go_json(patch)
        if patch == {}:
            return current
        return api.patch(resource, info.name, sent["text"], patches.patch_type_for(resource),
                         namespace=info.namespace or None, dry_run=dry_run == "server")

    try:
        obj = builder.with_field_validation(ctx, directive, modified, send)
    except ApiError as e:
        e = with_source("patching", info.source, e)
        return with_source(f"applying patch:\n{sent.get('text', '')}\nto:\n{info.describe()}\nfor:", info.source, e), None
    except patches.PatchError as e:
        # patcher.go: the OpenAPI v3 attempt warns, the built-in attempt fails with the three inputs
        ctx.io.error(f"warning: error calculating patch from openapi v3 spec: {e}\n")
        original_text = annotations.get(LAST_APPLIED, "")
        inputs = (f"creating patch with:\noriginal:\n{original_text}\nmodified:\n{go_json(modified)}\n\n"
                  f"current:\n{go_json(current)}\n\nfor:: {e}")
        return CmdError(f'error when applying patch:\n\nto:\n{info.describe()}\nfor: "{info.source}": '
                        f'error when patching "{info.source}": {inputs}'), None
    patch = sent["patch"]
    if (obj.get("metadata") or {}).get("deletionTimestamp"):
        ctx.io.error(DELETING.format(info.name))
    if not output.prints_objects:
        report(ctx, output, resource, obj, "unchanged" if patch == {} else "configured", dry_run)
    return None, obj


class Aggregate(CmdError):
    """utilerrors.Aggregate's text: one message, or `[a, b]` for several."""

    def __init__(self, errs):
        texts = []
        for e in errs:
            text = e.message if isinstance(e, ApiError) else str(e)
            if text not in texts:
                texts.append(text)
        super().__init__(texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]")


def run(ctx):
    opts = ctx.opts
    if not opts["filename"] and not opts["kustomize"]:
        raise CmdError("must specify one of -f and -k")
    if ctx.args:
        raise CmdError(f"Unexpected args: [{' '.join(ctx.args)}]\nSee '{ctx.path} -h' for help and examples")
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    output.prints_objects = output.kind not in ("", "name")
    dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
    directive = builder.validation_directive(opts["validate"])
    if opts["prune"]:
        apply_prune.allowlist(ctx)  # Complete parses the allowlist before Validate runs
    apply_prune.validate(ctx, dry_run)
    items = builder.infos(ctx, opts["filename"], opts["recursive"], validate=directive != "ignore")
    # the builder reads every document first; its errors come before those of applying
    build_errs = [i for i in items if isinstance(i, Exception)]
    infos = apply_prune.selected(ctx, [i for i in items if not isinstance(i, Exception)])
    if not infos and not build_errs:
        raise CmdError("no objects passed to apply")
    apply_errs, objs = [], []
    for info in infos:
        if opts["server-side"]:
            err, obj = apply_prune.server_side_apply(ctx, info, output, dry_run)
        else:
            err, obj = apply_one(ctx, info, output, dry_run, directive)
        if err is not None:
            apply_errs.append(err)
        else:
            objs.append((info.resource, obj))
    errs = build_errs if not apply_errs else \
        ([Aggregate(build_errs)] if len(build_errs) > 1 else build_errs) + apply_errs
    if errs:
        ctx.io.error(render(errs))
        return 1
    if output.prints_objects and objs:
        obj = objs[0][1] if len(objs) == 1 else {"kind": "List", "apiVersion": "v1", "metadata": {},
                                                 "items": [o for _, o in objs]}
        ctx.io.write(output.render(obj, lambda o: None))
    if opts["prune"]:
        apply_prune.prune_all(ctx, output, dry_run, objs, apply_prune.visited_namespaces(ctx, infos))
    return 0


COMMAND = Command("apply", run, FLAGS, subcommands={"view-last-applied": apply_view.COMMAND,
                                                   "set-last-applied": apply_set_last_applied.COMMAND,
                                                   "edit-last-applied": apply_edit_last_applied.COMMAND})
