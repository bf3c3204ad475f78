"""`kubectl debug`: an ephemeral container added to a running pod (pods/ephemeralcontainers), a copy
of a pod with changes (--copy-to, --set-image, --share-processes), or a pod in a node's host namespaces
with its root at /host (node/NAME); with -i/--attach it waits for the container and attaches."""
import copy
import json

from ...api import patch as patches
from ...api.errors import ApiError
from .. import builder, manifests, terminal
from ..errors import CmdError, RawError
from ..flags import Flag
from ..resources import resolve_type
from . import Command, attach
from .cp import inside_working_folder
from .create import RAND_ALPHABET
from .run import REFERENCE

FLAGS = [
    Flag("filename", "f", "slice"), Flag("arguments-only", kind="bool"), Flag("attach", kind="bool"),
    Flag("container", "c"), Flag("copy-to"), Flag("replace", kind="bool"), Flag("env", kind="array"),
    Flag("image"), Flag("keep-labels", kind="bool"), Flag("keep-annotations", kind="bool"),
    Flag("keep-liveness", kind="bool"), Flag("keep-readiness", kind="bool"), Flag("keep-startup", kind="bool"),
    Flag("keep-init-containers", kind="bool", default=True), Flag("set-image", kind="array"),
    Flag("image-pull-policy"), Flag("stdin", "i", "bool"), Flag("quiet", "q", "bool"),
    Flag("same-node", kind="bool"), Flag("share-processes", kind="bool", default=True), Flag("target"),
    Flag("tty", "t", "bool"), Flag("profile", default="legacy"), Flag("custom"),
]
PROFILES = ("legacy", "general", "baseline", "netadmin", "restricted", "sysadmin")
LEGACY_WARNING = ('--profile=legacy is deprecated and will be removed in the future. It is recommended to '
                  'explicitly specify a profile, for example "--profile=general".\n')
WAIT_SECONDS = 300  # kubectl waits without end for the container; a notebook cell may not


def run(ctx):
    opts = ctx.opts
    terminal.live(ctx)
    names, command = _split_args(ctx)
    env = _string_map(ctx, "env")
    if isinstance(env, int):
        return env
    set_images = _string_map(ctx, "set-image")
    if isinstance(set_images, int):
        return set_images
    attach_on = opts["attach"] or (opts["stdin"] and not opts.changed("attach"))
    if opts["profile"] not in PROFILES:
        raise CmdError(f"unknown profile: {opts['profile']}")
    ctx.custom = _read_custom(opts["custom"])
    _validate(ctx, names, command, set_images, attach_on)
    targets = _targets(ctx, names)
    for resource, obj in targets:
        if resource.kind == "Node":
            pod, container = _debug_node(ctx, obj, env, command)
        elif resource.kind == "Pod":
            pod, container = (_debug_copy if opts["copy-to"] else _debug_ephemeral)(ctx, obj, env, command, set_images)
        else:
            version = f"{resource.group}/{resource.version}" if resource.group else resource.version
            raise CmdError(f'"{version}, Kind={resource.kind}" not supported by debug')
        if attach_on and container:
            _attach(ctx, pod, container)
    return 0


def _split_args(ctx):
    if ctx.dash_at is None:
        return ctx.args, []
    return ctx.args[:ctx.dash_at], ctx.args[ctx.dash_at:]


def _string_map(ctx, flag):
    """pflag's StringToString: `k=v,k2=v2`, repeatable; a pair without `=` is a flag error."""
    pairs = {}
    for value in ctx.opts[flag]:
        for item in value.split(","):
            key, eq, val = item.partition("=")
            if not eq:
                ctx.io.error(f'Error: invalid argument "{value}" for "--{flag}" flag: {item} must be formatted as '
                             f"key=value\nSee '{ctx.path} --help' for usage.\n")
                return 1
            pairs[key] = val
    return pairs


