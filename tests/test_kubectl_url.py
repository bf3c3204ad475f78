"""`kubectl -f URL`: manifests fetched from the workstation through the simulated internet (GitHub's release
redirects, k8s.io's move to kubernetes.io), and kubectl v1.32's words when the fetch fails."""
import pytest

from engine import Cluster
from engine.bootstrap import ingress_nginx

FLANNEL_LATEST = "https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml"
FLANNEL = "https://github.com/flannel-io/flannel/releases/download/v0.26.1/kube-flannel.yml"
PHP_APACHE = "https://k8s.io/examples/application/php-apache.yaml"
FLANNEL_CREATED = """\
namespace/kube-flannel created
clusterrole.rbac.authorization.k8s.io/flannel created
clusterrolebinding.rbac.authorization.k8s.io/flannel created
serviceaccount/flannel created
configmap/kube-flannel-cfg created
daemonset.apps/kube-flannel-ds created
"""


@pytest.fixture(scope="module")
def c():
    return Cluster(workers=1)


def test_apply_the_flannel_release_url_on_a_cluster_without_a_pod_network():
    c = Cluster(workers=1, addons=False, wait=False)
    r = c.kubectl(f"apply -f {FLANNEL_LATEST}")
    assert (r.stdout, r.stderr, r.exit_code) == (FLANNEL_CREATED, "", 0)
    c.advance(30)
    assert c.kubectl("get ds -n kube-flannel").stdout == """\
NAME              DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
kube-flannel-ds   2         2         2       2            2           <none>          30s
"""
