"""Checks of 06-networking: which requests cross nodes in VXLAN (from the engine's traces), DNS names,
SRV and CNAME records predicted, pods that resolve names through CoreDNS, the workstation reaching a
Service, and the notes' networking claims corrected."""
import re

from .checks import _exec, _get, _no_object, _pods, _selector_text, check


def _line(ctx, number):
    lines = ctx.answer.splitlines()
    return lines[number - 1].strip() if len(lines) >= number else ""


def _pod_ip(ctx, name, namespace="default"):
    pod = _get(ctx, "pods", name, namespace)
    return (pod or {}).get("status", {}).get("podIP")


def _url(ctx, target):
    """`pod:NAME` is http:// the pod's IP; anything else is used as it is."""
    return f"http://{_pod_ip(ctx, target[4:])}" if target.startswith("pod:") else target


def _crosses_vxlan(trace):
    return any(hop.rule.startswith("VXLAN") for hop in trace.hops)


@check
def vxlan_predicted(ctx, requests):
    """The answer names (by number, 1 for the first) exactly the `requests` ([pod, target] pairs) whose
    packets cross between nodes inside flannel's VXLAN tunnel, as the engine traces them."""
    truth = {number for number, (pod, target) in enumerate(requests, 1)
             if _crosses_vxlan(ctx.cluster.trace(pod, _url(ctx, target)))}
    given = {int(n) for n in re.findall(r"\d+", ctx.answer)}
    if given == truth:
        return []
    return [f"the cluster does not do what you predicted (requests {', '.join(map(str, sorted(given))) or 'none'}): "
            f"trace them with c.trace and look for flannel.1"]


def _nodes(ctx):
    return {n["metadata"]["name"]: next(a["address"] for a in n["status"]["addresses"] if a["type"] == "InternalIP")
            for n in ctx.cluster.api.list("nodes")["items"]}


def _lb_address(ctx, name, namespace):
    service = _get(ctx, "services", name, namespace) or {}
    ingress = service.get("status", {}).get("loadBalancer", {}).get("ingress") or [{}]
    return ingress[0].get("ip")


@check
def workstation_reachable(ctx, url, contains, service=None, namespace="default"):
    """From the workstation outside the cluster, `curl` of `url` answers a page containing `contains`:
    `{node}` stands for every node's address in turn, `{lb}` for the external address of `service`."""
    if "{lb}" in url:
        address = _lb_address(ctx, service, namespace)
        if not address:
            kind = (_get(ctx, "services", service, namespace) or {}).get("spec", {}).get("type")
            return ([f"Service {service} has no external load-balancer address: it is of type {kind}"] if kind
                    else _no_object("Service", service, namespace))
        urls = [url.replace("{lb}", address)]
    else:
        urls = [url.replace("{node}", ip) for ip in _nodes(ctx).values()] if "{node}" in url else [url]
    problems = []
    for one in urls:
        result = ctx.cluster.curl(["-sS", "-m", "2", one])
        if result.exit_code or contains not in result.stdout:
            said = (result.stderr.strip() or result.stdout.strip() or "no answer").splitlines()[0]
            problems.append(f"from the workstation, curl {one} does not reach the app: {said}")
    return problems


def _cluster_dns_ip(ctx):
    return (_get(ctx, "services", "kube-dns", "kube-system") or {}).get("spec", {}).get("clusterIP")


@check
def cluster_dns_ready(ctx):
    """The cluster DNS Service kube-dns (kube-system) has ready CoreDNS endpoints."""
    endpoints = _get(ctx, "endpoints", "kube-dns", "kube-system") or {}
    if any(s.get("addresses") for s in endpoints.get("subsets") or ()):
        return []
    deployment = _get(ctx, "deployments", "coredns", "kube-system")
    if deployment is None:
        return ["the Service kube-dns in namespace kube-system has no ready endpoints, and there is no "
                "Deployment coredns in kube-system"]
    wanted = deployment["spec"].get("replicas", 1)
    available = deployment.get("status", {}).get("availableReplicas", 0)
    return [f"the Service kube-dns in namespace kube-system has no ready endpoints: Deployment coredns wants "
            f"{wanted} replicas and has {available} available"]


def _running(ctx, selector, namespace):
    return [p for p in _pods(ctx, selector, namespace) if not p["metadata"].get("deletionTimestamp")
            and p.get("status", {}).get("phase") == "Running"]


@check
def pods_use_cluster_dns(ctx, selector, namespace="default"):
    """Every running pod labelled `selector` asks the cluster DNS (kube-dns's ClusterIP) first."""
    pods = _running(ctx, selector, namespace)
    if not pods:
        return [f"no pod labelled {_selector_text(selector)} is running in namespace {namespace}"]
    dns, problems = _cluster_dns_ip(ctx), []
    for pod in pods:
        name = pod["metadata"]["name"]
        conf = _exec(ctx, name, ["cat", "/etc/resolv.conf"], namespace).stdout
        servers = re.findall(r"^nameserver\s+(\S+)", conf, re.M)
        if not servers or servers[0] != dns:
            problems.append(f"pod {name} asks the nameserver {servers[0] if servers else '(none)'} (its "
                            f"/etc/resolv.conf), not the cluster DNS Service kube-dns ({dns})")
    return problems


