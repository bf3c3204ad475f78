"""The autograder: answers graded by what they do in a fresh cluster (several correct ways get full
marks, wrong ones partial credit with feedback in Kubernetes terms), bounded against hostile answers,
and the committed exercises/ is exactly what `nbgrader generate_assignment` makes of solutions/."""
import filecmp
import os
import subprocess
import sys

import nbformat
import pytest
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config.loader import PyFileConfigLoader

from autograder import answers, checks, grade, worker

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOK = os.path.join(ROOT, "solutions", "02-pods", "02-pods.ipynb")


def hidden_spec(name):
    """The hidden-test spec of exercise `name`, read from the solution notebook's test cell and evaluated
    after the cell's setup (the lines before its visible check, which define FIXTURE where it is used)."""
    cell = next(c for c in nbformat.read(NOTEBOOK, 4).cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == f"test-{name}")
    setup = cell.source.split("# visible check")[0]
    hidden = cell.source.split("### BEGIN HIDDEN TESTS\n")[1].split("### END HIDDEN TESTS")[0]
    spec_text = hidden[hidden.index("score(answer("):].split(", ", 1)[1].rsplit(")", 1)[0]
    scope = {}
    exec(setup, scope)
    return eval(spec_text, scope)


WEB_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{containerPort: 80}]
    resources: {requests: {cpu: 100m}}
