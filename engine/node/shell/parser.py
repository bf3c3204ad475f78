"""The sh grammar: a lexer that keeps each word's raw text (quotes and all, expanded later) and a
recursive-descent parser producing small tuples-like nodes; errors use busybox ash's wording."""

RESERVED = {"if", "then", "elif", "else", "fi", "do", "done", "while", "until", "for", "in", "case",
            "esac", "{", "}", "!"}
OPERATORS = ["&&", "||", ";;", "<<-", "<<", ">>", "&>", ">&", "<&", ">|", ";", "&", "|", "(", ")", "<", ">"]
REDIRECTS = {"<", ">", ">>", ">|", "&>", ">&", "<&", "<<", "<<-"}
META = set(" \t\n;&|<>()")


class ShellSyntaxError(Exception):
    pass


class Tok:
    __slots__ = ("kind", "text", "fd", "heredoc")

    def __init__(self, kind, text, fd=None):
        self.kind, self.text, self.fd, self.heredoc = kind, text, fd, None

    def __repr__(self):
        return f"Tok({self.kind},{self.text!r})"


def _scan_balanced(src, i, opener, closer):
    """Index just past the `closer` matching an `opener` already consumed at src[i-1]."""
    depth = 1
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "'":
            j = src.find("'", i + 1)
            if j < 0:
                raise ShellSyntaxError("unterminated quoted string")
            i = j + 1
            continue
        if c == '"':
            i = _scan_dquote(src, i + 1)
            continue
        if c == opener:
            depth += 1
        elif c == closer:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ShellSyntaxError("unterminated quoted string" if opener == "{" else "unexpected end of file (expecting \")\")")


def _scan_dquote(src, i):
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
        elif c == '"':
            return i + 1
        elif c == "`":
            j = src.find("`", i + 1)
            if j < 0:
                raise ShellSyntaxError("unterminated quoted string")
            i = j + 1
        elif src.startswith("$(", i):
            i = _scan_balanced(src, i + 2, "(", ")")
        elif src.startswith("${", i):
            i = _scan_balanced(src, i + 2, "{", "}")
        else:
            i += 1
    raise ShellSyntaxError("unterminated quoted string")


def tokenize(src):
    toks, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if c in " \t":
            i += 1
        elif c == "\\" and src.startswith("\\\n", i):
            i += 2
        elif c == "#":
            while i < n and src[i] != "\n":
                i += 1
        elif c == "\n":
            toks.append(Tok("op", "\n"))
            i += 1
        elif c in ";&|<>()":
            op = next(o for o in OPERATORS if src.startswith(o, i))
            i += len(op)
            tok = Tok("redir" if op in REDIRECTS else "op", op)
            toks.append(tok)
        else:
            start = i
            while i < n and src[i] not in META:
                c = src[i]
                if c == "\\":
                    i += 2
                elif c == "'":
                    j = src.find("'", i + 1)
                    if j < 0:
                        raise ShellSyntaxError("unterminated quoted string")
                    i = j + 1
                elif c == '"':
                    i = _scan_dquote(src, i + 1)
                elif c == "`":
                    j = src.find("`", i + 1)
                    if j < 0:
                        raise ShellSyntaxError("unterminated quoted string")
                    i = j + 1
                elif src.startswith("$((", i):
                    i = _scan_balanced(src, i + 3, "(", ")") + 1
                elif src.startswith("$(", i):
                    i = _scan_balanced(src, i + 2, "(", ")")
                elif src.startswith("${", i):
                    i = _scan_balanced(src, i + 2, "{", "}")
                else:
                    i += 1
            text = src[start:i]
            if text.isdigit() and i < n and src[i] in "<>":
                op = next(o for o in OPERATORS if src.startswith(o, i))
                i += len(op)
                tok = Tok("redir", op, fd=int(text))
                toks.append(tok)
            else:
                toks.append(Tok("word", text))
    toks.append(Tok("eof", ""))
    return toks


class Node:
    """A parsed construct: `kind` plus fields (see Parser for each kind's fields)."""

    def __init__(self, kind, **fields):
        self.kind = kind
        self.__dict__.update(fields)

    def __repr__(self):
        return f"Node({self.kind}, {self.__dict__})"


