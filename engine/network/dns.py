"""CoreDNS as kubeadm's Corefile configures it: the kubernetes plugin for cluster.local (services, headless and
StatefulSet pod records, `pods insecure`, ExternalName CNAMEs, reverse records) and `forward . /etc/resolv.conf`."""
import ipaddress

from .internet import Internet

ZONE = "cluster.local"
SERVICE_LABEL = "kubernetes.io/service-name"


class Answer:
    """One DNS response: rcode ("NOERROR", "NXDOMAIN"), records [(type, value)], the aa flag."""
    __slots__ = ("rcode", "records", "authoritative")

    def __init__(self, rcode="NOERROR", records=(), authoritative=True):
        self.rcode, self.records, self.authoritative = rcode, list(records), authoritative

    def values(self, rtype):
        return [value for kind, value in self.records if kind == rtype]


NXDOMAIN = "NXDOMAIN"


def internet_answer(internet, name, qtype):
    """What the nodes' upstream resolver (the gateway) answers: public names only."""
    if name.endswith(".in-addr.arpa"):
        host = internet.reverse(ptr_ip(name) or "")
        return Answer("NOERROR", [("PTR", host)], False) if host and qtype == "PTR" else Answer(NXDOMAIN, (), False)
    addresses = internet.lookup(name)
    if not addresses:
        return Answer(NXDOMAIN, (), False)
    return Answer("NOERROR", [("A", ip) for ip in addresses] if qtype == "A" else [], False)


def ptr_ip(name):
    labels = name[:-len(".in-addr.arpa")].split(".")
    try:
        return str(ipaddress.ip_address(".".join(reversed(labels))))
    except ValueError:
        return None


def ptr_name(ip):
    return ".".join(reversed(ip.split("."))) + ".in-addr.arpa"


