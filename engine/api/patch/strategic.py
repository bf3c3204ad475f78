"""Applying a strategic merge patch (apimachinery's mergeMap): maps merge, lists merge by their
merge key or are replaced, and the $patch / $retainKeys / $setElementOrder / $deleteFromPrimitiveList
directives. With server=False it merges two patches into one, as CreateThreeWayMergePatch does."""
from ..gofmt import go_s, go_type, go_v
from .meta import PatchError, lookup, strategy_of, type_name

DIRECTIVE = "$patch"
RETAIN_KEYS = "$retainKeys"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList"
SET_ELEMENT_ORDER = "$setElementOrder"

BAD_PRIMITIVE_LIST = "invalid patch format of primitive list"
BAD_RETAIN_KEYS = "invalid patch format of retainKeys"
BAD_SET_ELEMENT_ORDER = "invalid patch format of setElementOrder list"
_MISSING = object()


def bad_arg_type(expected, actual):
    return PatchError(f"expected a {expected}, but received a {go_type(actual)}")


def no_merge_key(item, merge_key):
    return PatchError(f"map: {go_v(item)} does not contain declared merge key: {merge_key}")


def merge_map(original, patch, schema, server=True):
    """Merge `patch` into `original` (both are modified, as in Go) and return the result."""
    if DIRECTIVE in patch:
        return _map_directive(patch[DIRECTIVE], patch)
    if original is None:
        original = {}
    _apply_retain_keys(original, patch, server)
    _merge_ordered_lists(original, patch, schema, server)
    for key, value in list(patch.items()):
        is_delete_list = False
        if key.startswith(DELETE_FROM_PRIMITIVE_LIST):
            if not server:
                original[key] = value
                continue
            key = _extract_key(key, DELETE_FROM_PRIMITIVE_LIST, BAD_PRIMITIVE_LIST)
            is_delete_list = True
        if value is None:
            original.pop(key, None)
            if server:
                continue
        current = original.get(key, _MISSING)
        if current is _MISSING or go_type(current) != go_type(value):
            if not is_delete_list:
                _set_value(original, key, value, server)
        else:
            original[key] = _merge_value(key, current, value, schema, is_delete_list, server)
    return original


def _merge_value(key, current, value, schema, is_delete_list, server):
    """Merge two values of the same type by the field's patch strategy."""
    if isinstance(current, dict):
        sub, strategies, _ = lookup(schema, key, False, not server)
        if strategy_of(strategies)[1] == "replace":
            return value
        return merge_map(current, value, sub, server)
    if isinstance(current, list):
        sub, strategies, merge_key = lookup(schema, key, True, not server)
        strategy = strategy_of(strategies)[1]
        return merge_slice_handler(current, value, sub, strategy, merge_key, is_delete_list, server)
    return value


def _set_value(original, key, value, server):
    """Take the patch's value for a key the original lacks (or holds with another type)."""
    if server:
        discard_nulls(value)
    value, keep = remove_directives(value)
    if keep:
        original[key] = value
    else:
        original.pop(key, None)


def _map_directive(directive, patch):
    if directive == "replace":
        del patch[DIRECTIVE]
        return patch
    if directive == "delete":
        return {}
    raise PatchError(f"unknown patch type: {go_s(directive)} in map: {go_v(patch)}")


def _extract_key(key, prefix, error):
    head, _, rest = key.partition("/")
    if not _ or head != prefix:
        raise PatchError(error, "bad_request")
    return rest


def _apply_retain_keys(original, patch, server):
    if RETAIN_KEYS not in patch:
        return
    retain = patch.pop(RETAIN_KEYS)
    if not server:
        if RETAIN_KEYS in original and original[RETAIN_KEYS] != retain:
            raise PatchError(f"{go_v(original[RETAIN_KEYS])} and {go_v(retain)} are not deep equal: "
                             "this may happen when calculating the 3-way diff patch")
        original[RETAIN_KEYS] = retain
        return
    if not isinstance(retain, list):
        raise PatchError(BAD_RETAIN_KEYS, "bad_request")
    keep = {k for k in retain if isinstance(k, str)}
    for key, value in patch.items():
        if value is None or key.startswith((DELETE_FROM_PRIMITIVE_LIST, SET_ELEMENT_ORDER)):
            continue
        if key not in keep:
            raise PatchError(BAD_RETAIN_KEYS, "bad_request")
    for key in [k for k in original if k not in keep]:
        del original[key]


