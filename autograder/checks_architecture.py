"""Checks of 01-architecture: the order in which components write their events, etcd's keys and
versions, self-healing, a DaemonSet on every node, who schedules a pod, a Job's settings and log."""
import base64
import binascii
import json
import re
import shlex

from .checks import _get, _no_object, _pod_problem, _pods, _selector_text, check


def _lines(ctx):
    """The answer's lines (comments and blank lines are already gone)."""
    return ctx.answer.splitlines()


def _line(ctx, number):
    lines = _lines(ctx)
    return lines[number - 1].strip() if len(lines) >= number else ""


def _etcd_kvs(ctx, key, prefix=False):
    """etcd's key-values under `key` as `etcdctl get -w json` shows them, each value decoded to an object."""
    result = ctx.cluster.etcdctl(f"get {shlex.quote(key)}{' --prefix' if prefix else ''} -w json")
    kvs = json.loads(result.stdout or "{}").get("kvs") or []
    for kv in kvs:
        kv["object"] = _decoded(kv.get("value", ""))
    return kvs


def _decoded(value):
    """A stored value: JSON text, or JSON text in base64 (as etcdctl -w json prints bytes)."""
    for text in (value, _unbase64(value)):
        try:
            return json.loads(text)
        except (TypeError, ValueError):
            continue
    return None


def _unbase64(value):
    try:
        return base64.b64decode(value, validate=True).decode()
    except (binascii.Error, ValueError):
        return None


@check
def events_in_order(ctx, reasons, about):
    """The learner's answer lists the event `reasons` (in any words around them) in the order the
    cluster wrote them to etcd, for the events about objects whose names start with `about`."""
    written = [kv["object"]["reason"] for kv in sorted(_etcd_kvs(ctx, "/registry/events/", prefix=True),
                                                       key=lambda kv: kv["create_revision"])
               if kv["object"] and kv["object"]["involvedObject"].get("name", "").startswith(about)]
    truth = [r for r in written if r in reasons]
    words = [w.casefold() for w in re.findall(r"[A-Za-z]+", ctx.answer)]
    given = [r for w in words for r in reasons if r.casefold() == w]
    if given == truth:
        return []
    if sorted(given) != sorted(truth):
        return [f"name each of {', '.join(sorted(reasons))} once, in order (you named {', '.join(given) or 'none'})"]
    return [f"the cluster wrote these {len(reasons)} events in another order than you predicted: which "
            f"component has to act before the next one can?"]


def _etcd_object(ctx, key):
    kvs = _etcd_kvs(ctx, key) if key.startswith("/") else []
    return kvs[0] if kvs else None


@check
def etcd_key_predicted(ctx, kind, name, namespace, line=1):
    """Line `line` of the answer is the etcd key under which the API server stores the object."""
    key = _line(ctx, line)
    kv = _etcd_object(ctx, key)
    if kv is None:
        return [f"etcd holds no key {key!r} (line {line} of your answer)" if key else
                f"line {line} of your answer should be an etcd key"]
    meta = (kv["object"] or {}).get("metadata", {})
    if (kv["object"] or {}).get("kind") != kind or meta.get("name") != name or meta.get("namespace") != namespace:
        return [f"the key {key} holds another object than the {kind} {name} of namespace {namespace}"]
    return []


@check
def etcd_version_predicted(ctx, key, line=2):
    """Line `line` of the answer is the `version` etcd keeps for `key` (how many times it was written)."""
    kv = _etcd_object(ctx, key)
    if kv is None:
        return [f"etcd holds no key {key}"]
    given = _line(ctx, line)
    if given == str(kv["version"]):
        return []
    return [f"the key's version is not {given or '(nothing on line ' + str(line) + ')'}: which of the "
            f"commands changed what is stored?"]


@check
def pod_count_predicted(ctx, selector, namespace="default"):
    """The answer is the number of pods labelled `selector` that exist and are not being deleted."""
    pods = [p for p in _pods(ctx, selector, namespace) if not p["metadata"].get("deletionTimestamp")]
    if ctx.answer.strip() == str(len(pods)):
        return []
    return [f"the cluster does not do what you predicted ({ctx.answer.strip()[:80]!r})"]


def _untolerated(node, pod_spec):
    """The node's NoSchedule/NoExecute taints that the pod template does not tolerate."""
    tolerations = pod_spec.get("tolerations") or ()

    def tolerated(taint):
        for t in tolerations:
            if t.get("effect") and t["effect"] != taint["effect"]:
                continue
            if t.get("operator") == "Exists" and (not t.get("key") or t["key"] == taint["key"]):
                return True
            if t.get("key") == taint["key"] and t.get("value", "") == taint.get("value", ""):
                return True
        return False
    return [t for t in node["spec"].get("taints") or () if t["effect"] in ("NoSchedule", "NoExecute")
            and not tolerated(t)]


