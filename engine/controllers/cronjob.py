"""The CronJob controller (pkg/controller/cronjob, controllerv2): creates a Job named
`<cronjob>-<scheduled minutes>` at each schedule time, honouring timeZone, concurrencyPolicy,
startingDeadlineSeconds, suspend and the history limits; it wakes only at the next schedule time."""
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from ..api.errors import ApiError
from ..events import EventRecorder
from .base import Controller, controller_ref, split_key
from .job import finished_condition

SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp"
NEXT_SCHEDULE_DELTA = 0.1  # nextScheduleDelta: wake 100 ms after the schedule time
MAX_MISSED = 100
_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


class Schedule:
    """robfig/cron's ParseStandard schedule: Next(t) is the first activation strictly after t,
    counted from t rounded up to the whole second; `@every d` adds d (at least 1 s) to t."""

    def __init__(self, text, zone):
        self.zone, self.every = zone, None
        if text.startswith("@every "):
            self.every = max(_go_duration(text[len("@every "):].strip()), 1.0)
        else:
            # parsed once (raises on a bad expression); each next() only moves its start
            self._iter = croniter(text, datetime(2000, 1, 1, tzinfo=zone))

    def next(self, moment):
        if self.every is not None:
            return moment.replace(microsecond=0) + timedelta(seconds=int(self.every))
        start = moment.replace(microsecond=0) + timedelta(seconds=1) - timedelta(microseconds=1)
        try:
            self._iter.set_current(start.astimezone(self.zone))
            return self._iter.get_next(datetime).astimezone(timezone.utc)
        except Exception:  # croniter gives up on impossible dates (Feb 31): robfig returns the zero time
            return None


_SCHEDULES = {}  # (schedule, zone) -> Schedule: a CronJob's schedule is parsed once, not at every sync


def parsed_schedule(text, zone):
    key = (text, str(zone))
    if key not in _SCHEDULES:
        _SCHEDULES[key] = Schedule(text, zone)
    return _SCHEDULES[key]


def _go_duration(text):
    pos, total = 0, 0.0
    for match in _DURATION.finditer(text):
        if match.start() != pos:
            raise ValueError(text)
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if pos != len(text) or not text:
        raise ValueError(text)
    return total


def job_name(cronjob, scheduled):
    """getJobName: the scheduled time in minutes since the Unix epoch."""
    return f"{cronjob['metadata']['name']}-{int(scheduled.timestamp()) // 60}"


def _rfc3339(moment):
    text = moment.strftime("%Y-%m-%dT%H:%M:%S%z")
    return text[:-5] + "Z" if text.endswith("+0000") else text[:-2] + ":" + text[-2:]


