"""The httpd image: Apache's startup lines on stderr, "It works!" on port 80, common-log lines on stdout,
SIGWINCH (its STOPSIGNAL) for a graceful stop."""
from ..context import program
from ..network import HttpResponse
from ..process import Listen
from .base import BUILD_TIME, Image
from .common import clf_time, pod_ip, wait_for_signal

IT_WORKS = "<html><body><h1>It works!</h1></body></html>\n"


def httpd_layer(tree, version, tag):
    tree.add("/usr/local/apache2/htdocs/index.html", IT_WORKS, mtime=BUILD_TIME)
    tree.add("/usr/local/apache2/conf/httpd.conf", "ServerRoot \"/usr/local/apache2\"\nListen 80\n", mtime=BUILD_TIME)
    tree.add("/usr/local/bin/httpd-foreground", "#!/bin/sh\n", 0o755, BUILD_TIME, program="httpd")
    tree.add("/usr/local/apache2/bin/httpd", "", 0o755, BUILD_TIME, program="httpd")


def apache_time(ctx):
    moment = ctx.clock.datetime()
    return moment.strftime("%a %b %d %H:%M:%S.") + f"{moment.microsecond:06d}" + moment.strftime(" %Y")


@program("httpd")
def httpd(ctx, argv):
    version = (ctx.container.config.get("version") if ctx.container is not None else None) or "2.4.62"
    ctx.handle("SIGTERM", "SIGWINCH", "SIGINT", "SIGHUP", "SIGUSR1")
    ip = pod_ip(ctx)
    for _ in range(2):
        ctx.err(f"AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. "
                "Set the 'ServerName' directive globally to suppress this message\n")
    ctx.err(f"[{apache_time(ctx)}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{version} (Unix) configured -- "
            "resuming normal operations\n")
    ctx.err(f"[{apache_time(ctx)}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'\n")

    def serve(request):
        path = request.path.split("?", 1)[0]
        file_path = "/usr/local/apache2/htdocs" + (path if not path.endswith("/") else path + "index.html")
        try:
            body, status = ctx.fs.read(file_path), 200
        except Exception:
            body = ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n'
                    '</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n'
                    '</body></html>\n')
            status = 404
        sent = len(body.encode()) if request.method != "HEAD" else 0
        ctx.out(f'{request.remote_addr or "127.0.0.1"} - - [{clf_time(ctx)}] "{request.method} {request.path} HTTP/1.1" '
                f'{status} {sent}\n')
        return HttpResponse(status, body, {"Server": f"Apache/{version} (Unix)", "Content-Type": "text/html"})

    yield Listen(80, "TCP", http=serve)
    name = yield from wait_for_signal("SIGTERM", "SIGWINCH", "SIGINT")
    text = {"SIGWINCH": "caught SIGWINCH, shutting down gracefully", "SIGTERM": "caught SIGTERM, shutting down",
            "SIGINT": "caught SIGTERM, shutting down"}[name]
    code = "AH00492" if name == "SIGWINCH" else "AH00491"
    ctx.err(f"[{apache_time(ctx)}] [mpm_event:notice] [pid 1:tid 1] {code}: {text}\n")
    return 0


HTTPD_TAGS = {"latest": "2.4.62", "2.4": "2.4.62", "2": "2.4.62", "2.4.62": "2.4.62", "alpine": "2.4.62",
              "2.4-alpine": "2.4.62"}


def images():
    path = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
    return [
        Image("docker.io/library/httpd", HTTPD_TAGS, "debian", cmd=["httpd-foreground"],
              env=dict(path, HTTPD_PREFIX="/usr/local/apache2"), layer=httpd_layer, stop_signal="SIGWINCH",
              workdir="/usr/local/apache2", size=58_000_000, ports=[80], memory=11 << 20),
    ]
