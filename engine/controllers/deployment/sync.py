"""sync.go: finding and creating the new ReplicaSet, revisions, scaling (proportional during a
rollout), revision history cleanup and the deployment status."""
import copy

from ...api.errors import ApiError
from ...api.selectors import from_label_selector, matches
from ..base import controller_ref, terminating_namespace
from ..replicaset import new_controller_ref
from . import util
from .util import replicas

RS = "replicasets.apps"


# the replica sets of a deployment
def replica_sets_for(dc, d):
    """getReplicaSetsForDeployment + ClaimReplicaSets: adopt matching orphans, release non-matching."""
    meta = d["metadata"]
    reqs = from_label_selector(d["spec"].get("selector"))
    namespace, uid = meta["namespace"], meta["uid"]
    candidates = {rs["metadata"]["name"]: rs for rs in dc.server.list(RS, namespace, label_selector=reqs)["items"]} if reqs else {}
    for name in list(dc.owned.get(uid, ())):
        if name not in candidates:
            rs = dc.get(RS, name, namespace)
            if rs is not None:
                candidates[name] = rs
    claimed = []
    for name in sorted(candidates):
        rs = candidates[name]
        ref = controller_ref(rs)
        selected = bool(reqs) and matches(reqs, rs["metadata"].get("labels"))
        if ref is not None:
            if ref["uid"] != uid:
                continue
            if selected:
                claimed.append(rs)
            elif not meta.get("deletionTimestamp"):
                _patch_refs(dc, rs, [r for r in rs["metadata"].get("ownerReferences") or [] if r.get("uid") != uid])
            continue
        if selected and not meta.get("deletionTimestamp") and not rs["metadata"].get("deletionTimestamp"):
            fresh = dc.get("deployments.apps", meta["name"], namespace)
            if fresh is None or fresh["metadata"]["uid"] != uid or fresh["metadata"].get("deletionTimestamp"):
                continue
            adopted = _patch_refs(dc, rs, list(rs["metadata"].get("ownerReferences") or []) + [new_controller_ref(d)])
            if adopted is not None:
                claimed.append(adopted)
    return claimed


def _patch_refs(dc, rs, refs):
    patch = {"metadata": {"ownerReferences": refs or None, "uid": rs["metadata"]["uid"]}}
    try:
        return dc.server.patch(RS, rs["metadata"]["name"], patch, "application/merge-patch+json",
                               namespace=rs["metadata"]["namespace"])
    except ApiError as e:
        if e.code in (404, 409, 422):
            return None
        raise


def old_replica_sets(d, rss, new):
    return [rs for rs in rss if new is None or rs["metadata"]["uid"] != new["metadata"]["uid"]]


def all_and_sync_revision(dc, d, rss, create):
    """getAllReplicaSetsAndSyncRevision: (new or None, old replica sets)."""
    new = util.find_new(d, rss)
    olds = old_replica_sets(d, rss, new)
    return new_replica_set(dc, d, rss, olds, new, create), olds


def _save_status(dc, d):
    updated = dc.update_status(d)
    d["metadata"]["resourceVersion"] = updated["metadata"]["resourceVersion"]
    return updated


def new_replica_set(dc, d, rss, olds, existing, create):
    """getNewReplicaSet: bring the existing new replica set's annotations up to date, or create it."""
    new_revision = str(util.max_revision(olds) + 1)
    if existing is not None:
        # the sync writes only annotations and minReadySeconds: copy just those dicts
        meta = existing["metadata"]
        rs = dict(existing, metadata=dict(meta, annotations=dict(meta.get("annotations") or {})),
                  spec=dict(existing["spec"]))
        changed = util.set_new_rs_annotations(d, rs, new_revision, True)
        min_ready = d["spec"].get("minReadySeconds", 0)
        if changed or rs["spec"].get("minReadySeconds", 0) != min_ready:
            rs["spec"]["minReadySeconds"] = min_ready
            return dc.server.update(RS, rs)
        needs = util.set_deployment_revision(d, (rs["metadata"].get("annotations") or {}).get(util.REVISION))
        if util.has_progress_deadline(d) and util.get_condition(d["status"], "Progressing") is None:
            util.set_condition(d["status"], util.new_condition(dc.clock, "Progressing", "True", util.FOUND_NEW_RS,
                                                               f'Found new replica set "{rs["metadata"]["name"]}"'))
            needs = True
        if needs:
            _save_status(dc, d)
        return rs
    if not create:
        return None
    return _create_new(dc, d, olds, new_revision)


