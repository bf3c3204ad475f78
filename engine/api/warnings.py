"""The warnings kube-apiserver returns with a write (HTTP `Warning: 299 - "text"`), worded as the strategies'
WarningsOnCreate/WarningsOnUpdate word them: pkg/api/pod/warnings.go for pods and pod templates,
pkg/api/service/warnings.go, the Ingress class annotation, names that are not DNS labels."""
import re

from .quantity import QuantityError, parse

DEPRECATED_NODE_LABELS = {  # pkg/api/node/util.go
    "beta.kubernetes.io/arch": 'deprecated since v1.14; use "kubernetes.io/arch" instead',
    "beta.kubernetes.io/os": 'deprecated since v1.14; use "kubernetes.io/os" instead',
    "failure-domain.beta.kubernetes.io/region": 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
    "failure-domain.beta.kubernetes.io/zone": 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
    "beta.kubernetes.io/instance-type": 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
}
DEPRECATED_ANNOTATIONS = (
    ("scheduler.alpha.kubernetes.io/critical-pod", 'non-functional in v1.16+; use the "priorityClassName" field instead'),
    ("security.alpha.kubernetes.io/sysctls", 'non-functional in v1.11+; use the "sysctls" field instead'),
    ("security.alpha.kubernetes.io/unsafe-sysctls", 'non-functional in v1.11+; use the "sysctls" field instead'),
)
DEPRECATED_VOLUMES = (
    ("photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"), ("gitRepo", "deprecated in v1.11"),
    ("scaleIO", "deprecated in v1.16, non-functional in v1.22+"), ("flocker", "deprecated in v1.22, non-functional in v1.25+"),
    ("storageos", "deprecated in v1.22, non-functional in v1.25+"), ("quobyte", "deprecated in v1.22, non-functional in v1.25+"),
    ("glusterfs", "deprecated in v1.25, non-functional in v1.26+"), ("cephfs", "deprecated in v1.28, non-functional in v1.31+"),
    ("rbd", "deprecated in v1.28, non-functional in v1.31+"),
)
SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER = "container.seccomp.security.alpha.kubernetes.io/"
APPARMOR_CONTAINER = "container.apparmor.security.beta.kubernetes.io/"
INGRESS_CLASS = "kubernetes.io/ingress.class"
TOPOLOGY_HINTS, TOPOLOGY_MODE = "service.kubernetes.io/topology-aware-hints", "service.kubernetes.io/topology-mode"
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
# where each workload kind keeps its pod template
TEMPLATES = {"Deployment": ("spec", "template"), "ReplicaSet": ("spec", "template"), "StatefulSet": ("spec", "template"),
             "DaemonSet": ("spec", "template"), "Job": ("spec", "template"), "ReplicationController": ("spec", "template"),
             "PodTemplate": ("template",), "CronJob": ("spec", "jobTemplate", "spec", "template")}
WARNED_KINDS = set(TEMPLATES) | {"Service"}  # the kinds whose updates may warn
HOSTNAME_USE = dict({kind: "this is used in Pod names and hostnames" for kind in TEMPLATES if kind != "PodTemplate"},
                    Pod="this is used in the Pod's hostname")


def on_create(obj):
    """WarningsOnCreate for `obj` as the server stored it (defaults applied)."""
    kind = obj.get("kind")
    found = _name_warnings(obj)
    if kind == "Pod":
        found += pod_warnings(obj, "")
    elif kind in TEMPLATES:
        template = _template(obj)
        if template is not None:
            found += pod_warnings(template, ".".join(TEMPLATES[kind]))
    elif kind == "Service":
        found += service_warnings(obj)
    elif kind == "Ingress":
        found += ingress_warnings(obj)
    return found


def on_update(obj, old):
    """WarningsOnUpdate: pods none (people rarely edit them), workloads when the spec (generation) changed,
    Services always."""
    kind = obj.get("kind")
    if kind in TEMPLATES:
        if (obj["metadata"].get("generation") == (old or {}).get("metadata", {}).get("generation")
                and kind not in ("PodTemplate", "CronJob")):
            return []
        template = _template(obj)
        if kind in ("PodTemplate", "CronJob") and template == _template(old or {}):
            return []
        return pod_warnings(template, ".".join(TEMPLATES[kind])) if template is not None else []
    if kind == "Service":
        return service_warnings(obj)
    return []  # (an Ingress warns on create only)


