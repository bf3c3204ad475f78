"""A fresh cluster holds what `kubeadm init --pod-network-cidr=10.244.0.0/16` v1.32 plus flannel
leave: control-plane static pods (mirrored), CoreDNS, kube-proxy, flannel, kubeadm's ConfigMaps, RBAC."""
import hashlib
import json

import pytest
import yaml

from engine import Cluster
from engine import bootstrap
from engine.controllers.root_ca_publisher import CA_CRT


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(wait=False, workers=2)
    cluster.advance(1)
    return cluster


def get(c, ref, name, namespace="kube-system"):
    return c.api.get(ref, name, namespace)


def rows(out):
    return [line.split()[0] for line in out.splitlines() if line.strip() and not line.startswith("NAME")]


# control plane
def test_the_four_static_pods_are_mirrored(c):
    names = sorted(p["metadata"]["name"] for p in c.api.list("pods", "kube-system")["items"]
                   if p["metadata"]["labels"].get("tier") == "control-plane")
    assert names == ["etcd-control-plane", "kube-apiserver-control-plane", "kube-controller-manager-control-plane",
                     "kube-scheduler-control-plane"]
    for name in names:
        pod = get(c, "pods", name)
        assert pod["spec"]["nodeName"] == "control-plane"
        assert pod["spec"]["hostNetwork"] is True
        assert pod["spec"]["priorityClassName"] == "system-node-critical"
        assert pod["spec"]["priority"] == 2000001000
        assert pod["metadata"]["labels"]["component"] == name.rsplit("-control-plane", 1)[0]


def test_etcd_manifest(c):
    pod = get(c, "pods", "etcd-control-plane")
    assert pod["metadata"]["annotations"]["kubeadm.kubernetes.io/etcd.advertise-client-urls"] == "https://172.18.0.2:2379"
    [container] = pod["spec"]["containers"]
    assert container["image"] == "registry.k8s.io/etcd:3.5.16-0"
    assert container["command"][:3] == ["etcd", "--advertise-client-urls=https://172.18.0.2:2379",
                                        "--cert-file=/etc/kubernetes/pki/etcd/server.crt"]
    assert "--initial-cluster=control-plane=https://172.18.0.2:2380" in container["command"]
    assert "--listen-client-urls=https://127.0.0.1:2379,https://172.18.0.2:2379" in container["command"]
    assert container["livenessProbe"]["httpGet"] == {"host": "127.0.0.1", "path": "/livez", "port": 2381, "scheme": "HTTP"}
    assert container["startupProbe"]["failureThreshold"] == 24
    assert container["readinessProbe"]["periodSeconds"] == 1
    assert container["resources"] == {"requests": {"cpu": "100m", "memory": "100Mi"}}


def test_apiserver_manifest(c):
    pod = get(c, "pods", "kube-apiserver-control-plane")
    assert pod["metadata"]["annotations"]["kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint"] == \
        "172.18.0.2:6443"
    [container] = pod["spec"]["containers"]
    command = container["command"]
    assert command[0] == "kube-apiserver" and command[1:] == sorted(command[1:])
    for flag in ("--advertise-address=172.18.0.2", "--authorization-mode=Node,RBAC", "--enable-admission-plugins=NodeRestriction",
                 "--etcd-servers=https://127.0.0.1:2379", "--service-cluster-ip-range=10.96.0.0/12", "--secure-port=6443"):
        assert flag in command
    assert container["image"] == "registry.k8s.io/kube-apiserver:v1.32.0"
    assert container["readinessProbe"] == {"failureThreshold": 3, "httpGet": {
        "host": "172.18.0.2", "path": "/readyz", "port": 6443, "scheme": "HTTPS"}, "periodSeconds": 1,
        "successThreshold": 1, "timeoutSeconds": 15}
    assert [v["name"] for v in pod["spec"]["volumes"]] == [
        "ca-certs", "etc-ca-certificates", "k8s-certs", "usr-local-share-ca-certificates", "usr-share-ca-certificates"]


