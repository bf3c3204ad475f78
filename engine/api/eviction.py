"""The pods/eviction subresource (pkg/registry/core/pod/storage/eviction.go): a delete that first
asks the pod's PodDisruptionBudget, decrementing disruptionsAllowed or refusing with 429.

Terminal, pending and already terminating pods skip the budget; an evicted pod gets the
DisruptionTarget condition (EvictionByEvictionAPI) just before its delete."""
from . import errors
from ..controllers.disruption import pdbs_for_pod, update_disruption_allowed_condition
from ..controllers.replicaset import is_ready

MAX_DISRUPTED_POD_SIZE = 2000
VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget."
SUCCESS = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}


def too_many_requests(cause, retry_after=0):
    """errors.NewTooManyRequests with one DisruptionBudget cause."""
    details = {"causes": [{"reason": "DisruptionBudget", "message": cause}]}
    if retry_after:
        details["retryAfterSeconds"] = retry_after
    return errors.ApiError(429, "TooManyRequests", VIOLATION, details)


def pdb_forbidden(name, why):
    """errors.NewForbidden for the singular `poddisruptionbudget.policy` resource, as the handler names it."""
    return errors.ApiError(403, "Forbidden", f'poddisruptionbudget.policy "{name}" is forbidden: {why}',
                           {"name": name, "group": "policy", "kind": "poddisruptionbudget"})


def can_ignore_pdb(pod):
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed", "Pending") \
        or bool(pod["metadata"].get("deletionTimestamp"))


def evict(server, pods, name, namespace, eviction, dry_run):
    """POST pods/NAME/eviction: returns a Success Status or raises the ApiError the apiserver returns."""
    eviction = eviction or {}
    if ((eviction.get("metadata") or {}).get("name") or "") != name:
        raise errors.bad_request("name in URL does not match name in Eviction object")
    options = eviction.get("deleteOptions") or {}
    dry_run = dry_run or bool(options.get("dryRun"))
    _refuse_in_terminating_namespace(server, pods, name, namespace)  # admission comes before the handler
    pod = server.get(pods, name, namespace)
    server.admission.validate("EVICT", pods, eviction, pod, dry_run)
    if not can_ignore_pdb(pod):
        pdbs = pdbs_for_pod(server.list("poddisruptionbudgets.policy", namespace)["items"], pod)
        if len(pdbs) > 1:
            raise errors.ApiError(500, "", "This pod has more than one PodDisruptionBudget, which the eviction "
                                           "subresource does not support.")
        if pdbs and not _unhealthy_pod_may_go(pod, pdbs[0]):
            _check_and_decrement(server, pdbs[0], name, dry_run)
    _add_condition_and_delete(server, pods, pod, options, dry_run)
    return dict(SUCCESS)


def _refuse_in_terminating_namespace(server, pods, name, namespace):
    """NamespaceLifecycle admits the eviction as a create: none in a Terminating namespace."""
    ns = server.get("namespaces", namespace)
    if (ns.get("status") or {}).get("phase") == "Terminating":
        err = errors.forbidden(pods, name, f"unable to create new content in namespace {namespace} because it is "
                                           "being terminated")
        err.status["details"]["causes"] = [{"reason": "NamespaceTerminating", "field": "metadata.namespace",
                                            "message": f"namespace {namespace} is being terminated"}]
        raise err


def _unhealthy_pod_may_go(pod, pdb):
    """A pod that is not Ready does not count as healthy: it may go without using the budget when the
    policy is AlwaysAllow, or (IfHealthyBudget, the default) while the budget is already met."""
    if is_ready(pod):
        return False
    if (pdb.get("spec") or {}).get("unhealthyPodEvictionPolicy") == "AlwaysAllow":
        return True
    status = pdb.get("status") or {}
    return status.get("currentHealthy", 0) >= status.get("desiredHealthy", 0) > 0


