"""`-o go-template=...`: the part of Go's text/template that kubectl users write (fields, range/if/with/else,
variables, pipelines, trim markers, the builtin functions and kubectl's base64decode/exists), with Go's messages."""
import base64
import binascii
import json
import re
import urllib.parse

from ...api.gofmt import go_v
from . import gofmt

NAME = "output"
KEYWORDS = {"range", "if", "else", "end", "with", "define", "template", "block", "break", "continue"}
MISSING = gofmt.MISSING  # Go's invalid reflect.Value: printed as <no value>


class TemplateError(Exception):
    """A parse error (`template: output:LINE: ...`) or an execution error (`...:LINE:COL: executing ...`)."""


class _Flow(Exception):
    """{{break}} / {{continue}} inside range."""


# ---------------------------------------------------------------- lexer

class Tok:
    def __init__(self, kind, val, pos):
        self.kind, self.val, self.pos = kind, val, pos

    def __str__(self):
        if self.kind == "eof":
            return "EOF"
        if self.kind in ("keyword", "dot"):
            return f"<{self.val}>"
        return gofmt.quote(self.val)


_SPACE = " \t\r\n"
_NUM = re.compile(r"[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?\d*([eE][+-]?\d+)?)")


def lex(text):
    """Tokens of the whole template: text, left/right delimiters and the action's items."""
    toks, i = [], 0
    while i < len(text):
        start = text.find("{{", i)
        if start < 0:
            toks.append(Tok("text", text[i:], i))
            break
        trim_left = text.startswith("{{- ", start) or (text.startswith("{{-", start) and start + 3 < len(text)
                                                          and text[start + 3] in _SPACE)
        chunk = text[i:start]
        if trim_left:
            chunk = chunk.rstrip(_SPACE)
        if chunk:
            toks.append(Tok("text", chunk, i))
        i = start + (4 if trim_left else 2)
        if text.startswith("/*", i) or (trim_left and text.startswith("/*", i)):
            end = text.find("*/", i)
            if end < 0:
                raise _parse_error(text, start, "unclosed comment")
            close = end + 2
            trim_right = text.startswith(" -}}", close)
            if not (trim_right or text.startswith("}}", close)):
                raise _parse_error(text, start, "comment ends before closing delimiter")
            i = close + (4 if trim_right else 2)
            if trim_right:
                i = _skip_space(text, i)
            continue
        toks.append(Tok("left", "{{", start))
        i = _lex_action(text, i, toks)
    toks.append(Tok("eof", "", len(text)))
    return toks


def _skip_space(text, i):
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _lex_action(text, i, toks):
    depth = 0
    while True:
        if text.startswith(" -}}", i) or text.startswith("\t-}}", i) or text.startswith("\n-}}", i):
            toks.append(Tok("right", "}}", i + 2))
            return _skip_space(text, i + 4)
        if text.startswith("}}", i):
            if depth:
                raise _parse_error(text, i, "unclosed left paren")
            toks.append(Tok("right", "}}", i))
            return i + 2
        if i >= len(text):
            raise _parse_error(text, i, "unclosed action")
        ch = text[i]
        if ch in _SPACE:
            j = _skip_space(text, i)
            if text.startswith("-}}", j) and j > i:
                i = j - 1
                continue
            toks.append(Tok("space", text[i:j], i))
            i = j
        elif ch == "|":
            toks.append(Tok("pipe", ch, i))
            i += 1
        elif ch == "(":
            depth += 1
            toks.append(Tok("lparen", ch, i))
            i += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise _parse_error(text, i, "unexpected right paren")
            toks.append(Tok("rparen", ch, i))
            i += 1
        elif text.startswith(":=", i):
            toks.append(Tok("declare", ":=", i))
            i += 2
        elif ch == "=":
            toks.append(Tok("assign", "=", i))
            i += 1
        elif ch == ",":
            toks.append(Tok("char", ",", i))
            i += 1
        elif ch == '"':
            i = _lex_quote(text, i, toks)
        elif ch == "`":
            end = text.find("`", i + 1)
            if end < 0:
                raise _parse_error(text, i, "unterminated raw quoted string")
            toks.append(Tok("string", text[i + 1:end], i))
            i = end + 1
        elif ch == "'":
            m = re.match(r"'(\\.[^']*|[^'\\])'", text[i:])
            if not m:
                raise _parse_error(text, i, "unterminated character constant")
            toks.append(Tok("number", m.group(), i))
            i += m.end()
        elif ch == "." and i + 1 < len(text) and text[i + 1].isdigit():
            i = _lex_number(text, i, toks)
        elif ch == "$" or ch == ".":
            m = re.match(r"[$.][A-Za-z0-9_]*", text[i:])
            word = m.group()
            kind = "var" if ch == "$" else ("dot" if word == "." else "field")
            toks.append(Tok(kind, word, i))
            i += m.end()
        elif ch.isdigit() or ch in "+-":
            i = _lex_number(text, i, toks)
        elif ch.isalpha() or ch == "_":
            m = re.match(r"[A-Za-z0-9_]+", text[i:])
            word = m.group()
            kind = ("keyword" if word in KEYWORDS else "bool" if word in ("true", "false")
                    else "nil" if word == "nil" else "ident")
            toks.append(Tok(kind, word, i))
            i += m.end()
        elif ch == "}":
            raise _parse_error(text, i, f"bad character {gofmt.char_u(ch)}")
        elif ch.isascii() and ch.isprintable():
            toks.append(Tok("char", ch, i))
            i += 1
        else:
            raise _parse_error(text, i, f"unrecognized character in action: {gofmt.char_u(ch)}")


