"""Service validation (ValidateService, ValidateServiceUpdate). ClusterIP and NodePort allocation errors
come earlier, from engine/api/allocators.py, as the service REST's BeginCreate reports them."""
from ..errors import FieldError
from .. import gofmt
from . import names
from .meta import labels, object_meta, object_meta_update
from .containers import PROTOCOLS, port_num_or_name

TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]


def _headless(spec):
    ips = spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else [])
    return ips == ["None"]


def _service_port(port, require_name, seen, path):
    errs = []
    name = port.get("name") or ""
    if require_name and not name:
        errs.append(FieldError.required(f"{path}.name"))
    elif name:
        errs += [FieldError.invalid(f"{path}.name", name, m) for m in names.is_dns1123_label(name)]
        if name in seen:
            errs.append(FieldError.duplicate(f"{path}.name", name))
        seen.add(name)
    number = port.get("port", 0)
    errs += [FieldError.invalid(f"{path}.port", number, m) for m in names.is_valid_port_num(number)]
    protocol = port.get("protocol", "TCP")
    if not protocol:
        errs.append(FieldError.required(f"{path}.protocol"))
    elif protocol not in PROTOCOLS:
        errs.append(FieldError.not_supported(f"{path}.protocol", protocol, PROTOCOLS))
    errs += port_num_or_name(port.get("targetPort", number), f"{path}.targetPort")
    if port.get("appProtocol") is not None:
        errs += [FieldError.invalid(f"{path}.appProtocol", port["appProtocol"], m)
                 for m in names.is_qualified_name(port["appProtocol"])]
    return errs


def _cluster_ips(spec):
    if spec.get("type") == "ExternalName":
        return []
    errs = []
    ip, ips = spec.get("clusterIP") or "", spec.get("clusterIPs") or []
    if ip and ips and ips[0] != ip:
        errs.append(FieldError.invalid("spec.clusterIPs", ips, "first value must match `clusterIP`"))
    elif not ip and ips:
        errs.append(FieldError.invalid("spec.clusterIPs", ips, "must be empty when `clusterIP` is not specified"))
    for i, family in enumerate(spec.get("ipFamilies") or []):
        if family not in ("IPv4", "IPv6"):
            errs.append(FieldError.not_supported(f"spec.ipFamilies[{i}]", family, ["IPv4", "IPv6"]))
    policy = spec.get("ipFamilyPolicy")
    if policy is not None and policy not in ("PreferDualStack", "RequireDualStack", "SingleStack"):
        errs.append(FieldError.not_supported("spec.ipFamilyPolicy", policy,
                                             ["PreferDualStack", "RequireDualStack", "SingleStack"]))
    for i, value in enumerate(ips or ([ip] if ip else [])):
        if i == 0 and value == "None":
            continue
        errs += [FieldError.invalid(f"spec.clusterIPs[{i}]", value, m) for m in names.is_valid_ip(value)]
    return errs


