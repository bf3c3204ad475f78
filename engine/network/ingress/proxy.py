"""What nginx in a controller pod does with a request on port 80/443: pick the server and location, then proxy
to a ready endpoint of the backend Service (round robin, straight to the pod as ingress-nginx does, not via the
ClusterIP), or answer itself: 404 from the default backend, 503 when the backend has no endpoints."""
import hashlib

from ...node.runtime.images.common import clf_time, http_date
from ...node.runtime.network import HttpRequest, HttpResponse, NetError, local_http
from .pages import REASONS, error_response
from .routes import server_for

SERVICE_NAME_LABEL = "kubernetes.io/service-name"


class Decision:
    """The rule that decided a request: `status` 404/503 when nginx answers itself, else the `endpoint`."""
    __slots__ = ("server", "location", "service", "endpoint", "status", "reason")

    def __init__(self, server, location, service=None, endpoint=None, status=None, reason=""):
        self.server, self.location, self.service = server, location, service
        self.endpoint, self.status, self.reason = endpoint, status, reason

    def rule(self, host, uri):
        where = f"host {host or '-'} (server {self.server.hostname}), path {uri}"
        loc = self.location
        if loc is None or loc.backend is None:
            return f"ingress-nginx: {where}: no Ingress rule matches, default backend: 404 Not Found"
        how = f"{loc.block} ({loc.path_type} of Ingress {loc.ingress})"
        if self.status is not None:
            return f"ingress-nginx: {where}: {how} -> {self.reason}: {self.status} {REASONS[self.status]}"
        ip, port = self.endpoint
        rewrite = loc.rewritten(uri)
        how += f", rewrite to {rewrite}" if rewrite != uri else ""
        return f"ingress-nginx: {where}: {how} -> Service {self.service} -> endpoint {ip}:{port} (round robin)"


def decide(ingress, host, uri):
    servers = ingress.servers()
    if servers is None:
        return None
    server = server_for(servers, host)
    location = server.location(uri.split("?", 1)[0])
    if location is None or location.backend is None:
        return Decision(server, location, status=404)
    namespace = location.ingress.split("/", 1)[0]
    ref = location.backend.get("service") or {}
    service = f"{namespace}/{ref.get('name', '')}"
    port = ref.get("port") or {}
    service_text = f"{service}:{port.get('number', port.get('name', ''))}"
    endpoints, reason = _endpoints(ingress.store, namespace, ref.get("name", ""), port)
    if not endpoints:
        return Decision(server, location, service_text, status=503, reason=reason)
    turn = ingress.turns.get(service_text, -1) + 1
    ingress.turns[service_text] = turn % len(endpoints)
    return Decision(server, location, service_text, endpoints[turn % len(endpoints)])


def _endpoints(store, namespace, name, port):
    """Ready (address, port) pairs of the Service port from its EndpointSlices (getEndpointsFromSlices)."""
    svc = store.services.get(f"{namespace}/{name}")
    if svc is None:
        return [], f"Service {namespace}/{name} does not exist"
    ports = svc["spec"].get("ports") or []
    wanted = next((p for p in ports if ("number" in port and p.get("port") == port["number"])
                   or ("name" in port and p.get("name") == port["name"])), None)
    if wanted is None:
        return [], f"Service {namespace}/{name} has no port {port.get('number', port.get('name'))}"
    found = set()
    for key, eps in store.slices.items():
        if not key.startswith(namespace + "/") or (eps["metadata"].get("labels") or {}).get(SERVICE_NAME_LABEL) != name:
            continue
        numbers = [p.get("port") for p in eps.get("ports") or () if (p.get("name") or "") == (wanted.get("name") or "")
                   and p.get("protocol", "TCP") == "TCP"]
        for endpoint in eps.get("endpoints") or ():
            if (endpoint.get("conditions") or {}).get("ready") is False:
                continue
            for address in endpoint.get("addresses") or ():
                found.update((address, number) for number in numbers if number)
    if not found:
        return [], f"Service {namespace}/{name} has no ready endpoints"
    return sorted(found, key=lambda e: (tuple(int(x) for x in e[0].split(".")), e[1])), ""


def host_of(request):
    for key, value in request.headers.items():
        if key.lower() == "host":
            return value
    return request.host


