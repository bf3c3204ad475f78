"""CoreDNS in the simulated cluster: service, headless, StatefulSet, pod and ExternalName records as busybox's
nslookup prints them, the forward to the node's resolver, and lookups timing out once coredns is gone."""
import pytest

from engine import Cluster

WORKLOAD = """
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  nodeName: worker-2
  containers: [{name: nginx, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Service
metadata: {name: web-headless}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: my-site}
spec:
  type: ExternalName
  externalName: info.cern.ch
---
apiVersion: v1
kind: Pod
metadata: {name: old}
spec:
  nodeName: worker-1
  containers: [{name: bb, image: "busybox:1.28", command: [sleep, "3600"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: new}
spec:
  nodeName: worker-1
  containers: [{name: bb, image: "busybox:1.36", command: [sleep, "3600"]}]
"""

INIT_DEMO = """
apiVersion: v1
kind: Pod
metadata:
  name: init-demo
spec:
  containers:
  - name: nginx
    image: nginx
    ports:
    - containerPort: 80
    volumeMounts:
    - name: workdir
      mountPath: /usr/share/nginx/html
  # These containers are run during pod initialization
  initContainers:
  - name: install
    image: busybox:1.28
    command:
    - wget
    - "-O"
    - "/work-dir/index.html"
    - http://info.cern.ch
    volumeMounts:
    - name: workdir
      mountPath: "/work-dir"
  dnsPolicy: Default
  volumes:
  - name: workdir
    emptyDir: {}
"""


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(workers=2)
    c.apply(WORKLOAD)
    c.advance(20)
    return c


def run(c, pod, *argv):
    return c.api.pod_exec(pod, list(argv), "default")


def test_busybox_128_nslookup_kubernetes_default(cluster):
    assert run(cluster, "old", "nslookup", "kubernetes.default") == (
        "Server:    10.96.0.10\n"
        "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n"
        "\n"
        "Name:      kubernetes.default\n"
        "Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n", "", 0)


def test_nslookup_of_a_headless_service_gives_pod_ips(cluster):
    assert run(cluster, "old", "nslookup", "web-headless") == (
        "Server:    10.96.0.10\n"
        "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n"
        "\n"
        "Name:      web-headless\n"
        "Address 1: 10.244.2.3 10-244-2-3.web-headless.default.svc.cluster.local\n", "", 0)
    out, _, code = run(cluster, "new", "nslookup", "web-headless")
    assert code == 1  # the search domains after the first one answer NXDOMAIN
    assert out.split("\n\n")[:4] == ["Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53",
                                     "Name:\tweb-headless.default.svc.cluster.local\nAddress: 10.244.2.3",
                                     "** server can't find web-headless.svc.cluster.local: NXDOMAIN",
                                     "** server can't find web-headless.cluster.local: NXDOMAIN"]


def test_busybox_136_does_not_search_a_dotted_name(cluster):
    assert run(cluster, "new", "nslookup", "kubernetes.default") == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
        "** server can't find kubernetes.default: NXDOMAIN\n\n"
        "** server can't find kubernetes.default: NXDOMAIN\n\n", "", 1)


def test_pod_records_external_names_and_nxdomain(cluster):
    c = cluster
    assert run(c, "new", "nslookup", "10-244-2-3.default.pod.cluster.local")[0] == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
        "Name:\t10-244-2-3.default.pod.cluster.local\nAddress: 10.244.2.3\n\n\n")
    assert run(c, "new", "nslookup", "nosuch.default.svc.cluster.local") == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
        "** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n"
        "** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n", "", 1)
    # an ExternalName service is a CNAME: the page comes from the outside host it names
    out, err, code = run(c, "new", "wget", "-O-", "http://my-site")
    assert code == 0 and "<title>http://info.cern.ch</title>" in out
    assert err.startswith("Connecting to my-site (188.184.100.182:80)\n")
    assert run(c, "new", "wget", "-qO-", "http://nosuch")[1:] == ("wget: bad address 'nosuch'\n", 1)
    assert c.network.trace("new", "http://my-site").hops[0].rule == \
        "DNS: my-site.default.svc.cluster.local -> 188.184.100.182 (nameserver 10.96.0.10, CNAME info.cern.ch)"


def test_trace_starts_with_the_dns_answer(cluster):
    trace = cluster.network.trace("new", "http://web-headless")
    assert trace.hops[0].rule == "DNS: web-headless.default.svc.cluster.local -> 10.244.2.3 (nameserver 10.96.0.10)"
    assert trace.path()[-1] == "pod/default/web" and trace.delivered


def test_a_service_name_reaches_a_pod_through_kube_proxy(cluster):
    c = cluster
    c.apply("""
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 8080, targetPort: 80}]
""")
    c.advance(2)
    cluster_ip = c.api.get("services", "web", "default")["spec"]["clusterIP"]
    out, err, code = run(c, "new", "wget", "-qO-", "http://web:8080")
    assert code == 0 and "<title>Welcome to nginx!</title>" in out
    assert c.api.pod_log("web", "default").splitlines()[-1].startswith("10.244.1.4 - - [")  # no SNAT
    trace = c.network.trace("new", "http://web:8080")
    assert trace.hops[0].rule == f"DNS: web.default.svc.cluster.local -> {cluster_ip} (nameserver 10.96.0.10)"
    dnat = next(h for h in trace.hops if h.rule.startswith("kube-proxy"))
    assert dnat.vertex == "node/worker-1/eth0" and dnat.rule.endswith("-j DNAT --to-destination 10.244.2.3:80")
    assert trace.path()[-1] == "pod/default/web" and trace.delivered


