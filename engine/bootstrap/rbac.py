"""RBAC a fresh kubeadm v1.32 cluster holds: the apiserver's bootstrap ClusterRoles and bindings
(plugin/pkg/auth/authorizer/rbac/bootstrappolicy: cluster-admin, the aggregated admin/edit/view,
the system: roles bound by default) and kubeadm's own roles and bindings."""
from ..api.rbac import role_rules

RBAC = "rbac.authorization.k8s.io"
GROUP = "rbac.authorization.k8s.io/v1"
BOOTSTRAP_LABELS = {"kubernetes.io/bootstrapping": "rbac-defaults"}
AUTOUPDATE = {"rbac.authorization.kubernetes.io/autoupdate": "true"}
READ = ["get", "list", "watch"]
WRITE = ["create", "delete", "deletecollection", "patch", "update"]
NODE_TOKEN_GROUP = "system:bootstrappers:kubeadm:default-node-token"


def rule(groups, resources, verbs, names=None):
    """A PolicyRule as rbac's NewRule builds it: groups, resources and verbs as sorted sets."""
    r = {"apiGroups": sorted(set(groups)), "resources": sorted(set(resources)), "verbs": sorted(set(verbs))}
    if names:
        r["resourceNames"] = names
    return r


def urls(paths, verbs=("get",)):
    return {"nonResourceURLs": sorted(set(paths)), "verbs": sorted(set(verbs))}


