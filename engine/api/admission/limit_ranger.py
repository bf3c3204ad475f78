"""LimitRanger: containers get the default requests and limits of their namespace's LimitRanges
(recorded in the kubernetes.io/limit-ranger annotation), then must fit each range's min, max and
maxLimitRequestRatio; claims must fit the PersistentVolumeClaim ranges."""
from .common import forbidden
from .quantity import QuantityError, parse, parse_list
from .quota_usage import pod_requests_limits

ANNOTATION = "kubernetes.io/limit-ranger"


class LimitRanger:
    def __init__(self, server):
        self.server = server

    def _supports(self, operation, resource, old):
        if operation not in ("CREATE", "UPDATE") or resource.group != "":
            return False
        if resource.kind == "Pod":
            # containers cannot change after create, so pod updates are not checked
            return operation == "CREATE"
        if resource.kind != "PersistentVolumeClaim":
            return False
        return not (old and old["metadata"].get("deletionTimestamp"))

    def _ranges(self, obj):
        return self.server.list("limitranges", obj["metadata"].get("namespace"))["items"]

    def admit(self, operation, resource, obj, old, dry_run):
        if not self._supports(operation, resource, old) or resource.kind != "Pod":
            return
        for limit_range in self._ranges(obj):
            set_defaults(obj, limit_range)

    def validate(self, operation, resource, obj, old, dry_run):
        if not self._supports(operation, resource, old):
            return
        for limit_range in self._ranges(obj):
            problems = pod_problems(obj, limit_range) if resource.kind == "Pod" else claim_problems(obj, limit_range)
            if problems:
                body = problems[0] if len(problems) == 1 else "[" + ", ".join(problems) + "]"
                raise forbidden(resource, obj, old, body)


def _container_defaults(limit_range):
    requests, limits = {}, {}
    for item in (limit_range.get("spec") or {}).get("limits") or []:
        if item.get("type") == "Container":
            requests.update(item.get("defaultRequest") or {})
            limits.update(item.get("default") or {})
    return requests, limits


def set_defaults(pod, limit_range):
    default_requests, default_limits = _container_defaults(limit_range)
    notes = []
    spec = pod.get("spec") or {}
    for field, label in (("containers", "container"), ("initContainers", "init container")):
        for container in spec.get(field) or []:
            resources = container.setdefault("resources", {})
            limits = resources.setdefault("limits", {})
            requests = resources.setdefault("requests", {})
            set_limits = sorted(k for k in default_limits if k not in limits)
            set_requests = sorted(k for k in default_requests if k not in requests)
            for k in set_limits:
                limits[k] = default_limits[k]
            for k in set_requests:
                requests[k] = default_requests[k]
            if set_requests:
                notes.append(", ".join(set_requests) + f" request for {label} {container.get('name')}")
            if set_limits:
                notes.append(", ".join(set_limits) + f" limit for {label} {container.get('name')}")
            if not limits:
                del resources["limits"]
            if not requests:
                del resources["requests"]
    if notes:
        pod["metadata"].setdefault("annotations", {})[ANNOTATION] = "LimitRanger plugin set: " + "; ".join(notes)


def _values(request, limit, enforced):
    """requestLimitEnforcedValues: compare in thousandths (values are exact here)."""
    return (request.value if request else 0), (limit.value if limit else 0), enforced.value


def min_problem(kind, name, enforced, requests, limits):
    req, lim = requests.get(name), limits.get(name)
    r, l, e = _values(req, lim, enforced)
    if req is None:
        return f"minimum {name} usage per {kind} is {enforced}.  No request is specified"
    if r < e:
        return f"minimum {name} usage per {kind} is {enforced}, but request is {req}"
    if lim is not None and l < e:
        return f"minimum {name} usage per {kind} is {enforced}, but limit is {lim}"
    return None


def max_problem(kind, name, enforced, requests, limits):
    req, lim = requests.get(name), limits.get(name)
    r, l, e = _values(req, lim, enforced)
    if lim is None:
        return f"maximum {name} usage per {kind} is {enforced}.  No limit is specified"
    if l > e:
        return f"maximum {name} usage per {kind} is {enforced}, but limit is {lim}"
    if req is not None and r > e:
        return f"maximum {name} usage per {kind} is {enforced}, but request is {req}"
    return None


def max_request_problem(kind, name, enforced, requests):
    req = requests.get(name)
    if req is None:
        return f"maximum {name} usage per {kind} is {enforced}.  No request is specified"
    if req.value > enforced.value:
        return f"maximum {name} usage per {kind} is {enforced}, but request is {req}"
    return None


def ratio_problem(kind, name, enforced, requests, limits):
    req, lim = requests.get(name), limits.get(name)
    if req is None or req.milli_value() == 0:
        return f"{name} max limit to request ratio per {kind} is {enforced}, but no request is specified or request is 0"
    if lim is None or lim.milli_value() == 0:
        return f"{name} max limit to request ratio per {kind} is {enforced}, but no limit is specified or limit is 0"
    ratio = lim.milli_value() / req.milli_value()
    if ratio * 1000 > enforced.milli_value():
        return f"{name} max limit to request ratio per {kind} is {enforced}, but provided ratio is {ratio:f}"
    return None


def _quantities(item, field):
    out = {}
    for key, value in sorted((item.get(field) or {}).items()):
        try:
            out[key] = parse(value)
        except QuantityError:
            continue
    return out


def _check(kind, item, requests, limits, problems):
    for name, enforced in _quantities(item, "min").items():
        problems.append(min_problem(kind, name, enforced, requests, limits))
    for name, enforced in _quantities(item, "max").items():
        problems.append(max_problem(kind, name, enforced, requests, limits))
    for name, enforced in _quantities(item, "maxLimitRequestRatio").items():
        problems.append(ratio_problem(kind, name, enforced, requests, limits))


def pod_problems(pod, limit_range):
    problems = []
    spec = pod.get("spec") or {}
    containers = list(spec.get("containers") or []) + list(spec.get("initContainers") or [])
    for item in (limit_range.get("spec") or {}).get("limits") or []:
        if item.get("type") == "Container":
            for c in containers:
                res = c.get("resources") or {}
                _check("Container", item, parse_list(res.get("requests")), parse_list(res.get("limits")), problems)
        elif item.get("type") == "Pod":
            requests, limits = pod_requests_limits(spec)
            _check("Pod", item, requests, limits, problems)
    return [p for p in problems if p]


def claim_problems(claim, limit_range):
    problems = []
    requests = parse_list(((claim.get("spec") or {}).get("resources") or {}).get("requests"))
    for item in (limit_range.get("spec") or {}).get("limits") or []:
        if item.get("type") != "PersistentVolumeClaim":
            continue
        for name, enforced in _quantities(item, "min").items():
            problems.append(min_problem("PersistentVolumeClaim", name, enforced, requests, {}))
        for name, enforced in _quantities(item, "max").items():
            problems.append(max_request_problem("PersistentVolumeClaim", name, enforced, requests))
    return [p for p in problems if p]