def _lex_quote(text, i, toks):
    j = i + 1
    while True:
        if j >= len(text) or text[j] == "\n":
            raise _parse_error(text, i, "unterminated quoted string")
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == '"':
            break
        j += 1
    toks.append(Tok("string", gofmt.unquote(text[i:j + 1]), i))
    toks[-1].raw = text[i:j + 1]
    return j + 1


def _lex_number(text, i, toks):
    m = _NUM.match(text, i)
    end = m.end()
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        raise _parse_error(text, i, f"bad number syntax: {gofmt.quote(text[i:end + 1])}")
    toks.append(Tok("number", m.group(), i))
    return end


def _parse_error(text, pos, message):
    return TemplateError(f"template: {NAME}:{text.count(chr(10), 0, pos) + 1}: {message}")


# ---------------------------------------------------------------- parser
# Nodes are tuples: ("text", s) ("action", pipe) ("if"|"with"|"range", pipe, list, else_list, pos)
# ("break"/"continue", pos) ("template", name, pipe, pos); a pipe is (decl, is_assign, cmds, pos);
# a command is (args, pos); args: ("field", idents, pos) ("var", name, idents, pos) ("dot",) ("nil", pos)
# ("ident", name, pos) ("bool", v) ("number", value, text) ("string", s, text) ("pipe", pipe, idents)

FUNCS = {"and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge",
         "html", "js", "urlquery", "slice", "call", "exists", "base64decode"}


