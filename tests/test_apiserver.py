"""The API server's REST semantics through Cluster(wait=False).api: metadata, conflicts, selectors, watch,
deletion, subresources and discovery."""
import pytest

from engine import Cluster
from engine.api import ApiError


def cm(name, namespace=None, labels=None, data=None, **meta):
    obj = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, **meta}, "data": data or {"k": "v"}}
    if namespace:
        obj["metadata"]["namespace"] = namespace
    if labels:
        obj["metadata"]["labels"] = labels
    return obj


@pytest.fixture
def c():
    return Cluster(wait=False, workers=1, seed=0)


def error_of(call, *args, **kwargs):
    with pytest.raises(ApiError) as info:
        call(*args, **kwargs)
    return info.value


def test_create_sets_server_metadata(c):
    created = c.api.create("configmaps", cm("app-config"))
    meta = created["metadata"]
    assert meta["namespace"] == "default"
    assert meta["creationTimestamp"] == "2025-01-01T00:00:00Z"
    assert len(meta["uid"]) == 36 and meta["uid"][14] == "4"
    assert int(meta["resourceVersion"]) == c.store.revision
    assert "generation" not in meta  # ConfigMaps have no generation
    assert c.api.get("configmaps", "app-config", "default") == created


def test_same_seed_same_uids_and_names():
    a, b = Cluster(wait=False, seed=7), Cluster(wait=False, seed=7)
    for cluster in (a, b):
        cluster.api.create("configmaps", cm("", generateName="web-"))
    names = [x.api.list("configmaps", "default")["items"][-1]["metadata"] for x in (a, b)]
    assert names[0]["name"] == names[1]["name"] and names[0]["uid"] == names[1]["uid"]


def test_generate_name_uses_kubernetes_suffix_alphabet(c):
    obj = c.api.create("configmaps", cm("", generateName="web-"))
    name = obj["metadata"]["name"]
    assert name.startswith("web-") and len(name) == 9
    assert set(name[4:]) <= set("bcdfghjklmnpqrstvwxz2456789")


def test_already_exists_and_not_found(c):
    c.api.create("configmaps", cm("x"))
    err = error_of(c.api.create, "configmaps", cm("x"))
    assert (err.code, err.reason, err.message) == (409, "AlreadyExists", 'configmaps "x" already exists')
    err = error_of(c.api.get, "deployments", "nope")
    assert (err.code, err.reason, err.message) == (404, "NotFound", 'deployments.apps "nope" not found')
    assert err.status["details"] == {"name": "nope", "group": "apps", "kind": "deployments"}


def test_stale_update_is_a_conflict(c):
    first = c.api.create("configmaps", cm("x"))
    fresh = dict(first, data={"k": "new"})
    c.api.update("configmaps", fresh)
    stale = dict(first, data={"k": "stale"})
    err = error_of(c.api.update, "configmaps", stale)
    assert err.code == 409 and err.reason == "Conflict"
    assert err.message == ('Operation cannot be fulfilled on configmaps "x": the object has been modified; '
                           'please apply your changes to the latest version and try again')
    assert c.api.get("configmaps", "x")["data"] == {"k": "new"}


def test_noop_update_does_not_bump_resource_version(c):
    first = c.api.create("configmaps", cm("x"))
    again = c.api.update("configmaps", first)
    assert again["metadata"]["resourceVersion"] == first["metadata"]["resourceVersion"]


def test_namespace_mismatch_is_bad_request(c):
    err = error_of(c.api.create, "configmaps", cm("x", namespace="kube-system"), namespace="default")
    assert (err.code, err.message) == (400, "the namespace of the provided object does not match the namespace sent on the request")


