"""Patches: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch."""
import json

import jsonpatch

from .errors import bad_request


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return patch
    if not isinstance(target, dict):
        target = {}
    result = dict(target)
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def apply_patch(obj, patch, patch_type, resource):
    if isinstance(patch, (str, bytes)):
        try:
            patch = json.loads(patch)
        except ValueError as e:
            raise bad_request(f"invalid JSON patch: {e}")
    if patch_type == "application/json-patch+json":
        try:
            return jsonpatch.apply_patch(obj, patch)
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException) as e:
            raise bad_request(str(e))
    return merge_patch(obj, patch)
