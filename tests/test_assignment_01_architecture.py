"""01-architecture graded by behaviour: other correct answers get full marks, partial answers the expected
points and feedback in Kubernetes terms (the solutions themselves are graded in tests/test_assignments.py)."""
import textwrap

import pytest

from tests.test_assignments import ASSIGNMENTS, grade

ARCH = ASSIGNMENTS["01-architecture"]


def solution(exercise):
    return textwrap.dedent(next(e for e in ARCH.EXERCISES if e["name"] == exercise)["solution"])


@pytest.mark.parametrize("order", [
    "ScalingReplicaSet, SuccessfulCreate, Scheduled, Pulling, Pulled, Created, Started",
    "1. ScalingReplicaSet (deployment-controller)\n2. SuccessfulCreate\n3. Scheduled\n4. Pulling\n5. Pulled\n"
    "6. Created\n7. Started",
    "scalingreplicaset -> successfulcreate -> scheduled -> pulling -> pulled -> created -> started",
])
def test_the_events_in_order_in_any_layout(order):
    assert grade("01-architecture", "apply-steps", order) == (3, [])


def test_the_kubelet_steps_out_of_order_keep_the_controller_point():
    order = "ScalingReplicaSet SuccessfulCreate Scheduled Pulled Pulling Started Created"
    assert grade("01-architecture", "apply-steps", order) == (1, [
        "the cluster wrote these 7 events in another order than you predicted: which component has to act "
        "before the next one can?"])
    scheduled_first = "Scheduled ScalingReplicaSet SuccessfulCreate Pulling Pulled Created Started"
    assert grade("01-architecture", "apply-steps", scheduled_first) == (0, [
        "the cluster wrote these 3 events in another order than you predicted: which component has to act "
        "before the next one can?",
        "the cluster wrote these 7 events in another order than you predicted: which component has to act "
        "before the next one can?"])


def test_a_missing_event_is_named_as_missing_not_as_misplaced():
    points, feedback = grade("01-architecture", "apply-steps", "ScalingReplicaSet SuccessfulCreate Scheduled Started")
    assert points == 1
    assert feedback == ["name each of Created, Pulled, Pulling, ScalingReplicaSet, Scheduled, Started, SuccessfulCreate "
                        "once, in order (you named ScalingReplicaSet, SuccessfulCreate, Scheduled, Started)"]


def test_the_unchanged_patch_does_not_count_as_a_write():
    assert grade("01-architecture", "etcd-key", "/registry/configmaps/shop/settings\n4") == (2, [
        "the key's version is not 4: which of the commands changed what is stored?"])
    assert grade("01-architecture", "etcd-key", "# the key\n/registry/configmaps/shop/settings\n\n3\n") == (3, [])


def test_a_key_that_does_not_exist_and_a_key_of_another_object():
    assert grade("01-architecture", "etcd-key", "/registry/shop/configmaps/settings\n3") == (1, [
        "etcd holds no key '/registry/shop/configmaps/settings' (line 1 of your answer)"])
    assert grade("01-architecture", "etcd-key", "/registry/namespaces/shop\n3") == (1, [
        "the key /registry/namespaces/shop holds another object than the ConfigMap settings of namespace shop"])
    assert grade("01-architecture", "etcd-key", "/registry/configmaps/shop/s --prefix\n3") == (1, [
        "etcd holds no key '/registry/configmaps/shop/s --prefix' (line 1 of your answer)"])


def test_a_daemonset_without_the_toleration_misses_the_control_plane():
    assert grade("01-architecture", "node-agent", ARCH.WRONG["node-agent"][0]) == (2, [
        "DaemonSet node-agent runs no pod on node control-plane: the node is tainted "
        "node-role.kubernetes.io/control-plane:NoSchedule and its pods do not tolerate that"])


def test_a_toleration_of_every_taint_also_counts():
    tolerate_all = solution("node-agent").replace(
        "- key: node-role.kubernetes.io/control-plane\n        operator: Exists\n        effect: NoSchedule\n",
        "- operator: Exists\n")
    assert "key:" not in tolerate_all
    assert grade("01-architecture", "node-agent", tolerate_all) == (4, [])


