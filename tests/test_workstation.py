"""The learner's workstation (172.18.0.1 on the nodes' docker network): curl and wget to NodePorts on every
node, a LoadBalancer address, and what fails from outside the cluster (ClusterIPs, pod IPs, closed ports)."""
import pytest

from engine import Cluster

APP = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx
        ports: [{containerPort: 80, name: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 80, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
"""
TITLE = "<title>Welcome to nginx!</title>"


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(workers=2)
    cluster.apply(APP)
    cluster.advance(30)
    return cluster


def test_node_port_answers_on_every_node(c):
    for ip in ("172.18.0.2", "172.18.0.3", "172.18.0.4"):
        r = c.curl(f"-s http://{ip}:30080/")
        assert (r.exit_code, r.stderr) == (0, "")
        assert TITLE in r.stdout and r.stdout.endswith("</html>\n")


def test_head_and_include_print_the_response_headers(c):
    r = c.curl("-sI 172.18.0.3:30080")
    assert r.stdout.startswith("HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\n")
    assert "Content-Length: 615\r\n" in r.stdout and r.stdout.endswith("\r\n\r\n") and TITLE not in r.stdout
    r = c.curl("-i http://172.18.0.3:30080/")
    assert r.stdout.startswith("HTTP/1.1 200 OK\r\n") and "\r\n\r\n<!DOCTYPE html>" in r.stdout


def test_write_out_http_code_with_output_discarded(c):
    r = c.curl(["-s", "-o", "/dev/null", "-w", "%{http_code}\\n", "http://172.18.0.4:30080/"])
    assert (r.stdout, r.stderr, r.exit_code) == ("200\n", "", 0)
    r = c.curl(["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://172.18.0.4:30080/nothing-here"])
    assert r.stdout == "404"
    r = c.curl("-sf http://172.18.0.4:30080/nothing-here")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "", 22)
    r = c.curl("-f http://172.18.0.4:30080/nothing-here")
    assert (r.stderr, r.exit_code) == ("curl: (22) The requested URL returned error: 404\n", 22)


def test_load_balancer_address_reaches_the_pods_through_a_worker(c):
    ip = c.api.get("services", "web-lb")["status"]["loadBalancer"]["ingress"][0]["ip"]
    assert ip == "172.18.255.200"
    r = c.curl(f"-s http://{ip}/")
    assert r.exit_code == 0 and TITLE in r.stdout
    traces = [str(c.workstation.trace(f"http://{ip}/")) for _ in range(2)]
    assert all(t.endswith("     delivered\n") for t in traces)
    assert traces[0].splitlines()[1] == \
        "  1  workstation                              172.18.0.0/16 dev br-kind proto kernel scope link src 172.18.0.1"
    hops = sorted(t.splitlines()[2] for t in traces)
    assert hops == [f"  2  network/172.18.0.0/16                    load balancer {ip} (default/web-lb): to worker-{i}"
                    for i in (1, 2)]  # round robin over the workers; the control plane is excluded


def test_node_port_trace_is_the_node_path(c):
    trace = c.workstation.trace("http://172.18.0.3:30080/")
    text = str(trace)
    assert text.startswith("TCP 172.18.0.1 -> 172.18.0.3:30080\n")
    assert "  2  network/172.18.0.0/16                    172.18.0.3 is worker-1's eth0\n" in text
    assert "-j KUBE-NODEPORTS" in text and "--dport 30080" in text and text.endswith("     delivered\n")


def test_failures_from_outside_the_cluster(c):
    start = c.now
    r = c.curl("http://localhost:8080/")
    assert (r.stdout, r.stderr, r.exit_code) == (
        "", "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n", 7)
    assert c.curl("-s http://localhost:8080/").stderr == ""
    assert c.curl("-sS http://localhost:8080/").exit_code == 7
    cluster_ip = c.api.get("services", "web")["spec"]["clusterIP"]
    r = c.curl(f"http://{cluster_ip}/")  # the host has no route to the service network: the SYN is lost
    assert (r.stderr, r.exit_code) == (
        f"curl: (28) Failed to connect to {cluster_ip} port 80 after 127000 ms: Couldn't connect to server\n", 28)
    assert c.now - start == pytest.approx(127, abs=0.01)
    r = c.curl("-m 3 http://10.244.1.3/")
    assert (r.stderr, r.exit_code) == ("curl: (28) Connection timed out after 3001 milliseconds\n", 28)
    r = c.curl("http://172.18.0.3:30999/")  # no NodePort there and nothing listening on the node
    assert (r.stderr, r.exit_code) == (
        "curl: (7) Failed to connect to 172.18.0.3 port 30999 after 0 ms: Couldn't connect to server\n", 7)
    r = c.curl("http://web/")
    assert (r.stderr, r.exit_code) == ("curl: (6) Could not resolve host: web\n", 6)


def test_curl_usage_errors(c):
    r = c.curl("--frobnicate http://x/")
    assert (r.stderr, r.exit_code) == (
        "curl: option --frobnicate: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n", 2)
    r = c.curl("-s")
    assert (r.stderr, r.exit_code) == (
        "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n", 2)


def test_wget_quiet_to_stdout(c):
    r = c.wget("-qO- http://172.18.0.2:30080/")
    assert r.exit_code == 0 and TITLE in r.stdout
    assert c.wget("-qO- http://172.18.0.2:30080/missing").exit_code == 8
    assert c.wget("-qO- http://localhost:9/").exit_code == 4


def test_the_internet_is_reachable_from_the_workstation(c):
    r = c.curl("-s http://example.com/")
    assert "<title>Example Domain</title>" in r.stdout


def test_an_ingress_from_the_workstation_by_load_balancer_address():
    from engine.bootstrap import ingress_nginx
    c = Cluster(workers=1)
    ingress_nginx.install(c)
    c.kubectl("create deployment web --image=nginx --port=80")
    c.kubectl("expose deployment web")
    c.kubectl("create ingress web --class=nginx --rule=web.example/*=web:80")
    c.advance(60)
    ip = c.api.get("services", "ingress-nginx-controller", "ingress-nginx")["status"]["loadBalancer"]["ingress"][0]["ip"]
    assert TITLE in c.curl(f"-s -H 'Host: web.example' http://{ip}/").stdout
    r = c.curl(f"-s -o /dev/null -w %{{http_code}} http://{ip}/")
    assert r.stdout == "404"  # no rule for the address as host: nginx's default server
    trace = str(c.workstation.trace(f"http://{ip}/", headers={"Host": "web.example"}))
    assert f"load balancer {ip} (ingress-nginx/ingress-nginx-controller): to worker-1" in trace
    assert "ingress-nginx: host web.example (server web.example), path /: location / (Prefix of Ingress default/web)" \
        in trace and trace.endswith("     delivered\n")


def test_stop_all_closes_the_background_processes(c):
    assert c.kubectl("proxy --port=8005").exit_code == 0
    assert c.curl("-s localhost:8005/healthz").stdout == "ok"
    c.workstation.stop_all()
    assert c.curl("-s localhost:8005/healthz").exit_code == 7
    assert c.workstation.jobs == [] and c.workstation.listeners == {}
