"""The Endpoints controller (pkg/controller/endpoint): for every Service with a selector, an
Endpoints object listing its pods' addresses, ready or not, per port, packed as RepackSubsets does."""
import hashlib
import math

from ..api.errors import ApiError
from ..events import EventRecorder
from .base import Controller, split_key, terminating_namespace
from .endpointsliceutil import (HEADLESS_LABEL, TRIGGER_TIME_ANNOTATION, PodViews, ServiceMembership,
                                TriggerTimeTracker, find_port, is_headless, pod_ip_for_service, ready_since,
                                selector_reqs, should_pod_be_in_endpoints, should_set_hostname)
from .replicaset import is_ready

MAX_CAPACITY = 1000
OVER_CAPACITY_ANNOTATION = "endpoints.kubernetes.io/over-capacity"
LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader"


class EndpointsController(Controller):
    name = "endpoint"
    component = "endpoint-controller"

    def setup(self):
        self.recorder = EventRecorder(self.server, self.clock, self.component)
        self.membership = ServiceMembership()
        self.triggers = TriggerTimeTracker(self.clock)
        self.views = PodViews()
        self.watch("services", self._service_event)
        self.watch("pods", self._pod_event)
        self.watch("endpoints", self._endpoints_deleted, replay=False)
        self._check_leftover_endpoints()

    def _service_event(self, kind, service):
        self.membership.service_event(kind, service)
        self.enqueue(f"{service['metadata']['namespace']}/{service['metadata']['name']}")

    def _pod_event(self, kind, pod):
        if kind == "DELETED":
            self.views.forget(pod)
        for key in sorted(self.membership.pod_event(kind, pod)):
            self.enqueue(key)

    def _endpoints_deleted(self, kind, endpoints):
        if kind == "DELETED":  # put back while its Service wants it
            self.enqueue(f"{endpoints['metadata']['namespace']}/{endpoints['metadata']['name']}")

    def _check_leftover_endpoints(self):
        """checkLeftoverEndpoints: once, at start, Endpoints whose Service is gone are queued to go."""
        for endpoints in self.server.list("endpoints")["items"]:
            if LEADER_ANNOTATION not in (endpoints["metadata"].get("annotations") or {}):
                self.enqueue(f"{endpoints['metadata']['namespace']}/{endpoints['metadata']['name']}")

    # reconcile
    def sync(self, key):
        namespace, name = split_key(key)
        service = self.get("services", name, namespace)
        if service is None:
            self._delete_endpoints(name, namespace)
            self.triggers.forget(key)
            return None
        spec = service.get("spec") or {}
        reqs = selector_reqs(service)
        if spec.get("type") == "ExternalName" or reqs is None:
            return None
        views = [self.views.get(pod, service, pod_entries) for pod in self.membership.pods_of(key)]
        trigger = self.triggers.compute(key, service, [(name, since) for name, since, _ in views])
        subsets = repack_subsets([entry for _, _, entries in views for entry in entries])
        current = self.get("endpoints", name, namespace)
        if current is not None and current.get("subsets", []) == subsets \
                and _without_headless(current["metadata"].get("labels")) == (service["metadata"].get("labels") or {}) \
                and _capacity_annotation_correct(current):
            return None
        self._write(service, current, subsets, trigger)
        return None

    def _write(self, service, current, subsets, trigger):
        meta = service["metadata"]
        creating = current is None
        endpoints = current or {
            "apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": meta["name"], "namespace": meta["namespace"]}}
        endpoints.pop("subsets", None)
        if subsets:
            endpoints["subsets"] = subsets
        labels = dict(meta.get("labels") or {})
        if is_headless(service):
            labels[HEADLESS_LABEL] = ""
        annotations = dict(endpoints["metadata"].get("annotations") or {})
        if trigger:
            annotations[TRIGGER_TIME_ANNOTATION] = trigger
        else:
            annotations.pop(TRIGGER_TIME_ANNOTATION, None)
        if truncate_endpoints(endpoints):
            annotations[OVER_CAPACITY_ANNOTATION] = "truncated"
        else:
            annotations.pop(OVER_CAPACITY_ANNOTATION, None)
        endpoints["metadata"]["labels"] = labels or None
        endpoints["metadata"]["annotations"] = annotations or None
        endpoints["metadata"] = {k: v for k, v in endpoints["metadata"].items() if v is not None}
        try:
            if creating:
                self.server.create("endpoints", endpoints, namespace=meta["namespace"])
            else:
                self.server.update("endpoints", endpoints, namespace=meta["namespace"])
        except ApiError as e:
            if creating and e.code == 403 and terminating_namespace(e):
                return
            where = f"{meta['namespace']}/{meta['name']}"
            if creating:
                self.recorder.event(endpoints, "Warning", "FailedToCreateEndpoint",
                                    f"Failed to create endpoint for service {where}: {e.message}")
            else:
                self.recorder.event(endpoints, "Warning", "FailedToUpdateEndpoint",
                                    f"Failed to update endpoint {where}: {e.message}")
            raise

    def _delete_endpoints(self, name, namespace):
        try:
            self.server.delete("endpoints", name, namespace)
        except ApiError as e:
            if e.code != 404:
                raise


