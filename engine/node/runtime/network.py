"""The contract between simulated programs and the cluster network: what wget, curl, nslookup and nc call
(`ctx.network`), and what a listening server receives. The network issue implements `Network`."""
from urllib.parse import urlsplit

KERNEL = "6.1.0-28-amd64"  # the nodes' kernelVersion (engine/node/registration.py)


class NetError(Exception):
    """A failed lookup or connection. kind: 'bad address' (no DNS answer), 'refused', 'timeout',
    'unreachable', 'reset'. `ip` is the address tried; `elapsed` the virtual seconds spent."""

    def __init__(self, kind, ip="", elapsed=0.0):
        super().__init__(kind)
        self.kind, self.ip, self.elapsed = kind, ip, elapsed


class HttpRequest:
    __slots__ = ("method", "path", "headers", "remote_addr", "host", "body")

    def __init__(self, method="GET", path="/", headers=None, remote_addr="", host="", body=""):
        self.method, self.path, self.headers = method, path, dict(headers or {})
        self.remote_addr, self.host, self.body = remote_addr, host, body


class HttpResponse:
    __slots__ = ("status", "reason", "headers", "body", "ip", "elapsed")

    def __init__(self, status=200, body="", headers=None, reason=None, ip="", elapsed=0.0):
        self.status, self.body, self.headers = status, body, dict(headers or {})
        self.reason = reason or REASONS.get(status, "")
        self.ip, self.elapsed = ip, elapsed


REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found",
           304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Not Allowed", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
           504: "Gateway Timeout"}


def split_url(url):
    """(scheme, host, port, path) of an http URL; a URL without scheme is http."""
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:  # not a URL at all: its "host" will not resolve
        return "http", url.split("://", 1)[1], 80, "/"
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname or "", port, path


class Network:
    """No network at all (a process outside any cluster). Subclasses route to Services and Pods.

    Every method takes the caller's Context (its pod, its DNS config) and a timeout in seconds."""

    dns_server = "10.96.0.10"

    def resolve(self, ctx, name):
        """IPv4 addresses for `name` (search domains applied), or NetError('bad address')."""
        if name in ("localhost", "127.0.0.1"):
            return ["127.0.0.1"]
        if _is_ip(name):
            return [name]
        raise NetError("bad address")

    def fqdn(self, ctx, name):
        """The fully qualified name `resolve` found (nslookup prints it)."""
        return name

    # Optional: `query(ctx, fqdn, qtype, server=None) -> (rcode, [records], authoritative)` answers one DNS question
    # exactly as CoreDNS would (rcode "NOERROR", "NXDOMAIN"...), asked of `server` (default: the container's first
    # nameserver), or raises NetError('timeout') when that server stays silent; busybox's and BIND's nslookup then
    # print their real, search-domain-by-search-domain output and go on to the next nameserver. Without it
    # nslookup prints the resolved name only.

    # Optional: `ping(ctx, ip) -> (rtt seconds, ttl) or None` answers ICMP echo (ClusterIPs don't).

    def reverse(self, ctx, ip):
        """The PTR name of an address (busybox 1.28's nslookup prints it), or None."""
        return None

    def http(self, ctx, method, url, headers=None, timeout=None):
        """An HttpResponse (its `ip` and `elapsed` filled), or NetError."""
        _, host, port, path = split_url(url)
        ips = self.resolve(ctx, host)
        if ips[0] == "127.0.0.1" and ctx.container is not None:
            return local_http(ctx.container, port, HttpRequest(method, path, headers, "127.0.0.1", host))
        raise NetError("unreachable", ips[0])

    def connect(self, ctx, host, port, timeout=None):
        """The IP reached for a TCP connection, or NetError."""
        ips = self.resolve(ctx, host)
        if ips[0] == "127.0.0.1" and ctx.container is not None and int(port) in ctx.container.listeners:
            return "127.0.0.1"
        raise NetError("refused", ips[0])


def local_http(container, port, request):
    """Deliver an HTTP request to a server listening in `container` (localhost or via the pod IP)."""
    entry = container.listeners.get(int(port))
    if entry is None:
        raise NetError("refused", request.host)
    _, listen = entry
    if listen.http is None:
        raise NetError("reset", request.host)
    response = listen.http(request)
    return response


def _is_ip(text):
    parts = text.split(".")
    return len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts)
