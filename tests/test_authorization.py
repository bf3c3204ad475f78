"""Every kubectl request carries a user (the kubeconfig's credentials, --as impersonation) and the API server
authorizes it with RBAC: the Forbidden messages of kube-apiserver v1.32, Unauthorized for bad credentials."""
import base64
import hashlib

import pytest

from engine import Cluster

# openssl req -new -subj "/CN=jane/O=dev": a PKCS#10 request for user jane in group dev
JANE_REQUEST = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQlhEQ0J4Z0lCQURBZE1RMHdDd1lEVlFRRERBUnFZVzVsTVF3d0NnWURWUVFLREFOa1pYWXdnWjh3RFFZSgpLb1pJaHZjTkFRRUJCUUFEZ1kwQU1JR0pBb0dCQUsvdjRrbnpiQ28wSjNjQzAzTGt1UTZ4T08xaFFQQ0huUHBHClNTbTdTNGZmOC8yOFMxRzZ3SUg3MThGR1JwaW42VjYyNng0WU5SZGxLMUNReXhsTWZ3N3p1M2poMnR3bXY3OWQKOHVuTGE3YzQxYTdzcGNsMDhwREtaOUVqNVFoZURnV011b2lWSzcyOW5aeDRRdUlGUUUyWCtzYllkS3MzSjNlZgpIUmFVNGwxYkFnTUJBQUdnQURBTkJna3Foa2lHOXcwQkFRc0ZBQU9CZ1FCVlFLaGcrZkk3dnVTZWNkb0NNalZUCkZFMExZbUJhYVB4SytvWTd1RzBCQUZrZDhYR0g1SHRKNVAxWWZkRnd3Qm13NUNXZWlSU3RwLzFHV0ZtV05XNjIKV0JHZm5Zb0ZwQlFIUVJxQkJyQjlaTWJESVFXM21lcnlOSElRQ3c3RkdRbGJ1ajgvNytWbXpGVkYwMDRKUlVZZgptTUY0djlBemhnYS8zVjNHR2hoZEF3PT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg=="
CSR = f"""apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: jane
spec:
  request: {JANE_REQUEST}
  signerName: kubernetes.io/kube-apiserver-client
  usages: [client auth]
"""


def run(c, command):
    r = c.kubectl(command)
    return r.stdout, r.stderr, r.exit_code


def forbidden(text):
    return "", f"Error from server (Forbidden): {text}\n", 1


@pytest.fixture
def c():
    cluster = Cluster(workers=1)
    assert run(cluster, "create deployment web --image=nginx")[2] == 0
    cluster.advance(5)
    return cluster


def test_requests_as_another_user_are_authorized_with_rbac(c):
    assert run(c, "get pods --as=jane") == forbidden(
        'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"')
    assert run(c, "get nodes --as=jane") == forbidden(
        'nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope')
    assert run(c, "get deploy web --as=jane") == forbidden(
        'deployments.apps "web" is forbidden: User "jane" cannot get resource "deployments" in API group "apps" '
        'in the namespace "default"')
    assert run(c, "create rolebinding jane-view --clusterrole=view --user=jane")[2] == 0
    out, err, code = run(c, "get deploy --as=jane")
    assert (out.split("\n")[0].split(), err, code) == (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], "", 0)
    assert run(c, "get pods -n kube-system --as=jane") == forbidden(
        'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "kube-system"')
    assert run(c, "scale deploy web --replicas=3 --as=jane") == forbidden(
        'deployments.apps "web" is forbidden: User "jane" cannot patch resource "deployments/scale" in API group '
        '"apps" in the namespace "default"')
    assert run(c, "delete deploy web --as=jane") == forbidden(
        'deployments.apps "web" is forbidden: User "jane" cannot delete resource "deployments" in API group "apps" '
        'in the namespace "default"')
    assert run(c, "create configmap x --as=jane") == (  # (create configmap wraps the server's error)
        "", 'error: failed to create configmap: configmaps is forbidden: User "jane" cannot create resource '
        '"configmaps" in API group "" in the namespace "default"\n', 1)
    pod = c.api.list("pods", "default")["items"][0]["metadata"]["name"]
    assert run(c, f"exec {pod} --as=jane -- ls") == forbidden(
        f'pods "{pod}" is forbidden: User "jane" cannot create resource "pods/exec" in API group "" '
        'in the namespace "default"')
    assert run(c, f"logs {pod} --as=jane")[2] == 0  # the view role reads pods/log
    # the metrics API behind the aggregator is authorized too: view aggregates metrics-server's
    # system:aggregated-metrics-reader, so jane gets past RBAC (to no metrics yet), but not cluster-wide
    assert run(c, "top pods --as=jane") == ("", "error: metrics not available yet\n", 1)
    assert run(c, "top node --as=jane") == forbidden(
        'nodes.metrics.k8s.io is forbidden: User "jane" cannot list resource "nodes" in API group "metrics.k8s.io" '
        'at the cluster scope')


