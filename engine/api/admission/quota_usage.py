"""Quota evaluators: what one object uses of a ResourceQuota's resources (pkg/quota/v1/evaluator),
shared by the ResourceQuota admission plug-in and the resource quota controller."""
from .quantity import Quantity, add_lists, parse_list

ONE = Quantity(1)
COMPUTE = ("cpu", "memory", "ephemeral-storage")
# names whose usage a container must state when a quota limits them (pods.go validationSet)
REQUIRED_BY_QUOTA = ("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory")
# object counts with a legacy name next to count/<resource>
LEGACY_COUNTS = {"configmaps", "secrets", "replicationcontrollers", "resourcequotas", "services",
                 "persistentvolumeclaims", "pods"}
STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/"
POD_RESOURCES = ("pods", "count/pods") + COMPUTE + tuple(f"{kind}.{name}" for kind in ("requests", "limits") for name in COMPUTE)


def _extended_request(name):
    """requests.<extended resource>: quota for extended resources exists only for requests."""
    if not name.startswith("requests."):
        return False
    resource = name[len("requests."):]
    return "/" in resource and "kubernetes.io/" not in resource


def count_name(resource):
    return f"count/{resource.plural}.{resource.group}" if resource.group else f"count/{resource.plural}"


def tracks(resource, name):
    """Whether `resource`'s evaluator counts the quota resource `name`."""
    if name == count_name(resource):
        return True
    if resource.group != "":
        return False
    if resource.plural == "pods":
        return name in POD_RESOURCES or name.startswith(("hugepages-", "requests.hugepages-")) or _extended_request(name)
    if resource.plural == "services":
        return name in ("services", "services.loadbalancers", "services.nodeports")
    if resource.plural == "persistentvolumeclaims":
        return name in ("persistentvolumeclaims", "requests.storage") or STORAGE_CLASS_SUFFIX in name
    return name == resource.plural and name in LEGACY_COUNTS


def handles(resource, operation):
    """Which writes the evaluator charges: creates, and updates of services and claims."""
    if operation == "CREATE":
        return True
    return operation == "UPDATE" and resource.group == "" and resource.plural in ("services", "persistentvolumeclaims")


def usage(resource, obj, now=None, clock=None):
    """The usage of one object, as a dict of quota resource name -> Quantity."""
    used = {count_name(resource): ONE}
    if resource.group != "":
        return used
    if resource.plural in LEGACY_COUNTS and resource.plural not in ("pods", "services", "persistentvolumeclaims"):
        used[resource.plural] = ONE
    if resource.plural == "pods":
        if pod_counts(obj, clock):
            used = add_lists(used, pod_compute_usage(*pod_requests_limits(obj.get("spec") or {})))
    elif resource.plural == "services":
        used.update(service_usage(obj))
    elif resource.plural == "persistentvolumeclaims":
        used.update(claim_usage(obj))
    return used


def pod_counts(pod, clock=None):
    """QuotaV1Pod: terminal pods, and pods past their deletion grace period, use no compute."""
    if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
        return False
    deletion = pod["metadata"].get("deletionTimestamp")
    if deletion and clock is not None:
        grace = pod["metadata"].get("deletionGracePeriodSeconds") or 0
        return clock.now <= clock.parse(deletion) + grace
    return True


def pod_requests_limits(spec):
    """PodRequests/PodLimits: the sum over containers, at least the largest init container, plus overhead."""
    requests, limits = {}, {}
    for c in spec.get("containers") or []:
        res = c.get("resources") or {}
        requests = add_lists(requests, parse_list(res.get("requests")))
        limits = add_lists(limits, parse_list(res.get("limits")))
    sidecar_requests, sidecar_limits = {}, {}
    for c in spec.get("initContainers") or []:
        res = c.get("resources") or {}
        r, l = parse_list(res.get("requests")), parse_list(res.get("limits"))
        if c.get("restartPolicy") == "Always":  # sidecars run alongside the app containers
            sidecar_requests, sidecar_limits = add_lists(sidecar_requests, r), add_lists(sidecar_limits, l)
            requests, limits = add_lists(requests, r), add_lists(limits, l)
            continue
        requests = _max(requests, add_lists(r, sidecar_requests))
        limits = _max(limits, add_lists(l, sidecar_limits))
    overhead = parse_list(spec.get("overhead"))
    if overhead:
        requests = add_lists(requests, overhead)
        limits = add_lists(limits, {k: v for k, v in overhead.items() if k in limits})
    return requests, limits


