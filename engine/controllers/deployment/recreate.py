"""recreate.go: scale every old ReplicaSet to zero, wait until their pods are gone, then create
and scale up the new one."""
from ...api.selectors import from_label_selector
from ..base import controller_ref
from . import progress, sync, util
from .util import replicas


def rollout(dc, d, rss):
    new, olds = sync.all_and_sync_revision(dc, d, rss, False)
    all_rss = olds + [new]
    scaled = False
    for rs in util.active(olds):
        if sync.scale_and_record(dc, rs, 0, d)[0]:
            scaled = True
    if scaled:
        return progress.sync_rollout_status(dc, all_rss, new, d)
    if old_pods_running(dc, d, new, olds):
        return progress.sync_rollout_status(dc, all_rss, new, d)
    if new is None:
        new, olds = sync.all_and_sync_revision(dc, d, rss, True)
        all_rss = olds + [new]
    sync.scale_and_record(dc, new, replicas(d), d)
    if util.deployment_complete(d, d["status"]):
        sync.cleanup(dc, olds, d)
    return progress.sync_rollout_status(dc, all_rss, new, d)


def old_pods_running(dc, d, new, olds):
    """oldPodsRunning: an old replica set still reports pods, or one of its pods has not finished."""
    if util.status_count(olds) > 0:
        return True
    old_uids = {rs["metadata"]["uid"] for rs in olds}
    reqs = from_label_selector(d["spec"].get("selector"))
    for pod in dc.server.list("pods", d["metadata"]["namespace"], label_selector=reqs)["items"]:
        ref = controller_ref(pod)
        if not ref or ref["uid"] not in old_uids:
            continue
        if (pod.get("status") or {}).get("phase") not in ("Failed", "Succeeded"):
            return True
    return False
