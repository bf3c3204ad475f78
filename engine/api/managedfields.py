"""metadata.managedFields as kube-apiserver's field manager keeps them: FieldsV1 sets worked out from the
OpenAPI schema (structured-merge-diff v4), one entry per manager, operation, apiVersion and subresource.

A set is kept in its FieldsV1 shape, a dict from path elements ("f:spec", 'k:{"name":"nginx"}',
'v:"x"') to the child's set; `{}` is a member leaf and "." marks a member that also has children.
Sets are never changed in place, so results share structure with their inputs."""
import json
from pathlib import Path

from . import schema as openapi

MISSING = object()  # a field Go's typed object does not have (nil), unlike null
_CONTAINERS = (dict, list)
_ATOMS = (str, int, float, bool)

# structured-merge-diff keeps the key defaults of the OpenAPI `default` markers (absent from the shipped schemas)
KEY_DEFAULTS = {("io.k8s.api.core.v1.ContainerPort", "protocol"): "TCP",
                ("io.k8s.api.core.v1.ServicePort", "protocol"): "TCP",
                ("io.k8s.api.core.v1.EndpointPort", "protocol"): "TCP",
                ("io.k8s.api.discovery.v1.EndpointPort", "protocol"): "TCP"}
# the fields stripMetaManager leaves to nobody
STRIPPED = ("f:apiVersion", "f:kind")
STRIPPED_META = ("f:name", "f:namespace", "f:creationTimestamp", "f:selfLink", "f:uid", "f:clusterName",
                 "f:generation", "f:managedFields", "f:resourceVersion")
MAX_UPDATE_MANAGERS = 10


# ---- schema: structured-merge-diff's atoms, compiled once per schema dict -------------------------------
class Type:
    """One schema node: kind "scalar", "list", "map" or "deduced" (untyped: maps separable, lists atomic)."""
    __slots__ = ("kind", "atomic", "keys", "key_defaults", "elem", "fields", "zero", "_schema", "_elem_schema")

    def __init__(self, kind, atomic=False):
        self.kind, self.atomic = kind, atomic
        self.keys, self.key_defaults, self.elem, self.fields, self.zero = (), {}, None, None, None
        self._schema, self._elem_schema = None, None

    def element(self):
        if self.elem is None:
            self.elem = of(self._elem_schema) if self._elem_schema is not None else DEDUCED
        return self.elem

    def field(self, name):
        """The type of a map's field `name` (its element type for a key that is not a field)."""
        fields = self.fields
        if fields is not None:
            hit = fields.get(name)
            if hit is not None:
                return hit
            props = self._schema.get("properties") or {}
            if name in props:
                hit = fields[name] = of(props[name])
                return hit
        return self.element()

    def is_field(self, name):
        return bool(self._schema and name in (self._schema.get("properties") or {}))


SCALAR = Type("scalar")
DEDUCED = Type("deduced")
ATOMIC = Type("deduced", atomic=True)
_TYPES = {}


def _kinds(schema):
    t = schema.get("type")
    if t is None:
        return set()
    return ({t} if isinstance(t, str) else set(t)) - {"null"}


def of(schema):
    """The Type of a schema (a property, an items schema or a definition reference)."""
    hit = _TYPES.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    t = _compile(schema)
    _TYPES[id(schema)] = (schema, t)
    return t


def for_resource(resource):
    name = openapi.definition_for(resource.group, resource.version, resource.kind) if resource else None
    if name is None:  # a custom resource is typed by its CRD's schema
        return of(resource.schema) if resource is not None and resource.schema else DEDUCED
    return of(openapi.definitions()[name])


