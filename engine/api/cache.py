"""The apiserver's watch cache: the objects of one resource as stored, indexed by namespace and label.

Lists are served from here, so their cost grows with the answer, not with the store."""
from typing import NamedTuple

from . import codec
from .selectors import selectable_field


class Entry(NamedTuple):
    """One cached object: its stored JSON and what the indexes need. Only strings and tuples, so
    the garbage collector untracks it and a large cache adds nothing to each collection."""
    text: str
    resource_version: str
    labels: tuple  # ((key, value), ...)
    fields: tuple  # ((field path, value), ...) of the indexed fields
    attrs: tuple  # ((field path, value), ...) of every field a field selector may name (GetAttrs)

    def parse(self):
        """A private copy of the object, with its resourceVersion."""
        obj = codec.loads(self.text)
        obj["metadata"]["resourceVersion"] = self.resource_version
        return obj

    @property
    def label_map(self):
        return dict(self.labels)

    @property
    def attr_map(self):
        return dict(self.attrs)


class ResourceCache:
    """Objects of one storage resource keyed by (namespace, name), with secondary indexes."""

    INDEXED_FIELDS = ("spec.nodeName", "involvedObject.name")  # a node's pods; an object's events (describe)

    def __init__(self, selectable=("metadata.name", "metadata.namespace")):
        self.selectable = selectable  # the fields field selectors may name for this resource
        self.objects = {}  # (ns, name) -> Entry
        self.by_namespace = {}  # ns -> {(ns, name): None}
        self.by_label = {}  # (key, value) -> {(ns, name): None}
        self.by_field = {}  # (field, value) -> {(ns, name): None}
        self.rows = {}  # (ns, name) -> {table key: printed cells}, of the cached version (engine/api/table.py)

    def __len__(self):
        return len(self.objects)

    def entry(self, namespace, name):
        return self.objects.get((namespace, name))

    def put(self, obj, text):
        """Cache a decoded object (whose metadata carries its resourceVersion) and its JSON text."""
        meta = obj["metadata"]
        ref = (meta.get("namespace", ""), meta["name"])
        old = self.objects.get(ref)
        if old:
            self._unindex(ref, old)
            self.rows.pop(ref, None)
        labels = tuple(sorted((meta.get("labels") or {}).items()))
        fields = tuple((f, v) for f in self.INDEXED_FIELDS for v in [_field(obj, f)] if v is not None)
        attrs = tuple((f, selectable_field(obj, f)) for f in self.selectable)
        entry = Entry(text, meta["resourceVersion"], labels, fields, attrs)
        self.objects[ref] = entry
        self._index(ref, entry)

    def remove(self, namespace, name):
        ref = (namespace, name)
        old = self.objects.pop(ref, None)
        if old:
            self._unindex(ref, old)
            self.rows.pop(ref, None)
        return old

    def items(self):
        """(ref, Entry) pairs in (namespace, name) order."""
        return sorted(self.objects.items())

    def _index(self, ref, entry):
        self.by_namespace.setdefault(ref[0], {})[ref] = None
        for item in entry.labels:
            self.by_label.setdefault(item, {})[ref] = None
        for item in entry.fields:
            self.by_field.setdefault(item, {})[ref] = None

    def _unindex(self, ref, entry):
        _discard(self.by_namespace, ref[0], ref)
        for item in entry.labels:
            _discard(self.by_label, item, ref)
        for item in entry.fields:
            _discard(self.by_field, item, ref)

    def candidates(self, namespace, equalities, fields):
        """Refs that may match: the smallest of the namespace, label and field index sets."""
        sets = []
        if namespace:
            sets.append(self.by_namespace.get(namespace, {}))
        for item in equalities:
            sets.append(self.by_label.get(item, {}))
        for item in fields:
            if item[0] in self.INDEXED_FIELDS:
                sets.append(self.by_field.get(item, {}))
        if not sets:
            return sorted(self.objects)
        smallest = min(sets, key=len)
        others = [s for s in sets if s is not smallest]
        return sorted(ref for ref in smallest if all(ref in other for other in others))


def _discard(index, key, ref):
    bucket = index.get(key)
    if bucket is not None:
        bucket.pop(ref, None)
        if not bucket:
            del index[key]


def _field(obj, path):
    value = obj
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value if isinstance(value, str) and value else None
