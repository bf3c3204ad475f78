"""The Endpoints and EndpointSlice controllers and the apiserver's `kubernetes` endpoints: addresses
per pod and port, readiness from probes, named ports, headless, deletion, and the kubectl tables."""
import re

from engine import Cluster
from engine.controllers.endpoints import repack_subsets, truncate_endpoints

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: %d
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx
        ports: [{name: http, containerPort: 80}]
"""

SERVICE = """
apiVersion: v1
kind: Service
metadata: {name: web, labels: {tier: front}}
spec:
  selector: {app: web}
  ports: [{port: 8080, targetPort: http}]
"""

# ready for 20 seconds, then the readiness probe fails (the file it reads is gone)
FLIPPING_POD = """
apiVersion: v1
kind: Pod
metadata: {name: flip, labels: {app: flip}}
spec:
  containers:
  - name: c
    image: busybox
    command: ["sh", "-c", "touch /tmp/ready; sleep 20; rm /tmp/ready; sleep 3600"]
    readinessProbe:
      exec: {command: ["cat", "/tmp/ready"]}
      periodSeconds: 1
"""


def flip_service(publish=False):
    return f"""
apiVersion: v1
kind: Service
metadata: {{name: flip}}
spec:
  selector: {{app: flip}}
  publishNotReadyAddresses: {str(publish).lower()}
  ports: [{{name: web, port: 80}}]
