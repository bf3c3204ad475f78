"""The images the Kubernetes docs use for probes and demos: registry.k8s.io/liveness (/healthz ok for 10 s,
then 500), goproxy, agnhost, hashicorp/http-echo, hello-app, the tutorial's backend, echoserver, pause, dnsutils."""
from ....api.gofmt import go_duration
from ..context import program
from ..network import HttpResponse
from ..process import Listen
from .base import BUILD_TIME, Image
from .common import go_log_time, pod_ip, wait_for_signal


def _server(ctx, port, handler, log_line=None):
    if log_line:
        ctx.err(log_line)
    ctx.handle("SIGTERM", "SIGINT")
    yield Listen(port, "TCP", http=handler)
    yield from wait_for_signal("SIGTERM", "SIGINT")
    return 2  # Go servers without signal handling die on SIGTERM; ours report like `log.Fatal`


@program("liveness-server")
def liveness_server(ctx, argv):
    """test/images/liveness/server.go: /healthz is 200 "ok" for the first 10 seconds, then 500."""
    started = ctx.clock.now

    def handle(request):
        path = request.path.split("?", 1)[0]
        elapsed = ctx.clock.now - started
        if path == "/started":
            return HttpResponse(200, go_duration(elapsed))
        if path == "/healthz":
            if elapsed > 10:
                return HttpResponse(500, f"error: {elapsed:g}")
            return HttpResponse(200, "ok")
        if path.startswith("/redirect"):
            loc = request.path.split("loc=", 1)[1] if "loc=" in request.path else "/"
            return HttpResponse(302, "", {"Location": loc})
        return HttpResponse(404, "404 page not found\n")

    # Go's runtime catches SIGTERM even as PID 1 and exits with status 2 (dieFromSignal)
    return (yield from _server(ctx, 8080, handle))


@program("goproxy")
def goproxy(ctx, argv):
    def handle(request):
        return HttpResponse(500, "This is a proxy server. Does not respond to non-proxy requests.\n",
                            {"Content-Type": "text/plain; charset=utf-8"})
    return (yield from _server(ctx, 8080, handle))


def _flag(args, name, default):
    for i, arg in enumerate(args):
        if arg.startswith(f"--{name}=") or arg.startswith(f"-{name}="):
            return arg.split("=", 1)[1]
        if arg in (f"--{name}", f"-{name}") and i + 1 < len(args):
            return args[i + 1]
    return default


@program("agnhost")
def agnhost(ctx, argv):
    args = argv[1:]
    if not args:
        ctx.out("Tool for testing Kubernetes\n\nUsage:\n  agnhost [command]\n\nAvailable Commands:\n"
                "  netexec         Creates HTTP(S), UDP, and (optionally) SCTP servers with various endpoints\n"
                "  pause           Pauses the execution\n  serve-hostname  Serves the hostname\n")
        return 0
    command, rest = args[0], args[1:]
    if command == "pause":
        ctx.handle("SIGTERM", "SIGINT")
        ctx.out("Paused\n")
        yield from wait_for_signal("SIGTERM", "SIGINT")
        ctx.out("Shutting down after receiving signal: terminated.\n")
        return 0
    if command == "serve-hostname":
        port = int(_flag(rest, "port", 9376))

        def handle(request):
            return HttpResponse(200, ctx.hostname)
        return (yield from _server(ctx, port, handle, f"{go_log_time(ctx)} Serving on port {port}.\n"))
    if command in ("netexec", "liveness", "test-webserver"):
        port = int(_flag(rest, "http-port", 8080 if command != "test-webserver" else 80))
        started = ctx.clock.now

        def handle(request):
            path = request.path.split("?", 1)[0]
            query = request.path.split("?", 1)[1] if "?" in request.path else ""
            if command == "liveness" and path == "/healthz":
                elapsed = ctx.clock.now - started
                return HttpResponse(500 if elapsed > 10 else 200, f"error: {elapsed:g}" if elapsed > 10 else "ok")
            if path == "/hostname":
                return HttpResponse(200, ctx.hostname)
            if path == "/echo":
                msg = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("msg", "")
                return HttpResponse(200, msg)
            if path == "/clientip":
                return HttpResponse(200, f"{request.remote_addr}:{40000 + len(request.path)}")
            if path in ("/healthz", "/readyz", "/"):
                return HttpResponse(200, "" if path != "/" else f"NOW: {ctx.clock.datetime().isoformat()}")
            return HttpResponse(404, "404 page not found\n")
        return (yield from _server(ctx, port, handle, f"{go_log_time(ctx)} Started HTTP server on port {port}\n"))
    ctx.err(f'Error: unknown command "{command}" for "agnhost"\nRun \'agnhost --help\' for usage.\n')
    return 1


@program("http-echo")
def http_echo(ctx, argv):
    args = argv[1:]
    text = _flag(args, "text", None)
    if text is None:
        ctx.err(f"{go_log_time(ctx)} [ERR] Error parsing flags: Missing -text option!\n")
        return 127
    listen = _flag(args, "listen", ":5678")
    port = int(listen.rsplit(":", 1)[1])

    def handle(request):
        ctx.err(f'{go_log_time(ctx)} {request.host or "localhost"}:{port} {request.remote_addr}:41234 '
                f'"{request.method} {request.path} HTTP/1.1" 200 {len(text) + 1} '
                f'"{request.headers.get("User-Agent", "")}" 21.5µs\n')
        return HttpResponse(200, text + "\n", {"X-App-Name": "http-echo", "X-App-Version": "1.0.0",
                                               "Content-Type": "text/plain; charset=utf-8"})
    return (yield from _server(ctx, port, handle, f"{go_log_time(ctx)} [INFO] server is listening on :{port}\n"))


