"""awk: a small interpreter of the awk language as busybox 1.36.1's awk and Debian's mawk 1.3.4 run it
(patterns, BEGIN/END, fields, printf, arrays, user functions, getline, system() and pipes) with each one's errors.
`for (k in a)` walks busybox's hash buckets as busybox does; under mawk it follows insertion order."""
import math
import re

from ...runtime.context import NotFound, program, resolve
from ...runtime.fs import FsError
from ...runtime.process import Capture, Input, Sleep
from .busybox_usage import USAGE
from .common import BUSYBOX_USAGE, gnu
from .regex import translate

KEYWORDS = {"BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break", "continue", "next",
            "nextfile", "exit", "return", "delete", "in", "getline", "print", "printf"}
BUILTINS = {"length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "tolower", "toupper", "int",
            "sqrt", "exp", "log", "sin", "cos", "atan2", "rand", "srand", "system", "close", "fflush"}
MAWK_USAGE = (
    "Usage: mawk [Options] [Program] [file ...]\n\nProgram:\n    The -f option value is the name of a file "
    "containing program text.\n    If no -f option is given, a \"--\" ends option processing; the following\n"
    "    parameters are the program text.\n\nOptions:\n    -f program-file  Program  text is read from file "
    "instead of from the\n                     command-line.  Multiple -f options are accepted.\n"
    "    -F value         sets the field separator, FS, to value.\n    -v var=value     assigns value to "
    "program variable var.\n    --               unambiguous end of options.\n\n    Implementation-specific "
    "options are prefixed with \"-W\".  They can be\n    abbreviated:\n\n    -W version       show version "
    "information and exit.\n    -W dump          show assembler-like listing of program and exit.\n"
    "    -W help          show this message and exit.\n    -W interactive   set unbuffered output, "
    "line-buffered input.\n    -W exec file     use file as program as well as last option.\n"
    "    -W random=number set initial random seed.\n    -W sprintf=number adjust size of sprintf buffer.\n"
    "    -W posix_space   do not consider \"\\n\" a space.\n    -W usage         show this message and exit.\n")


class AwkError(Exception):
    """A syntax or run-time error: `busybox` and `mawk` are the two wordings."""

    def __init__(self, busybox, mawk=None, line=1, status=None):
        super().__init__(busybox)
        self.busybox, self.mawk, self.line, self.status = busybox, mawk or busybox, line, status


