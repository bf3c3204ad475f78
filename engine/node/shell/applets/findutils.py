"""find and xargs as busybox 1.36.1 and GNU findutils 4.9 (Debian) behave: find walks directories in the order
the filesystem lists them (the order `ls -f` and `ls` show here: sorted), tests and actions combine with
!, -a, -o and parentheses; xargs batches stdin words into command lines."""
import fnmatch
import posixpath
import re

from ...runtime.context import NotFound, program, resolve
from ...runtime.fs import FsError
from ...runtime.process import Input
from .busybox_usage import USAGE
from .common import BUSYBOX_USAGE, gnu
from .regex import translate

TYPES = {"file": "f", "dir": "d", "link": "l"}


class FindError(Exception):
    pass


def quote(ctx, text):
    return f"'{text}'" if gnu(ctx) else text


def run_command(ctx, argv, stdin=""):
    """Run argv as a child command of ctx (its output goes to ctx's streams); returns its exit code."""
    try:
        _, func = resolve(ctx, argv[0])
    except NotFound:
        return None
    code = yield from func(ctx.derive(stdin=Input(stdin)), list(argv))
    return code or 0


class Find:
    """One find invocation: the parsed expression (a tree of tuples) evaluated per file."""

    def __init__(self, ctx, args):
        self.ctx, self.args, self.i = ctx, args, 0
        self.maxdepth, self.mindepth, self.depth_first = None, 0, False
        self.has_action = False
        self.batches = []  # -exec ... + commands: [argv template, collected names]
        self.status = 0

    def missing(self, option):
        if gnu(self.ctx):
            raise FindError(f"missing argument to `{option}'")
        raise FindError(f"{option} requires an argument")

    def take(self, option):
        if self.i >= len(self.args):
            self.missing(option)
        value = self.args[self.i]
        self.i += 1
        return value

    def parse(self):
        if self.i >= len(self.args):
            return ("true",)
        node = self.parse_or()
        if self.i < len(self.args):
            raise FindError(f"unexpected `{self.args[self.i]}'" if gnu(self.ctx) else "unpaired '('")
        return node

    def parse_or(self):
        node = self.parse_and()
        while self.i < len(self.args) and self.args[self.i] in ("-o", "-or"):
            self.i += 1
            node = ("or", node, self.parse_and())
        return node

    def parse_and(self):
        node = self.parse_not()
        while self.i < len(self.args) and self.args[self.i] not in ("-o", "-or", ")"):
            if self.args[self.i] in ("-a", "-and"):
                self.i += 1
            node = ("and", node, self.parse_not())
        return node

    def parse_not(self):
        if self.i < len(self.args) and self.args[self.i] in ("!", "-not"):
            self.i += 1
            return ("not", self.parse_not())
        return self.primary()

    def primary(self):
        arg = self.take("(")
        if arg == "(":
            node = self.parse_or()
            if self.i >= len(self.args) or self.args[self.i] != ")":
                raise FindError("invalid expression; I was expecting to find a ')' somewhere but did not see one."
                                if gnu(self.ctx) else "unpaired '('")
            self.i += 1
            return node
        if arg in ("-name", "-iname", "-path", "-ipath", "-wholename", "-regex", "-newer", "-user", "-group"):
            value = self.take(arg)
            if arg == "-regex":
                return ("regex", re.compile(translate(value, False) + r"\Z", re.S))
            if arg == "-newer":
                try:
                    return ("newer", self.ctx.fs.node(self.ctx.path(value)).mtime)
                except FsError as err:
                    raise FindError(f"'{value}': {err.strerror}" if gnu(self.ctx) else
                                    f"can't stat '{value}': {err.strerror}")
            return (arg[1:], value)
        if arg == "-type":
            value = self.take(arg)
            if value not in ("f", "d", "l", "b", "c", "p", "s"):
                raise FindError(f"Unknown argument to -type: {value}" if gnu(self.ctx) else
                                f"invalid argument '{value}' to '-type'")
            return ("type", value)
        if arg in ("-maxdepth", "-mindepth"):
            value = self.take(arg)
            if not value.isdigit():
                raise FindError(f"Expected a positive decimal integer argument to {arg}, but got `{value}'"
                                if gnu(self.ctx) else f"invalid number '{value}'")
            setattr(self, arg[1:], int(value))
            return ("true",)
        if arg in ("-depth", "-d"):
            self.depth_first = True
            return ("true",)
        if arg in ("-xdev", "-follow"):
            return ("true",)
        if arg in ("-size", "-mtime", "-mmin", "-perm"):
            value = self.take(arg)
            if arg == "-perm":
                return ("perm", value)
            m = re.fullmatch(r"([+-]?)(\d+)([bckMGw]?)" if arg == "-size" else r"([+-]?)(\d+)()", value)
            if not m:
                raise FindError(f"invalid argument `{value}' to `{arg}'" if gnu(self.ctx) else
                                f"invalid number '{value}'")
            return (arg[1:], m.group(1), int(m.group(2)), m.group(3))
        if arg in ("-print", "-print0", "-delete", "-quit"):
            self.has_action = True
            if arg == "-delete":
                self.depth_first = True
            return (arg[1:],)
        if arg in ("-empty", "-executable", "-prune", "-true", "-false"):
            return (arg[1:],)
        if arg in ("-exec", "-ok"):
            return self.exec_action(arg)
        if gnu(self.ctx):
            raise FindError(f"unknown predicate `{arg}'" if arg.startswith("-") else
                            f"paths must precede expression: `{arg}'")
        raise FindError(f"unrecognized: {arg}", True)

    def exec_action(self, option):
        self.has_action = True
        template = []
        while self.i < len(self.args):
            word = self.args[self.i]
            self.i += 1
            if word == ";" or (word == "+" and template and template[-1] == "{}"):
                if not template:
                    self.missing(option)
                if word == "+":
                    self.batches.append([template[:-1], []])
                    return ("batch", len(self.batches) - 1)
                return ("exec", template)
            template.append(word)
        self.missing(option)

    # -- evaluation (a generator: -exec runs commands)
    def test(self, node, path, info, depth):
        kind = node[0]
        if kind == "and":
            left = yield from self.test(node[1], path, info, depth)
            return left and (yield from self.test(node[2], path, info, depth))
        if kind == "or":
            left = yield from self.test(node[1], path, info, depth)
            return left or (yield from self.test(node[2], path, info, depth))
        if kind == "not":
            return not (yield from self.test(node[1], path, info, depth))
        if kind == "exec":
            argv = [word.replace("{}", path) for word in node[1]]
            code = yield from run_command(self.ctx, argv)
            if code is None:
                self.ctx.err(f"find: '{argv[0]}': No such file or directory\n" if gnu(self.ctx) else
                             f"find: {argv[0]}: No such file or directory\n")
                self.status = 1
                return False
            return code == 0
        if kind == "batch":
            self.batches[node[1]][1].append(path)
            return True
        if kind == "delete":
            try:
                self.ctx.fs.remove(self.ctx.path(path))
            except FsError as err:
                self.status = 1
                self.ctx.err(f"find: cannot delete {quote(self.ctx, path)}: {err.strerror}\n" if gnu(self.ctx)
                             else f"find: {path}: {err.strerror}\n")
            return True
        if kind == "quit":
            raise StopIteration_()
        return self.check(node, path, info)

    def check(self, node, path, info):
        kind, name = node[0], posixpath.basename(path.rstrip("/")) or path
        if kind == "true":
            return True
        if kind == "false":
            return False
        if kind == "print":
            self.ctx.out(path + "\n")
            return True
        if kind == "print0":
            self.ctx.out(path + "\0")
            return True
        if kind in ("name", "iname"):
            fold = str.lower if kind == "iname" else str
            return fnmatch.fnmatchcase(fold(name), fold(node[1]))
        if kind in ("path", "ipath", "wholename"):
            fold = str.lower if kind == "ipath" else str
            return fnmatch.fnmatchcase(fold(path), fold(node[1]))
        if kind == "regex":
            return node[1].match(path) is not None
        if kind == "type":
            return TYPES.get(info.kind) == node[1]
        if kind == "newer":
            return info.mtime > node[1]
        if kind == "empty":
            return (not info.entries) if info.is_dir else info.kind == "file" and info.size == 0
        if kind == "executable":
            return bool(info.mode & 0o111)
        if kind == "prune":
            self.pruned = True
            return True
        if kind in ("user", "group"):
            owner = info.uid if kind == "user" else info.gid
            return node[1] in (str(owner), "root" if owner == 0 else None)
        if kind == "perm":
            return self.perm(node[1], info.mode & 0o7777)
        sign, value, unit = node[1], node[2], node[3]
        if kind == "size":
            scale = {"": 512, "b": 512, "c": 1, "w": 2, "k": 1024, "M": 1 << 20, "G": 1 << 30}[unit]
            actual = -(-info.size // scale)
        else:
            age = self.ctx.clock.now - info.mtime
            actual = int(age // (86400 if kind == "mtime" else 60))
        return actual > value if sign == "+" else actual < value if sign == "-" else actual == value

    @staticmethod
    def perm(spec, mode):
        want = int(spec.lstrip("-+/"), 8) if spec.lstrip("-+/").isdigit() else 0
        if spec[:1] == "-":
            return mode & want == want
        if spec[:1] in ("+", "/"):
            return bool(mode & want) or want == 0
        return mode == want


class StopIteration_(Exception):
    """-quit: stop the whole walk."""


def walk(find, expr, path, depth):
    ctx = find.ctx
    try:
        info = ctx.fs.node(ctx.path(path), follow=False)
    except FsError as err:
        find.status = 1
        ctx.err(f"find: {quote(ctx, path)}: {err.strerror}\n")
        return
    find.pruned = False
    act = depth >= find.mindepth
    if act and not find.depth_first:
        yield from find.test(expr, path, info, depth)
    if info.is_dir and not find.pruned and (find.maxdepth is None or depth < find.maxdepth):
        try:
            names = ctx.fs.listdir(ctx.path(path))
        except FsError as err:
            find.status = 1
            ctx.err(f"find: {quote(ctx, path)}: {err.strerror}\n")
            names = []
        for name in names:
            yield from walk(find, expr, posixpath.join(path, name) if path != "/" else "/" + name, depth + 1)
    if act and find.depth_first:
        yield from find.test(expr, path, info, depth)


@program("find")
def find(ctx, argv):
    args = argv[1:]
    if args[:1] == ["--help"]:
        ctx.err(BUSYBOX_USAGE.format(USAGE["find"]))
        return 0
    while args and args[0] in ("-H", "-L", "-P"):
        args.pop(0)
    paths = []
    while args and (not args[0].startswith("-") or args[0] == "-") and args[0] not in ("!", "("):
        paths.append(args.pop(0))
    search = Find(ctx, args)
    try:
        expr = search.parse()
    except FindError as err:
        ctx.err(f"find: {err.args[0]}\n")
        if len(err.args) > 1:
            ctx.err(BUSYBOX_USAGE.format(USAGE["find"]))
        return 1
    if not search.has_action:
        expr = ("and", expr, ("print",))
    try:
        for path in paths or ["."]:
            yield from walk(search, expr, path, 0)
    except StopIteration_:
        pass
    for template, names in search.batches:
        if names:
            code = yield from run_command(ctx, template + names)
            if code:
                search.status = 1
    return search.status


def xargs_words(text, null, eof):
    if null:
        return [w for w in text.split("\0") if w != ""]
    words = []
    for line in text.split("\n"):
        for m in re.finditer(r"""(?:'[^']*'|"[^"]*"|\\.|[^\s'"\\])+""", line):
            word = re.sub(r"""'([^']*)'|"([^"]*)"|\\(.)""", lambda g: g.group(1) or g.group(2) or g.group(3) or "",
                          m.group())
            if eof is not None and word == eof:
                return words
            words.append(word)
    return words


@program("xargs")
def xargs(ctx, argv):
    args, opts = argv[1:], {}
    while args and args[0].startswith("-") and len(args[0]) > 1:
        arg = args.pop(0)
        if arg == "--":
            break
        if arg == "--help":
            ctx.err(BUSYBOX_USAGE.format(USAGE["xargs"]))
            return 0
        j = 1
        while j < len(arg):
            ch = arg[j]
            j += 1
            if ch in "nIsPaLE":
                value = arg[j:] or (args.pop(0) if args else None)
                if value is None:
                    ctx.err(f"xargs: option requires an argument -- '{ch}'\n" +
                            ("Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nTry 'xargs --help' for more "
                             "information.\n" if gnu(ctx) else BUSYBOX_USAGE.format(USAGE["xargs"])))
                    return 1
                opts[ch] = value
                break
            if ch in "0rtxop":
                opts[ch] = True
            elif ch == "i":
                opts["I"] = arg[j:] or "{}"
                break
            else:
                ctx.err(f"xargs: invalid option -- '{ch}'\n" +
                        ("Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nTry 'xargs --help' for more "
                         "information.\n" if gnu(ctx) else BUSYBOX_USAGE.format(USAGE["xargs"])))
                return 1
    command = args or ["echo"]
    text = ctx.read_all() if "a" not in opts else _read(ctx, opts["a"])
    if text is None:
        return 1
    if "I" in opts:
        items = [line for line in text.split("\n") if line.strip()]
        batches = [[word.replace(opts["I"], item) for word in command] for item in items]
    else:
        words = xargs_words(text, "0" in opts, opts.get("E"))
        size = int(opts["n"]) if "n" in opts and opts["n"].isdigit() else None
        if "n" in opts and not size:
            ctx.err(f"xargs: invalid number '{opts['n']}'\n" if not gnu(ctx) else
                    f"xargs: value {opts['n']} for -n option should be >= 1\n")
            return 1
        chunks = [words[i:i + size] for i in range(0, len(words), size)] if size else [words]
        if not words and "r" in opts:
            chunks = []
        batches = [command + chunk for chunk in chunks]
    status = 0
    for batch in batches:
        if "t" in opts:
            ctx.err(" ".join(batch) + "\n")
        code = yield from run_command(ctx, batch)
        if code is None:
            ctx.err(f"xargs: {batch[0]}: No such file or directory\n")
            return 127
        if code == 255:
            ctx.err(f"xargs: {batch[0]}: exited with status 255; aborting\n")
            return 124
        if code:
            status = 123
    return status


def _read(ctx, name):
    try:
        return ctx.fs.read(ctx.path(name))
    except FsError as err:
        ctx.err(f"xargs: cannot open {quote(ctx, name)}: {err.strerror}\n" if gnu(ctx) else
                f"xargs: can't open '{name}': {err.strerror}\n")
        return None