@pytest.mark.parametrize("count", ["4", "0", "1"])
def test_wrong_counts_after_self_healing(count):
    assert grade("01-architecture", "self-healing", count) == (0, [f"the cluster does not do what you predicted ('{count}')"])


@pytest.mark.parametrize("fix", [
    """kubectl patch deployment report --type=json -p '[{"op": "remove", "path": "/spec/template/spec/schedulerName"}]'""",
    "kubectl get deployment report -o yaml\nkubectl patch deploy/report -p "
    """'{"spec":{"template":{"spec":{"schedulerName":"default-scheduler"}}}}'\nsleep 30""",
])
def test_any_way_back_to_the_default_scheduler_gets_full_marks(fix):
    assert grade("01-architecture", "scheduler-trouble", fix) == (4, [])


def test_deleting_the_pending_pods_only_brings_back_pending_pods():
    points, feedback = grade("01-architecture", "scheduler-trouble", "kubectl delete pods -l app=report")
    assert points == 0
    assert feedback[0].startswith("pod report-") and feedback[0].endswith(
        " is Pending and no scheduler has looked at it: it has no PodScheduled condition and no events (its "
        "schedulerName is batch-scheduler)")
    assert feedback[-1].startswith("Deployment report has 0 of 2 replicas available and 2 up to date: pod report-")


def test_the_notes_job_does_not_load():
    assert grade("01-architecture", "notes-job", ARCH.NOTES_JOB) == (0, [
        'kubectl apply -f your manifest said: Error from server (BadRequest): error when creating "STDIN": Job in '
        'version "v1" cannot be handled as a Job: strict decoding error: unknown field "spec.spec"',
        "there is no Job named pi in namespace default"])


def test_a_job_that_restarts_in_place_loses_the_settings_point():
    on_failure = solution("notes-job").replace("restartPolicy: Never", "restartPolicy: OnFailure")
    assert grade("01-architecture", "notes-job", on_failure) == (3, [
        "Job pi's pods have restartPolicy OnFailure, not Never"])


@pytest.mark.parametrize("text", [
    "etcd, kube-apiserver, kube-scheduler, kube-controller-manager, kube-proxy, coredns, kube-flannel",
    "ETCD\nKube-APIServer\nkube-scheduler\nkube-controller-manager\nkube-proxy\ncoredns\nflannel",
])
def test_the_components_that_run_as_pods_in_any_case_and_layout(text):
    assert grade("01-architecture", "components", text) == (3, [])


def test_the_kubelet_as_a_pod_loses_every_point_and_a_forgotten_add_on_two():
    everything = "etcd kube-apiserver kube-scheduler kube-controller-manager kubelet kube-proxy coredns flannel"
    points, feedback = grade("01-architecture", "components", everything)
    assert points == 0
    assert feedback[0] == ("among containerd, kube-proxy, kubelet, the cluster does not run as pods exactly those you "
                           "named (kube-proxy, kubelet): which of them does the kubelet start, and which start the "
                           "kubelet?")
    assert grade("01-architecture", "components", everything.replace("kubelet ", "").replace(" flannel", "")) == (1, [
        "among containerd, coredns, etcd, flannel, kube-apiserver, kube-controller-manager, kube-proxy, "
        "kube-scheduler, kubelet, the cluster does not run as pods exactly those you named (coredns, etcd, "
        "kube-apiserver, kube-controller-manager, kube-proxy, kube-scheduler): which of them does the kubelet start, "
        "and which start the kubelet?"])


def test_no_other_module_registers_a_check_of_the_same_name():
    from autograder import checks_architecture
    from autograder.checks import CHECKS
    mine = [name for name, fn in vars(checks_architecture).items() if getattr(fn, "__module__", "") ==
            checks_architecture.__name__ and not name.startswith("_") and callable(fn)]
    assert mine and all(CHECKS[name] is getattr(checks_architecture, name) for name in mine)
