"""The Job and TTL-after-finished controllers in virtual time: pods run by the kubelet to completion,
back-off between failed retries, deadlines, Indexed jobs, and the status/conditions/events of v1.32."""
import pytest

from engine import Cluster
from engine.controllers.job import format_indexes, match_failure_policy, parse_indexes

PI = """
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
"""


def busybox_job(name, command, **spec):
    extra = "".join(f"\n  {k}: {v}" for k, v in spec.items())
    return f"""
apiVersion: batch/v1
kind: Job
metadata: {{name: {name}}}
spec:{extra}
  template:
    spec:
      containers:
      - name: main
        image: busybox:1.28
        command: ["sh", "-c", "{command}"]
      restartPolicy: Never
"""


def job_pods(c, name):
    return sorted(c.api.list("pods", "default", label_selector=f"job-name={name}")["items"],
                  key=lambda p: (p["metadata"]["creationTimestamp"], p["metadata"]["name"]))


def events_for(c, kind, name):
    return [(e["type"], e["reason"], e["message"]) for e in c.api.list("events", "default")["items"]
            if e["involvedObject"]["kind"] == kind and e["involvedObject"]["name"] == name]


def run_until(c, predicate, timeout=120, step=1):
    waited = 0
    while not predicate() and waited < timeout:
        c.advance(step)
        waited += step
    return predicate()


@pytest.fixture
def c():
    return Cluster(wait=False)


def test_pi_job_runs_to_completion(c):
    c.apply(PI)
    c.advance(0)
    job = c.api.get("jobs", "pi")
    assert job["status"] == {"active": 1, "ready": 0, "startTime": "2025-01-01T00:00:00Z", "terminating": 0,
                             "uncountedTerminatedPods": {}}
    (pod,) = job_pods(c, "pi")
    meta = pod["metadata"]
    assert meta["name"].startswith("pi-") and len(meta["name"]) == len("pi-") + 5
    assert meta["finalizers"] == ["batch.kubernetes.io/job-tracking"]
    assert meta["ownerReferences"] == [{"apiVersion": "batch/v1", "kind": "Job", "name": "pi", "uid": job["metadata"]["uid"],
                                        "controller": True, "blockOwnerDeletion": True}]
    assert meta["labels"]["batch.kubernetes.io/controller-uid"] == job["metadata"]["uid"]
    assert meta["labels"]["batch.kubernetes.io/job-name"] == "pi" and meta["labels"]["job-name"] == "pi"
    assert run_until(c, lambda: c.api.get("jobs", "pi")["status"].get("succeeded") == 1)
    job = c.api.get("jobs", "pi")
    status = job["status"]
    done = status["completionTime"]
    assert [(k["type"], k["reason"], k["message"], k["lastTransitionTime"]) for k in status["conditions"]] == [
        ("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", done),
        ("Complete", "CompletionsReached", "Reached expected number of succeeded pods", done)]
    assert "active" not in status and status["ready"] == 0 and status["terminating"] == 0
    (pod,) = job_pods(c, "pi")
    assert "finalizers" not in pod["metadata"]  # counted, then released
    assert c.api.pod_log(pod["metadata"]["name"], "default").startswith("3.14159265358979323846")
    assert events_for(c, "Job", "pi") == [("Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}"),
                                          ("Normal", "Completed", "Job completed")]
    out = c.kubectl("get job pi").stdout.splitlines()
    assert out[0].split() == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]
    assert out[1].split()[:3] == ["pi", "Complete", "1/1"]


def test_completions_and_parallelism(c):
    c.apply(busybox_job("multi", "echo done", completions=5, parallelism=2))
    c.advance(0)
    assert len(job_pods(c, "multi")) == 2
    assert run_until(c, lambda: c.api.get("jobs", "multi")["status"].get("succeeded") == 5)
    pods = job_pods(c, "multi")
    assert len(pods) == 5 and all(p["status"]["phase"] == "Succeeded" for p in pods)
    assert c.api.get("jobs", "multi")["status"]["conditions"][-1]["type"] == "Complete"


