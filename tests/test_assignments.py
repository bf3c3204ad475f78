"""The graded assignments built by scripts/build_assignments.py (every assignment):
the committed solution notebooks are what the builder makes, every solution scores full marks and an
empty answer zero, the visible checks pass on the solutions, and wrong answers get partial credit with
feedback in Kubernetes terms."""
import importlib.util
import os
import shutil
import subprocess
import sys
import textwrap

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import answers, worker

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location("build_assignments", os.path.join(ROOT, "scripts", "build_assignments.py"))
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)
ASSIGNMENTS = {a.NAME: a for a in build.assignments()}
SHOWN = ("from autograder import answer, check, score",
         "import importlib, autograder.grading  # the grader as shipped, whatever the notebook redefined",
         "score = importlib.reload(autograder.grading).score")


def notebook(name):
    return nbformat.read(os.path.join(ROOT, "solutions", name, f"{name}.ipynb"), 4)


def solutions(nb):
    """{exercise: the solution text between the markers of its answer cell}."""
    return {cell.source.split("\n", 1)[0].split()[1]:
            cell.source.split("### BEGIN SOLUTION\n")[1].split("### END SOLUTION")[0]
            for cell in nb.cells if cell.metadata["nbgrader"]["solution"]}


def specs(cell, given):
    """(visible specs, hidden spec) a test cell hands to check() and score(), run as the notebook runs it
    with the answers `given` recorded."""
    answers.ANSWERS.update(given)
    visible, hidden = [], []
    source = "\n".join(line for line in cell.source.splitlines() if line not in SHOWN)
    exec(source, {"answer": answers.answer, "check": lambda text, spec: visible.append(spec),
                  "score": lambda text, spec: hidden.append(spec)})
    return visible, hidden[0]


def exercises(name):
    nb = notebook(name)
    given = solutions(nb)
    for cell in nb.cells:
        if cell.metadata["nbgrader"]["grade"]:
            exercise = cell.metadata["nbgrader"]["grade_id"][len("test-"):]
            yield exercise, cell.metadata["nbgrader"]["points"], given[exercise], *specs(cell, given)


def hidden(name, exercise):
    return next(spec for ex, _, _, _, spec in exercises(name) if ex == exercise)


CASES = [(name, exercise) for name in ASSIGNMENTS for exercise, *_ in exercises(name)]


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_the_committed_solution_notebook_is_what_the_builder_makes(name):
    with open(os.path.join(ROOT, "solutions", name, f"{name}.ipynb"), encoding="utf-8") as committed:
        assert committed.read() == nbformat.writes(build.notebook(ASSIGNMENTS[name])) + "\n"


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_each_assignment_has_five_graded_exercises_of_several_kinds(name):
    found = list(exercises(name))
    assert len(found) >= 5
    kinds = {spec.get("kind", "manifest") for *_, spec in found}
    assert kinds == {"manifest", "commands", "value"}
    assert all(points == sum(part.get("points", 1) for part in spec["checks"]) for _, points, _, _, spec in found)


@pytest.mark.parametrize("name, exercise", CASES)
def test_the_solution_scores_full_marks_and_an_empty_answer_zero(name, exercise):
    _, points, solution, visible, spec = next(e for e in exercises(name) if e[0] == exercise)
    assert worker.grade(spec, solution) == {"points": points, "max_points": points, "feedback": []}
    assert worker.grade(spec, "")["points"] == 0
    for check in visible:
        result = worker.grade(check, solution)
        assert (result["points"], result["feedback"]) == (result["max_points"], [])


def grade(name, exercise, text):
    result = worker.grade(hidden(name, exercise), textwrap.dedent(text))
    return result["points"], result["feedback"]


# 03-probes

