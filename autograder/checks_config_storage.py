"""Checks of assignment 08-config-storage: what a container sees (its variables, its files), a Secret's
decoded values, a StatefulSet's claims and data that outlives a pod, and predicted command outputs."""
import base64
import binascii

from .checks import _get, _no_object, _pod_problem, _pods, _selector_text, check


def _target(ctx, pod, selector, namespace):
    """(the pod named `pod`, or the first running pod labelled `selector`; why nothing can be run in
    it, or None)."""
    if pod:
        found = _get(ctx, "pods", pod, namespace)
        if found is None:
            return None, _no_object("pod", pod, namespace)[0]
        pods = [found]
    else:
        pods = [p for p in _pods(ctx, selector, namespace) if not p["metadata"].get("deletionTimestamp")]
        if not pods:
            return None, f"no pod in namespace {namespace} is labelled {_selector_text(selector)}"
    running = [p for p in pods if p.get("status", {}).get("phase") == "Running"]
    return (running[0], None) if running else (pods[0], _pod_problem(pods[0], ctx))


def _exec(ctx, pod, words, container, namespace):
    return ctx.cluster.kubectl(["exec", "-n", namespace, pod["metadata"]["name"],
                                *(["-c", container] if container else []), "--", *words])


def _where(pod, container):
    return f"pod {pod['metadata']['name']}" + (f" (container {container})" if container else "")


def _first_line(result):
    return (result.stderr.strip() or result.stdout.strip() or f"exit code {result.exit_code}").splitlines()[0]


@check
def pod_env(ctx, variable, value, what, pod=None, selector=None, container=None, namespace="default"):
    """In the pod (or the first running pod labelled `selector`), `printenv variable` prints `value`
    (`what` names where the value comes from, for the feedback)."""
    target, problem = _target(ctx, pod, selector, namespace)
    if problem:
        return [problem]
    result = _exec(ctx, target, ["printenv", variable], container, namespace)
    if result.exit_code == 0 and result.stdout.rstrip("\n") == value:
        return []
    if result.exit_code == 1 and not result.stdout:
        return [f"in {_where(target, container)}, the variable {variable} is not set"]
    if result.exit_code:
        return [f"in {_where(target, container)}, printenv {variable} failed: {_first_line(result)}"]
    return [f"in {_where(target, container)}, the variable {variable} is not {what}"]


@check
def pod_file(ctx, path, contains, what, pod=None, selector=None, container=None, namespace="default"):
    """In the pod (or the first running pod labelled `selector`), the file `path` contains `contains`."""
    target, problem = _target(ctx, pod, selector, namespace)
    if problem:
        return [problem]
    result = _exec(ctx, target, ["cat", path], container, namespace)
    if result.exit_code:
        return [f"in {_where(target, container)}, cat {path} says: {_first_line(result)}"]
    if contains in result.stdout:
        return []
    return [f"in {_where(target, container)}, {path} is not {what}"]


