"""The nginx image: /docker-entrypoint.sh and its startup lines, nginx serving /usr/share/nginx/html
with access-log lines in the `main` format on stdout, error-log notices on stderr, signals and `-s`."""
import posixpath
import re

from ..context import PROGRAMS, NotFound, program, resolve
from ..fs import FsError
from ..network import KERNEL, HttpResponse, NetError, Network, split_url
from ..process import AddressInUse, Listen, Signal, Sleep, WaitForever
from .base import BUILD_TIME, Image
from .common import clf_time, cpus, http_date

INDEX_HTML = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""

OLD_INDEX_HTML = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""

FIFTY_X_HTML = """<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
"""

NGINX_CONF = """
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log {level};
pid        /var/run/nginx.pid;


events {{
    worker_connections  1024;
}}


http {{
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}}
"""

DEFAULT_CONF = """server {
    listen       80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
"""

ENTRY_SCRIPTS = ["10-listen-on-ipv6-by-default.sh", "15-local-resolvers.envsh", "20-envsubst-on-templates.sh",
                 "30-tune-worker-processes.sh"]
MIME = {".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "application/javascript",
        ".json": "application/json", ".txt": "text/plain", ".png": "image/png", ".svg": "image/svg+xml"}


def version_tuple(version):
    return tuple(int(p) for p in re.findall(r"\d+", version)[:3])


def modern(version):
    """Images from 1.19 on have /docker-entrypoint.sh and log notices."""
    return version_tuple(version) >= (1, 19)


def layer(tree, version, tag):
    v = version_tuple(version)
    tree.add("/etc/nginx/nginx.conf", NGINX_CONF.lstrip("\n").format(level="notice" if modern(version) else "warn"),
             mtime=BUILD_TIME)
    tree.add("/etc/nginx/conf.d/default.conf", DEFAULT_CONF, mtime=BUILD_TIME)
    tree.add("/etc/nginx/mime.types", "types {\n    text/html  html htm shtml;\n    text/css  css;\n}\n", mtime=BUILD_TIME)
    tree.add("/usr/share/nginx/html/index.html", INDEX_HTML if v >= (1, 21) else OLD_INDEX_HTML, mtime=BUILD_TIME)
    tree.add("/usr/share/nginx/html/50x.html", FIFTY_X_HTML if v >= (1, 21) else FIFTY_X_HTML.replace(
        "html { color-scheme: light dark; }\n", ""), mtime=BUILD_TIME)
    tree.add("/usr/sbin/nginx", "", 0o755, BUILD_TIME, program="nginx")
    tree.add_symlink("/var/log/nginx/access.log", "/dev/stdout", BUILD_TIME)
    tree.add_symlink("/var/log/nginx/error.log", "/dev/stderr", BUILD_TIME)
    tree.add_dir("/var/cache/nginx", mtime=BUILD_TIME)
    tree.add("/usr/bin/curl", "", 0o755, BUILD_TIME, program="curl")
    if modern(version):
        tree.add("/docker-entrypoint.sh", "#!/bin/sh\n", 0o775, BUILD_TIME, program="nginx-entrypoint")
        scripts = [s for s in ENTRY_SCRIPTS if v >= (1, 25) or not s.startswith("15-")]
        for script in scripts:
            tree.add("/docker-entrypoint.d/" + script, "#!/bin/sh\n", 0o775, BUILD_TIME)


def entry_scripts(ctx):
    try:
        return [n for n in ctx.fs.listdir("/docker-entrypoint.d")]
    except FsError:
        return []


