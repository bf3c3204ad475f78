"""Network inspection applets: ip (addr, link, route), ifconfig, route and netstat as busybox 1.36.1 prints
them: a pod's lo and eth0@ifN (flannel's MTU, the pod IP/24 on the node's podCIDR, routes via cni0's gateway),
or for hostNetwork pods the node's own devices (eth0, flannel.1, cni0 and a veth per pod)."""
import hashlib
import ipaddress

from ....network.topology import veth_name
from ...runtime.context import program
from .common import BUSYBOX_USAGE
from .machine import locate

IP_USAGE = ("ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n\n"
            "OPTIONS := -f[amily] inet|inet6|link | -o[neline]\n\n"
            "ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]\n"
            "ip route list|flush|add|del|change|append|replace|test ROUTE\n"
            "ip link set IFACE [up|down] [arp on|off] [multicast on|off]\n"
            "\t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]\n"
            "\t[master IFACE | nomaster] [netns PID]\n"
            "ip tunnel add|change|del|show [NAME]\n"
            "\t[mode ipip|gre|sit] [remote ADDR] [local ADDR] [ttl TTL]\n"
            "ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]\n"
            "ip rule [list] | add|del SELECTOR ACTION")
POD_MTU = 1450  # flannel's VXLAN MTU, handed to the bridge plugin
LOOPBACK = "00:00:00:00:00:00"
BROADCAST = "ff:ff:ff:ff:ff:ff"
LIFETIME = "       valid_lft forever preferred_lft forever\n"


class Link:
    """One network device as the kernel reports it."""
    __slots__ = ("index", "name", "peer", "flags", "mtu", "qlen", "mac", "master", "inet", "inet6", "kind")

    def __init__(self, index, name, mac, mtu=1500, peer=None, qlen=0, master=None, inet=(), inet6=(), kind="ether",
                 flags=("BROADCAST", "MULTICAST", "UP", "LOWER_UP")):
        self.index, self.name, self.mac, self.mtu, self.peer = index, name, mac, mtu, peer
        self.qlen, self.master, self.kind, self.flags = qlen, master, kind, flags
        self.inet = list(inet)  # [(address, prefix length, broadcast or None, scope)]
        self.inet6 = list(inet6)  # [(address, prefix length, scope)]


def _mac(seed):
    """A locally administered unicast MAC, fixed for `seed` (the kernel's random one for veths and bridges)."""
    digest = hashlib.sha256(seed.encode()).digest()
    return ":".join(f"{b:02x}" for b in ((digest[0] & 0xFE) | 0x02,) + tuple(digest[1:6]))


def link_local(mac):
    """The EUI-64 fe80:: address the kernel gives an Ethernet device."""
    b = [int(x, 16) for x in mac.split(":")]
    eui = bytes([b[0] ^ 0x02, b[1], b[2], 0xFF, 0xFE, b[3], b[4], b[5]])
    return str(ipaddress.IPv6Address(b"\xfe\x80" + bytes(6) + eui))


def _lo():
    return Link(1, "lo", LOOPBACK, 65536, qlen=1000, kind="loopback", flags=("LOOPBACK", "UP", "LOWER_UP"),
                inet=[("127.0.0.1", 8, None, "host")], inet6=[("::1", 128, "host")])


def veth_index(ip):
    """The host end's ifindex: after lo, eth0, flannel.1 and cni0, one per pod address of the node."""
    return 4 + int(ipaddress.ip_address(ip)) % 256


def links(ctx, where=None):
    """The devices `ip link` lists in ctx's network namespace."""
    where = where or locate(ctx)
    ip = getattr(ctx.container, "pod_ip", "") or ""
    if where.kubelet is None or where.host_network:
        return node_links(where) if where.kubelet is not None else [_lo()]
    if not ip:
        return [_lo()]
    mac = _mac(f"eth0/{where.worker.uid}")
    net = ipaddress.ip_network(f"{ip}/24", strict=False)
    eth0 = Link(3, "eth0", mac, POD_MTU, peer=veth_index(ip), inet=[(ip, 24, str(net.broadcast_address), "global")],
                inet6=[(link_local(mac), 64, "link")])
    return [_lo(), eth0]


