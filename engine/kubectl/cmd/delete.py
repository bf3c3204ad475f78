"""`kubectl delete`: by TYPE NAME, TYPE/NAME, -f FILE, -l SELECTOR or --all, with grace period,
--force, --cascade and --dry-run; prints `deployment.apps "nginx" deleted`."""
from ...api.errors import ApiError
from .. import builder
from ..errors import CmdError, RawError, render, with_source
from ..flags import Flag, _parse_bool
from ..resources import selector_with_names_error, type_name_args
from . import Command

NO_RESOURCES = ("You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                "   '<resource> <name>'\n   '<resource>'")
FORCE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                 "terminated. The resource may continue to run on the cluster indefinitely.\n")
CASCADE = {"background": "Background", "foreground": "Foreground", "orphan": "Orphan"}

FLAGS = [
    Flag("filename", "f", "slice"), Flag("kustomize", "k"), Flag("recursive", "R", "bool"),
    Flag("selector", "l"), Flag("field-selector"), Flag("all", kind="bool"), Flag("all-namespaces", "A", "bool"),
    Flag("grace-period", kind="int", default=-1), Flag("force", kind="bool"), Flag("now", kind="bool"),
    Flag("cascade", default="background", no_opt_default="background"), Flag("wait", kind="bool", default=True),
    Flag("ignore-not-found", kind="bool"), Flag("dry-run", default="none", no_opt_default="unchanged"),
    Flag("output", "o"), Flag("timeout", default="0s"),
]


def cascading_strategy(ctx, value):
    """GetCascadingStrategy: a policy name, or a deprecated boolean (with its warning)."""
    as_bool = _parse_bool(value)
    if as_bool is None:
        if value not in CASCADE:
            raise CmdError(f'invalid cascade value ({value}). Must be "background", "foreground", or "orphan"')
        return CASCADE[value]
    policy = "background" if as_bool else "orphan"
    ctx.io.error(f"warning: --cascade={value} is deprecated (boolean value) and can be replaced with "
                 f"--cascade={policy}.\n")
    return CASCADE[policy]


class Options:
    """The checked options of one delete (delete.go's Complete and Validate)."""

    def __init__(self, ctx):
        opts = ctx.opts
        if opts["output"] not in ("", "name"):
            raise CmdError(f"unexpected -o output mode: {opts['output']}. We only support '-o name'")
        if opts["all"] and opts["selector"]:  # the resource builder, made in Complete, refuses first
            raise CmdError("setting 'all' parameter but found a non empty selector. ")
        if opts["all"] and opts["field-selector"]:
            raise CmdError("cannot set --all and --field-selector at the same time")
        self.propagation = cascading_strategy(ctx, opts["cascade"])
        grace = opts["grace-period"]
        if opts["now"]:
            if grace != -1:
                raise CmdError("--now and --grace-period cannot be specified together")
            grace = 1
        if grace == 0 and not opts["force"]:
            grace = 1  # kubectl turns --grace-period=0 into 1 unless --force is given
        if opts["force"] and grace < 0:
            grace = 0
        if grace > 0 and opts["force"]:
            raise CmdError("--force and --grace-period greater than 0 cannot be specified together")
        self.grace = grace
        self.dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
        self.name_output = opts["output"] == "name"
        self.force_warning = grace == 0 and opts["force"]
        self.wait = opts["wait"] and self.dry_run == "none"
        self.timeout = parse_duration(opts["timeout"]) or WEEK  # kubectl waits "forever": a week

    def message(self, resource, name):
        kind = resource.kind.lower() + (f".{resource.group}" if resource.group else "")
        if self.name_output:
            return f"{kind}/{name}\n"
        operation = "force deleted" if self.grace == 0 else "deleted"
        return f'{kind} "{name}" {operation}{builder.DRY_RUN_SUFFIX[self.dry_run]}\n'


