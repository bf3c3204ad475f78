"""`kubectl edit`: the live objects as YAML (or JSON) in an editor; what is saved is sent as a two-way
strategic merge patch (editoptions.go's NormalEditMode), with its retry loop and messages."""
import json
import os
import subprocess
import tempfile

from ...api import patch as patches
from ...api.errors import ApiError
from .. import builder, manifests, printers, targets
from ..errors import CmdError, render
from ..flags import Flag
from . import Command
from .create import set_last_applied

FLAGS = [
    Flag("allow-missing-template-keys", kind="bool", default=True), Flag("field-manager", default="kubectl-edit"),
    Flag("filename", "f", "slice"), Flag("kustomize", "k"), Flag("output", "o"),
    Flag("output-patch", kind="bool"), Flag("recursive", "R", "bool"), Flag("save-config", kind="bool"),
    Flag("show-managed-fields", kind="bool"), Flag("subresource"), Flag("template"),
    Flag("validate", default="strict", no_opt_default="strict"), Flag("windows-line-endings", kind="bool"),
    Flag("record", kind="bool"),
]

HEADER = ("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
          "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
          "# reopened with the relevant failures.\n#\n")
NO_EDITOR = ("no editor in this session: in a notebook, write the object's YAML as you want it in a "
             "`%%edit deploy/web` cell; in code, pass one: c.kubectl(\"edit deploy/web\", "
             "editor=lambda text: text.replace(\"replicas: 1\", \"replicas: 3\"))")
MAX_FUNCTION_LAUNCHES = 10


class HostEditor:
    """The learner's own $KUBE_EDITOR / $EDITOR (else vi) on a temporary file, as kubectl launches it;
    only the `python -m engine` terminal uses it (a notebook has no terminal to lend an editor)."""

    def argv(self):
        editor = os.environ.get("KUBE_EDITOR") or os.environ.get("EDITOR") or "vi"
        if " " not in editor:
            return [editor], False
        if not any(c in editor for c in "\"'\\"):
            return editor.split(" "), False
        return [os.environ.get("SHELL") or "/bin/bash", "-c", editor], True

    def launch_temp_file(self, prefix, suffix, text):
        fd, path = tempfile.mkstemp(prefix=prefix, suffix=suffix)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        args, shell = self.argv()
        args = args[:-1] + [f"{args[-1]} {json.dumps(path)}"] if shell else args + [path]
        named = " ".join(self.argv()[0])
        try:
            code = subprocess.call(args)
        except OSError:
            code = None
        if code != 0:
            os.remove(path)  # (kubectl leaves it behind unnamed; nothing of the learner's is in it yet)
            problem = "unable to launch" if code is None else "there was a problem with"
            raise CmdError(f'{problem} the editor "{named}"')
        with open(path, encoding="utf-8") as f:
            return f.read(), path


HOST_EDITOR = HostEditor()


class Session:
    """One edit's editor: a host editor on a temp file, or a function (called at most ten times)."""

    def __init__(self, ctx, fmt):
        self.ctx, self.fmt = ctx, fmt
        self.editor = ctx.io.editor
        self.launches = 0

    def launch(self, text):
        if self.editor is None:
            raise CmdError(NO_EDITOR)
        if hasattr(self.editor, "launch_temp_file"):
            return self.editor.launch_temp_file("kubectl-edit-", "." + self.fmt, text)
        self.launches += 1
        if self.launches > MAX_FUNCTION_LAUNCHES:  # a person stops; a function may keep failing differently
            raise CmdError("Edit cancelled, no valid changes were saved.")
        edited = self.editor(text)
        if not isinstance(edited, str):
            raise CmdError(f"the editor returned {type(edited).__name__}, not the edited text")
        return edited, None

    def preserved(self, err, path):
        """preservedFile: name the copy of the learner's changes, when there is one on disk."""
        if path and os.path.exists(path):
            self.ctx.io.error(f'A copy of your changes has been stored to "{path}"\n')
        return err


def remove(path):
    if path and os.path.exists(path):
        os.remove(path)


def manual_strip(text):
    """cmdutil.ManualStrip: drop the lines that are comments (but not `#!`)."""
    lines = text.split("\n")
    return "\n".join(line for line in lines
                     if not (line.strip().startswith("#") and not line.strip().startswith("#!")))