class Parser:
    def __init__(self, text):
        self.text, self.toks, self.i = text, lex(text), 0
        self.vars = ["$"]
        self.defines = {}
        self.range_depth = 0

    def parse(self):
        nodes = []
        while self.peek_non_space().kind != "eof":
            node = self.text_or_action()
            if node[0] in ("end", "else"):
                raise self.error(f"unexpected {{{{{node[0]}}}}}")
            if node[0] != "define":
                nodes.append(node)
        return nodes

    # token helpers
    def next(self):
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def peek(self):
        return self.toks[self.i]

    def next_non_space(self):
        tok = self.next()
        while tok.kind == "space":
            tok = self.next()
        return tok

    def peek_non_space(self):
        tok = self.next_non_space()
        self.i -= 1
        return tok

    def error(self, message, tok=None):
        tok = tok or self.toks[max(self.i - 1, 0)]
        return _parse_error(self.text, tok.pos, message)

    def unexpected(self, tok, context):
        if tok.kind == "right" and context == "parenthesized pipeline":
            return self.error("unclosed left paren", tok)
        return self.error(f"unexpected {tok} in {context}", tok)

    def item_list(self):
        nodes = []
        while self.peek_non_space().kind != "eof":
            node = self.text_or_action()
            if node[0] in ("end", "else"):
                return nodes, node
            if node[0] != "define":
                nodes.append(node)
        raise self.error("unexpected EOF", self.peek())

    def text_or_action(self):
        tok = self.next_non_space()
        if tok.kind == "text":
            return ("text", tok.val)
        if tok.kind == "left":
            return self.action()
        raise self.unexpected(tok, "input")

    def action(self):
        tok = self.next_non_space()
        if tok.kind == "keyword":
            handler = getattr(self, "kw_" + tok.val)
            return handler(tok)
        self.i -= 1
        return ("action", self.pipeline("command", "right"))

    def expect_right(self, context):
        tok = self.next_non_space()
        if tok.kind != "right":
            raise self.unexpected(tok, context)

    def kw_end(self, tok):
        self.expect_right("end")
        return ("end", tok.pos)

    def kw_else(self, tok):
        peek = self.peek_non_space()
        if peek.kind == "keyword" and peek.val in ("if", "with"):
            return ("else", tok.pos)
        self.expect_right("else")
        return ("else", tok.pos)

    def kw_break(self, tok):
        if not self.range_depth:
            raise self.error("{{break}} outside {{range}}", tok)
        self.expect_right("{{break}}")
        return ("break", tok.pos)

    def kw_continue(self, tok):
        if not self.range_depth:
            raise self.error("{{continue}} outside {{range}}", tok)
        self.expect_right("{{continue}}")
        return ("continue", tok.pos)

    def kw_if(self, tok):
        return self.control("if", tok)

    def kw_with(self, tok):
        return self.control("with", tok)

    def kw_range(self, tok):
        return self.control("range", tok)

    def control(self, context, tok):
        saved = len(self.vars)
        pipe = self.pipeline(context, "right")
        self.range_depth += context == "range"
        body, nxt = self.item_list()
        self.range_depth -= context == "range"
        else_body = []
        if nxt[0] == "else":
            peek = self.peek_non_space()
            if context in ("if", "with") and peek.kind == "keyword" and peek.val == context:
                self.next_non_space()
                else_body = [self.control(context, peek)]
            else:
                else_body, nxt = self.item_list()
                if nxt[0] != "end":
                    raise self.error(f"expected end; found {{{{{nxt[0]}}}}}")
        del self.vars[saved:]
        return (context, pipe, body, else_body, tok.pos)

    def kw_template(self, tok):
        name_tok = self.next_non_space()
        if name_tok.kind != "string":
            raise self.unexpected(name_tok, "template clause")
        pipe = None
        if self.peek_non_space().kind != "right":
            pipe = self.pipeline("template clause", "right")
        else:
            self.next_non_space()
        return ("template", name_tok.val, pipe, name_tok.pos, self.text[tok.pos - 2:self.toks[self.i - 1].pos + 2])

    def kw_define(self, tok):
        name_tok = self.next_non_space()
        self.expect_right("define clause")
        body, nxt = self.item_list()
        if nxt[0] != "end":
            raise self.error("unexpected {{else}}")
        self.defines[name_tok.val] = body
        return ("define",)

    def kw_block(self, tok):
        """{{block "name" pipeline}}body{{end}}: define the template and run it in place."""
        name_tok = self.next_non_space()
        if name_tok.kind != "string":
            raise self.unexpected(name_tok, "block clause")
        pipe = self.pipeline("block clause", "right")
        body, nxt = self.item_list()
        if nxt[0] != "end":
            raise self.error("unexpected {{else}}")
        self.defines[name_tok.val] = body
        return ("template", name_tok.val, pipe, name_tok.pos, f'{{{{template "{name_tok.val}" {_pipe_text(pipe)}}}}}')

    def pipeline(self, context, end):
        start = self.peek_non_space()
        decl, is_assign = [], False
        while True:
            tok = self.peek_non_space()
            if tok.kind != "var":
                break
            save = self.i
            self.next_non_space()
            after = self.peek_non_space()
            if after.kind in ("declare", "assign"):
                self.next_non_space()
                is_assign = after.kind == "assign"
                decl.append(tok.val)
                if not is_assign:
                    self.vars.append(tok.val)
                elif tok.val not in self.vars:
                    raise self.error(f"undefined variable \"{tok.val}\"", tok)
                break
            if after.kind == "char" and after.val == ",":
                self.next_non_space()
                decl.append(tok.val)
                self.vars.append(tok.val)
                if context == "range" and len(decl) < 2:
                    if self.peek_non_space().kind in ("var", "right", "rparen"):
                        continue
                    raise self.error("range can only initialize variables")
                raise self.error(f"too many declarations in {context}")
            self.i = save
            break
        cmds = []
        while True:
            tok = self.next_non_space()
            if tok.kind == end:
                if not cmds:
                    raise self.error(f"missing value for {context}")
                for n, cmd in enumerate(cmds[1:]):
                    if cmd[0][0][0] in ("bool", "dot", "nil", "number", "string"):
                        raise self.error(f"non executable command in pipeline stage {n + 2}")
                return (decl, is_assign, cmds, start.pos)
            if tok.kind in ("bool", "dot", "field", "ident", "number", "nil", "string", "var", "lparen"):
                self.i -= 1
                cmds.append(self.command())
            else:
                raise self.unexpected(tok, context)

    def command(self):
        args, pos = [], self.peek_non_space().pos
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                args.append(operand)
            tok = self.next()
            if tok.kind == "space":
                continue
            if tok.kind in ("right", "rparen"):
                self.i -= 1
            elif tok.kind != "pipe":
                raise self.unexpected(tok, "operand")
            break
        if not args:
            raise self.error("empty command")
        return (args, pos)

    def operand(self):
        node = self.term()
        if node is None:
            return None
        if self.peek().kind == "field":
            pos = self.peek().pos
            idents = []
            while self.peek().kind == "field":
                idents.append(self.next().val[1:])
            if node[0] == "field":
                return ("field", node[1] + idents, pos)
            if node[0] == "var":
                return ("var", node[1], node[2] + idents, pos)
            if node[0] in ("bool", "string", "number", "nil", "dot"):
                raise self.error(f"unexpected . after term {_arg_text(node)!s}")
            return ("chain", node, idents, pos)
        return node

    def term(self):
        tok = self.next_non_space()
        if tok.kind == "ident":
            if tok.val not in FUNCS:
                raise self.error(f"function \"{tok.val}\" not defined", tok)
            return ("ident", tok.val, tok.pos)
        if tok.kind == "dot":
            return ("dot", tok.pos)
        if tok.kind == "nil":
            return ("nil", tok.pos)
        if tok.kind == "var":
            if tok.val not in self.vars:
                raise self.error(f"undefined variable \"{tok.val}\"", tok)
            return ("var", tok.val, [], tok.pos)
        if tok.kind == "field":
            return ("field", [tok.val[1:]], tok.pos)
        if tok.kind == "bool":
            return ("bool", tok.val == "true", tok.pos)
        if tok.kind == "number":
            return ("number", _number(self, tok), tok.val, tok.pos)
        if tok.kind == "lparen":
            pipe = self.pipeline("parenthesized pipeline", "rparen")
            return ("pipe", pipe, tok.pos)
        if tok.kind == "string":
            return ("string", tok.val, getattr(tok, "raw", "`" + tok.val + "`"), tok.pos)
        self.i -= 1
        return None