class StrNum(str):
    """A string from input (fields, -v, split): compares as a number when it looks like one."""
    numeric = None

    @property
    def looks_numeric(self):
        if self.numeric is None:
            self.numeric = bool(re.fullmatch(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*", self))
        return self.numeric


UNINIT = StrNum("")
UNINIT.numeric = True


def to_num(value):
    if isinstance(value, float):
        return value
    m = re.match(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", value)
    return float(m.group()) if m else 0.0


class Busybox:
    """Order of busybox awk's hash walk: buckets of its current size, newest entry first in each."""

    PRIMES = (251, 1021, 4093, 16381, 65521)

    def __init__(self):
        self.size, self.next_prime, self.count = 61, 0, 0
        self.buckets = [[] for _ in range(self.size)]

    @staticmethod
    def index(name):
        idx = 0
        for byte in name.encode():
            idx = (byte + (idx << 6) - idx) & 0xFFFFFFFF
        return idx

    def add(self, name):
        self.count += 1
        if self.count > self.size * 8 and self.next_prime < len(self.PRIMES):
            old = [n for bucket in self.buckets for n in bucket]
            self.size = self.PRIMES[self.next_prime]
            self.next_prime += 1
            self.buckets = [[] for _ in range(self.size)]
            for n in old:
                self.buckets[self.index(n) % self.size].insert(0, n)
        self.buckets[self.index(name) % self.size].insert(0, name)

    def remove(self, name):
        self.count -= 1
        self.buckets[self.index(name) % self.size].remove(name)

    def keys(self):
        return [n for bucket in self.buckets for n in bucket]


class AwkArray(dict):
    def __init__(self, busybox):
        super().__init__()
        self.order = Busybox() if busybox else None

    def __setitem__(self, key, value):
        if key not in self and self.order is not None:
            self.order.add(key)
        super().__setitem__(key, value)

    def __delitem__(self, key):
        if self.order is not None:
            self.order.remove(key)
        super().__delitem__(key)

    def clear(self):
        super().clear()
        if self.order is not None:
            self.order = Busybox()

    def walk(self):
        return self.order.keys() if self.order is not None else list(self)


# ---------------------------------------------------------------- lexer
TOKEN = re.compile(r"""
    (?P<space>[ \t\r]+|\\\n|\#[^\n]*)
  | (?P<newline>\n)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<funcname>[A-Za-z_][A-Za-z_0-9]*(?=\())
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>\+\+|--|\+=|-=|\*=|/=|%=|\^=|\*\*=|\*\*|==|<=|>=|!=|!~|&&|\|\||>>|[-+*/%^!<>=~?:,;{}()\[\]$|])
""", re.X)


def tokenize(text):
    """[(kind, value, line)]; regex literals are found by the parser (a '/' where an operand starts)."""
    tokens, pos, line = [], 0, 1
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            if text[pos] == '"':
                raise AwkError("Unexpected end of string", "runaway string constant \"" + text[pos + 1:pos + 11]
                               + " ...", line)
            raise AwkError("Unexpected token", f"syntax error at or near {text[pos]}", line)
        kind = m.lastgroup
        if m.group() in ("/", "/=") and not ends_operand(tokens):
            end = regex_end(text, pos, line)
            tokens.append(("regex", text[pos + 1:end], line, pos))
            pos = end + 1
            continue
        if kind == "space":
            line += m.group().count("\n")
        elif kind == "newline":
            tokens.append(("newline", "\n", line, pos))
            line += 1
        else:
            value = m.group()
            if kind in ("name", "funcname") and value in KEYWORDS:
                kind = "keyword"
            elif kind == "funcname" and value in BUILTINS:
                kind = "builtin"
            elif kind == "name" and value in BUILTINS:
                kind = "builtin"
            tokens.append((kind, value, line, pos))
        pos = m.end()
    tokens.append(("eof", "", line, pos))
    return tokens


def ends_operand(tokens):
    """Whether the token before a '/' ends an operand (so '/' divides) rather than starting a regex."""
    if not tokens:
        return False
    kind, value = tokens[-1][0], tokens[-1][1]
    return kind in ("number", "string", "name", "regex") or (kind == "builtin" and value == "length") or \
        (kind == "op" and value in (")", "]", "$", "++", "--"))


def regex_end(text, pos, line):
    i = pos + 1
    while i < len(text) and text[i] not in "/\n":
        i += 2 if text[i] == "\\" else 1
    if i >= len(text) or text[i] != "/":
        raise AwkError("Unexpected end of string", "runaway regular expression " + text[pos:pos + 11] + " ...", line)
    return i


def unescape(text):
    out, i = [], 0
    table = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "/": "/", "a": "\a", "b": "\b", "f": "\f",
             "v": "\v"}
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            m = re.match(r"[0-7]{1,3}", text[i + 1:])
            if m:
                out.append(chr(int(m.group(), 8)))
                i += 1 + m.end()
                continue
            out.append(table.get(nxt, "\\" + nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


# ---------------------------------------------------------------- parser
class Parser:
    def __init__(self, text):
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.functions = {}
        self.loop = 0
        self.in_function = False

    # token helpers
    @property
    def tok(self):
        return self.tokens[self.i]

    def at(self, *values):
        kind, value = self.tok[0], self.tok[1]
        return (value in values and kind in ("op", "keyword")) or kind in values

    def take(self):
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def error(self):
        kind, value, line, _ = self.tok
        if kind == "eof":
            opened = sum(1 for t in self.tokens if t[1] == "{") > sum(1 for t in self.tokens if t[1] == "}")
            err = AwkError("Unexpected end of string", "missing } near end of file" if opened else
                           "syntax error at or near end of file", line + 1)
            err.busybox_line = line  # mawk counts the end of the text as one more line
            raise err
        shown = "end of line" if kind == "newline" else value
        raise AwkError("Unexpected token", f"syntax error at or near {shown}", line)

    def expect(self, value):
        if not self.at(value):
            self.error()
        return self.take()

    def newlines(self):
        while self.at("newline"):
            self.take()

    def terminators(self):
        while self.at("newline") or self.at(";"):
            self.take()

    # program
    def program(self):
        items = []
        self.terminators()
        while not self.at("eof"):
            items.append(self.item())
            self.terminators()
        return items

    def item(self):
        if self.at("function", "func"):
            self.function()
            return ("function",)
        if self.at("BEGIN", "END"):
            which = self.take()[1]
            self.newlines()
            if not self.at("{"):
                self.error()
            return (which, self.block())
        if self.at("{"):
            return ("main", None, None, self.block())
        pattern = self.expr()
        end = None
        if self.at(","):
            self.take()
            self.newlines()
            end = self.expr()
        action = self.block() if self.at("{") else None
        return ("range" if end is not None else "main", pattern, end, action)

    def function(self):
        self.take()
        name = self.take()
        if name[0] not in ("funcname", "name"):
            self.error()
        self.expect("(")
        params = []
        while not self.at(")"):
            params.append(self.take()[1])
            if self.at(","):
                self.take()
                self.newlines()
        self.take()
        self.newlines()
        self.in_function = True
        body = self.block()
        self.in_function = False
        if name[1] in self.functions:
            raise AwkError("Duplicate function", f"function {name[1]} redefined", name[2])
        self.functions[name[1]] = (params, body)

    def block(self):
        self.expect("{")
        statements = []
        self.terminators()
        while not self.at("}"):
            if self.at("eof"):
                self.error()
            statements.append(self.statement())
            self.terminators()
        self.take()
        return ("block", statements)

    def simple_end(self):
        if self.at(";") or self.at("newline"):
            self.take()
        elif not self.at("}") and not self.at("eof"):
            self.error()

    def statement(self):
        if self.at("{"):
            return self.block()
        if self.at(";"):
            self.take()
            return ("block", [])
        if self.at("if"):
            self.take()
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            self.newlines()
            then = self.statement()
            self.terminators_before_else()
            other = None
            if self.at("else"):
                self.take()
                self.newlines()
                other = self.statement()
            return ("if", cond, then, other)
        if self.at("while"):
            self.take()
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            if self.at(";"):
                self.take()
                return ("while", cond, ("block", []))
            self.newlines()
            return ("while", cond, self.loop_body())
        if self.at("do"):
            self.take()
            self.newlines()
            body = self.loop_body()
            self.terminators()
            self.expect("while")
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            self.simple_end()
            return ("do", body, cond)
        if self.at("for"):
            return self.for_statement()
        if self.at("break", "continue"):
            word = self.take()
            if not self.loop:
                raise AwkError(f"'{word[1]}' not in a loop", f"{word[1]} statement outside of loop", word[2])
            self.simple_end()
            return (word[1],)
        if self.at("next", "nextfile"):
            self.take()
            self.simple_end()
            return ("next",)
        if self.at("exit", "return"):
            word = self.take()[1]
            value = None if self.at(";") or self.at("newline") or self.at("}") else self.expr()
            self.simple_end()
            return (word, value)
        if self.at("delete"):
            self.take()
            name = self.take()
            if name[0] != "name":
                self.error()
            subscript = None
            if self.at("["):
                self.take()
                subscript = self.expr_list()
                self.expect("]")
            self.simple_end()
            return ("delete", name[1], subscript)
        if self.at("print", "printf"):
            return self.print_statement()
        node = ("expr", self.expr())
        self.simple_end()
        return node

    def terminators_before_else(self):
        save = self.i
        self.terminators()
        if not self.at("else"):
            self.i = save

    def loop_body(self):
        self.loop += 1
        try:
            return self.statement()
        finally:
            self.loop -= 1

    def for_statement(self):
        self.take()
        self.expect("(")
        if self.tok[0] == "name" and self.tokens[self.i + 1][1] == "in" and self.tokens[self.i + 3][1] == ")":
            var = self.take()[1]
            self.take()
            array = self.take()[1]
            self.expect(")")
            self.newlines()
            return ("forin", var, array, self.loop_body())
        init = None if self.at(";") else self.expr()
        self.expect(";")
        self.newlines()
        cond = None if self.at(";") else self.expr()
        self.expect(";")
        self.newlines()
        step = None if self.at(")") else self.expr()
        self.expect(")")
        if self.at(";"):
            self.take()
            return ("for", init, cond, step, ("block", []))
        self.newlines()
        return ("for", init, cond, step, self.loop_body())

    def print_statement(self):
        word = self.take()[1]
        args = []
        if not (self.at(";") or self.at("newline") or self.at("}") or self.at(">", ">>", "|") or self.at("eof")):
            if self.at("("):
                save = self.i
                self.take()
                inner = self.expr_list()
                if self.at(")") and self.tokens[self.i + 1][1] in (";", "\n", "}", ">", ">>", "|", ""):
                    self.take()
                    args = inner
                else:
                    self.i = save
                    args = self.expr_list(no_gt=True)
            else:
                args = self.expr_list(no_gt=True)
        dest = None
        if self.at(">", ">>", "|"):
            mode = self.take()[1]
            dest = (mode, self.concat(no_gt=True))
        self.simple_end()
        if word == "printf" and not args:
            raise AwkError(EMSG_TOO_FEW, "printf: no format", self.tok[2])
        return (word, args, dest)

    def expr_list(self, no_gt=False):
        items = [self.expr(no_gt)]
        while self.at(","):
            self.take()
            self.newlines()
            items.append(self.expr(no_gt))
        return items

    # expressions
    def expr(self, no_gt=False):
        return self.ternary(no_gt)

    def ternary(self, no_gt):
        cond = self.or_expr(no_gt)
        if self.at("?"):
            self.take()
            self.newlines()
            yes = self.ternary(no_gt)
            self.newlines()
            self.expect(":")
            self.newlines()
            no = self.ternary(no_gt)
            return ("cond", cond, yes, no)
        if self.at("=", "+=", "-=", "*=", "/=", "%=", "^=", "**=") and cond[0] in ("var", "field", "index"):
            op = self.take()[1].replace("**", "^")
            self.newlines()
            return ("assign", op, cond, self.ternary(no_gt))
        return cond

    def or_expr(self, no_gt):
        left = self.and_expr(no_gt)
        while self.at("||"):
            self.take()
            self.newlines()
            left = ("or", left, self.and_expr(no_gt))
        return left

    def and_expr(self, no_gt):
        left = self.in_expr(no_gt)
        while self.at("&&"):
            self.take()
            self.newlines()
            left = ("and", left, self.in_expr(no_gt))
        return left

    def in_expr(self, no_gt):
        left = self.match_expr(no_gt)
        while self.at("in"):
            self.take()
            left = ("in", [left], self.take()[1])
        return left

    def match_expr(self, no_gt):
        left = self.compare(no_gt)
        while self.at("~", "!~"):
            op = self.take()[1]
            left = ("match", op == "!~", left, self.compare(no_gt))
        return left

    def compare(self, no_gt):
        left = self.concat(no_gt)
        while self.at("|") and self.tokens[self.i + 1][1] == "getline":
            self.take()
            self.take()
            target = self.primary() if self.tok[0] == "name" or self.at("$") else None
            left = ("cmdgetline", left, target)
        ops = ("<", "<=", "!=", "==", ">=") + (() if no_gt else (">",))
        if self.at(*ops):
            op = self.take()[1]
            left = ("cmp", op, left, self.concat(no_gt))
        return left

    def starts_operand(self):
        kind, value = self.tok[0], self.tok[1]
        if kind in ("number", "string", "name", "funcname", "builtin"):
            return True
        # '-' and '+' after an operand subtract and add; they never start a concatenated operand
        return kind in ("regex",) or kind == "op" and value in ("$", "!", "(", "++", "--")

    def concat(self, no_gt=False):
        left = self.additive()
        while self.starts_operand() and not self.at("in"):
            left = ("concat", left, self.additive())
        return left

    def additive(self):
        left = self.multiplicative()
        while self.at("+", "-"):
            op = self.take()[1]
            left = ("arith", op, left, self.multiplicative())
        return left

    def multiplicative(self):
        left = self.unary()
        while self.at("*", "/", "%"):
            op = self.take()[1]
            left = ("arith", op, left, self.unary())
        return left

    def unary(self):
        if self.at("!"):
            self.take()
            return ("not", self.unary())
        if self.at("-", "+"):
            op = self.take()[1]
            return ("neg" if op == "-" else "plus", self.unary())
        return self.power()

    def power(self):
        base = self.postfix()
        if self.at("^", "**"):
            self.take()
            return ("arith", "^", base, self.unary_power())
        return base

    def unary_power(self):
        if self.at("-", "+"):
            op = self.take()[1]
            return ("neg" if op == "-" else "plus", self.unary_power())
        return self.power()

    def postfix(self):
        if self.at("++", "--"):
            op = self.take()[1]
            target = self.postfix()
            if target[0] not in ("var", "field", "index"):
                self.error()
            return ("incr", op, target, True)
        node = self.primary()
        if self.at("++", "--") and node[0] in ("var", "field", "index"):
            return ("incr", self.take()[1], node, False)
        return node

    def primary(self):
        kind, value, line, pos = self.tok
        if kind == "number":
            self.take()
            return ("num", float(value))
        if kind == "string":
            self.take()
            return ("str", unescape(value[1:-1]))
        if kind == "regex":
            self.take()
            return ("regex", compile_regex(value.replace("\\/", "/")))
        if kind == "op" and value == "$":
            self.take()
            if self.at("++", "--"):
                return ("field", self.postfix())
            return ("field", self.primary())
        if kind == "op" and value == "(":
            self.take()
            first = self.expr()
            if self.at(","):
                self.take()
                items = [first] + self.expr_list()
                self.expect(")")
                if not self.at("in"):
                    self.error()
                self.take()
                return ("in", items, self.take()[1])
            self.expect(")")
            return ("group", first)
        if kind == "op" and value in ("-", "+", "!"):
            return self.unary()
        if kind == "builtin":
            return self.builtin()
        if kind == "funcname":
            self.take()
            self.expect("(")
            args = [] if self.at(")") else self.expr_list()
            self.expect(")")
            return ("call", value, args, line)
        if kind == "name":
            self.take()
            if self.at("["):
                self.take()
                subscript = self.expr_list()
                self.expect("]")
                return ("index", value, subscript)
            return ("var", value)
        if kind == "keyword" and value == "getline":
            self.take()
            target = self.primary() if self.tok[0] == "name" or self.at("$") else None
            source = None
            if self.at("<"):
                self.take()
                source = self.primary()
            return ("getline", target, source)
        self.error()

    def builtin(self):
        name, line = self.tok[1], self.tok[2]
        self.take()
        if not self.at("("):
            if name == "length":
                return ("builtin", "length", [], line)
            self.error()
        self.take()
        args = [] if self.at(")") else self.expr_list()
        self.expect(")")
        return ("builtin", name, args, line)


EMSG_TOO_FEW = "Too few arguments"


def compile_regex(text):
    try:
        return re.compile(translate(text, extended=True))
    except re.error:
        raise AwkError("Unexpected token", f"regular expression compile failed (missing operand)\n{text}")


# ---------------------------------------------------------------- interpreter
class Next(Exception):
    pass


class Exit(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


class Break(Exception):
    pass


class Continue(Exception):
    pass


class Return(Exception):
    def __init__(self, value):
        super().__init__()
        self.value = value


class Interpreter:
    def __init__(self, ctx, items, functions, busybox):
        self.ctx, self.items, self.functions, self.busybox = ctx, items, functions, busybox
        self.globals = {"FS": " ", "OFS": " ", "ORS": "\n", "RS": "\n", "NR": 0.0, "NF": 0.0, "FNR": 0.0,
                        "SUBSEP": "\x1c", "CONVFMT": "%.6g", "OFMT": "%.6g", "FILENAME": "", "RSTART": 0.0,
                        "RLENGTH": -1.0, "ENVIRON": self.array(), "ARGV": self.array()}
        for key, value in ctx.env.items():
            self.globals["ENVIRON"][key] = StrNum(value)
        self.frames = []
        self.fields = [""]
        self.record = ""
        self.outputs = {}
        self.buffer = []
        self.pipes = {}
        self.owed = 0.0  # seconds the commands run by system() and pipes slept
        self.readers = {}
        self.ranges = {}
        self.line = 1

    def array(self):
        return AwkArray(self.busybox)

    # -- values
    def num_str(self, n, fmt_var="CONVFMT"):
        if math.isinf(n) or math.isnan(n):
            return ("-" if n < 0 else "") + ("inf" if math.isinf(n) else "nan")
        if n == int(n) and (self.busybox and abs(n) < 2 ** 63 or abs(n) <= 2 ** 31 - 1):
            return str(int(n))
        if math.isinf(n) or math.isnan(n):
            return ("-" if n < 0 else "") + ("inf" if math.isinf(n) else "nan")
        return format_c(self.to_str(self.globals[fmt_var]), n)

    def to_str(self, value, fmt_var="CONVFMT"):
        if isinstance(value, float):
            return self.num_str(value, fmt_var)
        if isinstance(value, AwkArray):
            raise AwkError("Unexpected token", "can't use array in scalar context",
                           self.line)
        return value

    @staticmethod
    def truth(value):
        if isinstance(value, float):
            return value != 0
        if isinstance(value, StrNum) and value.looks_numeric:
            return to_num(value) != 0
        return value != ""

    # -- variables
    def lookup(self, name):
        if self.frames and name in self.frames[-1]:
            return self.frames[-1], name
        return self.globals, name

    def get_var(self, name):
        if name == "NF":
            return float(len(self.fields) - 1)
        scope, key = self.lookup(name)
        value = scope.get(key, UNINIT)
        return value

    def set_var(self, name, value):
        if name == "NF":
            count = int(to_num(value) if not isinstance(value, float) else value)
            self.fields = (self.fields + [UNINIT] * count)[:count + 1]
            self.rebuild()
            return
        scope, key = self.lookup(name)
        if isinstance(scope.get(key), AwkArray):
            raise AwkError("Unexpected token", f"can't assign to {name}; it's an array name.", self.line)
        scope[key] = value

    def get_array(self, name):
        scope, key = self.lookup(name)
        value = scope.get(key)
        if not isinstance(value, AwkArray):
            if value not in (None, UNINIT) and value != "":
                raise AwkError("Not an array", f"can't use scalar {name} as array", self.line)
            value = scope[key] = self.array()
        return value

    def subscript(self, nodes):
        return self.to_str(self.globals["SUBSEP"]).join(self.to_str(self.eval(n)) for n in nodes)

    # -- fields
    def set_record(self, text):
        self.record = text
        self.fields = [StrNum(text)] + [StrNum(f) for f in self.split_fields(text, self.to_str(self.globals["FS"]))]

    def split_fields(self, text, fs):
        if fs == " ":
            return text.split()
        if text == "":
            return []
        if len(fs) == 1 and fs != "\\":
            return text.split(fs)
        return re.split(translate(fs, extended=True), text)

    def rebuild(self):
        ofs = self.to_str(self.globals["OFS"], "CONVFMT")
        self.fields[0] = StrNum(ofs.join(self.to_str(f) for f in self.fields[1:]))

    def get_field(self, index):
        if index < 0:
            raise AwkError("Access to negative field", f"negative field index ${index}", self.line)
        return self.fields[index] if index < len(self.fields) else UNINIT

    def set_field(self, index, value):
        if index < 0:
            raise AwkError("Access to negative field", f"negative field index ${index}", self.line)
        if index == 0:
            self.set_record(self.to_str(value))
            return
        while len(self.fields) <= index:
            self.fields.append(UNINIT)
        self.fields[index] = value
        self.rebuild()

    # -- evaluation
    def eval(self, node):
        kind = node[0]
        method = getattr(self, "e_" + kind)
        return method(node)

    def e_num(self, node):
        return node[1]

    def e_str(self, node):
        return node[1]

    def e_group(self, node):
        return self.eval(node[1])

    def e_regex(self, node):
        return 1.0 if node[1].search(self.to_str(self.fields[0])) else 0.0

    def e_var(self, node):
        value = self.get_var(node[1])
        if isinstance(value, AwkArray):
            raise AwkError("Unexpected token", f"can't use array {node[1]} in scalar context", self.line)
        return value

    def e_index(self, node):
        array = self.get_array(node[1])
        key = self.subscript(node[2])
        if key not in array:
            array[key] = UNINIT
        return array[key]

    def e_field(self, node):
        return self.get_field(int(self.number(self.eval(node[1]))))

    def number(self, value):
        return value if isinstance(value, float) else to_num(value)

    def e_assign(self, node):
        _, op, target, expr = node
        value = self.eval(expr)
        if op != "=":
            value = arith(op[0], self.number(self.eval(target)), self.number(value), self)
        elif isinstance(value, AwkArray):
            raise AwkError("Unexpected token", "can't assign array", self.line)
        self.store(target, value)
        return value

    def store(self, target, value):
        if target[0] == "var":
            self.set_var(target[1], value)
        elif target[0] == "field":
            self.set_field(int(self.number(self.eval(target[1]))), value)
        else:
            self.get_array(target[1])[self.subscript(target[2])] = value

    def e_incr(self, node):
        _, op, target, prefix = node
        old = self.number(self.eval(target))
        new = old + (1 if op == "++" else -1)
        self.store(target, new)
        return new if prefix else old

    def e_cond(self, node):
        return self.eval(node[2]) if self.truth(self.eval(node[1])) else self.eval(node[3])

    def e_or(self, node):
        return 1.0 if self.truth(self.eval(node[1])) or self.truth(self.eval(node[2])) else 0.0

    def e_and(self, node):
        return 1.0 if self.truth(self.eval(node[1])) and self.truth(self.eval(node[2])) else 0.0

    def e_not(self, node):
        return 0.0 if self.truth(self.eval(node[1])) else 1.0

    def e_neg(self, node):
        return -self.number(self.eval(node[1]))

    def e_plus(self, node):
        return self.number(self.eval(node[1]))

    def e_in(self, node):
        return 1.0 if self.subscript(node[1]) in self.get_array(node[2]) else 0.0

    def e_match(self, node):
        _, negate, left, right = node
        text = self.to_str(self.eval(left))
        pattern = right[1] if right[0] == "regex" else compile_regex(self.to_str(self.eval(right)))
        return 1.0 if bool(pattern.search(text)) != negate else 0.0

    def e_cmp(self, node):
        _, op, left, right = node
        a, b = self.eval(left), self.eval(right)
        if is_numeric(a) and is_numeric(b):
            a, b = self.number(a), self.number(b)
        else:
            a, b = self.to_str(a), self.to_str(b)
        result = {"<": a < b, "<=": a <= b, "!=": a != b, "==": a == b, ">=": a >= b, ">": a > b}[op]
        return 1.0 if result else 0.0

    def e_concat(self, node):
        return self.to_str(self.eval(node[1])) + self.to_str(self.eval(node[2]))

    def e_arith(self, node):
        _, op, left, right = node
        return arith(op, self.number(self.eval(left)), self.number(self.eval(right)), self)

    def e_getline(self, node):
        """getline [var] [< file]: the next record of the main input or of the file (0 at its end)."""
        _, target, source = node
        if source is None:
            try:
                _, record = next(self.input)
            except StopIteration:
                return 0.0
            for name in ("NR", "FNR"):
                self.globals[name] = self.number(self.globals[name]) + 1
        else:
            name = self.to_str(self.eval(source))
            if name not in self.readers:
                try:
                    text = self.ctx.read_all() if name in ("-", "/dev/stdin") else self.ctx.fs.read(self.ctx.path(name))
                except FsError:
                    return -1.0
                self.readers[name] = iter(text.splitlines())
            record = next(self.readers[name], None)
            if record is None:
                return 0.0
            if target is None:
                self.globals["NR"] = self.number(self.globals["NR"]) + 1
        if target is None:
            self.set_record(record)
        else:
            self.store(target, StrNum(record))
        return 1.0

    def e_call(self, node):
        _, name, args, line = node
        if name not in self.functions:
            raise AwkError("Call to undefined function", f"function {name} never defined", line)
        params, body = self.functions[name]
        frame = {}
        for index, param in enumerate(params):
            if index < len(args):
                arg = args[index]
                if arg[0] == "var" and isinstance(self.get_var(arg[1]), AwkArray):
                    frame[param] = self.get_var(arg[1])
                elif arg[0] == "var" and self.get_var(arg[1]) is UNINIT:
                    frame[param] = UNINIT
                else:
                    frame[param] = self.eval(arg)
            else:
                frame[param] = UNINIT
        self.frames.append(frame)
        try:
            self.execute(body)
        except Return as ret:
            return ret.value
        finally:
            self.frames.pop()
        return UNINIT

    def e_builtin(self, node):
        _, name, args, line = node
        self.line = line
        return getattr(self, "b_" + name)(args)

    # -- builtins
    def b_length(self, args):
        if args and args[0][0] == "var" and isinstance(self.get_var(args[0][1]), AwkArray):
            return float(len(self.get_var(args[0][1])))
        return float(len(self.to_str(self.eval(args[0]) if args else self.fields[0])))

    def b_substr(self, args):
        if len(args) < 2:
            raise AwkError(EMSG_TOO_FEW, "wrong number of arguments in call to substr", self.line)
        text = self.to_str(self.eval(args[0]))
        first = min(max(clamp_int(self.number(self.eval(args[1]))) - 1, 0), len(text))
        count = clamp_int(self.number(self.eval(args[2]))) if len(args) > 2 else len(text) - first
        return text[first:first + max(count, 0)]

    def b_index(self, args):
        return float(self.to_str(self.eval(args[0])).find(self.to_str(self.eval(args[1]))) + 1)

    def b_split(self, args):
        text = self.to_str(self.eval(args[0]))
        array = self.get_array(args[1][1])
        array.clear()
        if len(args) > 2:
            sep = args[2][1].pattern if args[2][0] == "regex" else self.to_str(self.eval(args[2]))
            parts = self.split_fields(text, sep) if args[2][0] != "regex" else \
                ([] if text == "" else args[2][1].split(text))
        else:
            parts = self.split_fields(text, self.to_str(self.globals["FS"]))
        for index, part in enumerate(parts, 1):
            array[str(index)] = StrNum(part)
        return float(len(parts))

    def substitute(self, args, glob):
        pattern = args[0][1] if args[0][0] == "regex" else compile_regex(self.to_str(self.eval(args[0])))
        replacement = self.to_str(self.eval(args[1]))
        target = args[2] if len(args) > 2 else ("field", ("num", 0.0))
        text = self.to_str(self.eval(target))
        count = 0

        def replace(m):
            nonlocal count
            count += 1
            return re.sub(r"\\\\|\\&|&", lambda r: {"\\\\": "\\", "\\&": "&"}.get(r.group(), m.group()), replacement)
        result = pattern.sub(replace, text, count=0 if glob else 1)
        if count:
            self.store(target, result)
        return float(count)

    def b_sub(self, args):
        return self.substitute(args, False)

    def b_gsub(self, args):
        return self.substitute(args, True)

    def b_match(self, args):
        text = self.to_str(self.eval(args[0]))
        pattern = args[1][1] if args[1][0] == "regex" else compile_regex(self.to_str(self.eval(args[1])))
        m = pattern.search(text)
        self.globals["RSTART"] = float(m.start() + 1) if m else 0.0
        self.globals["RLENGTH"] = float(m.end() - m.start()) if m else -1.0
        return self.globals["RSTART"]

    def b_sprintf(self, args):
        if not args:
            raise AwkError(EMSG_TOO_FEW, "wrong number of arguments in call to sprintf", self.line)
        return self.format(self.to_str(self.eval(args[0])), [self.eval(a) for a in args[1:]])

    def b_tolower(self, args):
        return self.to_str(self.eval(args[0])).lower()

    def b_toupper(self, args):
        return self.to_str(self.eval(args[0])).upper()

    def b_int(self, args):
        return float(int(self.number(self.eval(args[0]))))

    def math1(self, args, func):
        return float(func(self.number(self.eval(args[0]))))

    def b_sqrt(self, args):
        return self.math1(args, lambda x: math.sqrt(x) if x >= 0 else float("nan"))

    def b_exp(self, args):
        return self.math1(args, math.exp)

    def b_log(self, args):
        return self.math1(args, lambda x: math.log(x) if x > 0 else float("-inf") if x == 0 else float("nan"))

    def b_sin(self, args):
        return self.math1(args, math.sin)

    def b_cos(self, args):
        return self.math1(args, math.cos)

    def b_atan2(self, args):
        return math.atan2(self.number(self.eval(args[0])), self.number(self.eval(args[1])))

    def b_rand(self, args):
        self.seed = (self.seed * 1103515245 + 12345) % 2 ** 31  # a fixed sequence: runs are deterministic
        return self.seed / 2 ** 31

    seed = 0

    def b_srand(self, args):
        previous = float(self.seed)
        self.seed = int(self.number(self.eval(args[0]))) if args else int(self.ctx.clock.now)
        return previous

    def b_system(self, args):
        return float(self.run_command(self.to_str(self.eval(args[0]))))

    def run_command(self, command, stdin="", capture=None, flush=True):
        """Run `sh -c COMMAND` to its end inside this awk statement (system(), pipes); the time its sleeps
        ask for is owed and spent after the current record. Returns its exit status."""
        try:
            _, func = resolve(self.ctx, "sh")
        except NotFound:
            return 127
        if flush:  # system() and command | getline flush awk's output first; closing a pipe does not
            self.flush()
        child = self.ctx.derive(stdin=Input(stdin), stdout=capture or self.ctx.stdout)
        gen, value = func(child, ["sh", "-c", command]), None
        while True:
            try:
                request = gen.send(value)
            except StopIteration as stop:
                return stop.value or 0
            if not isinstance(request, Sleep):
                gen.close()  # waiting on something else cannot happen inside an expression
                return 0
            self.owed += request.seconds

    def e_cmdgetline(self, node):
        _, command, target = node
        name = self.to_str(self.eval(command))
        if name not in self.readers:
            capture = Capture()
            self.run_command(name, capture=capture)
            self.readers[name] = iter(capture.text.splitlines())
        record = next(self.readers[name], None)
        if record is None:
            return 0.0
        self.globals["NR"] = self.number(self.globals["NR"]) + 1
        if target is None:
            self.set_record(record)
        else:
            self.store(target, StrNum(record))
        return 1.0

    def write(self, text):
        """awk's stdout is block-buffered unless it is a terminal: commands it runs print before it."""
        if self.ctx.tty:
            self.ctx.out(text)
        else:
            self.buffer.append(text)

    def flush(self):
        if self.buffer:
            self.ctx.out("".join(self.buffer))
            self.buffer = []

    def close_pipes(self, only=None):
        for command in list(self.pipes):
            if only is None or command == only:
                self.run_command(command, self.pipes.pop(command), flush=False)

    def b_close(self, args):
        name = self.to_str(self.eval(args[0]))
        self.close_pipes(name)
        self.readers.pop(name, None)
        self.outputs.pop(name, None)
        return 0.0

    def b_fflush(self, args):
        return 0.0

    def runtime_error(self, busybox, mawk):
        """mawk's run time errors name where input stood."""
        nr, fnr = self.to_str(self.globals["NR"]), self.to_str(self.globals["FNR"])
        err = AwkError(busybox, f'run time error: {mawk}\n\tFILENAME="{self.to_str(self.globals["FILENAME"])}" '
                                f"FNR={fnr} NR={nr}", self.line, status=2)
        err.plain_mawk = True
        return err

    # -- printf
    def format(self, fmt, values):
        out, i, used = [], 0, 0
        spec = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([cdiouxXeEfFgGs%])")
        while i < len(fmt):
            m = spec.match(fmt, i) if fmt[i] == "%" else None
            if not m:
                out.append(fmt[i])
                i += 1
                continue
            i = m.end()
            flags, width, prec, conv = m.groups()
            if conv == "%":
                out.append("%")
                continue
            if width == "*":
                width = str(int(self.number(values[used]))) if used < len(values) else ""
                used += 1
            if prec == "*":
                prec = str(int(self.number(values[used]))) if used < len(values) else ""
                used += 1
            if used >= len(values):
                if self.busybox:
                    raise AwkError(EMSG_TOO_FEW, None, self.line)
                raise self.runtime_error(EMSG_TOO_FEW, f'not enough arguments passed to printf("{fmt}")')
            value = values[used]
            used += 1
            pyfmt = "%" + flags + (width or "") + (f".{prec}" if prec is not None else "")
            if conv == "c":
                text = chr(int(value)) if isinstance(value, float) else self.to_str(value)[:1]
                out.append((pyfmt + "s") % text)
            elif conv in "diouxX":
                number = self.number(value)
                out.append((pyfmt + ("d" if conv in "iu" else conv)) % int(number) if not math.isinf(number)
                           else str(number))
            elif conv in "eEfFgG":
                out.append((pyfmt + conv) % self.number(value))
            else:
                out.append((pyfmt + "s") % self.to_str(value))
        return "".join(out)

    # -- statements
    def execute(self, node):
        kind = node[0]
        if kind == "block":
            for statement in node[1]:
                self.execute(statement)
        elif kind == "expr":
            self.eval(node[1])
        elif kind == "print":
            self.do_print(node)
        elif kind == "printf":
            values = [self.eval(a) for a in node[1]]
            self.emit(self.format(self.to_str(values[0]), values[1:]), node[2])
        elif kind == "if":
            if self.truth(self.eval(node[1])):
                self.execute(node[2])
            elif node[3] is not None:
                self.execute(node[3])
        elif kind in ("while", "do", "for", "forin"):
            self.loop(node)
        elif kind == "break":
            raise Break()
        elif kind == "continue":
            raise Continue()
        elif kind == "next":
            raise Next()
        elif kind == "exit":
            raise Exit(int(self.number(self.eval(node[1]))) if node[1] is not None else None)
        elif kind == "return":
            raise Return(self.eval(node[1]) if node[1] is not None else UNINIT)
        elif kind == "delete":
            array = self.get_array(node[1])
            if node[2] is None:
                array.clear()
            else:
                array.pop(self.subscript(node[2]), None) if array.order is None else \
                    (self.subscript(node[2]) in array and array.__delitem__(self.subscript(node[2])))

    def loop(self, node):
        kind = node[0]
        if kind == "forin":
            _, var, name, body = node
            for key in self.get_array(name).walk():
                if key not in self.get_array(name):
                    continue
                self.set_var(var, StrNum(key))
                if self.run_body(body):
                    break
            return
        if kind == "for" and node[1] is not None:
            self.eval(node[1])
        first = kind == "do"
        while True:
            if not first:
                cond = node[1] if kind == "while" else node[2] if kind == "do" else node[2]
                if cond is not None and not self.truth(self.eval(cond)):
                    break
            first = False
            body = node[2] if kind == "while" else node[1] if kind == "do" else node[4]
            if self.run_body(body):
                break
            if kind == "for" and node[3] is not None:
                self.eval(node[3])

    def run_body(self, body):
        """Run a loop body; True when it breaks."""
        try:
            self.execute(body)
        except Break:
            return True
        except Continue:
            pass
        return False

    def do_print(self, node):
        _, args, dest = node
        if not args:
            text = self.to_str(self.fields[0])
        else:
            text = self.to_str(self.globals["OFS"]).join(self.to_str(self.eval(a), "OFMT") for a in args)
        self.emit(text + self.to_str(self.globals["ORS"]), dest)

    def emit(self, text, dest):
        if dest is None:
            self.write(text)
            return
        mode, target = dest
        name = self.to_str(self.eval(target))
        if mode == "|":  # the command reads everything printed to it once the pipe closes
            self.pipes[name] = self.pipes.get(name, "") + text
            return
        if name == "/dev/stderr":
            self.ctx.err(text)
            return
        if name == "/dev/stdout":
            self.write(text)
            return
        path = self.ctx.path(name)
        append = mode == ">>" or name in self.outputs
        self.outputs[name] = True
        try:
            self.ctx.fs.write(path, text, append=append)
        except FsError as err:
            raise AwkError(f"can't open '{name}': {err.strerror}", f"cannot open \"{name}\" for output", self.line,
                           status=2)


def clamp_int(x):
    if math.isinf(x) or math.isnan(x):
        return 0 if math.isnan(x) else (10 ** 9 if x > 0 else -10 ** 9)
    return int(x)


def is_numeric(value):
    return isinstance(value, float) or isinstance(value, StrNum) and value.looks_numeric


def arith(op, a, b, interp):
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op in "/%":
        if b == 0:
            if interp.busybox:
                raise AwkError("Division by zero", None, interp.line)
            if op == "%":
                return float("nan")
            return math.copysign(float("inf"), a) if a else float("nan")
        return a / b if op == "/" else math.fmod(a, b)
    try:
        return float(a ** b)
    except (OverflowError, ZeroDivisionError):
        return float("inf")


def format_c(fmt, n):
    try:
        return fmt % n
    except (TypeError, ValueError):
        return "%.6g" % n


# ---------------------------------------------------------------- the program
def parse_args(ctx, argv):
    """(program text, assignments, operands) or an exit status after an error."""
    args, assigns, fs, text = argv[1:], [], None, None
    files = []
    while args and args[0].startswith("-") and len(args[0]) > 1:
        arg = args.pop(0)
        if arg == "--":
            break
        if arg == "--help":
            ctx.err(BUSYBOX_USAGE.format(USAGE["awk"]) if not gnu(ctx) else MAWK_USAGE)
            return 0 if not gnu(ctx) else 2
        letter, value = arg[1], arg[2:]
        if letter in "Fvfe W":
            if not value:
                if not args:
                    if gnu(ctx):
                        ctx.err(f"awk: option requires an argument -- {letter}\n" + MAWK_USAGE)
                        return 2
                    ctx.err(f"awk: option requires an argument -- '{letter}'\n" + BUSYBOX_USAGE.format(USAGE["awk"]))
                    return 1
                value = args.pop(0)
            if letter == "F":
                fs = "\t" if value == "t" else unescape(value)
            elif letter == "v":
                assigns.append(value)
            elif letter in "fe":
                if letter == "f":
                    try:
                        files.append(ctx.fs.read(ctx.path(value)))
                    except FsError as err:
                        ctx.err(f"awk: cannot open {value} ({err.strerror})\n" if gnu(ctx) else
                                f"awk: can't open '{value}': {err.strerror}\n")
                        return 2 if gnu(ctx) else 1
                else:
                    files.append(value)
            elif letter == "W" and value.startswith("v"):
                ctx.out("mawk 1.3.4 20200120\nCopyright 2008-2019,2020, Thomas E. Dickey\n"
                        "Copyright 1991-1996,2014, Michael D. Brennan\n\nrandom-funcs:       srandom/random\n"
                        "regex-funcs:        internal\ncompiled limits:\nsprintf buffer      8192\n"
                        "maximum-integer     2147483647\n")
                return 0
        else:
            if gnu(ctx):
                ctx.err(f"awk: not an option: {arg}\n")
                return 2
            ctx.err(f"awk: invalid option -- '{letter}'\n" + BUSYBOX_USAGE.format(USAGE["awk"]))
            return 1
    if files:
        text = "\n".join(files)
    elif args:
        text = args.pop(0)
    else:
        ctx.err(BUSYBOX_USAGE.format(USAGE["awk"]) if not gnu(ctx) else MAWK_USAGE)
        return 1 if not gnu(ctx) else 2
    return text, fs, assigns, args, bool(files)


def error_text(ctx, err, from_file):
    if getattr(err, "plain", False) or gnu(ctx) and getattr(err, "plain_mawk", False):
        return f"awk: {err.mawk if gnu(ctx) else err.busybox}\n"
    if gnu(ctx):
        return f"awk: line {err.line}: {err.mawk}\n" if not err.mawk.startswith(("cannot", "division")) else \
            f"awk: {err.mawk}\n"
    where = "cmd. line" if not from_file else "-"
    return f"awk: {where}:{getattr(err, 'busybox_line', err.line)}: {err.busybox}\n"


@program("awk")
def awk(ctx, argv):
    parsed = parse_args(ctx, argv)
    if isinstance(parsed, int):
        return parsed
    text, fs, assigns, operands, from_file = parsed
    busybox = not gnu(ctx)
    try:
        parser = Parser(text)
        items = parser.program()
    except AwkError as err:
        ctx.err(error_text(ctx, err, from_file))
        return 2 if gnu(ctx) else 1
    interp = Interpreter(ctx, items, parser.functions, busybox)
    if fs is not None:
        interp.globals["FS"] = fs
    interp.globals["ARGV"]["0"] = "awk"
    for index, operand in enumerate(operands, 1):
        interp.globals["ARGV"][str(index)] = StrNum(operand)
    interp.globals["ARGC"] = float(len(operands) + 1)
    for assignment in assigns:
        name, _, value = assignment.partition("=")
        interp.globals[name] = StrNum(unescape(value))
    try:
        status = yield from run(ctx, interp, items, operands)
    except AwkError as err:
        ctx.err(error_text(ctx, err, from_file))
        return err.status or (2 if gnu(ctx) else 1)
    finally:
        interp.flush()
    return status


def settle(interp):
    """Spend the time the commands awk ran slept (see run_command)."""
    if interp.owed:
        owed, interp.owed = interp.owed, 0.0
        yield Sleep(owed)


def run(ctx, interp, items, operands):
    begins = [i[1] for i in items if i[0] == "BEGIN"]
    ends = [i[1] for i in items if i[0] == "END"]
    mains = [i for i in items if i[0] in ("main", "range")]
    code = None
    interp.input = records(ctx, interp, operands)
    try:
        for block in begins:
            interp.execute(block)
        if mains or ends:
            for name, record in interp.input:
                interp.globals["NR"] = interp.number(interp.globals["NR"]) + 1
                interp.globals["FNR"] = interp.number(interp.globals["FNR"]) + 1
                interp.set_record(record)
                try:
                    for index, item in enumerate(mains):
                        if matches(interp, index, item):
                            interp.execute(item[3] if item[3] is not None else ("print", [], None))
                except Next:
                    pass
                yield from settle(interp)
    except Exit as stop:
        code = stop.code
    try:
        for block in ends:
            interp.execute(block)
    except Exit as stop:
        code = stop.code if stop.code is not None else code
    interp.close_pipes()
    yield from settle(interp)
    return (code or 0) if interp.status is None else interp.status


Interpreter.status = None


def matches(interp, index, item):
    kind, pattern, end, _ = item
    if kind == "main":
        return pattern is None or interp.truth(interp.eval(pattern))
    if interp.ranges.get(index):
        if interp.truth(interp.eval(end)):
            interp.ranges[index] = False
        return True
    if interp.truth(interp.eval(pattern)):
        interp.ranges[index] = not interp.truth(interp.eval(end))
        return True
    return False


def records(ctx, interp, operands):
    """(file name, record) for every input record; `var=value` operands assign as they come."""
    names = [o for o in operands if o != ""]
    if not [n for n in names if not re.match(r"[A-Za-z_][A-Za-z0-9_]*=", n)]:
        names.append("-")
    for name in names:
        m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", name, re.S)
        if m:
            interp.globals[m.group(1)] = StrNum(unescape(m.group(2)))
            continue
        if name == "-" or name == "/dev/stdin":
            text = ctx.read_all()
        else:
            try:
                text = ctx.fs.read(ctx.path(name))
            except FsError as err:
                failure = AwkError(f"can't open '{name}': {err.strerror}", f"cannot open {name} ({err.strerror})",
                                   status=2 if gnu(ctx) else 1)
                failure.plain = True
                raise failure from None
        interp.globals["FILENAME"] = StrNum(name) if name != "-" else ""
        interp.globals["FNR"] = 0.0
        rs = interp.to_str(interp.globals["RS"])
        if rs == "\n":
            parts = text.split("\n")
            if parts and parts[-1] == "":
                parts.pop()
        elif rs == "":
            parts = [p for p in re.split(r"\n\n+", text.strip("\n"))] if text.strip("\n") else []
        else:
            parts = text.split(rs[0])
            if parts and parts[-1] in ("", "\n"):
                parts.pop()
        for record in parts:
            yield name, record
