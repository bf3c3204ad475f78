"""The disruption controller's PodDisruptionBudget status (minAvailable/maxUnavailable as numbers
or percents of the controllers' scale, rounded up) and the pods/eviction subresource that spends it."""
import pytest

from engine import Cluster
from engine.api.errors import ApiError

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx}
spec:
  replicas: %d
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec: {containers: [{name: nginx, image: nginx}]}
"""


def pdb_manifest(name="nginx-pdb", **spec):
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": name},
            "spec": {"selector": {"matchLabels": {"app": "nginx"}}, **spec}}


@pytest.fixture(scope="module")
def booted():
    return Cluster(workers=2)


@pytest.fixture
def c():
    return Cluster(workers=2)


def pdb(c, name="nginx-pdb"):
    return c.api.get("poddisruptionbudgets.policy", name)


def counts(c, name="nginx-pdb"):
    status = pdb(c, name)["status"]
    return {k: status.get(k) for k in ("currentHealthy", "desiredHealthy", "expectedPods", "disruptionsAllowed")}


def condition(c, name="nginx-pdb"):
    cond = next(x for x in pdb(c, name)["status"]["conditions"] if x["type"] == "DisruptionAllowed")
    return cond["status"], cond["reason"], cond["message"]


def nginx_pods(c):
    return [p for p in c.api.list("pods", "default", label_selector="app=nginx")["items"]
            if not p["metadata"].get("deletionTimestamp")]


def evict(c, name, namespace="default", **options):
    body = {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": name, "namespace": namespace}}
    if options:
        body["deleteOptions"] = options
    return c.api.create("pods", body, subresource="eviction", name=name, namespace=namespace)


def events(c, reason):
    return [e for e in c.api.list("events", "default")["items"] if e["reason"] == reason]


def with_deployment(c, replicas, **spec):
    c.apply(DEPLOYMENT % replicas)
    c.api.create("poddisruptionbudgets.policy", pdb_manifest(**spec))
    c.advance(20)


def test_min_available_number_counts_matching_pods(c):
    with_deployment(c, 3, minAvailable=2)
    status = pdb(c)["status"]
    assert counts(c) == {"currentHealthy": 3, "desiredHealthy": 2, "expectedPods": 3, "disruptionsAllowed": 1}
    assert status["observedGeneration"] == 1 and "disruptedPods" not in status
    assert status["conditions"] == [{"type": "DisruptionAllowed", "status": "True", "observedGeneration": 1,
                                     "lastTransitionTime": status["conditions"][0]["lastTransitionTime"],
                                     "reason": "SufficientPods", "message": ""}]
    table = c.kubectl("get pdb").stdout.splitlines()
    assert table[1].split()[:4] == ["nginx-pdb", "2", "N/A", "1"]


def test_budget_at_its_minimum_allows_no_disruption(c):
    with_deployment(c, 2, minAvailable=2)
    assert counts(c) == {"currentHealthy": 2, "desiredHealthy": 2, "expectedPods": 2, "disruptionsAllowed": 0}
    assert condition(c) == ("False", "InsufficientPods", "")


def test_percentages_use_the_deployment_scale_rounding_up(c):
    with_deployment(c, 3, maxUnavailable="50%")
    # maxUnavailable ceil(1.5) = 2 of the Deployment's 3 replicas: 1 must stay healthy
    assert counts(c) == {"currentHealthy": 3, "desiredHealthy": 1, "expectedPods": 3, "disruptionsAllowed": 2}
    c.api.patch("poddisruptionbudgets.policy", "nginx-pdb",
                {"spec": {"maxUnavailable": None, "minAvailable": "50%"}}, patch_type="application/merge-patch+json")
    c.advance(1)
    assert counts(c) == {"currentHealthy": 3, "desiredHealthy": 2, "expectedPods": 3, "disruptionsAllowed": 1}
    assert pdb(c)["status"]["observedGeneration"] == 2


def test_expected_pods_follow_the_scale_not_the_pods_found(c):
    with_deployment(c, 2, maxUnavailable=1)
    c.api.patch("deployments.apps", "nginx", {"spec": {"replicas": 4}})
    c.advance(0.01)  # the new pods exist but none is ready yet
    assert counts(c) == {"currentHealthy": 2, "desiredHealthy": 3, "expectedPods": 4, "disruptionsAllowed": 0}
    assert condition(c) == ("False", "InsufficientPods", "")
    c.advance(20)
    assert counts(c) == {"currentHealthy": 4, "desiredHealthy": 3, "expectedPods": 4, "disruptionsAllowed": 1}
    assert condition(c) == ("True", "SufficientPods", "")


def test_no_matching_pods(c):
    c.api.create("poddisruptionbudgets.policy", pdb_manifest(minAvailable=1))
    c.advance(1)
    assert counts(c) == {"currentHealthy": 0, "desiredHealthy": 1, "expectedPods": 0, "disruptionsAllowed": 0}
    assert [e["message"] for e in events(c, "NoPods")] == ["No matching pods found"]
    assert events(c, "NoPods")[0]["source"] == {"component": "controllermanager"}


def test_percent_budget_over_unmanaged_pods_warns(c):
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "solo", "labels": {"app": "nginx"}},
                          "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}})
    c.api.create("poddisruptionbudgets.policy", pdb_manifest(minAvailable="50%"))
    c.advance(20)
    assert counts(c) == {"currentHealthy": 1, "desiredHealthy": 0, "expectedPods": 0, "disruptionsAllowed": 0}
    assert [e["message"] for e in events(c, "UnmanagedPods")] == [
        "Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: nginx,},"
        "MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the "
        "PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please "
        "set \".spec.minAvailable\" field of the PDB to an integer value."]


def test_controller_without_scale_fails_safe(c):
    c.api.create("poddisruptionbudgets.policy", {
        "apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "proxy", "namespace": "kube-system"},
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": {"k8s-app": "kube-proxy"}}}})
    c.advance(1)
    status = c.api.get("poddisruptionbudgets.policy", "proxy", "kube-system")["status"]
    assert status["disruptionsAllowed"] == 0
    cond = status["conditions"][0]
    assert (cond["type"], cond["status"], cond["reason"], cond["message"]) == (
        "DisruptionAllowed", "False", "SyncFailed", "daemonsets.apps does not implement the scale subresource")
    warned = [e["message"] for e in c.api.list("events", "kube-system")["items"]
              if e["reason"] == "CalculateExpectedPodCountFailed"]
    assert warned == ["Failed to calculate the number of expected pods: daemonsets.apps does not implement the scale "
                      "subresource"]


# eviction
def test_eviction_within_budget_spends_it(c):
    with_deployment(c, 3, minAvailable=2)
    victim = nginx_pods(c)[0]["metadata"]["name"]
    assert evict(c, victim) == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}
    status = pdb(c)["status"]
    assert status["disruptionsAllowed"] == 0
    assert status["disruptedPods"] == {victim: c.clock.timestamp()}
    assert condition(c) == ("False", "InsufficientPods", "")
    pod = c.api.get("pods", victim)
    assert pod["metadata"]["deletionGracePeriodSeconds"] == 30
    target = next(x for x in pod["status"]["conditions"] if x["type"] == "DisruptionTarget")
    assert target == {"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                      "lastTransitionTime": c.clock.timestamp(), "reason": "EvictionByEvictionAPI",
                      "message": "Eviction API: evicting"}


def test_eviction_over_budget_is_429_with_the_budget_cause(c):
    with_deployment(c, 2, minAvailable=2)
    victim = nginx_pods(c)[0]["metadata"]["name"]
    with pytest.raises(ApiError) as err:
        evict(c, victim)
    assert err.value.status == {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": "Cannot evict pod as it would violate the pod's disruption budget.", "reason": "TooManyRequests",
        "code": 429, "details": {"causes": [{"reason": "DisruptionBudget",
                                             "message": "The disruption budget nginx-pdb needs 2 healthy pods and has 2 currently"}]}}
    assert not c.api.get("pods", victim)["metadata"].get("deletionTimestamp")


def test_second_eviction_waits_for_the_replacement(c):
    with_deployment(c, 3, minAvailable=2)
    first, second = [p["metadata"]["name"] for p in nginx_pods(c)[:2]]
    evict(c, first)
    with pytest.raises(ApiError) as err:
        evict(c, second)
    # the controller has not counted the evicted pod out yet: the apiserver quotes the status as it is
    assert err.value.details["causes"][0]["message"] == \
        "The disruption budget nginx-pdb needs 2 healthy pods and has 3 currently"
    c.advance(40)  # the first pod is gone, its replacement ready: the budget is back
    assert counts(c) == {"currentHealthy": 3, "desiredHealthy": 2, "expectedPods": 3, "disruptionsAllowed": 1}
    assert "disruptedPods" not in pdb(c)["status"]
    assert evict(c, second)["status"] == "Success"


def test_terminal_and_pending_pods_skip_the_budget(c):
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "done", "labels": {"app": "nginx"}},
                          "spec": {"restartPolicy": "Never",
                                   "containers": [{"name": "c", "image": "busybox", "command": ["true"]}]}})
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "stuck", "labels": {"app": "nginx"}},
                          "spec": {"nodeSelector": {"disk": "none"}, "containers": [{"name": "c", "image": "nginx"}]}})
    c.api.create("poddisruptionbudgets.policy", pdb_manifest(minAvailable=5))
    c.advance(20)
    assert c.api.get("pods", "done")["status"]["phase"] == "Succeeded"
    assert evict(c, "done")["status"] == "Success"
    assert evict(c, "stuck")["status"] == "Success"
    assert pdb(c)["status"]["disruptionsAllowed"] == 0


def test_unready_pod_with_always_allow_goes_without_budget(c):
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "sick", "labels": {"app": "nginx"}},
                          "spec": {"containers": [{"name": "c", "image": "nginx", "readinessProbe": {
                              "exec": {"command": ["false"]}, "periodSeconds": 1}}]}})
    c.api.create("poddisruptionbudgets.policy", pdb_manifest(minAvailable=1))
    c.advance(20)
    assert c.api.get("pods", "sick")["status"]["phase"] == "Running"
    with pytest.raises(ApiError) as err:
        evict(c, "sick")
    assert err.value.details["causes"][0]["message"] == \
        "The disruption budget nginx-pdb needs 1 healthy pods and has 0 currently"
    c.api.patch("poddisruptionbudgets.policy", "nginx-pdb", {"spec": {"unhealthyPodEvictionPolicy": "AlwaysAllow"}},
                patch_type="application/merge-patch+json")
    c.advance(1)
    assert evict(c, "sick")["status"] == "Success"


def test_budget_not_yet_observed_is_still_being_processed(c):
    with_deployment(c, 3, minAvailable=2)
    c.api.patch("poddisruptionbudgets.policy", "nginx-pdb", {"spec": {"minAvailable": 1}},
                patch_type="application/merge-patch+json")
    with pytest.raises(ApiError) as err:  # before the controller has synced generation 2
        evict(c, nginx_pods(c)[0]["metadata"]["name"])
    assert err.value.status["details"] == {
        "causes": [{"reason": "DisruptionBudget", "message": "The disruption budget nginx-pdb is still being processed by the server."}],
        "retryAfterSeconds": 10}


def test_pod_under_two_budgets_cannot_be_evicted(c):
    with_deployment(c, 3, minAvailable=1)
    c.api.create("poddisruptionbudgets.policy", pdb_manifest("other", maxUnavailable=1))
    c.advance(1)
    victim = nginx_pods(c)[0]
    c.api.patch("pods", victim["metadata"]["name"], {"metadata": {"labels": {"touched": "yes"}}})  # a pod event
    c.advance(0.01)
    with pytest.raises(ApiError) as err:
        evict(c, victim["metadata"]["name"])
    assert err.value.status == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                "message": "This pod has more than one PodDisruptionBudget, which the eviction "
                                           "subresource does not support.", "code": 500}
    warned = [e["message"] for e in events(c, "MultiplePodDisruptionBudgets")]
    assert f'Pod "default"/"{victim["metadata"]["name"]}" matches multiple PodDisruptionBudgets.  ' \
           'Chose "nginx-pdb" arbitrarily.' in warned


def test_eviction_name_must_match(booted):
    with pytest.raises(ApiError) as err:
        booted.api.create("pods", {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "other"}},
                          subresource="eviction", name="etcd-control-plane", namespace="kube-system")
    assert (err.value.code, err.value.message) == (400, "name in URL does not match name in Eviction object")


def test_eviction_of_missing_pod_is_not_found(booted):
    with pytest.raises(ApiError) as err:
        evict(booted, "ghost")
    assert (err.value.code, err.value.message) == (404, 'pods "ghost" not found')


def test_dry_run_eviction_changes_nothing(c):
    with_deployment(c, 3, minAvailable=2)
    victim = nginx_pods(c)[0]["metadata"]["name"]
    assert evict(c, victim, dryRun=["All"])["status"] == "Success"
    assert pdb(c)["status"]["disruptionsAllowed"] == 1
    assert not c.api.get("pods", victim)["metadata"].get("deletionTimestamp")


def test_disrupted_pod_never_deleted_is_forgotten_after_two_minutes(c):
    with_deployment(c, 3, minAvailable=1)
    keep = nginx_pods(c)[0]["metadata"]["name"]
    current = pdb(c)
    current["status"]["disruptedPods"] = {keep: c.clock.timestamp()}
    c.api.update("poddisruptionbudgets.policy", current, subresource="status")
    c.advance(1)
    assert counts(c)["currentHealthy"] == 2  # counted as about to go
    c.advance(120)
    assert counts(c)["currentHealthy"] == 3 and "disruptedPods" not in pdb(c)["status"]
    [event] = [e for e in events(c, "NotDeleted")]
    assert event["message"] == "Pod was expected by PDB default/default to be deleted but it wasn't"
    assert event["involvedObject"]["name"] == keep


def test_stale_disruption_target_is_reset_after_two_minutes(c):
    with_deployment(c, 1, minAvailable=0)
    pod = nginx_pods(c)[0]
    pod["status"]["conditions"].append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                                        "lastTransitionTime": c.clock.timestamp(), "reason": "EvictionByEvictionAPI",
                                        "message": "Eviction API: evicting"})
    c.api.update("pods", pod, subresource="status")
    c.advance(119)
    assert next(x for x in nginx_pods(c)[0]["status"]["conditions"] if x["type"] == "DisruptionTarget")["status"] == "True"
    c.advance(2)
    cond = next(x for x in nginx_pods(c)[0]["status"]["conditions"] if x["type"] == "DisruptionTarget")
    assert cond["status"] == "False" and "reason" not in cond


def test_eviction_checks_the_callers_preconditions(c):
    with_deployment(c, 3, minAvailable=1)
    victim = nginx_pods(c)[0]
    name, uid = victim["metadata"]["name"], victim["metadata"]["uid"]
    with pytest.raises(ApiError) as err:
        evict(c, name, preconditions={"uid": "0000"})
    assert (err.value.code, err.value.message) == (
        409, f'Operation cannot be fulfilled on Pod "{name}": the UID in the precondition (0000) does not match the '
             f"UID in record ({uid}). The object might have been deleted and then recreated")
    assert evict(c, name, preconditions={"uid": uid})["status"] == "Success"


def test_unready_pod_goes_free_while_the_healthy_budget_is_met(c):
    with_deployment(c, 2, minAvailable=2)
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "sick", "labels": {"app": "nginx"}},
                          "spec": {"containers": [{"name": "c", "image": "nginx", "readinessProbe": {
                              "exec": {"command": ["false"]}, "periodSeconds": 1}}]}})
    c.advance(20)
    assert counts(c) == {"currentHealthy": 2, "desiredHealthy": 2, "expectedPods": 3, "disruptionsAllowed": 0}
    assert evict(c, "sick")["status"] == "Success"  # IfHealthyBudget: 2 healthy of the 2 needed
    assert "disruptedPods" not in pdb(c)["status"]
    with pytest.raises(ApiError):
        evict(c, nginx_pods(c)[0]["metadata"]["name"])


def test_no_eviction_in_a_terminating_namespace(c):
    c.kubectl("create namespace shop")
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "shop",
                                                                         "finalizers": ["example.com/hold"]},
                          "spec": {"containers": [{"name": "c", "image": "nginx"}]}})
    c.advance(10)
    c.api.delete("namespaces", "shop")
    c.advance(5)
    with pytest.raises(ApiError) as err:
        evict(c, "web", "shop")
    assert err.value.status["message"] == \
        'pods "web" is forbidden: unable to create new content in namespace shop because it is being terminated'
    assert err.value.details["causes"] == [{"reason": "NamespaceTerminating", "field": "metadata.namespace",
                                            "message": "namespace shop is being terminated"}]


def test_statefulset_scale_found_through_the_scale_subresource(c):
    c.apply("""
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  replicas: 3
  serviceName: web
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec: {containers: [{name: nginx, image: nginx}]}
""")
    c.api.create("poddisruptionbudgets.policy", pdb_manifest(maxUnavailable="34%"))
    c.advance(30)
    # ceil(3 * 34%) = 2 may be unavailable
    assert counts(c) == {"currentHealthy": 3, "desiredHealthy": 1, "expectedPods": 3, "disruptionsAllowed": 2}