def _validate(ctx, names, command, set_images, attach_on):
    opts = ctx.opts
    if attach_on and opts.changed("attach") and not opts["image"] and not opts["container"]:
        raise CmdError("you must specify --container or create a new container using --image in order to attach.")
    if opts["copy-to"]:
        if not opts["image"] and not set_images and not command:
            raise CmdError("you must specify --image, --set-image or command arguments.")
        if command and not opts["container"] and not opts["image"]:
            raise CmdError("you must specify an existing container or a new image when specifying args.")
    elif opts["replace"]:
        raise CmdError("--replace may only be used with --copy-to.")
    elif opts["same-node"]:
        raise CmdError("--same-node may only be used with --copy-to.")
    elif set_images:
        raise CmdError("--set-image may only be used with --copy-to.")
    elif not opts["image"]:
        raise CmdError("you must specify --image when not using --copy-to.")
    if opts["image"] and not REFERENCE.match(opts["image"]):
        raise CmdError(f'invalid image name "{opts["image"]}": invalid reference format')
    if not names and not opts["filename"]:
        raise CmdError("NAME or filename is required for debug")
    if opts["image-pull-policy"] not in ("", "Always", "IfNotPresent", "Never"):
        raise CmdError(f"invalid image pull policy: {opts['image-pull-policy']}")
    for name, image in set_images.items():
        if not REFERENCE.match(image):
            raise CmdError(f'invalid image name "{image}" for container "{name}": invalid reference format')
    if opts["target"]:
        if opts["copy-to"]:
            raise CmdError("--target is incompatible with --copy-to. Use --share-processes instead.")
        if not opts["quiet"]:
            ctx.io.write(f'Targeting container "{opts["target"]}". If you don\'t see processes from this container '
                         "it may be because the container runtime doesn't support this feature.\n")
    if opts["tty"] and not opts["stdin"]:
        raise CmdError("-i/--stdin is required for containers with -t/--tty=true")
    if ctx.custom is not None and any(ctx.custom.get(k) for k in ("name", "command", "image", "lifecycle",
                                                                      "volumeDevices")):
        raise CmdError("name, command, image, lifecycle and volume devices are not modifiable via custom profile")
    if opts["profile"] == "legacy":
        ctx.io.error(LEGACY_WARNING)


def _targets(ctx, names):
    found = []
    if ctx.opts["filename"]:
        for item in builder.infos(ctx, ctx.opts["filename"], False, validate=False):
            if isinstance(item, Exception):
                raise item
            found.append((item.resource, ctx.api.get(item.resource, item.name, item.namespace or ctx.namespace)))
    for name in names:
        if "/" in name:
            type_, _, name = name.partition("/")
            resource = resolve_type(ctx.api, type_)
        else:
            resource = ctx.api.resource("pods")
        found.append((resource, ctx.api.get(resource, name, ctx.namespace if resource.namespaced else None)))
    return found


# ---- the three kinds of debugging
def _container(ctx, name, env, command):
    opts = ctx.opts
    c = {"name": name, "image": opts["image"]}
    if command:
        c["args" if opts["arguments-only"] else "command"] = list(command)
    if env:
        c["env"] = [{"name": k, "value": v} for k, v in env.items()]
    c["resources"] = {}
    c["terminationMessagePolicy"] = "File"
    if opts["image-pull-policy"]:
        c["imagePullPolicy"] = opts["image-pull-policy"]
    if opts["stdin"]:
        c["stdin"] = True
    if opts["tty"]:
        c["tty"] = True
    return c


def _debug_ephemeral(ctx, pod, env, command, set_images):
    name = _container_name(ctx, pod)
    container = _container(ctx, name, env, command)
    if ctx.opts["target"]:
        container["targetContainerName"] = ctx.opts["target"]
    spec = {"ephemeralContainers": [container]}
    _profile(ctx, "ephemeral", {"spec": spec}, name)
    spec = _apply_custom(ctx, {"spec": spec}, "ephemeralContainers", name)["spec"]
    # CreateTwoWayMergePatch's patch: the new container, and the list's order with it last
    order = [{"name": c["name"]} for c in pod["spec"].get("ephemeralContainers") or []] + [{"name": name}]
    patch = {"spec": {"$setElementOrder/ephemeralContainers": order, **spec}}
    meta = pod["metadata"]
    try:
        result = ctx.api.patch("pods", meta["name"], patch, namespace=meta["namespace"],
                               subresource="ephemeralcontainers")
    except Exception as e:
        if getattr(e, "code", None) == 404 and not (getattr(e, "details", None) or {}).get("name"):
            raise CmdError(f'ephemeral containers are disabled for this cluster (error from server: "{e.message}")')
        raise
    return result, name


