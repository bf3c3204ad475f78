"""The API server's Table responses, what `kubectl get` asks for (`Accept: application/json;as=Table;v=v1;
g=meta.k8s.io`): a row of cells per object (engine/api/columns.py), kept per object version in the watch cache."""
from . import codec, columns, errors

API_VERSION = "meta.k8s.io/v1"


def build(resource, cache, refs, timestamp, wide, include_object, convert, resource_version):
    """A Table of the cached objects at `refs`, printed wide whatever `wide` says (kube-apiserver's
    TableConvertor always asks its printers for Wide; kubectl drops the priority-1 columns itself). Each row's object
    is its metadata (PartialObjectMetadata, includeObject=Metadata, kubectl's default), the whole object
    (includeObject=Object, for --sort-by) or null (includeObject=None)."""
    if include_object not in ("Metadata", "Object", "None", ""):
        raise errors.bad_request(f'unrecognized includeObject value: "{include_object}"')
    ctx = columns.Ctx(columns.parse_time(timestamp))
    key = (resource.api_version, resource.plural)
    rows = []
    with codec.bulk():
        for ref in refs:
            cells, marks, metadata, conditions, obj = _kept(cache, ref, key, resource, convert,
                                                            include_object == "Object")
            if include_object == "None":
                obj = None
            elif obj is None:
                obj = {"kind": "PartialObjectMetadata", "apiVersion": API_VERSION, "metadata": codec.loads(metadata)}
            cells = columns.resolve(cells, ctx, marks)
            rows.append({"cells": cells, "conditions": [dict(c) for c in conditions], "object": obj} if conditions
                        else {"cells": cells, "object": obj})
    if resource.plural == "flowschemas":  # printFlowSchemaList orders by matchingPrecedence, then name
        rows.sort(key=lambda row: (row["cells"][2], row["cells"][0]))
    return {"kind": "Table", "apiVersion": API_VERSION, "metadata": {"resourceVersion": resource_version},
            "columnDefinitions": columns.definitions(resource), "rows": rows}


def _kept(cache, ref, key, resource, convert, whole):
    """(cells with age marks, the marked cells' indexes, metadata JSON, the row's conditions, the object if
    `whole` or just decoded) for the cached version."""
    kept = cache.rows.setdefault(ref, {})
    found = kept.get(key)
    if found is not None and not whole:
        return (*found, None)
    obj = convert(cache.objects[ref].parse())
    if found is None:
        # kube-apiserver's PartialObjectMetadata keeps managedFields, but no client of these rows reads them (kubectl
        # prints namespace and labels) and decoding them per row would about double `get pods` at 1,000 pods
        metadata = {k: v for k, v in obj["metadata"].items() if k != "managedFields"}
        cells = tuple(columns.handler(resource)(obj, columns.Kept()))
        found = kept[key] = (cells, columns.marked(cells), codec.dumps(metadata), columns.row_conditions(resource, obj))
    return (*found, obj if whole else None)


def row(resource, obj, timestamp, wide):
    """The cells kubectl prints for one object (a watch event's row): the visible columns' text."""
    cells = columns.handler(resource)(obj, columns.Ctx(columns.parse_time(timestamp)))
    return [columns.text(cells[i]) for i in columns.visible(resource, wide) if i < len(cells)]