def _number(parser, tok):
    text = tok.val
    if text.startswith("'"):
        return gofmt.Int(ord(gofmt.unquote('"' + text[1:-1].replace('"', '\\"') + '"')))
    clean = text.replace("_", "")
    try:
        return gofmt.Int(int(clean, 0))
    except ValueError:
        try:
            return float(clean)
        except ValueError:
            raise parser.error(f"bad number syntax: \"{text}\"", tok)


def _arg_text(node):
    """Node.String(): how Go quotes a node in `at <...>`."""
    kind = node[0]
    if kind == "field":
        return "." + ".".join(node[1])
    if kind == "var":
        return node[1] + "".join("." + i for i in node[2])
    if kind in ("dot",):
        return "."
    if kind == "nil":
        return "nil"
    if kind == "ident":
        return node[1]
    if kind == "bool":
        return "true" if node[1] else "false"
    if kind == "number":
        return node[2]
    if kind == "string":
        return node[2]
    if kind == "pipe":
        return "(" + _pipe_text(node[1]) + ")"
    if kind == "chain":
        return _arg_text(node[1]) + "".join("." + i for i in node[2])
    return "?"


def _cmd_text(cmd):
    return " ".join(_arg_text(a) for a in cmd[0])


def _pipe_text(pipe):
    decl, is_assign, cmds, _ = pipe
    head = (", ".join(decl) + (" = " if is_assign else " := ")) if decl else ""
    return head + " | ".join(_cmd_text(c) for c in cmds)


