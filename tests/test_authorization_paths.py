"""Authorization beyond resource verbs, as kube-apiserver v1.32 does it: non-resource paths (get --raw, kubectl
proxy) against the system:discovery / public-info-viewer / monitoring roles, every proxied request authorized by
its RequestInfo, pods/portforward, kubeadm's admin depending on the kubeadm:cluster-admins binding, the CSR
requester, and metrics-server's role aggregated into view."""
import pytest

from engine import Cluster
from engine.api.authorization import request_attributes

APP = """
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers: [{name: nginx, image: nginx, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
"""


def run(c, command):
    r = c.kubectl(command)
    return r.stdout, r.stderr, r.exit_code


def forbidden(text):
    return "", f"Error from server (Forbidden): {text}\n", 1


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(workers=1)
    assert cluster.apply(APP).exit_code == 0
    cluster.advance(20)
    return cluster


# ---- non-resource URLs
def test_raw_non_resource_paths_follow_the_discovery_roles(c):
    assert run(c, "get --raw /healthz --as=jane") == ("ok", "", 0)
    assert run(c, "get --raw /livez --as=jane") == ("ok", "", 0)
    assert run(c, "get --raw /version --as=jane")[0].startswith('{"major":"1","minor":"32"')
    assert run(c, "get --raw /api --as=jane")[0].startswith('{"kind":"APIVersions"')
    assert run(c, "get --raw /apis/apps --as=jane")[0].startswith('{"kind":"APIGroup"')
    assert run(c, "get --raw /metrics --as=jane") == forbidden('forbidden: User "jane" cannot get path "/metrics"')
    assert run(c, "get --raw /logs --as=jane") == forbidden('forbidden: User "jane" cannot get path "/logs"')
    # resource paths are resource requests: a GET without a name lists
    assert run(c, "get --raw /api/v1/namespaces/default/pods --as=jane") == forbidden(
        'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"')


def test_can_i_agrees_with_the_raw_requests(c):
    assert run(c, "auth can-i get /metrics --as=jane") == ("no\n", "", 1)
    assert run(c, "auth can-i get /healthz --as=jane") == ("yes\n", "", 0)
    assert run(c, "auth can-i get /openapi/v2 --as=jane") == ("yes\n", "", 0)
    assert run(c, "auth can-i get /metrics --as=prom --as-group=system:monitoring") == ("yes\n", "", 0)
    assert run(c, "auth can-i get /readyz/etcd --as=prom --as-group=system:monitoring") == ("yes\n", "", 0)
    assert run(c, "auth can-i get /api --as=prom --as-group=system:monitoring") == ("yes\n", "", 0)
    # a member of system:monitoring gets past the filter (/metrics itself is not served by the simulation)
    assert run(c, "get --raw /readyz --as=prom --as-group=system:monitoring") == ("ok", "", 0)


def test_discovery_is_granted_by_its_binding():
    c = Cluster(workers=0, wait=False)
    assert run(c, "delete clusterrolebinding system:discovery")[2] == 0
    assert run(c, "get --raw /api --as=jane") == forbidden('forbidden: User "jane" cannot get path "/api"')
    assert run(c, "get --raw /version --as=jane")[2] == 0  # still system:public-info-viewer's
    assert run(c, "auth can-i get /api --as=jane") == ("no\n", "", 1)


# ---- kubectl proxy: every request authorized as its RequestInfo
def status(message, details):
    body = ['{', '  "kind": "Status",', '  "apiVersion": "v1",', '  "metadata": {},', '  "status": "Failure",',
            f'  "message": "{message}",', '  "reason": "Forbidden",']
    if details:
        body += ['  "details": {'] + [f'    "{k}": "{v}",' for k, v in details.items()]
        body[-1] = body[-1].rstrip(",")
        body += ['  },']
    else:
        body += ['  "details": {},']
    return "\n".join(body + ['  "code": 403', '}', ''])