@program("nginx-entrypoint")
def docker_entrypoint(ctx, argv):
    """/docker-entrypoint.sh: configure when the command is nginx, then exec the command."""
    args = argv[1:]
    if args and args[0] in ("nginx", "nginx-debug"):
        quiet = bool(ctx.env.get("NGINX_ENTRYPOINT_QUIET_LOGS"))
        say = (lambda text: None) if quiet else (lambda text: ctx.out(text + "\n"))
        scripts = entry_scripts(ctx)
        if scripts:
            say("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration")
            say("/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/")
            for script in scripts:
                if script.endswith(".envsh"):
                    say(f"/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/{script}")
                    continue
                say(f"/docker-entrypoint.sh: Launching /docker-entrypoint.d/{script}")
                if script.startswith("10-listen-on-ipv6"):
                    listen_on_ipv6(ctx, say)
            say("/docker-entrypoint.sh: Configuration complete; ready for start up")
        else:
            say("/docker-entrypoint.sh: No files found in /docker-entrypoint.d/, skipping configuration")
    if not args:
        return 0
    try:
        _, func = resolve(ctx, args[0])
    except NotFound:
        ctx.err(f"/docker-entrypoint.sh: exec: line 47: {args[0]}: not found\n")
        return 127
    return (yield from func(ctx, args))


def listen_on_ipv6(ctx, say):
    name = "10-listen-on-ipv6-by-default.sh"
    path = "/etc/nginx/conf.d/default.conf"
    if not ctx.fs.exists(path):
        say(f"{name}: info: {path} is not a file or does not exist")
        return
    if ctx.fs.read_only(path):
        say(f"{name}: info: can not modify {path} (read-only file system?)")
        return
    say(f"{name}: info: Getting the checksum of {path}")
    text = ctx.fs.read(path)
    if text != DEFAULT_CONF:
        say(f"{name}: info: {path} differs from the packaged version")
        return
    ctx.fs.write(path, text.replace("    listen       80;\n", "    listen       80;\n    listen  [::]:80;\n"))
    say(f"{name}: info: Enabled listen on IPv6 in {path}")


class Config:
    """What nginx took from conf.d: ports, `location` blocks (root, index, return, proxy_pass),
    `upstream` groups, and the first fatal error ([emerg] line) if any."""

    def __init__(self):
        self.ports, self.locations, self.upstreams = [], [], {}
        self.binds = []  # ("0.0.0.0:80" or "[::]:80", port) for each listen, in the order nginx binds them
        self.root = "/usr/share/nginx/html"
        self.emerg = None

    def location(self, path):
        exact = [loc for loc in self.locations if loc["exact"] and loc["prefix"] == path]
        if exact:
            return exact[0]
        matching = [loc for loc in self.locations if not loc["exact"] and path.startswith(loc["prefix"])]
        return max(matching, key=lambda loc: len(loc["prefix"]), default={"prefix": "/", "exact": False})


DIRECTIVE = re.compile(r"\b(root|index|return|proxy_pass)\s+([^;]*);")


def server_config(ctx):
    config = Config()
    try:
        names = sorted(n for n in ctx.fs.listdir("/etc/nginx/conf.d") if n.endswith(".conf"))
    except FsError:
        names = []
    for name in names:
        try:
            text = ctx.fs.read("/etc/nginx/conf.d/" + name)
        except FsError:
            continue
        text = re.sub(r"#[^\n]*", "", text)
        for m in re.finditer(r"\blisten\s+(?:[\d.]+:)?(\d+)", text):
            if int(m.group(1)) not in config.ports:
                config.ports.append(int(m.group(1)))
        for m in re.finditer(r"\blisten\s+(\[[0-9a-fA-F:]*\]:|[\d.]+:)?(\d+)", text):
            address = f"{m.group(1) or '0.0.0.0:'}{m.group(2)}"
            if (address, int(m.group(2))) not in config.binds:
                config.binds.append((address, int(m.group(2))))
        for m in re.finditer(r"\bupstream\s+(\S+)\s*\{([^}]*)\}", text):
            servers = []
            for server in re.finditer(r"\bserver\s+([^\s;]+)", m.group(2)):
                line = text.count("\n", 0, m.start(2) + server.start()) + 1
                servers.append((server.group(1), f"/etc/nginx/conf.d/{name}:{line}"))
            config.upstreams[m.group(1)] = servers
        outside = re.sub(r"\blocation\s[^{]*\{[^}]*\}", "", text)
        root = re.search(r"\broot\s+([^;\s]+)\s*;", outside)
        for m in re.finditer(r"\blocation\s+(=\s*)?(\S+)\s*\{([^}]*)\}", text):
            directives = {d.group(1): d.group(2).strip() for d in DIRECTIVE.finditer(m.group(3))}
            line = text.count("\n", 0, m.start(3)) + 1
            config.locations.append(dict(directives, exact=bool(m.group(1)), prefix=m.group(2),
                                         where=f"/etc/nginx/conf.d/{name}:{line}"))
        if root:
            config.root = root.group(1)
    if not config.ports and not names:
        config.ports = [80]
    if not config.binds:
        config.binds = [(f"0.0.0.0:{port}", port) for port in config.ports]
    return config


