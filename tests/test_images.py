"""Image references, the catalog's hits and misses with containerd's pull errors, and what the images do."""
import decimal

import pytest

from engine.clock import Clock
from engine.node.runtime import Container, NetError, Network, PullError, Tree, default_catalog, parse
from engine.node.runtime.images.nginx import INDEX_HTML
from engine.node.runtime.network import HttpRequest, local_http
from engine.node.runtime.reference import InvalidReference


@pytest.mark.parametrize("image, canonical, familiar", [
    ("nginx", "docker.io/library/nginx:latest", "nginx"),
    ("nginx:1.14.2", "docker.io/library/nginx:1.14.2", "nginx"),
    ("docker.io/library/nginx:1.14.2", "docker.io/library/nginx:1.14.2", "nginx"),
    ("docker.io/nginx", "docker.io/library/nginx:latest", "nginx"),
    ("index.docker.io/library/busybox:1.36", "docker.io/library/busybox:1.36", "busybox"),
    ("registry.k8s.io/liveness", "registry.k8s.io/liveness:latest", "registry.k8s.io/liveness"),
    ("localhost:5000/app:v1", "localhost:5000/app:v1", "localhost:5000/app"),
    ("hashicorp/http-echo:1.0", "docker.io/hashicorp/http-echo:1.0", "hashicorp/http-echo"),
    ("nginx@sha256:" + "a" * 64, "docker.io/library/nginx@sha256:" + "a" * 64, "nginx"),
])
def test_references_normalize_like_containerd(image, canonical, familiar):
    ref = parse(image)
    assert (str(ref), ref.familiar) == (canonical, familiar)


@pytest.mark.parametrize("image, message", [
    ("Nginx", 'couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) '
              "must be lowercase"),
    ("myrepo/MyApp:1.0", 'couldn\'t parse image name "myrepo/MyApp:1.0": invalid reference format: repository name '
                         "(myrepo/MyApp) must be lowercase"),
    ("nginx:", 'couldn\'t parse image name "nginx:": invalid reference format'),
    ("nginx:1.0:2", 'couldn\'t parse image name "nginx:1.0:2": invalid reference format'),
    ("registry.hub.docker.com/library//nginx:latest",
     'couldn\'t parse image name "registry.hub.docker.com/library//nginx:latest": invalid reference format'),
    ("a" * 64, f'couldn\'t parse image name "{"a" * 64}": invalid repository name ({"a" * 64}), cannot specify '
               "64-byte hexadecimal strings"),
    ("nginx@sha256:abc" + "0" * 29, 'couldn\'t parse image name "nginx@sha256:abc' + "0" * 29 +
     '": invalid checksum digest length'),
])
def test_invalid_references_give_the_kubelet_message(image, message):
    with pytest.raises(InvalidReference) as err:
        parse(image)
    assert str(err.value) == message


def test_catalog_hits_carry_digest_size_and_config():
    catalog = default_catalog()
    image = catalog.lookup("nginx:1.14.2")
    assert image.name == "docker.io/library/nginx:1.14.2"
    assert image.digest.startswith("sha256:") and len(image.digest) == 71
    assert image.digest == catalog.lookup("docker.io/library/nginx:1.14.2").digest
    assert image.digest != catalog.lookup("nginx:1.27").digest
    assert catalog.lookup("nginx:latest").digest == catalog.lookup("nginx:1.27").digest
    assert 60_000_000 < image.size < 80_000_000
    assert image.image_id == "docker.io/library/nginx@" + image.digest
    assert catalog.lookup("nginx@" + image.digest).tag == "1.14.2"
    assert image.config["cmd"] == ["nginx", "-g", "daemon off;"]
    assert catalog.lookup("nginx").config["entrypoint"] == ["/docker-entrypoint.sh"]
    assert catalog.lookup("nginx").config["stop_signal"] == "SIGQUIT"
    assert catalog.lookup("busybox").config["cmd"] == ["sh"]
    assert catalog.lookup("perl").config["cmd"] == ["perl"]
    for known in ("nginx:1.15.12", "nginx:1.16.1", "nginx:1.25", "nginx:alpine", "busybox:1.28", "alpine:3.19",
                  "ubuntu:22.04", "perl:5.34.0", "httpd:2.4", "redis", "mysql:8.0", "postgres:16",
                  "registry.k8s.io/goproxy:0.1", "registry.k8s.io/e2e-test-images/agnhost:2.39",
                  "hashicorp/http-echo", "registry.k8s.io/busybox", "gcr.io/google-samples/hello-app:1.0"):
        assert catalog.lookup(known).size > 0
    assert 0.5 < catalog.lookup("busybox").pull_seconds < catalog.lookup("nginx").pull_seconds < 10


