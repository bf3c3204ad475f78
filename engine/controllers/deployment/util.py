"""The annotations, conditions and replica arithmetic of pkg/controller/deployment/util
(deployment_util.go): revisions, fenceposts, proportions, saturation and completeness."""
import json
import math

from ...api.intstr import scaled_value

REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
ROLLBACK_TO = "deprecated.deployment.rollback.to"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
HASH_LABEL = "pod-template-hash"
MAX_REV_HISTORY_CHARS = 2000
MAX_INT32 = 2 ** 31 - 1
SKIPPED_ANNOTATIONS = {LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO}

# condition reasons
NEW_RS_CREATED = "NewReplicaSetCreated"
FOUND_NEW_RS = "FoundNewReplicaSet"
RS_UPDATED = "ReplicaSetUpdated"
NEW_RS_AVAILABLE = "NewReplicaSetAvailable"
TIMED_OUT = "ProgressDeadlineExceeded"
PAUSED = "DeploymentPaused"
RESUMED = "DeploymentResumed"
FAILED_RS_CREATE = "ReplicaSetCreateError"
MIN_AVAILABLE = "MinimumReplicasAvailable"
MIN_UNAVAILABLE = "MinimumReplicasUnavailable"

SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


# hashing
def fnv32a(data, h=0x811C9DC5):
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def safe_encode(text):
    """rand.SafeEncodeString: each byte mapped into an alphabet without vowels or look-alikes."""
    return "".join(SAFE_ALPHABET[b % len(SAFE_ALPHABET)] for b in text.encode())


def compute_hash(template, collision_count=None):
    """controller.ComputeHash: FNV-32a of the template, then the collision count as 8 little-endian
    bytes. Kubernetes feeds FNV a go-spew dump of the Go struct; we feed canonical JSON, so the
    algorithm and alphabet are Kubernetes' but the hash of a given template differs from a real cluster's."""
    h = fnv32a(json.dumps(template, sort_keys=True, separators=(",", ":")).encode())
    if collision_count is not None:
        h = fnv32a((collision_count & 0xFFFFFFFF).to_bytes(4, "little") + b"\0\0\0\0", h)
    return safe_encode(str(h))


def is_rolling(d):
    return (d["spec"].get("strategy") or {}).get("type", "RollingUpdate") == "RollingUpdate"


def replicas(obj):
    return (obj.get("spec") or {}).get("replicas", 1)