def node_links(where):
    """The node's devices: eth0 on kind's network, flannel.1 and cni0 once flannel set them up, the veths."""
    kl = where.kubelet
    node = kl.node_name
    network = kl.network
    topology = getattr(network, "topology", None)
    node_ip = kl.node_ip or ""
    octets = [int(x) for x in node_ip.split(".")] if node_ip.count(".") == 3 else [172, 18, 0, 2]
    mac = "02:42:" + ":".join(f"{o:02x}" for o in octets)  # docker derives a container's MAC from its IP
    brd = f"{octets[0]}.{octets[1]}.255.255"
    out = [_lo(), Link(2, "eth0", mac, 1500, peer=10 + octets[3], inet=[(node_ip, 16, brd, "global")],
                       inet6=[(link_local(mac), 64, "link")])]
    info = topology.nodes.get(node) if topology is not None else None
    if info is not None and info.cidr is not None:
        if info.vtep_mac:
            vtep = str(info.cidr.network_address)
            out.append(Link(3, "flannel.1", info.vtep_mac, POD_MTU, inet=[(vtep, 32, None, "global")],
                            inet6=[(link_local(info.vtep_mac), 64, "link")]))
        if topology.has_bridge(node):
            bridge = _mac(f"cni0/{node}")
            out.append(Link(4, "cni0", bridge, POD_MTU, qlen=1000,
                            inet=[(info.gateway, info.cidr.prefixlen, str(info.cidr.broadcast_address), "global")],
                            inet6=[(link_local(bridge), 64, "link")]))
    for worker in sorted(kl.workers.values(), key=lambda w: veth_index(w.sandbox["ip"]) if w.sandbox else 0):
        if worker.sandbox is None or worker.pod["spec"].get("hostNetwork"):
            continue
        mac = _mac(f"veth/{worker.uid}")
        out.append(Link(veth_index(worker.sandbox["ip"]), veth_name(worker.uid), mac, POD_MTU, peer=3, master="cni0",
                        inet6=[(link_local(mac), 64, "link")]))
    return out


def routes(ctx, where=None):
    """`ip route` lines (busybox's wording) of ctx's main routing table."""
    where = where or locate(ctx)
    ip = getattr(ctx.container, "pod_ip", "") or ""
    if where.kubelet is None:
        return []
    if where.host_network:
        flannel = getattr(where.kubelet.network, "flannel", None)
        if flannel is None or where.kubelet.node_name not in flannel.topology.nodes:
            return []
        return [line.replace("proto kernel scope link src ", "scope link  src ")
                for _, line in flannel.route_table(where.kubelet.node_name)]
    if not ip:
        return []
    net = ipaddress.ip_network(f"{ip}/24", strict=False)
    gateway = net.network_address + 1
    return [f"default via {gateway} dev eth0 ", f"10.244.0.0/16 via {gateway} dev eth0 ",
            f"{net} dev eth0 scope link  src {ip} "]


# ---- ip
@program("ip")
def ip(ctx, argv):
    """ip_parse_common_args, then the object: -o[neline], -f[amily] inet|inet6|link, -4, -6, -0."""
    args, family, oneline = list(argv[1:]), None, False
    while args and args[0].startswith("-") and args[0] != "--":
        opt = args.pop(0).lstrip("-")
        word = next((w for w in ("oneline", "family", "4", "6", "0") if opt and w.startswith(opt)), None)
        if word is None or (word == "family" and not args):
            ctx.err(BUSYBOX_USAGE.format(IP_USAGE))
            return 1
        if word == "oneline":
            oneline = True
        elif word == "family":
            family = args.pop(0)
            if family not in ("inet", "inet6", "link"):
                ctx.err(f"ip: invalid argument '{family}' to 'family'\n")
                return 1
        else:
            family = {"4": "inet", "6": "inet6", "0": "link"}[word]
    if args and args[0] == "--":
        args.pop(0)
    words = {"address": _addr, "route": _route, "r": _route, "link": _link}
    func = next((f for word, f in words.items() if args and word.startswith(args[0])), None)
    if func is None:
        ctx.err(BUSYBOX_USAGE.format(IP_USAGE))
        return 1
    return func(ctx, args[1:], family, oneline)
    yield


def _device_filter(ctx, args, commands):
    """(device name or None, error) from `show [dev] IFACE`."""
    if args and not any(c.startswith(args[0]) for c in commands):
        ctx.err(f"ip: invalid argument '{args[0]}' to 'ip'\n")
        return None, 1
    rest = args[1:]
    if rest and rest[0] == "dev":
        rest = rest[1:]
    return (rest[0] if rest else None), None


def _pick(ctx, found, device):
    if device is None:
        return found
    chosen = [link for link in found if link.name == device]
    if not chosen:
        ctx.err(f"ip: can't find device '{device}'\n")
    return chosen


def _link_line(link):
    """The RTM_NEWLINK line: a veth's peer lives in another namespace, so it shows as @ifN and M-DOWN."""
    flags = ",".join(link.flags)
    peer = ""
    if link.peer is not None:
        peer, flags = f"@if{link.peer}", flags + ",M-DOWN"
    text = f"{link.index}: {link.name}{peer}: <{flags}> mtu {link.mtu} qdisc noqueue "
    if link.master:
        text += f"master {link.master} "
    if link.qlen:
        text += f"qlen {link.qlen}"
    return text


