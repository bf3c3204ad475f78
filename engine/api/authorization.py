"""Who asks and may they: the apiserver's authenticators (x509 client certificates, service account
tokens, anonymous), its impersonation filter, and `AuthorizingView`, the server as one user's requests see it.

Components talk to the APIServer directly as their system users; kubectl talks through a view, which
checks each request with the RBAC authorizer first (the Forbidden error names the user, verb and resource
as the apiserver's ForbiddenStatusError does) and passes the server's warnings to the client."""
import base64
import hashlib
import json
from datetime import timezone
from urllib.parse import parse_qs, unquote, urlsplit

from . import certificates, componentstatus, errors, rbac, reviews, warnings
from .errors import ApiError
from .tokenrequest import ISSUER, _b64

ADMIN = {"username": "kubernetes-admin", "groups": ["kubeadm:cluster-admins", "system:authenticated"]}
ANONYMOUS = {"username": "system:anonymous", "groups": ["system:unauthenticated"]}
CREDENTIAL_ID = "authentication.kubernetes.io/credential-id"
CN, O = bytes.fromhex("550403"), bytes.fromhex("55040a")
SA_PREFIX = "system:serviceaccount:"
API_PREFIXES, GROUPLESS_PREFIXES = ("api", "apis"), ("api",)
METHOD_VERBS = {"POST": "create", "GET": "get", "HEAD": "get", "PUT": "update", "PATCH": "patch", "DELETE": "delete"}


def unauthorized():
    return ApiError(401, "Unauthorized", "Unauthorized")


# ---- authentication
def authenticate(server, certificate=None, token=None):
    """The user a request's credentials prove (a PEM client certificate, a bearer token), anonymous
    without any; bad or expired ones are 401 Unauthorized, as kube-apiserver's union authenticator answers."""
    if certificate:
        user = _x509_user(server, certificate)
        if user is not None:
            return user
    if token:
        user = _token_user(server, token)
        if user is not None:
            return user
    if certificate or token:
        raise unauthorized()
    return dict(ANONYMOUS)


def _x509_user(server, pem):
    """CommonNameUserConversion: CN is the user, each O a group, for a certificate the cluster CA issued
    that is valid now; kubeadm's admin.conf certificate is the admin's."""
    from ..kubectl.kubeconfig import fake_pem  # (the simulated admin.conf certificate is not DER)
    admin = fake_pem("CERTIFICATE", "admin", 24)
    if pem == base64.b64decode(admin).decode():
        return admin_user(admin)
    from ..controllers import csrsigning  # the DER reading the signer also does
    try:
        der = csrsigning._pem_der(pem, "CERTIFICATE")
        tbs = csrsigning._elements(csrsigning._elements(der)[0][2])[0][2]
        fields = csrsigning._elements(tbs)
        issuer, validity, subject = fields[3][1], fields[4][2], fields[5][2]
        not_before, not_after = (csrsigning._parse_time(t) for t in csrsigning._elements(validity))
    except (ValueError, IndexError, TypeError, AttributeError):
        return None
    now = server.clock.datetime().replace(tzinfo=timezone.utc)
    if issuer != csrsigning._ca()["subject"] or not not_before <= now <= not_after:
        return None
    names, groups = [], []
    for _, _, rdn in csrsigning._elements(subject):
        for _, _, pair in csrsigning._elements(rdn):
            oid, value = (e[2] for e in csrsigning._elements(pair)[:2])
            if oid == CN:
                names.append(value.decode("utf-8", "replace"))
            elif oid == O:
                groups.append(value.decode("utf-8", "replace"))
    if not names or not names[0]:
        return None
    return {"username": names[0], "groups": groups + ["system:authenticated"],
            "extra": {CREDENTIAL_ID: [f"X509SHA256={hashlib.sha256(der).hexdigest()}"]}}


def admin_user(certificate_data):
    """kubeadm's admin (admin.conf): kubernetes-admin in kubeadm:cluster-admins, which cluster-admin is bound to."""
    pem = base64.b64decode(certificate_data).decode()
    der = base64.b64decode("".join(line for line in pem.splitlines() if not line.startswith("-----")))
    return dict(ADMIN, groups=list(ADMIN["groups"]),
                extra={CREDENTIAL_ID: [f"X509SHA256={hashlib.sha256(der).hexdigest()}"]})