def pod_entries(pod, service):
    """The pod's name, trigger time and (address, ready, port) entries, one per Service port that
    resolves on it, as addEndpointSubset appends them."""
    meta, spec = pod["metadata"], service["spec"]
    tolerate = bool(spec.get("publishNotReadyAddresses"))
    address = pod_address(pod, service) if should_pod_be_in_endpoints(pod, tolerate) else None
    if address is None:
        return meta["name"], ready_since(pod), ()
    ready = tolerate or is_ready(pod)
    if not spec.get("ports"):  # a headless Service may have none
        return meta["name"], ready_since(pod), ((address, ready, None),) if spec.get("clusterIP") == "None" else ()
    entries = []
    for service_port in spec["ports"]:
        number = find_port(pod, service_port)
        if number is None:
            continue
        port = {"name": service_port.get("name"), "port": number, "protocol": service_port.get("protocol", "TCP"),
                "appProtocol": service_port.get("appProtocol")}
        entries.append((address, ready, {k: v for k, v in port.items() if v not in (None, "")}))
    return meta["name"], ready_since(pod), tuple(entries)


def pod_address(pod, service):
    """podToEndpointAddressForService: the IP of the Service's family, node and pod reference."""
    ip = pod_ip_for_service(service, pod)
    if ip is None:
        return None
    meta = pod["metadata"]
    address = {"ip": ip}
    if should_set_hostname(pod, service):
        address["hostname"] = pod["spec"]["hostname"]
    address["nodeName"] = (pod.get("spec") or {}).get("nodeName", "")
    address["targetRef"] = {"kind": "Pod", "namespace": meta["namespace"], "name": meta["name"], "uid": meta["uid"]}
    return address


def _without_headless(labels):
    return {k: v for k, v in (labels or {}).items() if k != HEADLESS_LABEL}


def _capacity_annotation_correct(endpoints):
    count = sum(len(s.get("addresses") or []) + len(s.get("notReadyAddresses") or [])
                for s in endpoints.get("subsets") or [])
    return count <= MAX_CAPACITY and OVER_CAPACITY_ANNOTATION not in (endpoints["metadata"].get("annotations") or {})


# RepackSubsets (pkg/api/v1/endpoints): one subset per distinct set of (address, ready) sharing ports
def repack_subsets(entries):
    """Subsets from (address, ready, port or None) entries: addresses grouped by the ports they
    offer, not-ready winning over ready, sorted as SortSubsets does."""
    by_port = {}  # port key -> {address key: ready}
    ports, addresses = {}, {}
    for address, ready, port in entries:
        port_key = _port_key(port)
        ports.setdefault(port_key, port)
        addr_key = (address["ip"], address.get("targetRef", {}).get("uid", ""))
        addresses.setdefault(addr_key, address)
        readiness = by_port.setdefault(port_key, {})
        if readiness.get(addr_key, True):
            readiness[addr_key] = ready
    groups = {}  # frozen address set -> ports
    for port_key, readiness in by_port.items():
        group = groups.setdefault(frozenset(readiness.items()), [])
        if ports[port_key] is not None:
            group.append(ports[port_key])
    subsets = []
    for members, group_ports in groups.items():
        subset = {}
        ready = sorted((addresses[k] for k, r in members if r), key=_address_order)
        not_ready = sorted((addresses[k] for k, r in members if not r), key=_address_order)
        if ready:
            subset["addresses"] = ready
        if not_ready:
            subset["notReadyAddresses"] = not_ready
        if group_ports:
            subset["ports"] = sorted(group_ports, key=lambda p: _md5("(v1.EndpointPort)" + _spew_port(p)))
        subsets.append(subset)
    return sorted(subsets, key=lambda s: _md5("(v1.EndpointSubset)" + _spew_subset(s)))


