"""kubectl port-forward and kubectl proxy on the learner's workstation: what they print, where requests go
(one pod's localhost for port-forward, the API server and its service proxy for proxy), their errors, and
how curl lines and the background output show in %%kubectl cells and the `python -m engine` shell."""
import io
import json

import pytest

from engine import Cluster
from engine.magics import run_script
from engine.shell import run_line

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
  selector: {app: web}
  ports: [{name: web, port: 8000, targetPort: http}]
"""
TITLE = "<title>Welcome to nginx!</title>"
FORWARDING = "Forwarding from 127.0.0.1:{0} -> {1}\nForwarding from [::1]:{0} -> {1}\n"


@pytest.fixture()
def c():
    cluster = Cluster(workers=1)
    cluster.apply(APP)
    cluster.advance(20)
    return cluster


def pod_names(c):
    return [p["metadata"]["name"] for p in c.api.list("pods", "default", label_selector="app=web")["items"]]


def test_port_forward_to_a_pod_reaches_its_localhost(c):
    name = pod_names(c)[0]
    r = c.kubectl(f"port-forward pod/{name} 8080:80")
    assert (r.stdout, r.stderr, r.exit_code) == (FORWARDING.format(8080, 80), "", 0)
    r = c.curl("-s http://localhost:8080/")
    assert r.exit_code == 0 and TITLE in r.stdout
    assert c.curl("-s http://127.0.0.1:8080/").exit_code == 0
    assert c.workstation.output() == "Handling connection for 8080\nHandling connection for 8080\n"
    log = c.kubectl(f"logs {name}").stdout.splitlines()
    assert log[-1].startswith("127.0.0.1 - - [") and '"GET / HTTP/1.1" 200 615 "-" "curl/7.88.1"' in log[-1]


def test_port_forward_to_a_deployment_or_service_picks_one_pod(c):
    assert c.kubectl("port-forward deploy/web 8080:http").stdout == FORWARDING.format(8080, 80)
    # the Service's port 8000 is its targetPort "http" (80) in the chosen pod
    assert c.kubectl("port-forward svc/web 9000:8000").stdout == FORWARDING.format(9000, 80)
    assert c.kubectl("port-forward service/web :web").stdout.endswith(" -> 80\n")
    for _ in range(3):
        assert TITLE in c.curl("-s localhost:8080").stdout
        assert TITLE in c.curl("-s localhost:9000").stdout
    logs = [c.kubectl(f"logs {name}").stdout.count("curl/7.88.1") for name in pod_names(c)]
    assert sorted(logs) == [0, 6]  # no Service load balancing: every connection to the same pod


def test_port_forward_random_local_port_and_address(c):
    name = pod_names(c)[0]
    r = c.kubectl(f"port-forward {name} :80")
    port = int(r.stdout.split()[2].rsplit(":", 1)[1])
    assert 32768 <= port <= 60999 and r.stdout == FORWARDING.format(port, 80)
    r = c.kubectl(f"port-forward --address 0.0.0.0 {name} 8888:80")
    assert r.stdout == "Forwarding from 0.0.0.0:8888 -> 80\n"
    assert TITLE in c.curl("-s http://172.18.0.1:8888/").stdout  # the workstation's own address
    r = c.kubectl(f"port-forward --address localhost,10.19.21.23 {name} 8889:80")
    assert (r.stdout, r.exit_code) == (FORWARDING.format(8889, 80), 1)
    assert r.stderr == ("Unable to listen on port 8889: Listeners failed to create with the following errors: "
                        "[unable to create listener: Error listen tcp4 10.19.21.23:8889: bind: cannot assign "
                        "requested address]\nerror: unable to listen on any of the requested ports: [{8889 80}]\n")
    assert c.curl("-s localhost:8889").exit_code == 7  # kubectl exited: its listeners closed


def test_port_forward_client_side_errors(c):
    name = pod_names(c)[0]
    cases = {
        "port-forward": "error: TYPE/NAME and list of ports are required for port-forward\n"
                        "See 'kubectl port-forward -h' for help and examples\n",
        f"port-forward {name}": "error: TYPE/NAME and list of ports are required for port-forward\n"
                                "See 'kubectl port-forward -h' for help and examples\n",
        f"port-forward {name} metrics": f"error: Pod '{name}' does not have a named port 'metrics'\n",
        # (checkUDPPortInPod looks the empty remote port up by name before "remote port cannot be empty")
        f"port-forward {name} 8080:": f"error: Pod '{name}' does not have a named port ''\n",
        f"port-forward {name} 8080:99999": "error: error parsing remote port '99999': strconv.ParseUint: "
                                           "parsing \"99999\": value out of range\n",
        f"port-forward {name} x:80": "error: error parsing local port 'x': strconv.ParseUint: parsing \"x\": "
                                     "invalid syntax\n",
        f"port-forward {name} 8080:0": "error: remote port must be > 0\n",
        f"port-forward --address nowhere {name} 8080:80": "error: nowhere is not a valid IP\n",
        "port-forward svc/web 8080:9999": "error: Service web does not have a service port 9999\n",
        "port-forward svc/web 8080:https": "error: Service 'web' does not have a named port 'https'\n",
        "port-forward deploy/nope 80": 'Error from server (NotFound): deployments.apps "nope" not found\n',
        "port-forward cm/kube-root-ca.crt 80":
            "error: cannot attach to *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n",
        "port-forward svc/kubernetes 443":
            "error: cannot attach to *v1.Service: invalid service 'kubernetes': Service is defined without a selector\n",
    }
    for command, stderr in cases.items():
        r = c.kubectl(command)
        assert (r.stdout, r.stderr, r.exit_code) == ("", stderr, 1), command
    assert c.workstation.listeners == {}


def test_port_forward_pending_pod_privileged_and_busy_ports(c):
    c.apply("""{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "waiting"},
                "spec": {"nodeSelector": {"disk": "ssd"}, "containers": [{"name": "c", "image": "nginx"}]}}""")
    r = c.kubectl("port-forward waiting 8080:80")
    assert r.stderr == "error: unable to forward port because pod is not running. Current status=Pending\n"
    name = pod_names(c)[0]
    r = c.kubectl(f"port-forward {name} 80")
    assert (r.stdout, r.exit_code) == ("", 1)
    assert r.stderr == (
        "Unable to listen on port 80: Listeners failed to create with the following errors: [unable to create "
        "listener: Error listen tcp4 127.0.0.1:80: bind: permission denied unable to create listener: Error "
        "listen tcp6 [::1]:80: bind: permission denied]\n"
        "error: unable to listen on any of the requested ports: [{80 80}]\n")
    c.kubectl(f"port-forward {name} 8080:80")
    r = c.kubectl(f"port-forward {name} 8080:80 8081:80")  # one port listens: kubectl runs
    assert r.stdout == FORWARDING.format(8081, 80) and r.exit_code == 0
    assert r.stderr.startswith("Unable to listen on port 8080: Listeners failed to create with the following "
                               "errors: [unable to create listener: Error listen tcp4 127.0.0.1:8080: bind: "
                               "address already in use ")


def test_a_refused_connection_ends_the_forward(c):
    name = pod_names(c)[0]
    c.kubectl(f"port-forward {name} 8080:81")
    r = c.curl("localhost:8080")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "curl: (52) Empty reply from server\n", 52)
    lines = c.workstation.output().splitlines()
    assert lines[0] == "Handling connection for 8080"
    assert lines[1].startswith("E0101 00:00:") and '       1 portforward.go:424] "Unhandled Error" err="an error ' \
        'occurred forwarding 8080 -> 81: error forwarding port 81 to pod ' in lines[1]
    assert 'IPv4: dial tcp4 127.0.0.1:81: connect: connection refused IPv6 dial tcp6: address localhost: ' \
           'no suitable address found "' in lines[1]
    assert lines[2:] == ["error: lost connection to pod"]
    r = c.curl("localhost:8080")
    assert r.stderr == "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n"


def test_the_forward_ends_when_its_node_fails(c):
    name = pod_names(c)[0]
    c.kubectl(f"port-forward {name} 8080:80")
    c.fail_node(c.api.get("pods", name)["spec"]["nodeName"])
    r = c.curl("localhost:8080")
    assert r.exit_code == 7 and c.workstation.output() == "error: lost connection to pod\n"
    r = c.kubectl(f"port-forward {name} 8080:80")
    assert r.stderr == "error: error upgrading connection: error dialing backend: dial tcp 172.18.0.3:10250: " \
                       "connect: connection refused\n"


def test_the_forward_ends_when_its_pod_goes_away(c):
    name = pod_names(c)[0]
    c.kubectl(f"port-forward {name} 8080:80")
    c.kubectl(f"delete pod {name}")
    assert c.workstation.output() == "error: lost connection to pod\n"
    assert c.curl("-s localhost:8080").exit_code == 7


def test_proxy_serves_the_api(c):
    r = c.kubectl("proxy")
    assert (r.stdout, r.stderr, r.exit_code) == ("Starting to serve on 127.0.0.1:8001\n", "", 0)
    r = c.curl("-s http://127.0.0.1:8001/api/v1/namespaces/default/pods")
    pods = json.loads(r.stdout)
    assert r.stdout.startswith('{\n  "kind": "PodList",\n  "apiVersion": "v1",\n  "metadata": {\n')
    assert sorted(p["metadata"]["name"] for p in pods["items"]) == sorted(pod_names(c))
    assert "kind" not in pods["items"][0] and list(pods["items"][0]["metadata"])[:3] == ["name", "generateName",
                                                                                          "namespace"]
    r = c.curl("-s localhost:8001/api/v1/namespaces/default/pods?labelSelector=app%3Dnope")
    assert json.loads(r.stdout)["items"] == []
    r = c.curl("-s -o /dev/null -w %{http_code} localhost:8001/api/v1/namespaces/default/pods/nope")
    assert r.stdout == "404"
    assert c.curl("-s localhost:8001/api/v1/namespaces/default/pods/nope").stdout == """{
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {},
  "status": "Failure",
  "message": "pods \\"nope\\" not found",
  "reason": "NotFound",
  "details": {
    "name": "nope",
    "kind": "pods"
  },
  "code": 404
}
"""
    version = json.loads(c.curl("-s localhost:8001/version").stdout)
    assert version["gitVersion"] == "v1.32.0"
    assert json.loads(c.curl("-s localhost:8001/apis/apps/v1/namespaces/default/deployments/web").stdout)[
        "spec"]["replicas"] == 2
    r = c.curl("-s -H 'User-Agent: kubectl' localhost:8001/api")
    assert r.stdout == '{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":' \
                       '"0.0.0.0/0","serverAddress":"172.18.0.2:6443"}]}\n'


def test_proxy_reaches_a_service_through_the_apiserver(c):
    c.kubectl("proxy")
    r = c.curl("-s localhost:8001/api/v1/namespaces/default/services/web:web/proxy/")
    assert TITLE in r.stdout
    assert TITLE in c.curl("-s localhost:8001/api/v1/namespaces/default/services/web:8000/proxy/").stdout
    # no port given: only an unnamed Service port would match, and this one is named "web"
    r = c.curl("-s localhost:8001/api/v1/namespaces/default/services/web/proxy/")
    assert r.stdout == '{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  ' \
                       '"message": "no endpoints available for service \\"web\\"",\n  "reason": "ServiceUnavailable",\n' \
                       '  "code": 503\n}\n'
    r = c.curl("-s localhost:8001/api/v1/namespaces/default/services/web:80/proxy/")
    assert json.loads(r.stdout)["message"] == 'no service port 80 found for service "web"'
    r = c.curl("-s localhost:8001/api/v1/namespaces/default/services/kube-dns:dns-tcp/proxy/")
    assert r.exit_code == 0  # CoreDNS answers no HTTP: the apiserver reports the failed request
    c.kubectl("scale deploy web --replicas=0")
    c.advance(40)
    r = c.curl("-s localhost:8001/api/v1/namespaces/default/services/web:web/proxy/")
    assert json.loads(r.stdout)["message"] == 'no endpoints available for service "web"'
    assert json.loads(r.stdout)["code"] == 503


def test_proxy_filter_prefix_and_listen_errors(c):
    c.kubectl("proxy")
    assert c.curl("-s -H 'Host: evil.example' localhost:8001/api").stdout == "Forbidden\n"
    assert c.curl("-s localhost:8001/api/v1/namespaces/default/pods/x/exec").stdout == "Forbidden\n"
    r = c.kubectl("proxy")
    assert (r.stdout, r.stderr) == ("", "error: listen tcp 127.0.0.1:8001: bind: address already in use\n")
    assert c.kubectl("proxy --port=80").stderr == "error: listen tcp 127.0.0.1:80: bind: permission denied\n"
    assert c.kubectl("proxy --address=10.1.1.1 --port=9999").stderr == \
        "error: listen tcp 10.1.1.1:9999: bind: cannot assign requested address\n"
    assert c.kubectl("proxy --port=8011 --api-prefix=/k8s-api").stdout == "Starting to serve on 127.0.0.1:8011\n"
    assert json.loads(c.curl("-s localhost:8011/k8s-api/api/v1/namespaces/default/services/web").stdout)[
        "metadata"]["name"] == "web"
    assert c.curl("-s localhost:8011/api").stdout == "404 page not found\n"
    r = c.kubectl("proxy --port=8012 --disable-filter")
    assert r.stdout == "Starting to serve on 127.0.0.1:8012\n"
    assert r.stderr.endswith(" proxy.go:177] Request filter disabled, your proxy is vulnerable to XSRF attacks, "
                             "please be cautious\n") and r.stderr.startswith("W0101 ")
    assert c.curl("-s -H 'Host: evil.example' localhost:8012/healthz").stdout == "ok"


def test_kubectl_cell_with_port_forward_and_curl(c):
    name = pod_names(c)[0]
    out, err = io.StringIO(), io.StringIO()
    run_script(c, f"kubectl port-forward {name} 8080:80\ncurl -s localhost:8080 -o /dev/null -w '%{{http_code}}\\n'\n"
                  "wget -qO- localhost:8080\n", out, err)
    text = out.getvalue()
    assert text.startswith(FORWARDING.format(8080, 80) + "Handling connection for 8080\n200\n"
                           "Handling connection for 8080\n<!DOCTYPE html>")
    assert err.getvalue() == ""


def test_shell_runs_curl_on_the_workstation(c):
    out, err = io.StringIO(), io.StringIO()
    assert run_line(c, "kubectl proxy --port 8002", out, err)
    assert run_line(c, "curl -s localhost:8002/healthz", out, err)
    assert run_line(c, "curl localhost:1234", out, err)
    assert out.getvalue() == "Starting to serve on 127.0.0.1:8002\nok"
    assert err.getvalue() == "curl: (7) Failed to connect to localhost port 1234 after 0 ms: Couldn't connect to server\n"


def test_help_texts_are_real_kubectls():
    c = Cluster(wait=False)
    assert c.kubectl("port-forward --help").stdout.startswith(
        "Forward one or more local ports to a pod.\n\n Use resource type/name such as deployment/mydeployment")
    assert "kubectl port-forward pod/mypod 8888:5000" in c.kubectl("port-forward -h").stdout
    text = c.kubectl("proxy --help").stdout
    assert text.startswith("Creates a proxy server or application-level gateway between localhost and the "
                           "Kubernetes API server.")
    assert "    -p, --port=8001:\n\tThe port on which to run the proxy. Set to 0 to pick a random port.\n" in text


def test_curl_verbose_through_a_forward_and_background_ampersand(c):
    name = pod_names(c)[0]
    out, err = io.StringIO(), io.StringIO()
    run_script(c, f"kubectl port-forward pod/{name} 8080:80 &\n", out, err)
    assert out.getvalue() == FORWARDING.format(8080, 80)
    r = c.curl("-sv localhost:8080")
    assert r.stderr.startswith("*   Trying 127.0.0.1:8080...\n* Connected to localhost (127.0.0.1) port 8080 (#0)\n"
                               "> GET / HTTP/1.1\r\n> Host: localhost:8080\r\n> User-Agent: curl/7.88.1\r\n"
                               "> Accept: */*\r\n> \r\n< HTTP/1.1 200 OK\r\n< Server: nginx/1.27.3\r\n")
    assert r.stderr.endswith("< \r\n* Connection #0 to host localhost left intact\n") and TITLE in r.stdout
    r = c.curl("-v localhost:9999")
    assert r.stderr == (
        "*   Trying 127.0.0.1:9999...\n* connect to 127.0.0.1 port 9999 failed: Connection refused\n"
        "*   Trying [::1]:9999...\n* connect to ::1 port 9999 failed: Connection refused\n"
        "* Failed to connect to localhost port 9999 after 0 ms: Couldn't connect to server\n* Closing connection 0\n"
        "curl: (7) Failed to connect to localhost port 9999 after 0 ms: Couldn't connect to server\n")
    out, err = io.StringIO(), io.StringIO()
    assert run_line(c, "kubectl proxy --port=8003 &", out, err)
    # the forward's line for the earlier curl shows when the terminal next prints
    assert out.getvalue() == "Handling connection for 8080\nStarting to serve on 127.0.0.1:8003\n"


def test_traces_of_forwarded_and_proxied_ports(c):
    name = pod_names(c)[0]
    c.kubectl(f"port-forward pod/{name} 8080:80")
    c.kubectl("proxy")
    text = str(c.workstation.trace("http://localhost:8080/"))
    node = c.api.get("pods", name)["spec"]["nodeName"]
    assert text.splitlines()[1:] == [
        "  1  workstation                              local 127.0.0.1 dev lo table local",
        "  2  workstation                              accepted by kubectl port-forward on port 8080",
        f"  3  workstation                              kubectl port-forward: pods/{name}/portforward: TLS to the "
        "apiserver https://172.18.0.2:6443 (the kubeconfig's server)",
        "  4  network/172.18.0.0/16                    172.18.0.2 is control-plane's eth0",
        "  5  node/control-plane/eth0                  kube-apiserver (hostNetwork) accepts on port 6443",
        f"  6  node/{node}/eth0                       kube-apiserver -> kubelet on {node}:10250: stream for port 80",
        f"  7  {'pod/default/' + name:<40} local: 127.0.0.0/8 dev lo (the pod's network namespace)",
        f"  8  {'pod/default/' + name:<40} accepted by container nginx on port 80",
        "     delivered"]
    assert str(c.workstation.trace("localhost:8001")).endswith(
        "  5  node/control-plane/eth0                  kube-apiserver (hostNetwork) accepts on port 6443\n"
        "     delivered\n")
    assert str(c.workstation.trace("localhost:8002")).endswith(
        "nothing listens on 127.0.0.1:8002: RST\n     refused\n")


def test_proxy_passes_writes_to_the_api(c):
    c.kubectl("proxy")
    url = "localhost:8001/api/v1/namespaces/default/configmaps"
    cm = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "demo"}, "data": {"a": "b"}}'
    r = c.curl(["-s", "-H", "Content-Type: application/json", "-d", cm, url, "-o", "/dev/null", "-w", "%{http_code}"])
    assert r.stdout == "201" and c.api.get("configmaps", "demo")["data"] == {"a": "b"}
    r = c.curl(["-s", "-d", cm, url])  # curl -d sends a form unless told otherwise
    assert json.loads(r.stdout) == {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": "the body of the request was in an unknown format - accepted media types include: "
                   "application/json, application/yaml, application/vnd.kubernetes.protobuf",
        "reason": "UnsupportedMediaType", "code": 415}
    r = c.curl(["-s", "-X", "PATCH", "-H", "Content-Type: application/merge-patch+json", "-d", '{"data": {"a": "c"}}',
                f"{url}/demo"])
    assert json.loads(r.stdout)["data"] == {"a": "c"}
    uid = c.api.get("configmaps", "demo")["metadata"]["uid"]
    r = c.curl(["-s", "-X", "DELETE", f"{url}/demo"])
    assert json.loads(r.stdout) == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                                    "details": {"name": "demo", "kind": "configmaps", "uid": uid}}
    name = pod_names(c)[0]
    r = c.curl(["-s", "-X", "DELETE", f"localhost:8001/api/v1/namespaces/default/pods/{name}"])
    assert json.loads(r.stdout)["metadata"]["deletionTimestamp"]  # a pod answers with itself, terminating


def test_proxy_watch_streams_the_current_objects(c):
    c.kubectl("proxy")
    r = c.curl("-s localhost:8001/api/v1/namespaces/default/pods?watch=true")
    events = [json.loads(line) for line in r.stdout.splitlines()]
    assert [e["type"] for e in events] == ["ADDED", "ADDED"]
    assert sorted(e["object"]["metadata"]["name"] for e in events) == sorted(pod_names(c))
    assert events[0]["object"]["kind"] == "Pod" and r.stdout.startswith('{"type":"ADDED","object":{"kind":"Pod",')


def test_proxy_listen_addresses_as_go_reports_them(c):
    # (outputs of the real kubectl v1.32 proxy, run without a cluster)
    assert c.kubectl("proxy --address=0.0.0.0 --port=8020").stdout == "Starting to serve on [::]:8020\n"
    assert c.kubectl("proxy --address=localhost --port=8021").stdout == "Starting to serve on 127.0.0.1:8021\n"
    assert c.kubectl("proxy --address=::1 --port=8022").stderr == \
        "error: listen tcp: address ::1:8022: too many colons in address\n"
    assert c.kubectl("proxy --port=70000").stderr == "error: listen tcp: address 70000: invalid port\n"
    assert c.kubectl("proxy --address=nosuch.invalid").stderr == \
        "error: listen tcp: lookup nosuch.invalid on 127.0.0.53:53: no such host\n"
    r = c.curl("-si -H 'Host: evil.example' localhost:8021/api")
    assert r.stdout == ("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        "X-Content-Type-Options: nosniff\r\nDate: Wed, 01 Jan 2025 00:00:47 GMT\r\n"
                        "Content-Length: 10\r\n\r\nForbidden\n")
