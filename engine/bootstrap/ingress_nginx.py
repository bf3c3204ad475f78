"""The ingress-nginx add-on: controller-v1.12.0's deploy/static/provider/cloud/deploy.yaml (namespace, RBAC,
ConfigMap, the LoadBalancer Service, the controller Deployment, the admission webhook's certgen Jobs, Service and
ValidatingWebhookConfiguration, IngressClass `nginx`), applied with kubectl. The simulated apiserver stores the
webhook configuration but calls no webhooks."""
import yaml

VERSION = "1.12.0"
IMAGE = ("registry.k8s.io/ingress-nginx/controller:v1.12.0"
         "@sha256:e6b8de175acda6ca913891f0f727bca4527e797d52688cbe9fec9040d6f6b6fa")
CERTGEN_IMAGE = ("registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.5.0"
                 "@sha256:aaafd456bda110628b2d4ca6296f38731a3aaf0bf7581efae824a41c770a8fc4")
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
    admission = [{"kind": "ServiceAccount", "name": "ingress-nginx-admission", "namespace": NAMESPACE}]
    rbac, group, hook = "rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io", "admission-webhook"

    def binding(kind, name, role_kind, component, namespaced, who):
        return {"apiVersion": rbac, "kind": kind, "metadata": _meta(name, namespaced, component),
                "roleRef": {"apiGroup": group, "kind": role_kind, "name": name}, "subjects": who}
    return [
        {"apiVersion": rbac, "kind": "Role", "metadata": _meta("ingress-nginx"), "rules": role},
        {"apiVersion": rbac, "kind": "Role", "metadata": _meta("ingress-nginx-admission", True, hook),
         "rules": [_rule([""], ["secrets"], ["get", "create"])]},
        {"apiVersion": rbac, "kind": "ClusterRole", "metadata": _meta("ingress-nginx", False, None), "rules": cluster_role},
        {"apiVersion": rbac, "kind": "ClusterRole", "metadata": _meta("ingress-nginx-admission", False, hook),
         "rules": [_rule(["admissionregistration.k8s.io"], ["validatingwebhookconfigurations"], ["get", "update"])]},
        binding("RoleBinding", "ingress-nginx", "Role", "controller", True, subjects),
        binding("RoleBinding", "ingress-nginx-admission", "Role", hook, True, admission),
        binding("ClusterRoleBinding", "ingress-nginx", "ClusterRole", None, False, subjects),
        binding("ClusterRoleBinding", "ingress-nginx-admission", "ClusterRole", hook, False, admission),
    ]


def _job(name, args):
    hook = "admission-webhook"
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": _meta(name, True, hook), "spec": {"template": {
        "metadata": {"labels": _labels(hook), "name": name}, "spec": {
            "containers": [{
                "args": args,
                "env": [{"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}}],
                "image": CERTGEN_IMAGE, "imagePullPolicy": "IfNotPresent", "name": name.rsplit("-", 1)[1],
                "securityContext": {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]},
                                    "readOnlyRootFilesystem": True, "runAsGroup": 65532, "runAsNonRoot": True,
                                    "runAsUser": 65532, "seccompProfile": {"type": "RuntimeDefault"}}}],
            "nodeSelector": {"kubernetes.io/os": "linux"}, "restartPolicy": "OnFailure",
            "serviceAccountName": "ingress-nginx-admission"}}}}


def _webhook():
    return {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
            "metadata": _meta("ingress-nginx-admission", False, "admission-webhook"),
            "webhooks": [{"admissionReviewVersions": ["v1"],
                          "clientConfig": {"service": {"name": "ingress-nginx-controller-admission",
                                                       "namespace": NAMESPACE, "path": "/networking/v1/ingresses",
                                                       "port": 443}},
                          "failurePolicy": "Fail", "matchPolicy": "Equivalent", "name": "validate.nginx.ingress.kubernetes.io",
                          "rules": [{"apiGroups": ["networking.k8s.io"], "apiVersions": ["v1"],
                                     "operations": ["CREATE", "UPDATE"], "resources": ["ingresses"]}],
                          "sideEffects": "None"}]}


def _probe():
    return {"failureThreshold": 0, "httpGet": {"path": "/healthz", "port": 10254, "scheme": "HTTP"},
            "initialDelaySeconds": 10, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1}


