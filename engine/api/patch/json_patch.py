"""JSON patch (RFC 6902) and JSON merge patch (RFC 7386) with the semantics and messages of
gopkg.in/evanphx/json-patch.v4, the library kube-apiserver v1.32 and kubectl apply them with."""


class JsonPatchError(Exception):
    """An operation that does not apply, worded as evanphx/json-patch words it."""


MISSING = "missing value"
INVALID_INDEX = "invalid index referenced"
TEST_FAILED = "test failed"


def decode_patch(patch):
    """The operations of a JSON patch, checked as the apiserver decodes them (strict)."""
    if not isinstance(patch, list):
        raise TypeError(f"json: cannot unmarshal {_json_kind(patch)} into Go value of type []handlers.jsonPatchOp")
    for op in patch:
        if not isinstance(op, dict):
            raise TypeError(f"json: cannot unmarshal {_json_kind(op)} into Go value of type handlers.jsonPatchOp")
        for field in ("op", "path", "from"):
            if field in op and op[field] is not None and not isinstance(op[field], str):
                raise TypeError(f"json: cannot unmarshal {_json_kind(op[field])} into Go struct field "
                                f"jsonPatchOp.{field} of type string")
    return patch


def _json_kind(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), "null")


def apply_json_patch(doc, patch):
    """Apply RFC 6902 operations to `doc` (modified in place and returned)."""
    root = [doc]
    for operation in decode_patch(patch):
        kind = operation.get("op") or "unknown"
        apply = _OPS.get(kind)
        if apply is None:
            raise JsonPatchError(f"Unexpected kind: {kind}")
        apply(root, operation)
    return root[0]