def _max(a, b):
    out = dict(a)
    for key, value in b.items():
        if key not in out or value.value > out[key].value:
            out[key] = value
    return out


def pod_compute_usage(requests, limits):
    used = {"pods": ONE}
    for name in COMPUTE:
        if name in requests:
            used[name] = used[f"requests.{name}"] = requests[name]
        if name in limits:
            used[f"limits.{name}"] = limits[name]
    for name, value in requests.items():
        if name.startswith("hugepages-"):
            used[name] = used[f"requests.{name}"] = value
        elif "/" in name and "kubernetes.io/" not in name:
            used[f"requests.{name}"] = value  # extended resources
    return used


def service_usage(service):
    spec = service.get("spec") or {}
    kind, ports = spec.get("type", "ClusterIP"), spec.get("ports") or []
    used = {"services": ONE, "services.loadbalancers": Quantity(0), "services.nodeports": Quantity(0)}
    if kind == "NodePort":
        used["services.nodeports"] = Quantity(len(ports))
    elif kind == "LoadBalancer":
        # with node port allocation turned off, only ports that ask for one count
        counted = [p for p in ports if p.get("nodePort")] if spec.get("allocateLoadBalancerNodePorts") is False else ports
        used["services.nodeports"] = Quantity(len(counted))
        used["services.loadbalancers"] = ONE
    return used


def claim_usage(claim):
    spec = claim.get("spec") or {}
    used = {"persistentvolumeclaims": ONE}
    storage = parse_list((spec.get("resources") or {}).get("requests")).get("storage")
    class_name = spec.get("storageClassName") or ""
    if class_name:
        used[f"{class_name}{STORAGE_CLASS_SUFFIX}persistentvolumeclaims"] = ONE
    if storage is not None:
        used["requests.storage"] = storage
        if class_name:
            used[f"{class_name}{STORAGE_CLASS_SUFFIX}requests.storage"] = storage
    return used


def missing_requirements(pod, required):
    """Pod Constraints: with cpu or memory quota'd, each container must state it."""
    needed = sorted(set(required) & set(REQUIRED_BY_QUOTA))
    if not needed:
        return None
    missing = {}
    spec = pod.get("spec") or {}
    for c in list(spec.get("containers") or []) + list(spec.get("initContainers") or []):
        res = c.get("resources") or {}
        have = pod_compute_usage(parse_list(res.get("requests")), parse_list(res.get("limits")))
        for name in needed:
            if name not in have:
                missing.setdefault(name, set()).add(c.get("name", ""))
    if not missing:
        return None
    return "must specify " + "; ".join(f"{name} for: {','.join(sorted(missing[name]))}" for name in sorted(missing))


def matches_scopes(quota, resource, obj):
    """Whether the quota's scopes (and scopeSelector) select this object; scopes only ever select pods."""
    spec = quota.get("spec") or {}
    requirements = [{"scopeName": s, "operator": "Exists"} for s in spec.get("scopes") or []]
    requirements += list((spec.get("scopeSelector") or {}).get("matchExpressions") or [])
    if not requirements:
        return True
    if resource.plural != "pods" or resource.group != "":
        return False
    return all(_pod_matches(r, obj) for r in requirements)


def _pod_matches(requirement, pod):
    from ..strategy import qos_class
    spec = pod.get("spec") or {}
    scope = requirement.get("scopeName")
    if scope == "Terminating":
        return spec.get("activeDeadlineSeconds") is not None and spec["activeDeadlineSeconds"] >= 0
    if scope == "NotTerminating":
        return spec.get("activeDeadlineSeconds") is None
    if scope == "BestEffort":
        return qos_class(spec) == "BestEffort"
    if scope == "NotBestEffort":
        return qos_class(spec) != "BestEffort"
    if scope == "PriorityClass":
        name, values, op = spec.get("priorityClassName", ""), requirement.get("values") or [], requirement.get("operator")
        if op == "Exists":
            return bool(name)
        if op == "DoesNotExist":
            return not name
        return (name in values) if op == "In" else (name not in values)
    if scope == "CrossNamespacePodAffinity":
        return False
    return False
