"""The API server's HTTP face, as `kubectl proxy` reaches it: GET on the REST paths (discovery, /version,
lists and objects with labelSelector/fieldSelector, pods/log) and the proxy subresources of Services and Pods.

POST, PUT, PATCH and DELETE on objects go to the same API calls kubectl makes.
JSON is pretty-printed for curl, Wget and browsers (isPrettyPrint), with <, >, & escaped as Go's encoder does."""
import json
from urllib.parse import parse_qs, unquote, urlsplit

from ..node.runtime.network import HttpResponse, local_http
from . import discovery, managedfields
from .errors import ApiError
from .managedfields import requests_from

META_ORDER = ("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
              "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
              "ownerReferences", "finalizers", "managedFields")
HEALTH = ("/healthz", "/livez", "/readyz")
WRITES = ("POST", "PUT", "PATCH", "DELETE")
BODY_TYPES = ("application/json", "application/yaml")


class HttpApi:
    """`serve(request)` -> HttpResponse for one request; `dial(ip, port)` is the apiserver's own connection
    (a Trace) for the proxy subresources; `rng` picks a Service endpoint as the apiserver does (randomly)."""

    def __init__(self, api, dial, rng):
        self.api, self.dial, self.rng = api, dial, rng

    def serve(self, request):
        authorized = getattr(self.api, "for_request", None)  # a client's view: the authorization filter first
        if authorized is not None:
            try:
                api = authorized(request.method, request.path)
            except ApiError as e:
                query = {k: v[-1] for k, v in parse_qs(urlsplit(request.path).query).items()}
                pretty = _pretty(query, request.headers.get("User-Agent", ""))
                return finish(_json_response(e.code, e.status, pretty), self.api.clock)
            if api is not self.api:
                return HttpApi(api, self.dial, self.rng).serve(request)
        response = self._serve(request)
        if "Date" not in response.headers:  # (a proxied backend's answer keeps its own headers)
            finish(response, self.api.clock)
        return response

    def _serve(self, request):
        parts = urlsplit(request.path)
        path, query = unquote(parts.path), {k: v[-1] for k, v in parse_qs(parts.query).items()}
        pretty = _pretty(query, request.headers.get("User-Agent", ""))
        try:
            proxied = self._proxy_subresource(request, path)
            if proxied is not None:
                return proxied
            if request.method in WRITES:
                code, body = self._write(request, path, query)
                return _json_response(code, body, pretty)
            if path in HEALTH:
                return HttpResponse(200, "ok", _text_headers())
            body = self._get(path, query)
        except ApiError as e:
            return _json_response(e.code, e.status, pretty)
        if body is None:
            return HttpResponse(404, "404 page not found\n", _text_headers())
        if isinstance(body, HttpResponse):
            return body
        if isinstance(body, str):
            return HttpResponse(200, body, _text_headers())
        return _json_response(200, body, pretty)

    # ---- GET
    def _get(self, path, query):
        if path == "/version":
            from ..kubectl.cmd.version import SERVER
            return SERVER
        if path == "/":
            return self._paths()
        if path in ("/api", "/api/"):
            return discovery.api_versions()
        if path in ("/apis", "/apis/"):
            return discovery.api_group_list(self.api.registry)
        words = [w for w in path.split("/") if w]
        if not words or words[0] not in ("api", "apis"):
            return None
        if words[0] == "api":
            if len(words) < 2 or words[1] != "v1":
                return None
            group, version, rest = "", "v1", words[2:]
        else:
            if len(words) == 2:
                return self._group(words[1])
            group, version, rest = words[1], words[2], words[3:]
            extension = self.api.api_services.get(f"{group}/{version}")
            if extension is not None:
                return _aggregated(extension, f"{group}/{version}", rest, query)
        if not rest:
            listing = discovery.api_resource_list(self.api.registry, group, version)
            return listing if listing.get("resources") else None
        return self._resource(group, version, rest, query)

    def _paths(self):
        """GET /: the root paths the server handles (the health checks' per-check sub-paths are not listed)."""
        paths = ["/.well-known/openid-configuration", "/api", "/api/v1", "/apis", "/apis/"]
        for group in discovery.api_group_list(self.api.registry)["groups"]:
            paths.append(f"/apis/{group['name']}")
            paths += [f"/apis/{v['groupVersion']}" for v in group["versions"]]
        paths += ["/healthz", "/livez", "/metrics", "/openapi/v2", "/openapi/v3", "/openapi/v3/", "/openid/v1/jwks",
                  "/readyz", "/version"]
        return {"paths": sorted(paths)}

    # ---- POST (create), PUT (replace), PATCH, DELETE on one resource path
    def _write(self, request, path, query):
        words = [w for w in path.split("/") if w]
        if len(words) < 3 or words[0] not in ("api", "apis") or (words[0] == "api" and words[1] != "v1"):
            raise ApiError(404, "NotFound", "the server could not find the requested resource", {})
        group, version, rest = ("", "v1", words[2:]) if words[0] == "api" else (words[1], words[2], words[3:])
        namespace = None
        if len(rest) >= 3 and rest[0] == "namespaces":
            namespace, rest = rest[1], rest[2:]
        if not rest:
            raise ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                           {})
        resource = self._lookup(group, version, rest[0])
        name = rest[1] if len(rest) > 1 else None
        dry_run = query.get("dryRun") == "All"
        # the field manager: ?fieldManager=, else the user agent's program name (managerOrUserAgent)
        manager = query.get("fieldManager") or request.headers.get("User-Agent", "").split("/", 1)[0] or None
        with requests_from(self.api, manager, force=query.get("force", "").lower() in ("1", "true")):
            return self._write_as(request, resource, name, namespace, dry_run)

    def _write_as(self, request, resource, name, namespace, dry_run):
        if request.method == "DELETE" and name:
            return 200, self._deleted(resource, self.api.delete(resource, name, namespace, dry_run=dry_run))
        if request.method == "POST" and not name:
            return 201, _ordered(self.api.create(resource, self._body(request), namespace, dry_run=dry_run))
        if request.method == "PUT" and name:
            return 200, _ordered(self.api.update(resource, self._body(request), namespace, dry_run=dry_run))
        if request.method == "PATCH" and name:
            patch_type = _content_type(request)
            return 200, _ordered(self.api.patch(resource, name, _parse(request.body, "application/json"), patch_type,
                                                namespace, dry_run=dry_run))
        raise ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {})

    @staticmethod
    def _body(request):
        content_type = _content_type(request)
        if content_type not in BODY_TYPES:
            raise ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted "
                                                        "media types include: application/json, application/yaml, "
                                                        "application/vnd.kubernetes.protobuf")
        return _parse(request.body, content_type)

    @staticmethod
    def _deleted(resource, obj):
        """Pods answer with the object; others with it while it is still there (graceful, finalizers), else a Status."""
        meta = obj.get("metadata") or {}
        if resource.plural == "pods" or meta.get("deletionTimestamp"):
            return _ordered(obj)
        details = {"name": meta.get("name")}
        if resource.group:
            details["group"] = resource.group
        details.update({"kind": resource.plural, "uid": meta.get("uid")})
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "details": details}

    def _group(self, name):
        for group in discovery.api_group_list(self.api.registry)["groups"]:
            if group["name"] == name:
                return dict({"kind": "APIGroup", "apiVersion": "v1"}, **group)
        return None

    def _resource(self, group, version, rest, query):
        namespace = None
        if rest[0] == "namespaces" and len(rest) >= 3:
            namespace, rest = rest[1], rest[2:]
        resource = self._lookup(group, version, rest[0])
        if len(rest) == 1:
            listing = self.api.list(resource, namespace if resource.namespaced else None,
                                    label_selector=query.get("labelSelector"),
                                    field_selector=query.get("fieldSelector"))
            if query.get("watch", "").lower() in ("1", "true"):
                return _watch_stream(listing["items"])
            listing["items"] = [_without_type(item) for item in listing["items"]]
            return _ordered(listing)
        if len(rest) == 2:
            return _ordered(self.api.get(resource, rest[1], namespace))
        if resource.plural == "pods" and rest[2] == "log":
            return self.api.pod_log(rest[1], namespace, query.get("container"),
                                    tail_lines=int(query["tailLines"]) if query.get("tailLines", "").isdigit() else None)
        raise ApiError(404, "NotFound", "the server could not find the requested resource", {})

    def _lookup(self, group, version, plural):
        found = self.api.registry.by_gvr(group, version, plural)
        if found is None:
            raise ApiError(404, "NotFound", "the server could not find the requested resource", {})
        return found

    # ---- services/NAME:PORT/proxy/PATH and pods/NAME:PORT/proxy/PATH
    def _proxy_subresource(self, request, path):
        words = path.split("/")
        # ['', 'api', 'v1', 'namespaces', NS, 'services'|'pods', NAME, 'proxy', ...]
        if len(words) < 8 or words[1:3] != ["api", "v1"] or words[3] != "namespaces" or words[7] != "proxy" \
                or words[5] not in ("services", "pods"):
            return None
        namespace, kind, spec = words[4], words[5], words[6]
        rest = "/" + "/".join(words[8:])
        query = urlsplit(request.path).query
        target = rest + ("?" + query if query else "")
        if kind == "services":
            ip, port = self._service_endpoint(namespace, spec)
        else:
            ip, port = self._pod_address(namespace, spec)
        trace = self.dial(ip, port)
        if not trace.delivered:
            reason = {"refused": "connect: connection refused", "unreachable": "connect: no route to host"}.get(
                trace.outcome, "i/o timeout")
            raise ApiError(503, "ServiceUnavailable", f"error trying to reach service: dial tcp {ip}:{port}: {reason}")
        forwarded = type(request)(request.method, target, request.headers, trace.remote_addr, f"{ip}:{port}",
                                  request.body)
        return local_http(trace.target, trace.target_port, forwarded)

    def _service_endpoint(self, namespace, spec):
        """ResourceLocation of a Service: a random ready endpoint address of the port named (or numbered)."""
        parts = spec.split(":")
        if len(parts) == 3:
            parts = parts[1:]  # "https:name:port": the scheme is not simulated
        name, port_name = parts[0], parts[1] if len(parts) > 1 else ""
        service = self.api.get("services", name, namespace)
        wanted = port_name
        if port_name.isdigit():  # a port number names the Service port declaring it
            numbered = [p for p in service["spec"].get("ports") or () if p.get("port") == int(port_name)]
            if not numbered:
                raise ApiError(503, "ServiceUnavailable", f'no service port {port_name} found for service "{name}"')
            wanted = numbered[0].get("name", "")
        endpoints = self._endpoints(namespace, name)
        choices = []
        for subset in (endpoints or {}).get("subsets") or ():
            for port in subset.get("ports") or ():
                if port.get("name", "") == wanted:
                    choices += [(a["ip"], port["port"]) for a in subset.get("addresses") or ()]
        if not choices:
            raise ApiError(503, "ServiceUnavailable", f'no endpoints available for service "{name}"')
        return choices[self.rng.randrange(len(choices))]

    def _endpoints(self, namespace, name):
        try:
            return self.api.get("endpoints", name, namespace)
        except ApiError:
            return None

    def _pod_address(self, namespace, spec):
        name, _, port = spec.partition(":")
        pod = self.api.get("pods", name, namespace)
        ip = (pod.get("status") or {}).get("podIP")
        if not ip:
            raise ApiError(503, "ServiceUnavailable", "address not allowed")
        return ip, int(port) if port.isdigit() else _named_port(pod, port)


