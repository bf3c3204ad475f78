"""The real v1.32 OpenAPI schemas (shipped by kubernetes-validate) and the apiserver's strict decoding.

Decoding rejects wrong types as Go's JSON decoder words it, then unknown fields (fieldValidation=Strict)."""
import copy
import json
import re
from pathlib import Path
from functools import lru_cache
from importlib.util import find_spec

from . import gobase64
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
        self.reencoded = []  # (keys, text): []byte values Go would encode differently from how they came

    def walk(self, value, schema, path, struct, spath):
        """Check `value` against `schema`. `path` is the path Go's type errors print (no list
        indices), `spath` the one strict decoding prints (with [i]), `struct` the Go struct."""
        if value is not None:
            self._walk(value, _compiled(schema), (None, path, spath), struct)

    def _walk(self, value, node, trail, struct):
        # `trail` is (parent trail, "f"/"k"/"i", key): the path strings are only built for an error
        mode = node[0]
        if mode == _STRUCT:
            if not isinstance(value, dict):
                self.type_error(value, trail, struct, go_type(node[1]))
            _, _, props, closed, inner_struct, kids = node
            inner_struct = inner_struct or struct
            for key, item in value.items():
                kid = kids.get(key)
                if kid is None:
                    if key in props:
                        kid = kids[key] = _compiled(props[key])
                    else:
                        if closed:
                            self.unknown.append(_paths((trail, "f", key))[1])
                        continue
                if item is None or (kid[0] == _SCALAR and item.__class__ in kid[4]):
                    continue  # a well-typed scalar: nothing more to check
                self._walk(item, kid, (trail, "f", key), inner_struct)
        elif mode == _SCALAR:
            kind = _json_kind(value)
            allowed = node[2]
            if allowed and kind not in allowed:
                self.type_error(value, trail, struct, go_type(node[1]))
            if node[3] and isinstance(value, float) and not value.is_integer():
                self.type_error(value, trail, struct, go_type(node[1]), number=True)
            if node[3] and value.__class__ is int and not -(1 << (node[5] - 1)) <= value < 1 << (node[5] - 1):
                self.type_error(value, trail, struct, go_type(node[1]), number=True)
            if node[6] and value.__class__ is str:
                self.base64(value, trail)
        elif mode == _ARRAY:
            if not isinstance(value, list):
                self.type_error(value, trail, struct, go_type(node[1]))
            kid = _compiled(node[2])
            for i, item in enumerate(value):
                if item is not None:
                    self._walk(item, kid, (trail, "i", i), struct)
        elif mode == _MAP:
            if not isinstance(value, dict):
                self.type_error(value, trail, struct, go_type(node[1]))
            if node[2] is not None:
                kid = _compiled(node[2])
                for key, item in value.items():
                    if item is not None and not (kid[0] == _SCALAR and item.__class__ in kid[4]):
                        self._walk(item, kid, (trail, "k", key), struct)
        elif mode == _INT_OR_STRING:
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                self.type_error(value, trail, struct, "intstr.IntOrString")
        elif mode == _QUANTITY:
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                self.type_error(value, trail, struct, "resource.Quantity")
            if isinstance(value, str) and not QUANTITY.match(value):
                raise DecodeError(QUANTITY_ERROR)

    def base64(self, value, trail):
        offset = gobase64.corrupt_offset(value)
        if offset is not None:
            raise DecodeError(f"illegal base64 data at input byte {offset}")
        canonical = gobase64.reencoded(value)
        if canonical != value:
            self.reencoded.append((_keys(trail), canonical))

    def type_error(self, value, trail, struct, type_name, number=False):
        path = _paths(trail)[0] if isinstance(trail, tuple) else trail
        what = f"number {value}" if number else _json_kind(value)
        where = f"Go struct field {struct}.{path}" if struct else "Go value"
        raise DecodeError(f"json: cannot unmarshal {what} into {where} of type {type_name}")


def _keys(trail):
    keys = []
    while trail[0] is not None:
        keys.append(trail[2])
        trail = trail[0]
    return keys[::-1]


def _paths(trail):
    """(path, spath) of a walk's trail, as the recursive walk used to format them."""
    steps = []
    while trail[0] is not None:
        steps.append(trail)
        trail = trail[0]
    path, spath = trail[1], trail[2]
    for _, how, key in reversed(steps):
        if how == "f":
            path = f"{path}.{key}" if path else key
            spath = f"{spath}.{key}" if spath else key
        else:
            spath = f"{spath}[{key}]"
    return path, spath


_NONE, _INT_OR_STRING, _QUANTITY, _STRUCT, _MAP, _ARRAY, _SCALAR = range(7)
_EXPECTED = {"integer": "number", "number": "number", "boolean": "bool", "string": "string"}
_COMPILED = {}  # id(schema) or ("$ref", name) -> (schema, node); schemas are the definitions' own dicts


def _compiled(schema):
    """What the walk needs of a schema, worked out once: (mode, ...)."""
    key = ("$ref", schema["$ref"]) if len(schema) == 1 and "$ref" in schema else id(schema)
    hit = _COMPILED.get(key)
    if hit is not None and (hit[0] is schema or key.__class__ is tuple):
        return hit[1]
    node = _compile(schema)
    _COMPILED[key] = (schema, node)
    return node


