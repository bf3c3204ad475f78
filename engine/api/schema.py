"""The real v1.32 OpenAPI schemas (shipped by kubernetes-validate) and the apiserver's strict decoding.

Decoding rejects wrong types as Go's JSON decoder words it, then unknown fields (fieldValidation=Strict)."""
import json
import re
from pathlib import Path
from functools import lru_cache
from importlib.util import find_spec

from .errors import bad_request

SCHEMA_VERSION = "v1.32.0"
_REF = "#/$defs/"


@lru_cache(maxsize=1)
def definitions():
    """All definitions of the v1.32 OpenAPI document, keyed by name (io.k8s.api.apps.v1.Deployment)."""
    # find the package's folder without importing it (its __init__ pulls in jsonschema: seconds)
    package = Path(find_spec("kubernetes_validate").submodule_search_locations[0])
    path = package / "kubernetes-json-schema" / f"{SCHEMA_VERSION}-local-strict" / "_definitions.json"
    return json.loads(path.read_text())["$defs"]


@lru_cache(maxsize=1)
def _kinds():
    index = {}
    for name, schema in definitions().items():
        for gvk in schema.get("x-kubernetes-group-version-kind", ()):
            index.setdefault((gvk["group"], gvk["version"], gvk["kind"]), name)
    return index


def definition_for(group, version, kind):
    """The definition name of a top-level kind, found by its x-kubernetes-group-version-kind."""
    return _kinds().get((group, version, kind))


def resolve(schema):
    """Follow a $ref (the shipped schemas use local refs into $defs)."""
    ref = schema.get("$ref")
    if ref:
        return definitions()[ref.rsplit("/", 1)[-1]]
    return schema


def ref_name(schema):
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def go_type(schema):
    """The Go type name Go's JSON errors print for a schema (int32, v1.Container, map[string]string)."""
    name = ref_name(schema)
    if name:
        special = {"io.k8s.apimachinery.pkg.util.intstr.IntOrString": "intstr.IntOrString",
                   "io.k8s.apimachinery.pkg.api.resource.Quantity": "resource.Quantity"}
        if name in special:
            return special[name]
        parts = name.split(".")
        return f"{parts[-2]}.{parts[-1]}"
    types = _types(schema)
    if "array" in types:
        return "[]" + go_type(schema.get("items", {}))
    if "object" in types:
        return "map[string]" + go_type(schema.get("additionalProperties") or {})
    if "integer" in types:
        return schema.get("format", "int64") if schema.get("format") in ("int32", "int64") else "int64"
    if "number" in types:
        return "float64"
    if "boolean" in types:
        return "bool"
    if "string" in types:
        return "[]byte" if schema.get("format") == "byte" else "string"
    return "interface {}"


def _types(schema):
    t = schema.get("type")
    if t is None:
        return set()
    return {t} if isinstance(t, str) else set(t)


