"""The first controllers through Cluster(wait=False): default ServiceAccounts, kube-root-ca.crt, namespace
deletion and ResourceQuota status, reconciled in virtual time; and the work queue they share."""

import pytest

from engine import Cluster
from engine.api.errors import ApiError
from engine.controllers import WorkQueue
from engine.controllers.root_ca_publisher import CA_CRT, DESCRIPTION

SYSTEM = ["default", "kube-flannel", "kube-node-lease", "kube-public", "kube-system"]  # kubeadm + flannel


@pytest.fixture
def c():
    return Cluster(wait=False)


def names(c, ref, namespace=None):
    return sorted((o["metadata"].get("namespace", ""), o["metadata"]["name"]) for o in c.api.list(ref, namespace)["items"])


def ns(name):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def cm(name, namespace, **meta):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": dict(name=name, namespace=namespace, **meta), "data": {"k": "v"}}


def test_fresh_cluster_has_default_service_accounts_and_root_ca(c):
    assert c.now == 0
    assert [n for n in names(c, "serviceaccounts") if n[1] == "default"] == [(n, "default") for n in SYSTEM]
    assert [n for n in names(c, "configmaps") if n[1] == "kube-root-ca.crt"] == [(n, "kube-root-ca.crt") for n in SYSTEM]
    root = c.api.get("configmaps", "kube-root-ca.crt", "kube-system")
    assert root["metadata"]["annotations"] == {"kubernetes.io/description": DESCRIPTION}
    assert root["data"] == {"ca.crt": CA_CRT}
    assert CA_CRT.startswith("-----BEGIN CERTIFICATE-----\n") and CA_CRT.endswith("-----END CERTIFICATE-----\n")
    account = c.api.get("serviceaccounts", "default", "default")
    assert set(account) == {"apiVersion", "kind", "metadata"}


def test_controllers_run_as_their_own_service_accounts(c):
    accounts = [name for ns, name in names(c, "serviceaccounts", "kube-system")]
    assert len(accounts) == 36 and "default" in accounts  # 33 controllers', default, coredns, kube-proxy
    assert "coredns" in accounts and "kube-proxy" in accounts
    for name in ("namespace-controller", "replicaset-controller", "generic-garbage-collector", "root-ca-cert-publisher",
                 "bootstrap-signer", "validatingadmissionpolicy-status-controller"):
        assert name in accounts
    assert names(c, "serviceaccounts", "default") == [("default", "default")]


def test_namespace_finalizer_and_new_namespace_content(c):
    created = c.api.create("namespaces", ns("team"))
    assert created["spec"] == {"finalizers": ["kubernetes"]}
    c.advance(0)
    assert names(c, "serviceaccounts", "team") == [("team", "default")]
    assert names(c, "configmaps", "team") == [("team", "kube-root-ca.crt")]


def test_pod_in_brand_new_namespace_finds_its_default_account(c):
    c.api.create("namespaces", ns("team"))
    body = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "team"},
            "spec": {"containers": [{"name": "a", "image": "nginx"}]}}
    assert c.api.create("pods", body)["spec"]["serviceAccountName"] == "default"
    assert c.now == 0


def test_default_service_account_is_recreated(c):
    old = c.api.get("serviceaccounts", "default", "default")
    c.api.delete("serviceaccounts", "default", "default")
    c.advance(1)
    new = c.api.get("serviceaccounts", "default", "default")
    assert new["metadata"]["uid"] != old["metadata"]["uid"]


def test_root_ca_config_map_is_restored(c):
    c.api.delete("configmaps", "kube-root-ca.crt", "default")
    c.advance(1)
    assert c.api.get("configmaps", "kube-root-ca.crt", "default")["data"] == {"ca.crt": CA_CRT}
    c.api.patch("configmaps", "kube-root-ca.crt", {"data": {"ca.crt": "forged"}}, namespace="default")
    c.advance(1)
    assert c.api.get("configmaps", "kube-root-ca.crt", "default")["data"] == {"ca.crt": CA_CRT}


def test_deleting_a_namespace_empties_and_removes_it(c):
    c.api.create("namespaces", ns("team"))
    c.api.create("configmaps", cm("settings", "team"))
    c.api.create("secrets", {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "team"}})
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "team"},
                          "spec": {"containers": [{"name": "a", "image": "nginx"}]}})
    deleted = c.api.delete("namespaces", "team")
    assert deleted["status"]["phase"] == "Terminating"
    assert deleted["metadata"]["deletionTimestamp"] == "2025-01-01T00:00:00Z"
    c.advance(1)
    with pytest.raises(ApiError) as info:
        c.api.get("namespaces", "team")
    assert info.value.code == 404
    for ref in ("configmaps", "secrets", "pods", "serviceaccounts"):
        assert c.api.list(ref, "team")["items"] == []


