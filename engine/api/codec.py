"""The API server's JSON: stored objects are compact JSON with sorted keys, read and written with orjson,
and Python's json for the few values orjson refuses (lone surrogates, integers beyond 64 bits)."""
import json

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