def _compile(schema):
    name = openapi.ref_name(schema)
    target = openapi.resolve(schema)
    if name is None:
        name = next((n for n, d in openapi.definitions().items() if d is target), None) \
            if "x-kubernetes-group-version-kind" in target else None
    if name == "io.k8s.apimachinery.pkg.api.resource.Quantity":
        return SCALAR
    if name == "io.k8s.apimachinery.pkg.runtime.RawExtension":
        return ATOMIC
    if target.get("x-kubernetes-preserve-unknown-fields") or target.get("x-kubernetes-embedded-resource"):
        return DEDUCED
    kinds = _kinds(target)
    map_type = schema.get("x-kubernetes-map-type") or target.get("x-kubernetes-map-type")
    if "array" in kinds:
        t = Type("list", atomic=True)
        list_type = target.get("x-kubernetes-list-type")
        if list_type == "map":
            t.atomic, t.keys = False, tuple(target.get("x-kubernetes-list-map-keys") or ())
        elif list_type == "set":
            t.atomic = False
        elif list_type is None and target.get("x-kubernetes-patch-strategy") in ("merge", "merge,retainKeys"):
            t.atomic = False
            key = target.get("x-kubernetes-patch-merge-key")
            t.keys = (key,) if key else ()
        items = target.get("items")
        t._elem_schema = items if isinstance(items, dict) else None
        if t.keys and t._elem_schema is not None:
            item_name = openapi.ref_name(t._elem_schema)
            t.key_defaults = {k: KEY_DEFAULTS[(item_name, k)] for k in t.keys if (item_name, k) in KEY_DEFAULTS}
        if t._elem_schema is None:
            t.elem = ATOMIC
        return t
    props = target.get("properties")
    if props or "object" in kinds:
        if not props and "additionalProperties" not in target:
            return ATOMIC if map_type == "atomic" else DEDUCED
        t = Type("map", atomic=map_type == "atomic")
        t._schema, t.fields = target, {}
        extra = target.get("additionalProperties")
        if isinstance(extra, dict):
            t._elem_schema = extra
        elif props:
            t.elem = DEDUCED  # unknown fields of a struct never come through strict decoding
        t.zero = _zero_table().get(name) if name else None
        return t
    if not kinds:
        return DEDUCED  # IntOrString and free-form JSON: whatever the value is
    return SCALAR


_ZERO = []
_ZERO_OBJECTS = {}


def _zero_table():
    if not _ZERO:
        _ZERO.append(json.loads((Path(__file__).parent / "gozero.json").read_text()))
    return _ZERO[0]


def zero_object(resource):
    """The Go zero value of a kind as structured-merge-diff sees it (what a create is compared with).
    Built once per kind and shared: callers only read it."""
    name = openapi.definition_for(resource.group, resource.version, resource.kind)
    if not name:
        return {}
    hit = _ZERO_OBJECTS.get(name)
    if hit is None:
        hit = _ZERO_OBJECTS[name] = _zero_of(name)
    return hit


def _zero_of(name):
    out = {}
    for field, (how, value) in (_zero_table().get(name) or {}).items():
        out[field] = _zero_of(value) if how == "s" else value
    return out


# ---- path elements -----------------------------------------------------------------------------------
def _go_json(value):
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def item_key(t, item):
    """The path element of a list item: k:{...} of its keys (sorted, defaults filled), v:<value> in a set."""
    if t.keys:
        if not isinstance(item, dict):
            return None
        if len(t.keys) == 1:  # the common case (name, type, ip): no dict to build and sort
            key = t.keys[0]
            value = item.get(key, t.key_defaults.get(key, MISSING))
            if value is MISSING:
                return None
            return f'k:{{"{key}":{_go_json(value)}}}' if value.__class__ is not str or '"' in value \
                or "\\" in value or not value.isprintable() or "<" in value or ">" in value or "&" in value \
                else f'k:{{"{key}":"{value}"}}'
        fields = {}
        for key in t.keys:
            value = item.get(key, MISSING)
            if value is MISSING:
                value = t.key_defaults.get(key, MISSING)
                if value is MISSING:
                    return None
            fields[key] = value
        return "k:" + _go_json(dict(sorted(fields.items())))
    if isinstance(item, (dict, list)) or item is None:
        return None
    return "v:" + _go_json(item)


