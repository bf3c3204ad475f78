"""The ingress-nginx add-on: installed as deploy.yaml would, it routes HTTP by Ingress host and path rules to
ready endpoints, answers 404/503 as nginx does, publishes its address in the Ingress status and shows its
decision in traces."""
import pytest

from engine import Cluster
from engine.bootstrap import ingress_nginx

APPS = """
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers: [{name: web, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: echo, labels: {app: echo}}
spec:
  containers: [{name: echo, image: hashicorp/http-echo, args: ["-text=hello from echo"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: api, labels: {app: api}}
spec:
  containers: [{name: api, image: hashicorp/http-echo, args: ["-text=api"]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: echo}
spec: {selector: {app: echo}, ports: [{port: 8080, targetPort: 5678}]}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec: {selector: {app: api}, ports: [{port: 80, targetPort: 5678}]}
---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec: {selector: {app: nothing}, ports: [{port: 80}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: demo}
spec:
  ingressClassName: nginx
  rules:
  - host: web.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
      - {path: /echo, pathType: Prefix, backend: {service: {name: echo, port: {number: 8080}}}}
      - {path: /echo/deep, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
      - {path: /exact, pathType: Exact, backend: {service: {name: echo, port: {number: 8080}}}}
      - {path: /impl, pathType: ImplementationSpecific, backend: {service: {name: api, port: {number: 80}}}}
      - {path: /empty, pathType: Prefix, backend: {service: {name: empty, port: {number: 80}}}}
  - host: "*.apps.example.com"
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: echo, port: {number: 8080}}}}
"""

