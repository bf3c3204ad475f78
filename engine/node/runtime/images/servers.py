"""Server images: httpd, redis, mysql, postgres (with their real complaints about missing env vars),
and curlimages/curl's entrypoint. Each prints its real startup lines and listens on its port."""
from ..context import NotFound, program, resolve
from ..network import HttpResponse, NetError
from ..process import Listen, Sleep
from .base import BUILD_TIME, Image
from .common import clf_time, pod_ip, wait_for_signal

IT_WORKS = "<html><body><h1>It works!</h1></body></html>\n"


# ---- httpd
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


# ---- redis
def redis_layer(tree, version, tag):
    tree.add("/usr/local/bin/redis-server", "", 0o755, BUILD_TIME, program="redis-server")
    tree.add("/usr/local/bin/redis-cli", "", 0o755, BUILD_TIME, program="redis-cli")
    tree.add("/usr/local/bin/docker-entrypoint.sh", "#!/bin/sh\n", 0o755, BUILD_TIME, program="exec-args")
    tree.add_dir("/data", mtime=BUILD_TIME)


def redis_time(ctx, role="M"):
    moment = ctx.clock.datetime()
    return f"1:{role} " + moment.strftime("%d %b %Y %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


@program("redis-server")
def redis_server(ctx, argv):
    version = (ctx.container.config.get("version") if ctx.container is not None else None) or "7.4.1"
    ctx.handle("SIGTERM", "SIGINT")
    port = 6379
    if "--port" in argv:
        port = int(argv[argv.index("--port") + 1])
    c = redis_time(ctx, "C")
    ctx.out(f"{c} # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail "
            "under low memory condition. Being disabled, it can also cause failures without low memory condition, see "
            "https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to "
            "/etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.\n")
    ctx.out(f"{c} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n")
    ctx.out(f"{c} * Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started\n")
    ctx.out(f"{c} # Warning: no config file specified, using the default config. In order to specify a config file "
            "use redis-server /path/to/redis.conf\n")
    m = redis_time(ctx)
    ctx.out(f"{m} * monotonic clock: POSIX clock_gettime\n")
    ctx.out(f"{m} * Running mode=standalone, port={port}.\n")
    ctx.out(f"{m} * Server initialized\n")
    ctx.out(f"{m} * Ready to accept connections tcp\n")
    yield Listen(port, "TCP", banner="redis")
    name = yield from wait_for_signal("SIGTERM", "SIGINT")
    stamp = int(ctx.clock.datetime().timestamp())
    ctx.out(f"1:signal-handler ({stamp}) Received {name} scheduling shutdown...\n")
    m = redis_time(ctx)
    for line in ("* User requested shutdown...", "* Saving the final RDB snapshot before exiting.",
                 "* DB saved on disk", "# Redis is now ready to exit, bye bye..."):
        ctx.out(f"{m} {line}\n")
    return 0


@program("redis-cli")
def redis_cli(ctx, argv):
    args = argv[1:]
    host, port = "127.0.0.1", 6379
    while args and args[0] in ("-h", "-p"):
        flag, value = args[0], args[1] if len(args) > 1 else ""
        host, port = (value, port) if flag == "-h" else (host, int(value or 6379))
        args = args[2:]
    try:
        (ctx.network.connect(ctx, host, port) if ctx.network else _local_connect(ctx, port))
    except NetError:
        ctx.out(f"Could not connect to Redis at {host}:{port}: Connection refused\n")
        return 1
    command = [a.lower() for a in args[:1]]
    if command == ["ping"]:
        ctx.out("PONG\n")
    elif command:
        ctx.out("OK\n")
    return 0
    yield


def _local_connect(ctx, port):
    if ctx.container is None or port not in ctx.container.listeners:
        raise NetError("refused", "127.0.0.1")


# ---- mysql and postgres
def mysql_layer(tree, version, tag):
    tree.add("/usr/local/bin/docker-entrypoint.sh", "#!/bin/bash\n", 0o755, BUILD_TIME, program="mysql-entrypoint")
    tree.add("/usr/sbin/mysqld", "", 0o755, BUILD_TIME, program="mysqld")
    tree.add_dir("/var/lib/mysql", mtime=BUILD_TIME)


def mysql_stamp(ctx):
    return ctx.clock.datetime().strftime("%Y-%m-%d %H:%M:%S+00:00")


def _mysql_release(version):
    return f"{version}-1.el9" if not version.startswith("5.") else f"{version}-1.el7"


@program("mysql-entrypoint")
def mysql_entrypoint(ctx, argv):
    version = (ctx.container.config.get("version") if ctx.container is not None else None) or "9.1.0"
    args = argv[1:]
    if not args or args[0] != "mysqld":
        return (yield from _exec(ctx, args))
    note = f"[Note] [Entrypoint]: Entrypoint script for MySQL Server {_mysql_release(version)} started."
    ctx.out(f"{mysql_stamp(ctx)} {note}\n")
    ctx.out(f"{mysql_stamp(ctx)} [Note] [Entrypoint]: Switching to dedicated user 'mysql'\n")
    ctx.out(f"{mysql_stamp(ctx)} {note}\n")
    env = ctx.env
    initialized = ctx.fs.exists("/var/lib/mysql/mysql")
    if not initialized and not (env.get("MYSQL_ROOT_PASSWORD") or env.get("MYSQL_ALLOW_EMPTY_PASSWORD")
                                or env.get("MYSQL_RANDOM_ROOT_PASSWORD")):
        ctx.err(f"{mysql_stamp(ctx)} [ERROR] [Entrypoint]: Database is uninitialized and password option is not "
                "specified\n    You need to specify one of the following as an environment variable:\n"
                "    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n")
        return 1
    if not initialized:
        ctx.out(f"{mysql_stamp(ctx)} [Note] [Entrypoint]: Initializing database files\n")
        yield Sleep(6)
        ctx.fs.mkdir("/var/lib/mysql/mysql", parents=True)
        ctx.out(f"{mysql_stamp(ctx)} [Note] [Entrypoint]: Database files initialized\n")
        ctx.out(f"{mysql_stamp(ctx)} [Note] [Entrypoint]: Starting temporary server\n")
        yield Sleep(2)
        ctx.out(f"{mysql_stamp(ctx)} [Note] [Entrypoint]: Temporary server started.\n")
        if env.get("MYSQL_DATABASE"):
            ctx.out(f"{mysql_stamp(ctx)} [Note] [Entrypoint]: Creating database {env['MYSQL_DATABASE']}\n")
        ctx.out(f"{mysql_stamp(ctx)} [Note] [Entrypoint]: Stopping temporary server\n")
        yield Sleep(1)
        ctx.out(f"{mysql_stamp(ctx)} [Note] [Entrypoint]: Temporary server stopped\n\n")
        ctx.out(f"{mysql_stamp(ctx)} [Note] [Entrypoint]: MySQL init process done. Ready for start up.\n\n")
    return (yield from _exec(ctx, args))


@program("mysqld")
def mysqld(ctx, argv):
    version = (ctx.container.config.get("version") if ctx.container is not None else None) or "9.1.0"
    ctx.handle("SIGTERM", "SIGINT")
    stamp = ctx.clock.datetime().strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
    ctx.err(f"{stamp} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld {version}) starting as process 1\n")
    yield Sleep(1)
    stamp = ctx.clock.datetime().strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
    ctx.err(f"{stamp} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{version}'  "
            f"socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.\n")
    yield Listen(3306, "TCP", banner="mysql")
    yield Listen(33060, "TCP", banner="mysqlx")
    yield from wait_for_signal("SIGTERM", "SIGINT")
    stamp = ctx.clock.datetime().strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
    ctx.err(f"{stamp} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down "
            f"mysqld (Version: {version}).\n")
    ctx.err(f"{stamp} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld {version})  "
            "MySQL Community Server - GPL.\n")
    return 0


POSTGRES_ERROR = """Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about "trust":
       https://www.postgresql.org/docs/current/auth-trust.html
"""


def postgres_layer(tree, version, tag):
    tree.add("/usr/local/bin/docker-entrypoint.sh", "#!/bin/bash\n", 0o755, BUILD_TIME, program="postgres-entrypoint")
    tree.add("/usr/lib/postgresql/bin/postgres", "", 0o755, BUILD_TIME, program="postgres")
    tree.add("/usr/local/bin/postgres", "", 0o755, BUILD_TIME, program="postgres")
    tree.add_dir("/var/lib/postgresql/data", mtime=BUILD_TIME)


def pg_stamp(ctx):
    moment = ctx.clock.datetime()
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d} UTC"


