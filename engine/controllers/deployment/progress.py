"""progress.go: the Progressing condition (progressDeadlineSeconds), ReplicaFailure carried from
the ReplicaSets, paused/resumed conditions, and the re-check at the deadline."""
from . import sync, util


def check_paused_conditions(dc, d):
    """checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed."""
    if not util.has_progress_deadline(d):
        return d
    cond = util.get_condition(d["status"], "Progressing")
    if cond is not None and cond.get("reason") == util.TIMED_OUT:
        return d
    paused_cond = cond is not None and cond.get("reason") == util.PAUSED
    if d["spec"].get("paused") and not paused_cond:
        new = util.new_condition(dc.clock, "Progressing", "Unknown", util.PAUSED, "Deployment is paused")
    elif not d["spec"].get("paused") and paused_cond:
        new = util.new_condition(dc.clock, "Progressing", "Unknown", util.RESUMED, "Deployment is resumed")
    else:
        return d
    util.set_condition(d["status"], new)
    updated = dc.update_status(d)
    updated.setdefault("status", {})
    return updated


def sync_rollout_status(dc, rss, new, d):
    """syncRolloutStatus: status counts plus the Progressing condition; a deployment without progress
    is looked at again when its deadline passes."""
    status = sync.calculate_status(dc, rss, new, d)
    if not util.has_progress_deadline(d):
        util.remove_condition(status, "Progressing")
    current = util.get_condition(d["status"], "Progressing")
    complete = status.get("replicas", 0) == status.get("updatedReplicas", 0) and current is not None \
        and current.get("reason") == util.NEW_RS_AVAILABLE
    rs_name = new["metadata"]["name"] if new else None
    name = d["metadata"]["name"]
    if util.has_progress_deadline(d) and not complete:
        if util.deployment_complete(d, status):
            msg = f'ReplicaSet "{rs_name}" has successfully progressed.' if new else f'Deployment "{name}" has successfully progressed.'
            util.set_condition(status, util.new_condition(dc.clock, "Progressing", "True", util.NEW_RS_AVAILABLE, msg))
        elif util.deployment_progressing(d, status):
            msg = f'ReplicaSet "{rs_name}" is progressing.' if new else f'Deployment "{name}" is progressing.'
            cond = util.new_condition(dc.clock, "Progressing", "True", util.RS_UPDATED, msg)
            if current is not None:
                if current["status"] == "True":
                    cond["lastTransitionTime"] = current["lastTransitionTime"]
                util.remove_condition(status, "Progressing")
            util.set_condition(status, cond)
        elif util.deployment_timed_out(d, status, dc.clock):
            msg = f'ReplicaSet "{rs_name}" has timed out progressing.' if new else f'Deployment "{name}" has timed out progressing.'
            util.set_condition(status, util.new_condition(dc.clock, "Progressing", "False", util.TIMED_OUT, msg))
    failures = replica_failures(rss, new)
    if failures:
        util.set_condition(status, failures[0])
    else:
        util.remove_condition(status, "ReplicaFailure")
    if status == d["status"]:
        return requeue_stuck(dc, d, status)
    d["status"] = status
    sync._save_status(dc, d)
    return None


def replica_failures(rss, new):
    """getReplicaFailures: the new replica set's ReplicaFailure first, else any old one's."""
    def of(rs):
        return [{"type": c["type"], "status": c["status"], "lastUpdateTime": c.get("lastTransitionTime"),
                 "lastTransitionTime": c.get("lastTransitionTime"), "reason": c.get("reason"), "message": c.get("message")}
                for c in (rs.get("status") or {}).get("conditions") or [] if c.get("type") == "ReplicaFailure"]
    found = of(new) if new else []
    if found:
        return found
    return [c for rs in rss if rs for c in of(rs)]


def requeue_stuck(dc, d, status):
    """requeueStuckDeployment: seconds until the deadline (plus one), so the timeout is noticed."""
    current = util.get_condition(d["status"], "Progressing")
    if not util.has_progress_deadline(d) or current is None:
        return None
    if util.deployment_complete(d, status) or current.get("reason") == util.TIMED_OUT:
        return None
    after = dc.clock.parse(current["lastUpdateTime"]) + d["spec"]["progressDeadlineSeconds"] - dc.clock.now
    if after < 1:
        return 0.005  # enqueueRateLimited
    return after + 1