def _link_address(link, newline="\n"):
    return f"{newline}    link/{link.kind} {link.mac} brd {LOOPBACK if link.kind == 'loopback' else BROADCAST}\n"


NO_NET_ADMIN = "RTNETLINK answers: Operation not permitted"  # a pod has no CAP_NET_ADMIN


def _addr(ctx, args, family, oneline):
    if args and any(c.startswith(args[0]) for c in ("add", "change", "chg", "replace", "delete", "flush")):
        ctx.err(f"ip: {NO_NET_ADMIN}\n")
        return 2
    device, error = _device_filter(ctx, args, ("list", "show", "lst"))
    if error:
        return error
    found = links(ctx)
    chosen = _pick(ctx, found, device)
    if not chosen:
        return 1
    if family in ("inet", "inet6"):  # links without an address of the family are left out
        chosen = [link for link in chosen if (link.inet if family == "inet" else link.inet6)]
    newline = "\\" if oneline else "\n"
    for link in chosen:
        if not oneline or family == "link":
            ctx.out(_link_line(link) + (_link_address(link, newline) if family in (None, "link") else "\n"))
        if family == "link":
            continue
        lead = f"{link.index}: {link.name}" if oneline else ""
        if family in (None, "inet"):
            for address, prefix, brd, scope in link.inet:
                ctx.out(f"{lead}    inet {address}/{prefix} " + (f"brd {brd} " if brd else "") +
                        f"scope {scope} {link.name}{newline}{LIFETIME}")
        if family in (None, "inet6"):
            for address, prefix, scope in link.inet6:
                ctx.out(f"{lead}    inet6 {address}/{prefix} scope {scope} {newline}{LIFETIME}")
    return 0


def _link(ctx, args, family, oneline):
    if args and args[0] in ("set", "add", "delete", "del"):
        ctx.err("ip: SIOCSIFFLAGS: Operation not permitted\n" if args[0] == "set" else f"ip: {NO_NET_ADMIN}\n")
        return 1 if args[0] == "set" else 2
    device, error = _device_filter(ctx, args, ("show", "list", "lst"))
    if error:
        return error
    found = links(ctx)
    chosen = _pick(ctx, found, device)
    if not chosen:
        return 1
    for link in chosen:
        ctx.out(_link_line(link) + _link_address(link, "\\" if oneline else "\n"))
    return 0


def _route(ctx, args, family, oneline):
    if args and not any(c.startswith(args[0]) for c in ("list", "show", "lst")):
        ctx.err(f"ip: {NO_NET_ADMIN}\n")
        return 2
    if family == "inet6":
        return 0
    for line in routes(ctx):
        ctx.out(line + "\n")
    return 0


# ---- ifconfig
@program("ifconfig")
def ifconfig(ctx, argv):
    args = [a for a in argv[1:] if a != "-a"]
    found = links(ctx)
    if len(args) > 1:
        which = "SIOCSIFFLAGS" if args[1] in ("up", "down") else "SIOCSIFADDR"
        ctx.err(f"ifconfig: {which}: Operation not permitted\n")
        return 1
    chosen = [link for link in found if not args or link.name == args[0]]
    if args and not chosen:
        ctx.err(f"ifconfig: {args[0]}: error fetching interface information: Device not found\n")
        return 1
    for link in chosen:
        ctx.out(_ifconfig_block(link))
    return 0
    yield


def _ifconfig_block(link):
    if link.kind == "loopback":
        head = f"{link.name:<9} Link encap:Local Loopback  \n"
    else:
        head = f"{link.name:<9} Link encap:Ethernet  HWaddr {link.mac.upper()}  \n"
    lines = head
    if link.inet:
        address, prefix, brd, _ = link.inet[0]
        mask = str(ipaddress.ip_network(f"0.0.0.0/{prefix}").netmask)
        lines += f"          inet addr:{address} " + (f" Bcast:{brd} " if brd else "") + f" Mask:{mask}\n"
    for address, prefix, scope in link.inet6:
        lines += f"          inet6 addr: {address}/{prefix} Scope:{'Host' if scope == 'host' else 'Link'}\n"
    loopback = link.kind == "loopback"
    flags = ["UP"] + (["LOOPBACK"] if loopback else ["BROADCAST"]) + ["RUNNING"] + ([] if loopback else ["MULTICAST"])
    lines += "          " + "".join(f + " " for f in flags) + f" MTU:{link.mtu}  Metric:1\n"
    lines += ("          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n"
              "          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n"
              f"          collisions:0 txqueuelen:{link.qlen} \n"
              "          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n")
    return lines