def _compile(schema):
    name = ref_name(schema)
    target = resolve(schema)
    if name == "io.k8s.apimachinery.pkg.util.intstr.IntOrString":
        return (_INT_OR_STRING, schema)
    if name == "io.k8s.apimachinery.pkg.api.resource.Quantity":
        return (_QUANTITY, schema)
    if target.get("x-kubernetes-preserve-unknown-fields") or target.get("x-kubernetes-embedded-resource"):
        return (_NONE, schema)
    types = _types(target)
    if "properties" in target or ("object" in types and "additionalProperties" not in target):
        inner_struct = name.rsplit(".", 1)[-1] if name else None
        return (_STRUCT, schema, target.get("properties", {}), target.get("additionalProperties") is False,
                inner_struct, {})
    if "object" in types:
        item_schema = target.get("additionalProperties")
        return (_MAP, schema, item_schema if isinstance(item_schema, dict) else None)
    if "array" in types:
        return (_ARRAY, schema, target.get("items", {}))
    allowed = {_EXPECTED[t] for t in types if t in _EXPECTED}
    # Python classes that pass every check at once (a float for an integer needs a closer look)
    # (an int for an integer field needs its range checked, so ints take the slow path there too)
    fast = {"string": {str}, "bool": {bool}, "number": {int, float} if "integer" not in types else set()}
    classes = set().union(*(fast[kind] for kind in allowed)) if allowed else {str, bool, int, float, list, dict}
    bits = 32 if target.get("format") == "int32" else 64
    base64 = target.get("format") == "byte"  # a []byte: every string needs its base64 checked
    return (_SCALAR, schema, allowed, "integer" in types, frozenset() if base64 else frozenset(classes), bits, base64)


def decode(obj, resource):
    """Strictly decode `obj` as the apiserver does for `resource`; raise BadRequest on failure.
    Returns the (keys, text) of []byte values that a re-encode writes differently (see `reencode`)."""
    name = definition_for(resource.group, resource.version, resource.kind)
    if name is None:
        return
    decoder = _Decoder()
    prefix = f'{resource.kind} in version "{resource.version}" cannot be handled as a {resource.kind}: '
    try:
        decoder.walk(obj, _root(name), "", "", "")
    except DecodeError as e:
        raise bad_request(prefix + str(e)) from None
    if decoder.unknown:
        fields = ", ".join(f'unknown field "{f}"' for f in decoder.unknown)
        raise bad_request(prefix + "strict decoding error: " + fields)
    return decoder.reencoded


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


def reencode(obj, reencoded):
    """Write the []byte values `decode` found as Go re-encodes them (newlines gone, padding bits zero)."""
    for keys, text in reencoded:
        parent = obj
        for key in keys[:-1]:
            parent = parent[key]
        parent[keys[-1]] = text


def copy_without_nulls(obj, resource):
    """A deep copy of `obj` with what `drop_nulls` does to it, in one pass (the write path's copy)."""
    name = definition_for(resource.group, resource.version, resource.kind)
    return _copy_drop(obj, _drop_plan(_root(name) if name else _NO_SCHEMA), {})


@lru_cache(maxsize=None)
def _root(name):
    return {"$ref": _REF + name}


_DROP = {}  # as _COMPILED, for _copy_drop
_NO_SCHEMA = {}


def _drop_plan(schema):
    """What `_drop_nulls` works out for a schema, once: [props, extra, value times, items schema,
    items are structs, zero item, plans of the fields, plan of the items]."""
    key = ("$ref", schema["$ref"]) if len(schema) == 1 and "$ref" in schema else id(schema)
    hit = _DROP.get(key)
    if hit is not None and (hit[0] is schema or key.__class__ is tuple):
        return hit[1]
    target = resolve(schema) if schema else {}
    props = target.get("properties", {})
    extra = target.get("additionalProperties") if isinstance(target.get("additionalProperties"), dict) else {}
    times = [key for key in VALUE_TIMES.intersection(props) if ref_name(props[key]) in _TIME_TYPES]
    item_schema = target.get("items", {}) if target else {}
    item = resolve(item_schema) if item_schema else {}
    zero = next(({"string": "", "integer": 0, "number": 0, "boolean": False}[t] for t in _types(item)
                 if t in ("string", "integer", "number", "boolean")), {})
    plan = [props, extra, times, item_schema, "properties" in item, zero, {}, None]
    _DROP[key] = (schema, plan)
    return plan


_ATOMS = frozenset((str, int, float, bool, type(None)))


def _copy_drop(value, plan, memo):
    cls = value.__class__
    if cls is dict:
        done = memo.get(id(value))
        if done is not None:
            return done
        props, extra, times, _, _, _, kids, _ = plan
        out = memo[id(value)] = {}
        for key, item in value.items():
            if item is None:
                continue
            if item.__class__ in _ATOMS:
                out[key] = item
                continue
            kid = kids.get(key)
            if kid is None:
                kid = kids[key] = _drop_plan(props.get(key, extra))
            out[key] = _copy_drop(item, kid, memo)
        for key in times:
            if key not in out:
                out[key] = None
        return out
    if cls is list:
        done = memo.get(id(value))
        if done is not None:
            return done
        kid = plan[7]
        if kid is None:
            kid = plan[7] = _drop_plan(plan[3])
        struct_items, zero = plan[4], plan[5]
        out = memo[id(value)] = []
        for entry in value:
            if entry is None:
                out.append({} if struct_items else zero)
            else:
                out.append(entry if entry.__class__ in _ATOMS else _copy_drop(entry, kid, memo))
        return out
    if cls in _ATOMS:
        return value
    # anything else (subclasses, tuples): as deepcopy then drop_nulls would leave it
    copied = copy.deepcopy(value)
    _drop_nulls(copied, _plan_schema(plan))
    return copied


def _plan_schema(plan):
    return next(schema for schema, p in _DROP.values() if p is plan)


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
