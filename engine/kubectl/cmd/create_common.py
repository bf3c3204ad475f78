"""Pieces shared by the `kubectl create` generators of create_service, create_batch, create_rbac
and create_misc: cobra's required-flag failure, the parent commands' help, typed metadata."""
from .. import builder, klog, printers


def required_flags_error(ctx, flags):
    """cobra's required-flag failure naming every missing flag, as kubectl 1.32 logs it."""
    names = ", ".join(f'\\"{flag}\\"' for flag in flags)
    ctx.io.error(klog.line(ctx.clock, "E", "run.go:72", f'"command failed" err="required flag(s) {names} not set"'))
    return 1


def missing_flags(ctx, flags):
    return [flag for flag in flags if not ctx.opts.changed(flag)]


def print_help(ctx):
    """A bare parent command (`create service`) prints its help to stderr and fails, as cobra does."""
    from ..kubectl import help_text
    ctx.io.error(help_text(ctx.path))
    return 1


def metadata(ctx, name, namespaced=True, **fields):
    """ObjectMeta in Go's field order: name, namespace (only with an explicit -n), creationTimestamp,
    then labels/annotations/ownerReferences as given."""
    meta = {"name": name}
    if namespaced and ctx.explicit_namespace:
        meta["namespace"] = ctx.namespace
    meta["creationTimestamp"] = None
    for key in ("labels", "annotations", "ownerReferences"):
        if fields.get(key):
            meta[key] = fields[key]
    return meta


def more_generators():
    """The generators of the create_* modules by name and alias, for create.py's subcommands."""
    from .create_batch import CRONJOB, JOB
    from .create_misc import INGRESS, PDB, PRIORITYCLASS, QUOTA, TOKEN
    from .create_rbac import CLUSTERROLE, CLUSTERROLEBINDING, ROLE, ROLEBINDING, SERVICEACCOUNT
    from .create_service import SERVICE
    return {"service": SERVICE, "svc": SERVICE, "job": JOB, "cronjob": CRONJOB, "cj": CRONJOB,
            "role": ROLE, "clusterrole": CLUSTERROLE, "rolebinding": ROLEBINDING,
            "clusterrolebinding": CLUSTERROLEBINDING, "serviceaccount": SERVICEACCOUNT, "sa": SERVICEACCOUNT,
            "ingress": INGRESS, "ing": INGRESS, "quota": QUOTA, "resourcequota": QUOTA,
            "priorityclass": PRIORITYCLASS, "pc": PRIORITYCLASS, "poddisruptionbudget": PDB, "pdb": PDB, "token": TOKEN}


def complete(ctx):
    """The flag checks every generator's Complete makes before its Validate: --dry-run, -o, --validate."""
    # a bare --dry-run warns here, once: create_generated then sees the strategy it stands for
    ctx.opts["dry-run"] = builder.dry_run_strategy(ctx.opts["dry-run"], ctx)
    printers.OutputFormat.parse(ctx.opts["output"], printers.GENERIC_FORMATS)
    builder.validation_directive(ctx.opts["validate"])


def flag_error(ctx, message):
    """A flag value pflag refuses while parsing (printed before any other check)."""
    ctx.io.error(f"Error: {message}\nSee '{ctx.path} --help' for usage.\n")
    return 1
