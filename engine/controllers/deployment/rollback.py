"""rollback.go and the revision history: the deprecated rollback-to annotation, and helpers that
list revisions and roll a template back as `kubectl rollout undo` does client-side."""
import copy

from ...api.errors import ApiError
from . import sync, util


def rollback_to(d):
    """getRollbackTo: the revision asked for in the deprecated.deployment.rollback.to annotation."""
    value = (d["metadata"].get("annotations") or {}).get(util.ROLLBACK_TO)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return 0


def rollback(dc, d, rss):
    new, olds = sync.all_and_sync_revision(dc, d, rss, True)
    all_rss = [rs for rs in olds + [new] if rs]
    target = rollback_to(d)
    if target == 0:
        target = last_revision(all_rss)
        if target == 0:
            dc.recorder.event(d, "Warning", "DeploymentRollbackRevisionNotFound", "Unable to find last revision.")
            return _clear_rollback_to(dc, d)
    for rs in all_rss:
        if util.revision(rs) == target:
            if not util.template_equal_ignore_hash(d["spec"]["template"], rs["spec"]["template"]):
                d["spec"]["template"] = without_hash(rs["spec"]["template"])
                dc.recorder.event(d, "Normal", "DeploymentRollback",
                                  f'Rolled back deployment "{d["metadata"]["name"]}" to revision {target}')
            return _clear_rollback_to(dc, d)
    dc.recorder.event(d, "Warning", "DeploymentRollbackRevisionNotFound", "Unable to find the revision to rollback to.")
    return _clear_rollback_to(dc, d)


def _clear_rollback_to(dc, d):
    d["metadata"].get("annotations", {}).pop(util.ROLLBACK_TO, None)
    try:
        dc.server.update("deployments.apps", d)
    except ApiError as e:
        if e.code != 404:
            raise
    return None


def last_revision(rss):
    """LastRevision: the second highest revision (the one before the current)."""
    revisions = sorted({util.revision(rs) for rs in rss}, reverse=True)
    return revisions[1] if len(revisions) > 1 else 0


def without_hash(template):
    template = copy.deepcopy(template)
    labels = (template.get("metadata") or {}).get("labels") or {}
    labels.pop(util.HASH_LABEL, None)
    return template


def history(server, d):
    """The deployment's ReplicaSets by revision (what `kubectl rollout history` reads)."""
    rss = [rs for rs in server.list("replicasets.apps", d["metadata"]["namespace"])["items"]
           if any(r.get("uid") == d["metadata"]["uid"] for r in rs["metadata"].get("ownerReferences") or [])]
    return {util.revision(rs): rs for rs in sorted(rss, key=util.by_creation)}


def undo_patch(server, d, to_revision=0):
    """The patch `kubectl rollout undo` sends: the template of the chosen revision (the previous
    one by default) and its change-cause annotation."""
    revisions = history(server, d)
    if not to_revision:
        ordered = sorted(revisions)
        to_revision = ordered[-2] if len(ordered) > 1 else 0
    rs = revisions.get(to_revision)
    if rs is None:
        return None
    annotations = {k: v for k, v in (rs["metadata"].get("annotations") or {}).items() if k not in util.SKIPPED_ANNOTATIONS}
    return {"spec": {"template": without_hash(rs["spec"]["template"])},
            "metadata": {"annotations": annotations}} if annotations else \
        {"spec": {"template": without_hash(rs["spec"]["template"])}}