def _merge_ordered_lists(original, patch, schema, server):
    """Merge each list that has a $setElementOrder directive and put it in the directive's order
    (precedence: $setElementOrder, then the patch's order, then the live list's order)."""
    for directive in [k for k in patch if k.startswith(SET_ELEMENT_ORDER)]:
        order = patch.pop(directive)
        if not server:
            if directive in original and original[directive] != order:
                raise PatchError(BAD_SET_ELEMENT_ORDER, "bad_request")
            original[directive] = order
        if not isinstance(order, list):
            raise bad_arg_type("[]interface {}", order)
        key = _extract_key(directive, SET_ELEMENT_ORDER, BAD_SET_ELEMENT_ORDER)
        found_original, found_patch = key in original, key in patch
        original_list, patch_list = original.get(key), patch.get(key)
        if found_original and not isinstance(original_list, list):
            raise bad_arg_type("[]interface {}", original_list)
        if found_patch and not isinstance(patch_list, list):
            raise bad_arg_type("[]interface {}", patch_list)
        sub, strategies, merge_key = lookup(schema, key, True, not server)
        strategy = strategy_of(strategies)[1]
        _check_order(patch_list or [], order, merge_key)
        if found_original and not found_patch:
            merged = original_list
        elif found_patch and not found_original:
            merged = remove_directives(patch_list)[0]
        elif found_original:
            # Go edits the live list's array in place, so the order it compares against later shows
            # deletions shifted in and additions written over the tail; `seen` replays that
            seen = list(original_list)
            merged = merge_slice_handler(list(original_list), patch_list, sub, strategy, merge_key, False, server, seen)
            original_list = seen
        else:
            continue
        if merge_key:
            patch_items, server_only = _partition_maps(merged, order, merge_key)
        else:
            patch_items, server_only = _partition_primitives(merged, order)
        kind = element_kind(original_list or [], patch_list or [])
        original[key] = normalize_element_order(patch_items, server_only, order, original_list or [], merge_key, kind)
        patch.pop(key, None)


def _check_order(patch_list, order, merge_key):
    """The patch list's items must appear in the $setElementOrder list, in the same relative order."""
    if not order or not patch_list:
        return
    items = _split_deletions(patch_list)[0] if merge_key else patch_list
    i = j = 0
    while i < len(items) and j < len(order):
        if isinstance(items[i], dict) and DIRECTIVE in items[i]:
            i += 1
            continue
        if merge_key_equal(items[i], order[j], merge_key):
            i += 1
        j += 1
    if i < len(items) and j >= len(order):
        raise PatchError(f"The order in patch list:\n{go_v(patch_list)}\n doesn't match "
                         f"{SET_ELEMENT_ORDER} list:\n{go_v(order)}\n")


def merge_key_equal(left, right, merge_key):
    if not merge_key:
        return left == right
    for item in (left, right):
        if not isinstance(item, dict):
            raise bad_arg_type("map[string]interface {}", item)
        if merge_key not in item:
            raise no_merge_key(item, merge_key)
    return left[merge_key] == right[merge_key]


def merge_slice_handler(original, patch, schema, strategy, merge_key, is_delete_list, server, seen=None):
    if not isinstance(original, list):
        raise bad_arg_type("[]interface {}", original)
    if not isinstance(patch, list):
        raise bad_arg_type("[]interface {}", patch)
    if strategy == "merge" or is_delete_list:
        return merge_slice(original, patch, schema, merge_key, server, is_delete_list, seen)
    return patch


