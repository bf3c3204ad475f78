"""HorizontalController (pkg/controller/podautoscaler/horizontal.go): every 15 s each HPA reads its
target's scale subresource and the metrics, computes the replicas, stabilizes and limits them, and scales."""
import copy
import math
from fractions import Fraction

from ...api.errors import ApiError
from ...api.quantity import Quantity
from ...events import EventRecorder
from ..base import Controller, object_key, split_key
from .metrics import MetricsError, milli
from .replica_calculator import ReplicaCalculator

HPA = "autoscaling/v2/horizontalpodautoscalers"
SYNC_PERIOD = 15.0  # --horizontal-pod-autoscaler-sync-period
DOWNSCALE_STABILIZATION = 300  # --horizontal-pod-autoscaler-downscale-stabilization
SCALE_UP_LIMIT_FACTOR, SCALE_UP_LIMIT_MINIMUM = 2.0, 4.0
FAILED_GET = {"Resource": "FailedGetResourceMetric", "ContainerResource": "FailedGetContainerResourceMetric",
              "Pods": "FailedGetPodsMetric", "Object": "FailedGetObjectMetric", "External": "FailedGetExternalMetric"}
NO_CUSTOM_METRICS = "unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered"


class Invalid(Exception):
    """A metric the controller could not use, with the ScalingActive condition it leads to."""

    def __init__(self, message, condition):
        super().__init__(message)
        self.condition = condition


