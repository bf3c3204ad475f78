"""The EndpointSlice controller (pkg/controller/endpointslice): for every Service with a selector,
EndpointSlices of at most 100 endpoints per set of ports, updated in place rather than replaced."""
from ..api.errors import ApiError
from .base import Controller, split_key, terminating_namespace
from .endpointsliceutil import (HEADLESS_LABEL, TRIGGER_TIME_ANNOTATION, PodViews, ServiceMembership,
                                TriggerTimeTracker, find_port, is_headless, pod_ip_for_service, ready_since,
                                selector_reqs, should_pod_be_in_endpoints, should_set_hostname)
from .replicaset import is_ready

CONTROLLER_NAME = "endpointslice-controller.k8s.io"
SERVICE_NAME_LABEL = "kubernetes.io/service-name"
MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by"
ZONE_LABEL = "topology.kubernetes.io/zone"
MAX_ENDPOINTS_PER_SLICE = 100  # --max-endpoints-per-slice
RESERVED_LABELS = (SERVICE_NAME_LABEL, MANAGED_BY_LABEL, HEADLESS_LABEL)
NODE_MISSING_RETRY = 1.0


class EndpointSliceController(Controller):
    name = "endpointslice"
    managed_by = CONTROLLER_NAME
    max_per_slice = MAX_ENDPOINTS_PER_SLICE
    placeholder = True  # a Service with no endpoints still gets one empty slice

    def setup(self):
        self.membership = ServiceMembership()
        self.triggers = TriggerTimeTracker(self.clock)
        self.views = PodViews()
        self.written = {}  # (namespace, slice name) -> resourceVersion this controller wrote
        self.zones = {}  # node name -> its topology.kubernetes.io/zone label ("" for none)
        self.watch("nodes", self._node_event)
        self.watch("services", self._service_event)
        self.watch("pods", self._pod_event)
        self.watch("endpointslices", self._slice_event, replay=False,
                   label_selector=[(MANAGED_BY_LABEL, "=", (self.managed_by,))])

    def _node_event(self, kind, node):
        name = node["metadata"]["name"]
        if kind == "DELETED":
            self.zones.pop(name, None)
        else:
            self.zones[name] = (node["metadata"].get("labels") or {}).get(ZONE_LABEL, "")

    def _service_event(self, kind, service):
        self.membership.service_event(kind, service)
        self.enqueue(f"{service['metadata']['namespace']}/{service['metadata']['name']}")

    def _pod_event(self, kind, pod):
        if kind == "DELETED":
            self.views.forget(pod)
        for key in sorted(self.membership.pod_event(kind, pod)):
            self.enqueue(key)

    def _slice_event(self, kind, eps):
        """A slice changed or deleted by someone else is put right (the EndpointSliceTracker's job)."""
        meta = eps["metadata"]
        ref = (meta["namespace"], meta["name"])
        if kind == "DELETED":
            if self.written.pop(ref, None) is None:
                return
        elif self.written.get(ref) == meta["resourceVersion"]:
            return
        service = (meta.get("labels") or {}).get(SERVICE_NAME_LABEL)
        if service:
            self.enqueue(f"{meta['namespace']}/{service}")

    # reconcile
    def sync(self, key):
        namespace, name = split_key(key)
        service = self.get("services", name, namespace)
        if service is None:  # its slices go with it: the garbage collector follows their ownerReferences
            self.triggers.forget(key)
            return None
        if (service.get("spec") or {}).get("type") == "ExternalName" or selector_reqs(service) is None:
            return None
        views = [self._view(pod, service) for pod in self.membership.pods_of(key)]
        existing = self.server.list("endpointslices", namespace, label_selector=[
            (SERVICE_NAME_LABEL, "=", (name,)), (MANAGED_BY_LABEL, "=", (self.managed_by,))])["items"]
        trigger = self.triggers.compute(key, service, [(view[0], view[1]) for view in views])
        desired, missing_node = {}, False
        for _, _, ports, endpoint, node_missing in views:
            missing_node = missing_node or node_missing
            if endpoint is not None:
                desired.setdefault(_ports_key(ports), (ports, []))[1].append(endpoint)
        self._reconcile(service, existing, desired, trigger)
        return NODE_MISSING_RETRY if missing_node else None

    def _view(self, pod, service):
        """(name, trigger time, ports, endpoint or None, node missing) of one pod for the Service."""
        zone = self.zones.get((pod.get("spec") or {}).get("nodeName", ""))
        return self.views.get(pod, service, lambda p, s: slice_view(p, s, zone), zone)

    def _reconcile(self, service, existing, desired, trigger):
        """reconcileByAddressType for IPv4: per ports key, keep slices, drop gone endpoints, fill, create."""
        owned = [s for s in existing if _owned_by(s, service)]
        to_create, to_update, to_delete = [], [], [s for s in existing if not _owned_by(s, service)]
        by_ports = {}
        for eps in sorted(owned, key=lambda s: s["metadata"]["name"]):
            by_ports.setdefault(_ports_key(eps.get("ports") or []), []).append(eps)
        for key, (ports, endpoints) in desired.items():
            create, update, delete = self._by_port_mapping(service, by_ports.get(key, []), endpoints, ports)
            to_create += create
            to_update += update
            to_delete += delete
        for key, slices in by_ports.items():
            if key not in desired:
                to_delete += slices
        if self.placeholder and len(existing) == len(to_delete) and not to_create:
            placeholder = self.new_slice(service, [])
            if len(to_delete) == 1 and _same_placeholder(to_delete[0], placeholder):
                to_delete = []
            else:
                to_create.append(placeholder)
        self._finalize(service, to_create, to_update, to_delete, trigger)

    def _by_port_mapping(self, service, slices, endpoints, ports):
        desired = {_endpoint_key(e): e for e in endpoints}
        by_name, unchanged, to_update, to_delete = {}, [], [], []
        for eps in slices:
            name = eps["metadata"]["name"]
            by_name[name] = eps
            kept, changed = [], False
            for endpoint in eps.get("endpoints") or []:
                want = desired.pop(_endpoint_key(endpoint), None)
                if want is not None:
                    kept.append(want)
                    changed = changed or want != endpoint
            labels, labels_changed = self.labels_for(eps, service)
            if changed or len(kept) != len(eps.get("endpoints") or []):
                if not kept:
                    to_delete.append(name)
                    continue
                eps = by_name[name] = _copy(eps)
                eps["endpoints"], eps["metadata"]["labels"] = kept, labels
                to_update.append(name)
            elif labels_changed:
                eps = by_name[name] = _copy(eps)
                eps["metadata"]["labels"] = labels
                to_update.append(name)
            else:
                unchanged.append(name)
        remaining = list(desired.values())
        if remaining and to_update:  # fill the fullest updated slices first
            for name in sorted(to_update, key=lambda n: -len(by_name[n]["endpoints"])):
                room = self.max_per_slice - len(by_name[name]["endpoints"])
                by_name[name]["endpoints"] += remaining[:max(room, 0)]
                remaining = remaining[max(room, 0):]
        to_create = []
        while remaining:
            fill = None
            if len(remaining) < self.max_per_slice and unchanged:
                fill = _slice_to_fill([by_name[n] for n in unchanged], len(remaining), self.max_per_slice)
            if fill is None:
                fill = self.new_slice(service, ports)
            else:
                fill = by_name[fill["metadata"]["name"]] = _copy(fill)
            room = self.max_per_slice - len(fill.get("endpoints") or [])
            fill["endpoints"] = (fill.get("endpoints") or []) + remaining[:room]
            remaining = remaining[room:]
            if fill["metadata"].get("name"):
                unchanged.remove(fill["metadata"]["name"])
                to_update.append(fill["metadata"]["name"])
            else:
                to_create.append(fill)
        return to_create, [by_name[n] for n in to_update], [by_name[n] for n in to_delete]

    def _finalize(self, service, to_create, to_update, to_delete, trigger):
        """finalize: creates become updates of slices that would be deleted; no creates for a Service being deleted."""
        while to_delete and to_create:
            reused, eps = to_delete.pop(0), to_create.pop()
            eps = _copy(eps)
            eps["metadata"] = dict(reused["metadata"])
            eps["metadata"]["labels"] = self.labels_for(reused, service)[0]
            to_update.append(eps)
        namespace = service["metadata"]["namespace"]
        if not service["metadata"].get("deletionTimestamp"):
            for eps in to_create:
                self.annotate(eps, service, trigger)
                try:
                    self._remember(self.server.create("endpointslices", eps, namespace=namespace))
                except ApiError as e:
                    if e.code == 403 and terminating_namespace(e):
                        return
                    raise
        for eps in to_update:
            self.annotate(eps, service, trigger)
            self._remember(self.server.update("endpointslices", eps, namespace=namespace))
        for eps in to_delete:
            try:
                self.server.delete("endpointslices", eps["metadata"]["name"], namespace)
            except ApiError as e:
                if e.code != 404:
                    raise
            self.written.pop((namespace, eps["metadata"]["name"]), None)

    # what differs between this controller and the mirroring one
    def new_slice(self, service, ports):
        return new_endpoint_slice(service, ports, self.managed_by)

    def labels_for(self, eps, service):
        return slice_labels(eps, service, self.managed_by)

    def annotate(self, eps, service, trigger):
        _set_trigger_time(eps, trigger)

    def _remember(self, eps):
        self.written[(eps["metadata"]["namespace"], eps["metadata"]["name"])] = eps["metadata"]["resourceVersion"]