def strip_comments(text):
    """cmdutil.StripComments: the first document as JSON, or the text without comment lines."""
    try:
        return json.dumps(manifests.parse_yaml(manifests.split_yaml(text)[0]), sort_keys=True)
    except (CmdError, IndexError):
        return manual_strip(text)


def has_lines(text):
    return any(line.strip() and not line.strip().startswith("#") for line in text.split("\n"))


def header(reasons):
    text = HEADER
    for head, other in reasons:
        text += f"# {hash_on_line_break(head)}{':' if other else ''}\n"
        text += "".join(f"# * {hash_on_line_break(o)}\n" for o in other)
        text += "#\n"
    return text


def hash_on_line_break(text):
    out = []
    for i, ch in enumerate(text):
        out.append("\n# " if ch == "\n" and i + 1 < len(text) and text[i + 1] != "#" else ch)
    return "".join(out)


def resource_string(resource):
    return f"{resource.plural}.{resource.group}" if resource.group else resource.plural


class Results:
    """editResults: the reasons to reopen the file and what failed how."""

    def __init__(self, file=None):
        self.reasons, self.retryable, self.notfound, self.edit, self.file = [], 0, 0, [], file

    def add_error(self, err, target):
        what = f'{resource_string(target.resource)} "{target.name}"'
        if isinstance(err, ApiError) and err.reason == "Invalid":
            self.edit.append(target)
            causes = (err.details or {}).get("causes") or []
            self.reasons.append((f"{what} was not valid",
                                 [f"{c.get('field', '')}: {c.get('message', '')}" for c in causes]))
            return f"error: {what} is invalid"
        if isinstance(err, ApiError) and err.code == 404:
            self.notfound += 1
            return f"error: {what} could not be found on the server"
        self.retryable += 1
        return f"error: {what} could not be patched: {err.message if isinstance(err, ApiError) else err}"


def to_edit(found):
    if len(found) == 1:
        return found[0].obj
    return {"kind": "List", "apiVersion": "v1", "metadata": {}, "items": [t.obj for t in found]}


def serialize(obj, fmt):
    return printers.OutputFormat(fmt).render(obj)


def parse_edited(ctx, text):
    """The objects of the saved file (a builder on the stream "edited-file"); CmdError on a syntax error."""
    out = []
    for item in manifests.read_stream(text, "edited-file", validate=False):
        if isinstance(item, Exception):
            raise item if isinstance(item, CmdError) else CmdError(str(item))
        for obj in builder.flatten(item.obj):
            out.append(builder.to_info(ctx, obj, "edited-file"))
    return out


def check_namespaces(ctx, infos):
    """RequireNamespace: the objects must stay in the namespace kubectl was run in."""
    for info in infos:
        given = (info.obj.get("metadata") or {}).get("namespace")
        if info.resource.namespaced and given and given != ctx.namespace:
            raise CmdError(f'the namespace from the provided object "{given}" does not match the namespace '
                           f'"{ctx.namespace}". You must pass \'--namespace={given}\' to perform this operation.')


def unchanged_keys(original, edited):
    """The preconditions of the patch: apiVersion, kind and metadata.name stay as they were."""
    def name(o):
        return (o.get("metadata") or {}).get("name") if isinstance(o.get("metadata"), dict) else None
    return all(original.get(k) == edited.get(k) for k in ("apiVersion", "kind")) and name(original) == name(edited)


def restore_managed_fields(edited, original):
    """restoreManagedFields: the editor showed no managedFields (without --show-managed-fields); the saved
    object gets the original's back, so the patch leaves them alone."""
    meta = edited.get("metadata")
    managed = (original.get("metadata") or {}).get("managedFields")
    if isinstance(meta, dict) and managed is not None and "managedFields" not in meta:
        meta["managedFields"] = managed


def patch_all(ctx, found, infos, results, output):
    """visitToPatch: each saved object against the one it was, by UID."""
    by_uid = {t.obj["metadata"].get("uid"): t for t in found}
    for info in infos:
        uid = (info.obj.get("metadata") or {}).get("uid")
        target = by_uid.get(uid)
        if target is None:
            raise CmdError(f"no original object found for &unstructured.Unstructured{{Object:{json.dumps(info.obj)}}}")
        restore_managed_fields(info.obj, target.obj)
        if info.obj == target.obj:
            ctx.io.write(output.render(target, "skipped"))
            continue
        if not unchanged_keys(target.obj, info.obj):
            raise CmdError("At least one of apiVersion, kind and name was changed")
        patch = patches.create_two_way_merge_patch(target.obj, info.obj, target.resource)
        text = json.dumps(patch, separators=(",", ":"), sort_keys=True)
        if ctx.opts["output-patch"]:
            ctx.io.write(f"Patch: {text}\n")
        try:
            patched = ctx.api.patch(target.resource, target.name, text, patches.patch_type_for(target.resource),
                                    namespace=target.namespace)
        except ApiError as e:
            ctx.io.error(results.add_error(e, target) + "\n")
            continue
        ctx.io.write(output.render(targets.Target(target.resource, target.namespace, patched), "edited"))


