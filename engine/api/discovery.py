"""The apiserver's discovery documents: /api (APIVersions), /apis (APIGroupList) and each
group/version's APIResourceList, built from the registry as kube-apiserver v1.32 serves them."""

# verbs of subresources, as the apiserver's REST storage for each declares them
SUBRESOURCE_VERBS = {
    "status": ("get", "patch", "update"), "scale": ("get", "patch", "update"), "binding": ("create",),
    "eviction": ("create",), "log": ("get",), "exec": ("create", "get"), "attach": ("create", "get"),
    "portforward": ("create", "get"), "proxy": ("create", "delete", "get", "patch", "update"),
    "ephemeralcontainers": ("get", "patch", "update"), "finalize": ("update",), "token": ("create",),
    "approval": ("get", "patch", "update"), "resize": ("get", "patch", "update"),
}
# the order kube-apiserver lists its groups in /apis (its group priorities)
GROUP_ORDER = (
    "apiregistration.k8s.io", "apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io",
    "autoscaling", "batch", "certificates.k8s.io", "networking.k8s.io", "policy", "rbac.authorization.k8s.io",
    "storage.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io", "scheduling.k8s.io",
    "coordination.k8s.io", "node.k8s.io", "discovery.k8s.io", "flowcontrol.apiserver.k8s.io",
)


# groups served by extension API servers behind the aggregator (kube-aggregator's APIServices)
AGGREGATED = {
    "metrics.k8s.io/v1beta1": [
        {"name": "nodes", "singularName": "", "namespaced": False, "kind": "NodeMetrics", "verbs": ["get", "list"]},
        {"name": "pods", "singularName": "", "namespaced": True, "kind": "PodMetrics", "verbs": ["get", "list"]},
    ],
}


def aggregated(server):
    """{group/version: [APIResource]} of the extension API servers registered with `server`."""
    return {gv: AGGREGATED[gv] for gv in sorted(getattr(server, "api_services", {}) or {}) if gv in AGGREGATED}


def api_versions(server_address="172.18.0.2:6443"):
    """GET /api."""
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}]}


def _groups(registry):
    found = {}
    for r in registry.resources:
        if r.group:
            found.setdefault(r.group, [])
            if r.version not in found[r.group]:
                found[r.group].append(r.version)
    return sorted(found.items(), key=lambda g: (GROUP_ORDER.index(g[0]) if g[0] in GROUP_ORDER else len(GROUP_ORDER), g[0]))


def api_group_list(registry):
    """GET /apis: every group with its versions, the preferred (first listed) one first."""
    groups = []
    for name, versions in _groups(registry):
        entries = [{"groupVersion": f"{name}/{v}", "version": v} for v in versions]
        groups.append({"name": name, "versions": entries, "preferredVersion": entries[0]})
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def api_resource_list(registry, group, version):
    """GET /api/v1 or /apis/<group>/<version>: the resources and their subresources."""
    resources = []
    for r in sorted((r for r in registry.resources if r.group == group and r.version == version),
                    key=lambda r: r.plural):
        entry = {"name": r.plural, "singularName": r.singular_name, "namespaced": r.namespaced, "kind": r.kind,
                 "verbs": list(r.verbs)}
        if r.short_names:
            entry["shortNames"] = list(r.short_names)
        if r.categories:
            entry["categories"] = list(r.categories)
        resources.append(entry)
        for sub in r.subresources:
            resources.append({"name": f"{r.plural}/{sub}", "singularName": "", "namespaced": r.namespaced,
                              "kind": _subresource_kind(r, sub), "verbs": list(SUBRESOURCE_VERBS.get(sub, ("get",)))})
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": f"{group}/{version}" if group else version,
            "resources": resources}


def _subresource_kind(resource, sub):
    return {"scale": "Scale", "eviction": "Eviction", "binding": "Binding", "token": "TokenRequest",
            "log": "Pod", "exec": "PodExecOptions", "attach": "PodAttachOptions",
            "portforward": "PodPortForwardOptions", "proxy": f"{resource.kind}ProxyOptions"}.get(sub, resource.kind)


def group_versions(registry):
    """Every (group, version) served, core first."""
    return [("", "v1")] + [(name, v) for name, versions in _groups(registry) for v in versions]