def slice_view(pod, service, zone):
    """What reconcileByAddressType derives from a pod: its ports and endpoint; a pod on a node the
    controller does not know is left out (and retried) unless publishNotReadyAddresses."""
    name, since = pod["metadata"]["name"], ready_since(pod)
    if not should_pod_be_in_endpoints(pod, True):
        return name, since, None, None, False
    if zone is None and not service["spec"].get("publishNotReadyAddresses"):
        return name, since, None, None, True
    return name, since, endpoint_ports(service, pod), pod_to_endpoint(pod, zone, service), False


def endpoint_ports(service, pod):
    """getEndpointPorts: the Service's ports that resolve on this pod, in the Service's order."""
    spec = service["spec"]
    ports = []
    for service_port in spec.get("ports") or []:
        number = find_port(pod, service_port)
        if number is None:
            continue
        port = {"name": service_port.get("name", ""), "port": number, "protocol": service_port.get("protocol", "TCP")}
        if service_port.get("appProtocol"):
            port["appProtocol"] = service_port["appProtocol"]
        ports.append(port)
    return ports


def pod_to_endpoint(pod, zone, service):
    """podToEndpoint: ready only when serving and not terminating (or publishNotReadyAddresses)."""
    ip = pod_ip_for_service(service, pod)
    if ip is None:
        return None
    meta, spec = pod["metadata"], pod.get("spec") or {}
    serving, terminating = is_ready(pod), bool(meta.get("deletionTimestamp"))
    ready = bool(service["spec"].get("publishNotReadyAddresses")) or (serving and not terminating)
    endpoint = {"addresses": [ip], "conditions": {"ready": ready, "serving": serving, "terminating": terminating}}
    if should_set_hostname(pod, service):
        endpoint["hostname"] = spec["hostname"]
    if spec.get("nodeName"):
        endpoint["nodeName"] = spec["nodeName"]
    endpoint["targetRef"] = {"kind": "Pod", "namespace": meta["namespace"], "name": meta["name"], "uid": meta["uid"]}
    if zone:
        endpoint["zone"] = zone
    return endpoint