@program("postgres-entrypoint")
def postgres_entrypoint(ctx, argv):
    args = argv[1:]
    if not args or args[0] != "postgres":
        return (yield from _exec(ctx, args))
    data = ctx.env.get("PGDATA", "/var/lib/postgresql/data")
    if not ctx.fs.exists(data + "/PG_VERSION"):
        if not ctx.env.get("POSTGRES_PASSWORD") and ctx.env.get("POSTGRES_HOST_AUTH_METHOD") != "trust":
            ctx.err(POSTGRES_ERROR)
            return 1
        ctx.out("The files belonging to this database system will be owned by user \"postgres\".\n"
                "This user must also own the server process.\n\n")
        yield Sleep(3)
        ctx.fs.mkdir(data, parents=True)
        ctx.fs.write(data + "/PG_VERSION", "17\n")
        ctx.out("Success. You can now start the database server using:\n\n"
                f"    pg_ctl -D {data} -l logfile start\n\n")
        ctx.out("\nPostgreSQL init process complete; ready for start up.\n\n")
    return (yield from _exec(ctx, args))


@program("postgres")
def postgres(ctx, argv):
    version = (ctx.container.config.get("version") if ctx.container is not None else None) or "17.2"
    ctx.handle("SIGTERM", "SIGINT", "SIGQUIT")
    log = lambda text: ctx.err(f"{pg_stamp(ctx)} [1] LOG:  {text}\n")  # noqa: E731
    log(f"starting PostgreSQL {version} (Debian {version}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc "
        "(Debian 12.2.0-14) 12.2.0, 64-bit")
    log('listening on IPv4 address "0.0.0.0", port 5432')
    log('listening on IPv6 address "::", port 5432')
    log('listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"')
    log("database system is ready to accept connections")
    yield Listen(5432, "TCP", banner="postgres")
    name = yield from wait_for_signal("SIGTERM", "SIGINT", "SIGQUIT")
    mode = {"SIGTERM": "smart", "SIGINT": "fast", "SIGQUIT": "immediate"}[name]
    log(f"received {mode} shutdown request")
    log("database system is shut down")
    return 0