@check
def pods_resolve(ctx, selector, service="kubernetes", service_namespace="default", namespace="default"):
    """From every running pod labelled `selector`, `nslookup` of the Service's full name answers its ClusterIP."""
    target = _get(ctx, "services", service, service_namespace)
    if target is None:
        return _no_object("Service", service, service_namespace)
    hostname = f"{service}.{service_namespace}.svc.cluster.local"
    pods = _running(ctx, selector, namespace)
    if not pods:
        return [f"no pod labelled {_selector_text(selector)} is running in namespace {namespace}"]
    problems = []
    for pod in pods:
        result = _exec(ctx, pod["metadata"]["name"], ["nslookup", hostname], namespace)
        if f"Name:\t{hostname}\nAddress: {target['spec']['clusterIP']}\n" not in result.stdout:
            said = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith(";;")]
            problems.append(f"from pod {pod['metadata']['name']}, nslookup {hostname} gets no address"
                            + (f": {said[0]}" if said else ""))
    return problems


@check
def fqdn_predicted(ctx, line, service, namespace, pod="client", pod_namespace="default"):
    """Line `line` of the answer is a fully qualified name that answers the Service's ClusterIP."""
    name = _line(ctx, line).rstrip(".")
    target = _get(ctx, "services", service, namespace)
    if target is None:
        return _no_object("Service", service, namespace)
    result = _exec(ctx, pod, ["nslookup", name], pod_namespace) if name else None
    if name.endswith(".cluster.local") and f"Address: {target['spec']['clusterIP']}\n" in result.stdout:
        return []
    return [f"line {line}: {name or '(nothing)'} is not a fully qualified name of Service {service} in "
            f"namespace {namespace}"]


@check
def srv_predicted(ctx, line, service, namespace, port, pod="client", pod_namespace="default"):
    """Line `line` of the answer is the name of the SRV record that gives the Service's `port` (a number)."""
    name = _line(ctx, line).rstrip(".")
    if not name:
        return [f"line {line} of your answer should be the name of an SRV record"]
    result = _exec(ctx, pod, ["nslookup", "-type=SRV", name], pod_namespace)
    fqdn = f"{service}.{namespace}.svc.cluster.local"
    if re.search(rf"service = \d+ \d+ {port} {re.escape(fqdn)}$", result.stdout, re.M):
        return []
    return [f"line {line}: CoreDNS has no SRV record {name} for port {port} of Service {service}"]


@check
def record_type_predicted(ctx, line, hostname, pod="client", pod_namespace="default"):
    """Line `line` of the answer is the kind of record CoreDNS answers for `hostname`: CNAME or A."""
    result = _exec(ctx, pod, ["nslookup", hostname], pod_namespace)
    truth = "CNAME" if "canonical name =" in result.stdout else "A"
    given = _line(ctx, line)
    if given.upper() == truth:
        return []
    return [f"line {line}: CoreDNS does not answer {hostname} with {given or 'nothing'}"]


@check
def proxy_mode_predicted(ctx, line):
    """Line `line` of the answer is the mode kube-proxy runs in, as its log says ("Using iptables proxy")."""
    given = _line(ctx, line)
    logs = ctx.cluster.kubectl(["logs", "-n", "kube-system", "-l", "k8s-app=kube-proxy", "--tail=-1"]).stdout
    modes = set(re.findall(r'"Using (\w+) [Pp]roxy', logs))
    if modes == {given.lower()}:
        return []
    return [f"line {line}: kube-proxy in this cluster does not run in {given or 'no'} mode (read its log or "
            f"the kube-proxy ConfigMap)"]


@check
def vxlan_port_predicted(ctx, line, pod, to_pod):
    """Line `line` of the answer is the UDP port that carries the packets of `pod` to `to_pod` between nodes."""
    trace = ctx.cluster.trace(pod, f"http://{_pod_ip(ctx, to_pod)}")
    ports = [m.group(1) for hop in trace.hops for m in [re.match(r"UDP \S+ -> \S+:(\d+)", hop.rule)] if m]
    given = _line(ctx, line)
    if ports and given == ports[0]:
        return []
    return [f"line {line}: the packets from pod {pod} to pod {to_pod} do not cross between the nodes on UDP "
            f"port {given or '(nothing)'}"]


@check
def pod_cidr_predicted(ctx, line, node):
    """Line `line` of the answer is the node's pod subnet (its spec.podCIDR, which flannel routes)."""
    obj = _get(ctx, "nodes", node, None)
    if obj is None:
        return [f"there is no node named {node}"]
    given = _line(ctx, line)
    if given == obj["spec"].get("podCIDR"):
        return []
    return [f"line {line}: {given or '(nothing)'} is not the subnet of node {node}'s pods"]
