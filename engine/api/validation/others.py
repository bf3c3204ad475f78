"""Non-core groups: autoscaling HPA, networking Ingress/IngressClass/NetworkPolicy, policy PDB, rbac,
scheduling PriorityClass, storage StorageClass, coordination Lease, discovery EndpointSlice."""
import re

from ..errors import FieldError, GoRaw, go_quote
from . import names
from .meta import label_selector, nonnegative, object_meta, object_meta_update
from .containers import PROTOCOLS, port_num_or_name
from .workloads import int_or_percent, not_over_100

RBAC_GROUP = "rbac.authorization.k8s.io"
SYSTEM_PRIORITY_CLASSES = {"system-node-critical": 2000001000, "system-cluster-critical": 2000000000}
HIGHEST_USER_PRIORITY = 1000000000


def _path_name(name, prefix=False):
    return names.path_segment_name(name, prefix)


# autoscaling/v2
def validate_hpa(obj):
    return object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain) + _hpa_spec(obj.get("spec") or {})


def _hpa_spec(spec):
    errs = []
    minimum, maximum = spec.get("minReplicas", 1), spec.get("maxReplicas", 0)
    if minimum is not None and minimum < 1:
        errs.append(FieldError.invalid("spec.minReplicas", minimum, "must be greater than or equal to 1"))
    if maximum < 1:
        errs.append(FieldError.invalid("spec.maxReplicas", maximum, "must be greater than 0"))
    if minimum is not None and maximum < minimum:
        errs.append(FieldError.invalid("spec.maxReplicas", maximum, "must be greater than or equal to `minReplicas`"))
    ref = spec.get("scaleTargetRef") or {}
    for field in ("kind", "name"):
        if not ref.get(field):
            errs.append(FieldError.required(f"spec.scaleTargetRef.{field}"))
        else:
            errs += [FieldError.invalid(f"spec.scaleTargetRef.{field}", ref[field], m) for m in _path_name(ref[field])]
    for i, metric in enumerate(spec.get("metrics") or []):
        errs += _metric(metric, f"spec.metrics[{i}]")
    return errs


def _metric(metric, path):
    kind = metric.get("type", "")
    kinds = ["ContainerResource", "External", "Object", "Pods", "Resource"]
    if not kind:
        return [FieldError.required(f"{path}.type", "must specify a metric source type")]
    if kind not in kinds:
        return [FieldError.not_supported(f"{path}.type", kind, kinds)]
    key = kind[:1].lower() + kind[1:]
    source = metric.get(key)
    if source is None:
        return [FieldError.required(f"{path}.{key}", "must populate information for the given metric source")]
    errs = []
    if kind in ("Resource", "ContainerResource") and not source.get("name"):
        errs.append(FieldError.required(f"{path}.{key}.name", "must specify a resource name"))
    target = source.get("target")
    if target is None:
        errs.append(FieldError.required(f"{path}.{key}.target", "must specify a metric target"))
    else:
        errs += _metric_target(target, f"{path}.{key}.target")
    return errs


def _metric_target(target, path):
    kind = target.get("type", "")
    if not kind:
        return [FieldError.required(f"{path}.type", "must specify a metric target type")]
    if kind not in ("Utilization", "Value", "AverageValue"):
        return [FieldError.not_supported(f"{path}.type", kind, ["AverageValue", "Utilization", "Value"])]
    field = {"Utilization": "averageUtilization", "Value": "value", "AverageValue": "averageValue"}[kind]
    errs = []
    if target.get(field) is None:
        errs.append(FieldError.required(f"{path}.{field}", f"must set {field} when metric target type is {kind}"))
    if target.get("averageUtilization") is not None and target["averageUtilization"] < 1:
        errs.append(FieldError.invalid(f"{path}.averageUtilization", target["averageUtilization"], "must be greater than 0"))
    return errs


def validate_hpa_update(obj, old):
    return object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {}) + _hpa_spec(obj.get("spec") or {})


