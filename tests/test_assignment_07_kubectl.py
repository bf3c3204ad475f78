"""Assignment 07-kubectl graded by behaviour: other correct ways get full marks, partial answers get
their points and feedback in Kubernetes terms (the solutions and blank answers are in test_assignments.py)."""
import textwrap

import pytest

from tests.test_assignments import ASSIGNMENTS, grade

A = ASSIGNMENTS["07-kubectl"]


def solution(exercise):
    return textwrap.dedent(next(e for e in A.EXERCISES if e["name"] == exercise)["solution"])


def test_a_patch_and_a_service_written_with_create_also_get_full_marks():
    commands = """\
        kubectl patch deployment web -p '{"metadata": {"labels": {"tier": "frontend"}}, "spec": {"replicas": 3}}'
        kubectl annotate deployment web kubernetes.io/change-cause='upgrade to 1.27'
        kubectl set image deploy web nginx=nginx:1.27
        kubectl create service clusterip web --tcp=80:80
        """
    assert grade("07-kubectl", "imperative-web", commands) == (5, [])


def test_record_writes_the_command_as_change_cause_and_a_label_on_the_pods_is_not_on_the_deployment():
    commands = """\
        kubectl scale deployment web --replicas=3
        kubectl set image deployment/web nginx=nginx:1.27 --record
        kubectl label pods -l app=web tier=frontend
        kubectl expose deployment web --port=80
        """
    assert grade("07-kubectl", "imperative-web", commands) == (3, [
        "the newest revision of Deployment web (revision 2) has the change cause 'kubectl set image deployment/web "
        "nginx=nginx:1.27 --record=true', not 'upgrade to 1.27'",
        "Deployment web should be labelled tier=frontend but its labels are (no labels)"])


def test_an_export_that_changes_the_template_or_moves_the_original_loses_the_copy_points():
    changed = solution("export-legacy").replace("eu-west-1", "us-east-1").replace("memory: 32Mi", "memory: 64Mi")
    assert grade("07-kubectl", "export-legacy", changed) == (2, [
        "Deployment legacy in namespace new differs from the one in namespace old in "
        "spec.template.spec.containers[0].env[0].value, spec.template.spec.containers[0].resources.requests.memory"])
    in_default = solution("export-legacy").replace("  namespace: new\n", "")
    assert grade("07-kubectl", "export-legacy", in_default) == (0, [
        "there is no Deployment named legacy in namespace new"])


def test_the_exported_yaml_with_its_server_fields_is_a_copy_too():
    from autograder.fixtures_kubectl import LEGACY
    from engine import Cluster
    cluster = Cluster(workers=1)
    cluster.apply(LEGACY)
    cluster.advance(30)
    exported = cluster.kubectl("get deployment legacy -n old -o yaml").stdout
    lines = [line for line in exported.splitlines() if "resourceVersion" not in line and "uid:" not in line]
    assert grade("07-kubectl", "export-legacy", "\n".join(lines).replace("namespace: old", "namespace: new")) == (4, [])


@pytest.mark.parametrize("prediction, points", [("cache-0", 2), ("  cache-0\n", 2), ("cache-1", 0), ("worker-2", 0)])
def test_the_pod_alone_on_its_node(prediction, points):
    assert grade("07-kubectl", "alone-on-node", prediction)[0] == points


def test_a_wrong_pod_is_named_without_revealing_the_right_one():
    assert grade("07-kubectl", "alone-on-node", "cache-2") == (0, [
        "the cluster does not do what you predicted ('cache-2' is not the only pod labelled app=cache on its node)"])


@pytest.mark.parametrize("fix", [
    """kubectl patch deployment worker -p '{"spec": {"template": {"spec": {"containers": [{"name": "worker", "command": ["sh", "-c", "echo worker started; sleep 3600"]}]}}}}'""",
    "kubectl delete deployment worker\n"
    "kubectl create deployment worker --image=busybox:1.36 --replicas=2 -- sh -c 'echo worker started; sleep 3600'",
])
def test_any_fix_of_the_command_gets_full_marks(fix):
    assert grade("07-kubectl", "crashloop-worker", fix) == (4, [])


def test_a_container_that_only_sleeps_runs_but_is_not_the_app():
    sleeping = """kubectl patch deployment worker --type=json -p '[{"op": "replace", "path": "/spec/template/spec/containers/0/command", "value": ["sleep", "3600"]}]'"""
    points, feedback = grade("07-kubectl", "crashloop-worker", sleeping)
    assert points == 2
    assert len(feedback) == 2 and all(line.startswith("pod worker-") and line.endswith(
        "runs, but its logs do not say 'worker started': it no longer runs the app's own command") for line in feedback)


def test_restarting_the_crashing_pods_changes_nothing():
    points, feedback = grade("07-kubectl", "crashloop-worker", "kubectl rollout restart deployment worker")
    assert points == 0
    assert feedback[0].startswith("Deployment worker has 0 of 2 replicas available")
    assert "container worker is waiting: CrashLoopBackOff" in feedback[0]


def test_the_old_commands_fail_as_kubectl_v1_32_says():
    points, feedback = grade("07-kubectl", "notes-commands", A.NOTES_COMMANDS)
    assert points == 0
    assert feedback == [
        "line 1 (kubectl run web --image=nginx:1.26 --replicas=3) failed: Error: unknown flag: --replicas\n"
        "See 'kubectl run --help' for usage.",
        "line 2 (kubectl rolling-update web --image=nginx:1.27) failed: Error: unknown command \"rolling-update\" for "
        "\"kubectl\"",
        "line 3 (kubectl exec client mkdir /tmp/app) failed: error: exec [POD] [COMMAND] is not supported anymore. "
        "Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples",
        "line 4 (kubectl exec -it client -- /bin/bash -c 'echo hello > /tmp/app/greeting') failed: Unable to use a TTY - "
        "input is not a terminal or the right kind of file\nOCI runtime exec failed: exec failed: unable to start container process: exec: \"/bin/bash\": no such file or directory: "
        "unknown\ncommand terminated with exit code 126",
        "there is no Deployment named web in namespace default",
        "in pod client, cat /tmp/app/greeting says: cat: can't open '/tmp/app/greeting': No such file or directory"]


def test_a_deployment_created_at_the_new_image_was_never_rolled_out():
    commands = """\
        kubectl create deployment web --image=nginx:1.27 --replicas=3
        kubectl exec client -- sh -c 'mkdir -p /tmp/app && echo hello > /tmp/app/greeting'
        """
    assert grade("07-kubectl", "notes-commands", commands) == (3, [
        "Deployment web was not rolled out from nginx:1.26: none of its older revisions (0) ran that image"])


def test_one_rollback_goes_back_one_revision_and_two_come_back():
    assert grade("07-kubectl", "predict-undo", "nginx:1.27") == (2, [])
    assert grade("07-kubectl", "predict-undo", "NGINX:1.27\n") == (2, [])
    assert grade("07-kubectl", "predict-undo", "# after two undos\nnginx:1.25") == (0, [
        "the cluster does not do what you predicted ('nginx:1.25')"])


@pytest.mark.parametrize("count, points", [("5", 2), ("5\n", 2), ("1", 0), ("4", 0)])
def test_pods_are_counted_in_every_namespace(count, points):
    assert grade("07-kubectl", "count-backend", count)[0] == points


def test_the_default_namespace_alone_is_not_the_answer():
    assert grade("07-kubectl", "count-backend", "1") == (0, [
        "the cluster does not do what you predicted ('1' pods labelled tier=backend in all namespaces)"])