def _debug_copy(ctx, pod, env, command, set_images):
    opts = ctx.opts
    meta = pod["metadata"]
    copied_meta = {"name": opts["copy-to"], "namespace": meta["namespace"]}
    for key in ("labels", "annotations"):
        if meta.get(key):
            copied_meta[key] = dict(meta[key])
    spec = copy.deepcopy(pod["spec"])
    spec.pop("ephemeralContainers", None)
    if opts.changed("share-processes"):
        spec["shareProcessNamespace"] = opts["share-processes"]
    if not opts["same-node"]:
        spec.pop("nodeName", None)
    for c in spec["containers"]:
        image = set_images.get(c["name"], set_images.get("*"))
        if image:
            c["image"] = image
    copied = {"apiVersion": "v1", "kind": "Pod", "metadata": copied_meta, "spec": spec}
    name = opts["container"]
    container = next((c for key in ("containers", "initContainers") for c in spec.get(key) or () if c["name"] == name),
                     None) if name else None
    if container is None:
        if not opts["image"]:
            if set_images:  # only images changed: nothing to attach to
                _create_copy(ctx, pod, copied)
                return None, ""
            raise CmdError("you must specify image when creating new container")
        name = name or _container_name(ctx, copied)
        container = {"name": name, "terminationMessagePolicy": "File", "resources": {}}
        spec["containers"].append(container)
    if command:
        if opts["arguments-only"]:
            container["args"] = list(command)
        else:
            container["command"] = list(command)
            container.pop("args", None)
    if env:
        container["env"] = [{"name": k, "value": v} for k, v in env.items()]
    if opts["image"]:
        container["image"] = opts["image"]
    if opts["image-pull-policy"]:
        container["imagePullPolicy"] = opts["image-pull-policy"]
    for key, on in (("stdin", opts["stdin"]), ("tty", opts["tty"])):
        if on:
            container[key] = True
        else:
            container.pop(key, None)
    _profile(ctx, "copy", copied, name)
    _apply_custom(ctx, copied, "containers", name)
    return _create_copy(ctx, pod, copied), name


def _create_copy(ctx, pod, copied):
    created = ctx.api.create("pods", copied, namespace=copied["metadata"]["namespace"])
    if ctx.opts["replace"]:
        ctx.api.delete("pods", pod["metadata"]["name"], pod["metadata"]["namespace"], grace_period_seconds=0)
    return created


def _debug_node(ctx, node, env, command):
    opts = ctx.opts
    container_name = opts["container"] or "debugger"
    node_name = node["metadata"]["name"]
    pod_name = f"node-debugger-{node_name}-" + "".join(ctx.api.rng.choice(RAND_ALPHABET) for _ in range(5))
    if not opts["quiet"]:
        ctx.io.write(f"Creating debugging pod {pod_name} with container {container_name} on node {node_name}.\n")
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": pod_name},
           "spec": {"containers": [_container(ctx, container_name, env, command)], "nodeName": node_name,
                    "restartPolicy": "Never", "tolerations": [{"operator": "Exists"}]}}
    _profile(ctx, "node", pod, container_name)
    _apply_custom(ctx, pod, "containers", container_name)
    created = ctx.api.create("pods", pod, namespace=ctx.namespace)
    return created, container_name


def _container_name(ctx, pod):
    if ctx.opts["container"]:
        return ctx.opts["container"]
    spec = pod["spec"]
    taken = {c["name"] for key in ("containers", "initContainers", "ephemeralContainers") for c in spec.get(key) or ()}
    name = ""
    while not name or name in taken:
        name = "debugger-" + "".join(ctx.api.rng.choice(RAND_ALPHABET) for _ in range(5))
    if not ctx.opts["quiet"]:
        ctx.io.write(f"Defaulting debug container name to {name}.\n")
    return name