# system:aggregate-to-{view,edit,admin}: what the aggregated roles are made of
AGGREGATE_TO_VIEW = [
    rule([""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods",
                "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services",
                "services/status"], READ),
    rule([""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status",
                "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"], READ),
    rule([""], ["namespaces"], READ),
    rule(["discovery.k8s.io"], ["endpointslices"], READ),
    rule(["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
                    "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets",
                    "statefulsets/scale", "statefulsets/status"], READ),
    rule(["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"], READ),
    rule(["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"], READ),
    rule(["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status",
                          "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale",
                          "replicasets/status", "replicationcontrollers/scale"], READ),
    rule(["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"], READ),
    rule(["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"], READ),
]
AGGREGATE_TO_EDIT = [
    rule([""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"], READ),
    rule([""], ["serviceaccounts"], ["impersonate"]),
    rule([""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"], WRITE),
    rule([""], ["pods/eviction"], ["create"]),
    rule([""], ["configmaps", "persistentvolumeclaims", "replicationcontrollers",
                "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"], WRITE),
    rule([""], ["serviceaccounts/token"], ["create"]),
    rule(["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets",
                    "replicasets/scale", "statefulsets", "statefulsets/scale"], WRITE),
    rule(["autoscaling"], ["horizontalpodautoscalers"], WRITE),
    rule(["batch"], ["cronjobs", "jobs"], WRITE),
    rule(["extensions"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses",
                          "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"], WRITE),
    rule(["policy"], ["poddisruptionbudgets"], WRITE),
    rule(["networking.k8s.io"], ["ingresses", "networkpolicies"], WRITE),
    rule(["coordination.k8s.io"], ["leases"], ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]),
]
AGGREGATE_TO_ADMIN = [
    rule(["authorization.k8s.io"], ["localsubjectaccessreviews"], ["create"]),
    rule([RBAC], ["rolebindings", "roles"], ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]),
]


def cluster_role(name, rules, labels=None, aggregation=None, bootstrap=True):
    meta = {"name": name}
    if bootstrap:
        meta.update(annotations=dict(AUTOUPDATE), labels=dict(BOOTSTRAP_LABELS, **(labels or {})))
    role = {"apiVersion": GROUP, "kind": "ClusterRole", "metadata": meta, "rules": rules}
    if aggregation:
        role["aggregationRule"] = {"clusterRoleSelectors": [{"matchLabels": {f"{RBAC}/aggregate-to-{aggregation}": "true"}}]}
    return role


def binding(kind, name, role_kind, role, subjects, namespace=None, bootstrap=False):
    meta = {"name": name}
    if namespace:
        meta["namespace"] = namespace
    if bootstrap:
        meta.update(annotations=dict(AUTOUPDATE), labels=dict(BOOTSTRAP_LABELS))
    return {"apiVersion": GROUP, "kind": kind, "metadata": meta,
            "roleRef": {"apiGroup": RBAC, "kind": role_kind, "name": role}, "subjects": subjects}


def group(name):
    return {"apiGroup": RBAC, "kind": "Group", "name": name}


def user(name):
    return {"apiGroup": RBAC, "kind": "User", "name": name}


def apiserver_objects():
    """The apiserver's rbac/bootstrap-roles post-start hook (the aggregated roles already filled in,
    as the clusterrole-aggregation controller leaves them)."""
    view_rules = list(AGGREGATE_TO_VIEW)
    edit_rules = AGGREGATE_TO_EDIT + view_rules  # aggregated from system:aggregate-to-edit, then view
    admin_rules = edit_rules + AGGREGATE_TO_ADMIN  # from edit, then system:aggregate-to-admin
    roles = [
        cluster_role("cluster-admin", [rule(["*"], ["*"], ["*"]), urls(["*"], ["*"])]),
        cluster_role("admin", admin_rules, aggregation="admin"),
        cluster_role("edit", edit_rules, labels={f"{RBAC}/aggregate-to-admin": "true"}, aggregation="edit"),
        cluster_role("view", view_rules, labels={f"{RBAC}/aggregate-to-edit": "true"}, aggregation="view"),
        cluster_role("system:aggregate-to-admin", AGGREGATE_TO_ADMIN, labels={f"{RBAC}/aggregate-to-admin": "true"}),
        cluster_role("system:aggregate-to-edit", AGGREGATE_TO_EDIT, labels={f"{RBAC}/aggregate-to-edit": "true"}),
        cluster_role("system:aggregate-to-view", AGGREGATE_TO_VIEW, labels={f"{RBAC}/aggregate-to-view": "true"}),
        cluster_role("system:basic-user", [rule(["authorization.k8s.io"], ["selfsubjectaccessreviews",
                                                                             "selfsubjectrulesreviews"], ["create"]),
                                           rule(["authentication.k8s.io"], ["selfsubjectreviews"], ["create"])]),
        cluster_role("system:discovery", [urls(["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi",
                                                "/openapi/*", "/readyz", "/version", "/version/"])]),
        cluster_role("system:public-info-viewer", [urls(["/healthz", "/livez", "/readyz", "/version", "/version/"])]),
        cluster_role("system:monitoring", [urls(["/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics",
                                                 "/metrics/slis", "/readyz", "/readyz/*"])]),
        cluster_role("system:node-proxier", [
            rule([""], ["endpoints", "services"], ["list", "watch"]),
            rule([""], ["nodes"], READ),
            rule(["", "events.k8s.io"], ["events"], ["create", "patch", "update"]),
            rule(["discovery.k8s.io"], ["endpointslices"], ["list", "watch"])]),
        cluster_role("system:node-bootstrapper", [
            rule(["certificates.k8s.io"], ["certificatesigningrequests"], ["create", "get", "list", "watch"])]),
        cluster_role("system:certificates.k8s.io:certificatesigningrequests:nodeclient", [
            rule(["certificates.k8s.io"], ["certificatesigningrequests/nodeclient"], ["create"])]),
        cluster_role("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", [
            rule(["certificates.k8s.io"], ["certificatesigningrequests/selfnodeclient"], ["create"])]),
    ]
    bindings = [
        binding("ClusterRoleBinding", "cluster-admin", "ClusterRole", "cluster-admin", [group("system:masters")], bootstrap=True),
        binding("ClusterRoleBinding", "system:basic-user", "ClusterRole", "system:basic-user",
                [group("system:authenticated")], bootstrap=True),
        binding("ClusterRoleBinding", "system:discovery", "ClusterRole", "system:discovery",
                [group("system:authenticated")], bootstrap=True),
        binding("ClusterRoleBinding", "system:public-info-viewer", "ClusterRole", "system:public-info-viewer",
                [group("system:authenticated"), group("system:unauthenticated")], bootstrap=True),
        binding("ClusterRoleBinding", "system:monitoring", "ClusterRole", "system:monitoring",
                [group("system:monitoring")], bootstrap=True),
        binding("ClusterRoleBinding", "system:node-proxier", "ClusterRole", "system:node-proxier",
                [user("system:kube-proxy")], bootstrap=True),
    ]
    return roles + bindings


def kubeadm_objects():
    """What kubeadm init's phases add: admin access, node bootstrap and the roles around its ConfigMaps."""
    def configmap_reader(name, namespace, configmap):
        return {"apiVersion": GROUP, "kind": "Role", "metadata": {"name": name, "namespace": namespace},
                "rules": [rule([""], ["configmaps"], ["get"], names=[configmap])]}

    return [
        binding("ClusterRoleBinding", "kubeadm:cluster-admins", "ClusterRole", "cluster-admin", [group("kubeadm:cluster-admins")]),
        {"apiVersion": GROUP, "kind": "ClusterRole", "metadata": {"name": "kubeadm:get-nodes"},
         "rules": [rule([""], ["nodes"], ["get"])]},
        binding("ClusterRoleBinding", "kubeadm:get-nodes", "ClusterRole", "kubeadm:get-nodes", [group(NODE_TOKEN_GROUP)]),
        binding("ClusterRoleBinding", "kubeadm:kubelet-bootstrap", "ClusterRole", "system:node-bootstrapper",
                [group(NODE_TOKEN_GROUP)]),
        binding("ClusterRoleBinding", "kubeadm:node-autoapprove-bootstrap", "ClusterRole",
                "system:certificates.k8s.io:certificatesigningrequests:nodeclient", [group(NODE_TOKEN_GROUP)]),
        binding("ClusterRoleBinding", "kubeadm:node-autoapprove-certificate-rotation", "ClusterRole",
                "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", [group("system:nodes")]),
        configmap_reader("kubeadm:nodes-kubeadm-config", "kube-system", "kubeadm-config"),
        binding("RoleBinding", "kubeadm:nodes-kubeadm-config", "Role", "kubeadm:nodes-kubeadm-config",
                [group(NODE_TOKEN_GROUP), group("system:nodes")], "kube-system"),
        configmap_reader("kubeadm:kubelet-config", "kube-system", "kubelet-config"),
        binding("RoleBinding", "kubeadm:kubelet-config", "Role", "kubeadm:kubelet-config",
                [group("system:nodes"), group(NODE_TOKEN_GROUP)], "kube-system"),
        configmap_reader("kubeadm:bootstrap-signer-clusterinfo", "kube-public", "cluster-info"),
        binding("RoleBinding", "kubeadm:bootstrap-signer-clusterinfo", "Role", "kubeadm:bootstrap-signer-clusterinfo",
                [user("system:anonymous")], "kube-public"),
    ]


def aggregate(objects):
    """The clusterrole-aggregation controller's work on a fresh cluster: each aggregated ClusterRole's rules
    are those of the ClusterRoles its selectors match (by name, each rule once), in place in `objects`."""
    roles = {o["metadata"]["name"]: o for o in objects if o["kind"] == "ClusterRole"}
    for name, role in roles.items():
        if role.get("aggregationRule"):
            role["rules"] = role_rules(roles, name)
    return objects
