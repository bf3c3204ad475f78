"""CertificateSigningRequests in the apiserver (pkg/registry/certificates/certificates/strategy.go):
the requester's identity written into the spec on create, and the approval subresource that may
change only status.conditions (Approved and Denied exclusive, never removed)."""
import copy

from .errors import FieldError

# who a create sent straight to the server (not through a client's AuthorizingView) stands for: the admin
REQUESTER = {"username": "kubernetes-admin", "groups": ["kubeadm:cluster-admins", "system:authenticated"]}
APPROVAL_TYPES = ("Approved", "Denied")
_requesters = []  # the users of the creates under way (the request context's user.Info)


class requested_by:
    """`with requested_by(user):` a CertificateSigningRequest created inside records `user` as its requester."""

    def __init__(self, user):
        self.user = user

    def __enter__(self):
        _requesters.append(self.user)
        return self

    def __exit__(self, *exc):
        _requesters.pop()
        return False


def prepare_for_create(obj):
    """Clear user-specified identity, inject the requester's (name, uid, groups and extra, each when it has
    one), and start with an empty status."""
    spec = obj.setdefault("spec", {})
    for key in ("username", "uid", "groups", "extra"):
        spec.pop(key, None)
    user = _requesters[-1] if _requesters else REQUESTER
    spec["username"] = user["username"]
    if user.get("uid"):
        spec["uid"] = user["uid"]
    if user.get("groups"):
        spec["groups"] = list(user["groups"])
    if user.get("extra"):
        spec["extra"] = copy.deepcopy(user["extra"])
    obj["status"] = {}


def prepare_for_approval(obj, old, now):
    """csrApprovalStrategy: everything but status.conditions comes from the stored object; missing
    condition timestamps are filled (the transition time kept while a condition's status holds)."""
    conditions = list((obj.get("status") or {}).get("conditions") or [])
    meta = obj.get("metadata") or {}
    obj.clear()
    obj.update({k: v for k, v in old.items() if k != "metadata"})
    obj["metadata"] = dict(old["metadata"], resourceVersion=meta.get("resourceVersion"))
    status = dict(old.get("status") or {})
    previous = {c.get("type"): c for c in status.get("conditions") or []}
    for c in conditions:
        if not c.get("lastUpdateTime"):
            c["lastUpdateTime"] = now
        if not c.get("lastTransitionTime"):
            before = previous.get(c.get("type"))
            c["lastTransitionTime"] = before["lastTransitionTime"] if before and before.get("status") == c.get("status") \
                and before.get("lastTransitionTime") else now
    if conditions:
        status["conditions"] = conditions
    else:
        status.pop("conditions", None)
    obj["status"] = status


def validate_conditions(obj, old):
    """validateConditions: types required and unique, Approved/Denied True and exclusive, never removed."""
    errs, path = [], "status.conditions"
    seen = set()
    conditions = (obj.get("status") or {}).get("conditions") or []
    for i, c in enumerate(conditions):
        kind = c.get("type") or ""
        if not kind:
            errs.append(FieldError.required(f"{path}[{i}].type"))
        if kind in seen:
            errs.append(FieldError.duplicate(f"{path}[{i}].type", kind))
        seen.add(kind)
        if kind in APPROVAL_TYPES and c.get("status") != "True":
            errs.append(FieldError.not_supported(f"{path}[{i}].status", c.get("status", ""), ["True"]))
    if "Approved" in seen and "Denied" in seen:
        errs.append(FieldError.invalid(path, conditions, "Approved and Denied conditions are mutually exclusive"))
    old_types = {c.get("type") for c in (old.get("status") or {}).get("conditions") or []}
    for kind in ("Approved", "Denied", "Failed"):
        if kind in old_types and kind not in seen:
            errs.append(FieldError.forbidden(path, f'updates may not remove a condition of type "{kind}"'))
    return errs