"""


def pods(c, selector, namespace="default"):
    return c.api.list("pods", namespace, label_selector=selector)["items"]


def slices(c, service, namespace="default"):
    return c.api.list("endpointslices", namespace, label_selector=f"kubernetes.io/service-name={service}")["items"]


def ips(items):
    return sorted((p["status"]["podIP"] for p in items), key=lambda ip: ip.encode())


def address(pod):
    meta = pod["metadata"]
    return {"ip": pod["status"]["podIP"], "nodeName": pod["spec"]["nodeName"],
            "targetRef": {"kind": "Pod", "name": meta["name"], "namespace": meta["namespace"], "uid": meta["uid"]}}


def web_cluster(replicas=3, workers=2):
    c = Cluster(workers=workers)
    c.apply(DEPLOYMENT % replicas)
    c.apply(SERVICE)
    c.advance(20)
    return c


def test_fresh_cluster_has_kubernetes_and_kube_dns_endpoints():
    c = Cluster(workers=2)
    dns = sorted(pods(c, "k8s-app=kube-dns", "kube-system"), key=lambda p: p["status"]["podIP"].encode())
    a, b = ips(dns)
    assert c.kubectl("get endpoints -A").stdout == (
        "NAMESPACE     NAME         ENDPOINTS                                               AGE\n"
        "default       kubernetes   172.18.0.2:6443                                         27s\n"
        f"kube-system   kube-dns     {a}:53,{b}:53,{a}:53 + 3 more...   27s\n")
    kubernetes = c.api.get("endpoints", "kubernetes", "default")
    assert kubernetes["metadata"]["labels"] == {"endpointslice.kubernetes.io/skip-mirror": "true"}
    assert kubernetes["subsets"] == [{"addresses": [{"ip": "172.18.0.2"}],
                                      "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}]
    kube_dns = c.api.get("endpoints", "kube-dns", "kube-system")
    # the order RepackSubsets' hashes give, as on a real cluster: dns-tcp, dns, metrics
    assert kube_dns["subsets"] == [{"addresses": [address(p) for p in dns], "ports": [
        {"name": "dns-tcp", "port": 53, "protocol": "TCP"}, {"name": "dns", "port": 53, "protocol": "UDP"},
        {"name": "metrics", "port": 9153, "protocol": "TCP"}]}]
    assert kube_dns["metadata"]["labels"] == {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                              "kubernetes.io/name": "CoreDNS"}
    out = c.kubectl("get endpointslices -A").stdout.splitlines()
    assert out[0] == "NAMESPACE     NAME             ADDRESSTYPE   PORTS        ENDPOINTS               AGE"
    assert out[1] == "default       kubernetes       IPv4          6443         172.18.0.2              27s"
    assert re.fullmatch(r"kube-system   kube-dns-[a-z0-9]{5}   IPv4          53,53,9153   "
                        r"10\.244\.\d\.\d,10\.244\.\d\.\d   27s", out[2])
    eps = c.api.get("endpointslices", "kubernetes", "default")
    assert eps["metadata"]["labels"] == {"kubernetes.io/service-name": "kubernetes"}
    assert eps["endpoints"] == [{"addresses": ["172.18.0.2"], "conditions": {"ready": True}}]


def test_deployment_behind_a_service():
    c = web_cluster()
    web = pods(c, "app=web")
    service = c.api.get("services", "web", "default")
    endpoints = c.api.get("endpoints", "web", "default")
    ordered = sorted(web, key=lambda p: p["status"]["podIP"].encode())
    assert endpoints["subsets"] == [{"addresses": [address(p) for p in ordered],
                                     "ports": [{"port": 80, "protocol": "TCP"}]}]
    assert endpoints["metadata"]["labels"] == {"tier": "front"}
    shown = ",".join(f"{ip}:80" for ip in ips(web))
    assert c.kubectl("get endpoints web").stdout == (
        f"NAME   {'ENDPOINTS'.ljust(len(shown))}   AGE\n"
        f"web    {shown}   20s\n")
    [eps] = slices(c, "web")
    assert re.fullmatch(r"web-[a-z0-9]{5}", eps["metadata"]["name"])
    assert eps["metadata"]["generateName"] == "web-"
    assert eps["metadata"]["labels"] == {"endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                                         "kubernetes.io/service-name": "web", "tier": "front"}
    assert eps["metadata"]["ownerReferences"] == [{"apiVersion": "v1", "kind": "Service", "name": "web",
                                                   "uid": service["metadata"]["uid"], "controller": True,
                                                   "blockOwnerDeletion": True}]
    assert eps["addressType"] == "IPv4"
    assert eps["ports"] == [{"name": "", "port": 80, "protocol": "TCP"}]
    by_pod = {e["targetRef"]["name"]: e for e in eps["endpoints"]}
    assert by_pod == {p["metadata"]["name"]: {
        "addresses": [p["status"]["podIP"]], "conditions": {"ready": True, "serving": True, "terminating": False},
        "nodeName": p["spec"]["nodeName"], "targetRef": address(p)["targetRef"]} for p in web}
    shown = ",".join(e["addresses"][0] for e in eps["endpoints"])
    assert c.kubectl(f"get endpointslice {eps['metadata']['name']}").stdout == (
        f"NAME        ADDRESSTYPE   PORTS   {'ENDPOINTS'.ljust(len(shown))}   AGE\n"
        f"{eps['metadata']['name']}   IPv4          80      {shown}   20s\n")


def test_scale_up_and_down_updates_the_same_slice():
    c = web_cluster()
    [before] = slices(c, "web")
    c.kubectl("scale deployment web --replicas=5")
    c.advance(20)
    web = pods(c, "app=web")
    assert len(web) == 5
    shown = ",".join(f"{ip}:80" for ip in ips(web)[:3])
    assert c.kubectl("get ep web").stdout.splitlines()[1] == f"web    {shown} + 2 more...   40s"
    [after] = slices(c, "web")
    assert after["metadata"]["name"] == before["metadata"]["name"]
    assert sorted(e["addresses"][0] for e in after["endpoints"]) == sorted(ips(web))
    c.kubectl("scale deployment web --replicas=1")
    c.advance(40)
    web = pods(c, "app=web")
    [left] = slices(c, "web")
    assert left["metadata"]["name"] == before["metadata"]["name"]
    assert [e["addresses"] for e in left["endpoints"]] == [[web[0]["status"]["podIP"]]]
    assert c.api.get("endpoints", "web", "default")["subsets"][0]["addresses"] == [address(web[0])]


def test_readiness_probe_failure_moves_the_address_to_not_ready():
    c = Cluster(workers=1)
    c.apply(FLIPPING_POD)
    c.apply(flip_service())
    c.advance(10)
    pod = c.api.get("pods", "flip", "default")
    ip = pod["status"]["podIP"]
    assert c.api.get("endpoints", "flip", "default")["subsets"] == [
        {"addresses": [address(pod)], "ports": [{"name": "web", "port": 80, "protocol": "TCP"}]}]
    assert c.kubectl("get ep flip").stdout == f"NAME   {'ENDPOINTS'.ljust(len(ip) + 3)}   AGE\nflip   {ip}:80   10s\n"
    c.advance(20)  # the file goes at 20 s; three failed probes a second apart later the pod is not Ready
    pod = c.api.get("pods", "flip", "default")
    ready = next(cond for cond in pod["status"]["conditions"] if cond["type"] == "Ready")
    assert ready["status"] == "False"
    endpoints = c.api.get("endpoints", "flip", "default")
    assert endpoints["subsets"] == [
        {"notReadyAddresses": [address(pod)], "ports": [{"name": "web", "port": 80, "protocol": "TCP"}]}]
    assert endpoints["metadata"]["annotations"] == {
        "endpoints.kubernetes.io/last-change-trigger-time": ready["lastTransitionTime"]}
    assert c.kubectl("get ep flip").stdout == "NAME   ENDPOINTS   AGE\nflip               30s\n"
    [eps] = slices(c, "flip")
    assert eps["endpoints"][0]["conditions"] == {"ready": False, "serving": False, "terminating": False}
    assert eps["metadata"]["annotations"] == {
        "endpoints.kubernetes.io/last-change-trigger-time": ready["lastTransitionTime"]}


def test_publish_not_ready_addresses():
    c = Cluster(workers=1)
    c.apply(FLIPPING_POD)
    c.apply(flip_service(publish=True))
    c.advance(30)
    pod = c.api.get("pods", "flip", "default")
    assert c.api.get("endpoints", "flip", "default")["subsets"] == [
        {"addresses": [address(pod)], "ports": [{"name": "web", "port": 80, "protocol": "TCP"}]}]
    [eps] = slices(c, "flip")
    assert eps["endpoints"][0]["conditions"] == {"ready": True, "serving": False, "terminating": False}


def test_named_target_ports_resolve_per_pod():
    c = Cluster(workers=1)
    for name, port in (("a", 8080), ("b", 9090)):
        c.apply(f"""
