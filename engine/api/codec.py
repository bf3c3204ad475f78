"""The API server's JSON: stored objects are compact JSON with sorted keys, read and written with orjson,
and Python's json for the few values orjson refuses (lone surrogates, integers beyond 64 bits)."""
import gc
import json
from contextlib import contextmanager

import orjson


def dumps(obj):
    try:
        return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:
        return json.dumps(obj, separators=(",", ":"), sort_keys=True)


def loads(text):
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def copy(value):
    """A private deep copy of JSON-shaped data."""
    try:
        return orjson.loads(orjson.dumps(value))
    except (TypeError, orjson.JSONDecodeError):
        return json.loads(json.dumps(value))


@contextmanager
def bulk():
    """Decoding or printing many objects allocates many containers, and every burst of allocations makes
    the cyclic collector scan the whole heap again; decoded JSON has no cycles (refcounting frees it), so
    the collector pauses for the duration."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