def test_requests_through_kubectl_proxy_are_authorized_by_path():
    c = Cluster(workers=1)
    assert c.apply(APP).exit_code == 0
    c.advance(20)
    assert run(c, "proxy --as=jane") == ("Starting to serve on 127.0.0.1:8001\n", "", 0)
    assert c.curl("-s localhost:8001/healthz").stdout == "ok"
    assert c.curl("-s localhost:8001/metrics").stdout == status(
        'forbidden: User \\"jane\\" cannot get path \\"/metrics\\"', {})
    r = c.curl("-s -o /dev/null -w %{http_code} localhost:8001/metrics")
    assert r.stdout == "403"
    assert c.curl("-s localhost:8001/api/v1/pods?watch=true").stdout == status(
        'pods is forbidden: User \\"jane\\" cannot watch resource \\"pods\\" in API group \\"\\" at the cluster scope',
        {"group": "", "kind": "pods"})
    assert c.curl("-s -X DELETE localhost:8001/api/v1/namespaces/default/pods").stdout == status(
        'pods is forbidden: User \\"jane\\" cannot deletecollection resource \\"pods\\" in API group \\"\\" in the '
        'namespace \\"default\\"', {"group": "", "kind": "pods"})
    assert c.curl("-s localhost:8001/api/v1/namespaces/default/services/web:80/proxy/").stdout == status(
        'services \\"web:80\\" is forbidden: User \\"jane\\" cannot get resource \\"services/proxy\\" in API group '
        '\\"\\" in the namespace \\"default\\"', {"name": "web:80", "group": "", "kind": "services"})
    assert c.curl("-s localhost:8001/apis/metrics.k8s.io/v1beta1/pods").stdout == status(
        'pods.metrics.k8s.io is forbidden: User \\"jane\\" cannot list resource \\"pods\\" in API group '
        '\\"metrics.k8s.io\\" at the cluster scope', {"group": "metrics.k8s.io", "kind": "pods"})
    # services/proxy alone is enough to reach a Service through the apiserver (no get on services needed)
    assert run(c, "create role svc-proxy --verb=get --resource=services/proxy")[2] == 0
    assert run(c, "create rolebinding svc-proxy --role=svc-proxy --user=jane")[2] == 0
    assert "<title>Welcome to nginx!</title>" in c.curl("-s localhost:8001/api/v1/namespaces/default/services/web:80/proxy/").stdout


def test_request_attributes_follow_request_info():
    assert request_attributes("GET", "/metrics") == {"verb": "get", "path": "/metrics"}
    assert request_attributes("POST", "/apis/apps") == {"verb": "post", "path": "/apis/apps"}
    assert request_attributes("GET", "/apis/apps/v1") == {"verb": "get", "path": "/apis/apps/v1"}
    assert request_attributes("GET", "/api/v1/namespaces/dev/pods?fieldSelector=metadata.name%3Dweb") == {
        "verb": "list", "group": "", "resource": "pods", "subresource": "", "name": "web", "namespace": "dev"}
    assert request_attributes("PUT", "/api/v1/namespaces/dev/finalize") == {
        "verb": "update", "group": "", "resource": "namespaces", "subresource": "finalize", "name": "dev",
        "namespace": "dev"}
    assert request_attributes("GET", "/api/v1/watch/namespaces/dev/pods/web") == {
        "verb": "watch", "group": "", "resource": "pods", "subresource": "", "name": "web", "namespace": "dev"}
    assert request_attributes("GET", "/api/v1/proxy/namespaces/dev/pods/web/x/y") == {
        "verb": "proxy", "group": "", "resource": "pods", "subresource": "", "name": "web", "namespace": "dev"}
    assert request_attributes("PATCH", "/apis/apps/v1/namespaces/dev/deployments/web/scale") == {
        "verb": "patch", "group": "apps", "resource": "deployments", "subresource": "scale", "name": "web",
        "namespace": "dev"}


