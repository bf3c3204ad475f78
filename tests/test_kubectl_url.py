"""`kubectl -f URL`: manifests fetched from the workstation through the simulated internet (GitHub's release
redirects, k8s.io's move to kubernetes.io), and kubectl v1.32's words when the fetch fails."""
import pytest

from engine import Cluster
from engine.bootstrap import ingress_nginx

FLANNEL_LATEST = "https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml"
FLANNEL = "https://github.com/flannel-io/flannel/releases/download/v0.26.1/kube-flannel.yml"
PHP_APACHE = "https://k8s.io/examples/application/php-apache.yaml"
FLANNEL_CREATED = """\
namespace/kube-flannel created
clusterrole.rbac.authorization.k8s.io/flannel created
clusterrolebinding.rbac.authorization.k8s.io/flannel created
serviceaccount/flannel created
configmap/kube-flannel-cfg created
daemonset.apps/kube-flannel-ds created
"""


@pytest.fixture(scope="module")
def c():
    return Cluster(workers=1)


def test_apply_the_flannel_release_url_on_a_cluster_without_a_pod_network():
    c = Cluster(workers=1, addons=False, wait=False)
    r = c.kubectl(f"apply -f {FLANNEL_LATEST}")
    assert (r.stdout, r.stderr, r.exit_code) == (FLANNEL_CREATED, "", 0)
    c.advance(30)
    assert c.kubectl("get ds -n kube-flannel").stdout == """\
NAME              DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
kube-flannel-ds   2         2         2       2            2           <none>          30s
"""


def test_get_and_delete_by_url_follow_k8s_io_to_kubernetes_io(c):
    r = c.kubectl(f"apply -f {PHP_APACHE}")
    assert r.stdout == "deployment.apps/php-apache created\nservice/php-apache created\n"
    c.advance(10)
    r = c.kubectl(f"get -f {PHP_APACHE}")
    assert r.stdout == """\
NAME                         READY   UP-TO-DATE   AVAILABLE   AGE
deployment.apps/php-apache   1/1     1            1           10s

NAME                 TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE
service/php-apache   ClusterIP   10.110.4.152   <none>        80/TCP    10s
""" and r.exit_code == 0
    r = c.kubectl("delete -f http://k8s.io/examples/application/php-apache.yaml")
    assert (r.stdout, r.stderr) == ('deployment.apps "php-apache" deleted\nservice "php-apache" deleted\n', "")


def test_the_redirects_as_curl_shows_them(c):
    r = c.curl("-sIL http://k8s.io/examples/application/php-apache.yaml")
    assert [line for line in r.stdout.splitlines() if line.startswith(("HTTP/", "Location"))] == [
        "HTTP/1.1 301 Moved Permanently", "Location: https://k8s.io/examples/application/php-apache.yaml",
        "HTTP/1.1 301 Moved Permanently", "Location: https://kubernetes.io/examples/application/php-apache.yaml",
        "HTTP/1.1 200 OK"]
    r = c.curl(f"-sI {FLANNEL_LATEST}")
    assert r.stdout.splitlines()[0] == "HTTP/1.1 302 Found" and f"Location: {FLANNEL}" in r.stdout.splitlines()


def test_an_unknown_host_is_tried_three_times_a_second_apart(c):
    start = c.now
    r = c.kubectl("apply -f https://raw.githubusercontnet.com/x/deploy.yaml")
    assert (r.stdout, r.exit_code) == ("", 1)
    assert r.stderr == "Unable to connect to the server: dial tcp: lookup raw.githubusercontnet.com on " \
                       "127.0.0.53:53: no such host\n"
    assert c.now - start == 2


def test_a_404_is_not_retried():
    c = Cluster(workers=1, wait=False)
    r = c.kubectl("create -f https://github.com/flannel-io/flannel/releases/download/v0.99.0/kube-flannel.yml")
    assert (r.stdout, r.stderr, r.exit_code) == ("", 'error: unable to read URL "https://github.com/flannel-io/flannel/'
                                                     'releases/download/v0.99.0/kube-flannel.yml", server reported 404 '
                                                     "Not Found, status code=404\n", 1)
    assert c.now < 0.1


