"""Cluster: wires etcd, the API server and the cluster's components together; the public entry point.

`Cluster(workers=3, seed=0)` boots like a fresh kubeadm cluster in virtual time, in milliseconds."""
import random
import shlex

from .api import APIServer
from .api.managedfields import FieldManagerClient, requests_from
from .api.aggregated.metrics import MetricsServer
from .bootstrap import install as install_kubeadm_objects, static_pod_manifests as kubeadm_static_pods
from . import session
from .clock import Clock
from .controllers import ControllerManager
from .controllers.cloud_service import CloudServiceController
from .controllers.manager import CONTROLLERS
from .controllers.bootstrap import create_builtin_objects
from .network import proxy as kube_proxy
from .network.network import ClusterNetwork
from .network.workstation import Workstation
from .node.kubelet import Kubelet
from .node.kubelet.node_status import NETWORK_NOT_READY
from .node.registration import node_object, node_lease
from .scheduler import Scheduler
from .store import Store, backup, etcdctl
from .store.raft import Raft

KUBERNETES_VERSION = "v1.32.0"
SYSTEM_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
CONTROL_PLANE_NAME = "control-plane"


def etcd_hosts(members):
    """(name, IP) of each etcd member: the control-plane node alone, or hosts etcd-1..N beside the nodes."""
    if members == 1:
        return [(CONTROL_PLANE_NAME, "172.18.0.2")]
    if members < 1:
        raise ValueError("etcd_members must be at least 1")
    return [(f"etcd-{i}", f"172.18.0.{100 + i}") for i in range(1, members + 1)]


# etcd keeps this much history; the apiserver compacts every 5 minutes, as kube-apiserver does.
COMPACTION_INTERVAL = 300


