"""`kubectl patch`: a strategic merge, JSON merge or JSON patch (-p or --patch-file) sent to the
server for TYPE NAME or -f, or applied to the file's object with --local; `pod/x patched`."""
import json

import yaml

from ...api import patch as patches
from ...api.errors import ApiError
from ...api.patch import go_syntax_error
from ...api.patch import meta as patch_meta
from ...api.patch.strategic import merge_map
from .. import builder, manifests, printers, record, targets
from ..errors import CmdError, render
from ..flags import Flag, FlagSet
from ..printers.name import resource_name
from . import Command

PATCH_TYPES = {"json": patches.JSON_PATCH, "merge": patches.MERGE_PATCH, "strategic": patches.STRATEGIC_MERGE_PATCH}

FLAGS = [
    Flag("record", kind="bool"), Flag("output", "o"), Flag("template"),
    Flag("allow-missing-template-keys", kind="bool", default=True), Flag("show-managed-fields", kind="bool"),
    Flag("patch", "p"), Flag("patch-file"), Flag("type", default="strategic"),
    Flag("dry-run", default="none", no_opt_default="unchanged"),
    Flag("filename", "f", "slice"), Flag("kustomize", "k"), Flag("recursive", "R", "bool"),
    Flag("local", kind="bool"), Flag("field-manager", default="kubectl-patch"), Flag("subresource"),
]


def validate(ctx, dry_run):
    opts = ctx.opts
    if opts["patch"] and opts["patch-file"]:
        raise CmdError("cannot specify --patch and --patch-file together")
    if not opts["patch"] and not opts["patch-file"]:
        raise CmdError("must specify --patch or --patch-file containing the contents of the patch")
    if opts["local"] and ctx.args:
        raise CmdError("cannot specify --local and server resources")
    if opts["local"] and dry_run == "server":
        raise CmdError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    if opts["type"] and opts["type"].lower() not in PATCH_TYPES:
        raise CmdError(f"--type must be one of [json merge strategic], not {json.dumps(opts['type'])}")


def patch_text(ctx):
    """The patch as JSON text: apimachinery's yaml.ToJSON passes text that starts with `{` as is."""
    opts = ctx.opts
    text = opts["patch"]
    if opts["patch-file"]:
        try:
            with open(opts["patch-file"], encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise CmdError(f"unable to read patch file: open {opts['patch-file']}: {_os_reason(e)}")
    if text.lstrip(" \t\r\n").startswith("{"):
        return text
    try:
        return json.dumps(manifests.parse_yaml(text))
    except manifests.StreamError as e:
        reason = str(e).removeprefix("error converting YAML to JSON: ")
        if _scanner_error_on_first_line(text):  # go-yaml v2 numbers no line for these
            reason = reason.replace("yaml: line 1: ", "yaml: ", 1)
        raise CmdError(f"unable to parse {json.dumps(opts['patch'])}: {reason}")


def _scanner_error_on_first_line(text):
    try:
        yaml.safe_load(text)
    except yaml.scanner.ScannerError as e:
        return e.problem_mark is not None and e.problem_mark.line == 0
    except yaml.YAMLError:
        return False
    return False


def _os_reason(e):
    return "no such file or directory" if isinstance(e, FileNotFoundError) else (e.strerror or str(e)).lower()


def patch_locally(obj, text, patch_type, resource):
    """getPatchedJSON: the patch applied by kubectl itself (--local, --dry-run=client)."""
    if patch_type == patches.JSON_PATCH:
        try:
            ops = json.loads(text)
        except ValueError as e:
            raise CmdError(go_syntax_error(text, e))
        if not isinstance(ops, list):
            raise CmdError(f"json: cannot unmarshal {_kind(ops)} into Go value of type jsonpatch.Patch")
        try:
            return patches.apply_json_patch(json.loads(json.dumps(obj)), ops)
        except patches.JsonPatchError as e:
            message = str(e)
            if "doc is missing key" in message:
                message = f"Object to be patched is missing field ({message[message.index('key:') + 5:]})"
            raise CmdError(message)
        except TypeError as e:
            raise CmdError(str(e))
    try:
        value = json.loads(text)
    except ValueError:
        value = ValueError
    if patch_type == patches.MERGE_PATCH:
        if isinstance(value, list):
            raise CmdError("json: cannot unmarshal array into Go value of type unstructured.detector")
        if not isinstance(value, dict):
            raise CmdError("Invalid JSON Patch")
        return patches.merge_patch(json.loads(json.dumps(obj)), value)
    if value is None:
        return obj
    if not isinstance(value, dict):
        raise CmdError("invalid JSON document")
    schema = patch_meta.root(resource)
    if schema is None:
        gv = f"{resource.group}/{resource.version}" if resource.group else resource.version
        raise CmdError(f"strategic merge patch is not supported for {gv}, Kind={resource.kind} locally, try --type merge")
    try:  # kubectl merges the JSON documents: no type checks, unlike the apiserver
        return merge_map(json.loads(json.dumps(obj)), value, schema, server=True)
    except patches.PatchError as e:
        raise CmdError(str(e))


def _kind(value):
    return {dict: "object", str: "string", bool: "bool", int: "number", float: "number"}.get(type(value), "null")


def patch_one(ctx, target, text, patch_type, dry_run, output, stamp):
    opts = ctx.opts
    if opts["local"] or dry_run == "client":
        patched = patch_locally(target.obj, text, patch_type, target.resource)
        _print(ctx, output, target.obj, patched)
        return
    before = target.obj
    subresource = opts["subresource"] or None
    if subresource == "scale":
        before = ctx.api.get_scale(target.resource, target.name, namespace=target.namespace)
    try:
        patched = ctx.api.patch(target.resource, target.name, text, patch_type, namespace=target.namespace,
                                subresource=subresource, dry_run=dry_run == "server")
    except ApiError as e:
        if e.code == 415:  # errors.Wrap: no longer an API status, so printed as `error: ...`
            r = target.resource
            raise CmdError(f"{patch_type} is not supported by {r.group}/{r.version}, Kind={r.kind}: {e.message}")
        raise
    stamped = json.loads(json.dumps(patched))
    stamp(stamped)
    if stamped != patched and subresource is None:
        cause = patches.create_merge_patch(patched, stamped)
        patched = ctx.api.patch(target.resource, target.name, json.dumps(cause), patches.MERGE_PATCH,
                                namespace=target.namespace, dry_run=dry_run == "server")
    _print(ctx, output, before, patched)


def _print(ctx, output, before, after):
    # no ` (dry run)`: patch's ToPrinter overwrites the operation PrintFlagsWithDryRunStrategy decorated
    operation = "patched" if before != after else "patched (no change)"
    if output.kind:
        ctx.io.write(output.render(after))
    else:
        ctx.io.write(f"{resource_name(after)} {operation}\n")


def run(ctx):
    opts = ctx.opts
    record.warn(ctx)
    stamp = record.recorder(ctx, FlagSet(FLAGS))
    dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    validate(ctx, dry_run)
    patch_type = PATCH_TYPES[(opts["type"] or "strategic").lower()]
    text = patch_text(ctx)
    found, errs = targets.find(ctx, ctx.args, opts["filename"], opts["recursive"], local=opts["local"])
    for target in found:
        try:
            patch_one(ctx, target, text, patch_type, dry_run, output, stamp)
        except (CmdError, ApiError) as e:  # the builder's ContinueOnError: report and go on
            errs.append(e)
    if errs:
        ctx.io.error(render(errs))
        return 1
    if not found:
        raise CmdError("no objects passed to patch")
    return 0


COMMAND = Command("patch", run, FLAGS)