def _type_rules(spec):
    errs, kind = [], spec.get("type", "ClusterIP")
    if kind in ("LoadBalancer", "NodePort") and _headless(spec):
        errs.append(FieldError.invalid("spec.clusterIPs[0]", "None", f"may not be set to 'None' for {kind} services"))
    if kind == "ExternalName":
        if spec.get("clusterIPs") or spec.get("clusterIP"):
            errs.append(FieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"))
        if spec.get("ipFamilies"):
            errs.append(FieldError.forbidden("spec.ipFamilies", "may not be set for ExternalName services"))
        if spec.get("ipFamilyPolicy") is not None:
            errs.append(FieldError.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"))
        cname = (spec.get("externalName") or "").removesuffix(".")
        if cname:
            errs += [FieldError.invalid("spec.externalName", cname, m) for m in names.is_dns1123_subdomain(cname)]
        else:
            errs.append(FieldError.required("spec.externalName"))
    return errs


def _session_affinity(spec):
    affinity = spec.get("sessionAffinity", "None")
    if affinity not in ("ClientIP", "None"):
        return [FieldError.not_supported("spec.sessionAffinity", affinity, ["ClientIP", "None"])]
    config = spec.get("sessionAffinityConfig")
    if affinity == "None" and config is not None:
        return [FieldError.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None")]
    if affinity == "ClientIP":
        timeout = ((config or {}).get("clientIP") or {}).get("timeoutSeconds", 10800)
        if timeout <= 0 or timeout > 86400:
            return [FieldError.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout,
                                       "must be greater than 0 and less than 86400")]
    return []


def _duplicates(ports):
    errs, node_ports, keys = [], set(), set()
    for i, port in enumerate(ports):
        protocol = port.get("protocol", "TCP")
        if port.get("nodePort"):
            if (protocol, port["nodePort"]) in node_ports:
                errs.append(FieldError.duplicate(f"spec.ports[{i}].nodePort", port["nodePort"]))
            node_ports.add((protocol, port["nodePort"]))
    for i, port in enumerate(ports):
        key = (port.get("protocol", "TCP"), port.get("port", 0))
        if key in keys:
            errs.append(FieldError.duplicate(f"spec.ports[{i}]", gofmt.service_port_key(*key)))
        keys.add(key)
    return errs


def validate_service(obj):
    meta, spec = obj.get("metadata") or {}, obj.get("spec") or {}
    errs = object_meta(meta, True, names.name_is_dns1035_label)
    ports, kind = spec.get("ports") or [], spec.get("type", "ClusterIP")
    if not ports and not _headless(spec) and kind != "ExternalName":
        errs.append(FieldError.required("spec.ports"))
    errs += _type_rules(spec)
    seen = set()
    for i, port in enumerate(ports):
        errs += _service_port(port, len(ports) > 1, seen, f"spec.ports[{i}]")
    if spec.get("selector") is not None:
        errs += labels(spec["selector"], "spec.selector")
    errs += _session_affinity(spec)
    errs += _cluster_ips(spec)
    for i, ip in enumerate(spec.get("externalIPs") or []):
        errs += [FieldError.invalid(f"spec.externalIPs[{i}]", ip, m) for m in names.is_valid_ip(ip)]
    if kind not in TYPES:
        errs.append(FieldError.not_supported("spec.type", kind, TYPES))
    if kind == "ClusterIP":
        errs += [FieldError.forbidden(f"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'")
                 for i, port in enumerate(ports) if port.get("nodePort")]
    errs += _duplicates(ports)
    if spec.get("loadBalancerSourceRanges"):
        if kind != "LoadBalancer":
            errs.append(FieldError.forbidden("spec.LoadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'"))
        for i, cidr in enumerate(spec["loadBalancerSourceRanges"]):
            errs += [FieldError.invalid(f"spec.LoadBalancerSourceRanges[{i}]", cidr.strip(), m)
                     for m in names.is_valid_cidr(cidr.strip())]
    if spec.get("allocateLoadBalancerNodePorts") is not None and kind != "LoadBalancer":
        errs.append(FieldError.forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'"))
    if spec.get("loadBalancerClass") is not None and kind != "LoadBalancer":
        errs.append(FieldError.forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"))
    errs += _traffic_policy(spec, kind)
    return errs


def _traffic_policy(spec, kind):
    errs = []
    external = kind in ("NodePort", "LoadBalancer") or bool(spec.get("externalIPs"))
    policy = spec.get("externalTrafficPolicy")
    if not external and policy:
        errs.append(FieldError.invalid("spec.externalTrafficPolicy", policy,
                                       "may only be set for externally-accessible services"))
    elif external and policy and policy not in ("Cluster", "Local"):
        errs.append(FieldError.not_supported("spec.externalTrafficPolicy", policy, ["Cluster", "Local"]))
    internal = spec.get("internalTrafficPolicy")
    if internal is not None and internal not in ("Cluster", "Local"):
        errs.append(FieldError.not_supported("spec.internalTrafficPolicy", internal, ["Cluster", "Local"]))
    return errs


def _cluster_ip_changes(spec, old_spec):
    if "ExternalName" in (spec.get("type"), old_spec.get("type")):
        return []
    new_ips, old_ips = spec.get("clusterIPs") or [], old_spec.get("clusterIPs") or []
    if not new_ips and spec.get("clusterIP"):
        new_ips = [spec["clusterIP"]]
    if not new_ips:  # the registry keeps the allocated IPs when the update leaves them out
        return []
    if _headless(spec) and _headless(old_spec):
        return []
    if len(new_ips) == len(old_ips):
        return [FieldError.invalid(f"spec.clusterIPs[{i}]", new_ips, "may not change once set")
                for i, ip in enumerate(old_ips) if ip != new_ips[i]]
    if old_ips and new_ips[0] != old_ips[0]:
        return [FieldError.invalid("spec.clusterIPs[0]", new_ips, "may not change once set")]
    return []


def validate_service_update(obj, old):
    errs = object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    errs += _cluster_ip_changes(obj.get("spec") or {}, old.get("spec") or {})
    return errs + validate_service(obj)
