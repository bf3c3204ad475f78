"""`iptables-save` and `ipvsadm -Ln` for one node's kube-proxy rules."""
from .registry import for_node


def iptables_save(cluster, node_name):
    proxier = for_node(cluster, node_name)
    return proxier.iptables_save() if proxier is not None else ""


def ipvsadm(cluster, node_name):
    proxier = for_node(cluster, node_name)
    return proxier.ipvsadm() if proxier is not None else ""
