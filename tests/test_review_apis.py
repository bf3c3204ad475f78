"""The review APIs: created, answered in the status, never stored (TokenReview, SelfSubjectReview,
SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview, SelfSubjectRulesReview)."""
import json

import pytest

from engine import Cluster


def run(c, command, stdin=None):
    r = c.kubectl(command, stdin=stdin)
    return r.stdout, r.stderr, r.exit_code


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(workers=0)
    assert run(cluster, "create rolebinding jane-view --clusterrole=view --user=jane")[2] == 0
    assert run(cluster, "create serviceaccount bot")[2] == 0
    return cluster


SSAR = """apiVersion: authorization.k8s.io/v1
kind: SelfSubjectAccessReview
spec:
  resourceAttributes:
    verb: list
    resource: pods
    namespace: default
"""


def test_self_subject_access_review_with_kubectl_create(c):
    assert run(c, "create -f - -o yaml", SSAR) == ("""apiVersion: authorization.k8s.io/v1
kind: SelfSubjectAccessReview
metadata:
  creationTimestamp: null
spec:
  resourceAttributes:
    namespace: default
    resource: pods
    verb: list
status:
  allowed: true
  reason: 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole
    "cluster-admin" to Group "kubeadm:cluster-admins"'
""", "", 0)
    assert run(c, "create -f - -o jsonpath={.status}", SSAR.replace("list", "delete") + "\n") == (
        '{"allowed":true,"reason":"RBAC: allowed by ClusterRoleBinding \\"kubeadm:cluster-admins\\" of ClusterRole '
        '\\"cluster-admin\\" to Group \\"kubeadm:cluster-admins\\""}', "", 0)
    assert run(c, "create -f - -o jsonpath={.status} --as=jane", SSAR) == (
        '{"allowed":true,"reason":"RBAC: allowed by RoleBinding \\"jane-view/default\\" of ClusterRole \\"view\\" '
        'to User \\"jane\\""}', "", 0)
    assert run(c, "create -f - -o jsonpath={.status} --as=jane", SSAR.replace("list", "delete")) == (
        '{"allowed":false}', "", 0)
    assert run(c, "create -f -", SSAR) == ("selfsubjectaccessreview.authorization.k8s.io/ created\n", "", 0)
    assert run(c, "get selfsubjectaccessreviews") == (
        "", "Error from server (MethodNotAllowed): the server does not allow this method on the requested resource\n", 1)


def test_subject_access_reviews_ask_about_someone_else(c):
    sar = {"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
           "spec": {"user": "system:serviceaccount:default:bot", "groups": ["system:serviceaccounts"],
                    "resourceAttributes": {"verb": "get", "resource": "pods", "namespace": "default"}}}
    out, err, code = run(c, "create -f - -o json", json.dumps(sar))
    assert (json.loads(out)["status"], err, code) == ({"allowed": False}, "", 0)
    sar["spec"]["user"] = "jane"
    assert json.loads(run(c, "create -f - -o json", json.dumps(sar))[0])["status"] == {
        "allowed": True, "reason": 'RBAC: allowed by RoleBinding "jane-view/default" of ClusterRole "view" to User "jane"'}
    sar["spec"] = {"nonResourceAttributes": {"verb": "get", "path": "/healthz"}, "groups": ["system:authenticated"]}
    assert json.loads(run(c, "create -f - -o json", json.dumps(sar))[0])["status"] == {
        "allowed": True, "reason": 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole '
                                   '"system:discovery" to Group "system:authenticated"'}
    sar["spec"] = {"resourceAttributes": {"verb": "get", "resource": "pods"}}
    assert run(c, "create -f -", json.dumps(sar)) == (
        "", 'The SubjectAccessReview "" is invalid: spec.user: Invalid value: "": at least one of user or group '
            "must be specified\n", 1)
    sar["spec"] = {"user": "jane"}
    assert run(c, "create -f -", json.dumps(sar)) == (
        "", 'The SubjectAccessReview "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of '
            "nonResourceAttributes or resourceAttributes must be specified\n", 1)
    # only someone allowed to create subjectaccessreviews may ask
    sar["spec"] = {"user": "jane", "resourceAttributes": {"verb": "get", "resource": "pods"}}
    assert run(c, "create -f - --as=jane", json.dumps(sar)) == (
        "", 'Error from server (Forbidden): error when creating "STDIN": subjectaccessreviews.authorization.k8s.io is '
            'forbidden: User "jane" cannot create resource "subjectaccessreviews" in API group '
            '"authorization.k8s.io" at the cluster scope\n', 1)