def _template(obj):
    node = obj
    for key in TEMPLATES[obj.get("kind")]:
        node = (node or {}).get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _name_warnings(obj):
    use = HOSTNAME_USE.get(obj.get("kind"))
    name = obj["metadata"].get("name", "")
    if not use or DNS_LABEL.match(name) and len(name) <= 63:
        return []
    problems = []
    if len(name) > 63:
        problems.append("must be no more than 63 characters")
    if not DNS_LABEL.match(name) and "." in name:
        problems.append("must not contain dots")
    if not problems:
        return []
    return [f"metadata.name: {use}, which can result in surprising behavior; a DNS label is recommended: "
            f"[{' '.join(problems)}]"]


def _path(prefix, rest):
    return f"{prefix}.{rest}" if prefix else rest


def pod_warnings(pod, prefix):
    """warningsForPodSpecAndMeta: `prefix` is the template's path (`spec.template`), "" for a pod."""
    spec, meta = pod.get("spec") or {}, pod.get("metadata") or {}
    annotations = meta.get("annotations") or {}
    found = []
    for key in spec.get("nodeSelector") or {}:
        if key in DEPRECATED_NODE_LABELS:
            found.append(f"{_path(prefix, 'spec.nodeSelector')}[{key}]: {DEPRECATED_NODE_LABELS[key]}")
    node_affinity = (spec.get("affinity") or {}).get("nodeAffinity") or {}
    required = node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution") or {}
    for i, term in enumerate(required.get("nodeSelectorTerms") or []):
        found += _term_warnings(term, _path(prefix, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuring"
                                                     f"Execution.nodeSelectorTerms[{i}]"))
    for i, term in enumerate(node_affinity.get("preferredDuringSchedulingIgnoredDuringExecution") or []):
        found += _term_warnings(term.get("preference") or {}, _path(
            prefix, f"spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[{i}].preference"))
    for i, constraint in enumerate(spec.get("topologySpreadConstraints") or []):
        key = constraint.get("topologyKey", "")
        if key in DEPRECATED_NODE_LABELS:
            found.append(f"{_path(prefix, f'spec.topologySpreadConstraints[{i}].topologyKey')}: {key} is "
                         f"{DEPRECATED_NODE_LABELS[key]}")
        if constraint.get("labelSelector") is None:
            found.append(f"{_path(prefix, f'spec.topologySpreadConstraints[{i}].labelSelector')}: "
                         "a null labelSelector results in matching no pod")
    for key, message in DEPRECATED_ANNOTATIONS:
        if key in annotations:
            found.append(f"{_path(prefix, 'metadata.annotations')}[{key}]: {message}")
    for i, volume in enumerate(spec.get("volumes") or []):
        for source, message in DEPRECATED_VOLUMES:
            if source in volume:
                found.append(f"{_path(prefix, f'spec.volumes[{i}].{source}')}: {message}")
    found += _duplicates(spec.get("hostAliases"), "ip", _path(prefix, "spec.hostAliases"), "duplicate ip")
    found += _duplicates(spec.get("imagePullSecrets"), "name", _path(prefix, "spec.imagePullSecrets"), "duplicate name")
    for i, item in enumerate(spec.get("imagePullSecrets") or []):
        if not item.get("name"):
            found.append(f'{_path(prefix, f"spec.imagePullSecrets[{i}].name")}: invalid empty name ""')
    for resource in ("memory", "ephemeral-storage"):
        found += _fractional((spec.get("overhead") or {}).get(resource), f"{_path(prefix, 'spec.overhead')}[{resource}]")
    security = spec.get("securityContext") or {}
    if not security.get("seccompProfile") and SECCOMP_POD in annotations:
        found.append(f'{_path(prefix, "metadata.annotations")}[{SECCOMP_POD}]: non-functional in v1.27+; '
                     'use the "seccompProfile" field instead')
    for container, path in _containers(spec, _path(prefix, "spec")):
        found += _container_warnings(container, path, annotations, prefix, security)
    found += _port_warnings(spec, _path(prefix, "spec"))
    grace = spec.get("terminationGracePeriodSeconds")
    if isinstance(grace, int) and grace < 0:
        found.append(f"{_path(prefix, 'spec.terminationGracePeriodSeconds')}: must be >= 0; negative values are invalid "
                     "and will be treated as 1")
    affinity = spec.get("affinity") or {}
    for kind in ("podAffinity", "podAntiAffinity"):
        terms = affinity.get(kind) or {}
        base = _path(prefix, f"spec.affinity.{kind}")
        for i, term in enumerate(terms.get("requiredDuringSchedulingIgnoredDuringExecution") or []):
            if term.get("labelSelector") is None:
                found.append(f"{base}.requiredDuringSchedulingIgnoredDuringExecution[{i}].labelSelector: "
                             "a null labelSelector results in matching no pod")
        for i, term in enumerate(terms.get("preferredDuringSchedulingIgnoredDuringExecution") or []):
            if (term.get("podAffinityTerm") or {}).get("labelSelector") is None:
                found.append(f"{base}.preferredDuringSchedulingIgnoredDuringExecution[{i}].podAffinityTerm.labelSelector: "
                             "a null labelSelector results in matching no pod")
    return found


