"""Turning a patched map back into a typed object, as runtime.DefaultUnstructuredConverter does
after a strategic merge patch: its type errors ("unrecognized type: int32") and unknown fields."""
from .. import schema as openapi
from .meta import _types

_SPECIAL = {"io.k8s.apimachinery.pkg.util.intstr.IntOrString", "io.k8s.apimachinery.pkg.api.resource.Quantity",
            "io.k8s.apimachinery.pkg.apis.meta.v1.Time", "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"}


class ConvertError(Exception):
    pass


def _kind(value):
    """reflect.Kind of a decoded JSON value (ints are kept as int64)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    return "slice" if isinstance(value, list) else "map"


def _scalar_type(schema):
    types = _types(schema)
    if "string" in types:
        return "string"
    if "boolean" in types:
        return "bool"
    if "integer" in types:
        return schema.get("format", "int64") if schema.get("format") in ("int32", "int64") else "int64"
    if "number" in types:
        return "float64"
    return None


def convert(value, schema_ref, unknown, path=""):
    """A copy of `value` as the typed object would serialize it (nulls, and empty optional maps and
    lists, dropped as omitempty does); raise ConvertError on a type error and collect unknown
    field paths in `unknown`. The input is left untouched (error messages quote the patch)."""
    if openapi.ref_name(schema_ref) in _SPECIAL:
        return value
    schema = openapi.resolve(schema_ref)
    if schema.get("x-kubernetes-preserve-unknown-fields") or schema.get("x-kubernetes-embedded-resource"):
        return value
    types = _types(schema)
    props = schema.get("properties")
    if props is not None or ("object" in types and "additionalProperties" not in schema):
        if not isinstance(value, dict):
            raise ConvertError(f"cannot restore struct from: {_kind(value)}")
        return _struct(value, schema, props, unknown, path)
    if "object" in types:
        if not isinstance(value, dict):
            raise ConvertError(f"cannot restore map from {_kind(value)}")
        inner = schema.get("additionalProperties")
        if not isinstance(inner, dict):
            return {k: v for k, v in value.items() if v is not None}
        return {k: convert(v, inner, unknown, f"{path}[{k}]") for k, v in value.items() if v is not None}
    if "array" in types:
        if not isinstance(value, list):
            raise ConvertError(f"cannot restore slice from {_kind(value)}")
        items = schema.get("items", {})
        return [item if item is None else convert(item, items, unknown, f"{path}[{i}]")
                for i, item in enumerate(value)]
    return _convert_scalar(value, _scalar_type(schema))


def _struct(value, schema, props, unknown, path):
    out = {}
    required = schema.get("required", ())
    closed = props is not None or schema.get("additionalProperties") is False
    for key, item in value.items():
        if item is None:
            continue
        field = props.get(key) if props is not None else None
        if field is not None:
            item = convert(item, field, unknown, f"{path}.{key}" if path else key)
            if item in ({}, []) and key not in required and _omits_empty(field):
                continue
        elif closed:
            unknown.append(f"{path}.{key}" if path else key)
        out[key] = item
    return out


def _omits_empty(field):
    """Empty maps and lists vanish from output; empty structs stay."""
    if field is None:
        return False
    target = openapi.resolve(field)
    types = _types(target)
    return "array" in types or ("object" in types and "properties" not in target
                                and "additionalProperties" in target)


def _convert_scalar(value, target):
    if target is None:
        return value
    source = _kind(value)
    numbers = ("int64", "int32", "float64")
    if source == target or (source == "int64" and target in numbers):
        return value
    if source == "float64" and target in numbers:
        if target == "float64":
            return value
        if value == int(value):
            return int(value)
        raise ConvertError(f"cannot convert float64 to {target}")
    if source == "int64" and target == "string":
        raise ConvertError("cannot convert int64 to string")
    raise ConvertError(f"unrecognized type: {target}")
