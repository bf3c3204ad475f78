"""Finding the pod a command acts on, as kubectl's polymorphichelpers do: a pod by name, or for
TYPE/NAME (deploy/web, job/pi, svc/web) the first of its pods in kubectl's preferred order."""
from ...api.errors import ApiError
from ..errors import CmdError
from ...api.columns import parse_time
from ..resources import resolve_type

DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container"


def target(ctx, arg):
    """(resource, object) for `NAME` (a pod) or `TYPE/NAME`."""
    if "/" in arg:
        type_, _, name = arg.partition("/")
        resource = resolve_type(ctx.api, type_)
    else:
        resource, name = ctx.api.resource("pods"), arg
    return resource, ctx.api.get(resource, name, ctx.namespace if resource.namespaced else None)


def selector_of(obj):
    """SelectorsForObject: the label selector string of a workload or Service."""
    from ...api.columns import selector_string
    kind, spec = obj.get("kind"), obj.get("spec") or {}
    if kind in ("Service", "ReplicationController"):
        selector = spec.get("selector") or {}
        if not selector:
            raise CmdError(f"invalid service '{obj['metadata']['name']}': Service is defined without a selector"
                           if kind == "Service" else "the selector is empty")
        return ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
    if kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"):
        return selector_string(spec.get("selector"))
    raise CmdError(f"selector for *v1.{kind} not implemented")


def pods_by_logging(ctx, obj, timeout=20):
    """GetPodList sorted by podutils.ByLogging; waits up to `timeout` virtual seconds for a pod."""
    namespace, selector = obj["metadata"]["namespace"], selector_of(obj)
    waited = 0
    while True:
        pods = ctx.api.list("pods", namespace, label_selector=selector or None)["items"]
        if pods or waited >= timeout:
            break
        ctx.clock.advance(1)
        waited += 1
    if not pods:
        raise CmdError("timed out waiting for the condition")
    return sorted(pods, key=_logging_key)


def _ready_since(pod):
    for c in (pod.get("status") or {}).get("conditions") or ():
        if c.get("type") == "Ready" and c.get("status") == "True":
            return c.get("lastTransitionTime") or ""
    return None


def _logging_key(pod):
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    ready_since = _ready_since(pod)
    restarts = max([c.get("restartCount", 0) for c in status.get("containerStatuses") or ()] or [0])
    created = pod["metadata"].get("creationTimestamp")
    return (not spec.get("nodeName"), {"Running": 0, "Unknown": 1, "Pending": 2}.get(status.get("phase"), 0),
            ready_since is None, parse_time(ready_since).timestamp() if ready_since else 0, -restarts,
            parse_time(created).timestamp() if created else float("inf"))


def all_container_names(pod):
    spec = pod["spec"]
    names = [c["name"] for c in spec.get("containers") or ()]
    names += [f"{c['name']} (ephem)" for c in spec.get("ephemeralContainers") or ()]
    names += [f"{c['name']} (init)" for c in spec.get("initContainers") or ()]
    return ", ".join(names)


def find_container(pod, name):
    spec = pod["spec"]
    for key in ("containers", "initContainers", "ephemeralContainers"):
        for c in spec.get(key) or ():
            if c["name"] == name:
                return c
    return None


def default_container(ctx, pod, quiet=False):
    """FindOrDefaultContainerByName: the annotated default container, else the first one (saying so
    when the pod has others)."""
    annotated = (pod["metadata"].get("annotations") or {}).get(DEFAULT_CONTAINER)
    if annotated and find_container(pod, annotated):
        return annotated
    spec = pod["spec"]
    first = spec["containers"][0]["name"]
    if not quiet and (len(spec["containers"]) > 1 or spec.get("initContainers") or spec.get("ephemeralContainers")):
        ctx.io.error(f'Defaulted container "{first}" out of: {all_container_names(pod)}\n')
    return first


def not_found_in_namespace(err, namespace):
    """logs wraps a NotFound: `error from server (NotFound): pods "x" not found in namespace "default"`."""
    if isinstance(err, ApiError) and err.code == 404:
        return CmdError(f'error from server (NotFound): {err.message} in namespace "{namespace}"')
    return err