# ---- sets --------------------------------------------------------------------------------------------
def _node(member, children):
    if not children:
        return {} if member else None
    if member:
        return {".": {}, **children} if "." not in children else children
    return children


def _parts(node):
    """(member, children) of a child node."""
    if not node:
        return True, {}
    if "." in node:
        return True, {k: v for k, v in node.items() if k != "."}
    return False, node


def union(a, b):
    if not a:
        return b
    if not b:
        return a
    out = dict(a)
    for key, bv in b.items():
        av = out.get(key)
        if av is None or key == ".":
            out[key] = bv
        elif av is not bv:
            am, ac = _parts(av)
            bm, bc = _parts(bv)
            out[key] = _node(am or bm, union(ac, bc))
    return out


def difference(a, b):
    """a without b's members; `a` itself when b takes nothing from it (most sets share no fields)."""
    if not a or not b:
        return a
    changes = None
    for key, bv in b.items():
        av = a.get(key)
        if av is None:
            continue
        if key == ".":
            node = None
        else:
            am, ac = _parts(av)
            bm, bc = _parts(bv)
            rest = difference(ac, bc)
            if rest is ac and not (am and bm) and (not am or not av or next(iter(av)) == "."):
                continue  # nothing of this child goes (and _node would rebuild it as it is)
            node = _node(am and not bm, rest)
        if changes is None:
            changes = {}
        changes[key] = node
    if changes is None:
        return a
    out = {}
    for key, av in a.items():
        if key in changes:
            av = changes[key]
            if av is None:
                continue
        out[key] = av
    return out


def intersection(a, b):
    if not a or not b:
        return {}
    out = {}
    for key, av in a.items():
        bv = b.get(key)
        if bv is None or key == ".":
            continue
        am, ac = _parts(av)
        bm, bc = _parts(bv)
        node = _node(am and bm, intersection(ac, bc))
        if node is not None:
            out[key] = node
    return out


def has(s, path):
    """Whether the path (a sequence of path elements) is a member of the set."""
    node = s
    for i, pe in enumerate(path):
        child = node.get(pe) if node else None
        if child is None:
            return False
        if i == len(path) - 1:
            return _parts(child)[0]
        node = _parts(child)[1]
    return False


def leaves(s, prefix=()):
    """The member paths of a set, in the set's order (fieldpath.Set.Iterate)."""
    out = []
    for key in sorted_keys(s):
        if key == ".":
            continue
        member, children = _parts(s[key])
        if member:
            out.append(prefix + (key,))
        out += leaves(children, prefix + (key,))
    return out


def _pe_order(key):
    # structured-merge-diff orders field names, then keys, then values, then indices
    return ({"f": 0, "k": 1, "v": 2, "i": 3}.get(key[0], 4), key[2:])


def sorted_keys(s):
    return sorted(s, key=_pe_order)


def ordered(s):
    """The set as its FieldsV1 JSON is written: "." first, then path elements in order."""
    out = {".": {}} if "." in s else {}
    for key in sorted_keys(s):
        if key != ".":
            out[key] = ordered(s[key]) if s[key] else {}
    return out


def path_string(path):
    """fieldpath.Path.String(): `.spec.template.spec.containers[name="nginx"].image`."""
    out = []
    for pe in path:
        kind, text = pe[0], pe[2:]
        if kind == "f":
            out.append("." + text)
        elif kind == "k":
            fields = json.loads(text)
            out.append("[" + ",".join(f"{k}={_go_value(v)}" for k, v in fields.items()) + "]")
        elif kind == "v":
            out.append(f"[={_go_value(json.loads(text))}]")
        else:
            out.append(f"[{text}]")
    return "".join(out)


def _go_value(value):
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return _go_json(value)


# ---- walks over values -------------------------------------------------------------------------------
def field_set(value, t):
    """ToFieldSet: the fields a value sets (its leaves, list items, empty maps and atomic parts)."""
    member, children = _fs(value, t)
    return children