# ---- route
@program("route")
def route(ctx, argv):
    if any(a in ("add", "del") for a in argv[1:]):
        ctx.err(f"route: SIOC{'ADD' if 'add' in argv else 'DEL'}RT: Operation not permitted\n")
        return 1
    numeric = any(a.startswith("-") and "n" in a for a in argv[1:])
    ctx.out("Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n")
    for line in routes(ctx):
        words = line.split()
        dest = words[0]
        net = ipaddress.ip_network("0.0.0.0/0" if dest == "default" else dest)
        gateway = words[words.index("via") + 1] if "via" in words else "0.0.0.0"
        device = words[words.index("dev") + 1]
        flags = "U" + ("G" if gateway != "0.0.0.0" else "")
        shown_dest = str(net.network_address) if numeric or dest != "default" else "default"
        shown_gw = gateway if numeric or gateway != "0.0.0.0" else "*"
        ctx.out(f"{shown_dest:<15.15} {shown_gw:<15.15} {str(net.netmask):<16}{flags:<6}"
                f"{0:<6} {0:<2} {0:>7} {device}\n")
    return 0
    yield


# ---- netstat
NETSTAT_LETTERS = "rlatuwxenWp"


@program("netstat")
def netstat(ctx, argv):
    opts = set()
    for arg in argv[1:]:
        bad = next((ch for ch in arg[1:] if ch not in NETSTAT_LETTERS), None) if arg.startswith("-") else ""
        if bad is not None:
            ctx.err((f"netstat: invalid option -- '{bad}'\n" if bad else "") + BUSYBOX_USAGE.format(NETSTAT_USAGE))
            return 1
        opts.update(arg[1:])
    if "r" in opts:
        return (yield from route(ctx, ["route"] + (["-n"] if "n" in opts else [])))
    listening, connected = "l" in opts or "a" in opts, "l" not in opts or "a" in opts
    protocols = {p for p in "tuwx" if p in opts} or set("tuwx")
    banner = "PID/Program name    " if "p" in opts else ""
    if protocols & set("tuw"):
        which = "(servers and established)" if listening and connected else (
            "(only servers)" if listening else "(w/o servers)")
        ctx.out(f"Active Internet connections {which}\nProto Recv-Q Send-Q {'Local Address':<23} "
                f"{'Foreign Address':<23} State       {banner}\n")
        if listening:
            for proto, port, pid, name in _sockets(ctx):
                if (proto == "tcp" and "t" in protocols) or (proto == "udp" and "u" in protocols):
                    local = f"0.0.0.0:{port}"
                    state = "LISTEN" if proto == "tcp" else ""
                    line = f"{proto}   {0:>6} {0:>6} {local:<23} {'0.0.0.0:*':<23} {state:<12}"
                    if "p" in opts:
                        line += (f"{pid}/{name}" if pid else "-")[:20]
                    ctx.out(line + "\n")
    if "x" in protocols:
        which = "(servers and established)" if listening and connected else (
            "(only servers)" if listening else "(w/o servers)")
        ctx.out(f"Active UNIX domain sockets {which}\n"
                f"Proto RefCnt Flags       Type       State         I-Node {banner}Path\n")
    return 0


NETSTAT_USAGE = ("netstat [-ral] [-tuwx] [-enWp]\n\n"
                 "Display networking information\n\n"
                 "\t-r\tRouting table\n"
                 "\t-a\tAll sockets\n"
                 "\t-l\tListening sockets\n"
                 "\t\tElse: connected sockets\n"
                 "\t-t\tTCP sockets\n"
                 "\t-u\tUDP sockets\n"
                 "\t-w\tRaw sockets\n"
                 "\t-x\tUnix sockets\n"
                 "\t\tElse: all socket types\n"
                 "\t-e\tOther/more information\n"
                 "\t-n\tDon't resolve names\n"
                 "\t-W\tWide display\n"
                 "\t-p\tShow PID/program name for sockets")


def _sockets(ctx):
    """[(proto, port, pid or None, program name)] listening in ctx's network namespace: the pod's containers,
    or for a hostNetwork pod every hostNetwork container of the node. A pid shows only for ctx's own
    container (its PID namespace)."""
    where = locate(ctx)
    if where.kubelet is None:
        containers = [ctx.container] if ctx.container is not None else []
    elif where.host_network:
        containers = [rec.instance for w in where.kubelet.workers.values() if w.pod["spec"].get("hostNetwork")
                      for rec in w.records if rec.running and rec.instance is not None]
    else:
        containers = ctx.container.pod_containers()
    out = []
    for container in containers:
        for port, (proc, listen) in container.listeners.items():
            if proc.done:
                continue
            mine = container is ctx.container
            name = proc.argv[0].rsplit("/", 1)[-1] if proc.argv else ""
            out.append(("udp" if listen.protocol == "UDP" else "tcp", port, proc.pid if mine else None, name))
    return sorted(out, key=lambda s: (s[0] != "tcp", s[1]))