def test_statefulset_pods_have_their_own_names():
    c = Cluster(workers=2)
    c.apply("""
apiVersion: v1
kind: Service
metadata: {name: nginx, labels: {app: nginx}}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80, name: web}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 2
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Pod
metadata: {name: old}
spec:
  containers: [{name: bb, image: "busybox:1.28", command: [sleep, "3600"]}]
""")
    c.advance(60)
    web1 = c.api.get("pods", "web-1", "default")["status"]["podIP"]
    assert run(c, "old", "nslookup", "web-1.nginx") == (
        "Server:    10.96.0.10\n"
        "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n"
        "\n"
        "Name:      web-1.nginx\n"
        f"Address 1: {web1} web-1.nginx.default.svc.cluster.local\n", "", 0)
    # SRV records for the named port: one per pod of the headless service
    answer = c.network.dns.answer("_web._tcp.nginx.default.svc.cluster.local", "SRV", None)
    assert (answer.rcode, answer.records) == ("NOERROR", [
        ("SRV", "0 50 80 web-0.nginx.default.svc.cluster.local."),
        ("SRV", "0 50 80 web-1.nginx.default.svc.cluster.local.")])
    assert c.network.dns.answer("_http._tcp.nginx.default.svc.cluster.local", "SRV", None).rcode == "NXDOMAIN"


def test_without_coredns_lookups_time_out():
    c = Cluster(workers=1)
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: new}
spec:
  containers: [{name: bb, image: "busybox:1.36", command: [sleep, "3600"]}]
""")
    c.advance(20)
    assert "Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n" in run(c, "new", "nslookup", "kubernetes")[0]
    c.kubectl("delete deployment coredns -n kube-system")
    c.advance(40)
    assert c.api.list("pods", namespace="kube-system", label_selector="k8s-app=kube-dns")["items"] == []
    start = c.now
    # busybox names the server only once a reply arrives, and gives it 5 s (default_timeout)
    assert run(c, "new", "nslookup", "kubernetes") == (
        ";; connection timed out; no servers could be reached\n\n", "", 1)
    assert c.now - start == 5
    assert run(c, "new", "wget", "-qO-", "http://kubernetes")[1:] == ("wget: bad address 'kubernetes'\n", 1)


def test_init_demo_fetches_its_page_from_the_outside():
    c = Cluster(workers=1)
    c.apply(INIT_DEMO)
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: bb, image: "busybox:1.36", command: [sleep, "3600"]}]
""")
    c.advance(30)
    assert c.kubectl("get pod init-demo").stdout.splitlines()[1].split()[:3] == ["init-demo", "1/1", "Running"]
    assert c.api.pod_log("init-demo", "default", container="install") == (
        "Connecting to info.cern.ch (188.184.100.182:80)\n"
        "index.html           100% |*******************************|   646   0:00:00 ETA\n")
    ip = c.api.get("pods", "init-demo", "default")["status"]["podIP"]
    out, _, code = run(c, "client", "wget", "-qO-", f"http://{ip}")
    assert code == 0 and out.startswith("<html><head></head><body><header>\n<title>http://info.cern.ch</title>\n")


def test_busybox_nslookup_of_an_externalname_prints_the_canonical_name():
    from engine import Cluster
    c = Cluster(workers=1)
    c.kubectl("create service externalname docs --external-name=kubernetes.io")
    c.kubectl("run client --image=busybox -- sleep 3600")
    c.advance(15)
    out = c.kubectl("exec client -- nslookup docs").stdout
    assert out.startswith("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                          "docs.default.svc.cluster.local\tcanonical name = kubernetes.io\n"
                          "Name:\tkubernetes.io\nAddress: ")


def test_busybox_nslookup_srv_and_ptr_questions():
    from engine import Cluster
    c = Cluster(workers=1)
    c.apply("apiVersion: v1\nkind: Service\nmetadata: {name: named}\nspec:\n  selector: {app: web}\n"
            "  ports: [{name: http, port: 80}]\n")
    c.kubectl("create deployment web --image=nginx")
    c.kubectl("run client --image=busybox -- sleep 3600")
    c.advance(15)
    srv = c.kubectl(["exec", "client", "--", "nslookup", "-type=SRV", "_http._tcp.named.default.svc.cluster.local"])
    assert srv.stdout.endswith("\n\n_http._tcp.named.default.svc.cluster.local\tservice = 0 100 80 "
                               "named.default.svc.cluster.local\n\n")
    ptr = c.kubectl("exec client -- nslookup 10.96.0.10")
    assert ptr.stdout.endswith("\n\n10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local\n\n")
    assert ptr.exit_code == 0
