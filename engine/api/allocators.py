"""Service ClusterIP (10.96.0.0/12) and NodePort (30000-32767) allocation, as kube-apiserver's bitmap allocators do.

What is allocated is read from the stored Services, so deletes, failed creates and dry runs release by themselves."""
import ipaddress

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


def _services(server, exclude):
    cache = server.caches[server.registry.storage(server.resource("services"))]
    for ref, (svc, _) in cache.objects.items():
        if ref != exclude:
            yield svc


def _used(server, exclude):
    ips, ports = set(), set()
    for svc in _services(server, exclude):
        spec = svc.get("spec") or {}
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

    Returns field errors for explicit values that clash or fall outside the ranges."""
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return []
    old_spec = (old or {}).get("spec") or {}
    if old is not None:
        _keep_allocated(spec, old_spec)
    ips, ports = _used(server, _ref(obj))
    errs = _allocate_ip(server, spec, ips, old_spec)
    errs += _allocate_node_ports(server, spec, ports, old_spec)
    _ip_families(spec)
    return errs


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
        return []
    requested = spec.get("clusterIP") or ((spec.get("clusterIPs") or [None])[0])
    if requested == "None":
        spec["clusterIP"] = "None"
        spec["clusterIPs"] = ["None"]
        return []
    if requested and requested == old_spec.get("clusterIP"):
        spec["clusterIP"] = requested
        spec.setdefault("clusterIPs", [requested])
        return []
    if requested:
        if not isinstance(requested, str) or _parse_ip(requested) is None:
            return []  # validation reports malformed addresses
        offset = _ip_offset(requested)
        path = "spec.clusterIPs"
        value = spec.get("clusterIPs") or [requested]
        if offset is None:
            return [FieldError.invalid(path, value, f"failed to allocate IP {requested}: the provided IP ({requested}) "
                                       f"is not in the valid range. The range of valid IPs is {SERVICE_CIDR}")]
        if offset in used:
            return [FieldError.invalid(path, value, f"failed to allocate IP {requested}: provided IP is already allocated")]
        spec["clusterIP"] = requested
        spec["clusterIPs"] = list(value)
        return []
    offset = _Bitmap(used, _IP_SIZE, server.rng, IP_STATIC_BAND).allocate_next()
    if offset is None:
        return [FieldError.invalid("spec.clusterIPs", [], "failed to allocate IP: range is full")]
    ip = str(ipaddress.ip_address(_IP_BASE + offset))
    spec["clusterIP"] = ip
    spec["clusterIPs"] = [ip]
    return []


def _parse_ip(text):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _allocate_node_ports(server, spec, used, old_spec):
    errs = []
    ports = [p for p in spec.get("ports") or [] if isinstance(p, dict)]
    old_ports = {p.get("nodePort") for p in old_spec.get("ports") or [] if isinstance(p, dict)}
    bitmap = _Bitmap({p - NODE_PORT_RANGE[0] for p in used}, _PORT_SIZE, server.rng, PORT_STATIC_BAND)
    wants_ports = needs_node_ports(spec)
    for i, port in enumerate(ports):
        value = port.get("nodePort")
        if not value:
            continue
        if not isinstance(value, int) or value in old_ports:
            continue
        err = _claim_port(bitmap, value, f"spec.ports[{i}].nodePort")
        if err:
            errs.append(err)
    if wants_ports:
        for port in ports:
            if not port.get("nodePort"):
                offset = bitmap.allocate_next()
                if offset is None:
                    errs.append(FieldError.invalid("spec.ports", None, "failed to allocate a nodePort: range is full"))
                    break
                port["nodePort"] = NODE_PORT_RANGE[0] + offset
    if spec.get("type") == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local":
        value = spec.get("healthCheckNodePort")
        if not value:
            offset = bitmap.allocate_next()
            if offset is not None:
                spec["healthCheckNodePort"] = NODE_PORT_RANGE[0] + offset
        elif isinstance(value, int) and value != old_spec.get("healthCheckNodePort"):
            err = _claim_port(bitmap, value, "spec.healthCheckNodePort")
            if err:
                errs.append(err)
    return errs


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
