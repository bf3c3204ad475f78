"""`kubectl proxy [--port=PORT] [--address=IP] [--api-prefix=PREFIX]`: an HTTP server on the workstation
that forwards requests to the API server with kubectl's credentials (pkg/proxy: the request filter, the
prefix, `Starting to serve on 127.0.0.1:8001`). It keeps serving after the command returns, as a
background process does, until the cluster is replaced; the API answers through engine/api/http.py."""
import ipaddress
import re

from ...api.http import HttpApi, finish
from ...network.workstation import BindError
from ...node.runtime.network import HttpResponse, NetError
from .. import durations, klog
from ..errors import CmdError
from ..flags import Flag
from . import Command

DEFAULT_PORT = 8001
RESOLVER = "127.0.0.53:53"  # the workstation's stub resolver (systemd-resolved)
HOST_ACCEPT = r"^localhost$,^127\.0\.0\.1$,^\[::1\]$"
PATH_ACCEPT = "^.*"
PATH_REJECT = "^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach"
METHOD_REJECT = "^$"
FLAGS = [
    Flag("www", "w"), Flag("www-prefix", "P", default="/static/"), Flag("api-prefix", default="/"),
    Flag("accept-paths", default=PATH_ACCEPT), Flag("reject-paths", default=PATH_REJECT),
    Flag("accept-hosts", default=HOST_ACCEPT), Flag("reject-methods", default=METHOD_REJECT),
    Flag("port", "p", "int", default=DEFAULT_PORT), Flag("address", default="127.0.0.1"),
    Flag("disable-filter", kind="bool"), Flag("unix-socket", "u"), Flag("keepalive", default="0s"),
    Flag("append-server-path", kind="bool"),
]


def run(ctx):
    opts = ctx.opts
    durations.flag(ctx, "keepalive")  # (pflag's DurationVar fails while parsing; keep-alives are not simulated)
    api_prefix = opts["api-prefix"] if opts["api-prefix"].endswith("/") else opts["api-prefix"] + "/"
    filters = None
    if opts["disable-filter"]:
        if not opts["unix-socket"]:
            ctx.io.error(klog.line(ctx.clock, "W", "proxy.go:177",
                                   "Request filter disabled, your proxy is vulnerable to XSRF attacks, please be cautious"))
    else:
        filters = {name: _regexps(ctx, opts[name]) for name in
                   ("accept-paths", "reject-paths", "accept-hosts", "reject-methods")}
    if opts["port"] != DEFAULT_PORT and opts["unix-socket"]:
        raise CmdError("cannot set --unix-socket and --port at the same time")
    if opts["unix-socket"]:
        raise CmdError("--unix-socket is not simulated: the workstation's proxy listens on TCP only")
    ws = getattr(ctx.kubectl, "workstation", None)
    if ws is None:
        raise CmdError("proxy needs the cluster's workstation (use Cluster.kubectl)")
    server = ProxyServer(ctx.api, ws, api_prefix, filters)
    address, port = opts["address"], opts["port"]
    shown, server.port = _listen(ws, server, address, port)
    ws.start(server)
    ctx.io.write(f"Starting to serve on {shown}:{server.port}\n")
    return 0


def _regexps(ctx, text):
    """MakeRegexpArrayOrDie: comma-separated regular expressions (Go's RE2; Python's re for the simulation)."""
    try:
        return [re.compile(part) for part in text.split(",")] if text else []
    except re.error as e:
        raise CmdError(f"Error compiling re: {e}")


def _listen(ws, server, address, port):
    """net.Listen("tcp", fmt.Sprintf("%s:%d", address, port)) on the workstation, with Go's errors; returns
    (the address Listener.Addr shows, the port)."""
    if address.count(":") > 1 or (address.count(":") == 1 and not address.startswith("[")):
        raise CmdError(f"listen tcp: address {address}:{port}: too many colons in address")
    if not 0 <= port <= 65535:
        raise CmdError(f"listen tcp: address {port}: invalid port")
    ip = address.strip("[]")
    if not _is_ip(ip):
        try:
            ip = ws.resolve(ip)[0]
        except NetError:
            raise CmdError(f"listen tcp: lookup {address} on {RESOLVER}: no such host")
    try:
        port = ws.bind(ip, port, server.serve, server)
    except BindError as e:
        raise CmdError(f"listen tcp {ip}:{port}: {e}")
    return ("[::]" if ip == "0.0.0.0" else ip), port  # (Go listens dual-stack on the IPv4 wildcard)


def _is_ip(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class ProxyServer:
    """The running proxy: the filter, the API prefix, then the API server's answer."""

    def __init__(self, api, ws, api_prefix, filters):
        self.api_prefix, self.filters, self.ws = api_prefix, filters, ws
        self.http = HttpApi(api, ws.apiserver_dial, ws.rng)
        self.port = None

    def check(self):
        """A proxy needs nothing but the API server: it runs until the cluster is replaced."""

    def follow(self, trace, port):
        """The hops of a request to the proxy: kubectl's own HTTPS request to the apiserver."""
        trace.hop("workstation", f"accepted by kubectl proxy on port {port}")
        self.ws.apiserver_hops(trace, "kubectl proxy")
        return trace.end("delivered")

    def serve(self, request):
        path = request.path.split("?", 1)[0]
        if not path.startswith(self.api_prefix) and not (self.api_prefix == "/"):
            return finish(HttpResponse(404, "404 page not found\n", _text_headers()), self.ws.clock)
        if not self.api_prefix.startswith("/api"):  # stripLeaveSlash, outside the filter
            stripped = request.path[len(self.api_prefix):]
            request.path = stripped if stripped.startswith("/") else "/" + stripped
            path = request.path.split("?", 1)[0]
        if self.filters is not None and not self._accept(request.method, path, _host(request.host)):
            return finish(HttpResponse(403, "Forbidden\n", _text_headers()), self.ws.clock)
        return self.http.serve(request)

    def _accept(self, method, path, host):
        f = self.filters
        if _matches(path, f["reject-paths"]) or _matches(method, f["reject-methods"]):
            return False
        return _matches(path, f["accept-paths"]) and _matches(host, f["accept-hosts"])


def _matches(text, regexps):
    return any(r.search(text) for r in regexps)


def _host(header):
    """extractHost: net.SplitHostPort's host ("[::1]:8001" gives "::1"), or the header when it has no port."""
    if header.startswith("[") and "]:" in header:
        return header[1:header.index("]:")]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _text_headers():
    return {"Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff"}


COMMAND = Command("proxy", run, FLAGS)