def _fs(value, t):
    """(member, children) of a value's own path."""
    cls = value.__class__
    if cls is dict:
        if t.kind == "list" or t.kind == "scalar" or t.atomic:
            return True, {}
        out = {}
        is_map = t.kind == "map"
        for key, item in value.items():
            kt = t.field(key) if is_map else DEDUCED
            member, children = _fs(item, kt)
            if item is None or (item.__class__ is dict and not item) or not (is_map and t.is_field(key)):
                member = True
            node = _node(member, children)
            if node is not None:
                out["f:" + key] = node
        return False, out
    if cls is list:
        if t.kind != "list" or t.atomic:
            return True, {}
        out = {}
        elem = t.element()
        seen = set()
        for item in value:
            pe = item_key(t, item)
            if pe is None or pe in seen:
                if pe is not None:
                    out[pe] = {}
                continue
            seen.add(pe)
            member, children = _fs(item, elem)
            out[pe] = _node(True, children)
        return False, out
    return value is not None or t.kind == "scalar", {}


def compare(lhs, rhs, t):
    """(changed, removed): the fields added or modified from lhs to rhs, and those removed (Compare)."""
    changed, removed = _diff(lhs, rhs, t)
    return changed or {}, removed or {}


def _diff(lhs, rhs, t):
    """(changed, removed) nodes of one path whose two values differ, None for no node. Equal parts are
    skipped by one comparison in C, and a part only one side has is walked once (_whole)."""
    if lhs is MISSING:
        return _whole(rhs, t), None
    if rhs is MISSING:
        return None, _whole(lhs, t)
    cls = lhs.__class__ if rhs is None else rhs.__class__
    if cls is dict and t.kind != "scalar" and t.kind != "list" and not t.atomic:
        lmap = lhs if lhs.__class__ is dict else {}
        rmap = rhs if rhs.__class__ is dict else {}
        if not lmap and not rmap:
            return _leaf(lhs, rhs)
        changed, removed = {}, {}
        is_map = t.kind == "map"
        gone = 0
        for k, lv in lmap.items():
            rv = rmap.get(k, MISSING)
            if rv is lv or (rv.__class__ is lv.__class__ and rv == lv):
                continue  # unchanged (compared in C, most of an update is)
            if rv is MISSING:
                removed["f:" + k] = _whole(lv, t.field(k) if is_map else DEDUCED)
                gone += 1
                continue
            if lv.__class__ not in _CONTAINERS and rv.__class__ not in _CONTAINERS:  # two different atoms
                if not _same_number(lv, rv):
                    changed["f:" + k] = {}
                continue
            c, r = _diff(lv, rv, t.field(k) if is_map else DEDUCED)
            if c is not None:
                changed["f:" + k] = c
            if r is not None:
                removed["f:" + k] = r
        if len(rmap) > len(lmap) - gone:  # some keys only rhs has
            for k, rv in rmap.items():
                if k not in lmap:
                    changed["f:" + k] = _whole(rv, t.field(k) if is_map else DEDUCED)
        return changed or None, removed or None
    if cls is list and t.kind == "list" and not t.atomic:
        llist = lhs if lhs.__class__ is list else []
        rlist = rhs if rhs.__class__ is list else []
        if not llist and not rlist:
            return _leaf(lhs, rhs)
        changed, removed = {}, {}
        elem = t.element()
        lvals, rvals = _index(t, llist), _index(t, rlist)
        for pe, ls in lvals.items():
            rs = rvals.get(pe, ())
            if len(ls) <= 1 and len(rs) <= 1:
                if not rs:
                    removed[pe] = _whole(ls[0], elem)
                elif ls[0] is not rs[0] and ls[0] != rs[0]:
                    c, r = _diff(ls[0], rs[0], elem)
                    if c is not None:
                        changed[pe] = c
                    if r is not None:
                        removed[pe] = r
            elif len(ls) >= 2 and len(rs) >= 2:
                if ls != rs:
                    changed[pe] = {}
            elif len(ls) >= 2:
                removed[pe] = {}
            else:
                changed[pe] = {}
        for pe, rs in rvals.items():
            if pe not in lvals:
                changed[pe] = _whole(rs[0], elem) if len(rs) == 1 else {}
        return changed or None, removed or None
    return _leaf(lhs, rhs)