NOT_FOUND = ("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"
             "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
UNAVAILABLE = ("<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
               "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n"
               "</body>\r\n</html>\r\n")


def build(manifest=APPS):
    c = Cluster(workers=2)
    ingress_nginx.install(c)
    c.apply(manifest)
    c.kubectl("run curl --image=curlimages/curl -- sleep 3600")
    c.advance(20)
    return c


def lb_ip(c):
    return c.api.get("services", "ingress-nginx-controller", "ingress-nginx")["status"]["loadBalancer"]["ingress"][0]["ip"]


def controller_pod(c):
    return c.api.list("pods", namespace="ingress-nginx",
                      label_selector="app.kubernetes.io/component=controller")["items"][0]


def curl(c, path, host=None, flags="-s"):
    header = f" -H 'Host: {host}'" if host else ""
    return c.kubectl(f"exec curl -- curl {flags}{header} http://{lb_ip(c)}{path}")


@pytest.fixture(scope="module")
def cluster():
    return build()


def test_installed_as_deploy_yaml_applies_it():
    c = Cluster(workers=1)
    result = ingress_nginx.install(c)
    assert result.stdout == (
        "namespace/ingress-nginx created\nserviceaccount/ingress-nginx created\n"
        "serviceaccount/ingress-nginx-admission created\nrole.rbac.authorization.k8s.io/ingress-nginx created\n"
        "role.rbac.authorization.k8s.io/ingress-nginx-admission created\n"
        "clusterrole.rbac.authorization.k8s.io/ingress-nginx created\n"
        "clusterrole.rbac.authorization.k8s.io/ingress-nginx-admission created\n"
        "rolebinding.rbac.authorization.k8s.io/ingress-nginx created\n"
        "rolebinding.rbac.authorization.k8s.io/ingress-nginx-admission created\n"
        "clusterrolebinding.rbac.authorization.k8s.io/ingress-nginx created\n"
        "clusterrolebinding.rbac.authorization.k8s.io/ingress-nginx-admission created\n"
        "configmap/ingress-nginx-controller created\nservice/ingress-nginx-controller created\n"
        "service/ingress-nginx-controller-admission created\ndeployment.apps/ingress-nginx-controller created\n"
        "job.batch/ingress-nginx-admission-create created\njob.batch/ingress-nginx-admission-patch created\n"
        "ingressclass.networking.k8s.io/nginx created\n"
        "validatingwebhookconfiguration.admissionregistration.k8s.io/ingress-nginx-admission created\n")
    assert c.now == 48  # the certgen Jobs make the Secret the controller mounts, then it pulls, starts, is Ready
    pods = [line.split()[:3] for line in c.kubectl("get pods -n ingress-nginx").stdout.splitlines()[1:]]
    assert [(name.rsplit("-", 1)[0], ready, status) for name, ready, status in pods] == [
        ("ingress-nginx-admission-create", "0/1", "Completed"), ("ingress-nginx-admission-patch", "0/1", "Completed"),
        (pods[2][0].rsplit("-", 1)[0], "1/1", "Running")]
    assert pods[2][0].startswith("ingress-nginx-controller-")
    assert c.kubectl("logs -n ingress-nginx job/ingress-nginx-admission-create").stdout == (
        '{"err":"secrets \\"ingress-nginx-admission\\" not found","level":"info","msg":"no secret found",'
        '"source":"k8s/k8s.go:229","time":"2025-01-01T00:00:29Z"}\n'
        '{"level":"info","msg":"creating new secret","source":"cmd/create.go:28","time":"2025-01-01T00:00:29Z"}\n')
    secret = c.api.get("secrets", "ingress-nginx-admission", "ingress-nginx")
    hook = c.api.get("validatingwebhookconfigurations", "ingress-nginx-admission")["webhooks"][0]
    assert sorted(secret["data"]) == ["ca", "cert", "key"] and hook["clientConfig"]["caBundle"] == secret["data"]["ca"]
    assert c.kubectl("get ingressclass").stdout == (
        "NAME    CONTROLLER             PARAMETERS   AGE\n"
        "nginx   k8s.io/ingress-nginx   <none>       21s\n")
    svc = c.kubectl("get svc -n ingress-nginx").stdout.splitlines()
    assert svc[0].split() == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
    assert svc[1].split()[:4] == ["ingress-nginx-controller", "LoadBalancer", svc[1].split()[2], "172.18.255.200"]
    pod = controller_pod(c)
    assert pod["spec"]["containers"][0]["image"] == ingress_nginx.IMAGE
    assert pod["status"]["containerStatuses"][0]["ready"] is True
    assert pod["status"]["containerStatuses"][0]["imageID"] == (
        "registry.k8s.io/ingress-nginx/controller@sha256:e6b8de175acda6ca913891f0f727bca4527e797d52688cbe9fec9040d6f6b6fa")
    assert c.kubectl("logs -n ingress-nginx deploy/ingress-nginx-controller").stdout == (
        "-------------------------------------------------------------------------------\n"
        "NGINX Ingress controller\n  Release:       v1.12.0\n  Build:         8ee4384\n"
        "  Repository:    https://github.com/kubernetes/ingress-nginx\n  nginx version: nginx/1.25.5\n\n"
        "-------------------------------------------------------------------------------\n\n")


def test_routes_by_host_and_path(cluster):
    c = cluster
    assert "<title>Welcome to nginx!</title>" in curl(c, "/", "web.example.com").stdout
    assert curl(c, "/echo", "web.example.com").stdout == "hello from echo\n"
    assert curl(c, "/echo/", "web.example.com").stdout == "hello from echo\n"
    assert curl(c, "/echo/deep/x", "web.example.com").stdout == "api\n"  # the longest prefix wins
    assert "404 Not Found" in curl(c, "/echoes", "web.example.com").stdout  # Prefix matches whole segments: "/" -> nginx
    assert "nginx/1.27" in curl(c, "/echoes", "web.example.com").stdout  # ... so the web pod's own 404 page
    assert curl(c, "/exact", "web.example.com").stdout == "hello from echo\n"
    assert "nginx/1.27" in curl(c, "/exact/more", "web.example.com").stdout  # Exact: only /exact itself
    assert curl(c, "/implementation", "web.example.com").stdout == "api\n"  # nginx's string prefix
    assert curl(c, "/x", "shop.apps.example.com").stdout == "hello from echo\n"  # *.apps.example.com
    assert curl(c, "/", "WEB.example.com:80").stdout.startswith("<!DOCTYPE html>")  # case and port ignored


def test_no_rule_is_the_default_backend_404(cluster):
    c = cluster
    result = curl(c, "/", "unknown.example.com", "-si")
    head, _, body = result.stdout.partition("\r\n\r\n")
    assert head.splitlines()[0] == "HTTP/1.1 404 Not Found"
    assert "Server:" not in head  # more_clear_headers Server
    assert body == NOT_FOUND
    assert curl(c, "/").stdout == NOT_FOUND  # the address itself as Host: the catch-all server
    assert curl(c, "/", "apps.example.com").stdout == NOT_FOUND  # *.apps.example.com needs a label before it


def test_backend_without_endpoints_is_503(cluster):
    result = curl(cluster, "/empty", "web.example.com", "-si")
    assert result.stdout.split("\r\n")[0] == "HTTP/1.1 503 Service Temporarily Unavailable"
    assert result.stdout.partition("\r\n\r\n")[2] == UNAVAILABLE


def test_backend_sees_the_original_host_and_the_controller_as_client(cluster):
    c = cluster
    curl(c, "/", "web.example.com")
    log = c.kubectl("logs web").stdout.splitlines()[-1]
    controller_ip = controller_pod(c)["status"]["podIP"]
    client_ip = c.api.get("pods", "curl")["status"]["podIP"]
    assert log.startswith(f"{controller_ip} - - [")
    assert log.endswith(f'"GET / HTTP/1.1" 200 615 "-" "curl/7.88.1" "{client_ip}"')


def test_address_and_sync_events():
    c = Cluster(workers=1)
    ingress_nginx.install(c)
    c.apply("""
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: site}
spec:
  ingressClassName: nginx
  rules:
  - host: site.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: site, port: {number: 80}}}}
""")
    assert c.kubectl("get ingress").stdout == (
        "NAME   CLASS   HOSTS              ADDRESS   PORTS   AGE\n"
        "site   nginx   site.example.com             80      0s\n")
    c.advance(60)  # the leader's status sync runs every 60 s
    assert c.kubectl("get ingress").stdout == (
        "NAME   CLASS   HOSTS              ADDRESS          PORTS   AGE\n"
        "site   nginx   site.example.com   172.18.255.200   80      60s\n")
    assert c.api.get("ingresses", "site")["status"] == {"loadBalancer": {"ingress": [{"ip": "172.18.255.200"}]}}
    events = c.kubectl("describe ingress site").stdout.split("Events:\n", 1)[1]
    lines = events.splitlines()
    assert lines[2].split(None, 3)[:2] == ["Normal", "Sync"]
    assert lines[2].endswith("nginx-ingress-controller  Scheduled for sync")
    assert "(x2 over 60s)" in lines[2]  # when it was added, and when its status changed


def test_ingress_of_another_class_or_without_class_is_not_served():
    c = build(APPS + """
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: other}
spec:
  ingressClassName: traefik
  rules:
  - host: other.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: echo, port: {number: 8080}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: classless}
spec:
  rules:
  - host: classless.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: echo, port: {number: 8080}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: annotated
  annotations: {kubernetes.io/ingress.class: nginx}
spec:
  rules:
  - host: annotated.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: echo, port: {number: 8080}}}}
""")
    assert curl(c, "/", "other.example.com").stdout == NOT_FOUND
    assert curl(c, "/", "classless.example.com").stdout == NOT_FOUND
    assert curl(c, "/", "annotated.example.com").stdout == "hello from echo\n"
    # marking the class as the default: the apiserver gives new Ingresses without a class that class
    c.kubectl("annotate ingressclass nginx ingressclass.kubernetes.io/is-default-class=true")
    c.apply("""
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: defaulted}
spec:
  rules:
  - host: defaulted.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: echo, port: {number: 8080}}}}
""")
    assert c.api.get("ingresses", "defaulted")["spec"]["ingressClassName"] == "nginx"
    assert curl(c, "/", "defaulted.example.com").stdout == "hello from echo\n"
    assert curl(c, "/", "classless.example.com").stdout == NOT_FOUND


def test_default_backend_of_an_ingress_catches_everything_else():
    c = build(APPS + """
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: fallback}
spec:
  ingressClassName: nginx
  defaultBackend:
    service: {name: api, port: {number: 80}}
""")
    assert curl(c, "/anything", "nobody.example.com").stdout == "api\n"
    assert curl(c, "/echo", "web.example.com").stdout == "hello from echo\n"


def test_trace_shows_the_ingress_decision(cluster):
    c = cluster
    trace = c.trace("curl", f"http://{lb_ip(c)}/echo/deep", headers={"Host": "web.example.com"})
    controller = controller_pod(c)["metadata"]["name"]
    api_ip = c.api.get("pods", "api")["status"]["podIP"]
    rules = [hop.rule for hop in trace.hops if hop.vertex == f"pod/ingress-nginx/{controller}"]
    assert rules[:3] == [
        "eth0 " + c.api.get("pods", controller, "ingress-nginx")["status"]["podIP"],
        "accepted by container controller on port 80",
        "ingress-nginx: host web.example.com (server web.example.com), path /echo/deep: location = /echo/deep "
        f"(Prefix of Ingress default/demo) -> Service default/api:80 -> endpoint {api_ip}:5678 (round robin)"]
    assert trace.delivered
    assert trace.path()[-1] == "pod/default/api"
    assert trace.hops[-1].rule == "accepted by container api on port 5678"
    missing = c.trace("curl", f"http://{lb_ip(c)}/nothing")
    assert missing.hops[-1].rule == ("ingress-nginx: host " + lb_ip(c) + " (server _), path /nothing: no Ingress rule "
                                     "matches, default backend: 404 Not Found")
    empty = c.trace("curl", f"http://{lb_ip(c)}/empty", headers={"Host": "web.example.com"})
    assert empty.hops[-1].rule == ("ingress-nginx: host web.example.com (server web.example.com), path /empty: "
                                   "location = /empty (Prefix of Ingress default/demo) -> Service default/empty has no "
                                   "ready endpoints: 503 Service Temporarily Unavailable")


def test_requests_fail_while_the_controller_pod_is_gone():
    c = build()
    assert curl(c, "/echo", "web.example.com").stdout == "hello from echo\n"
    pod = controller_pod(c)["metadata"]["name"]
    c.kubectl(f"delete pod -n ingress-nginx {pod} --wait=false")
    c.advance(1)
    failed = curl(c, "/echo", "web.example.com", "-sS")
    assert failed.exit_code == 7
    assert "curl: (7) Failed to connect to" in failed.stderr
    c.advance(30)  # the ReplicaSet's new pod: pulled, started, Ready after its probe's 10 s
    assert curl(c, "/echo", "web.example.com").stdout == "hello from echo\n"


def test_node_port_reaches_the_controller_only_on_its_node(cluster):
    """externalTrafficPolicy: Local (deploy.yaml's): the NodePort answers on the controller's node; another
    node drops what arrives from outside it (a pod's traffic to its own node's NodePort is short-circuited)."""
    c = cluster
    svc = c.api.get("services", "ingress-nginx-controller", "ingress-nginx")
    node_port = next(p["nodePort"] for p in svc["spec"]["ports"] if p["name"] == "http")
    here = controller_pod(c)["spec"]["nodeName"]
    ips = {n["metadata"]["name"]: next(a["address"] for a in n["status"]["addresses"] if a["type"] == "InternalIP")
           for n in c.api.list("nodes")["items"]}
    client = c.api.get("pods", "curl")["spec"]["nodeName"]
    other = next(name for name in sorted(ips) if name not in (here, client))
    through = c.trace("curl", f"http://{ips[here]}:{node_port}/echo", headers={"Host": "web.example.com"})
    assert through.delivered and through.path()[-1] == "pod/default/echo"
    assert any(hop.rule.startswith("ingress-nginx: host web.example.com") for hop in through.hops)
    dropped = c.trace("curl", f"http://{ips[other]}:{node_port}/echo", headers={"Host": "web.example.com"})
    assert dropped.outcome == "timeout"
    assert dropped.hops[-1].rule == f"kube-proxy: {ips[other]}:{node_port} has no local endpoints (DROP)"


def test_endpoints_take_turns_and_follow_readiness(cluster):
    c = cluster
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: rr-a, labels: {app: rr}}
spec:
  containers: [{name: echo, image: hashicorp/http-echo, args: ["-text=a"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: rr-b, labels: {app: rr}}
spec:
  containers: [{name: echo, image: hashicorp/http-echo, args: ["-text=b"]}]
---
apiVersion: v1
kind: Service
metadata: {name: rr}
spec: {selector: {app: rr}, ports: [{port: 80, targetPort: 5678}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: rr}
spec:
  ingressClassName: nginx
  rules:
  - host: rr.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: rr, port: {number: 80}}}}