apiVersion: v1
kind: Pod
metadata: {{name: {name}, labels: {{app: multi}}}}
spec:
  containers:
  - name: c
    image: nginx
    ports: [{{name: http, containerPort: {port}}}]
""")
    c.apply("""
apiVersion: v1
kind: Service
metadata: {name: multi}
spec:
  selector: {app: multi}
  ports: [{name: http, port: 80, targetPort: http}]
""")
    c.advance(10)
    a, b = c.api.get("pods", "a", "default"), c.api.get("pods", "b", "default")
    subsets = c.api.get("endpoints", "multi", "default")["subsets"]
    assert sorted(subsets, key=lambda s: s["ports"][0]["port"]) == [
        {"addresses": [address(a)], "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]},
        {"addresses": [address(b)], "ports": [{"name": "http", "port": 9090, "protocol": "TCP"}]}]
    by_port = {s["ports"][0]["port"]: s for s in slices(c, "multi")}
    assert sorted(by_port) == [8080, 9090]
    assert by_port[8080]["endpoints"][0]["targetRef"]["name"] == "a"
    assert by_port[9090]["endpoints"][0]["targetRef"]["name"] == "b"


def test_headless_service():
    c = Cluster(workers=1)
    c.apply(DEPLOYMENT % 1)
    c.apply("""
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  clusterIP: None
  selector: {app: web}
""")
    c.advance(10)
    [pod] = pods(c, "app=web")
    endpoints = c.api.get("endpoints", "web", "default")
    assert endpoints["metadata"]["labels"] == {"service.kubernetes.io/headless": ""}
    assert endpoints["subsets"] == [{"addresses": [address(pod)]}]
    assert c.kubectl("get ep web").stdout == f"NAME   ENDPOINTS    AGE\nweb    {pod['status']['podIP']}   10s\n"
    [eps] = slices(c, "web")
    assert eps["metadata"]["labels"]["service.kubernetes.io/headless"] == ""
    assert eps["ports"] is None
    assert c.kubectl(f"get endpointslices {eps['metadata']['name']}").stdout.splitlines()[1].split()[1:4] == [
        "IPv4", "<unset>", pod["status"]["podIP"]]


def test_deleted_pod_leaves_endpoints_and_terminates_in_slices():
    c = web_cluster(replicas=2, workers=1)
    victim, other = sorted(pods(c, "app=web"), key=lambda p: p["metadata"]["name"])
    c.api.delete("pods", victim["metadata"]["name"], "default")
    c.advance(0)
    # the terminating pod leaves Endpoints at once; its replacement has no IP yet
    assert c.api.get("endpoints", "web", "default")["subsets"] == [
        {"addresses": [address(other)], "ports": [{"port": 80, "protocol": "TCP"}]}]
    [eps] = slices(c, "web")
    by_pod = {e["targetRef"]["name"]: e["conditions"] for e in eps["endpoints"]}
    assert by_pod[victim["metadata"]["name"]] == {"ready": False, "serving": True, "terminating": True}
    c.advance(40)
    names = {p["metadata"]["name"] for p in pods(c, "app=web")}
    assert victim["metadata"]["name"] not in names
    [eps] = slices(c, "web")
    assert {e["targetRef"]["name"] for e in eps["endpoints"]} == names
    addresses = c.api.get("endpoints", "web", "default")["subsets"][0]["addresses"]
    assert {a["targetRef"]["name"] for a in addresses} == names


def test_selector_change_and_service_deletion():
    c = web_cluster(replicas=1, workers=1)
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: other, labels: {app: other}}
spec:
  containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 80}]}]
""")
    c.advance(10)
    c.api.patch("services", "web", {"spec": {"selector": {"app": "other"}}}, namespace="default")
    c.advance(1)
    other = c.api.get("pods", "other", "default")
    assert c.api.get("endpoints", "web", "default")["subsets"][0]["addresses"] == [address(other)]
    [eps] = slices(c, "web")
    assert [e["targetRef"]["name"] for e in eps["endpoints"]] == ["other"]
    c.kubectl("delete service web")
    c.advance(5)
    assert c.kubectl("get endpoints web").stderr == 'Error from server (NotFound): endpoints "web" not found\n'
    assert slices(c, "web") == []