class CoreDNS:
    """`answer(name, qtype, forward)`: forward(name, qtype) -> Answer is the upstream a CoreDNS pod reaches.

    Service IPs are indexed from a watch; everything else is read from the API when asked, so a query costs
    the objects of one service (or, for a pod's reverse record, one namespace's services)."""

    def __init__(self, api, topology):
        self.api, self.topology = api, topology
        self.internet = Internet()
        self._service_ips = {}  # clusterIP -> "ns/name"
        self._service_keys = {}  # "ns/name" -> clusterIP
        services = api.list("services")
        for svc in services["items"]:
            self._service("ADDED", svc)
        self._watch = api.watch("services", self._service, resource_version=services["metadata"]["resourceVersion"])

    def _service(self, type_, svc):
        key = f"{svc['metadata']['namespace']}/{svc['metadata']['name']}"
        old = self._service_keys.pop(key, None)
        if old is not None and self._service_ips.get(old) == key:
            del self._service_ips[old]
        ip = (svc.get("spec") or {}).get("clusterIP")
        if type_ != "DELETED" and ip and ip != "None":
            self._service_ips[ip], self._service_keys[key] = key, ip

    # ---- the kubernetes plugin
    def answer(self, name, qtype, forward):
        name = name.rstrip(".").lower()
        if name == ZONE or name.endswith("." + ZONE):
            return self._cluster(name[:-len(ZONE)].rstrip(".").split(".") if name != ZONE else [], qtype)
        if name.endswith(".in-addr.arpa") and qtype == "PTR":
            ip = ptr_ip(name)
            names = self._reverse(ip) if ip else []
            if names:
                return Answer("NOERROR", [("PTR", n) for n in names])
        return forward(name, qtype)  # fallthrough in-addr.arpa, and `forward .` for everything else

    def _cluster(self, labels, qtype):
        if not labels or labels == ["svc"] or labels == ["pod"]:
            return Answer()
        kind = labels[-1]
        if kind == "pod" and len(labels) == 3:
            return self._pod_record(labels[0], qtype)
        if kind != "svc" or len(labels) < 2:
            return Answer(NXDOMAIN)
        if len(labels) == 2:
            return Answer() if self._get("namespaces", labels[0]) else Answer(NXDOMAIN)
        namespace, service = labels[-2], labels[-3]
        svc = self._get("services", service, namespace)
        if svc is None:
            return Answer(NXDOMAIN)
        if len(labels) == 5 and labels[0].startswith("_") and labels[1].startswith("_"):
            return self._srv(svc, labels[0][1:], labels[1][1:], qtype)
        if len(labels) == 4:
            return self._endpoint_record(svc, labels[0], qtype)
        if len(labels) != 3:
            return Answer(NXDOMAIN)
        spec = svc.get("spec") or {}
        if spec.get("type") == "ExternalName":
            return Answer("NOERROR", [("CNAME", spec.get("externalName", "").rstrip("."))])
        if spec.get("clusterIP") in (None, "", "None"):
            addresses = sorted({ip for ip, _ in self.endpoints(svc)}, key=_ip_key)
            if not addresses:
                return Answer(NXDOMAIN)
            return Answer("NOERROR", [("A", ip) for ip in addresses] if qtype == "A" else [])
        return Answer("NOERROR", [("A", spec["clusterIP"])] if qtype == "A" else [])

    def _pod_record(self, dashed, qtype):
        """`pods insecure`: a-b-c-d.<ns>.pod.cluster.local answers a-b-c-d without looking for the pod."""
        try:
            ip = str(ipaddress.IPv4Address(dashed.replace("-", ".")))
        except ValueError:
            return Answer(NXDOMAIN)
        return Answer("NOERROR", [("A", ip)] if qtype == "A" else [])

    def _endpoint_record(self, svc, label, qtype):
        addresses = [ip for ip, host in self.endpoints(svc) if (host or ip.replace(".", "-")) == label]
        if not addresses:
            return Answer(NXDOMAIN)
        return Answer("NOERROR", [("A", ip) for ip in addresses] if qtype == "A" else [])

    def _srv(self, svc, port_name, protocol, qtype):
        """_<port>._<proto>.<svc>.<ns>.svc: "priority weight port target" for a named port; a headless
        service has one per endpoint, named as its endpoint records."""
        meta, spec = svc["metadata"], svc.get("spec") or {}
        port = next((p for p in spec.get("ports") or () if p.get("name") == port_name
                     and p.get("protocol", "TCP").lower() == protocol), None)
        if port is None:
            return Answer(NXDOMAIN)
        base = f"{meta['name']}.{meta['namespace']}.svc.{ZONE}"
        if spec.get("clusterIP") in (None, "", "None"):
            number = port.get("targetPort") if isinstance(port.get("targetPort"), int) else port["port"]
            targets = sorted(f"{host or ip.replace('.', '-')}.{base}" for ip, host in self.endpoints(svc))
        else:
            number, targets = port["port"], [base]
        if not targets:
            return Answer(NXDOMAIN)
        weight = 100 // len(targets)
        records = [("SRV", f"0 {weight} {number} {target}.") for target in targets]
        return Answer("NOERROR", records if qtype == "SRV" else [])

    def _reverse(self, ip):
        key = self._service_ips.get(ip)
        if key is not None:
            ns, name = key.split("/", 1)
            return [f"{name}.{ns}.svc.{ZONE}"]
        pod = self.topology.pod_at(ip)
        if pod is None:
            return []
        namespace = pod.split("/", 1)[0]
        names = []
        for svc in self.api.list("services", namespace=namespace)["items"]:
            for address, host in self.endpoints(svc):
                if address == ip:
                    names.append(f"{host or ip.replace('.', '-')}.{svc['metadata']['name']}.{namespace}.svc.{ZONE}")
        return sorted(set(names))

    # ---- endpoints, as CoreDNS's informers see them
    def endpoints(self, svc):
        """[(ip, hostname or None)] of the service's ready endpoints: from its EndpointSlices, else its
        Endpoints, else (no endpoints controller running) the ready pods its selector picks."""
        meta = svc["metadata"]
        ns, name = meta["namespace"], meta["name"]
        slices = self.api.list("endpointslices", namespace=ns, label_selector=f"{SERVICE_LABEL}={name}")["items"]
        if slices:
            return [(address, ep.get("hostname")) for s in slices if s.get("addressType", "IPv4") == "IPv4"
                    for ep in s.get("endpoints") or () if (ep.get("conditions") or {}).get("ready", True)
                    for address in (ep.get("addresses") or ())[:1]]
        endpoints = self._get("endpoints", name, ns)
        if endpoints is not None:
            return [(a["ip"], a.get("hostname")) for subset in endpoints.get("subsets") or ()
                    for a in subset.get("addresses") or ()]
        return self._selected_pods(svc)

    def _selected_pods(self, svc):
        spec = svc.get("spec") or {}
        selector = spec.get("selector")
        if not selector:
            return []
        ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
        text = ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
        found = []
        for pod in self.api.list("pods", namespace=ns, label_selector=text)["items"]:
            status = pod.get("status") or {}
            ready = any(c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions") or ())
            if not status.get("podIP") or pod["metadata"].get("deletionTimestamp") or not (
                    ready or spec.get("publishNotReadyAddresses")):
                continue
            pod_spec = pod["spec"]
            host = pod_spec.get("hostname") if pod_spec.get("subdomain") == name and pod_spec.get("hostname") else None
            found.append((status["podIP"], host))
        return found

    def _get(self, plural, name, namespace=None):
        try:
            return self.api.get(plural, name, namespace)
        except Exception:  # NotFound or an invalid name: no such record
            return None


def _ip_key(ip):
    return tuple(int(p) for p in ip.split("."))
