"""kube-apiserver: REST verbs over etcd with decoding, defaulting, admission, validation and watch.

Every component of the cluster, and kubectl, goes through an `APIServer`; nothing else reads the store."""
import uuid

from . import (admission, codec, componentstatus, crd, crd_table, defaults, errors, managedfields, reviews, schema,
               strategy, table, validation)
from .cache import ResourceCache
from .errors import ApiError, FieldError
from .patch import APPLY_PATCH, apply_patch
from .registry import Registry
from .selectors import (DEFAULT_FIELDS, FIELDS, SelectorError, attrs_match, equalities, field_value, fields_match,
                        matches, parse_field_selector, parse_label_selector)
from ..store import CompactedError, Compare

NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
GENERATE_NAME_RETRIES = 8
EVENT_TTL = 3600


def _nonzero_version(version):
    """What makes etcd3's Create refuse an object: a resourceVersion that ParseUint reads as non-zero."""
    return isinstance(version, str) and version.isascii() and version.isdigit() and int(version) and int(version) < 2 ** 64


def _started(watch):
    return watch.seq


class Watch:
    """A client's watch; `stop()` ends it."""

    def __init__(self, server, resource, namespace, label_reqs, field_reqs, handler):
        self.server, self.resource, self.namespace = server, resource, namespace
        self.label_reqs, self.field_reqs, self.handler = label_reqs, field_reqs, handler
        self.stopped = False
        # a watch for one node's pods (a kubelet's) is indexed by it: a write reaches the watches that want it
        self.node_name = next((v for f, op, v in field_reqs if f == "spec.nodeName" and op == "="), None)
        self.seq = 0

    def wants(self, obj):
        meta = obj["metadata"]
        if self.namespace and meta.get("namespace") != self.namespace:
            return False
        if self.label_reqs and not matches(self.label_reqs, meta.get("labels")):
            return False
        return not self.field_reqs or fields_match(self.field_reqs, obj)

    def stop(self):
        self.stopped = True
        self.server._unwatch(self)


