"""Where kustomize's built-in transformers write (builtinpluginconsts of kustomize v5.5.0): label,
annotation, replica and name-reference field specs, and the kinds it knows to be cluster-scoped."""

TEMPLATE_KINDS = {"ReplicationController": "", "Deployment": None, "ReplicaSet": None, "DaemonSet": None,
                  "StatefulSet": "apps", "Job": "batch"}

# (path, create, kind, group); kind None means every kind
METADATA_LABELS = [("metadata/labels", True, None, None)] + [
    ("spec/template/metadata/labels", True, kind, group) for kind, group in TEMPLATE_KINDS.items()] + [
    ("spec/volumeClaimTemplates[]/metadata/labels", True, "StatefulSet", "apps"),
    ("spec/jobTemplate/metadata/labels", True, "CronJob", "batch"),
    ("spec/jobTemplate/spec/template/metadata/labels", True, "CronJob", "batch"),
]

_AFFINITY = ["spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
             "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
             "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
             "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
             "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels"]

SELECTORS = [
    ("spec/selector", True, "Service", ""), ("spec/selector", True, "ReplicationController", ""),
    ("spec/selector/matchLabels", True, "Deployment", None),
] + [(p, False, "Deployment", "apps") for p in _AFFINITY] + [
    ("spec/selector/matchLabels", True, "ReplicaSet", None), ("spec/selector/matchLabels", True, "DaemonSet", None),
    ("spec/selector/matchLabels", True, "StatefulSet", "apps"),
] + [(p, False, "StatefulSet", "apps") for p in _AFFINITY] + [
    ("spec/selector/matchLabels", False, "Job", "batch"),
    ("spec/jobTemplate/spec/selector/matchLabels", False, "CronJob", "batch"),
    ("spec/selector/matchLabels", False, "PodDisruptionBudget", "policy"),
    ("spec/podSelector/matchLabels", False, "NetworkPolicy", "networking.k8s.io"),
    ("spec/ingress/from/podSelector/matchLabels", False, "NetworkPolicy", "networking.k8s.io"),
    ("spec/egress/to/podSelector/matchLabels", False, "NetworkPolicy", "networking.k8s.io"),
]
COMMON_LABELS = SELECTORS + METADATA_LABELS

COMMON_ANNOTATIONS = [("metadata/annotations", True, None, None)] + [
    ("spec/template/metadata/annotations", True, kind, group) for kind, group in TEMPLATE_KINDS.items()] + [
    ("spec/jobTemplate/metadata/annotations", True, "CronJob", "batch"),
    ("spec/jobTemplate/spec/template/metadata/annotations", True, "CronJob", "batch"),
]

REPLICAS = [("spec/replicas", True, kind, None) for kind in
            ("Deployment", "ReplicationController", "ReplicaSet", "StatefulSet")]

POD_SPEC = {"Pod": "spec", "PodTemplate": "template/spec", "Deployment": "spec/template/spec",
            "ReplicaSet": "spec/template/spec", "DaemonSet": "spec/template/spec",
            "StatefulSet": "spec/template/spec", "Job": "spec/template/spec",
            "CronJob": "spec/jobTemplate/spec/template/spec"}
_CONFIGMAP_IN_POD = ["volumes/configMap/name", "containers/env/valueFrom/configMapKeyRef/name",
                     "initContainers/env/valueFrom/configMapKeyRef/name", "containers/envFrom/configMapRef/name",
                     "initContainers/envFrom/configMapRef/name", "volumes/projected/sources/configMap/name"]
_SECRET_IN_POD = ["volumes/secret/secretName", "containers/env/valueFrom/secretKeyRef/name",
                  "initContainers/env/valueFrom/secretKeyRef/name", "containers/envFrom/secretRef/name",
                  "initContainers/envFrom/secretRef/name", "imagePullSecrets/name",
                  "volumes/projected/sources/secret/name"]
_WITH_RC = dict(POD_SPEC, ReplicationController="spec/template/spec")


def _in_pods(paths, kinds=POD_SPEC):
    return [(kind, f"{prefix}/{p}") for kind, prefix in kinds.items() for p in paths]


# referenced kind -> [(referrer kind, path)]; a path may end in a list of names (rules/resourceNames)
NAME_REFERENCES = {
    "ConfigMap": _in_pods(_CONFIGMAP_IN_POD) + [("Role", "rules/resourceNames"), ("ClusterRole", "rules/resourceNames")],
    "Secret": _in_pods(_SECRET_IN_POD) + [
        ("Ingress", "spec/tls/secretName"), ("ServiceAccount", "imagePullSecrets/name"),
        ("Role", "rules/resourceNames"), ("ClusterRole", "rules/resourceNames")],
    "Service": [("StatefulSet", "spec/serviceName"), ("Ingress", "spec/rules/http/paths/backend/service/name"),
                ("Ingress", "spec/defaultBackend/service/name"), ("Ingress", "spec/rules/http/paths/backend/serviceName"),
                ("Ingress", "spec/backend/serviceName")],
    "Role": [("RoleBinding", "roleRef/name")],
    "ClusterRole": [("RoleBinding", "roleRef/name"), ("ClusterRoleBinding", "roleRef/name")],
    "ServiceAccount": [("RoleBinding", "subjects"), ("ClusterRoleBinding", "subjects")] + _in_pods(
        ["serviceAccountName"], {k: v for k, v in _WITH_RC.items() if k not in ("PodTemplate", "ReplicaSet")}),
    "PersistentVolumeClaim": _in_pods(["volumes/persistentVolumeClaim/claimName"],
                                      {k: v for k, v in _WITH_RC.items() if k not in ("PodTemplate", "ReplicaSet")}),
    "PriorityClass": _in_pods(["priorityClassName"],
                              {k: v for k, v in _WITH_RC.items() if k not in ("PodTemplate", "ReplicaSet")}),
    "PersistentVolume": [("PersistentVolumeClaim", "spec/volumeName")],
    "StorageClass": [("PersistentVolume", "spec/storageClassName"), ("PersistentVolumeClaim", "spec/storageClassName"),
                     ("StatefulSet", "spec/volumeClaimTemplates/spec/storageClassName")],
    "Deployment": [("HorizontalPodAutoscaler", "spec/scaleTargetRef/name")],
    "ReplicaSet": [("HorizontalPodAutoscaler", "spec/scaleTargetRef/name")],
    "StatefulSet": [("HorizontalPodAutoscaler", "spec/scaleTargetRef/name")],
    "ReplicationController": [("HorizontalPodAutoscaler", "spec/scaleTargetRef/name")],
}

CLUSTER_SCOPED = {
    "APIService", "CertificateSigningRequest", "ClusterRole", "ClusterRoleBinding", "ComponentStatus",
    "CSIDriver", "CSINode", "CustomResourceDefinition", "FlowSchema", "IngressClass", "MutatingWebhookConfiguration",
    "Namespace", "Node", "PersistentVolume", "PodSecurityPolicy", "PriorityClass", "PriorityLevelConfiguration",
    "RuntimeClass", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "StorageClass", "SubjectAccessReview",
    "TokenReview", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration",
    "VolumeAttachment",
}

ORDER_FIRST = ["Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
               "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret",
               "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
               "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget"]
ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]
PREFIX_SKIPPED = {"CustomResourceDefinition", "APIService", "Namespace"}