def _token_user(server, token):
    """A service account token the TokenRequest API minted (its signature, issuer, expiry, and the account and
    bound object still there with their uids): the account's user with its groups and the token's claims as extra."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, TypeError):
        return None
    if parts[2] != _b64(hashlib.sha256(f"{parts[0]}.{parts[1]}".encode()).digest() * 8):
        return None
    now = server.clock.datetime().timestamp()
    private = claims.get("kubernetes.io") or {}
    if claims.get("iss") != ISSUER or not claims.get("nbf", 0) <= now < claims.get("exp", 0):
        return None
    namespace, account = private.get("namespace", ""), private.get("serviceaccount") or {}
    if not _still_there(server, "serviceaccounts", account, namespace):
        return None
    extra = {CREDENTIAL_ID: [f"JTI={claims.get('jti', '')}"]}
    for kind in ("node", "pod"):  # (sorted keys: node-name, node-uid, pod-name, pod-uid)
        bound = private.get(kind)
        if bound:
            if kind == "pod" and not _still_there(server, "pods", bound, namespace):
                return None
            extra[f"authentication.kubernetes.io/{kind}-name"] = [bound["name"]]
            extra[f"authentication.kubernetes.io/{kind}-uid"] = [bound["uid"]]
    return {"username": claims.get("sub", ""), "uid": account.get("uid", ""),
            "groups": ["system:serviceaccounts", f"system:serviceaccounts:{namespace}", "system:authenticated"],
            "extra": extra}


def _still_there(server, resource, ref, namespace):
    try:
        obj = server.get(resource, ref.get("name", ""), namespace)
    except ApiError:
        return False
    return obj["metadata"].get("uid") == ref.get("uid")


# ---- impersonation
def impersonate(server, requestor, name, groups=(), uid=""):
    """WithImpersonation: the requestor needs `impersonate` on each of the user (or service account), the
    groups and the uid; the new user gets its groups (a service account's fixed ones when none are given)."""
    requests = []
    if name.startswith(SA_PREFIX) and name.count(":") == 3:
        _, _, namespace, account = name.split(":")
        requests.append({"resource": "serviceaccounts", "namespace": namespace, "name": account, "group": ""})
    else:
        requests.append({"resource": "users", "namespace": "", "name": name, "group": ""})
    requests += [{"resource": "groups", "namespace": "", "name": g, "group": ""} for g in groups]
    if uid:  # (a UID is of authentication.k8s.io's kinds)
        requests.append({"resource": "uids", "namespace": "", "name": uid, "group": "authentication.k8s.io"})
    for request in requests:
        attrs = dict(request, verb="impersonate", subresource="")
        allowed, reason = rbac.decide(server, requestor, attrs)
        if not allowed:
            raise forbidden(requestor, attrs, reason)
    user = rbac.impersonated(name, groups)
    if uid:
        user["uid"] = uid
    return user


# ---- authorization
def forbidden(user, attrs, reason=""):
    """ForbiddenStatusError: `pods "x" is forbidden: User "jane" cannot get resource "pods" in API group ""
    in the namespace "default"` (with the authorizer's reason after a colon when it gave one)."""
    if "path" in attrs:
        message = f'forbidden: User "{user["username"]}" cannot {attrs["verb"]} path "{attrs["path"]}"'
        return ApiError(403, "Forbidden", message + (f": {reason}" if reason else ""), {})
    resource = attrs["resource"] + (f"/{attrs['subresource']}" if attrs.get("subresource") else "")
    scope = f'in the namespace "{attrs["namespace"]}"' if attrs.get("namespace") else "at the cluster scope"
    why = (f'User "{user["username"]}" cannot {attrs["verb"]} resource "{resource}" in API group '
           f'"{attrs.get("group", "")}" {scope}') + (f": {reason}" if reason else "")
    qualified = attrs["resource"] + (f".{attrs['group']}" if attrs.get("group") else "")
    name = attrs.get("name", "")
    message = f'{qualified} "{name}" is forbidden: {why}' if name else f"{qualified} is forbidden: {why}"
    return ApiError(403, "Forbidden", message, {"name": name, "group": attrs.get("group", ""),
                                                 "kind": attrs["resource"]} if name else
                    {"group": attrs.get("group", ""), "kind": attrs["resource"]})


def request_attributes(method, url):
    """RequestInfoFactory.NewRequestInfo: what the authorizer is asked about an HTTP request. A path outside
    /api/VERSION/... and /apis/GROUP/VERSION/... is a non-resource request ({"verb", "path"}, the verb the
    lowercased method); a resource request's verb comes from the method (a GET without a name is a list, or
    a watch with ?watch=true; a DELETE without one a deletecollection) or from the deprecated /watch/ and
    /proxy/ path prefixes."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    words = [w for w in path.strip("/").split("/")] if path.strip("/") else []
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    plain = {"verb": method.lower(), "path": path}
    if len(words) < 3 or words[0] not in API_PREFIXES:
        return plain
    prefix, words = words[0], words[1:]
    group = ""
    if prefix not in GROUPLESS_PREFIXES:
        if len(words) < 3:
            return plain
        group, words = words[0], words[1:]
    words = words[1:]  # the version
    verb, by_path = METHOD_VERBS.get(method.upper(), ""), words[0] in ("proxy", "watch")
    if by_path:
        verb, words = words[0], words[1:]
    namespace = ""
    if words and words[0] == "namespaces" and len(words) > 1:
        namespace = words[1]
        if len(words) > 2 and words[2] not in ("status", "finalize"):
            words = words[2:]
    resource = words[0] if words else ""
    name = words[1] if len(words) > 1 else ""
    subresource = words[2] if len(words) > 2 and verb != "proxy" else ""
    if not name and verb == "get":
        verb = "watch" if query.get("watch", "").lower() not in ("", "false", "0") else "list"
        selector = query.get("fieldSelector", "")
        if selector.startswith("metadata.name=") and "," not in selector:
            name = selector.split("=", 1)[1].lstrip("=")
    if not name and verb == "delete":
        verb = "deletecollection"
    return {"verb": verb, "group": group, "resource": resource, "subresource": subresource, "name": name,
            "namespace": namespace}


class AuthorizingView:
    """The API server as one client sees it: the same methods, each request authorized for `user` (unless
    the user is in system:masters) and the server's warnings for it handed to `warn(text)`. `user` may be a
    function, called at the first request (authentication and impersonation happen then). A `trusted` view is
    one HTTP request's after the authorization filter passed it (`for_request`): its handlers run unchecked,
    as the apiserver's own storage and proxy code does."""

    def __init__(self, server, user, warn=None, trusted=False):
        self._server, self._user, self._warn, self._trusted = server, user, warn, trusted

    def __getattr__(self, name):  # registry, resource, clock, rng, store, node_connections ...
        return getattr(self._server, name)

    @property
    def user(self):
        if callable(self._user):
            self._user = self._user()
        return self._user

    def _check(self, verb, ref, namespace, name="", subresource=""):
        resource = self._server.resource(ref)
        if not subresource and verb not in resource.verbs:
            raise errors.method_not_allowed()  # (no such route: create-only reviews, bindings)
        if resource.kind == "ComponentStatus" and self._warn is not None:  # the deprecated-API filter's warning
            self._warn(componentstatus.DEPRECATION)
        if self._trusted:
            return
        user = self.user
        if rbac.PRIVILEGED_GROUP in user["groups"]:
            return
        namespace = (namespace or ("default" if verb not in ("list", "watch", "deletecollection") else "")) \
            if resource.namespaced else ""
        self.authorize({"verb": verb, "group": resource.group, "resource": resource.plural,
                        "subresource": subresource, "name": name or "", "namespace": namespace})

    def authorize(self, attrs):
        """Forbidden unless this view's user may do `attrs` (RBAC's request attributes)."""
        if self._trusted:
            return
        user = self.user
        if rbac.PRIVILEGED_GROUP in user["groups"]:
            return
        allowed, reason = rbac.decide(self._server, user, attrs)
        if not allowed:
            raise forbidden(user, attrs, reason)

    def for_request(self, method, url):
        """WithAuthorization for one HTTP request (kubectl proxy, get --raw): Forbidden unless its RequestInfo is
        allowed; then the view its handlers use."""
        if self._trusted:
            return self
        self.authorize(request_attributes(method, url))
        return AuthorizingView(self._server, self.user, self._warn, trusted=True)

    def upgrade(self, subresource, name, namespace=None):
        """The streaming upgrade of pods/exec, attach or portforward as kubectl v1.32 makes it: a WebSocket
        (a GET: `get` on the subresource lets it through) and, when that upgrade fails, SPDY (a POST:
        `create`), whose Forbidden error is the one kubectl reports."""
        try:
            self._check("get", "pods", namespace, name, subresource)
        except ApiError as e:
            if e.code != 403:
                raise
            self._check("create", "pods", namespace, name, subresource)

    @property
    def api_services(self):
        """The extension API servers behind the aggregator, asked as this user (metrics.k8s.io for top)."""
        services = self._server.api_services
        if self._trusted:
            return services
        return {gv: AggregatedView(self, gv.split("/")[0], server) for gv, server in services.items()}

    def _warn_create(self, created):
        if self._warn is not None and isinstance(created, dict) and created.get("metadata"):
            for text in warnings.on_create(created):
                self._warn(text)
        return created

    def _old(self, resource, name, namespace, subresource):
        """The object before an update, when the update may warn (the server compares them)."""
        if self._warn is None or subresource or resource.kind not in warnings.WARNED_KINDS:
            return None
        try:
            return self._server.get(resource, name, namespace)
        except ApiError:
            return None

    def _warn_update(self, updated, old):
        if old is not None and isinstance(updated, dict):
            for text in warnings.on_update(updated, old):
                self._warn(text)
        return updated

    # reads
    def get(self, ref, name, namespace=None):
        self._check("get", ref, namespace, name)
        return self._server.get(ref, name, namespace)

    def list(self, ref, namespace=None, label_selector=None, field_selector=None):
        self._check("list", ref, namespace)
        return self._server.list(ref, namespace, label_selector, field_selector)

    def watch(self, ref, handler, namespace=None, *args, **kwargs):
        self._check("watch", ref, namespace)
        return self._server.watch(ref, handler, namespace, *args, **kwargs)

    def table(self, ref, namespace=None, label_selector=None, field_selector=None, name=None, **kwargs):
        self._check("get" if name is not None else "list", ref, namespace, name or "")
        return self._server.table(ref, namespace, label_selector, field_selector, name, **kwargs)

    def get_scale(self, ref, name, namespace=None):
        self._check("get", ref, namespace, name, "scale")
        return self._server.get_scale(ref, name, namespace)

    # writes
    def create(self, ref, obj, namespace=None, dry_run=False, subresource=None, name=None):
        resource = self._server.resource(ref)
        meta = ((obj.get("metadata") or {}) if isinstance(obj, dict) else {})
        if resource.group in reviews.GROUPS and not subresource:
            self._check("create", resource, namespace or meta.get("namespace"))
            return reviews.create(self._server, resource, obj, namespace, self.user)
        self._check("create", resource, namespace or meta.get("namespace"), name if subresource else "", subresource or "")
        with certificates.requested_by(self.user):
            created = self._server.create(resource, obj, namespace, dry_run, subresource, name)
        return created if subresource else self._warn_create(created)

    def update(self, ref, obj, namespace=None, subresource=None, dry_run=False):
        resource = self._server.resource(ref)
        meta = (obj.get("metadata") or {}) if isinstance(obj, dict) else {}
        self._check("update", resource, namespace or meta.get("namespace"), meta.get("name", ""), subresource or "")
        old = self._old(resource, meta.get("name", ""), namespace or meta.get("namespace"), subresource)
        return self._warn_update(self._server.update(resource, obj, namespace, subresource, dry_run), old)

    def patch(self, ref, name, patch, patch_type="application/strategic-merge-patch+json", namespace=None,
              subresource=None, dry_run=False):
        resource = self._server.resource(ref)
        self._check("patch", resource, namespace, name, subresource or "")
        old = self._old(resource, name, namespace, subresource)
        with certificates.requested_by(self.user):  # (an apply patch may create)
            patched = self._server.patch(resource, name, patch, patch_type, namespace, subresource, dry_run)
        return self._warn_update(patched, old)

    def update_scale(self, ref, name, scale, namespace=None, dry_run=False):
        self._check("update", ref, namespace, name, "scale")
        return self._server.update_scale(ref, name, scale, namespace, dry_run)

    def delete(self, ref, name, namespace=None, *args, **options):
        self._check("delete", ref, namespace, name)
        return self._server.delete(ref, name, namespace, *args, **options)

    def delete_collection(self, ref, namespace=None, *args, **options):
        self._check("deletecollection", ref, namespace)
        return self._server.delete_collection(ref, namespace, *args, **options)

    # pods' connect subresources
    def pod_log(self, name, namespace=None, *args, **kwargs):
        self._check("get", "pods", namespace, name, "log")
        return self._server.pod_log(name, namespace, *args, **kwargs)

    def pod_exec(self, name, command, namespace=None, *args, **kwargs):
        self.upgrade("exec", name, namespace)
        return self._server.pod_exec(name, command, namespace, *args, **kwargs)

    def pod_attach(self, name, namespace=None, *args, **kwargs):
        self.upgrade("attach", name, namespace)
        return self._server.pod_attach(name, namespace, *args, **kwargs)



class AggregatedView:
    """An extension API server (the metrics server) as one user's requests reach it through the aggregator."""

    CALLS = {"get_pod": ("get", "pods"), "list_pods": ("list", "pods"), "get_node": ("get", "nodes"),
             "list_nodes": ("list", "nodes")}

    def __init__(self, view, group, server):
        self._view, self._group, self._server = view, group, server

    def __getattr__(self, name):
        call = getattr(self._server, name)
        if name not in self.CALLS:
            return call
        verb, resource = self.CALLS[name]

        def checked(*args, **kwargs):
            names = dict(zip(("name", "namespace") if verb == "get" else ("namespace",), args), **kwargs)
            namespace = (names.get("namespace") or "") if resource == "pods" else ""
            self._view.authorize({"verb": verb, "group": self._group, "resource": resource, "subresource": "",
                                  "name": names.get("name", "") if verb == "get" else "", "namespace": namespace})
            return call(*args, **kwargs)
        return checked
