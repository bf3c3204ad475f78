"""`kubectl diff -f`: each object live and as `apply` would leave it (a server-side dry run), printed
as YAML into two directories and compared like `diff -u -N LIVE MERGED`; exit 1 when they differ
(with --server-side the merged version is a dry-run server-side apply).

kubectl writes the two versions into fresh temp directories (/tmp/LIVE-<n>, /tmp/MERGED-<n>) that
GNU diff names in its headers together with the files' modification times. Nothing is written
here: <n> is a CRC-32 of the directory's role, the store revision and the virtual time, and the
time shown is the virtual clock's (UTC); an absent file gets diff -N's epoch stamp."""
import copy
import json
import zlib

from ...api import patch as patches
from ...api.errors import ApiError
from ...api.managedfields import requests_from
from ...api.selectors import matches, parse_label_selector
from .. import builder, unidiff
from ..errors import CmdError, UsageError, render, with_source
from ..flags import Flag
from ..printers import yaml as yaml_printer
from . import Command
from .apply import DELETING, go_json
from .apply_prune import FIELD_MANAGER_CLIENT_SIDE, FIELD_MANAGER_SERVER_SIDE
from .create import LAST_APPLIED

FLAGS = [
    Flag("prune-allowlist", kind="array"), Flag("prune", kind="bool"), Flag("show-managed-fields", kind="bool"),
    Flag("concurrency", kind="int", default=1), Flag("filename", "f", "slice"), Flag("kustomize", "k"),
    Flag("recursive", "R", "bool"), Flag("server-side", kind="bool"), Flag("force-conflicts", kind="bool"),
    Flag("field-manager", default="kubectl-client-side-apply"), Flag("selector", "l"),
]
EXIT_ERROR = 2  # CheckDiffErr: kubectl's exit code plus one, so that 1 only ever means "different"
MASK, MASK_BEFORE, MASK_AFTER = "***", "*** (before)", "*** (after)"


def file_name(info):
    """InfoObject.Name(): `apps.v1.Deployment.default.nginx`."""
    r = info.resource
    return (f"{r.group}." if r.group else "") + f"{r.version}.{r.kind}.{info.namespace}.{info.name}"


def modified_configuration(obj):
    """GetModifiedConfiguration without annotating: the manifest minus its last-applied annotation."""
    obj = copy.deepcopy(obj)
    meta = obj.setdefault("metadata", {})
    annotations = dict(meta.get("annotations") or {})
    annotations.pop(LAST_APPLIED, None)
    meta["annotations"] = annotations
    return obj


def merged(ctx, info, live):
    """What apply would leave: a dry-run create, or the dry-run three-way patch (none when empty); with
    --server-side a dry-run apply patch (under "kubectl" unless --field-manager names another)."""
    api, namespace = ctx.api, info.namespace or None
    if ctx.opts["server-side"]:
        manager = ctx.opts["field-manager"]
        if manager == FIELD_MANAGER_CLIENT_SIDE:
            manager = FIELD_MANAGER_SERVER_SIDE  # GetApplyFieldManagerFlag: the flag left at its default
        with requests_from(ctx.kubectl.api, manager, force=ctx.opts["force-conflicts"]):
            result = api.patch(info.resource, info.name, json.dumps(info.obj), patches.APPLY_PATCH,
                               namespace=namespace, dry_run=True)
        if live is not None:  # a dry run stores nothing: the object keeps the live resourceVersion
            result["metadata"].setdefault("resourceVersion", live["metadata"].get("resourceVersion"))
        return result
    if live is None:
        return api.create(info.resource, copy.deepcopy(info.obj), namespace=namespace, dry_run=True)
    annotations = (live.get("metadata") or {}).get("annotations") or {}
    original = None
    if annotations.get(LAST_APPLIED):
        try:
            original = json.loads(annotations[LAST_APPLIED])
        except ValueError:
            original = None
    patch = patches.create_three_way_merge_patch(original, modified_configuration(info.obj), live, info.resource)
    if patch == {}:
        return live
    patch.setdefault("metadata", {})["resourceVersion"] = live["metadata"].get("resourceVersion")
    text = go_json(patch)
    try:
        result = api.patch(info.resource, info.name, text, patches.patch_type_for(info.resource),
                           namespace=namespace, dry_run=True)
    except ApiError as e:
        e = with_source("patching", info.source, e)
        raise with_source(f"applying patch:\n{text}\nto:\n{info.describe()}\nfor:", info.source, e)
    # a dry run stores nothing: the object keeps the live resourceVersion
    result["metadata"].setdefault("resourceVersion", live["metadata"].get("resourceVersion"))
    return result


