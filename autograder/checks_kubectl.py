"""Checks of assignment 07-kubectl: labels, change causes and revisions of a rollout, a copy of an
exported object, pods that stopped crashing, and a value read with kubectl's output formats."""
from .checks import _get, _labels_text, _no_object, _pod_problem, _pods, _selector_text, check

CHANGE_CAUSE = "kubernetes.io/change-cause"
REVISION = "deployment.kubernetes.io/revision"


@check
def object_labels(ctx, resource, name, labels, namespace="default", kind=None):
    """The object (a Deployment, a Service, ...) carries every label of `labels`."""
    kind = kind or resource.rstrip("s").capitalize()
    obj = _get(ctx, resource, name, namespace)
    if obj is None:
        return _no_object(kind, name, namespace)
    have = obj["metadata"].get("labels") or {}
    return [f"{kind} {name} should be labelled {k}={v} but its labels are {_labels_text(have)}"
            for k, v in labels.items() if have.get(k) != v]


def _revisions(ctx, deployment):
    """The Deployment's ReplicaSets, oldest revision first."""
    uid = deployment["metadata"]["uid"]
    sets = [rs for rs in ctx.cluster.api.list("replicasets", deployment["metadata"]["namespace"])["items"]
            if any(ref.get("uid") == uid for ref in rs["metadata"].get("ownerReferences") or ())]
    return sorted(sets, key=lambda rs: int((rs["metadata"].get("annotations") or {}).get(REVISION, "0")))


@check
def change_cause(ctx, name, cause, namespace="default"):
    """`kubectl rollout history deployment NAME` shows `cause` as the CHANGE-CAUSE of the newest revision."""
    deployment = _get(ctx, "deployments", name, namespace)
    if deployment is None:
        return _no_object("Deployment", name, namespace)
    sets = _revisions(ctx, deployment)
    if not sets:
        return [f"Deployment {name} has no revision yet"]
    newest = sets[-1]["metadata"]
    annotations = newest.get("annotations") or {}
    given = annotations.get(CHANGE_CAUSE)
    if given == cause:
        return []
    shown = repr(given) if given else "<none>"
    return [f"the newest revision of Deployment {name} (revision {annotations.get(REVISION)}) has the change "
            f"cause {shown}, not {cause!r}"]


@check
def rolled_from(ctx, name, image, namespace="default"):
    """The Deployment was updated from `image` by a rollout: one of its older revisions ran `image`."""
    deployment = _get(ctx, "deployments", name, namespace)
    if deployment is None:
        return _no_object("Deployment", name, namespace)
    older = _revisions(ctx, deployment)[:-1]
    if any(c["image"] == image for rs in older for c in rs["spec"]["template"]["spec"]["containers"]):
        return []
    return [f"Deployment {name} was not rolled out from {image}: none of its older revisions "
            f"({len(older)}) ran that image"]


def _differences(mine, theirs, path):
    """The paths under which two decoded objects differ."""
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return [d for key in sorted(set(mine) | set(theirs))
                for d in _differences(mine.get(key), theirs.get(key), f"{path}.{key}")]
    if isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
        return [d for i, (a, b) in enumerate(zip(mine, theirs)) for d in _differences(a, b, f"{path}[{i}]")]
    return [] if mine == theirs else [path]


@check
def same_deployment(ctx, name, source_namespace, namespace):
    """The Deployment `name` in `namespace` has the replicas, selector and pod template of the one in
    `source_namespace` (after the API server's defaults), and the original is still there."""
    source = _get(ctx, "deployments", name, source_namespace)
    copy = _get(ctx, "deployments", name, namespace)
    if copy is None:
        return _no_object("Deployment", name, namespace)
    if source is None:
        return [f"the original Deployment {name} in namespace {source_namespace} is gone: copy it, do not move it"]
    differ = [d for field in ("replicas", "selector", "template")
              for d in _differences(copy["spec"].get(field), source["spec"].get(field), f"spec.{field}")]
    if not differ:
        return []
    return [f"Deployment {name} in namespace {namespace} differs from the one in namespace {source_namespace} "
            f"in {', '.join(differ[:4])}" + (" ..." if len(differ) > 4 else "")]


def _logs(ctx, pod, namespace):
    return ctx.cluster.kubectl(["logs", "-n", namespace, pod["metadata"]["name"], "--all-containers"]).stdout


@check
def pods_healthy(ctx, selector, logs_contain=None, namespace="default"):
    """Every pod labelled `selector` (none terminating) is Running and Ready, never restarted, and its
    logs contain `logs_contain`."""
    pods = [p for p in _pods(ctx, selector, namespace) if not p["metadata"].get("deletionTimestamp")]
    if not pods:
        return [f"no pod in namespace {namespace} is labelled {_selector_text(selector)}"]
    problems = []
    for pod in pods:
        name = pod["metadata"]["name"]
        problem = _pod_problem(pod, ctx)
        restarts = sum(s.get("restartCount", 0) for s in pod["status"].get("containerStatuses") or ())
        if problem:
            problems.append(problem)
        elif restarts:
            problems.append(f"pod {name}'s containers restarted {restarts} times")
        elif logs_contain and logs_contain not in _logs(ctx, pod, namespace):
            problems.append(f"pod {name} runs, but its logs do not say {logs_contain!r}: it no longer runs the "
                            f"app's own command")
    return problems[:3]


@check
def alone_on_node_predicted(ctx, selector, namespace="default"):
    """The learner's answer names the one pod labelled `selector` that no other such pod shares a node with."""
    by_node = {}
    for pod in _pods(ctx, selector, namespace):
        by_node.setdefault(pod["spec"].get("nodeName"), []).append(pod["metadata"]["name"])
    alone = sorted(names[0] for names in by_node.values() if len(names) == 1)
    given = ctx.answer.strip()
    if [given] == alone:
        return []
    return [f"the cluster does not do what you predicted ({given[:80]!r} is not the only pod labelled "
            f"{_selector_text(selector)} on its node)"]


@check
def pods_counted(ctx, selector):
    """The learner's answer is the number of pods labelled `selector` in all namespaces."""
    pods = ctx.cluster.api.list("pods", None, label_selector=_selector_text(selector))["items"]
    given = ctx.answer.strip()
    if given == str(len(pods)):
        return []
    return [f"the cluster does not do what you predicted ({given[:80]!r} pods labelled {_selector_text(selector)} "
            f"in all namespaces)"]
