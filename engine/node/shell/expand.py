"""Word expansion for the shell: parameters (${X:-d}, ${#X}, ${X%p}...), $(...) and `...`, $((...)),
field splitting on IFS, globbing against the container's filesystem, here-documents."""
import fnmatch
import re

from ..runtime.fs import FsError
from ..runtime.process import Capture
from . import arith
from .control import Exit, LoopControl, Return
from .parser import ShellSyntaxError, _scan_balanced, _scan_dquote

PARAM_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#!@*\-])(.*)", re.S)


class Expansions:
    """The expansion half of Shell (mixed into it): needs vars, get_special, set_var, subshell, error."""

    @property
    def arith_vars(self):
        return ArithView(self)

    def random(self):
        """$RANDOM: 0..32767 from a generator seeded by the hostname, so runs repeat exactly."""
        if not hasattr(self, "_rng"):
            import random
            self._rng = random.Random(f"{self.ctx.hostname}:{self.ctx.clock.now}")
        return self._rng.randrange(32768)


    def expand(self, raw):
        """Fields of a word after parameter/command/arithmetic expansion, splitting and globbing."""
        if not SPECIAL.search(raw):
            return [raw]
        pieces = yield from self.pieces(raw)
        return self.split_fields(pieces)

    def expand_str(self, raw, tilde=False):
        if not SPECIAL.search(raw):
            return raw
        pieces = yield from self.pieces(raw, tilde=tilde)
        return "".join(p[0] for p in pieces if p[0] is not BREAK)

    def expand_pattern(self, raw):
        pieces = yield from self.pieces(raw)
        return "".join(p[0] if not p[1] else glob_escape(p[0]) for p in pieces if p[0] is not BREAK)

    def expand_heredoc(self, body):
        pieces = yield from self.pieces(body.replace('"', "\0"), in_dq=True, heredoc=True)
        return "".join(p[0] for p in pieces if p[0] is not BREAK).replace("\0", '"')

    def pieces(self, raw, in_dq=False, tilde=True, heredoc=False):
        """(text, quoted, splittable) runs of a word; BREAK separates "$@" fields."""
        out, i, n = [], 0, len(raw)
        if tilde and not in_dq and raw.startswith("~") and (n == 1 or raw[1] == "/"):
            out.append((self.vars.get("HOME", "/root"), True, False))
            i = 1
        while i < n:
            c = raw[i]
            if c == "'" and not in_dq:
                j = raw.find("'", i + 1)
                if j < 0:
                    raise ShellSyntaxError("unterminated quoted string")
                out.append((raw[i + 1:j], True, False))
                i = j + 1
            elif c == '"' and not in_dq:
                j = _scan_dquote(raw, i + 1)
                inner = yield from self.pieces(raw[i + 1:j - 1], in_dq=True)
                out.append(("", True, False))
                out += inner
                i = j
            elif c == "\\":
                nxt = raw[i + 1:i + 2]
                if in_dq and nxt not in ("$", "`", '"', "\\", "\n"):
                    out.append(("\\", True, False))
                    i += 1
                else:
                    if nxt != "\n":
                        out.append((nxt, True, False))
                    i += 2
            elif c == "$" and i + 1 < n:
                value, i = yield from self.dollar(raw, i, in_dq)
                if isinstance(value, list):  # "$@"
                    for k, item in enumerate(value):
                        if k:
                            out.append((BREAK, True, False))
                        out.append((item, True, False))
                    if not value:
                        out.append((EMPTY_AT, True, False))
                elif value is not None:
                    out.append((value, in_dq, not in_dq))
            elif c == "`":
                j = raw.find("`", i + 1)
                if j < 0:
                    raise ShellSyntaxError("unterminated quoted string")
                script = re.sub(r"\\([`$\\])", r"\1", raw[i + 1:j])
                value = yield from self.command_subst(script)
                out.append((value, in_dq, not in_dq))
                i = j + 1
            else:
                j = i + 1
                while j < n and raw[j] not in "'\"\\$`":
                    j += 1
                out.append((raw[i:j], in_dq, False))
                i = j
        return out

    def dollar(self, raw, i, in_dq):
        """Expand the `$...` at raw[i]; returns (value, next index)."""
        nxt = raw[i + 1]
        if raw.startswith("$((", i):
            end = _scan_balanced(raw, i + 3, "(", ")") + 1
            expr = yield from self.expand_str(raw[i + 3:end - 2].replace('"', ""))
            try:
                value = str(arith.evaluate(expr, self.arith_vars, self.set_var))
            except arith.ArithError as err:
                self.error("arithmetic syntax error" if str(err) == "syntax" else str(err))
                raise Exit(2)
            return value, end
        if nxt == "(":
            end = _scan_balanced(raw, i + 2, "(", ")")
            return (yield from self.command_subst(raw[i + 2:end - 1])), end
        if nxt == "{":
            end = _scan_balanced(raw, i + 2, "{", "}")
            return (yield from self.param(raw[i + 2:end - 1], in_dq)), end
        m = re.match(r"[A-Za-z_][A-Za-z0-9_]*|[0-9?$#!@*\-]", raw[i + 1:])
        if not m:
            return "$", i + 1
        name = m.group(0)
        if name == "@" and in_dq:
            return list(self.positional), i + 2
        value = self.get_special(name)
        if value is None and self.nounset:
            self.error(f"{name}: parameter not set")
            raise Exit(2)
        return (value if value is not None else ""), i + 1 + len(name)

    def param(self, inner, in_dq):
        if inner.startswith("#") and len(inner) > 1:
            value = self.get_special(inner[1:])
            return str(len(value or ""))
        m = PARAM_RE.match(inner)
        if not m:
            self.error("syntax error: bad substitution")
            raise Exit(2)
        name, rest = m.groups()
        if name == "@" and in_dq and not rest:
            return list(self.positional)
        value = self.get_special(name)
        if not rest:
            if value is None and self.nounset:
                self.error(f"{name}: parameter not set")
                raise Exit(2)
            return value or ""
        for op in (":-", ":=", ":+", ":?", "-", "=", "+", "?", "##", "#", "%%", "%", "//", "/", ":"):
            if rest.startswith(op):
                word = rest[len(op):]
                break
        else:
            self.error("syntax error: bad substitution")
            raise Exit(2)
        unset_or_null = value is None or (op.startswith(":") and value == "")
        if op in (":-", "-"):
            return (yield from self.expand_str(word)) if unset_or_null else value
        if op in (":=", "="):
            if unset_or_null:
                value = yield from self.expand_str(word)
                self.set_var(name, value)
            return value
        if op in (":+", "+"):
            return "" if unset_or_null else (yield from self.expand_str(word))
        if op in (":?", "?"):
            if unset_or_null:
                message = (yield from self.expand_str(word)) or (
                    "parameter not set or null" if op == ":?" else "parameter not set")
                self.error(f"{name}: {message}")
                raise Exit(1 if self.flavor == "bash" else 2)
            return value
        value = value or ""
        if op in ("#", "##", "%", "%%"):
            pattern = yield from self.expand_pattern(word)
            return strip_pattern(value, pattern, op)
        if op in ("/", "//"):
            old, _, new = word.partition("/")
            old = yield from self.expand_pattern(old)
            new = yield from self.expand_str(new)
            return replace_pattern(value, old, new, op == "//")
        offset, _, length = word.partition(":")
        start = arith.evaluate(offset or "0", self.arith_vars, self.set_var)
        if start < 0:
            start = max(len(value) + start, 0)
        if length:
            return value[start:start + arith.evaluate(length, self.arith_vars, self.set_var)]
        return value[start:]

    def command_subst(self, script):
        sub = self.subshell()
        out = Capture()
        sub.ctx = self.ctx.derive(stdout=out, owner=False)
        try:
            status = yield from sub.eval_string(script)
        except Exit as ex:
            status = ex.code
        except (LoopControl, Return):
            status = 0
        self.subst_status = status
        self.status = status
        return out.text.rstrip("\n")

    def split_fields(self, pieces):
        ifs = self.vars.get("IFS", " \t\n")
        fields, cur, pat, has, glob = [], [], [], False, False
        for text, quoted, splittable in pieces:
            if text is BREAK:
                fields.append(("".join(cur), "".join(pat), glob))
                cur, pat, has, glob = [], [], False, False
                continue
            if text is EMPTY_AT:
                continue
            if splittable and ifs:
                for ch in text:
                    if ch in ifs:
                        if has:
                            fields.append(("".join(cur), "".join(pat), glob))
                        cur, pat, has, glob = [], [], False, False
                    else:
                        cur.append(ch)
                        pat.append(ch)
                        has = True
                        glob = glob or ch in "*?"
                continue
            cur.append(text)
            pat.append(glob_escape(text) if quoted else text)
            has = has or quoted or bool(text)
            if not quoted and has_glob(text):
                glob = True
        if has:
            fields.append(("".join(cur), "".join(pat), glob))
        result = []
        for text, pattern, globbing in fields:
            matches = self.glob(pattern) if globbing else []
            result += matches or [text]
        return result

    def glob(self, pattern):
        base = "/" if pattern.startswith("/") else ""
        parts = [p for p in pattern.split("/") if p]
        paths = [base]
        for part in parts:
            nxt = []
            for prefix in paths:
                directory = self.ctx.path(prefix or ".")
                if not any(ch in part for ch in "*?["):
                    candidate = prefix + ("" if prefix.endswith("/") or not prefix else "/") + unescape_glob(part)
                    if self.ctx.fs.exists(self.ctx.path(candidate)):
                        nxt.append(candidate)
                    continue
                try:
                    names = self.ctx.fs.listdir(directory)
                except FsError:
                    continue
                for name in names:
                    if name.startswith(".") and not part.startswith("."):
                        continue
                    if fnmatch.fnmatchcase(name, part):
                        nxt.append(prefix + ("" if prefix.endswith("/") or not prefix else "/") + name)
            paths = nxt
        return sorted(paths)