def resolve_fenceposts(d):
    """ResolveFenceposts: surge rounds up, unavailable rounds down, never both zero."""
    ru = (d["spec"].get("strategy") or {}).get("rollingUpdate") or {}
    desired = replicas(d)
    surge = scaled_value(ru.get("maxSurge", "25%"), desired, True)
    unavailable = scaled_value(ru.get("maxUnavailable", "25%"), desired, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def max_surge(d):
    return resolve_fenceposts(d)[0] if is_rolling(d) else 0


def max_unavailable(d):
    if not is_rolling(d) or replicas(d) == 0:
        return 0
    return min(resolve_fenceposts(d)[1], replicas(d))


# replica counts over replica sets
def spec_count(rss):
    return sum(replicas(rs) for rs in rss if rs)


def status_count(rss, field="replicas"):
    return sum((rs.get("status") or {}).get(field, 0) for rs in rss if rs)


def active(rss):
    return [rs for rs in rss if rs and replicas(rs) > 0]


def by_creation(rs):
    return (rs["metadata"].get("creationTimestamp") or "", rs["metadata"]["name"])


def revision(rs):
    try:
        return int(((rs["metadata"].get("annotations") or {}).get(REVISION)) or 0)
    except ValueError:
        return 0


def max_revision(rss):
    return max([revision(rs) for rs in rss] or [0])


def template_equal_ignore_hash(a, b):
    """EqualIgnoreHash: templates equal once the pod-template-hash label is dropped."""
    return _without_hash(a or {}) == _without_hash(b or {})


def _without_hash(template):
    """The template with the hash label dropped: copies only the dicts on the way to the labels."""
    meta = template.get("metadata") or {}
    labels = meta.get("labels")
    if not labels or HASH_LABEL not in labels:
        return template
    meta = dict(meta)
    meta["labels"] = {k: v for k, v in labels.items() if k != HASH_LABEL}
    if not meta["labels"]:
        del meta["labels"]
    return dict(template, metadata=meta)


def find_new(d, rss):
    """FindNewReplicaSet: the oldest replica set whose template equals the deployment's."""
    for rs in sorted(rss, key=by_creation):
        if template_equal_ignore_hash(rs["spec"].get("template"), d["spec"].get("template")):
            return rs
    return None


def find_active_or_latest(new, olds):
    if new is None and not olds:
        return None
    olds = sorted(olds, key=by_creation, reverse=True)
    live = active(olds + [new])
    if not live:
        return new if new is not None else olds[0]
    return live[0] if len(live) == 1 else None


def _int_annotation(rs, key):
    value = (rs["metadata"].get("annotations") or {}).get(key)
    try:
        return int(value), True
    except (TypeError, ValueError):
        return 0, False


def is_saturated(d, rs):
    if rs is None:
        return False
    desired, ok = _int_annotation(rs, DESIRED_REPLICAS)
    return ok and replicas(rs) == replicas(d) and desired == replicas(d) \
        and (rs.get("status") or {}).get("availableReplicas", 0) == replicas(d)


def rs_proportion(rs, d, to_add, added):
    """GetReplicaSetProportion: this replica set's share of a scale, bounded by what is left."""
    if rs is None or replicas(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    fraction = _rs_fraction(rs, d)
    allowed = to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


def _rs_fraction(rs, d):
    if replicas(d) == 0:
        return -replicas(rs)
    deployment_max = replicas(d) + max_surge(d)
    before, ok = _int_annotation(rs, MAX_REPLICAS)
    if not ok or before == 0:
        before = (d.get("status") or {}).get("replicas", 0)
        if before == 0:
            return 0
    size = replicas(rs) * deployment_max / before
    return int(math.floor(size + 0.5)) - replicas(rs)  # math.Round: halves away from zero (size >= 0)


def new_rs_new_replicas(d, all_rss, new):
    """NewRSNewReplicas: how far the new replica set may grow now."""
    if not is_rolling(d):
        return replicas(d)
    ru = (d["spec"].get("strategy") or {}).get("rollingUpdate") or {}
    surge = scaled_value(ru.get("maxSurge", "25%"), replicas(d), True)
    current = spec_count(all_rss)
    max_total = replicas(d) + surge
    if current >= max_total:
        return replicas(new)
    return replicas(new) + min(max_total - current, replicas(d) - replicas(new))


# annotations
def set_replicas_annotations(rs, desired, maximum):
    ann = rs["metadata"].setdefault("annotations", {})
    changed = False
    for key, value in ((DESIRED_REPLICAS, str(desired)), (MAX_REPLICAS, str(maximum))):
        if ann.get(key) != value:
            ann[key] = value
            changed = True
    return changed


def replicas_annotations_need_update(rs, desired, maximum):
    ann = rs["metadata"].get("annotations") or {}
    return ann.get(DESIRED_REPLICAS) != str(desired) or ann.get(MAX_REPLICAS) != str(maximum)


def copy_annotations_to_rs(d, rs):
    ann = rs["metadata"].setdefault("annotations", {})
    changed = False
    for key, value in (d["metadata"].get("annotations") or {}).items():
        if key in SKIPPED_ANNOTATIONS or ann.get(key) == value:
            continue
        ann[key] = value
        changed = True
    return changed


def set_new_rs_annotations(d, rs, new_revision, exists):
    """SetNewReplicaSetAnnotations: copy the deployment's annotations and raise the revision, keeping
    the revisions a reused (rolled back to) replica set had in revision-history."""
    changed = copy_annotations_to_rs(d, rs)
    ann = rs["metadata"].setdefault("annotations", {})
    old = ann.get(REVISION)
    try:
        old_int = int(old) if old is not None else 0
    except ValueError:
        if old != "":
            return False
        old_int = 0
    new_int = int(new_revision)
    if old_int < new_int:
        ann[REVISION] = new_revision
        changed = True
        if old is not None:
            history = ann.get(REVISION_HISTORY, "")
            parts = history.split(",")
            if not parts[0]:
                ann[REVISION_HISTORY] = old
            else:
                total, start = len(history) + len(old) + 1, 0
                while total > MAX_REV_HISTORY_CHARS and start < len(parts):
                    total -= len(parts[start]) + 1
                    start += 1
                if total <= MAX_REV_HISTORY_CHARS:
                    ann[REVISION_HISTORY] = ",".join(parts[start:] + [old])
    if not exists and set_replicas_annotations(rs, replicas(d), replicas(d) + max_surge(d)):
        changed = True
    return changed


def set_deployment_revision(d, rev):
    ann = d["metadata"].setdefault("annotations", {})
    if ann.get(REVISION) != rev:
        ann[REVISION] = rev
        return True
    return False


# conditions
def has_progress_deadline(d):
    deadline = d["spec"].get("progressDeadlineSeconds")
    return deadline is not None and deadline != MAX_INT32


def get_condition(status, type_):
    return next((c for c in (status or {}).get("conditions") or [] if c.get("type") == type_), None)


def new_condition(clock, type_, status, reason, message):
    now = clock.timestamp()
    return {"type": type_, "status": status, "lastUpdateTime": now, "lastTransitionTime": now,
            "reason": reason, "message": message}


def set_condition(status, cond):
    """SetDeploymentCondition: no change for the same status and reason; the transition time is kept
    while the status is unchanged; the condition moves to the end."""
    current = get_condition(status, cond["type"])
    if current and current["status"] == cond["status"] and current.get("reason") == cond["reason"]:
        return
    if current and current["status"] == cond["status"]:
        cond = dict(cond, lastTransitionTime=current["lastTransitionTime"])
    remove_condition(status, cond["type"])
    status.setdefault("conditions", []).append(cond)


def remove_condition(status, type_):
    conditions = [c for c in status.get("conditions") or [] if c.get("type") != type_]
    if conditions:
        status["conditions"] = conditions
    else:
        status.pop("conditions", None)


def deployment_complete(d, status):
    want = replicas(d)
    return status.get("updatedReplicas", 0) == want and status.get("replicas", 0) == want \
        and status.get("availableReplicas", 0) == want \
        and status.get("observedGeneration", 0) >= d["metadata"].get("generation", 0)


def deployment_progressing(d, new_status):
    old = d.get("status") or {}
    old_olds = old.get("replicas", 0) - old.get("updatedReplicas", 0)
    new_olds = new_status.get("replicas", 0) - new_status.get("updatedReplicas", 0)
    return new_status.get("updatedReplicas", 0) > old.get("updatedReplicas", 0) or new_olds < old_olds \
        or new_status.get("readyReplicas", 0) > old.get("readyReplicas", 0) \
        or new_status.get("availableReplicas", 0) > old.get("availableReplicas", 0)


def deployment_timed_out(d, new_status, clock):
    if not has_progress_deadline(d):
        return False
    cond = get_condition(new_status, "Progressing")
    if cond is None or cond.get("reason") == NEW_RS_AVAILABLE:
        return False
    if cond.get("reason") == TIMED_OUT:
        return True
    return clock.parse(cond["lastUpdateTime"]) + d["spec"]["progressDeadlineSeconds"] < clock.now