# networking/v1
def _ingress_backend(backend, path):
    has_resource, has_service = backend.get("resource") is not None, backend.get("service") is not None
    if has_resource and has_service:
        return [FieldError.invalid(path, "", "cannot set both resource and service backends")]
    if has_resource:
        res = backend["resource"]
        errs = [] if res.get("kind") else [FieldError.required(f"{path}.resource.kind")]
        return errs + ([] if res.get("name") else [FieldError.required(f"{path}.resource.name")])
    if not has_service:
        return [FieldError.invalid(path, "", "resource or service backend is required")]
    service, errs = backend["service"], []
    if not service.get("name"):
        errs.append(FieldError.required(f"{path}.service.name"))
    else:
        errs += [FieldError.invalid(f"{path}.service.name", service["name"], m)
                 for m in names.name_is_dns1035_label(service["name"])]
    port = service.get("port") or {}
    if port.get("name") and port.get("number"):
        errs.append(FieldError.invalid(path, "", "cannot set both port name & port number"))
    elif port.get("name"):
        errs += [FieldError.invalid(f"{path}.service.port.name", port["name"], m)
                 for m in names.is_valid_port_name(port["name"])]
    elif port.get("number"):
        errs += [FieldError.invalid(f"{path}.service.port.number", port["number"], m)
                 for m in names.is_valid_port_num(port["number"])]
    else:
        errs.append(FieldError.required(path, "port name or number is required"))
    return errs


def _ingress_path(item, path):
    errs, value = [], item.get("path", "")
    kind = item.get("pathType")
    if kind is None:
        errs.append(FieldError.required(f"{path}.pathType", "pathType must be specified"))
    elif kind in ("Exact", "Prefix"):
        if not value.startswith("/"):
            errs.append(FieldError.invalid(f"{path}.path", value, "must be an absolute path"))
        for bad in ("//", "/./", "/../", "%2f", "%2F"):
            if bad in value:
                errs.append(FieldError.invalid(f"{path}.path", value, f"must not contain '{bad}'"))
        for bad in ("/..", "/."):
            if value.endswith(bad):
                errs.append(FieldError.invalid(f"{path}.path", value, f"cannot end with '{bad}'"))
    elif kind == "ImplementationSpecific":
        if value and not value.startswith("/"):
            errs.append(FieldError.invalid(f"{path}.path", value, "must be an absolute path"))
    else:
        errs.append(FieldError.not_supported(f"{path}.pathType", kind, ["Exact", "ImplementationSpecific", "Prefix"]))
    return errs + _ingress_backend(item.get("backend") or {}, f"{path}.backend")


def _host(host, path):
    if names.is_valid_ip(host) == []:
        return [FieldError.invalid(path, host, "must be a DNS name, not an IP address")]
    check = names.is_wildcard_dns1123_subdomain if "*" in host else names.is_dns1123_subdomain
    return [FieldError.invalid(path, host, m) for m in check(host)]


def validate_ingress(obj):
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    spec = obj.get("spec") or {}
    rules = spec.get("rules") or []
    if not rules and spec.get("defaultBackend") is None:
        shown = "[]networking.IngressRule(nil)" if spec.get("rules") is None else "[]networking.IngressRule{}"
        errs.append(FieldError.invalid("spec", GoRaw(shown),
                                       "either `defaultBackend` or `rules` must be specified"))
    if spec.get("defaultBackend") is not None:
        errs += _ingress_backend(spec["defaultBackend"], "spec.defaultBackend")
    for i, rule in enumerate(rules):
        p = f"spec.rules[{i}]"
        if rule.get("host"):
            errs += _host(rule["host"], f"{p}.host")
        http = rule.get("http")
        if http is not None:
            paths = http.get("paths") or []
            if not paths:
                errs.append(FieldError.required(f"{p}.http.paths"))
            for j, item in enumerate(paths):
                errs += _ingress_path(item, f"{p}.http.paths[{j}]")
    for i, tls in enumerate(spec.get("tls") or []):
        for j, host in enumerate(tls.get("hosts") or []):
            check = names.is_wildcard_dns1123_subdomain if "*" in host else names.is_dns1123_subdomain
            errs += [FieldError.invalid(f"spec.tls[{i}].hosts[{j}]", host, m) for m in check(host)]
    if spec.get("ingressClassName") is not None:
        errs += [FieldError.invalid("spec.ingressClassName", spec["ingressClassName"], m)
                 for m in names.name_is_dns_subdomain(spec["ingressClassName"])]
    return errs


def validate_ingress_class(obj):
    errs = object_meta(obj.get("metadata") or {}, False, names.name_is_dns_subdomain)
    controller = (obj.get("spec") or {}).get("controller") or ""
    if len(controller) > 250:
        errs.append(FieldError.too_long("spec.controller", 250))
    return errs + _domain_prefixed_path(controller, "spec.controller")


