"""ValidatePodUpdate: what a pod update may change, and the `pod updates may not change fields other
than ...` error with a go-cmp style diff of the spec (cmp.Diff(old, new) over core.PodSpec)."""
import copy

from ..errors import FieldError, go_quote
from . import names
from .meta import object_meta_update
from .pod import metadata_and_spec
from .scheduling import tolerations

UPDATABLE = ("`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
             "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
             "(allow it to be set to 1 if it was previously negative)")
# Go field order of core.PodSpec and core.Container, which cmp.Diff walks.
POD_SPEC_FIELDS = ["volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy",
                   "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector",
                   "serviceAccountName", "automountServiceAccountToken", "nodeName", "securityContext",
                   "imagePullSecrets", "hostname", "subdomain", "setHostnameAsFQDN", "affinity", "schedulerName",
                   "tolerations", "hostAliases", "priorityClassName", "priority", "preemptionPolicy", "dnsConfig",
                   "readinessGates", "runtimeClassName", "overhead", "enableServiceLinks", "topologySpreadConstraints",
                   "os", "schedulingGates", "resourceClaims", "resources"]
CONTAINER_FIELDS = ["name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources",
                    "resizePolicy", "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe",
                    "startupProbe", "lifecycle", "terminationMessagePath", "terminationMessagePolicy",
                    "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty"]
FIELD_ORDERS = {"core.PodSpec": POD_SPEC_FIELDS, "core.Container": CONTAINER_FIELDS,
                "core.ContainerPort": ["name", "hostPort", "containerPort", "protocol", "hostIP"],
                "core.EnvVar": ["name", "value", "valueFrom"],
                "core.PersistentVolumeClaimSpec": ["accessModes", "selector", "resources", "volumeName",
                                                   "storageClassName", "volumeMode", "dataSource", "dataSourceRef",
                                                   "volumeAttributesClassName"]}
LIST_TYPES = {"containers": "core.Container", "initContainers": "core.Container", "ports": "core.ContainerPort",
              "env": "core.EnvVar", "volumes": "core.Volume", "volumeMounts": "core.VolumeMount",
              "tolerations": "core.Toleration"}
ZEROS = {"core.PodSpec": {"restartPolicy": "", "dnsPolicy": "", "serviceAccountName": "", "nodeName": "",
                         "hostname": "", "subdomain": "", "schedulerName": "", "priorityClassName": ""},
         "core.Container": {"name": "", "image": "", "workingDir": "", "terminationMessagePath": "",
                            "terminationMessagePolicy": "", "imagePullPolicy": "", "stdin": False,
                            "stdinOnce": False, "tty": False},
         "core.ContainerPort": {"name": "", "hostPort": 0, "containerPort": 0, "protocol": "", "hostIP": ""},
         "core.EnvVar": {"name": "", "value": ""}}
SCALAR_LIST_TYPES = {"accessModes": "[]core.PersistentVolumeAccessMode"}
GO_NAMES = {"dnsPolicy": "DNSPolicy", "dnsConfig": "DNSConfig", "httpGet": "HTTPGet", "tcpSocket": "TCPSocket",
            "grpc": "GRPC", "tty": "TTY", "os": "OS", "hostIP": "HostIP", "hostPID": "HostPID", "hostIPC": "HostIPC",
            "fsGroup": "FSGroup", "setHostnameAsFQDN": "SetHostnameAsFQDN"}
CONTEXT = 2


def _go_name(key):
    return GO_NAMES.get(key, key[:1].upper() + key[1:])


