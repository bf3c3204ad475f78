"""API errors as the apiserver returns them: `Status` objects with reason, code and details.

Field errors carry apimachinery's wording (`spec.selector: Required value`)."""
import json


class ApiError(Exception):
    """An error response from the API server; `status` is the Status object in its JSON shape."""

    def __init__(self, code, reason, message, details=None):
        super().__init__(message)
        self.status = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                       "message": message, "reason": reason, "code": code}
        if details is not None:
            self.status["details"] = details
        if not reason:
            del self.status["reason"]

    code = property(lambda self: self.status["code"])
    reason = property(lambda self: self.status.get("reason", ""))
    message = property(lambda self: self.status["message"])
    details = property(lambda self: self.status.get("details"))

    def with_message(self, message):
        """A copy whose message is replaced (kubectl prefixes `error when creating "f.yaml": `)."""
        copy = ApiError(self.code, self.reason, message, json.loads(json.dumps(self.details)) if self.details else None)
        return copy


def _details(resource, name):
    details = {"name": name, "kind": resource.plural}
    if resource.group:
        details["group"] = resource.group
    return details


def not_found(resource, name):
    return ApiError(404, "NotFound", f'{resource.full_name} "{name}" not found', _details(resource, name))


def already_exists(resource, name):
    return ApiError(409, "AlreadyExists", f'{resource.full_name} "{name}" already exists', _details(resource, name))


def conflict(resource, name, why="the object has been modified; please apply your changes to the latest version and try again"):
    return ApiError(409, "Conflict", f'Operation cannot be fulfilled on {resource.full_name} "{name}": {why}',
                    _details(resource, name))


def forbidden(resource, name, why):
    quoted = f' "{name}"' if name else ""
    return ApiError(403, "Forbidden", f"{resource.full_name}{quoted} is forbidden: {why}", _details(resource, name))


def bad_request(message):
    return ApiError(400, "BadRequest", message)


def method_not_allowed(message="the server does not allow this method on the requested resource"):
    return ApiError(405, "MethodNotAllowed", message, {})


def expired(message):
    return ApiError(410, "Expired", message)


def etcd_unavailable(message="etcdserver: request timed out"):
    """An etcd error the apiserver does not recognise: ErrorToAPIStatus makes it a 500 with no reason."""
    return ApiError(500, "", message)


def internal(message):
    return ApiError(500, "InternalError", f"Internal error occurred: {message}",
                    {"causes": [{"message": message}]})


def invalid(resource, name, field_errors):
    """422 Invalid with one cause per field error, named `Kind.group "name"` as the apiserver does."""
    qualified = f"{resource.kind}.{resource.group}" if resource.group else resource.kind
    texts = list(dict.fromkeys(str(e) for e in field_errors))  # the aggregate drops repeated messages
    body = texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]"
    details = {"name": name, "kind": resource.kind, "causes": [e.cause() for e in field_errors]}
    if resource.group:
        details["group"] = resource.group
    return ApiError(422, "Invalid", f'{qualified} "{name}" is invalid: {body}', details)


# Field errors, worded as k8s.io/apimachinery/pkg/util/validation/field/errors.go words them.
_TYPES = {
    "FieldValueNotFound": "Not found",
    "FieldValueRequired": "Required value",
    "FieldValueDuplicate": "Duplicate value",
    "FieldValueInvalid": "Invalid value",
    "FieldValueNotSupported": "Unsupported value",
    "FieldValueForbidden": "Forbidden",
    "FieldValueTooLong": "Too long",
    "FieldValueTooMany": "Too many",
    "InternalError": "Internal error",
    "FieldValueTypeInvalid": "Invalid value",
}

_OMIT = object()


class GoRaw(str):
    """A value already rendered as Go prints it (e.g. `intstr.IntOrString{Type:0, IntVal:0, StrVal:""}`)."""


def go_quote(text):
    """Go's strconv.Quote: printable Unicode kept, other runes escaped."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in "\a\b\f\n\r\t\v":
            out.append({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}[ch])
        elif code < 0x20 or code == 0x7f:
            out.append(f"\\x{code:02x}")
        elif code >= 0x80 and not ch.isprintable():
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def go_value(value):
    """A value as Go's %#v / %v prints it in field errors (strings quoted, maps as Go maps)."""
    if isinstance(value, GoRaw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        inner = ", ".join(f"{go_quote(k)}:{go_quote(v)}" for k, v in sorted(value.items()))
        return "map[string]string{" + inner + "}"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "[]string{" + ", ".join(go_quote(v) for v in value) + "}"
    return json.dumps(value, separators=(",", ":"))


class FieldError:
    """One validation failure at a field path, e.g. FieldError.required("spec.selector")."""

    def __init__(self, type_, field, value=_OMIT, detail=""):
        self.type, self.field, self.value, self.detail = type_, field, value, detail

    def body(self):
        """The message without the field path (what a Status cause's message holds)."""
        text = _TYPES[self.type]
        if self.type in ("FieldValueRequired", "FieldValueForbidden", "FieldValueTooLong", "InternalError"):
            return f"{text}: {self.detail}" if self.detail else text
        if self.type == "FieldValueTooMany":
            return f"{text}: {self.value}: {self.detail}" if self.detail else text
        parts = [text]
        if self.value is not _OMIT:
            parts.append(go_value(self.value))
        if self.detail:
            parts.append(self.detail)
        return ": ".join(parts)

    def __str__(self):
        return f"{self.field}: {self.body()}"  # Go prints ": body" for the root path too

    __repr__ = __str__

    def cause(self):
        return {"reason": self.type, "message": self.body(), "field": self.field}

    @classmethod
    def required(cls, field, detail=""):
        return cls("FieldValueRequired", field, detail=detail)

    @classmethod
    def invalid(cls, field, value, detail=""):
        return cls("FieldValueInvalid", field, value, detail)

    @classmethod
    def not_supported(cls, field, value, supported):
        detail = "supported values: " + ", ".join(json.dumps(s) for s in supported) if supported else ""
        return cls("FieldValueNotSupported", field, value, detail)

    @classmethod
    def duplicate(cls, field, value):
        return cls("FieldValueDuplicate", field, value)

    @classmethod
    def forbidden(cls, field, detail):
        return cls("FieldValueForbidden", field, detail=detail)

    @classmethod
    def not_found(cls, field, value):
        return cls("FieldValueNotFound", field, value)

    @classmethod
    def too_long(cls, field, max_length):
        return cls("FieldValueTooLong", field, detail=f"may not be more than {max_length} bytes")

    @classmethod
    def too_many(cls, field, actual, max_items):
        return cls("FieldValueTooMany", field, actual, f"must have at most {max_items} items")
