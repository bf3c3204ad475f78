"""What a node's service rules decided for one new connection: the DNAT target, whether it is
masqueraded, and the rules that decided it."""
from collections import namedtuple

# mode: "iptables", "ipvs" or "userspace"; node: where the rules ran; delay: extra virtual seconds
# the path costs (the userspace proxy's hop through the kube-proxy process)
Route = namedtuple("Route", "dst_ip dst_port masquerade rules mode node delay",
                   defaults=("iptables", "", 0.0))