def merge_slice(original, patch, schema, merge_key, server, is_delete_list, seen=None):
    if not original and not patch:
        return original
    kind = element_kind(original, patch)
    if kind != "map":
        if server and is_delete_list:
            return _delete_from_slice(original, patch)
        merged = dedupe(original + patch)
    else:
        if not merge_key:
            raise PatchError(f"cannot merge lists without merge key for {type_name(schema)}")
        original, patch, replaced = _special_elements(original, patch, merge_key, seen)
        merged = _merge_by_key(list(original), patch, merge_key, schema, server, None if replaced else seen)
    if merge_key:
        patch_items, server_only = _partition_maps(merged, patch, merge_key)
    else:
        patch_items, server_only = _partition_primitives(merged, patch)
    return normalize_element_order(patch_items, server_only, patch, original, merge_key, kind)


def _special_elements(original, patch, merge_key, seen=None):
    """Apply `$patch: delete` items and detect `$patch: replace`; return (original, plain items,
    replaced)."""
    plain = []
    replace = False
    for item in patch:
        if DIRECTIVE not in item:
            plain.append(item)
            continue
        directive = item[DIRECTIVE]
        if directive == "delete":
            if merge_key not in item:
                raise no_merge_key(item, merge_key)
            value = item[merge_key]
            _check_maps(original)
            original = list(original)
            while (k := _find(original, merge_key, value)) is not None:
                if seen is not None:
                    seen[k:len(original) - 1] = seen[k + 1:len(original)]
                del original[k]
        elif directive == "replace":
            replace = True
        elif directive == "merge":
            raise PatchError("merging lists cannot yet be specified in the patch")
        else:
            raise PatchError(f"unknown patch type: {go_s(directive)} in map: {go_v(item)}")
    if replace:
        return plain, [], True
    return original, plain, False


def _check_maps(items):
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise PatchError(f"value for key {i} is not a map")


def _merge_by_key(original, patch, merge_key, schema, server, seen=None):
    _check_maps(original)
    positions = {}
    for i, item in enumerate(original):
        value = item.get(merge_key, _MISSING)
        if value is not _MISSING and _hashable(value):
            positions.setdefault(_key(value), i)
    for item in patch:
        if merge_key not in item:
            raise no_merge_key(item, merge_key)
        value = item[merge_key]
        i = positions.get(_key(value)) if _hashable(value) else _find(original, merge_key, value)
        if i is None:
            if _hashable(value):
                positions[_key(value)] = len(original)
            if seen is not None and len(original) < len(seen):
                seen[len(original)] = item
            original.append(item)
        else:
            original[i] = merge_map(original[i], item, schema, server)
    return original


def _find(items, merge_key, value):
    return next((i for i, o in enumerate(items) if o.get(merge_key, _MISSING) == value), None)


def _hashable(value):
    return not isinstance(value, (dict, list))


def _key(value):
    """A dict key that keeps Go's distinction between true and 1."""
    return (type(value) is bool, value)


def _delete_from_slice(current, to_delete):
    gone = {_key(v) for v in to_delete if _hashable(v)}
    return [v for v in current if not (_hashable(v) and _key(v) in gone)]


