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
    """Check `value` against the schema; raise ConvertError on a type error, collect unknown
    field paths in `unknown`, and drop nulls (they become Go zero values, omitted on output)."""
    if openapi.ref_name(schema_ref) in _SPECIAL:
        return
    schema = openapi.resolve(schema_ref)
    if schema.get("x-kubernetes-preserve-unknown-fields") or schema.get("x-kubernetes-embedded-resource"):
        return
    types = _types(schema)
    props = schema.get("properties")
    if props is not None or ("object" in types and "additionalProperties" not in schema):
        if not isinstance(value, dict):
            raise ConvertError(f"cannot restore struct from: {_kind(value)}")
        for key in list(value):
            item = value[key]
            if item is None:
                del value[key]
                continue
            child = f"{path}.{key}" if path else key
            if props is not None and key in props:
                convert(item, props[key], unknown, child)
            elif props is not None or schema.get("additionalProperties") is False:
                unknown.append(child)
        return
    if "object" in types:
        if not isinstance(value, dict):
            raise ConvertError(f"cannot restore map from {_kind(value)}")
        inner = schema.get("additionalProperties")
        for key in list(value):
            if value[key] is None:
                del value[key]
            elif isinstance(inner, dict):
                convert(value[key], inner, unknown, f"{path}[{key}]")
        return
    if "array" in types:
        if not isinstance(value, list):
            raise ConvertError(f"cannot restore slice from {_kind(value)}")
        for i, item in enumerate(value):
            if item is not None:
                convert(item, schema.get("items", {}), unknown, f"{path}[{i}]")
        return
    _convert_scalar(value, _scalar_type(schema))


def _convert_scalar(value, target):
    if target is None:
        return
    source = _kind(value)
    numbers = ("int64", "int32", "float64")
    if source == target or (source == "int64" and target in numbers):
        return
    if source == "float64" and target in numbers:
        if target == "float64" or value == int(value):
            return
        raise ConvertError(f"cannot convert float64 to {target}")
    if source == "int64" and target == "string":
        raise ConvertError("cannot convert int64 to string")
    if source in ("map", "slice") and target in numbers + ("string", "bool"):
        raise ConvertError(f"unrecognized type: {target}")
    raise ConvertError(f"unrecognized type: {target}")