def test_catalog_misses_give_containerd_pull_errors():
    catalog = default_catalog()
    with pytest.raises(PullError) as err:
        catalog.lookup("nginy")
    assert err.value.reason == "ErrImagePull"
    assert str(err.value) == (
        'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginy:latest": failed to '
        'resolve reference "docker.io/library/nginy:latest": pull access denied, repository does not exist or may '
        "require authorization: server message: insufficient_scope: authorization failed")
    with pytest.raises(PullError) as err:
        catalog.lookup("nginx:1.99")
    assert str(err.value) == (
        'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to '
        'resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found')
    with pytest.raises(PullError) as err:
        catalog.lookup("registry.k8s.io/livenes")
    assert str(err.value).endswith('"registry.k8s.io/livenes:latest": registry.k8s.io/livenes:latest: not found')
    with pytest.raises(PullError) as err:
        catalog.lookup("Nginx")
    assert err.value.reason == "InvalidImageName"
    assert str(err.value) == ('Failed to apply default image tag "Nginx": couldn\'t parse image name "Nginx": '
                              "invalid reference format: repository name (library/Nginx) must be lowercase")


def run(image, t=5, **kw):
    clock = Clock()
    c = Container(clock, default_catalog().lookup(image), hostname="web-0", pod_ip="10.244.1.5", **kw)
    proc = c.start()
    clock.advance(t)
    return clock, c, proc


def test_nginx_serves_the_stock_page_and_logs_requests():
    assert len(INDEX_HTML.encode()) == 615
    clock, c, proc = run("nginx")
    assert c.fs.read("/usr/share/nginx/html/index.html") == INDEX_HTML
    assert c.fs.read("/etc/nginx/nginx.conf").startswith("\nuser  nginx;\nworker_processes  auto;\n"[1:])
    lines = c.log.text().splitlines()
    assert lines[0] == "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
    assert lines[8] == "/docker-entrypoint.sh: Configuration complete; ready for start up"
    assert lines[9] == '2025/01/01 00:00:00 [notice] 1#1: using the "epoll" event method'
    assert lines[10] == "2025/01/01 00:00:00 [notice] 1#1: nginx/1.27.3"
    response = local_http(c, 80, HttpRequest("GET", "/", {"User-Agent": "Wget"}, "10.244.2.7", "10.244.1.5"))
    assert (response.status, response.body) == (200, INDEX_HTML)
    assert response.headers["Server"] == "nginx/1.27.3"
    assert c.log.lines()[-1] == (5.0, "stdout", '10.244.2.7 - - [01/Jan/2025:00:00:05 +0000] "GET / HTTP/1.1" 200 615 '
                                                '"-" "Wget" "-"')
    missing = local_http(c, 80, HttpRequest("GET", "/nope", {}, "10.244.2.7", "10.244.1.5"))
    assert missing.status == 404
    assert "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>" in missing.body
    assert c.log.lines()[-2][2].endswith('open() "/usr/share/nginx/html/nope" failed (2: No such file or directory), '
                                         'client: 10.244.2.7, server: localhost, request: "GET /nope HTTP/1.1", '
                                         'host: "10.244.1.5"')


def test_old_nginx_has_no_entrypoint_and_no_notices():
    clock, c, proc = run("nginx:1.14.2")
    assert c.argv == ["nginx", "-g", "daemon off;"]
    assert c.log.text() == ""
    assert 80 in c.listeners
    assert "color-scheme" not in c.fs.read("/usr/share/nginx/html/index.html")


def test_nginx_serves_a_mounted_page_and_stops_on_quit():
    clock, c, proc = run("nginx")
    c.fs.write("/usr/share/nginx/html/index.html", "<h1>custom</h1>\n")
    assert local_http(c, 80, HttpRequest(path="/")).body == "<h1>custom</h1>\n"
    result = c.run_exec(["nginx", "-s", "quit"])
    assert result.exit_code == 0
    clock.advance(1)
    assert proc.done and proc.exit_code == 0
    assert "[notice] 1#1: signal 3 (SIGQUIT) received, shutting down" in c.log.text()
    assert 80 not in c.listeners


