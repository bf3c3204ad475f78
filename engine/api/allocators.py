"""Service ClusterIP (10.96.0.0/12) and NodePort (30000-32767) allocation, as kube-apiserver's bitmap allocators do.

What is allocated is derived from the stored Services (kept current by a watch), so deletes, failed creates and
dry runs release by themselves."""
import ipaddress
from collections import Counter

from .errors import FieldError

SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")
NODE_PORT_RANGE = (30000, 32767)
_IP_BASE = int(SERVICE_CIDR.network_address) + 1
_IP_SIZE = SERVICE_CIDR.num_addresses - 2  # neither the network nor the broadcast address
_PORT_SIZE = NODE_PORT_RANGE[1] - NODE_PORT_RANGE[0] + 1


def _band_offset(size, low, high, step):
    """Where the dynamic band starts: explicit (static) requests get the first min(max(low, size/step), high)."""
    if size <= low:
        return 0
    return min(max(low, size // step), high)


IP_STATIC_BAND = _band_offset(_IP_SIZE, 16, 256, 16)
PORT_STATIC_BAND = _band_offset(_PORT_SIZE, 16, 128, 32)


class _Bitmap:
    def __init__(self, used, size, rng, static_band):
        self.used, self.size, self.rng, self.static_band = used, size, rng, static_band

    def allocate_next(self):
        """A random free offset from the dynamic band, falling back to the static band when it is full."""
        for start, end in ((self.static_band, self.size), (0, self.static_band)):
            span = end - start
            if span <= 0:
                continue
            first = self.rng.randrange(span)
            for i in range(span):
                offset = start + (first + i) % span
                if offset not in self.used:
                    self.used.add(offset)
                    return offset
        return None


class _InUse:
    """The ClusterIP offsets and node ports the stored Services hold, kept current by a watch on
    Services (what the apiserver's allocators persist as a bitmap), so a create costs O(1) reads."""

    def __init__(self, server):
        self.by_ref, self.ips, self.ports = {}, Counter(), Counter()
        cache = server.caches[server.registry.storage(server.resource("services"))]
        for entry in cache.objects.values():
            self._set(entry.parse())
        server.watch("services", self._event)

    def _event(self, kind, svc):
        if kind == "DELETED":
            self._drop(_ref(svc))
        else:
            self._set(svc)

    def _set(self, svc):
        ref = _ref(svc)
        self._drop(ref)
        ips, ports = _held(svc)
        self.by_ref[ref] = (ips, ports)
        self.ips.update(ips)
        self.ports.update(ports)

    def _drop(self, ref):
        ips, ports = self.by_ref.pop(ref, ((), ()))
        self.ips.subtract(ips)
        self.ports.subtract(ports)
        for counter, keys in ((self.ips, ips), (self.ports, ports)):
            for key in keys:
                if counter[key] <= 0:
                    del counter[key]

    def used(self, exclude):
        """(ip offsets, node ports) held by every Service but `exclude` (the one being updated)."""
        ips, ports = set(self.ips), set(self.ports)
        own_ips, own_ports = self.by_ref.get(exclude, ((), ()))
        ips.difference_update(k for k in own_ips if self.ips[k] == 1)
        ports.difference_update(k for k in own_ports if self.ports[k] == 1)
        return ips, ports


def _held(svc):
    spec = svc.get("spec") or {}
    ips, ports = set(), set()
    for ip in spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else []):
        offset = _ip_offset(ip)
        if offset is not None:
            ips.add(offset)
    for port in spec.get("ports") or []:
        if port.get("nodePort"):
            ports.add(port["nodePort"])
    if spec.get("healthCheckNodePort"):
        ports.add(spec["healthCheckNodePort"])
    return ips, ports


def _used(server, exclude):
    in_use = getattr(server, "_services_in_use", None)
    if in_use is None:
        in_use = server._services_in_use = _InUse(server)
    return in_use.used(exclude)


def _ip_offset(ip):
    try:
        value = int(ipaddress.ip_address(ip))
    except ValueError:
        return None
    offset = value - _IP_BASE
    return offset if 0 <= offset < _IP_SIZE else None


def _ref(obj):
    meta = obj["metadata"]
    return (meta.get("namespace", ""), meta.get("name"))


def needs_cluster_ip(spec):
    return spec.get("type", "ClusterIP") != "ExternalName" and spec.get("clusterIP") != "None"


def needs_node_ports(spec):
    if spec.get("type") == "NodePort":
        return True
    return spec.get("type") == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts", True) is not False


def allocate(server, obj, old=None):
    """Fill in clusterIP(s), ipFamilies, ipFamilyPolicy and node ports of a Service being created or updated.

    Raises AllocationError for explicit values that clash or fall outside the ranges, or a full range."""
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return
    old_spec = (old or {}).get("spec") or {}
    if old is not None:
        _keep_allocated(spec, old_spec)
    ips, ports = _used(server, _ref(obj))
    _allocate_ip(server, spec, ips, old_spec)
    _allocate_node_ports(server, spec, ports, old_spec)
    _ip_families(spec)


def _keep_allocated(spec, old_spec):
    """An update that leaves clusterIP or nodePort empty keeps what was allocated (PatchAllocatedValues)."""
    if needs_cluster_ip(spec) and needs_cluster_ip(old_spec) and not spec.get("clusterIP") and old_spec.get("clusterIP"):
        spec["clusterIP"] = old_spec["clusterIP"]
        if not spec.get("clusterIPs"):
            spec["clusterIPs"] = list(old_spec.get("clusterIPs") or [old_spec["clusterIP"]])
    if needs_node_ports(spec) and needs_node_ports(old_spec):
        old_by_name = {p.get("name", ""): p.get("nodePort") for p in old_spec.get("ports") or [] if isinstance(p, dict)}
        in_use = {p.get("nodePort") for p in spec.get("ports") or [] if isinstance(p, dict) and p.get("nodePort")}
        for port in spec.get("ports") or []:
            if isinstance(port, dict) and not port.get("nodePort"):
                value = old_by_name.get(port.get("name", ""))
                if value and value not in in_use:
                    port["nodePort"] = value
    if _needs_health_check(spec) and _needs_health_check(old_spec) and not spec.get("healthCheckNodePort"):
        if old_spec.get("healthCheckNodePort"):
            spec["healthCheckNodePort"] = old_spec["healthCheckNodePort"]
    _drop_type_dependent_fields(spec, old_spec)


def _needs_health_check(spec):
    return spec.get("type") == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local"


def _externally_accessible(spec):
    return spec.get("type") in ("NodePort", "LoadBalancer") or (
        spec.get("type", "ClusterIP") == "ClusterIP" and bool(spec.get("externalIPs")))


def _drop_type_dependent_fields(spec, old_spec):
    """A type change clears what only the old type uses, unless the user changed it in this request
    (then validation judges it), as the Service strategy's dropTypeDependentFields does."""
    def same(key):
        return spec.get(key) == old_spec.get(key)

    if old_spec.get("type") != "ExternalName" and spec.get("type") == "ExternalName":
        for key in ("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy"):
            if same(key):
                spec.pop(key, None)
    if needs_node_ports(old_spec) and not needs_node_ports(spec):
        old_ports = [p.get("nodePort") for p in old_spec.get("ports") or [] if isinstance(p, dict)]
        new_ports = [p.get("nodePort") for p in spec.get("ports") or [] if isinstance(p, dict)]
        if all(port in (None, 0) or port in old_ports for port in new_ports):
            for port in spec.get("ports") or []:
                if isinstance(port, dict):
                    port.pop("nodePort", None)
    if _needs_health_check(old_spec) and not _needs_health_check(spec) and same("healthCheckNodePort"):
        spec.pop("healthCheckNodePort", None)
    if old_spec.get("type") == "LoadBalancer" and spec.get("type") != "LoadBalancer":
        for key in ("allocateLoadBalancerNodePorts", "loadBalancerClass"):
            if same(key):
                spec.pop(key, None)
    if _externally_accessible(old_spec) and not _externally_accessible(spec) and same("externalTrafficPolicy"):
        spec.pop("externalTrafficPolicy", None)


def _allocate_ip(server, spec, used, old_spec):
    if spec.get("type") == "ExternalName":
        return
    requested = spec.get("clusterIP") or ((spec.get("clusterIPs") or [None])[0])
    if requested == "None":
        spec["clusterIP"], spec["clusterIPs"] = "None", ["None"]
        return
    if requested and requested == old_spec.get("clusterIP"):
        spec["clusterIP"] = requested
        spec.setdefault("clusterIPs", [requested])
        return
    if requested:
        if not isinstance(requested, str) or _parse_ip(requested) is None:
            return  # validation reports malformed addresses
        value = spec.get("clusterIPs") or [requested]
        offset = _ip_offset(requested)
        if offset is None:
            why = f"the provided IP ({requested}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}"
        elif offset in used:
            why = "provided IP is already allocated"
        else:
            spec["clusterIP"], spec["clusterIPs"] = requested, list(value)
            return
        raise AllocationError(field_error=FieldError.invalid("spec.clusterIPs", value,
                                                             f"failed to allocate IP {requested}: {why}"))
    offset = _Bitmap(used, _IP_SIZE, server.rng, IP_STATIC_BAND).allocate_next()
    if offset is None:
        raise AllocationError(internal="failed to allocate a serviceIP: range is full")
    ip = str(ipaddress.ip_address(_IP_BASE + offset))
    spec["clusterIP"], spec["clusterIPs"] = ip, [ip]


def _parse_ip(text):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


class AllocationError(Exception):
    """An allocation failure: `field_error` for a 422 Invalid, else `internal` text for a 500."""

    def __init__(self, field_error=None, internal=None):
        super().__init__(internal or str(field_error))
        self.field_error, self.internal = field_error, internal


def _allocate_node_ports(server, spec, used, old_spec):
    """initNodePorts / updateNodePorts: ports sharing a port number (TCP and UDP) share one nodePort."""
    ports = [p for p in spec.get("ports") or [] if isinstance(p, dict)]
    old_ports = {p.get("nodePort") for p in old_spec.get("ports") or [] if isinstance(p, dict)}
    bitmap = _Bitmap({p - NODE_PORT_RANGE[0] for p in used}, _PORT_SIZE, server.rng, PORT_STATIC_BAND)
    allocate = needs_node_ports(spec)
    by_port = {}  # service port -> the nodePort it got
    claimed = set()
    for i, port in enumerate(ports):
        if not port.get("nodePort") and not allocate:
            continue
        shared = by_port.get(port.get("port"))
        if shared is None:
            wanted = port.get("nodePort") or next(
                (p.get("nodePort") for p in ports[i:] if p.get("port") == port.get("port") and p.get("nodePort")), None)
            if wanted:
                _claim(bitmap, wanted, i, old_ports, claimed)
                port["nodePort"] = wanted
            else:
                port["nodePort"] = _next_port(bitmap, "failed to allocate a nodePort: range is full")
            by_port[port.get("port")] = port["nodePort"]
        elif not port.get("nodePort"):
            port["nodePort"] = shared
        elif port["nodePort"] != shared:
            _claim(bitmap, port["nodePort"], i, old_ports, claimed)
    if spec.get("type") == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local":
        value = spec.get("healthCheckNodePort")
        if not value:
            spec["healthCheckNodePort"] = _next_port(bitmap, "failed to allocate a HealthCheck NodePort 0: range is full")
        elif isinstance(value, int) and value != old_spec.get("healthCheckNodePort"):
            err = _claim_port(bitmap, value, "spec.healthCheckNodePort")
            if err:
                raise AllocationError(internal=f"failed to allocate requested HealthCheck NodePort {value}: {err.detail}")


def _claim(bitmap, value, index, old_ports, claimed):
    if not isinstance(value, int) or value in old_ports or value in claimed:
        return  # kept from before, or already taken for this service
    err = _claim_port(bitmap, value, f"spec.ports[{index}].nodePort")
    if err:
        raise AllocationError(field_error=err)
    claimed.add(value)


def _next_port(bitmap, full_message):
    offset = bitmap.allocate_next()
    if offset is None:
        raise AllocationError(internal=full_message)
    return NODE_PORT_RANGE[0] + offset


def _claim_port(bitmap, value, path):
    offset = value - NODE_PORT_RANGE[0]
    if not 0 <= offset < _PORT_SIZE:
        low, high = NODE_PORT_RANGE
        return FieldError.invalid(path, value, "provided port is not in the valid range. "
                                  f"The range of valid ports is {low}-{high}")
    if offset in bitmap.used:
        return FieldError.invalid(path, value, "provided port is already allocated")
    bitmap.used.add(offset)
    return None


def _ip_families(spec):
    """A single-stack IPv4 cluster: families are [IPv4]; selectorless headless services require dual stack."""
    if spec.get("type") == "ExternalName":
        return
    if not spec.get("ipFamilyPolicy"):
        headless_selectorless = spec.get("clusterIP") == "None" and not spec.get("selector")
        spec["ipFamilyPolicy"] = "RequireDualStack" if headless_selectorless else "SingleStack"
    if not spec.get("ipFamilies"):
        spec["ipFamilies"] = ["IPv4"]
