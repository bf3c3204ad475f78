"""`kubectl describe` for the workload kinds (Deployment, ReplicaSet, ReplicationController, DaemonSet,
StatefulSet, Job, CronJob): counts, pods status, the pod template and conditions, as describe.go lays them out."""
from ...api.quantity import canonical_or_same
from ...api.columns import format_selector, parse_time, selector_string
from ...api.duration import human_duration
from .pod import pod_template
from .storage import format_labels
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
    """deploymentutil.GetAllReplicaSets: the ReplicaSets matching its selector that the Deployment controls, by
    creation; the new one is the oldest whose template equals the Deployment's (ignoring pod-template-hash);
    all others (scaled to zero too) are old."""
    selector = selector_string(d["spec"].get("selector")) or None
    owned = [rs for rs in api.list("replicasets", d["metadata"]["namespace"], label_selector=selector)["items"]
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
    w.write(0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 1)} desired\n")
    w.write(0, f"Pods Status:\t{_pods_status(api, rc, selector)}\n")
    pod_template(w, spec.get("template") or {})
    _conditions(w, status.get("conditions"))
    if events is not None:
        events_table(w, events)


def describe_daemonset(w, ds, events, api):
    meta, spec, status = ds["metadata"], ds["spec"], ds.get("status") or {}
    node_selector = ((spec.get("template") or {}).get("spec") or {}).get("nodeSelector") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    w.write(0, f"Node-Selector:\t{format_labels(node_selector)}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Desired Number of Nodes Scheduled: {status.get('desiredNumberScheduled', 0)}\n")
    w.write(0, f"Current Number of Nodes Scheduled: {status.get('currentNumberScheduled', 0)}\n")
    w.write(0, f"Number of Nodes Scheduled with Up-to-date Pods: {status.get('updatedNumberScheduled', 0)}\n")
    w.write(0, f"Number of Nodes Scheduled with Available Pods: {status.get('numberAvailable', 0)}\n")
    w.write(0, f"Number of Nodes Misscheduled: {status.get('numberMisscheduled', 0)}\n")
    w.write(0, f"Pods Status:\t{_pods_status(api, ds, selector_string(spec.get('selector')))}\n")
    pod_template(w, spec.get("template") or {})
    if events is not None:
        events_table(w, events)


def describe_statefulset(w, sts, events, api):
    meta, spec, status = sts["metadata"], sts["spec"], sts.get("status") or {}
    selector = selector_string(spec.get("selector"))
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, f"Selector:\t{selector}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('replicas', 0)} total\n")
    strategy = spec.get("updateStrategy") or {}
    w.write(0, f"Update Strategy:\t{strategy.get('type', '')}\n")
    rolling = strategy.get("rollingUpdate")
    if rolling is not None and rolling.get("partition") is not None:
        w.write(1, f"Partition:\t{rolling['partition']}\n")
        if rolling.get("maxUnavailable") is not None:
            w.write(1, f"MaxUnavailable:\t{rolling['maxUnavailable']}\n")
    w.write(0, f"Pods Status:\t{_pods_status(api, sts, selector)}\n")
    pod_template(w, spec.get("template") or {})
    _claim_templates(w, spec.get("volumeClaimTemplates"))
    if events is not None:
        events_table(w, events)


def _claim_templates(w, templates):
    if not templates:
        w.write(0, "Volume Claims:\t<none>\n")
        return
    w.write(0, "Volume Claims:\n")
    for pvc in templates:
        meta, spec = pvc.get("metadata") or {}, pvc.get("spec") or {}
        annotations = meta.get("annotations") or {}
        storage_class = annotations.get("volume.beta.kubernetes.io/storage-class", spec.get("storageClassName", ""))
        w.write(1, f"Name:\t{meta.get('name', '')}\n")
        w.write(1, f"StorageClass:\t{storage_class or ''}\n")
        labels_multiline(w, "Labels", meta.get("labels"), initial="  ")
        labels_multiline(w, "Annotations", annotations, initial="  ")
        capacity = ((spec.get("resources") or {}).get("requests") or {}).get("storage")
        w.write(1, f"Capacity:\t{canonical_or_same(str(capacity)) if capacity is not None else '<default>'}\n")
        w.write(1, f"Access Modes:\t[{' '.join(spec.get('accessModes') or [])}]\n")