class HorizontalController(Controller):
    name = "horizontal-pod-autoscaler"

    def setup(self):
        self.recorder = EventRecorder(self.server, self.clock, "horizontal-pod-autoscaler")
        self.calculator = ReplicaCalculator(self.server, self.clock)
        self.recommendations = {}  # key -> [[replicas, time]]
        self.scale_events = {"up": {}, "down": {}}  # key -> [[replica change, time]]
        self._timers = {}
        self.watch(HPA, self._hpa_event)

    def _hpa_event(self, kind, hpa):
        key = object_key(hpa)
        if kind == "DELETED":
            self._forget(key)
        elif key not in self._timers:
            # every request waits one resync period in the queue (enqueueHPA's AddRateLimited)
            self._timers[key] = self.clock.call_later(SYNC_PERIOD, lambda: self.enqueue(key))

    def _forget(self, key):
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.cancel()
        self.recommendations.pop(key, None)
        for events in self.scale_events.values():
            events.pop(key, None)

    def sync(self, key):
        self._timers[key] = None  # in progress: the status write's own event must not queue another sync
        namespace, name = split_key(key)
        hpa = self.get(HPA, name, namespace)
        if hpa is None:
            self._forget(key)
            return None
        try:
            self.reconcile(key, copy.deepcopy(hpa))
        finally:
            if key in self._timers:
                self._timers[key] = self.clock.call_later(SYNC_PERIOD, lambda: self.enqueue(key))
        return None

    # ---- reconcileAutoscaler
    def reconcile(self, key, hpa):
        original = copy.deepcopy(hpa.get("status") or {})
        spec = hpa["spec"]
        target = spec.get("scaleTargetRef") or {}
        try:
            resource = self._scale_resource(target)
            scale = self.server.get_scale(resource, target.get("name", ""), hpa["metadata"]["namespace"])
        except (ApiError, LookupError) as e:
            message = e.message if isinstance(e, ApiError) else str(e)
            self.recorder.event(hpa, "Warning", "FailedGetScale", message)
            set_condition(hpa, "AbleToScale", "False", "FailedGetScale",
                          f"the HPA controller was unable to get the target's current scale: {message}", self.clock)
            return self._update_status(original, hpa)
        set_condition(hpa, "AbleToScale", "True", "SucceededGetScale",
                      "the HPA controller was able to get the target's current scale", self.clock)
        current = scale["spec"].get("replicas", 0)
        self.recommendations.setdefault(key, [[current, self.clock.now]])
        min_replicas, max_replicas = spec.get("minReplicas", 1), spec["maxReplicas"]
        desired, reason, statuses, rescale = 0, "", None, True
        if current == 0 and min_replicas != 0:
            rescale = False
            set_condition(hpa, "ScalingActive", "False", "ScalingDisabled",
                          "scaling is disabled since the replica count of the target is zero", self.clock)
        elif current > max_replicas:
            reason, desired = "Current number of replicas above Spec.MaxReplicas", max_replicas
        elif current < min_replicas:
            reason, desired = "Current number of replicas below Spec.MinReplicas", min_replicas
        else:
            proposal, metric, statuses, error = self._replicas_for_metrics(hpa, scale)
            if error is not None and proposal == -1:
                set_status(hpa, current, (hpa.get("status") or {}).get("desiredReplicas", 0), statuses, False, self.clock)
                self._update_status(original, hpa)
                self.recorder.event(hpa, "Warning", "FailedComputeMetricsReplicas", error)
                return None
            desired = max(desired, proposal)
            if desired > current:
                reason = f"{metric} above target"
            elif desired < current:
                reason = "All metrics below target"
            if spec.get("behavior") is None:
                desired = self._normalize(hpa, key, current, desired, min_replicas)
            else:
                desired = self._normalize_with_behaviors(hpa, key, current, desired, min_replicas)
            rescale = desired != current
        if rescale:
            try:
                self.server.update_scale(resource, target["name"], dict(scale, spec={"replicas": desired}),
                                         hpa["metadata"]["namespace"])
            except ApiError as e:
                self.recorder.event(hpa, "Warning", "FailedRescale", f"New size: {desired}; reason: {reason}; error: {e.message}")
                set_condition(hpa, "AbleToScale", "False", "FailedUpdateScale",
                              f"the HPA controller was unable to update the target scale: {e.message}", self.clock)
                set_status(hpa, current, (hpa.get("status") or {}).get("desiredReplicas", 0), statuses, False, self.clock)
                return self._update_status(original, hpa)
            set_condition(hpa, "AbleToScale", "True", "SucceededRescale",
                          f"the HPA controller was able to update the target scale to {desired}", self.clock)
            self.recorder.event(hpa, "Normal", "SuccessfulRescale", f"New size: {desired}; reason: {reason}")
            self._store_scale_event(spec.get("behavior"), key, current, desired)
        else:
            desired = current
        set_status(hpa, current, desired, statuses, rescale, self.clock)
        return self._update_status(original, hpa)

    def _scale_resource(self, target):
        """The RESTMapping of the target's group and kind (any served version)."""
        group = (target.get("apiVersion") or "").rpartition("/")[0]
        kind = target.get("kind", "")
        for resource in self.server.registry.resources:
            if resource.group == group and resource.kind == kind:
                return resource
        raise LookupError(f'no matches for kind "{kind}" in group "{group}"')

    def _update_status(self, original, hpa):
        if (hpa.get("status") or {}) == original:
            return None
        try:
            self.server.update(HPA, hpa, subresource="status")
        except ApiError as e:
            self.recorder.event(hpa, "Warning", "FailedUpdateStatus", e.message)
        return None

    # ---- computeReplicasForMetrics
    def _replicas_for_metrics(self, hpa, scale):
        """(replicas or -1, metric name, metric statuses, error message or None)."""
        selector = (scale.get("status") or {}).get("selector")
        if not selector:
            self.recorder.event(hpa, "Warning", "SelectorRequired", "selector is required")
            set_condition(hpa, "ScalingActive", "False", "InvalidSelector",
                          "the HPA target's scale is missing a selector", self.clock)
            return -1, "", None, "selector is required"
        specs = hpa["spec"].get("metrics") or []
        statuses = [{"type": ""} for _ in specs]
        replicas, metric, invalid, first = 0, "", 0, None
        for i, spec in enumerate(specs):
            try:
                proposal, name, statuses[i] = self._replicas_for_metric(hpa, spec, scale["spec"].get("replicas", 0), selector)
            except Invalid as e:
                invalid += 1
                first = first or e
                continue
            if replicas == 0 or proposal > replicas:
                replicas, metric = proposal, name
        error = f"invalid metrics ({invalid} invalid out of {len(specs)}), first error is: {first}" if first else None
        if invalid >= len(specs) or (invalid and replicas < scale["spec"].get("replicas", 0)):
            set_condition(hpa, *first.condition, clock=self.clock)
            return -1, "", statuses, error
        set_condition(hpa, "ScalingActive", "True", "ValidMetricFound",
                      f"the HPA was able to successfully calculate a replica count from {metric}", self.clock)
        return replicas, metric, statuses, error

    def _replicas_for_metric(self, hpa, spec, current, selector):
        kind = spec.get("type", "")
        namespace = hpa["metadata"]["namespace"]
        try:
            if kind == "Resource":
                source = spec["resource"]
                replicas, value, name = self._resource_replicas(current, source, namespace, selector, "")
                return replicas, name, {"type": kind, "resource": {"name": source["name"], "current": value}}
            if kind == "ContainerResource":
                source = spec["containerResource"]
                replicas, value, name = self._resource_replicas(current, source, namespace, selector, source["container"])
                return replicas, name, {"type": kind, "containerResource": {
                    "name": source["name"], "container": source["container"], "current": value}}
            raise MetricsError(self._custom_metric_error(kind, spec, namespace))
        except MetricsError as e:
            reason = FAILED_GET.get(kind, "InvalidMetricSourceType")
            self.recorder.event(hpa, "Warning", reason, str(e))
            condition = ("ScalingActive", "False", reason, f"the HPA was unable to compute the replica count: {e}")
            raise Invalid(f"failed to get {self._metric_label(kind, spec)} value: {e}", condition) from None

    @staticmethod
    def _metric_label(kind, spec):
        return {"Resource": f"{(spec.get('resource') or {}).get('name')} resource metric",
                "ContainerResource": f"{(spec.get('containerResource') or {}).get('name')} container resource metric",
                "Pods": "pods metric", "Object": "object metric", "External": "external metric"}.get(kind, "metric")

    @staticmethod
    def _custom_metric_error(kind, spec, namespace):
        """No custom or external metrics adapter is installed: what the clients answer, wrapped as
        GetMetricReplicas, GetObjectMetricReplicas and GetExternalMetricReplicas wrap it."""
        source = spec.get(kind.lower()) or {}
        metric = source.get("metric") or {}
        name = metric.get("name", "")
        if kind == "External":
            return (f"unable to get external metric {namespace}/{name}/{go_selector(metric.get('selector'))}: "
                    f"unable to fetch metrics from external metrics API: the server could not find the requested "
                    f"resource (get {name}.external.metrics.k8s.io)")
        if kind == "Object":
            target = source.get("describedObject") or {}
            return f"unable to get metric {name}: {target.get('kind')} on {namespace} {target.get('name')}/{NO_CUSTOM_METRICS}"
        return f"unable to get metric {name}: {NO_CUSTOM_METRICS}"

    def _resource_replicas(self, current, source, namespace, selector, container):
        """computeStatusForResourceMetricGeneric: (replicas, MetricValueStatus, metric name)."""
        resource, target = source["name"], source.get("target") or {}
        if target.get("averageValue") is not None:
            try:
                replicas, raw, _ = self.calculator.raw_resource_replicas(
                    current, milli(target["averageValue"]), resource, namespace, selector, container)
            except MetricsError as e:
                raise MetricsError(f"failed to get {resource} usage: {e}") from None
            return replicas, {"averageValue": milli_quantity(raw)}, f"{resource} resource"
        if target.get("averageUtilization") is None:
            raise MetricsError("invalid resource metric source: neither an average utilization target nor an "
                               "average value (usage) target was set")
        try:
            replicas, utilization, raw, _ = self.calculator.resource_replicas(
                current, target["averageUtilization"], resource, namespace, selector, container)
        except MetricsError as e:
            raise MetricsError(f"failed to get {resource} utilization: {e}") from None
        what = "container resource" if container else "resource"
        return (replicas, {"averageValue": milli_quantity(raw), "averageUtilization": utilization},
                f"{resource} {what} utilization (percentage of request)")

    # ---- normalizeDesiredReplicas (no behavior: the controller's flags)
    def _normalize(self, hpa, key, current, proposed, min_replicas):
        stabilized = self._stabilize(key, proposed)
        if stabilized != proposed:
            set_condition(hpa, "AbleToScale", "True", "ScaleDownStabilized", "recent recommendations were higher than "
                          "current one, applying the highest recent recommendation", self.clock)
        else:
            set_condition(hpa, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", self.clock)
        desired, reason, message = replicas_within_rules(current, stabilized, min_replicas, hpa["spec"]["maxReplicas"])
        set_condition(hpa, "ScalingLimited", "False" if desired == stabilized else "True", reason, message, self.clock)
        return desired

    def _stabilize(self, key, proposed):
        """The highest recommendation of the last 5 minutes; this one replaces the oldest expired one."""
        now, cutoff = self.clock.now, self.clock.now - DOWNSCALE_STABILIZATION
        recs, highest, old = self.recommendations[key], proposed, None
        for i, (replicas, when) in enumerate(recs):
            if when < cutoff:
                old = i
            elif replicas > highest:
                highest = replicas
        if old is not None:
            recs[old] = [proposed, now]
        else:
            recs.append([proposed, now])
        return highest

    # ---- normalizeDesiredReplicasWithBehaviors
    def _normalize_with_behaviors(self, hpa, key, current, proposed, min_replicas):
        behavior = hpa["spec"]["behavior"]
        up, down = behavior.get("scaleUp") or {}, dict(behavior.get("scaleDown") or {})
        if down.get("stabilizationWindowSeconds") is None:
            down["stabilizationWindowSeconds"] = DOWNSCALE_STABILIZATION
        stabilized, reason, message = self._stabilize_with_behaviors(key, current, proposed, up, down)
        if stabilized != proposed:
            set_condition(hpa, "AbleToScale", "True", reason, message, self.clock)
        else:
            set_condition(hpa, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", self.clock)
        desired, reason, message = self._within_behavior_rate(key, current, stabilized, min_replicas,
                                                              hpa["spec"]["maxReplicas"], up, down)
        set_condition(hpa, "ScalingLimited", "False" if desired == stabilized else "True", reason, message, self.clock)
        return desired

    def _stabilize_with_behaviors(self, key, current, proposed, up, down):
        now = self.clock.now
        up_cutoff = now - (up.get("stabilizationWindowSeconds") or 0)
        down_cutoff = now - down["stabilizationWindowSeconds"]
        up_rec = down_rec = proposed
        recs, old = self.recommendations[key], None
        for i, (replicas, when) in enumerate(recs):
            if when > up_cutoff:
                up_rec = min(up_rec, replicas)
            if when > down_cutoff:
                down_rec = max(down_rec, replicas)
            if when < up_cutoff and when < down_cutoff:
                old = i
        recommendation = min(max(current, up_rec), down_rec)
        if old is not None:
            recs[old] = [proposed, now]
        else:
            recs.append([proposed, now])
        if proposed >= current:
            return recommendation, "ScaleUpStabilized", ("recent recommendations were lower than current one, "
                                                         "applying the lowest recent recommendation")
        return recommendation, "ScaleDownStabilized", ("recent recommendations were higher than current one, "
                                                       "applying the highest recent recommendation")

    def _within_behavior_rate(self, key, current, desired, min_replicas, max_replicas, up, down):
        if desired > current:
            limit = max(self._scale_up_limit(key, current, up), current)
            if max_replicas > limit:
                allowed, reason, message = limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"
            else:
                allowed, reason, message = max_replicas, "TooManyReplicas", "the desired replica count is more than the maximum replica count"
            if desired > allowed:
                return allowed, reason, message
        elif desired < current:
            limit = min(self._scale_down_limit(key, current, down), current)
            if min_replicas < limit:
                allowed, reason, message = limit, "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate"
            else:
                allowed, reason, message = min_replicas, "TooFewReplicas", "the desired replica count is less than the minimum replica count"
            if desired < allowed:
                return allowed, reason, message
        return desired, "DesiredWithinRange", "the desired count is within the acceptable range"

    def _period_start(self, key, current, period):
        added = self._change_in_period(self.scale_events["up"].get(key, []), period)
        deleted = self._change_in_period(self.scale_events["down"].get(key, []), period)
        return current - added + deleted

    def _change_in_period(self, events, period):
        cutoff = self.clock.now - period
        return sum(change for change, when in events if when > cutoff)

    def _scale_up_limit(self, key, current, rules):
        select = rules.get("selectPolicy") or "Max"
        if select == "Disabled":
            return current
        proposals = []
        for policy in rules.get("policies") or []:
            start = self._period_start(key, current, policy["periodSeconds"])
            proposals.append(start + policy["value"] if policy["type"] == "Pods"
                             else math.ceil(start * (1 + policy["value"] / 100)))
        return (min if select == "Min" else max)(proposals) if proposals else current

    def _scale_down_limit(self, key, current, rules):
        select = rules.get("selectPolicy") or "Max"
        if select == "Disabled":
            return current
        proposals = []
        for policy in rules.get("policies") or []:
            start = self._period_start(key, current, policy["periodSeconds"])
            proposals.append(start - policy["value"] if policy["type"] == "Pods"
                             else int(start * (1 - policy["value"] / 100)))
        # Max selects the policy allowing the biggest change: the lowest limit
        return (max if select == "Min" else min)(proposals) if proposals else current

    def _store_scale_event(self, behavior, key, previous, new):
        """Scale events feed the behavior policies' periods (none are kept without a behavior)."""
        if behavior is None:
            return
        direction = "up" if new > previous else "down"
        rules = behavior.get("scaleUp" if direction == "up" else "scaleDown") or {}
        longest = max((p["periodSeconds"] for p in rules.get("policies") or []), default=0)
        events = [e for e in self.scale_events[direction].get(key, []) if e[1] >= self.clock.now - longest]
        events.append([abs(new - previous), self.clock.now])
        self.scale_events[direction][key] = events


def replicas_within_rules(current, desired, min_replicas, max_replicas):
    """convertDesiredReplicasWithRules: min/max and the 2x (at least 4) scale-up limit."""
    scale_up_limit = int(max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM))
    if max_replicas > scale_up_limit:
        allowed, reason, message = scale_up_limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"
    else:
        allowed, reason, message = max_replicas, "TooManyReplicas", "the desired replica count is more than the maximum replica count"
    if desired < min_replicas:
        return min_replicas, "TooFewReplicas", "the desired replica count is less than the minimum replica count"
    if desired > allowed:
        return allowed, reason, message
    return desired, "DesiredWithinRange", "the desired count is within the acceptable range"


def set_condition(hpa, type_, status, reason, message, clock):
    """setCondition: the transition time moves only when the status changes; new types are appended."""
    conditions = hpa.setdefault("status", {}).setdefault("conditions", [])
    found = next((c for c in conditions if c.get("type") == type_), None)
    if found is None:
        found = {"type": type_}
        conditions.append(found)
    if found.get("status") != status:
        found["lastTransitionTime"] = clock.timestamp()
    found.update(status=status, reason=reason, message=message)
    order = ("type", "status", "lastTransitionTime", "reason", "message")
    found_copy = {k: found[k] for k in order if k in found}
    found.clear()
    found.update(found_copy)


def set_status(hpa, current, desired, statuses, rescale, clock):
    old = hpa.get("status") or {}
    status = {}
    last_scale = clock.timestamp() if rescale else old.get("lastScaleTime")
    if last_scale:
        status["lastScaleTime"] = last_scale
    status.update(currentReplicas=current, desiredReplicas=desired, currentMetrics=statuses)
    if old.get("conditions"):
        status["conditions"] = old["conditions"]
    hpa["status"] = status


def milli_quantity(value):
    return str(Quantity(Fraction(int(value), 1000)))


def go_selector(selector):
    """A *metav1.LabelSelector printed with %+v (its generated String())."""
    if selector is None:
        return "<nil>"
    labels = "".join(f"{k}: {v}," for k, v in sorted((selector.get("matchLabels") or {}).items()))
    expressions = "".join(
        f"LabelSelectorRequirement{{Key:{e.get('key')},Operator:{e.get('operator')},Values:[{' '.join(e.get('values') or [])}],}},"
        for e in selector.get("matchExpressions") or [])
    return (f"&LabelSelector{{MatchLabels:map[string]string{{{labels}}},"
            f"MatchExpressions:[]LabelSelectorRequirement{{{expressions}}},}}")
