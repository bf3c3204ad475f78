"""`kubectl port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT...`: listens on the workstation's loopback
(127.0.0.1 and [::1], or --address) and carries each connection through the apiserver and the pod's kubelet
to localhost:REMOTE_PORT inside the pod's network namespace: one pod, no Service load balancing.

A notebook cell cannot wait for Ctrl-C, so the command returns once it listens; the forward keeps serving
(printing `Handling connection for N`) until the pod goes away or a connection fails, when kubectl ends
with `error: lost connection to pod`, as the real one does."""
import hashlib
import ipaddress
import uuid

from ...api.errors import ApiError
from ...node.runtime.network import local_http
from ...network.workstation import BindError, EmptyReply
from .. import durations, klog
from ..errors import CmdError, UsageError
from ..flags import Flag
from . import Command
from .pods import pods_by_logging, selector_of, target

FLAGS = [Flag("pod-running-timeout", default="1m0s"), Flag("address", kind="slice")]
DEFAULT_ADDRESSES = ["localhost"]  # (pflag's slice default, replaced by the first --address)


def run(ctx):
    args, opts = ctx.args, ctx.opts
    timeout = durations.flag(ctx, "pod-running-timeout")  # (pflag's DurationVar fails while parsing)
    if len(args) < 2:
        raise UsageError(f"TYPE/NAME and list of ports are required for port-forward\n"
                         f"See '{ctx.path} -h' for help and examples")
    resource, obj = target(ctx, args[0])
    if resource.kind == "Pod":
        pod = obj
    else:
        try:
            selector_of(obj)
        except CmdError as e:  # attachablePodForObject wraps SelectorsForObject's error
            raise CmdError(f"cannot attach to *v1.{obj.get('kind')}: {e}")
        pod = pods_by_logging(ctx, obj, timeout)[0]
    if obj.get("kind") == "Service":
        check_udp(args[1:], service_udp_ports(obj), obj)
        ports = service_ports_to_target(args[1:], obj, pod)
    else:
        check_udp(args[1:], pod_udp_ports(pod), pod)
        ports = pod_named_ports(args[1:], pod)
    pod = ctx.api.get("pods", pod["metadata"]["name"], pod["metadata"]["namespace"])
    phase = (pod.get("status") or {}).get("phase")
    if phase != "Running":
        raise CmdError(f"unable to forward port because pod is not running. Current status={phase}")
    addresses = parse_addresses(opts["address"] or DEFAULT_ADDRESSES)
    forwards = parse_ports(ports)
    dial(ctx, pod)
    return Forwarder(ctx, pod, addresses, forwards).listen()


# ---- Complete: the ports asked for, as numbers in the pod
def split_port(port):
    parts = port.split(":")
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], parts[0])


def _int(text):
    return int(text) if text.lstrip("-").isdigit() else None


def container_port_by_name(pod, name):
    for key in ("containers", "initContainers"):
        for container in pod["spec"].get(key) or ():
            for port in container.get("ports") or ():
                if port.get("name") == name:
                    return port["containerPort"]
    raise CmdError(f"Pod '{pod['metadata']['name']}' does not have a named port '{name}'")


def service_port_by_name(svc, name):
    for port in svc["spec"].get("ports") or ():
        if port.get("name") == name:
            return port["port"]
    raise CmdError(f"Service '{svc['metadata']['name']}' does not have a named port '{name}'")


def pod_named_ports(ports, pod):
    """convertPodNamedPortToNumber."""
    converted = []
    for port in ports:
        local, remote = split_port(port)
        if remote == "":
            raise CmdError("remote port cannot be empty")
        number = remote if _int(remote) is not None else str(container_port_by_name(pod, remote))
        converted.append(f"{local}:{number}" if local != remote else number)
    return converted


def service_ports_to_target(ports, svc, pod):
    """translateServicePortToTargetPort: a Service port becomes its targetPort in the chosen pod."""
    translated = []
    for port in ports:
        local, remote = split_port(port)
        number = _int(remote)
        if number is None:
            number = service_port_by_name(svc, remote)
            if local == remote:
                local = str(number)
        container_port = target_port(svc, pod, number)
        remote = str(container_port)
        translated.append(f"{local}:{remote}" if local != remote else remote)
    return translated


def target_port(svc, pod, port):
    """LookupContainerPortNumberByServicePort."""
    for spec in svc["spec"].get("ports") or ():
        if spec["port"] != port:
            continue
        if svc["spec"].get("clusterIP") == "None":
            return port
        target = spec.get("targetPort", spec["port"])
        if isinstance(target, int):
            return target or spec["port"]
        return container_port_by_name(pod, target)
    raise CmdError(f"Service {svc['metadata']['name']} does not have a service port {port}")