def reference_pi(digits):
    """pi by Gauss-Legendre in decimal arithmetic (a different method from the image's)."""
    decimal.getcontext().prec = digits + 20
    D = decimal.Decimal
    a, b, t, p = D(1), D(1) / D(2).sqrt(), D(1) / 4, D(1)
    for _ in range(14):
        a, b, t, p = (a + b) / 2, (a * b).sqrt(), t - p * ((a - b) / 2) ** 2, 2 * p
    return (a + b) ** 2 / (4 * t)


def test_perl_computes_2000_digits_of_pi():
    clock, c, proc = run("perl:5.34.0", t=10, command=["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"])
    assert proc.exit_code == 0
    assert proc.finished_at == 6.0 and proc.cpu_seconds == 6.0  # bignum takes seconds of CPU
    text = c.log.text()
    assert text.startswith("3.14159265358979323846")
    assert text.endswith("\n") and len(text.strip()) == 2001
    expected = reference_pi(2000).quantize(decimal.Decimal(1).scaleb(-1999), rounding=decimal.ROUND_HALF_EVEN)
    assert text.strip() == str(expected)


def test_mysql_and_postgres_complain_without_their_password():
    clock, c, proc = run("mysql:8.0")
    assert proc.exit_code == 1
    assert c.log.text().endswith(
        "2025-01-01 00:00:00+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not "
        "specified\n    You need to specify one of the following as an environment variable:\n"
        "    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n")
    assert [stream for _, stream, _ in c.log.lines()][-1] == "stderr"
    clock, c, proc = run("mysql:8.0", t=30, env={"MYSQL_ROOT_PASSWORD": "secret"})
    assert not proc.done and 3306 in c.listeners
    assert "ready for connections. Version: '8.0.40'" in c.log.text()
    clock, c, proc = run("postgres")
    assert proc.exit_code == 1
    assert c.log.text().startswith("Error: Database is uninitialized and superuser password is not specified.\n"
                                   "       You must specify POSTGRES_PASSWORD to a non-empty value for the\n")
    clock, c, proc = run("postgres", t=10, env={"POSTGRES_PASSWORD": "pw"})
    assert 5432 in c.listeners and "database system is ready to accept connections" in c.log.text()


def test_servers_listen_on_their_ports():
    assert 6379 in run("redis")[1].listeners
    clock, c, proc = run("httpd")
    assert local_http(c, 80, HttpRequest(path="/")).body == "<html><body><h1>It works!</h1></body></html>\n"
    clock, c, proc = run("hashicorp/http-echo", args=["-text=hello"])
    assert local_http(c, 5678, HttpRequest(path="/")).body == "hello\n"
    assert 8080 in run("registry.k8s.io/goproxy:0.1")[1].listeners
    clock, c, proc = run("registry.k8s.io/e2e-test-images/agnhost:2.39", args=["serve-hostname"])
    assert local_http(c, 9376, HttpRequest(path="/")).body == "web-0"
    clock, c, proc = run("gcr.io/google-samples/hello-app:1.0")
    assert local_http(c, 8080, HttpRequest(path="/")).body == "Hello, world!\nVersion: 1.0.0\nHostname: web-0\n"


def test_liveness_image_turns_unhealthy_after_ten_seconds():
    clock, c, proc = run("registry.k8s.io/liveness", t=3, args=["/server"])
    assert local_http(c, 8080, HttpRequest(path="/healthz")).status == 200
    clock.advance(8)
    failing = local_http(c, 8080, HttpRequest(path="/healthz"))
    assert (failing.status, failing.body) == (500, "error: 11")


def test_shell_images_exit_at_once_without_a_command():
    for image in ("busybox", "alpine", "ubuntu"):
        clock, c, proc = run(image, t=1)
        assert proc.done and proc.exit_code == 0


def test_stress_images_declare_memory_and_burn_cpu():
    clock = Clock()
    c = Container(clock, default_catalog().lookup("polinux/stress"), command=["stress"],
                  args=["--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"])
    declared = []
    c.memory_hook = lambda container, proc, size: declared.append(size)
    proc = c.start()
    clock.advance(5)
    assert declared == [150 * 1024 * 1024] and proc.memory == 150 * 1024 * 1024
    assert c.log.text() == "stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n"
    burner = Container(clock, default_catalog().lookup("vish/stress"), args=["-cpus", "2"]).start()
    clock.advance(10)
    assert 20 <= burner.cpu_seconds <= 22


