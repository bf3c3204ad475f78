"""One node's kube-proxy: while running it watches Services and EndpointSlices (informers), and each
sync reprograms the rules of the Services that changed; stopped, its rules stay as they were."""
import ipaddress

import yaml

from ...node.runtime.network import NetError
from . import iptables, ipvs, userspace
from .route import Route
from .rules import Packet, Tables
from .servicemap import SERVICE_NAME_LABEL, endpoints, service_ports

SHARED_BLOCKS = 1 << 16  # Service-port rule blocks kept for other nodes to reuse (oldest dropped first)
MODES = {"": "iptables", "iptables": "iptables", "ipvs": "ipvs", "userspace": "userspace"}
DATAPLANES = {"iptables": iptables, "ipvs": ipvs, "userspace": userspace}


def read_config(api):
    """(mode, iptables.Config) from the kube-proxy ConfigMap's config.conf, as the pod mounts it."""
    try:
        cm = api.get("configmaps", "kube-proxy", namespace="kube-system")
        conf = yaml.safe_load((cm.get("data") or {}).get("config.conf") or "") or {}
    except Exception:  # no ConfigMap (addons=False) or unreadable YAML: kube-proxy's defaults
        conf = {}
    if not isinstance(conf, dict):
        conf = {}
    mode = conf.get("mode") or ""
    ipt, ipvs_conf = conf.get("iptables") or {}, conf.get("ipvs") or {}
    cidr = conf.get("clusterCIDR") or "10.244.0.0/16"
    try:
        ipaddress.ip_network(cidr, strict=False)
    except (TypeError, ValueError):
        mode = None  # kube-proxy refuses to start with an invalid clusterCIDR
    config = iptables.Config(cluster_cidr=cidr, masquerade_all=bool(isinstance(ipt, dict) and ipt.get("masqueradeAll")),
                             scheduler=str((isinstance(ipvs_conf, dict) and ipvs_conf.get("scheduler")) or "rr"))
    return (mode if isinstance(mode, str) else None), config


