"""`kubectl apply edit-last-applied (TYPE/NAME | -f FILENAME)`: the objects' last-applied-configuration
annotations in the editor of `kubectl edit` (editoptions.go's ApplyEditMode); what is saved becomes the
annotation again, through the same merge patch `apply set-last-applied` sends."""
import json

from ...api.errors import ApiError
from .. import printers, targets
from ..errors import CmdError, render
from ..flags import Flag
from . import Command, edit
from .apply_set_last_applied import apply_patch
from .create import LAST_APPLIED

FLAGS = [
    Flag("allow-missing-template-keys", kind="bool", default=True), Flag("field-manager", default="kubectl-client-side-apply"),
    Flag("filename", "f", "slice"), Flag("kustomize", "k"), Flag("output", "o"), Flag("recursive", "R", "bool"),
    Flag("record", kind="bool"), Flag("show-managed-fields", kind="bool"), Flag("template"),
    Flag("validate", default="strict", no_opt_default="strict"), Flag("windows-line-endings", kind="bool"),
]
HEADER = ("# Please edit the 'last-applied-configuration' annotations below.\n"
          "# Lines beginning with a '#' will be ignored, and an empty file will abort the edit.\n#\n")
NO_EDITOR = ("no editor in this session: in a notebook, write the annotation's YAML as you want it in a "
             "`%%edit apply edit-last-applied deploy/web` cell; in code, pass one: "
             "c.kubectl(\"apply edit-last-applied deploy/web\", editor=lambda text: text.replace(\"replicas: 1\", "
             "\"replicas: 3\"))")
NO_ANNOTATIONS = ("no last-applied-configuration annotation found on resources, to create the annotation, use command "
                  "`kubectl apply set-last-applied --create-annotation`")


def header(reasons):
    return HEADER + edit.header(reasons)[len(edit.HEADER):]


def annotations_of(ctx, found):
    """The objects in the annotations (objects without one are left out), each with the live object's target."""
    out = []
    for target in found:
        text = (target.obj["metadata"].get("annotations") or {}).get(LAST_APPLIED)
        if text is None:
            continue
        obj = json.loads(text)
        for info in edit.parse_edited(ctx, json.dumps(obj)):
            out.append(targets.Target(info.resource, target.namespace, info.obj))
    return out


def patch_all(ctx, originals, infos, output):
    """visitToApplyEditPatch: each saved object against the original with its UID (usually none, so the first)."""
    for info in infos:
        uid = (info.obj.get("metadata") or {}).get("uid", "")
        original = next((t for t in originals if (t.obj.get("metadata") or {}).get("uid", "") == uid), None)
        if original is None:
            raise CmdError(f"no original object found for &unstructured.Unstructured{{Object:{json.dumps(info.obj)}}}")
        target = targets.Target(info.resource, info.namespace, info.obj)
        if original.obj == info.obj:
            ctx.io.write(edit.Printer(output).render(target, "skipped"))
            continue
        patch, _ = apply_patch(info.obj)
        ctx.api.patch(info.resource, info.name, json.dumps(patch), "application/merge-patch+json",
                      namespace=ctx.namespace if info.resource.namespaced else None)
        ctx.io.write(edit.Printer(output).render(target, "edited"))


def edit_loop(ctx, session, originals, output):
    fmt, reasons = session.fmt, []
    original = edited = ""
    contains_error, file = False, None
    while True:
        buf = header(reasons) if fmt == "yaml" else ""
        if not contains_error:
            buf += edit.serialize(edit.to_edit(originals), fmt)
            original = buf
        else:
            buf += edit.manual_strip(edited)
        previous = edited
        try:
            edited, new_file = session.launch(buf.replace("\n", "\r\n") if ctx.opts["windows-line-endings"] else buf)
        except CmdError as e:
            raise session.preserved(e, file)
        if contains_error and edit.strip_comments(previous) == edit.strip_comments(edited):
            raise session.preserved(CmdError("Edit cancelled, no valid changes were saved."), new_file)
        if file and file != new_file:
            edit.remove(file)
        file = new_file
        if edit.strip_comments(original) == edit.strip_comments(edited):
            edit.remove(file)
            ctx.io.error("Edit cancelled, no changes made.\n")
            return 0
        if not edit.has_lines(edited):
            edit.remove(file)
            ctx.io.error("Edit cancelled, saved file was empty.\n")
            return 0
        try:
            infos = edit.parse_edited(ctx, edited)
        except CmdError as e:
            contains_error, reasons = True, [(f"The edited file had a syntax error: {e}", [])]
            continue
        try:
            edit.check_namespaces(ctx, infos)
            patch_all(ctx, originals, infos, output)
        except (CmdError, ApiError) as e:
            raise session.preserved(e, file)
        edit.remove(file)
        return 0


def run(ctx):
    opts = ctx.opts
    if opts["output"] not in ("", "json", "yaml"):
        raise CmdError(f'unable to match a printer suitable for the output format "{opts["output"]}", '
                       "allowed formats are: json,yaml")
    found, errs = targets.find(ctx, ctx.args, opts["filename"], opts["recursive"], allow_empty_selector=True)
    if errs:
        ctx.io.error(render(errs))
        return 1
    originals = annotations_of(ctx, found)
    if not originals:
        raise CmdError(NO_ANNOTATIONS)
    output = printers.OutputFormat(opts["output"])
    if ctx.io.editor is None:
        raise CmdError(NO_EDITOR)
    session = edit.Session(ctx, "json" if output.kind == "json" else "yaml")
    return edit_loop(ctx, session, originals, output)


COMMAND = Command("edit-last-applied", run, FLAGS)
