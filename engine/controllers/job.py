"""The Job controller (pkg/controller/job): runs pods to completion with parallelism and completions,
tracks them with the job-tracking finalizer, backs off after failures, and finishes Jobs with the v1.32
conditions (SuccessCriteriaMet/Complete, FailureTarget/Failed) and events."""
from ..api.errors import ApiError
from ..events import EventRecorder
from ..api.selectors import from_label_selector
from .base import Controller, controller_ref, split_key
from .history import pod_ready

TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking"
COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index"
POD_FAILURE_BACKOFF = 10.0  # DefaultJobPodFailureBackOff
MAX_POD_FAILURE_BACKOFF = 600.0  # MaxJobPodFailureBackOff (10 min in v1.32's code)
MAX_CREATE_PER_SYNC = 500  # MaxPodCreateDeletePerSync
BACKOFF_MESSAGE = "Job has reached the specified backoff limit"
DEADLINE_MESSAGE = "Job was active longer than specified deadline"
COMPLETE_MESSAGE = "Reached expected number of succeeded pods"


def job_condition(job, type_):
    return next((c for c in (job.get("status") or {}).get("conditions") or []
                 if c.get("type") == type_ and c.get("status") == "True"), None)


def finished_condition(job):
    """The Complete or Failed condition that is True, or None (IsJobFinished)."""
    return job_condition(job, "Complete") or job_condition(job, "Failed")


def _indexed(job):
    return job["spec"].get("completionMode") == "Indexed"