def test_backoff_limit_with_exponential_back_off(c):
    c.apply(busybox_job("fail", "exit 1", backoffLimit=2))
    assert run_until(c, lambda: any(k["type"] == "Failed" for k in c.api.get("jobs", "fail")["status"].get("conditions", [])),
                     timeout=300)
    pods = job_pods(c, "fail")
    assert len(pods) == 3  # the first try and backoffLimit retries
    created = [c.clock.parse(p["metadata"]["creationTimestamp"]) for p in pods]
    finished = [c.clock.parse(p["status"]["containerStatuses"][0]["state"]["terminated"]["finishedAt"]) for p in pods]
    # the n-th retry waits 10 s * 2^(n-1) after the failure that preceded it
    assert 10 <= created[1] - finished[0] <= 12
    assert 20 <= created[2] - finished[1] <= 22
    status = c.api.get("jobs", "fail")["status"]
    assert status["failed"] == 3 and "succeeded" not in status and "completionTime" not in status
    assert [(k["type"], k["reason"], k["message"]) for k in status["conditions"]] == [
        ("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
        ("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")]
    assert events_for(c, "Job", "fail")[-1] == ("Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit")
    assert [e[1] for e in events_for(c, "Job", "fail")].count("SuccessfulCreate") == 3


def test_active_deadline_seconds(c):
    c.apply(busybox_job("slow", "sleep 3600", activeDeadlineSeconds=10))
    c.advance(9.9)
    assert "conditions" not in c.api.get("jobs", "slow")["status"]
    c.advance(0.2)
    status = c.api.get("jobs", "slow")["status"]
    assert [(k["type"], k["reason"], k["message"]) for k in status["conditions"]][0] == \
        ("FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline")
    (pod,) = job_pods(c, "slow")
    assert pod["metadata"].get("deletionTimestamp")
    assert ("Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}") in events_for(c, "Job", "slow")
    assert run_until(c, lambda: c.api.get("jobs", "slow")["status"]["conditions"][-1]["type"] == "Failed", timeout=60)
    status = c.api.get("jobs", "slow")["status"]
    assert status["conditions"][-1]["reason"] == "DeadlineExceeded" and status["failed"] == 1
    assert events_for(c, "Job", "slow")[-1] == ("Warning", "DeadlineExceeded", "Job was active longer than specified deadline")


def test_indexed_job(c):
    c.apply(busybox_job("idx", "echo $JOB_COMPLETION_INDEX", completions=3, parallelism=3, completionMode="Indexed"))
    c.advance(0)
    pods = sorted(job_pods(c, "idx"), key=lambda p: p["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"])
    assert [p["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"] for p in pods] == ["0", "1", "2"]
    assert [p["metadata"]["labels"]["batch.kubernetes.io/job-completion-index"] for p in pods] == ["0", "1", "2"]
    assert [p["spec"]["hostname"] for p in pods] == ["idx-0", "idx-1", "idx-2"]
    assert all(p["metadata"]["name"].startswith(f"idx-{i}-") for i, p in enumerate(pods))
    assert run_until(c, lambda: c.api.get("jobs", "idx")["status"].get("succeeded") == 3)
    assert c.api.get("jobs", "idx")["status"]["completedIndexes"] == "0-2"


def test_ttl_seconds_after_finished_deletes_the_job(c):
    c.apply(busybox_job("short", "true", ttlSecondsAfterFinished=30))
    assert run_until(c, lambda: c.api.get("jobs", "short")["status"].get("completionTime"))
    finished = c.clock.parse(c.api.get("jobs", "short")["status"]["completionTime"])
    c.clock.run_until_time(finished + 29.9)
    assert not c.api.get("jobs", "short")["metadata"].get("deletionTimestamp")
    c.advance(1)
    assert not c.api.list("jobs", "default")["items"]
    assert not job_pods(c, "short")


def test_index_intervals_and_pod_failure_policy():
    assert format_indexes({0, 1, 2, 5, 7, 8}) == "0-2,5,7-8"
    assert parse_indexes("0-2,5,7-8") == {0, 1, 2, 5, 7, 8}
    job = {"spec": {"podFailurePolicy": {"rules": [
        {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]},
        {"action": "FailJob", "onExitCodes": {"containerName": "main", "operator": "In", "values": [42]}}]}}}
    pod = {"metadata": {"name": "p", "namespace": "default"},
           "status": {"phase": "Failed", "containerStatuses": [{"name": "main", "state": {"terminated": {"exitCode": 42}}}]}}
    assert match_failure_policy(job, pod) == (
        "FailJob", "Container main for pod default/p failed with exit code 42 matching FailJob rule at index 1")
    pod["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"] = 1
    assert match_failure_policy(job, pod) is None