def mask_secret_data(live, result):
    """Masker: Secret values never reach the terminal; changed ones are told apart."""
    before = (live or {}).get("data") if isinstance((live or {}).get("data"), dict) else None
    after = (result or {}).get("data") if isinstance((result or {}).get("data"), dict) else None
    masked_before = {k: MASK for k in before} if before is not None else None
    masked_after = {k: MASK for k in after} if after is not None else None
    for key in before or {}:
        if after is not None and key in after and before[key] != after[key]:
            masked_before[key], masked_after[key] = MASK_BEFORE, MASK_AFTER
    if masked_before is not None:
        live = dict(live, data=masked_before)
    if masked_after is not None:
        result = dict(result, data=masked_after)
    return live, result


def without_managed_fields(obj):
    if obj is None or not (obj.get("metadata") or {}).get("managedFields"):
        return obj
    obj = copy.deepcopy(obj)
    obj["metadata"].pop("managedFields", None)
    return obj


def versions(ctx, infos):
    """The LIVE and MERGED files: {file name: YAML}; stops at the first error, as the builder does."""
    live_files, merged_files = {}, {}
    for info in infos:
        try:
            live = ctx.api.get(info.resource, info.name, namespace=info.namespace or None)
        except ApiError as e:
            if e.code != 404:
                raise
            live = None
        result = merged(ctx, info, live)
        if not ctx.opts["show-managed-fields"]:
            live, result = without_managed_fields(live), without_managed_fields(result)
        if info.resource.kind == "Secret" and info.resource.group == "":
            live, result = mask_secret_data(live, result)
        name = file_name(info)
        if live is not None:
            live_files[name] = yaml_printer.dumps(live)
        merged_files[name] = yaml_printer.dumps(result)
        if live is not None and (live.get("metadata") or {}).get("deletionTimestamp"):
            ctx.io.error(DELETING.format(info.name))
    return live_files, merged_files


def temp_dir(ctx, role):
    return f"/tmp/{role}-{zlib.crc32(f'{role}-{ctx.api.store.revision}-{ctx.clock.now}'.encode())}"


def stamp(ctx):
    return ctx.clock.datetime().strftime("%Y-%m-%d %H:%M:%S.%f") + "000 +0000"


def complete(ctx):
    opts = ctx.opts
    if ctx.args:
        raise UsageError(f"Unexpected args: [{' '.join(ctx.args)}]\nSee '{ctx.path} -h' for help and examples")
    if not opts["filename"] and not opts["kustomize"]:
        raise CmdError("must specify one of -f and -k")
    if opts["force-conflicts"] and not opts["server-side"]:
        raise CmdError("--force-conflicts only works with --server-side")
    if opts["prune"]:
        raise CmdError("--prune is not supported by the simulated cluster")


def infos(ctx):
    items = builder.infos(ctx, ctx.opts["filename"], ctx.opts["recursive"], validate=False)
    errors = [i for i in items if isinstance(i, Exception)]
    if errors:
        raise errors[0]
    found = [i for i in items if not isinstance(i, Exception)]
    if ctx.opts["selector"]:
        reqs = parse_label_selector(ctx.opts["selector"])
        found = [i for i in found if matches(reqs, (i.obj.get("metadata") or {}).get("labels") or {})]
    return found


def run(ctx):
    try:
        complete(ctx)
        live_files, merged_files = versions(ctx, infos(ctx))
    except (CmdError, ApiError) as e:
        ctx.io.error(render(e))
        return EXIT_ERROR
    text = unidiff.diff_dirs(temp_dir(ctx, "LIVE"), temp_dir(ctx, "MERGED"), live_files, merged_files, stamp(ctx))
    ctx.io.write(text)
    return 1 if text else 0


def flag_error(ctx_io, path, error):
    """diff's SetFlagErrorFunc: a usage error through CheckDiffErr (exit 2)."""
    ctx_io.error(f"error: {error}\nSee '{path} -h' for help and examples\n")
    return EXIT_ERROR


COMMAND = Command("diff", run, FLAGS, flag_error=flag_error)
