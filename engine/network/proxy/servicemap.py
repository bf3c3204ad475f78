"""kube-proxy's view of Services and EndpointSlices: one ServicePort per Service port (with its chain
names) and its Endpoints, sorted and categorized as pkg/proxy's ServiceChangeTracker,
EndpointSliceCache and CategorizeEndpoints do."""
import base64
import functools
import hashlib

DEFAULT_AFFINITY_TIMEOUT = 10800
SERVICE_NAME_LABEL = "kubernetes.io/service-name"
SERVICE_PROXY_NAME_LABEL = "service.kubernetes.io/service-proxy-name"
HEADLESS_LABEL = "service.kubernetes.io/headless"


@functools.lru_cache(maxsize=1 << 18)  # every node's proxier names the same chains
def port_proto_hash(name, protocol, endpoint=""):
    """The 16 base32 characters kube-proxy puts after KUBE-SVC-/KUBE-SEP-/... (the first 80 bits of
    the sha256 of name + protocol [+ endpoint])."""
    digest = hashlib.sha256((name + protocol + endpoint).encode()).digest()
    return base64.b32encode(digest[:10]).decode()


class ServicePort:
    """One port of one Service, as kube-proxy tracks it (servicePortInfo)."""

    def __init__(self, service, port):
        meta, spec = service["metadata"], service["spec"]
        self.namespace, self.service = meta["namespace"], meta["name"]
        self.port_name = port.get("name") or ""
        self.name = f"{self.namespace}/{self.service}" + (f":{self.port_name}" if self.port_name else "")
        self.protocol = port.get("protocol") or "TCP"
        self.proto = self.protocol.lower()
        self.cluster_ip = spec.get("clusterIP")
        self.port = port["port"]
        self.node_port = port.get("nodePort") or 0
        self.external_ips = list(spec.get("externalIPs") or ())
        ingress = ((service.get("status") or {}).get("loadBalancer") or {}).get("ingress") or ()
        self.lb_ips = [i["ip"] for i in ingress if i.get("ip") and i.get("ipMode") != "Proxy"]
        self.source_ranges = list(spec.get("loadBalancerSourceRanges") or ())
        self.affinity = None
        if spec.get("sessionAffinity") == "ClientIP":
            config = (spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}
            self.affinity = config.get("timeoutSeconds") or DEFAULT_AFFINITY_TIMEOUT
        self.externally_accessible = bool(self.node_port or self.lb_ips or self.external_ips)
        self.external_local = self.externally_accessible and spec.get("externalTrafficPolicy") == "Local"
        self.internal_local = spec.get("internalTrafficPolicy") == "Local"
        self.health_check_node_port = spec.get("healthCheckNodePort") or 0 if self.external_local else 0
        suffix = port_proto_hash(self.name, self.proto)
        self.svc_chain, self.svl_chain = "KUBE-SVC-" + suffix, "KUBE-SVL-" + suffix
        self.ext_chain, self.fw_chain = "KUBE-EXT-" + suffix, "KUBE-FW-" + suffix

    def uses_cluster_endpoints(self):
        # even with externalTrafficPolicy Local, Cluster endpoints serve the short-circuit rules
        return not self.internal_local or self.externally_accessible

    def uses_local_endpoints(self):
        return self.internal_local or self.external_local


class Endpoint:
    __slots__ = ("ip", "port", "node", "local", "ready", "serving", "terminating", "text", "chain")

    def __init__(self, ip, port, node, local, ready, serving, terminating, service_port):
        self.ip, self.port, self.node, self.local = ip, port, node, local
        self.ready, self.serving, self.terminating = ready, serving, terminating
        self.text = f"{ip}:{port}"
        self.chain = "KUBE-SEP-" + port_proto_hash(service_port.name, service_port.proto, self.text)


def proxied(service):
    """kube-proxy skips headless and ExternalName Services and those for another service proxy."""
    spec = service.get("spec") or {}
    if SERVICE_PROXY_NAME_LABEL in (service["metadata"].get("labels") or {}):
        return False
    ip = spec.get("clusterIP")
    return spec.get("type") != "ExternalName" and ip not in (None, "", "None")


def service_ports(service):
    if not proxied(service):
        return []
    return [ServicePort(service, port) for port in service["spec"].get("ports") or ()]


def endpoints(service_port, slices, node_name):
    """The port's endpoints from the Service's EndpointSlices, sorted by "ip:port" as kube-proxy sorts them."""
    found = {}
    for eps in slices:
        if eps.get("addressType", "IPv4") != "IPv4" or HEADLESS_LABEL in (eps["metadata"].get("labels") or {}):
            continue
        for port in eps.get("ports") or ():
            if (port.get("name") or "") != service_port.port_name or port.get("port") is None:
                continue
            if (port.get("protocol") or "TCP") != service_port.protocol:
                continue
            for ep in eps.get("endpoints") or ():
                if not ep.get("addresses"):
                    continue
                cond = ep.get("conditions") or {}
                ready = cond.get("ready") is not False
                serving = ready if cond.get("serving") is None else cond["serving"]
                terminating = cond.get("terminating") is True
                node = ep.get("nodeName")
                e = Endpoint(ep["addresses"][0], port["port"], node, node == node_name, ready, serving, terminating,
                             service_port)
                if e.text not in found or (e.ready and not found[e.text].ready):
                    found[e.text] = e
    return [found[k] for k in sorted(found)]


def categorize(eps, sp):
    """(cluster endpoints, local endpoints, all reachable endpoints, has any endpoint): pkg/proxy's
    CategorizeEndpoints, with the fallback to serving-terminating endpoints."""
    cluster, local, has_any = [], [], False
    if sp.uses_cluster_endpoints():
        cluster = [e for e in eps if e.ready] or [e for e in eps if e.serving and e.terminating]
        has_any = bool(cluster)
    if not sp.uses_local_endpoints():
        return cluster, local, cluster, has_any
    local_ready = [e for e in eps if e.local and e.ready]
    has_any = has_any or any(e.ready or (e.serving and e.terminating) for e in eps)
    local = local_ready or [e for e in eps if e.local and e.serving and e.terminating]
    if not sp.uses_cluster_endpoints():
        return cluster, local, local, has_any
    merged = {e.text: e for e in cluster}
    merged.update({e.text: e for e in local})
    return cluster, local, [merged[k] for k in sorted(merged)], has_any
