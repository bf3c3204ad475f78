"""The review APIs (pkg/registry/authentication/*, pkg/registry/authorization/*): TokenReview,
SelfSubjectReview, SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview and
SelfSubjectRulesReview are create-only, never stored: the answer comes back in the created object's status."""
from . import errors, rbac
from .errors import ApiError, FieldError

GROUPS = ("authentication.k8s.io", "authorization.k8s.io")
LOOPBACK = {"username": "system:apiserver", "groups": ["system:authenticated", "system:masters"]}  # its own client
ALL_RULES = ({"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}, {"verbs": ["*"], "nonResourceURLs": ["*"]})


def create(server, resource, obj, namespace, user):
    """POST of a review by `user` (whom SelfSubject* reviews are about): the review with its status."""
    if not isinstance(obj, dict):
        raise errors.bad_request("the body of the request was in an unknown format - accepted media types include: "
                                 "application/json, application/yaml")
    kind, api_version = obj.get("kind"), obj.get("apiVersion")
    if (kind, api_version) != (resource.kind, resource.api_version):
        raise errors.bad_request(f'{kind} in version "{api_version}" cannot be handled as a {resource.kind}: '
                                 f'no kind "{kind}" is registered for version "{api_version}"')
    review = {"kind": resource.kind, "apiVersion": resource.api_version,
              "metadata": dict(obj.get("metadata") or {}, creationTimestamp=None)}
    spec = dict(obj.get("spec") or {})
    return HANDLERS[resource.kind](server, resource, review, spec, namespace, user)


def _token_review(server, resource, review, spec, namespace, user):
    from .authorization import authenticate
    if not spec.get("token"):
        raise errors.bad_request("token is required for TokenReview in authentication")
    review["spec"] = spec
    try:
        found = authenticate(server, token=spec["token"])
    except ApiError:
        found = None
    if found is None or found["username"] == "system:anonymous":
        review["status"] = {"user": {}}
    else:
        review["status"] = {"authenticated": True, "user": _user_info(found),
                            "audiences": [_issuer()]}
    return review


def _issuer():
    from .tokenrequest import ISSUER
    return ISSUER


def _self_subject_review(server, resource, review, spec, namespace, user):
    review["metadata"] = {"creationTimestamp": server.clock.timestamp()}
    review["status"] = {"userInfo": _user_info(user)}
    return review


def _user_info(user):
    return {k: user[k] for k in ("username", "uid", "groups", "extra") if user.get(k)}


def _attributes_problems(spec, local=False):
    """ValidateSubjectAccessReviewSpec and its self/local variants."""
    problems = []
    resource, non_resource = spec.get("resourceAttributes"), spec.get("nonResourceAttributes")
    if resource is not None and non_resource is not None:
        problems.append(FieldError.invalid("spec.nonResourceAttributes", non_resource,
                                           "cannot be specified in combination with resourceAttributes"))
    if local and non_resource is not None:
        problems.append(FieldError.invalid("spec.nonResourceAttributes", non_resource,
                                           "disallowed on this kind of request"))
    if resource is None and non_resource is None:
        problems.append(FieldError.invalid("spec.resourceAttributes", "null",
                                           "exactly one of nonResourceAttributes or resourceAttributes must be specified"))
    return problems


def _attrs(spec):
    """AuthorizationAttributesFrom: what the authorizer is asked."""
    if spec.get("resourceAttributes") is not None:
        a = spec["resourceAttributes"]
        return {"verb": a.get("verb", ""), "group": a.get("group", ""), "resource": a.get("resource", ""),
                "subresource": a.get("subresource", ""), "name": a.get("name", ""), "namespace": a.get("namespace", "")}
    a = spec.get("nonResourceAttributes") or {}
    return {"verb": a.get("verb", ""), "path": a.get("path", "")}


def _decide(server, review, spec, who):
    allowed, reason = rbac.decide(server, who, _attrs(spec))
    review["spec"] = spec
    review["status"] = {"allowed": allowed} if not reason else {"allowed": allowed, "reason": reason}
    return review


def _subject_access_review(server, resource, review, spec, namespace, user, local=False):
    problems = _attributes_problems(spec, local)
    if not spec.get("user") and not spec.get("groups"):
        problems.append(FieldError.invalid("spec.user", spec.get("user", ""), "at least one of user or group must be specified"))
    if problems:
        raise errors.invalid(resource, "", problems)
    who = {"username": spec.get("user", ""), "groups": list(spec.get("groups") or []), "extra": spec.get("extra") or {}}
    return _decide(server, review, spec, who)


def _local_subject_access_review(server, resource, review, spec, namespace, user):
    namespace = namespace or review["metadata"].get("namespace") or ""
    if not namespace:
        raise errors.bad_request("namespace is required on this type: ")
    review["metadata"]["namespace"] = namespace
    if (spec.get("resourceAttributes") or {}).get("namespace", "") != namespace:
        raise errors.bad_request(f"spec.resourceAttributes.namespace must match namespace: {namespace}")
    return _subject_access_review(server, resource, review, spec, namespace, user, local=True)


def _self_subject_access_review(server, resource, review, spec, namespace, user):
    problems = _attributes_problems(spec)
    if problems:
        raise errors.invalid(resource, "", problems)
    return _decide(server, review, spec, user)


def _self_subject_rules_review(server, resource, review, spec, namespace, user):
    if not spec.get("namespace"):
        raise errors.bad_request("no namespace on request")
    rules = list(ALL_RULES) if rbac.PRIVILEGED_GROUP in user["groups"] else []
    rules += rbac.rules_for(server, user, spec["namespace"])
    review["spec"] = {}
    review["status"] = {
        "resourceRules": [{k: list(r[k]) for k in ("verbs", "apiGroups", "resources", "resourceNames") if r.get(k)}
                          for r in rules if r.get("resources")],
        "nonResourceRules": [{k: list(r[k]) for k in ("verbs", "nonResourceURLs") if r.get(k)}
                             for r in rules if r.get("nonResourceURLs")],
        "incomplete": False}
    return review


HANDLERS = {"TokenReview": _token_review, "SelfSubjectReview": _self_subject_review,
            "SubjectAccessReview": _subject_access_review, "LocalSubjectAccessReview": _local_subject_access_review,
            "SelfSubjectAccessReview": _self_subject_access_review, "SelfSubjectRulesReview": _self_subject_rules_review}