def test_service_without_selector_is_left_alone_and_its_endpoints_mirrored():
    c = Cluster(workers=1)
    c.apply("""
apiVersion: v1
kind: Service
metadata: {name: external}
spec:
  ports: [{port: 80}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: external, labels: {team: a}}
subsets:
- addresses: [{ip: 192.0.2.10}]
  notReadyAddresses: [{ip: 192.0.2.11}]
  ports: [{port: 80}]
""")
    c.advance(5)
    endpoints = c.api.get("endpoints", "external", "default")
    assert endpoints["subsets"] == [{"addresses": [{"ip": "192.0.2.10"}], "notReadyAddresses": [{"ip": "192.0.2.11"}],
                                     "ports": [{"port": 80, "protocol": "TCP"}]}]
    [eps] = slices(c, "external")
    assert re.fullmatch(r"external-[a-z0-9]{5}", eps["metadata"]["name"])
    assert eps["metadata"]["labels"] == {"endpointslice.kubernetes.io/managed-by": "endpointslicemirroring-controller.k8s.io",
                                         "kubernetes.io/service-name": "external", "team": "a"}
    assert "annotations" not in eps["metadata"]  # kubectl's last-applied-configuration is not copied
    assert eps["metadata"]["ownerReferences"] == [{"apiVersion": "v1", "kind": "Endpoints", "name": "external",
                                                   "uid": endpoints["metadata"]["uid"], "controller": True,
                                                   "blockOwnerDeletion": True}]
    assert eps["ports"] == [{"name": "", "port": 80, "protocol": "TCP"}]
    assert eps["endpoints"] == [{"addresses": ["192.0.2.10"], "conditions": {"ready": True}},
                                {"addresses": ["192.0.2.11"], "conditions": {"ready": False}}]
    c.api.patch("endpoints", "external", {"subsets": [{"addresses": [{"ip": "192.0.2.12"}], "ports": [{"port": 80}]}]},
                "application/merge-patch+json", namespace="default")
    c.advance(1)
    [same] = slices(c, "external")
    assert same["metadata"]["name"] == eps["metadata"]["name"]
    assert same["endpoints"] == [{"addresses": ["192.0.2.12"], "conditions": {"ready": True}}]
    c.kubectl("delete endpoints external")
    c.advance(1)
    assert slices(c, "external") == []
    assert "external" in c.kubectl("get svc external").stdout  # the controllers never touch the Service


def test_service_with_no_pods_gets_a_placeholder_slice():
    c = Cluster(workers=1)
    c.apply(SERVICE)
    c.advance(1)
    assert c.kubectl("get ep web").stdout == "NAME   ENDPOINTS   AGE\nweb    <none>      1s\n"
    [eps] = slices(c, "web")
    assert eps["endpoints"] is None and eps["ports"] is None
    assert c.kubectl("get endpointslices -l kubernetes.io/service-name=web").stdout.splitlines()[1].split()[1:4] == ["IPv4", "<unset>", "<unset>"]
    c.apply(DEPLOYMENT % 1)
    c.advance(10)
    [filled] = slices(c, "web")
    assert filled["metadata"]["name"] == eps["metadata"]["name"]  # the placeholder is reused, not replaced
    assert len(filled["endpoints"]) == 1