def _port_key(port):
    return None if port is None else (port.get("name", ""), port["port"], port.get("protocol", ""), port.get("appProtocol"))


def _address_order(address):
    return address["ip"].encode(), address.get("targetRef", {}).get("uid", "")


def _md5(text):
    return hashlib.md5(text.encode()).digest()


# DeepHashObject prints values with spew's "%#v" before hashing: the sort order depends on these exact strings
def _spew_ptr(type_name, value):
    return f"(*{type_name})<nil>" if value is None else f"(*{type_name}){value}"


def _spew_port(port):
    return (f"{{Name:(string){port.get('name', '')} Port:(int32){port['port']} Protocol:(v1.Protocol){port.get('protocol', '')} "
            f"AppProtocol:{_spew_ptr('string', port.get('appProtocol'))}}}")


def _spew_address(address):
    ref = address.get("targetRef")
    ref_text = "(*v1.ObjectReference)<nil>" if ref is None else (
        f"(*v1.ObjectReference){{Kind:(string){ref.get('kind', '')} Namespace:(string){ref.get('namespace', '')} "
        f"Name:(string){ref.get('name', '')} UID:(types.UID){ref.get('uid', '')} APIVersion:(string){ref.get('apiVersion', '')} "
        f"ResourceVersion:(string){ref.get('resourceVersion', '')} FieldPath:(string){ref.get('fieldPath', '')}}}")
    return (f"{{IP:(string){address['ip']} Hostname:(string){address.get('hostname', '')} "
            f"NodeName:{_spew_ptr('string', address.get('nodeName'))} TargetRef:{ref_text}}}")


def _spew_slice(type_name, items, item_text):
    if not items:
        return f"([]{type_name})<nil>"
    return f"([]{type_name})[" + " ".join(item_text(i) for i in items) + "]"


def _spew_subset(subset):
    return (f"{{Addresses:{_spew_slice('v1.EndpointAddress', subset.get('addresses'), _spew_address)} "
            f"NotReadyAddresses:{_spew_slice('v1.EndpointAddress', subset.get('notReadyAddresses'), _spew_address)} "
            f"Ports:{_spew_slice('v1.EndpointPort', subset.get('ports'), _spew_port)}}}")


def truncate_endpoints(endpoints):
    """truncateEndpoints: over 1000 addresses, keep each subset's share, ready ones first; True if cut."""
    subsets = endpoints.get("subsets") or []
    total_ready = sum(len(s.get("addresses") or []) for s in subsets)
    total_not_ready = sum(len(s.get("notReadyAddresses") or []) for s in subsets)
    if total_ready + total_not_ready <= MAX_CAPACITY:
        return False
    truncate_ready = total_ready > MAX_CAPACITY
    limit, total = (MAX_CAPACITY, total_ready) if truncate_ready else (MAX_CAPACITY - total_ready, total_not_ready)
    room = limit
    for subset in subsets:
        field = "addresses" if truncate_ready else "notReadyAddresses"
        share = min(math.ceil(len(subset.get(field) or []) / total * limit), room)
        kept = (subset.get(field) or [])[:share]
        if kept:
            subset[field] = kept
        else:
            subset.pop(field, None)
        if truncate_ready:
            subset.pop("notReadyAddresses", None)
        room -= len(kept)
    return True
