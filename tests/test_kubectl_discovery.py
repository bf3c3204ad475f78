"""kubectl's discovery and cluster commands: version, cluster-info, api-versions (api-resources is
compared with the real kubectl in tests/golden/api-resources-*.json)."""
from engine import Cluster


def test_version():
    c = Cluster(workers=0, wait=False)
    assert c.kubectl("version").stdout == "Client Version: v1.32.0\nKustomize Version: v5.5.0\nServer Version: v1.32.0\n"
    assert c.kubectl("version --client").stdout == "Client Version: v1.32.0\nKustomize Version: v5.5.0\n"
    assert c.kubectl("version --client -o yaml").stdout == (
        'clientVersion:\n  buildDate: "2024-12-11T18:04:20Z"\n  compiler: gc\n'
        "  gitCommit: 70d3cc986aa8221cd1dfb1121852688902d3bf53\n  gitTreeState: clean\n  gitVersion: v1.32.0\n"
        '  goVersion: go1.23.3\n  major: "1"\n  minor: "32"\n  platform: linux/amd64\nkustomizeVersion: v5.5.0\n\n')
    assert '"buildDate": "2024-12-11T17:59:15Z"' in c.kubectl("version -o json").stdout
    assert c.kubectl("version -o wide").stderr == "error: --output must be 'yaml' or 'json'\n"


def test_cluster_info_lists_the_cluster_services():
    c = Cluster(workers=0, wait=False)
    assert c.kubectl("cluster-info").stdout == (
        "Kubernetes control plane is running at https://172.18.0.2:6443\n"
        "CoreDNS is running at https://172.18.0.2:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n"
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")
    c.kubectl("delete svc kube-dns -n kube-system")
    assert c.kubectl("cluster-info").stdout == (
        "Kubernetes control plane is running at https://172.18.0.2:6443\n"
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")


def test_api_versions_include_the_metrics_api_only_with_addons():
    with_addons = Cluster(workers=0, wait=False).kubectl("api-versions").stdout.splitlines()
    without = Cluster(workers=0, wait=False, addons=False).kubectl("api-versions").stdout.splitlines()
    assert with_addons == sorted(with_addons) and with_addons[-1] == "v1" and "apps/v1" in with_addons
    assert set(with_addons) - set(without) == {"metrics.k8s.io/v1beta1"}
    assert "autoscaling/v1" in without and "autoscaling/v2" in without