# ---------------------------------------------------------------- execution

class State:
    def __init__(self, text, defines, missing_error):
        self.text, self.defines, self.missing_error = text, defines, missing_error
        self.vars, self.out = [], []
        self.pos, self.context = None, None

    def at(self, pos, context):
        self.pos, self.context = pos, context

    def error(self, message):
        if self.pos is None:
            return TemplateError(f"template: {NAME}: {message}")
        line = self.text.count("\n", 0, self.pos) + 1
        col = self.pos - (self.text.rfind("\n", 0, self.pos) + 1)
        return TemplateError(f"template: {NAME}:{line}:{col}: executing \"{NAME}\" at <{self.context}>: {message}")

    def walk(self, dot, nodes):
        for node in nodes:
            kind = node[0]
            if kind == "text":
                self.out.append(node[1])
            elif kind == "action":
                value = self.eval_pipeline(dot, node[1])
                if not node[1][0]:
                    self.out.append(printable(value))
            elif kind in ("if", "with"):
                mark = len(self.vars)
                value = self.eval_pipeline(dot, node[1])
                if truth(value):
                    self.walk(value if kind == "with" else dot, node[2])
                elif node[3]:
                    self.walk(dot, node[3])
                del self.vars[mark:]
            elif kind == "range":
                self.walk_range(dot, node)
            elif kind in ("break", "continue"):
                raise _Flow(kind)
            elif kind == "template":
                self.at(node[3], node[4])
                if node[1] not in self.defines:
                    raise self.error(f"template \"{node[1]}\" not defined")
                new_dot = self.eval_pipeline(dot, node[2]) if node[2] else MISSING
                saved = self.vars
                self.vars = [("$", new_dot)]
                self.walk(new_dot, self.defines[node[1]])
                self.vars = saved

    def walk_range(self, dot, node):
        mark = len(self.vars)
        pipe = node[1]
        value = self.eval_pipeline(dot, (pipe[0][:0], False, pipe[2], pipe[3]))
        if isinstance(value, list):
            pairs = list(enumerate(value))
        elif isinstance(value, dict):
            pairs = [(k, value[k]) for k in sorted(value)]
        elif value is MISSING or value is None:
            pairs = []
        else:
            self.at(self._last_arg_pos(pipe), self._last_arg_text(pipe))
            raise self.error(f"range can't iterate over {printable(value)}")
        for key, elem in pairs:
            names = pipe[0]
            if len(names) == 1:
                self.vars.append((names[0], elem))
            elif len(names) == 2:
                self.vars.append((names[0], key))
                self.vars.append((names[1], elem))
            try:
                self.walk(elem, node[2])
            except _Flow as flow:
                if str(flow) == "break":
                    del self.vars[mark:]
                    break
            del self.vars[mark:]
        if not pairs and node[3]:
            self.walk(dot, node[3])
        del self.vars[mark:]

    @staticmethod
    def _last_arg_pos(pipe):
        arg = pipe[2][-1][0][0]
        return arg[-1]

    @staticmethod
    def _last_arg_text(pipe):
        return _arg_text(pipe[2][-1][0][0])

    def eval_pipeline(self, dot, pipe):
        decl, is_assign, cmds, pos = pipe
        value = MISSING
        for cmd in cmds:
            value = self.eval_command(dot, cmd, value)
        if value is None:
            value = MISSING  # an interface holding nil digs down to the invalid value
        for name in decl:
            if is_assign:
                for k in range(len(self.vars) - 1, -1, -1):
                    if self.vars[k][0] == name:
                        self.vars[k] = (name, value)
                        break
            else:
                self.vars.append((name, value))
        return value

    def eval_command(self, dot, cmd, final):
        args = cmd[0]
        first = args[0]
        kind = first[0]
        if kind == "field":
            self.at(first[-1], _arg_text(first))
            return self.eval_field_chain(dot, dot, first, first[1], args, final)
        if kind == "chain":
            base = self.eval_arg_value(dot, first[1])
            return self.eval_field_chain(dot, base, first, first[2], args, final)
        if kind == "ident":
            return self.eval_function(dot, first[1], cmd, args, final)
        if kind == "pipe":
            self.not_a_function(args, final)
            return self.eval_pipeline(dot, first[1])
        if kind == "var":
            self.at(first[-1], _arg_text(first))
            value = self.lookup(first[1])
            if not first[2]:
                self.not_a_function(args, final)
                return value
            return self.eval_field_chain(dot, value, first, first[2], args, final)
        self.at(first[-1], _arg_text(first))
        if kind == "nil":
            raise self.error("nil is not a command")
        self.not_a_function(args, final)
        if kind == "dot":
            return dot
        return first[1]

    def not_a_function(self, args, final):
        if len(args) > 1 or final is not MISSING:
            raise self.error(f"can't give argument to non-function {_arg_text(args[0])}")

    def lookup(self, name):
        for var, value in reversed(self.vars):
            if var == name:
                return value
        raise self.error(f"undefined variable: {name}")

    def eval_field_chain(self, dot, receiver, node, idents, args, final):
        has_args = len(args) > 1 or final is not MISSING
        for n, ident in enumerate(idents):
            last = n == len(idents) - 1
            receiver = self.eval_field(receiver, ident, has_args and last)
        return receiver

    def eval_field(self, receiver, name, has_args):
        if receiver is MISSING:
            if self.missing_error:
                raise self.error(f"nil data; no entry for key \"{name}\"")
            return MISSING
        if receiver is None:
            raise self.error(f"nil pointer evaluating interface {{}}.{name}")
        if isinstance(receiver, dict):
            if has_args:
                raise self.error(f"{name} is not a method but has arguments")
            if name in receiver:
                return receiver[name]
            if self.missing_error:
                raise self.error(f"map has no entry for key \"{name}\"")
            return MISSING
        raise self.error(f"can't evaluate field {name} in type interface {{}}")

    def eval_arg_value(self, dot, arg):
        """An argument for a function taking interface{} or reflect.Value."""
        kind = arg[0]
        if kind == "dot":
            return dot
        if kind == "nil":
            return None
        self.at(arg[-1], _arg_text(arg))
        if kind == "field":
            return self.eval_field_chain(dot, dot, arg, arg[1], [arg], MISSING)
        if kind == "var":
            value = self.lookup(arg[1])
            return self.eval_field_chain(dot, value, arg, arg[2], [arg], MISSING) if arg[2] else value
        if kind == "pipe":
            return self.eval_pipeline(dot, arg[1])
        if kind == "ident":
            return self.eval_function(dot, arg[1], ([arg], arg[-1]), [arg], MISSING)
        if kind == "chain":
            base = self.eval_arg_value(dot, arg[1])
            return self.eval_field_chain(dot, base, arg, arg[2], [arg], MISSING)
        return arg[1]

    def eval_string_arg(self, dot, arg, value=MISSING, evaluated=False):
        if not evaluated:
            if arg[0] == "string":
                return arg[1]
            if arg[0] in ("number", "bool"):
                self.at(arg[-1], _arg_text(arg))
                raise self.error(f"expected string; found {_arg_text(arg)}")
            value = self.eval_arg_value(dot, arg)
            self.at(arg[-1], _arg_text(arg))
        if value is MISSING or value is None:
            raise self.error("invalid value; expected string")
        if not isinstance(value, str):
            raise self.error(f"wrong type for value; expected string; got {gofmt.type_name(value)}")
        return value

    def eval_function(self, dot, name, cmd, args, final):
        params = args[1:]
        count = len(params) + (final is not MISSING)
        fixed, variadic, string_params = SIGNATURES[name]
        self.at(cmd[1], _cmd_text(cmd))
        if (count < fixed) if variadic else (count != fixed):
            want = f"at least {fixed}" if variadic else str(fixed)
            raise self.error(f"wrong number of args for {name}: want {want} got {count}")
        if name in ("and", "or"):
            return self.and_or(dot, name, params, final, cmd)
        values = []
        for n, param in enumerate(params):
            if n in string_params:
                values.append(self.eval_string_arg(dot, param))
            else:
                values.append(self.eval_arg_value(dot, param))
        if final is not MISSING:
            if len(values) in string_params:
                self.at(cmd[1], _cmd_text(cmd))
                final = self.eval_string_arg(dot, None, final, evaluated=True)
            values.append(final)
        self.at(cmd[1], _cmd_text(cmd))
        try:
            return BUILTINS[name](*values)
        except _CallError as e:
            raise self.error(f"error calling {name}: {e}")

    def and_or(self, dot, name, params, final, cmd):
        value = MISSING
        values = list(params) + ([("value", final)] if final is not MISSING else [])
        for param in values:
            value = param[1] if param[0] == "value" else self.eval_arg_value(dot, param)
            if truth(value) == (name == "or"):
                return value
        return value