def test_controller_manager_and_scheduler_manifests(c):
    [kcm] = get(c, "pods", "kube-controller-manager-control-plane")["spec"]["containers"]
    assert "--cluster-cidr=10.244.0.0/16" in kcm["command"] and "--allocate-node-cidrs=true" in kcm["command"]
    assert "--controllers=*,bootstrapsigner,tokencleaner" in kcm["command"]
    assert kcm["livenessProbe"]["httpGet"]["port"] == 10257
    [sched] = get(c, "pods", "kube-scheduler-control-plane")["spec"]["containers"]
    assert sched["command"] == ["kube-scheduler", "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
                                "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf", "--bind-address=127.0.0.1",
                                "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true"]
    assert sched["image"] == "registry.k8s.io/kube-scheduler:v1.32.0"
    assert sched["resources"] == {"requests": {"cpu": "100m"}}


def test_static_manifests_are_fresh_copies():
    a = bootstrap.static_pod_manifests("control-plane")
    a["etcd.yaml"]["metadata"]["name"] = "changed"
    assert bootstrap.static_pod_manifests("control-plane")["etcd.yaml"]["metadata"]["name"] == "etcd"
    assert sorted(a) == ["etcd.yaml", "kube-apiserver.yaml", "kube-controller-manager.yaml", "kube-scheduler.yaml"]


