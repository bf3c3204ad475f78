"""The API objects of metrics-server's release manifest (components.yaml, v0.7) the simulation needs: the
ClusterRole whose aggregate-to-view/edit/admin labels give those roles read access to metrics.k8s.io."""
from .rbac import GROUP, RBAC, rule

LABELS = {"k8s-app": "metrics-server", f"{RBAC}/aggregate-to-admin": "true", f"{RBAC}/aggregate-to-edit": "true",
          f"{RBAC}/aggregate-to-view": "true"}


def objects():
    """system:aggregated-metrics-reader (the metrics server itself runs in-process: engine/api/aggregated)."""
    return [{"apiVersion": GROUP, "kind": "ClusterRole",
             "metadata": {"labels": dict(LABELS), "name": "system:aggregated-metrics-reader"},
             "rules": [{"apiGroups": ["metrics.k8s.io"], "resources": ["pods", "nodes"],
                        "verbs": ["get", "list", "watch"]}]}]
