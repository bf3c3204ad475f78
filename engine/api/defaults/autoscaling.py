"""Defaults of HorizontalPodAutoscaler in autoscaling/v2 and v1 (pkg/apis/autoscaling/{v1,v2}/defaults.go, v1.32)."""
import copy

from .. import quantity

DEFAULT_CPU_UTILIZATION = 80
SCALE_UP_RULES = {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                  "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                               {"type": "Percent", "value": 100, "periodSeconds": 15}]}
# scale-down stabilization stays unset: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies
SCALE_DOWN_RULES = {"selectPolicy": "Max", "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}


def default_metrics():
    return [{"type": "Resource", "resource": {"name": "cpu", "target": {
        "type": "Utilization", "averageUtilization": DEFAULT_CPU_UTILIZATION}}}]


def _rules(given, defaults):
    rules = copy.deepcopy(defaults)
    if isinstance(given, dict):
        for key in ("selectPolicy", "stabilizationWindowSeconds", "policies"):
            if given.get(key) is not None:
                rules[key] = given[key]
    return rules


def hpa_v2(obj):
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        spec = obj["spec"] = {}
    if spec.get("minReplicas") is None:
        spec["minReplicas"] = 1
    if not spec.get("metrics"):
        spec["metrics"] = default_metrics()
    behavior = spec.get("behavior")
    if isinstance(behavior, dict):
        behavior["scaleUp"] = _rules(behavior.get("scaleUp"), SCALE_UP_RULES)
        behavior["scaleDown"] = _rules(behavior.get("scaleDown"), SCALE_DOWN_RULES)
    for metric in spec["metrics"]:
        if isinstance(metric, dict):
            _canonical_quantities(metric)
    if isinstance(obj.get("status"), dict):
        obj["status"].setdefault("currentMetrics", None)  # not omitempty in v2
    for metric in (obj.get("status") or {}).get("currentMetrics") or []:
        if isinstance(metric, dict):
            _canonical_quantities(metric)


def _canonical_quantities(node):
    """Quantities in metric targets and statuses come back in canonical form."""
    for key, value in node.items():
        if isinstance(value, dict):
            _canonical_quantities(value)
        elif key in ("value", "averageValue") and isinstance(value, str):
            node[key] = quantity.canonical_or_same(value)


def hpa_v1(obj):
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        spec = obj["spec"] = {}
    if spec.get("minReplicas") is None:
        spec["minReplicas"] = 1


def apply(resource, obj):
    (hpa_v1 if resource.version == "v1" else hpa_v2)(obj)
