"""registry.k8s.io/hpa-example, the HorizontalPodAutoscaler walkthrough's server: php:5-apache (Debian's Apache
with mpm_prefork) serving an index.php that spends CPU on a million square roots per request, then says "OK!"."""
from ..context import program
from ..network import HttpResponse
from ..process import Listen
from .base import BUILD_TIME, Image
from .common import clf_time, http_date, pod_ip, wait_for_signal
from .httpd import apache_time

APACHE = "Apache/2.4.10 (Debian)"
PHP = "PHP/5.6.19"  # php:5-apache when the image was built (2016); the patch release is not confirmed
INDEX_PHP = """<?php
  $x = 0.0001;
  for ($i = 0; $i <= 1000000; $i++) {
    $x += sqrt($x);
  }
  echo "OK!";
?>
"""
# CPU seconds PHP 5.6 takes for index.php's loop on one core (an estimate): with the walkthrough's 500m limit a
# request takes 0.4 s, so one `while sleep 0.01; do wget ...; done` client keeps a pod near its limit
REQUEST_CPU = 0.2


def layer(tree, version, tag):
    tree.add("/var/www/html/index.php", INDEX_PHP, 0o755, BUILD_TIME)
    tree.add("/usr/local/bin/apache2-foreground", "#!/bin/bash\n", 0o755, BUILD_TIME, program="apache2")
    tree.add("/usr/sbin/apache2", "", 0o755, BUILD_TIME, program="apache2")


@program("apache2")
def apache2(ctx, argv):
    ctx.handle("SIGTERM", "SIGWINCH", "SIGINT")
    for _ in range(2):
        ctx.err(f"AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using "
                f"{pod_ip(ctx)}. Set the 'ServerName' directive globally to suppress this message\n")
    ctx.err(f"[{apache_time(ctx)}] [mpm_prefork:notice] [pid 1] AH00163: {APACHE} {PHP} configured -- "
            "resuming normal operations\n")
    ctx.err(f"[{apache_time(ctx)}] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'\n")
    free_at = [0.0]  # when the requests already taken are done: they share the CPU the limit allows

    def serve(request):
        now = ctx.clock.now
        path = request.path.split("?", 1)[0]
        elapsed = 0.0
        if path in ("/", "/index.php"):
            status, body = 200, "OK!"
            free_at[0] = max(now, free_at[0]) + REQUEST_CPU / ctx.container.throttled(1.0)
            elapsed = free_at[0] - now
            ctx.process.cpu_seconds += REQUEST_CPU
            headers = {"X-Powered-By": PHP, "Content-Type": "text/html; charset=UTF-8"}
        else:
            host, _, port = (request.host or pod_ip(ctx)).partition(":")
            status, headers = 404, {"Content-Type": "text/html; charset=iso-8859-1"}
            body = ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n'
                    f'</head><body>\n<h1>Not Found</h1>\n<p>The requested URL {path} was not found on this server.</p>\n'
                    f'<hr>\n<address>{APACHE} Server at {host} Port {port or 80}</address>\n</body></html>\n')
        headers = {"Date": http_date(ctx), "Server": APACHE, **headers}
        sent = _bytes_sent(status, headers, body if request.method != "HEAD" else "")
        agent = (request.headers or {}).get("User-Agent", "-")
        ctx.out(f'{request.remote_addr or "127.0.0.1"} - - [{clf_time(ctx)}] "{request.method} {request.path} '
                f'HTTP/1.1" {status} {sent} "-" "{agent}"\n')
        return HttpResponse(status, body, headers, elapsed=elapsed)

    yield Listen(80, "TCP", http=serve)
    yield from wait_for_signal("SIGTERM", "SIGWINCH", "SIGINT")
    ctx.err(f"[{apache_time(ctx)}] [mpm_prefork:notice] [pid 1] AH00169: caught SIGTERM, shutting down\n")
    return 0


def _bytes_sent(status, headers, body):
    """The combined log format's %O: the status line, the headers (with the Content-Length and Connection Apache
    adds) and the body, in bytes."""
    reason = {200: "OK", 404: "Not Found"}[status]
    fields = dict(headers, **{"Content-Length": str(len(body.encode())), "Connection": "close"})
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
    return len(head.encode()) + len(body.encode())


def images():
    return [
        Image("registry.k8s.io/hpa-example", {"latest": "latest"}, "debian", cmd=["apache2-foreground"],
              env={"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                   "PHP_INI_DIR": "/usr/local/etc/php", "APACHE_CONFDIR": "/etc/apache2"},
              layer=layer, workdir="/var/www/html", size=181_000_000, ports=[80], memory=9 << 20),
    ]