def _taint_text(taint):
    return f"{taint['key']}{'=' + taint['value'] if taint.get('value') else ''}:{taint['effect']}"


@check
def daemonset_on_nodes(ctx, name, nodes, namespace="default"):
    """The DaemonSet runs a Running and Ready pod on each node in `nodes`."""
    daemonset = _get(ctx, "daemonsets", name, namespace)
    if daemonset is None:
        return _no_object("DaemonSet", name, namespace)
    selector = daemonset["spec"]["selector"].get("matchLabels") or {}
    pods = {p["spec"].get("nodeName"): p for p in _pods(ctx, selector, namespace)}
    problems = []
    for node_name in nodes:
        pod = pods.get(node_name)
        if pod is None:
            node = _get(ctx, "nodes", node_name, None)
            taints = _untolerated(node, daemonset["spec"]["template"]["spec"]) if node else []
            problems.append(f"DaemonSet {name} runs no pod on node {node_name}" + (
                f": the node is tainted {', '.join(map(_taint_text, taints))} and its pods do not tolerate that"
                if taints else ""))
        elif _pod_problem(pod, ctx):
            problems.append(_pod_problem(pod, ctx))
    return problems


@check
def pods_scheduled(ctx, selector, count, namespace="default"):
    """`count` pods labelled `selector` are bound to a node (some scheduler took them)."""
    pods = [p for p in _pods(ctx, selector, namespace) if not p["metadata"].get("deletionTimestamp")]
    waiting = [p for p in pods if not p["spec"].get("nodeName")]
    problems = []
    for pod in waiting[:2]:
        scheduler = pod["spec"].get("schedulerName", "default-scheduler")
        scheduled = next((c for c in pod.get("status", {}).get("conditions") or () if c["type"] == "PodScheduled"), None)
        if scheduled:
            problems.append(_pod_problem(pod, ctx))
        else:
            problems.append(f"pod {pod['metadata']['name']} is Pending and no scheduler has looked at it: it has "
                            f"no PodScheduled condition and no events (its schedulerName is {scheduler})")
    if not problems and len(pods) != count:
        problems.append(f"{len(pods)} pods labelled {_selector_text(selector)} are bound to nodes, not {count}")
    return problems


@check
def job_settings(ctx, name, backoff_limit=None, restart_policy=None, namespace="default"):
    """The Job retries at most `backoff_limit` times and its pods restart by `restart_policy`."""
    job = _get(ctx, "jobs", name, namespace)
    if job is None:
        return _no_object("Job", name, namespace)
    problems = []
    limit = job["spec"].get("backoffLimit", 6)
    if backoff_limit is not None and limit != backoff_limit:
        problems.append(f"Job {name}'s backoffLimit is {limit}, not {backoff_limit}")
    policy = job["spec"]["template"]["spec"].get("restartPolicy")
    if restart_policy is not None and policy != restart_policy:
        problems.append(f"Job {name}'s pods have restartPolicy {policy}, not {restart_policy}")
    return problems


@check
def job_log_starts(ctx, name, text, namespace="default"):
    """`kubectl logs job/NAME` starts with `text`."""
    if _get(ctx, "jobs", name, namespace) is None:
        return _no_object("Job", name, namespace)
    result = ctx.cluster.kubectl(["logs", f"job/{name}", "-n", namespace])
    if result.exit_code == 0 and result.stdout.startswith(text):
        return []
    said = (result.stderr.strip() or result.stdout.strip() or "nothing").splitlines()[0][:120]
    return [f"the log of Job {name} does not start with {text} (kubectl logs job/{name}: {said})"]


@check
def components_predicted(ctx, components):
    """The answer names exactly those of `components` ({name: the prefix of its pods' names}) that run as
    pods in the cluster (in any namespace)."""
    pods = [p["metadata"]["name"] for p in ctx.cluster.api.list("pods")["items"]]
    truth = {name for name, prefix in components.items() if any(pod.startswith(prefix) for pod in pods)}
    words = {word.casefold() for word in re.findall(r"[A-Za-z][\w-]*", ctx.answer)}
    given = {name for name in components if name in words or f"kube-{name}" in words}
    if given == truth:
        return []
    return [f"among {', '.join(sorted(components))}, the cluster does not run as pods exactly those you named "
            f"({', '.join(sorted(given)) or 'none'}): which of them does the kubelet start, and which start "
            f"the kubelet?"]
