"""`kubectl taint` (pkg/cmd/taint): add `key=value:Effect`, overwrite with --overwrite, remove with
`key:Effect-` or `key-`, on named nodes, -l SELECTOR or --all; prints `node/worker-1 tainted`."""
from ...api.errors import ApiError
from ...api.validation.names import is_label_value, is_qualified_name
from .. import builder, printers
from ..errors import CmdError, UsageError, render
from ..flags import Flag
from ..resources import resolve_type
from . import Command

FLAGS = [
    Flag("all", kind="bool"), Flag("selector", "l"), Flag("overwrite", kind="bool"), Flag("output", "o"),
    Flag("dry-run", default="none", no_opt_default="unchanged"), Flag("field-manager", default="kubectl-taint"),
    Flag("allow-missing-template-keys", kind="bool", default=True), Flag("show-managed-fields", kind="bool"),
    Flag("template"), Flag("validate", default="strict", no_opt_default="strict"),
]
EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")


def taint_string(taint):
    """Taint.ToString()."""
    key, value, effect = taint["key"], taint.get("value", ""), taint.get("effect", "")
    if not effect:
        return f"{key}={value}:" if value else key
    return f"{key}={value}:{effect}" if value else f"{key}:{effect}"


def parse_taint(spec):
    """parseTaint: `key[=value][:effect]`, checked as kubectl checks it."""
    parts = spec.split(":")
    value, effect = "", ""
    if len(parts) == 1:
        key = parts[0]
    elif len(parts) == 2:
        effect = parts[1]
        if effect not in EFFECTS:
            raise CmdError(f"invalid taint effect: {effect}, unsupported taint effect")
        kv = parts[0].split("=")
        if len(kv) > 2:
            raise CmdError(f"invalid taint spec: {spec}")
        key = kv[0]
        if len(kv) == 2:
            value = kv[1]
            errs = is_label_value(value)
            if errs:
                raise CmdError(f"invalid taint spec: {spec}, {'; '.join(errs)}")
    else:
        raise CmdError(f"invalid taint spec: {spec}")
    errs = is_qualified_name(key)
    if errs:
        raise CmdError(f"invalid taint spec: {spec}, {'; '.join(errs)}")
    return {"key": key, "value": value, "effect": effect}


def parse_taints(specs):
    """(taints to add, taints to remove); a trailing `-` removes."""
    add, remove, seen = [], [], set()
    for spec in specs:
        if spec.endswith("-"):
            taint = parse_taint(spec[:-1])
            remove.append({"key": taint["key"], "value": "", "effect": taint["effect"]})
            continue
        taint = parse_taint(spec)
        if not taint["effect"]:
            raise CmdError(f"invalid taint spec: {spec}")
        if (taint["effect"], taint["key"]) in seen:
            raise CmdError(f"duplicated taints with the same key and effect: "
                           f"{{{taint['key']} {taint['value']} {taint['effect']} <nil>}}")
        seen.add((taint["effect"], taint["key"]))
        add.append(taint)
    return add, remove


def split_args(args):
    """Resources first, then taint changes (anything with `=`, `:` or a trailing `-`)."""
    resources, taints = [], []
    for arg in args:
        is_taint = "=" in arg or ":" in arg or arg.endswith("-")
        if is_taint:
            taints.append(arg)
        elif taints:
            raise CmdError(f"all resources must be specified before taint changes: {arg}")
        else:
            resources.append(arg)
    return resources, taints


def api_taint(taint):
    """A taint as the API stores it (an empty value is omitted)."""
    return {k: taint[k] for k in ("key", "value", "effect") if taint.get(k)}


