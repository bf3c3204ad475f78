"""The ingress-nginx add-on: controller-v1.12.0's deploy/static/provider/cloud/deploy.yaml (namespace, RBAC,
ConfigMap, the LoadBalancer Service, the controller Deployment, IngressClass `nginx`), applied with kubectl.

The admission webhook (its certgen Jobs, Service and ValidatingWebhookConfiguration) is left out: the simulated
apiserver calls no webhooks, so the controller runs without --validating-webhook and its certificate volume."""
import yaml

VERSION = "1.12.0"
IMAGE = ("registry.k8s.io/ingress-nginx/controller:v1.12.0"
         "@sha256:e6b8de175acda6ca913891f0f727bca4527e797d52688cbe9fec9040d6f6b6fa")
NAMESPACE = "ingress-nginx"
SELECTOR = {"app.kubernetes.io/component": "controller", "app.kubernetes.io/instance": "ingress-nginx",
            "app.kubernetes.io/name": "ingress-nginx"}


def _labels(component="controller"):
    labels = {"app.kubernetes.io/component": component} if component else {}
    labels.update({"app.kubernetes.io/instance": "ingress-nginx", "app.kubernetes.io/name": "ingress-nginx",
                   "app.kubernetes.io/part-of": "ingress-nginx", "app.kubernetes.io/version": VERSION})
    return labels


def _meta(name, namespaced=True, component="controller"):
    meta = {"labels": _labels(component), "name": name}
    if namespaced:
        meta["namespace"] = NAMESPACE
    return meta


def _rule(groups, resources, verbs, names=None):
    rule = {"apiGroups": groups}
    if names:
        rule["resourceNames"] = names
    rule.update({"resources": resources, "verbs": verbs})
    return rule


def _rbac():
    role = [_rule([""], ["namespaces"], ["get"]),
            _rule([""], ["configmaps", "pods", "secrets", "endpoints"], ["get", "list", "watch"]),
            _rule([""], ["services"], ["get", "list", "watch"]),
            _rule(["networking.k8s.io"], ["ingresses"], ["get", "list", "watch"]),
            _rule(["networking.k8s.io"], ["ingresses/status"], ["update"]),
            _rule(["networking.k8s.io"], ["ingressclasses"], ["get", "list", "watch"]),
            _rule(["coordination.k8s.io"], ["leases"], ["get", "update"], ["ingress-nginx-leader"]),
            _rule(["coordination.k8s.io"], ["leases"], ["create"]),
            _rule([""], ["events"], ["create", "patch"]),
            _rule(["discovery.k8s.io"], ["endpointslices"], ["list", "watch", "get"])]
    cluster_role = [_rule([""], ["configmaps", "endpoints", "nodes", "pods", "secrets", "namespaces"], ["list", "watch"]),
                    _rule(["coordination.k8s.io"], ["leases"], ["list", "watch"]),
                    _rule([""], ["nodes"], ["get"]),
                    _rule([""], ["services"], ["get", "list", "watch"]),
                    _rule(["networking.k8s.io"], ["ingresses"], ["get", "list", "watch"]),
                    _rule([""], ["events"], ["create", "patch"]),
                    _rule(["networking.k8s.io"], ["ingresses/status"], ["update"]),
                    _rule(["networking.k8s.io"], ["ingressclasses"], ["get", "list", "watch"]),
                    _rule(["discovery.k8s.io"], ["endpointslices"], ["list", "watch", "get"])]
    subjects = [{"kind": "ServiceAccount", "name": "ingress-nginx", "namespace": NAMESPACE}]
    rbac = "rbac.authorization.k8s.io/v1"
    return [
        {"apiVersion": rbac, "kind": "Role", "metadata": _meta("ingress-nginx"), "rules": role},
        {"apiVersion": rbac, "kind": "ClusterRole", "metadata": _meta("ingress-nginx", False, None), "rules": cluster_role},
        {"apiVersion": rbac, "kind": "RoleBinding", "metadata": _meta("ingress-nginx"),
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "ingress-nginx"}, "subjects": subjects},
        {"apiVersion": rbac, "kind": "ClusterRoleBinding", "metadata": _meta("ingress-nginx", False, None),
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "ingress-nginx"},
         "subjects": subjects},
    ]


