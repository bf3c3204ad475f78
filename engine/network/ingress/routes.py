"""How ingress-nginx turns Ingresses into nginx `server` and `location` blocks, and how nginx picks one for a
request: the server by Host (exact name, then the longest `*.` wildcard, else the catch-all `_`), then the
location by path (an `=` exact location first, else the longest prefix). When one of a server's Ingresses asks
for nginx.ingress.kubernetes.io/rewrite-target or use-regex, every location of that server is a
case-insensitive regex `~* "^path"`, tried in reverse order of their paths, and rewrite-target replaces the
whole URI."""
import re

CATCH_ALL = "_"
ROOT = "/"
REWRITE = "nginx.ingress.kubernetes.io/rewrite-target"
USE_REGEX = "nginx.ingress.kubernetes.io/use-regex"


class Location:
    """One nginx location: `exact` for `location = /path`, else a plain prefix (or a regex, `regex`). `backend` is
    the Ingress backend ({"service": {...}}), or None for the controller's default backend (404)."""
    __slots__ = ("path", "exact", "path_type", "ingress", "backend", "default", "rewrite", "use_regex", "regex")

    def __init__(self, path, exact, path_type, ingress, backend, default=False, rewrite=None, use_regex=False):
        self.path, self.exact, self.path_type = path, exact, path_type
        self.ingress, self.backend, self.default = ingress, backend, default
        self.rewrite, self.use_regex = (rewrite if rewrite != path else None), use_regex
        self.regex = False  # set when the server's locations are regexes

    def matches(self, uri):
        if self.regex:
            try:
                return re.match(self.path, uri, re.IGNORECASE) is not None
            except re.error:
                return False
        return uri == self.path if self.exact else uri.startswith(self.path)

    def rewritten(self, uri):
        """`rewrite "(?i)<path>" <target> break;`: the whole URI becomes the target, $1.. its captures."""
        if self.rewrite is None:
            return uri
        path, _, query = uri.partition("?")
        try:
            found = re.search(self.path, path, re.IGNORECASE)
        except re.error:
            return uri
        if found is None:
            return uri

        def capture(m):
            number = int(m.group(1))
            return (found.group(number) or "") if number <= len(found.groups()) else ""
        return re.sub(r"\$(\d)", capture, self.rewrite) + ("?" + query if query else "")

    @property
    def block(self):
        if self.regex:
            return f'location ~* "^{self.path}"'
        return f"location = {self.path}" if self.exact else f"location {self.path}"


class Server:
    __slots__ = ("hostname", "locations")

    def __init__(self, hostname, root):
        self.hostname, self.locations = hostname, [root]

    def add(self, location):
        for i, loc in enumerate(self.locations):
            if loc.path == location.path and loc.exact == location.exact:
                if loc.default:  # a rule's path replaces the server's default root location
                    self.locations[i] = location
                return  # else the oldest Ingress keeps the path
        self.locations.append(location)

    def finish(self):
        """enforceRegexModifier: one location wanting a regex makes all of the server's regexes, which nginx
        tries in the order ingress-nginx writes them (paths sorted in reverse)."""
        if any(loc.rewrite or loc.use_regex for loc in self.locations):
            self.locations.sort(key=lambda loc: loc.path, reverse=True)
            for loc in self.locations:
                loc.regex = True

    def location(self, uri):
        if self.locations[0].regex:
            return next((loc for loc in self.locations if loc.matches(uri)), None)
        for loc in self.locations:
            if loc.exact and loc.path == uri:
                return loc
        found = [loc for loc in self.locations if not loc.exact and loc.matches(uri)]
        return max(found, key=lambda loc: len(loc.path)) if found else None


def _key(ing):
    meta = ing["metadata"]
    return f"{meta['namespace']}/{meta['name']}"


def _default_backend(ing):
    backend = ing["spec"].get("defaultBackend")
    return backend if backend and backend.get("service") else None


def build(ingresses):
    """{hostname: Server} for the Ingresses of the controller's class, oldest first (as the controller sorts them)."""
    ordered = sorted(ingresses, key=lambda i: (i["metadata"].get("creationTimestamp") or "", _key(i)))
    servers = {CATCH_ALL: Server(CATCH_ALL, Location(ROOT, False, "Prefix", None, None, default=True))}
    for ing in ordered:
        backend, rules = _default_backend(ing), ing["spec"].get("rules") or []
        root = servers[CATCH_ALL].locations[0]
        if backend and not rules and root.default and root.backend is None:  # an Ingress with only a backend
            servers[CATCH_ALL].locations[0] = Location(ROOT, False, "Prefix", _key(ing), backend)
        for rule in rules:
            host = rule.get("host") or CATCH_ALL
            if host not in servers:
                servers[host] = Server(host, Location(ROOT, False, "Prefix", _key(ing), backend, default=True))
    for ing in ordered:
        for rule in ing["spec"].get("rules") or []:
            server = servers[rule.get("host") or CATCH_ALL]
            for path in (rule.get("http") or {}).get("paths") or []:
                for loc in _locations(path, _key(ing), ing["metadata"].get("annotations") or {}):
                    server.add(loc)
    for server in servers.values():
        server.finish()
    return servers


def _locations(path, ingress, annotations):
    """A Prefix path /foo is `location /foo/` plus `location = /foo` (ingress-nginx's updateServerLocations,
    which leaves paths with a rewrite or use-regex alone); Exact is `location = /foo`; ImplementationSpecific is
    nginx's own `location /foo` (a string prefix)."""
    text, kind, backend = path.get("path") or ROOT, path.get("pathType"), path.get("backend")
    extra = {"rewrite": annotations.get(REWRITE) or None, "use_regex": annotations.get(USE_REGEX) == "true"}
    if kind == "Exact":
        return [Location(text, True, kind, ingress, backend, **extra)]
    if kind == "Prefix" and text != ROOT and not (extra["rewrite"] and extra["rewrite"] != text) \
            and not extra["use_regex"]:
        prefix = text if text.endswith("/") else text + "/"
        return [Location(prefix, False, kind, ingress, backend, **extra),
                Location(text, True, kind, ingress, backend, **extra)]
    return [Location(text, False, kind, ingress, backend, **extra)]


def server_for(servers, host):
    """The server nginx picks for a Host header (port and case dropped)."""
    host = (host or "").split(":", 1)[0].lower().rstrip(".")
    if host in servers and host != CATCH_ALL:
        return servers[host]
    wildcards = [name for name in servers if name.startswith("*.") and host.endswith(name[1:])]
    if wildcards:
        return servers[max(wildcards, key=len)]
    return servers[CATCH_ALL]
