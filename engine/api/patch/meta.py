"""Patch metadata for strategic merge patch: each field's patch strategy and merge key, read from
the v1.32 OpenAPI extensions while walking the schema alongside the document (cached per field)."""
from .. import schema as openapi


class PatchError(Exception):
    """A strategic merge patch failure, worded as apimachinery words it; `kind` picks the HTTP status
    (bad_request: 400, unprocessable: 422, anything else: 500 as an unconverted Go error)."""

    def __init__(self, message, kind="other"):
        super().__init__(message)
        self.kind = kind


_NO_META = (None, (), "")
_cache = {}


def root(resource):
    """The resolved schema of a resource's kind, or None when it has none (or no resource)."""
    if resource is None:
        return None
    name = openapi.definition_for(resource.group, resource.version, resource.kind)
    return openapi.definitions()[name] if name else None


def _struct_name(schema):
    """The Go struct's name (PodSpec) of a definition; only needed for error messages."""
    return next((name.rsplit(".", 1)[-1] for name, definition in openapi.definitions().items()
                 if definition is schema), "")


def _types(schema):
    t = schema.get("type", ())
    return {t} if isinstance(t, str) else set(t)


def _go_kind(schema):
    types = _types(schema)
    if "array" in types:
        return "slice"
    if "object" in types and "additionalProperties" in schema:
        return "map"
    if "string" in types:
        return "string"
    if "boolean" in types:
        return "bool"
    if "integer" in types:
        return "int64"
    return "interface"


def lookup(schema, key, is_slice, client=False):
    """(sub-schema, strategies, merge key) of field `key` of `schema`, for a map value or, with
    is_slice, for the items of a list. Server wording follows Go struct tags, client wording
    kubectl's OpenAPI v3 lookup."""
    cache_key = (id(schema), key, is_slice, client)
    hit = _cache.get(cache_key)
    if hit is None:
        hit = _lookup(schema, key, is_slice, client)
        _cache[cache_key] = hit
    if isinstance(hit, PatchError):
        raise hit
    return hit


def _lookup(schema, key, is_slice, client):
    if schema is None:
        return _NO_META
    props = schema.get("properties")
    if not props:
        if client:
            return PatchError(f'unable to find api field "{key}"')
        kind = _go_kind(schema)
        if kind in ("map", "slice", "string", "bool", "int64"):
            return PatchError(f"merging an object in json but data type is not struct, instead is: {kind}")
        return _NO_META  # free-form objects (RawExtension, preserved unknown fields) merge like JSON
    field = props.get(key)
    if field is None and not client:
        folded = key.casefold()  # encoding/json matches field names case-insensitively
        field = next((v for k, v in props.items() if k.casefold() == folded), None)
    if field is None:
        if client:
            return PatchError(f'unable to find api field "{key}"')
        return PatchError(f'unable to find api field in struct {_struct_name(schema)} for the json field "{key}"')
    strategy = field.get("x-kubernetes-patch-strategy", "")
    strategies = tuple(strategy.split(",")) if strategy else ()
    merge_key = field.get("x-kubernetes-patch-merge-key", "")
    sub = openapi.resolve(field)
    if is_slice:
        if "array" not in _types(sub):
            if client:
                return sub, strategies, merge_key
            return PatchError("expected slice or array type, but got: struct")
        sub = openapi.resolve(sub.get("items") or {})
    return sub, strategies, merge_key


def strategy_of(strategies):
    """(has retainKeys, the other strategy) of a field's strategies, as extractRetainKeysPatchStrategy."""
    if not strategies:
        return False, ""
    if len(strategies) == 1:
        return (True, "") if strategies[0] == "retainKeys" else (False, strategies[0])
    if len(strategies) == 2 and "retainKeys" in strategies:
        return True, strategies[1] if strategies[0] == "retainKeys" else strategies[0]
    raise PatchError(f"unexpected patch strategy: [{' '.join(strategies)}]")


def type_name(schema):
    """LookupPatchMeta.Name(): the Go kind of the schema's type ("struct" for objects)."""
    return "struct"
