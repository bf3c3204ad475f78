"""`kubectl run NAME --image=IMAGE [-- ARGS]`: the run-pod/v1 generator (labels run=NAME, --port,
--env, --command, --overrides, --expose with a Service), and with -i/--attach the attach that waits for
the pod in virtual time, shows its output, returns its exit code and with --rm deletes what it made."""
import json
import re

from ...api.errors import ApiError
from ...api import patch as patches
from .. import builder, printers, terminal
from ..errors import CmdError, RawError, UsageError
from ..flags import Flag
from . import Command, attach
from .create import required_flag_error, set_last_applied
from .delete import parse_duration

FLAGS = [
    Flag("dry-run", default="none", no_opt_default="unchanged"), Flag("output", "o"), Flag("annotations", kind="array"),
    Flag("image"), Flag("image-pull-policy"), Flag("rm", kind="bool"), Flag("env", kind="array"), Flag("port"),
    Flag("labels", "l"), Flag("stdin", "i", "bool"), Flag("tty", "t", "bool"), Flag("attach", kind="bool"),
    Flag("leave-stdin-open", kind="bool"), Flag("restart", default="Always"), Flag("command", kind="bool"),
    Flag("expose", kind="bool"), Flag("quiet", "q", "bool"), Flag("privileged", kind="bool"),
    Flag("field-manager", default="kubectl-run"), Flag("overrides"), Flag("override-type", default="merge"),
    Flag("pod-running-timeout", default="1m0s"), Flag("save-config", kind="bool"), Flag("show-managed-fields", kind="bool"),
    Flag("cascade", default="background", no_opt_default="background"), Flag("filename", "f", "slice"),
    Flag("force", kind="bool"), Flag("grace-period", kind="int", default=-1), Flag("kustomize", "k"),
    Flag("recursive", "R", "bool"), Flag("timeout", default="0s"), Flag("wait", kind="bool"),
    Flag("allow-missing-template-keys", kind="bool", default=True), Flag("template"),
]

# distribution/reference's ReferenceRegexp: [domain/]path[:tag][@digest]
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
_DOMAIN = r"(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*" \
          r"|\[(?:[a-fA-F0-9:]+)\])(?::[0-9]+)?"
REFERENCE = re.compile(rf"^(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*(?::[\w][\w.-]{{0,127}})?"
                       r"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$")
ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file\n"
PROMPT = "If you don't see a command prompt, try pressing enter.\n"


def run(ctx):
    opts, args = ctx.opts, ctx.args
    terminal.live(ctx)
    if not args or ctx.dash_at == 0:
        raise UsageError(f"NAME is required for run\nSee '{ctx.path} -h' for help and examples")
    if not opts.changed("image"):
        return required_flag_error(ctx, "image")
    usage = f"\nSee '{ctx.path} -h' for help and examples"
    timeout = parse_duration(opts["pod-running-timeout"])
    image = opts["image"]
    if not image:
        raise CmdError("--image is required")
    if not REFERENCE.match(image):
        raise CmdError(f'Invalid image name "{image}": invalid reference format')
    if opts["tty"] and not opts["stdin"]:
        raise UsageError("-i/--stdin is required for containers with -t/--tty=true" + usage)
    if opts["expose"] and not opts["port"]:
        raise UsageError("--port must be set when exposing a service" + usage)
    restart = opts["restart"] or ("OnFailure" if opts["stdin"] else "Always")
    if restart not in ("Always", "OnFailure", "Never"):
        raise UsageError(f"invalid restart policy: {restart}" + usage)
    attach = opts["attach"] or opts["stdin"]
    if opts["rm"] and not attach:
        raise UsageError("--rm should only be used for attached containers" + usage)
    dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
    if attach and dry_run != "none":
        raise UsageError("--dry-run=[server|client] can't be used with attached containers options "
                         "(--attach, --stdin, or --tty)" + usage)
    if opts["image-pull-policy"] not in ("", "Always", "IfNotPresent", "Never"):
        raise UsageError(f"invalid image pull policy: {opts['image-pull-policy']}" + usage)
    name = args[0]
    pod = _override(ctx, generate_pod(name, image, args[1:], opts, restart), opts)
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    created = []
    if opts["expose"]:
        service = generate_service(name, opts)
        created.append(("services", _create(ctx, "services", service, dry_run, output, opts)))
        if output.kind == "yaml":
            ctx.io.write("---\n")
    # with attach kubectl never prints the pod: its attach branch returns before PrintObj
    created.insert(0, ("pods", _create(ctx, "pods", pod, dry_run, output, opts, show=not attach)))
    if not attach:
        return 0
    try:
        return _attach(ctx, created[0][1], restart, timeout)
    finally:
        if opts["rm"]:
            for ref, obj in created:
                _delete(ctx, ref, obj)