def _json_kind(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


class DecodeError(Exception):
    pass


QUANTITY = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")
QUANTITY_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"


class _Decoder:
    def __init__(self):
        self.unknown = []

    def walk(self, value, schema, path, struct, spath):
        """Check `value` against `schema`. `path` is the path Go's type errors print (no list
        indices), `spath` the one strict decoding prints (with [i]), `struct` the Go struct."""
        name = ref_name(schema)
        target = resolve(schema)
        if value is None:
            return
        if name == "io.k8s.apimachinery.pkg.util.intstr.IntOrString":
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                self.type_error(value, path, struct, "intstr.IntOrString")
            return
        if name == "io.k8s.apimachinery.pkg.api.resource.Quantity":
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                self.type_error(value, path, struct, "resource.Quantity")
            if isinstance(value, str) and not QUANTITY.match(value):
                raise DecodeError(QUANTITY_ERROR)
            return
        if target.get("x-kubernetes-preserve-unknown-fields") or target.get("x-kubernetes-embedded-resource"):
            return
        types = _types(target)
        kind = _json_kind(value)
        if "properties" in target or ("object" in types and "additionalProperties" not in target):
            if kind != "object":
                self.type_error(value, path, struct, go_type(schema))
            props = target.get("properties", {})
            inner_struct = name.rsplit(".", 1)[-1] if name else struct
            for key, item in value.items():
                child = f"{path}.{key}" if path else key
                schild = f"{spath}.{key}" if spath else key
                if key in props:
                    self.walk(item, props[key], child, inner_struct, schild)
                elif target.get("additionalProperties") is False:
                    self.unknown.append(schild)
            return
        if "object" in types:
            if kind != "object":
                self.type_error(value, path, struct, go_type(schema))
            item_schema = target.get("additionalProperties")
            if isinstance(item_schema, dict):
                for key, item in value.items():
                    self.walk(item, item_schema, path, struct, f"{spath}[{key}]")
            return
        if "array" in types:
            if kind != "array":
                self.type_error(value, path, struct, go_type(schema))
            for i, item in enumerate(value):
                self.walk(item, target.get("items", {}), path, struct, f"{spath}[{i}]")
            return
        expected = {"integer": "number", "number": "number", "boolean": "bool", "string": "string"}
        allowed = {expected[t] for t in types if t in expected}
        if allowed and kind not in allowed:
            self.type_error(value, path, struct, go_type(schema))
        if "integer" in types and isinstance(value, float) and not value.is_integer():
            self.type_error(value, path, struct, go_type(schema), number=True)

    def type_error(self, value, path, struct, type_name, number=False):
        what = f"number {value}" if number else _json_kind(value)
        where = f"Go struct field {struct}.{path}" if struct else "Go value"
        raise DecodeError(f"json: cannot unmarshal {what} into {where} of type {type_name}")


def decode(obj, resource):
    """Strictly decode `obj` as the apiserver does for `resource`; raise BadRequest on failure."""
    name = definition_for(resource.group, resource.version, resource.kind)
    if name is None:
        return
    decoder = _Decoder()
    prefix = f'{resource.kind} in version "{resource.version}" cannot be handled as a {resource.kind}: '
    try:
        decoder.walk(obj, {"$ref": _REF + name}, "", "", "")
    except DecodeError as e:
        raise bad_request(prefix + str(e)) from None
    if decoder.unknown:
        fields = ", ".join(f'unknown field "{f}"' for f in decoder.unknown)
        raise bad_request(prefix + "strict decoding error: " + fields)


# metav1.Time fields that are values, not pointers, in the Go types: Go writes a zero one as `null`
# (`lastProbeTime: null` in pod conditions, `creationTimestamp: null` in templates); pointer times
# (deletionTimestamp, startTime, ...) are left out when nil.
VALUE_TIMES = {"creationTimestamp", "lastProbeTime", "lastTransitionTime", "lastHeartbeatTime", "lastUpdateTime",
               "firstTimestamp", "lastTimestamp", "eventTime", "startedAt", "finishedAt"}
_TIME_TYPES = {"io.k8s.apimachinery.pkg.apis.meta.v1.Time", "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"}


def drop_nulls(obj, resource):
    """What a decode and re-encode in Go makes of JSON nulls: absent fields, zero values for null
    list items (an empty object in a list of structs), and `null` for value-typed times."""
    name = definition_for(resource.group, resource.version, resource.kind)
    _drop_nulls(obj, {"$ref": _REF + name} if name else {})


def _drop_nulls(value, schema):
    target = resolve(schema) if schema else {}
    if isinstance(value, dict):
        props = target.get("properties", {})
        extra = target.get("additionalProperties") if isinstance(target.get("additionalProperties"), dict) else {}
        for key in [k for k, v in value.items() if v is None]:
            del value[key]
        for key in VALUE_TIMES.intersection(props):
            if key not in value and ref_name(props[key]) in _TIME_TYPES:
                value[key] = None
        for key, item in value.items():
            _drop_nulls(item, props.get(key, extra))
    elif isinstance(value, list):
        item_schema = target.get("items", {}) if target else {}
        item = resolve(item_schema) if item_schema else {}
        zero = next(({"string": "", "integer": 0, "number": 0, "boolean": False}[t] for t in _types(item)
                     if t in ("string", "integer", "number", "boolean")), {})
        for i, entry in enumerate(value):
            if entry is None:
                value[i] = {} if "properties" in item else zero
            else:
                _drop_nulls(entry, item_schema)


def field_schema(resource, path):
    """The schema at a dotted path below a kind (`spec.template.spec.containers`), or None."""
    schema = {"$ref": _REF + definition_for(resource.group, resource.version, resource.kind)}
    for part in [p for p in path.split(".") if p]:
        target = resolve(schema)
        if "array" in _types(target) and "items" in target:
            target = resolve(target["items"])
        props = target.get("properties")
        if not props or part not in props:
            return None
        schema = props[part]
    return schema


def patch_meta(schema):
    """For strategic merge patch: (strategy, merge key, items schema) of a list field's schema."""
    return schema.get("x-kubernetes-patch-strategy", ""), schema.get("x-kubernetes-patch-merge-key"), schema.get("items")
