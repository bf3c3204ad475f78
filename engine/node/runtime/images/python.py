"""The python image: `python -m http.server` (directory listings, request lines on stderr) and small
`python -c` one-liners (print, time.sleep, sys.exit). stdout is block-buffered without a terminal,
so prints reach `kubectl logs` late unless PYTHONUNBUFFERED is set or -u is given, as on a real node."""
import ast
import html
import operator
import posixpath

from ..context import program
from ..fs import FsError
from ..network import HttpResponse
from ..process import Listen, Sleep
from .base import BUILD_TIME, Image
from .common import wait_for_signal

PYTHON_TAGS = {"latest": "3.13.1", "3": "3.13.1", "3.13": "3.13.1", "3.13-slim": "3.13.1", "slim": "3.13.1",
               "3.12": "3.12.8", "3.12-slim": "3.12.8", "3.11": "3.11.11", "3.11-slim": "3.11.11",
               "3.10": "3.10.16", "3.9": "3.9.21", "alpine": "3.13.1", "3.12-alpine": "3.12.8"}
BUFFER = 8192


class Stdout:
    """Python's sys.stdout: line-buffered on a terminal, else flushed every 8 KiB and at exit."""

    def __init__(self, ctx, unbuffered):
        self.ctx, self.unbuffered, self.pending = ctx, unbuffered, ""

    def write(self, text):
        self.pending += text
        if self.unbuffered or getattr(self.ctx, "tty", False) or len(self.pending) >= BUFFER:
            self.flush()

    def flush(self):
        if self.pending:
            self.ctx.out(self.pending)
            self.pending = ""


OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
       ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}


def value_of(node, env):
    """Literals, names bound by the one-liner, arithmetic and string concatenation: nothing else runs."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in env:
        return env[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in OPS:
        left, right = value_of(node.left, env), value_of(node.right, env)
        if isinstance(node.op, ast.Pow) and abs(right) > 1000:
            raise ValueError("exponent too large")
        return OPS[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -value_of(node.operand, env)
    if isinstance(node, ast.JoinedStr):
        return "".join(str(value_of(v.value if isinstance(v, ast.FormattedValue) else v, env)) for v in node.values)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [value_of(e, env) for e in node.elts]
    raise ValueError("unsupported")


def call_name(node):
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return f"{func.value.id}.{func.attr}"
    return ""


def run_code(ctx, source, out, filename="<string>"):
    """Run the supported subset; returns the exit status (1 with a traceback for anything else)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        ctx.err(f'  File "{filename}", line {err.lineno}\n    {(err.text or "").strip()}\n'
                f"SyntaxError: {err.msg}\n")
        return 1
    env = {}
    for statement in tree.body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            continue
        try:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and \
                    isinstance(statement.targets[0], ast.Name):
                env[statement.targets[0].id] = value_of(statement.value, env)
                continue
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
                call = statement.value
                name = call_name(call)
                args = [value_of(a, env) for a in call.args]
                if name == "print":
                    sep = " "
                    end = "\n"
                    for kw in call.keywords:
                        if kw.arg in ("sep", "end"):
                            sep, end = (value_of(kw.value, env), end) if kw.arg == "sep" else (sep, value_of(kw.value, env))
                        if kw.arg == "flush" and value_of(kw.value, env):
                            out.write(sep.join(str(a) for a in args) + end)
                            out.flush()
                            break
                    else:
                        out.write(sep.join(str(a) for a in args) + end)
                    continue
                if name == "time.sleep":
                    yield Sleep(float(args[0]))
                    continue
                if name in ("sys.exit", "exit", "quit"):
                    return int(args[0]) if args and isinstance(args[0], int) else (0 if not args else 1)
            raise ValueError("unsupported")
        except (ValueError, TypeError, ArithmeticError, IndexError):
            line = ast.get_source_segment(source, statement) or ""
            ctx.err(f"Traceback (most recent call last):\n  File \"{filename}\", line {statement.lineno}, in <module>\n"
                    f"    {line}\nRuntimeError: not supported by the simulated python: {line}\n")
            return 1
    return 0