def generate_pod(name, image, extra, opts, restart):
    """The run-pod/v1 generator's Pod, its keys in the Go structs' order (what -o json shows)."""
    labels = parse_labels(opts["labels"]) if opts["labels"] else {"run": name}
    annotations = parse_annotations(opts["annotations"])
    container = {"name": name, "image": image}
    if extra:
        container["command" if opts["command"] else "args"] = list(extra)
    if opts["port"]:
        try:
            container["ports"] = [{"containerPort": int(opts["port"], 10)}]
        except ValueError:
            raise CmdError(f'strconv.Atoi: parsing "{opts["port"]}": invalid syntax')
    env = parse_envs(opts["env"])
    if env:
        container["env"] = env
    container["resources"] = {}
    if opts["image-pull-policy"]:
        container["imagePullPolicy"] = opts["image-pull-policy"]
    if opts["privileged"]:
        container["securityContext"] = {"privileged": True}
    if opts["stdin"]:
        container["stdin"] = True
        if not opts["leave-stdin-open"]:
            container["stdinOnce"] = True
    if opts["tty"]:
        container["tty"] = True
    meta = {"name": name, "creationTimestamp": None, "labels": labels}
    if annotations:
        meta["annotations"] = annotations
    return {"kind": "Pod", "apiVersion": "v1", "metadata": meta,
            "spec": {"containers": [container], "restartPolicy": restart, "dnsPolicy": "ClusterFirst"}, "status": {}}


def generate_service(name, opts):
    """The service/v2 generator run --expose uses: ClusterIP on --port, selecting the pod's labels."""
    port = int(opts["port"], 10)
    selector = parse_labels(opts["labels"]) if opts["labels"] else {"run": name}
    return {"kind": "Service", "apiVersion": "v1", "metadata": {"name": name, "creationTimestamp": None},
            "spec": {"ports": [{"protocol": "TCP", "port": port, "targetPort": port}], "selector": selector},
            "status": {"loadBalancer": {}}}


def parse_labels(text):
    """ParseLabels: `a=b,c=d`; returned sorted, as Go's encoding of a map orders its keys."""
    labels = {}
    for spec in text.split(","):
        parts = spec.split("=")
        if len(parts) != 2:
            raise CmdError(f"unexpected label spec: {spec}")
        if not parts[0]:
            raise CmdError("unexpected empty label key")
        labels[parts[0]] = parts[1]
    return dict(sorted(labels.items()))


def parse_annotations(pairs):
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CmdError(f"invalid annotations format: {pair}")
        out[key] = value
    return dict(sorted(out.items()))


def parse_envs(pairs):
    env = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key or not ENV_NAME.match(key) or key in (".", "..") or key.startswith(".."):
            raise CmdError(f"invalid env: {pair}")
        env.append({"name": key, "value": value})
    return env


def _override(ctx, pod, opts):
    """--overrides: a JSON merge (default), strategic or JSON patch applied to the generated Pod."""
    text = opts["overrides"]
    if not text:
        return pod
    try:
        patch = json.loads(text)
    except ValueError:
        raise CmdError("invalid JSON document" if opts["override-type"] == "strategic" else "Invalid JSON Patch")
    kind = {"json": patches.JSON_PATCH, "merge": patches.MERGE_PATCH,
            "strategic": patches.STRATEGIC_MERGE_PATCH}.get(opts["override-type"])
    if kind is None:
        raise CmdError(f"--override-type must be one of (json, merge, strategic), got {opts['override-type']!r}")
    try:
        result = patches.apply_patch(pod, patch, kind, ctx.api.resource("pods"))
    except ApiError as e:
        raise CmdError(e.message)
    # decoded back into the typed Pod: ObjectMeta's fields in struct order, a null creationTimestamp kept
    meta = dict(result.get("metadata") or {}, creationTimestamp=None)
    result["metadata"] = {k: meta[k] for k in OBJECT_META if k in meta}
    return result


OBJECT_META = ("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
               "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
               "ownerReferences", "finalizers", "managedFields")