def _probe():
    return {"failureThreshold": 0, "httpGet": {"path": "/healthz", "port": 10254, "scheme": "HTTP"},
            "initialDelaySeconds": 10, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1}


def _deployment():
    container = {
        "args": ["/nginx-ingress-controller", "--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller",
                 "--election-id=ingress-nginx-leader", "--controller-class=k8s.io/ingress-nginx", "--ingress-class=nginx",
                 "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller"],
        "env": [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
                {"name": "LD_PRELOAD", "value": "/usr/local/lib/libmimalloc.so"}],
        "image": IMAGE, "imagePullPolicy": "IfNotPresent",
        "lifecycle": {"preStop": {"exec": {"command": ["/wait-shutdown"]}}},
        "livenessProbe": dict(_probe(), failureThreshold=5),
        "name": "controller",
        "ports": [{"containerPort": 80, "name": "http", "protocol": "TCP"},
                  {"containerPort": 443, "name": "https", "protocol": "TCP"}],
        "readinessProbe": dict(_probe(), failureThreshold=3),
        "resources": {"requests": {"cpu": "100m", "memory": "90Mi"}},
        "securityContext": {"allowPrivilegeEscalation": False,
                            "capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]},
                            "readOnlyRootFilesystem": False, "runAsGroup": 82, "runAsNonRoot": True, "runAsUser": 101,
                            "seccompProfile": {"type": "RuntimeDefault"}},
    }
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": _meta("ingress-nginx-controller"), "spec": {
        "minReadySeconds": 0, "revisionHistoryLimit": 10, "selector": {"matchLabels": dict(SELECTOR)},
        "strategy": {"rollingUpdate": {"maxUnavailable": 1}, "type": "RollingUpdate"},
        "template": {"metadata": {"labels": _labels()}, "spec": {
            "containers": [container], "dnsPolicy": "ClusterFirst", "nodeSelector": {"kubernetes.io/os": "linux"},
            "serviceAccountName": "ingress-nginx", "terminationGracePeriodSeconds": 300}}}}


def objects():
    """deploy.yaml's objects in its order, without the admission webhook's."""
    service = {"apiVersion": "v1", "kind": "Service", "metadata": _meta("ingress-nginx-controller"), "spec": {
        "externalTrafficPolicy": "Local", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
        "ports": [{"appProtocol": "http", "name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"},
                  {"appProtocol": "https", "name": "https", "port": 443, "protocol": "TCP", "targetPort": "https"}],
        "selector": dict(SELECTOR), "type": "LoadBalancer"}}
    namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {
        "labels": {"app.kubernetes.io/instance": "ingress-nginx", "app.kubernetes.io/name": "ingress-nginx"},
        "name": NAMESPACE}}
    return [namespace,
            {"apiVersion": "v1", "automountServiceAccountToken": True, "kind": "ServiceAccount",
             "metadata": _meta("ingress-nginx")},
            *_rbac(),
            {"apiVersion": "v1", "data": None, "kind": "ConfigMap", "metadata": _meta("ingress-nginx-controller")},
            service,
            _deployment(),
            {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": _meta("nginx", False),
             "spec": {"controller": "k8s.io/ingress-nginx"}}]


def manifest():
    """The objects as the YAML file `kubectl apply -f` reads."""
    return yaml.safe_dump_all(objects(), sort_keys=False)


def install(cluster, wait=True):
    """`kubectl apply -f deploy.yaml` on `cluster`; with `wait`, run virtual time until the controller is Ready
    (as `kubectl wait --for=condition=ready pod -l app.kubernetes.io/component=controller` would). The apply's Result."""
    result = cluster.apply(manifest())
    if wait:
        cluster.wait_until_ready()
    return result
