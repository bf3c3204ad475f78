"""`kubectl attach (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t]`: attaches to a container's main process
through pods/attach. A notebook cell cannot press Ctrl-C, so, like `logs -f`, the attach follows the
process's output until it exits or for --request-timeout (60 virtual seconds when unset); with -i
kubectl's stdin is written to it, then closed. From a terminal (the python -m engine shell) -i attaches
interactively to a container with `stdin: true` (see engine/kubectl/terminal.py)."""
from ...api.errors import ApiError
from .. import terminal
from ..errors import CmdError, UsageError
from ..flags import Flag
from . import Command
from .delete import parse_duration
from .pods import default_container, find_container, pods_by_logging, target

FLAGS = [Flag("pod-running-timeout", default="1m0s"), Flag("container", "c"), Flag("stdin", "i", "bool"),
         Flag("tty", "t", "bool"), Flag("quiet", "q", "bool")]
FOLLOW_DEFAULT = 60
NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file\n"
PROMPT = "If you don't see a command prompt, try pressing enter.\n"


def run(ctx):
    args, opts = ctx.args, ctx.opts
    terminal.live(ctx)
    try:  # GetPodRunningTimeoutFlag, in Complete: a usage error
        timeout = parse_duration(opts["pod-running-timeout"])
        if timeout <= 0:
            raise CmdError("--pod-running-timeout must be higher than zero")
    except CmdError as e:
        raise UsageError(f"{e}\nSee '{ctx.path} -h' for help and examples")
    if not args:
        raise CmdError("at least 1 argument is required for attach")
    if len(args) > 2:
        raise CmdError(f"expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw {len(args)}: [{' '.join(args)}]")
    resource, obj = target(ctx, args[0] if len(args) == 1 else f"{args[0]}/{args[1]}")
    pod = obj if resource.kind == "Pod" else pods_by_logging(ctx, obj, timeout)[0]
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise CmdError(f"cannot attach a container in a completed pod; current phase is {phase}")
    return stream(ctx, pod, opts["container"], opts["stdin"], opts["tty"], opts["quiet"])


def stream(ctx, pod, container_name, stdin, tty, quiet):
    """AttachOptions.Run once the pod is known: the TTY checks, the prompt line, then the output."""
    if container_name:
        container = find_container(pod, container_name)
        if container is None:
            raise CmdError(f"cannot attach to the container: container {container_name} not found in pod "
                           f"{pod['metadata']['name']}")
    else:
        container = find_container(pod, default_container(ctx, pod, quiet))
    if tty and not container.get("tty"):
        tty = False
        if not quiet:
            ctx.io.error(f"error: Unable to use a TTY - container {container['name']} did not allocate one\n")
    elif not tty and container.get("tty"):
        tty = True  # the container has a TTY: kubectl must use one too
    interactive = stdin and terminal.is_terminal(ctx.io.stdin) and container.get("stdin")
    if stdin and tty and not interactive and not quiet:  # SetupTTY: kubectl's stdin is not a terminal
        ctx.io.error(NO_TTY)
    if not quiet:
        ctx.io.error(PROMPT)
    meta = pod["metadata"]
    if interactive:
        text = terminal.stream(tty)
    else:
        text = (ctx.io.stdin if isinstance(ctx.io.stdin, str) else "") if stdin else None
    try:
        reply = ctx.api.pod_attach(meta["name"], meta["namespace"], container=container["name"], stdin=text,
                                   seconds=parse_duration(ctx.opts["request-timeout"]) or FOLLOW_DEFAULT)
    except ApiError as e:
        if e.code == 500:
            raise CmdError(f"unable to upgrade connection: {e.message}")
        raise
    if not interactive:
        ctx.io.write(reply[0])
        ctx.io.error(reply[1])
        return 0
    terminal.interact(ctx, reply)
    if not quiet and tty:
        ctx.io.write(reattach_message(pod, container["name"]))
    return 0


def reattach_message(pod, name):
    """reattachMessage after a TTY session with stdin: how to come back, when the container restarts."""
    if pod["spec"].get("restartPolicy", "Always") != "Always":
        return ""
    command = f"kubectl attach {pod['metadata']['name']} -c {name} -i -t"
    if any(c["name"] == name for c in pod["spec"].get("ephemeralContainers") or ()):
        return (f"Session ended, the ephemeral container will not be restarted but may be reattached using "
                f"'{command}' if it is still running\n")
    return f"Session ended, resume using '{command}' command when the pod is running\n"


COMMAND = Command("attach", run, FLAGS)
