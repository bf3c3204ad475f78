"""`kubectl describe` for the networking kinds (Endpoints, EndpointSlice, Ingress, IngressClass,
NetworkPolicy), as describe.go lays them out."""
from ...api.errors import ApiError
from ...api.columns import format_selector, parse_time
from .cluster import format_endpoint_slices
from .writer import annotations_multiline, events_table, labels_multiline


def go_time_string(timestamp):
    """Go's time.Time.String() (kubectl runs in UTC here): `2025-01-01 00:00:27 +0000 UTC`."""
    if not timestamp:
        return "0001-01-01 00:00:00 +0000 UTC"
    return parse_time(timestamp).strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def _header(w, meta, namespaced=True):
    w.write(0, f"Name:\t{meta['name']}\n")
    if namespaced:
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))


def describe_endpoints(w, ep, events, api):
    _header(w, ep["metadata"])
    w.write(0, "Subsets:\n")
    for subset in ep.get("subsets") or ():
        ready = ",".join(a.get("ip", "") for a in subset.get("addresses") or ())
        not_ready = ",".join(a.get("ip", "") for a in subset.get("notReadyAddresses") or ())
        w.write(1, f"Addresses:\t{ready or '<none>'}\n")
        w.write(1, f"NotReadyAddresses:\t{not_ready or '<none>'}\n")
        if subset.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for port in subset["ports"]:
                w.write(2, f"{port.get('name') or '<unset>'}\t{port.get('port', 0)}\t{port.get('protocol', '')}\n")
        w.write(0, "\n")
    if events is not None:
        events_table(w, events)


def describe_endpointslice(w, eps, events, api):
    _header(w, eps["metadata"])
    w.write(0, f"AddressType:\t{eps.get('addressType', '')}\n")
    if not eps.get("ports"):
        w.write(0, "Ports: <unset>\n")
    else:
        w.write(0, "Ports:\n")
        w.write(1, "Name\tPort\tProtocol\n")
        w.write(1, "----\t----\t--------\n")
        for port in eps["ports"]:
            number = port.get("port")
            w.write(1, f"{port.get('name') or '<unset>'}\t{'<unset>' if number is None else number}\t"
                       f"{port.get('protocol', '')}\n")
    if not eps.get("endpoints"):
        w.write(0, "Endpoints: <none>\n")
    else:
        w.write(0, "Endpoints:\n")
        for ep in eps["endpoints"]:
            w.write(1, f"- Addresses:\t{', '.join(ep.get('addresses') or []) or '<none>'}\n")
            w.write(2, "Conditions:\n")
            ready = (ep.get("conditions") or {}).get("ready")
            w.write(3, f"Ready:\t{'<unset>' if ready is None else ('true' if ready else 'false')}\n")
            w.write(2, f"Hostname:\t{ep['hostname'] if ep.get('hostname') is not None else '<unset>'}\n")
            if ep.get("targetRef") is not None:
                w.write(2, f"TargetRef:\t{ep['targetRef'].get('kind', '')}/{ep['targetRef'].get('name', '')}\n")
            w.write(2, f"NodeName:\t{ep['nodeName'] if ep.get('nodeName') is not None else '<unset>'}\n")
            w.write(2, f"Zone:\t{ep['zone'] if ep.get('zone') is not None else '<unset>'}\n")
    if events is not None:
        events_table(w, events)


def _service_backend_string(service):
    port = service.get("port") or {}
    return f"{service.get('name', '')}:{port['number'] if port.get('number') else port.get('name', '')}"


def _backend(api, namespace, backend):
    """describeBackendV1: `svc:port (endpoints)` or the resource backend."""
    service = backend.get("service")
    if service is not None:
        text = _service_backend_string(service)
        slices = api.list("endpointslices", namespace,
                          label_selector=f"kubernetes.io/service-name={service.get('name', '')}")["items"]
        try:
            svc = api.get("services", service.get("name", ""), namespace)
        except ApiError as e:
            return f"{text} (<error: {e.message}>)"
        port, port_name = service.get("port") or {}, ""
        for sp in (svc.get("spec") or {}).get("ports") or ():
            if port.get("number") and port["number"] == sp.get("port"):
                port_name = sp.get("name", "")
            elif port.get("name") and port["name"] == sp.get("name", ""):
                port_name = sp.get("name", "")
        return f"{text} ({format_endpoint_slices(slices, port_name)})"
    resource = backend.get("resource")
    if resource is not None:
        return (f"APIGroup: {resource['apiGroup'] if resource.get('apiGroup') is not None else '<none>'}, "
                f"Kind: {resource.get('kind', '')}, Name: {resource.get('name', '')}")
    return ""


def _load_balancer(status):
    """ingressLoadBalancerStatusStringerV1 (wide): the sorted set of IPs or hostnames."""
    found = set()
    for entry in ((status or {}).get("loadBalancer") or {}).get("ingress") or ():
        if entry.get("ip"):
            found.add(entry["ip"])
        elif entry.get("hostname"):
            found.add(entry["hostname"])
    return ",".join(sorted(found))