def _aggregated(server, group_version, rest, query):
    """A path of an extension API server (kube-aggregator proxies it): metrics.k8s.io's nodes and pods."""
    if not rest:
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version,
                "resources": discovery.AGGREGATED.get(group_version, [])}
    labels = query.get("labelSelector") or None
    if rest == ["nodes"]:
        return server.list_nodes(label_selector=labels)
    if len(rest) == 2 and rest[0] == "nodes":
        return server.get_node(rest[1])
    if rest == ["pods"]:
        return server.list_pods(label_selector=labels, field_selector=query.get("fieldSelector") or None)
    if len(rest) in (3, 4) and rest[0] == "namespaces" and rest[2] == "pods":
        if len(rest) == 4:
            return server.get_pod(rest[3], rest[1])
        return server.list_pods(rest[1], label_selector=labels, field_selector=query.get("fieldSelector") or None)
    return None


def _named_port(pod, name):
    for container in pod["spec"].get("containers") or ():
        for port in container.get("ports") or ():
            if name and port.get("name") == name:
                return port["containerPort"]
    return 80


def _watch_stream(items):
    """?watch=true: an ADDED event per existing object, one compact JSON line each. The simulated stream ends
    there (a notebook cell cannot wait for Ctrl-C); later changes are not streamed."""
    text = "".join(_compact({"type": "ADDED", "object": _ordered(item)}) for item in items)
    return HttpResponse(200, text, {"Cache-Control": "no-cache, private", "Content-Type": "application/json"})


