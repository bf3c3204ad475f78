"""Server-side apply (application/apply-patch+yaml) as structured-merge-diff's Updater.Apply does it: the
applied configuration merged into the live object by the schema, the applier's dropped fields pruned,
other managers' changed fields reported as conflicts (or taken with force)."""
import json

from .. import managedfields as mf
from ..errors import ApiError, bad_request
from ..managedfields import MISSING, difference, field_set, intersection, union

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
BEFORE_FIRST_APPLY = "before-first-apply"


class Conflicts(Exception):
    def __init__(self, conflicts):
        super().__init__("conflicts")
        self.conflicts = conflicts  # [(identity, path)]


def conflict_error(conflicts):
    """NewConflictError: 409 Conflict with a FieldManagerConflict cause per field."""
    causes = [{"reason": "FieldManagerConflict", "message": f"conflict with {mf.describe_manager(i)}",
               "field": mf.path_string(p)} for i, p in conflicts]
    if len(conflicts) == 1:
        ident, path = conflicts[0]
        message = f"Apply failed with 1 conflict: conflict with {mf.describe_manager(ident)}: {mf.path_string(path)}"
    else:
        by_manager = {}
        for ident, path in conflicts:
            by_manager.setdefault(mf.describe_manager(ident), []).append(path)
        lines = []
        for manager in sorted(by_manager, key=lambda m: json.loads(m.split(" ", 1)[0])):
            lines.append(f"conflicts with {manager}:")
            lines += [f"- {mf.path_string(p)}" for p in by_manager[manager]]
        message = f"Apply failed with {len(conflicts)} conflicts: " + "\n".join(lines)
    return ApiError(409, "Conflict", message, {"causes": causes})


def apply(live, config, resource, entries, manager, force, api_version, subresource, now):
    """(the new object or None when nothing changes, its managedFields) for an apply by `manager`."""
    kind = (config.get("apiVersion"), config.get("kind"))
    if kind != (resource.api_version, resource.kind):
        group, _, version = (config.get("apiVersion") or "").rpartition("/")
        raise bad_request(f"invalid object type: {config.get('apiVersion') or ''}, Kind={config.get('kind') or ''}"
                          if group or version else f"invalid object type: /, Kind={config.get('kind') or ''}")
    if "managedFields" in (config.get("metadata") or {}):
        raise bad_request("metadata.managedFields must be nil")
    t = mf.for_resource(resource)
    managed = mf.decode(entries)
    if not managed:  # skipNonAppliedManager: whatever exists belongs to "before-first-apply"
        changed, _ = mf.compare(mf.zero_object(resource), _without_managed(live), t)
        owned = mf.strip_meta(changed)
        if owned:
            managed[(BEFORE_FIRST_APPLY, "Update", api_version, subresource or "")] = [owned, api_version, False, now]
    ident = (manager or "unknown", "Apply", "", subresource or "")
    try:
        result, managed = _apply(live, config, t, managed, ident, api_version, force, resource)
    except Conflicts as e:
        if manager != "kubectl":
            raise conflict_error(e.conflicts) from None
        allowed = _allowed_from_last_applied(live, t, api_version)
        remaining = [(i, p) for i, p in e.conflicts if allowed is None or not mf.has(allowed, p)]
        if remaining:
            raise conflict_error(remaining) from None
        result, managed = _apply(live, config, t, managed, ident, api_version, True, resource)
    mine = managed.get(ident)
    if mine is not None:
        stripped = mf.strip_meta(mine[0])
        if stripped:
            managed[ident] = [stripped, api_version, True, now if result is not None else mine[3]]
        else:
            del managed[ident]
    if result is None:
        return None, mf.encode(managed)
    if manager == "kubectl" and LAST_APPLIED in ((result.get("metadata") or {}).get("annotations") or {}):
        result["metadata"]["annotations"][LAST_APPLIED] = _last_applied(config)
    return result, mf.encode(managed)


def _without_managed(obj):
    meta = obj.get("metadata") or {}
    if "managedFields" not in meta:
        return obj
    return dict(obj, metadata={k: v for k, v in meta.items() if k != "managedFields"})


def _apply(live, config, t, managed, ident, api_version, force, resource):
    """Updater.Apply: merge, set the applier's fields, prune what it dropped, settle the others (the
    strategy's reset fields, status on the main resource, are nobody's)."""
    live = _without_managed(live)
    merged = merge(live, config, t)
    last = managed.get(ident)
    subresource = ident[3] or None
    applied = mf.reset_fields(resource, subresource, field_set(config, t))
    managed = dict(managed)
    managed[ident] = [applied, api_version, True, last[3] if last else None]
    if last and last[0]:
        merged = _prune(merged, managed, last[0], t)
    changed, removed = mf.compare(live, merged, t)
    changed, removed = mf.reset_fields(resource, subresource, changed), mf.reset_fields(resource, subresource, removed)
    conflicts = []
    for other, entry in sorted(managed.items(), key=lambda kv: json.dumps(kv[0])):
        if other == ident:
            continue
        clash = intersection(entry[0], changed)
        if clash:
            conflicts += [(other, path) for path in mf.leaves(clash)]
    if conflicts and not force:
        raise Conflicts(conflicts)
    mf.take_away(managed, ident, changed, removed)
    return (None if merged == live else merged), managed


