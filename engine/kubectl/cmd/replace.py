"""`kubectl replace -f`: PUT each object of the files (the live resourceVersion filled in when the
file has none); with --force, delete, wait for the objects to be gone and create them again."""
from ...api.errors import ApiError
from .. import builder, printers
from ..errors import CmdError, render, with_source
from ..flags import Flag
from . import Command
from .create import LAST_APPLIED, report, set_last_applied
from .delete import cascading_strategy, parse_duration, wait_for_deletion

FLAGS = [
    Flag("output", "o"), Flag("template"), Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("show-managed-fields", kind="bool"),
    Flag("filename", "f", "slice"), Flag("kustomize", "k"), Flag("recursive", "R", "bool"),
    Flag("cascade", default="background", no_opt_default="background"), Flag("grace-period", kind="int", default=-1),
    Flag("force", kind="bool"), Flag("timeout", default="0s"), Flag("wait", kind="bool"),
    Flag("validate", default="strict", no_opt_default="strict"), Flag("save-config", kind="bool"),
    Flag("dry-run", default="none", no_opt_default="unchanged"), Flag("raw"),
    Flag("field-manager", default="kubectl-replace"), Flag("subresource"),
]
POLL_TIMEOUT = 300  # forceReplace polls for the deleted objects for 5 minutes unless --timeout says otherwise


class Options:
    """replace.go's Complete and Validate, in their order."""

    def __init__(self, ctx):
        opts = ctx.opts
        self.directive = builder.validation_directive(opts["validate"])
        self.dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
        self.output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
        self.propagation = cascading_strategy(ctx, opts["cascade"])
        self.timeout = parse_duration(opts["timeout"])
        self.grace, self.wait = opts["grace-period"], opts["wait"]
        if self.grace == 0:  # --grace-period=0 becomes 1 and a wait for the deletion
            self.grace, self.wait = 1, True
        if not opts["filename"] and not opts["kustomize"]:
            raise CmdError("must specify one of -f and -k")
        force = opts["force"]
        if opts["grace-period"] >= 0 and not force:
            raise CmdError("--grace-period must have --force specified")
        if self.timeout and not force:
            raise CmdError("--timeout must have --force specified")
        if force and self.dry_run != "none":
            raise CmdError("--dry-run can not be used when --force is set")
        if opts["raw"]:
            raise CmdError("--raw is not supported by the simulated cluster")


def annotate(ctx, obj):
    """CreateOrUpdateAnnotation: --save-config writes last-applied; otherwise only an existing one is refreshed."""
    annotations = (obj.get("metadata") or {}).get("annotations") or {}
    if ctx.opts["save-config"] or (isinstance(annotations, dict) and annotations.get(LAST_APPLIED)):
        set_last_applied(obj)


def replace_one(ctx, options, info):
    annotate(ctx, info.obj)
    if options.dry_run == "client":
        return info.obj
    api, subresource = ctx.api, ctx.opts["subresource"] or None
    namespace = info.namespace or None
    meta = info.obj.get("metadata") if isinstance(info.obj.get("metadata"), dict) else {}
    if not meta.get("resourceVersion"):  # Helper.Replace with overwrite: take the server's version if any
        try:
            current = api.get(info.resource, info.name, namespace=namespace)
            meta["resourceVersion"] = current["metadata"]["resourceVersion"]
        except ApiError:
            pass

    def send(obj):
        if subresource == "scale":
            return api.update_scale(info.resource, info.name, obj, namespace, dry_run=options.dry_run == "server")
        return api.update(info.resource, obj, namespace=namespace, subresource=subresource,
                          dry_run=options.dry_run == "server")

    return builder.with_field_validation(ctx, options.directive, info.obj, send)


def run_replace(ctx, options):
    items = builder.infos(ctx, ctx.opts["filename"], ctx.opts["recursive"], validate=options.directive != "ignore")
    errs = []
    for item in items:
        if isinstance(item, Exception):
            errs.append(item)
            continue
        try:
            obj = replace_one(ctx, options, item)
        except (ApiError, CmdError) as e:
            errs.append(with_source("replacing", item.source, e))
            continue
        report(ctx, options.output, item.resource, obj, "replaced", options.dry_run)
    if errs:
        ctx.io.error(render(errs))
        return 1
    return 0


def delete_all(ctx, options, infos):
    """DeleteResult with IgnoreNotFound: `pod "x" deleted`, then --wait's wait for them to be gone."""
    deleted = []
    for info in infos:
        try:
            gone = ctx.api.delete(info.resource, info.name, namespace=info.namespace or None,
                                  grace_period_seconds=None if options.grace < 0 else options.grace,
                                  propagation_policy=options.propagation)
        except ApiError as e:
            if e.code == 404:
                continue
            raise with_source("deleting", info.source, e)
        r = info.resource
        kind = f"{r.kind.lower()}.{r.group}" if r.group else r.kind.lower()
        ctx.io.write(f"{kind}/{info.name}\n" if options.output.kind == "name" else f'{kind} "{info.name}" deleted\n')
        deleted.append((r, info.namespace or None, info.name, (gone.get("metadata") or {}).get("uid")))
    if not deleted:
        ctx.io.write("No resources found\n")
        return 0
    if options.wait:
        return wait_for_deletion(ctx, deleted, options.timeout or 168 * 3600)
    return 0


def gone(ctx, info):
    try:
        ctx.api.get(info.resource, info.name, namespace=info.namespace or None)
    except ApiError as e:
        if e.code == 404:
            return True
        raise
    return False


def poll_gone(ctx, infos, timeout):
    """wait.PollUntilContextTimeout(1s, immediate): each object looked up once a virtual second."""
    for info in infos:
        end = ctx.clock.now + timeout
        while not gone(ctx, info):
            if ctx.clock.now + 1 > end:
                raise CmdError("context deadline exceeded")
            ctx.clock.run_until_time(ctx.clock.now + 1)


def run_force(ctx, options):
    opts = ctx.opts
    items = builder.infos(ctx, opts["filename"], opts["recursive"], validate=False)
    errs = [i for i in items if isinstance(i, Exception)]
    infos = [i for i in items if not isinstance(i, Exception)]
    if errs:
        ctx.io.error(render(errs))
        return 1
    code = delete_all(ctx, options, infos)
    if code:
        return code
    poll_gone(ctx, infos, options.timeout or POLL_TIMEOUT)
    items = builder.infos(ctx, opts["filename"], opts["recursive"], validate=options.directive != "ignore")
    count = 0
    for item in items:
        if isinstance(item, Exception):
            errs.append(item)
            continue
        annotate(ctx, item.obj)
        try:
            obj = builder.with_field_validation(ctx, options.directive, item.obj, lambda o: ctx.api.create(
                item.resource, o, namespace=item.namespace or None))
        except ApiError as e:
            errs.append(e)
            break  # a visitor error ends forceReplace's visit
        count += 1
        report(ctx, options.output, item.resource, obj, "replaced", "none")
    if errs:
        ctx.io.error(render(errs))
        return 1
    if count == 0:
        raise CmdError("no objects passed to replace")
    return 0


def run(ctx):
    options = Options(ctx)
    if ctx.opts["force"]:
        return run_force(ctx, options)
    return run_replace(ctx, options)


COMMAND = Command("replace", run, FLAGS)
