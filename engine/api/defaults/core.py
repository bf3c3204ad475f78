"""Defaults of core/v1 kinds and of the pod templates other kinds embed.

Mirrors pkg/apis/core/v1/defaults.go and its generated defaulters at v1.32 (feature gates at their 1.32 defaults)."""
import re

from .. import quantity

EMPTY_DIR_SOURCES = ("hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs",
                     "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
                     "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
                     "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral",
                     "image")
FILE_MODE_DEFAULT = 420  # 0644, the default mode of secret/configMap/downwardAPI/projected files


def _set(obj, key, value):
    if obj.get(key) in (None, ""):
        obj[key] = value


# metadata of embedded objects: Go writes the zero metav1.Time as null
def template_metadata(template):
    meta = template.get("metadata")
    if not isinstance(meta, dict):
        meta = template["metadata"] = {}
    meta.setdefault("creationTimestamp", None)


def pod_template(template):
    """A PodTemplateSpec inside a controller: metadata stub plus the PodSpec defaults."""
    if not isinstance(template, dict):
        return
    template_metadata(template)
    spec = template.get("spec")
    if isinstance(spec, dict):
        pod_spec(spec)


def drop_disabled_fields(spec):
    """Fields of features off by default in v1.32 are dropped on write (podutil.DropDisabledPodFields):
    PodLevelResources, InPlacePodVerticalScaling, SupplementalGroupsPolicy, DynamicResourceAllocation,
    UserNamespacesSupport (beta but off until 1.33)."""
    spec.pop("resources", None)
    spec.pop("hostUsers", None)
    spec.pop("resourceClaims", None)
    if isinstance(spec.get("securityContext"), dict):
        spec["securityContext"].pop("supplementalGroupsPolicy", None)
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for c in _dicts(spec.get(field)):
            c.pop("resizePolicy", None)
            if isinstance(c.get("resources"), dict):
                c["resources"].pop("claims", None)


def pod_spec(spec, pod=False):
    drop_disabled_fields(spec)
    _set(spec, "dnsPolicy", "ClusterFirst")
    _set(spec, "restartPolicy", "Always")
    if spec.get("securityContext") is None:
        spec["securityContext"] = {}
    if spec.get("terminationGracePeriodSeconds") is None:
        spec["terminationGracePeriodSeconds"] = 30
    _set(spec, "schedulerName", "default-scheduler")
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for c in _dicts(spec.get(field)):
            container(c)
            if not pod or field == "ephemeralContainers":
                continue
            requests_from_limits(c)
            if spec.get("hostNetwork"):
                for port in _dicts(c.get("ports")):
                    if not port.get("hostPort"):
                        port["hostPort"] = port.get("containerPort")
    for volume_ in _dicts(spec.get("volumes")):
        volume(volume_)
    if pod and spec.get("enableServiceLinks") is None:
        spec["enableServiceLinks"] = True
    overhead = spec.get("overhead")
    if isinstance(overhead, dict):
        resource_list(overhead)


def _dicts(items):
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


_DOMAIN = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?"
_PATH = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
_REFERENCE = re.compile(rf"^(?:({_DOMAIN})/)?({_PATH})(?::([\w][\w.-]{{0,127}}))?"
                        r"(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$")


def image_tag(image):
    """(tag, digest) as the kubelet's ParseImageName reads a reference; tag is "latest" when neither is given,
    and both are empty when the reference does not parse."""
    if not isinstance(image, str):
        return "", ""
    first, slash, _ = image.partition("/")
    # docker's normalisation: the first component is a registry only if it looks like one
    if slash and not (set(first) & set(".:") or first == "localhost" or first.lower() != first):
        image_for_match = "docker.io/" + image
    else:
        image_for_match = image if slash else "docker.io/library/" + image
    match = _REFERENCE.match(image_for_match)
    if not match or len(match.group(1) or "") + len(match.group(2)) + 1 > 255:
        return "", ""
    tag, digest = match.group(3) or "", match.group(4) or ""
    return (tag or ("" if digest else "latest")), digest