class Parser:
    def __init__(self, src):
        self.src = src
        self.toks = tokenize_with_heredocs(src)
        self.pos = 0

    # token helpers
    def peek(self):
        return self.toks[self.pos]

    def next(self):
        tok = self.toks[self.pos]
        if tok.kind != "eof":
            self.pos += 1
        return tok

    def at_word(self, *words):
        tok = self.peek()
        return tok.kind == "word" and tok.text in words

    def at_op(self, *ops):
        tok = self.peek()
        return tok.kind == "op" and tok.text in ops

    def skip_newlines(self):
        while self.at_op("\n"):
            self.next()

    def unexpected(self, expecting=None):
        tok = self.peek()
        if tok.kind == "eof":
            what = "end of file"
        elif tok.text == "\n":
            what = "newline"
        elif tok.kind == "redir":
            what = "redirection"
        elif tok.kind == "word" and tok.text not in RESERVED:
            what = "word"
        else:
            what = f'"{tok.text}"'
        msg = f"unexpected {what}"
        if expecting:
            msg += f' (expecting "{expecting}")'
        raise ShellSyntaxError(msg)

    def expect_word(self, word):
        if word != "in":
            self.skip_newlines()
        if not self.at_word(word):
            self.unexpected(word)
        self.next()

    # grammar
    def parse(self):
        body = self.list_(stop=())
        if self.peek().kind != "eof":
            self.unexpected()
        return body

    def list_(self, stop):
        items = []
        self.skip_newlines()
        while True:
            tok = self.peek()
            if tok.kind == "eof" or (tok.kind == "word" and tok.text in stop) or self.at_op(")", ";;"):
                break
            andor = self.and_or()
            background = False
            if self.at_op("&"):
                self.next()
                background = True
            elif self.at_op(";"):
                self.next()
            elif not (self.at_op("\n") or self.peek().kind == "eof" or self.at_op(")", ";;")
                      or (self.peek().kind == "word" and self.peek().text in stop)):
                self.unexpected()
            items.append((andor, background))
            self.skip_newlines()
        return Node("list", items=items)

    def and_or(self):
        first = self.pipeline()
        rest = []
        while self.at_op("&&", "||"):
            op = self.next().text
            self.skip_newlines()
            rest.append((op, self.pipeline()))
        return Node("andor", first=first, rest=rest)

    def pipeline(self):
        negate = False
        if self.at_word("!"):
            self.next()
            negate = True
        cmds = [self.command()]
        while self.at_op("|"):
            self.next()
            self.skip_newlines()
            cmds.append(self.command())
        return Node("pipeline", cmds=cmds, negate=negate)

    def command(self):
        tok = self.peek()
        if tok.kind == "word" and tok.text in ("if", "while", "until", "for", "case", "{"):
            node = getattr(self, "cmd_" + {"{": "group"}.get(tok.text, tok.text))()
            return self.redirected(node)
        if self.at_op("("):
            self.next()
            body = self.list_(stop=())
            if not self.at_op(")"):
                self.unexpected(")")
            self.next()
            return self.redirected(Node("subshell", body=body))
        if tok.kind == "word" and tok.text in RESERVED:
            self.unexpected()
        if (tok.kind == "word" and self.toks[self.pos + 1].text == "(" and self.toks[self.pos + 1].kind == "op"
                and self.toks[self.pos + 2].text == ")"):
            name = self.next().text
            self.next(), self.next()
            self.skip_newlines()
            return Node("funcdef", name=name, body=self.command())
        return self.simple()

    def redirected(self, node):
        redirs = []
        while self.peek().kind == "redir":
            redirs.append(self.redirect())
        if redirs:
            return Node("redirected", node=node, redirs=redirs)
        return node

    def redirect(self):
        tok = self.next()
        target = self.next()
        if target.kind != "word":
            self.pos -= 1
            self.unexpected()
        return Node("redir", op=tok.text, fd=tok.fd, target=target.text, heredoc=tok.heredoc)

    def simple(self):
        assigns, words, redirs = [], [], []
        while True:
            tok = self.peek()
            if tok.kind == "redir":
                redirs.append(self.redirect())
            elif tok.kind == "word":
                if not words and _is_assignment(tok.text):
                    assigns.append(self.next().text)
                else:
                    words.append(self.next().text)
            else:
                break
        if not (assigns or words or redirs):
            self.unexpected()
        return Node("simple", assigns=assigns, words=words, redirs=redirs)

    def cmd_if(self):
        self.next()
        clauses = []
        cond = self.list_(stop=("then",))
        self.expect_word("then")
        body = self.list_(stop=("elif", "else", "fi"))
        clauses.append((cond, body))
        else_body = None
        while True:
            if self.at_word("elif"):
                self.next()
                cond = self.list_(stop=("then",))
                self.expect_word("then")
                clauses.append((cond, self.list_(stop=("elif", "else", "fi"))))
            elif self.at_word("else"):
                self.next()
                else_body = self.list_(stop=("fi",))
            else:
                break
        self.expect_word("fi")
        return Node("if", clauses=clauses, else_body=else_body)

    def cmd_while(self, until=False):
        self.next()
        cond = self.list_(stop=("do",))
        self.expect_word("do")
        body = self.list_(stop=("done",))
        self.expect_word("done")
        return Node("loop", until=until, cond=cond, body=body)

    def cmd_until(self):
        return self.cmd_while(until=True)

    def cmd_for(self):
        self.next()
        tok = self.next()
        if tok.kind != "word":
            self.pos -= 1
            self.unexpected()
        var, words = tok.text, None
        self.skip_newlines()
        if self.at_word("in"):
            self.next()
            words = []
            while self.peek().kind == "word":
                words.append(self.next().text)
            if not self.at_op(";", "\n"):
                self.unexpected("do")
            self.next()
        elif self.at_op(";"):
            self.next()
        self.expect_word("do")
        body = self.list_(stop=("done",))
        self.expect_word("done")
        return Node("for", var=var, words=words, body=body)

    def cmd_case(self):
        self.next()
        if self.peek().kind != "word":
            self.unexpected()
        word = self.next().text
        self.skip_newlines()
        self.expect_word("in")
        items = []
        self.skip_newlines()
        while not self.at_word("esac"):
            if self.peek().kind == "eof":
                self.unexpected("esac")
            if self.at_op("("):
                self.next()
            patterns = [self.pattern()]
            while self.at_op("|"):
                self.next()
                patterns.append(self.pattern())
            if not self.at_op(")"):
                self.unexpected(")")
            self.next()
            body = self.list_(stop=("esac",))
            items.append((patterns, body))
            if self.at_op(";;"):
                self.next()
            self.skip_newlines()
        self.next()
        return Node("case", word=word, items=items)

    def pattern(self):
        if self.peek().kind != "word":
            self.unexpected()
        return self.next().text

    def cmd_group(self):
        self.next()
        body = self.list_(stop=("}",))
        self.expect_word("}")
        return Node("group", body=body)


