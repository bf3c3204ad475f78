"""Pod status as the kubelet reports it: each container's record (state, lastState, restartCount,
started, ready), the pod phase (getPhase) and the conditions it owns, with transition times kept."""

ZERO_TIME = "1970-01-01T00:00:00Z"


class ContainerRecord:
    """What the runtime knows about one container of a pod: its current instance and the one before."""

    def __init__(self, spec, kind, index):
        self.spec, self.kind, self.index = spec, kind, index
        self.name = spec["name"]
        self.sidecar = kind == "init" and spec.get("restartPolicy") == "Always"
        section = {"init": "initContainers", "ephemeral": "ephemeralContainers"}.get(kind, "containers")
        self.field_path = f"spec.{section}{{{self.name}}}"
        self.instance = None  # runtime Container now, or the exited one
        self.previous = None  # the instance before (kubectl logs --previous)
        self.state = None  # None (never created), "running", "exited"
        self.started_at = self.finished_at = None
        self.exit_code, self.reason, self.message = None, None, None
        self.container_id = ""
        self.last = None  # the previous instance's terminated state
        self.restart_count = 0
        self.image, self.image_id = spec.get("image", ""), ""
        self.waiting = None  # (reason, message) from the last sync that could not (re)start it
        self.started = self.ready = False
        self.mounts = []
        self.liveness_failed = None  # the message when a liveness/startup probe asked for a restart
        self.definition_changed = False  # the pod's image for it changed: restart on the new one
        self.oom = False
        self.sandbox_gen = 0  # the sandbox this instance ran in (init containers rerun in a new one)

    @property
    def running(self):
        return self.state == "running"

    @property
    def succeeded(self):
        return self.state == "exited" and self.exit_code == 0

    def terminated(self, clock):
        term = {"containerID": self.container_id, "exitCode": self.exit_code,
                "finishedAt": clock.timestamp(self.finished_at), "reason": self.reason,
                "startedAt": clock.timestamp(self.started_at) if self.started_at is not None else ZERO_TIME}
        if self.message:
            term["message"] = self.message
        return term

    def status(self, clock, default_reason):
        # an init container that is not a sidecar is ready once it exited 0 (prober manager UpdatePodStatus)
        ready = self.succeeded if self.kind == "init" and not self.sidecar else bool(self.ready and self.running)
        out = {"image": self.image, "imageID": self.image_id, "lastState": {}, "name": self.name,
               "ready": ready, "restartCount": self.restart_count,
               "started": bool(self.started and self.running)}
        if self.container_id:
            out["containerID"] = self.container_id
        if self.state == "running":
            out["state"] = {"running": {"startedAt": clock.timestamp(self.started_at)}}
            if self.last:
                out["lastState"] = {"terminated": self.last}
        elif self.state == "exited":
            if self.waiting:
                out["state"] = {"waiting": _waiting(*self.waiting)}
                out["lastState"] = {"terminated": self.terminated(clock)}
            else:
                out["state"] = {"terminated": self.terminated(clock)}
                if self.last:
                    out["lastState"] = {"terminated": self.last}
        else:
            out["state"] = {"waiting": _waiting(*(self.waiting or (default_reason, None)))}
            if self.last:
                out["lastState"] = {"terminated": self.last}
        if self.mounts and self.container_id:
            out["volumeMounts"] = self.mounts
        if self.kind == "ephemeral":  # the prober's UpdatePodStatus sets ready and started only for the pod's own
            del out["started"]
            out["ready"] = False
        return out


def _waiting(reason, message):
    return {"reason": reason, **({"message": message} if message else {})}


def phase(spec, init_statuses, statuses, terminal):
    """getPhase of the kubelet (v1.32, sidecars on)."""
    pending_init = pending_sidecars = failed_init = 0
    for container in spec.get("initContainers") or []:
        st = init_statuses.get(container["name"])
        if container.get("restartPolicy") == "Always":
            if st is None or "running" not in st["state"]:
                pending_sidecars += 1
            continue
        if st is None:
            pending_init += 1
            continue
        state = st["state"]
        if "running" in state:
            pending_init += 1
        elif "terminated" in state:
            if state["terminated"]["exitCode"] != 0:
                failed_init += 1
        elif "waiting" in state:
            last = st["lastState"].get("terminated")
            if last is not None:
                if last["exitCode"] != 0:
                    failed_init += 1
            else:
                pending_init += 1
        else:
            pending_init += 1
    unknown = running = waiting = stopped = succeeded = 0
    for container in spec.get("containers") or []:
        st = statuses.get(container["name"])
        if st is None:
            unknown += 1
            continue
        state = st["state"]
        if "running" in state:
            running += 1
        elif "terminated" in state:
            stopped += 1
            if state["terminated"]["exitCode"] == 0:
                succeeded += 1
        elif "waiting" in state:
            if st["lastState"].get("terminated") is not None:
                stopped += 1
            else:
                waiting += 1
        else:
            unknown += 1
    policy = spec.get("restartPolicy", "Always")
    if failed_init and policy == "Never":
        return "Failed"
    if pending_init or (pending_sidecars and waiting + running + stopped == 0 and not any(
            "running" in (s["state"]) for s in statuses.values())):
        return "Pending"
    if waiting:
        return "Pending"
    if running and not unknown:
        return "Running"
    if not running and stopped and not unknown:
        if terminal:
            return "Succeeded" if stopped == succeeded else "Failed"
        if policy == "Always":
            return "Running"
        if stopped == succeeded:
            return "Succeeded"
        if policy == "Never":
            return "Failed"
        return "Running"
    return "Pending"


