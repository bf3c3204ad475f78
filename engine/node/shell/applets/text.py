"""Text applets: echo, printf, test/[, true/false, grep, head, tail (-f follows in virtual time), wc,
seq, expr, tee, sort, uniq, cut, tr, basename, dirname, yes."""
import posixpath
import re

from ...runtime.context import program
from ...runtime.fs import FsError
from ...runtime.process import Sleep
from .common import BUSYBOX_USAGE, flags, gnu, number, options, read_inputs
from .regex import translate

ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "a": "\a", "b": "\b", "r": "\r", "v": "\v", "f": "\f", "e": "\x1b"}


def unescape(text):
    """Backslash escapes as echo -e and printf's format interpret them; None marks \\c (stop output)."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in ESCAPES:
                out.append(ESCAPES[nxt])
                i += 2
                continue
            if nxt == "c":
                return "".join(out), True
            if nxt == "0" or nxt.isdigit():
                m = re.match(r"0?([0-7]{1,3})", text[i + 1:])
                out.append(chr(int(m.group(1), 8)))
                i += 1 + len(m.group(0))
                continue
        out.append(c)
        i += 1
    return "".join(out), False


@program("echo")
def echo(ctx, argv):
    # dash's builtin echo (Debian's /bin/sh) knows only -n and always interprets backslash escapes
    dash = getattr(ctx, "shell", None) == "dash"
    args, newline, escapes = argv[1:], True, dash
    while args and re.fullmatch(r"-n" if dash else r"-[neE]+", args[0]):
        flag = args.pop(0)
        newline = newline and "n" not in flag
        escapes = ("e" in flag) or (escapes and "E" not in flag)
    text = " ".join(args)
    if escapes:
        text, stop = unescape(text)
        if stop:
            newline = False
    ctx.out(text + ("\n" if newline else ""))
    return 0
    yield


@program("printf")
def printf(ctx, argv):
    if len(argv) < 2:
        ctx.err("printf: usage: printf format [arguments]\n" if gnu(ctx) else
                "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: printf FORMAT [ARG]...\n")
        return 2 if gnu(ctx) else 1
    fmt, args = argv[1], list(argv[2:])
    status = 0
    while True:
        text, used, bad = _format(fmt, args)
        status = status or bad
        ctx.out(text)
        args = args[used:]
        if not args or not used:
            break
    return status
    yield


def _format(fmt, args):
    out, i, used, bad = [], 0, 0, 0
    spec = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\d+))?([sdiouxXfeEgGcb%])")
    while i < len(fmt):
        if fmt[i] == "\\":
            m = re.match(r"\\(0?[0-7]{1,3}|.)", fmt[i:])
            chunk, _ = unescape(m.group(0)) if m else ("\\", False)
            out.append(chunk)
            i += len(m.group(0)) if m else 1
            continue
        m = spec.match(fmt, i) if fmt[i] == "%" else None
        if not m:
            out.append(fmt[i])
            i += 1
            continue
        i = m.end()
        flags_, width, prec, conv = m.groups()
        if conv == "%":
            out.append("%")
            continue
        arg = args[used] if used < len(args) else ""
        used += 1
        pyfmt = "%" + flags_ + (width or "") + (f".{prec}" if prec is not None else "")
        if conv in "diouxX":
            try:
                value = int(arg, 0) if arg.strip() else 0
            except ValueError:
                try:
                    value = int(float(arg))
                except ValueError:
                    value, bad = 0, 1
            out.append((pyfmt + ("d" if conv in "iu" else conv)) % value)
        elif conv in "feEgG":
            try:
                value = float(arg) if arg else 0.0
            except ValueError:
                value, bad = 0.0, 1
            out.append((pyfmt + conv) % value)
        elif conv == "c":
            out.append((pyfmt + "s") % arg[:1])
        elif conv == "b":
            out.append((pyfmt + "s") % unescape(arg)[0])
        else:
            out.append((pyfmt + "s") % arg)
    return "".join(out), used, bad


@program("true", ":")
def true(ctx, argv):
    return 0
    yield


@program("false")
def false(ctx, argv):
    return 1
    yield


class _TestError(Exception):
    pass


def _unary(ctx, op, arg):
    fs = ctx.fs
    path = ctx.path(arg) if arg else ""
    try:
        node = fs.node(path) if arg else None
    except FsError:
        node = None
    checks = {"-e": node is not None, "-f": node is not None and node.kind == "file",
              "-d": node is not None and node.is_dir, "-s": node is not None and node.size > 0,
              "-r": node is not None, "-w": node is not None and not fs.read_only(path),
              "-x": node is not None and bool(node.mode & 0o111), "-L": arg and _is_link(fs, path),
              "-h": arg and _is_link(fs, path), "-z": arg == "", "-n": arg != ""}
    return bool(checks[op])


def _is_link(fs, path):
    try:
        return fs.node(path, follow=False).kind == "link"
    except FsError:
        return False


def _int(value):
    try:
        return int(value.strip())
    except ValueError:
        raise _TestError(f"{value}: bad number")


def _binary(a, op, b):
    if op in ("=", "=="):
        return a == b
    if op == "!=":
        return a != b
    if op in ("<", ">"):
        return a < b if op == "<" else a > b
    x, y = _int(a), _int(b)
    return {"-eq": x == y, "-ne": x != y, "-lt": x < y, "-le": x <= y, "-gt": x > y, "-ge": x >= y}[op]


UNARY = {"-e", "-f", "-d", "-s", "-r", "-w", "-x", "-L", "-h", "-z", "-n"}
BINARY = {"=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge"}


def evaluate_test(ctx, args):
    pos = 0

    def expr():
        nonlocal pos
        value = and_expr()
        while pos < len(args) and args[pos] == "-o":
            pos += 1
            right = and_expr()
            value = value or right
        return value

    def and_expr():
        nonlocal pos
        value = primary()
        while pos < len(args) and args[pos] == "-a":
            pos += 1
            right = primary()
            value = value and right
        return value

    def primary():
        nonlocal pos
        if pos >= len(args):
            raise _TestError("argument expected")
        tok = args[pos]
        if tok == "!":
            pos += 1
            return not primary()
        if tok == "(":
            pos += 1
            value = expr()
            if pos >= len(args) or args[pos] != ")":
                raise _TestError("closing paren expected")
            pos += 1
            return value
        if pos + 2 < len(args) and args[pos + 1] in BINARY:
            a, op, b = args[pos:pos + 3]
            pos += 3
            return _binary(a, op, b)
        if tok in UNARY and pos + 1 < len(args):
            pos += 2
            return _unary(ctx, tok, args[pos - 1])
        pos += 1
        return tok != ""

    if not args:
        return False
    value = expr()
    if pos != len(args):
        raise _TestError(f"{args[pos]}: unknown operand")
    return value


@program("test", "[", "[[")
def test(ctx, argv):
    name = argv[0].rsplit("/", 1)[-1]
    args = list(argv[1:])
    # ash runs test as a builtin, so its messages carry the shell's name; dash adds the line and "[".
    prefix = "sh: 1: [: " if gnu(ctx) else "sh: "
    if name in ("[", "[["):
        closing = "]" if name == "[" else "]]"
        if not args or args[-1] != closing:
            ctx.err(prefix + f"missing {closing}\n")
            return 2
        args = args[:-1]
    try:
        return 0 if evaluate_test(ctx, args) else 1
    except _TestError as err:
        text = str(err)
        if gnu(ctx) and text.endswith(": bad number"):
            text = "Illegal number: " + text[: -len(": bad number")]
        ctx.err(prefix + text + "\n")
        return 2
    yield


@program("grep", "egrep", "fgrep")
def grep(ctx, argv):
    opts, args = options(argv[1:], with_value="em", letters="")
    patterns = [opts["e"]] if "e" in opts else []
    if not patterns:
        if not args:
            ctx.err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n")
            return 2
        patterns = [args.pop(0)]
    fixed = "F" in opts or argv[0].endswith("fgrep")
    extended = "E" in opts or argv[0].endswith("egrep")
    flags_ = re.I if "i" in opts else 0
    regexes = []
    for pattern in patterns:
        text = re.escape(pattern) if fixed else translate(pattern, extended)
        try:
            regexes.append(re.compile(text, flags_))
        except re.error:
            regexes.append(re.compile(re.escape(pattern), flags_))
    inputs, status = read_inputs(ctx, "grep", args)
    many = len(inputs) > 1
    found = 0
    for name, text in inputs:
        count = 0
        for lineno, line in enumerate(text.splitlines(), 1):
            hit = any((r.fullmatch(line) if "x" in opts else r.search(line)) for r in regexes)
            if hit == ("v" not in opts):
                count += 1
                if "q" in opts:
                    return 0
                if "c" in opts or "l" in opts:
                    continue
                prefix = (f"{name}:" if many else "") + (f"{lineno}:" if "n" in opts else "")
                if "o" in opts:
                    for r in regexes:
                        for m in r.finditer(line):
                            ctx.out(prefix + m.group(0) + "\n")
                else:
                    ctx.out(prefix + line + "\n")
        if "c" in opts:
            ctx.out((f"{name}:" if many else "") + f"{count}\n")
        if "l" in opts and count:
            ctx.out(name + "\n")
        found += count
    if status and "s" not in opts:
        return 2
    return 0 if found else 1
    yield


@program("head")
def head(ctx, argv):
    args = [("-n" + a[1:]) if re.fullmatch(r"-\d+", a) else a for a in argv[1:]]
    opts, names = options(args, with_value="nc")
    inputs, status = read_inputs(ctx, "head", names)
    for index, (name, text) in enumerate(inputs):
        if len(inputs) > 1:
            ctx.out(("\n" if index else "") + f"==> {name} <==\n")
        if "c" in opts:
            size = number(ctx, "head", opts["c"])
            if size is None:
                return 1
            ctx.out(text[:size])
            continue
        count = number(ctx, "head", opts.get("n", 10))
        if count is None:
            return 1
        lines = text.splitlines(keepends=True)
        ctx.out("".join(lines[:count] if count >= 0 else lines[:count]))
    return status
    yield


@program("tail")
def tail(ctx, argv):
    args = [("-n" + a[1:]) if re.fullmatch(r"-\d+", a) else a for a in argv[1:]]
    opts, names = options(args, with_value="nc", letters="fFq")
    follow = "f" in opts or "F" in opts
    spec = str(opts.get("n", "10"))
    if number(ctx, "tail", spec.lstrip("+")) is None:
        return 1
    inputs, status = read_inputs(ctx, "tail", [n for n in names])
    for index, (name, text) in enumerate(inputs):
        if len(inputs) > 1:
            ctx.out(("\n" if index else "") + f"==> {name} <==\n")
        lines = text.splitlines(keepends=True)
        if spec.startswith("+"):
            ctx.out("".join(lines[max(int(spec[1:]) - 1, 0):]))
        else:
            count = abs(int(spec))
            ctx.out("".join(lines[-count:] if count else []))
    if not follow or not names:
        return status
    sizes = {name: len(text) for name, text in inputs}
    if "F" in opts:  # follow by name: files that don't exist yet are read from their start once they appear
        for name in names:
            sizes.setdefault(name, 0)
    while True:  # poll once a second, as busybox tail -f does
        yield Sleep(1.0)
        for name in names:
            try:
                text = ctx.fs.read(ctx.path(name))
            except FsError:
                continue
            seen = sizes.get(name, 0)
            if len(text) < seen:
                seen = 0
            if len(text) > seen:
                ctx.out(text[seen:])
            sizes[name] = len(text)


@program("wc")
def wc(ctx, argv):
    opts, names = flags(argv[1:], "lwcm")
    inputs, status = read_inputs(ctx, "wc", names)
    wanted = [k for k in "lwmc" if k in opts] or ["l", "w", "c"]
    # busybox: %9u columns, except one count for at most one file, which prints bare
    first = "{}" if len(wanted) == 1 and len(names) <= 1 else "{:>9}"
    totals = dict.fromkeys("lwmc", 0)
    for name, text in inputs:
        counts = {"l": text.count("\n"), "w": len(text.split()), "m": len(text), "c": len(text.encode())}
        for k in totals:
            totals[k] += counts[k]
        ctx.out(_wc_line(first, [counts[k] for k in wanted], name if names else None))
    if len(inputs) > 1:
        ctx.out(_wc_line(first, [totals[k] for k in wanted], "total"))
    return status
    yield


def _wc_line(first, values, name):
    text = first.format(values[0]) + "".join(f" {v:>9}" for v in values[1:])
    return text + (f" {name}\n" if name else "\n")


@program("seq")
def seq(ctx, argv):
    opts, nums = options(argv[1:], with_value="s")
    if not nums or len(nums) > 3:
        ctx.err(BUSYBOX_USAGE.format("seq [-w] [-s SEP] [FIRST [INC]] LAST") if not gnu(ctx)
                else "seq: missing operand\nTry 'seq --help' for more information.\n")
        return 1
    try:
        values = [float(n) if "." in n else int(n) for n in nums]
    except ValueError:
        bad = next(n for n in nums if not re.fullmatch(r"-?\d+(\.\d+)?", n))
        ctx.err(f"seq: invalid number '{bad}'\n" if not gnu(ctx) else f"seq: invalid floating point argument: '{bad}'\n")
        return 1
    first, step, last = (1, 1, values[0]) if len(values) == 1 else (values[0], 1, values[1]) if len(values) == 2 \
        else tuple(values[:3])
    sep = opts.get("s", "\n")
    out, value, count = [], first, 0
    while (step > 0 and value <= last) or (step < 0 and value >= last):
        out.append(str(value))
        value += step
        count += 1
        if count > 1_000_000:
            break
    if out:
        ctx.out(sep.join(out) + "\n")
    return 0
    yield


@program("expr")
def expr(ctx, argv):
    try:
        value = _Expr(argv[1:]).parse()
    except _TestError as err:
        ctx.err(f"expr: {err}\n")
        return 2
    ctx.out(f"{value}\n")
    return 0 if value not in ("", "0", 0) else 1
    yield


class _Expr:
    LEVELS = [("|",), ("&",), ("=", "!=", "<", "<=", ">", ">="), ("+", "-"), ("*", "/", "%"), (":",)]

    def __init__(self, toks):
        self.toks, self.pos = toks, 0

    def parse(self):
        value = self.level(0)
        if self.pos != len(self.toks):
            raise _TestError("syntax error")
        return value

    def level(self, n):
        if n == len(self.LEVELS):
            return self.atom()
        left = self.level(n + 1)
        while self.pos < len(self.toks) and self.toks[self.pos] in self.LEVELS[n]:
            op = self.toks[self.pos]
            self.pos += 1
            right = self.level(n + 1)
            left = self.apply(op, left, right)
        return left

    def atom(self):
        if self.pos >= len(self.toks):
            raise _TestError("syntax error")
        tok = self.toks[self.pos]
        self.pos += 1
        if tok == "(":
            value = self.level(0)
            self.pos += 1
            return value
        if tok == "length" and self.pos < len(self.toks):
            self.pos += 1
            return len(self.toks[self.pos - 1])
        return int(tok) if re.fullmatch(r"-?\d+", tok) else tok

    def apply(self, op, a, b):
        if op == "|":
            return a if a not in ("", 0) else b
        if op == "&":
            return a if a not in ("", 0) and b not in ("", 0) else 0
        if op == ":":
            m = re.match(translate(str(b)), str(a))
            if m and m.groups():
                return m.group(1) or ""
            return len(m.group(0)) if m else 0
        if op in ("=", "!=", "<", "<=", ">", ">="):
            if isinstance(a, int) and isinstance(b, int):
                x, y = a, b
            else:
                x, y = str(a), str(b)
            return int({"=": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op])
        if not (isinstance(a, int) and isinstance(b, int)):
            raise _TestError("non-numeric argument")
        if op in ("/", "%") and b == 0:
            raise _TestError("division by zero")
        if op == "/":
            return int(a / b)
        if op == "%":
            return a - int(a / b) * b
        return {"+": a + b, "-": a - b, "*": a * b}[op]


@program("tee")
def tee(ctx, argv):
    opts, names = flags(argv[1:], "ai")
    data = ctx.read_all()
    ctx.out(data)
    status = 0
    for name in names:
        try:
            ctx.fs.write(ctx.path(name), data, append="a" in opts)
        except FsError as err:
            status = 1
            ctx.err(f"tee: {name}: {err.strerror}\n")
    return status
    yield


@program("sort")
def sort(ctx, argv):
    opts, names = flags(argv[1:], "nrub")
    inputs, status = read_inputs(ctx, "sort", names)
    lines = [line for _, text in inputs for line in text.splitlines()]
    if "n" in opts:
        def key(line):
            m = re.match(r"\s*(-?\d+(\.\d+)?)", line)
            return (float(m.group(1)) if m else 0.0, line)
        lines.sort(key=key)
    else:
        lines.sort()
    if "r" in opts:
        lines.reverse()
    if "u" in opts:
        lines = list(dict.fromkeys(lines))
    ctx.out("".join(line + "\n" for line in lines))
    return status
    yield


@program("uniq")
def uniq(ctx, argv):
    opts, names = flags(argv[1:], "cdu")
    inputs, status = read_inputs(ctx, "uniq", names[:1])
    groups = []
    for line in "".join(text for _, text in inputs).splitlines():
        if groups and groups[-1][0] == line:
            groups[-1][1] += 1
        else:
            groups.append([line, 1])
    for line, count in groups:
        if ("d" in opts and count < 2) or ("u" in opts and count > 1):
            continue
        ctx.out((f"{count:>7} " if "c" in opts else "") + line + "\n")
    return status
    yield


@program("cut")
def cut(ctx, argv):
    opts, names = options(argv[1:], with_value="dfc")
    inputs, status = read_inputs(ctx, "cut", names)
    delim = opts.get("d", "\t")
    if not isinstance(delim, str) or len(delim) != 1:
        ctx.err("cut: the delimiter must be a single character\n")
        return 1
    spec = opts.get("f") or opts.get("c") or "1"
    wanted = set()
    for part in str(spec).split(","):
        lo, dash, hi = part.partition("-")
        if not re.fullmatch(r"\d*-?\d*", part) or part in ("", "-"):
            ctx.err("cut: invalid range\n")
            return 1
        start = int(lo) if lo else 1
        end = int(hi) if hi else (10 ** 6 if dash else start)
        wanted.update(range(start, min(end, 10 ** 6) + 1))
    for _, text in inputs:
        for line in text.splitlines():
            if "c" in opts:
                ctx.out("".join(ch for i, ch in enumerate(line, 1) if i in wanted) + "\n")
            elif delim not in line:
                ctx.out(line + "\n")
            else:
                fields = line.split(delim)
                ctx.out(delim.join(f for i, f in enumerate(fields, 1) if i in wanted) + "\n")
    return status
    yield


def _tr_set(spec):
    spec = unescape(spec)[0]
    classes = {"[:lower:]": "abcdefghijklmnopqrstuvwxyz", "[:upper:]": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               "[:digit:]": "0123456789", "[:space:]": " \t\n\r\f\v"}
    for name, chars in classes.items():
        spec = spec.replace(name, chars)
    out, i = [], 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out += [chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1)]
            i += 3
        else:
            out.append(spec[i])
            i += 1
    return out


@program("tr")
def tr(ctx, argv):
    opts, sets = flags(argv[1:], "ds")
    data = ctx.read_all()
    if "d" in opts and sets:
        remove = set(_tr_set(sets[0]))
        ctx.out("".join(ch for ch in data if ch not in remove))
        return 0
    if len(sets) < 2:
        ctx.out(data)
        return 1
    src, dst = _tr_set(sets[0]), _tr_set(sets[1])
    dst += [dst[-1]] * (len(src) - len(dst)) if dst else []
    table = {ord(a): b for a, b in zip(src, dst)}
    ctx.out(data.translate(table))
    return 0
    yield


@program("basename")
def basename(ctx, argv):
    if len(argv) < 2:
        return 1
    name = posixpath.basename(argv[1].rstrip("/")) or "/"
    if len(argv) > 2 and name.endswith(argv[2]) and name != argv[2]:
        name = name[: -len(argv[2])]
    ctx.out(name + "\n")
    return 0
    yield


@program("dirname")
def dirname(ctx, argv):
    if len(argv) < 2:
        return 1
    ctx.out((posixpath.dirname(argv[1].rstrip("/")) or ".") + "\n")
    return 0
    yield


@program("yes")
def yes(ctx, argv):
    word = " ".join(argv[1:]) or "y"
    ctx.out((word + "\n") * 10000)  # as much as a pipe takes before the reader is done
    return 0
    yield