# ---- kubectl port-forward
def test_port_forward_needs_the_portforward_subresource():
    c = Cluster(workers=1)
    assert c.apply(APP).exit_code == 0
    c.advance(20)
    assert run(c, "port-forward pod/web 8080:80 --as=jane") == forbidden(
        'pods "web" is forbidden: User "jane" cannot get resource "pods" in API group "" in the namespace "default"')
    assert run(c, "create role read --verb=get,list --resource=pods")[2] == 0
    assert run(c, "create rolebinding read --role=read --user=jane --user=joe")[2] == 0
    assert run(c, "port-forward pod/web 8080:80 --as=jane") == (
        "", 'error: error upgrading connection: pods "web" is forbidden: User "jane" cannot create resource '
        '"pods/portforward" in API group "" in the namespace "default"\n', 1)
    assert run(c, "port-forward svc/web 8080:80 --as=jane") == forbidden(
        'services "web" is forbidden: User "jane" cannot get resource "services" in API group "" in the namespace '
        '"default"')
    assert c.workstation.listeners == {}
    assert run(c, "create role forward --verb=create --resource=pods/portforward")[2] == 0
    assert run(c, "create rolebinding forward --role=forward --user=jane")[2] == 0
    assert run(c, "port-forward pod/web 8080:80 --as=jane") == (
        "Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n", "", 0)
    assert "<title>Welcome to nginx!</title>" in c.curl("-s localhost:8080").stdout
    # kubectl v1.32 tries a WebSocket upgrade first, a GET: `get` on pods/portforward lets it through too
    assert run(c, "create role forward-ws --verb=get --resource=pods/portforward")[2] == 0
    assert run(c, "create rolebinding forward-ws --role=forward-ws --user=joe")[2] == 0
    assert run(c, "port-forward pod/web 8081:80 --as=joe")[2] == 0


# ---- kubeadm's admin is an ordinary RBAC subject
def test_deleting_kubeadm_cluster_admins_takes_the_admins_rights_away():
    c = Cluster(workers=1)
    assert run(c, "auth can-i '*' '*'") == ("yes\n", "", 0)
    assert run(c, "get clusterrolebinding kubeadm:cluster-admins -o jsonpath={.subjects[0].name}") == (
        "kubeadm:cluster-admins", "", 0)
    assert run(c, "delete clusterrolebinding kubeadm:cluster-admins") == (
        'clusterrolebinding.rbac.authorization.k8s.io "kubeadm:cluster-admins" deleted\n', "", 0)
    assert run(c, "get pods") == forbidden(
        'pods is forbidden: User "kubernetes-admin" cannot list resource "pods" in API group "" in the namespace '
        '"default"')
    assert run(c, "create clusterrolebinding kubeadm:cluster-admins --clusterrole=cluster-admin "
                  "--group=kubeadm:cluster-admins") == (
        "", 'error: failed to create clusterrolebinding: clusterrolebindings.rbac.authorization.k8s.io is forbidden: '
        'User "kubernetes-admin" cannot create resource "clusterrolebindings" in API group '
        '"rbac.authorization.k8s.io" at the cluster scope\n', 1)
    assert run(c, "auth can-i '*' '*'") == ("no\n", "", 1)
    assert run(c, "auth can-i create selfsubjectaccessreviews.authorization.k8s.io") == ("yes\n", (
        "Warning: resource 'selfsubjectaccessreviews' is not namespace scoped in group 'authorization.k8s.io'\n"), 0)
    assert run(c, "get --raw /version")[2] == 0  # system:discovery still applies to every authenticated user
    assert run(c, "auth whoami -o jsonpath={.status.userInfo.groups}") == (
        '["kubeadm:cluster-admins","system:authenticated"]', "", 0)
    # the cluster's own components keep their identities: a pod created by them still runs
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                          "spec": {"containers": [{"name": "c", "image": "nginx"}]}}, "default")
    c.advance(10)
    assert c.api.get("pods", "p", "default")["status"]["phase"] == "Running"


