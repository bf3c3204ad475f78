"""The field manager's fast paths compute what the plain walk did: Compare over real objects and mutated
copies of them (both directions, key order included) and set differences."""
import json
import random

from engine import Cluster
from engine.api import managedfields as mf
from engine.api.managedfields import DEDUCED, MISSING, _index, _node, _parts, _same_number


# ---- the reference: Compare and difference as they were before the fast paths (HEAD 40e7287) -----------
def ref_compare(lhs, rhs, t):
    """(changed, removed): the fields added or modified from lhs to rhs, and those removed (Compare)."""
    changed, removed = {}, {}
    _ref_cmp(lhs, rhs, t, changed, removed, None)
    return changed.get("", {}), removed.get("", {})


def _ref_leaf(lhs, rhs, changed, removed, key):
    if lhs is MISSING:
        changed[key] = {}
    elif rhs is MISSING:
        removed[key] = {}
    elif lhs != rhs or lhs.__class__ is not rhs.__class__ and not _same_number(lhs, rhs):
        changed[key] = {}


def _ref_cmp(lhs, rhs, t, changed_out, removed_out, key):
    """Compare one path (stored under `key` of the outputs; None for the root, kept under "")."""
    key = "" if key is None else key
    probe = rhs if rhs is not MISSING and rhs is not None else lhs
    cls = probe.__class__
    if cls is dict and t.kind != "scalar" and t.kind != "list" and not t.atomic:
        lmap = lhs if lhs.__class__ is dict else {}
        rmap = rhs if rhs.__class__ is dict else {}
        if not lmap and not rmap:
            return _ref_leaf(lhs, rhs, changed_out, removed_out, key)
        changed, removed = {}, {}
        is_map = t.kind == "map"
        for k, lv in lmap.items():
            rv = rmap.get(k, MISSING)
            if rv is lv or (rv.__class__ is lv.__class__ and rv == lv):
                continue  # unchanged (compared in C, most of an update is)
            _ref_cmp(lv, rv, t.field(k) if is_map else DEDUCED, changed, removed, "f:" + k)
        for k, rv in rmap.items():
            if k not in lmap:
                _ref_cmp(MISSING, rv, t.field(k) if is_map else DEDUCED, changed, removed, "f:" + k)
        _ref_store(changed_out, removed_out, key, changed, removed, lhs, rhs)
        return
    if cls is list and t.kind == "list" and not t.atomic:
        llist = lhs if lhs.__class__ is list else []
        rlist = rhs if rhs.__class__ is list else []
        if not llist and not rlist:
            return _ref_leaf(lhs, rhs, changed_out, removed_out, key)
        changed, removed = {}, {}
        elem = t.element()
        lvals, rvals = _index(t, llist), _index(t, rlist)
        for pe, ls in lvals.items():
            rs = rvals.get(pe, ())
            if len(ls) <= 1 and len(rs) <= 1:
                if not rs or (ls[0] is not rs[0] and ls[0] != rs[0]):
                    _ref_cmp(ls[0], rs[0] if rs else MISSING, elem, changed, removed, pe)
            elif len(ls) >= 2 and len(rs) >= 2:
                if ls != rs:
                    changed[pe] = {}
            elif len(ls) >= 2:
                removed[pe] = {}
            else:
                changed[pe] = {}
        for pe, rs in rvals.items():
            if pe not in lvals:
                if len(rs) == 1:
                    _ref_cmp(MISSING, rs[0], elem, changed, removed, pe)
                else:
                    changed[pe] = {}
        _ref_store(changed_out, removed_out, key, changed, removed, lhs, rhs)
        return
    _ref_leaf(lhs, rhs, changed_out, removed_out, key)


def _ref_store(changed_out, removed_out, key, changed, removed, lhs, rhs):
    node = _node(lhs is MISSING, changed)
    if node is not None:
        changed_out[key] = node
    node = _node(rhs is MISSING, removed)
    if node is not None:
        removed_out[key] = node


def ref_difference(a, b):
    if not a or not b:
        return a
    out = {}
    for key, av in a.items():
        bv = b.get(key)
        if bv is None:
            out[key] = av
        elif key != ".":
            am, ac = _parts(av)
            bm, bc = _parts(bv)
            node = _node(am and not bm, ref_difference(ac, bc))
            if node is not None:
                out[key] = node
    return out


def exact(value):
    """JSON text in the dicts' own key order: equal only if the sets are equal and built in the same order."""
    return json.dumps(value)


# ---- shapes -----------------------------------------------------------------------------------------
RESOURCES = ("pods", "nodes", "deployments", "replicasets", "services", "endpointslices", "events", "leases",
             "configmaps", "daemonsets", "serviceaccounts", "jobs")


