"""ComponentStatus (v1, deprecated): computed on each read from the components' health checks, never stored.

As pkg/registry/core/componentstatus: one Healthy condition per component, message `ok` when its check passes."""
from . import columns, errors, table

DEPRECATION = "v1 ComponentStatus is deprecated in v1.19+"
COMPONENTS = ("scheduler", "controller-manager", "etcd-0")  # the apiserver's goroutines answer in any order


def status(name):
    return {"kind": "ComponentStatus", "apiVersion": "v1", "metadata": {"creationTimestamp": None, "name": name},
            "conditions": [{"type": "Healthy", "status": "True", "message": "ok"}]}


def get(name):
    if name not in COMPONENTS:  # a plain error: ErrorToAPIStatus makes it a 500 without a reason
        raise errors.ApiError(500, "", f"Component not found: {name}")
    return status(name)


def list_():
    return {"kind": "ComponentStatusList", "apiVersion": "v1", "metadata": {}, "items": [status(n) for n in COMPONENTS]}


def as_table(resource, name, timestamp):
    objs = [get(name)] if name is not None else list_()["items"]
    ctx = columns.Ctx(columns.parse_time(timestamp))
    rows = [{"cells": columns.handler(resource)(obj, ctx),
             "object": {"kind": "PartialObjectMetadata", "apiVersion": table.API_VERSION, "metadata": obj["metadata"]}}
            for obj in objs]
    return {"kind": "Table", "apiVersion": table.API_VERSION, "metadata": {},
            "columnDefinitions": columns.definitions(resource),
            "rows": rows}