def _domain_prefixed_path(value, path):
    if not value:
        return [FieldError.required(path)]
    host, _, rest = value.partition("/")
    if not host or not rest:
        return [FieldError.invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')]
    errs = [FieldError.invalid(path, host, m) for m in names.is_dns1123_subdomain(host)]
    fmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+"
    if not re.fullmatch(fmt, rest):
        errs.append(FieldError.invalid(path, rest, names.regex_error("Invalid path", fmt)))
    return errs


def _peer(peer, path):
    keys = [k for k in ("podSelector", "namespaceSelector", "ipBlock") if peer.get(k) is not None]
    if not keys:
        return [FieldError.required(path, "must specify a peer")]
    if "ipBlock" in keys and len(keys) > 1:
        return [FieldError.forbidden(path, "may not specify both ipBlock and another peer")]
    errs = []
    for key in ("podSelector", "namespaceSelector"):
        errs += label_selector(peer.get(key), f"{path}.{key}")
    block = peer.get("ipBlock")
    if block is not None:
        cidr = block.get("cidr") or ""
        if not cidr:
            errs.append(FieldError.required(f"{path}.ipBlock.cidr"))
        else:
            errs += [FieldError.invalid(f"{path}.ipBlock.cidr", cidr, m) for m in names.is_valid_cidr(cidr)]
    return errs


def _np_port(port, path):
    errs = []
    protocol = port.get("protocol", "TCP")
    if protocol not in PROTOCOLS:
        errs.append(FieldError.not_supported(f"{path}.protocol", protocol, PROTOCOLS))
    if port.get("port") is not None:
        errs += port_num_or_name(port["port"], f"{path}.port")
    return errs


def validate_network_policy(obj):
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    spec = obj.get("spec") or {}
    errs += label_selector(spec.get("podSelector"), "spec.podSelector")
    for direction, peers in (("ingress", "from"), ("egress", "to")):
        for i, rule in enumerate(spec.get(direction) or []):
            p = f"spec.{direction}[{i}]"
            for j, port in enumerate(rule.get("ports") or []):
                errs += _np_port(port, f"{p}.ports[{j}]")
            for j, peer in enumerate(rule.get(peers) or []):
                errs += _peer(peer, f"{p}.{peers}[{j}]")
    types = spec.get("policyTypes") or []
    if len(types) > 2:
        errs.append(FieldError.invalid("spec.policyTypes", types, "may not specify more than two policyTypes"))
        return errs
    for i, kind in enumerate(types):
        if kind not in ("Ingress", "Egress"):
            errs.append(FieldError.not_supported(f"spec.policyTypes[{i}]", kind, ["Ingress", "Egress"]))
    return errs


# policy/v1
def validate_pdb(obj):
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    spec = obj.get("spec") or {}
    if spec.get("minAvailable") is not None and spec.get("maxUnavailable") is not None:
        errs.append(FieldError.invalid("spec", GoRaw(_pdb_spec_go(spec)), "minAvailable and maxUnavailable cannot be both set"))
    for field in ("minAvailable", "maxUnavailable"):
        if spec.get(field) is not None:
            errs += int_or_percent(spec[field], f"spec.{field}") + not_over_100(spec[field], f"spec.{field}")
    errs += label_selector(spec.get("selector"), "spec.selector")
    policy = spec.get("unhealthyPodEvictionPolicy")
    if policy is not None and policy not in ("AlwaysAllow", "IfHealthyBudget"):
        errs.append(FieldError.not_supported("spec.unhealthyPodEvictionPolicy", policy, ["AlwaysAllow", "IfHealthyBudget"]))
    return errs


def _pdb_spec_go(spec):
    """Go prints the pointers' addresses here; we print fixed ones."""
    selector = "(*v1.LabelSelector)(nil)" if spec.get("selector") is None else "(*v1.LabelSelector)(0xc000a1e000)"
    return (f"policy.PodDisruptionBudgetSpec{{MinAvailable:(*intstr.IntOrString)(0xc000a1c000), Selector:{selector}, "
            "MaxUnavailable:(*intstr.IntOrString)(0xc000a1c020), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}")


# rbac/v1
def _policy_rule(rule, namespaced, path):
    errs = []
    if not rule.get("verbs"):
        errs.append(FieldError.required(f"{path}.verbs", "verbs must contain at least one value"))
    if rule.get("nonResourceURLs"):
        urls = rule["nonResourceURLs"]
        if namespaced:
            errs.append(FieldError.invalid(f"{path}.nonResourceURLs", urls, "namespaced rules cannot apply to non-resource URLs"))
        if rule.get("apiGroups") or rule.get("resources") or rule.get("resourceNames"):
            errs.append(FieldError.invalid(f"{path}.nonResourceURLs", urls,
                                           "rules cannot apply to both regular resources and non-resource URLs"))
        return errs
    if not rule.get("apiGroups"):
        errs.append(FieldError.required(f"{path}.apiGroups", "resource rules must supply at least one api group"))
    if not rule.get("resources"):
        errs.append(FieldError.required(f"{path}.resources", "resource rules must supply at least one resource"))
    return errs


def validate_role(obj, namespaced):
    errs = object_meta(obj.get("metadata") or {}, namespaced, _path_name)
    for i, rule in enumerate(obj.get("rules") or []):
        errs += _policy_rule(rule, namespaced, f"rules[{i}]")
    if not namespaced and obj.get("aggregationRule") is not None:
        for i, sel in enumerate(obj["aggregationRule"].get("clusterRoleSelectors") or []):
            errs += label_selector(sel, f"aggregationRule.clusterRoleSelectors[{i}]")
    return errs


def _subject(subject, namespaced, path):
    errs = [] if subject.get("name") else [FieldError.required(f"{path}.name")]
    kind, group = subject.get("kind", ""), subject.get("apiGroup", "")
    if kind == "ServiceAccount":
        if subject.get("name"):
            errs += [FieldError.invalid(f"{path}.name", subject["name"], m) for m in names.name_is_dns_subdomain(subject["name"])]
        if group:
            errs.append(FieldError.not_supported(f"{path}.apiGroup", group, [""]))
        if not namespaced and not subject.get("namespace"):
            errs.append(FieldError.required(f"{path}.namespace"))
    elif kind in ("User", "Group"):
        if group != RBAC_GROUP:
            errs.append(FieldError.not_supported(f"{path}.apiGroup", group, [RBAC_GROUP]))
    else:
        errs.append(FieldError.not_supported(f"{path}.kind", kind, ["ServiceAccount", "User", "Group"]))
    return errs


def validate_binding(obj, namespaced):
    errs = object_meta(obj.get("metadata") or {}, namespaced, _path_name)
    ref = obj.get("roleRef") or {}
    if ref.get("apiGroup", "") != RBAC_GROUP:
        errs.append(FieldError.not_supported("roleRef.apiGroup", ref.get("apiGroup", ""), [RBAC_GROUP]))
    kinds = ["Role", "ClusterRole"] if namespaced else ["ClusterRole"]
    if ref.get("kind", "") not in kinds:
        errs.append(FieldError.not_supported("roleRef.kind", ref.get("kind", ""), kinds))
    if not ref.get("name"):
        errs.append(FieldError.required("roleRef.name"))
    else:
        errs += [FieldError.invalid("roleRef.name", ref["name"], m) for m in _path_name(ref["name"])]
    for i, subject in enumerate(obj.get("subjects") or []):
        errs += _subject(subject, namespaced, f"subjects[{i}]")
    return errs


def validate_binding_update(obj, old, namespaced):
    errs = object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    ref = obj.get("roleRef") or {}
    if ref != (old.get("roleRef") or {}):
        value = (f"rbac.RoleRef{{APIGroup:{go_quote(ref.get('apiGroup', ''))}, Kind:{go_quote(ref.get('kind', ''))}, "
                 f"Name:{go_quote(ref.get('name', ''))}}}")
        errs.append(FieldError.invalid("roleRef", GoRaw(value), "cannot change roleRef"))
    return errs + validate_binding(obj, namespaced)


# scheduling/v1
def validate_priority_class(obj):
    meta = obj.get("metadata") or {}
    errs = object_meta(meta, False, names.name_is_dns_subdomain)
    name, value = meta.get("name") or "", obj.get("value", 0)
    if name.startswith("system-"):
        known = SYSTEM_PRIORITY_CLASSES.get(name)
        if known is None:
            why = f"{name} is not a known system priority class"
        elif known != value:
            why = f"value of {name} PriorityClass must be {known}"
        else:
            why = ""
        if why:
            errs.append(FieldError.forbidden("metadata.name", "priority class names with 'system-' prefix are reserved "
                                             f"for system use only. error: {why}"))
    elif value > HIGHEST_USER_PRIORITY:
        errs.append(FieldError.forbidden("value", f"maximum allowed value of a user defined priority is {HIGHEST_USER_PRIORITY}"))
    policy = obj.get("preemptionPolicy")
    if policy is not None and policy not in ("PreemptLowerPriority", "Never"):
        errs.append(FieldError.not_supported("preemptionPolicy", policy, ["PreemptLowerPriority", "Never"]))
    return errs


def validate_priority_class_update(obj, old):
    errs = object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    if obj.get("value", 0) != old.get("value", 0):
        errs.append(FieldError.forbidden("value", "may not be changed in an update."))
    if obj.get("preemptionPolicy") != old.get("preemptionPolicy"):
        errs.append(FieldError.invalid("preemptionPolicy", obj.get("preemptionPolicy"), "field is immutable"))
    return errs


# storage/v1
def validate_storage_class(obj):
    errs = object_meta(obj.get("metadata") or {}, False, names.name_is_dns_subdomain)
    provisioner = obj.get("provisioner") or ""
    if not provisioner:
        errs.append(FieldError.required("provisioner"))
    else:
        errs += [FieldError.invalid("provisioner", provisioner.lower(), m) for m in names.is_qualified_name(provisioner.lower())]
    policy = obj.get("reclaimPolicy", "Delete")
    if policy not in ("Delete", "Retain"):
        errs.append(FieldError.not_supported("reclaimPolicy", policy, ["Delete", "Retain"]))
    mode = obj.get("volumeBindingMode", "Immediate")
    if mode not in ("Immediate", "WaitForFirstConsumer"):
        errs.append(FieldError.not_supported("volumeBindingMode", mode, ["Immediate", "WaitForFirstConsumer"]))
    return errs


def validate_storage_class_update(obj, old):
    errs = object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    if (obj.get("parameters") or {}) != (old.get("parameters") or {}):
        errs.append(FieldError.forbidden("parameters", "updates to parameters are forbidden."))
    if obj.get("provisioner") != old.get("provisioner"):
        errs.append(FieldError.forbidden("provisioner", "updates to provisioner are forbidden."))
    if obj.get("reclaimPolicy", "Delete") != old.get("reclaimPolicy", "Delete"):
        errs.append(FieldError.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."))
    if obj.get("volumeBindingMode", "Immediate") != old.get("volumeBindingMode", "Immediate"):
        errs.append(FieldError.invalid("volumeBindingMode", obj.get("volumeBindingMode"), "field is immutable"))
    return errs


# coordination/v1
def validate_lease(obj):
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    spec = obj.get("spec") or {}
    if spec.get("leaseDurationSeconds") is not None and spec["leaseDurationSeconds"] <= 0:
        errs.append(FieldError.invalid("spec.leaseDurationSeconds", spec["leaseDurationSeconds"], "must be greater than 0"))
    if spec.get("leaseTransitions") is not None:
        errs += nonnegative(spec["leaseTransitions"], "spec.leaseTransitions")
    return errs


# discovery/v1
def validate_endpoint_slice(obj):
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    kind = obj.get("addressType", "")
    if not kind:
        errs.append(FieldError.required("addressType"))
    elif kind not in ("FQDN", "IPv4", "IPv6"):
        errs.append(FieldError.not_supported("addressType", kind, ["FQDN", "IPv4", "IPv6"]))
    for i, endpoint in enumerate(obj.get("endpoints") or []):
        addresses = endpoint.get("addresses") or []
        if not addresses:
            errs.append(FieldError.required(f"endpoints[{i}].addresses", "must contain at least 1 address"))
        for j, addr in enumerate(addresses):
            if kind in ("IPv4", "IPv6"):
                errs += [FieldError.invalid(f"endpoints[{i}].addresses[{j}]", addr, m) for m in names.is_valid_ip(addr)]
    for i, port in enumerate(obj.get("ports") or []):
        if port.get("name"):
            errs += [FieldError.invalid(f"ports[{i}].name", port["name"], m) for m in names.is_dns1123_label(port["name"])]
        protocol = port.get("protocol", "TCP")
        if protocol not in PROTOCOLS:
            errs.append(FieldError.not_supported(f"ports[{i}].protocol", protocol, PROTOCOLS))
    return errs

