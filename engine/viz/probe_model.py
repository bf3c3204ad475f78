"""What the probe timeline shows, as plain data: for each container of one pod, every probe outcome the
kubelet recorded (time, kind, success or failure, output), and the container's Ready state and restart
count as the pod's status showed them at each change (sampled by the view's watch)."""
from dataclasses import dataclass


@dataclass(frozen=True)
class ContainerTimeline:
    name: str
    probes: tuple      # ((kind, ((time, result, output), ...)), ...)
    ready: tuple       # ((time, bool), ...) each change of the Ready flag
    restarts: tuple    # times the restart count went up


@dataclass(frozen=True)
class ProbeModel:
    pod: str
    start: float
    end: float
    containers: tuple


def probe_model(cluster, namespace, name, samples, start):
    """`samples`: [(time, {container: (ready, restartCount)})] from the view's watch."""
    try:
        results = cluster.probe_results(name, namespace)
        pod = cluster.api.get("pods", name, namespace)
        names = [c["name"] for c in pod["spec"]["containers"]]
    except Exception:  # the pod is gone: what was seen stays
        results, names = {}, sorted({n for _, states in samples for n in states})
    containers = []
    for container in names:
        probes = tuple((kind, tuple(results[(container, kind)]))
                       for kind in ("startup", "liveness", "readiness") if (container, kind) in results)
        ready, restarts, last_ready, last_count = [], [], None, None
        for time, states in samples:
            if container not in states:
                continue
            is_ready, count = states[container]
            if is_ready != last_ready:
                ready.append((time, is_ready))
                last_ready = is_ready
            if last_count is not None and count > last_count:
                restarts.append(time)
            last_count = count
        containers.append(ContainerTimeline(container, probes, tuple(ready), tuple(restarts)))
    times = [t for c in containers for _, outcomes in c.probes for t, _, _ in outcomes]
    first = min([start] + times)
    return ProbeModel(f"{namespace}/{name}", first, max(cluster.now, first + 1), tuple(containers))
