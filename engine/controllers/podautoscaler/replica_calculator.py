"""ReplicaCalculator (pkg/controller/podautoscaler/replica_calculator.go): the replica count a resource
metric asks for: usage / target ratio within a 10% tolerance, unready and metric-less pods handled as Kubernetes does."""
import math

from .metrics import MetricsError, milli, resource_metrics

TOLERANCE = 0.1  # --horizontal-pod-autoscaler-tolerance
CPU_INITIALIZATION_PERIOD = 300.0  # --horizontal-pod-autoscaler-cpu-initialization-period
INITIAL_READINESS_DELAY = 30.0  # --horizontal-pod-autoscaler-initial-readiness-delay


class ReplicaCalculator:
    def __init__(self, api, clock):
        self.api, self.clock = api, clock

    def resource_replicas(self, current, target_utilization, resource, namespace, selector, container=""):
        """(replicas, utilization %, raw average milli-usage, timestamp) for a utilization target."""
        metrics, timestamp, pods, requests, groups = self._inputs(resource, namespace, selector, container)
        ready_count, unready, missing = groups
        ratio, utilization, raw = utilization_ratio(metrics, requests, target_utilization)
        scale_up_with_unready = bool(unready) and ratio > 1.0
        if not scale_up_with_unready and not missing:
            if abs(1.0 - ratio) <= TOLERANCE:
                return current, utilization, raw, timestamp
            return math.ceil(ratio * ready_count), utilization, raw, timestamp
        if missing:
            if ratio < 1.0:  # on a scale-down a pod without metrics counts as using the target or its request
                fallback = max(100, target_utilization)
                for name in missing:
                    metrics[name] = requests[name] * fallback // 100
            elif ratio > 1.0:  # on a scale-up, as using nothing
                for name in missing:
                    metrics[name] = 0
        if scale_up_with_unready:
            for name in unready:
                metrics[name] = 0
        new_ratio, _, _ = utilization_ratio(metrics, requests, target_utilization)
        return self._settle(current, ratio, new_ratio, len(metrics)) + (utilization, raw, timestamp)

    def raw_resource_replicas(self, current, target_milli, resource, namespace, selector, container=""):
        """(replicas, average milli-usage, timestamp) for an averageValue target."""
        metrics, timestamp, pods, requests, groups = self._inputs(resource, namespace, selector, container,
                                                                  need_requests=False)
        ready_count, unready, missing = groups
        ratio, raw = usage_ratio(metrics, target_milli)
        scale_up_with_unready = bool(unready) and ratio > 1.0
        if not scale_up_with_unready and not missing:
            if abs(1.0 - ratio) <= TOLERANCE:
                return current, raw, timestamp
            return math.ceil(ratio * ready_count), raw, timestamp
        if missing:
            for name in missing:
                metrics[name] = target_milli if ratio < 1.0 else 0
        if scale_up_with_unready:
            for name in unready:
                metrics[name] = 0
        new_ratio, _ = usage_ratio(metrics, target_milli)
        return self._settle(current, ratio, new_ratio, len(metrics)) + (raw, timestamp)

    @staticmethod
    def _settle(current, ratio, new_ratio, count):
        if abs(1.0 - new_ratio) <= TOLERANCE or (ratio < 1.0 < new_ratio) or (ratio > 1.0 > new_ratio):
            return (current,)  # the unknowns would reverse the direction: stay put
        replicas = math.ceil(new_ratio * count)
        if (new_ratio < 1.0 and replicas > current) or (new_ratio > 1.0 and replicas < current):
            return (current,)
        return (replicas,)

    def _inputs(self, resource, namespace, selector, container, need_requests=True):
        try:
            metrics, timestamp = resource_metrics(self.api, self.clock, resource, namespace, selector, container)
        except MetricsError as e:
            raise MetricsError(f"unable to get metrics for resource {resource}: {e}") from None
        pods = self.api.list("pods", namespace, label_selector=selector)["items"]
        if not pods:
            raise MetricsError("no pods returned by selector while calculating replica count")
        ready_count, unready, missing, ignored = self.group_pods(pods, metrics, resource)
        values = {name: m.value for name, m in metrics.items() if name not in ignored and name not in unready}
        if not values:
            raise MetricsError("did not receive metrics for targeted pods (pods might be unready)")
        requests = calculate_requests(pods, container, resource) if need_requests else {}
        return values, timestamp, pods, requests, (ready_count, unready, missing)

    def group_pods(self, pods, metrics, resource):
        """groupPods: ready count, unready, missing and ignored pod names."""
        ready_count, unready, missing, ignored = 0, set(), set(), set()
        now = self.clock.now
        for pod in pods:
            name, status = pod["metadata"]["name"], pod.get("status") or {}
            if pod["metadata"].get("deletionTimestamp") or status.get("phase") == "Failed":
                ignored.add(name)
                continue
            if status.get("phase") == "Pending":
                unready.add(name)
                continue
            metric = metrics.get(name)
            if metric is None:
                missing.add(name)
                continue
            if resource == "cpu" and self._cpu_unready(status, metric, now):
                unready.add(name)
                continue
            ready_count += 1
        return ready_count, unready, missing, ignored

    def _cpu_unready(self, status, metric, now):
        ready = next((c for c in status.get("conditions") or [] if c.get("type") == "Ready"), None)
        if ready is None or not status.get("startTime"):
            return True
        started = self.clock.parse(status["startTime"])
        changed = self.clock.parse(ready["lastTransitionTime"]) if ready.get("lastTransitionTime") else started
        if started + CPU_INITIALIZATION_PERIOD > now:
            # still starting: its sample counts once a whole window was measured since it turned ready
            return ready.get("status") == "False" or metric.timestamp < changed + metric.window
        return ready.get("status") == "False" and started + INITIAL_READINESS_DELAY > changed


def calculate_requests(pods, container, resource):
    """Each pod's summed request of `resource` (sidecars included), in milli-units."""
    requests = {}
    for pod in pods:
        spec = pod["spec"]
        containers = list(spec.get("containers") or []) + [
            c for c in spec.get("initContainers") or [] if c.get("restartPolicy") == "Always"]
        total = 0
        for c in containers:
            if container and c["name"] != container:
                continue
            request = ((c.get("resources") or {}).get("requests") or {}).get(resource)
            if request is None:
                raise MetricsError(f"missing request for {resource} in container {c['name']} of Pod "
                                   f"{pod['metadata']['name']}")
            total += milli(request)
        requests[pod["metadata"]["name"]] = total
    return requests


def utilization_ratio(metrics, requests, target_utilization):
    """GetResourceUtilizationRatio: (usage/target ratio, utilization %, average raw milli-usage)."""
    total = requested = entries = 0
    for name, value in metrics.items():
        if name in requests:
            total += value
            requested += requests[name]
            entries += 1
    if requested == 0:
        raise MetricsError("no metrics returned matched known pods")
    utilization = total * 100 // requested
    return utilization / target_utilization, utilization, total // entries


def usage_ratio(metrics, target_milli):
    """GetMetricUsageRatio: (average usage / target, average usage)."""
    usage = sum(metrics.values()) // len(metrics)
    return usage / target_milli, usage