def targets(ctx, options):
    """(resource, namespace, name, source) to delete, and errors met while finding them."""
    opts, api = ctx.opts, ctx.api
    found, errs = [], []
    if opts["filename"] or opts["kustomize"]:
        if ctx.args:
            raise CmdError("Unexpected args: [" + " ".join(ctx.args) + f"]\nSee '{ctx.path} -h' for help and examples")
        for item in builder.infos(ctx, opts["filename"], opts["recursive"], validate=False):
            if isinstance(item, Exception):
                errs.append(item)
            else:
                found.append((item.resource, item.namespace, item.name, item.source))
        return found, errs, False
    if not ctx.args:
        raise RawError("error: " + NO_RESOURCES)
    pairs = type_name_args(api, ctx.args)
    named = [p for p in pairs if p[1] is not None]
    selecting = opts["all"] or opts["selector"] or opts["field-selector"]
    if named and selecting:
        raise selector_with_names_error(ctx.args)
    if not named and not selecting:
        raise CmdError("resource(s) were provided, but no name was specified")
    all_ns = opts["all-namespaces"]
    for resource, name in pairs:
        namespace = ctx.namespace if resource.namespaced else None
        if name is not None:
            found.append((resource, namespace, name, ""))
            continue
        listed = api.list(resource, namespace=None if all_ns else namespace,
                          label_selector=opts["selector"] or None, field_selector=opts["field-selector"] or None)
        for obj in listed["items"]:
            found.append((resource, obj["metadata"].get("namespace") or None, obj["metadata"]["name"], ""))
    return found, errs, bool(selecting)


def run(ctx):
    options = Options(ctx)
    found, errs, selecting = targets(ctx, options)
    ignore_not_found = ctx.opts["ignore-not-found"] or (selecting and not ctx.opts.changed("ignore-not-found"))
    if options.force_warning:
        ctx.io.error(FORCE_WARNING)
    warn_cluster_scope = ctx.explicit_namespace and not ctx.opts["all-namespaces"]
    deleted = []
    for resource, namespace, name, source in found:
        if warn_cluster_scope and not resource.namespaced:
            ctx.io.error("Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n")
            warn_cluster_scope = False
        if options.dry_run == "client":  # kubectl does not even look the object up
            ctx.io.write(options.message(resource, name))
            deleted.append(None)
            continue
        try:
            gone = ctx.api.delete(resource, name, namespace=namespace,
                                  grace_period_seconds=None if options.grace < 0 else options.grace,
                                  propagation_policy=options.propagation, dry_run=options.dry_run == "server")
        except ApiError as e:
            if e.code == 404 and ignore_not_found:
                continue
            errs.append(with_source("deleting", source, e))
            continue
        ctx.io.write(options.message(resource, name))
        deleted.append((resource, namespace, name, (gone.get("metadata") or {}).get("uid")))
    if errs:
        ctx.io.error(render(errs))
        return 1
    if not found:  # kubectl counts what it set out to delete, not what was still there
        ctx.io.write("No resources found\n")
        return 0
    if options.wait and any(deleted):
        return wait_for_deletion(ctx, [d for d in deleted if d], options.timeout)
    return 0


def wait_for_deletion(ctx, deleted, timeout):
    """`--wait`: run virtual time until every deleted object (same uid) is gone, up to the timeout."""
    def remaining():
        left = []
        for resource, namespace, name, uid in deleted:
            try:
                obj = ctx.api.get(resource, name, namespace=namespace)
            except ApiError:
                continue
            if not uid or (obj.get("metadata") or {}).get("uid") == uid:
                left.append((resource, name))
        return left

    if ctx.clock.run_until(lambda: not remaining(), timeout):
        return 0
    resource, name = remaining()[0]
    ctx.io.error(f"error: timed out waiting for the condition on {resource.full_name}/{name}\n")
    return 1


WEEK = 168 * 3600


def parse_duration(text):
    """Seconds in a Go duration (`30s`, `1m30s`, `2h`); 0 for `0` or `0s`."""
    import re
    units = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}
    parts = re.findall(r"([0-9.]+)(ns|us|µs|ms|s|m|h)", text or "")
    if not parts or "".join(n + u for n, u in parts) != text.lstrip("+"):
        if text in ("0", ""):
            return 0
        raise CmdError(f'invalid argument "{text}" for "--timeout" flag: time: invalid duration "{text}"')
    return sum(float(n) * units[u] for n, u in parts)


COMMAND = Command("delete", run, FLAGS)