class Cluster:
    """A simulated Kubernetes v1.32 cluster: a control-plane node and `workers` worker nodes.

    `cni=False` is the cluster right after `kubeadm init` and `kubeadm join`, before a pod network is
    installed: CoreDNS and kube-proxy but no flannel (nor metrics-server), no CNI config on the nodes, so
    the nodes are NotReady and CoreDNS Pending until one is applied. Its wait returns once every pod
    bound to a node is Ready (the control plane's static pods and kube-proxy)."""

    def __init__(self, workers=3, seed=0, addons=True, wait=True, etcd_members=1, cni=True):
        self.cni = cni
        self.seed = seed
        self.rng = random.Random(seed)
        self.clock = Clock()
        self.store = Store(self.clock)
        # etcd's members: one stacked on the control-plane node (kubeadm's default), or with
        # etcd_members=3 or 5 an external etcd cluster of its own hosts (kubeadm's external topology)
        self.etcd = Raft(etcd_hosts(etcd_members), self.clock, random.Random(f"etcd/{seed}"))
        self.store.attach(self.etcd)
        self.api = APIServer(self.store, self.clock, self.rng)
        self._kubectl = None
        self._load = None
        with requests_from(self.api, "kube-apiserver"):
            self._bootstrap(workers)
            create_builtin_objects(self.api)
        # RBAC, ConfigMaps and, unless addons=False (kubeadm's --skip-phases=addon/...), CoreDNS, kube-proxy, and
        # unless cni=False flannel
        install_kubeadm_objects(FieldManagerClient(self.api, "kubeadm"), self.clock, addons, pod_network=cni)
        # kube-controller-manager's controllers, and with the course's addons a cloud provider's service
        # controller giving LoadBalancer Services an address (cloud-controller-manager)
        self.controller_manager = ControllerManager(
            FieldManagerClient(self.api, "kube-controller-manager"), self.clock, CONTROLLERS + [CloudServiceController] if addons else CONTROLLERS).start()
        self.controller_manager.settle()  # default ServiceAccounts and kube-root-ca.crt everywhere
        self.scheduler = Scheduler(FieldManagerClient(self.api, "kube-scheduler"), self.clock, self.rng, hostname=CONTROL_PLANE_NAME).start()
        self.network = ClusterNetwork(FieldManagerClient(self.api, "flanneld"), self.clock)  # pod network, flannel, CoreDNS: what programs reach
        self.network.etcd = (self.store, self.etcd)  # what the etcdctl inside the etcd static pod talks to
        self.kubelets = self.network.kubelets = self._start_kubelets(seed)
        # a proxier per node, following that node's kube-proxy pod; its own random source, so the
        # cluster's (pod names, scheduling ties) draws the same numbers with or without it
        kube_proxy.install(FieldManagerClient(self.api, "kube-proxy"), rng=random.Random(f"kube-proxy/{seed}"))
        # the learner's machine on the nodes' docker network: kubectl, port-forward, proxy, curl
        self.workstation = Workstation(self.api, self.clock, self.network, random.Random(f"workstation/{seed}"))
        self.metrics_server = MetricsServer(FieldManagerClient(self.api, "metrics-server"), self.clock).start() \
            if addons and cni else None  # the course's addon
        self._schedule_compaction(self.store.revision)
        self.clock.advance(0)  # boot settles: what every component does at time 0 is done on return
        if wait and cni:
            self.wait_until_ready()
        elif wait:
            self._wait_for(self._bound_pods_ready)
        session.use(self)  # the notebook magics act on the cluster made last

    # public entry points
    @property
    def now(self):
        """Seconds of virtual time since the cluster started."""
        return self.clock.now

    def advance(self, seconds):
        """Run `seconds` of virtual time."""
        self.clock.advance(seconds)

    def kubectl(self, command, stdin=None, editor=None):
        """Run a kubectl command line; returns a Result with stdout, stderr and exit_code.
        `editor` is what `kubectl edit` opens: a function from the text shown to the text saved.

        Virtual time does not move, but work the command made due now (controllers reacting) runs."""
        result = self._kubectl_client().run(command, stdin=stdin, editor=editor)
        self.clock.advance(0)
        return result

    def curl(self, args):
        """`curl ARGS` on the learner's workstation (172.18.0.1, outside the cluster): NodePorts, LoadBalancer
        addresses, ports opened by `kubectl port-forward` / `kubectl proxy`; a Result like kubectl's."""
        return self.workstation.run(["curl", *args] if isinstance(args, (list, tuple)) else f"curl {args}")

    def wget(self, args):
        """`wget ARGS` on the workstation (GNU Wget: `wget -qO- URL`)."""
        return self.workstation.run(["wget", *args] if isinstance(args, (list, tuple)) else f"wget {args}")

    def apply(self, manifest):
        """`kubectl apply -f` for YAML/JSON text or a path to a file or folder."""
        result = self._kubectl_client().apply(manifest)
        self.clock.advance(0)
        return result

    def wait_until_ready(self, timeout=300):
        """Advance virtual time, a second at a time, until every node is Ready and every pod that
        exists is Ready (as `kind create cluster --wait` does); returns the seconds it took."""
        return self._wait_for(self._all_ready, timeout)

    def _wait_for(self, done, timeout=300):
        start = self.clock.now
        while self.clock.now - start < timeout and not done():
            self.clock.advance(1)
        return self.clock.now - start

    def _bound_pods_ready(self):
        """Every pod bound to a node is Ready (what a cluster without a pod network can reach)."""
        return all(any(c["type"] == "Ready" and c["status"] == "True" for c in p["status"].get("conditions") or ())
                   for p in self.api.list("pods")["items"] if p["spec"].get("nodeName"))

    def _all_ready(self):
        def ready(obj):
            return any(c["type"] == "Ready" and c["status"] == "True" for c in obj["status"].get("conditions") or ())
        return all(map(ready, self.api.list("nodes")["items"])) and all(map(ready, self.api.list("pods")["items"]))

    def set_load(self, workload, cpu="0", namespace="default"):
        """Put `cpu` ("900m") of load on a workload ("deployment/nginx"), spread over its Ready pods as
        its Service would spread traffic; cpu="0" removes it."""
        if self._load is None:
            from .node.load import Load
            self._load = Load(self.api, self.clock)
        self._load.set(workload, cpu, namespace)

    def node_iptables(self, name):
        """The node's NAT and filter rules as `iptables-save` prints them (kube-proxy's chains)."""
        return kube_proxy.iptables_save(self, name)

    def node_ipvsadm(self, name):
        """The node's IPVS table as `ipvsadm -Ln` prints it (kube-proxy in ipvs mode)."""
        return kube_proxy.ipvsadm(self, name)

    def node_routes(self, name):
        """The node's routing table as `ip route` prints it (flannel's routes, cni0, the default route)."""
        return self.network.ip_route(name)

    def trace(self, pod, target, namespace="default", headers=None):
        """The hops a request from `pod` to `target` (a name, IP or URL) takes, with the rule deciding each;
        `headers={"Host": ...}` is the Host an ingress controller on the way routes by."""
        return self.network.trace(pod, target, namespace, headers)

    def etcdctl(self, command, watch_seconds=0):
        """Look inside etcd as `etcdctl` would (`get /registry/pods --prefix --keys-only`). A `watch` without
        --rev shows what arrives in the next `watch_seconds` of virtual time (the cluster runs meanwhile)."""
        start = self.store.revision + 1
        if watch_seconds:
            self.advance(watch_seconds)
        return etcdctl.run(self.store, command, self.etcd, self.clock, since=start, ctx=self._host_files())

    def etcdutl(self, command):
        """etcdutl on the control-plane node (`snapshot status FILE`, `snapshot restore FILE --data-dir DIR`)."""
        return backup.etcdutl(shlex.split(command), self._host_files(), self.clock)

    def edit_manifest(self, name, editor):
        """Edit /etc/kubernetes/manifests/NAME.yaml on the control-plane node as `sed -i` there would:
        `editor(text)` returns the new text; the kubelet restarts the static pod when it changed."""
        self._host_files().edit(f"/etc/kubernetes/manifests/{name}.yaml", editor)

    def _host_files(self):
        if self.store.host is None:
            self.store.host = backup.HostFiles(self.kubelets[CONTROL_PLANE_NAME])
        return self.store.host

    def fail_node(self, name):
        """The node's kubelet stops (the machine died or lost its network): no more Lease renewals or
        status. After the grace period the node lifecycle controller marks it Unknown and taints it."""
        self._kubelet(name).stop()

    def recover_node(self, name):
        """Start the node's kubelet again: heartbeats resume, the node turns Ready, its taints go."""
        self._kubelet(name).start()

    def probe_results(self, pod, namespace="default"):
        """Every probe the pod's kubelet ran: {(container, "liveness"|"readiness"|"startup"): [(time, result,
        output)]}, results "success"/"failure" before the thresholds judge them (events show only failures)."""
        obj = self.api.get("pods", pod, namespace)
        kubelet = self.kubelets.get(obj["spec"].get("nodeName") or "")
        worker = kubelet.workers.get(obj["metadata"]["uid"]) if kubelet is not None else None
        if worker is None:
            return {}
        return {key: list(results) for key, results in sorted(worker.probes.history.items())}

    def add_node(self, name=None):
        """A new worker joins (`kubeadm join`): its kubelet registers the Node and starts; the DaemonSets
        (kube-proxy, flannel, yours) give it their pods. Returns the node's name (worker-N by default)."""
        index = self._next_node_index
        name = name or f"worker-{index}"
        self.register_node(name, index)
        self._next_node_index += 1
        self.kubelets[name] = Kubelet(FieldManagerClient(self.api, "kubelet"), self.clock, name, seed=self.seed, static_pods=[],
                                      pv_trees=self.pv_trees, network=self.network, cni_config=self.cni).start()
        return name

    def remove_node(self, name):
        """The machine goes away and `kubectl delete node` removes its Node: its pods are garbage
        collected, controllers replace theirs on other nodes, DaemonSet pods are not replaced."""
        kubelet = self._kubelet(name)
        kubelet.stop()
        self.api.delete("nodes", name)
        del self.kubelets[name]

    def _kubelet(self, name):
        self.api.get("nodes", name)  # NotFound for a node that doesn't exist
        return self.kubelets[name]

    def static_pod_manifests(self, node_name):
        """Pod manifests the node's kubelet runs as static pods: kubeadm's control plane
        (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) on the control-plane node."""
        if node_name != CONTROL_PLANE_NAME:
            return []
        node = self.api.get("nodes", node_name)
        address = next(a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP")
        external = [m.client_url for m in self.etcd.members] if len(self.etcd.members) > 1 else ()
        return list(kubeadm_static_pods(node_name, address, external).values())

    def _start_kubelets(self, seed):
        """One kubelet per node; PersistentVolume data lives in `pv_trees`, shared like a storage backend."""
        self.pv_trees = {}
        return {name: Kubelet(FieldManagerClient(self.api, "kubelet"), self.clock, name, seed=seed, static_pods=self.static_pod_manifests(name),
                              pv_trees=self.pv_trees, network=self.network, cni_config=self.cni).start()
                for name in self.node_names()}

    def node_names(self):
        return [n["metadata"]["name"] for n in self.api.list("nodes")["items"]]

    # wiring
    def _kubectl_client(self):
        if self._kubectl is None:
            from .kubectl import Kubectl
            self._kubectl = Kubectl(self.api, self.clock)
            self._kubectl.workstation = self.workstation  # where port-forward and proxy listen
        return self._kubectl

    def _bootstrap(self, workers):
        for ns in SYSTEM_NAMESPACES:
            self.api.create("namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
        names = [CONTROL_PLANE_NAME] + [f"worker-{i}" for i in range(1, workers + 1)]
        for index, name in enumerate(names):
            self.register_node(name, index, control_plane=index == 0)
        self._next_node_index = len(names)  # a node added later gets the next address and pod CIDR
        self.api.create("services", {
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "kubernetes", "namespace": "default",
                         "labels": {"component": "apiserver", "provider": "kubernetes"}},
            "spec": {"clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
                     "sessionAffinity": "None", "type": "ClusterIP"},
        })

    def register_node(self, name, index, control_plane=False):
        node = self.api.create("nodes", node_object(name, index, control_plane, self.clock.timestamp(),
                                                    None if self.cni else NETWORK_NOT_READY), field_manager="kubelet")
        self.api.create("leases", node_lease(name, node["metadata"]["uid"], self.clock.micro_timestamp()),
                        namespace="kube-node-lease", field_manager="kubelet")
        return node

    def _schedule_compaction(self, revision):
        def compact():
            if self.store.compact_revision < revision <= self.store.revision and self.etcd.available():
                self.store.compact(revision)
            self._schedule_compaction(self.store.revision)
        self.clock.call_later(COMPACTION_INTERVAL, compact, priority=10)