def _pod_index(pod):
    value = (pod["metadata"].get("annotations") or {}).get(COMPLETION_INDEX)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_indexes(text):
    out = set()
    for part in (text or "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        out.update(range(int(first), int(last or first) + 1))
    return out


def format_indexes(indexes):
    """Completed indexes as intervals, `1,3-5,7`."""
    parts, run = [], []
    for i in sorted(indexes):
        if run and i == run[-1] + 1:
            run.append(i)
            continue
        if run:
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
        run = [i]
    if run:
        parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return ",".join(parts)


def _exit_codes(pod):
    for status in (pod.get("status") or {}).get("containerStatuses") or []:
        terminated = (status.get("state") or {}).get("terminated")
        if terminated and terminated.get("exitCode", 0) != 0:
            yield status.get("name"), terminated["exitCode"]


def match_failure_policy(job, pod):
    """The first podFailurePolicy rule a failed pod matches: (action, message) or None."""
    policy = job["spec"].get("podFailurePolicy") or {}
    meta = pod["metadata"]
    for index, rule in enumerate(policy.get("rules") or []):
        codes = rule.get("onExitCodes")
        if codes:
            for name, code in _exit_codes(pod):
                if codes.get("containerName") and codes["containerName"] != name:
                    continue
                inside = code in (codes.get("values") or [])
                if inside == (codes.get("operator") == "In"):
                    return rule["action"], (f"Container {name} for pod {meta['namespace']}/{meta['name']} failed with "
                                            f"exit code {code} matching {rule['action']} rule at index {index}")
        for want in rule.get("onPodConditions") or []:
            for cond in (pod.get("status") or {}).get("conditions") or []:
                if cond.get("type") == want.get("type") and cond.get("status") == (want.get("status") or "True"):
                    return rule["action"], (f"Pod {meta['namespace']}/{meta['name']} has condition {cond['type']} "
                                            f"matching {rule['action']} rule at index {index}")
    return None


class JobController(Controller):
    name = "job"

    def setup(self):
        self.recorder = EventRecorder(self.server, self.clock, "job-controller")
        self._backoff = {}  # job uid -> (failures since the last success, time of the last failure)
        self.watch("jobs", self._job_event)
        self.watch("pods", self._pod_event)

    def _job_event(self, kind, job):
        if kind != "DELETED":
            self.enqueue(f"{job['metadata']['namespace']}/{job['metadata']['name']}")

    def _pod_event(self, kind, pod):
        ref = controller_ref(pod)
        if ref and ref.get("kind") == "Job" and ref.get("apiVersion", "").startswith("batch/"):
            self.enqueue(f"{pod['metadata']['namespace']}/{ref['name']}")
            if kind != "DELETED" and TRACKING_FINALIZER in (pod["metadata"].get("finalizers") or []):
                self.enqueue(f"orphan:{pod['metadata']['namespace']}/{pod['metadata']['name']}")

    # sync
    def sync(self, key):
        if key.startswith("orphan:"):
            return self._release_orphan(key[len("orphan:"):])
        namespace, name = split_key(key)
        job = self.get("jobs", name, namespace)
        if job is None:
            return None
        pods = self._pods(job)
        if finished_condition(job):
            for pod in pods:
                self._remove_finalizer(pod)
            return None
        return self._sync_job(job, pods)

    def _pods(self, job):
        reqs = from_label_selector(job["spec"].get("selector"))
        uid = job["metadata"]["uid"]
        return [p for p in self.server.list("pods", job["metadata"]["namespace"], label_selector=reqs)["items"]
                if (controller_ref(p) or {}).get("uid") == uid]

    def _sync_job(self, job, pods):
        spec, status = job["spec"], dict(job.get("status") or {})
        now = self.clock.now
        conditions = [dict(c) for c in status.get("conditions") or []]
        if not status.get("startTime") and not spec.get("suspend"):
            status["startTime"] = self.clock.timestamp()
        active = [p for p in pods if not _terminal(p) and not p["metadata"].get("deletionTimestamp")]
        terminating = [p for p in pods if not _terminal(p) and p["metadata"].get("deletionTimestamp")]
        failure = self._count_finished(job, pods, status)
        failure = failure or self._failure_target(job, status, conditions)
        succeeded = status.get("succeeded", 0)
        completed = self._success_reached(job, status, active)
        requeue = None
        if failure or completed:
            target_type = "FailureTarget" if failure else "SuccessCriteriaMet"
            if not any(c["type"] == target_type for c in conditions):
                reason, message = failure or ("CompletionsReached", COMPLETE_MESSAGE)
                conditions.append(self._condition(target_type, reason, message))
            for pod in active:
                self._delete_pod(job, pod)
            terminating += active
            active = []
            if not terminating:  # v1.32 adds the terminal condition once every pod has terminated
                reason, message = failure or ("CompletionsReached", COMPLETE_MESSAGE)
                conditions.append(self._condition("Failed" if failure else "Complete", reason, message))
                if not failure:
                    status["completionTime"] = self.clock.timestamp()
                    self.recorder.event(job, "Normal", "Completed", "Job completed")
                else:
                    self.recorder.event(job, "Warning", reason, message)
        elif spec.get("suspend"):
            for pod in active:
                self._delete_pod(job, pod)
            terminating += active
            active = []
            self._set_suspended(job, conditions, True)
        else:
            if self._set_suspended(job, conditions, False):
                status["startTime"] = self.clock.timestamp()
            active, requeue = self._manage(job, status, active, terminating, succeeded)
            deadline = spec.get("activeDeadlineSeconds")
            if deadline is not None and status.get("startTime"):
                left = self.clock.parse(status["startTime"]) + deadline - now
                requeue = max(left, 0.001) if requeue is None else min(requeue, max(left, 0.001))
        status["active"] = len(active)
        if not active:
            status.pop("active")  # omitempty, unlike ready and terminating
        status["ready"] = sum(1 for p in active if pod_ready(p))
        status["terminating"] = len(terminating)
        status["uncountedTerminatedPods"] = {}
        status["conditions"] = conditions
        self._write_status(job, status)
        return requeue

    def _count_finished(self, job, pods, status):
        """Count terminated pods still holding the finalizer into status, then release them. Returns a
        failure (reason, message) when a podFailurePolicy FailJob rule matched."""
        failure, indexed = None, _indexed(job)
        done = parse_indexes(status.get("completedIndexes"))
        uid = job["metadata"]["uid"]
        for pod in pods:
            if TRACKING_FINALIZER not in (pod["metadata"].get("finalizers") or []):
                continue
            phase = (pod.get("status") or {}).get("phase")
            if phase == "Succeeded":
                if indexed:
                    index = _pod_index(pod)
                    if index is not None and index < job["spec"].get("completions", 0):
                        done.add(index)
                else:
                    status["succeeded"] = status.get("succeeded", 0) + 1
                self._backoff.pop(uid, None)
            elif _failed(job, pod) and not job_condition(job, "SuccessCriteriaMet"):
                rule = match_failure_policy(job, pod)
                if rule and rule[0] == "FailJob":
                    failure = failure or ("PodFailurePolicy", rule[1])
                if not rule or rule[0] in ("Count", "FailJob", "FailIndex"):
                    status["failed"] = status.get("failed", 0) + 1
                    count, _ = self._backoff.get(uid, (0, 0))
                    self._backoff[uid] = (count + 1, self.clock.now)
            else:
                continue
            self._remove_finalizer(pod)
        if indexed:
            status["succeeded"] = len(done)
            if done:
                status["completedIndexes"] = format_indexes(done)
        for field in ("succeeded", "failed"):
            if not status.get(field):
                status.pop(field, None)
        return failure

    def _failure_target(self, job, status, conditions):
        for cond in conditions:
            if cond["type"] == "FailureTarget":
                return cond["reason"], cond["message"]
        spec = job["spec"]
        if status.get("failed", 0) > spec.get("backoffLimit", 6):
            return "BackoffLimitExceeded", BACKOFF_MESSAGE
        deadline = spec.get("activeDeadlineSeconds")
        if deadline is not None and status.get("startTime") and not spec.get("suspend"):
            if self.clock.now - self.clock.parse(status["startTime"]) >= deadline:
                return "DeadlineExceeded", DEADLINE_MESSAGE
        return None

    def _success_reached(self, job, status, active):
        if any(c.get("type") == "SuccessCriteriaMet" for c in (job.get("status") or {}).get("conditions") or []):
            return True
        completions = job["spec"].get("completions")
        succeeded = status.get("succeeded", 0)
        if completions is None:
            return succeeded > 0 and not active
        return succeeded >= completions

    def _manage(self, job, status, active, terminating, succeeded):
        """Create or delete pods toward parallelism; returns (active pods, seconds until a re-check)."""
        spec = job["spec"]
        parallelism, completions = spec.get("parallelism", 1), spec.get("completions")
        # with podReplacementPolicy Failed a terminating pod still holds its place
        busy = len(active) + (len(terminating) if spec.get("podReplacementPolicy") == "Failed" else 0)
        if _indexed(job):
            done = parse_indexes(status.get("completedIndexes"))
            taken = {_pod_index(p) for p in active + (terminating if spec.get("podReplacementPolicy") == "Failed" else [])}
            todo = [i for i in range(completions) if i not in done and i not in taken]
            wanted = min(parallelism, completions - len(done))
            indexes = todo[:max(wanted - busy, 0)]
        else:
            if completions is None:
                wanted = parallelism if succeeded == 0 else 0
            else:
                wanted = min(parallelism, completions - succeeded)
            indexes = [None] * max(wanted - busy, 0)
        if busy > wanted and not _indexed(job):
            surplus = sorted(active, key=lambda p: (pod_ready(p), bool(p["spec"].get("nodeName"))))[:busy - wanted]
            for pod in surplus:
                self._delete_pod(job, pod)
            return [p for p in active if p not in surplus], None
        if not indexes:
            return active, None
        remaining = self._backoff_remaining(job)
        if remaining > 0:
            return active, remaining
        for index in indexes[:MAX_CREATE_PER_SYNC]:
            pod = self._create_pod(job, index)
            if pod is not None:
                active.append(pod)
        return active, None

    def _backoff_remaining(self, job):
        count, last = self._backoff.get(job["metadata"]["uid"], (0, 0))
        if not count:
            return 0
        delay = min(POD_FAILURE_BACKOFF * 2 ** (count - 1), MAX_POD_FAILURE_BACKOFF)
        return last + delay - self.clock.now

    # writes
    def _create_pod(self, job, index):
        meta, template = job["metadata"], job["spec"].get("template") or {}
        tmeta = template.get("metadata") or {}
        pod_spec = dict(template.get("spec") or {})
        labels, annotations = dict(tmeta.get("labels") or {}), dict(tmeta.get("annotations") or {})
        generate = f"{meta['name']}-"
        if index is not None:
            annotations[COMPLETION_INDEX] = str(index)
            labels[COMPLETION_INDEX] = str(index)
            generate = f"{meta['name'][:63 - 5 - len(str(index)) - 2]}-{index}-"
            if not pod_spec.get("hostname"):
                pod_spec["hostname"] = f"{meta['name']}-{index}"
        pod_meta = {"generateName": generate, "namespace": meta["namespace"], "labels": labels,
                    "finalizers": list(tmeta.get("finalizers") or []) + [TRACKING_FINALIZER],
                    "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": meta["name"],
                                         "uid": meta["uid"], "controller": True, "blockOwnerDeletion": True}]}
        if annotations:
            pod_meta["annotations"] = annotations
        try:
            pod = self.server.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": pod_meta, "spec": pod_spec},
                                     meta["namespace"])
        except ApiError as e:
            self.recorder.event(job, "Warning", "FailedCreate", f"Error creating: {e.message}")
            return None
        self.recorder.event(job, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}")
        return pod

    def _delete_pod(self, job, pod):
        try:
            self.server.delete("pods", pod["metadata"]["name"], pod["metadata"]["namespace"])
        except ApiError as e:
            if e.code == 404:
                return
            self.recorder.event(job, "Warning", "FailedDelete", f"Error deleting: {e.message}")
            return
        self.recorder.event(job, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}")

    def _remove_finalizer(self, pod):
        finalizers = pod["metadata"].get("finalizers") or []
        if TRACKING_FINALIZER not in finalizers:
            return
        rest = [f for f in finalizers if f != TRACKING_FINALIZER]
        try:
            self.server.patch("pods", pod["metadata"]["name"], {"metadata": {"finalizers": rest or None,
                                                                             "resourceVersion": pod["metadata"]["resourceVersion"]}},
                              namespace=pod["metadata"]["namespace"], patch_type="application/merge-patch+json")
        except ApiError as e:
            if e.code not in (404, 409):
                raise

    def _release_orphan(self, key):
        """A tracked pod whose Job is gone or finished loses the finalizer (the orphan pod path)."""
        namespace, name = split_key(key)
        pod = self.get("pods", name, namespace)
        if pod is None:
            return None
        ref = controller_ref(pod)
        job = self.get("jobs", ref["name"], namespace) if ref else None
        if job is None or job["metadata"]["uid"] != ref.get("uid") or finished_condition(job):
            if job is None or job["metadata"]["uid"] != ref.get("uid") or _terminal(pod):
                self._remove_finalizer(pod)
        return None

    def _condition(self, type_, reason, message):
        now = self.clock.timestamp()
        return {"type": type_, "status": "True", "lastProbeTime": now, "lastTransitionTime": now,
                "reason": reason, "message": message}

    def _set_suspended(self, job, conditions, suspended):
        """Keep the Suspended condition; True when it changed."""
        current = next((c for c in conditions if c["type"] == "Suspended"), None)
        if suspended and (current is None or current["status"] != "True"):
            cond = self._condition("Suspended", "JobSuspended", "Job suspended")
            conditions[:] = [c for c in conditions if c["type"] != "Suspended"] + [cond]
            self.recorder.event(job, "Normal", "Suspended", "Job suspended")
            return True
        if not suspended and current is not None and current["status"] == "True":
            current.update(self._condition("Suspended", "JobResumed", "Job resumed"), status="False")
            self.recorder.event(job, "Normal", "Resumed", "Job resumed")
            return True
        return False

    def _write_status(self, job, status):
        if not status.get("conditions"):
            status.pop("conditions", None)
        if status == job.get("status"):
            return
        body = dict(job, status=status)
        try:
            self.server.update("jobs", body, job["metadata"]["namespace"], subresource="status")
        except ApiError as e:
            if e.code != 404:
                raise


def _terminal(pod):
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def _failed(job, pod):
    """A failed pod, or one deleted before succeeding when the Job has no podFailurePolicy."""
    phase = (pod.get("status") or {}).get("phase")
    if phase == "Failed":
        return True
    return (phase != "Succeeded" and bool(pod["metadata"].get("deletionTimestamp"))
            and not job["spec"].get("podFailurePolicy"))