class APIServer:
    """The one door to the cluster's state. Methods take a resource reference (a Resource or what
    a user would type: "pods", "deployments.apps", "autoscaling/v1/horizontalpodautoscalers")."""

    def __init__(self, store, clock, rng, registry=None):
        self.store, self.clock, self.rng = store, clock, rng
        self.registry = registry or Registry()
        self.caches = {}
        self._by_prefix = {}
        self._watches = {}
        self._node_watches = {}
        self._resolved = {}  # what clients typed ("pods", "deployments.apps") -> Resource
        for r in self.registry.resources:
            stored = self.registry.storage(r)
            if stored not in self.caches:
                self.caches[stored] = ResourceCache(FIELDS.get(stored.plural, DEFAULT_FIELDS))
                self._watches[stored] = {}  # watches in the order they started: events reach them in that order
                self._node_watches[stored] = {}  # spec.nodeName -> {watch: None}, the watches indexed by node
                self._by_prefix[stored.storage_prefix + "/"] = stored
        self.admission = admission.default_chain(self)
        self._event_lease = (None, 0)
        self._watch_seq = 0
        self.node_connections = {}  # node name -> its kubelet (for logs and exec), registered by kubelets
        self.api_services = {}  # "metrics.k8s.io/v1beta1" -> the extension API server behind it (kube-aggregator)
        self.field_manager = None  # the manager of the request in flight when a call names none (its user agent)
        self.apply_force = False  # and its apply's force
        self.store.watch("/registry/", self._on_store_event, prefix=True)
        self.crds = crd.CustomResources(self)  # serves CustomResourceDefinitions' resources

    # resolution
    def resource(self, ref):
        if not isinstance(ref, str):
            return ref
        found = self._resolved.get(ref)
        if found is None:
            found = self.registry.lookup(ref)
            if found is None:
                raise errors.ApiError(404, "NotFound", "the server could not find the requested resource", {})
            self._resolved[ref] = found  # the registry is fixed once the server starts
        return found

    def serve_custom(self, key, resources):
        """Serve a CRD's resources in place of what it served (none: stop serving them)."""
        gone = {self.registry.storage(r) for r in self.registry.resources if r.custom and (r.group, r.plural) == key}
        self.registry.replace_custom(*key, resources)
        self._resolved.clear()
        kept = {self.registry.storage(r) for r in resources}
        for stored in gone - kept:
            for index in (self.caches, self._watches, self._node_watches):
                index.pop(stored, None)
            self._by_prefix = {p: r for p, r in self._by_prefix.items() if r != stored}
        for stored in kept - gone:
            cache = self.caches[stored] = ResourceCache(DEFAULT_FIELDS)
            self._watches[stored], self._node_watches[stored] = {}, {}
            self._by_prefix[stored.storage_prefix + "/"] = stored
            for kv in self.store.range(stored.storage_prefix + "/", prefix=True):
                obj = codec.loads(kv.value)
                obj["metadata"]["resourceVersion"] = str(kv.mod_revision)
                cache.put(obj, kv.value)

    def _key(self, resource, namespace, name):
        prefix = self.registry.storage(resource).storage_prefix
        return f"{prefix}/{namespace}/{name}" if resource.namespaced else f"{prefix}/{name}"

    def _split_key(self, key):
        for prefix, resource in self._by_prefix.items():
            if key.startswith(prefix):
                rest = key[len(prefix):]
                if resource.namespaced:
                    ns, _, name = rest.partition("/")
                    return resource, ns, name
                return resource, "", rest
        return None, None, None

    def _require_etcd(self):
        """Reads and writes need etcd's quorum (reads too: v1.32 lists from the cache only once etcd confirms it
        is fresh); without it the etcd client's error comes back as a 500 after its request timeout."""
        if self.store.raft is not None and not self.store.raft.available():
            raise errors.etcd_unavailable()

    # store -> cache -> watches
    def _on_store_event(self, event):
        resource, namespace, name = self._split_key(event.kv.key)
        if resource is None:
            return
        cache = self.caches[resource]
        if event.type == "PUT":
            try:
                obj = codec.loads(event.kv.value)
                obj["metadata"]["resourceVersion"] = str(event.kv.mod_revision)
            except (ValueError, TypeError, KeyError):  # a raw etcdctl put of something not an object:
                return  # the cacher logs that it cannot decode it and keeps what it had
            cache.put(obj, event.kv.value)
            kind = "ADDED" if event.prev_kv is None else "MODIFIED"
        else:
            removed = cache.remove(namespace, name)
            if removed is None:
                return
            try:
                obj = codec.loads(event.prev_kv.value)  # the last state, at the delete's revision
            except ValueError:
                obj = removed.parse()  # it held what no decoder reads: the last state the cache decoded
            obj["metadata"]["resourceVersion"] = str(event.kv.mod_revision)
            kind = "DELETED"
        for watch in self._watchers(resource, obj):
            if not watch.stopped and watch.wants(obj):
                watch.handler(kind, self._convert_out(obj, watch.resource))

    def _watchers(self, resource, obj):
        """The watches that may want `obj`, in the order they started."""
        watches = list(self._watches[resource])
        by_node = self._node_watches[resource]
        if by_node:
            node = by_node.get(field_value(obj, "spec.nodeName"))
            if node:
                watches = sorted(watches + list(node), key=_started)
        return watches

    def _unwatch(self, watch):
        stored = self.registry.storage(watch.resource)
        if watch.node_name is None:
            self._watches.get(stored, {}).pop(watch, None)  # (a CRD's resource no longer served has none)
            return
        by_node = self._node_watches[stored]
        bucket = by_node.get(watch.node_name, {})
        bucket.pop(watch, None)
        if not bucket:
            by_node.pop(watch.node_name, None)

    def _fresh(self, resource, namespace, name, out_resource=None):
        """A private copy of the cached object (clients may change what they get)."""
        entry = self.caches[self.registry.storage(resource)].entry(namespace, name)
        if entry is None:
            return None
        return self._convert_out(entry.parse(), out_resource or resource)

    def _convert_out(self, obj, resource):
        stored = self.registry.storage(resource)
        if resource.custom:
            return self.crds.convert(obj, resource)
        if stored is resource:
            return obj
        return strategy.convert(obj, stored, resource)

    # reads
    def get(self, ref, name, namespace=None):
        self._require_etcd()
        resource = self.resource(ref)
        if resource.kind == "ComponentStatus":
            return componentstatus.get(name)
        namespace = self._namespace(resource, namespace)
        obj = self._fresh(resource, namespace, name)
        if obj is None:
            raise errors.not_found(resource, name)
        return obj

    def list(self, ref, namespace=None, label_selector=None, field_selector=None):
        """A List object (`PodList`) with the items sorted by namespace and name, as etcd ranges them."""
        self._require_etcd()
        resource = self.resource(ref)
        if resource.kind == "ComponentStatus":
            return componentstatus.list_()
        cache = self.caches[self.registry.storage(resource)]
        with codec.bulk():
            items = [self._convert_out(cache.objects[ref_].parse(), resource)
                     for ref_ in self._matching(resource, cache, namespace, label_selector, field_selector)]
        return {"apiVersion": resource.api_version, "kind": resource.kind + "List",
                "metadata": {"resourceVersion": str(self.store.revision)}, "items": items}

    def table(self, ref, namespace=None, label_selector=None, field_selector=None, name=None, wide=False,
              include_object="Metadata"):
        """The meta.k8s.io/v1 Table `kubectl get` asks for: a row per object a list (or, with a name, a get)
        returns, printed by the server (engine/api/table.py)."""
        self._require_etcd()
        resource = self.resource(ref)
        if resource.kind == "ComponentStatus":
            return componentstatus.as_table(resource, name, self.clock.timestamp())
        cache = self.caches[self.registry.storage(resource)]
        if name is None:
            refs = self._matching(resource, cache, namespace, label_selector, field_selector)
        else:
            namespace = self._namespace(resource, namespace)
            if cache.entry(namespace, name) is None:
                raise errors.not_found(resource, name)
            refs = [(namespace, name)]
        if resource.custom:
            return crd_table.build(self.crds.version(resource), cache, refs, self.clock.timestamp(), include_object,
                                   lambda obj: self._convert_out(obj, resource), str(self.store.revision))
        return table.build(resource, cache, refs, self.clock.timestamp(), wide, include_object,
                           lambda obj: self._convert_out(obj, resource), str(self.store.revision))

    def _matching(self, resource, cache, namespace, label_selector, field_selector):
        """The cache refs of the objects a list selects, in (namespace, name) order."""
        namespace = self._namespace(resource, namespace, allow_all=True)
        label_reqs, field_reqs = self._selectors(resource, label_selector, field_selector)
        field_eq = [(f, v) for f, op, v in field_reqs if op == "="]
        refs = []
        for ref_ in cache.candidates(namespace, equalities(label_reqs), field_eq):
            entry = cache.objects[ref_]
            if label_reqs and not matches(label_reqs, entry.label_map):
                continue
            if field_reqs and not attrs_match(field_reqs, entry.attr_map):
                continue
            refs.append(ref_)
        return refs

    def _selectors(self, resource, label_selector, field_selector):
        if isinstance(label_selector, str):
            try:
                label_reqs = parse_label_selector(label_selector)
            except SelectorError as e:
                raise errors.bad_request(f"unable to parse requirement: {e}" if "unable" not in str(e) else str(e))
        else:
            label_reqs = label_selector or []
        field_reqs = parse_field_selector(field_selector, resource) if isinstance(field_selector, str) else (field_selector or [])
        return label_reqs, field_reqs

    def watch(self, ref, handler, namespace=None, label_selector=None, field_selector=None, resource_version=None):
        """Call `handler(type, obj)` for ADDED/MODIFIED/DELETED events. With a resource_version,
        events after it are replayed from etcd's history first (410 Expired if compacted)."""
        resource = self.resource(ref)
        namespace = self._namespace(resource, namespace, allow_all=True)
        label_reqs, field_reqs = self._selectors(resource, label_selector, field_selector)
        w = Watch(self, resource, namespace, label_reqs, field_reqs, handler)
        stored = self.registry.storage(resource)
        if resource_version not in (None, "", "0"):
            rv = int(resource_version)
            if rv < self.store.compact_revision:
                raise errors.expired(f"too old resource version: {rv} ({self.store.compact_revision})")
            try:
                history = self.store.history_since(rv + 1) if rv + 1 > self.store.compact_revision else []
            except CompactedError:
                raise errors.expired(f"too old resource version: {rv} ({self.store.compact_revision})")
            for event in history:
                res, _, _ = self._split_key(event.kv.key)
                if res is not stored:
                    continue
                if event.type == "PUT":
                    obj = codec.loads(event.kv.value)
                    obj["metadata"]["resourceVersion"] = str(event.kv.mod_revision)
                    kind = "ADDED" if event.prev_kv is None else "MODIFIED"
                else:
                    obj = codec.loads(event.prev_kv.value)
                    obj["metadata"]["resourceVersion"] = str(event.kv.mod_revision)
                    kind = "DELETED"
                if w.wants(obj):
                    handler(kind, self._convert_out(obj, resource))
        elif resource_version == "0" or resource_version is None:
            pass
        self._watch_seq += 1
        w.seq = self._watch_seq
        if w.node_name is None:
            self._watches[stored][w] = None
        else:
            self._node_watches[stored].setdefault(w.node_name, {})[w] = None
        return w

    # writes
    def create(self, ref, obj, namespace=None, dry_run=False, subresource=None, name=None, field_manager=None):
        self._require_etcd()
        resource = self.resource(ref)
        if subresource:
            return self._create_subresource(resource, name, namespace, subresource, obj, dry_run)
        if resource.group in reviews.GROUPS:  # answered, never stored; asked directly, as the loopback client
            return reviews.create(self, resource, obj, namespace, reviews.LOOPBACK)
        self.crds.check_create(resource)
        obj = self._decode(resource, obj)
        meta = obj.setdefault("metadata", {})
        namespace = self._request_namespace(resource, namespace, meta)
        if not meta.get("name") and not meta.get("generateName"):
            raise errors.invalid(resource, "", [FieldError.required("metadata.name", "name or generateName is required")])
        defaults.apply(resource, obj)
        if field_manager is not False:  # False: managedFields already worked out (server-side apply)
            managedfields.track_create(resource, obj, field_manager or self.field_manager, self.clock.timestamp())
        # mutating admission runs before the strategy, as in the apiserver (qosClass sees LimitRanger's defaults)
        self.admission.admit("CREATE", resource, obj, None, dry_run)
        # system fields first, as FillObjectMetaSystemFields does: the Job strategy needs the uid
        meta["uid"] = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        meta["creationTimestamp"] = self.clock.timestamp()
        strategy.prepare_for_create(self, resource, obj)
        self.crds.on_create(resource, obj)
        attempts = GENERATE_NAME_RETRIES if not meta.get("name") else 1
        for attempt in range(attempts):
            if meta.get("generateName") and (attempt or not meta.get("name")):
                meta["name"] = meta["generateName"] + "".join(self.rng.choice(NAME_SUFFIX_ALPHABET) for _ in range(5))
            name = meta["name"]
            key = self._key(resource, namespace, name)
            if self.store.get(key) is None:
                break
        else:
            raise errors.already_exists(resource, name)
        errs = self.crds.validate(resource, obj, validation.validate_create(self, resource, obj))
        if errs:
            raise errors.invalid(resource, name, errs)
        self.admission.validate("CREATE", resource, obj, None, dry_run)
        if resource.has_generation:
            meta["generation"] = 1
        if not dry_run and _nonzero_version(meta.get("resourceVersion")):  # etcd3 store Create; dry-run never reaches it
            raise errors.ApiError(500, "", "resourceVersion should not be set on objects to be created")
        meta.pop("resourceVersion", None)
        stored = self._convert_in(obj, resource)
        if dry_run:
            return self._convert_out(stored, resource)
        ok, results = self.store.txn([Compare(key, "create", "=", 0)],
                                     [("put", key, codec.dumps(stored), self._lease_for(resource))], [])
        if not ok:
            raise errors.already_exists(resource, name)
        return self._fresh(resource, namespace, name)

    def update(self, ref, obj, namespace=None, subresource=None, dry_run=False, field_manager=None):
        resource = self.resource(ref)
        obj = self._decode(resource, obj)
        meta = obj.setdefault("metadata", {})
        namespace = self._request_namespace(resource, namespace, meta)
        name = meta.get("name")
        if not name:
            raise errors.bad_request("name is required")  # what a PUT without a name reaches
        if subresource not in (None, "status") and not (subresource == "finalize" and resource.kind == "Namespace") \
                and not (subresource == "ephemeralcontainers" and resource.kind == "Pod") \
                and not (subresource == "approval" and resource.kind == "CertificateSigningRequest"):
            raise errors.ApiError(404, "NotFound", "the server could not find the requested resource", {})
        return self._update(resource, namespace, name, lambda current: obj, subresource, dry_run,
                            precondition=meta.get("resourceVersion"), manager=field_manager)

    def patch(self, ref, name, patch, patch_type="application/strategic-merge-patch+json",
              namespace=None, subresource=None, dry_run=False, field_manager=None, force=None):
        resource = self.resource(ref)
        namespace = self._namespace(resource, namespace)
        self.crds.check_patch(resource, patch_type)
        if patch_type == APPLY_PATCH:
            from .patch.apply import serve  # server-side apply
            return serve(self, resource, name, namespace, patch, subresource, dry_run, field_manager, force)
        if subresource == "scale":
            scale = self.get_scale(resource, name, namespace)
            patched = apply_patch(scale, patch, patch_type, None)
            return self.update_scale(resource, name, patched, namespace, dry_run, field_manager)

        def mutate(current):
            patched = apply_patch(current, patch, patch_type, resource)
            if not isinstance(patched, dict):
                raise errors.bad_request("the patch produced something that is not an object")
            return patched

        return self._update(resource, namespace, name, mutate, subresource, dry_run, from_patch=True,
                            manager=field_manager)

    def _update(self, resource, namespace, name, mutate, subresource, dry_run, precondition=None, from_patch=False,
                manager=None):
        self._require_etcd()
        key = self._key(resource, namespace, name)
        kv = self.store.get(key)
        if kv is None:
            raise errors.not_found(resource, name)
        current = self._convert_out(codec.loads(kv.value), resource)
        current["metadata"]["resourceVersion"] = str(kv.mod_revision)
        mine = self._convert_out(codec.loads(kv.value), resource)  # a second decode: cheaper than a deep copy
        mine["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"]
        obj = mutate(mine)
        if from_patch:
            obj = self._decode(resource, obj)
            precondition = obj.get("metadata", {}).get("resourceVersion")
            if precondition == current["metadata"]["resourceVersion"]:
                precondition = None
        meta = obj.setdefault("metadata", {})
        if meta.get("name", name) != name:
            raise errors.bad_request(f'the name of the object ({meta.get("name")}) does not match the name on the URL ({name})')
        if precondition and precondition != str(kv.mod_revision):
            raise errors.conflict(resource, name)
        old = current
        defaults.apply(resource, obj)
        if manager is not False and subresource != "binding":  # False: already worked out (apply, scale)
            managedfields.track_update(resource, obj, old, manager or self.field_manager, subresource,
                                       self.clock.timestamp())
        self.admission.admit("UPDATE", resource, obj, old, dry_run)
        strategy.prepare_for_update(self, resource, obj, old, subresource)
        self.crds.on_update(resource, obj, old, subresource)
        errs = self.crds.validate(resource, obj, validation.validate_update(self, resource, obj, old, subresource),
                                  old, subresource)
        if errs:
            raise errors.invalid(resource, name, errs)
        self.admission.validate("UPDATE", resource, obj, old, dry_run)
        stored = self._convert_in(obj, resource)
        old_stored = codec.loads(kv.value)
        stored["metadata"].pop("resourceVersion", None)
        if stored == old_stored:
            return self._convert_out(dict(stored, metadata=dict(stored["metadata"], resourceVersion=str(kv.mod_revision))), resource)
        if dry_run:
            return self._convert_out(stored, resource)
        # ShouldDeleteDuringUpdate: the last finalizer gone ends an object only once its grace period has
        # (a terminating pod waits for its kubelet's grace-0 delete)
        if stored["metadata"].get("deletionTimestamp") and not stored["metadata"].get("finalizers") \
                and not old_stored["metadata"].get("deletionGracePeriodSeconds") and strategy.finalized(resource, stored):
            self.store.txn([Compare(key, "mod", "=", kv.mod_revision)], [("delete", key)], [])
            return self._convert_out(stored, resource)
        ok, _ = self.store.txn([Compare(key, "mod", "=", kv.mod_revision)],
                               [("put", key, codec.dumps(stored), kv.lease)], [])
        if not ok:
            raise errors.conflict(resource, name)
        return self._fresh(resource, namespace, name)

    def delete(self, ref, name, namespace=None, grace_period_seconds=None, propagation_policy=None,
               preconditions=None, dry_run=False):
        """Delete as the apiserver does: graceful for pods on a node, held by finalizers, with
        Foreground/Orphan propagation recorded as finalizers for the garbage collector."""
        self._require_etcd()
        resource = self.resource(ref)
        namespace = self._namespace(resource, namespace)
        key = self._key(resource, namespace, name)
        kv = self.store.get(key)
        if kv is None:
            raise errors.not_found(resource, name)
        obj = codec.loads(kv.value)
        meta = obj["metadata"]
        if preconditions:
            if preconditions.get("uid") and preconditions["uid"] != meta.get("uid"):
                raise errors.conflict(resource, name, f"Precondition failed: UID in precondition: {preconditions['uid']}, UID in object meta: {meta.get('uid')}")
            if preconditions.get("resourceVersion") and preconditions["resourceVersion"] != str(kv.mod_revision):
                raise errors.conflict(resource, name, f"Precondition failed: ResourceVersion in precondition: {preconditions['resourceVersion']}, ResourceVersion in meta: {kv.mod_revision}")
        self.admission.validate("DELETE", resource, None, obj, dry_run)
        policy = propagation_policy or "Background"  # every built-in kind served by v1.32 defaults to it
        if resource.kind == "Namespace" and not strategy.finalized(resource, obj):
            return self._delete_namespace(resource, key, kv, obj, policy, dry_run)
        self.crds.on_delete(resource, obj)
        finalizers = list(meta.get("finalizers") or [])
        if policy == "Foreground" and "foregroundDeletion" not in finalizers:
            finalizers.append("foregroundDeletion")
        elif policy == "Orphan" and "orphan" not in finalizers:
            finalizers.append("orphan")
        grace = strategy.grace_period(resource, obj, grace_period_seconds)
        if dry_run:
            return obj
        if meta.get("deletionTimestamp"):
            # already terminating: a shorter grace period may still be asked for
            if grace is not None and grace < meta.get("deletionGracePeriodSeconds", 0):
                meta["deletionGracePeriodSeconds"] = grace
                if grace == 0 and not finalizers:
                    self.store.txn([Compare(key, "mod", "=", kv.mod_revision)], [("delete", key)], [])
                    return obj
                self.store.txn([Compare(key, "mod", "=", kv.mod_revision)], [("put", key, codec.dumps(obj), kv.lease)], [])
            return self._fresh(resource, namespace, name) or obj
        if finalizers or grace:
            meta["deletionTimestamp"] = self.clock.timestamp(self.clock.now + (grace or 0))
            meta["deletionGracePeriodSeconds"] = grace or 0
            if finalizers:
                meta["finalizers"] = finalizers
            strategy.prepare_for_delete(self, resource, obj)
            if resource.has_generation:
                meta["generation"] = meta.get("generation", 0) + 1
            self.store.txn([Compare(key, "mod", "=", kv.mod_revision)], [("put", key, codec.dumps(obj), kv.lease)], [])
            return self._fresh(resource, namespace, name)
        self.store.txn([Compare(key, "mod", "=", kv.mod_revision)], [("delete", key)], [])
        obj["metadata"]["resourceVersion"] = str(kv.mod_revision)
        return self._convert_out(obj, resource)

    def _delete_namespace(self, resource, key, kv, obj, policy, dry_run):
        """The first delete marks the namespace Terminating for the namespace controller to empty;
        it is removed once its spec.finalizers are gone (through the finalize subresource)."""
        meta = obj["metadata"]
        if meta.get("deletionTimestamp"):
            raise errors.conflict(resource, meta["name"], "The system is ensuring all content is removed from this namespace.  "
                                  "Upon completion, this namespace will automatically be purged by the system.")
        if dry_run:
            return obj
        meta["deletionTimestamp"] = self.clock.timestamp()
        extra = {"Orphan": "orphan", "Foreground": "foregroundDeletion"}.get(policy)
        if extra and extra not in (meta.get("finalizers") or []):
            meta["finalizers"] = list(meta.get("finalizers") or []) + [extra]
        strategy.prepare_for_delete(self, resource, obj)
        self.store.txn([Compare(key, "mod", "=", kv.mod_revision)], [("put", key, codec.dumps(obj), kv.lease)], [])
        return self._fresh(resource, "", meta["name"])

    def delete_collection(self, ref, namespace=None, label_selector=None, field_selector=None, **options):
        resource = self.resource(ref)
        if "deletecollection" not in resource.verbs:
            raise errors.method_not_allowed()
        items = self.list(resource, namespace, label_selector, field_selector)["items"]
        deleted = []
        for item in items:
            try:
                deleted.append(self.delete(resource, item["metadata"]["name"], item["metadata"].get("namespace"), **options))
            except ApiError as e:
                if e.code != 404:
                    raise
        return deleted

    # subresources
    def get_scale(self, ref, name, namespace=None):
        resource = self.resource(ref)
        if "scale" not in resource.subresources:
            raise errors.ApiError(404, "NotFound", "the server could not find the requested resource", {})
        if resource.custom:
            return self.crds.scale_of(resource, self.get(resource, name, namespace))
        return strategy.scale_of(self.get(resource, name, namespace))

    def update_scale(self, ref, name, scale, namespace=None, dry_run=False, field_manager=None):
        resource = self.resource(ref)
        namespace = self._namespace(resource, namespace)
        if "scale" not in resource.subresources:
            raise errors.ApiError(404, "NotFound", "the server could not find the requested resource", {})
        replicas = (scale.get("spec") or {}).get("replicas", 0)
        if not isinstance(replicas, int) or isinstance(replicas, bool):
            raise errors.bad_request("json: cannot unmarshal into Go struct field ScaleSpec.spec.replicas of type int32")
        if replicas < 0:
            raise errors.ApiError(422, "Invalid", f'Scale.autoscaling "{name}" is invalid: spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0',
                                  {"name": name, "group": "autoscaling", "kind": "Scale",
                                   "causes": [FieldError.invalid("spec.replicas", replicas, "must be greater than or equal to 0").cause()]})
        precondition = (scale.get("metadata") or {}).get("resourceVersion")

        def mutate(current):
            scale = self.crds.scale_of(resource, current) if resource.custom else strategy.scale_of(current)
            if scale["spec"]["replicas"] != replicas:
                managedfields.track_scale(resource, current, field_manager or self.field_manager, self.clock.timestamp())
            if resource.custom:
                self.crds.set_replicas(resource, current, replicas)
            else:
                current["spec"]["replicas"] = replicas
            return current

        updated = self._update(resource, namespace, name, mutate, None, dry_run, precondition=precondition,
                               manager=False)
        return self.crds.scale_of(resource, updated) if resource.custom else strategy.scale_of(updated)

    # pods/log and pods/exec: the apiserver finds the pod's node and asks its kubelet
    def pod_log(self, name, namespace=None, container=None, previous=False, tail_lines=None, since_seconds=None,
                timestamps=False):
        """The log of one container, from the kubelet of the pod's node ("" for an unscheduled pod)."""
        pod = self.get("pods", name, namespace)
        container = self._pod_container(pod, container)
        kubelet = self._kubelet_for(pod, "containerLogs", container)
        if kubelet is None:
            return ""
        return kubelet.container_log(pod, container, previous=previous, tail_lines=tail_lines,
                                     since_seconds=since_seconds, timestamps=timestamps)

    def pod_exec(self, name, command, namespace=None, container=None, stdin=None):
        """Run `command` (a list) in a container through the kubelet; returns (stdout, stderr, exit code)."""
        pod = self.get("pods", name, namespace)
        container = self._pod_container(pod, container)
        if not pod["spec"].get("nodeName"):
            raise errors.bad_request(f"pod {name} does not have a host assigned")
        return self._kubelet_for(pod, "exec", container).exec(pod, container, command, stdin=stdin)

    def pod_attach(self, name, namespace=None, container=None, stdin=None, seconds=10):
        """pods/attach: what the container's main process prints over `seconds` (or until it exits),
        with `stdin` (text) written to its open stdin and then closed; returns (stdout, stderr)."""
        pod = self.get("pods", name, namespace)
        container = self._pod_container(pod, container)
        if not pod["spec"].get("nodeName"):
            raise errors.bad_request(f"pod {name} does not have a host assigned")
        return self._kubelet_for(pod, "attach", container).attach(pod, container, stdin=stdin, seconds=seconds)

    def _pod_container(self, pod, container):
        spec, name = pod["spec"], pod["metadata"]["name"]
        every = [c["name"] for key in ("initContainers", "containers", "ephemeralContainers") for c in spec.get(key) or []]
        if not container:
            if len(spec.get("containers") or []) == 1:
                return spec["containers"][0]["name"]
            raise errors.bad_request(f"a container name must be specified for pod {name}, choose one of: [{' '.join(every)}]")
        if container not in every:
            raise errors.bad_request(f"container {container} is not valid for pod {name}")
        return container

    def _kubelet_for(self, pod, path, container):
        """The kubelet serving the pod's node, or the dial error a dead or absent kubelet gives."""
        node_name = pod["spec"].get("nodeName")
        if not node_name:
            return None
        kubelet = self.node_connections.get(node_name)
        if kubelet is None:
            node = self._fresh(self.resource("nodes"), "", node_name) or {}
            address = next((a["address"] for a in (node.get("status") or {}).get("addresses", [])
                            if a["type"] == "InternalIP"), node_name)
            meta = pod["metadata"]
            url = f"https://{address}:10250/{path}/{meta['namespace']}/{meta['name']}/{container}"
            raise ApiError(500, "", f'Get "{url}": dial tcp {address}:10250: connect: connection refused')
        return kubelet

    def _create_subresource(self, resource, name, namespace, subresource, body, dry_run):
        namespace = self._namespace(resource, namespace)
        if resource.plural == "pods" and subresource == "binding":
            return self._bind(name, namespace, body, dry_run)
        if resource.plural == "serviceaccounts" and subresource == "token":
            from .tokenrequest import create_token
            return create_token(self, name, namespace, body, dry_run)
        if resource.plural == "pods" and subresource == "eviction":
            from .eviction import evict  # (imports the disruption controller's helpers)
            return evict(self, resource, name, namespace, body, dry_run)
        raise errors.method_not_allowed()

    def _bind(self, name, namespace, binding, dry_run):
        pods = self.resource("pods")
        target = (binding or {}).get("target") or {}
        node = target.get("name")

        def mutate(pod):
            if pod["spec"].get("nodeName"):
                raise errors.conflict(pods, name, f'pod {name} is already assigned to node "{pod["spec"]["nodeName"]}"')
            if pod["metadata"].get("deletionTimestamp"):
                raise errors.conflict(pods, name, f"pod {name} is being deleted, cannot be assigned to a host")
            pod["spec"]["nodeName"] = node
            conditions = pod.setdefault("status", {}).setdefault("conditions", [])
            conditions[:] = [c for c in conditions if c.get("type") != "PodScheduled"]
            conditions.append({"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                               "lastTransitionTime": self.clock.timestamp()})
            return pod

        self._update(pods, namespace, name, mutate, "binding", dry_run)
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}

    # helpers
    def _decode(self, resource, obj):
        if not isinstance(obj, dict):
            raise errors.bad_request(f"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml")
        kind, api_version = obj.get("kind"), obj.get("apiVersion")
        if (kind, api_version) != (resource.kind, resource.api_version):
            got = self.registry.by_kind(api_version or "", kind or "")
            if got is None or got.plural != resource.plural:
                raise errors.bad_request(f"the API version in the data ({api_version}) does not match the expected API version ({resource.api_version})"
                                         if kind == resource.kind else
                                         f"{kind} in version \"{api_version}\" cannot be handled as a {resource.kind}: no kind \"{kind}\" is registered for version \"{api_version}\"")
            resource = got
        reencoded = schema.decode(obj, resource) or ()  # () for custom resources (no built-in schema)
        detached, managed = managedfields.detach(obj)  # field sets need no null-dropping copy: kept as they are
        obj = schema.copy_without_nulls(detached, resource)
        schema.reencode(obj, reencoded)
        if managed is not None:
            obj["metadata"]["managedFields"] = managed
        obj["apiVersion"], obj["kind"] = resource.api_version, resource.kind
        return self.crds.decode(resource, obj)

    def _namespace(self, resource, namespace, allow_all=False):
        if not resource.namespaced:
            return ""
        if not namespace:
            if allow_all:
                return ""
            return "default"
        return namespace

    def _request_namespace(self, resource, namespace, meta):
        if not resource.namespaced:
            meta.pop("namespace", None)
            return ""
        given = meta.get("namespace")
        namespace = namespace or given or "default"
        if given and given != namespace:
            raise errors.bad_request("the namespace of the provided object does not match the namespace sent on the request")
        meta["namespace"] = namespace
        return namespace

    def _convert_in(self, obj, resource):
        stored = self.registry.storage(resource)
        if resource.custom:
            return self.crds.convert(obj, stored)
        return obj if stored is resource else strategy.convert(obj, resource, stored)

    def _lease_for(self, resource):
        if resource.plural != "events":
            return 0
        minute = int(self.clock.now // 60)
        if self._event_lease[0] != minute or not self.store.has_lease(self._event_lease[1]):
            self._event_lease = (minute, self.store.grant(EVENT_TTL + 60))
        return self._event_lease[1]

    # discovery
    def api_versions(self):
        return sorted(set(self.registry.group_versions()) | set(self.api_services))

    def api_resources(self):
        return self.registry.preferred()