class Printer:
    """The `edited` / `skipped` line, or the object in the -o format."""

    def __init__(self, output):
        self.output = output

    def render(self, target, operation):
        if self.output.kind:
            return self.output.render(target.obj, lambda o: target.resource)
        return f"{target.kind_name()} {operation}\n"


def edit_loop(ctx, session, found, output):
    fmt, results = session.fmt, Results()
    original = edited = ""
    contains_error = False
    while True:
        buf = header(results.reasons) if fmt == "yaml" else ""
        if not contains_error:
            buf += serialize(to_edit(found), fmt)
            original = buf
        else:
            buf += manual_strip(edited)
        previous = edited
        try:
            edited, file = session.launch(buf.replace("\n", "\r\n") if ctx.opts["windows-line-endings"] else buf)
        except CmdError as e:
            raise session.preserved(e, results.file)
        if contains_error and strip_comments(previous) == strip_comments(edited):
            raise session.preserved(CmdError("Edit cancelled, no valid changes were saved."), file)
        if results.file and results.file != file:
            remove(results.file)
        if strip_comments(original) == strip_comments(edited):
            remove(file)
            ctx.io.error("Edit cancelled, no changes made.\n")
            return 0
        if not has_lines(edited):
            remove(file)
            ctx.io.error("Edit cancelled, saved file was empty.\n")
            return 0
        results = Results(file)
        try:
            infos = parse_edited(ctx, edited)
        except CmdError as e:
            contains_error = True
            results.reasons.append((f"The edited file had a syntax error: {e}", []))
            continue
        contains_error = False
        try:
            check_namespaces(ctx, infos)
            if ctx.opts["save-config"]:
                for info in infos:
                    set_last_applied(info.obj)
            patch_all(ctx, found, infos, results, Printer(output))
        except CmdError as e:
            raise session.preserved(e, results.file)
        if results.retryable:
            tail = f" {file}" if file else ""
            ctx.io.error(f"You can run `kubectl replace -f{tail}` to try this update again.\n")
            return 1
        if results.notfound:
            ctx.io.error(f'The edits you made on deleted resources have been saved to "{file or ""}"\n')
            return 1
        if not results.edit:
            remove(file)
            return 0
        contains_error = bool(results.reasons)


def kustomized(ctx):
    """-k: the live objects the kustomization names (the builder's Latest())."""
    found, errs = [], []
    for item in builder.infos(ctx, ctx.opts["filename"], ctx.opts["recursive"], validate=False):
        if isinstance(item, Exception):
            errs.append(item)
            continue
        namespace = item.namespace or None
        try:
            found.append(targets.Target(item.resource, namespace,
                                        ctx.api.get(item.resource, item.name, namespace=namespace), item.source))
        except ApiError as e:
            errs.append(e)
    return found, errs


def run(ctx):
    opts = ctx.opts
    builder.validation_directive(opts["validate"])
    if opts["subresource"]:
        raise CmdError("kubectl edit --subresource is not simulated yet: edit the object itself")
    if opts["kustomize"]:
        found, errs = kustomized(ctx)
    else:
        found, errs = targets.find(ctx, ctx.args, opts["filename"], opts["recursive"], allow_empty_selector=True)
    if errs:
        ctx.io.error(render(errs))
        return 1
    if not found:
        raise CmdError("edit cancelled, no objects found")
    if opts["output"] not in ("", "json", "yaml"):  # the editor's printer knows only these two
        raise CmdError(f'unable to match a printer suitable for the output format "{opts["output"]}", '
                       "allowed formats are: json,yaml")
    output = printers.OutputFormat(opts["output"])
    session = Session(ctx, "json" if output.kind == "json" else "yaml")
    return edit_loop(ctx, session, found, output)


COMMAND = Command("edit", run, FLAGS)