def _term_warnings(term, path):
    found = []
    for field in ("matchExpressions", "matchFields"):
        for i, expression in enumerate(term.get(field) or []):
            key = expression.get("key", "")
            if key in DEPRECATED_NODE_LABELS:
                found.append(f"{path}.{field}[{i}].key: {key} is {DEPRECATED_NODE_LABELS[key]}")
    return found


def _duplicates(items, key, path, what):
    seen, found = set(), []
    for i, item in enumerate(items or []):
        value = item.get(key, "")
        if value in seen:
            found.append(f'{path}[{i}].{key}: {what} "{value}"')
        seen.add(value)
    return found if len(items or []) > 1 else []


def _fractional(value, path):
    if value is None:
        return []
    try:
        quantity = parse(value)
    except QuantityError:
        return []
    if quantity.milli_value() % 1000 == 0:
        return []
    return [f'{path}: fractional byte value "{quantity}" is invalid, must be an integer']


def _containers(spec, path):
    """VisitContainersWithPath's order: init containers, containers, ephemeral containers."""
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for i, container in enumerate(spec.get(field) or []):
            yield container, f"{path}.{field}[{i}]"


def _container_warnings(container, path, annotations, prefix, pod_security):
    found = []
    security = container.get("securityContext") or {}
    name = container.get("name", "")
    if not security.get("seccompProfile") and SECCOMP_CONTAINER + name in annotations:
        found.append(f'{_path(prefix, "metadata.annotations")}[{SECCOMP_CONTAINER}{name}]: non-functional in v1.27+; '
                     'use the "seccompProfile" field instead')
    if prefix and not pod_security.get("appArmorProfile") and not security.get("appArmorProfile") \
            and APPARMOR_CONTAINER + name in annotations:
        found.append(f'{prefix}.metadata.annotations[{APPARMOR_CONTAINER}{name}]: deprecated since v1.30; '
                     'use the "appArmorProfile" field instead')
    resources = container.get("resources") or {}
    for resource in ("memory", "ephemeral-storage"):
        for kind in ("limits", "requests"):
            found += _fractional((resources.get(kind) or {}).get(resource), f"{path}.resources.{kind}[{resource}]")
    env = container.get("env") or []
    seen = set()
    for i, item in enumerate(env):
        name_ = item.get("name", "")
        if name_ not in seen:
            seen.add(name_)
            continue
        ref, value = f"$({name_})", item.get("value", "")
        if item.get("valueFrom") is not None or value == ref or ref not in value:
            found.append(f'{path}.env[{i}]: hides previous definition of "{name_}", which may be dropped when using apply')
    return found


def _port_warnings(spec, path):
    found, seen = [], {}
    for container, container_path in _containers(spec, path):
        for i, port in enumerate(container.get("ports") or []):
            here = f"{container_path}.ports[{i}]"
            key = (port.get("containerPort"), port.get("protocol", "TCP"))
            for other_path, other in seen.get(key, []):
                host_ip, other_ip = port.get("hostIP", ""), other.get("hostIP", "")
                host_port, other_port = port.get("hostPort", 0), other.get("hostPort", 0)
                if host_ip == other_ip and host_port == other_port:
                    found.append(f"{here}: duplicate port definition with {other_path}")
                elif not host_port or not other_port:
                    found.append(f"{here}: overlapping port definition with {other_path}")
                elif host_port == other_port and (host_ip == "") != (other_ip == ""):
                    found.append(f"{here}: dangerously ambiguous port definition with {other_path}")
            seen.setdefault(key, []).append((here, port))
    return found


def service_warnings(service):
    spec, annotations = service.get("spec") or {}, service["metadata"].get("annotations") or {}
    found = []
    if TOPOLOGY_HINTS in annotations:
        found.append(f"annotation {TOPOLOGY_HINTS} is deprecated, please use {TOPOLOGY_MODE} instead")
    if spec.get("type") == "ExternalName" and spec.get("externalIPs"):
        found.append('spec.externalIPs is ignored when spec.type is "ExternalName"')
    if spec.get("type") != "ExternalName" and spec.get("externalName"):
        found.append('spec.externalName is ignored when spec.type is not "ExternalName"')
    return found


def ingress_warnings(ingress):
    if INGRESS_CLASS in (ingress["metadata"].get("annotations") or {}):
        return [f"annotation \"{INGRESS_CLASS}\" is deprecated, please use 'spec.ingressClassName' instead"]
    return []
