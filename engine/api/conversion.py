"""Conversion between served versions of a kind: autoscaling/v1 <-> v2 HorizontalPodAutoscaler.

v1 keeps only a CPU utilization target; everything else rides in autoscaling.alpha.kubernetes.io
annotations, as pkg/apis/autoscaling/v1/conversion.go does. Objects read back get v2 defaults again."""
import copy
import json

from .defaults.autoscaling import default_metrics, hpa_v2

METRICS = "autoscaling.alpha.kubernetes.io/metrics"
CURRENT_METRICS = "autoscaling.alpha.kubernetes.io/current-metrics"
CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions"
BEHAVIOR = "autoscaling.alpha.kubernetes.io/behavior"
ROUND_TRIP = (METRICS, BEHAVIOR, CURRENT_METRICS, CONDITIONS)


_GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _go_json(value):
    """json.Marshal's compact output: UTF-8 as is, but <, >, & and line separators escaped (HTML-safe)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return "".join(_GO_ESCAPES.get(ch, ch) for ch in text)


def _drop_none(d):
    return {k: v for k, v in d.items() if v is not None}


# metric specs: v2 (target{type,value,averageValue,averageUtilization}) <-> v1 (v2beta1-style flat targets)
def _metric_to_v1(m):
    kind = m.get("type")
    out = {"type": kind}
    if m.get("resource") is not None:
        r = m["resource"]
        t = r.get("target") or {}
        out["resource"] = _drop_none({"name": r.get("name"), "targetAverageUtilization": t.get("averageUtilization"),
                                      "targetAverageValue": t.get("averageValue")})
    if m.get("containerResource") is not None:
        r = m["containerResource"]
        t = r.get("target") or {}
        out["containerResource"] = _drop_none({
            "name": r.get("name"), "targetAverageUtilization": t.get("averageUtilization"),
            "targetAverageValue": t.get("averageValue"), "container": r.get("container")})
    if m.get("pods") is not None:
        p = m["pods"]
        metric, t = p.get("metric") or {}, p.get("target") or {}
        out["pods"] = _drop_none({"metricName": metric.get("name"), "targetAverageValue": t.get("averageValue") or "0",
                                  "selector": metric.get("selector")})
    if m.get("object") is not None:
        o = m["object"]
        metric, t, ref = o.get("metric") or {}, o.get("target") or {}, o.get("describedObject") or {}
        out["object"] = _drop_none({"target": _drop_none({"kind": ref.get("kind"), "name": ref.get("name"),
                                                          "apiVersion": ref.get("apiVersion") or None}),
                                    "metricName": metric.get("name"), "targetValue": t.get("value") or "0",
                                    "selector": metric.get("selector"), "averageValue": t.get("averageValue")})
    if m.get("external") is not None:
        e = m["external"]
        metric, t = e.get("metric") or {}, e.get("target") or {}
        out["external"] = _drop_none({"metricName": metric.get("name"), "metricSelector": metric.get("selector"),
                                      "targetValue": t.get("value"), "targetAverageValue": t.get("averageValue")})
    return _ordered(out, ("type", "object", "pods", "resource", "containerResource", "external"))


def _ordered(d, keys):
    return {k: d[k] for k in keys if k in d}


def _metric_to_v2(m):
    out = {"type": m.get("type")}
    if m.get("resource") is not None:
        out["resource"] = _resource_to_v2(m["resource"])
    if m.get("containerResource") is not None:
        out["containerResource"] = dict(_resource_to_v2(m["containerResource"]),
                                        container=m["containerResource"].get("container"))
    if m.get("pods") is not None:
        p = m["pods"]
        out["pods"] = {"metric": _drop_none({"name": p.get("metricName"), "selector": p.get("selector")}),
                       "target": {"type": "AverageValue", "averageValue": p.get("targetAverageValue", "0")}}
    if m.get("object") is not None:
        o = m["object"]
        ref = o.get("target") or {}
        target = _drop_none({"type": "AverageValue" if o.get("averageValue") is not None else "Value",
                             "value": o.get("targetValue", "0"), "averageValue": o.get("averageValue")})
        out["object"] = {"describedObject": _drop_none({"kind": ref.get("kind"), "name": ref.get("name"),
                                                        "apiVersion": ref.get("apiVersion")}),
                         "target": target,
                         "metric": _drop_none({"name": o.get("metricName"), "selector": o.get("selector")})}
    if m.get("external") is not None:
        e = m["external"]
        target = _drop_none({"type": "Value" if e.get("targetValue") is not None else "AverageValue",
                             "value": e.get("targetValue"), "averageValue": e.get("targetAverageValue")})
        out["external"] = {"metric": _drop_none({"name": e.get("metricName"), "selector": e.get("metricSelector")}),
                           "target": target}
    return out


def _resource_to_v2(r):
    utilization = r.get("targetAverageUtilization")
    target = _drop_none({"type": "Utilization" if utilization is not None else "AverageValue",
                         "averageUtilization": utilization, "averageValue": r.get("targetAverageValue")})
    return {"name": r.get("name"), "target": target}


# metric statuses
def _status_to_v1(m):
    out = {"type": m.get("type")}
    for key in ("resource", "containerResource"):
        if m.get(key) is not None:
            r, cur = m[key], m[key].get("current") or {}
            item = _drop_none({"name": r.get("name"), "currentAverageUtilization": cur.get("averageUtilization")})
            item["currentAverageValue"] = cur.get("averageValue") or "0"
            if key == "containerResource":
                item["container"] = r.get("container")
            out[key] = item
    if m.get("pods") is not None:
        p, metric = m["pods"], m["pods"].get("metric") or {}
        out["pods"] = _drop_none({"metricName": metric.get("name"),
                                  "currentAverageValue": (p.get("current") or {}).get("averageValue") or "0",
                                  "selector": metric.get("selector")})
    if m.get("object") is not None:
        o, metric, cur = m["object"], m["object"].get("metric") or {}, m["object"].get("current") or {}
        ref = o.get("describedObject") or {}
        out["object"] = _drop_none({"target": _drop_none({"kind": ref.get("kind"), "name": ref.get("name"),
                                                          "apiVersion": ref.get("apiVersion") or None}),
                                    "metricName": metric.get("name"), "currentValue": cur.get("value") or "0",
                                    "selector": metric.get("selector"), "averageValue": cur.get("averageValue")})
    if m.get("external") is not None:
        e, metric, cur = m["external"], m["external"].get("metric") or {}, m["external"].get("current") or {}
        out["external"] = _drop_none({"metricName": metric.get("name"), "metricSelector": metric.get("selector"),
                                      "currentValue": cur.get("value") or "0",
                                      "currentAverageValue": cur.get("averageValue")})
    return _ordered(out, ("type", "object", "pods", "resource", "containerResource", "external"))


def _status_to_v2(m):
    out = {"type": m.get("type")}
    for key in ("resource", "containerResource"):
        if m.get(key) is not None:
            r = m[key]
            out[key] = {"name": r.get("name"), "current": _drop_none({
                "averageValue": r.get("currentAverageValue"), "averageUtilization": r.get("currentAverageUtilization")})}
            if key == "containerResource":
                out[key]["container"] = r.get("container")
    if m.get("pods") is not None:
        p = m["pods"]
        out["pods"] = {"metric": _drop_none({"name": p.get("metricName"), "selector": p.get("selector")}),
                       "current": {"averageValue": p.get("currentAverageValue")}}
    if m.get("object") is not None:
        o, ref = m["object"], m["object"].get("target") or {}
        out["object"] = {"metric": _drop_none({"name": o.get("metricName"), "selector": o.get("selector")}),
                         "current": _drop_none({"value": o.get("currentValue"), "averageValue": o.get("averageValue")}),
                         "describedObject": _drop_none({"kind": ref.get("kind"), "name": ref.get("name"),
                                                        "apiVersion": ref.get("apiVersion")})}
    if m.get("external") is not None:
        e = m["external"]
        out["external"] = {"metric": _drop_none({"name": e.get("metricName"), "selector": e.get("metricSelector")}),
                           "current": _drop_none({"value": e.get("currentValue"),
                                                  "averageValue": e.get("currentAverageValue")})}
    return out


# behavior rides in the annotation as the internal Go type marshals it: field names, no json tags
def _behavior_to_internal(behavior):
    out = {}
    for key, go_key in (("scaleUp", "ScaleUp"), ("scaleDown", "ScaleDown")):
        rules = behavior.get(key)
        if rules is None:
            out[go_key] = None
            continue
        out[go_key] = {"StabilizationWindowSeconds": rules.get("stabilizationWindowSeconds"),
                       "SelectPolicy": rules.get("selectPolicy"),
                       "Policies": [{"Type": p.get("type"), "Value": p.get("value", 0),
                                     "PeriodSeconds": p.get("periodSeconds", 0)} for p in rules.get("policies") or []]
                       if rules.get("policies") is not None else None}
    return out


def _behavior_from_internal(data):
    out = {}
    for key, go_key in (("scaleUp", "ScaleUp"), ("scaleDown", "ScaleDown")):
        rules = (data or {}).get(go_key)
        if rules is None:
            continue
        item = {}
        if rules.get("StabilizationWindowSeconds") is not None:
            item["stabilizationWindowSeconds"] = rules["StabilizationWindowSeconds"]
        if rules.get("SelectPolicy") is not None:
            item["selectPolicy"] = rules["SelectPolicy"]
        if rules.get("Policies") is not None:
            item["policies"] = [{"type": p.get("Type"), "value": p.get("Value"), "periodSeconds": p.get("PeriodSeconds")}
                                for p in rules["Policies"]]
        out[key] = item
    return out


def _condition_to_v1(c):
    return {"type": c.get("type"), "status": c.get("status"), "lastTransitionTime": c.get("lastTransitionTime"),
            **_drop_none({"reason": c.get("reason") or None, "message": c.get("message") or None})}


def hpa_v2_to_v1(obj):
    """A stored autoscaling/v2 HPA as autoscaling/v1 serves it."""
    obj = copy.deepcopy(obj)
    hpa_v2(obj)  # the storage decoder defaults what it reads
    meta = copy.deepcopy(obj["metadata"])
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k not in ROUND_TRIP}
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    v1_spec = {"scaleTargetRef": spec.get("scaleTargetRef")}
    if spec.get("minReplicas") is not None:
        v1_spec["minReplicas"] = spec["minReplicas"]
    v1_spec["maxReplicas"] = spec.get("maxReplicas", 0)
    others = []
    for m in spec.get("metrics") or []:
        resource = m.get("resource") or {}
        is_cpu = m.get("type") == "Resource" and resource.get("name") == "cpu"
        if is_cpu and (resource.get("target") or {}).get("averageUtilization") is not None:
            if "targetCPUUtilizationPercentage" not in v1_spec:
                v1_spec["targetCPUUtilizationPercentage"] = resource["target"]["averageUtilization"]
            continue
        others.append(_metric_to_v1(m))
    current = status.get("currentMetrics") or []
    conditions = status.get("conditions") or []
    if others:
        annotations[METRICS] = _go_json(others)
    if current:
        annotations[CURRENT_METRICS] = _go_json([_status_to_v1(m) for m in current])
    if spec.get("behavior") is not None:
        annotations[BEHAVIOR] = _go_json(_behavior_to_internal(spec["behavior"]))
    if conditions:
        annotations[CONDITIONS] = _go_json([_condition_to_v1(c) for c in conditions])
    if annotations:
        meta["annotations"] = annotations
    else:
        meta.pop("annotations", None)
    v1_status = {}
    for key in ("observedGeneration", "lastScaleTime"):
        if status.get(key) is not None:
            v1_status[key] = status[key]
    v1_status["currentReplicas"] = status.get("currentReplicas", 0)  # not omitempty in v1
    v1_status["desiredReplicas"] = status.get("desiredReplicas", 0)
    for m in current:
        r = m.get("resource") or {}
        if m.get("type") == "Resource" and r.get("name") == "cpu" and (r.get("current") or {}).get("averageUtilization") is not None:
            v1_status["currentCPUUtilizationPercentage"] = r["current"]["averageUtilization"]
    out = {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": meta, "spec": v1_spec}
    if "status" in obj:
        out["status"] = v1_status
    return out


def hpa_v1_to_v2(obj):
    """An autoscaling/v1 HPA in its stored autoscaling/v2 form."""
    obj = copy.deepcopy(obj)
    meta = obj["metadata"]
    annotations = dict(meta.get("annotations") or {})
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    v2_spec = {"scaleTargetRef": spec.get("scaleTargetRef")}
    if spec.get("minReplicas") is not None:
        v2_spec["minReplicas"] = spec["minReplicas"]
    v2_spec["maxReplicas"] = spec.get("maxReplicas", 0)
    metrics = []
    if METRICS in annotations:
        metrics = [_metric_to_v2(m) for m in _load(annotations.pop(METRICS), [])]
    if spec.get("targetCPUUtilizationPercentage") is not None:
        metrics.append({"type": "Resource", "resource": {"name": "cpu", "target": {
            "type": "Utilization", "averageUtilization": spec["targetCPUUtilizationPercentage"]}}})
    v2_spec["metrics"] = metrics or default_metrics()
    if BEHAVIOR in annotations:
        behavior = _load(annotations.pop(BEHAVIOR), None)
        if isinstance(behavior, dict):
            v2_spec["behavior"] = _behavior_from_internal(behavior)
    v2_status = {}
    for key in ("observedGeneration", "lastScaleTime", "currentReplicas"):
        if status.get(key) is not None:
            v2_status[key] = status[key]
    v2_status["desiredReplicas"] = status.get("desiredReplicas", 0)
    if CURRENT_METRICS in annotations:
        v2_status["currentMetrics"] = [_status_to_v2(m) for m in _load(annotations.pop(CURRENT_METRICS), [])]
    elif status.get("currentCPUUtilizationPercentage") is not None:
        v2_status["currentMetrics"] = [{"type": "Resource", "resource": {"name": "cpu", "current": {
            "averageUtilization": status["currentCPUUtilizationPercentage"]}}}]
    if CONDITIONS in annotations:
        v2_status["conditions"] = _load(annotations.pop(CONDITIONS), [])
    if annotations:
        meta["annotations"] = annotations
    else:
        meta.pop("annotations", None)
    out = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": meta, "spec": v2_spec}
    if "status" in obj:
        out["status"] = v2_status
    hpa_v2(out)
    return out


def _load(text, fallback):
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return fallback