def _leaf(lhs, rhs):
    if lhs != rhs or lhs.__class__ is not rhs.__class__ and not _same_number(lhs, rhs):
        return {}, None
    return None, None


def _same_number(a, b):
    return a.__class__ in (int, float) and b.__class__ in (int, float) and a == b


def _whole(value, t):
    """The node of a value only one side of a comparison has: a member, with its granular parts below."""
    cls = value.__class__
    if cls is dict:
        if not value or t.kind == "scalar" or t.kind == "list" or t.atomic:
            return {}
        out = {".": {}}
        if t.kind == "map":
            for k, v in value.items():
                out["f:" + k] = _whole(v, t.field(k)) if v.__class__ in _CONTAINERS else {}
        else:
            for k, v in value.items():
                out["f:" + k] = _whole(v, DEDUCED) if v.__class__ in _CONTAINERS else {}
        return out
    if cls is list:
        if not value or t.kind != "list" or t.atomic:
            return {}
        index = _index(t, value)
        if not index:
            return {}
        elem = t.element()
        out = {".": {}}
        for pe, items in index.items():
            out[pe] = _whole(items[0], elem) if len(items) == 1 else {}
        return out
    return {}


def _index(t, items):
    out = {}
    for item in items:
        pe = item_key(t, item)
        if pe is not None:
            out.setdefault(pe, []).append(item)
    return out


# ---- managedFields entries ---------------------------------------------------------------------------
def identity(entry):
    """BuildManagerIdentifier: an Apply entry is one per manager whatever its apiVersion."""
    api_version = "" if entry.get("operation") == "Apply" else entry.get("apiVersion", "")
    return (entry.get("manager", ""), entry.get("operation", ""), api_version, entry.get("subresource", ""))


def decode(entries):
    """{identity: [set, apiVersion, applied, time]} of an object's managedFields."""
    out = {}
    for entry in entries or ():
        out[identity(entry)] = [entry.get("fieldsV1") or {}, entry.get("apiVersion", ""),
                                entry.get("operation") == "Apply", entry.get("time")]
    return out


def encode(managed):
    """The managedFields list, sorted as sortEncodedManagedFields does (None when empty)."""
    entries = []
    for (manager, operation, _, subresource), (fields, api_version, applied, time) in managed.items():
        entry = {"manager": manager, "operation": "Apply" if applied else "Update", "apiVersion": api_version}
        if time:
            entry["time"] = time
        entry["fieldsType"] = "FieldsV1"
        entry["fieldsV1"] = fields
        if subresource:
            entry["subresource"] = subresource
        entries.append(entry)
    entries.sort(key=lambda e: (e["operation"], e.get("time") or "", e["manager"], e["apiVersion"],
                                e.get("subresource", "")))
    return entries or None


def strip_meta(s):
    """stripMetaManager: apiVersion, kind and the system fields of metadata are nobody's."""
    if not s:
        return s
    out = {k: v for k, v in s.items() if k not in STRIPPED}
    meta = out.get("f:metadata")
    if meta is not None:
        _, children = _parts(meta)
        children = {k: v for k, v in children.items() if k not in STRIPPED_META}
        if children:
            out["f:metadata"] = children
        else:
            del out["f:metadata"]
    return out


def take_away(managed, skip, changed, removed):
    """What every other manager keeps once `changed` moved to a new owner and `removed` is gone."""
    for ident, entry in list(managed.items()):
        if ident == skip:
            continue
        kept = difference(difference(entry[0], changed), removed)
        if not kept:
            del managed[ident]
        elif kept is not entry[0]:
            managed[ident] = [kept, entry[1], entry[2], entry[3]]


