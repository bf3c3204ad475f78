"""The cluster's network as a networkx graph: pods (eth0), veth pairs, each node's cni0 bridge, flannel.1
VXLAN device and eth0, the nodes' network and the outside; kept in sync by watching Pods and Nodes."""
import hashlib
import ipaddress
import json

import networkx as nx

from .internet import GATEWAY, NODE_NETWORK

OUTSIDE = "outside"
UNDERLAY = f"network/{NODE_NETWORK}"
BACKEND_DATA = "flannel.alpha.coreos.com/backend-data"


def node_device(node, device):
    return f"node/{node}/{device}"


def pod_vertex(namespace, name):
    return f"pod/{namespace}/{name}"


def veth_name(pod_uid):
    """The host end of a pod's veth pair: the CNI bridge plugin names it veth + 8 hex characters."""
    return "veth" + hashlib.sha256(str(pod_uid).encode()).hexdigest()[:8]


class NodeInfo:
    __slots__ = ("name", "ip", "cidr", "gateway", "vtep_mac")

    def __init__(self, name, ip, cidr):
        self.name, self.ip = name, ip
        self.cidr = ipaddress.ip_network(cidr) if cidr else None
        self.gateway = str(self.cidr.network_address + 1) if self.cidr else ""
        self.vtep_mac = None  # set once flannel's backend-data annotation is on the Node


