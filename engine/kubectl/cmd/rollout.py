"""`kubectl rollout status|history|undo|pause|resume|restart` for Deployments, DaemonSets and
StatefulSets, as kubectl's polymorphichelpers do them: status lines per watch event, history from
ReplicaSets or ControllerRevisions, undo patched client side from the chosen revision."""
import json

from ...api.errors import ApiError
from ...api.patch import JSON_PATCH, STRATEGIC_MERGE_PATCH, apply_patch, create_two_way_merge_patch
from .. import builder, durations, printers, targets
from ..errors import CmdError, RawError, render
from ..flags import Flag
from ..kubectl import help_text
from . import Command

REVISION = "deployment.kubernetes.io/revision"
HASH_LABEL = "pod-template-hash"
CHANGE_CAUSE = "kubernetes.io/change-cause"
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
# rollback.go's annotationsToSkip: kept from the deployment, never copied from the ReplicaSet
SKIPPED_ANNOTATIONS = ("kubectl.kubernetes.io/last-applied-configuration", REVISION,
                       "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
                       "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to")
ROLLOUT_KINDS = ("Deployment", "DaemonSet", "StatefulSet")
# kubectl waits forever without --timeout; a simulated wait must end, so it gives up after an hour
# of virtual time (a Deployment's default progress deadline, 10 minutes, ends most waits first)
UNBOUNDED_WAIT = 3600


def base_flags():
    return [Flag("filename", "f", "slice"), Flag("recursive", "R", "bool"), Flag("kustomize", "k"),
            Flag("selector", "l")]


def printer_flags():
    return [Flag("output", "o"), Flag("allow-missing-template-keys", kind="bool", default=True),
            Flag("show-managed-fields", kind="bool"), Flag("template")]


def group_kind(resource):
    """schema.GroupKind's String(): `Pod`, `ReplicaSet.apps`."""
    return f"{resource.kind}.{resource.group}" if resource.group else resource.kind


def find(ctx):
    if not ctx.args and not ctx.opts["filename"]:
        raise CmdError("required resource not specified")
    return targets.find(ctx, ctx.args, ctx.opts["filename"], ctx.opts["recursive"], ctx.opts["selector"],
                        allow_empty_selector=True)


def no_resources(ctx):
    ctx.io.error(f"No resources found in {ctx.namespace} namespace.\n")


