"""What a hostPath of "/" shows of a node (`kubectl debug node/NAME` mounts it at /host): the node's hostname
and OS release, the static pod manifests and etcd certificates kubeadm wrote, and the folders the kubelet uses."""
import base64

import yaml

from ...kubectl.kubeconfig import fake_pem
from ..runtime.fs import FsError
from ..runtime.images.base import debian_base
from . import static_pods

# /etc/os-release of the kind node image (Debian 12), whose osImage the Node reports
OS_RELEASE = ('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
              'VERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\n'
              'SUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n')
FOLDERS = ("/etc/kubernetes/manifests", "/var/lib/kubelet", "/var/log/pods", "/var/log/containers", "/tmp", "/root")


ETCD_PKI = "/etc/kubernetes/pki/etcd"
# what `kubeadm init` writes for its local etcd: (file, PEM label); keys are readable by root only
ETCD_PKI_FILES = (("ca.crt", "CERTIFICATE"), ("ca.key", "RSA PRIVATE KEY"), ("healthcheck-client.crt", "CERTIFICATE"),
                  ("healthcheck-client.key", "RSA PRIVATE KEY"), ("peer.crt", "CERTIFICATE"),
                  ("peer.key", "RSA PRIVATE KEY"), ("server.crt", "CERTIFICATE"), ("server.key", "RSA PRIVATE KEY"))


def populate(tree, kubelet, mtime, path="/"):
    """Fill a new Tree for the node's directory `path` (a hostPath) with what the node holds there:
    everything above for "/", etcd's certificates for a control-plane node's PKI folders."""
    base = path.rstrip("/")
    if any((m.get("metadata") or {}).get("name") == "etcd" for m in kubelet.static_manifests):
        for name, label in ETCD_PKI_FILES:
            if f"{ETCD_PKI}/{name}".startswith(base + "/"):
                text = base64.b64decode(fake_pem(label, f"{kubelet.node_name}/etcd/{name}", 20)).decode()
                tree.add(f"{ETCD_PKI}/{name}"[len(base):], text, mode=0o600 if name.endswith(".key") else 0o644,
                         mtime=mtime)
    if path != "/":
        return
    debian_base(tree, "bookworm")  # the kind node image is Debian 12: its tools are there for `chroot /host`
    static_pods.watch_manifests(kubelet, tree)  # the kubelet's file source sees edits made through hostPaths
    for folder in FOLDERS:
        tree.add_dir(folder, mtime=mtime)
    tree.add("/etc/hostname", kubelet.node_name + "\n", mtime=mtime)
    tree.add("/etc/os-release", OS_RELEASE, mtime=mtime)
    for manifest in kubelet.static_manifests:
        name = (manifest.get("metadata") or {}).get("name", "pod")
        tree.add(f"/etc/kubernetes/manifests/{name}.yaml", yaml.safe_dump(manifest, default_flow_style=False),
                 mode=0o600, mtime=mtime)


CNI_CONF_DIR = "/etc/cni/net.d"
CNI_CONF_EXTENSIONS = (".conf", ".conflist", ".json")  # what libcni's ConfFiles loads


def cni_configs(host_paths):
    """The network configs in the node's /etc/cni/net.d, as containerd's CNI watcher sees them: what a
    hostPath of that folder (flannel's install-cni) or of "/" holds there."""
    names = set()
    for path, tree in host_paths.items():
        base = path.rstrip("/")
        if CNI_CONF_DIR != base and not CNI_CONF_DIR.startswith(base + "/"):
            continue
        try:
            folder = tree.lookup([part for part in CNI_CONF_DIR[len(base):].split("/") if part])
        except FsError:
            continue
        if folder.kind == "dir":
            names.update(n for n, e in folder.entries.items() if e.kind == "file" and n.endswith(CNI_CONF_EXTENSIONS))
    return sorted(names)
