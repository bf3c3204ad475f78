"""The iptables proxier's rules (pkg/proxy/iptables/proxier.go syncProxyRules, v1.32): the jump rules
into KUBE-* chains, the static KUBE-POSTROUTING / KUBE-MARK-MASQ / KUBE-FORWARD rules, and per Service
port its KUBE-SERVICES / KUBE-NODEPORTS entries and KUBE-SVC-, KUBE-SVL-, KUBE-EXT-, KUBE-FW-, KUBE-SEP- chains."""
from .rules import MASQ_MARK, Rule, _in
from .servicemap import categorize

# above this many endpoint chains kube-proxy drops the comments of SEP and SVC->SEP rules
LARGE_CLUSTER_ENDPOINTS = 1000
NEW = ("conntrack", "NEW", False)

# (table, chain the jump is added to, target chain, comment, conntrack NEW), in kube-proxy's order; each
# is prepended to the built-in chain, so the last one ends up first
JUMPS = (
    ("filter", "INPUT", "KUBE-EXTERNAL-SERVICES", "kubernetes externally-visible service portals", True),
    ("filter", "FORWARD", "KUBE-EXTERNAL-SERVICES", "kubernetes externally-visible service portals", True),
    ("filter", "INPUT", "KUBE-NODEPORTS", "kubernetes health check service ports", False),
    ("filter", "FORWARD", "KUBE-SERVICES", "kubernetes service portals", True),
    ("filter", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals", True),
    ("filter", "FORWARD", "KUBE-FORWARD", "kubernetes forwarding rules", False),
    ("filter", "INPUT", "KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", True),
    ("filter", "OUTPUT", "KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", True),
    ("filter", "FORWARD", "KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", True),
    ("nat", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals", False),
    ("nat", "PREROUTING", "KUBE-SERVICES", "kubernetes service portals", False),
    ("nat", "POSTROUTING", "KUBE-POSTROUTING", "kubernetes postrouting rules", False),
)
FILTER_CHAINS = ("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD", "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL",
                 "KUBE-PROXY-CANARY")
NAT_CHAINS = ("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ", "KUBE-PROXY-CANARY")


def base_chains():
    """{table: {chain: [rules]}} before any Service: built-in chains with kube-proxy's jumps, static rules."""
    chains = {table: {} for table in ("mangle", "filter", "nat")}
    for table, builtins in (("mangle", ("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING")),
                            ("filter", ("INPUT", "FORWARD", "OUTPUT")),
                            ("nat", ("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"))):
        for name in builtins:
            chains[table][name] = []
    chains["mangle"]["KUBE-PROXY-CANARY"] = []
    for name in FILTER_CHAINS:
        chains["filter"][name] = []
    for name in NAT_CHAINS:
        chains["nat"][name] = []
    for table, chain, target, comment, new in JUMPS:
        matches = ((NEW,) if new else ()) + (("comment", comment),)
        chains[table][chain].insert(0, Rule(chain, target, *matches))
    nat, filt = chains["nat"], chains["filter"]
    nat["KUBE-POSTROUTING"] += [
        Rule("KUBE-POSTROUTING", "RETURN", ("mark", True)),
        Rule("KUBE-POSTROUTING", "MARK", args=f"--set-xmark {MASQ_MARK}/0x0"),
        Rule("KUBE-POSTROUTING", "MASQUERADE", ("comment", "kubernetes service traffic requiring SNAT"),
             args="--random-fully")]
    nat["KUBE-MARK-MASQ"].append(Rule("KUBE-MARK-MASQ", "MARK", args=f"--set-xmark {MASQ_MARK}/{MASQ_MARK}"))
    filt["KUBE-FORWARD"] += [
        Rule("KUBE-FORWARD", "DROP", ("conntrack", "INVALID", False), ("nfacct", "ct_state_invalid_dropped_pkts")),
        Rule("KUBE-FORWARD", "ACCEPT", ("comment", "kubernetes forwarding rules"), ("mark", False)),
        Rule("KUBE-FORWARD", "ACCEPT", ("comment", "kubernetes forwarding conntrack rule"),
             ("conntrack", "RELATED,ESTABLISHED", False))]
    return chains


def nodeports_jump():
    return Rule("KUBE-SERVICES", "KUBE-NODEPORTS",
                ("comment", "kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
                ("addrtype", "dst"))


class Config:
    """What the rules depend on besides Services: the local-traffic detector (clusterCIDR) and masqueradeAll."""

    def __init__(self, cluster_cidr="10.244.0.0/16", masquerade_all=False, node_ip="", mode="iptables",
                 scheduler="rr"):
        self.cluster_cidr, self.masquerade_all, self.node_ip = cluster_cidr, masquerade_all, node_ip
        self.mode, self.scheduler = mode, scheduler


def service_port_rules(sp, eps, config, comments=True):
    """[(table, Rule)] and the nat chains this Service port owns, as syncProxyRules writes them."""
    cluster, local, reachable, has_endpoints = categorize(eps, sp)
    out, chains = [], []
    name, proto, port = sp.name, sp.proto, sp.port
    uses_cluster_chain = bool(cluster) and sp.uses_cluster_endpoints()
    uses_local_chain = bool(local) and sp.uses_local_endpoints()
    internal_chain, has_internal = sp.svc_chain, has_endpoints
    if sp.internal_local:
        internal_chain, has_internal = sp.svl_chain, has_endpoints and bool(local)
    external_policy_chain, has_external = sp.svc_chain, has_endpoints
    if sp.external_local:
        external_policy_chain, has_external = sp.svl_chain, has_endpoints and bool(local)
    uses_ext_chain = has_endpoints and sp.externally_accessible
    uses_fw_chain = has_endpoints and bool(sp.lb_ips) and bool(sp.source_ranges)
    lb_chain = sp.fw_chain if uses_fw_chain else sp.ext_chain
    if not has_endpoints:
        internal_target = external_target = "REJECT"
        internal_comment = external_comment = f"{name} has no endpoints"
    else:
        internal_target = None if has_internal else "DROP"
        external_target = None if has_external else "DROP"
        internal_comment = external_comment = f"{name} has no local endpoints"

    def vip(chain, target, comment, ip, table="nat"):
        args = f"--reject-with icmp-port-unreachable" if target == "REJECT" else ""
        out.append((table, Rule(chain, target, ("comment", comment), ("l4", port), dst=ip, proto=proto, args=args)))

    if has_internal:
        vip("KUBE-SERVICES", internal_chain, f"{name} cluster IP", sp.cluster_ip)
    else:
        vip("KUBE-SERVICES", internal_target, internal_comment, sp.cluster_ip, "filter")
    for ip in sp.external_ips:
        if has_endpoints:
            vip("KUBE-SERVICES", sp.ext_chain, f"{name} external IP", ip)
        if not has_external:
            vip("KUBE-EXTERNAL-SERVICES", external_target, external_comment, ip, "filter")
    for ip in sp.lb_ips:
        if has_endpoints:
            vip("KUBE-SERVICES", lb_chain, f"{name} loadbalancer IP", ip)
        if uses_fw_chain:
            vip("KUBE-PROXY-FIREWALL", "DROP", f"{name} traffic not accepted by {sp.fw_chain}", ip, "filter")
    if not has_external:
        for ip in sp.lb_ips:
            vip("KUBE-EXTERNAL-SERVICES", external_target, external_comment, ip, "filter")
    if sp.node_port:
        if has_endpoints:  # localhostNodePorts (on by default, IPv4): 127.0.0.1:<nodePort> works too, counted
            out.append(("nat", Rule("KUBE-NODEPORTS", sp.ext_chain, ("comment", name), ("l4", sp.node_port),
                                    ("nfacct", "localhost_nps_accepted_pkts"), dst="127.0.0.0/8", proto=proto)))
            out.append(("nat", Rule("KUBE-NODEPORTS", sp.ext_chain, ("comment", name), ("l4", sp.node_port),
                                    proto=proto)))
        if not has_external:
            args = "--reject-with icmp-port-unreachable" if external_target == "REJECT" else ""
            out.append(("filter", Rule("KUBE-EXTERNAL-SERVICES", external_target, ("comment", external_comment),
                                       ("addrtype", "dst"), ("l4", sp.node_port), proto=proto, args=args)))
    if sp.health_check_node_port:
        out.append(("filter", Rule("KUBE-NODEPORTS", "ACCEPT", ("comment", f"{name} health check node port"),
                                   ("l4", sp.health_check_node_port), proto="tcp")))
    if has_internal:
        masq = dict(dst=sp.cluster_ip, proto=proto)
        if not config.masquerade_all:
            masq.update(src=config.cluster_cidr, src_neg=True)
        out.append(("nat", Rule(internal_chain, "KUBE-MARK-MASQ", ("comment", f"{name} cluster IP"), ("l4", port),
                                **masq)))
    if uses_ext_chain:
        chains.append(sp.ext_chain)
        ext = sp.ext_chain
        if not sp.external_local:
            out.append(("nat", Rule(ext, "KUBE-MARK-MASQ",
                                    ("comment", f"masquerade traffic for {name} external destinations"))))
        else:
            out += [("nat", Rule(ext, sp.svc_chain, ("comment", f"pod traffic for {name} external destinations"),
                                 src=config.cluster_cidr)),
                    ("nat", Rule(ext, "KUBE-MARK-MASQ",
                                 ("comment", f"masquerade LOCAL traffic for {name} external destinations"),
                                 ("addrtype", "src"))),
                    ("nat", Rule(ext, sp.svc_chain,
                                 ("comment", f"route LOCAL traffic for {name} external destinations"),
                                 ("addrtype", "src")))]
        if has_external:
            out.append(("nat", Rule(ext, external_policy_chain)))
    if uses_fw_chain:
        chains.append(sp.fw_chain)
        for source in sp.source_ranges:
            out.append(("nat", Rule(sp.fw_chain, sp.ext_chain, ("comment", f"{name} loadbalancer IP"), src=source)))
        if any(_in(config.node_ip, source) for source in sp.source_ranges):
            for ip in sp.lb_ips:  # a node's own request to the VIP loops back with the VIP as source
                out.append(("nat", Rule(sp.fw_chain, sp.ext_chain, ("comment", f"{name} loadbalancer IP"), src=ip)))
        out.append(("nat", Rule(sp.fw_chain, None,
                                ("comment", f"other traffic to {name} will be dropped by KUBE-PROXY-FIREWALL"))))
    if uses_cluster_chain:
        chains.append(sp.svc_chain)
        out += _to_endpoints(sp, sp.svc_chain, cluster, comments)
    if uses_local_chain:
        chains.append(sp.svl_chain)
        out += _to_endpoints(sp, sp.svl_chain, local, comments)
    for ep in reachable:
        chains.append(ep.chain)
        comment = (("comment", name),) if comments else ()
        out.append(("nat", Rule(ep.chain, "KUBE-MARK-MASQ", *comment, src=ep.ip)))
        recent = (("recent_set", ep.chain),) if sp.affinity else ()
        out.append(("nat", Rule(ep.chain, "DNAT", *comment, *recent, ("l4", None), proto=proto,
                                args=f"--to-destination {ep.text}")))
    return out, chains, len(reachable)


def _to_endpoints(sp, chain, eps, comments):
    """writeServiceToEndpointRules: affinity checks first, then 1/n, 1/(n-1), ... random picks."""
    out = []
    comment = (lambda ep: (("comment", f"{sp.name} -> {ep.text}"),)) if comments else (lambda ep: ())
    if sp.affinity:
        for ep in eps:
            out.append(("nat", Rule(chain, ep.chain, *comment(ep), ("recent_check", ep.chain, sp.affinity))))
    for i, ep in enumerate(eps):
        pick = (("statistic", len(eps) - i),) if i < len(eps) - 1 else ()
        out.append(("nat", Rule(chain, ep.chain, *comment(ep), *pick)))
    return out


def assemble(blocks, config=None):
    """The node's tables from the per-Service-port blocks, in a stable order (kube-proxy's own order
    follows a Go map; sorting by service port name keeps the course's output byte-for-byte stable)."""
    chains = base_chains()
    for _, (rules, owned, _) in sorted(blocks.items()):
        for chain in owned:
            chains["nat"].setdefault(chain, [])
        for table, rule in rules:
            chains[table].setdefault(rule.chain, []).append(rule)
    chains["nat"]["KUBE-SERVICES"].append(nodeports_jump())
    return chains
