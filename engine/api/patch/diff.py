"""Creating strategic merge patches on the client (kubectl apply, edit, label, scale): the two-way
diff of two documents and kubectl apply's three-way patch, as apimachinery's strategicpatch does."""
from collections import namedtuple

import yaml

from ..gofmt import client_type, go_type, go_v, sort_keys
from .meta import PatchError, lookup, strategy_of
from .strategic import (DELETE_FROM_PRIMITIVE_LIST, DIRECTIVE, RETAIN_KEYS, SET_ELEMENT_ORDER,
                        dedupe, element_kind, merge_key_equal, merge_map, no_merge_key,
                        normalize_slice_order)

Options = namedtuple("Options", "set_element_order ignore_changes ignore_deletions retain_keys",
                     defaults=(False, False, False, False))


def diff_maps(original, modified, schema, opts):
    """The patch that turns `original` into `modified` (limited by opts to additions or deletions)."""
    patch = {}
    retain = []
    for key, new in modified.items():
        if opts.retain_keys and new is not None:
            retain.append(key)
        if key not in original:
            if not opts.ignore_changes:
                patch[key] = new
            continue
        old = original[key]
        if key == DIRECTIVE:
            if not isinstance(old, str) or not isinstance(new, str):
                raise PatchError(f"invalid value for special key: {DIRECTIVE}")
            if new != old:
                patch[key] = new
            continue
        if client_type(old) != client_type(new):
            if not opts.ignore_changes:
                patch[key] = new
            continue
        if isinstance(old, dict):
            _diff_map_field(key, old, new, patch, schema, opts)
        elif isinstance(old, list):
            _diff_list_field(key, old, new, patch, schema, opts)
        elif not opts.ignore_changes and old != new:
            patch[key] = new
    if not opts.ignore_deletions:
        for key in original:
            if key not in modified:
                patch[key] = None
    if retain and (patch or any(v is not None and k not in modified for k, v in original.items())):
        patch[RETAIN_KEYS] = sort_scalars(retain)
    return patch


def _diff_map_field(key, old, new, patch, schema, opts):
    try:
        sub, strategies, _ = lookup(schema, key, False, client=True)
    except PatchError:
        if old == new:
            return
        raise
    retain, strategy = strategy_of(strategies)
    if strategy == "replace":
        if not opts.ignore_changes:
            patch[key] = new
        return
    value = diff_maps(old, new, sub, opts._replace(retain_keys=retain))
    if value:
        patch[key] = value


def _diff_list_field(key, old, new, patch, schema, opts):
    try:
        sub, strategies, merge_key = lookup(schema, key, True, client=True)
    except PatchError:
        if old == new:
            return
        raise
    retain, strategy = strategy_of(strategies)
    if strategy != "merge":
        if not opts.ignore_changes and old != new:
            patch[key] = new
        return
    additions, deletions, order = diff_lists(old, new, sub, merge_key, opts._replace(retain_keys=retain))
    if additions:
        patch[key] = additions
    if deletions:
        patch[f"{DELETE_FROM_PRIMITIVE_LIST}/{key}"] = deletions
    if order:
        patch[f"{SET_ELEMENT_ORDER}/{key}"] = order


def diff_lists(original, modified, schema, merge_key, opts):
    """(patch list, parallel deletion list, $setElementOrder list) for a list with merge strategy."""
    if not original:
        if not modified or opts.ignore_changes:
            return None, None, None
        return modified, None, None
    kind = element_kind(original, modified)
    order = None
    if kind == "map":
        additions, deletions = _diff_lists_of_maps(original, modified, schema, merge_key, opts)
        additions = normalize_slice_order(additions, modified, merge_key, kind)
        same_order = len(original) == len(modified) and all(
            merge_key_equal(a, b, merge_key) for a, b in zip(original, modified))
        additions = additions + deletions
        deletions = None
        if opts.set_element_order and ((not opts.ignore_changes and (additions or not same_order))
                                       or (not opts.ignore_deletions and additions)):
            order = [{merge_key: item[merge_key]} for item in modified]
    else:
        additions, deletions = _diff_lists_of_scalars(original, modified, opts)
        additions = normalize_slice_order(additions, modified, merge_key, kind)
        # Go sorts the original list in place before this comparison, so only content counts
        if opts.set_element_order and ((not opts.ignore_deletions and deletions)
                                       or (not opts.ignore_changes and sort_scalars(original) != modified)):
            order = modified
    return additions, deletions, order


