"""The serviceaccounts/token subresource (TokenRequest): a JWT-shaped service account token whose
claims are the apiserver's, signed with a fake, deterministic signature (nothing verifies it)."""
import base64
import hashlib
import json
import uuid

from . import errors
from .errors import ApiError, FieldError

ISSUER = "https://kubernetes.default.svc.cluster.local"  # kubeadm's --service-account-issuer, also the audience
KEY_ID = base64.urlsafe_b64encode(hashlib.sha256(b"sa.pub").digest()).decode().rstrip("=")
BOUND_KINDS = {"Pod": "pods", "Secret": "secrets", "Node": "nodes"}


class _TokenRequestKind:
    kind, group = "TokenRequest", "authentication.k8s.io"


def _b64(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def create_token(server, name, namespace, body, dry_run):
    """TokenREST.Create: validate, look up the account (and the bound object), mint the token."""
    body = body or {}
    meta, spec = body.get("metadata") or {}, dict(body.get("spec") or {})
    if meta.get("name") and meta["name"] != name:
        raise errors.invalid(_TokenRequestKind, name, [FieldError.invalid(
            "metadata.name", meta["name"], "must match the service account name if specified")])
    account = server.get("serviceaccounts", name, namespace)
    spec["audiences"] = spec.get("audiences") or [ISSUER]
    spec.setdefault("expirationSeconds", 3600)
    spec.setdefault("boundObjectRef", None)
    seconds = spec["expirationSeconds"]
    field_errors = []
    if seconds < 600:
        field_errors.append(FieldError.invalid("spec.expirationSeconds", seconds,
                                               "may not specify a duration less than 10 minutes"))
    if seconds > 1 << 32:
        field_errors.append(FieldError.invalid("spec.expirationSeconds", seconds,
                                               "may not specify a duration larger than 2^32 seconds"))
    if field_errors:
        raise errors.invalid(_TokenRequestKind, "", field_errors)
    bound = _bound_object(server, name, namespace, spec["boundObjectRef"])
    now = server.clock.now
    request = {"kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
               "metadata": {"name": account["metadata"]["name"], "namespace": namespace,
                            "creationTimestamp": server.clock.timestamp()},
               "spec": {"audiences": spec["audiences"], "expirationSeconds": seconds,
                        "boundObjectRef": spec["boundObjectRef"]}}
    claims = _claims(server, account, spec["audiences"], now, seconds, bound)
    request["status"] = {"token": _sign(claims), "expirationTimestamp": server.clock.timestamp(now + seconds)}
    return request


def _bound_object(server, name, namespace, ref):
    """The object a token is bound to, checked as the apiserver checks it (kind, existence, uid)."""
    if not ref:
        return None
    kind, api_version = ref.get("kind", ""), ref.get("apiVersion", "")
    group, _, version = api_version.rpartition("/")
    if group or kind not in BOUND_KINDS:
        raise errors.bad_request(f"cannot bind token to object of type {group}/{version}, Kind={kind}")
    resource = BOUND_KINDS[kind]
    obj = server.get(resource, ref.get("name", ""), namespace if kind != "Node" else None)
    if kind == "Pod" and obj["spec"].get("serviceAccountName") != name:
        raise errors.bad_request(f'cannot bind token for serviceaccount "{name}" to pod running with different '
                                 "serviceaccount name.")
    uid = obj["metadata"].get("uid", "")
    if ref.get("uid") and ref["uid"] != uid:
        raise ApiError(409, "Conflict", f'Operation cannot be fulfilled on {kind} "{ref.get("name", "")}": '
                                        f'the UID in the bound object reference ({ref["uid"]}) does not match the UID '
                                        "in record. The object might have been deleted and then recreated",
                       {"name": ref.get("name", ""), "kind": kind})
    return kind, obj


def _claims(server, account, audiences, now, seconds, bound):
    issued = int(server.clock.datetime(now).timestamp())
    private = {"namespace": account["metadata"]["namespace"],
               "serviceaccount": {"name": account["metadata"]["name"], "uid": account["metadata"].get("uid", "")}}
    if bound:
        kind, obj = bound
        private[kind.lower()] = {"name": obj["metadata"]["name"], "uid": obj["metadata"].get("uid", "")}
        if kind == "Pod" and obj["spec"].get("nodeName"):
            node = server.get("nodes", obj["spec"]["nodeName"])
            private["node"] = {"name": node["metadata"]["name"], "uid": node["metadata"].get("uid", "")}
    jti = str(uuid.UUID(int=server.rng.getrandbits(128), version=4))
    return {"aud": audiences, "exp": issued + seconds, "iat": issued, "iss": ISSUER, "jti": jti,
            "kubernetes.io": private, "nbf": issued,
            "sub": f"system:serviceaccount:{account['metadata']['namespace']}:{account['metadata']['name']}"}


def _sign(claims):
    header = _b64(json.dumps({"alg": "RS256", "kid": KEY_ID}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())
    digest = hashlib.sha256(f"{header}.{payload}".encode()).digest()
    return f"{header}.{payload}.{_b64(digest * 8)}"  # an RS256 signature is 256 bytes long
