"""`kubectl cluster-info`: where the control plane answers and the kube-system Services labelled
kubernetes.io/cluster-service=true (CoreDNS) are proxied; `cluster-info dump` prints (or writes under
--output-directory, inside the working folder) the nodes, each namespace's objects and every pod's logs."""
import os

from ...api.errors import ApiError
from .. import printers
from ..errors import CmdError, UsageError
from ..flags import Flag
from . import Command
from .cp import inside_working_folder

SERVER = "https://172.18.0.2:6443"  # the control-plane node's InternalIP, kubeadm's advertise address


def run(ctx):
    if ctx.args:
        raise UsageError(f"unexpected arguments: [{' '.join(ctx.args)}]\nSee '{ctx.path} -h' for help and examples")
    namespace = ctx.opts["namespace"] or "kube-system"
    lines = [f"Kubernetes control plane is running at {SERVER}"]
    for svc in ctx.api.list("services", namespace, label_selector="kubernetes.io/cluster-service=true")["items"]:
        ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
        ports = (svc.get("spec") or {}).get("ports") or []
        if ingress:
            ip = ingress[0].get("ip") or ingress[0].get("hostname", "")
            link = "".join(f"http://{ip}:{p['port']} " for p in ports)
        else:
            name = svc["metadata"]["name"]
            if ports:
                port = ports[0]
                scheme = "https" if port.get("name") == "https" or port.get("port") == 443 else ""
                name = ":".join(part for part in (scheme, name, port.get("name", "")) if part) if scheme \
                    else (f"{name}:{port['name']}" if port.get("name") else name)
            link = f"{SERVER}/api/v1/namespaces/{svc['metadata']['namespace']}/services/{name}/proxy"
        label = (svc["metadata"].get("labels") or {}).get("kubernetes.io/name") or svc["metadata"]["name"]
        lines.append(f"{label} is running at {link}")
    ctx.io.write("\n".join(lines) + "\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")
    return 0


# ---- dump
DUMP_FLAGS = [
    Flag("output", "o", default="json"), Flag("output-directory"), Flag("namespaces", kind="slice"),
    Flag("all-namespaces", "A", "bool"), Flag("pod-running-timeout", default="20s"),
    Flag("allow-missing-template-keys", kind="bool", default=True), Flag("show-managed-fields", kind="bool"),
    Flag("template"),
]
# what is dumped for each namespace, in kubectl's order: (file name, resource)
NAMESPACED = (("events", "events"), ("replication-controllers", "replicationcontrollers"), ("services", "services"),
              ("daemonsets", "daemonsets.apps"), ("deployments", "deployments.apps"),
              ("replicasets", "replicasets.apps"), ("pods", "pods"))
META_ORDER = ("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
              "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
              "ownerReferences", "finalizers", "managedFields")


def run_dump(ctx):
    opts = ctx.opts
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS, template=opts["template"])
    directory = opts["output-directory"]
    if directory and directory != "-":
        root = inside_working_folder(directory)
    else:
        root = None
    extension = {"json": ".json", "yaml": ".yaml"}.get(opts["output"], ".txt")

    def emit(name, text, ext):
        if root is None:
            ctx.io.write(text)
            return
        path = os.path.join(root, name + ext)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as e:  # cmdutil.CheckErr of MkdirAll / os.Create: Go's path error
            shown = os.path.relpath(e.filename) if e.filename else directory
            if isinstance(e, FileExistsError):  # MkdirAll through a file
                raise CmdError(f"mkdir {shown}: not a directory")
            raise CmdError(f"open {shown}: {(e.strerror or str(e)).lower()}")

    def render(listed):  # typed Lists: JSON keeps the structs' order at the top
        return output.render(_typed_list(listed), sort_keys=False)

    emit("nodes", render(ctx.api.list("nodes")), extension)
    if opts["all-namespaces"]:
        namespaces = [n["metadata"]["name"] for n in ctx.api.list("namespaces")["items"]]
    else:
        namespaces = opts["namespaces"] or ["kube-system", ctx.namespace]
    for namespace in namespaces:
        for name, resource in NAMESPACED:
            listed = ctx.api.list(resource, namespace)
            emit(f"{namespace}/{name}", render(listed), extension)
        for pod in listed["items"]:
            emit(f"{namespace}/{pod['metadata']['name']}/logs", _pod_logs(ctx, pod), ".txt")
    if root is not None:
        ctx.io.write(f"Cluster info dumped to {directory}\n")
    return 0


def _typed_list(listed):
    """A typed List as client-go returns it: its items carry no kind or apiVersion."""
    items = []
    for item in listed["items"]:
        meta = item.get("metadata") or {}
        ordered = {"metadata": {k: meta[k] for k in META_ORDER if k in meta}}
        ordered.update({k: v for k, v in item.items() if k not in ("kind", "apiVersion", "metadata")})
        items.append(ordered)
    return {"kind": listed.get("kind"), "apiVersion": listed.get("apiVersion"),
            "metadata": {"resourceVersion": (listed.get("metadata") or {}).get("resourceVersion", "")}, "items": items}


def _pod_logs(ctx, pod):
    meta, spec = pod["metadata"], pod["spec"]
    text = []
    for container in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        where = f"container {container['name']} of pod {meta['namespace']}/{meta['name']}"
        text.append(f"==== START logs for {where} ====\n")
        try:
            text.append(ctx.api.pod_log(meta["name"], meta["namespace"], container["name"]))
        except ApiError as e:
            text.append(f"Request log error: {e.message}\n")
        text.append(f"==== END logs for {where} ====\n")
    return "".join(text)


DUMP = Command("dump", run_dump, DUMP_FLAGS)
COMMAND = Command("cluster-info", run, [], subcommands={"dump": DUMP})