def image_pull_policy(image):
    """Always for `:latest` or an image without tag or digest, IfNotPresent otherwise (and for bad references)."""
    return "Always" if image_tag(image)[0] == "latest" else "IfNotPresent"


def container(c):
    if not c.get("imagePullPolicy"):
        c["imagePullPolicy"] = image_pull_policy(c.get("image"))
    _set(c, "terminationMessagePath", "/dev/termination-log")
    _set(c, "terminationMessagePolicy", "File")
    resources = c.get("resources")
    if not isinstance(resources, dict):
        resources = c["resources"] = {}
    for key in ("limits", "requests"):
        if isinstance(resources.get(key), dict):
            resource_list(resources[key])
    for port in _dicts(c.get("ports")):
        _set(port, "protocol", "TCP")
    for probe_name in ("livenessProbe", "readinessProbe", "startupProbe"):
        if isinstance(c.get(probe_name), dict):
            probe(c[probe_name])
    lifecycle = c.get("lifecycle")
    if isinstance(lifecycle, dict):
        for hook in ("postStart", "preStop"):
            if isinstance(lifecycle.get(hook), dict):
                handler(lifecycle[hook])
    for env in _dicts(c.get("env")):
        value_from = env.get("valueFrom")
        if isinstance(value_from, dict):
            _field_refs(value_from)


def _field_refs(source):
    """fieldRef.apiVersion defaults to v1; resourceFieldRef.divisor is a Quantity struct, written as "0" when unset."""
    if isinstance(source.get("fieldRef"), dict):
        _set(source["fieldRef"], "apiVersion", "v1")
    ref = source.get("resourceFieldRef")
    if isinstance(ref, dict):
        ref["divisor"] = quantity.canonical_or_same(ref["divisor"]) if ref.get("divisor") is not None else "0"


def requests_from_limits(c):
    """Pods only: requests default to the limits for each resource with a limit and no request."""
    resources = c["resources"]
    limits = resources.get("limits")
    if not isinstance(limits, dict):
        return
    requests = resources.get("requests")
    if not isinstance(requests, dict):
        requests = resources["requests"] = {}
    for key, value in limits.items():
        requests.setdefault(key, value)


def resource_list(resources):
    for key, value in list(resources.items()):
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            resources[key] = quantity.round_up_milli(value)