class Proxier:
    """kube-proxy on one node: `start`/`stop` follow its pod, `route` is the node's data path."""

    def __init__(self, api, clock, rng, node_name, shared=None):
        self.api, self.clock, self.rng, self.node_name = api, clock, rng, node_name
        self.shared = {} if shared is None else shared  # the registry's cache of rule blocks
        self.running = False
        self.mode = None  # the mode whose rules are programmed
        self.config = None
        self.slice_owner = {}  # (ns, slice name) -> the service key it belongs to
        self.services, self.slices = {}, {}  # informer caches: (ns, name) -> Service; (ns, svc) -> {slice: obj}
        self.port_blocks, self.ports_of = {}, {}  # port name -> generated block; service key -> port names
        self.dirty, self.comments, self.endpoint_chains = set(), True, 0
        self.recent = {}  # the kernel's recent lists / ipvs persistence: outlive kube-proxy restarts
        self.state = {}  # mode-specific kernel state (ipvs round-robin positions, userspace ports)
        self.local_addresses = {"127.0.0.1"}
        self.node_ip = ""
        self.syncs = 0
        self._programmed = None
        self._watches, self._pending = [], None

    # lifecycle
    def start(self):
        """The kube-proxy container started: read the config, list+watch, sync everything."""
        if self.running:
            return
        mode, config = read_config(self.api)
        if mode not in MODES:
            return  # a real kube-proxy exits on an invalid mode; this one programs nothing
        self.running, self.config = True, config
        self._read_node()
        if MODES[mode] != self.mode:  # a proxier cleans up the other modes' rules when it starts
            self.mode, self.port_blocks, self.ports_of, self.state = MODES[mode], {}, {}, {}
            self.endpoint_chains = 0
        self.config.mode, self.config.node_ip = self.mode, self.node_ip
        self.config.node_addresses = sorted((a for a in self.local_addresses if not a.startswith("127.")),
                                            key=lambda a: ipaddress.ip_address(a))
        self.config.proxy_port = self._proxy_port
        self.services, self.slices, self.slice_owner = {}, {}, {}
        self._watch("services", self._on_service)
        self._watch("endpointslices", self._on_slice)
        self.dirty = set(self.services) | set(self.ports_of)
        self._sync()

    def stop(self):
        """The container stopped: no more watches or syncs; programmed rules stay."""
        self.running = False
        for w in self._watches:
            w.stop()
        self._watches = []
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def _proxy_port(self, name):
        """userspace mode: the port the process listens on for a Service port (random, then kept)."""
        ports = self.state.setdefault("ports", {})
        if name not in ports:
            used = set(ports.values())
            port = self.rng.randint(32768, 60999)
            while port in used:
                port = self.rng.randint(32768, 60999)
            ports[name] = port
        return ports[name]

    def _watch(self, ref, handler):
        for obj in self.api.list(ref)["items"]:
            handler("ADDED", obj, schedule=False)
        self._watches.append(self.api.watch(ref, handler))

    def _read_node(self):
        try:
            node = self.api.get("nodes", self.node_name)
        except Exception:
            return
        ips = [a["address"] for a in node["status"].get("addresses") or () if a["type"] == "InternalIP"]
        self.node_ip = ips[0] if ips else ""
        local = {"127.0.0.1", *ips}
        cidr = node["spec"].get("podCIDR")
        if cidr:  # flannel.1 holds the subnet's .0, cni0 its .1
            net = ipaddress.ip_network(cidr, strict=False)
            local |= {str(net.network_address), str(net.network_address + 1)}
        self.local_addresses = local

    # informer handlers
    def _on_service(self, kind, obj, schedule=True):
        key = (obj["metadata"]["namespace"], obj["metadata"]["name"])
        if kind == "DELETED":
            self.services.pop(key, None)
        else:
            self.services[key] = obj
        self._changed(key, schedule)

    def _on_slice(self, kind, obj, schedule=True):
        meta = obj["metadata"]
        ref = (meta["namespace"], meta["name"])
        owner = (meta.get("labels") or {}).get(SERVICE_NAME_LABEL)
        key = (meta["namespace"], owner) if owner and kind != "DELETED" else None
        previous = self.slice_owner.pop(ref, None)
        if previous is not None and previous != key:  # deleted, or its service-name label moved
            self.slices.get(previous, {}).pop(meta["name"], None)
            self._changed(previous, schedule)
        if key is not None:
            self.slice_owner[ref] = key
            self.slices.setdefault(key, {})[meta["name"]] = obj
            self._changed(key, schedule)

    def _changed(self, key, schedule):
        self.dirty.add(key)
        if schedule and self._pending is None and self.running:
            self._pending = self.clock.call_later(0, self._sync)

    # sync
    def _sync(self):
        self._pending = None
        if not self.running:
            return
        plane = DATAPLANES[self.mode]
        for key in sorted(self.dirty):
            for name in self.ports_of.pop(key, ()):
                self.endpoint_chains -= self.port_blocks.pop(name)[2]
            service = self.services.get(key)
            if service is None:
                continue
            slices = [self.slices[key][n] for n in sorted(self.slices.get(key, {}))]
            versions = (service["metadata"].get("resourceVersion"),
                        tuple(s["metadata"].get("resourceVersion") for s in slices))
            names = []
            for sp in service_ports(service):
                if sp.name in self.port_blocks:  # two ports with one name: the API forbids it; keep the first
                    continue
                self.port_blocks[sp.name] = self._block(plane, sp, slices, versions)
                self.endpoint_chains += self.port_blocks[sp.name][2]
                names.append(sp.name)
            self.ports_of[key] = names
        self.dirty = set()
        comments = self.endpoint_chains <= iptables.LARGE_CLUSTER_ENDPOINTS
        if comments != self.comments:
            self.comments, self.dirty = comments, set(self.ports_of)
            return self._sync()
        self._programmed = None
        self.syncs += 1

    def _block(self, plane, sp, slices, versions):
        """The Service port's rules; nodes whose rules come out the same share them (memory at scale)."""
        per_node = self.mode != "iptables" or sp.uses_local_endpoints() or sp.source_ranges
        key = (self.mode, self.comments, self.config.cluster_cidr, self.config.masquerade_all, sp.name, versions,
               self.node_name if per_node else None)
        block = self.shared.get(key)
        if block is None:
            eps = endpoints(sp, slices, self.node_name)
            block = plane.service_port_rules(sp, eps, self.config, self.comments)
            if len(self.shared) >= SHARED_BLOCKS:
                self.shared.pop(next(iter(self.shared)))
            self.shared[key] = block
        return block

    def programmed(self):
        """The node's current rules (assembled on demand from the per-Service blocks)."""
        if self.mode is None:
            return None
        if self._programmed is None:
            plane = DATAPLANES[self.mode]
            self._programmed = Tables(plane.assemble(self.port_blocks, self.config), self.local_addresses,
                                      self.rng, self.clock, self.recent)
        return self._programmed

    # the data path
    def route(self, src_ip, dst_ip, dst_port, protocol="TCP", from_node_local=True):
        """See the package docstring: Route, None (not a Service address) or NetError."""
        tables = self.programmed()
        if tables is None:
            return None
        if self.mode == "ipvs":
            return ipvs.route(self, tables, src_ip, dst_ip, int(dst_port), protocol.lower(), from_node_local)
        pkt = Packet(src_ip, dst_ip, protocol.lower(), int(dst_port))
        host = from_node_local and src_ip in self.local_addresses
        tables.run("nat", "OUTPUT" if host else "PREROUTING", pkt)
        nat_trail, pkt.trail = pkt.trail, []
        target = pkt.dnat[0] if pkt.dnat else dst_ip
        chain = "OUTPUT" if host else ("INPUT" if target in self.local_addresses or not target else "FORWARD")
        verdict = tables.run("filter", chain, pkt)
        if verdict in ("REJECT", "DROP"):  # REJECT answers icmp-port-unreachable; DROP leaves the client waiting
            err = NetError("refused" if verdict == "REJECT" else "timeout", dst_ip)
            err.rules = nat_trail + pkt.trail
            raise err
        if pkt.dnat is None:
            return None
        pkt.trail = []
        tables.run("nat", "POSTROUTING", pkt)
        rules = nat_trail + (pkt.trail if pkt.masquerade else [])
        if self.mode == "userspace":
            return userspace.route(self, tables, pkt, rules)
        return Route(pkt.dnat[0], pkt.dnat[1], pkt.masquerade, rules, "iptables", self.node_name, 0.0)