def session():
    """(resource, [versions of each object]) from a small cluster's watches: boot, a Deployment scaled and
    rolled, a Service, a Job and a ConfigMap edited."""
    c = Cluster(workers=1)
    seen = {}

    def recorder(resource):
        def record(kind, obj):
            meta = obj["metadata"]
            seen.setdefault((resource, meta.get("namespace"), meta["name"]), []).append(mf.without_managed(obj))
        return record

    for resource in RESOURCES:
        for obj in c.api.list(resource)["items"]:
            recorder(resource)("ADDED", obj)
        c.api.watch(resource, recorder(resource))
    for command in ("create deployment web --image=nginx --replicas=2 --port=80", "expose deployment web",
                    "create configmap cfg --from-literal=a=1 --from-literal=b=2",
                    "create job j --image=busybox -- echo hi"):
        c.kubectl(command)
    c.advance(15)
    c.kubectl("scale deployment web --replicas=3")
    c.kubectl("set image deployment/web nginx=nginx:1.27")
    c.kubectl("label configmap cfg x=y")
    c.advance(30)
    return c, seen


def mutations(obj, rng, count):
    """Copies of obj with random edits: keys dropped, values nulled, emptied, retyped, list items
    duplicated, dropped, reordered or added."""
    out = []
    for _ in range(count):
        copy = json.loads(json.dumps(obj))
        for _ in range(rng.randint(1, 4)):
            _mutate(copy, rng)
        out.append(copy)
    return out


def _containers(value, path=()):
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _containers(v)
    elif isinstance(value, list):
        yield value
        for v in value:
            yield from _containers(v)


def _mutate(obj, rng):
    target = rng.choice(list(_containers(obj)))
    if isinstance(target, dict):
        if not target:
            target["added"] = rng.choice([1, "x", None, {}, [], {"a": 1}])
            return
        key = rng.choice(sorted(target))
        value = target[key]
        edit = rng.randrange(8)
        if edit == 0:
            del target[key]
        elif edit == 1:
            target[key] = None
        elif edit == 2:
            target[key] = {} if isinstance(value, dict) else [] if isinstance(value, list) else value
        elif edit == 3 and isinstance(value, bool):
            target[key] = int(value)
        elif edit == 3 and isinstance(value, (int, float)):
            target[key] = float(value) if isinstance(value, int) else int(value)
        elif edit == 4:
            target[key] = "changed"
        elif edit == 5:
            target["extra" + str(rng.randrange(3))] = rng.choice([1, "x", {"a": {"b": 1}}, [1, 2], [{"name": "n"}]])
        elif edit == 6:
            target[key] = {"unexpected": value}
        else:
            target[key] = [value, value]
    elif target:
        edit = rng.randrange(5)
        i = rng.randrange(len(target))
        if edit == 0:
            target.append(json.loads(json.dumps(target[i])))  # a duplicate key
        elif edit == 1:
            del target[i]
        elif edit == 2:
            target.reverse()
        elif edit == 3 and isinstance(target[i], dict):
            target[i] = dict(target[i], name="other" + str(rng.randrange(3)))
        else:
            target.insert(i, rng.choice(["v", 3, None, {"name": "new"}, {"port": 99, "protocol": "UDP"}]))
    else:
        target.append(rng.choice(["v", {"name": "n", "value": "x"}, {}]))


def test_compare_and_difference_match_the_plain_walk_over_real_and_mutated_objects():
    c, seen = session()
    rng = random.Random(7)
    pairs = creates = diffs = 0
    for (resource_name, _, _), versions in sorted(seen.items(), key=lambda kv: repr(kv[0])):
        resource = c.api.resource(resource_name)
        t = mf.for_resource(resource)
        zero = mf.zero_object(resource)
        shapes = versions + mutations(versions[-1], rng, 6)
        for obj in shapes:
            assert exact(mf.compare(zero, obj, t)) == exact(ref_compare(zero, obj, t))
            creates += 1
        for lhs, rhs in zip(shapes, shapes[1:] + shapes[:1]):
            for a, b in ((lhs, rhs), (rhs, lhs)):
                got, want = mf.compare(a, b, t), ref_compare(a, b, t)
                assert exact(got) == exact(want), (resource_name, a, b)
                pairs += 1
                owned = mf.field_set(a, t)
                for taken in want:
                    assert exact(mf.difference(owned, taken)) == exact(ref_difference(owned, taken))
                    assert exact(mf.difference(taken, owned)) == exact(ref_difference(taken, owned))
                    diffs += 2
    assert pairs > 2000 and creates > 1000 and diffs > 2000  # the session and the mutations were all walked


def test_difference_returns_its_input_when_nothing_is_taken_and_keeps_the_dot_first():
    owned = {"f:spec": {"f:replicas": {}}, "f:metadata": {"f:labels": {".": {}, "f:app": {}}}}
    assert mf.difference(owned, {"f:status": {"f:phase": {}}}) is owned
    assert mf.difference(owned, {"f:metadata": {"f:annotations": {}}}) is owned
    # a member's "." comes first whatever order the given managedFields had, as the plain walk builds it
    given = {"f:data": {"f:a": {}, ".": {}}}
    assert exact(mf.difference(given, {"f:data": {"f:b": {}}})) == exact({"f:data": {".": {}, "f:a": {}}})
    assert mf.difference(given, {"f:data": {".": {}}}) == {"f:data": {"f:a": {}}}