def _is_assignment(text):
    name, eq, _ = text.partition("=")
    return bool(eq) and bool(name) and (name[0].isalpha() or name[0] == "_") and \
        all(c.isalnum() or c == "_" for c in name)


def tokenize_with_heredocs(src):
    """Tokenize, then give each `<<` its body: the lines after the command up to the delimiter."""
    if "<<" not in src:
        return tokenize(src)
    # Re-scan line by line: bodies are cut out of the source before tokenizing the rest.
    lines = src.split("\n")
    out_lines, bodies, i = [], [], 0
    while i < len(lines):
        line = lines[i]
        out_lines.append(line)
        i += 1
        delims = _heredoc_delims(line)
        for delim, strip in delims:
            body = []
            while i < len(lines):
                text = lines[i].lstrip("\t") if strip else lines[i]
                i += 1
                if text == delim[0]:
                    break
                body.append(text)
            bodies.append(("".join(b + "\n" for b in body), delim[1]))
    toks = tokenize("\n".join(out_lines))
    k = 0
    for tok in toks:
        if tok.kind == "redir" and tok.text in ("<<", "<<-"):
            tok.heredoc = bodies[k] if k < len(bodies) else ("", True)
            k += 1
    return toks


def _heredoc_delims(line):
    found = []
    try:
        toks = tokenize(line)
    except ShellSyntaxError:
        return found
    for a, b in zip(toks, toks[1:]):
        if a.kind == "redir" and a.text in ("<<", "<<-") and b.kind == "word":
            quoted = any(q in b.text for q in "'\"\\")
            delim = b.text.replace("'", "").replace('"', "").replace("\\", "")
            found.append(((delim, not quoted), a.text == "<<-"))
    return found


def parse(src):
    return Parser(src).parse()
