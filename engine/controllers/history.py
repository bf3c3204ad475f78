"""ControllerRevisions as pkg/controller/history keeps them for DaemonSets and StatefulSets: a
snapshot of the pod template per revision, named `<owner>-<hash>`, hashed as Kubernetes hashes it."""
import json

from ..api.errors import ApiError
from ..api.selectors import from_label_selector

REVISION_HASH_LABEL = "controller-revision-hash"
HASH_LABEL = "controller.kubernetes.io/hash"  # history.ControllerRevisionHashLabel (StatefulSet revisions)
_SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # apimachinery rand.SafeEncodeString


def safe_encode(text):
    return "".join(_SAFE_ALPHABET[ord(ch) % len(_SAFE_ALPHABET)] for ch in text)


def fnv32(data):
    """hash/fnv New32 (FNV-1, not 1a): multiply then xor."""
    h = 0x811C9DC5
    for byte in data:
        h = (h * 0x01000193) & 0xFFFFFFFF
        h ^= byte
    return h


def template_patch(obj):
    """getPatch: `{"spec":{"template":{...,"$patch":"replace"}}}` as Go's json.Marshal writes a map
    (sorted keys, no spaces); the template's metadata carries Go's `creationTimestamp: null`."""
    template = json.loads(json.dumps(obj["spec"]["template"]))
    template.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    template["$patch"] = "replace"
    return json.dumps({"spec": {"template": template}}, sort_keys=True, separators=(",", ":"))


def revision_hash(raw, collision_count=None):
    """HashControllerRevision: FNV-32 of the data, then of the collision count, safely encoded."""
    data = raw.encode()
    if collision_count is not None:
        data += str(collision_count).encode()
    return safe_encode(str(fnv32(data)))


def revision_name(owner_name, hash_):
    prefix = owner_name[:223] if len(owner_name) > 223 else owner_name
    return f"{prefix}-{hash_}"


def _strip_nulls(value):
    """The apiserver drops nulls from stored JSON, so revisions compare without them."""
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_nulls(v) for v in value]
    return value


def same_data(a, b):
    return _strip_nulls(a) == _strip_nulls(b)


def owned_revisions(server, owner):
    """The ControllerRevisions controlled by `owner`, oldest revision first."""
    meta = owner["metadata"]
    # as the controllers' history lister: by the owner's selector (revisions carry the template's labels)
    reqs = from_label_selector((owner.get("spec") or {}).get("selector"))
    items = [r for r in server.list("controllerrevisions", meta["namespace"], label_selector=reqs)["items"]
             if any(ref.get("controller") and ref.get("uid") == meta["uid"]
                    for ref in r["metadata"].get("ownerReferences") or [])]
    return sorted(items, key=lambda r: (r.get("revision", 0), r["metadata"]["name"]))


def owner_reference(owner):
    return {"apiVersion": owner["apiVersion"], "kind": owner["kind"], "name": owner["metadata"]["name"],
            "uid": owner["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}


def ensure_revision(server, owner, revisions, labels, hash_label=REVISION_HASH_LABEL):
    """The revision whose data equals the owner's current template: an existing one (its revision number
    bumped to the newest if it is not the newest), or a new one. Returns (revision, collision_count)."""
    raw = template_patch(owner)
    data = json.loads(raw)
    collision = (owner.get("status") or {}).get("collisionCount")
    newest = max((r.get("revision", 0) for r in revisions), default=0)
    for existing in revisions:
        if same_data(existing.get("data"), data):
            if existing.get("revision", 0) != newest:
                existing = dict(existing, revision=newest + 1)
                existing = server.update("controllerrevisions", existing, existing["metadata"]["namespace"])
            return existing, collision
    meta = owner["metadata"]
    while True:
        hash_ = revision_hash(raw, collision)
        revision = {"apiVersion": "apps/v1", "kind": "ControllerRevision",
                    "metadata": {"name": revision_name(meta["name"], hash_), "namespace": meta["namespace"],
                                 "labels": dict(labels or {}, **{hash_label: hash_}),
                                 "ownerReferences": [owner_reference(owner)]},
                    "data": data, "revision": newest + 1}
        if meta.get("annotations"):
            revision["metadata"]["annotations"] = dict(meta["annotations"])
        try:
            return server.create("controllerrevisions", revision, meta["namespace"]), collision
        except ApiError as e:
            if e.code != 409:
                raise
            clash = server.get("controllerrevisions", revision["metadata"]["name"], meta["namespace"])
            if same_data(clash.get("data"), data) and any(r.get("uid") == meta["uid"] for r in clash["metadata"].get("ownerReferences") or []):
                return clash, collision
            collision = (collision or 0) + 1  # a hash collision: the owner's status.collisionCount goes up


def truncate_history(server, owner, revisions, live, limit):
    """Delete the oldest revisions no pod uses beyond revisionHistoryLimit."""
    unused = [r for r in revisions if r["metadata"]["name"] not in live]
    for revision in unused[:max(len(unused) - limit, 0)]:
        try:
            server.delete("controllerrevisions", revision["metadata"]["name"], revision["metadata"]["namespace"])
        except ApiError as e:
            if e.code != 404:
                raise


def pod_ready(pod):
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


def pod_available(pod, min_ready_seconds, clock):
    """podutil.IsPodAvailable: Ready for at least minReadySeconds."""
    if not pod_ready(pod):
        return False
    if not min_ready_seconds:
        return True
    cond = next(c for c in pod["status"]["conditions"] if c.get("type") == "Ready")
    since = cond.get("lastTransitionTime")
    return since is not None and clock.parse(since) + min_ready_seconds <= clock.now


def terminating(pod):
    return bool(pod["metadata"].get("deletionTimestamp"))
