"""The documentation's manifests validate as a v1.32 apiserver validates them (through the API)."""
import yaml

from engine import Cluster
from engine.api import ApiError

from conftest import CORPUS


# the documentation's manifests
def _corpus_documents():
    root = CORPUS / "kubernetes-website-examples"
    for path in sorted(root.rglob("*.yaml")):
        try:
            docs = list(yaml.safe_load_all(path.read_text()))
        except yaml.YAMLError:
            continue  # the tab-character files never reach the server
        for doc in docs:
            if isinstance(doc, dict) and doc.get("kind"):
                yield path.relative_to(root).as_posix(), doc


# What a v1.32 apiserver rejects among them, and why (features of later releases, removed fields, templates).
CORPUS_REJECTS = {
    "application/job/job-tmpl.yaml": 422,  # "process-item-$ITEM" is a sed template, not a name
    "controllers/job-success-policy-example.yaml": 422,  # no metadata.name
    "pods/pod-with-numeric-toleration.yaml": 422,  # operator Gt arrives after v1.32
    "pods/pod-with-node-affinity.yaml": 400,  # preferences under a required affinity term
    "pods/emptydir-volume-mode.yaml": 400,  # emptyDir.mode arrives after v1.32
    "pods/probe/grpc-liveness.yaml": 400,  # gRPC (capitalised) is not the field name
    "pods/restart-policy/restart-all-containers.yaml": 400,  # restartPolicyRules arrives after v1.32
    "service/networking/dual-stack-ipv6-lb-svc.yaml": 400,  # spec.ipFamily was removed
    "service/networking/dual-stack-ipv6-svc.yaml": 400,
}


def test_documentation_manifests_validate_as_v132_does():
    c = Cluster()
    sa = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "build-robot"}}
    c.api.create("serviceaccounts", sa, namespace="default")
    outcomes, checked = {}, 0
    for rel, doc in _corpus_documents():
        resource = c.api.registry.by_kind(doc.get("apiVersion", ""), doc["kind"])
        if resource is None:
            continue  # unserved versions and CRDs are kubectl's "no matches for kind"
        namespace = (doc.get("metadata") or {}).get("namespace") or "default"
        if resource.namespaced and namespace != "default":
            try:
                c.api.create("namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}})
            except ApiError:
                pass
        checked += 1
        try:
            c.api.create(resource, doc, namespace=namespace if resource.namespaced else None, dry_run=True)
        except ApiError as e:
            outcomes[rel] = (e.code, e.message)
    assert checked > 150
    assert {rel: code for rel, (code, _) in outcomes.items()} == CORPUS_REJECTS, outcomes