def _compact(body):
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _content_type(request):
    for key, value in request.headers.items():
        if key.lower() == "content-type":
            return value.split(";", 1)[0].strip()
    return ""


def _parse(text, content_type):
    """A request body as the apiserver decodes it (JSON, or YAML for application/yaml)."""
    try:
        if content_type == "application/yaml":
            import yaml
            return yaml.safe_load(text)
        return json.loads(text)
    except Exception as e:  # (the decoder's own wording is not simulated)
        raise ApiError(400, "BadRequest", f"the object provided is unrecognized: {e}")


def _pretty(query, user_agent):
    """isPrettyPrint: ?pretty= decides, else human clients (curl, Wget, browsers) get indented JSON."""
    if "pretty" in query and query["pretty"]:
        return query["pretty"].lower() in ("1", "t", "true")
    return user_agent.startswith(("curl", "Wget", "Mozilla/5.0"))


def _without_type(item):
    """Items of a typed List carry no kind/apiVersion."""
    return {k: v for k, v in item.items() if k not in ("kind", "apiVersion")}


MANAGED_ORDER = ("manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1", "subresource")


def managed_entry(entry):
    """A ManagedFieldsEntry in its Go field order, its FieldsV1 as structured-merge-diff writes it."""
    if not isinstance(entry, dict):
        return entry
    out = {k: entry[k] for k in MANAGED_ORDER if k in entry}
    if isinstance(out.get("fieldsV1"), dict):
        out["fieldsV1"] = managedfields.ordered(out["fieldsV1"])
    return out