"""
WEB_POD_JSON = ('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "labels": {"app": "web", '
                '"tier": "front"}}, "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "ports": '
                '[{"containerPort": 80, "name": "http"}], "resources": {"requests": {"cpu": "0.1", '
                '"memory": "64Mi"}}}]}}')


@pytest.mark.parametrize("manifest", [WEB_POD, WEB_POD_JSON])
def test_any_correct_manifest_gets_full_marks(manifest):
    assert worker.grade(hidden_spec("web-pod"), manifest) == {"points": 5, "max_points": 5, "feedback": []}


def test_wrong_manifest_gets_partial_credit_with_feedback():
    wrong = WEB_POD.replace("app: web", "app: nginx").replace("    ports: [{containerPort: 80}]\n", "")
    assert worker.grade(hidden_spec("web-pod"), wrong.replace("100m", "0.25")) == {
        "points": 2, "max_points": 5, "feedback": [
            "pod web should be labelled app=web but its labels are app=nginx",
            "pod web declares no containerPort 80/TCP (declared: none)",
            "container web of pod web requests cpu=250m, not cpu=100m"]}


def test_the_broken_manifest_from_the_notes_scores_zero_with_kubectls_error():
    intro = next(c for c in nbformat.read(NOTEBOOK, 4).cells if c.metadata["nbgrader"]["grade_id"] == "ex-fix-pod")
    broken = intro.source.split("```yaml\n")[1].split("```")[0]
    result = worker.grade(hidden_spec("fix-pod"), broken)
    assert result["points"] == 0
    assert result["feedback"][0].startswith(
        "kubectl apply -f your manifest said: error: error parsing STDIN: error converting YAML to JSON: "
        "yaml: line 18: did not find expected key")
    assert result["feedback"][1:] == ["there is no pod named nginx in namespace default"]


@pytest.mark.parametrize("commands", [
    "kubectl run cache --image=redis:7 --labels=tier=cache,env=dev",
    "$ kubectl run cache --image=redis:7 -l tier=cache\n# then the second label\nkubectl label pod cache env=dev\n",
])
def test_any_correct_command_list_gets_full_marks(commands):
    assert worker.grade(hidden_spec("cache-commands"), commands)["points"] == 3


def test_commands_that_fail_are_named_in_the_feedback():
    result = worker.grade(hidden_spec("cache-commands"), "kubectl run cache --image=redis:7\nkubectl lable pod cache env=dev\nls /")
    assert result["points"] == 2
    assert result["feedback"] == [
        'line 2 (kubectl lable pod cache env=dev) failed: Error: unknown command "lable" for "kubectl"\n\n'
        "Did you mean this?\n\tlabel",
        "line 3 is not a kubectl command (nor sleep): ls /",
        "pod cache should be labelled tier=cache but its labels are run=cache",
        "pod cache should be labelled env=dev but its labels are run=cache"]


@pytest.mark.parametrize("fix", [
    "kubectl delete pod shop\nkubectl run shop --image=nginx:1.27 --port=80 --labels=app=shop",
    "kubectl delete pod shop\nkubectl run shop --image=nginx:1.27\n"
    "kubectl patch service shop --type=json -p '[{\"op\": \"replace\", \"path\": \"/spec/selector\", "
    "\"value\": {\"run\": \"shop\"}}]'",
])
def test_troubleshooting_fixes_get_full_marks(fix):
    assert worker.grade(hidden_spec("shop-fix"), fix) == {"points": 4, "max_points": 4, "feedback": []}


def test_a_half_fix_names_the_selector_mismatch():
    result = worker.grade(hidden_spec("shop-fix"), "kubectl delete pod shop\nkubectl run shop --image=nginx:1.27")
    assert result == {"points": 2, "max_points": 4, "feedback": [
        "the Service shop selects app=shop but pod shop is labelled run=shop"]}


def test_the_unfixed_cluster_says_why_the_pod_does_not_run():
    result = worker.grade(hidden_spec("shop-fix"), "kubectl get pods")
    assert result["points"] == 0
    assert result["feedback"][0] == "pod shop runs the image ngnix:1.27, not nginx:1.27"
    assert result["feedback"][1] == "pod shop is Pending: container shop is waiting: ImagePullBackOff"


def test_an_unanswered_exercise_raises_and_never_records():
    with pytest.raises(NotImplementedError, match="exercise 'web-pod' is not answered yet"):
        answers.record("web-pod", "# YOUR CODE HERE\nraise NotImplementedError()")
    with pytest.raises(answers.Unanswered, match="exercise 'nothing' has no answer"):
        answers.answer("nothing")
    assert answers.record("cache", "kubectl get pods\n") == answers.answer("cache") == "kubectl get pods\n"


def test_a_check_that_breaks_scores_zero_for_its_part_only(monkeypatch):
    def broken(ctx, **args):
        raise KeyError("status")
    monkeypatch.setitem(checks.CHECKS, "broken", broken)
    spec = {"kind": "manifest", "settle": 0, "checks": [{"check": "broken", "points": 2},
                                                       {"check": "pod_count", "args": {"selector": {"app": "web"}, "count": 1}}]}
    assert worker.grade(spec, WEB_POD) == {"points": 1, "max_points": 3, "feedback": [
        "this part could not be checked (KeyError); it scores zero"]}


def test_hostile_answers_are_bounded_in_virtual_and_wall_time():
    spec = {"kind": "commands", "settle": 0, "checks": [{"check": "pod_count", "args": {"selector": {"run": "x"}, "count": 1}}]}
    hostile = "kubectl run x --image=busybox -- sh -c 'while true; do echo spam; done'\nsleep 1000000000d\n" \
              "kubectl exec x -- rm -rf /\n" + "kubectl get pods\n" * 200
    result = grade(hostile, spec)
    assert result.points == 1
    assert result.feedback == [
        "line 2: your sleeps add up to more than 600 s of virtual time; grading went on after 600 s",
        "line 3 (kubectl exec x -- rm -rf /) failed: rm: can't remove '/': Resource busy\n"
        "command terminated with exit code 1",
        "only the first 100 command lines are graded"]
    stopped = grade("sleep 10", spec, timeout=0.01)
    assert (stopped.points, stopped.feedback) == (0, [
        "grading stopped: your answer ran for more than 0.01 s of real time, so this exercise scores zero"])


ASSIGNMENTS = sorted(name for name in os.listdir(os.path.join(ROOT, "solutions"))
                     if os.path.isdir(os.path.join(ROOT, "solutions", name)))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_committed_release_is_what_nbgrader_generates(tmp_path, assignment):
    subprocess.run([os.path.join(os.path.dirname(sys.executable), "nbgrader"), "generate_assignment", assignment,
                    "--no-db", "--force", f"--CourseDirectory.release_directory={tmp_path}"],
                   cwd=ROOT, check=True, capture_output=True)
    comparison = filecmp.dircmp(os.path.join(ROOT, "exercises", assignment), tmp_path / assignment)
    assert (comparison.left_only, comparison.right_only) == ([], [])
    for name in os.listdir(tmp_path / assignment):
        with open(tmp_path / assignment / name, "rb") as made, \
                open(os.path.join(ROOT, "exercises", assignment, name), "rb") as committed:
            assert committed.read() == made.read(), name


@pytest.mark.parametrize("prediction, points", [("Error", 2), ("# my guess:\n  error\n", 2), ("Completed", 0)])
def test_a_prediction_is_checked_against_the_engine(prediction, points):
    result = worker.grade(hidden_spec("once-status"), prediction)
    assert result["points"] == points
    assert result["feedback"] == ([] if points else ["the cluster does not do what you predicted ('Completed')"])


def test_the_answer_magic_records_a_cell_and_refuses_the_stub():
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "autograder")
    shell.run_cell_magic("answer", "magic-demo", "kubectl get pods\n")
    assert answers.answer("magic-demo") == "kubectl get pods\n"
    with pytest.raises(NotImplementedError, match="exercise 'magic-stub' is not answered yet"):
        shell.run_cell_magic("answer", "magic-stub", "# YOUR CODE HERE\nraise NotImplementedError()")
    assert answers.value_text("### BEGIN SOLUTION\n Error \n### END SOLUTION") == "Error"


def test_a_huge_answer_scores_zero_without_running():
    assert worker.grade(hidden_spec("web-pod"), "#" * 300_000) == {
        "points": 0, "max_points": 5, "feedback": ["your answer is longer than 200000 characters"]}


def test_nbgrader_config_names_the_course_directories_and_limits():
    config = PyFileConfigLoader("nbgrader_config.py", path=ROOT).load_config()
    assert (config.CourseDirectory.root, config.CourseDirectory.course_id) == (ROOT, "k8s-course")
    assert (config.CourseDirectory.source_directory, config.CourseDirectory.release_directory) == (
        "solutions", "exercises")
    assert (config.Execute.timeout, config.Execute.kernel_name) == (180, "python3")
    assert config.OverwriteCells.add_missing_cells is True


def test_a_fixture_that_breaks_is_a_clear_zero_not_a_hang():
    spec = {"kind": "commands", "fixture": {"manifests": ["kind: Pod\n"]}, "checks": [{"check": "pod_count", "points": 2,
            "args": {"selector": {"run": "x"}, "count": 1}}]}
    result = grade("kubectl get pods", spec)
    assert (result.points, result.max_points, result.feedback) == (
        0, 2, ["the grading run failed (RuntimeError), so this exercise scores zero"])


def test_a_pod_that_does_not_run_is_explained_by_the_scheduler_or_the_kubelet():
    spec = {"kind": "manifest", "settle": 60, "checks": [{"check": "pod_running", "args": {"name": "big"}},
                                                         {"check": "pod_running", "args": {"name": "slow"}}]}
    result = worker.grade(spec, """\
apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  containers: [{name: big, image: nginx:1.27, resources: {requests: {cpu: "64"}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: slow}
spec:
  containers:
  - {name: slow, image: nginx:1.27, readinessProbe: {httpGet: {path: /healthz, port: 8080}}}
""")
    assert result["feedback"] == [
        "pod big is Pending and not scheduled: 0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had "
        "untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: "
        "1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..",
        "pod slow is Running but not Ready: Readiness probe failed: Get \"http://10.244.1.3:8080/healthz\": "
        "dial tcp 10.244.1.3:8080: connect: connection refused"]


@pytest.mark.parametrize("fix, points, first_line", [
    ('kubectl delete pod report\nkubectl run report --image=busybox:1.36 --labels=app=report -- sh -c '
     '"echo building the report; sleep 3600"', 3, None),
    ("kubectl delete pod report --now\nkubectl run report --image=busybox:1.36 -l app=report --command -- sleep 3600",
     3, None),
    ("kubectl set resources pod report --requests=cpu=100m", 0, (
        "line 1 (kubectl set resources pod report --requests=cpu=100m) failed: error: failed to patch resources "
        "update to pod template Pod \"report\" is invalid: spec: Forbidden: pod updates may not change fields "
        "other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
        "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow "
        "it to be set to 1 if it was previously negative)\n  core.PodSpec{\n  \tVolumes:        "
        "{{Name: \"kube-api-access-")),
])
def test_a_pending_pod_is_fixed_by_replacing_it(fix, points, first_line):
    result = worker.grade(hidden_spec("report-pending"), fix)
    assert result["points"] == points
    if first_line:
        assert result["feedback"][0].startswith(first_line)
        assert result["feedback"][1].startswith("pod report is Pending and not scheduled: 0/2 nodes are available: "
                                                "1 Insufficient cpu, 1 node(s) had untolerated taint")
    else:
        assert result["feedback"] == []


def test_the_label_point_needs_a_pod_a_node_took_not_the_pending_one():
    spec = hidden_spec("report-pending")
    assert worker.grade(spec, "")["points"] == 0
    unlabelled = ('kubectl delete pod report\nkubectl run report --image=busybox:1.36 -- sh -c '
                  '"echo building the report; sleep 3600"')
    assert worker.grade(spec, unlabelled) == {"points": 2, "max_points": 3, "feedback": [
        "0 pods labelled app=report are bound to nodes, not 1"]}