def test_more_than_100_endpoints_split_into_slices():
    c = Cluster(workers=2)
    c.apply("""
apiVersion: v1
kind: Service
metadata: {name: big}
spec:
  selector: {app: big}
  ports: [{port: 80}]
""")
    c.apply((DEPLOYMENT % 105).replace("web", "big"))
    c.advance(60)
    sizes = sorted(len(s["endpoints"]) for s in slices(c, "big"))
    assert sizes == [5, 100]
    endpoints = c.api.get("endpoints", "big", "default")
    assert len(endpoints["subsets"][0]["addresses"]) == 105


def test_repack_groups_addresses_by_ports_and_not_ready_wins():
    a = {"ip": "10.0.0.2", "targetRef": {"kind": "Pod", "name": "a", "namespace": "d", "uid": "1"}}
    b = {"ip": "10.0.0.10", "targetRef": {"kind": "Pod", "name": "b", "namespace": "d", "uid": "2"}}
    p80 = {"port": 80, "protocol": "TCP"}
    p90 = {"name": "x", "port": 90, "protocol": "TCP"}
    subsets = repack_subsets([(a, True, p80), (b, True, p80), (a, True, p90), (a, False, p90), (b, True, p90)])
    assert sorted(subsets, key=len) == [{"addresses": [b, a], "ports": [p80]},
                                        {"addresses": [b], "notReadyAddresses": [a], "ports": [p90]}]


def test_over_1000_addresses_are_truncated_in_proportion():
    def addrs(prefix, n):
        return [{"ip": f"10.{prefix}.{i // 250}.{i % 250}"} for i in range(n)]
    port = [{"port": 80, "protocol": "TCP"}]
    endpoints = {"subsets": [{"addresses": addrs(1, 900), "notReadyAddresses": addrs(2, 300), "ports": port},
                             {"addresses": addrs(3, 200), "ports": port}]}
    assert truncate_endpoints(endpoints)
    a, b = endpoints["subsets"]
    assert (len(a["addresses"]), len(b["addresses"])) == (819, 181)  # ready first; not-ready ones all go
    assert "notReadyAddresses" not in a and a["addresses"][0] == {"ip": "10.1.0.0"}
    endpoints = {"subsets": [{"addresses": addrs(1, 600), "notReadyAddresses": addrs(2, 500), "ports": port},
                             {"notReadyAddresses": addrs(3, 100), "ports": port}]}
    assert truncate_endpoints(endpoints)
    a, b = endpoints["subsets"]
    assert (len(a["addresses"]), len(a["notReadyAddresses"]), len(b["notReadyAddresses"])) == (600, 334, 66)
    small = {"subsets": [{"addresses": addrs(1, 1000), "ports": port}]}
    assert not truncate_endpoints(small) and len(small["subsets"][0]["addresses"]) == 1000


def test_apiserver_puts_the_kubernetes_endpoints_back():
    c = Cluster(workers=1)
    c.kubectl("delete endpoints kubernetes")
    c.api.patch("endpointslices", "kubernetes", {"endpoints": [{"addresses": ["10.9.9.9"]}]},
                "application/merge-patch+json", namespace="default")
    assert c.kubectl("get ep kubernetes").exit_code == 1
    c.advance(10)  # the reconciler looks every 10 seconds
    assert re.fullmatch(r"NAME         ENDPOINTS         AGE\nkubernetes   172\.18\.0\.2:6443   \ds\n",
                        c.kubectl("get ep kubernetes").stdout)
    assert c.api.get("endpointslices", "kubernetes", "default")["endpoints"] == [
        {"addresses": ["172.18.0.2"], "conditions": {"ready": True}}]


def test_hostname_and_subdomain_name_the_address():
    c = Cluster(workers=1)
    c.apply("""
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, labels: {app: db}}
spec:
  hostname: db-0
  subdomain: db
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: other, labels: {app: db}}
spec:
  hostname: other
  subdomain: elsewhere
  containers: [{name: c, image: nginx}]
""")
    c.advance(10)
    addresses = c.api.get("endpoints", "db", "default")["subsets"][0]["addresses"]
    assert {a["targetRef"]["name"]: a.get("hostname") for a in addresses} == {"db-0": "db-0", "other": None}
    [eps] = slices(c, "db")
    assert {e["targetRef"]["name"]: e.get("hostname") for e in eps["endpoints"]} == {"db-0": "db-0", "other": None}