def revision_of(obj):
    try:
        return int(((obj.get("metadata") or {}).get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0


# ---- status
def deployment_status(d, revision):
    name, spec, status = d["metadata"]["name"], d.get("spec") or {}, d.get("status") or {}
    if revision > 0 and revision != revision_of(d):
        raise CmdError(f"desired revision ({revision}) is different from the running revision ({revision_of(d)})")
    if d["metadata"].get("generation", 0) > status.get("observedGeneration", 0):
        return "Waiting for deployment spec update to be observed...\n", False
    progressing = next((c for c in status.get("conditions") or [] if c.get("type") == "Progressing"), None)
    if progressing and progressing.get("reason") == "ProgressDeadlineExceeded":
        raise CmdError(f'deployment "{name}" exceeded its progress deadline')
    updated, replicas = status.get("updatedReplicas", 0), spec.get("replicas")
    prefix = f'Waiting for deployment "{name}" rollout to finish: '
    if replicas is not None and updated < replicas:
        return f"{prefix}{updated} out of {replicas} new replicas have been updated...\n", False
    if status.get("replicas", 0) > updated:
        return f"{prefix}{status.get('replicas', 0) - updated} old replicas are pending termination...\n", False
    if status.get("availableReplicas", 0) < updated:
        return f"{prefix}{status.get('availableReplicas', 0)} of {updated} updated replicas are available...\n", False
    return f'deployment "{name}" successfully rolled out\n', True


def daemonset_status(ds, revision):
    name, status = ds["metadata"]["name"], ds.get("status") or {}
    if ((ds.get("spec") or {}).get("updateStrategy") or {}).get("type") != "RollingUpdate":
        raise CmdError("rollout status is only available for RollingUpdate strategy type")
    if ds["metadata"].get("generation", 0) > status.get("observedGeneration", 0):
        return "Waiting for daemon set spec update to be observed...\n", False
    desired = status.get("desiredNumberScheduled", 0)
    prefix = f'Waiting for daemon set "{name}" rollout to finish: '
    if status.get("updatedNumberScheduled", 0) < desired:
        return f"{prefix}{status.get('updatedNumberScheduled', 0)} out of {desired} new pods have been updated...\n", False
    if status.get("numberAvailable", 0) < desired:
        return f"{prefix}{status.get('numberAvailable', 0)} of {desired} updated pods are available...\n", False
    return f'daemon set "{name}" successfully rolled out\n', True


def statefulset_status(sts, revision):
    spec, status = sts.get("spec") or {}, sts.get("status") or {}
    strategy = spec.get("updateStrategy") or {}
    if strategy.get("type") != "RollingUpdate":
        raise CmdError("rollout status is only available for RollingUpdate strategy type")
    observed = status.get("observedGeneration", 0)
    if observed == 0 or sts["metadata"].get("generation", 0) > observed:
        return "Waiting for statefulset spec update to be observed...\n", False
    replicas = spec.get("replicas")
    if replicas is not None and status.get("readyReplicas", 0) < replicas:
        return f"Waiting for {replicas - status.get('readyReplicas', 0)} pods to be ready...\n", False
    rolling = strategy.get("rollingUpdate")
    if rolling is not None:
        partition = rolling.get("partition")
        if replicas is not None and partition is not None and status.get("updatedReplicas", 0) < replicas - partition:
            return (f"Waiting for partitioned roll out to finish: {status.get('updatedReplicas', 0)} out of "
                    f"{replicas - partition} new pods have been updated...\n"), False
        return f"partitioned roll out complete: {status.get('updatedReplicas', 0)} new pods have been updated...\n", True
    if status.get("updateRevision") != status.get("currentRevision"):
        return (f"waiting for statefulset rolling update to complete {status.get('updatedReplicas', 0)} pods at "
                f"revision {status.get('updateRevision', '')}...\n"), False
    return (f"statefulset rolling update complete {status.get('currentReplicas', 0)} pods at revision "
            f"{status.get('currentRevision', '')}...\n"), True


STATUS_VIEWERS = {"Deployment": deployment_status, "DaemonSet": daemonset_status, "StatefulSet": statefulset_status}


def run_status(ctx):
    opts = ctx.opts
    timeout = durations.flag(ctx, "timeout")
    if not ctx.args and not opts["filename"]:
        raise CmdError("required resource not specified")
    if opts["revision"] < 0:
        raise CmdError(f"revision must be a positive integer: {opts['revision']}")
    found, errs = find(ctx)
    for target in found:
        viewer = STATUS_VIEWERS.get(target.resource.kind) if target.resource.group == "apps" else None
        if viewer is None:
            raise CmdError(f"no status viewer has been implemented for {group_kind(target.resource)}")
        watch_status(ctx, target, viewer, opts["revision"], opts["watch"], timeout)
    if errs:
        raise errs[0] if len(errs) == 1 else RawError(render(errs).rstrip("\n"))
    if not found:
        no_resources(ctx)
    return 0


def watch_status(ctx, target, viewer, revision, watching, timeout):
    """watchtools.UntilWithSync: a status line for the listed object and for every change after it,
    running virtual time until the rollout is done, the object goes or the timeout passes."""
    state = {"done": False, "error": None}

    def handle(kind, obj):
        if state["done"]:
            return
        if kind == "DELETED":
            state.update(done=True, error=CmdError("object has been deleted"))
            return
        try:
            line, finished = viewer(obj, revision)
        except CmdError as e:
            state.update(done=True, error=e)
            return
        ctx.io.write(line)
        if finished or not watching:
            state["done"] = True

    current = ctx.api.get(target.resource, target.name, namespace=target.namespace)
    handle("ADDED", current)
    if not state["done"]:
        watch = ctx.api.watch(target.resource, lambda kind, obj: handle(kind, obj), namespace=target.namespace,
                              field_selector=f"metadata.name={target.name}",
                              resource_version=current["metadata"]["resourceVersion"])
        try:
            finished = ctx.clock.run_until(lambda: state["done"], timeout or UNBOUNDED_WAIT)
        finally:
            watch.stop()
        if not finished:
            raise CmdError("timed out waiting for the condition")
    if state["error"]:
        raise state["error"]


# ---- history
def owned(ctx, plural, owner):
    uid = owner["metadata"]["uid"]
    items = ctx.api.list(plural, namespace=owner["metadata"]["namespace"])["items"]
    return [o for o in items if any(r.get("uid") == uid and r.get("controller")
                                    for r in o["metadata"].get("ownerReferences") or [])]


def deployment_history(ctx, d):
    """{revision: (pod template, change cause)} from the deployment's ReplicaSets."""
    out = {}
    for rs in owned(ctx, "replicasets.apps", d):
        template = json.loads(json.dumps(rs["spec"]["template"]))
        cause = (rs["metadata"].get("annotations") or {}).get(CHANGE_CAUSE, "")
        meta = template.setdefault("metadata", {})
        if cause:
            meta["annotations"] = dict(meta.get("annotations") or {}, **{CHANGE_CAUSE: cause})
        out[revision_of(rs)] = (template, (meta.get("annotations") or {}).get(CHANGE_CAUSE, ""), rs)
    return out


def revision_history(ctx, obj, resource):
    """{revision: (pod template, change cause)} from a DaemonSet's or StatefulSet's ControllerRevisions."""
    out = {}
    for history in owned(ctx, "controllerrevisions.apps", obj):
        applied = apply_patch(obj, history.get("data") or {}, STRATEGIC_MERGE_PATCH, resource)
        cause = (history["metadata"].get("annotations") or {}).get(CHANGE_CAUSE, "")
        out[history.get("revision", 0)] = (applied["spec"]["template"], cause, history)
    return out


def history_of(ctx, target):
    kind = target.resource.kind if target.resource.group == "apps" else None
    if kind == "Deployment":
        return deployment_history(ctx, target.obj)
    if kind in ("DaemonSet", "StatefulSet"):
        return revision_history(ctx, target.obj, target.resource)
    return None


def history_table(history):
    if not history:
        return "No rollout history found."
    rows = [("REVISION", "CHANGE-CAUSE")] + [(str(r), history[r][1] or "<none>") for r in sorted(history)]
    width = max(len(r[0]) for r in rows) + 2
    return "".join(f"{a.ljust(width)}{b}\n" for a, b in rows)


def run_history(ctx):
    opts = ctx.opts
    if not ctx.args and not opts["filename"]:
        raise CmdError("required resource not specified")
    if opts["revision"] < 0:
        raise CmdError(f"revision must be a positive integer: {opts['revision']}")
    found, errs = find(ctx)
    for target in found:
        history = history_of(ctx, target)
        if history is None:
            raise CmdError(f'no history viewer has been implemented for "{group_kind(target.resource)}"')
        if opts["output"]:
            output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
            chosen = [opts["revision"]] if opts["revision"] > 0 else sorted(history)
            for r in chosen:
                if r in history:
                    ctx.io.write(output.render(history[r][2]))
            continue
        if opts["revision"] > 0:
            if opts["revision"] not in history:
                raise CmdError("unable to find the specified revision")
            text = f"with revision #{opts['revision']}\n" + _pod_template(history[opts["revision"]][0])
        else:
            text = "\n" + history_table(history)
        ctx.io.write(f"{target.kind_name()} {text}\n")
    if errs:
        raise errs[0] if len(errs) == 1 else RawError(render(errs).rstrip("\n"))
    return 0


# ---- undo
def without_hash(template):
    template = json.loads(json.dumps(template))
    labels = (template.get("metadata") or {}).get("labels")
    if labels:
        labels.pop(HASH_LABEL, None)
    return template


def undo_deployment(ctx, target, to_revision, dry_run):
    d = ctx.api.get(target.resource, target.name, namespace=target.namespace)
    rss = owned(ctx, "replicasets.apps", d)
    rs = pick_revision(rss, to_revision, revision_of)
    if rs is None:
        if to_revision > 0:
            raise CmdError(f"unable to find specified revision {to_revision} in history")
        raise CmdError(f'no rollout history found for deployment "{d["metadata"]["name"]}"')
    if dry_run == "client":
        return _pod_template(rs["spec"]["template"])
    if (d.get("spec") or {}).get("paused"):
        raise CmdError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' "
                       "and try again")
    template = without_hash(rs["spec"]["template"])
    if template == without_hash(d["spec"]["template"]):
        return f"skipped rollback (current template already matches revision {to_revision})"
    current = d["metadata"].get("annotations") or {}
    annotations = {k: current[k] for k in SKIPPED_ANNOTATIONS if k in current}
    annotations.update({k: v for k, v in (rs["metadata"].get("annotations") or {}).items()
                        if k not in SKIPPED_ANNOTATIONS})
    patch = [{"op": "replace", "path": "/spec/template", "value": template},
             {"op": "replace", "path": "/metadata/annotations", "value": annotations}]
    try:
        ctx.api.patch(target.resource, target.name, patch, JSON_PATCH, namespace=target.namespace,
                      dry_run=dry_run == "server")
    except ApiError as e:
        raise CmdError(f"failed restoring revision {to_revision}: {e.message}")
    return "rolled back"


def pick_revision(items, to_revision, revision):
    """deploymentRevision / findHistory: the one of `to_revision`, or the second newest for 0."""
    if to_revision > 0:
        return next((i for i in items if revision(i) == to_revision), None)
    ordered = sorted(items, key=revision)
    return ordered[-2] if len(ordered) > 1 else None


def undo_from_history(ctx, target, to_revision, dry_run):
    obj = ctx.api.get(target.resource, target.name, namespace=target.namespace)
    histories = owned(ctx, "controllerrevisions.apps", obj)
    if to_revision == 0 and len(histories) <= 1:
        raise CmdError("no last revision to roll back to")
    history = pick_revision(histories, to_revision, lambda h: h.get("revision", 0))
    if history is None:
        raise CmdError(f"unable to find specified revision {to_revision} in history")
    applied = apply_patch(obj, history.get("data") or {}, STRATEGIC_MERGE_PATCH, target.resource)
    if dry_run == "client":
        return "will roll back to " + _pod_template(applied["spec"]["template"])
    if same_template(applied["spec"]["template"], obj["spec"]["template"]):
        return f"skipped rollback (current template already matches revision {to_revision})"
    try:
        ctx.api.patch(target.resource, target.name, history.get("data") or {}, STRATEGIC_MERGE_PATCH,
                      namespace=target.namespace, dry_run=dry_run == "server")
    except ApiError as e:
        raise CmdError(f"failed restoring revision {to_revision}: {e.message}")
    return "rolled back"


def same_template(a, b):
    """daemonSetMatch/statefulsetMatch: the revision's template is the live one (a null
    creationTimestamp is what a typed template carries and is no difference)."""
    def plain(template):
        template = json.loads(json.dumps(template))
        template.pop("$patch", None)
        meta = template.get("metadata") or {}
        if meta.get("creationTimestamp") is None:
            meta.pop("creationTimestamp", None)
        return template
    return plain(a) == plain(b)


def run_undo(ctx):
    opts = ctx.opts
    dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
    if not ctx.args and not opts["filename"]:
        raise CmdError("required resource not specified")
    found, errs = find(ctx)
    for target in found:
        kind = target.resource.kind if target.resource.group == "apps" else None
        if kind not in ROLLOUT_KINDS:
            raise CmdError(f'no rollbacker has been implemented for "{group_kind(target.resource)}"')
        if opts["to-revision"] < 0:
            raise CmdError(f"unable to find specified revision {opts['to-revision']} in history")
        undo = undo_deployment if kind == "Deployment" else undo_from_history
        result = undo(ctx, target, opts["to-revision"], dry_run)
        ctx.io.write(f"{target.kind_name()} {result}{builder.DRY_RUN_SUFFIX[dry_run]}\n")
    if errs:
        raise errs[0] if len(errs) == 1 else RawError(render(errs).rstrip("\n"))
    return 0


# ---- pause, resume, restart: a strategic merge patch computed from the changed object
def pause(obj):
    if obj["kind"] != "Deployment":
        raise CmdError("pausing is not supported")
    if obj["spec"].get("paused"):
        raise CmdError("is already paused")
    obj["spec"]["paused"] = True


def resume(obj):
    if obj["kind"] != "Deployment":
        raise CmdError("resuming is not supported")
    if not obj["spec"].get("paused"):
        raise CmdError("is not paused")
    obj["spec"]["paused"] = False


def restarter(ctx):
    def restart(obj):
        if obj["kind"] not in ROLLOUT_KINDS:
            raise CmdError("restarting is not supported")
        if obj["kind"] == "Deployment" and obj["spec"].get("paused"):
            raise CmdError("can't restart paused deployment (run rollout resume first)")
        meta = obj["spec"]["template"].setdefault("metadata", {})
        meta["annotations"] = dict(meta.get("annotations") or {}, **{RESTARTED_AT: ctx.clock.timestamp()})
    return restart


def run_patch_verb(ctx, change, done_word, unchanged_word=None):
    """rollout pause/resume/restart: set.CalculatePatches, then one patch per object."""
    if not ctx.args and not ctx.opts["filename"]:
        raise CmdError("required resource not specified")
    found, errs = find(ctx)
    if not found and not errs:
        no_resources(ctx)
        return 0
    problems = list(errs)
    for target in found:
        original = target.obj
        modified = json.loads(json.dumps(original))
        try:
            change(modified)
        except CmdError as e:
            problems.append(RawError(f'error: {target.resource.full_name} "{target.name}" {e}'))
            continue
        patch = create_two_way_merge_patch(original, modified, target.resource)
        if not patch:
            if unchanged_word is None:
                problems.append(CmdError(f"failed to create patch for {target.name}: if restart has already been "
                                         "triggered within the past second, please wait before attempting to "
                                         "trigger another"))
            else:
                ctx.io.write(f"{target.kind_name()} {unchanged_word}\n")
            continue
        try:
            ctx.api.patch(target.resource, target.name, patch, STRATEGIC_MERGE_PATCH, namespace=target.namespace)
        except ApiError as e:
            problems.append(CmdError(f"failed to patch: {e.message}"))
            continue
        ctx.io.write(f"{target.kind_name()} {done_word}\n")
    if problems:
        ctx.io.error(render(problems))
        return 1
    return 0


def run_pause(ctx):
    return run_patch_verb(ctx, pause, "paused", "already paused")


def run_resume(ctx):
    return run_patch_verb(ctx, resume, "resumed", "already resumed")


def run_restart(ctx):
    return run_patch_verb(ctx, restarter(ctx), "restarted")


def run_rollout(ctx):
    if not ctx.args:
        ctx.io.write(help_text("kubectl rollout"))
        return 0
    ctx.io.error(f'error: unknown command "{ctx.args[0]}"\nSee \'kubectl rollout -h\' for help and examples\n')
    return 1


def patch_flags(manager):
    return base_flags() + printer_flags() + [Flag("field-manager", default=manager)]


STATUS = Command("status", run_status, base_flags() + [
    Flag("watch", "w", "bool", default=True), Flag("revision", kind="int"), Flag("timeout", default="0s")])
HISTORY = Command("history", run_history, base_flags() + printer_flags() + [Flag("revision", kind="int")])
UNDO = Command("undo", run_undo, base_flags() + printer_flags() + [
    Flag("to-revision", kind="int"), Flag("dry-run", default="none", no_opt_default="unchanged")])
PAUSE = Command("pause", run_pause, patch_flags("kubectl-rollout"))
RESUME = Command("resume", run_resume, patch_flags("kubectl-rollout"))
RESTART = Command("restart", run_restart, patch_flags("kubectl-rollout"))
def _pod_template(template):
    """describe.DescribePodTemplate through a PrefixWriter on a plain buffer (tabs kept), as history.go prints it."""
    from datetime import datetime, timezone
    from ..describe.pod import pod_template
    from ..describe.writer import Writer
    w = Writer(datetime.fromtimestamp(0, timezone.utc), tabbed=False)
    pod_template(w, template)
    return w.getvalue()


COMMAND = Command("rollout", run_rollout, [], subcommands={
    "status": STATUS, "history": HISTORY, "undo": UNDO, "pause": PAUSE, "resume": RESUME, "restart": RESTART})