class CronJobController(Controller):
    name = "cronjob"

    def setup(self):
        self.recorder = EventRecorder(self.server, self.clock, "cronjob-controller")
        self._timers = {}
        self._jobs = {}  # uid of the controlling CronJob -> {job name: job}, as the watch last showed them
        self._job_owner = {}  # (namespace, job name) -> that uid
        self.watch("cronjobs", self._cronjob_event)
        self.watch("jobs", self._job_event)

    def _cronjob_event(self, kind, cronjob):
        key = f"{cronjob['metadata']['namespace']}/{cronjob['metadata']['name']}"
        if kind == "DELETED":
            timer = self._timers.pop(key, None)
            if timer:
                timer.cancel()
            return
        self.enqueue(key)

    def _job_event(self, kind, job):
        meta = job["metadata"]
        owner = self._job_owner.pop((meta["namespace"], meta["name"]), None)
        if owner is not None:
            self._jobs[owner].pop(meta["name"], None)
            if not self._jobs[owner]:
                del self._jobs[owner]
        ref = controller_ref(job)
        if ref and kind != "DELETED":
            self._jobs.setdefault(ref["uid"], {})[meta["name"]] = job
            self._job_owner[(meta["namespace"], meta["name"])] = ref["uid"]
        if ref and ref.get("kind") == "CronJob":
            self.enqueue(f"{job['metadata']['namespace']}/{ref['name']}")

    def _wake_at(self, key, seconds):
        """One pending wake-up per CronJob: at its next schedule time."""
        timer = self._timers.pop(key, None)
        if timer:
            timer.cancel()
        self._timers[key] = self.clock.call_later(seconds, lambda: self.enqueue(key))

    # sync
    def sync(self, key):
        namespace, name = split_key(key)
        cronjob = self.get("cronjobs", name, namespace)
        if cronjob is None:
            return None
        owned = self._jobs.get(cronjob["metadata"]["uid"]) or {}
        jobs = [owned[job] for job in sorted(owned)]
        status = dict(cronjob.get("status") or {})
        jobs = self._track_jobs(cronjob, jobs, status)
        self._cleanup(cronjob, jobs, status)
        delay = None
        if not cronjob["metadata"].get("deletionTimestamp") and not cronjob["spec"].get("suspend"):
            delay = self._run_schedule(cronjob, status)
        self._write_status(cronjob, status)
        if delay is not None:
            self._wake_at(key, delay)
        return None

    def _track_jobs(self, cronjob, jobs, status):
        """Keep status.active and lastSuccessfulTime current from the jobs this CronJob owns."""
        active = list(status.get("active") or [])
        by_uid = {j["metadata"]["uid"]: j for j in jobs}
        for job in jobs:
            uid, done = job["metadata"]["uid"], finished_condition(job)
            listed = any(ref.get("uid") == uid for ref in active)
            if listed and done:
                active = [ref for ref in active if ref.get("uid") != uid]
                self.recorder.event(cronjob, "Normal", "SawCompletedJob",
                                    f"Saw completed job: {job['metadata']['name']}, condition: {done['type']}")
            elif not listed and not done:
                active.append(_job_ref(job))
            if done and done["type"] == "Complete" and (job.get("status") or {}).get("completionTime"):
                finished = job["status"]["completionTime"]
                last = status.get("lastSuccessfulTime")
                if last is None or self.clock.parse(finished) > self.clock.parse(last):
                    status["lastSuccessfulTime"] = finished
        for ref in list(active):
            if ref.get("uid") not in by_uid:
                active.remove(ref)
                self.recorder.event(cronjob, "Normal", "MissingJob", f"Active job went missing: {ref.get('name')}")
        status["active"] = active
        return jobs

    def _cleanup(self, cronjob, jobs, status):
        """Delete the oldest finished jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit."""
        spec = cronjob["spec"]
        for type_, limit in (("Complete", spec.get("successfulJobsHistoryLimit")),
                             ("Failed", spec.get("failedJobsHistoryLimit"))):
            if limit is None:
                continue
            done = [j for j in jobs if (finished_condition(j) or {}).get("type") == type_]
            done.sort(key=lambda j: (0, self.clock.parse(j["status"]["startTime"]), j["metadata"]["name"])
                      if (j.get("status") or {}).get("startTime") else (1, 0, j["metadata"]["name"]))
            for job in done[:max(len(done) - limit, 0)]:
                self._delete_job(cronjob, job, status)

    def _run_schedule(self, cronjob, status):
        """Start the job of the most recent missed schedule time if allowed; seconds until the next one."""
        spec = cronjob["spec"]
        try:
            zone = ZoneInfo(spec["timeZone"]) if spec.get("timeZone") else timezone.utc
        except (ZoneInfoNotFoundError, ValueError):
            self.recorder.event(cronjob, "Warning", "UnknownTimeZone", f"invalid timeZone: {spec['timeZone']!r}")
            return None
        try:
            schedule = parsed_schedule(spec["schedule"], zone)
        except Exception as e:
            self.recorder.event(cronjob, "Warning", "UnparseableSchedule", f"unparseable schedule: {spec['schedule']!r} : {e}")
            return None
        now = self.clock.datetime()
        scheduled = self._most_recent(cronjob, schedule, now)
        if scheduled is not None:
            self._maybe_start(cronjob, status, scheduled, now, zone)
        upcoming = schedule.next(now)
        if upcoming is None:
            return None
        return (upcoming - now).total_seconds() + NEXT_SCHEDULE_DELTA

    def _most_recent(self, cronjob, schedule, now):
        """mostRecentScheduleTime: the latest schedule time in (earliest, now], with the
        TooManyMissedTimes warning when more than 100 were missed."""
        status, spec = cronjob.get("status") or {}, cronjob["spec"]
        earliest = self.clock.datetime(self.clock.parse(status.get("lastScheduleTime")
                                                        or cronjob["metadata"]["creationTimestamp"]))
        if spec.get("startingDeadlineSeconds") is not None:
            earliest = max(earliest, now - timedelta(seconds=spec["startingDeadlineSeconds"]))
        first = schedule.next(earliest)
        if first is None or now < first:
            return None
        second = schedule.next(first)
        if second is None or now < second:
            return first
        missed, latest, moment = 1, first, second
        while moment is not None and moment <= now and missed <= MAX_MISSED:
            missed, latest, moment = missed + 1, moment, schedule.next(moment)
        if missed > MAX_MISSED:
            period = (second - first).total_seconds()
            missed = int((now - first).total_seconds() // period) + 1
            latest = first + timedelta(seconds=period * (missed - 1))
            while moment is not None and moment <= now:  # land on a real schedule time for irregular schedules
                latest, moment = moment, schedule.next(moment)
            self.recorder.event(cronjob, "Warning", "TooManyMissedTimes",
                                f"too many missed start times: {missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew")
        return latest

    def _maybe_start(self, cronjob, status, scheduled, now, zone):
        spec, meta = cronjob["spec"], cronjob["metadata"]
        deadline = spec.get("startingDeadlineSeconds")
        if deadline is not None and scheduled + timedelta(seconds=deadline) < now:
            self.recorder.event(cronjob, "Warning", "MissSchedule",
                                f"Missed scheduled time to start a job: {scheduled.strftime('%a, %d %b %Y %H:%M:%S +0000')}")
            return
        name = job_name(cronjob, scheduled)
        if any(ref.get("name") == name for ref in status["active"]) or \
                status.get("lastScheduleTime") == _utc(scheduled):
            return
        policy = spec.get("concurrencyPolicy", "Allow")
        if policy == "Forbid" and status["active"]:
            self.recorder.event(cronjob, "Normal", "JobAlreadyActive",
                                "Not starting job because prior execution is running and concurrency policy is Forbid")
            return
        if policy == "Replace":
            for ref in list(status["active"]):
                job = self.get("jobs", ref["name"], ref.get("namespace") or meta["namespace"])
                if job is not None:
                    self._delete_job(cronjob, job, status)
        job = self._job_from_template(cronjob, scheduled, zone, name)
        try:
            created = self.server.create("jobs", job, meta["namespace"])
        except ApiError as e:
            if e.code == 409:
                return  # made by an earlier sync: nothing to do
            self.recorder.event(cronjob, "Warning", "FailedCreate", f"Error creating job: {e.message}")
            raise
        self.recorder.event(cronjob, "Normal", "SuccessfulCreate", f"Created job {created['metadata']['name']}")
        status["active"].append(_job_ref(created))
        status["lastScheduleTime"] = _utc(scheduled)

    def _job_from_template(self, cronjob, scheduled, zone, name):
        template = cronjob["spec"].get("jobTemplate") or {}
        tmeta, meta = template.get("metadata") or {}, cronjob["metadata"]
        annotations = dict(tmeta.get("annotations") or {})
        annotations[SCHEDULED_TIMESTAMP] = _rfc3339(scheduled.astimezone(zone))
        job_meta = {"name": name, "namespace": meta["namespace"], "annotations": annotations,
                    "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": meta["name"],
                                         "uid": meta["uid"], "controller": True, "blockOwnerDeletion": True}]}
        if tmeta.get("labels"):
            job_meta["labels"] = dict(tmeta["labels"])
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": job_meta, "spec": dict(template.get("spec") or {})}

    def _delete_job(self, cronjob, job, status):
        try:
            self.server.delete("jobs", job["metadata"]["name"], job["metadata"]["namespace"], propagation_policy="Background")
        except ApiError as e:
            if e.code != 404:
                self.recorder.event(cronjob, "Warning", "FailedDelete", f"Deleted job: {e.message}")
                return
        status["active"] = [ref for ref in status["active"] if ref.get("uid") != job["metadata"]["uid"]]
        self.recorder.event(cronjob, "Normal", "SuccessfulDelete", f"Deleted job {job['metadata']['name']}")

    def _write_status(self, cronjob, status):
        if not status.get("active"):
            status.pop("active", None)
        if status == (cronjob.get("status") or {}):
            return
        try:
            self.server.update("cronjobs", dict(cronjob, status=status), cronjob["metadata"]["namespace"], subresource="status")
        except ApiError as e:
            if e.code != 404:
                raise


def _utc(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _job_ref(job):
    meta = job["metadata"]
    return {"apiVersion": "batch/v1", "kind": "Job", "name": meta["name"], "namespace": meta["namespace"],
            "resourceVersion": meta["resourceVersion"], "uid": meta["uid"]}
