"""The pod network add-on the course cluster runs: flannel v0.26.1's kube-flannel.yml (namespace,
RBAC, the kube-flannel-cfg ConfigMap with 10.244.0.0/16 over VXLAN, the kube-flannel-ds DaemonSet)."""
import yaml

from .constants import FLANNEL_CNI_PLUGIN_IMAGE, FLANNEL_IMAGE, POD_SUBNET

CNI_CONF = """\
{
  "name": "cbr0",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "flannel",
      "delegate": {
        "hairpinMode": true,
        "isDefaultGateway": true
      }
    },
    {
      "type": "portmap",
      "capabilities": {
        "portMappings": true
      }
    }
  ]
}
"""

NET_CONF = f"""\
{{
  "Network": "{POD_SUBNET}",
  "EnableNFTables": false,
  "Backend": {{
    "Type": "vxlan"
  }}
}}
"""

NAMESPACE = "kube-flannel"
LABELS = {"k8s-app": "flannel"}


def objects():
    cfg_mount = {"mountPath": "/etc/kube-flannel/", "name": "flannel-cfg"}
    daemon_set = {
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "kube-flannel-ds", "namespace": NAMESPACE,
                     "labels": {"tier": "node", "app": "flannel", "k8s-app": "flannel"}},
        "spec": {
            "selector": {"matchLabels": {"app": "flannel"}},
            "template": {"metadata": {"labels": {"tier": "node", "app": "flannel"}}, "spec": {
                "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                    {"matchExpressions": [{"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]}]}]}}},
                "hostNetwork": True, "priorityClassName": "system-node-critical",
                "tolerations": [{"operator": "Exists", "effect": "NoSchedule"}],
                "serviceAccountName": "flannel",
                "initContainers": [
                    {"name": "install-cni-plugin", "image": FLANNEL_CNI_PLUGIN_IMAGE, "command": ["cp"],
                     "args": ["-f", "/flannel", "/opt/cni/bin/flannel"],
                     "volumeMounts": [{"name": "cni-plugin", "mountPath": "/opt/cni/bin"}]},
                    {"name": "install-cni", "image": FLANNEL_IMAGE, "command": ["cp"],
                     "args": ["-f", "/etc/kube-flannel/cni-conf.json", "/etc/cni/net.d/10-flannel.conflist"],
                     "volumeMounts": [{"name": "cni", "mountPath": "/etc/cni/net.d"}, dict(cfg_mount)]},
                ],
                "containers": [{
                    "name": "kube-flannel", "image": FLANNEL_IMAGE, "command": ["/opt/bin/flanneld"],
                    "args": ["--ip-masq", "--kube-subnet-mgr"],
                    "resources": {"requests": {"cpu": "100m", "memory": "50Mi"}},
                    "securityContext": {"privileged": False, "capabilities": {"add": ["NET_ADMIN", "NET_RAW"]}},
                    "env": [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                            {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
                            {"name": "EVENT_QUEUE_DEPTH", "value": "5000"}],
                    "volumeMounts": [{"name": "run", "mountPath": "/run/flannel"}, dict(cfg_mount),
                                     {"name": "xtables-lock", "mountPath": "/run/xtables.lock"}]}],
                "volumes": [{"name": "run", "hostPath": {"path": "/run/flannel"}},
                            {"name": "cni-plugin", "hostPath": {"path": "/opt/cni/bin"}},
                            {"name": "cni", "hostPath": {"path": "/etc/cni/net.d"}},
                            {"name": "flannel-cfg", "configMap": {"name": "kube-flannel-cfg"}},
                            {"name": "xtables-lock", "hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}}],
            }},
        },
    }
    return [
        {"apiVersion": "v1", "kind": "Namespace",
         "metadata": {"name": NAMESPACE, "labels": {**LABELS, "pod-security.kubernetes.io/enforce": "privileged"}}},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"labels": dict(LABELS), "name": "flannel"},
         "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]},
                   {"apiGroups": [""], "resources": ["nodes"], "verbs": ["get", "list", "watch"]},
                   {"apiGroups": [""], "resources": ["nodes/status"], "verbs": ["patch"]}]},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
         "metadata": {"labels": dict(LABELS), "name": "flannel"},
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "flannel"},
         "subjects": [{"kind": "ServiceAccount", "name": "flannel", "namespace": NAMESPACE}]},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"labels": dict(LABELS), "name": "flannel", "namespace": NAMESPACE}},
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "kube-flannel-cfg", "namespace": NAMESPACE,
                      "labels": {"tier": "node", "k8s-app": "flannel", "app": "flannel"}},
         "data": {"cni-conf.json": CNI_CONF, "net-conf.json": NET_CONF}},
        daemon_set,
    ]



class _Dumper(yaml.SafeDumper):
    """Multi-line strings as `|` blocks, as the release's file writes the CNI and net configs."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def manifest():
    """kube-flannel.yml as the release serves it: the objects in its document order, as YAML."""
    return "---\n" + yaml.dump_all(objects(), Dumper=_Dumper, sort_keys=False)