def service_udp_ports(svc):
    udp = {p["port"] for p in svc["spec"].get("ports") or () if p.get("protocol", "TCP") == "UDP"}
    tcp = {p["port"] for p in svc["spec"].get("ports") or () if p.get("protocol", "TCP") == "TCP"}
    return udp - tcp


def pod_udp_ports(pod):
    ports = [p for c in pod["spec"].get("containers") or () for p in c.get("ports") or ()]
    udp = {p["containerPort"] for p in ports if p.get("protocol", "TCP") == "UDP"}
    return udp - {p["containerPort"] for p in ports if p.get("protocol", "TCP") == "TCP"}


def check_udp(ports, udp_only, obj):
    """checkUDPPorts: kubectl forwards TCP only."""
    for port in ports:
        _, remote = split_port(port)
        number = _int(remote)
        if number is None:
            number = service_port_by_name(obj, remote) if obj.get("kind") == "Service" else \
                container_port_by_name(obj, remote)
        if number in udp_only:
            raise CmdError(f"UDP protocol is not supported for {remote}")


# ---- client-go's portforward: addresses, ports, listeners
def parse_addresses(addresses):
    """parseAddresses: (address, protocol, failure mode) sorted by address; localhost is both loopbacks."""
    parsed = {}
    for address in addresses:
        if address == "localhost":
            parsed.setdefault("127.0.0.1", ("127.0.0.1", "tcp4", "all"))
            parsed.setdefault("::1", ("::1", "tcp6", "all"))
            continue
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            raise CmdError(f"{address} is not a valid IP")
        parsed[address] = (address, "tcp4" if ip.version == 4 else "tcp6", "any")
    return [parsed[key] for key in sorted(parsed)]


def parse_ports(ports):
    """parsePorts: [[local, remote]] (local 0: a free port is picked)."""
    forwards = []
    for text in ports:
        parts = text.split(":")
        if len(parts) > 2:
            raise CmdError(f"invalid port format '{text}'")
        local, remote = (parts[0], parts[0]) if len(parts) == 1 else (parts[0] or "0", parts[1])
        forwards.append([_parse_uint16("local", local), _parse_uint16("remote", remote)])
        if forwards[-1][1] == 0:
            raise CmdError("remote port must be > 0")
    return forwards


def _parse_uint16(which, text):
    if not text.isdigit():
        raise CmdError(f"error parsing {which} port '{text}': strconv.ParseUint: parsing \"{text}\": invalid syntax")
    if int(text) > 65535:
        raise CmdError(f"error parsing {which} port '{text}': strconv.ParseUint: parsing \"{text}\": "
                       "value out of range")
    return int(text)


def dial(ctx, pod):
    """The upgrade request to pods/portforward: authorized (WebSocket, then SPDY), then the apiserver must
    reach the pod's kubelet."""
    meta = pod["metadata"]
    try:
        ctx.api.upgrade("portforward", meta["name"], meta["namespace"])
    except ApiError as e:
        raise CmdError(f"error upgrading connection: {e.message}")
    node = pod["spec"].get("nodeName")
    if ctx.api.node_connections.get(node) is None:
        address = _node_address(ctx, node)
        raise CmdError(f"error upgrading connection: error dialing backend: dial tcp {address}:10250: "
                       "connect: connection refused")


def _node_address(ctx, name):
    try:
        node = ctx.api.get("nodes", name)
    except ApiError:
        return name
    return next((a["address"] for a in node["status"].get("addresses") or () if a["type"] == "InternalIP"), name)


def host_port(address, port):
    """net.JoinHostPort."""
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