def _prune(merged, managed, last, t):
    """Updater.prune: what the applier owned before and no manager owns now is removed."""
    last = ensure_named(last, t)
    pruned = remove_items(merged, last, t)
    every = {}
    for fields, _, _, _ in managed.values():
        every = union(every, fields)
    merged_set = ensure_named(field_set(merged, t), t)
    pruned_set = ensure_named(field_set(pruned, t), t)
    pruned = remove_items(merged, difference(merged_set, union(pruned_set, ensure_named(every, t))), t)
    pruned_set = ensure_named(field_set(pruned, t), t)
    return remove_items(merged, intersection(difference(merged_set, pruned_set), last), t)


def _allowed_from_last_applied(live, t, api_version):
    """lastAppliedManager: the conflicts a first server-side apply may override, the fields whose value is
    still the one client-side apply last set (None when there is no usable annotation)."""
    text = ((live.get("metadata") or {}).get("annotations") or {}).get(LAST_APPLIED)
    if not text:
        return None
    try:
        last = json.loads(text)
    except ValueError:
        return None
    if not isinstance(last, dict) or last.get("apiVersion") != api_version:
        return None
    fields = field_set(last, t)
    changed, removed = mf.compare(last, _without_managed(live), t)
    return difference(difference(fields, changed), removed)


def _last_applied(config):
    obj = json.loads(json.dumps(config))
    annotations = (obj.get("metadata") or {}).get("annotations")
    if annotations is not None:
        annotations.pop(LAST_APPLIED, None)
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


# ---- merge, remove and named fields ------------------------------------------------------------------
def merge(lhs, rhs, t):
    """typed.Merge with the applied configuration winning every leaf (lhs live, rhs applied)."""
    out = _merge(lhs, rhs, t)
    return {} if out is MISSING else out


def _merge(lhs, rhs, t):
    if rhs is MISSING:
        return lhs
    if lhs is MISSING:
        lhs_probe = rhs
    else:
        lhs_probe = lhs
    probe = rhs if rhs is not None else lhs_probe
    if probe.__class__ is dict and t.kind not in ("scalar", "list") and not t.atomic:
        lmap = lhs if lhs.__class__ is dict else {}
        rmap = rhs if rhs.__class__ is dict else {}
        if not lmap and not rmap:
            return rhs
        out = {}
        is_map = t.kind == "map"
        for key in list(lmap) + [k for k in rmap if k not in lmap]:
            value = _merge(lmap.get(key, MISSING), rmap.get(key, MISSING), t.field(key) if is_map else mf.DEDUCED)
            if value is not MISSING:
                out[key] = value
        return out or MISSING
    if probe.__class__ is list and t.kind == "list" and not t.atomic:
        llist = lhs if lhs.__class__ is list else []
        rlist = rhs if rhs.__class__ is list else []
        if not llist and not rlist:
            return rhs
        out = _merge_list(t, llist, rlist)
        return out or MISSING
    return rhs


def _merge_list(t, lhs, rhs):
    """visitListItems: the live order kept, the applied items placed in the applied order."""
    elem = t.element()
    rpes, robserved = _observe(t, rhs)
    lpes, lobserved = _observe(t, lhs)
    shared = [pe for pe in rpes if pe in lobserved]
    next_shared = shared.pop(0) if shared else None
    merged_rhs = set()
    out = []
    li = ri = 0
    while li < len(lpes) or ri < len(rpes):
        if li < len(lpes) and ri < len(rpes):
            pe = lpes[li]
            if pe == rpes[ri]:
                merged_rhs.add(pe)
                value = _merge(lobserved[pe], robserved[pe], elem)
                if value is not MISSING:
                    out.append(value)
                li += 1
                ri += 1
                next_shared = shared.pop(0) if shared else None
                continue
            if pe in robserved and next_shared is not None and next_shared != lpes[li]:
                li += 1
                continue
        if li < len(lpes):
            pe = lpes[li]
            if pe not in robserved:
                value = _merge(lobserved[pe], MISSING, elem)
                if value is not MISSING:
                    out.append(value)
                li += 1
                continue
            elif pe in merged_rhs:
                li += 1
        if ri < len(rpes):
            pe = rpes[ri]
            merged_rhs.add(pe)
            value = _merge(lobserved.get(pe, MISSING), robserved[pe], elem)
            if value is not MISSING:
                out.append(value)
            ri += 1
            if next_shared is not None and next_shared == pe:
                next_shared = shared.pop(0) if shared else None
    return out