def _diff_lists_of_scalars(original, modified, opts):
    old, new = sort_scalars(original), sort_scalars(modified)
    additions, deletions = [], []
    i = j = 0
    while i < len(old) or j < len(new):
        a = go_v(old[i]) if i < len(old) else None
        b = go_v(new[j]) if j < len(new) else None
        if a is not None and b is not None and a == b:
            i += 1
            j += 1
        elif a is None or (b is not None and a > b):
            if not opts.ignore_changes:
                additions.append(new[j])
            j += 1
        else:
            if not opts.ignore_deletions:
                deletions.append(old[i])
            i += 1
    return additions, dedupe(deletions)


def _diff_lists_of_maps(original, modified, schema, merge_key, opts):
    old, new = _sort_by_key(original, merge_key), _sort_by_key(modified, merge_key)
    additions, deletions = [], []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old):
            a_item, a_value = _item_and_key(old[i], merge_key)
            a = go_v(a_value)
        if j < len(new):
            b_item, b_value = _item_and_key(new[j], merge_key)
            b = go_v(b_value)
        if i < len(old) and j < len(new) and a == b:
            value = diff_maps(a_item, b_item, schema, opts)
            if value:
                value[merge_key] = b_value
                additions.append(value)
            i += 1
            j += 1
        elif i >= len(old) or (j < len(new) and a > b):
            if not opts.ignore_changes:
                additions.append(b_item)
            j += 1
        else:
            if not opts.ignore_deletions:
                deletions.append({merge_key: a_value, DIRECTIVE: "delete"})
            i += 1
    return additions, deletions


def _item_and_key(item, merge_key):
    if not isinstance(item, dict):
        raise PatchError(f"expected a map[string]interface {{}}, but received a {go_type(item)}")
    if merge_key not in item:
        raise no_merge_key(item, merge_key)
    return item, item[merge_key]


def _sort_by_key(items, merge_key):
    return sorted(items, key=lambda item: go_v(item.get(merge_key)) if isinstance(item, dict) else "")


def sort_scalars(items):
    return sorted(items, key=go_v)


def create_two_way(original, modified, schema):
    patch = diff_maps(original or {}, modified or {}, schema, Options(set_element_order=True))
    return sort_keys(patch)


def create_three_way(original, modified, current, schema, overwrite=True):
    """kubectl apply's patch: changes from current to modified, plus deletions from original
    (the last-applied configuration) to modified; fields only others set are kept."""
    original, modified, current = original or {}, modified or {}, current or {}
    delta = diff_maps(current, modified, schema, Options(set_element_order=True, ignore_deletions=True))
    deletions = diff_maps(original, modified, schema, Options(set_element_order=True, ignore_changes=True))
    patch = merge_map(deletions, delta, schema, server=False)
    if not overwrite:
        changed = diff_maps(original, current, schema, Options())
        if maps_conflict(patch, changed, schema):
            raise PatchError(f"patch:\n{to_yaml(patch)}\nconflicts with changes made from original to current:\n"
                             f"{to_yaml(changed)}\n", "conflict")
    return sort_keys(patch)


def to_yaml(value):
    return yaml.safe_dump(value, default_flow_style=False, sort_keys=True)


def maps_conflict(left, right, schema):
    """MergingMapsHaveConflicts: do two patches change a key in different ways?"""
    return _conflict(left, right, schema, "", "")


def _conflict(left, right, schema, strategy, merge_key):
    if isinstance(left, dict):
        if not isinstance(right, dict):
            return True
        if (DIRECTIVE in left) != (DIRECTIVE in right) or left.get(DIRECTIVE) != right.get(DIRECTIVE):
            return True
        if strategy == "replace":
            return False
        for key, value in left.items():
            if key in (DIRECTIVE, RETAIN_KEYS) or key not in right:
                continue
            sub, inner_strategy, inner_key = None, "", ""
            if isinstance(value, (dict, list)):
                sub, strategies, inner_key = lookup(schema, key, isinstance(value, list), client=True)
                inner_strategy = strategy_of(strategies)[1]
            if _conflict(value, right[key], sub, inner_strategy, inner_key):
                return True
        return False
    if isinstance(left, list):
        if not isinstance(right, list):
            return True
        kind = element_kind(left, right)
        if strategy == "merge":
            if kind != "map":
                return False
            lefts = {go_v(i[merge_key]): i for i in left}
            rights = {go_v(i[merge_key]): i for i in right}
            return any(_conflict(v, rights[k], schema, "", "") for k, v in lefts.items() if k in rights)
        if len(left) != len(right):
            return True
        if kind != "map":
            left, right = sort_scalars(dedupe(left)), sort_scalars(dedupe(right))
        return any(_conflict(a, b, schema, "", "") for a, b in zip(left, right))
    return client_type(left) != client_type(right) or left != right