def serve(ingress, network, ctx, request, port):
    """The answer of the controller pod at ctx to `request` that arrived on `port`, logged as ingress-nginx's
    access log (log-format-upstream) on the container's stdout."""
    host = host_of(request)
    decision = decide(ingress, host, request.path) if ingress.process_at(getattr(ctx.container, "pod_ip", "")) else None
    date = http_date(ctx)
    log = AccessLog(ctx, ingress, request, host)
    if decision is None or decision.status == 404:
        return log.write(error_response(404, date), "upstream-default-backend", "127.0.0.1:8181", 0.0)
    upstream = upstream_name(decision)
    if decision.status is not None:
        return log.write(error_response(decision.status, date), upstream)
    ip, target_port = decision.endpoint
    trace = network.walk(network._source(ctx), ip, target_port)
    if not trace.delivered:
        status = 504 if trace.outcome == "timeout" else 502
        return log.write(error_response(status, date), upstream, f"{ip}:{target_port}", 5.0 if status == 504 else 0.0,
                         upstream_status=status)
    scheme = "https" if port == 443 else "http"
    headers = dict(request.headers, Host=host, **{
        "X-Real-IP": request.remote_addr, "X-Forwarded-For": request.remote_addr, "X-Forwarded-Host": host,
        "X-Forwarded-Port": str(port), "X-Forwarded-Proto": scheme, "X-Forwarded-Scheme": scheme, "X-Scheme": scheme})
    try:
        path = decision.location.rewritten(request.path)
        response = local_http(trace.target, trace.target_port,
                              HttpRequest(request.method, path, headers, trace.remote_addr, host, request.body))
    except NetError:
        return log.write(error_response(502, date), upstream, f"{ip}:{target_port}", 0.0, upstream_status=502)
    headers = {k: v for k, v in response.headers.items() if k not in ("Server", "Date")}  # more_clear_headers Server
    answer = HttpResponse(response.status, response.body, dict({"Date": date}, **headers), response.reason)
    return log.write(answer, upstream, f"{ip}:{target_port}", trace.rtt * 2, upstream_status=response.status)


def upstream_name(decision):
    """ingress-nginx's upstream name: <namespace>-<service>-<port number or name>."""
    namespace = decision.location.ingress.split("/", 1)[0]
    ref = decision.location.backend.get("service") or {}
    port = ref.get("port") or {}
    return f"{namespace}-{ref.get('name', '')}-{port.get('number', port.get('name', ''))}"


class AccessLog:
    """One line of log-format-upstream: `$remote_addr - $remote_user [$time_local] "$request" $status
    $body_bytes_sent "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name]
    [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length $upstream_response_time
    $upstream_status $req_id`."""

    def __init__(self, ctx, ingress, request, host):
        self.ctx, self.request, self.host = ctx, request, host
        ingress.requests += 1
        seed = f"{getattr(ctx.container, 'pod_ip', '')}/{ingress.requests}"
        self.req_id = hashlib.md5(seed.encode()).hexdigest()  # nginx's $request_id: 32 hex digits

    def write(self, response, upstream, address=None, seconds=0.0, upstream_status=None):
        request, headers = self.request, {k.lower(): v for k, v in self.request.headers.items()}
        sent = len(response.body.encode()) if request.method != "HEAD" else 0
        lines = [f"{request.method} {request.path} HTTP/1.1"] + [f"{k}: {v}" for k, v in request.headers.items()]
        if "host" not in headers:
            lines.append(f"Host: {self.host}")
        length = sum(len(line) + 2 for line in lines) + 2 + len(request.body or "")
        tail = (f"{address} {sent} {seconds:.3f} {upstream_status or response.status}" if address else "- - - -")
        self.ctx.out(f'{request.remote_addr} - - [{clf_time(self.ctx)}] "{request.method} {request.path} HTTP/1.1" '
                     f'{response.status} {sent} "{headers.get("referer", "-")}" "{headers.get("user-agent", "-")}" '
                     f"{length} {seconds:.3f} [{upstream}] [] {tail} {self.req_id}\n")
        return response


def follow(ingress, network, trace, host, uri):
    """Continue a trace that reached a controller pod's port 80/443 through nginx's decision and on to the
    endpoint it proxies to."""
    worker = trace.worker
    if worker is None or ingress.process_at(worker.pod_ip) is None:
        return trace
    vertex = trace.hops[-1].vertex
    decision = decide(ingress, host, uri)
    trace.hop(vertex, decision.rule(host, uri.split("?", 1)[0]))
    if decision.status is not None:
        return trace
    from ..network import Source
    source = Source(worker.pod_ip, worker.kl.node_name, worker.key, worker.uid, False)
    ip, port = decision.endpoint
    onward = network.walk(source, ip, port)
    trace.hops.extend(onward.hops)
    trace.outcome, trace.target, trace.worker = onward.outcome, onward.target, onward.worker
    trace.target_port, trace.remote_addr, trace.ttl = onward.target_port, onward.remote_addr, onward.ttl
    trace.rtt += onward.rtt
    return trace