def _tokens(path):
    return [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")]


def _index(key, size):
    """Go's strconv.Atoi then the library's negative index support (-1 is the last item)."""
    try:
        idx = int(key, 10)
        if key.strip() != key or "_" in key:
            raise ValueError
    except ValueError:
        raise JsonPatchError(f'strconv.Atoi: parsing "{key}": invalid syntax') from None
    if idx < 0:
        if idx < -size:
            raise JsonPatchError(f"Unable to access invalid index: {idx}: {INVALID_INDEX}")
        idx += size
    return idx


def _get(container, key):
    if isinstance(container, dict):
        return container.get(key)
    idx = _index(key, len(container))
    if idx >= len(container):
        raise JsonPatchError(f"Unable to access invalid index: {idx}: {INVALID_INDEX}")
    return container[idx]


def _find(root, path):
    """The container holding the path's last token, and that token (None when the path is missing)."""
    parts = _tokens(path)
    if len(parts) < 2:
        return None, ""
    doc = root[0]
    for part in parts[1:-1]:
        try:
            doc = _get(doc, part) if isinstance(doc, (dict, list)) else None
        except JsonPatchError:
            return None, ""
        if not isinstance(doc, (dict, list)):
            return None, ""
    return doc, parts[-1]


def _add(container, key, value):
    if isinstance(container, dict):
        container[key] = value
        return
    if key == "-":
        container.append(value)
        return
    try:
        idx = int(key, 10)
    except ValueError:
        raise JsonPatchError(f"value was not a proper array index: '{key}': strconv.Atoi: parsing \"{key}\": invalid syntax") from None
    size = len(container) + 1
    if idx >= size or idx < -size:
        raise JsonPatchError(f"Unable to access invalid index: {idx}: {INVALID_INDEX}")
    container.insert(idx + size if idx < 0 else idx, value)


def _remove(container, key):
    if isinstance(container, dict):
        if key not in container:
            raise JsonPatchError(f"Unable to remove nonexistent key: {key}: {MISSING}")
        del container[key]
        return
    idx = int(key) if key.lstrip("-").isdigit() else _index(key, len(container))
    if idx >= len(container) or idx < -len(container):
        raise JsonPatchError(f"Unable to access invalid index: {idx}: {INVALID_INDEX}")
    del container[idx]


def _path(operation, name="path"):
    value = operation.get(name)
    return value if isinstance(value, str) else None


def _op_add(root, op):
    path = _path(op)
    if path is None:
        raise JsonPatchError(f"add operation failed to decode path: {MISSING}")
    container, key = _find(root, path)
    if container is None:
        raise JsonPatchError(f'add operation does not apply: doc is missing path: "{path}": {MISSING}')
    try:
        _add(container, key, _clone(op.get("value")))
    except JsonPatchError as e:
        raise JsonPatchError(f"error in add for path: '{path}': {e}") from None


def _op_remove(root, op):
    path = _path(op)
    if path is None:
        raise JsonPatchError(f"remove operation failed to decode path: {MISSING}")
    container, key = _find(root, path)
    if container is None:
        raise JsonPatchError(f'remove operation does not apply: doc is missing path: "{path}": {MISSING}')
    try:
        _remove(container, key)
    except JsonPatchError as e:
        raise JsonPatchError(f"error in remove for path: '{path}': {e}") from None


def _op_replace(root, op):
    path = _path(op)
    if path is None:
        raise JsonPatchError(f"replace operation failed to decode path: {MISSING}")
    value = _clone(op.get("value"))
    if path == "":
        if not isinstance(value, (dict, list)):
            raise JsonPatchError("replace operation value must be object or array")
        root[0] = value
        return
    container, key = _find(root, path)
    if container is None:
        raise JsonPatchError(f"replace operation does not apply: doc is missing path: {path}: {MISSING}")
    if isinstance(container, dict):
        container[key] = value  # v4 replaces a missing key too
        return
    try:
        idx = _index(key, len(container))
        if idx >= len(container):
            raise JsonPatchError("")
    except JsonPatchError:
        raise JsonPatchError(f"replace operation does not apply: doc is missing key: {path}: {MISSING}") from None
    container[idx] = value


def _op_move(root, op):
    source = _path(op, "from")
    if source is None:
        raise JsonPatchError(f"move operation failed to decode from: operation, missing from field: {MISSING}")
    container, key = _find(root, source)
    if container is None:
        raise JsonPatchError(f"move operation does not apply: doc is missing from path: {source}: {MISSING}")
    try:
        value = _get(container, key)
        _remove(container, key)
    except JsonPatchError as e:
        raise JsonPatchError(f"error in move for path: '{key}': {e}") from None
    path = _path(op)
    if path is None:
        raise JsonPatchError(f"move operation failed to decode path: operation missing path field: {MISSING}")
    container, key = _find(root, path)
    if container is None:
        raise JsonPatchError(f"move operation does not apply: doc is missing destination path: {path}: {MISSING}")
    try:
        _add(container, key, value)
    except JsonPatchError as e:
        raise JsonPatchError(f"error in move for path: '{path}': {e}") from None


def _op_copy(root, op):
    source = _path(op, "from")
    if source is None:
        raise JsonPatchError(f"copy operation failed to decode from: operation, missing from field: {MISSING}")
    container, key = _find(root, source)
    if container is None:
        raise JsonPatchError(f"copy operation does not apply: doc is missing from path: {source}: {MISSING}")
    try:
        value = _get(container, key)
    except JsonPatchError as e:
        raise JsonPatchError(f"error in copy for from: '{source}': {e}") from None
    path = _path(op)
    if path is None:
        raise JsonPatchError(f"copy operation failed to decode path: {MISSING}")
    container, key = _find(root, path)
    if container is None:
        raise JsonPatchError(f"copy operation does not apply: doc is missing destination path: {path}: {MISSING}")
    try:
        _add(container, key, _clone(value))
    except JsonPatchError as e:
        raise JsonPatchError(f"error while adding value during copy: {e}") from None


def _op_test(root, op):
    path = _path(op)
    if path is None:
        raise JsonPatchError(f"test operation failed to decode path: operation missing path field: {MISSING}")
    failed = JsonPatchError(f"testing value {path} failed: {TEST_FAILED}")
    if path == "":
        if not _equal(root[0], op.get("value")):
            raise failed
        return
    container, key = _find(root, path)
    if container is None:
        raise JsonPatchError(f"test operation does not apply: is missing path: {path}: {MISSING}")
    try:
        value = _get(container, key)
    except JsonPatchError as e:
        raise JsonPatchError(f"error in test for path: '{path}': {e}") from None
    expected = op.get("value")
    if value is None and expected is None:
        return
    if value is None or expected is None or not _equal(value, expected):
        raise failed


def _equal(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


_OPS = {"add": _op_add, "remove": _op_remove, "replace": _op_replace, "move": _op_move,
        "copy": _op_copy, "test": _op_test}


def _clone(value):
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v) for v in value]
    return value


def merge_patch(target, patch):
    """RFC 7386 on two objects: keys merge, null deletes, anything else (lists too) replaces."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
            continue
        current = target.get(key)
        if not isinstance(current, dict):
            target[key] = _prune_nulls(_clone(value))
        elif not isinstance(value, dict):
            target[key] = _clone(value)
        else:
            merge_patch(current, value)
    return target


def _prune_nulls(value):
    """Drop nulls from objects (arrays keep theirs), as the merge does for values it adds."""
    if isinstance(value, dict):
        return {k: _prune_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune_nulls(v) if v is not None else None for v in value]
    return value


def merge_patch_diff(original, modified):
    """The RFC 7386 patch that turns `original` into `modified` (evanphx CreateMergePatch)."""
    patch = {}
    for key, new in modified.items():
        if key not in original:
            patch[key] = new
            continue
        old = original[key]
        if isinstance(old, dict) and isinstance(new, dict):
            inner = merge_patch_diff(old, new)
            if inner:
                patch[key] = inner
        elif not _equal(old, new):  # Go decodes every number as float64, so 1 and 1.0 are equal
            patch[key] = new
    for key in original:
        if key not in modified:
            patch[key] = None
    return patch
