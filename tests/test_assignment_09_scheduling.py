"""Assignment 09-scheduling graded by behaviour: alternative correct answers get full marks, partial
answers the expected points and feedback in Kubernetes terms."""
import textwrap

import pytest

from tests.test_assignments import ASSIGNMENTS, grade

NAME = "09-scheduling"


def solution(exercise):
    return textwrap.dedent(next(e for e in ASSIGNMENTS[NAME].EXERCISES if e["name"] == exercise)["solution"])


def test_limits_alone_make_a_guaranteed_pod_and_requests_alone_a_burstable_one():
    limits_only = solution("guaranteed-pod").replace("""  requests:
      cpu: 500m
      memory: 256Mi
""", "")
    assert grade(NAME, "guaranteed-pod", limits_only) == (3, [])
    requests_only = solution("guaranteed-pod").split("      limits:")[0]
    assert grade(NAME, "guaranteed-pod", requests_only) == (2, [
        "pod cache is of QoS class Burstable, not Guaranteed: every container needs cpu and memory limits, and "
        "requests equal to them (or none, to copy the limits)"])


def test_required_node_affinity_counts_and_a_preference_does_not_wait():
    required = solution("ssd-affinity").replace("""      nodeSelector:
        disktype: ssd
""", """      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: disktype, operator: In, values: [ssd]}
""")
    assert grade(NAME, "ssd-affinity", required) == (4, [])
    preferred = solution("ssd-affinity").replace("""      nodeSelector:
        disktype: ssd
""", """      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            preference:
              matchExpressions:
              - {key: disktype, operator: In, values: [ssd]}
""")
    points, feedback = grade(NAME, "ssd-affinity", preferred)
    assert points == 2
    assert feedback == ["when no node had the label disktype=ssd, the replacement pods were scheduled on worker-1, "
                        "worker-2 (disktype=hdd): a preference is not a requirement"]


def test_a_toleration_alone_does_not_attract_and_a_selector_alone_waits_at_the_taint():
    tolerate_only = solution("gpu-toleration").replace("""      nodeSelector:
        gpu: "true"
""", "")
    points, feedback = grade(NAME, "gpu-toleration", tolerate_only)
    assert points == 1
    assert len(feedback) == 1 and feedback[0].startswith("pod trainer-")
    assert feedback[0].endswith(" runs on node worker-2, which is labelled gpu=(none), not gpu=true")
    select_only = solution("gpu-toleration").split("      tolerations:")[0] + "      containers:" + \
        solution("gpu-toleration").split("      containers:")[1]
    points, feedback = grade(NAME, "gpu-toleration", select_only)
    assert points == 0
    assert "1 node(s) had untolerated taint {gpu: true}" in feedback[0]


def test_required_affinity_with_a_broad_toleration_also_counts():
    affinity = solution("gpu-toleration").replace("""      nodeSelector:
        gpu: "true"
      tolerations:
      - key: gpu
        operator: Equal
        value: "true"
        effect: NoSchedule
""", """      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [{key: gpu, operator: Exists}]
      tolerations: [{operator: Exists}]
""")
    assert grade(NAME, "gpu-toleration", affinity) == (4, [])


@pytest.mark.parametrize("fix", [
    """kubectl patch deployment api -p '{"spec":{"template":{"spec":{"tolerations":[{"key":"dedicated","operator":"Equal","value":"db","effect":"NoSchedule"}]}}}}'""",
    "kubectl taint nodes worker-1 dedicated-",
])
def test_a_toleration_or_removing_the_taint_both_fix_the_pending_pods(fix):
    assert grade(NAME, "taint-trouble", fix) == (4, [])


def test_untainting_the_control_plane_runs_the_pods_in_the_wrong_place():
    points, feedback = grade(NAME, "taint-trouble", "kubectl taint node control-plane node-role.kubernetes.io/control-plane-")
    assert points == 3
    assert len(feedback) == 2 and all(line.startswith("pod api-") and line.endswith(
        "runs on node control-plane, which is labelled kubernetes.io/hostname=control-plane, not "
        "kubernetes.io/hostname=worker-1") for line in feedback)


def test_the_unfixed_deployment_is_explained_by_the_taint():
    points, feedback = grade(NAME, "taint-trouble", "kubectl describe node worker-1")
    assert points == 0
    assert "1 node(s) had untolerated taint {dedicated: db}" in feedback[0]


def test_cordon_and_delete_also_drains_and_the_notes_drain_only_cordons():
    assert grade(NAME, "drain-node", "kubectl cordon worker-1\n"
                 "kubectl delete pods -l app=web --field-selector spec.nodeName=worker-1") == (4, [])
    points, feedback = grade(NAME, "drain-node", "kubectl drain worker-1")
    assert points == 1
    assert feedback[0].startswith("line 1 (kubectl drain worker-1) failed: error: unable to drain node \"worker-1\" "
                                  "due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)")
    assert feedback[1].startswith("pods labelled app=web still run on node worker-1: web-")


def test_smaller_requests_also_fit_and_deleting_batch_loses_a_point():
    assert grade(NAME, "cpu-pending", "kubectl set resources deployment report --requests=cpu=500m") == (4, [])
    assert grade(NAME, "cpu-pending", "kubectl delete deployment batch") == (3, [
        "there is no Deployment named batch in namespace default: it should keep running"])


@pytest.mark.parametrize("prediction, points", [("365", 3), ("350s", 3), ("300", 1), ("40", 0)])
def test_the_time_to_replace_a_lost_node_pods_is_predicted_within_bounds(prediction, points):
    assert grade(NAME, "node-failure", prediction)[0] == points