def bind_listeners(ctx, server):
    """ngx_open_listening_sockets: bind every listen address, up to 5 tries 500 ms apart while one is taken
    (by another container of the pod), logging each failure with nginx's cached start time; False if still taken."""
    pid = ctx.process.pid if ctx.process else 1
    stamp = ctx.clock.datetime().strftime("%Y/%m/%d %H:%M:%S")
    bound = set()
    for attempt in range(5):
        failed = False
        for address, port in server.config.binds:
            if port in bound:
                continue
            try:
                yield Listen(port, "TCP", http=server.handle)
                bound.add(port)
            except AddressInUse:
                failed = True
                message = f"bind() to {address} failed (98: Address already in use)"
                ctx.err(f"{stamp} [emerg] {pid}#{pid}: {message}\nnginx: [emerg] {message}\n")
        if not failed:
            return True
        yield Sleep(0.5)
    ctx.err(f"{stamp} [emerg] {pid}#{pid}: still could not bind()\nnginx: [emerg] still could not bind()\n")
    return False


def check_upstreams(ctx, config):
    """nginx resolves upstream hosts when it starts: an unknown name is fatal."""
    net = ctx.network or Network()
    hosts = [server for servers in config.upstreams.values() for server in servers]
    for loc in config.locations:
        target = loc.get("proxy_pass")
        if target:
            host = split_url(target)[1]
            if host not in config.upstreams:
                hosts.append((host, loc["where"]))
    for host, where in hosts:
        try:
            net.resolve(ctx, host.split(":")[0])
        except NetError:
            return f'host not found in upstream "{host}" in {where}'
    return None


