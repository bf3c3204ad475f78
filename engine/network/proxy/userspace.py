"""The legacy userspace proxier (removed in Kubernetes v1.26; a real v1.32 kube-proxy rejects
mode "userspace"): iptables only REDIRECTs each Service address to a port the kube-proxy process
listens on, and the process itself picks an endpoint (round robin) and opens a second connection,
so every connection costs an extra hop through user space and the backend sees the node's address."""
from ...node.runtime.network import NetError
from .route import Route
from .rules import BUILTIN, Rule
from .servicemap import categorize

HOP_DELAY = 0.002  # seconds: copying through the kube-proxy process (the iptables path costs nothing extra)
CLUSTER_IPS = "handle ClusterIPs; NOTE: this must be before the NodePort rules"
NODEPORTS = "handle service NodePorts; NOTE: this must be the last rule in the chain"


def service_port_rules(sp, eps, config, comments=True):
    """Portal rules for one Service port; the endpoints (ready ones, round robin) ride along."""
    cluster = [e for e in categorize(eps, sp)[0]]
    proxy_port = config.proxy_port(sp.name)
    node = config.node_ip
    out = [("nat", Rule("KUBE-PORTALS-CONTAINER", "REDIRECT", ("comment", sp.name), ("l4", sp.port),
                        dst=sp.cluster_ip, proto=sp.proto, args=f"--to-ports {proxy_port}")),
           ("nat", Rule("KUBE-PORTALS-HOST", "DNAT", ("comment", sp.name), ("l4", sp.port), dst=sp.cluster_ip,
                        proto=sp.proto, args=f"--to-destination {node}:{proxy_port}"))]
    if sp.node_port:
        out += [("nat", Rule("KUBE-NODEPORT-CONTAINER", "REDIRECT", ("comment", sp.name), ("l4", sp.node_port),
                             proto=sp.proto, args=f"--to-ports {proxy_port}")),
                ("nat", Rule("KUBE-NODEPORT-HOST", "DNAT", ("comment", sp.name), ("l4", sp.node_port),
                             proto=sp.proto, args=f"--to-destination {node}:{proxy_port}")),
                ("filter", Rule("KUBE-NODEPORT-NON-LOCAL", "ACCEPT", ("comment", sp.name), ("l4", sp.node_port),
                                proto=sp.proto))]
    return out, [], len(cluster), (proxy_port, sp, cluster)


def assemble(blocks, config):
    chains = {table: {name: [] for name in BUILTIN[table]} for table in BUILTIN}
    for name in ("KUBE-PORTALS-CONTAINER", "KUBE-PORTALS-HOST", "KUBE-NODEPORT-CONTAINER", "KUBE-NODEPORT-HOST"):
        chains["nat"][name] = []
    chains["filter"]["KUBE-NODEPORT-NON-LOCAL"] = []
    for builtin, suffix in (("PREROUTING", "CONTAINER"), ("OUTPUT", "HOST")):
        chains["nat"][builtin] += [
            Rule(builtin, f"KUBE-PORTALS-{suffix}", ("comment", CLUSTER_IPS)),
            Rule(builtin, f"KUBE-NODEPORT-{suffix}", ("addrtype", "dst"), ("comment", NODEPORTS))]
    chains["filter"]["INPUT"].append(Rule("INPUT", "KUBE-NODEPORT-NON-LOCAL",
                                          ("comment", "Ensure that non-local NodePort traffic can flow")))
    chains["userspace"] = {}
    for _, (rules, _, _, (port, sp, eps)) in sorted(blocks.items()):
        for table, rule in rules:
            chains[table][rule.chain].append(rule)
        chains["userspace"][port] = (sp, eps)
    return chains


def route(proxier, tables, pkt, rules):
    """The kube-proxy process accepted the redirected connection: pick an endpoint and connect to it."""
    port = pkt.dnat[1]
    sp, eps = tables.chains["userspace"][port]
    hop = f"kube-proxy (userspace) {proxier.node_ip}:{port} {sp.name}"
    if not eps:  # "Couldn't find an endpoint for ...": the proxy closes the accepted connection
        err = NetError("reset", pkt.dst)
        err.rules = rules + [hop + " -> no endpoints"]
        raise err
    ep = _pick(proxier, sp, eps, pkt.src)
    return Route(ep.ip, ep.port, True, rules + [f"{hop} -> {ep.text}"], "userspace", proxier.node_name, HOP_DELAY)


def _pick(proxier, sp, eps, client):
    now = proxier.clock.now
    if sp.affinity:
        sticky = proxier.recent.setdefault(("userspace", sp.name), {})
        held = sticky.get(client)
        if held and now - held[1] <= sp.affinity:
            ep = next((e for e in eps if e.text == held[0]), None)
            if ep is not None:
                sticky[client] = (ep.text, now)
                return ep
    position = (proxier.state.get(("rr", sp.name), -1) + 1) % len(eps)
    proxier.state[("rr", sp.name)] = position
    ep = eps[position]
    if sp.affinity:
        proxier.recent[("userspace", sp.name)][client] = (ep.text, now)
    return ep