# ---- CertificateSigningRequests record who asked
CSR = """apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: {name}
spec:
  request: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQlhEQ0J4Z0lCQURBZE1RMHdDd1lEVlFRRERBUnFZVzVsTVF3d0NnWURWUVFLREFOa1pYWXdnWjh3RFFZSgpLb1pJaHZjTkFRRUJCUUFEZ1kwQU1JR0pBb0dCQUsvdjRrbnpiQ28wSjNjQzAzTGt1UTZ4T08xaFFQQ0huUHBHClNTbTdTNGZmOC8yOFMxRzZ3SUg3MThGR1JwaW42VjYyNng0WU5SZGxLMUNReXhsTWZ3N3p1M2poMnR3bXY3OWQKOHVuTGE3YzQxYTdzcGNsMDhwREtaOUVqNVFoZURnV011b2lWSzcyOW5aeDRRdUlGUUUyWCtzYllkS3MzSjNlZgpIUmFVNGwxYkFnTUJBQUdnQURBTkJna3Foa2lHOXcwQkFRc0ZBQU9CZ1FCVlFLaGcrZkk3dnVTZWNkb0NNalZUCkZFMExZbUJhYVB4SytvWTd1RzBCQUZrZDhYR0g1SHRKNVAxWWZkRnd3Qm13NUNXZWlSU3RwLzFHV0ZtV05XNjIKV0JHZm5Zb0ZwQlFIUVJxQkJyQjlaTWJESVFXM21lcnlOSElRQ3c3RkdRbGJ1ajgvNytWbXpGVkYwMDRKUlVZZgptTUY0djlBemhnYS8zVjNHR2hoZEF3PT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==
  signerName: kubernetes.io/kube-apiserver-client
  username: someone-else
  groups: [system:masters]
  usages: [client auth]
"""


def test_a_csr_records_the_requesting_user():
    c = Cluster(workers=0, wait=False)
    assert run(c, "create clusterrole csr --verb=create,get,patch --resource=certificatesigningrequests")[2] == 0
    assert run(c, "create clusterrolebinding csr --clusterrole=csr --user=jane --group=devs")[2] == 0
    assert c.kubectl("apply -f - --as=jane", stdin=CSR.format(name="by-jane")).exit_code == 0
    spec = c.api.get("certificatesigningrequests", "by-jane")["spec"]
    assert (spec["username"], spec["groups"], "uid" in spec, "extra" in spec) == (
        "jane", ["system:authenticated"], False, False)
    assert c.kubectl("create -f - --as=sam --as-group=devs --as-uid=1234", stdin=CSR.format(name="by-sam")).exit_code == 0
    spec = c.api.get("certificatesigningrequests", "by-sam")["spec"]
    assert (spec["username"], spec["uid"], spec["groups"]) == ("sam", "1234", ["devs", "system:authenticated"])
    assert c.kubectl("apply -f -", stdin=CSR.format(name="by-admin")).exit_code == 0
    spec = c.api.get("certificatesigningrequests", "by-admin")["spec"]
    assert (spec["username"], spec["groups"]) == ("kubernetes-admin", ["kubeadm:cluster-admins", "system:authenticated"])
    [credential] = spec["extra"]["authentication.kubernetes.io/credential-id"]
    assert credential.startswith("X509SHA256=") and len(credential) == 75
    rows = [line.split()[:4:3] for line in run(c, "get csr")[0].splitlines()[1:]]
    assert rows == [["by-admin", "kubernetes-admin"], ["by-jane", "jane"], ["by-sam", "sam"]]
    # a server-side apply that creates one records its requester as well
    r = c.kubectl("apply --server-side -f - --as=jane", stdin=CSR.format(name="ssa"))
    assert r.exit_code == 0, r.stderr
    assert c.api.get("certificatesigningrequests", "ssa")["spec"]["username"] == "jane"


# ---- kubectl top with the view role
SSAR = """apiVersion: authorization.k8s.io/v1
kind: SelfSubjectAccessReview
spec:
  resourceAttributes: {group: metrics.k8s.io, resource: pods, verb: list, namespace: kube-system}
"""


