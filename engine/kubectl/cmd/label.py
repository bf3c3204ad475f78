"""`kubectl label`: KEY=VALUE and KEY- on objects by name, -l, --all or -f, sent as a JSON merge
patch; prints `pod/x labeled`, `unlabeled` or `not labeled`, or the labels with --list."""
import json

from ...api.errors import ApiError
from ...api.patch import create_merge_patch
from ...api.validation.names import is_label_value
from .. import builder, printers, record, targets
from ..errors import CmdError, render
from ..flags import Flag, FlagSet
from . import Command

MERGE_PATCH = "application/merge-patch+json"


def flags(manager):
    return [
        Flag("overwrite", kind="bool"), Flag("list", kind="bool"), Flag("local", kind="bool"),
        Flag("field-selector"), Flag("all", kind="bool"), Flag("all-namespaces", "A", "bool"),
        Flag("resource-version"), Flag("filename", "f", "slice"), Flag("recursive", "R", "bool"),
        Flag("kustomize", "k"), Flag("dry-run", default="none", no_opt_default="unchanged"),
        Flag("field-manager", default=manager), Flag("selector", "l"), Flag("output", "o"),
        Flag("allow-missing-template-keys", kind="bool", default=True), Flag("show-managed-fields", kind="bool"),
        Flag("template"), Flag("record", kind="bool"),
    ]


def resources_and_pairs(args, pair_type):
    """GetResourcesAndPairs: resource arguments first, then KEY=VALUE / KEY- arguments."""
    resources, pairs = [], []
    for arg in args:
        is_pair = ("=" in arg and arg[0] != "=") or (arg.endswith("-") and arg != "-")
        if is_pair:
            pairs.append(arg)
        elif pairs:
            raise CmdError(f"all resources must be specified before {pair_type} changes: {arg}")
        else:
            resources.append(arg)
    return resources, pairs


def parse_labels(specs):
    new, remove = {}, []
    for spec in specs:
        if "=" in spec:
            parts = spec.split("=")
            if len(parts) != 2:
                raise CmdError(f"invalid label spec: {spec}")
            errs = is_label_value(parts[1])
            if errs:
                raise CmdError(f'invalid label value: {json.dumps(spec)}: {";".join(errs)}')
            new[parts[0]] = parts[1]
        elif spec.endswith("-"):
            remove.append(spec[:-1])
        else:
            raise CmdError(f"unknown label spec: {spec}")
    if any(key in new for key in remove):
        raise CmdError("can not both modify and remove a label in the same command")
    return new, remove


class MetadataEdit:
    """What differs between label and annotate: the field, the words and the overwrite check."""
    field, noun = "labels", "label"

    def parse(self, pairs):
        return parse_labels(pairs)

    def check_pairs(self, new, remove):
        pass  # parse_labels already refused a key both set and removed

    def check_overwrite(self, current, new):
        problems = [f"'{k}' already has a value ({current[k]}), and --overwrite is false"
                    for k in sorted(new) if k in current and current[k] != new[k]]
        if problems:
            raise CmdError(problems[0] if len(problems) == 1 else "[" + ", ".join(problems) + "]")

    def message(self, old, new, overwrite):
        if old == new:
            return "not labeled"
        if not overwrite and len(json.dumps(new)) < len(json.dumps(old)):
            return "unlabeled"
        return "labeled"

    def missing_notice(self, key):
        return f"label {json.dumps(key)} not found.\n"


def validate(ctx, edit, resources, new, remove):
    opts = ctx.opts
    if opts["list"] and opts["output"]:
        raise CmdError("--list and --output may not be specified together")
    if opts["all"] and opts["selector"]:
        raise CmdError("cannot set --all and --selector at the same time")
    if opts["all"] and opts["field-selector"]:
        raise CmdError("cannot set --all and --field-selector at the same time")
    dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
    noun = "pod.yaml or --filename=pod.json" if edit.noun == "label" else "rsrc.yaml or --filename=rsrc.json"
    if opts["local"]:
        if dry_run == "server":
            raise CmdError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
        if resources:
            raise CmdError(f"can only use local files by -f {noun} when --local=true is set")
        if not opts["filename"]:
            raise CmdError(f"one or more files must be specified as -f {noun}")
    elif not resources and not opts["filename"]:
        raise CmdError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if not new and not remove and not opts["list"]:
        raise CmdError(f"at least one {edit.noun} update is required")
    return dry_run


def run_edit(ctx, edit):
    opts = ctx.opts
    record.warn(ctx)
    stamp = record.recorder(ctx, FlagSet(flags("")))
    resources, pairs = resources_and_pairs(ctx.args, edit.noun)
    new, remove = edit.parse(pairs)
    dry_run = validate(ctx, edit, resources, new, remove)
    edit.check_pairs(new, remove)
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    found, errs = targets.find(ctx, resources, opts["filename"], opts["recursive"], opts["selector"], opts["all"],
                               opts["all-namespaces"], local=opts["local"], field_selector=opts["field-selector"])
    one = single_item(resources, opts, found)
    if not one and opts["resource-version"]:
        raise CmdError("--resource-version may only be used with a single resource")
    for target in found:
        try:
            edit_one(ctx, edit, target, new, remove, dry_run, output, one, stamp)
        except (CmdError, ApiError) as e:  # the builder's ContinueOnError: report and go on
            errs.append(e)
    if errs:
        ctx.io.error(render(errs))
        return 1
    return 0


def single_item(resources, opts, found):
    """IntoSingleItemImplied: one TYPE/NAME (or TYPE NAME) or one object from files."""
    if opts["filename"]:
        return len(found) == 1
    if opts["selector"] or opts["all"] or opts["field-selector"]:
        return False
    if any("/" in r for r in resources):
        return len(resources) == 1
    return len(resources) == 2 and "," not in resources[0]


def edit_one(ctx, edit, target, new, remove, dry_run, output, one, stamp):
    opts = ctx.opts
    obj = target.obj
    meta = obj.setdefault("metadata", {})
    if opts["resource-version"]:
        meta.pop("resourceVersion", None)
    old = json.loads(json.dumps(obj))
    current = dict(meta.get(edit.field) or {})
    offline = dry_run == "client" or opts["local"] or opts["list"]
    if not offline:
        for key in remove:
            if key not in current:
                ctx.io.write(edit.missing_notice(key))
    if not opts["overwrite"]:
        edit.check_overwrite(current, new)
    current.update(new)
    for key in remove:
        current.pop(key, None)
    meta[edit.field] = current
    if opts["resource-version"]:
        meta["resourceVersion"] = opts["resource-version"]
    message = edit.message(old, obj, opts["overwrite"])
    if not offline:
        stamp(obj)
        patch = create_merge_patch(old, obj)
        obj = ctx.api.patch(target.resource, target.name, patch, MERGE_PATCH, namespace=target.namespace,
                            dry_run=dry_run == "server")
    if opts["list"]:
        values = (obj.get("metadata") or {}).get(edit.field) or {}
        indent = ""
        if not one:
            indent = " "
            r = target.resource
            ctx.io.write(f"Listing {edit.field} for {r.kind}.{r.group}/{target.name}:\n")
        ctx.io.write("".join(f"{indent}{k}={v}\n" for k, v in sorted(values.items())))
        return
    if output.kind:
        ctx.io.write(output.render(obj, lambda o: target.resource))
    else:
        ctx.io.write(f"{target.kind_name()} {message}{builder.DRY_RUN_SUFFIX[dry_run]}\n")


def run(ctx):
    return run_edit(ctx, MetadataEdit())


COMMAND = Command("label", run, flags("kubectl-label"))