def directory_listing(path, names):
    title = html.escape(f"Directory listing for {path}")
    items = "".join(f'<li><a href="{n}">{html.escape(n)}</a></li>\n' for n in names)
    return (f'<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f"</head>\n<body>\n<h1>{title}</h1>\n<hr>\n<ul>\n{items}</ul>\n<hr>\n</body>\n</html>\n")


def http_server(ctx, args, out):
    port, bind, directory = 8000, "0.0.0.0", ctx.cwd
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg in ("--bind", "-b") and rest:
            bind = rest.pop(0)
        elif arg in ("--directory", "-d") and rest:
            directory = ctx.path(rest.pop(0))
        elif arg.isdigit():
            port = int(arg)
    ctx.handle("SIGINT")  # KeyboardInterrupt; SIGTERM has no handler: as PID 1, python ignores it

    def log(request, status):
        stamp = ctx.clock.datetime().strftime("%d/%b/%Y %H:%M:%S")
        ctx.err(f'{request.remote_addr or "127.0.0.1"} - - [{stamp}] "{request.method} {request.path} HTTP/1.1" '
                f"{status} -\n")

    def handle(request):
        path = request.path.split("?", 1)[0]
        target = posixpath.normpath(posixpath.join(directory, path.lstrip("/")))
        try:
            node = ctx.fs.node(target)
        except FsError:
            ctx.err(f'{request.remote_addr or "127.0.0.1"} - - [{ctx.clock.datetime().strftime("%d/%b/%Y %H:%M:%S")}]'
                    f' code 404, message File not found\n')
            log(request, 404)
            return HttpResponse(404, "", {"Server": "SimpleHTTP/0.6 Python/3.13.1"})
        if node.is_dir:
            if ctx.fs.exists(target + "/index.html"):
                body = ctx.fs.read(target + "/index.html")
            else:
                names = [n + ("/" if ctx.fs.is_dir(posixpath.join(target, n)) else "")
                         for n in sorted(ctx.fs.listdir(target), key=str.lower)]
                body = directory_listing(path, names)
        else:
            body = node.data
        log(request, 200)
        return HttpResponse(200, body, {"Server": "SimpleHTTP/0.6 Python/3.13.1"})

    out.write(f"Serving HTTP on {bind} port {port} (http://{bind}:{port}/) ...\n")
    yield Listen(port, "TCP", http=handle)
    yield from wait_for_signal("SIGINT")
    out.write("\nKeyboard interrupt received, exiting.\n")
    return 0


@program("python")
def python(ctx, argv):
    args = argv[1:]
    version = (ctx.container.config.get("version") if ctx.container is not None else None) or "3.13.1"
    unbuffered = bool(ctx.env.get("PYTHONUNBUFFERED"))
    while args and args[0].startswith("-") and args[0] not in ("-c", "-m", "-"):
        flag = args.pop(0)
        if flag in ("-V", "--version"):
            ctx.out(f"Python {version}\n")
            return 0
        unbuffered = unbuffered or "u" in flag
    out = Stdout(ctx, unbuffered)
    try:
        if args[:1] == ["-m"] and args[1:2] == ["http.server"]:
            return (yield from http_server(ctx, args[2:], out))
        if args[:1] == ["-m"]:
            ctx.err(f"{argv[0].rsplit('/', 1)[-1]}: No module named {args[1] if len(args) > 1 else ''}\n")
            return 1
        if args[:1] == ["-c"]:
            return (yield from run_code(ctx, args[1] if len(args) > 1 else "", out))
        if args and args[0] != "-":
            try:
                source = ctx.fs.read(ctx.path(args[0]))
            except FsError as err:
                ctx.err(f"{argv[0].rsplit('/', 1)[-1]}: can't open file '{ctx.path(args[0])}': "
                        f"[Errno 2] {err.strerror}\n")
                return 2
            return (yield from run_code(ctx, source, out, args[0]))
        return (yield from run_code(ctx, ctx.read_all(), out, "<stdin>"))
    finally:
        out.flush()


def layer(tree, version, tag):
    for name in ("python", "python3", f"python{'.'.join(version.split('.')[:2])}"):
        tree.add("/usr/local/bin/" + name, "", 0o755, BUILD_TIME, program="python")


def images():
    env = lambda version: {"PATH": "/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",  # noqa: E731
                           "LANG": "C.UTF-8", "PYTHON_VERSION": version}
    return [Image("docker.io/library/python", PYTHON_TAGS, "debian", cmd=["python3"], env=env, layer=layer,
                  size=49_000_000, memory=9 << 20)]