@program("hello-app")
def hello_app(ctx, argv):
    version = (ctx.container.config.get("version") if ctx.container is not None else None) or "1.0.0"
    port = int(ctx.env.get("PORT") or 8080)

    def handle(request):
        ctx.err(f"{go_log_time(ctx)} Serving request: {request.path}\n")
        return HttpResponse(200, f"Hello, world!\nVersion: {version}\nHostname: {ctx.hostname}\n")
    return (yield from _server(ctx, port, handle, f"{go_log_time(ctx)} Server listening on port {port}\n"))


@program("hello-go")
def hello_go(ctx, argv):
    """gcr.io/google-samples/hello-go-gke: the tutorial's backend, a JSON greeting on port 80."""
    def handle(request):
        return HttpResponse(200, '{"message":"Hello"}', {"Content-Type": "application/json"})
    return (yield from _server(ctx, 80, handle))


@program("echoserver")
def echoserver(ctx, argv):
    def handle(request):
        headers = "".join(f"\t{k.lower()}={v}\n" for k, v in sorted(request.headers.items()))
        host = request.host or f"{pod_ip(ctx)}:8080"
        body = (f"\n\nHostname: {ctx.hostname}\n\nPod Information:\n\t-no pod information available-\n\n"
                "Server values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\nRequest Information:\n"
                f"\tclient_address={request.remote_addr}\n\tmethod={request.method}\n\treal path={request.path}\n"
                f"\tquery=\n\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://{host}{request.path}\n\n"
                f"Request Headers:\n{headers}\nRequest Body:\n\t-no body in request-\n\n")
        return HttpResponse(200, body)
    ctx.handle("SIGTERM")
    yield Listen(8080, "TCP", http=handle)
    yield from wait_for_signal("SIGTERM")
    return 0


@program("pause")
def pause(ctx, argv):
    ctx.handle("SIGTERM", "SIGINT")
    name = yield from wait_for_signal("SIGTERM", "SIGINT")
    ctx.err(f"Shutting down, got signal: {'Terminated' if name == 'SIGTERM' else 'Interrupt'}\n")
    return 0


def add(path, name):
    def layer(tree, version, tag):
        tree.add(path, "", 0o755, BUILD_TIME, program=name)
    return layer


def dnsutils_layer(tree, version, tag):
    tree.add("/usr/bin/nslookup", "", 0o755, BUILD_TIME, program="bind-nslookup")
    tree.add("/usr/bin/dig", "", 0o755, BUILD_TIME, program="dig")
    tree.add("/usr/bin/ping", "", 0o755, BUILD_TIME, program="ping")


def images():
    agnhost_tags = {f"2.{n}": f"2.{n}" for n in range(39, 54)}
    return [
        Image("registry.k8s.io/liveness", {"latest": "latest"}, "scratch", layer=add("/server", "liveness-server"),
              size=2_500_000, ports=[8080]),
        Image("registry.k8s.io/goproxy", {"0.1": "0.1"}, "scratch", entrypoint=["/goproxy"],
              layer=add("/goproxy", "goproxy"), size=2_900_000, ports=[8080]),
        Image("registry.k8s.io/e2e-test-images/agnhost", agnhost_tags, "alpine", entrypoint=["/agnhost"],
              cmd=["pause"], layer=add("/agnhost", "agnhost"), size=51_000_000),
        Image("docker.io/hashicorp/http-echo", {"latest": "1.0.0", "1.0": "1.0.0", "1.0.0": "1.0.0",
                                                "0.2.3": "0.2.3"}, "scratch", entrypoint=["/http-echo"],
              layer=add("/http-echo", "http-echo"), size=3_400_000, ports=[5678]),
        Image("gcr.io/google-samples/hello-app", {"1.0": "1.0.0", "2.0": "2.0.0"}, "scratch",
              entrypoint=["/hello-app"], layer=add("/hello-app", "hello-app"), size=4_900_000, ports=[8080]),
        Image("us-docker.pkg.dev/google-samples/containers/gke/hello-app", {"1.0": "1.0.0", "2.0": "2.0.0"},
              "scratch", entrypoint=["/hello-app"], layer=add("/hello-app", "hello-app"), size=4_900_000,
              ports=[8080]),
        Image("gcr.io/google-samples/hello-go-gke", {"1.0": "1.0"}, "scratch", entrypoint=["/hello"],
              layer=add("/hello", "hello-go"), size=4_200_000, ports=[80]),
        Image("registry.k8s.io/e2e-test-images/jessie-dnsutils", {"1.3": "1.3", "1.5": "1.5", "1.7": "1.7"},
              "debian", cmd=["sleep", "infinity"], layer=dnsutils_layer, size=50_000_000),
        Image("registry.k8s.io/echoserver", {"1.4": "1.4", "1.10": "1.10"}, "debian", cmd=["/usr/local/bin/run.sh"],
              layer=add("/usr/local/bin/run.sh", "echoserver"), size=46_000_000, ports=[8080]),
        Image("registry.k8s.io/pause", {"3.10": "3.10", "3.9": "3.9", "3.8": "3.8", "latest": "3.10"}, "scratch",
              entrypoint=["/pause"], layer=add("/pause", "pause"), size=320_000),
    ]
