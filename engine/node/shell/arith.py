"""Shell arithmetic `$(( ))`: integers only, C operators and precedence, variables by name."""
import re

TOKEN = re.compile(r"\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||\+\+|--|"
                   r"[-+*/%]=|[-+*/%<>!~&|^()?:=,])")
BINARY = [("||",), ("&&",), ("|",), ("^",), ("&",), ("==", "!="), ("<", "<=", ">", ">="), ("<<", ">>"),
          ("+", "-"), ("*", "/", "%"), ("**",)]


PRECEDENCE = {op: level for level, ops in enumerate(BINARY) for op in ops}


class ArithError(Exception):
    pass


def tokenize(text):
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ArithError("syntax")
        out.append(m.group(1))
        pos = m.end()
    return out


def evaluate(text, variables, assign):
    toks = tokenize(str(text))
    if not toks:
        return 0
    parser = _Parser(toks, variables, assign)
    value = parser.assignment()
    if parser.pos != len(toks):
        raise ArithError("syntax")
    return value


def _c_div(a, b, op):
    if b == 0:
        raise ArithError("divide by zero")
    q = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)
    return q if op == "/" else a - q * b


class _Parser:
    def __init__(self, toks, variables, assign):
        self.toks, self.pos, self.vars, self.assign = toks, 0, variables, assign

    def peek(self):
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self):
        tok = self.peek()
        if tok is None:
            raise ArithError("syntax")
        self.pos += 1
        return tok

    def var(self, name):
        raw = str(self.vars.get(name, "") or "0").strip()
        try:
            return int(raw, 0) if not raw.isdigit() else int(raw)
        except ValueError:
            return evaluate(raw, self.vars, self.assign)

    def assignment(self):
        tok = self.peek()
        if tok and re.match(r"[A-Za-z_]", tok) and self.pos + 1 < len(self.toks) and \
                self.toks[self.pos + 1] in ("=", "+=", "-=", "*=", "/=", "%="):
            name, op = self.take(), self.take()
            value = self.assignment()
            if op != "=":
                value = self.apply(op[0], self.var(name), value)
            self.assign(name, str(value))
            return value
        return self.ternary()

    def ternary(self):
        cond = self.binary(0)
        if self.peek() == "?":
            self.take()
            a = self.assignment()
            if self.take() != ":":
                raise ArithError("syntax")
            b = self.assignment()
            return a if cond else b
        return cond

    def binary(self, min_level):
        """Precedence climbing over the BINARY table (later rows bind tighter; ** is right-associative)."""
        left = self.unary()
        while True:
            op = self.peek()
            level = PRECEDENCE.get(op)
            if level is None or level < min_level:
                return left
            self.take()
            right = self.binary(level if op == "**" else level + 1)
            left = self.apply(op, left, right)

    def apply(self, op, a, b):
        if op in ("/", "%"):
            return _c_div(a, b, op)
        return {"+": a + b, "-": a - b, "*": a * b, "**": a ** b if b >= 0 else 0, "<<": a << b if b >= 0 else 0,
                ">>": a >> b if b >= 0 else 0, "<": int(a < b), "<=": int(a <= b), ">": int(a > b),
                ">=": int(a >= b), "==": int(a == b), "!=": int(a != b), "&": a & b, "|": a | b, "^": a ^ b,
                "&&": int(bool(a) and bool(b)), "||": int(bool(a) or bool(b))}[op]

    def unary(self):
        tok = self.take()
        if tok in ("-", "+", "!", "~"):
            value = self.unary()
            return {"-": -value, "+": value, "!": int(not value), "~": ~value}[tok]
        if tok in ("++", "--"):
            name = self.take()
            value = self.var(name) + (1 if tok == "++" else -1)
            self.assign(name, str(value))
            return value
        if tok == "(":
            value = self.assignment()
            if self.take() != ")":
                raise ArithError("syntax")
            return value
        if tok[0].isdigit():
            return int(tok, 0) if tok.lower().startswith("0x") else int(tok, 8) if tok.startswith("0") and len(tok) > 1 else int(tok)
        if re.match(r"[A-Za-z_]", tok):
            value = self.var(tok)
            if self.peek() in ("++", "--"):
                op = self.take()
                self.assign(tok, str(value + (1 if op == "++" else -1)))
            return value
        raise ArithError("syntax")
