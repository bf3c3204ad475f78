"""The learner's workstation: the host on kind's docker network (172.18.0.1, the nodes' gateway) where kubectl
runs, `kubectl port-forward` and `kubectl proxy` listen, and `curl` / `wget` typed in a notebook or the shell start.

Its packets enter the cluster through ClusterNetwork's own routing: a node's eth0 (NodePorts, hostNetwork pods),
a LoadBalancer address (handed to a node, whose kube-proxy rules DNAT it), or loopback ports opened by kubectl."""
import ipaddress
import shlex

from ..kubectl.result import Result
from ..node.runtime.network import HttpRequest, HttpResponse, NetError, _is_ip, local_http, split_url
from .internet import GATEWAY, NODE_NETWORK
from .network import CONNECT_TIMEOUT, RTT, SERVICE_CIDR, Source, Trace
from .topology import UNDERLAY, node_device

WORKSTATION_IP = GATEWAY  # the host's address on the docker network "kind"
WORKSTATION = "workstation"  # its vertex in traces
LOOPBACK = ("127.0.0.1", "::1")
EPHEMERAL_PORTS = (32768, 60999)  # net.ipv4.ip_local_port_range: where port 0 binds
UNPRIVILEGED_PORT_START = 1024  # net.ipv4.ip_unprivileged_port_start
ADDRESSES = ("127.0.0.1", "::1", "0.0.0.0", "::", WORKSTATION_IP)  # what a socket may bind to here
RESOLVER = "127.0.0.53:53"  # systemd-resolved's stub in /etc/resolv.conf: where Go programs (kubectl) ask
ARP_TIMEOUT = 3.07  # EHOSTUNREACH once neighbour discovery on the docker bridge gives up


CONNECT_FAILURES = ("refused", "unreachable", "timeout")


def _note(attempts, ip, err):
    if attempts is not None:
        attempts.append((ip, err))


class BindError(Exception):
    """bind(2) failed: the address and port are taken."""


class EmptyReply(Exception):
    """The connection was accepted and closed without a byte of answer (curl's error 52)."""


class Listener:
    """A listening socket on the workstation: `serve(request)` answers one HTTP request (an HttpResponse),
    or raises NetError / EmptyReply; `job` is the kubectl process that owns it."""
    __slots__ = ("address", "port", "serve", "job")

    def __init__(self, address, port, serve, job):
        self.address, self.port, self.serve, self.job = address, port, serve, job


