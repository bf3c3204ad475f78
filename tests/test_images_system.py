"""The cluster's own images: kubeadm's static pods and the add-ons pull, start and pass their probes."""
from engine import Cluster
from engine.node.runtime import default_catalog


def test_every_bootstrap_image_is_in_the_catalog():
    from engine.bootstrap import constants
    catalog = default_catalog()
    for image in [constants.ETCD_IMAGE, constants.COREDNS_IMAGE, constants.KUBE_PROXY_IMAGE, constants.PAUSE_IMAGE,
                  constants.FLANNEL_IMAGE, constants.FLANNEL_CNI_PLUGIN_IMAGE] + [
                  f"registry.k8s.io/{c}:v1.32.0" for c in ("kube-apiserver", "kube-controller-manager", "kube-scheduler")]:
        assert catalog.lookup(image).name == image.replace("registry.k8s.io/", "registry.k8s.io/")


def test_control_plane_static_pods_run_and_become_ready():
    c = Cluster(workers=1)
    c.advance(60)
    pods = {p["metadata"]["name"]: p for p in c.api.list("pods", "kube-system")["items"]}
    for name in ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"):
        pod = pods[f"{name}-control-plane"]
        assert pod["status"]["phase"] == "Running", name
        ready = next(cond for cond in pod["status"]["conditions"] if cond["type"] == "Ready")
        assert ready["status"] == "True", name
    assert c.api.pod_log("etcd-control-plane", "kube-system").startswith('{"level":"info","ts":"2025-01-01T00:00:')
