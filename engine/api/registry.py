"""The API server's resource registry: every served group/version/kind with its discovery data.

Removed versions (extensions/v1beta1, batch/v1beta1, ...) are absent, exactly as on v1.32."""
from dataclasses import dataclass, field

STANDARD_VERBS = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")


@dataclass(frozen=True)
class Resource:
    group: str
    version: str
    kind: str
    plural: str
    namespaced: bool
    short_names: tuple = ()
    verbs: tuple = STANDARD_VERBS
    categories: tuple = ()
    subresources: tuple = ()
    # metadata.generation is kept (bumped on spec changes) for these kinds
    has_generation: bool = False
    # the first version listed for a group/kind is where it is stored
    storage_version: str = ""
    singular: str = field(default="")
    # served for a CustomResourceDefinition (engine/api/crd.py)
    custom: bool = False
    # its published OpenAPI schema (what server-side apply types its objects by), left out of comparisons
    schema: dict = field(default=None, compare=False, hash=False, repr=False)

    @property
    def group_version(self):
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def api_version(self):
        return self.group_version

    @property
    def singular_name(self):
        return self.singular or self.kind.lower()

    @property
    def full_name(self):
        """`deployments.apps`, or `pods` for the core group (how errors name resources)."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def storage_prefix(self):
        if self.custom:
            return f"/registry/{self.group}/{self.plural}"
        return "/registry/" + STORAGE_PATHS.get(self.plural, self.plural)


# Keys under /registry are named as the real apiserver names them (built-in groups get no prefix).
STORAGE_PATHS = {
    "services": "services/specs",
    "replicationcontrollers": "controllers",
    "endpoints": "services/endpoints",
    "nodes": "minions",
    "ingresses": "ingress",
    "apiservices": "apiregistration.k8s.io/apiservices",
    "customresourcedefinitions": "apiextensions.k8s.io/customresourcedefinitions",
}

_ALL = ("all",)
_R = Resource
RESOURCES = [
    _R("", "v1", "Binding", "bindings", True, verbs=("create",)),
    _R("", "v1", "ComponentStatus", "componentstatuses", False, ("cs",), verbs=("get", "list")),
    _R("", "v1", "ConfigMap", "configmaps", True, ("cm",)),
    _R("", "v1", "Endpoints", "endpoints", True, ("ep",), singular="endpoints"),
    _R("", "v1", "Event", "events", True, ("ev",)),
    _R("", "v1", "LimitRange", "limitranges", True, ("limits",)),
    _R("", "v1", "Namespace", "namespaces", False, ("ns",),
       verbs=("create", "delete", "get", "list", "patch", "update", "watch"), subresources=("status", "finalize")),
    _R("", "v1", "Node", "nodes", False, ("no",), subresources=("status", "proxy")),
    _R("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", True, ("pvc",), subresources=("status",)),
    _R("", "v1", "PersistentVolume", "persistentvolumes", False, ("pv",), subresources=("status",)),
    _R("", "v1", "Pod", "pods", True, ("po",), categories=_ALL,
       subresources=("status", "binding", "eviction", "log", "exec", "attach", "portforward", "proxy", "ephemeralcontainers")),
    _R("", "v1", "PodTemplate", "podtemplates", True),
    _R("", "v1", "ReplicationController", "replicationcontrollers", True, ("rc",), categories=_ALL,
       subresources=("status", "scale"), has_generation=True),
    _R("", "v1", "ResourceQuota", "resourcequotas", True, ("quota",), subresources=("status",)),
    _R("", "v1", "Secret", "secrets", True),
    _R("", "v1", "ServiceAccount", "serviceaccounts", True, ("sa",), subresources=("token",)),
    _R("", "v1", "Service", "services", True, ("svc",), categories=_ALL, subresources=("status", "proxy")),
    _R("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", False,
       has_generation=True),
    _R("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", False,
       subresources=("status",), has_generation=True),
    _R("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", False,
       has_generation=True),
    _R("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", False,
       has_generation=True),
    _R("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", False, ("crd", "crds"),
       subresources=("status",), has_generation=True),
    _R("apiregistration.k8s.io", "v1", "APIService", "apiservices", False, subresources=("status",)),
    _R("apps", "v1", "ControllerRevision", "controllerrevisions", True),
    _R("apps", "v1", "DaemonSet", "daemonsets", True, ("ds",), categories=_ALL, subresources=("status",), has_generation=True),
    _R("apps", "v1", "Deployment", "deployments", True, ("deploy",), categories=_ALL,
       subresources=("status", "scale"), has_generation=True),
    _R("apps", "v1", "ReplicaSet", "replicasets", True, ("rs",), categories=_ALL,
       subresources=("status", "scale"), has_generation=True),
    _R("apps", "v1", "StatefulSet", "statefulsets", True, ("sts",), categories=_ALL,
       subresources=("status", "scale"), has_generation=True),
    _R("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", False, verbs=("create",)),
    _R("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", False, verbs=("create",)),
    _R("authorization.k8s.io", "v1", "LocalSubjectAccessReview", "localsubjectaccessreviews", True, verbs=("create",)),
    _R("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", False, verbs=("create",)),
    _R("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", False, verbs=("create",)),
    _R("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", False, verbs=("create",)),
    _R("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", True, ("hpa",), categories=_ALL,
       subresources=("status",)),
    _R("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", True, ("hpa",), categories=_ALL,
       subresources=("status",), storage_version="v2"),
    _R("batch", "v1", "CronJob", "cronjobs", True, ("cj",), categories=_ALL, subresources=("status",), has_generation=True),
    _R("batch", "v1", "Job", "jobs", True, categories=_ALL, subresources=("status",), has_generation=True),
    _R("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", False, ("csr",),
       subresources=("approval", "status")),
    _R("coordination.k8s.io", "v1", "Lease", "leases", True),
    _R("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", True, has_generation=True),
    _R("flowcontrol.apiserver.k8s.io", "v1", "FlowSchema", "flowschemas", False, subresources=("status",),
       has_generation=True),
    _R("flowcontrol.apiserver.k8s.io", "v1", "PriorityLevelConfiguration", "prioritylevelconfigurations", False,
       subresources=("status",), has_generation=True),
    _R("networking.k8s.io", "v1", "IngressClass", "ingressclasses", False),
    _R("networking.k8s.io", "v1", "Ingress", "ingresses", True, ("ing",), subresources=("status",), has_generation=True),
    _R("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", True, ("netpol",), has_generation=True),
    _R("node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", False),
    _R("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", True, ("pdb",), subresources=("status",),
       has_generation=True),
    _R("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", False),
    _R("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", False),
    _R("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", True),
    _R("rbac.authorization.k8s.io", "v1", "Role", "roles", True),
    _R("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", False, ("pc",), has_generation=True),
    _R("storage.k8s.io", "v1", "CSIDriver", "csidrivers", False),
    _R("storage.k8s.io", "v1", "CSINode", "csinodes", False),
    _R("storage.k8s.io", "v1", "CSIStorageCapacity", "csistoragecapacities", True),
    _R("storage.k8s.io", "v1", "StorageClass", "storageclasses", False, ("sc",)),
    _R("storage.k8s.io", "v1", "VolumeAttachment", "volumeattachments", False, subresources=("status",)),
]

class Registry:
    """Look-ups of served resources by kind, plural, short name or `plural.group`."""

    def __init__(self, resources=RESOURCES):
        self.resources = list(resources)
        self._index()

    def _index(self):
        self._by_gvk = {(r.group, r.version, r.kind): r for r in self.resources}
        self._by_gvr = {(r.group, r.version, r.plural): r for r in self.resources}
        self._preferred = {}
        for r in self.resources:  # first listed version of a group is the preferred one
            self._preferred.setdefault((r.group, r.plural), r)

    def replace_custom(self, group, plural, resources):
        """Serve `resources` (a CRD's versions, preferred first) in place of what was served for group/plural."""
        self.resources = [r for r in self.resources if not (r.custom and (r.group, r.plural) == (group, plural))]
        self.resources += resources
        self._index()

    def preferred(self):
        """One Resource per group/plural, in the preferred version."""
        return list(self._preferred.values())

    def by_kind(self, api_version, kind):
        group, _, version = api_version.rpartition("/")
        return self._by_gvk.get((group, version, kind))

    def by_gvr(self, group, version, plural):
        return self._by_gvr.get((group, version, plural))

    def storage(self, resource):
        """The Resource whose version is stored in etcd for this group/plural."""
        if resource.storage_version:
            return self._by_gvr[(resource.group, resource.storage_version, resource.plural)]
        return resource

    def versions_of(self, group):
        return [r for r in self.resources if r.group == group]

    def group_versions(self):
        """`kubectl api-versions`: every served group/version, sorted as kubectl prints them."""
        return sorted({r.group_version for r in self.resources})

    def lookup(self, name):
        """Resolve what a user types (`po`, `pods`, `pod`, `deployments.apps`, `deploy.v1.apps`,
        `autoscaling/v1/horizontalpodautoscalers`) to the preferred Resource, or None."""
        if name.count("/") == 2 or (name.count("/") == 1 and name.split("/")[0] == "v1"):
            parts = name.split("/")
            group, version, plural = ("", *parts) if len(parts) == 2 else parts
            return self._by_gvr.get((group, version, plural))
        lowered = name.lower()
        base, _, rest = lowered.partition(".")
        group = version = None
        if rest:
            version_part, _, group_part = rest.partition(".")
            if group_part and version_part.startswith("v") and version_part[1:2].isdigit():
                version, group = version_part, group_part
            else:
                group = rest
        candidates = [r for r in self.preferred() if group is None or r.group == group]
        if version:
            candidates = [self._by_gvr.get((r.group, version, r.plural)) for r in candidates]
            candidates = [r for r in candidates if r]
        for match in (lambda r: r.plural == base, lambda r: r.singular_name == base,
                      lambda r: base in r.short_names, lambda r: r.kind.lower() == base):
            for r in candidates:
                if match(r):
                    return r
        return None

    def category(self, category):
        return [r for r in self.preferred() if category in r.categories]
