"""`-o jsonpath=TEMPLATE`: client-go's util/jsonpath dialect, parsed and run as it does (fields with `\\.`
escapes, `*`, `..`, `[n]`, `[a:b:c]`, unions, `['key']`, filters `[?(@.x=="y")]`, `{range}...{end}`, quotes).

parse() gives the template's nodes: ("text", s) and ("path", [action nodes]); action nodes are ("field", name)
("wildcard",) ("recursive",) ("array", params) ("union", [lists]) ("filter", left, right, op) ("ident", name)
("text", s) ("int", n) ("float", f) ("bool", b). Objects kubectl decoded from typed structs (generators) hold
JSON numbers as float64, objects from the server int64: `typed` selects which."""
import json
import re

from ...api.gofmt import client_type, go_float, go_json, go_type, go_v
from . import gofmt


class JSONPathError(Exception):
    """str(e) is kubectl's `error parsing jsonpath TEMPLATE, REASON`; e.reason is client-go's own message."""

    def __init__(self, message, reason=None):
        super().__init__(message)
        self.reason = reason or message


class ExecError(JSONPathError):
    """An error while executing (client-go's Execute), before anything is printed."""


def _syntax(template, reason):
    return JSONPathError(f"error parsing jsonpath {template}, {reason}", reason)


def bare(error):
    return error.reason


# ---------------------------------------------------------------- parser (client-go's parser.go)

_DICT_KEY = re.compile(r"^'([^']*)'$")
_SLICE = re.compile(r"^(-?\d*)(:-?\d*)?(:-?\d*)?$")
_FILTER = re.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$", re.S)
_TERMINATORS = set(" \t\r\n.,[]$@{}")


class _ParseError(Exception):
    pass


