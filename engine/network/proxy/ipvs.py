"""IPVS mode (pkg/proxy/ipvs): a virtual server per Service address (ClusterIP, external IPs, load
balancer IPs, NodePort on each node address) with its endpoints as Masq real servers, scheduled by
rr (or the configured scheduler), `persistent <timeout>` for ClientIP affinity; `ipvsadm -Ln` output."""
import ipaddress

from ...node.runtime.network import NetError
from .iptables import base_chains
from .route import Route
from .rules import Rule
from .servicemap import categorize

PROTO_NUMBERS = {"tcp": 6, "udp": 17, "sctp": 132}
HEADER = ("IP Virtual Server version 1.2.1 (size=4096)\n"
          "Prot LocalAddress:Port Scheduler Flags\n"
          "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n")
CLUSTER_IP_MASQ = "Kubernetes service cluster ip + port for masquerade purpose"


class VirtualServer:
    __slots__ = ("proto", "ip", "port", "scheduler", "persistent", "dests", "kind", "service")

    def __init__(self, sp, ip, port, kind, dests, scheduler):
        self.proto, self.ip, self.port, self.kind, self.service = sp.proto, ip, port, kind, sp
        self.scheduler, self.persistent, self.dests = scheduler, sp.affinity, dests

    def line(self):
        flags = f" persistent {self.persistent}" if self.persistent else ""
        return f"{self.proto.upper()}  {self.ip}:{self.port} {self.scheduler}{flags}"

    def sort_key(self):
        return PROTO_NUMBERS.get(self.proto, 0), int(ipaddress.ip_address(self.ip)), self.port


def dest_line(ep):
    return f"  -> {ep.text:<28} {'Masq':<7} {1:<6} {0:<10} {0:<10}"


def service_port_rules(sp, eps, config, comments=True):
    """(virtual servers, [], endpoint count): syncService + syncEndpoint for one Service port."""
    cluster, local, reachable, _ = categorize(eps, sp)
    by_ip = lambda e: (int(ipaddress.ip_address(e.ip)), e.port)  # noqa: E731
    internal = sorted(local if sp.internal_local else cluster, key=by_ip)
    external = sorted(local if sp.external_local else cluster, key=by_ip)
    servers = [VirtualServer(sp, sp.cluster_ip, sp.port, "cluster", internal, config.scheduler)]
    servers += [VirtualServer(sp, ip, sp.port, "external", external, config.scheduler) for ip in sp.external_ips]
    servers += [VirtualServer(sp, ip, sp.port, "loadbalancer", external, config.scheduler) for ip in sp.lb_ips]
    if sp.node_port:
        servers += [VirtualServer(sp, ip, sp.node_port, "nodeport", external, config.scheduler)
                    for ip in config.node_addresses]
    return servers, [], len(reachable)


def assemble(blocks, config):
    """The iptables side of IPVS mode: masquerade for off-cluster sources and NodePorts (ipset matches)."""
    chains = base_chains()
    nat = chains["nat"]
    nat["KUBE-NODE-PORT"] = [Rule("KUBE-NODE-PORT", "KUBE-MARK-MASQ",
                                  ("comment", "Kubernetes nodeport TCP port for masquerade purpose"),
                                  ("set", "KUBE-NODE-PORT-TCP", "dst"), proto="tcp")]
    nat["KUBE-SERVICES"] += [
        Rule("KUBE-SERVICES", "RETURN", src="127.0.0.0/8"),
        Rule("KUBE-SERVICES", "KUBE-MARK-MASQ", ("comment", CLUSTER_IP_MASQ), ("set", "KUBE-CLUSTER-IP", "dst,dst"),
             src=config.cluster_cidr, src_neg=True),
        Rule("KUBE-SERVICES", "KUBE-NODE-PORT", ("addrtype", "dst")),
        Rule("KUBE-SERVICES", "ACCEPT", ("set", "KUBE-CLUSTER-IP", "dst,dst"))]
    nat["KUBE-POSTROUTING"].insert(0, Rule(
        "KUBE-POSTROUTING", "MASQUERADE",
        ("comment", "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"),
        ("set", "KUBE-LOOP-BACK", "dst,dst,src")))
    chains["ipvs"] = {}
    for _, (servers, _, _) in blocks.items():
        for vs in servers:
            chains["ipvs"][(vs.proto, vs.ip, vs.port)] = vs
    return chains


def route(proxier, tables, src_ip, dst_ip, dst_port, proto, from_node_local):
    vs = tables.chains["ipvs"].get((proto, dst_ip, dst_port))
    if vs is None:
        return None
    rules = [vs.line()]
    if not vs.dests:  # IPVS answers a virtual server without real servers with ICMP port unreachable
        err = NetError("refused", dst_ip)
        err.rules = rules
        raise err
    ep = _schedule(proxier, vs, src_ip)
    rules.append(dest_line(ep))
    masq = _masquerade(proxier, vs, src_ip, ep)
    if masq:
        rules.append(masq)
    return Route(ep.ip, ep.port, bool(masq), rules, "ipvs", proxier.node_name, 0.0)


def _schedule(proxier, vs, src_ip):
    key = (vs.proto, vs.ip, vs.port)
    now = proxier.clock.now
    if vs.persistent:  # the persistence template: one real server per client until the timeout passes
        sticky = proxier.recent.setdefault(("ipvs",) + key, {})
        held = sticky.get(src_ip)
        if held and now - held[1] <= vs.persistent:
            ep = next((d for d in vs.dests if d.text == held[0]), None)
            if ep is not None:
                sticky[src_ip] = (ep.text, now)
                return ep
    position = proxier.state.get(key, -1)
    position = (position + 1) % len(vs.dests)  # rr: the next real server after the last one used
    proxier.state[key] = position
    ep = vs.dests[position]
    if vs.persistent:
        proxier.recent[("ipvs",) + key][src_ip] = (ep.text, now)
    return ep


def _masquerade(proxier, vs, src_ip, ep):
    """The ipset-matching iptables rule that marks the connection for SNAT, if any."""
    sp = vs.service
    if src_ip == ep.ip:
        return ('-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving '
                'hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE')
    if vs.kind == "cluster":
        inside = ipaddress.ip_address(src_ip) in ipaddress.ip_network(proxier.config.cluster_cidr, strict=False)
        if proxier.config.masquerade_all or not inside:
            return (f'-A KUBE-SERVICES ! -s {proxier.config.cluster_cidr} -m comment --comment "{CLUSTER_IP_MASQ}" '
                    '-m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ')
        return None
    if sp.external_local:
        return None
    if vs.kind == "nodeport":
        return (f'-A KUBE-NODE-PORT -p {vs.proto} -m comment --comment "Kubernetes nodeport {vs.proto.upper()} port '
                f'for masquerade purpose" -m set --match-set KUBE-NODE-PORT-{vs.proto.upper()} dst -j KUBE-MARK-MASQ')
    if vs.kind == "external":
        return ('-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and '
                'filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -j KUBE-MARK-MASQ')
    return "-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ"


def ipvsadm_list(proxier):
    """`ipvsadm -Ln` on the node: services sorted by protocol, address, port; real servers by address."""
    tables = proxier.programmed() if proxier is not None else None
    out = [HEADER.rstrip("\n")]
    if tables is not None and proxier.mode == "ipvs":
        for vs in sorted(tables.chains["ipvs"].values(), key=VirtualServer.sort_key):
            out.append(vs.line())
            out += [dest_line(ep) for ep in vs.dests]
    return "\n".join(out) + "\n"
