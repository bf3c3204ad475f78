"""`kubectl describe` for Services and Nodes, and the generic describer every other kind gets
(fields printed by printUnstructuredContent), as describe.go lays them out."""
import re

from ...api import quantity
from ...api.gofmt import go_v
from .storage import format_labels
from .writer import (annotations_multiline, events_table, labels_multiline, rfc1123z, taints_multiline)

ROLE_PREFIX = "node-role.kubernetes.io/"


def describe_service(w, svc, events, api):
    meta, spec, status = svc["metadata"], svc["spec"], svc.get("status") or {}
    slices = api.list("endpointslices", meta["namespace"],
                      label_selector=f"kubernetes.io/service-name={meta['name']}")["items"]
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
    w.write(0, f"Type:\t{spec.get('type', '')}\n")
    if spec.get("ipFamilyPolicy"):
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    w.write(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP', '')}\n")
    w.write(0, f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(0, f"External Name:\t{spec['externalName']}\n")
    ingress = (status.get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        w.write(0, f"LoadBalancer Ingress:\t{_ingress_string(ingress)}\n")
    for port in spec.get("ports") or ():
        name = port.get("name") or "<unset>"
        protocol = port.get("protocol", "TCP")
        w.write(0, f"Port:\t{name}\t{port.get('port')}/{protocol}\n")
        w.write(0, f"TargetPort:\t{port.get('targetPort')}/{protocol}\n")
        if port.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{port['nodePort']}/{protocol}\n")
        w.write(0, f"Endpoints:\t{format_endpoint_slices(slices, port.get('name', ''))}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', '')}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy"):
        w.write(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.write(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")
    if spec.get("loadBalancerSourceRanges"):
        w.write(0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
    if events is not None:
        events_table(w, events)


def _ingress_string(ingress):
    parts = []
    for entry in ingress:
        if entry.get("ip"):
            parts.append(entry["ip"] + (f" ({entry['ipMode']})" if entry.get("ipMode") is not None else ""))
        else:
            parts.append(entry.get("hostname", ""))
    return ", ".join(parts)


def format_endpoint_slices(slices, port_name, limit=3):
    """formatEndpointSlices: ready addresses with the port's number, three at most then `+ N more...`."""
    if not slices:
        return "<none>"
    shown, count, more = [], 0, False
    for eps in slices:
        endpoints = eps.get("endpoints") or []
        ports = eps.get("ports")
        targets = [None] if not ports else [p.get("port") for p in ports if (p.get("name") or "") == port_name]
        for port in targets:
            for ep in endpoints:
                if len(shown) == limit:
                    more = True
                if (ep.get("conditions") or {}).get("ready") is False:
                    continue
                if not more:
                    address = ep["addresses"][0]
                    shown.append(address if port is None else _join_host_port(address, port))
                count += 1
    text = ",".join(shown)
    return f"{text} + {count - limit} more..." if more else text


def _join_host_port(host, port):
    """net.JoinHostPort: an IPv6 address goes in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def describe_node(w, node, events, api):
    meta, spec, status = node["metadata"], node.get("spec") or {}, node.get("status") or {}
    name = meta["name"]
    w.write(0, f"Name:\t{name}\n")
    roles = sorted({k[len(ROLE_PREFIX):] for k in meta.get("labels") or {} if k.startswith(ROLE_PREFIX) and k != ROLE_PREFIX}
                   | {v for k, v in (meta.get("labels") or {}).items() if k == "kubernetes.io/role" and v})
    w.write(0, f"Roles:\t{','.join(roles) or '<none>'}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    taints_multiline(w, "Taints", spec.get("taints"))
    w.write(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
    _lease(w, api, name)
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \t{rfc1123z(c.get('lastHeartbeatTime'))} \t"
                       f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t{c.get('message', '')}\n")
    w.write(0, "Addresses:\n")
    for address in status.get("addresses") or ():
        w.write(1, f"{address.get('type')}:\t{address.get('address')}\n")
    for title, key in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        if status.get(key):
            w.write(0, f"{title}:\n")
            for resource in sorted(status[key]):
                w.write(0, f"  {resource}:\t{quantity.canonical_or_same(str(status[key][resource]))}\n")
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for title, key in (("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                       ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"),
                       ("Operating System", "operatingSystem"), ("Architecture", "architecture"),
                       ("Container Runtime Version", "containerRuntimeVersion"),
                       ("Kubelet Version", "kubeletVersion"), ("Kube-Proxy Version", "kubeProxyVersion")):
        w.write(0, f"  {title}:\t{info.get(key, '')}\n")
    if spec.get("podCIDR"):
        w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    pods = [p for p in api.list("pods", field_selector=f"spec.nodeName={name}")["items"]
            if (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]
    _node_resources(w, node, pods)
    if events is not None:
        events_table(w, events)


def _lease(w, api, name):
    from ...api.errors import ApiError
    try:
        lease = api.get("leases", name, "kube-node-lease")
    except ApiError as e:
        w.write(0, f"Lease:\tFailed to get lease: {e.message}\n")
        return
    spec = lease.get("spec") or {}
    w.write(0, "Lease:\n")
    w.write(1, f"HolderIdentity:\t{spec.get('holderIdentity') or '<unset>'}\n")
    w.write(1, f"AcquireTime:\t{rfc1123z(spec['acquireTime']) if spec.get('acquireTime') else '<unset>'}\n")
    w.write(1, f"RenewTime:\t{rfc1123z(spec['renewTime']) if spec.get('renewTime') else '<unset>'}\n")


def pod_requests_and_limits(pod):
    """resourcehelper.PodRequestsAndLimits: the containers' sum (a resized container counting the larger of
    its spec and status), at least the largest init container plus the sidecars started before it, sidecars
    adding up; the pod's overhead is added to requests, and to the limits already set."""
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    statuses = {s.get("name"): s for s in status.get("containerStatuses") or ()}
    requests, limits = {}, {}
    for c in spec.get("containers") or ():
        wanted = _parsed((c.get("resources") or {}).get("requests"))
        actual = (statuses.get(c.get("name")) or {}).get("resources")
        if actual is not None:
            current = _parsed(actual.get("requests"))
            wanted = current if status.get("resize") == "Infeasible" else _max(wanted, current)
        _add(requests, wanted)
        _add(limits, _parsed((c.get("resources") or {}).get("limits")))
    for key, total in (("requests", requests), ("limits", limits)):
        sidecars, init = {}, {}
        for c in spec.get("initContainers") or ():
            values = _parsed((c.get("resources") or {}).get(key))
            if c.get("restartPolicy") == "Always":
                _add(total, values)
                _add(sidecars, values)
                values = sidecars
            else:
                values = _add(_add({}, values), sidecars)
            _max_into(init, values)
        _max_into(total, init)
    overhead = _parsed(spec.get("overhead"))
    _add(requests, overhead)
    for name, value in overhead.items():
        if name in limits and limits[name].value != 0:
            limits[name] = limits[name] + value
    return requests, limits


def _parsed(values):
    return {name: quantity.parse(str(value)) for name, value in (values or {}).items()}


def _add(into, values):
    for name, q in values.items():
        into[name] = into[name] + q if name in into else q
    return into


def _max(a, b):
    """max(a, b) per resource."""
    out = {name: (b[name] if name in b and value <= b[name] else value) for name, value in a.items()}
    return {**{name: value for name, value in b.items() if name not in out}, **out}


def _max_into(into, values):
    for name, q in values.items():
        if name not in into or q > into[name]:
            into[name] = q


def _value(q):
    """Quantity.Value(): rounded up to a whole number."""
    return -((-q.value) // 1)


def _fraction(used, allocatable, milli):
    """int64(used / allocatable * 100) in milli units for cpu, whole units otherwise; 0 with nothing allocatable."""
    if used is None or allocatable is None:
        return 0
    total = allocatable.milli_value() if milli else _value(allocatable)
    value = used.milli_value() if milli else _value(used)
    return int(float(value) / float(total) * 100) if total else 0


def _q(values, name):
    return str(values[name]) if name in values else "0"


def _node_resources(w, node, pods):
    allocatable = (node.get("status") or {}).get("allocatable") or (node.get("status") or {}).get("capacity") or {}
    alloc = {k: quantity.parse(str(v)) for k, v in allocatable.items()}
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    totals = [pod_requests_and_limits(pod) for pod in pods]
    for pod, (req, lim) in zip(pods, totals):
        cells = [f"{_q(values, name)} ({_fraction(values.get(name), alloc.get(name), name == 'cpu')}%)"
                 for name, values in (("cpu", req), ("cpu", lim), ("memory", req), ("memory", lim))]
        w.write(1, f"{pod['metadata']['namespace']}\t{pod['metadata']['name']}\t\t" + "\t".join(cells) +
                   f"\t{w.since(pod['metadata'].get('creationTimestamp'))}\n")
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    reqs, limits = {}, {}
    for req, lim in totals:
        _add(reqs, req)
        _add(limits, lim)
    for name in ("cpu", "memory", "ephemeral-storage"):
        w.write(1, f"{name}\t{_q(reqs, name)} ({_fraction(reqs.get(name), alloc.get(name), name == 'cpu')}%)\t"
                   f"{_q(limits, name)} ({_fraction(limits.get(name), alloc.get(name), name == 'cpu')}%)\n")
    for name in sorted(alloc):
        if name.startswith("hugepages-"):
            w.write(1, f"{name}\t{_q(reqs, name)} ({_fraction(reqs.get(name), alloc.get(name), False)}%)\t"
                       f"{_q(limits, name)} ({_fraction(limits.get(name), alloc.get(name), False)}%)\n")
    for name in sorted(alloc):  # extended resources (e.g. nvidia.com/gpu): no percentages
        if name not in ("cpu", "memory", "ephemeral-storage", "pods") and not name.startswith("hugepages-"):
            w.write(1, f"{name}\t{_q(reqs, name)}\t{_q(limits, name)}\n")


_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+|-+")
ACRONYMS = {"API", "URL", "UID", "OSB", "GUID"}


def smart_label(field):
    """smartLabelFor: `podCIDR` -> `Pod CIDR`; fields with characters other than letters and '-' kept."""
    if any(not (ch.isalpha() or ch == "-") for ch in field):
        return field
    parts = _CAMEL.findall(field)
    return " ".join(p.upper() if p.upper() in ACRONYMS else p[:1].upper() + p[1:] for p in parts)


def describe_generic(w, obj, events, api):
    meta = obj.get("metadata") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    _unstructured(w, 0, obj, "", {".metadata.managedFields", ".metadata.name", ".metadata.namespace",
                                   ".metadata.labels", ".metadata.annotations"})
    if events is not None:
        events_table(w, events)


def _go_value(value):
    """fmt's %v of an unstructured value (JSON numbers without a fraction decode as int64)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return go_v(value)


def _unstructured(w, level, content, prefix, skip):
    for field in sorted(content):
        value, path = content[field], f"{prefix}.{field}"
        if path in skip:
            continue
        if isinstance(value, dict):
            w.write(level, f"{smart_label(field)}:\n")
            _unstructured(w, level + 1, value, path, skip)
        elif isinstance(value, list):
            w.write(level, f"{smart_label(field)}:\n")
            for child in value:
                if isinstance(child, dict):
                    _unstructured(w, level + 1, child, path, skip)
                else:
                    w.write(level + 1, f"{_go_value(child)}\n")
        else:
            w.write(level, f"{smart_label(field)}:\t{_go_value(value)}\n")