class _Parser:
    def __init__(self, text):
        self.input, self.pos, self.start = text, 0, 0
        self.root = []

    def consume(self):
        value = self.input[self.start:self.pos]
        self.start = self.pos
        return value

    def next(self):
        if self.pos >= len(self.input):
            self.pos += 1  # (backup undoes it)
            return None
        ch = self.input[self.pos]
        self.pos += 1
        return ch

    def backup(self):
        self.pos -= 1

    def peek(self):
        ch = self.next()
        self.backup()
        return ch

    def parse(self):
        self.parse_text()
        return self.root

    def parse_text(self):
        while True:
            if self.input.startswith("{", self.pos):
                if self.pos > self.start:
                    self.root.append(("text", self.consume()))
                self.pos += 1
                self.consume()
                action = []
                self.root.append(("path", action))
                if self.inside(action):
                    continue
                return
            if self.next() is None:
                self.backup()
                break
        if self.pos > self.start:
            self.root.append(("text", self.consume()))

    def inside(self, cur):
        """parseInsideAction, iterative: True when the action closed with `}` (text follows)."""
        while True:
            rest = self.input[self.pos:]
            if rest.startswith("}"):
                self.pos += 1
                self.consume()
                return True
            if rest.startswith("[?("):
                self.parse_filter(cur)
                continue
            if rest.startswith(".."):
                if cur and cur[-1][0] == "recursive":
                    raise _ParseError("invalid multiple recursive descent")
                self.pos += 2
                self.consume()
                cur.append(("recursive",))
                nxt = self.peek()
                if nxt is not None and _alnum(nxt):
                    self.parse_field(cur)
                continue
            r = self.next()
            if r is None or r in "\r\n":
                raise _ParseError("unclosed action")
            if r == " ":
                self.consume()
            elif r in "@$":
                self.consume()
            elif r == "[":
                self.parse_array(cur)
            elif r in "\"'":
                self.parse_quote(cur, r)
            elif r == ".":
                self.parse_field(cur)
            elif r in "+-" or r.isdigit():
                self.backup()
                self.parse_number(cur)
            elif _alnum(r):
                self.backup()
                self.parse_identifier(cur)
            else:
                raise _ParseError(f"unrecognized character in action: {gofmt.char_u(r)}")

    def parse_identifier(self, cur):
        while True:
            r = self.next()
            if r is None or r in _TERMINATORS:
                self.backup()
                break
        value = self.consume()
        cur.append(("bool", value == "true") if value in ("true", "false") else ("ident", value))

    def parse_number(self, cur):
        r = self.peek()
        if r in ("+", "-"):
            self.next()
        while True:
            r = self.next()
            if r is None or (r != "." and not r.isdigit()):
                self.backup()
                break
        value = self.consume()
        if re.fullmatch(r"[+-]?\d+", value):
            cur.append(("int", int(value)))
            return
        try:
            cur.append(("float", float(value)))
        except ValueError:
            raise _ParseError(f"cannot parse number {value}")

    def parse_array(self, cur):
        while True:
            r = self.next()
            if r is None or r == "\n":
                raise _ParseError("unterminated array")
            if r == "]":
                break
        text = self.consume()[1:-1]
        if text == "*":
            text = ":"
        parts = text.split(",")
        if len(parts) > 1:
            cur.append(("union", [_parse_action(f"[{p.strip(' ')}]") for p in parts]))
            return
        m = _DICT_KEY.match(text)
        if m:
            cur.extend(_parse_action("." + m.group(1)))
            return
        m = _SLICE.match(text)
        if not m:
            raise _ParseError(f"invalid array index {text}")
        params = []
        for i, raw in enumerate(m.groups()):
            raw = raw or ""
            if raw:
                if i > 0:
                    raw = raw[1:]
                if i > 0 and raw == "":
                    params.append((False, 0, False))
                else:
                    try:
                        params.append((True, int(raw), False))
                    except ValueError:
                        raise _ParseError(f"array index {raw} is not a number")
            elif i == 1:
                params.append((True, params[0][1] + 1, True))
            else:
                params.append((False, 0, False))
        cur.append(("array", params))

    def parse_filter(self, cur):
        self.pos += 3
        self.consume()
        begin = end = False
        pair = None
        while True:
            r = self.next()
            if r is None or r == "\n":
                raise _ParseError("unterminated filter")
            if r in "\"'":
                if not begin:
                    begin, pair = True, r
                    continue
                if self.input[self.pos - 2] != "\\" and r == pair:
                    end = True
            elif r == ")" and begin == end:
                break
        if self.next() != "]":
            raise _ParseError("unclosed array expect ]")
        text = self.consume()[:-2]
        m = _FILTER.match(text)
        if m is None:
            cur.append(("filter", _parse_action(text), [], "exists"))
        else:
            cur.append(("filter", _parse_action(m.group(1)), _parse_action(m.group(3)), m.group(2)))

    def parse_quote(self, cur, end):
        while True:
            r = self.next()
            if r is None or r == "\n":
                raise _ParseError("unterminated quoted string")
            if r == end and self.input[self.pos - 2] != "\\":
                break
        value = self.consume()
        try:
            cur.append(("text", _unquote(value)))
        except ValueError:
            raise _ParseError(f"unquote string {value} error invalid syntax")

    def parse_field(self, cur):
        self.consume()
        while True:
            r = self.next()
            if r == "\\":
                self.next()
            elif r is None or r in _TERMINATORS:
                self.backup()
                break
        value = self.consume()
        cur.append(("wildcard",) if value == "*" else ("field", value.replace("\\", "")))


def _alnum(ch):
    return ch == "_" or ch.isalpha() or ch.isdigit()


def _parse_action(text):
    parser = _Parser("{" + text + "}")
    return parser.parse()[0][1]


_ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text):
    quote, body = text[0], text[1:-1]
    if len(text) < 2 or text[-1] != quote:
        raise ValueError
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == quote:
            raise ValueError
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1:i + 2]
        if nxt in _ESC and (nxt not in "'\"" or nxt == quote):
            out.append(_ESC[nxt])
            i += 2
        elif nxt in ("x", "u", "U"):
            size = {"x": 2, "u": 4, "U": 8}[nxt]
            digits = body[i + 2:i + 2 + size]
            if len(digits) != size or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise ValueError
            out.append(chr(int(digits, 16)))
            i += 2 + size
        elif nxt.isdigit():
            out.append(chr(int(body[i + 1:i + 4], 8)))
            i += 4
        else:
            raise ValueError
    return "".join(out)