class Nginx:
    """The master process state: version, workers, the document root and the access log."""

    def __init__(self, ctx, version):
        self.ctx, self.version = ctx, version
        self.notices = modern(version)
        self.workers = [29 + i for i in range(cpus(ctx))]
        self.requests = 0

    def notice(self, text, pid=1):
        if self.notices:
            stamp = self.ctx.clock.datetime().strftime("%Y/%m/%d %H:%M:%S")
            self.ctx.err(f"{stamp} [notice] {pid}#{pid}: {text}\n")

    def error_page(self, status, reason):
        return (f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}"
                f"</h1></center>\r\n<hr><center>nginx/{self.version}</center>\r\n</body>\r\n</html>\r\n")

    def handle(self, request):
        self.requests += 1
        path = request.path.split("?", 1)[0]
        location = self.config.location(path)
        if "return" in location:
            code, _, text = location["return"].partition(" ")
            return self.respond(request, int(code), text.strip().strip("'\""), "text/plain")
        if "proxy_pass" in location:
            return self.proxy(request, location)
        return self.serve_file(request, path, location.get("root") or self.config.root)

    def respond(self, request, status, body, ctype="text/html", headers=None):
        headers = dict({"Server": f"nginx/{self.version}", "Date": http_date(self.ctx), "Content-Type": ctype,
                        "Content-Length": str(len(body.encode())), "Connection": "keep-alive"}, **(headers or {}))
        self.access_log(request, status, 0 if request.method == "HEAD" else len(body.encode()))
        return HttpResponse(status, "" if request.method == "HEAD" else body, headers)

    def proxy(self, request, location):
        """proxy_pass: forward to the upstream through the pod's network; 502 when it can't connect."""
        target = location["proxy_pass"]
        scheme, host, port, uri = split_url(target)
        servers = self.config.upstreams.get(host)
        if servers:
            self.turn = (getattr(self, "turn", -1) + 1) % len(servers)
            host, _, server_port = servers[self.turn][0].partition(":")
            port = int(server_port or 80)
        has_uri = target.split("://", 1)[-1].find("/") >= 0
        path = request.path if not has_uri else uri + request.path[len(location["prefix"]):]
        url = f"{scheme}://{host}:{port}{path}"
        net = self.ctx.network or Network()
        headers = {"Host": host, "Connection": "close", "User-Agent": request.headers.get("User-Agent", "")}
        try:
            response = net.http(self.ctx, request.method, url, headers, 60)
        except NetError as err:
            reason = {"refused": "111: Connection refused", "timeout": "110: Connection timed out",
                      "unreachable": "113: No route to host"}.get(err.kind, "104: Connection reset by peer")
            ip = err.ip or host
            self.error_log(f"connect() failed ({reason}) while connecting to upstream", request,
                           f', upstream: "{scheme}://{ip}:{port}{path}"')
            status = 504 if err.kind == "timeout" else 502
            name = "Gateway Time-out" if status == 504 else "Bad Gateway"
            return self.respond(request, status, self.error_page(status, name))
        ctype = response.headers.get("Content-Type", "text/html")
        self.access_log(request, response.status, len(response.body.encode()))
        headers = dict(response.headers, Server=f"nginx/{self.version}")
        headers["Content-Type"] = ctype
        return HttpResponse(response.status, response.body, headers)

    def access_log(self, request, status, sent):
        agent = request.headers.get("User-Agent", "-") or "-"
        referer = request.headers.get("Referer", "-")
        forwarded = request.headers.get("X-Forwarded-For", "-")
        self.ctx.out(f'{request.remote_addr or "127.0.0.1"} - - [{clf_time(self.ctx)}] "{request.method} '
                     f'{request.path} HTTP/1.1" {status} {sent} "{referer}" "{agent}" "{forwarded}"\n')

    def serve_file(self, request, path, root):
        ctx = self.ctx
        file_path = posixpath.normpath(root + "/" + path.lstrip("/"))
        status, body, ctype, mtime = 200, "", "text/html", None
        try:
            node = ctx.fs.node(file_path)
            if node.is_dir:
                if not path.endswith("/"):
                    status = 301
                else:
                    index = file_path + "/index.html"
                    node = ctx.fs.node(index) if ctx.fs.exists(index) else None
                    if node is None:
                        status = 403
                        self.error_log(f'directory index of "{file_path}/" is forbidden', request)
                    else:
                        body, mtime = node.data, node.mtime
            else:
                body, mtime = node.data, node.mtime
                ctype = MIME.get(posixpath.splitext(file_path)[1], "application/octet-stream")
        except FsError as err:
            status = 404
            self.error_log(f'open() "{file_path}" failed (2: {err.strerror})', request)
        headers = {"Server": f"nginx/{self.version}", "Date": http_date(ctx)}
        if status != 200:
            reason = {301: "Moved Permanently", 403: "Forbidden", 404: "Not Found"}[status]
            body = self.error_page(status, reason)
            if status == 301:
                headers["Location"] = f"http://{request.host or 'localhost'}{path}/"
        else:
            headers["Last-Modified"] = http_date(ctx, mtime)
            headers["Accept-Ranges"] = "bytes"
        headers["Content-Type"] = ctype
        headers["Content-Length"] = str(len(body.encode()))
        headers["Connection"] = "keep-alive"
        self.access_log(request, status, 0 if request.method == "HEAD" else len(body.encode()))
        return HttpResponse(status, "" if request.method == "HEAD" else body, headers)

    def error_log(self, message, request, upstream=""):
        stamp = self.ctx.clock.datetime().strftime("%Y/%m/%d %H:%M:%S")
        worker = self.workers[0]
        self.ctx.err(f"{stamp} [error] {worker}#{worker}: *{self.requests} {message}, client: "
                     f"{request.remote_addr or '127.0.0.1'}, server: localhost, request: \"{request.method} "
                     f"{request.path} HTTP/1.1\"{upstream}, host: \"{request.host or 'localhost'}\"\n")