# ---- profiles (profiles.go): what each adds for an ephemeral container, a copy and a node pod
def _profile(ctx, style, pod, name):
    opts, profile = ctx.opts, ctx.opts["profile"]
    spec = pod["spec"]
    container = next(c for key in ("containers", "initContainers", "ephemeralContainers")
                     for c in spec.get(key) or () if c["name"] == name)
    if profile in ("baseline", "restricted", "general") and (profile != "general" or style == "node"):
        container.pop("securityContext", None)
    if profile == "restricted":
        sc = container.setdefault("securityContext", {})
        sc["runAsNonRoot"] = True
        sc["capabilities"] = {"drop": ["ALL"]}
        sc["allowPrivilegeEscalation"] = False
        sc["seccompProfile"] = {"type": "RuntimeDefault"}
    if profile == "netadmin":
        _add_capabilities(container, "NET_ADMIN", "NET_RAW")
    if profile == "sysadmin":
        container.setdefault("securityContext", {})["privileged"] = True
    if profile == "general" and style in ("copy", "ephemeral"):
        _add_capabilities(container, "SYS_PTRACE")
    if style == "node":
        if profile in ("legacy", "general", "sysadmin"):
            spec["volumes"] = list(spec.get("volumes") or []) + [{"name": "host-root", "hostPath": {"path": "/"}}]
            container["volumeMounts"] = list(container.get("volumeMounts") or []) + [
                {"name": "host-root", "mountPath": "/host"}]
        if profile in ("legacy", "general", "netadmin", "sysadmin"):
            spec.update(hostNetwork=True, hostPID=True, hostIPC=True)
    if style == "copy":
        meta = pod["metadata"]
        if profile == "legacy" or not opts["keep-labels"]:
            meta.pop("labels", None)
        if profile == "legacy":
            return
        if not opts["keep-annotations"]:
            meta.pop("annotations", None)
        for c in spec["containers"]:
            for probe, keep in (("livenessProbe", "keep-liveness"), ("readinessProbe", "keep-readiness"),
                                ("startupProbe", "keep-startup")):
                if not opts[keep]:
                    c.pop(probe, None)
        if not opts["keep-init-containers"]:
            spec.pop("initContainers", None)
        spec.setdefault("shareProcessNamespace", True)


def _read_custom(path):
    """--custom: a partial container spec (JSON, else YAML) from a file in the working folder."""
    if not path:
        return None
    try:
        with open(inside_working_folder(path), encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise CmdError(f"must pass a container spec json file for custom profile: open {path}: "
                       f"{(e.strerror or str(e)).lower()}")
    try:
        spec = json.loads(text)
    except ValueError:
        try:
            spec = manifests.parse_yaml(text)
        except manifests.StreamError as e:
            raise CmdError(f"{path} does not contain a valid container spec: {e}")
    if not isinstance(spec, dict):
        kind = {list: "array", str: "string", bool: "bool", int: "number", float: "number"}.get(type(spec), "object")
        raise CmdError(f"{path} does not contain a valid container spec: error unmarshaling JSON: while decoding JSON: "
                       f"json: cannot unmarshal {kind} into Go value of type v1.Container")
    return spec


def _apply_custom(ctx, pod, section, name):
    """applyCustomProfile: the partial spec strategically merged into the debug container."""
    if ctx.custom is None:
        return pod
    wrapper = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": copy.deepcopy(pod["spec"])}
    order = [{"name": c["name"]} for c in wrapper["spec"].get(section) or []]
    patch = {"spec": {f"$setElementOrder/{section}": order, section: [dict(ctx.custom, name=name)]}}
    try:
        merged = patches.apply_patch(wrapper, patch, patches.STRATEGIC_MERGE_PATCH, ctx.api.resource("pods"))
    except ApiError as e:
        raise CmdError(f"error creating three way patch to add debug container: {e.message}")
    pod["spec"] = merged["spec"]
    return pod


def _add_capabilities(container, *names):
    caps = container.setdefault("securityContext", {}).setdefault("capabilities", {})
    caps["add"] = list(caps.get("add") or []) + list(names)


# ---- attaching
def _attach(ctx, pod, container):
    """handleAttachPod: wait for the container to run or end; an ended one shows its log instead."""
    opts, meta = ctx.opts, pod["metadata"]
    warned, waited = set(), 0
    while True:
        pod = ctx.api.get("pods", meta["name"], meta["namespace"])
        status = _status(pod, container)
        state = (status or {}).get("state") or {}
        if "running" in state or "terminated" in state:
            break
        message = (state.get("waiting") or {}).get("message")
        if message and not opts["quiet"] and message not in warned:
            warned.add(message)
            ctx.io.error(f"Warning: container {container}: {message}\n")
        if waited >= WAIT_SECONDS:
            raise RawError("error: timed out waiting for the condition")
        ctx.clock.advance(1)
        waited += 1
    if "terminated" in state:
        ctx.io.write(ctx.api.pod_log(meta["name"], meta["namespace"], container=container))
        return
    attach.stream(ctx, pod, container, opts["stdin"], opts["tty"], opts["quiet"])


def _status(pod, name):
    status = pod.get("status") or {}
    for key in ("initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"):
        for s in status.get(key) or ():
            if s.get("name") == name:
                return s
    return None


COMMAND = Command("debug", run, FLAGS)