def test_groups_and_service_accounts(c):
    assert run(c, "create rolebinding devs --clusterrole=edit --group=dev")[2] == 0
    assert run(c, "get pods --as=jane --as-group=dev")[2] == 0
    assert run(c, "get pods --as=jane --as-group=qa") == forbidden(
        'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"')
    assert run(c, "create rolebinding bot --clusterrole=view --serviceaccount=default:bot")[2] == 0
    assert run(c, "get deploy --as=system:serviceaccount:default:bot -o name") == ("deployment.apps/web\n", "", 0)
    assert run(c, "delete deploy web --as=system:serviceaccount:default:bot") == forbidden(
        'deployments.apps "web" is forbidden: User "system:serviceaccount:default:bot" cannot delete resource '
        '"deployments" in API group "apps" in the namespace "default"')


def test_a_binding_to_a_missing_role_is_the_reason(c):
    assert run(c, "create rolebinding ghost --role=ghost --user=bob")[2] == 0
    assert run(c, "get pods --as=bob") == forbidden(
        'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default": '
        'RBAC: role.rbac.authorization.k8s.io "ghost" not found')
    assert run(c, "auth can-i get pods --as=bob") == ('no - RBAC: role.rbac.authorization.k8s.io "ghost" not found\n', "", 1)


def test_a_service_account_token_in_the_kubeconfig(c):
    assert run(c, "create serviceaccount bot")[2] == 0
    token = run(c, "create token bot")[0].strip()
    assert run(c, f"config set-credentials bot --token={token}") == ('User "bot" set.\n', "", 0)
    uid = c.api.get("serviceaccounts", "bot", "default")["metadata"]["uid"]
    out, err, code = run(c, "--user=bot auth whoami")
    assert out.split("\n")[:4] == [
        "ATTRIBUTE                                           VALUE",
        "Username                                            system:serviceaccount:default:bot",
        f"UID                                                 {uid}",
        "Groups                                              [system:serviceaccounts system:serviceaccounts:default "
        "system:authenticated]"]
    assert out.split("\n")[4].startswith("Extra: authentication.kubernetes.io/credential-id   [JTI=")
    assert run(c, "--user=bot get pods") == forbidden(
        'pods is forbidden: User "system:serviceaccount:default:bot" cannot list resource "pods" in API group "" '
        'in the namespace "default"')
    # impersonation itself is authorized: the impersonate verb on users, groups, serviceaccounts
    assert run(c, "--user=bot get pods --as=jane") == forbidden(
        'users "jane" is forbidden: User "system:serviceaccount:default:bot" cannot impersonate resource "users" '
        'in API group "" at the cluster scope')
    assert run(c, "--user=bot get pods --as=system:serviceaccount:dev:x") == forbidden(
        'serviceaccounts "x" is forbidden: User "system:serviceaccount:default:bot" cannot impersonate resource '
        '"serviceaccounts" in API group "" in the namespace "dev"')
    assert run(c, "create clusterrole impersonator --verb=impersonate --resource=users --resource-name=jane")[2] == 0
    assert run(c, "create clusterrolebinding bot-impersonates --clusterrole=impersonator "
                  "--serviceaccount=default:bot")[2] == 0
    assert run(c, "--user=bot auth whoami --as=jane") == (
        "ATTRIBUTE   VALUE\nUsername    jane\nGroups      [system:authenticated]\n", "", 0)
    assert run(c, "--user=bot get pods --as=jane --as-uid=42") == forbidden(
        'uids.authentication.k8s.io "42" is forbidden: User "system:serviceaccount:default:bot" cannot impersonate '
        'resource "uids" in API group "authentication.k8s.io" at the cluster scope')
    assert run(c, "--user=bot get pods --as=jane --as-group=dev") == forbidden(
        'groups "dev" is forbidden: User "system:serviceaccount:default:bot" cannot impersonate resource "groups" '
        'in API group "" at the cluster scope')
    # the token dies with its account, and when it expires (an hour)
    c.advance(3600)
    assert run(c, "--user=bot get pods") == ("", "error: You must be logged in to the server (Unauthorized)\n", 1)


