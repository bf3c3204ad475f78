"""What a hostPath of "/" shows of a node (`kubectl debug node/NAME` mounts it at /host): the node's
hostname and OS release, the static pod manifests kubeadm wrote, and the folders the kubelet uses."""
import yaml

# /etc/os-release of the kind node image (Debian 12), whose osImage the Node reports
OS_RELEASE = ('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
              'VERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\n'
              'SUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n')
FOLDERS = ("/etc/kubernetes/manifests", "/var/lib/kubelet", "/var/log/pods", "/var/log/containers", "/tmp", "/root")


def populate(tree, kubelet, mtime):
    """Fill a new Tree for the node's root with the files above."""
    for folder in FOLDERS:
        tree.add_dir(folder, mtime=mtime)
    tree.add("/etc/hostname", kubelet.node_name + "\n", mtime=mtime)
    tree.add("/etc/os-release", OS_RELEASE, mtime=mtime)
    for manifest in kubelet.static_manifests:
        name = (manifest.get("metadata") or {}).get("name", "pod")
        tree.add(f"/etc/kubernetes/manifests/{name}.yaml", yaml.safe_dump(manifest, default_flow_style=False),
                 mode=0o600, mtime=mtime)