def parse(template):
    """The template's nodes; JSONPathError with kubectl's `error parsing jsonpath` message."""
    try:
        return _Parser(template).parse()
    except _ParseError as e:
        raise _syntax(template, str(e))


# ---------------------------------------------------------------- evaluation (client-go's jsonpath.go)

class _Byte(int):
    """A uint8 from indexing a string (`*` and `..` walk a string's bytes)."""


def _type(value, typed):
    if isinstance(value, _Byte):
        return "uint8"
    if not isinstance(value, (bool, int, float, str, list, dict)):
        return "interface {}"
    return (client_type if typed else go_type)(value)


def _children(value):
    if isinstance(value, dict):
        return [value[k] for k in sorted(value)]  # (Go ranges a map in random order; sorted keeps us repeatable)
    if isinstance(value, list):
        return list(value)
    if isinstance(value, str):
        return [_Byte(b) for b in value.encode("utf-8")]
    return []


class _Run:
    def __init__(self, allow_missing, typed):
        self.allow_missing, self.typed = allow_missing, typed
        self.begin_range = self.in_range = self.end_range = 0
        self.last_end = None

    def find_results(self, data, nodes):
        cur, full, i = [data], [], 0
        while i < len(nodes):
            node = nodes[i]
            results = self.walk(cur, node)
            if 0 < self.end_range <= self.in_range:
                self.end_range -= 1
                self.last_end = node
                break
            if self.begin_range > 0:
                self.begin_range -= 1
                self.in_range += 1
                for value in results or [None]:
                    nested = self.find_results(value, nodes[i + 1:])
                    if results:
                        full.extend(nested)
                self.in_range -= 1
                for k in range(i + 1, len(nodes)):
                    if nodes[k] is self.last_end:
                        i = k
                        break
                i += 1
                continue
            full.append(results)
            i += 1
        return full

    def walk(self, values, node):
        kind = node[0]
        if kind == "path":
            return self.eval_list(values, node[1])
        if kind == "text":
            return [node[1]]
        return getattr(self, "eval_" + kind)(values, node)

    def eval_list(self, values, nodes):
        for node in nodes:
            values = self.walk(values, node)
        return values

    def eval_int(self, values, node):
        return [node[1] for _ in values]

    eval_float = eval_bool = eval_int

    def eval_ident(self, values, node):
        if node[1] == "range":
            self.begin_range += 1
            return values
        if node[1] == "end":
            if self.in_range > 0:
                self.end_range += 1
                return []
            raise ExecError("not in range, nothing to end")
        raise ExecError(f"unrecognized identifier {node[1]}")

    def eval_field(self, values, node):
        results = [v[node[1]] for v in values if isinstance(v, dict) and node[1] in v]
        if not results and values and not self.allow_missing:
            raise ExecError(f"{node[1]} is not found")
        return results

    def eval_wildcard(self, values, node):
        return [c for v in values if v is not None for c in _children(v)]

    def eval_recursive(self, values, node):
        out = []
        for value in values:
            if value is None:
                continue
            children = _children(value)
            if children:
                out.append(value)
                out.extend(self.eval_recursive(children, node))
        return out

    def eval_union(self, values, node):
        return [v for nodes in node[1] for v in self.eval_list(values, nodes)]

    def eval_array(self, values, node):
        out = []
        for value in values:
            if value is None:
                continue
            if not isinstance(value, list):
                raise ExecError(f"{_type(value, self.typed)} is not array or slice")
            (k0, start, _), (k1, stop, derived), (k2, step, _) = node[1]
            length = len(value)
            start = start if k0 else 0
            if start < 0:
                start += length
            stop = stop if k1 else length
            if stop < 0 or (stop == 0 and derived):
                stop += length
            if stop == start:
                return out
            if start >= length or start < 0:
                raise ExecError(f"array index out of bounds: index {start}, length {length}")
            if stop > length or stop < 0:
                raise ExecError(f"array index out of bounds: index {stop - 1}, length {length}")
            if start > stop:
                raise ExecError(f"starting index {start} is greater than ending index {stop}")
            if k2 and step <= 0:
                raise ExecError("step must be > 0")
            out.extend(value[start:stop:step if k2 else 1])
        return out

    def eval_filter(self, values, node):
        _, left_nodes, right_nodes, op = node
        out = []
        for value in values:
            if not isinstance(value, list):
                raise ExecError(f"{'<nil>' if value is None else _plain(value, self.typed)} is not array or slice "
                                "and cannot be filtered")
            for item in value:
                if op == "exists":
                    try:
                        if self.eval_list([item], left_nodes):
                            out.append(item)
                    except ExecError:
                        pass
                    continue
                lefts = self.eval_list([item], left_nodes)
                if not lefts:
                    continue
                if len(lefts) > 1:
                    raise ExecError("can only compare one element at a time")
                rights = self.eval_list([item], right_nodes)
                if not rights:
                    continue
                if len(rights) > 1:
                    raise ExecError("can only compare one element at a time")
                literal = len(right_nodes) == 1 and right_nodes[0][0] in ("int", "float", "bool", "text")
                if _compare(op, lefts[0], rights[0], self.typed, self.typed and not literal):
                    out.append(item)
        return out


