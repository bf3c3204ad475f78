"""The pod network every container's programs use (`ClusterNetwork`, the runtime's `Network` contract): loopback,
the cni0 bridge, flannel's VXLAN between nodes, Services through the node's kube-proxy, MASQUERADE to the outside."""
import ipaddress
from importlib import import_module

from ..node.kubelet import dns as kubelet_dns
from ..node.runtime.network import HttpRequest, HttpResponse, NetError, Network, _is_ip, local_http, split_url
from .dns import Answer, CoreDNS, internet_answer, ptr_name
from .flannel import NETWORK as POD_NETWORK, Flannel
from .ingress import IngressNginx
from .policy_note import PolicyNotes
from .internet import GATEWAY, HOPS, NODE_NETWORK
from .topology import OUTSIDE, UNDERLAY, Topology, node_device, pod_vertex, veth_name

SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")
NODE_PORTS = range(30000, 32768)
COREDNS_IMAGE = "coredns/coredns"
# virtual seconds for one round trip
RTT = {"lo": 0.000045, "bridge": 0.000085, "vxlan": 0.00052, "node": 0.00031, "outside": 0.0183}
ARP_TIMEOUT = 3.0  # "No route to host" once neighbour discovery gives up
CONNECT_TIMEOUT = 127.0  # TCP SYN retries (tcp_syn_retries=6) before ETIMEDOUT
DNS_TIMEOUT, DNS_ATTEMPTS = 5.0, 2  # resolv.conf's defaults


class Hop:
    """One step of a trace: a vertex of the topology graph and the rule or table that decided it."""
    __slots__ = ("vertex", "rule")

    def __init__(self, vertex, rule):
        self.vertex, self.rule = vertex, rule

    def __repr__(self):
        return f"Hop({self.vertex!r}, {self.rule!r})"


class Trace:
    """The path of one packet (a list of hops) and where it ended: outcome "delivered", "refused",
    "timeout" or "unreachable"; `remote_addr` is the source address the receiver saw."""

    def __init__(self, src_ip, dst_ip, port, protocol):
        self.src_ip, self.dst_ip, self.port, self.protocol = src_ip, dst_ip, port, protocol
        self.hops = []
        self.outcome = None
        self.remote_addr = src_ip
        self.target = None  # the Container that accepted, or ("outside", ip)
        self.worker = None  # the kubelet's PodWorker of the pod that accepted
        self.target_port = port  # the port it accepted on (after DNAT)
        self.rtt = 0.0
        self.ttl = 64

    def hop(self, vertex, rule):
        self.hops.append(Hop(vertex, rule))

    def end(self, outcome, rule=None, vertex=None):
        if rule:
            self.hop(vertex or (self.hops[-1].vertex if self.hops else OUTSIDE), rule)
        self.outcome = outcome
        return self

    @property
    def delivered(self):
        return self.outcome == "delivered"

    def path(self):
        """The vertices visited, consecutive duplicates merged: a walk in the topology graph."""
        out = []
        for hop in self.hops:
            if not out or out[-1] != hop.vertex:
                out.append(hop.vertex)
        return out

    def __str__(self):
        lines = [f"{self.protocol} {self.src_ip} -> {self.dst_ip}" + (f":{self.port}" if self.port else "")]
        lines += [f"{i:>3}  {hop.vertex:<40} {hop.rule}" for i, hop in enumerate(self.hops, 1)]
        lines.append(f"     {self.outcome}")
        return "\n".join(lines) + "\n"


class Source:
    """Where a packet starts: an address on a node, the pod ("ns/name") and its uid when known."""
    __slots__ = ("ip", "node", "pod", "uid", "host_network")

    def __init__(self, ip, node, pod=None, uid=None, host_network=False):
        self.ip, self.node, self.pod, self.uid, self.host_network = ip, node, pod, uid, host_network


