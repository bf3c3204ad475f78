"""The apiserver's watch cache: decoded objects of one resource, indexed by namespace and label.

Lists are served from here, so their cost grows with the answer, not with the store."""


class ResourceCache:
    """Objects of one storage resource keyed by (namespace, name), with secondary indexes."""

    INDEXED_FIELDS = ("spec.nodeName",)

    def __init__(self):
        self.objects = {}  # (ns, name) -> (obj, json text)
        self.by_namespace = {}  # ns -> {(ns, name): None}
        self.by_label = {}  # (key, value) -> {(ns, name): None}
        self.by_label_key = {}  # key -> {(ns, name): None}
        self.by_field = {}  # (field, value) -> {(ns, name): None}

    def __len__(self):
        return len(self.objects)

    def get(self, namespace, name):
        entry = self.objects.get((namespace, name))
        return entry[0] if entry else None

    def text(self, namespace, name):
        entry = self.objects.get((namespace, name))
        return entry[1] if entry else None

    def put(self, obj, text):
        meta = obj["metadata"]
        ref = (meta.get("namespace", ""), meta["name"])
        old = self.objects.get(ref)
        if old:
            self._unindex(ref, old[0])
        self.objects[ref] = (obj, text)
        self._index(ref, obj)

    def remove(self, namespace, name):
        ref = (namespace, name)
        old = self.objects.pop(ref, None)
        if old:
            self._unindex(ref, old[0])

    def _entries(self, obj):
        labels = obj["metadata"].get("labels") or {}
        fields = [(f, _field(obj, f)) for f in self.INDEXED_FIELDS]
        return labels, [fv for fv in fields if fv[1] is not None]

    def _index(self, ref, obj):
        self.by_namespace.setdefault(ref[0], {})[ref] = None
        labels, fields = self._entries(obj)
        for item in labels.items():
            self.by_label.setdefault(item, {})[ref] = None
            self.by_label_key.setdefault(item[0], {})[ref] = None
        for item in fields:
            self.by_field.setdefault(item, {})[ref] = None

    def _unindex(self, ref, obj):
        _discard(self.by_namespace, ref[0], ref)
        labels, fields = self._entries(obj)
        for item in labels.items():
            _discard(self.by_label, item, ref)
            _discard(self.by_label_key, item[0], ref)
        for item in fields:
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
        # the smallest set may be a label or field index, which spans namespaces
        return sorted(ref for ref in smallest if ref in self.objects and (not namespace or ref[0] == namespace))


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
