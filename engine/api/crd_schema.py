"""A CRD's structural OpenAPI v3 schema at work on custom objects: null dropping, defaulting, pruning
of unknown fields and validation worded as kube-openapi's validator and apiextensions word them."""
import copy
import json
import re

from .errors import FieldError

_TYPE_OF = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object",
            type(None): "null"}
ROOT_FIELDS = ("apiVersion", "kind", "metadata")


def _json_type(value):
    return _TYPE_OF.get(type(value), "object")


def _preserves(schema):
    return bool(schema.get("x-kubernetes-preserve-unknown-fields"))


def _child(schema, key):
    """The schema of an object's member `key`, or None when it is unknown."""
    props = schema.get("properties") or {}
    if key in props:
        return props[key]
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        return extra
    if extra is True:
        return {}
    return None


# ---- nulls and defaults (structuraldefaulting.PruneNonNullableNullsWithoutDefaults, Default)
def drop_nulls(value, schema):
    """Nulls of fields that are neither nullable nor defaulted are dropped."""
    if isinstance(value, dict):
        for key in list(value):
            sub = _child(schema, key)
            if value[key] is None and sub is not None and not sub.get("nullable") and "default" not in sub:
                del value[key]
            elif sub is not None:
                drop_nulls(value[key], sub)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            drop_nulls(item, schema["items"])


def default(value, schema):
    """Fill in `default:` values of absent (or null, when not nullable) properties, top down."""
    if isinstance(value, dict):
        for key, sub in (schema.get("properties") or {}).items():
            if "default" in sub and (key not in value or (value[key] is None and not sub.get("nullable"))):
                value[key] = copy.deepcopy(sub["default"])
        for key, item in value.items():
            sub = _child(schema, key)
            if sub is not None:
                default(item, sub)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            default(item, schema["items"])


# ---- pruning (pruning.PruneWithOptions, ReturnPruned)
def prune(obj, schema):
    """Remove fields the schema does not know; returns their paths (`spec.foo`), sorted."""
    pruned = []
    props = schema.get("properties") or {}
    for key in list(obj):
        if key in ROOT_FIELDS:
            continue
        if key in props or _preserves(schema):
            _prune(obj[key], props.get(key, {}), key, pruned)
        else:
            del obj[key]
            pruned.append(key)
    return sorted(pruned)


def _prune(value, schema, path, pruned):
    if isinstance(value, dict):
        if schema.get("x-kubernetes-embedded-resource"):
            keep = ROOT_FIELDS
        else:
            keep = ()
        for key in list(value):
            sub = _child(schema, key)
            if sub is None and key not in keep and not _preserves(schema):
                del value[key]
                pruned.append(f"{path}.{key}")
            elif sub is not None:
                _prune(value[key], sub, f"{path}.{key}", pruned)
    elif isinstance(value, list):
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        for i, item in enumerate(value):
            _prune(item, items, f"{path}[{i}]", pruned)


# ---- validation (kube-openapi validate, through kubeOpenAPIResultToFieldErrors)
def validate(obj, schema):
    """FieldErrors of `obj` (without apiVersion, kind and metadata) against the schema."""
    errs = []
    body = {k: v for k, v in obj.items() if k not in ROOT_FIELDS}
    root = dict(schema, required=[r for r in schema.get("required") or [] if r not in ROOT_FIELDS])
    root["properties"] = {k: v for k, v in (schema.get("properties") or {}).items() if k not in ROOT_FIELDS}
    _validate(body, root, "", errs)
    return errs


def _name(path):
    return path or "."


def _go_number(n):
    if isinstance(n, float) and n.is_integer():
        return str(int(n))
    return str(n)


def _type_ok(value, schema):
    kind = _json_type(value)
    if schema.get("x-kubernetes-int-or-string"):
        return kind in ("integer", "string")
    wanted = schema.get("type")
    if not wanted:
        return True
    if value is None:
        return bool(schema.get("nullable"))
    if wanted == "number" and kind == "integer":
        return True
    if wanted == "integer" and kind == "number" and float(value).is_integer():
        return True
    return wanted == kind


def _validate(value, schema, path, errs):
    name = path
    if not _type_ok(value, schema):
        wanted = "integer,string" if schema.get("x-kubernetes-int-or-string") else schema.get("type")
        kind = _json_type(value)
        errs.append(FieldError("FieldValueTypeInvalid", path or "<nil>", kind,
                               f'{name} in body must be of type {wanted}: "{kind}"'))
        return
    if value is None:
        return
    if "enum" in schema and value not in schema["enum"]:  # non-string values are listed as their JSON, quoted
        errs.append(FieldError.not_supported(path, value, [e if isinstance(e, str) else json.dumps(e)
                                                           for e in schema["enum"]]))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        _numbers(value, schema, name, path, errs)
    if isinstance(value, str):
        _strings(value, schema, name, path, errs)
    if isinstance(value, list):
        _arrays(value, schema, name, path, errs)
    if isinstance(value, dict):
        _objects(value, schema, path, errs)