class ServiceNetwork(Network):
    """`hello` resolves to a Service whose only backend is one container."""

    def __init__(self, backend=None):
        self.backend = backend

    def resolve(self, ctx, name):
        if name == "hello" and self.backend is not None:
            return ["10.96.0.20"]
        raise NetError("bad address")

    def http(self, ctx, method, url, headers=None, timeout=None):
        port = int(url.split("://")[1].split("/")[0].split(":")[1])
        path = "/" + url.split("://")[1].split("/", 1)[1] if "/" in url.split("://")[1] else "/"
        return local_http(self.backend, port, HttpRequest(method, path, headers, "10.244.1.9", "hello"))


def test_frontend_nginx_proxies_to_the_backend_service():
    clock = Clock()
    backend = Container(clock, default_catalog().lookup("gcr.io/google-samples/hello-go-gke:1.0"))
    backend.start()
    frontend = Container(clock, default_catalog().lookup("gcr.io/google-samples/hello-frontend:1.0"),
                         network=ServiceNetwork(backend))
    frontend.start()
    response = local_http(frontend, 80, HttpRequest("GET", "/", {"User-Agent": "curl/7.88.1"}, "10.244.2.1", "x"))
    assert (response.status, response.body) == (200, '{"message":"Hello"}')
    assert frontend.log.text().endswith('10.244.2.1 - - [01/Jan/2025:00:00:00 +0000] "GET / HTTP/1.1" 200 19 "-" '
                                        '"curl/7.88.1" "-"\n')
    backend.signal("SIGKILL")
    down = local_http(frontend, 80, HttpRequest("GET", "/", {}, "10.244.2.1", "x"))
    assert down.status == 502 and "<center><h1>502 Bad Gateway</h1></center>" in down.body
    assert "connect() failed (111: Connection refused) while connecting to upstream" in frontend.log.text()


def test_nginx_cannot_start_when_an_upstream_name_does_not_resolve():
    clock = Clock()
    frontend = Container(clock, default_catalog().lookup("gcr.io/google-samples/hello-frontend:1.0"),
                         network=ServiceNetwork(None))
    proc = frontend.start()
    assert proc.done and proc.exit_code == 1
    assert frontend.log.text() == (
        '2025/01/01 00:00:00 [emerg] 1#1: host not found in upstream "hello" in /etc/nginx/conf.d/frontend.conf:2\n'
        'nginx: [emerg] host not found in upstream "hello" in /etc/nginx/conf.d/frontend.conf:2\n')


def test_nginx_return_directive_from_a_mounted_config():
    conf = Tree()
    conf.add("/default.conf", "server {\n    listen 8080;\n    location / {\n        return 200 'pong';\n    }\n}\n")
    clock = Clock()
    c = Container(clock, default_catalog().lookup("nginx"), volumes=[("/etc/nginx/conf.d", conf, True)])
    c.start()
    assert list(c.listeners) == [8080]
    assert local_http(c, 8080, HttpRequest(path="/anything")).body == "pong"
    assert ("10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf "
            "(read-only file system?)") in c.log.text()


def test_python_buffers_stdout_without_a_terminal_and_serves_directories():
    clock = Clock()
    c = Container(clock, default_catalog().lookup("python:3.12"),
                  command=["python", "-c", "import time; print('hello'); time.sleep(5); print(1 + 2)"])
    proc = c.start()
    clock.advance(2)
    assert c.log.text() == ""  # block-buffered: nothing reaches the log before exit
    clock.advance(5)
    assert proc.exit_code == 0 and c.log.lines() == [(5.0, "stdout", "hello"), (5.0, "stdout", "3")]
    server = Container(clock, default_catalog().lookup("python"), command=["python", "-u", "-m", "http.server"])
    main = server.start()
    response = local_http(server, 8000, HttpRequest(path="/", remote_addr="10.244.1.1"))
    assert response.status == 200 and "<title>Directory listing for /</title>" in response.body
    assert server.log.text() == ("Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...\n"
                                 '10.244.1.1 - - [01/Jan/2025 00:00:07] "GET / HTTP/1.1" 200 -\n')
    server.signal("SIGTERM")
    assert not main.done  # no SIGTERM handler: PID 1 ignores it until the kubelet's SIGKILL
