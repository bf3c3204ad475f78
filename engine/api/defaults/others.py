"""Defaults of the smaller groups: networking, discovery, rbac, policy, scheduling, storage, coordination (v1.32)."""
RBAC_GROUP = "rbac.authorization.k8s.io"


def _spec(obj):
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        spec = obj["spec"] = {}
    return spec


def network_policy(obj):
    spec = _spec(obj)
    if spec.get("podSelector") is None:
        spec["podSelector"] = {}
    for direction, peers_key in (("ingress", "from"), ("egress", "to")):
        for rule in spec.get(direction) or []:
            for port in (rule or {}).get("ports") or []:
                if isinstance(port, dict) and not port.get("protocol"):
                    port["protocol"] = "TCP"
    if not spec.get("policyTypes"):
        types = ["Ingress"]
        if spec.get("egress"):
            types.append("Egress")
        spec["policyTypes"] = types


def ingress_class(obj):
    spec = _spec(obj)
    params = spec.get("parameters")
    if isinstance(params, dict) and not params.get("scope"):
        params["scope"] = "Cluster"


def ingress(obj):
    _spec(obj)


def endpoint_slice(obj):
    obj.setdefault("endpoints", None)
    obj.setdefault("ports", None)
    for port in obj.get("ports") or []:
        if isinstance(port, dict):
            if port.get("name") is None:
                port["name"] = ""
            if port.get("protocol") is None:
                port["protocol"] = "TCP"
    for endpoint in obj.get("endpoints") or []:
        if isinstance(endpoint, dict) and endpoint.get("conditions") is None:
            endpoint["conditions"] = {}


def role(obj):
    obj.setdefault("rules", None)


def role_binding(obj):
    ref = obj.get("roleRef")
    if isinstance(ref, dict) and not ref.get("apiGroup"):
        ref["apiGroup"] = RBAC_GROUP
    for subject in obj.get("subjects") or []:
        if isinstance(subject, dict) and not subject.get("apiGroup") and subject.get("kind") in ("User", "Group"):
            subject["apiGroup"] = RBAC_GROUP


def priority_class(obj):
    obj.setdefault("value", 0)
    if not obj.get("preemptionPolicy"):
        obj["preemptionPolicy"] = "PreemptLowerPriority"


def storage_class(obj):
    if not obj.get("reclaimPolicy"):
        obj["reclaimPolicy"] = "Delete"
    if not obj.get("volumeBindingMode"):
        obj["volumeBindingMode"] = "Immediate"


def lease(obj):
    _spec(obj)


def controller_revision(obj):
    obj.setdefault("revision", 0)


def pod_disruption_budget(obj):
    _spec(obj)


KINDS = {
    "NetworkPolicy": network_policy, "IngressClass": ingress_class, "Ingress": ingress,
    "EndpointSlice": endpoint_slice, "Role": role, "ClusterRole": role, "RoleBinding": role_binding,
    "ClusterRoleBinding": role_binding, "PriorityClass": priority_class, "StorageClass": storage_class,
    "Lease": lease, "ControllerRevision": controller_revision, "PodDisruptionBudget": pod_disruption_budget,
}