class Forwarder:
    """One running `kubectl port-forward`: its listeners on the workstation and the pod it reaches."""

    def __init__(self, ctx, pod, addresses, forwards):
        self.ws = getattr(ctx.kubectl, "workstation", None)
        if self.ws is None:
            raise CmdError("port-forward needs the cluster's workstation (use Cluster.kubectl)")
        self.api, self.clock, self.io = ctx.api, ctx.clock, ctx.io
        self.pod, self.addresses, self.forwards = pod, addresses, forwards
        self.ended = False

    def listen(self):
        """forward(): listen on every port; kubectl fails only when no port could listen."""
        listening = False
        for forward in self.forwards:
            errors, failed, succeeded = [], {"all": 0, "any": 0}, {"all": 0, "any": 0}
            for address, protocol, mode in self.addresses:
                error = self._listen_one(forward, address, protocol)
                if error:
                    errors.append(error)
                    failed[mode] += 1
                else:
                    succeeded[mode] += 1
            if (succeeded["all"] == 0 and failed["all"]) or failed["any"]:
                self.io.error(f"Unable to listen on port {forward[0]}: Listeners failed to create with the "
                              f"following errors: [{' '.join(errors)}]\n")
            else:
                listening = True
        if not listening:
            self.ws.stop(self)
            ports = " ".join("{%d %d}" % (local, remote) for local, remote in self.forwards)
            raise CmdError(f"unable to listen on any of the requested ports: [{ports}]")
        self.ws.start(self)
        return 0

    def _listen_one(self, forward, address, protocol):
        local, remote = forward
        family = "tcp4" if protocol == "tcp4" else "tcp6"
        where = f"{family} {host_port(address, local)}"
        try:
            forward[0] = self.ws.bind(address, local, lambda request: self.serve(request, forward), self)
        except BindError as e:
            return f"unable to create listener: Error listen {where}: {e}"
        self.io.write(f"Forwarding from {host_port(address, forward[0])} -> {remote}\n")
        return None

    # ---- while it runs
    def serve(self, request, forward):
        """handleConnection: one connection carried to localhost:REMOTE inside the pod."""
        local, remote = forward
        self.ws.print(f"Handling connection for {local}\n")
        trace = self.ws.dial_pod(self.pod, remote)
        if not trace.delivered:
            self._fail(remote, trace)
            raise EmptyReply()
        request.remote_addr = "127.0.0.1"
        response = local_http(trace.target, trace.target_port, request)
        response.elapsed = 2 * (0.00031 + trace.rtt)  # workstation -> apiserver -> kubelet, and back
        return response

    def follow(self, trace, local):
        """The hops of a connection to the forwarded port: kubectl's stream through the apiserver and the kubelet
        to localhost:REMOTE inside the pod."""
        remote = next(f[1] for f in self.forwards if f[0] == local)
        trace.hop("workstation", f"accepted by kubectl port-forward on port {local}")
        self.ws.apiserver_hops(trace, f"kubectl port-forward: pods/{self.pod['metadata']['name']}/portforward")
        node = self.pod["spec"].get("nodeName")
        trace.hop(f"node/{node}/eth0", f"kube-apiserver -> kubelet on {node}:10250: stream for port {remote}")
        inside = self.ws.dial_pod(self.pod, remote)
        trace.hops += inside.hops
        trace.rtt += inside.rtt
        return trace.end(inside.outcome)

    def _fail(self, remote, trace):
        """The kubelet's error on the connection's error stream; kubectl then closes the whole forward."""
        local = next(f[0] for f in self.forwards if f[1] == remote)
        sandbox = hashlib.sha256(f"sandbox/{self.pod['metadata'].get('uid')}".encode()).hexdigest()
        netns = uuid.UUID(hashlib.md5(f"netns/{self.pod['metadata'].get('uid')}".encode()).hexdigest())
        reason = "connection refused" if trace.outcome == "refused" else "connection timed out"
        message = (f"an error occurred forwarding {local} -> {remote}: error forwarding port {remote} to pod "
                   f"{sandbox}, uid : failed to execute portforward in network namespace "
                   f'"/var/run/netns/cni-{netns}": failed to connect to localhost:{remote} inside namespace '
                   f'"{sandbox}", IPv4: dial tcp4 127.0.0.1:{remote}: connect: {reason} '
                   "IPv6 dial tcp6: address localhost: no suitable address found ")
        escaped = message.replace("\\", "\\\\").replace('"', '\\"')
        self.ws.print(klog.line(self.clock, "E", "portforward.go:424", f'"Unhandled Error" err="{escaped}"'))
        self.end()

    def check(self):
        """The pod is gone or no longer running, or its kubelet is unreachable: the stream closes."""
        if self.ended:
            return
        if self.api.node_connections.get(self.pod["spec"].get("nodeName")) is None:
            self.end()
            return
        meta = self.pod["metadata"]
        try:
            pod = self.api.get("pods", meta["name"], meta["namespace"])
        except ApiError:
            pod = None
        if pod is None or pod["metadata"].get("uid") != meta.get("uid") or \
                (pod.get("status") or {}).get("phase") != "Running" or pod["metadata"].get("deletionTimestamp"):
            self.end()

    def end(self):
        self.ended = True
        self.ws.stop(self)
        self.ws.print("error: lost connection to pod\n")


COMMAND = Command("port-forward", run, FLAGS)