def test_cluster_scoped_objects_have_no_namespace(c):
    ns = c.api.create("namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}})
    assert "namespace" not in ns["metadata"]
    assert c.store.get("/registry/namespaces/team-a") is not None


def test_etcd_keys_follow_the_real_layout(c):
    c.api.create("configmaps", cm("x"))
    keys = [kv.key for kv in c.store.range("/registry/", prefix=True)]
    assert "/registry/configmaps/default/x" in keys
    assert "/registry/services/specs/default/kubernetes" in keys
    assert "/registry/minions/worker-1" in keys
    assert "/registry/namespaces/kube-system" in keys
    assert "/registry/leases/kube-node-lease/worker-1" in keys


def test_list_by_namespace_and_label_selectors(c):
    c.api.create("namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "other"}})
    c.api.create("configmaps", cm("a", labels={"app": "web", "tier": "front"}))
    c.api.create("configmaps", cm("b", labels={"app": "web", "tier": "back"}))
    c.api.create("configmaps", cm("c", labels={"app": "db"}))
    c.api.create("configmaps", cm("d", namespace="other", labels={"app": "web"}))

    def names(**kw):
        return [(i["metadata"]["namespace"], i["metadata"]["name"]) for i in c.api.list("configmaps", **kw)["items"]
                if i["metadata"]["name"] in "abcd"]

    assert names(namespace="default") == [("default", "a"), ("default", "b"), ("default", "c")]
    assert names(label_selector="app=web") == [("default", "a"), ("default", "b"), ("other", "d")]
    assert names(namespace="default", label_selector="app=web,tier!=back") == [("default", "a")]
    assert names(label_selector="tier in (front,back)") == [("default", "a"), ("default", "b")]
    assert names(label_selector="app,!tier") == [("default", "c"), ("other", "d")]
    assert names(label_selector="app notin (web)") == [("default", "c")]
    assert names(namespace="default", field_selector="metadata.name=b") == [("default", "b")]
    lst = c.api.list("configmaps", namespace="default")
    assert lst["kind"] == "ConfigMapList" and lst["apiVersion"] == "v1"
    assert lst["metadata"]["resourceVersion"] == str(c.store.revision)


def test_bad_selectors_are_bad_requests(c):
    err = error_of(c.api.list, "pods", field_selector="spec.foo=bar")
    assert (err.code, err.message) == (400, "field label not supported: spec.foo")
    err = error_of(c.api.list, "pods", label_selector="app in web")
    assert err.code == 400


def test_watch_streams_events_and_replays_from_a_resource_version(c):
    start = c.store.revision
    c.api.create("configmaps", cm("before"))
    seen = []
    c.api.watch("configmaps", lambda t, o: seen.append((t, o["metadata"]["name"])), namespace="default",
                resource_version=str(start))
    obj = c.api.create("configmaps", cm("live", labels={"a": "b"}))
    c.api.update("configmaps", dict(obj, data={"k": "2"}))
    c.api.delete("configmaps", "live")
    assert seen == [("ADDED", "before"), ("ADDED", "live"), ("MODIFIED", "live"), ("DELETED", "live")]


def test_watch_filters_by_label_and_can_stop(c):
    seen = []
    w = c.api.watch("configmaps", lambda t, o: seen.append(o["metadata"]["name"]), label_selector="app=web")
    c.api.create("configmaps", cm("a", labels={"app": "web"}))
    c.api.create("configmaps", cm("b", labels={"app": "db"}))
    w.stop()
    c.api.create("configmaps", cm("c", labels={"app": "web"}))
    assert seen == ["a"]


def test_watch_from_a_compacted_revision_is_410_expired(c):
    old = c.store.revision
    for i in range(3):
        c.api.create("configmaps", cm(f"x{i}"))
    c.store.compact(c.store.revision)
    err = error_of(c.api.watch, "configmaps", lambda t, o: None, resource_version=str(old))
    assert err.code == 410 and err.reason == "Expired"
    assert err.message == f"too old resource version: {old} ({c.store.revision})"


def test_the_apiserver_compacts_history_every_five_minutes(c):
    """Each tick compacts to the revision the previous tick saw, as kube-apiserver's compactor does."""
    at_boot = c.store.revision
    c.advance(299)
    assert c.store.compact_revision == 0
    c.advance(2)
    first = c.store.compact_revision
    assert 0 < first <= at_boot
    seen = c.store.revision
    c.advance(300)
    assert first < c.store.compact_revision <= seen


def test_generation_counts_spec_changes_only(c):
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
           "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                    "template": {"metadata": {"labels": {"app": "web"}},
                                 "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}}
    created = c.api.create("deployments", dep)
    assert created["metadata"]["generation"] == 1
    labelled = c.api.patch("deployments", "web", {"metadata": {"labels": {"x": "y"}}}, "application/merge-patch+json")
    assert labelled["metadata"]["generation"] == 1
    scaled = c.api.patch("deployments", "web", {"spec": {"replicas": 3}}, "application/merge-patch+json")
    assert scaled["metadata"]["generation"] == 2


def test_status_subresource_is_separate_from_spec(c):
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
           "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                    "template": {"metadata": {"labels": {"app": "web"}},
                                 "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}}
    c.api.create("deployments", dep)
    c.api.patch("deployments", "web", {"status": {"replicas": 9}, "spec": {"replicas": 5}}, "application/merge-patch+json")
    got = c.api.get("deployments", "web")
    assert got["spec"]["replicas"] == 5 and got["status"].get("replicas") is None
    c.api.patch("deployments", "web", {"status": {"replicas": 2}, "spec": {"replicas": 7}},
                "application/merge-patch+json", subresource="status")
    got = c.api.get("deployments", "web")
    assert got["spec"]["replicas"] == 5 and got["status"]["replicas"] == 2


def test_scale_subresource(c):
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
           "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                    "template": {"metadata": {"labels": {"app": "web"}},
                                 "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}}
    c.api.create("deployments", dep)
    scale = c.api.get_scale("deployments", "web")
    assert scale["kind"] == "Scale" and scale["apiVersion"] == "autoscaling/v1"
    assert scale["spec"] == {"replicas": 2} and scale["status"]["selector"] == "app=web"
    c.api.update_scale("deployments", "web", {"spec": {"replicas": 4}})
    assert c.api.get("deployments", "web")["spec"]["replicas"] == 4
    err = error_of(c.api.update_scale, "deployments", "web", {"spec": {"replicas": -1}})
    assert err.code == 422
    assert err.message == 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0'


def pod(name, node=None):
    obj = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
           "spec": {"containers": [{"name": "app", "image": "nginx"}]}}
    if node:
        obj["spec"]["nodeName"] = node
    return obj


def test_binding_assigns_a_node_once(c):
    c.api.create("pods", pod("p"))
    c.api.create("pods", {"apiVersion": "v1", "kind": "Binding", "metadata": {"name": "p"},
                          "target": {"apiVersion": "v1", "kind": "Node", "name": "worker-1"}},
                 subresource="binding", name="p", namespace="default")
    bound = c.api.get("pods", "p")
    assert bound["spec"]["nodeName"] == "worker-1"
    assert [x["type"] for x in bound["status"]["conditions"]] == ["PodScheduled"]
    err = error_of(c.api.create, "pods", {"target": {"name": "worker-1"}}, subresource="binding", name="p")
    assert err.code == 409
    assert err.message == 'Operation cannot be fulfilled on pods "p": pod p is already assigned to node "worker-1"'


def test_unscheduled_pod_is_deleted_at_once_bound_pod_gracefully(c):
    c.api.create("pods", pod("pending"))
    c.api.delete("pods", "pending")
    assert error_of(c.api.get, "pods", "pending").code == 404
    c.api.create("pods", pod("running", node="worker-1"))
    terminating = c.api.delete("pods", "running")
    assert terminating["metadata"]["deletionGracePeriodSeconds"] == 30
    assert terminating["metadata"]["deletionTimestamp"] == "2025-01-01T00:00:30Z"
    forced = c.api.delete("pods", "running", grace_period_seconds=0)
    assert error_of(c.api.get, "pods", "running").code == 404
    assert forced["metadata"]["name"] == "running"


def test_finalizers_hold_deletion_until_removed(c):
    c.api.create("configmaps", cm("held", finalizers=["example.com/hold"]))
    c.api.delete("configmaps", "held")
    held = c.api.get("configmaps", "held")
    assert held["metadata"]["deletionTimestamp"] == "2025-01-01T00:00:00Z"
    c.api.patch("configmaps", "held", {"metadata": {"finalizers": None}}, "application/merge-patch+json")
    assert error_of(c.api.get, "configmaps", "held").code == 404


def test_foreground_and_orphan_propagation_are_recorded_as_finalizers(c):
    c.api.create("configmaps", cm("fg"))
    c.api.delete("configmaps", "fg", propagation_policy="Foreground")
    assert c.api.get("configmaps", "fg")["metadata"]["finalizers"] == ["foregroundDeletion"]
    c.api.create("configmaps", cm("or"))
    c.api.delete("configmaps", "or", propagation_policy="Orphan")
    assert c.api.get("configmaps", "or")["metadata"]["finalizers"] == ["orphan"]


def test_delete_preconditions(c):
    c.api.create("configmaps", cm("x"))
    err = error_of(c.api.delete, "configmaps", "x", preconditions={"uid": "wrong"})
    assert err.code == 409 and "Precondition failed: UID in precondition: wrong" in err.message


def test_delete_collection(c):
    for n in "abc":
        c.api.create("configmaps", cm(n, labels={"group": "g"}))
    c.api.delete_collection("configmaps", namespace="default", label_selector="group=g")
    assert [i for i in c.api.list("configmaps", "default", label_selector="group=g")["items"]] == []
    err = error_of(c.api.delete_collection, "namespaces")
    assert err.code == 405


def test_json_patch_and_merge_patch(c):
    c.api.create("configmaps", cm("x", data={"a": "1", "b": "2"}))
    c.api.patch("configmaps", "x", [{"op": "replace", "path": "/data/a", "value": "9"}], "application/json-patch+json")
    c.api.patch("configmaps", "x", {"data": {"b": None, "c": "3"}}, "application/merge-patch+json")
    assert c.api.get("configmaps", "x")["data"] == {"a": "9", "c": "3"}


def test_events_expire_after_an_hour(c):
    c.api.create("events", {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "e1"},
                            "involvedObject": {"kind": "Pod", "name": "p", "namespace": "default"},
                            "reason": "Test", "message": "hello", "type": "Normal"})
    c.advance(3500)
    assert c.api.get("events", "e1")["reason"] == "Test"
    c.advance(200)
    assert error_of(c.api.get, "events", "e1").code == 404


