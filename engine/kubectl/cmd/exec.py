"""`kubectl exec POD|TYPE/NAME [-c CONTAINER] [-i] [-t] -- COMMAND`: runs the command in the container
through the apiserver's pods/exec (virtual time moves while it runs); a non-zero exit is reported as
kubectl reports it (`command terminated with exit code N`) and becomes kubectl's exit code. With -i from
a terminal (the python -m engine shell) the session is interactive (see engine/kubectl/terminal.py)."""
from ...api.errors import ApiError
from .. import terminal
from ..errors import CmdError, UsageError
from ..flags import Flag
from . import Command
from .delete import parse_duration
from .pods import default_container, find_container, pods_by_logging, target

FLAGS = [
    Flag("filename", "f", "slice"), Flag("pod-running-timeout", default="1m0s"), Flag("container", "c"),
    Flag("stdin", "i", "bool"), Flag("tty", "t", "bool"), Flag("quiet", "q", "bool"),
]
NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file\n"


def run(ctx):
    args, dash = ctx.args, ctx.dash_at
    terminal.live(ctx)
    if dash is None and (len(args) > 1 or (args and ctx.opts["filename"])):
        raise UsageError("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n"
                         f"See '{ctx.path} -h' for help and examples")
    name = args[0] if args and dash != 0 else ""
    command = args[dash:] if dash is not None else []
    if not name and not ctx.opts["filename"]:
        raise CmdError("pod, type/name or --filename must be specified")
    if not command:
        raise CmdError("you must specify at least one command for the container")
    if not name:
        raise CmdError("exec with --filename is not supported in this simulated cluster")
    pod = _pod(ctx, name)
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise CmdError(f"cannot exec into a container in a completed pod; current phase is {phase}")
    container = ctx.opts["container"] or default_container(ctx, pod, ctx.opts["quiet"])
    interactive = ctx.opts["stdin"] and terminal.is_terminal(ctx.io.stdin)
    if ctx.opts["stdin"] and ctx.opts["tty"] and not interactive and not ctx.opts["quiet"]:  # SetupTTY
        ctx.io.error(NO_TTY)
    if ctx.opts["container"] and not find_container(pod, container):
        raise CmdError(f'unable to upgrade connection: container not found ("{container}")')
    if interactive:
        stdin = terminal.stream(ctx.opts["tty"])
    else:
        stdin = (ctx.io.stdin if isinstance(ctx.io.stdin, str) else "") if ctx.opts["stdin"] else None
    try:
        reply = ctx.api.pod_exec(pod["metadata"]["name"], command, pod["metadata"]["namespace"], container=container,
                                 stdin=stdin)
    except ApiError as e:
        if e.code == 500:
            raise CmdError(f"unable to upgrade connection: {e.message}")
        raise
    if interactive:
        code = terminal.interact(ctx, reply)
    else:
        out, err, code = reply
        ctx.io.write(out)
        ctx.io.error(err)
    if code is None:  # still running when the exec timed out
        return 0
    if code:
        ctx.io.error(f"command terminated with exit code {code}\n")
    return code


def _pod(ctx, name):
    resource, obj = target(ctx, name)
    if resource.kind == "Pod":
        return obj
    timeout = parse_duration(ctx.opts["pod-running-timeout"])
    pods = pods_by_logging(ctx, obj, timeout)  # the most active pod first, as AttachablePodForObject picks
    return pods[0]


COMMAND = Command("exec", run, FLAGS)