@check
def secret_value(ctx, name, key, value, namespace="default"):
    """The Secret holds `value` under `key` (its data is the base64 of exactly that)."""
    secret = _get(ctx, "secrets", name, namespace)
    if secret is None:
        return _no_object("Secret", name, namespace)
    data = secret.get("data") or {}
    if key not in data:
        return [f"Secret {name} has no key {key} (its keys: {', '.join(sorted(data)) or 'none'})"]
    try:
        decoded = base64.b64decode(data[key], validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return [f"Secret {name}'s data.{key} is not the base64 encoding of a text: under data, values are "
                f"base64 (plain text goes under stringData)"]
    if decoded == value:
        return []
    if decoded.rstrip("\n") == value:
        return [f"Secret {name}'s {key} ends with a newline: `echo` adds one before base64 encodes it "
                f"(use echo -n, or stringData)"]
    return [f"Secret {name}'s {key}, decoded, is not the value the exercise gives"]


@check
def claim_bound(ctx, name, storage, namespace="default"):
    """The PersistentVolumeClaim is Bound to a volume of at least `storage`, and asked for `storage`."""
    pvc = _get(ctx, "persistentvolumeclaims", name, namespace)
    if pvc is None:
        return _no_object("PersistentVolumeClaim", name, namespace)
    phase = pvc.get("status", {}).get("phase", "Pending")
    asked = pvc["spec"].get("resources", {}).get("requests", {}).get("storage")
    problems = [] if phase == "Bound" else [f"PersistentVolumeClaim {name} is {phase}, not Bound"
                                            + (f": {_claim_event(ctx, pvc)}" if _claim_event(ctx, pvc) else "")]
    if asked != storage:
        problems.append(f"PersistentVolumeClaim {name} asks for {asked}, not {storage}")
    return problems


def _claim_event(ctx, pvc):
    """The persistentvolume-controller's last warning about the claim (e.g. ProvisioningFailed), or None."""
    events = [e for e in ctx.cluster.api.list("events", pvc["metadata"]["namespace"])["items"]
              if e.get("type") == "Warning" and e.get("involvedObject", {}).get("uid") == pvc["metadata"]["uid"]]
    return events[-1].get("message") if events else None


@check
def statefulset_claims(ctx, name, claim, replicas, storage, namespace="default"):
    """The StatefulSet's pods 0..replicas-1 each have their own Bound claim `<claim>-<name>-<i>` of
    `storage`, made from its volumeClaimTemplates."""
    statefulset = _get(ctx, "statefulsets", name, namespace)
    if statefulset is None:
        return _no_object("StatefulSet", name, namespace)
    templates = [t["metadata"]["name"] for t in statefulset["spec"].get("volumeClaimTemplates") or ()]
    if claim not in templates:
        return [f"StatefulSet {name} has no volumeClaimTemplates entry named {claim}"
                + (f" (its templates: {', '.join(templates)})" if templates else "")]
    problems = []
    for ordinal in range(replicas):
        pvc_name = f"{claim}-{name}-{ordinal}"
        pvc = _get(ctx, "persistentvolumeclaims", pvc_name, namespace)
        if pvc is None:
            problems.append(f"there is no PersistentVolumeClaim {pvc_name} (pod {name}-{ordinal} has not been made?)")
            continue
        phase = pvc.get("status", {}).get("phase", "Pending")
        asked = pvc["spec"].get("resources", {}).get("requests", {}).get("storage")
        if phase != "Bound":
            problems.append(f"PersistentVolumeClaim {pvc_name} is {phase}, not Bound")
        elif asked != storage:
            problems.append(f"PersistentVolumeClaim {pvc_name} asks for {asked}, not {storage}")
    return problems


@check
def data_survives(ctx, pod, path, container=None, seconds=90, namespace="default"):
    """A file written under `path` in the pod is still there in the pod that replaces it (same name,
    made again by its controller) after the grader deletes it."""
    target = _get(ctx, "pods", pod, namespace)
    if target is None:
        return _no_object("pod", pod, namespace)
    marker = f"{path.rstrip('/')}/.written-by-the-grader"
    written = _exec(ctx, target, ["sh", "-c", f"echo kept > {marker}"], container, namespace)
    if written.exit_code:
        return [f"in {_where(target, container)}, writing under {path} failed: {_first_line(written)}"]
    ctx.cluster.kubectl(["delete", "pod", pod, "-n", namespace, "--wait=false"])
    replaced = None
    for _ in range(seconds):
        ctx.cluster.advance(1)
        replaced = _get(ctx, "pods", pod, namespace)
        if replaced and replaced["metadata"]["uid"] != target["metadata"]["uid"] and not _pod_problem(replaced, ctx):
            break
    else:
        return [f"pod {pod} was not replaced by a running pod within {seconds} s after the grader deleted it"]
    read = _exec(ctx, replaced, ["cat", marker], container, namespace)
    if read.exit_code or "kept" not in read.stdout:
        return [f"after pod {pod} was deleted and made again, what it had written under {path} was gone: "
                f"that folder is not on a persistent volume"]
    return []


@check
def outputs_predicted(ctx, commands):
    """The learner's answer is what the kubectl `commands` print, one word per command, in order
    (compared without case)."""
    truth = [ctx.cluster.kubectl(command).stdout.strip() for command in commands]
    given = ctx.answer.split()
    if [g.casefold() for g in given] == [t.casefold() for t in truth]:
        return []
    return [f"the cluster does not do what you predicted ({' '.join(given)[:80]!r})"]