def _ordered(obj):
    """kind, apiVersion, metadata (in ObjectMeta's field order), then the rest: the Go structs' order at the top."""
    out = {k: obj[k] for k in ("kind", "apiVersion") if k in obj}
    meta = obj.get("metadata")
    if meta is not None:
        out["metadata"] = {k: meta[k] for k in META_ORDER if k in meta}
        out["metadata"].update({k: v for k, v in meta.items() if k not in out["metadata"]})
        if isinstance(meta.get("managedFields"), list):
            out["metadata"]["managedFields"] = [managed_entry(e) for e in meta["managedFields"]]
    out.update({k: v for k, v in obj.items() if k not in out})
    if "items" in out:
        out["items"] = [_ordered(item) for item in out["items"]]
    return out


STATUS_ORDER = ("kind", "apiVersion", "metadata", "status", "message", "reason", "details", "code")


def _json_response(code, body, pretty):
    if body.get("kind") == "Status":
        body = {k: body[k] for k in STATUS_ORDER if k in body}
    text = json.dumps(body, indent=2 if pretty else None, separators=None if pretty else (",", ":"),
                      ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
    return HttpResponse(code, text, {"Cache-Control": "no-cache, private", "Content-Type": "application/json"})


def finish(response, clock):
    """The headers Go's net/http server adds: Date, then Content-Length (or chunked for a long body)."""
    response.headers["Date"] = clock.datetime().strftime("%a, %d %b %Y %H:%M:%S GMT")
    size = len(response.body.encode())
    if size < CHUNKING_SIZE:
        response.headers["Content-Length"] = str(size)
    else:
        response.headers["Transfer-Encoding"] = "chunked"
    return response


CHUNKING_SIZE = 4096  # a handler's output that outgrows net/http's buffer is sent chunked


def _text_headers():
    return {"Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff"}