def new_endpoint_slice(service, ports, managed_by):
    meta = service["metadata"]
    eps = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
           "metadata": {"generateName": slice_prefix(meta["name"]), "namespace": meta["namespace"],
                        "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": meta["name"], "uid": meta["uid"],
                                             "controller": True, "blockOwnerDeletion": True}]},
           "addressType": "IPv4", "endpoints": None, "ports": ports or None}
    eps["metadata"]["labels"] = slice_labels(eps, service, managed_by)[0]
    return eps


def slice_prefix(service_name):
    """getEndpointSlicePrefix: the Service name and a dash, cut so the generated name fits 63 characters."""
    prefix = f"{service_name}-"
    return prefix[:58] if len(prefix) > 58 else prefix


def slice_labels(eps, service, managed_by):
    """setEndpointSliceLabels: the Service's labels, the headless label, service-name and managed-by;
    and whether the slice's own labels differ from the Service's."""
    own = {k: v for k, v in (eps["metadata"].get("labels") or {}).items() if k not in RESERVED_LABELS}
    labels = {k: v for k, v in (service["metadata"].get("labels") or {}).items() if k not in RESERVED_LABELS}
    changed = own != labels
    if is_headless(service):
        labels[HEADLESS_LABEL] = ""
    labels[SERVICE_NAME_LABEL] = service["metadata"]["name"]
    labels[MANAGED_BY_LABEL] = managed_by
    return labels, changed


def _set_trigger_time(eps, trigger):
    annotations = dict(eps["metadata"].get("annotations") or {})
    if trigger:
        annotations[TRIGGER_TIME_ANNOTATION] = trigger
    else:
        annotations.pop(TRIGGER_TIME_ANNOTATION, None)
    eps["metadata"]["annotations"] = annotations
    if not annotations:
        del eps["metadata"]["annotations"]


def _copy(eps):
    """A copy whose metadata and endpoints list can be replaced (the endpoints themselves are shared)."""
    return {**eps, "metadata": dict(eps["metadata"]), "endpoints": list(eps.get("endpoints") or [])}


def _owned_by(eps, service):
    return any(r.get("uid") == service["metadata"]["uid"]
               for r in eps["metadata"].get("ownerReferences") or [])


def _ports_key(ports):
    return tuple((p.get("name", ""), p.get("port"), p.get("protocol", "TCP"), p.get("appProtocol")) for p in ports or [])


def _endpoint_key(endpoint):
    """hashEndpoint: an endpoint is the same endpoint while its addresses, hostname and pod are."""
    ref = endpoint.get("targetRef") or {}
    return tuple(endpoint.get("addresses") or ()), endpoint.get("hostname"), ref.get("namespace"), ref.get("name")


def _slice_to_fill(slices, count, limit):
    """getSliceToFill: the fullest unchanged slice the remaining endpoints fit in."""
    best = None
    for eps in slices:
        size = len(eps.get("endpoints") or [])
        if size + count <= limit and (best is None or size > len(best.get("endpoints") or [])):
            best = eps
    return best


def _same_placeholder(eps, placeholder):
    """placeholderSliceCompare: same namespace, labels, owners, ports and no endpoints."""
    return eps["metadata"].get("namespace") == placeholder["metadata"]["namespace"] \
        and (eps["metadata"].get("labels") or {}) == placeholder["metadata"]["labels"] \
        and eps["metadata"].get("ownerReferences") == placeholder["metadata"]["ownerReferences"] \
        and not eps.get("endpoints") and not eps.get("ports") and eps.get("addressType") == placeholder["addressType"]
