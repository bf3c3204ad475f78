"""Label and field selectors: the string syntax of `-l`/`--field-selector` and LabelSelector objects.

Requirements are (key, operator, values) with operators =, ==, !=, in, notin, exists, !, Gt, Lt."""
import re

from .errors import bad_request

_TOKEN = re.compile(r"\s*(\(|\)|,|!=|==|=|!|[^\s(),!=]+)")


class SelectorError(ValueError):
    pass


def parse_label_selector(text):
    """Parse `app=web,tier in (a,b),!legacy` into requirements; raise SelectorError like k8s does."""
    text = (text or "").strip()
    if not text:
        return []
    tokens = _TOKEN.findall(text)
    if "".join(tokens) != re.sub(r"\s+", "", text):
        raise SelectorError(f"unable to parse requirement: {text}")
    reqs, i = [], 0

    def take():
        nonlocal i
        i += 1
        return tokens[i - 1] if i - 1 < len(tokens) else None

    while i < len(tokens):
        tok = take()
        if tok == "!":
            key = take()
            _check_key(key)
            reqs.append((key, "!", ()))
        else:
            key = tok
            _check_key(key)
            op = tokens[i] if i < len(tokens) else None
            if op is None or op == ",":
                reqs.append((key, "exists", ()))
            elif op in ("=", "==", "!="):
                i += 1
                value = tokens[i] if i < len(tokens) and tokens[i] != "," else ""
                if value:
                    i += 1
                _check_value(value)
                reqs.append((key, "!=" if op == "!=" else "=", (value,)))
            elif op.lower() in ("in", "notin"):
                i += 1
                if take() != "(":
                    raise SelectorError(f"found '{tokens[i - 1] if i - 1 < len(tokens) else ''}', expected: '('")
                values = []
                while True:
                    tok = take()
                    if tok is None:
                        raise SelectorError("found '', expected: ',' or ')'")
                    if tok == ")":
                        break
                    if tok == ",":
                        continue
                    _check_value(tok)
                    values.append(tok)
                reqs.append((key, op.lower(), tuple(values)))
            else:
                raise SelectorError(f"unable to parse requirement: found '{op}', expected: in, notin, =, ==, !=, gt, lt")
        if i < len(tokens):
            if take() != ",":
                raise SelectorError(f"found '{tokens[i - 1]}', expected: ',' or 'end of string'")
    return reqs


_KEY = re.compile(r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")


def _check_key(key):
    if not key or not _KEY.match(key):
        raise SelectorError(f"unable to parse requirement: invalid label key \"{key}\"")


def _check_value(value):
    if not _VALUE.match(value) or len(value) > 63:
        raise SelectorError(f"unable to parse requirement: invalid label value: \"{value}\"")


def from_label_selector(selector):
    """Requirements of a LabelSelector object ({matchLabels, matchExpressions})."""
    if selector is None:
        return None
    reqs = [(k, "=", (v,)) for k, v in sorted((selector.get("matchLabels") or {}).items())]
    ops = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!"}
    for expr in selector.get("matchExpressions") or []:
        reqs.append((expr["key"], ops.get(expr["operator"], expr["operator"]), tuple(expr.get("values") or ())))
    return reqs


def matches(reqs, labels):
    """True when `labels` satisfy every requirement (None matches nothing, [] everything)."""
    if reqs is None:
        return False
    labels = labels or {}
    for key, op, values in reqs:
        present = key in labels
        value = labels.get(key)
        if op == "=" and not (present and value == values[0]):
            return False
        if op == "!=" and present and value == values[0]:
            return False
        if op == "in" and not (present and value in values):
            return False
        if op == "notin" and present and value in values:
            return False
        if op == "exists" and not present:
            return False
        if op == "!" and present:
            return False
        if op in ("Gt", "Lt"):
            try:
                number, bound = int(value), int(values[0])
            except (TypeError, ValueError):
                return False
            if (op == "Gt" and not number > bound) or (op == "Lt" and not number < bound):
                return False
    return True


def equalities(reqs):
    return [(k, v[0]) for k, op, v in reqs or () if op == "="]


def selector_string(reqs):
    """Requirements back to the canonical string (`app=web,tier in (a,b)`), as kubectl prints selectors."""
    parts = []
    for key, op, values in reqs:
        if op == "=":
            parts.append(f"{key}={values[0]}")
        elif op == "!=":
            parts.append(f"{key}!={values[0]}")
        elif op in ("in", "notin"):
            parts.append(f"{key} {op} ({','.join(sorted(values))})")
        elif op == "exists":
            parts.append(key)
        elif op == "!":
            parts.append(f"!{key}")
        else:
            parts.append(f"{key} {op.lower()} ({values[0]})")
    return ",".join(parts)


# Field selectors: only the fields each kind supports, as the apiserver's field label conversion allows.
DEFAULT_FIELDS = ("metadata.name", "metadata.namespace")
FIELDS = {
    "pods": ("metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
             "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
             "status.nominatedNodeName"),
    "events": ("metadata.name", "metadata.namespace", "involvedObject.kind", "involvedObject.namespace",
               "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
               "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent",
               "source", "type"),
    "nodes": ("metadata.name", "spec.unschedulable"),
    "namespaces": ("metadata.name", "status.phase"),
    "secrets": ("metadata.name", "metadata.namespace", "type"),
    "replicasets": ("metadata.name", "metadata.namespace", "status.replicas"),
    "replicationcontrollers": ("metadata.name", "metadata.namespace", "status.replicas"),
    "jobs": ("metadata.name", "metadata.namespace", "status.successful"),
    "persistentvolumeclaims": ("metadata.name", "metadata.namespace"),
}


def parse_field_selector(text, resource):
    """Parse `status.phase=Running,spec.nodeName!=` for `resource`; BadRequest for unknown fields."""
    reqs = []
    for part in [p for p in (text or "").split(",") if p.strip()]:
        m = re.match(r"^\s*([^=!\s]+)\s*(==|!=|=)\s*(.*?)\s*$", part)
        if not m:
            raise bad_request(f"invalid selector: '{text}'; can't understand '{part}'")
        field, op, value = m.groups()
        allowed = FIELDS.get(resource.plural, DEFAULT_FIELDS)
        if field not in allowed:
            raise bad_request(f'field label not supported: {field}')
        reqs.append((field, "!=" if op == "!=" else "=", value))
    return reqs


def field_value(obj, path):
    value = obj
    for part in path.split("."):
        if not isinstance(value, dict):
            return ""
        value = value.get(part)
        if value is None:
            return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v.get("ip", v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def selectable_field(obj, path):
    """The value a field selector compares (the registry's GetAttrs): an Event's `source` is its component."""
    if path == "source" and isinstance(obj.get("source"), dict):
        return str(obj["source"].get("component") or "")
    return field_value(obj, path)


def fields_match(reqs, obj):
    return attrs_match(reqs, {field: selectable_field(obj, field) for field, _, _ in reqs})


def attrs_match(reqs, attrs):
    """Field requirements against precomputed {field: value} (what the watch cache keeps per object)."""
    for field, op, value in reqs:
        if (op == "=") != (attrs.get(field, "") == value):
            return False
    return True