def test_local_subject_access_review_stays_in_its_namespace(c):
    lsar = {"apiVersion": "authorization.k8s.io/v1", "kind": "LocalSubjectAccessReview",
            "metadata": {"namespace": "default"},
            "spec": {"user": "jane", "resourceAttributes": {"verb": "list", "resource": "pods", "namespace": "default"}}}
    out, err, code = run(c, "create -f - -o json", json.dumps(lsar))
    assert (json.loads(out)["metadata"], json.loads(out)["status"]["allowed"], code) == (
        {"creationTimestamp": None, "namespace": "default"}, True, 0)
    lsar["spec"]["resourceAttributes"]["namespace"] = "kube-system"
    assert run(c, "create -f -", json.dumps(lsar)) == (
        "", 'Error from server (BadRequest): error when creating "STDIN": spec.resourceAttributes.namespace must '
            "match namespace: default\n", 1)


def test_self_subject_rules_review_and_self_subject_review(c):
    ssrr = {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectRulesReview", "spec": {"namespace": "default"}}
    review = json.loads(run(c, "create -f - -o json --as=jane", json.dumps(ssrr))[0])
    assert review["spec"] == {} and review["status"]["incomplete"] is False
    assert review["status"]["resourceRules"][0] == {"verbs": ["create"], "apiGroups": ["authorization.k8s.io"],
                                                    "resources": ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]}
    assert {"verbs": ["get"], "nonResourceURLs": ["/healthz", "/livez", "/readyz", "/version", "/version/"]} \
        in review["status"]["nonResourceRules"]
    ssr = {"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"}
    assert run(c, "create -f - -o json --as=jane --as-group=dev", json.dumps(ssr)) == ("""{
    "apiVersion": "authentication.k8s.io/v1",
    "kind": "SelfSubjectReview",
    "metadata": {
        "creationTimestamp": "2025-01-01T00:00:27Z"
    },
    "status": {
        "userInfo": {
            "groups": [
                "dev",
                "system:authenticated"
            ],
            "username": "jane"
        }
    }
}
""", "", 0)


def test_token_review(c):
    token = run(c, "create token bot")[0].strip()
    review = {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": token}}
    status = json.loads(run(c, "create -f - -o json", json.dumps(review))[0])["status"]
    uid = c.api.get("serviceaccounts", "bot", "default")["metadata"]["uid"]
    assert (status["authenticated"], status["audiences"], status["user"]["username"], status["user"]["uid"],
            status["user"]["groups"]) == (
        True, ["https://kubernetes.default.svc.cluster.local"], "system:serviceaccount:default:bot", uid,
        ["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"])
    review["spec"]["token"] = token[:-2] + "xx"
    assert json.loads(run(c, "create -f - -o json", json.dumps(review))[0])["status"] == {"user": {}}
    review["spec"] = {}
    assert run(c, "create -f -", json.dumps(review)) == (
        "", 'Error from server (BadRequest): error when creating "STDIN": token is required for TokenReview in '
            "authentication\n", 1)


def test_the_apiserver_itself_answers_without_storing(c):
    before = c.api.store.revision
    review = c.api.create("selfsubjectaccessreviews", {
        "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
        "spec": {"resourceAttributes": {"verb": "delete", "resource": "nodes"}}})
    assert (review["status"], c.api.store.revision) == ({"allowed": True}, before)  # system:masters
