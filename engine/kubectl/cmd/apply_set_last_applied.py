"""`kubectl apply set-last-applied -f FILENAME [--create-annotation]`: the live object's
last-applied-configuration annotation set to the file's object, as if `kubectl apply -f` had run, with
nothing else of the object changed (apply_set_last_applied.go)."""
import json

from ...api.errors import ApiError
from .. import builder, printers
from ..errors import CmdError, RawError, with_source
from ..flags import Flag
from ..targets import NO_RESOURCES
from . import Command
from .create import LAST_APPLIED, report

FLAGS = [Flag("allow-missing-template-keys", kind="bool", default=True), Flag("create-annotation", kind="bool"),
         Flag("dry-run", default="none", no_opt_default="unchanged"), Flag("filename", "f", "slice"),
         Flag("output", "o"), Flag("show-managed-fields", kind="bool"), Flag("template")]


def normalized(text):
    """cmdutil.StripComments for JSON: the same object however it was spaced."""
    try:
        return json.dumps(json.loads(text), sort_keys=True)
    except (TypeError, ValueError):
        return text


def apply_patch(obj):
    """editor.GetApplyPatch: the merge patch that stores `obj`'s JSON in its annotation, and that JSON."""
    from .apply import go_json  # (apply imports this module for its subcommands)
    text = go_json(obj)
    return {"metadata": {"annotations": {LAST_APPLIED: text}}}, text


def run(ctx):
    opts = ctx.opts
    dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    if not opts["filename"]:
        raise RawError(NO_RESOURCES)
    pending = []
    for info in builder.infos(ctx, opts["filename"], False, validate=False):
        if isinstance(info, Exception):
            raise info
        patch, text = apply_patch(info.obj)
        try:
            live = ctx.api.get(info.resource, info.name, namespace=info.namespace or None)
        except ApiError as e:
            if e.code == 404:
                raise
            raise with_source(f"retrieving current configuration of:\n{info.describe()}\nfrom server for:",
                              info.source, e)
        original = (live["metadata"].get("annotations") or {}).get(LAST_APPLIED)
        if original is None and not opts["create-annotation"]:
            raise CmdError(f"no last-applied-configuration annotation found on resource: {info.name}, to create the "
                           "annotation, run the command with --create-annotation")
        if original is not None and normalized(original) == normalized(text):
            ctx.io.write(f"set-last-applied {info.name}: no changes required.\n")
            continue
        pending.append((info, live, patch))
    for info, live, patch in pending:  # (Validate visits every object before Run patches any)
        final = live
        if dry_run != "client":
            final = ctx.api.patch(info.resource, info.name, json.dumps(patch), "application/merge-patch+json",
                                  namespace=info.namespace or None, dry_run=dry_run == "server")
        report(ctx, output, info.resource, final, "configured", dry_run)
    return 0


COMMAND = Command("set-last-applied", run, FLAGS)
