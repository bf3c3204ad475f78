"""Checks of 02-pods' init containers and lifecycle hooks, graded by what the kubelet did: an app that
waits for a Service before starting, a postStart hook whose file nginx serves, a preStop hook that keeps
nginx serving for a while after its Pod is deleted."""
from .checks import _events_about, _get, _no_object, _pod_problem, check


@check
def pod_has_init_container(ctx, name, namespace="default"):
    """The pod declares at least one init container."""
    pod = _get(ctx, "pods", name, namespace)
    if pod is None:
        return _no_object("pod", name, namespace)
    if pod["spec"].get("initContainers"):
        return []
    return [f"pod {name} has no init containers (spec.initContainers)"]


def _started(pod):
    """The pod's app containers that have started (running, or ran and terminated)."""
    return [s["name"] for s in pod.get("status", {}).get("containerStatuses") or ()
            if s.get("state", {}).get("running") or s.get("state", {}).get("terminated") or s.get("restartCount")]


@check
def app_waits_for_service(ctx, name, service, namespace="default"):
    """While there is no Service `service`, none of the pod's app containers has started (its init
    containers keep it Pending)."""
    pod = _get(ctx, "pods", name, namespace)
    if pod is None:
        return _no_object("pod", name, namespace)
    if _get(ctx, "services", service, namespace) is not None:
        return [f"the Service {service} already exists: your answer must not create it, the app waits for it"]
    started = _started(pod)
    if not started:
        return []
    return [f"container {', '.join(started)} of pod {name} started before the Service {service} existed: "
            f"no init container waited for {service} to resolve in DNS"]


@check
def starts_after_service(ctx, name, service, port=5432, seconds=60, namespace="default"):
    """Once the Service `service` is created (a ClusterIP on `port`), the pod is Running and Ready within
    `seconds`."""
    if _get(ctx, "pods", name, namespace) is None:
        return _no_object("pod", name, namespace)
    if _get(ctx, "services", service, namespace) is None:
        ctx.cluster.kubectl(["create", "service", "clusterip", service, f"--tcp={port}:{port}", "-n", namespace])
    ctx.cluster.advance(seconds)
    pod = _get(ctx, "pods", name, namespace)
    problem = _pod_problem(pod, ctx)
    if not problem:
        return []
    waiting = _init_still_running(ctx, pod)
    return [f"{seconds} s after the Service {service} was created, {waiting or problem}"]


def _init_still_running(ctx, pod):
    """Which init container still runs, with its last log line, or None."""
    for status in pod.get("status", {}).get("initContainerStatuses") or ():
        if status.get("state", {}).get("running"):
            name, container = pod["metadata"]["name"], status["name"]
            logs = ctx.cluster.kubectl(["logs", name, "-c", container, "--tail=1",
                                        "-n", pod["metadata"]["namespace"]]).stdout.strip()
            return (f"init container {container} of pod {name} is still running"
                    + (f" (its last log line: {logs})" if logs else ""))
    return None


def _hook_failure(ctx, pod, hook):
    """The message of the kubelet's last Failed<Hook>Hook event about the pod, or None."""
    reason = f"Failed{hook[0].upper()}{hook[1:]}Hook"
    events = _events_about(ctx, pod, reason)
    if not events:
        return None
    message = events[-1].get("message", "")
    error, _, said = message.partition(", message: ")
    said = said.strip().strip('"').replace("\\n", " ").strip()
    return said or error.partition("failed - error: ")[2] or message


@check
def hook_succeeds(ctx, name, hook="postStart", namespace="default"):
    """A container of the pod has a `hook` (postStart or preStop) handler, and the kubelet never reported
    it failing."""
    pod = _get(ctx, "pods", name, namespace)
    if pod is None:
        return _no_object("pod", name, namespace)
    hooked = [c["name"] for c in pod["spec"]["containers"] if (c.get("lifecycle") or {}).get(hook)]
    if not hooked:
        return [f"no container of pod {name} has a {hook} hook (lifecycle.{hook})"]
    failure = _hook_failure(ctx, pod, hook)
    if failure:
        return [f"the {hook} hook of pod {name} failed (event Failed{hook[0].upper()}{hook[1:]}Hook): {failure}"]
    return []


@check
def pod_serves(ctx, name, path, contains, port=80, namespace="default"):
    """From another pod, `wget http://<pod IP>:<port><path>` answers a page containing `contains`."""
    pod = _get(ctx, "pods", name, namespace)
    if pod is None:
        return _no_object("pod", name, namespace)
    ip = pod.get("status", {}).get("podIP")
    if not ip:
        return [f"pod {name} has no IP address: it is not running"]
    url = f"http://{ip}{'' if port == 80 else f':{port}'}{path}"
    result = ctx.cluster.kubectl(["run", "grader-client", "--rm", "-i", "--restart=Never", "--image=busybox:1.36",
                                  "-n", namespace, "--", "wget", "-qO-", "-T", "2", url])
    if result.exit_code == 0 and contains in result.stdout:
        return []
    said = [line for line in (result.stdout + "\n" + result.stderr).splitlines()
            if line.startswith("wget:")] or ["the page does not say " + repr(contains)]
    return [f"pod {name} does not serve {path} on port {port}: {said[0]}"]


def _delete(ctx, name, namespace):
    """Delete the pod as `kubectl delete --wait=false` does, once; the virtual time it was deleted at."""
    if getattr(ctx, "deleted_at", None) is None:
        ctx.cluster.kubectl(["delete", "pod", name, "-n", namespace, "--wait=false"])
        ctx.deleted_at = ctx.cluster.now
    return ctx.deleted_at


def _running(pod):
    return bool(pod) and all(s.get("state", {}).get("running") for s in pod["status"].get("containerStatuses") or [{}])


@check
def keeps_serving_after_delete(ctx, name, seconds, namespace="default"):
    """Once the pod is deleted, its containers keep running for `seconds` (a preStop hook holds the stop
    signal back) and the kubelet reports no failed preStop hook."""
    pod = _get(ctx, "pods", name, namespace)
    if pod is None:
        return _no_object("pod", name, namespace)
    if not _running(pod):
        return [_pod_problem(pod, ctx) or f"pod {name} is not running"]
    deleted = _delete(ctx, name, namespace)
    while ctx.cluster.now - deleted < seconds:
        ctx.cluster.advance(1)
        if not _running(_get(ctx, "pods", name, namespace)):
            problems = [f"the containers of pod {name} stopped {ctx.cluster.now - deleted:g} s after it was deleted, "
                        f"not after {seconds} s"]
            failure = _hook_failure(ctx, pod, "preStop")
            return problems + ([f"the preStop hook of pod {name} failed (event FailedPreStopHook): {failure}"]
                               if failure else [])
    return []


@check
def pod_gone_within(ctx, name, seconds, namespace="default"):
    """The deleted pod is removed within `seconds` of its deletion (a grace period long enough, a main
    process that obeys its stop signal)."""
    if _get(ctx, "pods", name, namespace) is None and getattr(ctx, "deleted_at", None) is None:
        return _no_object("pod", name, namespace)
    deleted = _delete(ctx, name, namespace)
    while _get(ctx, "pods", name, namespace) is not None:
        if ctx.cluster.now - deleted >= seconds:
            return [f"pod {name} was still Terminating {seconds} s after it was deleted"]
        ctx.cluster.advance(1)
    return []
