"""kube-proxy: one proxier per node, running while that node's kube-proxy pod runs, that watches Services
and EndpointSlices through the API server and programs the node's iptables / IPVS / userspace rules.

Contract for the pod network (engine/network/network.py) and the lessons:

- `for_node(api_or_registry, node_name)` -> the `Proxier` running on that node, or None when the node
  has never had a running kube-proxy (no rules at all: ClusterIPs are not DNATed there).
  A proxier whose kube-proxy pod was deleted is still returned: its rules stay programmed (as real
  iptables rules outlive the process), they just stop following Services and EndpointSlices until a
  new kube-proxy pod runs on the node and resyncs.
- `Proxier.route(src_ip, dst_ip, dst_port, protocol="TCP", from_node_local=True)` decides what the
  node's rules do with a new connection whose first packet is evaluated on this node:
    * returns None when `dst_ip:dst_port` is no Service address here (no DNAT: route it as is);
    * returns `Route(dst_ip, dst_port, masquerade, rules, ...)`: the endpoint chosen (DNAT target),
      whether the packet was marked for SNAT (KUBE-MARK-MASQ -> MASQUERADE to the node's IP on the
      way out), and the rule lines that decided it, in iptables-save / ipvsadm wording;
    * raises `NetError('refused')` for a Service with no endpoints (iptables `-j REJECT
      --reject-with icmp-port-unreachable`, "has no endpoints");
    * raises `NetError('timeout')` when the rules DROP the packet (externalTrafficPolicy /
      internalTrafficPolicy Local on a node without local endpoints, "has no local endpoints"; a
      loadBalancerSourceRanges miss);
    * in the legacy userspace mode, raises `NetError('reset')` for a Service without endpoints (the
      process accepts the connection, finds no endpoint and closes it).
  Errors carry `.rules`, the rule lines the packet went through. IPVS mode answers with the virtual
  server and real server lines of `ipvsadm -Ln` instead of iptables rules.
  `from_node_local` is True when the packet starts on this node (a pod here or the host: it enters
  netfilter through OUTPUT / the pod's veth) and False when it arrived from another machine (an
  outside client on a NodePort or a load balancer address). `src_ip` decides the SNAT rules
  (`! -s <clusterCIDR>`, `-m addrtype --src-type LOCAL`), as on a real node.
- `iptables_save(cluster_or_api, node_name)`, `ipvsadm(cluster_or_api, node_name)` print a node's
  rules as `iptables-save` and `ipvsadm -Ln` would; inside the kube-proxy pods (hostNetwork) the
  programs `iptables-save [-t table]` and `iptables [-t table] -S [chain]` print the same tables.
- `add_rule_source(api, source)`: another node component (flannel's masquerade rules) adds its lines,
  `source(node_name) -> [(table, "-A CHAIN ...")]`, to what iptables-save prints.
- `install(api)` starts following the kube-proxy pods; the Cluster calls it at boot (a first
  `for_node` call installs it otherwise, seeing only the pods running from then on).

Modes come from the kube-proxy ConfigMap's config.conf `mode`: "" or "iptables", "ipvs", and the
legacy "userspace" (removed from kube-proxy in v1.26: a real v1.32 kube-proxy refuses it; the course
simulates it only when asked, to show why it was slow: every connection hops through the process).
"""
from ...node.runtime.network import NetError  # noqa: F401  (part of the contract)
from .route import Route  # noqa: F401
from .registry import KubeProxies, for_node, install  # noqa: F401
from .printers import add_rule_source, iptables_save, ipvsadm  # noqa: F401
from . import programs  # noqa: F401  (iptables-save / iptables in the kube-proxy image)
