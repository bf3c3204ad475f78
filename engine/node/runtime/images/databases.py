"""The mysql and postgres images: their entrypoints' real complaints when the password variables are
missing, initialization in virtual time, then mysqld on 3306 and postgres on 5432."""
from ..context import program
from ..process import Listen, Sleep
from .base import BUILD_TIME, Image
from .common import wait_for_signal
from .entrypoints import exec_command

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
        return (yield from exec_command(ctx, args))
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
    return (yield from exec_command(ctx, args))


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
        return (yield from exec_command(ctx, args))
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
    return (yield from exec_command(ctx, args))


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


POSTGRES_TAGS = {"latest": "17.2", "17": "17.2", "17.2": "17.2", "16": "16.6", "16.6": "16.6", "15": "15.10",
                 "14": "14.15", "13": "13.18", "12": "12.22", "12.4": "12.4", "alpine": "17.2", "16-alpine": "16.6",
                 "15-alpine": "15.10"}
MYSQL_TAGS = {"latest": "9.1.0", "9": "9.1.0", "9.1": "9.1.0", "8.4": "8.4.3", "lts": "8.4.3", "8": "8.4.3",
              "8.0": "8.0.40", "8.0.40": "8.0.40", "5.7": "5.7.44", "5.6": "5.6.51"}


def images():
    path = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
    return [
        Image("docker.io/library/mysql", MYSQL_TAGS, "debian", entrypoint=["docker-entrypoint.sh"], cmd=["mysqld"],
              env=path, layer=mysql_layer, size=170_000_000, ports=[3306, 33060], memory=410 << 20),
        Image("docker.io/library/postgres", POSTGRES_TAGS, "debian", entrypoint=["docker-entrypoint.sh"],
              cmd=["postgres"], env=dict(path, PGDATA="/var/lib/postgresql/data"), layer=postgres_layer,
              stop_signal="SIGINT", size=158_000_000, ports=[5432], memory=38 << 20),
    ]