def _observe(t, items):
    pes, observed = [], {}
    for item in items:
        pe = mf.item_key(t, item)
        if pe is None:
            raise bad_request(_item_error(t, item, items.index(item)))
        if pe in observed:
            observed[pe] = None
        else:
            observed[pe] = item
        pes.append(pe)
    return pes, observed


def _item_error(t, item, index):
    if t.keys:
        if not isinstance(item, dict):
            return f"element {index}: associative list with keys may not have non-map elements"
        missing = next(k for k in t.keys if k not in item and k not in t.key_defaults)
        return (f"element {index}: associative list with keys has an element that omits key field "
                f'"{missing}" (and doesn\'t have default value)')
    return f"element {index}: associative list without keys has an element that's a map type"


def remove_items(value, to_remove, t):
    """typed.RemoveItems: the value without the fields that are members of the set."""
    if not to_remove:
        return value
    if value.__class__ is dict:
        if t.kind in ("scalar", "list") or t.atomic or not value:
            return value
        out = {}
        is_map = t.kind == "map"
        for key, item in value.items():
            node = to_remove.get("f:" + key)
            if node is None:
                out[key] = item
                continue
            member, children = mf._parts(node)
            if member:
                continue
            out[key] = remove_items(item, children, t.field(key) if is_map else mf.DEDUCED)
        return out
    if value.__class__ is list:
        if t.kind != "list" or t.atomic or not value:
            return value
        out = []
        elem = t.element()
        for item in value:
            pe = mf.item_key(t, item)
            node = to_remove.get(pe) if pe is not None else None
            if node is None:
                out.append(item)
                continue
            member, children = mf._parts(node)
            if member:
                continue
            out.append(remove_items(item, children, elem))
        return out
    return value


def ensure_named(s, t):
    """EnsureNamedFieldsAreMembers: a struct's fields with children count as members too."""
    if not s:
        return s
    out = {}
    for key, node in s.items():
        if key == ".":
            out[key] = node
            continue
        member, children = mf._parts(node)
        if key.startswith("f:") and t.kind == "map":
            child_type = t.field(key[2:])
            member = member or t.is_field(key[2:])
        elif key.startswith("k:") and t.kind == "list":
            child_type = t.element()
        else:
            child_type = mf.DEDUCED
        out[key] = mf._node(member, ensure_named(children, child_type))
    return out


# ---- the PATCH request --------------------------------------------------------------------------------
def serve(server, resource, name, namespace, body, subresource, dry_run, manager, force):
    """PATCH with application/apply-patch+yaml: apply to the live object, or create it when absent."""
    manager = manager or server.field_manager
    force = force if force is not None else getattr(server, "apply_force", False)
    if not manager:
        raise ApiError(422, "Invalid", 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: '
                       "is required for apply patch",
                       {"group": "meta.k8s.io", "kind": "PatchOptions",
                        "causes": [{"reason": "FieldValueRequired", "message": "Required value: is required for "
                                    "apply patch", "field": "fieldManager"}]})
    config = _parse(body)
    meta = config.get("metadata") if isinstance(config.get("metadata"), dict) else {}
    if meta.get("name", name) != name:
        raise bad_request(f"the name of the object ({meta.get('name')}) does not match the name on the URL ({name})")
    now = server.clock.timestamp()
    try:
        live = server.get(resource, name, namespace)
    except ApiError as e:
        if e.code != 404 or subresource:
            raise
        live = None
    if live is None:
        obj, entries = apply({}, config, resource, [], manager, force, resource.api_version, "", now)
        obj = obj or {}
        obj.setdefault("metadata", {})["name"] = name
        if entries:
            obj["metadata"]["managedFields"] = entries
        return server.create(resource, obj, namespace=namespace, dry_run=dry_run, field_manager=False)

    def mutate(current):
        result, entries = apply(current, config, resource, current["metadata"].get("managedFields"), manager,
                                force, resource.api_version, subresource, now)
        out = result if result is not None else current
        out.setdefault("metadata", {})
        if entries:
            out["metadata"]["managedFields"] = entries
        else:
            out["metadata"].pop("managedFields", None)
        return out

    return server._update(resource, namespace, name, mutate, subresource, dry_run, from_patch=True, manager=False)


def _parse(body):
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            import yaml
            try:
                body = yaml.safe_load(body)
            except yaml.YAMLError as e:
                raise bad_request(f"error decoding YAML: {e}") from None
    if not isinstance(body, dict):
        raise bad_request("error decoding YAML: error unmarshaling JSON: while decoding JSON: "
                          "Object 'Kind' is missing in 'null'" if body is None else
                          "error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot "
                          "unmarshal array into Go value of type map[string]interface {}")
    return body
