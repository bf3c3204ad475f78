"""`kubectl logs`: a container's log through the apiserver's pods/log (POD, TYPE/NAME or -l), with
-c, --all-containers, -p, --tail, --since, --since-time, --timestamps, --prefix, --limit-bytes and -f.

-f follows in virtual time: the clock runs until every followed container has stopped, or for
--request-timeout (60 virtual seconds when unset), since a notebook cell cannot be interrupted."""
from ...api.errors import ApiError
from ..errors import CmdError, RawError, UsageError
from ..flags import Flag
from ...api.columns import parse_time
from . import Command
from .delete import parse_duration
from .pods import default_container, find_container, not_found_in_namespace, pods_by_logging, target

FLAGS = [
    Flag("all-pods", kind="bool"), Flag("all-containers", kind="bool"), Flag("follow", "f", "bool"),
    Flag("timestamps", kind="bool"), Flag("limit-bytes", kind="int"), Flag("previous", "p", "bool"),
    Flag("tail", kind="int", default=-1), Flag("ignore-errors", kind="bool"), Flag("since-time"),
    Flag("since", default="0s"), Flag("container", "c"), Flag("insecure-skip-tls-verify-backend", kind="bool"),
    Flag("pod-running-timeout", default="20s"), Flag("selector", "l"), Flag("max-log-requests", kind="int", default=5),
    Flag("prefix", kind="bool"),
]
USAGE = ("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
         "POD or TYPE/NAME is a required argument for the logs command")
SELECTOR_TAIL = 10
FOLLOW_DEFAULT = 60


def run(ctx):
    opts, args = ctx.opts, ctx.args
    if len(args) == 0 and not opts["selector"] or len(args) > 2:
        raise UsageError(f"{USAGE}\nSee '{ctx.path} -h' for help and examples")
    if len(args) == 1 and opts["selector"]:
        raise UsageError(f"only a selector (-l) or a POD name is allowed\nSee '{ctx.path} -h' for help and examples")
    container = args[1] if len(args) == 2 else opts["container"]
    since = _since(ctx, opts)
    _validate(opts, container, len(args))
    tail = opts["tail"]
    if opts["selector"] and tail == -1 and not opts.changed("tail"):
        tail = SELECTOR_TAIL
    prefix = opts["prefix"] or opts["all-pods"]
    pods = _pods(ctx, args, opts)
    if pods is None:
        return 0
    streams = []
    for pod in pods:
        names = _containers(pod) if opts["all-containers"] else [_container_for(ctx, pod, container, opts["all-pods"])]
        streams.extend((pod, name) for name in names)
    if opts["follow"] and len(streams) > 1 and len(streams) > opts["max-log-requests"]:
        raise CmdError(f"you are attempting to follow {len(streams)} log streams, but maximum allowed concurrency is "
                       f"{opts['max-log-requests']}, use --max-log-requests to increase the limit")
    texts = [_read(ctx, pod, name, opts, tail, since) for pod, name in streams]
    if opts["follow"]:  # what was there, then every line written while the clock runs
        seen = [len(_read(ctx, pod, name, opts, None, None).splitlines(True)) for pod, name in streams]
        _follow(ctx, streams, opts)
        for i, (pod, name) in enumerate(streams):
            if texts[i] is not None:
                texts[i] += "".join(_read(ctx, pod, name, opts, None, None).splitlines(True)[seen[i]:])
    for (pod, name), text in zip(streams, texts):
        if text is None:
            continue
        if opts["limit-bytes"]:
            text = text.encode()[:opts["limit-bytes"]].decode(errors="ignore")
        if prefix:
            text = "".join(f"[pod/{pod['metadata']['name']}/{name}] {line}" for line in text.splitlines(True))
        ctx.io.write(text)
    return 0


def _read(ctx, pod, name, opts, tail, since):
    """One container's log through pods/log; with --ignore-errors a failure is printed and None returned."""
    try:
        return ctx.api.pod_log(pod["metadata"]["name"], pod["metadata"]["namespace"], name, previous=opts["previous"],
                               tail_lines=None if tail in (None, -1) else tail, since_seconds=since,
                               timestamps=opts["timestamps"])
    except ApiError as e:
        if not opts["ignore-errors"]:
            raise
        ctx.io.write(f"error: {e.message}\n")
        return None