def test_namespace_waits_for_finalizers_and_reports_them(c):
    c.api.create("namespaces", ns("team"))
    c.api.create("configmaps", cm("held", "team", finalizers=["example.com/hold"]))
    c.api.delete("namespaces", "team")
    c.advance(1)
    live = c.api.get("namespaces", "team")
    assert live["status"]["phase"] == "Terminating"
    conditions = {x["type"]: (x["status"], x["reason"], x["message"]) for x in live["status"]["conditions"]}
    assert [x["type"] for x in live["status"]["conditions"]] == [
        "NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure",
        "NamespaceDeletionContentFailure", "NamespaceContentRemaining", "NamespaceFinalizersRemaining"]
    assert conditions == {
        "NamespaceDeletionDiscoveryFailure": ("False", "ResourcesDiscovered", "All resources successfully discovered"),
        "NamespaceDeletionGroupVersionParsingFailure": ("False", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        "NamespaceDeletionContentFailure": ("False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        "NamespaceContentRemaining": ("True", "SomeResourcesRemain", "Some resources are remaining: configmaps. has 1 resource instances"),
        "NamespaceFinalizersRemaining": ("True", "SomeFinalizersRemain",
                                         "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"),
    }
    with pytest.raises(ApiError) as info:
        c.api.delete("namespaces", "team")
    assert info.value.code == 409 and info.value.message == (
        'Operation cannot be fulfilled on namespaces "team": The system is ensuring all content is removed from this '
        'namespace.  Upon completion, this namespace will automatically be purged by the system.')
    c.api.patch("configmaps", "held", {"metadata": {"finalizers": None}}, namespace="team",
                patch_type="application/merge-patch+json")
    c.advance(20)
    with pytest.raises(ApiError):
        c.api.get("namespaces", "team")


def test_quota_status_follows_objects(c):
    c.api.create("resourcequotas", {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q"},
                                    "spec": {"hard": {"configmaps": "10", "secrets": "10"}}})
    c.advance(0)
    assert c.api.get("resourcequotas", "q")["status"] == {"hard": {"configmaps": "10", "secrets": "10"},
                                                          "used": {"configmaps": "1", "secrets": "0"}}
    c.api.create("secrets", {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}})
    assert c.api.get("resourcequotas", "q")["status"]["used"]["secrets"] == "1"
    c.api.delete("secrets", "s")
    c.advance(1)
    assert c.api.get("resourcequotas", "q")["status"]["used"]["secrets"] == "0"
    c.api.patch("resourcequotas", "q", {"spec": {"hard": {"secrets": None, "pods": "3"}}},
                patch_type="application/merge-patch+json")
    c.advance(1)
    assert c.api.get("resourcequotas", "q")["status"] == {"hard": {"configmaps": "10", "pods": "3"},
                                                          "used": {"configmaps": "1", "pods": "0"}}


def test_work_queue_deduplicates_and_requeues_keys_added_while_processing():
    q = WorkQueue()
    q.add("a")
    q.add("b")
    q.add("a")
    assert len(q) == 2
    key = q.get()
    assert key == "a" and not q.idle()
    q.add("a")  # changed again while being synced: once more afterwards, not concurrently
    assert len(q) == 1
    q.done("a")
    assert [q.get(), q.get()] == ["b", "a"]
    q.done("b")
    q.done("a")
    assert q.idle()


def test_claim_in_use_waits_for_its_pod(c):
    c.api.create("persistentvolumeclaims", {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
                                            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}})
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "user"},
                          "spec": {"nodeName": "worker-1", "containers": [{"name": "a", "image": "nginx"}],
                                   "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "data"}}]}})
    c.api.delete("persistentvolumeclaims", "data")
    c.advance(5)
    held = c.api.get("persistentvolumeclaims", "data")
    assert held["metadata"]["deletionTimestamp"] and held["metadata"]["finalizers"] == ["kubernetes.io/pvc-protection"]
    c.api.delete("pods", "user", grace_period_seconds=0)
    c.advance(1)
    with pytest.raises(ApiError):
        c.api.get("persistentvolumeclaims", "data")


def test_unused_claim_is_deleted_at_once(c):
    c.api.create("persistentvolumeclaims", {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
                                            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}})
    c.api.delete("persistentvolumeclaims", "data")
    c.advance(0)
    assert c.api.list("persistentvolumeclaims")["items"] == []


def test_same_seed_same_cluster_state_byte_for_byte():
    def run():
        c = Cluster(wait=False, seed=3)
        c.api.create("namespaces", ns("team"))
        c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "team"},
                              "spec": {"containers": [{"name": "a", "image": "nginx"}]}})
        c.api.create("configmaps", cm("held", "team", finalizers=["example.com/hold"]))
        c.api.delete("namespaces", "team")
        c.advance(30)
        return [(kv.key, kv.value, kv.mod_revision) for kv in c.store.range("/registry/", prefix=True)]
    assert run() == run()


def test_namespace_finalizers_change_only_through_finalize(c):
    c.api.create("namespaces", ns("team"))
    c.api.patch("namespaces", "team", {"spec": {"finalizers": []}, "metadata": {"labels": {"a": "b"}}},
                patch_type="application/merge-patch+json")
    live = c.api.get("namespaces", "team")
    assert live["spec"] == {"finalizers": ["kubernetes"]} and live["metadata"]["labels"]["a"] == "b"
    c.api.update("namespaces", dict(live, spec={"finalizers": []}), subresource="finalize")
    assert c.api.get("namespaces", "team")["spec"] == {}


def test_controller_retries_api_errors_with_backoff_and_rechecks_when_asked():
    from engine.controllers import Controller, ControllerManager
    from engine.controllers.base import controller_ref

    c = Cluster(wait=False)
    calls = []

    class Flaky(Controller):
        name = "flaky"

        def setup(self):
            self.watch("configmaps", lambda kind, cm: self.enqueue(cm["metadata"]["name"]), replay=False)

        def sync(self, key):
            calls.append((key, round(self.clock.now, 3)))
            if len(calls) < 3:
                raise ApiError(409, "Conflict", "try again")
            return 10 if len(calls) == 3 else None

    manager = ControllerManager(c.api, c.clock, controllers=[Flaky]).start()
    c.api.create("configmaps", cm("x", "default"))
    manager.settle()
    c.advance(20)
    assert calls == [("x", 0.0), ("x", 0.005), ("x", 0.015), ("x", 10.015)]
    assert controller_ref({"metadata": {"ownerReferences": [{"name": "a"}, {"name": "b", "controller": True}]}}) == \
        {"name": "b", "controller": True}