def reorganize(node_taints, overwrite, add, remove):
    """reorganizeTaints: (operation, new taints, errors)."""
    new = [api_taint(t) for t in add]
    for old in node_taints:
        if not any(t["key"] == old["key"] and t.get("effect") == old.get("effect") for t in new):
            new.append(old)
    added = len(node_taints) != len(new)
    errors, removed = [], False
    for gone in remove:
        before = len(new)
        new = [t for t in new if not (t["key"] == gone["key"] and (not gone["effect"] or t.get("effect") == gone["effect"]))]
        removed = len(new) != before
        if not removed:
            errors.append(f'taint "{taint_string(gone)}" not found')
    if (added and removed) or overwrite:
        return "modified", new, errors
    return ("tainted" if added else "untainted"), new, errors


def validate(ctx, resources, add, remove):
    resource = resolve_type(ctx.api, resources[0].lower())
    if resource.kind != "Node":
        raise CmdError(f"invalid resource type {resources[0].lower()}, only node types are supported")
    conflicts = [f"{r['key']}={r['effect']}" for a in add for r in remove
                 if a["key"] == r["key"] and (not r["effect"] or a["effect"] == r["effect"])]
    if conflicts:
        raise CmdError(f"can not both modify and remove the following taint(s) in the same command: "
                       f"{', '.join(conflicts)}")
    opts = ctx.opts
    if opts["all"] and opts["selector"]:
        raise CmdError("setting 'all' parameter with a non empty selector is prohibited")
    if not opts["all"] and not opts["selector"] and len(resources) < 2:
        raise CmdError("at least one resource name must be specified since 'all' parameter is not set")


def nodes(ctx, resources):
    """The builder's nodes; with ContinueOnError a missing name is an error among the others."""
    opts = ctx.opts
    if opts["all"] or opts["selector"]:
        return ctx.api.list("nodes", label_selector=opts["selector"] or None)["items"], []
    found, errs = [], []
    for name in resources[1:]:
        try:
            found.append(ctx.api.get("nodes", name))
        except ApiError as e:
            errs.append(e)
    return found, errs


def taint_node(ctx, node, add, remove, output, dry_run):
    name = node["metadata"]["name"]
    current = list(node["spec"].get("taints") or [])
    if not ctx.opts["overwrite"]:
        exists = ",".join(t["key"] for t in add for old in current
                          if t["key"] == old["key"] and t["effect"] == old.get("effect"))
        if exists:
            raise CmdError(f"node {name} already has {exists} taint(s) with same effect(s) and --overwrite is false")
    operation, new, errors = reorganize(current, ctx.opts["overwrite"], add, remove)
    if errors:
        raise CmdError(errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]")
    if dry_run == "client":
        result = dict(node, spec=dict(node["spec"], taints=new))
    else:
        result = ctx.api.patch("nodes", name, {"spec": {"taints": new or None}}, patch_type="application/merge-patch+json",
                               dry_run=dry_run == "server")
    if output.kind in ("", "name"):
        suffix = "" if output.kind == "name" else " " + operation + builder.DRY_RUN_SUFFIX[dry_run]
        ctx.io.write(f"node/{name}{suffix}\n")
    else:
        ctx.io.write(output.render(result))


def run(ctx):
    resources, specs = split_args(ctx.args)
    dry_run = builder.dry_run_strategy(ctx.opts["dry-run"], ctx)
    output = printers.OutputFormat.parse(ctx.opts["output"], printers.GENERIC_FORMATS)
    if not resources:
        raise CmdError("one or more resources must be specified as <resource> <name>")
    if not specs:
        raise CmdError("at least one taint update is required")
    try:
        add, remove = parse_taints(specs)
    except CmdError as e:
        raise UsageError(f"{e}\nSee '{ctx.path} -h' for help and examples")
    validate(ctx, resources, add, remove)
    found, errs = nodes(ctx, resources)
    for node in found:
        try:
            taint_node(ctx, node, add, remove, output, dry_run)
        except (CmdError, ApiError) as e:
            errs.append(e)
    if errs:
        ctx.io.error(render(errs))
        return 1
    return 0


COMMAND = Command("taint", run, FLAGS)