def update(live, new, resource, entries, manager, api_version, subresource, now, creating=False):
    """The managedFields of `new` after an Update by `manager` (create, update, non-apply patch)."""
    managed = decode(entries)
    if not managed and not creating:
        return None  # skipNonAppliedManager: an object that never had them stays without
    t = for_resource(resource)
    changed, removed = compare(live, new, t)
    changed, removed = reset_fields(resource, subresource, changed), reset_fields(resource, subresource, removed)
    take_away(managed, None, changed, removed)
    mine = strip_meta(changed)
    ident = (manager or "unknown", "Update", api_version, subresource or "")
    if mine:
        previous = managed.get(ident)
        fields = union(difference(previous[0], removed), mine) if previous else mine
        managed[ident] = [fields, api_version, False, now]
    _cap(managed)
    return encode(managed)


def reset_fields(resource, subresource, s):
    """The strategies' GetResetFields: a main-resource write never owns status, a /status write only it."""
    if not s or resource is None or "status" not in resource.subresources:
        return s
    if subresource == "status":
        kept = {k: v for k, v in s.items() if k in ("f:status", "f:metadata")}
        return kept if len(kept) != len(s) else s
    if subresource is None and "f:status" in s:
        return {k: v for k, v in s.items() if k != "f:status"}
    return s


def _cap(managed):
    """capManagersManager: past ten Update managers the oldest merge into "ancient-changes"."""
    updaters = [i for i, e in managed.items() if not e[2]]
    if len(updaters) <= MAX_UPDATE_MANAGERS:
        return
    updaters.sort(key=lambda i: (managed[i][3] or "", json.dumps(i)))
    first_of_version = {}
    length = len(updaters)
    for ident in updaters:
        if length <= MAX_UPDATE_MANAGERS:
            break
        fields, version, _, time = managed[ident]
        bucket = ("ancient-changes", "Update", version, "")
        if version in first_of_version:
            if bucket not in managed:
                managed[bucket] = managed.pop(first_of_version[version])
            managed[bucket] = [union(fields, managed[bucket][0]), version, False, time]
            del managed[ident]
            length -= 1
        else:
            first_of_version[version] = ident


def describe_manager(ident):
    """printManager: `"kubectl" with subresource "scale" using apps/v1`."""
    manager, operation, api_version, subresource = ident
    text = json.dumps(manager)
    if subresource:
        text += f" with subresource {json.dumps(subresource)}"
    if operation == "Update":
        text += f" using {api_version}"
    return text


# ---- the scale subresource ---------------------------------------------------------------------------
REPLICAS = ("f:spec", "f:replicas")


def scale_update(entries, manager, api_version, now):
    """An Update of spec.replicas through /scale: the scale's manager takes the parent's spec.replicas
    (ScaleHandler.ToParent, whose time for a new scale manager is the parent's, so none)."""
    managed = decode(entries)
    replicas = {"f:spec": {"f:replicas": {}}}
    ident = (manager or "unknown", "Update", api_version, "scale")
    for other, entry in list(managed.items()):
        if other != ident and has(entry[0], REPLICAS):
            kept = difference(entry[0], replicas)
            if kept:
                managed[other] = [kept, entry[1], entry[2], entry[3]]
            else:
                del managed[other]
    if ident not in managed:
        managed[ident] = [replicas, api_version, False, None]
    return encode(managed)


# ---- the apiserver's hooks ---------------------------------------------------------------------------
def without_managed(obj):
    """The object without metadata.managedFields (a shallow copy; the field manager ignores them)."""
    meta = obj.get("metadata") or {}
    if "managedFields" not in meta:
        return obj
    return dict(obj, metadata={k: v for k, v in meta.items() if k != "managedFields"})