def _go_list(names):
    return "[" + " ".join(names) + "]"


def conditions(spec, init_statuses, statuses, pod_phase, sandbox_ready):
    """The kubelet-owned conditions in the order it appends them: [(type, status, reason, message)]."""
    out = [("PodReadyToStartContainers", "True" if sandbox_ready else "False", None, None)]
    out.append(_initialized(spec, init_statuses, statuses, pod_phase))
    ready = _containers_ready(spec, init_statuses, statuses, pod_phase)
    out.append(("Ready",) + ready[1:])
    out.append(ready)
    out.append(("PodScheduled", "True", None, None))
    return out


def _initialized(spec, init_statuses, statuses, pod_phase):
    inits = spec.get("initContainers") or []
    if not inits:
        return ("Initialized", "True", None, None)
    unknown, incomplete = [], []
    for container in inits:
        st = init_statuses.get(container["name"])
        if st is None:
            unknown.append(container["name"])
            continue
        if container.get("restartPolicy") == "Always":
            if not st.get("started"):
                incomplete.append(container["name"])
            continue
        term = st["state"].get("terminated")
        if term is None or term["exitCode"] != 0:
            incomplete.append(container["name"])
    if pod_phase == "Succeeded" and not unknown:
        return ("Initialized", "True", "PodCompleted", None)
    if any("running" in s["state"] or s["lastState"].get("terminated") or "terminated" in s["state"]
           for s in statuses.values()):
        return ("Initialized", "True", None, None)
    messages = []
    if unknown:
        messages.append(f"containers with unknown status: {_go_list(unknown)}")
    if incomplete:
        messages.append(f"containers with incomplete status: {_go_list(incomplete)}")
    if messages:
        return ("Initialized", "False", "ContainersNotInitialized", ", ".join(messages))
    return ("Initialized", "True", None, None)


def _containers_ready(spec, init_statuses, statuses, pod_phase):
    unknown, unready = [], []
    for container in spec.get("initContainers") or []:
        if container.get("restartPolicy") != "Always":
            continue
        st = init_statuses.get(container["name"])
        if st is None:
            unknown.append(container["name"])
        elif not st["ready"]:
            unready.append(container["name"])
    for container in spec.get("containers") or []:
        st = statuses.get(container["name"])
        if st is None:
            unknown.append(container["name"])
        elif not st["ready"]:
            unready.append(container["name"])
    if pod_phase == "Succeeded" and not unknown:
        return ("ContainersReady", "False", "PodCompleted", None)
    if pod_phase == "Failed":
        return ("ContainersReady", "False", "PodFailed", None)
    messages = []
    if unknown:
        messages.append(f"containers with unknown status: {_go_list(unknown)}")
    if unready:
        messages.append(f"containers with unready status: {_go_list(unready)}")
    if messages:
        return ("ContainersReady", "False", "ContainersNotReady", ", ".join(messages))
    return ("ContainersReady", "True", None, None)


def merge_conditions(old_conditions, generated, now_stamp):
    """Kubelet conditions with lastTransitionTime kept when the status did not change; conditions
    the kubelet does not own (DisruptionTarget...) are kept after them."""
    old = {c.get("type"): c for c in old_conditions or []}
    out, owned = [], set()
    for type_, status, reason, message in generated:
        owned.add(type_)
        previous = old.get(type_)
        changed = previous is None or previous.get("status") != status
        cond = {"lastProbeTime": None,
                "lastTransitionTime": now_stamp if changed else previous.get("lastTransitionTime"),
                "status": status, "type": type_}
        if type_ == "PodScheduled" and previous is not None:
            cond = dict(previous)
        if reason:
            cond["reason"] = reason
        if message:
            cond["message"] = message
        out.append(cond)
    out += [c for c in old_conditions or [] if c.get("type") not in owned]
    return out