def test_a_liveness_probe_that_fails_while_the_app_works_loses_the_restart_points():
    points, feedback = grade("03-probes", "worker-liveness", """\
        apiVersion: v1
        kind: Pod
        metadata: {name: worker}
        spec:
          containers:
          - name: worker
            image: busybox:1.36
            command: ["sh", "-c", "touch /tmp/healthy; sleep 30; rm /tmp/healthy; sleep 3600"]
            livenessProbe: {exec: {command: [cat, /tmp/health]}}
        """)
    assert points == 1
    assert feedback == ["the liveness probe of pod worker failed 10 s after the pod started, while its app was "
                        "still working (Liveness probe failed: cat: can't open '/tmp/health': No such file or "
                        "directory)"]


def test_any_liveness_command_that_checks_the_file_gets_full_marks():
    assert grade("03-probes", "worker-liveness", """\
        apiVersion: v1
        kind: Pod
        metadata: {name: worker}
        spec:
          containers:
          - name: worker
            image: busybox:1.36
            command: ["sh", "-c", "touch /tmp/healthy; sleep 30; rm /tmp/healthy; sleep 3600"]
            livenessProbe:
              exec: {command: [test, -f, /tmp/healthy]}
              initialDelaySeconds: 3
        """) == (4, [])


def test_no_liveness_probe_means_no_restart():
    assert grade("03-probes", "worker-liveness", """\
        apiVersion: v1
        kind: Pod
        metadata: {name: worker}
        spec:
          containers:
          - {name: worker, image: busybox:1.36, command: [sh, -c, "touch /tmp/healthy; sleep 30; rm /tmp/healthy; sleep 3600"]}
        """) == (0, ["no container of pod worker has a livenessProbe",
                     "pod worker's container was never restarted: its app stopped working but no liveness probe "
                     "noticed"])


def test_without_a_readiness_probe_the_service_sends_traffic_too_early():
    assert grade("03-probes", "readiness-gate", """\
        apiVersion: v1
        kind: Pod
        metadata: {name: api, labels: {app: api}}
        spec:
          containers:
          - {name: api, image: busybox:1.36, command: [sh, -c, "sleep 30; touch /tmp/ready; sleep 3600"]}
        """) == (3, ["Service api already sends traffic to pod api before its app is ready to serve"])


def test_the_slow_starter_without_a_startup_probe_keeps_restarting():
    text = next(e for e in ASSIGNMENTS["03-probes"].EXERCISES if e["name"] == "startup-probe")["text"]
    points, feedback = grade("03-probes", "startup-probe", textwrap.dedent(text).split("```yaml\n")[1].split("```")[0])
    assert points == 1
    assert feedback == ["pod legacy is Running: container legacy is waiting: CrashLoopBackOff",
                        "pod legacy's containers keep restarting", "no container of pod legacy has a startupProbe"]


def test_the_notes_liveness_example_does_not_load():
    assert grade("03-probes", "notes-liveness", ASSIGNMENTS["03-probes"].NOTES_LIVENESS) == (0, [
        "kubectl apply -f your manifest said: error: error parsing STDIN: error converting YAML to JSON: yaml: "
        "line 8: mapping values are not allowed in this context",
        "there is no pod named liveness-exec in namespace default"])


def test_a_strategic_merge_patch_fixes_the_probe_and_removing_it_does_not_count():
    merge = """kubectl patch deployment shop -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","readinessProbe":{"httpGet":{"port":80}}}]}}}}'"""
    assert grade("03-probes", "shop-probe", merge) == (4, [])
    remove = """kubectl patch deployment shop --type=json -p '[{"op": "remove", "path": "/spec/template/spec/containers/0/readinessProbe"}]'"""
    assert grade("03-probes", "shop-probe", remove) == (2, [
        "Deployment shop's pods no longer have a readinessProbe: fix the probe rather than remove it"])


def test_the_unfixed_shop_is_explained_by_its_readiness_probe():
    points, feedback = grade("03-probes", "shop-probe", "kubectl get pods")
    assert points == 0
    assert feedback[0].startswith("Deployment shop has 0 of 2 replicas available and 2 up to date: pod shop-")
    assert 'is Running but not Ready: Readiness probe failed: Get "http://10.244.1.' in feedback[0]


def test_a_wrong_prediction_of_restarts():
    assert grade("03-probes", "predict-restarts", "3") == (0, ["the cluster does not do what you predicted ('3')"])


