"""`kubectl cluster-info`: where the control plane answers and the kube-system Services labelled
kubernetes.io/cluster-service=true (CoreDNS) are proxied."""
from ..errors import CmdError, UsageError
from ..flags import Flag
from . import Command

SERVER = "https://172.18.0.2:6443"  # the control-plane node's InternalIP, kubeadm's advertise address


def run(ctx):
    if ctx.args:
        if ctx.args[0] == "dump":
            raise CmdError("cluster-info dump is not available in this simulated cluster")
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


COMMAND = Command("cluster-info", run, [])
