"""`kubectl describe` for Deployments, ReplicaSets and ReplicationControllers: replicas, pods status,
the pod template, conditions and the ReplicaSets of a Deployment, as describe.go lays them out."""
from ..printers.columns import format_selector, selector_string
from .pod import pod_template
from .writer import annotations_multiline, controller_of, events_table, labels_multiline, rfc1123z


def _int_or_string(value):
    return str(value) if value is not None else "<nil>"


def describe_deployment(w, d, events, api):
    meta, spec, status = d["metadata"], d["spec"], d.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    w.write(0, f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('updatedReplicas', 0)} updated | "
               f"{status.get('replicas', 0)} total | {status.get('availableReplicas', 0)} available | "
               f"{status.get('unavailableReplicas', 0)} unavailable\n")
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{strategy.get('type', '')}\n")
    w.write(0, f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
    rolling = strategy.get("rollingUpdate")
    if rolling is not None:
        w.write(0, f"RollingUpdateStrategy:\t{_int_or_string(rolling.get('maxUnavailable'))} max unavailable, "
                   f"{_int_or_string(rolling.get('maxSurge'))} max surge\n")
    pod_template(w, spec.get("template") or {})
    _conditions(w, status.get("conditions"))
    old, new = replica_sets_of(api, d)
    if old or new:
        w.write(0, f"OldReplicaSets:\t{_replica_sets(old)}\n")
        w.write(0, f"NewReplicaSet:\t{_replica_sets(new)}\n")
    if events is not None:
        events_table(w, events)


def _conditions(w, conditions):
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")


def _replica_sets(sets):
    text = ", ".join(f"{rs['metadata']['name']} ({(rs.get('status') or {}).get('replicas', 0)}/"
                     f"{rs['spec'].get('replicas', 1)} replicas created)" for rs in sets)
    return text or "<none>"


def replica_sets_of(api, d):
    """deploymentutil.GetAllReplicaSets: the ReplicaSets the Deployment controls, by creation; the new
    one is the oldest whose template equals the Deployment's (ignoring pod-template-hash); all others are old."""
    owned = [rs for rs in api.list("replicasets", d["metadata"]["namespace"])["items"]
             if any(ref.get("controller") and ref.get("uid") == d["metadata"]["uid"]
                    for ref in rs["metadata"].get("ownerReferences") or ())]
    owned.sort(key=lambda rs: (rs["metadata"].get("creationTimestamp", ""), rs["metadata"]["name"]))

    def template(obj):
        t = {**obj["spec"].get("template", {})}
        meta = {**(t.get("metadata") or {})}
        meta["labels"] = {k: v for k, v in (meta.get("labels") or {}).items() if k != "pod-template-hash"}
        t["metadata"] = meta
        return t

    wanted = template(d)
    new = next((rs for rs in owned if template(rs) == wanted), None)
    old = [rs for rs in owned if rs is not new]
    return old, [new] if new else []


def _pods_status(api, obj, selector):
    running = waiting = succeeded = failed = 0
    uid = obj["metadata"]["uid"]
    for pod in api.list("pods", obj["metadata"]["namespace"], label_selector=selector or None)["items"]:
        if not any(ref.get("controller") and ref.get("uid") == uid for ref in pod["metadata"].get("ownerReferences") or ()):
            continue
        phase = (pod.get("status") or {}).get("phase")
        running += phase == "Running"
        waiting += phase == "Pending"
        succeeded += phase == "Succeeded"
        failed += phase == "Failed"
    return f"{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed"


def describe_replicaset(w, rs, events, api):
    meta, spec, status = rs["metadata"], rs["spec"], rs.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Selector:\t{format_selector(spec.get('selector'))}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    if controller_of(rs):
        w.write(0, f"Controlled By:\t{controller_of(rs)}\n")
    w.write(0, f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 1)} desired\n")
    w.write(0, "Pods Status:\t")
    w.write(0, _pods_status(api, rs, selector_string(spec.get("selector"))) + "\n")
    pod_template(w, spec.get("template") or {})
    _conditions(w, status.get("conditions"))
    if events is not None:
        events_table(w, events)


def describe_replicationcontroller(w, rc, events, api):
    meta, spec, status = rc["metadata"], rc["spec"], rc.get("status") or {}
    selector = ",".join(f"{k}={v}" for k, v in sorted((spec.get("selector") or {}).items()))
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Selector:\t{selector}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 1)} desired\n")
    w.write(0, f"Pods Status:\t{_pods_status(api, rc, selector)}\n")
    pod_template(w, spec.get("template") or {})
    _conditions(w, status.get("conditions"))
    if events is not None:
        events_table(w, events)