# 04-controllers

@pytest.mark.parametrize("commands", [
    """kubectl patch deployment web -p '{"spec": {"replicas": 5}}'""",
    "kubectl scale --replicas=3 deploy/web\nsleep 10\nkubectl scale deployment/web --replicas 5",
])
def test_any_way_of_scaling_gets_full_marks(commands):
    assert grade("04-controllers", "scale-web", commands) == (3, [])


def test_the_default_strategy_lets_a_rollout_drop_below_capacity():
    manifest = next(e for e in ASSIGNMENTS["04-controllers"].EXERCISES if e["name"] == "rolling-api")["solution"]
    default = "\n".join(line for line in textwrap.dedent(manifest).splitlines()
                        if "strategy" not in line and "rolling" not in line.lower() and "max" not in line)
    points, feedback = grade("04-controllers", "rolling-api", default)
    assert points == 2
    assert feedback == ["Deployment api's maxUnavailable is 25%: 1 pods of 4, not 0",
                        "while Deployment api rolled out nginx:1.27, only 3 pods were available"]
    percent = textwrap.dedent(manifest).replace("maxSurge: 1", "maxSurge: 25%").replace("maxUnavailable: 0",
                                                                                       'maxUnavailable: "0%"')
    assert grade("04-controllers", "rolling-api", percent) == (5, [])


def test_rolling_back_by_setting_the_old_image_also_counts():
    assert grade("04-controllers", "rollback-shop", "kubectl set image deployment/shop nginx=nginx:1.27") == (4, [])
    assert grade("04-controllers", "rollback-shop", "kubectl rollout status deployment shop --timeout=1s") == (0, [
        "line 1 (kubectl rollout status deployment shop --timeout=1s) failed: error: timed out waiting for the "
        "condition", "Deployment shop's pods run the image nginx:1.277, not nginx:1.27",
        "pods labelled app=shop still run nginx:1.277"])


def test_the_notes_cronjob_is_refused_and_a_one_minute_schedule_is_named():
    cronjob = ASSIGNMENTS["04-controllers"].NOTES_CRONJOB
    assert grade("04-controllers", "notes-cronjob", cronjob) == (0, [
        'kubectl apply -f your manifest said: error: resource mapping not found for name: "hello" namespace: "" '
        'from "STDIN": no matches for kind "CronJob" in version "batch/v1beta1"\nensure CRDs are installed first',
        "there is no CronJob named hello in namespace default"])
    solution = next(e for e in ASSIGNMENTS["04-controllers"].EXERCISES if e["name"] == "notes-cronjob")["solution"]
    every_minute = textwrap.dedent(solution).replace("*/5", "*/1").replace("  successfulJobsHistoryLimit: 2\n", "")
    assert grade("04-controllers", "notes-cronjob", every_minute) == (0, [
        "CronJob hello ran Jobs 1 minutes apart, not every 5 minutes", "CronJob hello keeps 3 successful Jobs, not 2"])


def test_a_job_without_parallelism_runs_its_pods_one_at_a_time():
    solution = next(e for e in ASSIGNMENTS["04-controllers"].EXERCISES if e["name"] == "job-pi")["solution"]
    assert grade("04-controllers", "job-pi", textwrap.dedent(solution).replace("  parallelism: 2\n", "")) == (
        2, ["Job pi ran 1 pods at a time, not 2"])


def test_the_notes_deployment_and_a_selector_that_misses_its_template_are_refused():
    assert grade("04-controllers", "notes-deployment", ASSIGNMENTS["04-controllers"].NOTES_DEPLOYMENT) == (0, [
        'kubectl apply -f your manifest said: Error from server (BadRequest): error when creating "STDIN": Deployment '
        'in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.matchLabels", '
        'unknown field "spec.metadata", unknown field "spec.spec"',
        "there is no Deployment named nginx in namespace default", "0 pods in namespace default are labelled app=nginx, not 3"])
    solution = next(e for e in ASSIGNMENTS["04-controllers"].EXERCISES if e["name"] == "notes-deployment")["solution"]
    mismatch = textwrap.dedent(solution).replace("      app: nginx\n  template", "      app: web\n  template")
    assert grade("04-controllers", "notes-deployment", mismatch) == (0, [
        'kubectl apply -f your manifest said: The Deployment "nginx" is invalid: spec.template.metadata.labels: '
        'Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
        "there is no Deployment named nginx in namespace default", "0 pods in namespace default are labelled app=nginx, not 3"])