def describe_ingress(w, ing, events, api):
    meta, spec = ing["metadata"], ing.get("spec") or {}
    namespace = meta.get("namespace", "")
    w.write(0, f"Name:\t{meta['name']}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    w.write(0, f"Namespace:\t{namespace}\n")
    w.write(0, f"Address:\t{_load_balancer(ing.get('status'))}\n")
    class_name = spec.get("ingressClassName")
    w.write(0, f"Ingress Class:\t{class_name if class_name is not None else '<none>'}\n")
    default = "<default>"
    if spec.get("defaultBackend") is not None:
        default = _backend(api, namespace, spec["defaultBackend"])
    w.write(0, f"Default backend:\t{default}\n")
    if spec.get("tls"):
        w.write(0, "TLS:\n")
        for tls in spec["tls"]:
            hosts = ",".join(tls.get("hosts") or [])
            if tls.get("secretName"):
                w.write(1, f"{tls['secretName']} terminates {hosts}\n")
            else:
                w.write(1, f"SNI routes {hosts}\n")
    w.write(0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(1, "----\t----\t--------\n")
    count = 0
    for rule in spec.get("rules") or ():
        if rule.get("http") is None:
            continue
        count += 1
        w.write(1, f"{rule.get('host') or '*'}\t\n")
        for path in rule["http"].get("paths") or ():
            w.write(2, f"\t{path.get('path', '')} \t{_backend(api, namespace, path.get('backend') or {})}\n")
    if count == 0:
        w.write(1, f"*\t*\t{default}\n")
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    if events is not None:
        events_table(w, events)


def describe_ingressclass(w, ic, events, api):
    meta, spec = ic["metadata"], ic.get("spec") or {}
    _header(w, meta, namespaced=False)
    w.write(0, f"Controller:\t{spec.get('controller', '')}\n")
    params = spec.get("parameters")
    if params is not None:
        w.write(0, "Parameters:\n")
        if params.get("apiGroup") is not None:
            w.write(1, f"APIGroup:\t{params['apiGroup']}\n")
        w.write(1, f"Kind:\t{params.get('kind', '')}\n")
        w.write(1, f"Name:\t{params.get('name', '')}\n")
    if events is not None:
        events_table(w, events)


def describe_networkpolicy(w, np, events, api):
    """describeNetworkPolicy shows no events."""
    meta, spec = np["metadata"], np.get("spec") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Created on:\t{go_time_string(meta.get('creationTimestamp'))}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Spec:\n")
    w.write(1, "PodSelector: ")
    selector = spec.get("podSelector") or {}
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        w.write(2, "<none> (Allowing the specific traffic to all pods in this namespace)\n")
    else:
        w.write(2, f"{format_selector(selector)}\n")
    types = spec.get("policyTypes")
    if "Ingress" in (types or ()):
        w.write(1, "Allowing ingress traffic:\n")
        _rules(w, spec.get("ingress"), "from", "From", "ingress", "source")
    else:
        w.write(1, "Not affecting ingress traffic\n")
    if "Egress" in (types or ()):
        w.write(1, "Allowing egress traffic:\n")
        _rules(w, spec.get("egress"), "to", "To", "egress", "destination")
    else:
        w.write(1, "Not affecting egress traffic\n")
    w.write(1, f"Policy Types: {', '.join(types) if types is not None and types else '<none>'}\n")


def _rules(w, rules, key, title, direction, peer_word, indent="    "):
    """printNetworkPolicySpecIngressFrom / printNetworkPolicySpecEgressTo."""
    if not rules:
        w.write(0, f"{indent}<none> (Selected pods are isolated for {direction} connectivity)\n")
        return
    for i, rule in enumerate(rules):
        if not rule.get("ports"):
            w.write(0, f"{indent}To Port: <any> (traffic allowed to all ports)\n")
        for port in rule.get("ports") or ():
            number = "<nil>" if port.get("port") is None else port["port"]
            protocol = port.get("protocol") or "TCP"
            if port.get("endPort") is None:
                w.write(0, f"{indent}To Port: {number}/{protocol}\n")
            else:
                w.write(0, f"{indent}To Port Range: {number}-{port['endPort']}/{protocol}\n")
        if not rule.get(key):
            w.write(0, f"{indent}{title}: <any> (traffic not restricted by {peer_word})\n")
        for peer in rule.get(key) or ():
            w.write(0, f"{indent}{title}:\n")
            pods, namespaces, block = peer.get("podSelector"), peer.get("namespaceSelector"), peer.get("ipBlock")
            if pods is not None and namespaces is not None:
                w.write(1, f"{indent}NamespaceSelector: {format_selector(namespaces)}\n")
                w.write(1, f"{indent}PodSelector: {format_selector(pods)}\n")
            elif pods is not None:
                w.write(1, f"{indent}PodSelector: {format_selector(pods)}\n")
            elif namespaces is not None:
                w.write(1, f"{indent}NamespaceSelector: {format_selector(namespaces)}\n")
            elif block is not None:
                w.write(1, f"{indent}IPBlock:\n")
                w.write(2, f"{indent}CIDR: {block.get('cidr', '')}\n")
                w.write(2, f"{indent}Except: {', '.join(block.get('except') or [])}\n")
        if i != len(rules) - 1:
            w.write(0, f"{indent}----------\n")