def image_version(ctx):
    image = getattr(ctx.container, "config", None) or {}
    return image.get("version", "1.27.3")


@program("nginx")
def nginx(ctx, argv):
    version = image_version(ctx)
    args = argv[1:]
    if "-v" in args:
        ctx.err(f"nginx version: nginx/{version}\n")
        return 0
    if "-t" in args:
        ctx.err("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                "nginx: configuration file /etc/nginx/nginx.conf test is successful\n")
        return 0
    if "-s" in args:
        return (yield from send_signal(ctx, args[args.index("-s") + 1] if args.index("-s") + 1 < len(args) else ""))
    daemon_off = any("daemon off" in a for a in args)
    server = Nginx(ctx, version)
    ctx.handle("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP")
    server.config = server_config(ctx)
    fatal = check_upstreams(ctx, server.config)
    if fatal:
        stamp = ctx.clock.datetime().strftime("%Y/%m/%d %H:%M:%S")
        ctx.err(f"{stamp} [emerg] 1#1: {fatal}\nnginx: [emerg] {fatal}\n")
        return 1
    if not (yield from bind_listeners(ctx, server)):
        return 1
    server.notice('using the "epoll" event method')
    server.notice(f"nginx/{version}")
    server.notice("built by gcc 12.2.0 (Debian 12.2.0-14)")
    server.notice(f"OS: Linux {KERNEL}")
    server.notice("getrlimit(RLIMIT_NOFILE): 1048576:1048576")
    server.notice("start worker processes")
    for pid in server.workers:
        server.notice(f"start worker process {pid}")
    try:
        ctx.fs.write("/var/run/nginx.pid", f"{ctx.process.pid if ctx.process else 1}\n")
    except FsError:
        pass
    if not daemon_off:
        return 0  # a daemonizing nginx in a container: the master forks away and PID 1 ends
    while True:
        try:
            yield WaitForever()
        except Signal as sig:
            if sig.name == "SIGHUP":
                server.notice(f"signal 1 (SIGHUP) received from {ctx.process.pid + 50 if ctx.process else 1}, reconfiguring")
                server.notice("reconfiguring")
                server.config = server_config(ctx)
                continue
            graceful = sig.name == "SIGQUIT"
            text = "shutting down" if graceful else "exiting"
            server.notice(f"signal {sig.number} ({sig.name}) received, {text}")
            for pid in server.workers:
                if graceful:
                    server.notice("gracefully shutting down", pid)
                server.notice("exiting", pid)
                server.notice("exit", pid)
            for pid in server.workers:
                server.notice(f"signal 17 (SIGCHLD) received from {pid}")
                server.notice(f"worker process {pid} exited with code 0")
            server.notice("exit")
            return 0


def send_signal(ctx, action):
    signals = {"stop": "SIGTERM", "quit": "SIGQUIT", "reload": "SIGHUP", "reopen": "SIGUSR1"}
    if action not in signals:
        ctx.err(f'nginx: invalid option: "-s {action}"\n' if action else 'nginx: option "-s" requires parameter\n')
        return 1
    try:
        pid = int(ctx.fs.read("/var/run/nginx.pid").strip())
    except (FsError, ValueError):
        stamp = ctx.clock.datetime().strftime("%Y/%m/%d %H:%M:%S")
        ctx.err(f'{stamp} [error] 1#1: open() "/var/run/nginx.pid" failed (2: No such file or directory)\n'
                f'nginx: [error] open() "/var/run/nginx.pid" failed (2: No such file or directory)\n')
        return 1
    me = ctx.process.pid if ctx.process else 0
    stamp = ctx.clock.datetime().strftime("%Y/%m/%d %H:%M:%S")
    ctx.err(f"{stamp} [notice] {me}#{me}: signal process started\n")
    target = ctx.container.processes.get(pid) if ctx.container is not None else None
    if target is None:
        ctx.err(f"{stamp} [error] {me}#{me}: kill({pid}, {15}) failed (3: No such process)\n")
        return 1
    target.signal(signals[action], from_inside=True)
    return 0
    yield


NGINX_TAGS = {"1.14.2": "1.14.2", "1.15.12": "1.15.12", "1.16.1": "1.16.1", "1.17.10": "1.17.10",
              "1.19.10": "1.19.10", "1.20.2": "1.20.2", "1.21.6": "1.21.6", "1.22.1": "1.22.1", "1.23.4": "1.23.4",
              "1.24.0": "1.24.0", "1.24": "1.24.0", "1.25": "1.25.5", "1.25.5": "1.25.5", "1.26": "1.26.2",
              "1.26.2": "1.26.2", "stable": "1.26.2", "1.27": "1.27.3", "1.27.3": "1.27.3", "mainline": "1.27.3",
              "latest": "1.27.3", "1": "1.27.3"}
ALPINE_TAGS = {"alpine": "1.27.3", "1.27-alpine": "1.27.3", "mainline-alpine": "1.27.3", "stable-alpine": "1.26.2",
               "1.26-alpine": "1.26.2", "1.25-alpine": "1.25.5", "1.14.2-alpine": "1.14.2", "alpine-slim": "1.27.3"}


def entrypoint_for(version):
    return ["/docker-entrypoint.sh"] if modern(version) else []


def env_for(version):
    return {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NGINX_VERSION": version}


def stop_signal_for(version):
    return "SIGQUIT" if version_tuple(version) >= (1, 21) else "SIGTERM"


FRONTEND_CONF = """upstream hello {
    server hello;
}

server {
    listen 80;

    location / {
        proxy_pass http://hello;
    }
}
"""


def frontend_layer(tree, version, tag):
    """gcr.io/google-samples/hello-frontend: nginx proxying to the `hello` Service (a docs tutorial)."""
    layer(tree, version, tag)
    del tree.lookup(["etc", "nginx", "conf.d"]).entries["default.conf"]
    tree.add("/etc/nginx/conf.d/frontend.conf", FRONTEND_CONF, mtime=BUILD_TIME)


def images():
    common = dict(entrypoint=entrypoint_for, cmd=["nginx", "-g", "daemon off;"], env=env_for, layer=layer,
                  stop_signal=stop_signal_for, ports=[80])
    debian = Image("docker.io/library/nginx", NGINX_TAGS, "debian", size=72_000_000, memory=7 << 20, **common)
    alpine = Image("docker.io/library/nginx", ALPINE_TAGS, "alpine", size=20_500_000, memory=6 << 20, **common)
    frontend = Image("gcr.io/google-samples/hello-frontend", {"1.0": "1.13.12"}, "debian",
                     cmd=["nginx", "-g", "daemon off;"], env=env_for, layer=frontend_layer, size=44_000_000,
                     ports=[80], memory=3 << 20)
    return [debian, alpine, frontend]


PROGRAMS.setdefault("nginx-debug", nginx)