def test_deleting_the_quota_runs_the_pods_but_loses_the_quota_point():
    assert grade("04-controllers", "quota-worker", "kubectl delete quota pods -n team-a") == (2, [
        "there is no ResourceQuota named pods in namespace team-a: the quota should stay"])
    points, feedback = grade("04-controllers", "quota-worker", "kubectl get pods -n team-a")
    assert points == 0
    assert feedback == ["Deployment worker has 2 of 3 replicas available and 2 up to date",
                        "ResourceQuota pods allows pods=2, fewer than 3"]


def test_a_wrong_prediction_of_a_stuck_rollout():
    assert grade("04-controllers", "predict-rollout", "4/4") == (0, ["the cluster does not do what you predicted ('4/4')"])


# 05-services

def test_the_service_that_selects_nothing_names_the_labels():
    points, feedback = grade("05-services", "selector-trouble", "kubectl get endpoints web")
    assert points == 0
    assert feedback[0] == "the Service web selects app=web but the pods are labelled app=nginx"
    assert feedback[1].startswith("from pod client, wget http://web does not reach the app: wget: can't connect to "
                                  "remote host (10.")


@pytest.mark.parametrize("fix", [
    """kubectl patch service web -p '{"spec": {"selector": {"app": "nginx"}}}'""",
    "kubectl delete service web\nkubectl expose deployment frontend --name=web --port=80",
])
def test_any_fix_of_the_selector_gets_full_marks(fix):
    assert grade("05-services", "selector-trouble", fix) == (4, [])


def test_expose_then_patch_the_node_port_gets_full_marks_and_a_random_node_port_none():
    expose = "kubectl expose deployment web --type=NodePort --port=80\n"
    patch = """kubectl patch service web --type=json -p '[{"op": "replace", "path": "/spec/ports/0/nodePort", "value": 30080}]'"""
    assert grade("05-services", "nodeport-web", expose + patch) == (4, [])
    points, feedback = grade("05-services", "nodeport-web", expose)
    assert points == 0
    assert feedback[0].startswith("Service web is not reachable on node port 30080 (its node ports: 3")
    assert feedback[1:] == [f"from pod client, wget http://172.18.0.{n}:30080 does not reach the app: wget: can't "
                            f"connect to remote host (172.18.0.{n}): Connection refused" for n in (2, 3)]


def test_a_service_with_a_cluster_ip_is_not_headless():
    solution = next(e for e in ASSIGNMENTS["05-services"].EXERCISES if e["name"] == "headless-db")["solution"]
    points, feedback = grade("05-services", "headless-db", textwrap.dedent(solution).replace("  clusterIP: None\n", ""))
    assert points == 3
    assert feedback[0].startswith("Service db has the cluster IP 10.") and feedback[0].endswith(
        ": a headless Service has none")


def test_the_notes_service_is_refused_by_strict_decoding():
    points, feedback = grade("05-services", "notes-nodeport", ASSIGNMENTS["05-services"].NOTES_SERVICE)
    assert points == 0
    assert feedback[:2] == [
        'kubectl apply -f your manifest said: Error from server (BadRequest): error when creating "STDIN": Service in '
        'version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.app", unknown field '
        '"spec.targetPort", unknown field "spec.nodePort"', "there is no Service named nginx in namespace default"]


@pytest.mark.parametrize("prediction, points", [("api-3,api-1", 3), ("api-1\napi-3\n", 3), ("api-1 api-2 api-3", 0)])
def test_endpoints_are_predicted_in_any_order(prediction, points):
    assert grade("05-services", "predict-endpoints", prediction)[0] == points


