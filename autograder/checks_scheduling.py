"""Checks for assignment 09-scheduling: QoS classes, where pods land (node labels), pods that wait for a
label, drained nodes, and how long a lost node's pods take to come back."""
from .checks import CHECKS, _get, _labels_text, _no_object, _pod_problem, _pods, _selector_text, check


@check
def qos_class(ctx, name, qos, namespace="default"):
    """The pod's QoS class (status.qosClass) is `qos`."""
    pod = _get(ctx, "pods", name, namespace)
    if pod is None:
        return _no_object("pod", name, namespace)
    given = pod.get("status", {}).get("qosClass")
    if given == qos:
        return []
    return [f"pod {name} is of QoS class {given}, not {qos}: {QOS_RULES[qos]}"]


QOS_RULES = {
    "Guaranteed": "every container needs cpu and memory limits, and requests equal to them (or none, to copy the limits)",
    "Burstable": "some container sets a request or limit, but the pod is not Guaranteed",
    "BestEffort": "no container sets any request or limit",
}


def _node_labels(ctx):
    return {n["metadata"]["name"]: n["metadata"].get("labels") or {} for n in ctx.cluster.api.list("nodes")["items"]}


def _live_pods(ctx, selector, namespace):
    return [p for p in _pods(ctx, selector, namespace) if not p["metadata"].get("deletionTimestamp")]


@check
def pods_on_labelled_nodes(ctx, selector, label, count, namespace="default"):
    """`count` pods labelled `selector` run, all on nodes labelled `label` (a dict)."""
    pods = _live_pods(ctx, selector, namespace)
    labels = _node_labels(ctx)
    problems = []
    for pod in pods:
        node = pod["spec"].get("nodeName")
        if node and any(labels.get(node, {}).get(k) != v for k, v in label.items()):
            problems.append(f"pod {pod['metadata']['name']} runs on node {node}, which is labelled "
                            f"{_labels_text({k: labels[node].get(k, '(none)') for k in label})}, not "
                            f"{_labels_text(label)}")
    why = [problem for problem in map(_pod_problem, pods) if problem]
    if not problems and len(pods) - len(why) != count:
        problems.append(f"{len(pods) - len(why)} pods labelled {_selector_text(selector)} are Running and Ready, "
                        f"not {count}" + (": " + why[0] if why else ""))
    return problems


@check
def waits_without_label(ctx, selector, node, label, other, namespace="default"):
    """With the label `label` (key, value) moved off `node` (it becomes `other`) and the pods labelled
    `selector` deleted, their replacements wait (Pending) rather than run on nodes without the label."""
    key, value = label
    ctx.cluster.kubectl(["label", "node", node, f"{key}={other}", "--overwrite"])
    ctx.cluster.kubectl(["delete", "pods", "-n", namespace, "-l", _selector_text(selector), "--wait=false"])
    ctx.cluster.advance(15)
    labels = _node_labels(ctx)
    placed = sorted({p["spec"]["nodeName"] for p in _live_pods(ctx, selector, namespace) if p["spec"].get("nodeName")})
    if placed:
        return [f"when no node had the label {key}={value}, the replacement pods were scheduled on "
                f"{', '.join(placed)} ({key}={labels[placed[0]].get(key, '(none)')}): a preference is not a "
                f"requirement"]
    if not _pods(ctx, selector, namespace):
        return [f"no pod labelled {_selector_text(selector)} was recreated"]
    return []


@check
def node_unschedulable(ctx, node):
    """The node is cordoned (spec.unschedulable)."""
    if ctx.cluster.api.get("nodes", node)["spec"].get("unschedulable"):
        return []
    return [f"node {node} is still schedulable: new pods may land on it during the maintenance"]


@check
def no_pods_on_node(ctx, selector, node, namespace="default"):
    """No pod labelled `selector` is on `node` any more."""
    left = sorted(p["metadata"]["name"] for p in _live_pods(ctx, selector, namespace) if p["spec"].get("nodeName") == node)
    if left:
        return [f"pods labelled {_selector_text(selector)} still run on node {node}: {', '.join(left)}"]
    return []


@check
def deployment_available_at_least(ctx, name, replicas, fixed=None, namespace="default"):
    """The Deployment still exists with at least `replicas` pods available (and, for the part to count, the
    Deployment `fixed` the exercise is about has all its pods available: keeping things as they were is no fix)."""
    if fixed:
        problems = CHECKS["deployment_ready"](ctx, fixed[0], fixed[1], namespace=namespace)
        if problems:
            return problems
    deployment = _get(ctx, "deployments", name, namespace)
    if deployment is None:
        return [f"there is no Deployment named {name} in namespace {namespace}: it should keep running"]
    available = deployment.get("status", {}).get("availableReplicas", 0)
    if available < replicas:
        return [f"Deployment {name} has {available} replicas available: it should keep at least {replicas}"]
    return []


def _number(text):
    try:
        return float(text.strip().lower().removesuffix("seconds").removesuffix("s").strip())
    except ValueError:
        return None


def _replacement_time(ctx, node, selector, step, limit, namespace):
    """Fail `node` and watch, `step` seconds at a time, until a pod replacing one of its pods labelled
    `selector` runs on another node; measured once per grading run (several checks may ask)."""
    cache = ctx.__dict__.setdefault("replacement_times", {})
    key = (node, _selector_text(selector), namespace)
    if key not in cache:
        before = {p["metadata"]["name"] for p in _live_pods(ctx, selector, namespace)}
        ctx.cluster.fail_node(node)
        start = ctx.cluster.now
        while ctx.cluster.now - start < limit:
            ctx.cluster.advance(step)
            if any(p["metadata"]["name"] not in before and p["spec"].get("nodeName") not in (None, node)
                   and not _pod_problem(p) for p in _live_pods(ctx, selector, namespace)):
                break
        cache[key] = ctx.cluster.now - start
    return cache[key]


@check
def replacement_seconds(ctx, node, selector, within, step=5, limit=900, namespace="default"):
    """The learner predicts (in seconds, within `within`) how long after `node` fails the first pod
    replacing one of its pods labelled `selector` runs on another node; the grader fails the node and watches."""
    given = _number(ctx.answer)
    if given is None:
        return [f"answer with a number of seconds, not {ctx.answer.strip()[:40]!r}"]
    if abs(given - _replacement_time(ctx, node, selector, step, limit, namespace)) <= within:
        return []
    return [f"the cluster does not do what you predicted ({given:g} s)"]