def _basic_kind(value, typed):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, _Byte):
        return "uint"
    if isinstance(value, int):
        return "float" if typed else "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    raise ExecError("invalid type for comparison")


def _compare(op, left, right, typed_left, typed_right):
    """The forked text/template Equal/Less...: only values of one basic kind compare."""
    if op not in ("==", "!=", "<", ">", "<=", ">="):
        raise ExecError(f"unrecognized filter operator {op}")
    k1, k2 = _basic_kind(left, typed_left), _basic_kind(right, typed_right)
    if k1 != k2 and {k1, k2} != {"int", "uint"}:
        raise ExecError("incompatible types for comparison")
    if op in ("==", "!="):
        return (left == right) == (op == "==")
    if k1 == "bool":
        raise ExecError("invalid type for comparison")
    return {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[op]


def _plain(value, typed):
    """fmt.Fprint of a scalar (evalToText); JSON numbers of typed objects are float64."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and typed and not isinstance(value, _Byte):
        return go_float(float(value))
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, (dict, list)):
        return go_v(value)
    return str(value)


def _text(value, typed=False):
    """PrintResults: maps and lists as compact JSON (Go's json.Marshal), other values as fmt.Fprint."""
    if isinstance(value, (dict, list)):
        return go_json(value)
    return _plain(value, typed)


def _go_syntax(value, typed):
    """%#v of the decoded object, as kubectl's debugging message quotes it."""
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, dict):
        return "map[string]interface {}{" + ", ".join(
            f"{gofmt.quote(k)}:{_go_syntax(value[k], typed)}" for k in sorted(value)) + "}"
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(_go_syntax(v, typed) for v in value) + "}"
    if isinstance(value, str):
        return gofmt.quote(value)
    return _plain(value, typed)


def find_results(nodes, root, allow_missing=True, typed=False):
    """FindResults: one list of values per printed node (ExecError on client-go's execution errors)."""
    return _Run(allow_missing, typed).find_results(root, nodes)


def evaluate(steps, root, current):
    """The values one action's nodes select from `current`, missing keys and execution errors giving none."""
    try:
        return _Run(True, False).eval_list([current], steps)
    except ExecError:
        return []


def render(template, obj, allow_missing=True, typed=False):
    results = find_results(parse(template), obj, allow_missing, typed)
    return "".join(" ".join(_text(v, typed) for v in group) for group in results)


def render_json(template, obj, allow_missing=True, typed=False):
    """`-o jsonpath-as-json`: each node's results as an indented JSON array (client-go's outputJSON)."""
    out = []
    for group in find_results(parse(template), obj, allow_missing, typed):
        text = json.dumps(group, indent=4, ensure_ascii=False, sort_keys=True)
        out.append(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n")
    return "".join(out)


def exec_message(template, obj, error, typed=False):
    """What kubectl's JSONPathPrinter returns when executing fails."""
    return (f"error executing jsonpath {gofmt.quote(template)}: Error executing template: {error.reason}. "
            f"Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n"
            f"\tobject given to jsonpath engine was:\n\t\t{_go_syntax(obj, typed)}\n\n\n")
