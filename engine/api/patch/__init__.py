"""Patches as kube-apiserver applies them (JSON patch, JSON merge patch, strategic merge patch)
and as kubectl creates them (two-way and three-way strategic merge patches for edit and apply)."""
import json

from .. import schema as openapi
from ..errors import ApiError, FieldError, bad_request
from . import meta
from .converter import ConvertError, convert
from .diff import create_three_way, create_two_way
from ..gofmt import go_json, go_v, sort_keys
from .json_patch import JsonPatchError, apply_json_patch, decode_patch, merge_patch, merge_patch_diff
from .meta import PatchError
from .strategic import merge_map

JSON_PATCH = "application/json-patch+json"
MERGE_PATCH = "application/merge-patch+json"
STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json"
APPLY_PATCH = "application/apply-patch+yaml"
PATCH_TYPES = (JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH)  # the order the apiserver lists
MAX_JSON_PATCH_OPERATIONS = 10000
SCALE = "io.k8s.api.autoscaling.v1.Scale"

__all__ = ["apply_patch", "create_merge_patch", "create_two_way_merge_patch", "create_three_way_merge_patch",
           "patch_type_for", "PatchError", "JsonPatchError", "apply_json_patch", "merge_patch",
           "JSON_PATCH", "MERGE_PATCH", "STRATEGIC_MERGE_PATCH"]


def apply_patch(obj, patch, patch_type, resource):
    """The object `obj` with `patch` applied, or the ApiError the apiserver answers. `patch` is
    the request body (JSON text) or its decoded value; `resource` None means the Scale subresource."""
    if patch_type not in PATCH_TYPES or patch_type == APPLY_PATCH:  # server-side apply is not simulated
        raise _unsupported(PATCH_TYPES)
    patch = _parse(patch, patch_type)
    doc = clone(obj)
    if patch_type == JSON_PATCH:
        return _apply_json_patch(doc, patch, resource)
    if patch_type == MERGE_PATCH:
        if not isinstance(patch, dict):
            raise bad_request(f"error decoding patch: {_not_a_map(patch)}")
        result = merge_patch(doc, patch)
        return _check_decoded(result, resource, lambda: go_json(result))
    if not isinstance(patch, dict):
        raise bad_request(_not_a_map(patch))
    return _apply_strategic(doc, clone(patch), resource)


def _unsupported(accepted):
    return ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                    "accepted media types include: " + ", ".join(accepted))


def _not_a_map(value):
    kind = {list: "array", str: "string", bool: "bool", int: "number", float: "number"}.get(type(value), "object")
    return f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"


def _parse(patch, patch_type):
    if isinstance(patch, bytes):
        patch = patch.decode("utf-8", "replace")
    if not isinstance(patch, str):
        return patch
    try:
        return json.loads(patch)
    except ValueError as e:
        message = go_syntax_error(patch, e)
        raise bad_request(f"error decoding patch: {message}" if patch_type != STRATEGIC_MERGE_PATCH else message) from None


def go_syntax_error(text, error):
    """Go's encoding/json wording for a syntax error Python's json module found."""
    pos = getattr(error, "pos", 0)
    if not text.strip() or pos >= len(text.rstrip()):
        return "unexpected end of JSON input"
    char, message = text[pos], str(error)
    literal = next((w for w in ("true", "false", "null") if w[0] == char), None)
    if literal and "Expecting value" in message:
        for i, expected in enumerate(literal):
            if pos + i >= len(text):
                return "unexpected end of JSON input"
            if text[pos + i] != expected:
                return f"invalid character {_go_char(text[pos + i])} in literal {literal} (expecting {_go_char(expected)})"
    if "Expecting value" in message:
        context = "looking for beginning of value"
    elif "Expecting property name" in message:
        context = "looking for beginning of object key string"
    elif "Expecting ':'" in message:
        context = "after object key"
    elif "Expecting ',' delimiter" in message:
        context = "after object key:value pair" if _innermost(text, pos) == "{" else "after array element"
    elif "Extra data" in message:
        context = "after top-level value"
    else:
        context = "looking for beginning of value"
    return f"invalid character {_go_char(char)} {context}"


def _go_char(char):
    if char == "'":
        return "'\\''"
    if char == '"':
        return "'\"'"
    return f"'{char}'" if char.isprintable() else "'" + json.dumps(char)[1:-1] + "'"


def _innermost(text, pos):
    """The bracket of the innermost object or array open at `pos`."""
    stack, in_string, escaped = [], False, False
    for char in text[:pos]:
        if in_string:
            escaped = not escaped and char == "\\"
            in_string = escaped or char != '"'
        elif char == '"':
            in_string = True
        elif char in "{[":
            stack.append(char)
        elif char in "}]" and stack:
            stack.pop()
    return stack[-1] if stack else ""


def _apply_json_patch(doc, patch, resource):
    try:
        decode_patch(patch)
    except TypeError as e:
        raise bad_request(f"error decoding patch: {e}") from None
    if len(patch) > MAX_JSON_PATCH_OPERATIONS:
        raise ApiError(413, "RequestEntityTooLarge", "Request entity too large: The allowed maximum operations "
                       f"in a JSON patch is {MAX_JSON_PATCH_OPERATIONS}, got {len(patch)}", {})
    try:
        result = apply_json_patch(doc, patch)
    except JsonPatchError:
        # the apiserver wraps the library's error in a generic 422 that drops its text
        raise ApiError(422, "Invalid", "the server rejected our request due to an error in our request", {}) from None
    return _check_decoded(result, resource, lambda: go_json(result))