def test_discovery_serves_v1_32_groups_only(c):
    versions = c.api.api_versions()
    for gv in ["v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "networking.k8s.io/v1",
               "policy/v1", "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1", "scheduling.k8s.io/v1",
               "coordination.k8s.io/v1", "discovery.k8s.io/v1"]:
        assert gv in versions
    for removed in ["extensions/v1beta1", "apps/v1beta1", "apps/v1beta2", "batch/v1beta1", "policy/v1beta1",
                    "autoscaling/v2beta2", "networking.k8s.io/v1beta1"]:
        assert removed not in versions
        assert c.api.registry.by_kind(removed, "Deployment") is None
    assert c.api.registry.by_kind("batch/v1beta1", "CronJob") is None
    lookup = c.api.registry.lookup
    assert lookup("po").kind == "Pod" and lookup("deploy").group == "apps"
    assert lookup("hpa").version == "v2" and lookup("autoscaling/v1/horizontalpodautoscalers").version == "v1"
    assert lookup("deployments.apps").kind == "Deployment" and lookup("deployments.v1.apps").kind == "Deployment"
    assert lookup("podz") is None


def test_every_listed_kind_round_trips(c):
    """Each resource the foundation issue names can be created and read back."""
    objects = [
        ("serviceaccounts", {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "sa1"}}),
        ("secrets", {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s1"}, "stringData": {"a": "b"}}),
        ("persistentvolumes", {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv1"},
                               "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                                        "hostPath": {"path": "/data"}}}),
        ("persistentvolumeclaims", {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "pvc1"},
                                    "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}),
        ("resourcequotas", {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q"},
                            "spec": {"hard": {"pods": "10"}}}),
        ("limitranges", {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "lr"},
                         "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m"}}]}}),
        ("roles", {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r"},
                   "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]}),
        ("clusterroles", {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "cr"},
                          "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]}),
        ("rolebindings", {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "rb"},
                          "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "r"},
                          "subjects": [{"kind": "ServiceAccount", "name": "sa1", "namespace": "default"}]}),
        ("priorityclasses", {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "high"},
                             "value": 1000}),
        ("storageclasses", {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "fast"},
                            "provisioner": "example.com/fast"}),
        ("ingressclasses", {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "nginx"},
                            "spec": {"controller": "k8s.io/ingress-nginx"}}),
        ("networkpolicies", {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny"},
                             "spec": {"podSelector": {}}}),
        ("poddisruptionbudgets", {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "pdb"},
                                  "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "web"}}}}),
        ("leases", {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "l"},
                    "spec": {"holderIdentity": "me"}}),
        ("endpointslices", {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": {"name": "es"},
                            "addressType": "IPv4", "endpoints": []}),
        ("controllerrevisions", {"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": {"name": "cr1"},
                                 "data": {"spec": {"template": {}}}, "revision": 1}),
        ("replicationcontrollers", {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "rc"},
                                    "spec": {"replicas": 1, "selector": {"app": "rc"},
                                             "template": {"metadata": {"labels": {"app": "rc"}},
                                                          "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}),
    ]
    for plural, obj in objects:
        created = c.api.create(plural, obj)
        got = c.api.get(plural, obj["metadata"]["name"], "default")
        assert got == created, plural
        assert got["kind"] == obj["kind"] and got["apiVersion"] == obj["apiVersion"]


def test_log_and_exec_pick_the_container_as_the_apiserver_does(c):
    two = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "two"},
           "spec": {"containers": [{"name": "a", "image": "nginx"}, {"name": "b", "image": "busybox"}]}}
    c.api.create("pods", two)
    c.api.create("pods", pod("one"))
    err = error_of(c.api.pod_log, "two")
    assert (err.code, err.message) == (400, "a container name must be specified for pod two, choose one of: [a b]")
    err = error_of(c.api.pod_log, "two", container="c")
    assert (err.code, err.message) == (400, "container c is not valid for pod two")
    assert c.api.pod_log("one") == ""  # not scheduled: nothing to read yet
    err = error_of(c.api.pod_exec, "one", ["ls"])
    assert (err.code, err.message) == (400, "pod one does not have a host assigned")


