"""The other core/v1 kinds: ConfigMap, Secret, Namespace, Node, PersistentVolume(Claim), ResourceQuota,
LimitRange, ServiceAccount, Endpoints, Event — in core/validation's order and wording."""
import base64
import binascii
import json

from .. import quantity
from ..errors import FieldError, GoRaw
from . import names
from .meta import label_name, object_meta, object_meta_update
from .scheduling import TAINT_EFFECTS
from .podupdate import spec_diff

MAX_SECRET_SIZE = 1024 * 1024
ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]
QUOTA_RESOURCES = {"pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
                   "persistentvolumeclaims", "services.nodeports", "services.loadbalancers", "cpu", "memory",
                   "ephemeral-storage", "requests.cpu", "requests.memory", "requests.storage",
                   "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage"}
PV_SOURCES = ("gcePersistentDisk", "awsElasticBlockStore", "hostPath", "glusterfs", "nfs", "rbd", "quobyte",
              "iscsi", "cephfs", "cinder", "fc", "flocker", "flexVolume", "azureFile", "vsphereVolume",
              "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "local", "storageos", "csi")


def _decoded_size(value):
    try:
        return len(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError, TypeError):
        return len(str(value))


def validate_config_map(obj):
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    data, binary = obj.get("data") or {}, obj.get("binaryData") or {}
    size = 0
    for key in sorted(data):
        errs += [FieldError.invalid(f"data[{key}]", key, m) for m in names.is_config_map_key(key)]
        if key in binary:
            errs.append(FieldError.invalid(f"data[{key}]", key, "duplicate of key present in binaryData"))
        size += len(str(data[key]).encode())
    for key in sorted(binary):
        errs += [FieldError.invalid(f"binaryData[{key}]", key, m) for m in names.is_config_map_key(key)]
        size += _decoded_size(binary[key])
    if size > MAX_SECRET_SIZE:
        errs.append(FieldError.too_long("[]", MAX_SECRET_SIZE))  # field.NewPath("") prints as []
    return errs


def _immutable_payload(obj, old, fields):
    errs = []
    if old.get("immutable"):
        if not obj.get("immutable"):
            errs.append(FieldError.forbidden("immutable", "field is immutable when `immutable` is set"))
        for field in fields:
            if (obj.get(field) or {}) != (old.get(field) or {}):
                errs.append(FieldError.forbidden(field, "field is immutable when `immutable` is set"))
    return errs


def validate_config_map_update(obj, old):
    errs = object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    errs += _immutable_payload(obj, old, ("data", "binaryData"))
    return errs + validate_config_map(obj)


def _secret_data(obj):
    data = {k: _decoded(v) for k, v in (obj.get("data") or {}).items()}
    for key, value in (obj.get("stringData") or {}).items():
        data[key] = str(value).encode()
    return data


def _decoded(value):
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError, TypeError):
        return str(value).encode()


def validate_secret(obj):
    meta = obj.get("metadata") or {}
    errs = object_meta(meta, True, names.name_is_dns_subdomain)
    data = _secret_data(obj)
    for key in sorted(data):
        errs += [FieldError.invalid(f"data[{key}]", key, m) for m in names.is_config_map_key(key)]
    if sum(len(v) for v in data.values()) > MAX_SECRET_SIZE:
        errs.append(FieldError.too_long("data", MAX_SECRET_SIZE))
    kind = obj.get("type", "Opaque")
    if kind == "kubernetes.io/service-account-token":
        if not (meta.get("annotations") or {}).get("kubernetes.io/service-account.name"):
            errs.append(FieldError.required("metadata.annotations[kubernetes.io/service-account.name]"))
    elif kind in ("kubernetes.io/dockercfg", "kubernetes.io/dockerconfigjson"):
        key = ".dockercfg" if kind == "kubernetes.io/dockercfg" else ".dockerconfigjson"
        if key not in data:
            errs.append(FieldError.required(f"data[{key}]"))
        else:
            try:
                parsed = json.loads(data[key])
                if not isinstance(parsed, dict):
                    raise ValueError
            except ValueError:
                errs.append(FieldError.invalid(f"data[{key}]", "<secret contents redacted>",
                                               "invalid character looking for beginning of value"))
    elif kind == "kubernetes.io/basic-auth":
        if "username" not in data and "password" not in data:
            errs += [FieldError.required("data[username]"), FieldError.required("data[password]")]
    elif kind == "kubernetes.io/ssh-auth":
        if not data.get("ssh-privatekey"):
            errs.append(FieldError.required("data[ssh-privatekey]"))
    elif kind == "kubernetes.io/tls":
        if "tls.crt" not in data:
            errs.append(FieldError.required("data[tls.crt]"))
        if "tls.key" not in data:
            errs.append(FieldError.required("data[tls.key]"))
    return errs