class ClusterNetwork(Network):
    """One per cluster, shared by every kubelet; `kubelets` (node name -> Kubelet) is the data plane's
    way to the containers that listen. `topology`, `flannel` and `dns` are what lessons print."""

    def __init__(self, api, clock):
        self.api, self.clock = api, clock
        self.kubelets = {}
        self.topology = Topology(api)
        self.flannel = Flannel(api, clock, self.topology, host_files=self._host_files)
        self.dns = CoreDNS(api, self.topology)
        self.ingress = IngressNginx(api, clock, self)  # the ingress-nginx add-on's controller processes
        self.policies = PolicyNotes(api)  # NetworkPolicies: accepted, not enforced (flannel)
        self._found = (None, None, None)  # (container, name, the name resolve() found) for fqdn()

    # ---- what lessons print
    def ip_route(self, node):
        return self.flannel.ip_route(node)

    def trace(self, pod, target, namespace="default", headers=None):
        """The trace of `wget target` (a URL, "host:port" or an IP) from a pod ("ns/name" or a name):
        the DNS answer, then every hop of the packet; through an ingress controller, nginx's decision
        (by `headers["Host"]` when given) and the way on to the backend."""
        src, spec_pod = self._pod_source(pod, namespace)
        _, host, port, path = split_url(target)
        host_header = (headers or {}).get("Host") or host
        if _is_ip(host):
            return self.ingress.follow(self.walk(src, host, port), host_header, path)
        conf = _parse_resolv(kubelet_dns.resolv_conf(spec_pod))
        hosts = _parse_hosts(kubelet_dns.etc_hosts(spec_pod, [src.ip]))
        try:
            ips, fqdn, rule = self._lookup(src, conf, hosts, host)
        except NetError as err:
            trace = Trace(src.ip, host, port, "TCP")
            return trace.end("timeout" if err.kind == "timeout" else "bad address",
                             f"DNS: {host}: {err.kind}", self._vertex(src))
        trace = self.walk(src, ips[0], port)
        trace.hops.insert(0, Hop(self._vertex(src), f"DNS: {fqdn} -> {ips[0]} ({rule})"))
        return self.ingress.follow(trace, host_header, path)

    # ---- the Network contract
    def resolve(self, ctx, name):
        src = self._source(ctx)
        if src is None:
            return super().resolve(ctx, name)
        ips, fqdn, _ = self._lookup(src, _parse_resolv(_read(ctx, "/etc/resolv.conf")),
                                    _parse_hosts(_read(ctx, "/etc/hosts")), name)
        self._found = (ctx.container, name, fqdn)
        return ips

    def fqdn(self, ctx, name):
        container, asked, found = self._found
        return found if container is ctx.container and asked == name else name

    def query(self, ctx, fqdn, qtype, server=None):
        """One question to `server` (default: the first nameserver of the container's /etc/resolv.conf)."""
        src = self._source(ctx)
        conf = _parse_resolv(_read(ctx, "/etc/resolv.conf"))
        if server:
            conf["nameservers"] = [server]
        if src is None or not conf["nameservers"]:
            raise NetError("timeout", "", DNS_TIMEOUT * DNS_ATTEMPTS)
        if qtype in ("SRV", "PTR"):
            answer = self._ask(src, conf["nameservers"], fqdn, qtype)
            return answer.rcode, [(qtype, fqdn, value) for value in answer.values(qtype)], answer.authoritative
        answer = self._ask(src, conf["nameservers"], fqdn, "AAAA" if qtype == "AAAA" else "A")
        records = [("A", fqdn, ip) for ip in answer.values("A")]
        for target in answer.values("CNAME")[:1]:
            # CoreDNS resolves an ExternalName's target upstream and answers the CNAME and the target's records
            records = [("CNAME", fqdn, target)] + [("A", target, ip) for ip in
                                                   self._ask(src, conf["nameservers"], target, qtype).values("A")]
        return answer.rcode, records, answer.authoritative

    def reverse(self, ctx, ip):
        src = self._source(ctx)
        conf = _parse_resolv(_read(ctx, "/etc/resolv.conf"))
        if src is None or not conf["nameservers"]:
            return None
        if ip == "127.0.0.1":
            return "localhost"
        try:
            names = self._ask(src, conf["nameservers"], ptr_name(ip), "PTR").values("PTR")
        except NetError:
            return None
        return names[0] if names else None

    def http(self, ctx, method, url, headers=None, timeout=None):
        src = self._source(ctx)
        if src is None:
            return super().http(ctx, method, url, headers, timeout)
        _, host, port, path = split_url(url)
        ip = self.resolve(ctx, host)[0]
        trace = self.walk(src, ip, port)
        self._raise(trace, ip, timeout)
        host_header = host if port in (80, 443) else f"{host}:{port}"
        if isinstance(trace.target, tuple):
            status, body, answer = self.dns.internet.respond(ip, path, port)
            response = HttpResponse(status, body, answer)
        else:
            response = local_http(trace.target, trace.target_port, HttpRequest(method, path, headers, trace.remote_addr,
                                                                  host_header))
        response.ip = ip
        response.elapsed += trace.rtt * 2  # the round trip on top of the time the server took
        return response

    def connect(self, ctx, host, port, timeout=None):
        src = self._source(ctx)
        if src is None:
            return super().connect(ctx, host, port, timeout)
        ip = self.resolve(ctx, host)[0]
        self._raise(self.walk(src, ip, int(port)), ip, timeout)
        return ip

    def ping(self, ctx, ip):
        src = self._source(ctx)
        if src is None:
            return (RTT["lo"], 64) if ip == "127.0.0.1" else None
        trace = self.walk(src, ip, None, "ICMP")
        return (trace.rtt, trace.ttl) if trace.delivered else None

    @staticmethod
    def _raise(trace, ip, timeout):
        if trace.delivered:
            return
        if trace.outcome == "timeout":
            raise NetError("timeout", ip, min(timeout or CONNECT_TIMEOUT, CONNECT_TIMEOUT))
        if trace.outcome == "unreachable":
            raise NetError("unreachable", ip, ARP_TIMEOUT)
        raise NetError(trace.outcome or "refused", ip, trace.rtt)

    # ---- the data plane
    def walk(self, src, dst, port, protocol="TCP"):
        """Follow one packet from `src` (a Source) to dst:port; a Trace."""
        trace = Trace(src.ip, dst, port, protocol)
        if dst.startswith("127.") or (dst == src.ip and not src.host_network):
            trace.hop(self._vertex(src), "local: 127.0.0.0/8 dev lo (the pod's network namespace)"
                      if dst.startswith("127.") else f"local {dst} dev eth0 table local")
            trace.rtt = RTT["lo"]
            trace.remote_addr = "127.0.0.1" if dst.startswith("127.") else src.ip
            return self._accept(trace, src.node, src.ip, port, src.host_network)
        node = src.node
        info = self.topology.nodes.get(node)
        if info is None:
            return trace.end("unreachable", "the node is gone", self._vertex(src))
        if src.host_network:
            trace.hop(self._vertex(src), "hostNetwork: the node's own network namespace")
        else:
            trace.hop(self._vertex(src), self._noted(f"default via {info.gateway} dev eth0 (the pod's route table)",
                                                     self._worker_at(node, src.ip), "Egress"))
            trace.hop(node_device(node, veth_name(src.uid)), "veth pair: the pod's eth0 enters the node")
            trace.hop(node_device(node, "cni0"), f"bridge cni0 {info.gateway}: routed by the node")
        return self._forward(trace, node, src.ip, dst, port, protocol, natted=False, from_pod=not src.host_network)

    def _forward(self, trace, node, src_ip, dst, port, protocol, natted, from_pod):
        local = True  # the packet starts on this node (kube-proxy's OUTPUT / pod-veth path)
        dnat = False  # conntrack: once DNATed, no other node's rules translate the connection again
        for _ in range(4):  # DNAT, then at most one more node on the way
            info = self.topology.nodes[node]
            routed = "pass" if natted or protocol == "ICMP" else \
                self._proxy(trace, node, src_ip, dst, port, protocol, local)
            natted = True
            if routed is None:
                return trace
            if routed != "pass":
                dnat = True
                dst, port, masquerade = routed
                if masquerade:
                    src_ip = self._masquerade_source(node, dst)
                    trace.hop(node_device(node, "eth0"), f"KUBE-POSTROUTING MASQUERADE: source becomes {src_ip}")
                    trace.remote_addr = src_ip
                continue
            owner = self.topology.node_for_ip(dst)
            if owner is not None and owner[0] == node:
                if owner[1] == "node":
                    trace.rtt = trace.rtt or RTT["lo"]
                    trace.hop(node_device(node, "eth0"), f"local {dst} dev eth0 table local")
                    return self._accept(trace, node, dst, port, True)
                return self._bridge(trace, node, dst, port, protocol)
            if owner is not None and owner[1] == "pod":
                return self._vxlan(trace, node, owner[0], src_ip, dst, port, protocol)
            if owner is not None:  # another node's address: over the nodes' network
                other = owner[0]
                if from_pod:
                    src_ip = info.ip
                    trace.remote_addr = src_ip
                    trace.hop(node_device(node, "eth0"), f"FLANNEL-POSTRTG MASQUERADE: source {src_ip}")
                trace.hop(node_device(node, "eth0"), f"{NODE_NETWORK} dev eth0 proto kernel scope link src {info.ip}")
                trace.hop(UNDERLAY, f"{dst} is {other}'s eth0")
                trace.hop(node_device(other, "eth0"), f"arrives at {other}")
                trace.rtt, trace.ttl = RTT["node"], 63
                node, from_pod, local = other, False, False
                if protocol == "ICMP":
                    return self._accept(trace, other, dst, port, True)
                natted = dnat  # else the packet meets the other node's rules (NodePorts) in its PREROUTING
                continue
            return self._outside(trace, node, src_ip, dst, port, protocol, from_pod)
        return trace.end("timeout", "routing loop")

    def _proxy(self, trace, node, src_ip, dst, port, protocol, local):
        """kube-proxy's rules on `node` (engine/network/proxy): "pass" when no Service address matched, the
        DNAT target (dst, port, masquerade), or None when the trace ended there."""
        proxy = self._kube_proxy(node)
        try:
            route = proxy.route(src_ip, dst, port, protocol, from_node_local=local) if proxy is not None else None
        except NetError as err:
            reason = "has no endpoints (REJECT)" if err.kind == "refused" else "has no local endpoints (DROP)"
            trace.end(err.kind, f"kube-proxy: {dst}:{port} {reason}", node_device(node, "eth0"))
            return None
        if route is None:
            if ipaddress.ip_address(dst) in SERVICE_CIDR:
                trace.hop(node_device(node, "eth0"), f"no kube-proxy rule for {dst}: default via {GATEWAY} dev eth0")
                trace.end("timeout", f"{dst} is not routed outside the cluster: dropped", OUTSIDE)
                return None
            return "pass"
        rules = list(route.rules or [f"DNAT to {route.dst_ip}:{route.dst_port}"])
        trace.hop(node_device(node, "eth0"), f"kube-proxy ({route.mode}): " + "; ".join(rules))
        trace.rtt += route.delay or 0.0
        return route.dst_ip, int(route.dst_port), route.masquerade

    def _kube_proxy(self, node):
        try:
            module = import_module("engine.network.proxy")
        except ImportError:
            return None
        for_node = getattr(module, "for_node", None)
        return for_node(self.api, node) if for_node is not None else None

    def _masquerade_source(self, node, dst):
        """MASQUERADE takes the address of the interface the packet leaves by."""
        info = self.topology.nodes[node]
        owner = self.topology.node_for_ip(dst)
        if owner == (node, "pod"):
            return info.gateway
        if owner is not None and owner[1] == "pod":
            return str(info.cidr.network_address)  # flannel.1's address
        return info.ip

    def _bridge(self, trace, node, dst, port, protocol):
        info = self.topology.nodes[node]
        trace.hop(node_device(node, "cni0"), f"{info.cidr} dev cni0 proto kernel scope link src {info.gateway}")
        trace.rtt = max(trace.rtt, RTT["bridge"])
        return self._to_pod(trace, node, dst, port)

    def _vxlan(self, trace, node, remote, src_ip, dst, port, protocol):
        route = self.flannel.route_to(node, remote)
        if route is None:
            trace.hop(node_device(node, "eth0"), f"no route to {self.topology.nodes[remote].cidr}: "
                                                 f"default via {GATEWAY} dev eth0")
            return trace.end("timeout", f"{dst} is not routed outside the cluster: dropped", OUTSIDE)
        here, there = self.topology.nodes[node], self.topology.nodes[remote]
        trace.hop(node_device(node, "flannel.1"), route)
        trace.hop(node_device(node, "flannel.1"), f"VXLAN VNI 1: inner {src_ip} -> {dst} to VTEP {there.vtep_mac} "
                                                  f"(fdb: {there.vtep_mac} dst {there.ip})")
        trace.hop(node_device(node, "eth0"), f"UDP {here.ip} -> {there.ip}:8472")
        trace.hop(UNDERLAY, f"{NODE_NETWORK}: to {remote}")
        trace.hop(node_device(remote, "eth0"), "UDP port 8472: the VXLAN socket of flannel.1")
        if not self.topology.has_flannel(remote):
            return trace.end("timeout", f"{remote} has no flannel.1 (flannel never ran there): dropped")
        trace.hop(node_device(remote, "flannel.1"), f"decapsulated (VNI 1): {src_ip} -> {dst}")
        trace.rtt, trace.ttl = RTT["vxlan"], 62
        if not self.topology.has_bridge(remote):
            return trace.end("unreachable", f"no cni0 on {remote}: no pod has {dst}")
        trace.hop(node_device(remote, "cni0"), f"{there.cidr} dev cni0 proto kernel scope link src {there.gateway}")
        return self._to_pod(trace, remote, dst, port)

    def _to_pod(self, trace, node, dst, port):
        worker = self._worker_at(node, dst)
        if worker is None:
            return trace.end("unreachable", f"no neighbour answers ARP for {dst} on cni0")
        meta = worker.pod["metadata"]
        trace.hop(node_device(node, veth_name(worker.uid)), f"bridge port of {meta['namespace']}/{meta['name']}")
        trace.hop(pod_vertex(meta["namespace"], meta["name"]), self._noted(f"eth0 {dst}", worker, "Ingress"))
        return self._listener(trace, worker, dst, port)

    def _noted(self, rule, worker, direction):
        """The rule, with a note when a NetworkPolicy selects the pod the packet enters or leaves."""
        note = self.policies.note(worker.pod, direction) if worker is not None else ""
        return f"{rule} ({note})" if note else rule

    def _accept(self, trace, node, ip, port, host_network):
        """Delivery in a network namespace: the pod's own (ip) or the node's (hostNetwork pods)."""
        if trace.protocol == "ICMP":
            return trace.end("delivered")
        kubelet = self.kubelets.get(node)
        if kubelet is None:
            return trace.end("refused")
        if host_network:
            for worker in list(kubelet.workers.values()):
                if worker.pod["spec"].get("hostNetwork") and self._listening(worker, port):
                    return self._listener(trace, worker, ip, port)
            return trace.end("refused", f"nothing listens on {ip}:{port}")
        worker = self._worker_at(node, ip)
        if worker is None:
            return trace.end("refused")
        return self._listener(trace, worker, ip, port)

    def _listener(self, trace, worker, ip, port):
        if trace.protocol == "ICMP":
            return trace.end("delivered")
        container = self._listening(worker, port)
        if container is None:
            return trace.end("refused", f"nothing listens on {ip}:{port}: RST")
        trace.target, trace.worker, trace.target_port = container, worker, port
        trace.hop(trace.hops[-1].vertex if trace.hops else pod_vertex(*worker.key.split("/", 1)),
                  f"accepted by container {container.name} on port {port}")
        return trace.end("delivered")

    @staticmethod
    def _listening(worker, port):
        for rec in worker.records:
            if rec.running and rec.instance is not None and port in rec.instance.listeners:
                return rec.instance
        return None

    def _worker_at(self, node, ip):
        kubelet = self.kubelets.get(node)
        if kubelet is None or kubelet.ipam is None:
            return None
        uid = kubelet.ipam.owners.get(ip)
        worker = kubelet.workers.get(uid) if uid is not None else None
        return worker if worker is not None and worker.sandbox is not None else None

    def _outside(self, trace, node, src_ip, dst, port, protocol, from_pod):
        info = self.topology.nodes[node]
        address = ipaddress.ip_address(dst)
        if address in ipaddress.ip_network(POD_NETWORK) or address in SERVICE_CIDR:
            trace.hop(node_device(node, "eth0"), f"no route to {dst}: default via {GATEWAY} dev eth0")
            return trace.end("timeout", f"{dst} is not routed outside the cluster: dropped", OUTSIDE)
        if address in ipaddress.ip_network(NODE_NETWORK) and dst != GATEWAY:
            trace.hop(node_device(node, "eth0"), f"{NODE_NETWORK} dev eth0 proto kernel scope link src {info.ip}")
            return trace.end("unreachable", f"no neighbour answers ARP for {dst} on eth0", UNDERLAY)
        if from_pod:
            if node not in self.flannel.routes:  # flanneld never ran here: no MASQUERADE rule, no way back
                trace.hop(node_device(node, "eth0"), f"default via {GATEWAY} dev eth0 (source {src_ip} not masqueraded)")
                return trace.end("timeout", "replies to a pod address never come back", OUTSIDE)
            trace.hop(node_device(node, "eth0"), f"FLANNEL-POSTRTG: -s {POD_NETWORK} ! -d 224.0.0.0/4 -j MASQUERADE "
                                                 f"--random-fully: source {src_ip} becomes {info.ip}")
            trace.remote_addr = info.ip
        trace.hop(node_device(node, "eth0"), f"default via {GATEWAY} dev eth0")
        trace.hop(UNDERLAY, f"gateway {GATEWAY}")
        trace.hop(OUTSIDE, f"to {dst}")
        trace.rtt, trace.ttl = RTT["outside"], 64 - HOPS - 1
        internet = self.dns.internet
        if dst == GATEWAY and (protocol == "ICMP" or port == 53):  # the nodes' resolver
            trace.target = ("outside", dst)
            return trace.end("delivered")
        if dst not in internet.by_ip:
            return trace.end("timeout", f"no host answers at {dst}")
        if protocol != "ICMP" and not internet.listens(dst, port):
            return trace.end("timeout", f"{dst}:{port} filtered")
        trace.target = ("outside", dst)
        return trace.end("delivered")

    # ---- DNS: the resolver in every pod, and where its queries go
    def _lookup(self, src, conf, hosts, name):
        """([ips], the name found, the rule) as the pod's resolver finds them: /etc/hosts, then its nameserver
        with the search list and ndots."""
        if name in ("localhost", "127.0.0.1"):
            return ["127.0.0.1"], name, "/etc/hosts"
        if _is_ip(name):
            return [name], name, "an address"
        if name in hosts:
            return [hosts[name]], name, "/etc/hosts"
        if not conf["nameservers"]:
            raise NetError("bad address")
        absolute = name.endswith(".")
        name = name.rstrip(".")
        searched = [f"{name}.{domain}" for domain in conf["search"]] if not absolute else []
        candidates = ([name] + searched) if absolute or name.count(".") >= conf["ndots"] else (searched + [name])
        for fqdn in candidates:
            answer = self._ask(src, conf["nameservers"], fqdn, "A")
            addresses, rule = answer.values("A"), f"nameserver {conf['nameservers'][0]}"
            for target in answer.values("CNAME")[:1]:
                addresses = self._ask(src, conf["nameservers"], target, "A").values("A")
                rule += f", CNAME {target}"
            if answer.rcode == "NOERROR" and addresses:
                return addresses, fqdn, rule
        raise NetError("bad address")

    def _ask(self, src, nameservers, name, qtype):
        """Send one DNS question from `src` to its first nameserver; the Answer, or NetError('timeout')."""
        server = nameservers[0]
        trace = self.walk(src, server, 53, "UDP")
        if not trace.delivered:
            raise NetError("timeout", server, DNS_TIMEOUT * DNS_ATTEMPTS)
        if isinstance(trace.target, tuple):  # the gateway's resolver
            return internet_answer(self.dns.internet, name, qtype)
        if COREDNS_IMAGE not in (getattr(trace.target, "image", None) and trace.target.image.name or ""):
            raise NetError("timeout", server, DNS_TIMEOUT * DNS_ATTEMPTS)
        coredns = self._coredns_source(trace)
        return self.dns.answer(name, qtype, lambda n, q: self._forward_dns(coredns, n, q))

    @staticmethod
    def _coredns_source(trace):
        worker = trace.worker
        return Source(worker.pod_ip, worker.kl.node_name, worker.key, worker.uid, False)

    def _forward_dns(self, coredns, name, qtype):
        """`forward . /etc/resolv.conf`: CoreDNS runs with dnsPolicy Default, so upstream is the node's resolver."""
        trace = self.walk(coredns, kubelet_dns.HOST_NAMESERVERS[0], 53, "UDP")
        if not trace.delivered:
            return Answer("SERVFAIL", (), False)
        return internet_answer(self.dns.internet, name, qtype)

    # ---- who is asking
    def _source(self, ctx):
        container = getattr(ctx, "container", None)
        ip = getattr(container, "pod_ip", "") if container is not None else ""
        found = self.topology.node_for_ip(ip) if ip else None
        if found is None:
            return None
        node, kind = found
        if kind == "node":
            return Source(ip, node, None, None, True)
        worker = self._worker_at(node, ip)
        return Source(ip, node, worker.key if worker else None, worker.uid if worker else None)

    def _pod_source(self, pod, namespace):
        ns, _, name = pod.rpartition("/")
        obj = self.api.get("pods", name, ns or namespace)
        ip, node = (obj.get("status") or {}).get("podIP"), obj["spec"].get("nodeName")
        if not ip or not node:
            raise NetError("unreachable", "")
        return Source(ip, node, f"{obj['metadata']['namespace']}/{name}", obj["metadata"].get("uid"),
                      bool(obj["spec"].get("hostNetwork"))), obj

    def _vertex(self, src):
        if src.pod is not None:
            return pod_vertex(*src.pod.split("/", 1))
        return node_device(src.node, "eth0")

    def _host_files(self, node, path):
        kubelet = self.kubelets.get(node)
        manager = getattr(kubelet, "volume_manager", None)
        return manager.host_paths.get(path) if manager is not None else None


def _read(ctx, path):
    try:
        return ctx.fs.read(path)
    except Exception:  # no such file: no configuration
        return ""


def _parse_resolv(text):
    conf = {"nameservers": [], "search": [], "ndots": 1}
    for line in text.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] == "nameserver" and len(words) > 1:
            conf["nameservers"].append(words[1])
        elif words[0] in ("search", "domain"):
            conf["search"] = words[1:]
        elif words[0] == "options":
            for option in words[1:]:
                if option.startswith("ndots:") and option[6:].isdigit():
                    conf["ndots"] = min(int(option[6:]), 15)
    return conf


def _parse_hosts(text):
    hosts = {}
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and _is_ip(words[0]):
            for name in words[1:]:
                hosts.setdefault(name, words[0])
    return hosts