# end to end through nbgrader: release, submissions, autograde, gradebook

NBGRADER = os.path.join(os.path.dirname(sys.executable), "nbgrader")
WRONG = {name: a.WRONG for name, a in ASSIGNMENTS.items()}  # per assignment: {exercise: (an answer, its points)}


def nbgrader(course, *args):
    subprocess.run([NBGRADER, *args, f"--CourseDirectory.root={course}",
                    f"--CourseDirectory.db_url=sqlite:///{course}/gradebook.db"], cwd=ROOT, check=True, capture_output=True)


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_blank_and_partly_wrong_submissions_through_nbgrader(tmp_path, name):
    shutil.copytree(os.path.join(ROOT, "solutions", name), tmp_path / "solutions" / name)
    nbgrader(tmp_path, "generate_assignment", name)
    release = nbformat.read(tmp_path / "exercises" / name / f"{name}.ipynb", 4)
    wrong = nbformat.from_dict(notebook(name))
    for cell in wrong.cells:
        exercise = cell.metadata["nbgrader"]["grade_id"][len("answer-"):]
        if exercise in WRONG[name] and cell.metadata["nbgrader"]["solution"]:
            cell.source = f"%%answer {exercise}\n{WRONG[name][exercise][0]}"
    for student, nb in (("blank", release), ("wrong", wrong)):
        folder = tmp_path / "submitted" / student / name
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{name}.ipynb")
    nbgrader(tmp_path, "autograde", name, "--Execute.timeout=60")
    with Gradebook(f"sqlite:///{tmp_path}/gradebook.db") as gradebook:
        scores = {student: {g.name[len("test-"):]: g.score for g in
                            gradebook.find_submission(name, student).notebooks[0].grades}
                  for student in ("blank", "wrong")}
    assert set(scores["blank"].values()) == {0}
    # every other answer is the solution: full marks
    assert scores["wrong"] == {exercise: WRONG[name][exercise][1] if exercise in WRONG[name] else points
                               for exercise, points, *_ in exercises(name)}


# checks used by the assignments, on their own

def spec(*checks, settle=30):
    return {"kind": "manifest", "settle": settle, "checks": [{"check": c, "args": a} for c, a in checks]}


SHOP = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: shop}
spec:
  replicas: 2
  strategy: {type: Recreate}
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop, tier: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
---
apiVersion: v1
kind: Pod
metadata: {name: stray, labels: {tier: web}}
spec:
  containers: [{name: nginx, image: nginx:1.27}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {tier: web}
  ports: [{port: 80}]
"""


def test_a_service_that_also_selects_other_pods_and_a_recreate_strategy_are_named():
    result = worker.grade(spec(("service_backends", {"name": "web", "selector": {"app": "shop"}, "count": 2}),
                               ("rolling_strategy", {"name": "shop", "max_surge": 1}),
                               ("quota_at_least", {"name": "pods", "resource": "pods", "value": 3})), SHOP)
    assert result["feedback"] == ["the Service web also sends traffic to pods that are not the app's: stray",
                                  "Deployment shop updates by Recreate, not RollingUpdate",
                                  "there is no ResourceQuota named pods in namespace default: the quota should stay"]


def test_a_cronjob_that_ran_once_and_a_job_that_failed():
    manifest = """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: tick, image: busybox:1.36, command: [date]}]
          restartPolicy: OnFailure
---
apiVersion: batch/v1
kind: Job
metadata: {name: fail}
spec:
  backoffLimit: 0
  template:
    spec:
      containers: [{name: fail, image: busybox:1.36, command: [sh, -c, "exit 1"]}]
      restartPolicy: Never
"""
    result = worker.grade(spec(("cronjob_every", {"name": "tick", "minutes": 5}),
                               ("job_complete", {"name": "fail", "succeeded": 1}), settle=300), manifest)
    assert result["feedback"] == ["CronJob tick made 1 Jobs, too few for a schedule of every 5 minutes",
                                  "Job fail is not complete: 0 pods succeeded; it failed: Job has reached the "
                                  "specified backoff limit"]
