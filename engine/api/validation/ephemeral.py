"""Updates through pods/ephemeralcontainers: ValidatePodEphemeralContainersUpdate with
validateEphemeralContainers (pkg/apis/core/validation): add only, never change or remove."""
import json

from ..errors import FieldError
from .meta import object_meta_update
from .names import is_dns1123_label

# what an ephemeral container may not set (validateFieldAllowList rejects every field outside the allow list)
NOT_ALLOWED = ("ports", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "resources",
               "resizePolicy", "restartPolicy")
MIRROR = "kubernetes.io/config.mirror"


def validate_update(obj, old):
    errs = object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    if MIRROR in ((old.get("metadata") or {}).get("annotations") or {}):
        return [FieldError.forbidden("", "static pods do not support ephemeral containers")]
    spec = obj.get("spec") or {}
    errs += _containers(spec)
    path = "spec.ephemeralContainers"
    new = {c.get("name"): c for c in spec.get("ephemeralContainers") or []}
    for before in (old.get("spec") or {}).get("ephemeralContainers") or []:
        after = new.get(before.get("name"))
        if after is None:
            errs.append(FieldError.forbidden(path, f'existing ephemeral containers "{before.get("name")}" may not be removed\n'))
        elif json.dumps(after, sort_keys=True) != json.dumps(before, sort_keys=True):
            errs.append(FieldError.forbidden(path, f'existing ephemeral containers "{before.get("name")}" may not be changed\n'))
    return errs


def _containers(spec):
    errs = []
    names = {c.get("name") for key in ("containers", "initContainers") for c in spec.get(key) or []}
    targets = {c.get("name") for c in spec.get("containers") or []}
    seen = set()
    for i, ec in enumerate(spec.get("ephemeralContainers") or []):
        at = f"spec.ephemeralContainers[{i}]"
        name = ec.get("name") or ""
        if not name:
            errs.append(FieldError.required(f"{at}.name"))
        elif name in names or name in seen:
            errs.append(FieldError.duplicate(f"{at}.name", name))
        else:
            errs += [FieldError.invalid(f"{at}.name", name, m) for m in is_dns1123_label(name)]
        seen.add(name)
        if not ec.get("image"):
            errs.append(FieldError.required(f"{at}.image"))
        target = ec.get("targetContainerName")
        if target and target not in targets:
            errs.append(FieldError.not_found(f"{at}.targetContainerName", target))
        for key in NOT_ALLOWED:
            if ec.get(key):
                errs.append(FieldError.forbidden(f"{at}.{key}", "cannot be set for an Ephemeral Container"))
    return errs
