"""The HorizontalPodAutoscaler walkthrough of the Kubernetes docs, end to end: registry.k8s.io/hpa-example spends
CPU on every request, a busybox wget loop loads it, the HPA scales the Deployment up and, once the load stops and
the five-minute stabilization window has passed, down again; containers' busy time is capped by their CPU limit."""
import pytest

from engine import Cluster

PHP_APACHE = "apply -f https://k8s.io/examples/application/php-apache.yaml"  # as the docs apply it
LOAD = 'run load-generator --image=busybox:1.28 --restart=Never -- /bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"'


@pytest.fixture(scope="module")
def walkthrough():
    c = Cluster(workers=2)
    c.kubectl(PHP_APACHE)
    c.advance(30)
    assert c.kubectl("autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10").stdout == \
        "horizontalpodautoscaler.autoscaling/php-apache autoscaled\n"
    c.advance(60)
    seen = {"idle": c.kubectl("get hpa").stdout}
    c.kubectl(LOAD)
    c.advance(60)
    seen["loaded"] = c.kubectl("get hpa").stdout
    c.advance(240)
    seen["steady"] = c.kubectl("get hpa").stdout
    seen["deployment"] = c.kubectl("get deployment php-apache").stdout
    c.kubectl("delete pod load-generator")
    c.advance(420)
    seen["after"] = c.kubectl("get hpa").stdout
    seen["events"] = c.kubectl("describe hpa php-apache").stdout.split("Events:\n", 1)[1]
    return c, seen


def test_the_load_scales_php_apache_up_and_its_end_scales_it_back_down(walkthrough):
    _, seen = walkthrough
    assert seen["idle"] == (
        "NAME         REFERENCE               TARGETS       MINPODS   MAXPODS   REPLICAS   AGE\n"
        "php-apache   Deployment/php-apache   cpu: 0%/50%   1         10        1          60s\n")
    assert seen["loaded"] == (
        "NAME         REFERENCE               TARGETS        MINPODS   MAXPODS   REPLICAS   AGE\n"
        "php-apache   Deployment/php-apache   cpu: 67%/50%   1         10        5          2m\n")
    assert seen["steady"] == (
        "NAME         REFERENCE               TARGETS        MINPODS   MAXPODS   REPLICAS   AGE\n"
        "php-apache   Deployment/php-apache   cpu: 48%/50%   1         10        5          6m\n")
    assert seen["deployment"] == (
        "NAME         READY   UP-TO-DATE   AVAILABLE   AGE\n"
        "php-apache   5/5     5            5           6m30s\n")
    assert seen["after"] == (
        "NAME         REFERENCE               TARGETS       MINPODS   MAXPODS   REPLICAS   AGE\n"
        "php-apache   Deployment/php-apache   cpu: 0%/50%   1         10        1          13m\n")
    assert seen["events"] == (
        "  Type    Reason             Age   From                       Message\n"
        "  ----    ------             ----  ----                       -------\n"
        "  Normal  SuccessfulRescale  12m   horizontal-pod-autoscaler  New size: 4; reason: cpu resource utilization "
        "(percentage of request) above target\n"
        "  Normal  SuccessfulRescale  11m   horizontal-pod-autoscaler  New size: 5; reason: cpu resource utilization "
        "(percentage of request) above target\n"
        "  Normal  SuccessfulRescale  2m1s  horizontal-pod-autoscaler  New size: 4; reason: All metrics below target\n"
        "  Normal  SuccessfulRescale  106s  horizontal-pod-autoscaler  New size: 1; reason: All metrics below target\n")


def test_php_apache_answers_ok_and_logs_as_debian_apache_does():
    c = Cluster(workers=1)
    c.kubectl(PHP_APACHE)
    c.kubectl("run client --image=busybox:1.36 --restart=Never -- sleep 3600")
    c.advance(30)
    r = c.kubectl("exec client -- wget -q -O- http://php-apache")
    assert (r.stdout, r.stderr) == ("OK!", "")
    r = c.kubectl("exec client -- wget -O- http://php-apache/nope")
    assert r.stderr.endswith("wget: server returned error: HTTP/1.1 404 Not Found\ncommand terminated with exit code 1\n")
    pod = c.api.list("pods", "default", label_selector="run=php-apache")["items"][0]
    ip, client_ip = pod["status"]["podIP"], c.api.get("pods", "client", "default")["status"]["podIP"]
    logs = c.kubectl("logs deploy/php-apache").stdout.splitlines()
    fqdn = (f"AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using {ip}. "
            "Set the 'ServerName' directive globally to suppress this message")
    assert logs[:2] == [fqdn, fqdn]
    assert logs[2].endswith("] [mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.10 (Debian) PHP/5.6.19 configured -- "
                            "resuming normal operations")
    assert logs[3].endswith("] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'")
    # the combined log format; %O counts the headers Apache sent (Date, Server, X-Powered-By, Content-Length,
    # Connection, Content-Type) and the body
    assert logs[4].startswith(f'{client_ip} - - [') and logs[4].endswith('] "GET / HTTP/1.1" 200 195 "-" "Wget"')
    assert logs[5].endswith('] "GET /nope HTTP/1.1" 404 458 "-" "Wget"')


def test_a_request_takes_the_cpu_time_the_limit_allows():
    c = Cluster(workers=1)
    c.kubectl(PHP_APACHE)
    c.kubectl("run client --image=busybox:1.36 --restart=Never -- sleep 3600")
    c.advance(30)
    start = c.now  # 0.2 CPU seconds of PHP at the 500m limit take 0.4 s; two requests back to back 0.8 s
    assert c.kubectl("exec client -- wget -q -O /dev/null http://php-apache").exit_code == 0
    assert c.now - start == pytest.approx(0.4, abs=0.01)
    c.kubectl("exec client -- sh -c 'wget -q -O /dev/null http://php-apache; wget -q -O /dev/null http://php-apache'")
    assert c.now - start == pytest.approx(1.2, abs=0.02)


def test_a_cpu_limit_throttles_a_container_that_wants_more():
    """The docs' cpu-demo: vish/stress asks for 2 CPUs under a limit of 1, and gets 1."""
    c = Cluster(workers=1)
    c.apply("""\
apiVersion: v1
kind: Pod
metadata:
  name: cpu-demo
spec:
  containers:
  - name: cpu-demo-ctr
    image: vish/stress
    resources:
      limits:
        cpu: "1"
      requests:
        cpu: "0.5"
    args:
    - -cpus
    - "2"
""")
    c.advance(90)
    assert c.kubectl("top pod cpu-demo").stdout == (
        "NAME       CPU(cores)   MEMORY(bytes)   \n"
        "cpu-demo   1000m        1Mi             \n")