def validate_secret_update(obj, old):
    errs = object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    if obj.get("type", "Opaque") != old.get("type", "Opaque"):
        errs.append(FieldError.invalid("type", obj.get("type", "Opaque"), "field is immutable"))
    errs += _immutable_payload(obj, old, ("data",))
    return errs + validate_secret(obj)


def validate_namespace(obj):
    errs = object_meta(obj.get("metadata") or {}, False, names.name_is_dns_label)
    for i, fin in enumerate((obj.get("spec") or {}).get("finalizers") or []):
        errs += _namespace_finalizer(fin, f"spec.finalizers[{i}]")
    return errs


def _namespace_finalizer(value, path):
    errs = [FieldError.invalid(path, value, m) for m in names.is_qualified_name(value)]
    if not errs and "/" not in value and value != "kubernetes":
        errs.append(FieldError.invalid(path, value, "name is neither a standard finalizer name nor is it fully qualified"))
    return errs


def _taints(taints, path):
    errs, seen = [], set()
    for i, taint in enumerate(taints or []):
        p = f"{path}[{i}]"
        errs += label_name(taint.get("key", ""), f"{p}.key")
        msgs = names.is_label_value(taint.get("value", ""))
        if msgs:
            errs.append(FieldError.invalid(f"{p}.value", taint.get("value", ""), ";".join(msgs)))
        effect = taint.get("effect", "")
        if not effect:
            errs.append(FieldError.required(f"{p}.effect"))
        elif effect not in TAINT_EFFECTS:
            errs.append(FieldError.not_supported(f"{p}.effect", effect, TAINT_EFFECTS))
        key = (taint.get("key", ""), effect)
        if key in seen:
            dup = FieldError.duplicate(p, GoRaw(f"core.Taint{{Key:\"{key[0]}\", Value:\"{taint.get('value', '')}\", "
                                                f"Effect:\"{effect}\", TimeAdded:<nil>}}"))
            dup.detail = "taints must be unique by key and effect pair"
            errs.append(dup)
            continue
        seen.add(key)
    return errs


def validate_node(obj):
    errs = object_meta(obj.get("metadata") or {}, False, names.name_is_dns_subdomain)
    spec = obj.get("spec") or {}
    errs += _taints(spec.get("taints"), "metadata.taints")  # upstream really reports taints under metadata
    for i, cidr in enumerate(spec.get("podCIDRs") or []):
        errs += [FieldError.invalid(f"spec.podCIDRs[{i}]", cidr, m) for m in names.is_valid_cidr(cidr)]
    return errs