def _deployment():
    container = {
        "args": ["/nginx-ingress-controller", "--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller",
                 "--election-id=ingress-nginx-leader", "--controller-class=k8s.io/ingress-nginx", "--ingress-class=nginx",
                 "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller", "--validating-webhook=:8443",
                 "--validating-webhook-certificate=/usr/local/certificates/cert",
                 "--validating-webhook-key=/usr/local/certificates/key"],
        "env": [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
                {"name": "LD_PRELOAD", "value": "/usr/local/lib/libmimalloc.so"}],
        "image": IMAGE, "imagePullPolicy": "IfNotPresent",
        "lifecycle": {"preStop": {"exec": {"command": ["/wait-shutdown"]}}},
        "livenessProbe": dict(_probe(), failureThreshold=5),
        "name": "controller",
        "ports": [{"containerPort": 80, "name": "http", "protocol": "TCP"},
                  {"containerPort": 443, "name": "https", "protocol": "TCP"},
                  {"containerPort": 8443, "name": "webhook", "protocol": "TCP"}],
        "readinessProbe": dict(_probe(), failureThreshold=3),
        "resources": {"requests": {"cpu": "100m", "memory": "90Mi"}},
        "securityContext": {"allowPrivilegeEscalation": False,
                            "capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]},
                            "readOnlyRootFilesystem": False, "runAsGroup": 82, "runAsNonRoot": True, "runAsUser": 101,
                            "seccompProfile": {"type": "RuntimeDefault"}},
        "volumeMounts": [{"mountPath": "/usr/local/certificates/", "name": "webhook-cert", "readOnly": True}],
    }
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": _meta("ingress-nginx-controller"), "spec": {
        "minReadySeconds": 0, "revisionHistoryLimit": 10, "selector": {"matchLabels": dict(SELECTOR)},
        "strategy": {"rollingUpdate": {"maxUnavailable": 1}, "type": "RollingUpdate"},
        "template": {"metadata": {"labels": _labels()}, "spec": {
            "containers": [container], "dnsPolicy": "ClusterFirst", "nodeSelector": {"kubernetes.io/os": "linux"},
            "serviceAccountName": "ingress-nginx", "terminationGracePeriodSeconds": 300,
            "volumes": [{"name": "webhook-cert", "secret": {"secretName": "ingress-nginx-admission"}}]}}}}


def objects():
    """deploy.yaml's objects, in its order."""
    service = {"apiVersion": "v1", "kind": "Service", "metadata": _meta("ingress-nginx-controller"), "spec": {
        "externalTrafficPolicy": "Local", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
        "ports": [{"appProtocol": "http", "name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"},
                  {"appProtocol": "https", "name": "https", "port": 443, "protocol": "TCP", "targetPort": "https"}],
        "selector": dict(SELECTOR), "type": "LoadBalancer"}}
    namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {
        "labels": {"app.kubernetes.io/instance": "ingress-nginx", "app.kubernetes.io/name": "ingress-nginx"},
        "name": NAMESPACE}}
    admission_service = {"apiVersion": "v1", "kind": "Service", "metadata": _meta("ingress-nginx-controller-admission"),
                         "spec": {"ports": [{"appProtocol": "https", "name": "https-webhook", "port": 443,
                                             "targetPort": "webhook"}],
                                  "selector": dict(SELECTOR), "type": "ClusterIP"}}
    account = {"apiVersion": "v1", "automountServiceAccountToken": True, "kind": "ServiceAccount"}
    return [namespace,
            dict(account, metadata=_meta("ingress-nginx")),
            dict(account, metadata=_meta("ingress-nginx-admission", True, "admission-webhook")),
            *_rbac(),
            {"apiVersion": "v1", "data": None, "kind": "ConfigMap", "metadata": _meta("ingress-nginx-controller")},
            service,
            admission_service,
            _deployment(),
            _job("ingress-nginx-admission-create", [
                "create", "--host=ingress-nginx-controller-admission,ingress-nginx-controller-admission.$(POD_NAMESPACE).svc",
                "--namespace=$(POD_NAMESPACE)", "--secret-name=ingress-nginx-admission"]),
            _job("ingress-nginx-admission-patch", [
                "patch", "--webhook-name=ingress-nginx-admission", "--namespace=$(POD_NAMESPACE)", "--patch-mutating=false",
                "--secret-name=ingress-nginx-admission", "--patch-failure-policy=Fail"]),
            {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": _meta("nginx", False),
             "spec": {"controller": "k8s.io/ingress-nginx"}},
            _webhook()]


def manifest():
    """The objects as the YAML file `kubectl apply -f` reads."""
    return yaml.safe_dump_all(objects(), sort_keys=False)


def install(cluster, wait=True):
    """`kubectl apply -f deploy.yaml` on `cluster`; with `wait`, run virtual time (a second at a time, at most
    300) until the controller is Ready, as `kubectl wait --namespace ingress-nginx --for=condition=ready pod
    --selector=app.kubernetes.io/component=controller` would. Returns the apply's Result."""
    result = cluster.apply(manifest())
    start = cluster.now
    while wait and cluster.now - start < 300 and not _controller_ready(cluster.api):
        cluster.advance(1)
    return result


def _controller_ready(api):
    pods = api.list("pods", namespace=NAMESPACE, label_selector="app.kubernetes.io/component=controller")["items"]
    return bool(pods) and all(any(c["type"] == "Ready" and c["status"] == "True"
                                  for c in (pod.get("status") or {}).get("conditions") or ()) for pod in pods)