def _create(ctx, ref, obj, dry_run, output, opts, show=True):
    resource = ctx.api.resource(ref)
    if dry_run != "client":
        if opts["save-config"]:
            set_last_applied(obj, typed=True)
        obj = ctx.api.create(resource, obj, namespace=ctx.namespace, dry_run=dry_run == "server")
    if not show:
        return obj
    if output.kind:
        ctx.io.write(output.render(obj, lambda o: resource, sort_keys=dry_run != "client"))
    else:
        ctx.io.write(f"{resource.kind.lower()}/{obj['metadata']['name']} created{builder.DRY_RUN_SUFFIX[dry_run]}\n")
    return obj


def _attach(ctx, pod, restart, timeout):
    """Wait for the pod to run (or finish), show what its container prints until it stops, then
    report the exit as kubectl run does."""
    opts, name, namespace = ctx.opts, pod["metadata"]["name"], ctx.namespace
    current = _wait(ctx, name, namespace, timeout, lambda p: _phase(p) in ("Succeeded", "Failed") or _ready(p))
    if current is None:
        raise CmdError("timed out waiting for the condition")
    if _phase(current) in ("Succeeded", "Failed"):
        ctx.io.write(ctx.api.pod_log(name, namespace, container=name))
    elif opts["stdin"] and terminal.is_terminal(ctx.io.stdin):  # the shell: an interactive session
        attach.stream(ctx, current, name, True, opts["tty"], opts["quiet"])
    else:
        if opts["tty"] and opts["stdin"]:
            ctx.io.error(NO_TTY)
        if not opts["quiet"]:
            ctx.io.error(PROMPT)
        if opts["stdin"]:  # kubectl's stdin (a notebook's text, else nothing) written to the container, then closed
            _send(ctx, name, namespace, ctx.io.stdin if isinstance(ctx.io.stdin, str) else "")
        _wait(ctx, name, namespace, 24 * 3600, lambda p: not _running(p))
        ctx.io.write(ctx.api.pod_log(name, namespace, container=name))
    if restart == "Always" or opts["leave-stdin-open"]:
        return 0
    wanted = ("Succeeded", "Failed") if restart == "Never" else ("Succeeded",)
    final = _wait(ctx, name, namespace, timeout, lambda p: _phase(p) in wanted)
    if final is None:
        raise CmdError("timed out waiting for the condition")
    if _phase(final) == "Succeeded":
        return 0
    statuses = final["status"].get("containerStatuses") or []
    terminated = (statuses[0].get("state") or {}).get("terminated") if statuses else None
    if not terminated or not terminated.get("exitCode"):
        raise CmdError(f"pod {namespace}/{name} failed with unknown exit code")
    raise ExitError(f"pod {namespace}/{name} terminated ({terminated.get('reason', '')})\n{terminated.get('message', '')}",
                    terminated["exitCode"])


def _send(ctx, name, namespace, text):
    try:
        ctx.api.pod_attach(name, namespace, container=name, stdin=text, seconds=0)
    except ApiError:  # the container ended meanwhile: its log tells the rest
        pass


class ExitError(RawError):
    """uexec.CodeExitError: the message as is, and the container's exit code as kubectl's."""

    def __init__(self, message, code):
        super().__init__(message)
        self.exit_code = code


def _wait(ctx, name, namespace, timeout, condition):
    waited = 0.0
    while True:
        try:
            pod = ctx.api.get("pods", name, namespace)
        except ApiError:
            return None
        if condition(pod):
            return pod
        if waited >= timeout:
            return None
        ctx.clock.advance(1)
        waited += 1


def _phase(pod):
    return (pod.get("status") or {}).get("phase")


def _ready(pod):
    return _phase(pod) == "Running" and any(c.get("type") == "Ready" and c.get("status") == "True"
                                            for c in pod["status"].get("conditions") or ())


def _running(pod):
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    return bool(statuses) and "running" in (statuses[0].get("state") or {})


def _delete(ctx, ref, obj):
    resource = ctx.api.resource(ref)
    try:
        ctx.api.delete(resource, obj["metadata"]["name"], ctx.namespace)
    except ApiError as e:
        ctx.io.error(f"Error from server ({e.reason}): {e.message}\n")
        return
    ctx.io.write(f'{resource.kind.lower()} "{obj["metadata"]["name"]}" deleted\n')


COMMAND = Command("run", run, FLAGS)