def describe_job(w, job, events, api):
    meta, spec, status = job["metadata"], job["spec"], job.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    if controller_of(job):
        w.write(0, f"Controlled By:\t{controller_of(job)}\n")
    if spec.get("parallelism") is not None:
        w.write(0, f"Parallelism:\t{spec['parallelism']}\n")
    w.write(0, f"Completions:\t{spec['completions'] if spec.get('completions') is not None else '<unset>'}\n")
    if spec.get("completionMode"):
        w.write(0, f"Completion Mode:\t{spec['completionMode']}\n")
    if spec.get("suspend") is not None:
        w.write(0, f"Suspend:\t{'true' if spec['suspend'] else 'false'}\n")
    if spec.get("backoffLimit") is not None:
        w.write(0, f"Backoff Limit:\t{spec['backoffLimit']}\n")
    if spec.get("ttlSecondsAfterFinished") is not None:
        w.write(0, f"TTL Seconds After Finished:\t{spec['ttlSecondsAfterFinished']}\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
    if status.get("completionTime"):
        w.write(0, f"Completed At:\t{rfc1123z(status['completionTime'])}\n")
    if status.get("startTime") and status.get("completionTime"):
        took = (parse_time(status["completionTime"]) - parse_time(status["startTime"])).total_seconds()
        w.write(0, f"Duration:\t{human_duration(took)}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{spec['activeDeadlineSeconds']}s\n")
    counts = (status.get("active", 0), status.get("succeeded", 0), status.get("failed", 0))
    if status.get("ready") is None:
        w.write(0, "Pods Statuses:\t%d Active / %d Succeeded / %d Failed\n" % counts)
    else:
        w.write(0, "Pods Statuses:\t%d Active (%d Ready) / %d Succeeded / %d Failed\n"
                % (counts[0], status["ready"], counts[1], counts[2]))
    if spec.get("completionMode") == "Indexed":
        w.write(0, f"Completed Indexes:\t{_cap_indexes(status.get('completedIndexes', ''), 50)}\n")
    pod_template(w, spec.get("template") or {})
    if events is not None:
        events_table(w, events)


def _cap_indexes(indexes, soft_limit):
    if not indexes:
        return "<none>"
    cut = indexes.find(",", soft_limit)
    return indexes if cut < 0 else indexes[:cut + 1] + "..."


def describe_cronjob(w, cj, events, api):
    meta, spec, status = cj["metadata"], cj["spec"], cj.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Schedule:\t{spec.get('schedule', '')}\n")
    w.write(0, f"Concurrency Policy:\t{spec.get('concurrencyPolicy', '')}\n")
    suspend = spec.get("suspend")
    w.write(0, f"Suspend:\t{'<unset>' if suspend is None else ('True' if suspend else 'False')}\n")
    for title, key in (("Successful Job History Limit", "successfulJobsHistoryLimit"),
                       ("Failed Job History Limit", "failedJobsHistoryLimit")):
        w.write(0, f"{title}:\t{spec[key] if spec.get(key) is not None else '<unset>'}\n")
    deadline = spec.get("startingDeadlineSeconds")
    w.write(0, f"Starting Deadline Seconds:\t{f'{deadline}s' if deadline is not None else '<unset>'}\n")
    job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    w.write(0, f"Selector:\t{selector_string(job_spec['selector']) if job_spec.get('selector') else '<unset>'}\n")
    for title, key in (("Parallelism", "parallelism"), ("Completions", "completions")):
        w.write(0, f"{title}:\t{job_spec[key] if job_spec.get(key) is not None else '<unset>'}\n")
    if job_spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{job_spec['activeDeadlineSeconds']}s\n")
    pod_template(w, job_spec.get("template") or {})
    last = status.get("lastScheduleTime")
    w.write(0, f"Last Schedule Time:\t{rfc1123z(last) if last else '<unset>'}\n")
    active = status.get("active") or []
    w.write(0, "Active Jobs:\t" + (", ".join(ref.get("name", "") for ref in active) or "<none>") + "\n")
    if events is not None:
        events_table(w, events)