class _CallError(Exception):
    pass


def truth(value):
    if value is MISSING or value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, (str, list, dict)):
        return len(value) > 0
    return True


def printable(value):
    if value is MISSING or value is None:
        return "<no value>"
    return go_v(value)


# ---------------------------------------------------------------- builtin functions

def _basic_kind(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    return None


def _eq(arg1, *args):
    if arg1 is MISSING or arg1 is None:
        return all(False for _ in args) if args else False
    k1 = _basic_kind(arg1)
    if not args:
        raise _CallError("missing argument for comparison")
    for arg in args:
        k2 = _basic_kind(arg)
        if arg is MISSING or arg is None:
            truth_ = False
        elif k1 is None or k2 is None:
            if k1 is None and k2 is None and type(arg1) is type(arg):
                raise _CallError("non-comparable type " + printable(arg1) + ": " + gofmt.type_name(arg1))
            raise _CallError("incompatible types for comparison") if k1 != k2 else _CallError("invalid type for comparison")
        elif k1 != k2:
            raise _CallError("incompatible types for comparison")
        else:
            truth_ = arg1 == arg
        if truth_:
            return True
    return False


def _lt(a, b):
    ka, kb = _basic_kind(a), _basic_kind(b)
    if ka is None or kb is None or ka == "bool":
        raise _CallError("invalid type for comparison")
    if ka != kb:
        raise _CallError("incompatible types for comparison")
    return a < b


def _len(item):
    if item is MISSING:
        raise _CallError("reflect: call of reflect.Value.Type on zero Value")
    if item is None:
        raise _CallError("len of nil pointer")
    if isinstance(item, (str, list, dict)):
        return gofmt.Int(len(item.encode("utf-8")) if isinstance(item, str) else len(item))
    raise _CallError(f"len of type {gofmt.type_name(item)}")


def _index(item, *indexes):
    for index in indexes:
        if item is MISSING or item is None:
            raise _CallError("index of untyped nil")
        if isinstance(item, dict):
            if not isinstance(index, str):
                raise _CallError(f"value has type {gofmt.type_name(index)}; should be string")
            item = item.get(index, None)
        elif isinstance(item, (list, str)):
            if isinstance(index, bool) or not isinstance(index, int):
                raise _CallError(f"cannot index slice/array with type {gofmt.type_name(index)}")
            if not 0 <= index < len(item):
                raise _CallError(f"index out of range: {index}")
            item = item[index] if isinstance(item, list) else item.encode("utf-8")[index]
        else:
            raise _CallError(f"can't index item of type {gofmt.type_name(item)}")
    return item


def _slice(item, *indexes):
    if not isinstance(item, (str, list)):
        raise _CallError(f"can't slice item of type {gofmt.type_name(item)}")
    if len(indexes) > 2 + isinstance(item, list):
        raise _CallError(f"too many slice indexes: {len(indexes)}")
    bounds = [0, len(item)]
    for n, index in enumerate(indexes[:2]):
        if not 0 <= index <= len(item):
            raise _CallError(f"index out of range: {index}")
        bounds[n] = index
    if bounds[0] > bounds[1]:
        raise _CallError(f"invalid slice index: {bounds[0]} > {bounds[1]}")
    return item[bounds[0]:bounds[1]]


def _base64decode(text):
    try:
        return base64.b64decode(text, validate=True).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        raise _CallError(f"base64 decode failed: illegal base64 data at input byte {_bad_byte(text)}")


def _bad_byte(text):
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    for n, ch in enumerate(text):
        if ch not in alphabet:
            return n
    return len(text) - len(text) % 4


def _exists(item, *indexes):
    for index in indexes:
        if isinstance(item, dict) and isinstance(index, str) and index in item:
            item = item[index]
        elif isinstance(item, list) and isinstance(index, int) and 0 <= index < len(item):
            item = item[index]
        else:
            return False
    return True


def _html(*args):
    text = gofmt.sprint(args)
    return (text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("\x00", "\ufffd"))


def _js(*args):
    out = []
    for ch in gofmt.sprint(args):
        if ch in "\\'\"<>&=":
            out.append({"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E",
                        "&": "\\u0026", "=": "\\u003D"}[ch])
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


BUILTINS = {
    "and": None, "or": None,
    "not": lambda v: not truth(v),
    "len": _len, "index": _index, "slice": _slice,
    "print": lambda *a: gofmt.sprint(a),
    "println": lambda *a: gofmt.sprintln(a),
    "printf": lambda f, *a: gofmt.sprintf(f, a),
    "eq": _eq,
    "ne": lambda a, b: not _eq(a, b),
    "lt": _lt, "le": lambda a, b: _lt(a, b) or _eq(a, b),
    "gt": lambda a, b: not (_lt(a, b) or _eq(a, b)), "ge": lambda a, b: not _lt(a, b),
    "html": _html, "js": _js,
    "urlquery": lambda *a: urllib.parse.quote_plus(gofmt.sprint(a)),
    "call": lambda *a: (_ for _ in ()).throw(_CallError("non-function of type " + gofmt.type_name(a[0]))),
    "exists": _exists, "base64decode": _base64decode,
}
# (fixed parameters, variadic, indexes of string-typed parameters)
SIGNATURES = {
    "and": (1, True, ()), "or": (1, True, ()), "not": (1, False, ()), "len": (1, False, ()),
    "index": (1, True, ()), "slice": (1, True, ()), "print": (0, True, ()), "println": (0, True, ()),
    "printf": (1, True, (0,)), "eq": (1, True, ()), "ne": (2, False, ()), "lt": (2, False, ()),
    "le": (2, False, ()), "gt": (2, False, ()), "ge": (2, False, ()), "html": (0, True, ()), "js": (0, True, ()),
    "urlquery": (0, True, ()), "call": (1, True, ()), "exists": (1, True, ()), "base64decode": (1, False, (0,)),
}


# ---------------------------------------------------------------- kubectl's printer

class Template:
    def __init__(self, text):
        self.text = text
        parser = Parser(text)
        self.nodes = parser.parse()
        self.defines = parser.defines

    def execute(self, data, missing_error=False):
        """(output written before any error, TemplateError or None)."""
        state = State(self.text, self.defines, missing_error)
        state.vars.append(("$", data))
        try:
            state.walk(data, self.nodes)
        except TemplateError as e:
            return "".join(state.out), e
        except _Flow:
            pass
        except RecursionError:
            return "".join(state.out), TemplateError("template: output: exceeded maximum template depth")
        return "".join(state.out), None


def debug_dump(template, obj, error, sort_keys):
    """What kubectl's GoTemplatePrinter writes to stdout when the template fails."""
    raw = json.dumps(obj, separators=(",", ":"), ensure_ascii=False, sort_keys=sort_keys)
    raw = raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (f"Error executing template: {error}. Printing more information for debugging the template:\n"
            f"\ttemplate was:\n\t\t{template}\n\traw data was:\n\t\t{raw}\n"
            f"\tobject given to template engine was:\n\t\t{go_v(obj)}\n\n")

