"""Cluster(cni=False): kubeadm init and join before a pod network is installed. The nodes are NotReady
(no CNI config), tainted not-ready, CoreDNS Pending; applying flannel makes everything Ready."""
import yaml

from engine import Cluster
from engine.bootstrap import flannel

NETWORK_ERROR = ("container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
                 "message:Network plugin returns error: cni plugin not initialized")
PODS = """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  nodeName: worker-1
  containers: [{name: nginx, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: host}
spec:
  nodeName: worker-1
  hostNetwork: true
  containers: [{name: nginx, image: nginx}]
"""


def apply_flannel(c):
    return c.apply(yaml.safe_dump_all(flannel.objects(), sort_keys=False))


def ready_condition(c, node):
    condition = next(x for x in c.api.get("nodes", node)["status"]["conditions"] if x["type"] == "Ready")
    return {k: condition[k] for k in ("status", "reason", "message")}


def test_nodes_not_ready_and_coredns_pending_until_a_pod_network():
    c = Cluster(workers=1, cni=False)
    assert c.now == 27  # the control plane and kube-proxy run
    assert c.kubectl("get nodes").stdout == (
        "NAME            STATUS     ROLES           AGE   VERSION\n"
        "control-plane   NotReady   control-plane   27s   v1.32.0\n"
        "worker-1        NotReady   <none>          27s   v1.32.0\n")
    assert ready_condition(c, "worker-1") == {"status": "False", "reason": "KubeletNotReady", "message": NETWORK_ERROR}
    assert c.api.get("nodes", "control-plane")["spec"]["taints"] == [
        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"},
        {"effect": "NoSchedule", "key": "node.kubernetes.io/not-ready"}]
    describe = c.kubectl("describe node worker-1").stdout
    assert "Taints:             node.kubernetes.io/not-ready:NoSchedule\n" in describe
    assert ("  Ready            False   Wed, 01 Jan 2025 00:00:00 +0000   Wed, 01 Jan 2025 00:00:00 +0000   "
            f"KubeletNotReady              {NETWORK_ERROR}\n") in describe
    assert c.kubectl("get pods -n kube-system -l k8s-app=kube-dns").stdout == (
        "NAME                      READY   STATUS    RESTARTS   AGE\n"
        "coredns-fdcb9cd49-glbcc   0/1     Pending   0          27s\n"
        "coredns-fdcb9cd49-t52s2   0/1     Pending   0          27s\n")
    assert c.kubectl("get events -n kube-system --field-selector reason=FailedScheduling "
                     "-o custom-columns=MSG:.message").stdout == "MSG\n" + (
        "0/2 nodes are available: 2 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. "
        "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..\n") * 2
    assert c.kubectl("get ns kube-flannel").stderr == \
        'Error from server (NotFound): namespaces "kube-flannel" not found\n'
    assert c.kubectl("get pods -A").stdout == (
        "NAMESPACE     NAME                                    READY   STATUS    RESTARTS   AGE\n"
        "kube-system   coredns-fdcb9cd49-glbcc                 0/1     Pending   0          27s\n"
        "kube-system   coredns-fdcb9cd49-t52s2                 0/1     Pending   0          27s\n"
        "kube-system   etcd-control-plane                      1/1     Running   0          27s\n"
        "kube-system   kube-apiserver-control-plane            1/1     Running   0          27s\n"
        "kube-system   kube-controller-manager-control-plane   1/1     Running   0          27s\n"
        "kube-system   kube-proxy-57b94                        1/1     Running   0          27s\n"
        "kube-system   kube-proxy-8rjw2                        1/1     Running   0          27s\n"
        "kube-system   kube-scheduler-control-plane            1/1     Running   0          27s\n")


