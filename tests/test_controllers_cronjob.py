"""The CronJob controller in virtual time: a job per schedule time named `<cronjob>-<minutes>`, history
limits, Forbid/Replace, missed schedules, and robfig/cron semantics through croniter."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from engine import Cluster
from engine.controllers.cronjob import Schedule, job_name

HELLO = """
apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: "*/1 * * * *"
  concurrencyPolicy: %s
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command: [/bin/sh, -c, "%s"]
          restartPolicy: OnFailure
"""


def jobs(c):
    return sorted(j["metadata"]["name"] for j in c.api.list("jobs", "default")["items"])


def events(c, reason):
    return [e["message"] for e in c.api.list("events", "default")["items"]
            if e["involvedObject"]["kind"] == "CronJob" and e["reason"] == reason]


@pytest.fixture
def c():
    return Cluster(wait=False)


def minutes(c, at):
    return int(c.clock.epoch.timestamp() + at) // 60


def test_hello_makes_a_job_each_minute_and_keeps_three(c):
    c.apply(HELLO % ("Allow", "date; echo Hello from the Kubernetes cluster"))
    c.advance(60.05)
    assert jobs(c) == []  # the controller wakes 100 ms after the schedule time
    c.advance(0.1)
    first = f"hello-{minutes(c, 60)}"
    assert jobs(c) == [first]
    job = c.api.get("jobs", first)
    assert job["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"] == "2025-01-01T00:01:00Z"
    assert job["metadata"]["ownerReferences"][0]["kind"] == "CronJob"
    assert events(c, "SuccessfulCreate") == [f"Created job {first}"]
    c.advance(5 * 60)
    # three successful jobs kept, plus the one of 00:06 that is running
    assert jobs(c) == [f"hello-{minutes(c, 60 * m)}" for m in (3, 4, 5, 6)]
    status = c.api.get("cronjobs", "hello")["status"]
    assert status["lastScheduleTime"] == "2025-01-01T00:06:00Z"
    assert status["lastSuccessfulTime"].startswith("2025-01-01T00:0")
    assert f"Deleted job hello-{minutes(c, 60)}" in events(c, "SuccessfulDelete")
    assert f"Saw completed job: {first}, condition: Complete" in events(c, "SawCompletedJob")
    out = c.api.pod_log(c.api.list("pods", "default", label_selector=f"job-name=hello-{minutes(c, 300)}")["items"][0]["metadata"]["name"])
    assert out.endswith("Hello from the Kubernetes cluster\n")


def test_forbid_skips_while_a_job_runs(c):
    c.apply(HELLO % ("Forbid", "sleep 90"))
    c.advance(60.2)
    c.advance(60)
    assert jobs(c) == [f"hello-{minutes(c, 60)}"]
    assert events(c, "JobAlreadyActive") == ["Not starting job because prior execution is running and concurrency policy is Forbid"]
    assert len(c.api.get("cronjobs", "hello")["status"]["active"]) == 1


def test_replace_deletes_the_running_job(c):
    c.apply(HELLO % ("Replace", "sleep 600"))
    c.advance(120.2)
    assert jobs(c) == [f"hello-{minutes(c, 120)}"]
    assert events(c, "SuccessfulDelete") == [f"Deleted job hello-{minutes(c, 60)}"]
    (active,) = c.api.get("cronjobs", "hello")["status"]["active"]
    assert active["name"] == f"hello-{minutes(c, 120)}" and active["kind"] == "Job"


def test_too_many_missed_start_times(c):
    c.apply(HELLO % ("Allow", "true"))
    c.api.patch("cronjobs", "hello", {"spec": {"suspend": True}}, "application/merge-patch+json")
    c.advance(3 * 3600 + 30)
    c.api.patch("cronjobs", "hello", {"spec": {"suspend": False}}, "application/merge-patch+json")
    c.advance(0)
    assert events(c, "TooManyMissedTimes") == [
        "too many missed start times: 180. Set or decrease .spec.startingDeadlineSeconds or check clock skew"]
    assert jobs(c) == [f"hello-{minutes(c, 3 * 3600)}"]  # only the most recent one starts


def test_schedule_follows_robfig_cron():
    utc = timezone.utc
    at = datetime(2025, 1, 1, 0, 0, 0, tzinfo=utc)
    assert Schedule("*/1 * * * *", utc).next(at) == datetime(2025, 1, 1, 0, 1, tzinfo=utc)  # strictly after
    assert Schedule("*/1 * * * *", utc).next(at.replace(second=59, microsecond=500000)) == datetime(2025, 1, 1, 0, 1, tzinfo=utc)
    assert Schedule("@hourly", utc).next(at) == datetime(2025, 1, 1, 1, tzinfo=utc)
    assert Schedule("@weekly", utc).next(at) == datetime(2025, 1, 5, tzinfo=utc)
    assert Schedule("@every 90s", utc).next(at) == datetime(2025, 1, 1, 0, 1, 30, tzinfo=utc)
    berlin = Schedule("0 9 * * *", ZoneInfo("Europe/Berlin"))
    assert berlin.next(at) == datetime(2025, 1, 1, 8, 0, tzinfo=utc)  # 09:00 CET
    cj = {"metadata": {"name": "hello"}}
    assert job_name(cj, datetime(2025, 1, 1, 0, 1, tzinfo=utc)) == f"hello-{1735689660 // 60}"