def test_a_5xx_answer_is_retried(c):
    c.kubectl("create service clusterip empty --tcp=80")
    assert c.kubectl("proxy --port=8006").exit_code == 0
    url = "http://localhost:8006/api/v1/namespaces/default/services/empty:80/proxy/app.yaml"
    start = c.now
    r = c.kubectl(f"apply -f {url}")
    assert r.stderr == f'error: unable to read URL "{url}", server reported 503 Service Unavailable, status code=503\n'
    assert round(c.now - start, 3) == 2
    r = c.kubectl("apply -f https://localhost:8006/healthz")
    assert r.stderr == "Unable to connect to the server: http: server gave HTTP response to HTTPS client\n"
    c.workstation.stop_all()
    r = c.kubectl("get -f http://localhost:8006/healthz")
    assert r.stderr == "The connection to the server localhost:8006 was refused - did you specify the right host " \
                       "or port?\n"


def test_urls_mix_with_files_and_r_means_nothing_to_them(c, tmp_path):
    (tmp_path / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\n")
    missing = "https://k8s.io/examples/pods/nothing.yaml"
    r = c.kubectl(f"apply -R -f {PHP_APACHE} -f {tmp_path} -f {missing} --dry-run=client")
    assert r.stdout == "deployment.apps/php-apache created (dry run)\nservice/php-apache created (dry run)\n" \
                       "configmap/local created (dry run)\n"
    assert r.stderr == 'error: unable to read URL "https://k8s.io/examples/pods/nothing.yaml", server reported 404 ' \
                       "Not Found, status code=404\n"
    r = c.kubectl(f"apply -f {PHP_APACHE} -f {tmp_path}/missing.yaml")
    assert (r.stdout, r.stderr) == ("", f'error: the path "{tmp_path}/missing.yaml" does not exist\n')


def test_what_is_not_a_manifest_fails_validation_under_its_url(c):
    r = c.kubectl("apply -f https://example.com/")
    assert r.stderr == 'error: error validating "https://example.com/": error validating data: invalid object to ' \
                       "validate; if you choose to ignore these errors, turn validation off with --validate=false\n"


def test_ingress_nginx_install_and_its_deploy_yaml_url_serve_the_same_objects():
    c = Cluster(workers=1)
    r = ingress_nginx.install(c)
    assert r.exit_code == 0 and r.stdout.count(" created\n") == 19
    url = ("https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.12.0/deploy/static/provider/"
           "cloud/deploy.yaml")
    r = c.kubectl(f"get -f {url} -o name")
    assert r.stdout.splitlines() == [line.replace(" created", "") for line in ingress_nginx.install(c, wait=False)
                                     .stdout.replace(" unchanged", " created").replace(" configured", " created")
                                     .splitlines()]
    ready = c.kubectl("get pods -n ingress-nginx -l app.kubernetes.io/component=controller "
                      "-o jsonpath={.items[0].status.containerStatuses[0].ready}")
    assert ready.stdout == "true"


def test_two_failing_urls_print_one_line_each(c):
    r = c.kubectl("apply -f https://k8s.io/examples/nothing.yaml -f http://127.0.0.1:9/x.yaml")
    assert (r.stderr, r.exit_code) == ('unable to read URL "https://k8s.io/examples/nothing.yaml", server reported 404 '
                                       "Not Found, status code=404\nThe connection to the server 127.0.0.1:9 was "
                                       "refused - did you specify the right host or port?\n", 1)


def test_a_pod_follows_the_redirects_too():
    """busybox wget in a pod goes through the same outside hosts: k8s.io's 301 to https, then kubernetes.io."""
    c = Cluster(workers=1)
    c.kubectl("run bb --image=busybox:1.36 -- sleep 3600")
    c.advance(10)
    r = c.kubectl("exec bb -- wget -O- http://k8s.io/examples/application/php-apache.yaml")
    assert r.stdout.startswith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: php-apache\n")
    assert r.stderr.startswith("Connecting to k8s.io (34.107.204.206:80)\nConnecting to k8s.io (34.107.204.206:443)\n"
                               "wget: note: TLS certificate validation not implemented\n"
                               "Connecting to kubernetes.io (147.75.40.148:443)\n")