def _numbers(value, schema, name, path, errs):
    if "maximum" in schema:
        top, exclusive = schema["maximum"], schema.get("exclusiveMaximum")
        if value > top or (exclusive and value == top):
            word = "less than" if exclusive else "less than or equal to"
            errs.append(FieldError.invalid(path, value, f"{name} in body should be {word} {_go_number(top)}"))
    if "minimum" in schema:
        low, exclusive = schema["minimum"], schema.get("exclusiveMinimum")
        if value < low or (exclusive and value == low):
            word = "greater than" if exclusive else "greater than or equal to"
            errs.append(FieldError.invalid(path, value, f"{name} in body should be {word} {_go_number(low)}"))
    if schema.get("multipleOf") and value % schema["multipleOf"]:
        errs.append(FieldError.invalid(path, value, f"{name} in body should be a multiple of {_go_number(schema['multipleOf'])}"))


def _strings(value, schema, name, path, errs):
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        errs.append(FieldError.too_long(path, schema["maxLength"]))
        if schema["maxLength"] == 1:
            errs[-1].detail = "may not be more than 1 byte"
    if "minLength" in schema and len(value) < schema["minLength"]:
        errs.append(FieldError.invalid(path, value, f"{name} in body should be at least {schema['minLength']} chars long"))
    if "pattern" in schema:
        try:
            found = re.search(schema["pattern"], value)
        except re.error:
            found = True
        if not found:
            errs.append(FieldError.invalid(path, value, f"{name} in body should match '{schema['pattern']}'"))


def _arrays(value, schema, name, path, errs):
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        errs.append(FieldError.too_many(path, len(value), schema["maxItems"]))
    if "minItems" in schema and len(value) < schema["minItems"]:
        errs.append(FieldError.invalid(path, len(value), f"{name} in body should have at least {schema['minItems']} items"))
    items = schema.get("items")
    if isinstance(items, dict):
        for i, item in enumerate(value):
            _validate(item, items, f"{path}[{i}]", errs)


def _objects(value, schema, path, errs):
    prefix = path + "." if path else ""
    for key in schema.get("required") or []:
        if key not in value:
            errs.append(FieldError.required(prefix + key))
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        errs.append(FieldError.too_many(path, len(value), schema["maxProperties"]))
    for key in sorted(value):
        sub = _child(schema, key)
        if sub is not None:
            _validate(value[key], sub, prefix + key, errs)


# ---- the schema itself (structural schema checks of a CRD version)
def structural_errors(schema, path):
    """What apiextensions says of a schema that is not structural (a type missing...)."""
    errs = []
    if not schema.get("type") and not _preserves(schema) and not schema.get("x-kubernetes-int-or-string"):
        errs.append(FieldError.required(path + ".type", "must not be empty at the root"))
    elif schema.get("type") and schema.get("type") != "object":
        errs.append(FieldError.invalid(path + ".type", schema["type"], "must be object at the root"))
    _structural(schema, path, errs)
    return errs


def _structural(schema, path, errs):
    for key, sub in (schema.get("properties") or {}).items():
        if not isinstance(sub, dict):
            continue
        sub_path = f"{path}.properties[{key}]"
        if not sub.get("type") and not _preserves(sub) and not sub.get("x-kubernetes-int-or-string"):
            errs.append(FieldError.required(sub_path + ".type", "must not be empty for specified object fields"))
        _structural(sub, sub_path, errs)
    items = schema.get("items")
    if isinstance(items, dict):
        if not items.get("type") and not _preserves(items) and not items.get("x-kubernetes-int-or-string"):
            errs.append(FieldError.required(path + ".items.type", "must not be empty for specified array items"))
        _structural(items, path + ".items", errs)
    elif schema.get("type") == "array":
        errs.append(FieldError.required(path + ".items", "must be specified"))
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        if schema.get("properties"):
            errs.append(FieldError.forbidden(path + ".additionalProperties", "additionalProperties and properties are mutual exclusive"))
        _structural(extra, path + ".additionalProperties", errs)


def field_schema(schema, path):
    """The schema at a dotted path (`spec.cronSpec`), or None (for kubectl explain)."""
    for part in [p for p in path.split(".") if p]:
        if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
            schema = schema["items"]
        props = schema.get("properties") or {}
        if part not in props:
            return None
        schema = props[part]
    return schema