def dedupe(items):
    seen, out = set(), []
    for item in items:
        k = _key(item) if _hashable(item) else repr(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def element_kind(*lists):
    """The common Go kind of the lists' elements ("map", "string", "int64", ...)."""
    kind = None
    for items in lists:
        for item in items:
            current = "map" if isinstance(item, dict) else go_type(item)
            if kind is None:
                if isinstance(item, list):
                    raise PatchError("lists of lists are not supported", "unprocessable")
                kind = current
            elif kind != current:
                raise PatchError(f"list element types are not identical: [{' '.join(go_v(list(x)) for x in lists)}]")
    if kind is None:
        raise PatchError("no elements in any of the given slices")
    return kind


def _split_deletions(items):
    keep, delete = [], []
    for item in items:
        if not isinstance(item, dict):
            raise bad_arg_type("map[string]interface {}", item)
        (delete if item.get(DIRECTIVE) == "delete" else keep).append(item)
    return keep, delete


def _partition_primitives(items, by):
    wanted = {_key(v) for v in by if _hashable(v)}
    inside, outside = [], []
    for item in items:
        (inside if _hashable(item) and _key(item) in wanted else outside).append(item)
    return inside, outside


def _partition_maps(items, by, merge_key):
    wanted = set()
    for v in by:
        if not isinstance(v, dict):
            raise PatchError("value for key 0 is not a map")
        if merge_key in v and _hashable(v[merge_key]):
            wanted.add(_key(v[merge_key]))
    inside, outside = [], []
    for item in items:
        if not isinstance(item, dict):
            raise bad_arg_type("map[string]interface {}", item)
        if merge_key not in item:
            raise no_merge_key(item, merge_key)
        value = item[merge_key]
        (inside if _hashable(value) and _key(value) in wanted else outside).append(item)
    return inside, outside


def _positions(order, merge_key, kind):
    """Index of each item of `order`, keyed by merge key value (maps) or by value (primitives)."""
    positions = {}
    for i, item in enumerate(order):
        value = item.get(merge_key) if kind == "map" and isinstance(item, dict) else item
        if _hashable(value):
            positions.setdefault(_key(value), i)
    return positions


def _position(positions, item, merge_key, kind):
    value = item.get(merge_key) if kind == "map" and isinstance(item, dict) else item
    return positions.get(_key(value), -1) if _hashable(value) else -1


def normalize_slice_order(items, order, merge_key, kind):
    """Sort `items` by their position in `order`; deletion directives go last."""
    deletions = []
    if kind == "map":
        for lst in (items, order):
            for item in lst:
                if not isinstance(item, dict):
                    raise bad_arg_type("map[string]interface {}", item)
                if merge_key not in item:
                    raise no_merge_key(item, merge_key)
        items, deletions = _split_deletions(items)
    positions = _positions(order, merge_key, kind)
    big = len(order)
    ranked = sorted(items, key=lambda item: (p if (p := _position(positions, item, merge_key, kind)) >= 0 else big))
    return ranked + deletions


def normalize_element_order(patch_items, server_only, patch_order, server_order, merge_key, kind):
    """Interleave the patch's items (in patch order) with server-only items (in live order)."""
    patch_items = normalize_slice_order(patch_items, patch_order, merge_key, kind)
    server_only = normalize_slice_order(server_only, server_order, merge_key, kind)
    positions = _positions(server_order, merge_key, kind)
    out, i, j = [], 0, 0
    while i < len(server_only) or j < len(patch_items):
        if i >= len(server_only):
            out.append(patch_items[j])
            j += 1
        elif j >= len(patch_items):
            out.append(server_only[i])
            i += 1
        else:
            left = _position(positions, server_only[i], merge_key, kind)
            right = _position(positions, patch_items[j], merge_key, kind)
            if left >= 0 and right >= 0 and left < right:
                out.append(server_only[i])
                i += 1
            else:
                out.append(patch_items[j])
                j += 1
    return out


def discard_nulls(value):
    """Drop null-valued keys everywhere in a patch value (what the server ignores in new fields)."""
    if isinstance(value, dict):
        for key in [k for k, v in value.items() if v is None]:
            del value[key]
        for v in value.values():
            discard_nulls(v)
    elif isinstance(value, list):
        for v in value:
            discard_nulls(v)


def remove_directives(value):
    """(value without directive maps, whether to keep it): a map carrying $patch is dropped."""
    if isinstance(value, dict):
        if DIRECTIVE in value:
            return None, False
        for key in list(value):
            inner, keep = remove_directives(value[key])
            if keep:
                value[key] = inner
            else:
                del value[key]
        return value, True
    if isinstance(value, list):
        out = []
        for item in value:
            inner, keep = remove_directives(item)
            if keep:
                out.append(inner)
        return out, True
    return value, True
