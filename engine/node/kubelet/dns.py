"""The files the kubelet writes into every container: /etc/resolv.conf for the pod's dnsPolicy
(ClusterFirst, ClusterFirstWithHostNet, Default, None + dnsConfig) and the managed /etc/hosts."""

CLUSTER_DOMAIN = "cluster.local"
CLUSTER_DNS = "10.96.0.10"
# the node's own resolver configuration (what dnsPolicy Default copies into the pod)
HOST_NAMESERVERS = ["172.18.0.1"]
HOST_SEARCHES = []
HOST_OPTIONS = []
MAX_SEARCHES = 32


def pod_hostname(pod):
    """spec.hostname or the pod name, cut to 63 characters as the kubelet does (trailing '-'/'.' dropped)."""
    name = pod["spec"].get("hostname") or pod["metadata"]["name"]
    if len(name) > 63:
        name = name[:63].rstrip("-.")
    return name


def pod_fqdn(pod):
    spec = pod["spec"]
    if not spec.get("subdomain"):
        return None
    return f"{pod_hostname(pod)}.{spec['subdomain']}.{pod['metadata']['namespace']}.svc.{CLUSTER_DOMAIN}"


def resolv_conf(pod):
    spec = pod["spec"]
    policy = spec.get("dnsPolicy", "ClusterFirst")
    host_network = spec.get("hostNetwork", False)
    if policy == "ClusterFirst" and host_network:
        policy = "Default"
    if policy == "ClusterFirstWithHostNet":
        policy = "ClusterFirst"
    servers, searches, options = [], [], []
    if policy == "ClusterFirst":
        ns = pod["metadata"]["namespace"]
        servers = [CLUSTER_DNS]
        searches = [f"{ns}.svc.{CLUSTER_DOMAIN}", f"svc.{CLUSTER_DOMAIN}", CLUSTER_DOMAIN] + HOST_SEARCHES
        options = ["ndots:5"]
    elif policy == "Default":
        servers, searches, options = list(HOST_NAMESERVERS), list(HOST_SEARCHES), list(HOST_OPTIONS)
    config = spec.get("dnsConfig") or {}
    if config:
        servers = _dedupe(servers + list(config.get("nameservers") or []))
        searches = _dedupe(searches + list(config.get("searches") or []))[:MAX_SEARCHES]
        options = _merge_options(options, config.get("options") or [])
    lines = []
    if searches:
        lines.append("search " + " ".join(searches))
    lines += [f"nameserver {s}" for s in servers]
    if options:
        lines.append("options " + " ".join(options))
    return "\n".join(lines) + "\n" if lines else ""


def _dedupe(items):
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _merge_options(base, extra):
    """dnsConfig options override same-named ones (ndots:5 then ndots:2 gives ndots:2)."""
    merged = {}
    for text in base:
        name, _, value = text.partition(":")
        merged[name] = text
    for option in extra:
        name, value = option.get("name", ""), option.get("value")
        merged[name] = f"{name}:{value}" if value not in (None, "") else name
    return list(merged.values())


def etc_hosts(pod, pod_ips):
    """The kubelet-managed hosts file (hostNetwork pods get the node's own file instead)."""
    lines = ["# Kubernetes-managed hosts file.", "127.0.0.1\tlocalhost",
             "::1\tlocalhost ip6-localhost ip6-loopback", "fe00::0\tip6-localnet", "fe00::0\tip6-mcastprefix",
             "fe00::1\tip6-allnodes", "fe00::2\tip6-allrouters"]
    hostname, fqdn = pod_hostname(pod), pod_fqdn(pod)
    for ip in pod_ips:
        lines.append(f"{ip}\t{fqdn}\t{hostname}" if fqdn else f"{ip}\t{hostname}")
    text = "\n".join(lines) + "\n"
    aliases = pod["spec"].get("hostAliases") or []
    if aliases:
        text += "\n# Entries added by HostAliases.\n"
        for alias in aliases:
            text += f"{alias.get('ip', '')}\t" + "\t".join(alias.get("hostnames") or []) + "\n"
    return text


def node_hosts(node_name, node_ip):
    return f"127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n{node_ip}\t{node_name}\n"
