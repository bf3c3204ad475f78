"""What the network trace view shows, as plain data: the hops of one traced request (`c.trace(...)`) in
order, each with the machine it happened on (a node, the docker network, the outside, the workstation),
the device, and the rule or table that decided it; and how the request ended."""
from dataclasses import dataclass


@dataclass(frozen=True)
class HopRow:
    step: int
    host: str       # "worker-1", "172.18.0.0/16", "outside", ...
    device: str     # "cni0", "flannel.1", "pod default/web-...", ...
    vertex: str     # the topology vertex
    rule: str


@dataclass(frozen=True)
class TraceModel:
    request: str    # "TCP 10.244.1.4 -> 10.96.0.10:80"
    outcome: str    # delivered, refused, timeout, unreachable
    hops: tuple
    hosts: tuple    # the machines in the order the request met them


def trace_model(cluster, trace):
    pods = {f"pod/{p['metadata']['namespace']}/{p['metadata']['name']}": p["spec"].get("nodeName") or ""
            for p in cluster.api.list("pods")["items"]}
    rows, hosts = [], []
    for step, hop in enumerate(trace.hops, 1):
        host, device = _place(hop.vertex, pods)
        rows.append(HopRow(step, host, device, hop.vertex, hop.rule))
        if host not in hosts:
            hosts.append(host)
    request = f"{trace.protocol} {trace.src_ip} -> {trace.dst_ip}" + (f":{trace.port}" if trace.port else "")
    return TraceModel(request, trace.outcome or "", tuple(rows), tuple(hosts))


def _place(vertex, pods):
    kind, _, rest = vertex.partition("/")
    if kind == "node":
        node, _, device = rest.partition("/")
        return node, device or "node"
    if kind == "pod":
        return pods.get(vertex) or "(pod gone)", f"pod {rest}"
    return rest or kind, kind