def _exec(ctx, args):
    if not args:
        return 0
    try:
        _, func = resolve(ctx, args[0])
    except NotFound:
        ctx.err(f"/usr/local/bin/docker-entrypoint.sh: line 1: exec: {args[0]}: not found\n")
        return 127
    return (yield from func(ctx, args))


@program("exec-args")
def exec_args(ctx, argv):
    """An entrypoint that just execs its arguments (redis's docker-entrypoint.sh, for our purposes)."""
    return (yield from _exec(ctx, argv[1:]))


@program("curl-entrypoint")
def curl_entrypoint(ctx, argv):
    args = argv[1:]
    if not args or args[0].startswith("-"):
        args = ["curl"] + args
    else:
        try:
            resolve(ctx, args[0])
        except NotFound:
            args = ["curl"] + args
    return (yield from _exec(ctx, args))


POSTGRES_TAGS = {"latest": "17.2", "17": "17.2", "17.2": "17.2", "16": "16.6", "16.6": "16.6", "15": "15.10",
                 "14": "14.15", "13": "13.18", "12": "12.22", "12.4": "12.4", "alpine": "17.2", "16-alpine": "16.6",
                 "15-alpine": "15.10"}
MYSQL_TAGS = {"latest": "9.1.0", "9": "9.1.0", "9.1": "9.1.0", "8.4": "8.4.3", "lts": "8.4.3", "8": "8.4.3",
              "8.0": "8.0.40", "8.0.40": "8.0.40", "5.7": "5.7.44", "5.6": "5.6.51"}
REDIS_TAGS = {"latest": "7.4.1", "7": "7.4.1", "7.4": "7.4.1", "7.4.1": "7.4.1", "7.2": "7.2.6", "6.2": "6.2.16",
              "6": "6.2.16", "5.0.4": "5.0.4", "5": "5.0.14", "alpine": "7.4.1", "7-alpine": "7.4.1"}
HTTPD_TAGS = {"latest": "2.4.62", "2.4": "2.4.62", "2": "2.4.62", "2.4.62": "2.4.62", "alpine": "2.4.62",
              "2.4-alpine": "2.4.62"}


def images():
    path = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
    return [
        Image("docker.io/library/httpd", HTTPD_TAGS, "debian", cmd=["httpd-foreground"],
              env=dict(path, HTTPD_PREFIX="/usr/local/apache2"), layer=httpd_layer, stop_signal="SIGWINCH",
              workdir="/usr/local/apache2", size=58_000_000, ports=[80], memory=11 << 20),
        Image("docker.io/library/redis", REDIS_TAGS, "debian", entrypoint=["docker-entrypoint.sh"],
              cmd=["redis-server"], env=path, layer=redis_layer, workdir="/data", size=45_000_000, ports=[6379], memory=4 << 20),
        Image("docker.io/library/mysql", MYSQL_TAGS, "debian", entrypoint=["docker-entrypoint.sh"], cmd=["mysqld"],
              env=path, layer=mysql_layer, size=170_000_000, ports=[3306, 33060], memory=410 << 20),
        Image("docker.io/library/postgres", POSTGRES_TAGS, "debian", entrypoint=["docker-entrypoint.sh"],
              cmd=["postgres"], env=dict(path, PGDATA="/var/lib/postgresql/data"), layer=postgres_layer,
              stop_signal="SIGINT", size=158_000_000, ports=[5432], memory=38 << 20),
    ]