class Workstation:
    """One per Cluster (`c.workstation`). `run("curl -s localhost:8080")` runs a typed line; `request(...)`
    is the raw HTTP client; `output()` drains what the background kubectl processes printed meanwhile."""

    def __init__(self, api, clock, network, rng):
        self.api, self.clock, self.network, self.rng = api, clock, network, rng
        self.listeners = {}  # (address, port) -> Listener
        self.jobs = []  # background kubectl processes (port-forward, proxy): .alive(), .stop()
        self._printed = []
        self._lb_turn = {}  # LoadBalancer address -> connections handed out (round robin over nodes)

    # ---- background processes and their sockets
    def bind(self, address, port, serve, job):
        """Listen on address:port (port 0: a free ephemeral port); returns the port, or raises BindError with
        bind(2)'s reason: an address the host does not have, a port below 1024 (the learner is not root), or a
        port taken."""
        if address not in ADDRESSES and not address.startswith("127."):
            raise BindError("bind: cannot assign requested address")
        if 0 < port < UNPRIVILEGED_PORT_START:
            raise BindError("bind: permission denied")
        if port == 0:
            port = self._free_port(address)
        if (address, port) in self.listeners or self._wildcard_clash(address, port):
            raise BindError("bind: address already in use")
        self.listeners[(address, port)] = Listener(address, port, serve, job)
        return port

    def start(self, job):
        self.jobs.append(job)

    def stop(self, job):
        """The process ends: its sockets close."""
        self.listeners = {key: lis for key, lis in self.listeners.items() if lis.job is not job}
        if job in self.jobs:
            self.jobs.remove(job)

    def stop_all(self):
        """Every background kubectl process ends (as closing its terminal would): their ports close."""
        for job in list(self.jobs):
            self.stop(job)

    def print(self, text):
        """What a background process writes to the terminal it was started from."""
        self._printed.append(text)

    def output(self):
        """Everything the background processes printed since the last call (their ends included)."""
        for job in list(self.jobs):
            job.check()
        text, self._printed = "".join(self._printed), []
        return text

    def _free_port(self, address):
        low, high = EPHEMERAL_PORTS
        while True:
            port = self.rng.randint(low, high)
            if (address, port) not in self.listeners and not self._wildcard_clash(address, port):
                return port

    def _wildcard_clash(self, address, port):
        if address in ("0.0.0.0", "::"):
            return any(p == port for (_, p) in self.listeners)
        return ("0.0.0.0", port) in self.listeners or ("::", port) in self.listeners

    def _listener(self, ip, port):
        for address in (ip, "::" if ":" in ip else "0.0.0.0", "::"):
            found = self.listeners.get((address, port))
            if found is not None:
                return found
        return None

    # ---- the HTTP client
    def resolve(self, host):
        """The addresses the workstation's resolver gives (glibc: /etc/hosts, then the outside world's DNS)."""
        host = host.strip("[]")
        if host == "localhost":
            return ["127.0.0.1", "::1"]  # getaddrinfo's order on the workstation (Debian 12)
        if _is_ip(host) or ":" in host:
            return [host]
        found = self.network.dns.internet.lookup(host)
        if not found:
            raise NetError("bad address")
        return found

    def request(self, method, url, headers=None, timeout=None, body="", attempts=None):
        """One HTTP request from the workstation: an HttpResponse (`ip`, `elapsed` set), or NetError / EmptyReply.
        `attempts` (a list) receives (ip, NetError or None) for every address tried (curl -v prints them)."""
        for job in list(self.jobs):
            job.check()
        _, host, port, path = split_url(url)
        ips = self.resolve(host)
        last = None
        for ip in ips:  # curl tries every address the name has (localhost: 127.0.0.1, then ::1)
            try:
                response = self._send(ip, port, method, path, headers, timeout, host, body)
            except NetError as err:
                _note(attempts, ip, err if err.kind in CONNECT_FAILURES else None)
                if err.kind not in CONNECT_FAILURES:
                    raise
                last = err
                continue
            except EmptyReply:
                _note(attempts, ip, None)
                raise
            _note(attempts, ip, None)
            response.ip = ip
            return response
        raise last

    def _send(self, ip, port, method, path, headers, timeout, host, body):
        shown = f"[{host}]" if ":" in host else host
        host_header = (headers or {}).get("Host") or (shown if port in (80, 443) else f"{shown}:{port}")
        request = HttpRequest(method, path, headers, WORKSTATION_IP, host_header, body)
        local = self._listener(ip, port) if self._is_local(ip) else None
        if local is not None:
            request.remote_addr = "::1" if ip == "::1" else "127.0.0.1" if ip.startswith("127.") else ip
            response = local.serve(request)
            response.elapsed = response.elapsed or RTT["lo"]
            return response
        if self._is_local(ip):
            raise NetError("refused", ip, 0.0)
        if ip in self.network.dns.internet.by_ip:
            if not self.network.dns.internet.listens(ip, port):
                raise NetError("timeout", ip, min(timeout or CONNECT_TIMEOUT, CONNECT_TIMEOUT))
            status, text, answer = self.network.dns.internet.respond(ip, path, port)
            return HttpResponse(status, text, answer, elapsed=RTT["outside"] * 2)
        trace = self.walk(ip, port)
        if not trace.delivered:
            self.network._raise(trace, ip, timeout)
        request.remote_addr = trace.remote_addr
        response = local_http(trace.target, trace.target_port, request)
        response.elapsed += trace.rtt * 2
        return response

    def _is_local(self, ip):
        return ip.startswith("127.") or ip in ("::1", WORKSTATION_IP, "0.0.0.0", "::")

    # ---- the way into the cluster
    def trace(self, url, headers=None):
        """The hops of a request from the workstation to `url` (or "host:port"), as ClusterNetwork.trace prints them;
        through an ingress controller, nginx's decision (by `headers["Host"]` when given) and the way on."""
        _, host, port, path = split_url(url)
        try:
            ip = self.resolve(host)[0]
        except NetError:
            trace = Trace(WORKSTATION_IP, host, port, "TCP")
            return trace.end("bad address", f"DNS: {host}: no such host", WORKSTATION)
        if self._is_local(ip):
            trace = Trace(WORKSTATION_IP, ip, port, "TCP")
            trace.hop(WORKSTATION, f"local {ip} dev lo table local")
            listener = self._listener(ip, port)
            if listener is None:
                return trace.end("refused", f"nothing listens on {ip}:{port}: RST")
            return listener.job.follow(trace, port)
        trace = self.walk(ip, port)
        ingress = getattr(self.network, "ingress", None)
        return ingress.follow(trace, (headers or {}).get("Host") or host, path) if ingress is not None else trace

    def apiserver_hops(self, trace, what):
        """A kubectl process's HTTPS connection to the apiserver (kubeconfig's server), as hops of a trace."""
        node = self._apiserver_node()
        address = self._node_ip(node)
        trace.hop(WORKSTATION, f"{what}: TLS to the apiserver https://{address}:6443 (the kubeconfig's server)")
        trace.hop(UNDERLAY, f"{address} is {node}'s eth0")
        trace.hop(node_device(node, "eth0"), "kube-apiserver (hostNetwork) accepts on port 6443")
        return node

    def walk(self, dst, port):
        """Follow one packet from the workstation to dst:port: across the docker bridge to the node that owns
        the address (or the one a LoadBalancer address hands it to), then the node's rules and routes."""
        trace = Trace(WORKSTATION_IP, dst, port, "TCP")
        try:
            address = ipaddress.ip_address(dst)
        except ValueError:
            return trace.end("unreachable", f"{dst} is not an address", WORKSTATION)
        if address not in ipaddress.ip_network(NODE_NETWORK):
            where = "the pod network" if address in ipaddress.ip_network("10.244.0.0/16") else \
                "the service network" if address in SERVICE_CIDR else "the internet"
            trace.hop(WORKSTATION, f"default via the host's router: {dst} is in {where}, not on {NODE_NETWORK}")
            return trace.end("timeout", f"no route to {dst} from outside the cluster: dropped", WORKSTATION)
        trace.hop(WORKSTATION, f"{NODE_NETWORK} dev br-kind proto kernel scope link src {WORKSTATION_IP}")
        node, rule = self._entry_node(dst, port)
        if node is None:
            return trace.end("unreachable", rule, UNDERLAY)
        trace.hop(UNDERLAY, rule)
        trace.hop(node_device(node, "eth0"), f"arrives at {node}")
        trace.rtt, trace.ttl = RTT["node"], 64
        return self.network._forward(trace, node, WORKSTATION_IP, dst, port, "TCP", natted=False, from_pod=False)

    def _entry_node(self, ip, port):
        """(node, rule) that receives a packet for `ip` on the docker network, or (None, why not)."""
        owner = self.network.topology.node_for_ip(ip)
        if owner is not None and owner[1] == "node":
            return owner[0], f"{ip} is {owner[0]}'s eth0"
        service = self._load_balancer(ip)
        if service is None:
            return None, f"no neighbour answers ARP for {ip} on br-kind"
        nodes = self._lb_nodes(service)
        if not nodes:
            return None, f"load balancer {ip}: no healthy node"
        turn = self._lb_turn.get(ip, 0)
        self._lb_turn[ip] = turn + 1
        node = nodes[turn % len(nodes)]
        return node, f"load balancer {ip} ({service['metadata']['namespace']}/{service['metadata']['name']}): to {node}"

    def _load_balancer(self, ip):
        for service in self.api.list("services")["items"]:
            for ingress in ((service.get("status") or {}).get("loadBalancer") or {}).get("ingress") or ():
                if ingress.get("ip") == ip:
                    return service
        return None

    def _lb_nodes(self, service):
        """The nodes the cloud's load balancer sends to: Ready, not excluded from external load balancers, and
        for externalTrafficPolicy Local only those whose health check passes (a ready endpoint on the node)."""
        nodes = []
        for node in self.api.list("nodes")["items"]:
            labels = node["metadata"].get("labels") or {}
            ready = any(c["type"] == "Ready" and c["status"] == "True" for c in node["status"].get("conditions") or ())
            if ready and "node.kubernetes.io/exclude-from-external-load-balancers" not in labels:
                nodes.append(node["metadata"]["name"])
        if service["spec"].get("externalTrafficPolicy") == "Local":
            local = self._endpoint_nodes(service)
            nodes = [n for n in nodes if n in local]
        return sorted(nodes)

    def _endpoint_nodes(self, service):
        meta = service["metadata"]
        slices = self.api.list("endpointslices", meta["namespace"],
                               label_selector=f"kubernetes.io/service-name={meta['name']}")["items"]
        return {ep.get("nodeName") for s in slices for ep in s.get("endpoints") or ()
                if (ep.get("conditions") or {}).get("ready", True)}

    # ---- what the apiserver and the kubelet do for a connection to a pod (pods/portforward, service proxy)
    def dial_pod(self, pod, port):
        """pods/portforward: the kubelet connects to localhost:port in the pod's network namespace; the Trace."""
        meta, spec = pod["metadata"], pod["spec"]
        source = Source((pod.get("status") or {}).get("podIP", ""), spec.get("nodeName"),
                        f"{meta['namespace']}/{meta['name']}", meta.get("uid"), bool(spec.get("hostNetwork")))
        return self.network.walk(source, "127.0.0.1", int(port))

    def apiserver_dial(self, ip, port):
        """The apiserver (hostNetwork on the control-plane node) connecting to ip:port, for its proxy subresources."""
        node = self._apiserver_node()
        address = self._node_ip(node)
        return self.network.walk(Source(address, node, None, None, True), ip, int(port))

    def _apiserver_node(self):
        for node in self.api.list("nodes")["items"]:
            if "node-role.kubernetes.io/control-plane" in (node["metadata"].get("labels") or {}):
                return node["metadata"]["name"]
        return self.api.list("nodes")["items"][0]["metadata"]["name"]

    def _node_ip(self, name):
        node = self.api.get("nodes", name)
        return next(a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP")

    # ---- the tools a learner types
    def run(self, line):
        """A typed `curl ...` or `wget ...` line; a Result (background output is read with output())."""
        try:
            words = shlex.split(line) if isinstance(line, str) else list(line)
        except ValueError as e:
            return Result("", f"bash: {e}\n", 1)
        if not words:
            return Result()
        from . import workstation_tools
        tool = {"curl": workstation_tools.curl, "wget": workstation_tools.wget}.get(words[0])
        if tool is None:
            return Result("", f"bash: {words[0]}: command not found\n", 127)
        out, err = [], []
        code = tool(self, words[1:], out.append, err.append)
        return Result("".join(out), "".join(err), code)

    def spend(self, seconds):
        """A request's virtual time passes (the tools wait for their answers as real ones do)."""
        if seconds and seconds > 0:
            self.clock.advance(seconds)