def test_view_users_read_metrics_through_the_aggregated_role():
    c = Cluster(workers=1)
    role = c.api.get("clusterroles", "system:aggregated-metrics-reader")
    assert role["metadata"]["labels"] == {
        "k8s-app": "metrics-server", "rbac.authorization.k8s.io/aggregate-to-admin": "true",
        "rbac.authorization.k8s.io/aggregate-to-edit": "true", "rbac.authorization.k8s.io/aggregate-to-view": "true"}
    assert role["rules"] == [{"apiGroups": ["metrics.k8s.io"], "resources": ["pods", "nodes"],
                              "verbs": ["get", "list", "watch"]}]
    metrics_rule = role["rules"][0]
    for name in ("view", "edit", "admin"):  # as the clusterrole-aggregation controller leaves them
        assert c.api.get("clusterroles", name)["rules"].count(metrics_rule) == 1
    assert c.api.get("clusterroles", "view")["rules"][-1] == metrics_rule
    assert run(c, "create clusterrolebinding jane-view --clusterrole=view --user=jane")[2] == 0
    c.advance(30)
    out, err, code = run(c, "top pods -n kube-system --as=jane")
    assert (out.splitlines()[0].split(), err, code) == (["NAME", "CPU(cores)", "MEMORY(bytes)"], "", 0)
    review = c.kubectl("create -o jsonpath={.status.allowed} -f - --as=jane", stdin=SSAR)
    assert (review.stdout, review.stderr, review.exit_code) == ("true", "", 0)
    assert run(c, "top pods --as=bob") == forbidden(
        'pods.metrics.k8s.io is forbidden: User "bob" cannot list resource "pods" in API group "metrics.k8s.io" '
        'in the namespace "default"')
    # top node also lists the Nodes themselves, which view does not grant
    assert run(c, "top nodes --as=jane") == forbidden(
        'nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope')


def test_a_cluster_without_addons_has_no_metrics_role():
    c = Cluster(workers=0, wait=False, addons=False)
    assert run(c, "get clusterrole system:aggregated-metrics-reader") == (
        "", 'Error from server (NotFound): clusterroles.rbac.authorization.k8s.io '
        '"system:aggregated-metrics-reader" not found\n', 1)


# ---- the authorizer sees every RBAC change at once
def test_rbac_changes_apply_to_the_next_request():
    c = Cluster(workers=0, wait=False)
    assert run(c, "create namespace dev")[2] == 0
    assert run(c, "create role read -n dev --verb=list --resource=configmaps")[2] == 0
    assert run(c, "create rolebinding read -n dev --role=read --user=jane")[2] == 0
    assert run(c, "get configmaps -n dev --as=jane")[2] == 0
    assert run(c, "get configmaps -n default --as=jane")[2] == 1
    assert run(c, """patch role read -n dev --type=json -p '[{"op": "replace", "path": "/rules/0/verbs", """
                  """"value": ["get"]}]'""")[2] == 0
    assert run(c, "get configmaps -n dev --as=jane") == forbidden(
        'configmaps is forbidden: User "jane" cannot list resource "configmaps" in API group "" in the namespace "dev"')
    assert run(c, "create clusterrole lister --verb=list --resource=configmaps")[2] == 0
    assert run(c, "create clusterrolebinding lister --clusterrole=lister --user=jane")[2] == 0
    assert run(c, "get configmaps -n default --as=jane")[2] == 0
    assert run(c, "delete clusterrole lister")[2] == 0
    assert run(c, "get configmaps -n default --as=jane") == forbidden(
        'configmaps is forbidden: User "jane" cannot list resource "configmaps" in API group "" in the namespace '
        '"default": RBAC: clusterrole.rbac.authorization.k8s.io "lister" not found')


def test_exec_through_the_websocket_upgrade_needs_only_get():
    c = Cluster(workers=1)
    assert c.apply(APP).exit_code == 0
    c.advance(20)
    assert run(c, "create role ro --verb=get --resource=pods")[2] == 0
    assert run(c, "create rolebinding ro --role=ro --user=jane --user=joe")[2] == 0
    assert run(c, "exec web --as=jane -- hostname") == forbidden(
        'pods "web" is forbidden: User "jane" cannot create resource "pods/exec" in API group "" in the namespace '
        '"default"')
    assert run(c, "create role ws-exec --verb=get --resource=pods/exec")[2] == 0
    assert run(c, "create rolebinding ws-exec --role=ws-exec --user=jane")[2] == 0
    assert run(c, "exec web --as=jane -- hostname") == ("web\n", "", 0)
    assert run(c, "create role spdy-exec --verb=create --resource=pods/exec")[2] == 0
    assert run(c, "create rolebinding spdy-exec --role=spdy-exec --user=joe")[2] == 0
    assert run(c, "exec web --as=joe -- hostname") == ("web\n", "", 0)