def _create_new(dc, d, olds, new_revision):
    template = copy.deepcopy(d["spec"]["template"])
    collisions = d["status"].get("collisionCount")
    pod_hash = util.compute_hash(template, collisions)
    template.setdefault("metadata", {})
    template["metadata"]["labels"] = dict(template["metadata"].get("labels") or {}, **{util.HASH_LABEL: pod_hash})
    selector = copy.deepcopy(d["spec"]["selector"])
    selector["matchLabels"] = dict(selector.get("matchLabels") or {}, **{util.HASH_LABEL: pod_hash})
    name = f"{d['metadata']['name']}-{pod_hash}"
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
          "metadata": {"name": name, "namespace": d["metadata"]["namespace"],
                       "ownerReferences": [new_controller_ref(d)], "labels": dict(template["metadata"]["labels"])},
          "spec": {"replicas": 0, "minReadySeconds": d["spec"].get("minReadySeconds", 0),
                   "selector": selector, "template": template}}
    count = util.new_rs_new_replicas(d, olds + [rs], rs)
    rs["spec"]["replicas"] = count
    util.set_new_rs_annotations(d, rs, new_revision, False)
    exists = False
    try:
        created = dc.server.create(RS, rs)
    except ApiError as e:
        if e.code == 409:
            found = dc.get(RS, name, d["metadata"]["namespace"])
            ref = controller_ref(found) if found else None
            if found and ref and ref["uid"] == d["metadata"]["uid"] \
                    and util.template_equal_ignore_hash(d["spec"]["template"], found["spec"]["template"]):
                created, exists = found, True
            else:
                d["status"]["collisionCount"] = (collisions or 0) + 1
                _save_status(dc, d)
                raise
        elif terminating_namespace(e):
            raise
        else:
            msg = f'Failed to create new replica set "{name}": {e.message}'
            if util.has_progress_deadline(d):
                util.set_condition(d["status"], util.new_condition(dc.clock, "Progressing", "False",
                                                                   util.FAILED_RS_CREATE, msg))
                try:
                    _save_status(dc, d)
                except ApiError:
                    pass
            dc.recorder.event(d, "Warning", util.FAILED_RS_CREATE, msg)
            raise
    if not exists and count > 0:
        dc.recorder.event(d, "Normal", "ScalingReplicaSet",
                          f"Scaled up replica set {created['metadata']['name']} from 0 to {count}")
    needs = util.set_deployment_revision(d, new_revision)
    if not exists and util.has_progress_deadline(d):
        util.set_condition(d["status"], util.new_condition(dc.clock, "Progressing", "True", util.NEW_RS_CREATED,
                                                           f'Created new replica set "{created["metadata"]["name"]}"'))
        needs = True
    if needs:
        _save_status(dc, d)
    return created


# scaling
def scale(dc, d, new, olds):
    """scale: one active replica set takes the whole count; otherwise a saturated new replica set
    empties the old ones, or the surplus or deficit is shared proportionally (largest first)."""
    latest = util.find_active_or_latest(new, olds)
    if latest is not None:
        if replicas(latest) != replicas(d):
            scale_and_record(dc, latest, replicas(d), d)
        return
    if util.is_saturated(d, new):
        for old in util.active(olds):
            scale_and_record(dc, old, 0, d)
        return
    if not util.is_rolling(d):
        return
    rss = util.active(olds + [new])
    allowed = replicas(d) + util.max_surge(d) if replicas(d) > 0 else 0
    to_add = allowed - util.spec_count(rss)
    operation = ""
    if to_add > 0:
        # ReplicaSetsBySizeNewer: larger first, newer first among equals
        rss.sort(key=util.by_creation, reverse=True)
        rss.sort(key=lambda rs: -replicas(rs))
        operation = "up"
    elif to_add < 0:
        rss.sort(key=lambda rs: (-replicas(rs), util.by_creation(rs)))
        operation = "down"
    sizes, added = {}, 0
    for rs in rss:
        if to_add:
            share = util.rs_proportion(rs, d, to_add, added)
            sizes[rs["metadata"]["name"]] = replicas(rs) + share
            added += share
        else:
            sizes[rs["metadata"]["name"]] = replicas(rs)
    for i, rs in enumerate(rss):
        name = rs["metadata"]["name"]
        if i == 0 and to_add:
            sizes[name] = max(sizes[name] + to_add - added, 0)
        scale_rs(dc, rs, sizes[name], d, operation)


