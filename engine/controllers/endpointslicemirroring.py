"""The EndpointSlice mirroring controller (pkg/controller/endpointslicemirroring): Endpoints written
by hand for a Service without a selector are copied into EndpointSlices owned by those Endpoints."""
from ..api.errors import ApiError
from .base import split_key
from .endpointslice import SERVICE_NAME_LABEL, MANAGED_BY_LABEL, EndpointSliceController, _ports_key, slice_prefix
from .endpointsliceutil import TRIGGER_TIME_ANNOTATION, selector_reqs

MIRRORING_NAME = "endpointslicemirroring-controller.k8s.io"
SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror"
LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
MAX_ENDPOINTS_PER_SUBSET = 1000  # --mirroring-max-endpoints-per-subset


class EndpointSliceMirroringController(EndpointSliceController):
    name = "endpointslicemirroring"
    managed_by = MIRRORING_NAME
    max_per_slice = MAX_ENDPOINTS_PER_SUBSET
    placeholder = False

    def setup(self):
        self.written = {}
        self.watch("services", self._service_changed)
        self.watch("endpoints", self._endpoints_changed)
        self.watch("endpointslices", self._slice_event, replay=False,
                   label_selector=[(MANAGED_BY_LABEL, "=", (self.managed_by,))])

    def _service_changed(self, kind, service):
        self.enqueue(f"{service['metadata']['namespace']}/{service['metadata']['name']}")

    def _endpoints_changed(self, kind, endpoints):
        self.enqueue(f"{endpoints['metadata']['namespace']}/{endpoints['metadata']['name']}")

    def sync(self, key):
        namespace, name = split_key(key)
        existing = self.server.list("endpointslices", namespace, label_selector=[
            (SERVICE_NAME_LABEL, "=", (name,)), (MANAGED_BY_LABEL, "=", (self.managed_by,))])["items"]
        service = self.get("services", name, namespace)
        endpoints = self.get("endpoints", name, namespace)
        if service is None or selector_reqs(service) is not None or endpoints is None \
                or (endpoints["metadata"].get("labels") or {}).get(SKIP_MIRROR_LABEL) == "true" \
                or LEADER_ANNOTATION in (endpoints["metadata"].get("annotations") or {}):
            self._delete_all(existing, namespace)
            return None
        self._reconcile(endpoints, existing, mirrored_endpoints(endpoints), None)
        return None

    def _delete_all(self, slices, namespace):
        for eps in slices:
            try:
                self.server.delete("endpointslices", eps["metadata"]["name"], namespace)
            except ApiError as e:
                if e.code != 404:
                    raise
            self.written.pop((namespace, eps["metadata"]["name"]), None)

    def new_slice(self, endpoints, ports):
        meta = endpoints["metadata"]
        eps = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
               "metadata": {"generateName": slice_prefix(meta["name"]), "namespace": meta["namespace"],
                            "ownerReferences": [{"apiVersion": "v1", "kind": "Endpoints", "name": meta["name"],
                                                 "uid": meta["uid"], "controller": True, "blockOwnerDeletion": True}]},
               "addressType": "IPv4", "endpoints": None, "ports": ports or None}
        eps["metadata"]["labels"] = self.labels_for(eps, endpoints)[0]
        return eps

    def labels_for(self, eps, endpoints):
        """The Endpoints' labels with service-name and managed-by set."""
        labels = dict(endpoints["metadata"].get("labels") or {})
        labels[SERVICE_NAME_LABEL] = endpoints["metadata"]["name"]
        labels[MANAGED_BY_LABEL] = self.managed_by
        return labels, (eps["metadata"].get("labels") or {}) != labels

    def annotate(self, eps, endpoints, trigger):
        """The Endpoints' annotations but the trigger time and kubectl's last-applied configuration."""
        annotations = {k: v for k, v in (endpoints["metadata"].get("annotations") or {}).items()
                       if k not in (TRIGGER_TIME_ANNOTATION, LAST_APPLIED)}
        eps["metadata"].pop("annotations", None)
        if annotations:
            eps["metadata"]["annotations"] = annotations


def mirrored_endpoints(endpoints):
    """{ports key: (ports, [endpoint])}: every IPv4 address of each subset, ready or not, under the subset's ports."""
    groups = {}
    for subset in endpoints.get("subsets") or []:
        ports = [{k: v for k, v in (("name", p.get("name", "")), ("port", p.get("port")),
                                    ("protocol", p.get("protocol", "TCP")), ("appProtocol", p.get("appProtocol")))
                  if v is not None} for p in subset.get("ports") or []]
        found = [(a, True) for a in subset.get("addresses") or []] + [(a, False) for a in subset.get("notReadyAddresses") or []]
        group = groups.setdefault(_ports_key(ports), (ports, []))[1]
        for address, ready in found[:MAX_ENDPOINTS_PER_SUBSET]:
            if ":" in address.get("ip", ""):
                continue  # an IPv6 address would go to an IPv6 slice; the course cluster is IPv4 only
            endpoint = {"addresses": [address["ip"]], "conditions": {"ready": ready}}
            if address.get("hostname"):
                endpoint["hostname"] = address["hostname"]
            if address.get("nodeName") is not None:
                endpoint["nodeName"] = address["nodeName"]
            if address.get("targetRef") is not None:
                endpoint["targetRef"] = address["targetRef"]
            group.append(endpoint)
    return groups
