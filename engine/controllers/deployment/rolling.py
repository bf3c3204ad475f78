"""rolling.go: scale the new ReplicaSet up within maxSurge, then the old ones down within
maxUnavailable (unhealthy replicas first)."""
from . import progress, sync, util
from .util import replicas


def rollout(dc, d, rss):
    new, olds = sync.all_and_sync_revision(dc, d, rss, True)
    all_rss = olds + [new]
    if reconcile_new(dc, all_rss, new, d):
        return progress.sync_rollout_status(dc, all_rss, new, d)
    if reconcile_old(dc, all_rss, util.active(olds), new, d):
        return progress.sync_rollout_status(dc, all_rss, new, d)
    if util.deployment_complete(d, d["status"]):
        sync.cleanup(dc, olds, d)
    return progress.sync_rollout_status(dc, all_rss, new, d)


def reconcile_new(dc, all_rss, new, d):
    if replicas(new) == replicas(d):
        return False
    if replicas(new) > replicas(d):
        return sync.scale_and_record(dc, new, replicas(d), d)[0]
    return sync.scale_and_record(dc, new, util.new_rs_new_replicas(d, all_rss, new), d)[0]


def reconcile_old(dc, all_rss, olds, new, d):
    old_count = util.spec_count(olds)
    if old_count == 0:
        return False
    min_available = replicas(d) - util.max_unavailable(d)
    new_unavailable = replicas(new) - (new.get("status") or {}).get("availableReplicas", 0)
    max_scaled_down = util.spec_count(all_rss) - min_available - new_unavailable
    if max_scaled_down <= 0:
        return False
    olds, cleaned = cleanup_unhealthy(dc, olds, d, max_scaled_down)
    scaled = scale_down_old(dc, olds + [new], olds, d)
    return cleaned + scaled > 0


def cleanup_unhealthy(dc, olds, d, max_cleanup):
    """cleanupUnhealthyReplicas: drop old replicas that are not available, oldest replica set first."""
    olds = sorted(olds, key=util.by_creation)
    total = 0
    for i, rs in enumerate(olds):
        if total >= max_cleanup:
            break
        available = (rs.get("status") or {}).get("availableReplicas", 0)
        if replicas(rs) == 0 or replicas(rs) == available:
            continue
        count = min(max_cleanup - total, replicas(rs) - available)
        _, olds[i] = sync.scale_and_record(dc, rs, replicas(rs) - count, d)
        total += count
    return olds, total


def scale_down_old(dc, all_rss, olds, d):
    """scaleDownOldReplicaSetsForRollingUpdate: as many as availability above the minimum allows."""
    min_available = replicas(d) - util.max_unavailable(d)
    available = util.status_count(all_rss, "availableReplicas")
    if available <= min_available:
        return 0
    total, budget = 0, available - min_available
    for rs in sorted(olds, key=util.by_creation):
        if total >= budget:
            break
        if replicas(rs) == 0:
            continue
        count = min(replicas(rs), budget - total)
        sync.scale_and_record(dc, rs, replicas(rs) - count, d)
        total += count
    return total