def _literal(value):
    """A compact Go-ish literal for an unchanged or replaced value."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "{" + ", ".join(_literal(v) for v in value) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_go_name(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    return str(value)


def _ordered_keys(type_name, old, new):
    """Every field of a known Go struct (absent ones at their zero value), in Go order; JSON order otherwise."""
    order = FIELD_ORDERS.get(type_name)
    keys = list(dict.fromkeys(list(old) + list(new)))
    if order:
        keys = order + [k for k in keys if k not in order]
    return keys


def _struct_lines(type_name, old, new, depth):
    zeros = ZEROS.get(type_name, {})
    rows = []  # (equal?, [lines])
    for key in _ordered_keys(type_name, old, new):
        a, b = old.get(key, zeros.get(key)), new.get(key, zeros.get(key))
        rows.append((a == b, _field_lines(key, a, b, depth)))
    return _elide(rows, depth, "fields")


def _elide(rows, depth, noun):
    out, pad = [], "  " + "\t" * depth
    changed = [i for i, (equal, _) in enumerate(rows) if not equal]
    keep = {j for i in changed for j in range(i - CONTEXT, i + CONTEXT + 1)}
    skipped = 0
    for i, (equal, lines) in enumerate(rows):
        if equal and i not in keep:
            skipped += 1
            continue
        if skipped:
            out.append(f"{pad}... // {skipped} identical {noun}")
            skipped = 0
        out += lines
    if skipped:
        out.append(f"{pad}... // {skipped} identical {noun}")
    return out


def _field_lines(key, a, b, depth):
    """Lines are plain strings, or (marker, indent, name, value) records that _align pads like gofmt."""
    pad, name = "\t" * depth, _go_name(key)
    if a == b:
        return [("  ", pad, name, _literal(a) + ",")]
    if isinstance(a, dict) and isinstance(b, dict):
        return [f"  {pad}{name}: {{"] + _struct_lines("", a, b, depth + 1) + [f"  {pad}}},"]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(isinstance(x, dict) for x in a + b):
        elem = LIST_TYPES.get(key, "")
        rows = []
        for x, y in zip(a, b):
            inner = "  " + "\t" * (depth + 1)
            rows.append((x == y, [f"{inner}{{"] + _struct_lines(elem, x, y, depth + 2) + [f"{inner}}},"]
                         if x != y else [f"{inner}{_literal(x)},"]))
        return [f"  {pad}{name}: []{elem}{{"] + _elide(rows, depth + 1, "elements") + [f"  {pad}}},"]
    scalars = (str, int, float, bool)
    if isinstance(a, list) and isinstance(b, list) and all(isinstance(x, scalars) for x in a + b):
        inner = "\t" * (depth + 1)
        lines = [f"  {pad}{name}: {SCALAR_LIST_TYPES.get(key, '[]string')}{{"]
        lines += [f"- {inner}{_literal(x)}," for x in a] + [f"+ {inner}{_literal(x)}," for x in b]
        return lines + [f"  {pad}}},"]
    lines = []
    if a is not None or b is None:
        lines.append(("- ", pad, name, _literal(a) + ","))
    if b is not None or a is None:
        lines.append(("+ ", pad, name, _literal(b) + ","))
    return lines


def _align(lines):
    """Pad `Name:` in each run of consecutive one-line fields to the run's longest name."""
    out, run = [], []

    def flush():
        width = max((len(r[2]) for r in run), default=0)
        out.extend(f"{m}{p}{(n + ':').ljust(width + 1)} {v}" for m, p, n, v in run)
        run.clear()
    for line in lines:
        if isinstance(line, tuple) and (not run or run[-1][1] == line[1]):
            run.append(line)
            continue
        flush()
        if isinstance(line, tuple):
            run.append(line)
        else:
            out.append(line)
    flush()
    return out


def spec_diff(old, new, type_name="core.PodSpec"):
    """cmp.Diff(old, new) of a spec, as the apiserver appends it to `may not change` errors."""
    return "\n".join([f"  {type_name}{{"] + _align(_struct_lines(type_name, old, new, 1)) + ["  }"]) + "\n"


def _container_updates(new, old, path):
    if len(new) != len(old):
        return [FieldError.forbidden(path, "pod updates may not add or remove containers")], True
    errs = []
    for i, ctr in enumerate(new):
        image = ctr.get("image") or ""
        if not image:
            errs.append(FieldError.required(f"{path}[{i}].image"))
        if image != image.strip():
            errs.append(FieldError.invalid(f"{path}[{i}].image", image, "must not have leading or trailing whitespace"))
    return errs, False


def _only_added_tolerations(new, old):
    for tol in old:
        if not any(dict(tol, tolerationSeconds=n.get("tolerationSeconds")) == dict(n, tolerationSeconds=n.get(
                "tolerationSeconds")) for n in new):
            return [FieldError.forbidden("spec.tolerations", "existing toleration can not be modified except its "
                                         "tolerationSeconds")]
    return tolerations(new, "spec.tolerations")


def validate_pod_update(obj, old):
    errs = object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    errs += metadata_and_spec(obj)
    spec, old_spec = obj.get("spec") or {}, old.get("spec") or {}
    for section in ("containers", "initContainers"):
        more, stop = _container_updates(spec.get(section) or [], old_spec.get(section) or [], f"spec.{section}")
        errs += more
        if stop:
            return errs
    new_deadline, old_deadline = spec.get("activeDeadlineSeconds"), old_spec.get("activeDeadlineSeconds")
    if new_deadline is not None:
        if not 0 <= new_deadline <= 2147483647:
            return errs + [FieldError.invalid("spec.activeDeadlineSeconds", new_deadline,
                                              names.inclusive_range_error(0, 2147483647))]
        if old_deadline is not None and old_deadline < new_deadline:
            return errs + [FieldError.invalid("spec.activeDeadlineSeconds", new_deadline,
                                              "must be less than or equal to previous value")]
    elif old_deadline is not None:
        errs.append(FieldError.invalid("spec.activeDeadlineSeconds", None,
                                       "must not update from a positive integer to nil value"))
    errs += _only_added_tolerations(spec.get("tolerations") or [], old_spec.get("tolerations") or [])
    if spec == old_spec:
        return errs
    munged = _munge(spec, old_spec)
    if munged != old_spec:
        errs.append(FieldError.forbidden("spec", f"pod updates may not change fields other than {UPDATABLE}\n"
                                         + spec_diff(old_spec, munged)))
    return errs


def _munge(spec, old_spec):
    munged = copy.deepcopy(spec)
    for section in ("containers", "initContainers"):
        for ctr, old_ctr in zip(munged.get(section) or [], old_spec.get(section) or []):
            ctr["image"] = old_ctr.get("image")
    for field in ("activeDeadlineSeconds", "schedulingGates", "tolerations"):
        munged.pop(field, None)
        if field in old_spec:
            munged[field] = copy.deepcopy(old_spec[field])
    old_grace = old_spec.get("terminationGracePeriodSeconds")
    if old_grace is not None and old_grace < 0 and munged.get("terminationGracePeriodSeconds") == 1:
        munged["terminationGracePeriodSeconds"] = old_grace
    return munged