def _since(ctx, opts):
    if opts["since-time"] and opts.changed("since"):
        raise CmdError("at most one of `sinceTime` or `sinceSeconds` may be specified")
    if opts["since-time"]:
        try:
            since = parse_time(opts["since-time"])
            return max(0, round((parse_time(ctx.clock.timestamp()) - since).total_seconds()))
        except ValueError:
            raise CmdError(f'parsing time "{opts["since-time"]}" as "2006-01-02T15:04:05Z07:00": cannot parse '
                           f'"{opts["since-time"]}" as "2006"')
    try:
        seconds = round(parse_duration(opts["since"]))
    except CmdError:
        raise RawError(f'Error: invalid argument "{opts["since"]}" for "--since" flag: time: invalid duration '
                       f'"{opts["since"]}"\nSee \'{ctx.path} --help\' for usage.')
    if seconds < 0:
        raise CmdError("--since must be greater than 0")
    return seconds or None


def _validate(opts, container, nargs):
    if opts["all-containers"] and container:
        raise CmdError(f"--all-containers=true should not be specified with container name {container}")
    if opts.changed("container") and nargs == 2:
        raise CmdError("only one of -c or an inline [CONTAINER] arg is allowed")
    if opts["limit-bytes"] < 0:
        raise CmdError("--limit-bytes must be greater than 0")
    if opts["tail"] < -1:
        raise CmdError("--tail must be greater than or equal to -1")


def _pods(ctx, args, opts):
    """The pods whose logs are read, or None when a selector matched nothing (already reported)."""
    if opts["selector"]:
        pods = ctx.api.list("pods", ctx.namespace, label_selector=opts["selector"])["items"]
        if not pods:
            ctx.io.error(f"No resources found in {ctx.namespace} namespace.\n")
            return None
        return pods
    try:
        resource, obj = target(ctx, args[0])
    except ApiError as e:
        raise not_found_in_namespace(e, ctx.namespace)
    if resource.kind == "Pod":
        return [obj]
    pods = pods_by_logging(ctx, obj, parse_duration(opts["pod-running-timeout"]))
    if opts["all-pods"]:
        return pods
    if len(pods) > 1:
        ctx.io.error(f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}\n")
    return pods[:1]


def _containers(pod):
    spec = pod["spec"]
    return [c["name"] for key in ("initContainers", "containers", "ephemeralContainers") for c in spec.get(key) or ()]


def _container_for(ctx, pod, container, all_pods):
    if not container:
        annotated = (pod["metadata"].get("annotations") or {}).get("kubectl.kubernetes.io/default-container")
        if annotated and not find_container(pod, annotated):
            ctx.io.error(f'Default container name "{annotated}" not found in pod {pod["metadata"]["name"]}\n')
        container = default_container(ctx, pod, quiet=all_pods)
    if not find_container(pod, container):
        raise CmdError(f"container {container} is not valid for pod {pod['metadata']['name']}")
    return container


def _follow(ctx, streams, opts):
    """Run virtual time until the followed containers have all stopped (or the time limit passes)."""
    limit = parse_duration(opts["request-timeout"]) or FOLLOW_DEFAULT
    end = ctx.clock.now + limit
    while ctx.clock.now < end and any(_running(ctx, pod, name) for pod, name in streams):
        ctx.clock.advance(min(1.0, end - ctx.clock.now))


def _running(ctx, pod, name):
    try:
        current = ctx.api.get("pods", pod["metadata"]["name"], pod["metadata"]["namespace"])
    except ApiError:
        return False
    status = current.get("status") or {}
    for key in ("initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"):
        for s in status.get(key) or ():
            if s["name"] == name:
                return "running" in (s.get("state") or {}) or "waiting" in (s.get("state") or {})
    return (status.get("phase") or "Pending") == "Pending"


COMMAND = Command("logs", run, FLAGS)