def scale_and_record(dc, rs, size, d):
    """scaleReplicaSetAndRecordEvent: (scaled, replica set)."""
    if replicas(rs) == size:
        return False, rs
    return scale_rs(dc, rs, size, d, "up" if replicas(rs) < size else "down")


def scale_rs(dc, rs, size, d, operation):
    """scaleReplicaSet: the new size and the replicas annotations, with a ScalingReplicaSet event."""
    desired, maximum = replicas(d), replicas(d) + util.max_surge(d)
    size_changed = replicas(rs) != size
    if not size_changed and not util.replicas_annotations_need_update(rs, desired, maximum):
        return False, rs
    old = replicas(rs)
    rs = copy.deepcopy(rs)
    rs["spec"]["replicas"] = size
    util.set_replicas_annotations(rs, desired, maximum)
    rs = dc.server.update(RS, rs)
    if size_changed:
        direction = "up" if operation == "up" else "down"
        dc.recorder.event(d, "Normal", "ScalingReplicaSet",
                          f"Scaled {direction} replica set {rs['metadata']['name']} from {old} to {size}")
    return size_changed, rs


def is_scaling_event(dc, d, rss):
    """isScalingEvent: an active replica set's desired-replicas annotation differs from spec.replicas."""
    new, olds = all_and_sync_revision(dc, d, rss, False)
    for rs in util.active(olds + [new]):
        value = (rs["metadata"].get("annotations") or {}).get(util.DESIRED_REPLICAS)
        try:
            desired = int(value)
        except (TypeError, ValueError):
            continue
        if desired != replicas(d):
            return True
    return False


def sync(dc, d, rss):
    """sync: scaling and status for paused deployments and scaling events (no rollout)."""
    new, olds = all_and_sync_revision(dc, d, rss, False)
    scale(dc, d, new, olds)
    if d["spec"].get("paused"):
        cleanup(dc, olds, d)
    return sync_status(dc, olds + [new], new, d)


def sync_status_only(dc, d, rss):
    new, olds = all_and_sync_revision(dc, d, rss, False)
    return sync_status(dc, olds + [new], new, d)


def cleanup(dc, olds, d):
    """cleanupDeployment: delete the oldest empty replica sets beyond revisionHistoryLimit."""
    limit = d["spec"].get("revisionHistoryLimit")
    if limit is None:
        return
    cleanable = [rs for rs in olds if rs and not rs["metadata"].get("deletionTimestamp")]
    diff = len(cleanable) - limit
    if diff <= 0:
        return
    cleanable.sort(key=lambda rs: (util.revision(rs), util.by_creation(rs)))
    for rs in cleanable[:diff]:
        status = rs.get("status") or {}
        if status.get("replicas", 0) or replicas(rs) or \
                rs["metadata"].get("generation", 0) > status.get("observedGeneration", 0):
            continue
        try:
            dc.server.delete(RS, rs["metadata"]["name"], rs["metadata"]["namespace"])
        except ApiError as e:
            if e.code != 404:
                raise


def calculate_status(dc, rss, new, d):
    """calculateStatus: counts over the replica sets and the Available condition."""
    rss = [rs for rs in rss if rs]
    available = util.status_count(rss, "availableReplicas")
    total = util.spec_count(rss)
    status = {"observedGeneration": d["metadata"].get("generation"),
              "replicas": util.status_count(rss),
              "updatedReplicas": util.status_count([new] if new else []),
              "readyReplicas": util.status_count(rss, "readyReplicas"),
              "availableReplicas": available,
              "unavailableReplicas": max(total - available, 0),
              "collisionCount": d["status"].get("collisionCount")}
    status = {k: v for k, v in status.items() if v}
    conditions = [dict(c) for c in d["status"].get("conditions") or []]
    if conditions:
        status["conditions"] = conditions
    if available >= replicas(d) - util.max_unavailable(d):
        cond = util.new_condition(dc.clock, "Available", "True", util.MIN_AVAILABLE, "Deployment has minimum availability.")
    else:
        cond = util.new_condition(dc.clock, "Available", "False", util.MIN_UNAVAILABLE,
                                  "Deployment does not have minimum availability.")
    util.set_condition(status, cond)
    return status


def sync_status(dc, rss, new, d):
    status = calculate_status(dc, rss, new, d)
    if status != d["status"]:
        d["status"] = status
        _save_status(dc, d)
    return None