class Topology:
    """`graph` is the networkx Graph; `node_for_ip(ip)`, `pod_at(ip)` answer the data plane's questions."""

    def __init__(self, api):
        self.api = api
        self.graph = nx.Graph()
        self.graph.add_node(OUTSIDE, kind="outside", label="the outside (internet)")
        self.graph.add_node(UNDERLAY, kind="network", label=NODE_NETWORK)
        self.graph.add_edge(UNDERLAY, OUTSIDE, kind="gateway", label=f"default gateway {GATEWAY}")
        self.nodes = {}  # name -> NodeInfo
        self._by_node_ip = {}  # InternalIP -> node name
        self._by_subnet = {}  # podCIDR network -> node name
        self._prefixes = set()
        self.pods = {}  # "ns/name" -> (node, ip, host_network, uid)
        self._by_pod_ip = {}  # pod IP -> "ns/name" (pod network only)
        self.listeners = []  # callables(kind, name) told when a node's devices change (flannel)
        nodes = api.list("nodes")
        for node in nodes["items"]:
            self._node("ADDED", node)
        self._watches = [api.watch("nodes", self._node, resource_version=nodes["metadata"]["resourceVersion"])]
        pods = api.list("pods")
        for pod in pods["items"]:
            self._pod("ADDED", pod)
        self._watches.append(api.watch("pods", self._pod, resource_version=pods["metadata"]["resourceVersion"]))

    # ---- questions
    def node_for_ip(self, ip):
        """(node name, "node"|"pod") for a node's InternalIP or an address in a node's podCIDR; else None."""
        if ip in self._by_node_ip:
            return self._by_node_ip[ip], "node"
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return None
        for prefix in self._prefixes:
            name = self._by_subnet.get(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
            if name is not None:
                return name, "pod"
        return None

    def pod_at(self, ip):
        """The pod ("ns/name") the API shows with this pod IP, or None."""
        return self._by_pod_ip.get(ip)

    def has_flannel(self, node):
        info = self.nodes.get(node)
        return info is not None and info.vtep_mac is not None

    # ---- sync from the API
    def _node(self, type_, node):
        name = node["metadata"]["name"]
        if type_ == "DELETED":
            return self._remove_node(name)
        ip = next((a["address"] for a in node["status"].get("addresses") or () if a["type"] == "InternalIP"), "")
        info = self.nodes.get(name)
        if info is None or info.ip != ip or str(info.cidr) != str(node["spec"].get("podCIDR")):
            if info is not None:
                self._remove_node(name, keep_pods=True)
            info = self.nodes[name] = NodeInfo(name, ip, node["spec"].get("podCIDR"))
            self._by_node_ip[ip] = name
            if info.cidr is not None:
                self._by_subnet[info.cidr] = name
                self._prefixes.add(info.cidr.prefixlen)
            eth0 = node_device(name, "eth0")
            self.graph.add_node(eth0, kind="eth0", node=name, ip=ip, label=f"{name} eth0 {ip}")
            self.graph.add_edge(eth0, UNDERLAY, kind="link")
        data = (node["metadata"].get("annotations") or {}).get(BACKEND_DATA)
        mac = _vtep_mac(data)
        if mac and mac != info.vtep_mac:
            info.vtep_mac = mac
            device = node_device(name, "flannel.1")
            self.graph.add_node(device, kind="vxlan", node=name, ip=str(info.cidr.network_address), mac=mac, vni=1,
                                port=8472, label=f"{name} flannel.1 {info.cidr.network_address}/32 VNI 1")
            self.graph.add_edge(device, node_device(name, "eth0"), kind="vxlan", label="UDP 8472")
            if self.graph.has_node(node_device(name, "cni0")):
                self.graph.add_edge(node_device(name, "cni0"), device, kind="route")
            self._tell("flannel", name)

    def _remove_node(self, name, keep_pods=False):
        info = self.nodes.pop(name, None)
        if info is None:
            return
        self._by_node_ip.pop(info.ip, None)
        if info.cidr is not None:
            self._by_subnet.pop(info.cidr, None)
        for device in ("eth0", "cni0", "flannel.1"):
            if self.graph.has_node(node_device(name, device)):
                self.graph.remove_node(node_device(name, device))
        if not keep_pods:
            for key, entry in list(self.pods.items()):
                if entry[0] == name:
                    self._remove_pod(key)
        self._tell("node-deleted", name)

    def _pod(self, type_, pod):
        meta, status = pod["metadata"], pod.get("status") or {}
        key = f"{meta['namespace']}/{meta['name']}"
        node, ip = pod["spec"].get("nodeName"), status.get("podIP")
        if type_ == "DELETED" or not node or not ip or status.get("phase") in ("Succeeded", "Failed"):
            return self._remove_pod(key)
        host = bool(pod["spec"].get("hostNetwork"))
        entry = (node, ip, host, meta.get("uid"))
        if self.pods.get(key) == entry:
            return
        self._remove_pod(key)
        self.pods[key] = entry
        vertex = pod_vertex(meta["namespace"], meta["name"])
        if host:
            self.graph.add_node(vertex, kind="pod", node=node, ip=ip, host_network=True, label=f"{key} (hostNetwork)")
            self.graph.add_edge(vertex, node_device(node, "eth0"), kind="host network")
            return
        self._by_pod_ip[ip] = key
        self._ensure_bridge(node)
        veth = node_device(node, veth_name(meta.get("uid")))
        self.graph.add_node(vertex, kind="pod", node=node, ip=ip, label=f"{key} eth0 {ip}")
        self.graph.add_node(veth, kind="veth", node=node, label=f"{node} {veth_name(meta.get('uid'))}")
        self.graph.add_edge(vertex, veth, kind="veth pair")
        self.graph.add_edge(veth, node_device(node, "cni0"), kind="bridge port")

    def _ensure_bridge(self, node):
        """The CNI bridge plugin creates cni0 (the .1 of the podCIDR) with the node's first pod."""
        bridge = node_device(node, "cni0")
        info = self.nodes.get(node)
        if self.graph.has_node(bridge) or info is None:
            return
        self.graph.add_node(bridge, kind="bridge", node=node, ip=info.gateway,
                            label=f"{node} cni0 {info.gateway}/{info.cidr.prefixlen}")
        self.graph.add_edge(bridge, node_device(node, "eth0"), kind="route")
        if info.vtep_mac:
            self.graph.add_edge(bridge, node_device(node, "flannel.1"), kind="route")
        self._tell("bridge", node)

    def has_bridge(self, node):
        return self.graph.has_node(node_device(node, "cni0"))

    def _remove_pod(self, key):
        entry = self.pods.pop(key, None)
        if entry is None:
            return
        node, ip, host, uid = entry
        ns, name = key.split("/", 1)
        if self.graph.has_node(pod_vertex(ns, name)):
            self.graph.remove_node(pod_vertex(ns, name))
        if not host:
            if self._by_pod_ip.get(ip) == key:
                del self._by_pod_ip[ip]
            veth = node_device(node, veth_name(uid))
            if self.graph.has_node(veth):
                self.graph.remove_node(veth)

    def _tell(self, kind, name):
        for listener in self.listeners:
            listener(kind, name)


def _vtep_mac(data):
    if not data:
        return None
    try:
        return json.loads(data).get("VtepMAC")
    except (ValueError, AttributeError):
        return None