""")
    c.advance(10)
    answers = [curl(c, "/", "rr.example.com").stdout for _ in range(4)]
    assert sorted(answers) == ["a\n", "a\n", "b\n", "b\n"] and answers[0] != answers[1]
    c.kubectl("delete pod rr-a --wait=false")
    c.advance(1)
    assert [curl(c, "/", "rr.example.com").stdout for _ in range(3)] == ["b\n"] * 3


def test_rewrite_target_makes_the_server_regex_and_replaces_the_uri(cluster):
    c = cluster
    c.apply("""
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rewrite
  annotations: {nginx.ingress.kubernetes.io/rewrite-target: /$2}
spec:
  ingressClassName: nginx
  rules:
  - host: rewrite.example.com
    http:
      paths:
      - {path: /site(/|$)(.*), pathType: ImplementationSpecific, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /echo, pathType: Prefix, backend: {service: {name: echo, port: {number: 8080}}}}
""")
    assert "<title>Welcome to nginx!</title>" in curl(c, "/SITE/index.html", "rewrite.example.com").stdout
    assert curl(c, "/echo/anything", "rewrite.example.com").stdout == "hello from echo\n"
    assert curl(c, "/elsewhere", "rewrite.example.com").stdout == NOT_FOUND
    log = c.kubectl("logs web").stdout.splitlines()[-1]
    assert '"GET /index.html HTTP/1.1" 200' in log  # what the backend saw
    trace = c.trace("curl", f"http://{lb_ip(c)}/site/index.html", headers={"Host": "rewrite.example.com"})
    assert any(hop.rule.startswith("ingress-nginx: host rewrite.example.com (server rewrite.example.com), path "
                                   '/site/index.html: location ~* "^/site(/|$)(.*)" (ImplementationSpecific of '
                                   "Ingress default/rewrite), rewrite to /index.html -> Service default/web:80")
               for hop in trace.hops)


def test_the_controller_logs_each_request_in_ingress_nginx_format(cluster):
    import re
    c = cluster
    client = c.api.get("pods", "curl")["status"]["podIP"]
    echo = c.api.get("pods", "echo")["status"]["podIP"]
    curl(c, "/echo", "web.example.com")
    curl(c, "/nowhere", "nobody.example.com")
    curl(c, "/empty", "web.example.com")
    pod = controller_pod(c)["metadata"]["name"]
    lines = c.kubectl(f"logs -n ingress-nginx {pod} --tail=3").stdout.splitlines()
    stamp, req_id = r"\[\d\d/Jan/2025:\d\d:\d\d:\d\d \+0000\]", r"[0-9a-f]{32}"
    expected = [
        rf'{client} - - {stamp} "GET /echo HTTP/1.1" 200 16 "-" "curl/7.88.1" 83 0\.00\d \[default-echo-8080\] \[\] '
        rf'{echo}:5678 16 0\.00\d 200 {req_id}',
        rf'{client} - - {stamp} "GET /nowhere HTTP/1.1" 404 146 "-" "curl/7.88.1" 89 0\.000 '
        rf'\[upstream-default-backend\] \[\] 127\.0\.0\.1:8181 146 0\.000 404 {req_id}',
        rf'{client} - - {stamp} "GET /empty HTTP/1.1" 503 190 "-" "curl/7.88.1" 84 0\.000 \[default-empty-80\] \[\] '
        rf'- - - - {req_id}']
    assert [bool(re.fullmatch(pattern, line)) for pattern, line in zip(expected, lines)] == [True] * 3, lines


def test_the_last_controller_going_away_empties_the_address_a_replaced_one_does_not():
    c = build()
    c.advance(60)
    address = "demo   nginx   web.example.com,*.apps.example.com   172.18.255.200   80"
    assert c.kubectl("get ingress demo").stdout.splitlines()[1].startswith(address)
    c.kubectl(f"delete pod -n ingress-nginx {controller_pod(c)['metadata']['name']} --wait=false")
    c.advance(30)  # a replacement pod existed while the old one shut down: the status stays
    assert c.kubectl("get ingress demo").stdout.splitlines()[1].startswith(address)
    c.kubectl("scale deployment -n ingress-nginx ingress-nginx-controller --replicas=0")
    c.advance(5)
    assert c.api.get("ingresses", "demo")["status"] == {"loadBalancer": {}}
    assert c.kubectl("get ingress demo").stdout.splitlines()[1].split() == [
        "demo", "nginx", "web.example.com,*.apps.example.com", "80", "115s"]
    c.kubectl("scale deployment -n ingress-nginx ingress-nginx-controller --replicas=1")
    c.advance(30)  # the new leader's first status sync
    assert c.kubectl("get ingress demo").stdout.splitlines()[1].startswith(address)