# addons
def test_kube_proxy(c):
    ds = get(c, "daemonsets", "kube-proxy")
    spec = ds["spec"]["template"]["spec"]
    assert ds["metadata"]["labels"] == {"k8s-app": "kube-proxy"}
    assert spec["tolerations"] == [{"operator": "Exists"}]
    assert spec["hostNetwork"] is True and spec["priorityClassName"] == "system-node-critical"
    assert spec["containers"][0]["image"] == "registry.k8s.io/kube-proxy:v1.32.0"
    assert spec["containers"][0]["command"] == ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                                "--hostname-override=$(NODE_NAME)"]
    assert ds["spec"]["updateStrategy"] == {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"}
    cm = get(c, "configmaps", "kube-proxy")
    config = yaml.safe_load(cm["data"]["config.conf"])
    assert (config["mode"], config["clusterCIDR"], config["kind"]) == ("", "10.244.0.0/16", "KubeProxyConfiguration")
    assert yaml.safe_load(cm["data"]["kubeconfig.conf"])["clusters"][0]["cluster"]["server"] == "https://172.18.0.2:6443"
    digest = hashlib.sha256()
    for key in sorted(cm["data"]):
        digest.update(key.encode() + cm["data"][key].encode())
    assert cm["metadata"]["annotations"]["kubeadm.kubernetes.io/component-config.hash"] == "sha256:" + digest.hexdigest()
    assert get(c, "serviceaccounts", "kube-proxy")
    crb = c.api.get("clusterrolebindings", "kubeadm:node-proxier")
    assert crb["roleRef"]["name"] == "system:node-proxier"
    assert crb["subjects"] == [{"kind": "ServiceAccount", "name": "kube-proxy", "namespace": "kube-system"}]


def test_coredns(c):
    deploy = get(c, "deployments", "coredns")
    assert deploy["spec"]["replicas"] == 2
    assert deploy["spec"]["strategy"] == {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}, "type": "RollingUpdate"}
    spec = deploy["spec"]["template"]["spec"]
    [container] = spec["containers"]
    assert container["image"] == "registry.k8s.io/coredns/coredns:v1.11.3"
    assert [(p["name"], p["containerPort"], p["protocol"]) for p in container["ports"]] == [
        ("dns", 53, "UDP"), ("dns-tcp", 53, "TCP"), ("metrics", 9153, "TCP")]
    assert container["livenessProbe"]["httpGet"] == {"path": "/health", "port": 8080, "scheme": "HTTP"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/ready", "port": 8181, "scheme": "HTTP"}
    assert spec["priorityClassName"] == "system-cluster-critical" and spec["dnsPolicy"] == "Default"
    assert {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"} in spec["tolerations"]
    term = spec["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"][0]
    assert term["podAffinityTerm"]["topologyKey"] == "kubernetes.io/hostname"
    corefile = get(c, "configmaps", "coredns")["data"]["Corefile"]
    assert "kubernetes cluster.local in-addr.arpa ip6.arpa {" in corefile
    assert "forward . /etc/resolv.conf {" in corefile
    rules = c.api.get("clusterroles", "system:coredns")["rules"]
    assert rules[1] == {"apiGroups": ["discovery.k8s.io"], "resources": ["endpointslices"], "verbs": ["list", "watch"]}
    assert c.api.get("clusterrolebindings", "system:coredns")["subjects"][0]["name"] == "coredns"


def test_kube_dns_service_at_10_96_0_10(c):
    svc = get(c, "services", "kube-dns")
    assert svc["spec"]["clusterIP"] == "10.96.0.10" and svc["spec"]["clusterIPs"] == ["10.96.0.10"]
    assert [(p["name"], p["port"], p["protocol"]) for p in svc["spec"]["ports"]] == [
        ("dns", 53, "UDP"), ("dns-tcp", 53, "TCP"), ("metrics", 9153, "TCP")]
    assert svc["metadata"]["annotations"] == {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"}
    assert svc["metadata"]["labels"]["kubernetes.io/name"] == "CoreDNS"
    line = c.kubectl("get svc kube-dns -n kube-system").stdout.splitlines()[1].split()
    assert line[:5] == ["kube-dns", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP,9153/TCP"]


def test_flannel(c):
    ns = c.api.get("namespaces", "kube-flannel")
    assert ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "privileged"
    net = json.loads(get(c, "configmaps", "kube-flannel-cfg", "kube-flannel")["data"]["net-conf.json"])
    assert net == {"Network": "10.244.0.0/16", "EnableNFTables": False, "Backend": {"Type": "vxlan"}}
    ds = get(c, "daemonsets", "kube-flannel-ds", "kube-flannel")
    spec = ds["spec"]["template"]["spec"]
    assert [i["name"] for i in spec["initContainers"]] == ["install-cni-plugin", "install-cni"]
    assert spec["initContainers"][0]["image"] == "docker.io/flannel/flannel-cni-plugin:v1.5.1-flannel2"
    assert spec["containers"][0]["image"] == "docker.io/flannel/flannel:v0.26.1"
    assert spec["containers"][0]["args"] == ["--ip-masq", "--kube-subnet-mgr"]
    assert spec["tolerations"] == [{"effect": "NoSchedule", "operator": "Exists"}]
    assert get(c, "serviceaccounts", "flannel", "kube-flannel")
    assert c.api.get("clusterroles", "flannel")["rules"][2] == {"apiGroups": [""], "resources": ["nodes/status"],
                                                                "verbs": ["patch"]}


# kubeadm's ConfigMaps and RBAC
def test_kubeadm_configmaps(c):
    config = yaml.safe_load(get(c, "configmaps", "kubeadm-config")["data"]["ClusterConfiguration"])
    assert config["apiVersion"] == "kubeadm.k8s.io/v1beta4" and config["kubernetesVersion"] == "v1.32.0"
    assert config["networking"] == {"dnsDomain": "cluster.local", "podSubnet": "10.244.0.0/16",
                                    "serviceSubnet": "10.96.0.0/12"}
    kubelet = yaml.safe_load(get(c, "configmaps", "kubelet-config")["data"]["kubelet"])
    assert kubelet["clusterDNS"] == ["10.96.0.10"] and kubelet["cgroupDriver"] == "systemd"
    assert kubelet["staticPodPath"] == "/etc/kubernetes/manifests"
    info = yaml.safe_load(get(c, "configmaps", "cluster-info", "kube-public")["data"]["kubeconfig"])
    cluster = info["clusters"][0]["cluster"]
    assert cluster["server"] == "https://172.18.0.2:6443"
    import base64
    assert base64.b64decode(cluster["certificate-authority-data"]).decode() == CA_CRT
    assert get(c, "configmaps", "extension-apiserver-authentication")["data"]["requestheader-allowed-names"] == \
        '["front-proxy-client"]'


def test_bootstrap_cluster_roles(c):
    admin_rules = c.api.get("clusterroles", "cluster-admin")["rules"]
    assert admin_rules == [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}, {"nonResourceURLs": ["*"], "verbs": ["*"]}]
    view, edit, admin = (c.api.get("clusterroles", n) for n in ("view", "edit", "admin"))
    assert view["aggregationRule"] == {"clusterRoleSelectors": [{"matchLabels": {
        "rbac.authorization.k8s.io/aggregate-to-view": "true"}}]}
    assert edit["metadata"]["labels"]["rbac.authorization.k8s.io/aggregate-to-admin"] == "true"
    assert all(r in edit["rules"] for r in view["rules"]) and all(r in admin["rules"] for r in edit["rules"])
    assert {"apiGroups": [""], "resources": ["pods/eviction"], "verbs": ["create"]} in edit["rules"]
    assert not any("roles" in r.get("resources", []) for r in edit["rules"])
    assert any("rolebindings" in r.get("resources", []) for r in admin["rules"])
    assert view["metadata"]["annotations"] == {"rbac.authorization.kubernetes.io/autoupdate": "true"}
    binding = c.api.get("clusterrolebindings", "cluster-admin")
    assert binding["subjects"] == [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:masters"}]
    assert c.api.get("clusterrolebindings", "kubeadm:cluster-admins")["roleRef"]["name"] == "cluster-admin"
    role = c.api.get("roles", "kubeadm:bootstrap-signer-clusterinfo", "kube-public")
    assert role["rules"] == [{"apiGroups": [""], "resourceNames": ["cluster-info"], "resources": ["configmaps"],
                              "verbs": ["get"]}]


# through kubectl
def test_kubectl_lists_kube_system(c):
    out = c.kubectl("get ds,deploy,svc,cm -n kube-system").stdout
    assert rows(out) == [
        "daemonset.apps/kube-proxy", "deployment.apps/coredns", "service/kube-dns", "configmap/coredns",
        "configmap/extension-apiserver-authentication", "configmap/kube-apiserver-legacy-service-account-token-tracking",
        "configmap/kube-proxy", "configmap/kube-root-ca.crt", "configmap/kubeadm-config", "configmap/kubelet-config"]
    out = c.kubectl("get ds,cm,sa -n kube-flannel").stdout
    assert rows(out) == ["daemonset.apps/kube-flannel-ds", "configmap/kube-flannel-cfg", "configmap/kube-root-ca.crt",
                         "serviceaccount/default", "serviceaccount/flannel"]


def test_a_fresh_cluster_waits_until_every_node_and_system_pod_is_ready():
    c = Cluster()
    assert c.now == 27
    assert c.kubectl("get nodes").stdout == (
        "NAME            STATUS   ROLES           AGE   VERSION\n"
        "control-plane   Ready    control-plane   27s   v1.32.0\n"
        "worker-1        Ready    <none>          27s   v1.32.0\n"
        "worker-2        Ready    <none>          27s   v1.32.0\n"
        "worker-3        Ready    <none>          27s   v1.32.0\n")
    c.advance(33)
    assert c.kubectl("get ds -A").stdout == (
        "NAMESPACE      NAME              DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\n"
        "kube-flannel   kube-flannel-ds   4         4         4       4            4           <none>                   60s\n"
        "kube-system    kube-proxy        4         4         4       4            4           kubernetes.io/os=linux   60s\n")
    for namespace, label in (("kube-system", "k8s-app=kube-proxy"), ("kube-flannel", "app=flannel")):
        pods = c.api.list("pods", namespace, label_selector=label)["items"]
        assert sorted(p["spec"]["nodeName"] for p in pods) == c.node_names()
        assert all(p["status"]["phase"] == "Running" for p in pods)
    assert "coredns   2/2     2            2           60s" in c.kubectl("get deploy -n kube-system").stdout


def test_system_objects_can_be_deleted_and_applied_again():
    c = Cluster(wait=False, workers=1)
    text = c.kubectl("get deploy coredns -n kube-system -o yaml").stdout
    assert c.kubectl("delete deploy coredns -n kube-system").stdout == 'deployment.apps "coredns" deleted\n'
    assert c.kubectl("get deploy -n kube-system").stderr == "No resources found in kube-system namespace.\n"
    # an exported manifest keeps its resourceVersion, which etcd3's Create refuses
    assert c.apply(text).stderr == \
        'Error from server: error when creating "STDIN": resourceVersion should not be set on objects to be created\n'
    result = c.apply("\n".join(line for line in text.splitlines() if "resourceVersion:" not in line))
    assert result.exit_code == 0, result.stderr
    assert get(c, "deployments", "coredns")["spec"]["replicas"] == 2


def test_objects_are_built_once_and_copied():
    first, second = bootstrap.objects("2025-01-01"), bootstrap.objects("2025-01-01")
    assert first == second and first[0] is not second[0]
