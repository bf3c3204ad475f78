"""`kubectl apply --prune` (the allowlist-based alpha of prune.go: objects applied before, still
carrying last-applied-configuration, absent from this apply, are deleted) and `apply --server-side` (an apply patch)."""
import json

from ...api import patch as patches
from ...api.errors import ApiError
from ...api.managedfields import requests_from
from ...api.selectors import SelectorError, matches, parse_label_selector
from .. import klog
from ..errors import CmdError, with_source
from .create import LAST_APPLIED, report
from .delete import cascading_strategy

DEFAULT_NAMESPACED = [("v1", "ConfigMap"), ("v1", "Endpoints"), ("v1", "PersistentVolumeClaim"), ("v1", "Pod"),
                      ("v1", "ReplicationController"), ("v1", "Secret"), ("v1", "Service"), ("batch/v1", "Job"),
                      ("batch/v1", "CronJob"), ("networking.k8s.io/v1", "Ingress"), ("apps/v1", "DaemonSet"),
                      ("apps/v1", "Deployment"), ("apps/v1", "ReplicaSet"), ("apps/v1", "StatefulSet")]
DEFAULT_CLUSTER = [("v1", "Namespace"), ("v1", "PersistentVolume")]
NAMESPACED_DEFAULT_WARNING = (
    "Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the "
    "--namespace flag in a future release. To preserve the current behaviour, list the resources you want to "
    "target explicitly in the --prune-allowlist flag.")
FIELD_MANAGER_CLIENT_SIDE = "kubectl-client-side-apply"
FIELD_MANAGER_SERVER_SIDE = "kubectl"
CONFLICT_HELP = """
Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration)."""


def allowlist(ctx):
    """prune.ParseResources: `group/version/kind` (core for the legacy group) to resources."""
    out = []
    for text in ctx.opts["prune-allowlist"]:
        parts = text.split("/")
        if len(parts) != 3:
            raise CmdError(f"invalid GroupVersionKind format: {text}, please follow <group/version/kind>")
        group = "" if parts[0] == "core" else parts[0]
        api_version = f"{group}/{parts[1]}" if group else parts[1]
        resource = ctx.api.registry.by_kind(api_version, parts[2])
        if resource is None:
            raise CmdError(f'no matches for kind "{parts[2]}" in version "{api_version}"')
        out.append(resource)
    return out


def validate(ctx, dry_run):
    """apply.go's Validate, in its order, for the flags of pruning and server-side apply."""
    opts = ctx.opts
    if opts["force-conflicts"] and not opts["server-side"]:
        raise CmdError("--force-conflicts only works with --server-side")
    if dry_run == "client" and opts["server-side"]:
        raise CmdError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)")
    if opts["server-side"] and opts["force"]:
        raise CmdError("--force cannot be used with --server-side")
    if dry_run == "server" and opts["force"]:
        raise CmdError("--dry-run=server cannot be used with --force")
    if opts["all"] and opts["selector"]:
        raise CmdError("cannot set --all and --selector at the same time")
    if opts["prune"]:
        if opts["force"]:
            raise CmdError("--force cannot be used with --prune")
        if not opts["all"] and not opts["selector"]:
            raise CmdError("all resources selected for prune without explicitly passing --all. To prune all "
                           "resources, pass the --all flag. If you did not mean to prune all resources, specify a "
                           "label selector")
        if opts["server-side"]:
            raise CmdError("--prune is in alpha and doesn't currently work on objects created by server-side apply")
    if opts["subresource"] and not opts["server-side"]:
        raise CmdError("--subresource can only be specified for --server-side")
    if opts["force"]:
        raise CmdError("--force (delete and re-create when a patch fails) is not simulated yet")


def selected(ctx, infos):
    """The builder's LabelSelectorParam: only the documents whose labels match -l are applied."""
    if not ctx.opts["selector"]:
        return infos
    try:
        reqs = parse_label_selector(ctx.opts["selector"])
    except SelectorError as e:
        raise CmdError(str(e))
    return [i for i in infos if matches(reqs, ((i.obj.get("metadata") or {}).get("labels")) or {})]


def prune_all(ctx, output, dry_run, applied, visited_namespaces):
    """pruner.pruneAll: every allowlisted kind in each visited namespace, then the cluster-scoped ones."""
    resources = allowlist(ctx)
    if not resources:
        registry = ctx.api.registry
        resources = [registry.by_kind(v, k) for v, k in DEFAULT_NAMESPACED + DEFAULT_CLUSTER]
        if ctx.explicit_namespace:
            ctx.io.error(klog.line(ctx.clock, "W", "prune.go:71", NAMESPACED_DEFAULT_WARNING))
    visited_uids = {(o.get("metadata") or {}).get("uid") for _, o in applied}
    policy = cascading_strategy(ctx, ctx.opts["cascade"])
    grace = ctx.opts["grace-period"]
    namespaced = [r for r in resources if r is not None and r.namespaced]
    cluster = [r for r in resources if r is not None and not r.namespaced]
    for namespace in sorted(visited_namespaces):
        for resource in namespaced:
            prune(ctx, output, dry_run, resource, namespace, visited_uids, policy, grace)
    for resource in cluster:
        prune(ctx, output, dry_run, resource, None, visited_uids, policy, grace)


def prune(ctx, output, dry_run, resource, namespace, visited_uids, policy, grace):
    listed = ctx.api.list(resource, namespace=namespace, label_selector=ctx.opts["selector"] or None)
    for obj in listed["items"]:
        meta = obj.get("metadata") or {}
        if LAST_APPLIED not in (meta.get("annotations") or {}) or meta.get("uid") in visited_uids:
            continue
        if dry_run != "client":
            ctx.api.delete(resource, meta["name"], namespace=namespace,
                           grace_period_seconds=grace if grace >= 0 else None, propagation_policy=policy,
                           dry_run=dry_run == "server")
        report(ctx, output, resource, obj, "pruned", dry_run)


def server_side_apply(ctx, info, output, dry_run):
    """apply --server-side: the manifest sent as an apply patch (created when absent), under the field manager
    "kubectl" unless --field-manager names another; conflicts come back with kubectl's advice."""
    api, resource, namespace = ctx.api, info.resource, info.namespace or None
    manager = ctx.opts["field-manager"]
    if manager == FIELD_MANAGER_CLIENT_SIDE:
        manager = FIELD_MANAGER_SERVER_SIDE  # GetApplyFieldManagerFlag: the flag left at its default
    try:
        with requests_from(ctx.kubectl.api, manager, force=ctx.opts["force-conflicts"]):
            obj = api.patch(resource, info.name, json.dumps(info.obj), patches.APPLY_PATCH, namespace=namespace,
                            dry_run=dry_run == "server")
    except ApiError as e:
        if e.code == 409 and e.reason == "Conflict":
            return CmdError(f"{e.message}{CONFLICT_HELP}\nSee https://kubernetes.io/docs/reference/using-api/"
                            "server-side-apply/#conflicts"), None
        return with_source("serverside-apply", info.source, e), None
    if (obj.get("metadata") or {}).get("deletionTimestamp"):
        ctx.io.error(f"Warning: Detected changes to resource {info.name} which is currently being deleted.\n")
    if not output.prints_objects:
        report(ctx, output, resource, obj, "serverside-applied", dry_run)
    return None, obj


def visited_namespaces(ctx, infos):
    out = {ctx.namespace} if ctx.explicit_namespace else set()
    out.update(i.namespace for i in infos if i.resource.namespaced)
    return out
