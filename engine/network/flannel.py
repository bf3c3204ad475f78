"""What flanneld (kube-subnet-mgr, VXLAN backend) does on each node while its kube-flannel-ds pod runs: the
Node annotations, /run/flannel/subnet.env, the flannel.1 device and a route per remote subnet (`ip route`)."""
import hashlib
import ipaddress
import json

from ..api.errors import ApiError
from .internet import GATEWAY, NODE_NETWORK

NAMESPACE, CONTAINER = "kube-flannel", "kube-flannel"
NETWORK = "10.244.0.0/16"
MTU = 1450  # 1500 minus the 50 bytes of VXLAN encapsulation
VNI, VXLAN_PORT = 1, 8472
PREFIX = "flannel.alpha.coreos.com/"


def vtep_mac(node_name):
    """flannel.1's MAC: a locally administered unicast address, fixed per node as flannel keeps it across restarts."""
    digest = hashlib.sha256(f"flannel.1/{node_name}".encode()).digest()
    first = (digest[0] & 0xFE) | 0x02
    return ":".join(f"{b:02x}" for b in (first,) + tuple(digest[1:6]))


def annotations(node_name, public_ip):
    return {PREFIX + "backend-data": json.dumps({"VNI": VNI, "VtepMAC": vtep_mac(node_name)}, separators=(",", ":")),
            PREFIX + "backend-type": "vxlan",
            PREFIX + "kube-subnet-manager": "true",
            PREFIX + "public-ip": public_ip}


class Flannel:
    """One flanneld per node, alive while the node's kube-flannel container runs. `routes[node]` holds
    the remote nodes whose subnet that node has a route to (kernel state: it outlives flanneld)."""

    def __init__(self, api, clock, topology, host_files=None):
        self.api, self.clock, self.topology = api, clock, topology
        self.host_files = host_files or (lambda node, path: None)  # node's hostPath Tree for a path, or None
        self.running = set()  # nodes whose flanneld runs
        self.routes = {}  # node -> set of remote node names routed via flannel.1
        topology.listeners.append(self._topology_changed)
        pods = api.list("pods", namespace=NAMESPACE)
        self._watch = api.watch("pods", self._pod, namespace=NAMESPACE,
                                resource_version=pods["metadata"]["resourceVersion"])
        for pod in pods["items"]:
            self._pod("ADDED", pod)

    # ---- what a lesson prints
    def subnet_env(self, node):
        info = self.topology.nodes[node]
        return (f"FLANNEL_NETWORK={NETWORK}\nFLANNEL_SUBNET={info.gateway}/{info.cidr.prefixlen}\n"
                f"FLANNEL_MTU={MTU}\nFLANNEL_IPMASQ=true\n")

    def route_table(self, node):
        """[(destination network, line)] of the node's main table, in the kernel's order."""
        info = self.topology.nodes[node]
        rows = [(ipaddress.ip_network("0.0.0.0/0"), f"default via {GATEWAY} dev eth0 "),
                (ipaddress.ip_network(NODE_NETWORK), f"{NODE_NETWORK} dev eth0 proto kernel scope link src {info.ip} ")]
        if self.topology.has_bridge(node):
            rows.append((info.cidr, f"{info.cidr} dev cni0 proto kernel scope link src {info.gateway} "))
        for remote in self.routes.get(node, ()):
            other = self.topology.nodes.get(remote)
            if other is not None and other.cidr is not None:
                rows.append((other.cidr, f"{other.cidr} via {other.cidr.network_address} dev flannel.1 onlink "))
        rows.sort(key=lambda row: (int(row[0].network_address), row[0].prefixlen))
        return rows

    def ip_route(self, node):
        """`ip route` on the node."""
        return "".join(line + "\n" for _, line in self.route_table(node))

    def route_to(self, node, remote):
        """The route line the node uses for a remote node's subnet, or None when it has none."""
        if remote not in self.routes.get(node, ()):
            return None
        cidr = self.topology.nodes[remote].cidr
        return f"{cidr} via {cidr.network_address} dev flannel.1 onlink"

    # ---- flanneld's life, from its pod
    def _pod(self, type_, pod):
        node = pod["spec"].get("nodeName")
        if not node:
            return
        running = type_ != "DELETED" and not pod["metadata"].get("deletionTimestamp") and any(
            s.get("name") == CONTAINER and "running" in (s.get("state") or {})
            for s in (pod.get("status") or {}).get("containerStatuses") or ())
        if running and node not in self.running:
            self.running.add(node)
            self.clock.call_soon(lambda: self._start(node))
        elif not running and node in self.running and not self._other_running(pod, node):
            self.running.discard(node)

    def _other_running(self, pod, node):
        """A newer flannel pod on the node (a rolling update) keeps flanneld alive there."""
        name = pod["metadata"]["name"]
        for other in self.api.list("pods", namespace=NAMESPACE, field_selector=f"spec.nodeName={node}")["items"]:
            if other["metadata"]["name"] != name and not other["metadata"].get("deletionTimestamp") and any(
                    s.get("name") == CONTAINER and "running" in (s.get("state") or {})
                    for s in (other.get("status") or {}).get("containerStatuses") or ()):
                return True
        return False

    def _start(self, node):
        """flanneld starting: its lease (the node's podCIDR) in the Node's annotations, subnet.env, and a
        route to every other node that already has a VTEP."""
        if node not in self.running or node not in self.topology.nodes:
            return
        info = self.topology.nodes[node]
        wanted = annotations(node, info.ip)
        try:
            current = self.api.get("nodes", node)
            if any((current["metadata"].get("annotations") or {}).get(k) != v for k, v in wanted.items()):
                self.api.patch("nodes", node, {"metadata": {"annotations": wanted}},
                               "application/strategic-merge-patch+json")
            self._network_available(current)
        except ApiError:
            return
        tree = self.host_files(node, "/run/flannel")
        if tree is not None:
            tree.add("subnet.env", self.subnet_env(node), 0o644, self.clock.now)
        routes = self.routes.setdefault(node, set())
        for other in self.topology.nodes:
            if other != node and self.topology.has_flannel(other):
                routes.add(other)

    def _network_available(self, node):
        """setNodeNetworkUnavailableFalse: flanneld's condition on its node (a status patch: the patch's
        items come first, so it leads the list `kubectl describe node` prints); written at every start, with
        both times set to now, as flanneld does."""
        now = self.clock.timestamp()
        condition = {"type": "NetworkUnavailable", "status": "False", "reason": "FlannelIsUp",
                     "message": "Flannel is running on this node", "lastTransitionTime": now, "lastHeartbeatTime": now}
        self.api.patch("nodes", node["metadata"]["name"], {"status": {"conditions": [condition]}},
                       "application/strategic-merge-patch+json", subresource="status")

    def _topology_changed(self, kind, name):
        if kind == "flannel":  # a node got its VTEP: every running flanneld adds a route to its subnet
            for node in self.running:
                if node != name:
                    self.routes.setdefault(node, set()).add(name)
        elif kind == "node-deleted":
            self.routes.pop(name, None)
            self.running.discard(name)
            for node in self.running:
                self.routes.get(node, set()).discard(name)