def test_job_selector_is_generated_from_the_uid(c):
    job = c.api.create("jobs", {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
                                "spec": {"template": {"spec": {"containers": [{"name": "pi", "image": "perl"}],
                                                               "restartPolicy": "Never"}}}})
    uid = job["metadata"]["uid"]
    assert job["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
    assert job["spec"]["template"]["metadata"]["labels"] == {
        "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "pi",
        "controller-uid": uid, "job-name": "pi"}


def test_controllers_react_between_kubectl_commands_without_moving_time():
    c = Cluster(wait=False, workers=1)
    c.kubectl("create namespace team-a")
    assert c.now == 0
    names = [i["metadata"]["name"] for i in c.api.list("configmaps", "team-a")["items"]]
    assert names == ["kube-root-ca.crt"]
    assert c.api.get("serviceaccounts", "default", "team-a")["metadata"]["namespace"] == "team-a"


def test_value_times_keep_null_and_pointer_times_vanish(c):
    c.api.create("pods", pod("p"))
    c.api.patch("pods", "p", {"status": {"conditions": [
        {"type": "PodScheduled", "status": "False", "lastProbeTime": None, "lastTransitionTime": "2025-01-01T00:00:00Z"}],
        "startTime": None}}, "application/merge-patch+json", subresource="status")
    status = c.api.get("pods", "p")["status"]
    assert status["conditions"][0]["lastProbeTime"] is None  # metav1.Time value: written as null
    assert "startTime" not in status  # *metav1.Time: omitted when nil