def _apply_strategic(doc, patch, resource):
    schema = meta.root(resource) if resource else openapi.definitions()[SCALE]
    if schema is None:  # custom resources are served without strategic merge patch
        raise _unsupported((JSON_PATCH, MERGE_PATCH, APPLY_PATCH))
    try:
        result = merge_map(doc, patch, schema, server=True)
    except PatchError as e:
        raise _interpret(e) from None
    unknown = []
    try:
        result = convert(result, schema, unknown)
    except ConvertError as e:
        raise _patch_invalid(go_v(patch), str(e)) from None
    if unknown:
        fields = ", ".join(f'unknown field "{f}"' for f in sorted(unknown))
        raise _patch_invalid(go_v(patch), f"strict decoding error: {fields}")
    return result


def _interpret(error):
    """interpretStrategicMergePatchError: format errors are 400, list-of-lists 422, the rest 500."""
    if error.kind == "bad_request":
        return bad_request(str(error))
    if error.kind == "unprocessable":
        return ApiError(422, "Invalid", "the server rejected our request due to an error in our request", {})
    return ApiError(500, "", str(error))


def _patch_invalid(value, detail):
    cause = FieldError.invalid("patch", value, detail)
    return ApiError(422, "Invalid", f' "" is invalid: {cause}', {"causes": [cause.cause()]})


def _check_decoded(result, resource, text):
    """The patched document decoded as the JSON codec would; a failure names the whole document."""
    if not isinstance(result, dict):
        raise _patch_invalid(text(), f"json: cannot unmarshal {_kind_name(result)} into Go value of type "
                                     f"{_go_kind(resource)}")
    name = openapi.definition_for(resource.group, resource.version, resource.kind) if resource else SCALE
    if name is None:
        return result
    decoder = openapi._Decoder()
    try:
        decoder.walk(result, {"$ref": "#/$defs/" + name}, "", "", "")
    except openapi.DecodeError as e:
        raise _patch_invalid(text(), str(e)) from None
    if decoder.unknown:
        fields = ", ".join(f'unknown field "{f}"' for f in decoder.unknown)
        raise _patch_invalid(text(), f"strict decoding error: {fields}")
    try:
        return convert(result, openapi.definitions()[name], [])
    except ConvertError:
        return result  # the JSON decoder above is the judge for these patch types


def _kind_name(value):
    return {list: "array", str: "string", bool: "bool", int: "number", float: "number"}.get(type(value), "null")


def _go_kind(resource):
    kind = resource.kind if resource else "Scale"
    version = resource.version if resource else "v1"
    return f"{version}.{kind}"


def clone(value):
    """A deep copy of a JSON value (much faster than copy.deepcopy)."""
    if isinstance(value, dict):
        return {k: clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clone(v) for v in value]
    return value


def create_merge_patch(original, modified):
    """The JSON merge patch (RFC 7386) turning `original` into `modified`."""
    return sort_keys(merge_patch_diff(original or {}, modified or {}))


def patch_type_for(resource):
    """The patch type kubectl apply sends: strategic for kinds with a schema, else JSON merge."""
    return STRATEGIC_MERGE_PATCH if meta.root(resource) is not None else MERGE_PATCH


def create_two_way_merge_patch(original, modified, resource):
    """The strategic merge patch turning `original` into `modified` (kubectl edit, label, scale)."""
    schema = meta.root(resource)
    if schema is None:
        return create_merge_patch(original, modified)
    return create_two_way(clone(original), clone(modified), schema)


def create_three_way_merge_patch(original, modified, current, resource, overwrite=True):
    """kubectl apply's patch from the last-applied configuration (`original`), the manifest
    (`modified`) and the live object (`current`); a JSON merge patch for kinds without a schema."""
    schema = meta.root(resource)
    if schema is None:
        return create_three_way_json_merge_patch(original, modified, current)
    return create_three_way(clone(original), clone(modified), clone(current), schema, overwrite)


def create_three_way_json_merge_patch(original, modified, current):
    """jsonmergepatch.CreateThreeWayJSONMergePatch: additions and changes from current, deletions
    from original."""
    original, modified, current = original or {}, modified or {}, current or {}
    changes = _without_nulls(merge_patch_diff(current, modified))
    deletions = _only_nulls(merge_patch_diff(original, modified))
    return sort_keys(merge_patch(deletions, changes))


def _without_nulls(patch):
    out = {}
    for key, value in patch.items():
        if isinstance(value, dict) and value:  # an explicitly empty map is a value, not an empty patch
            inner = _without_nulls(value)
            if inner:
                out[key] = inner
        elif value is not None:
            out[key] = value
    return out


def _only_nulls(patch):
    out = {}
    for key, value in patch.items():
        if isinstance(value, dict):
            inner = _only_nulls(value)
            if inner:
                out[key] = inner
        elif value is None:
            out[key] = None
    return out
