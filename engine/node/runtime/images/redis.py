"""The redis image: redis-server's startup banner, port 6379, the shutdown lines on SIGTERM, and a
redis-cli that answers PING."""
from ..context import program
from ..network import NetError
from ..process import Listen
from .base import BUILD_TIME, Image
from .common import wait_for_signal

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


REDIS_TAGS = {"latest": "7.4.1", "7": "7.4.1", "7.4": "7.4.1", "7.4.1": "7.4.1", "7.2": "7.2.6", "6.2": "6.2.16",
              "6": "6.2.16", "5.0.4": "5.0.4", "5": "5.0.14", "alpine": "7.4.1", "7-alpine": "7.4.1"}


def images():
    path = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
    return [
        Image("docker.io/library/redis", REDIS_TAGS, "debian", entrypoint=["docker-entrypoint.sh"],
              cmd=["redis-server"], env=path, layer=redis_layer, workdir="/data", size=45_000_000, ports=[6379], memory=4 << 20),
    ]