def test_bad_credentials_and_missing_users(c, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(c, "config set-credentials j --client-certificate=j.crt --client-key=j.key")[2] == 0
    assert run(c, "--user=j get pods") == ("", f"""Error in configuration: 
* unable to read client-cert {tmp_path}/j.crt for j due to open {tmp_path}/j.crt: no such file or directory
* unable to read client-key {tmp_path}/j.key for j due to open {tmp_path}/j.key: no such file or directory
""", 1)
    assert run(c, "config set-credentials bad --token=abc")[2] == 0
    assert run(c, "--user=bad get pods") == ("", "error: You must be logged in to the server (Unauthorized)\n", 1)
    assert run(c, "--user=nobody get pods") == ("", 'error: auth info "nobody" does not exist\n', 1)
    assert run(c, "get pods --as-group=dev") == (
        "", "error: requesting uid, groups or user-extra for kubernetes-admin without impersonating a user\n", 1)
    assert run(c, "config set-credentials empty")[2] == 0
    assert run(c, "--user=empty get pods") == ("Please enter Username: ", "error: EOF\n", 1)


def test_a_client_certificate_the_cluster_signed(c, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert c.apply(CSR).exit_code == 0
    assert run(c, "certificate approve jane")[2] == 0
    c.advance(1)
    pem = base64.b64decode(c.api.get("certificatesigningrequests", "jane")["status"]["certificate"])
    (tmp_path / "jane.crt").write_bytes(pem)
    (tmp_path / "jane.key").write_text("(the key stays with jane)\n")
    assert run(c, "config set-credentials jane --client-certificate=jane.crt --client-key=jane.key --embed-certs")[2] == 0
    assert run(c, "config set-context jane --cluster=kubernetes --user=jane")[2] == 0
    der = base64.b64decode("".join(pem.decode().splitlines()[1:-1]))
    assert run(c, "--context=jane auth whoami") == (
        "ATTRIBUTE                                           VALUE\n"
        "Username                                            jane\n"
        "Groups                                              [dev system:authenticated]\n"
        "Extra: authentication.kubernetes.io/credential-id   "
        f"[X509SHA256={hashlib.sha256(der).hexdigest()}]\n", "", 0)
    assert run(c, "--context=jane get pods") == forbidden(
        'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"')
    assert run(c, "create rolebinding devs --clusterrole=view --group=dev")[2] == 0
    assert run(c, "--context=jane get deploy -o name") == ("deployment.apps/web\n", "", 0)
    # a certificate the cluster CA did not sign proves nothing
    (tmp_path / "self.crt").write_text(pem.decode().replace("A", "B", 40))
    assert run(c, "config set-credentials mallory --client-certificate=self.crt")[2] == 0
    assert run(c, "--user=mallory get pods") == ("", "error: You must be logged in to the server (Unauthorized)\n", 1)


def test_the_admin_is_unchanged(c):
    assert run(c, "get deploy -o name") == ("deployment.apps/web\n", "", 0)
    assert run(c, "auth can-i '*' '*'") == ("yes\n", "", 0)
    assert run(c, "get pods --as=admin --as-group=system:masters -o name")[2] == 0