def validate_node_update(obj, old):
    errs = object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    spec, old_spec = obj.get("spec") or {}, old.get("spec") or {}
    if old_spec.get("podCIDRs") and spec.get("podCIDRs") != old_spec["podCIDRs"]:
        errs.append(FieldError.forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"))
    if old_spec.get("providerID") and old_spec["providerID"] != spec.get("providerID"):
        errs.append(FieldError.forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid"))
    return errs + _taints(spec.get("taints"), "metadata.taints")


def _access_modes(modes, path, message=""):
    errs = [] if modes else [FieldError.required(path, message)]
    for mode in modes or []:
        if mode not in ACCESS_MODES:
            errs.append(FieldError.not_supported(path, mode, ACCESS_MODES))
    if "ReadWriteOncePod" in (modes or []) and any(m != "ReadWriteOncePod" and m in ACCESS_MODES for m in modes):
        errs.append(FieldError.forbidden(path, "may not use ReadWriteOncePod with other access modes"))
    return errs


def validate_pv(obj):
    errs = object_meta(obj.get("metadata") or {}, False, names.name_is_dns_subdomain)
    spec = obj.get("spec") or {}
    errs += _access_modes(spec.get("accessModes"), "spec.accessModes")
    if not spec.get("capacity"):
        errs.append(FieldError.required("spec.capacity"))
    policy = spec.get("persistentVolumeReclaimPolicy", "Retain")
    if policy not in ("Delete", "Recycle", "Retain"):
        errs.append(FieldError.not_supported("spec.persistentVolumeReclaimPolicy", policy, ["Delete", "Recycle", "Retain"]))
    sources = [s for s in PV_SOURCES if spec.get(s) is not None]
    if not sources:
        errs.append(FieldError.required("spec", "must specify a volume type"))
    for extra in sources[1:]:
        errs.append(FieldError.forbidden(f"spec.{extra}", "may not specify more than 1 volume type"))
    if spec.get("hostPath") is not None and not spec["hostPath"].get("path"):
        errs.append(FieldError.required("spec.hostPath.path"))
    return errs


def validate_pvc(obj):
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    spec = obj.get("spec") or {}
    errs += _access_modes(spec.get("accessModes"), "spec.accessModes", "at least 1 access mode is required")
    storage = ((spec.get("resources") or {}).get("requests") or {}).get("storage")
    if storage is None:
        errs.append(FieldError.required("spec.resources[storage]"))
    else:
        q = quantity.parse(storage)
        if q.value <= 0:
            errs.append(FieldError.invalid("spec.resources[storage]", quantity.canonical(q), "must be greater than zero"))
    if spec.get("storageClassName"):
        errs += [FieldError.invalid("spec.storageClassName", spec["storageClassName"], m)
                 for m in names.name_is_dns_subdomain(spec["storageClassName"])]
    mode = spec.get("volumeMode", "Filesystem")
    if mode not in ("Block", "Filesystem"):
        errs.append(FieldError.not_supported("spec.volumeMode", mode, ["Block", "Filesystem"]))
    return errs


def validate_pvc_update(obj, old):
    errs = object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {}) + validate_pvc(obj)
    spec, old_spec = dict(obj.get("spec") or {}), dict(old.get("spec") or {})
    if not old_spec.get("volumeName"):
        old_spec["volumeName"] = spec.get("volumeName")
        old_spec = {k: v for k, v in old_spec.items() if v is not None}
    if (obj.get("status") or {}).get("phase") == "Bound":
        spec["resources"] = dict(spec.get("resources") or {}, requests=dict(
            (spec.get("resources") or {}).get("requests") or {},
            storage=((old_spec.get("resources") or {}).get("requests") or {}).get("storage")))
    if spec != old_spec:
        errs.append(FieldError.forbidden("spec", "spec is immutable after creation except resources.requests and "
                                         "volumeAttributesClassName for bound claims\n"
                                         + spec_diff(old_spec, spec, "core.PersistentVolumeClaimSpec")))
    new_size = ((obj.get("spec") or {}).get("resources") or {}).get("requests", {}).get("storage")
    old_size = ((old.get("spec") or {}).get("resources") or {}).get("requests", {}).get("storage")
    if new_size and old_size and quantity.parse(new_size).value < quantity.parse(old_size).value:
        errs.append(FieldError.forbidden("spec.resources.requests.storage", "field can not be less than previous value"))
    return errs


def _quota_resource_name(name, path):
    msgs = names.is_qualified_name(name)
    if msgs:
        return [FieldError.invalid(path, name, m) for m in msgs]
    if "/" not in name and name not in QUOTA_RESOURCES and not name.startswith(("hugepages-", "requests.hugepages-")):
        return [FieldError.invalid(path, name, "must be a standard resource for quota")]
    return []


def validate_resource_quota(obj):
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    hard = (obj.get("spec") or {}).get("hard") or {}
    for name in sorted(hard):
        errs += _quota_resource_name(name, f"spec.hard[{name}]")
        try:
            q = quantity.parse(hard[name])
        except Exception:
            continue
        if q.value < 0:
            errs.append(FieldError.invalid(f"spec.hard[{name}]", quantity.canonical(q), "must be greater than or equal to 0"))
    scopes = (obj.get("spec") or {}).get("scopes") or []
    valid = ("Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity")
    for scope in scopes:
        if scope not in valid:
            errs.append(FieldError.invalid("spec.scopes", scopes, "unsupported scope"))
    return errs


def validate_limit_range(obj):
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    seen = set()
    for i, limit in enumerate((obj.get("spec") or {}).get("limits") or []):
        p = f"spec.limits[{i}]"
        kind = limit.get("type", "")
        if "/" not in kind and kind not in ("Pod", "Container", "PersistentVolumeClaim"):
            errs.append(FieldError.invalid(f"{p}.type", kind, "must be a standard limit type or fully qualified"))
        if kind in seen:
            errs.append(FieldError.duplicate(f"{p}.type", kind))
        seen.add(kind)
        if kind == "Pod":
            for field in ("default", "defaultRequest"):
                if limit.get(field):
                    errs.append(FieldError.forbidden(f"{p}.{field}", "may not be specified when `type` is 'Pod'"))
        errs += _limit_bounds(limit, p)
    return errs


def _limit_bounds(limit, path):
    errs = []
    minimum, maximum = limit.get("min") or {}, limit.get("max") or {}
    default, request = limit.get("default") or {}, limit.get("defaultRequest") or {}
    for key in sorted(set(minimum) | set(maximum) | set(default) | set(request)):
        lo = quantity.parse(minimum[key]) if key in minimum else None
        hi = quantity.parse(maximum[key]) if key in maximum else None
        d = quantity.parse(default[key]) if key in default else None
        r = quantity.parse(request[key]) if key in request else None
        c = quantity.canonical
        if lo and hi and lo.value > hi.value:
            errs.append(FieldError.invalid(f"{path}.min[{key}]", c(lo), f"min value {c(lo)} is greater than max value {c(hi)}"))
        if r and lo and lo.value > r.value:
            errs.append(FieldError.invalid(f"{path}.defaultRequest[{key}]", c(r),
                                           f"min value {c(lo)} is greater than default request value {c(r)}"))
        if r and hi and r.value > hi.value:
            errs.append(FieldError.invalid(f"{path}.defaultRequest[{key}]", c(r),
                                           f"default request value {c(r)} is greater than max value {c(hi)}"))
        if r and d and r.value > d.value:
            errs.append(FieldError.invalid(f"{path}.defaultRequest[{key}]", c(r),
                                           f"default request value {c(r)} is greater than default limit value {c(d)}"))
        if d and lo and lo.value > d.value:
            errs.append(FieldError.invalid(f"{path}.default[{key}]", c(lo), f"min value {c(lo)} is greater than default value {c(d)}"))
        if d and hi and d.value > hi.value:
            errs.append(FieldError.invalid(f"{path}.default[{key}]", c(hi), f"default value {c(d)} is greater than max value {c(hi)}"))
    return errs


def validate_endpoints(obj):
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    for i, subset in enumerate(obj.get("subsets") or []):
        p = f"subsets[{i}]"
        for field in ("addresses", "notReadyAddresses"):
            for j, addr in enumerate(subset.get(field) or []):
                errs += [FieldError.invalid(f"{p}.{field}[{j}].ip", addr.get("ip", ""), m)
                         for m in names.is_valid_ip(addr.get("ip", ""))]
        for j, port in enumerate(subset.get("ports") or []):
            errs += [FieldError.invalid(f"{p}.ports[{j}].port", port.get("port", 0), m)
                     for m in names.is_valid_port_num(port.get("port", 0))]
    return errs


def validate_event(obj):
    meta = obj.get("metadata") or {}
    errs = object_meta(meta, True, names.name_is_dns_subdomain)
    involved = obj.get("involvedObject") or {}
    if involved.get("namespace") and meta.get("namespace") and involved["namespace"] != meta["namespace"]:
        errs.append(FieldError.invalid("involvedObject.namespace", involved["namespace"],
                                       "does not match event.namespace"))
    return errs


def validate_service_account(obj):
    return object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)