SPECIAL = re.compile(r"[$`'\"\\*?~]|\[.*\]")


def has_glob(text):
    return "*" in text or "?" in text or ("[" in text and "]" in text[text.index("["):])


class ArithView:
    """Variables as $(( )) sees them: shell variables plus specials like RANDOM and $#."""

    def __init__(self, shell):
        self.shell = shell

    def get(self, name, default=None):
        value = self.shell.get_special(name)
        return default if value is None else value


class _Marker(str):
    pass


BREAK = _Marker("")
EMPTY_AT = _Marker("")


def glob_escape(text):
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def unescape_glob(text):
    return re.sub(r"\[([*?\[])\]", r"\1", text)


def strip_pattern(value, pattern, op):
    sizes = range(len(value) + 1)
    if op == "#":
        for k in sizes:
            if fnmatch.fnmatchcase(value[:k], pattern):
                return value[k:]
    elif op == "##":
        for k in reversed(sizes):
            if fnmatch.fnmatchcase(value[:k], pattern):
                return value[k:]
    elif op == "%":
        for k in reversed(sizes):
            if fnmatch.fnmatchcase(value[k:], pattern):
                return value[:k]
    else:
        for k in sizes:
            if fnmatch.fnmatchcase(value[k:], pattern):
                return value[:k]
    return value


def replace_pattern(value, old, new, everywhere):
    out, i = [], 0
    while i <= len(value):
        for j in range(len(value), i, -1):
            if fnmatch.fnmatchcase(value[i:j], old):
                out.append(new)
                i = j
                if not everywhere:
                    return "".join(out) + value[i:]
                break
        else:
            if i < len(value):
                out.append(value[i])
            i += 1
    return "".join(out)