def _check_and_decrement(server, pdb, pod_name, dry_run):
    status, name = dict(pdb.get("status") or {}), pdb["metadata"]["name"]
    if status.get("observedGeneration", 0) < pdb["metadata"].get("generation", 0):
        raise too_many_requests(f"The disruption budget {name} is still being processed by the server.", 10)
    if status.get("disruptionsAllowed", 0) < 0:
        raise pdb_forbidden(name, "pdb disruptions allowed is negative")
    if len(status.get("disruptedPods") or {}) > MAX_DISRUPTED_POD_SIZE:
        raise pdb_forbidden(name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller")
    if status.get("disruptionsAllowed", 0) == 0:
        raise too_many_requests(f"The disruption budget {name} needs {status.get('desiredHealthy', 0)} healthy pods "
                                f"and has {status.get('currentHealthy', 0)} currently")
    status["disruptionsAllowed"] -= 1
    status["conditions"] = [dict(c) for c in status.get("conditions") or []]
    if status["disruptionsAllowed"] == 0:
        update_disruption_allowed_condition(status, server.clock.timestamp())
    if dry_run:
        return
    status["disruptedPods"] = dict(status.get("disruptedPods") or {}, **{pod_name: server.clock.timestamp()})
    server.update("poddisruptionbudgets.policy", dict(pdb, status=status), subresource="status")


def _add_condition_and_delete(server, pods, pod, options, dry_run):
    """addConditionAndDeletePod: DisruptionTarget=True on the latest pod (checking the caller's
    preconditions against it), then the delete with the caller's options."""
    name, namespace = pod["metadata"]["name"], pod["metadata"]["namespace"]
    preconditions = dict(options.get("preconditions") or {})
    if not dry_run:
        latest = server.get(pods, name, namespace)
        _check_preconditions(latest, preconditions)
        _set_disruption_target(latest, server.clock.timestamp())
        updated = server.update(pods, latest, namespace, subresource="status")
        if preconditions.get("resourceVersion"):
            preconditions["resourceVersion"] = updated["metadata"]["resourceVersion"]
    grace = options.get("gracePeriodSeconds")
    server.delete(pods, name, namespace, grace_period_seconds=grace, preconditions=preconditions or None,
                  propagation_policy=options.get("propagationPolicy"), dry_run=dry_run)


def _check_preconditions(pod, preconditions):
    meta, resource = pod["metadata"], "Pod"
    uid, rv = preconditions.get("uid"), preconditions.get("resourceVersion")
    if uid and uid != meta.get("uid"):
        raise errors.ApiError(409, "Conflict", f'Operation cannot be fulfilled on {resource} "{meta["name"]}": the UID '
                              f'in the precondition ({uid}) does not match the UID in record ({meta.get("uid")}). '
                              "The object might have been deleted and then recreated",
                              {"name": meta["name"], "kind": resource})
    if rv and rv != meta.get("resourceVersion"):
        raise errors.ApiError(409, "Conflict", f'Operation cannot be fulfilled on {resource} "{meta["name"]}": the '
                              f'ResourceVersion in the precondition ({rv}) does not match the ResourceVersion in record '
                              f'({meta.get("resourceVersion")}). The object might have been modified',
                              {"name": meta["name"], "kind": resource})


def _set_disruption_target(pod, now):
    """podutil.UpdatePodCondition with DisruptionTarget=True, reason EvictionByEvictionAPI."""
    conditions = pod.setdefault("status", {}).setdefault("conditions", [])
    new = {"type": "DisruptionTarget", "status": "True", "lastProbeTime": None, "lastTransitionTime": now,
           "reason": "EvictionByEvictionAPI", "message": "Eviction API: evicting"}
    for i, cond in enumerate(conditions):
        if cond.get("type") == "DisruptionTarget":
            if cond.get("status") == "True":
                new["lastTransitionTime"] = cond.get("lastTransitionTime")
            conditions[i] = new
            return
    conditions.append(new)
