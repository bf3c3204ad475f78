"""Checks of 04-controllers' HorizontalPodAutoscaler: its bounds and CPU target, and what it does when the
grader puts load on its pods (as lesson 04 does with c.set_load) and takes it away again."""
from .checks import _condition, _get, _no_object, check


def _hpa(ctx, name, namespace):
    return _get(ctx, "horizontalpodautoscalers", name, namespace)


def _cpu_target(hpa):
    """The averageUtilization the HPA aims at for CPU, or None."""
    for metric in hpa["spec"].get("metrics") or ():
        resource = metric.get("resource") or {}
        if metric.get("type") == "Resource" and resource.get("name") == "cpu":
            return (resource.get("target") or {}).get("averageUtilization")
    return None


@check
def hpa_bounds(ctx, name, min_replicas, max_replicas, cpu_percent, namespace="default"):
    """The HPA keeps its target between `min_replicas` and `max_replicas`, aiming at `cpu_percent` CPU
    utilization."""
    hpa = _hpa(ctx, name, namespace)
    if hpa is None:
        return _no_object("HorizontalPodAutoscaler", name, namespace)
    spec, problems = hpa["spec"], []
    low, high = spec.get("minReplicas", 1), spec.get("maxReplicas")
    if (low, high) != (min_replicas, max_replicas):
        problems.append(f"HorizontalPodAutoscaler {name} keeps between {low} and {high} replicas, "
                        f"not between {min_replicas} and {max_replicas}")
    target = _cpu_target(hpa)
    if target != cpu_percent:
        problems.append(f"HorizontalPodAutoscaler {name} aims at " + (f"{target}% CPU utilization" if target is not None
                        else "no CPU utilization") + f", not {cpu_percent}%")
    return problems


def _replicas(ctx, hpa):
    ref = hpa["spec"]["scaleTargetRef"]
    resource = {"Deployment": "deployments", "StatefulSet": "statefulsets", "ReplicaSet": "replicasets"}.get(ref["kind"])
    target = resource and _get(ctx, resource, ref["name"], hpa["metadata"]["namespace"])
    return (target or {}).get("spec", {}).get("replicas", 1), ref


def _not_scaling(ctx, name, namespace):
    """Why the HPA does not scale, as `kubectl describe hpa` shows its conditions."""
    hpa = _hpa(ctx, name, namespace)
    for kind in ("AbleToScale", "ScalingActive"):
        condition = _condition(hpa, kind)
        if condition and condition["status"] == "False":
            return f"has the condition {kind} False ({condition.get('reason')}): {condition.get('message', '')}"
    return None


@check
def hpa_scales_up(ctx, name, cpu, max_replicas, seconds=180, namespace="default"):
    """With `cpu` of load on its target's pods, the HPA adds replicas within `seconds`, never more than
    `max_replicas`."""
    hpa = _hpa(ctx, name, namespace)
    if hpa is None:
        return _no_object("HorizontalPodAutoscaler", name, namespace)
    start, ref = _replicas(ctx, hpa)
    workload = f"{ref['kind'].lower()}/{ref['name']}"
    ctx.cluster.set_load(workload, cpu=cpu, namespace=namespace)
    most = start
    for _ in range(int(seconds)):
        ctx.cluster.advance(1)
        most = max(most, _replicas(ctx, hpa)[0])
    if most > max_replicas:
        return [f"under {cpu} of CPU load, {ref['kind']} {ref['name']} grew to {most} replicas, more than {max_replicas}"]
    if most > start:
        return []
    why = _not_scaling(ctx, name, namespace)
    return [f"under {cpu} of CPU load, {ref['kind']} {ref['name']} stayed at {start} replicas"
            + (f": HorizontalPodAutoscaler {name} {why}" if why else "")]


@check
def hpa_scales_down(ctx, name, replicas, seconds=420, namespace="default"):
    """Once the load is gone, the HPA brings its target back to `replicas` within `seconds` (its downscale
    stabilization window is 5 minutes)."""
    hpa = _hpa(ctx, name, namespace)
    if hpa is None:
        return _no_object("HorizontalPodAutoscaler", name, namespace)
    before, ref = _replicas(ctx, hpa)
    if before <= replicas:
        return [f"HorizontalPodAutoscaler {name} never scaled {ref['kind']} {ref['name']} above {replicas} replicas, "
                f"so it had nothing to scale down"]
    ctx.cluster.set_load(f"{ref['kind'].lower()}/{ref['name']}", cpu="0", namespace=namespace)
    ctx.cluster.advance(seconds)
    now, _ = _replicas(ctx, hpa)
    if now == replicas:
        return []
    return [f"{seconds} s after the load stopped, {ref['kind']} {ref['name']} runs {now} replica{'s' if now != 1 else ''}, not {replicas}"]
