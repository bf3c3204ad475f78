"""`kubectl describe` for HorizontalPodAutoscalers: always read as autoscaling/v2 (as kubectl does),
metrics as `current / target`, behavior, replicas and conditions, as describe.go lays them out."""
from ...api.errors import ApiError, go_quote
from ...api.quantity import canonical_or_same
from .writer import annotations_multiline, events_table, labels_multiline, rfc1123z

V2 = "autoscaling/v2/horizontalpodautoscalers"


def _q(value):
    """Quantity.String() of a *Quantity: `<nil>` when unset."""
    return "<nil>" if value is None else canonical_or_same(str(value))


def _current(status, i, key):
    """The i-th current metric's source of this type, or None (kubectl pairs spec and status by index)."""
    current = (status.get("currentMetrics") or [])
    if len(current) > i and current[i].get(key) is not None:
        return current[i][key].get("current") or {}
    return None


def describe_horizontalpodautoscaler(w, hpa, events, api):
    meta = hpa["metadata"]
    try:
        hpa = api.get(V2, meta["name"], meta.get("namespace"))
    except ApiError:
        pass
    meta, spec, status = hpa["metadata"], hpa.get("spec") or {}, hpa.get("status") or {}
    ref = spec.get("scaleTargetRef") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, f"Reference:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
    w.write(0, "Metrics:\t( current / target )\n")
    for i, metric in enumerate(spec.get("metrics") or ()):
        _metric(w, metric, status, i)
    w.write(0, f"Min replicas:\t{spec['minReplicas'] if spec.get('minReplicas') is not None else '<unset>'}\n")
    w.write(0, f"Max replicas:\t{spec.get('maxReplicas', 0)}\n")
    behavior = spec.get("behavior")
    if behavior is not None:
        w.write(0, "Behavior:\n")
        _direction(w, "Scale Up", behavior.get("scaleUp"))
        _direction(w, "Scale Down", behavior.get("scaleDown"))
    w.write(0, f"{ref.get('kind', '')} pods:\t")
    w.write(0, f"{status.get('currentReplicas', 0)} current / {status.get('desiredReplicas', 0)} desired\n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tReason\tMessage\n")
        w.write(1, "----\t------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type', '')}\t{c.get('status', '')}\t{c.get('reason', '')}\t{c.get('message', '')}\n")
    if events is not None:
        events_table(w, events)


def _metric(w, metric, status, i):
    kind = metric.get("type", "")
    if kind == "External":
        source = metric.get("external") or {}
        name, target = go_quote((source.get("metric") or {}).get("name", "")), source.get("target") or {}
        current = _current(status, i, "external")
        if target.get("averageValue") is not None:
            now = "<unknown>"
            if current is not None and current.get("averageValue") is not None:
                now = _q(current["averageValue"])
            w.write(1, f"{name} (target average value):\t{now} / {_q(target['averageValue'])}\n")
        else:
            now = _q(current.get("value")) if current is not None else "<unknown>"
            w.write(1, f"{name} (target value):\t{now} / {_q(target.get('value'))}\n")
    elif kind == "Pods":
        source = metric.get("pods") or {}
        current = _current(status, i, "pods")
        now = _q(current.get("averageValue")) if current is not None else "<unknown>"
        w.write(1, f"{go_quote((source.get('metric') or {}).get('name', ''))} on pods:\t{now} / "
                   f"{_q((source.get('target') or {}).get('averageValue'))}\n")
    elif kind == "Object":
        source = metric.get("object") or {}
        described, target = source.get("describedObject") or {}, source.get("target") or {}
        w.write(1, f"\"{(source.get('metric') or {}).get('name', '')}\" on "
                   f"{described.get('kind', '')}/{described.get('name', '')} ")
        current = _current(status, i, "object")
        field, label = ("averageValue", "target average value") if target.get("type") == "AverageValue" \
            else ("value", "target value")
        now = _q(current.get(field)) if current is not None else "<unknown>"
        w.write(0, f"({label}):\t{now} / {_q(target.get(field))}\n")
    elif kind in ("Resource", "ContainerResource"):
        key = "resource" if kind == "Resource" else "containerResource"
        source = metric.get(key) or {}
        if kind == "Resource":
            w.write(1, f"resource {source.get('name', '')} on pods")
        else:
            w.write(1, f"resource {source.get('name', '')} of container \"{source.get('container', '')}\" on pods")
        target, current = source.get("target") or {}, _current(status, i, key)
        if target.get("averageValue") is not None:
            now = _q(current.get("averageValue")) if current is not None else "<unknown>"
            w.write(0, f":\t{now} / {_q(target['averageValue'])}\n")
        else:
            now = "<unknown>"
            if current is not None and current.get("averageUtilization") is not None:
                now = f"{current['averageUtilization']}% ({_q(current.get('averageValue'))})"
            goal = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
            w.write(1, f"(as a percentage of request):\t{now} / {goal}\n")
    else:
        w.write(1, f"<unknown metric type {go_quote(kind)}>\n")


def _direction(w, title, rules):
    """printDirectionBehavior."""
    if rules is None:
        return
    w.write(1, f"{title}:\n")
    if rules.get("stabilizationWindowSeconds") is not None:
        w.write(2, f"Stabilization Window: {rules['stabilizationWindowSeconds']} seconds\n")
    if rules.get("policies"):
        w.write(2, f"Select Policy: {rules.get('selectPolicy') or 'Max'}\n")
        w.write(2, "Policies:\n")
        for p in rules["policies"]:
            w.write(3, f"- Type: {p.get('type', '')}\tValue: {p.get('value', 0)}\t"
                       f"Period: {p.get('periodSeconds', 0)} seconds\n")