def probe(p):
    for key, value in (("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3)):
        if not p.get(key):
            p[key] = value
    handler(p)


def handler(h):
    http_get = h.get("httpGet")
    if isinstance(http_get, dict):
        _set(http_get, "path", "/")
        _set(http_get, "scheme", "HTTP")
    grpc = h.get("grpc")
    if isinstance(grpc, dict) and grpc.get("service") is None:
        grpc["service"] = ""


def volume(v):
    if not any(v.get(source) is not None for source in EMPTY_DIR_SOURCES):
        v["emptyDir"] = {}
    volume_source(v)


def volume_source(v):
    """Defaults shared by pod volumes and persistent volume sources."""
    for kind in ("secret", "configMap", "downwardAPI", "projected"):
        src = v.get(kind)
        if isinstance(src, dict) and src.get("defaultMode") is None:
            src["defaultMode"] = FILE_MODE_DEFAULT
    downward = v.get("downwardAPI")
    if isinstance(downward, dict):
        _downward_items(downward.get("items"))
    projected = v.get("projected")
    if isinstance(projected, dict):
        for source in _dicts(projected.get("sources")):
            token = source.get("serviceAccountToken")
            if isinstance(token, dict) and token.get("expirationSeconds") is None:
                token["expirationSeconds"] = 3600
            if isinstance(source.get("downwardAPI"), dict):
                _downward_items(source["downwardAPI"].get("items"))
    host_path = v.get("hostPath")
    if isinstance(host_path, dict) and host_path.get("type") is None:
        host_path["type"] = ""
    iscsi = v.get("iscsi")
    if isinstance(iscsi, dict):
        _set(iscsi, "iscsiInterface", "default")
    rbd = v.get("rbd")
    if isinstance(rbd, dict):
        _set(rbd, "pool", "rbd")
        _set(rbd, "user", "admin")
        _set(rbd, "keyring", "/etc/ceph/keyring")
    azure = v.get("azureDisk")
    if isinstance(azure, dict):
        for key, value in (("cachingMode", "ReadWrite"), ("fsType", "ext4"), ("kind", "Shared")):
            _set(azure, key, value)
        if azure.get("readOnly") is None:
            azure["readOnly"] = False
    scale_io = v.get("scaleIO")
    if isinstance(scale_io, dict):
        _set(scale_io, "storageMode", "ThinProvisioned")
        _set(scale_io, "fsType", "xfs")
    ephemeral = v.get("ephemeral")
    if isinstance(ephemeral, dict) and isinstance(ephemeral.get("volumeClaimTemplate"), dict):
        claim = ephemeral["volumeClaimTemplate"]
        template_metadata(claim)
        if isinstance(claim.get("spec"), dict):
            pvc_spec(claim["spec"])


def _downward_items(items):
    for item in _dicts(items):
        _field_refs(item)


def pvc_spec(spec):
    spec.pop("volumeAttributesClassName", None)  # VolumeAttributesClass is beta but off in 1.32: dropped on write
    _set(spec, "volumeMode", "Filesystem")
    resources = spec.get("resources")
    if resources is None:
        resources = spec["resources"] = {}  # a struct: Go writes it even when empty
    if isinstance(resources, dict):
        for key in ("limits", "requests"):
            if isinstance(resources.get(key), dict):
                resource_list(resources[key])


def claim_template(claim):
    """A StatefulSet volumeClaimTemplate: a whole PVC as v1 serializes it (apiVersion/kind kept since 1.17)."""
    claim["apiVersion"] = "v1"
    claim["kind"] = "PersistentVolumeClaim"
    template_metadata(claim)
    spec = claim.get("spec")
    if not isinstance(spec, dict):
        spec = claim["spec"] = {}
    pvc_spec(spec)
    status = claim.get("status")
    if not isinstance(status, dict):
        status = claim["status"] = {}
    _set(status, "phase", "Pending")


# kinds
def pod(obj):
    spec = obj.setdefault("spec", {})
    pod_spec(spec, pod=True)


def service(obj):
    spec = obj.setdefault("spec", {})
    _set(spec, "sessionAffinity", "None")
    if spec["sessionAffinity"] == "None":
        spec.pop("sessionAffinityConfig", None)
    elif spec["sessionAffinity"] == "ClientIP":
        config = spec.get("sessionAffinityConfig") or {}
        if (config.get("clientIP") or {}).get("timeoutSeconds") is None:
            spec["sessionAffinityConfig"] = {"clientIP": {"timeoutSeconds": 10800}}
    _set(spec, "type", "ClusterIP")
    for port in _dicts(spec.get("ports")):
        _set(port, "protocol", "TCP")
        if port.get("targetPort") in (None, 0, ""):
            port["targetPort"] = port.get("port")
    kind = spec["type"]
    externally_accessible = kind in ("NodePort", "LoadBalancer") or (
        kind == "ClusterIP" and bool(spec.get("externalIPs")))
    if externally_accessible:
        _set(spec, "externalTrafficPolicy", "Cluster")
    if spec.get("internalTrafficPolicy") is None and kind in ("NodePort", "LoadBalancer", "ClusterIP"):
        spec["internalTrafficPolicy"] = "Cluster"
    if kind == "LoadBalancer":
        if spec.get("allocateLoadBalancerNodePorts") is None:
            spec["allocateLoadBalancerNodePorts"] = True
        for ingress in _dicts(((obj.get("status") or {}).get("loadBalancer") or {}).get("ingress")):
            if ingress.get("ip") and ingress.get("ipMode") is None:
                ingress["ipMode"] = "VIP"


def endpoints(obj):
    for subset in _dicts(obj.get("subsets")):
        for port in _dicts(subset.get("ports")):
            _set(port, "protocol", "TCP")


def namespace(obj):
    meta = obj["metadata"]
    if meta.get("name"):
        labels = meta.get("labels")
        if not isinstance(labels, dict):
            labels = meta["labels"] = {}
        labels["kubernetes.io/metadata.name"] = meta["name"]
    status = obj.get("status")
    if isinstance(status, dict):
        _set(status, "phase", "Active")


def node(obj):
    obj.setdefault("spec", {})
    status = obj.get("status")
    if isinstance(status, dict):
        for key in ("capacity", "allocatable"):
            if isinstance(status.get(key), dict):
                resource_list(status[key])
        if status.get("allocatable") is None and status.get("capacity") is not None:
            status["allocatable"] = dict(status["capacity"])


def secret(obj):
    _set(obj, "type", "Opaque")


def event(obj):
    obj.setdefault("involvedObject", {})
    obj.setdefault("source", {})
    for key in ("firstTimestamp", "lastTimestamp", "eventTime"):
        obj.setdefault(key, None)
    obj.setdefault("reportingComponent", "")
    obj.setdefault("reportingInstance", "")


def persistent_volume(obj):
    spec = obj.setdefault("spec", {})
    spec.pop("volumeAttributesClassName", None)
    _set(spec, "persistentVolumeReclaimPolicy", "Retain")
    _set(spec, "volumeMode", "Filesystem")
    if isinstance(spec.get("capacity"), dict):
        resource_list(spec["capacity"])
    volume_source(spec)
    status = obj.get("status")
    if isinstance(status, dict):
        _set(status, "phase", "Pending")


def persistent_volume_claim(obj):
    pvc_spec(obj.setdefault("spec", {}))
    status = obj.get("status")
    if isinstance(status, dict):
        _set(status, "phase", "Pending")
        for key in ("capacity", "allocatedResources"):
            if isinstance(status.get(key), dict):
                resource_list(status[key])


def resource_quota(obj):
    spec = obj.setdefault("spec", {})
    if isinstance(spec.get("hard"), dict):
        resource_list(spec["hard"])
    status = obj.get("status")
    if isinstance(status, dict):
        for key in ("hard", "used"):
            if isinstance(status.get(key), dict):
                resource_list(status[key])


def limit_range(obj):
    spec = obj.setdefault("spec", {})
    spec.setdefault("limits", None)  # not omitempty
    for item in _dicts(spec.get("limits")):
        for key in ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio"):
            if isinstance(item.get(key), dict):
                resource_list(item[key])
        if item.get("type") == "Container":
            container_limit_defaults(item)


def container_limit_defaults(item):
    """default <- max; defaultRequest <- default, then min (SetDefaults_LimitRangeItem)."""
    default = dict(item.get("default") or {})
    request = dict(item.get("defaultRequest") or {})
    for key, value in (item.get("max") or {}).items():
        default.setdefault(key, value)
    for key, value in default.items():
        request.setdefault(key, value)
    for key, value in (item.get("min") or {}).items():
        request.setdefault(key, value)
    for key, values in (("default", default), ("defaultRequest", request)):
        if values:  # an empty map is omitted on the wire
            item[key] = values


def replication_controller(obj):
    spec = obj.setdefault("spec", {})
    template = spec.get("template")
    labels = (template.get("metadata") or {}).get("labels") if isinstance(template, dict) else None
    if labels:
        if not spec.get("selector"):
            spec["selector"] = dict(labels)
        if not obj["metadata"].get("labels"):
            obj["metadata"]["labels"] = dict(labels)
    if spec.get("replicas") is None:
        spec["replicas"] = 1
    pod_template(template)


def pod_template_object(obj):
    pod_template(obj.setdefault("template", {}))


KINDS = {
    "Pod": pod, "Service": service, "Endpoints": endpoints, "Namespace": namespace, "Node": node,
    "Secret": secret, "Event": event, "PersistentVolume": persistent_volume,
    "PersistentVolumeClaim": persistent_volume_claim, "ResourceQuota": resource_quota, "LimitRange": limit_range,
    "ReplicationController": replication_controller, "PodTemplate": pod_template_object,
}


# the Pod strategy's own mutations on create (pkg/registry/core/pod/strategy.go PrepareForCreate)
APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/"


def pod_create_mutations(obj):
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return
    _merge_affinity_label_keys(spec, obj["metadata"].get("labels") or {})
    _apparmor_version_skew(obj, spec)


def _merge_affinity_label_keys(spec, labels):
    """MatchLabelKeysInPodAffinity (beta, on): matchLabelKeys/mismatchLabelKeys become In/NotIn
    requirements on the term's labelSelector, with the values of the pod's own labels."""
    affinity = spec.get("affinity") or {}
    for kind in ("podAffinity", "podAntiAffinity"):
        section = affinity.get(kind) or {}
        terms = list(section.get("requiredDuringSchedulingIgnoredDuringExecution") or [])
        terms += [(w or {}).get("podAffinityTerm") for w in section.get("preferredDuringSchedulingIgnoredDuringExecution") or []]
        for term in terms:
            if not isinstance(term, dict) or not isinstance(term.get("labelSelector"), dict):
                continue
            expressions = []
            for keys_field, operator in (("matchLabelKeys", "In"), ("mismatchLabelKeys", "NotIn")):
                for key in term.get(keys_field) or []:
                    if key in labels:
                        expressions.append({"key": key, "operator": operator, "values": [labels[key]]})
            if expressions:
                selector = term["labelSelector"]
                selector["matchExpressions"] = list(selector.get("matchExpressions") or []) + expressions


def _apparmor_annotation(profile):
    kind = (profile or {}).get("type")
    if kind == "RuntimeDefault":
        return "runtime/default"
    if kind == "Unconfined":
        return "unconfined"
    if kind == "Localhost" and profile.get("localhostProfile"):
        return "localhost/" + profile["localhostProfile"]
    return ""


def _apparmor_field(annotation):
    if annotation == "runtime/default":
        return {"type": "RuntimeDefault"}
    if annotation == "unconfined":
        return {"type": "Unconfined"}
    if isinstance(annotation, str) and annotation.startswith("localhost/") and annotation[len("localhost/"):].strip():
        return {"type": "Localhost", "localhostProfile": annotation[len("localhost/"):]}
    return None


def _apparmor_version_skew(obj, spec):
    """Keep the deprecated AppArmor annotations and the securityContext.appArmorProfile fields in step."""
    if (spec.get("os") or {}).get("name") == "windows":
        return
    meta = obj["metadata"]
    pod_profile = (spec.get("securityContext") or {}).get("appArmorProfile")
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for c in _dicts(spec.get(field)):
            key = APPARMOR_PREFIX + str(c.get("name"))
            annotations = meta.get("annotations") or {}
            profile = (c.get("securityContext") or {}).get("appArmorProfile")
            if key not in annotations:
                value = _apparmor_annotation(profile) if profile else _apparmor_annotation(pod_profile)
                if value:
                    meta.setdefault("annotations", {})[key] = value
            elif profile is None:
                derived = _apparmor_field(annotations[key])
                if derived is not None and derived != pod_profile:
                    context = c.get("securityContext")
                    if not isinstance(context, dict):
                        context = c["securityContext"] = {}
                    context["appArmorProfile"] = derived
