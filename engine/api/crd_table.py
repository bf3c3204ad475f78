"""The Table of custom objects, as apiextensions' tableconvertor prints it: NAME, then the version's
additionalPrinterColumns (JSONPath cells typed by the column's type), or AGE when it declares none."""
from . import codec, columns
from ..kubectl.printers import jsonpath

API_VERSION = "meta.k8s.io/v1"
_NAME, _CREATED = columns.DEFINITIONS["*"]
# serveDefaultColumnsIfEmpty's column
DEFAULT_COLUMNS = [{"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp", "description": _CREATED[3]}]


def printer_columns(version):
    return version.get("additionalPrinterColumns") or DEFAULT_COLUMNS


def definitions(version):
    defs = [{"name": _NAME[0], "type": _NAME[1], "format": _NAME[2], "description": _NAME[3], "priority": 0}]
    for col in printer_columns(version):
        defs.append({"name": col["name"], "type": col["type"], "format": col.get("format", ""),
                     "description": col.get("description")
                     or f"Custom resource definition column (in JSONPath format): {col['jsonPath']}",
                     "priority": col.get("priority", 0)})
    return defs


def _cell(col, obj, ctx):
    try:
        results = jsonpath.find_results(jsonpath.parse("{" + col["jsonPath"] + "}"), obj)
    except jsonpath.JSONPathError:
        return None
    if not results or not results[0]:
        return None
    value = results[0][0]
    kind = col["type"]
    if kind == "string":
        return jsonpath._text(value)
    if value is None:
        return None
    if kind == "integer" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else float(value)  # a JSON number: 3.0 prints 3
    if kind == "boolean" and isinstance(value, bool):
        return value
    if kind == "date" and isinstance(value, str):
        try:
            return ctx.age(value)
        except ValueError:
            return "<invalid>"
    return None


def row(version, obj, ctx):
    return [obj["metadata"]["name"]] + [_cell(col, obj, ctx) for col in printer_columns(version)]


def watch_printer(version, timestamp, wide):
    """(the header kubectl prints, a function giving an object's visible cells as text) for `get -w`."""
    defs = definitions(version)
    shown = [i for i, d in enumerate(defs) if wide or d["priority"] == 0]
    ctx = columns.Ctx(columns.parse_time(timestamp))

    def cells(obj):
        every = row(version, obj, ctx)
        return [columns.text(every[i]) for i in shown]
    return [defs[i]["name"].upper() for i in shown], cells


def build(version, cache, refs, timestamp, include_object, convert, resource_version):
    ctx = columns.Ctx(columns.parse_time(timestamp))
    rows = []
    with codec.bulk():
        for ref in refs:
            obj = convert(cache.objects[ref].parse())
            if include_object != "Object":
                metadata = {k: v for k, v in obj["metadata"].items() if k != "managedFields"}
                shown = {"kind": "PartialObjectMetadata", "apiVersion": API_VERSION, "metadata": metadata}
            else:
                shown = obj
            rows.append({"cells": row(version, obj, ctx), "object": shown})
    return {"kind": "Table", "apiVersion": API_VERSION, "metadata": {"resourceVersion": resource_version},
            "columnDefinitions": definitions(version), "rows": rows}