def detach(obj):
    """(the object without managedFields, the managedFields or None): a decode copies the rest only."""
    meta = obj.get("metadata")
    if meta.__class__ is not dict or meta.get("managedFields") is None:
        return obj, None
    return dict(obj, metadata={k: v for k, v in meta.items() if k != "managedFields"}), meta["managedFields"]


def track_create(resource, obj, manager, now):
    """A create compared with the kind's zero value; managedFields sent with it are kept as a start."""
    meta = obj["metadata"]
    given = meta.pop("managedFields", None)
    entries = update(zero_object(resource), obj, resource, given or [], manager, resource.api_version, "", now,
                     creating=True)
    if entries:
        meta["managedFields"] = entries


def track_update(resource, obj, old, manager, subresource, now):
    """An update (or non-apply patch) of `old` into `obj`: a main-resource write may carry its own
    managedFields (an empty list resets them), a subresource write keeps the live ones."""
    meta = obj["metadata"]
    given = meta.pop("managedFields", None)
    live_entries = (old.get("metadata") or {}).get("managedFields")
    if subresource:
        entries = live_entries
    elif given == []:
        entries = []
    else:
        entries = given if _decodable(given) else live_entries
    result = update(without_managed(old), obj, resource, entries, manager, resource.api_version, subresource, now)
    if result:
        meta["managedFields"] = result


def _decodable(entries):
    return isinstance(entries, list) and entries and all(
        isinstance(e, dict) and e.get("operation") in ("Apply", "Update") and e.get("apiVersion")
        and e.get("fieldsType") == "FieldsV1" for e in entries)


def track_scale(resource, obj, manager, now):
    meta = obj["metadata"]
    entries = meta.get("managedFields")
    if entries:
        meta["managedFields"] = scale_update(entries, manager, resource.api_version, now)


_STABLE = frozenset(("get", "list", "watch", "delete", "resource", "registry", "clock", "store", "get_scale",
                     "pod_log", "pod_exec", "pod_attach", "table", "delete_collection"))


class FieldManagerClient:
    """A component's client: its writes carry its field manager, as its user agent does
    ("kube-controller-manager", "kube-scheduler", "kubelet"); everything else is the server's."""

    def __init__(self, server, manager):
        object.__setattr__(self, "_server", server)
        object.__setattr__(self, "_manager", manager)

    def __setattr__(self, name, value):
        setattr(self._server, name, value)  # e.g. the controller manager registering itself

    def __getattr__(self, name):
        value = getattr(self._server, name)
        if name in _STABLE:
            object.__setattr__(self, name, value)  # the server's read methods: looked up once
        return value

    def create(self, *args, **kwargs):
        kwargs.setdefault("field_manager", self._manager)
        return self._server.create(*args, **kwargs)

    def update(self, *args, **kwargs):
        kwargs.setdefault("field_manager", self._manager)
        return self._server.update(*args, **kwargs)

    def patch(self, *args, **kwargs):
        kwargs.setdefault("field_manager", self._manager)
        return self._server.patch(*args, **kwargs)

    def update_scale(self, *args, **kwargs):
        kwargs.setdefault("field_manager", self._manager)
        return self._server.update_scale(*args, **kwargs)


class requests_from:
    """`with requests_from(server, "kubectl-create"):` the requests made inside (through any client view)
    carry these query options unless they name their own: the field manager (kubectl's --field-manager, or
    its user agent) and, for an apply, force."""

    def __init__(self, server, manager, force=False):
        while hasattr(server, "_server"):  # through client views (FieldManagerClient, AuthorizingView)
            server = server._server
        self.server, self.options = server, (manager, force)

    def __enter__(self):
        self.saved = (getattr(self.server, "field_manager", None), getattr(self.server, "apply_force", False))
        self.server.field_manager, self.server.apply_force = self.options
        return self

    def __exit__(self, *exc):
        self.server.field_manager, self.server.apply_force = self.saved
        return False