def test_only_host_network_pods_start_while_the_network_is_not_ready():
    c = Cluster(workers=1, cni=False)
    c.apply(PODS)
    c.advance(15)
    assert c.kubectl("get pods -o wide").stdout == (
        "NAME   READY   STATUS              RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES\n"
        "host   1/1     Running             0          15s   172.18.0.3   worker-1   <none>           <none>\n"
        "web    0/1     ContainerCreating   0          15s   <none>       worker-1   <none>           <none>\n")
    events = c.kubectl("describe pod web").stdout.split("Events:\n")[1]
    assert events == (
        "  Type     Reason           Age                From     Message\n"
        "  ----     ------           ----               ----     -------\n"
        f"  Warning  NetworkNotReady  1s (x13 over 15s)  kubelet  network is not ready: {NETWORK_ERROR}\n")


def test_flannel_makes_the_nodes_ready_and_coredns_runs():
    c = Cluster(workers=1, cni=False)
    c.apply(PODS)
    assert apply_flannel(c).stdout == (
        "namespace/kube-flannel created\n"
        "clusterrole.rbac.authorization.k8s.io/flannel created\n"
        "clusterrolebinding.rbac.authorization.k8s.io/flannel created\n"
        "serviceaccount/flannel created\n"
        "configmap/kube-flannel-cfg created\n"
        "daemonset.apps/kube-flannel-ds created\n")
    while ready_condition(c, "worker-1")["status"] == "False":
        c.advance(0.1)
    # install-cni wrote the config into the node's /etc/cni/net.d; the fast status update posts Ready
    assert round(c.now, 1) == 34.8
    assert ready_condition(c, "worker-1") == {"status": "True", "reason": "KubeletReady",
                                              "message": "kubelet is posting ready status"}
    c.advance(20)
    assert c.kubectl("get nodes").stdout == (
        "NAME            STATUS   ROLES           AGE   VERSION\n"
        "control-plane   Ready    control-plane   54s   v1.32.0\n"
        "worker-1        Ready    <none>          54s   v1.32.0\n")
    assert "taints" not in c.api.get("nodes", "worker-1")["spec"]
    assert c.api.get("nodes", "control-plane")["spec"]["taints"] == [
        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]
    assert c.kubectl("get pods -n kube-system -l k8s-app=kube-dns -o wide").stdout == (
        "NAME                      READY   STATUS    RESTARTS   AGE   IP           NODE            NOMINATED NODE   READINESS GATES\n"
        "coredns-fdcb9cd49-glbcc   1/1     Running   0          54s   10.244.0.2   control-plane   <none>           <none>\n"
        "coredns-fdcb9cd49-t52s2   1/1     Running   0          54s   10.244.0.3   control-plane   <none>           <none>\n")
    assert c.kubectl("get pod web -o wide").stdout == (
        "NAME   READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES\n"
        "web    1/1     Running   0          27s   10.244.1.2   worker-1   <none>           <none>\n")
    # a node joining later is NotReady until flannel's DaemonSet pod has written its config there
    name = c.add_node()
    assert ready_condition(c, name)["status"] == "False"
    while ready_condition(c, name)["status"] == "False":
        c.advance(0.1)
    flannel_pod = c.kubectl(f"get pods -n kube-flannel --field-selector spec.nodeName={name} --no-headers").stdout
    assert flannel_pod.split()[1:3] == ["0/1", "PodInitializing"]


def test_after_the_fast_updates_the_regular_status_loop_posts_ready():
    c = Cluster(workers=1, cni=False)
    c.advance(150)  # past nodeReadyGracePeriod: no more fast status updates
    apply_flannel(c)
    start = c.now
    while ready_condition(c, "worker-1")["status"] == "False":
        c.advance(0.1)
    # the config is there ~4 s after the apply; the runtime is read every 5 s, the status every 10 s
    assert round(c.now - start, 1) == 13.1
    assert c.kubectl("get nodes worker-1").stdout == (
        "NAME       STATUS   ROLES    AGE     VERSION\n"
        "worker-1   Ready    <none>   3m10s   v1.32.0\n")
