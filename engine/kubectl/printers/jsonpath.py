"""`-o jsonpath=TEMPLATE`: kubectl's JSONPath dialect (client-go/util/jsonpath): `{.a.b}`,
`[*]`, `[n]`, `[a:b]`, unions, `..name`, filters `[?(@.x=="y")]`, `{range}...{end}`, `{"\\n"}`."""
import json
import re


class JSONPathError(Exception):
    """str(e) is kubectl's `error parsing jsonpath TEMPLATE, REASON`; e.reason is client-go's own message."""

    def __init__(self, message, reason=None):
        super().__init__(message)
        self.reason = reason or message


def _syntax(template, reason):
    return JSONPathError(f"error parsing jsonpath {template}, {reason}", reason)


def bare(error):
    return error.reason


_ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'"}


def parse(template):
    """The template as nodes: ("text", s), ("path", steps), ("range", steps, body)."""
    nodes, stack, i = [], [], 0
    while i < len(template):
        start = template.find("{", i)
        if start < 0:
            nodes.append(("text", template[i:]))
            break
        if start > i:
            nodes.append(("text", template[i:start]))
        end = _close(template, start)
        action = template[start + 1:end].strip()
        i = end + 1
        if action.startswith("range ") or action == "range":
            stack.append((nodes, _path(action[5:].strip(), template)))
            nodes = []
        elif action == "end":
            if not stack:
                raise _syntax(template, "not in range, nothing to end")
            outer, steps = stack.pop()
            outer.append(("range", steps, nodes))
            nodes = outer
        elif action[:1] in "\"'":
            nodes.append(("text", _unquote(action, template)))
        else:
            nodes.append(("path", _path(action, template)))
    while stack:  # a range without {end} runs to the end of the template, as client-go's does
        outer, steps = stack.pop()
        outer.append(("range", steps, nodes))
        nodes = outer
    return nodes


def _close(text, start):
    depth, quote = 0, None
    for j in range(start, len(text)):
        ch = text[j]
        if quote:
            if ch == "\\":
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'" and depth == 1 and j > 0 and text[j - 1] in "{[(=!<> ,":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return j
    raise _syntax(text, "unclosed action")


def _unquote(text, template):
    if len(text) < 2 or text[-1] != text[0]:
        raise _syntax(template, "unclosed string")
    body, out, k = text[1:-1], [], 0
    while k < len(body):
        if body[k] == "\\" and k + 1 < len(body):
            out.append(_ESC.get(body[k + 1], body[k + 1]))
            k += 2
        else:
            out.append(body[k])
            k += 1
    return "".join(out)


_FIELD = re.compile(r"(?:\\.|[^.\[\]\s\\])+")


def _path(text, template):
    """Steps: ("root",), ("field", name), ("recursive", name|None), ("index", spec), ("filter", ...)."""
    steps, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "$" or ch == "@":
            steps.append(("root",) if ch == "$" else ("current",))
            i += 1
        elif text.startswith("..", i):
            i += 2
            m = _FIELD.match(text, i)
            name = None
            if m:
                name = _field_name(m.group())
                i = m.end()
            steps.append(("recursive", None if name == "*" else name))
        elif ch == ".":
            i += 1
            m = _FIELD.match(text, i)
            if m:
                name = _field_name(m.group())
                steps.append(("wildcard",) if name == "*" else ("field", name))
                i = m.end()
        elif ch == "[":
            end = _bracket_end(text, i, template)
            steps.append(_bracket(text[i + 1:end].strip(), template))
            i = end + 1
        elif ch.isspace():
            i += 1
        else:
            m = _FIELD.match(text, i)
            if not m:
                raise _syntax(template, f"unrecognized character in action: {ch}")
            steps.append(("field", _field_name(m.group())))
            i = m.end()
    return steps


def _field_name(raw):
    return re.sub(r"\\(.)", r"\1", raw)


def _bracket_end(text, i, template):
    depth, quote = 0, None
    for j in range(i, len(text)):
        ch = text[j]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return j
    raise _syntax(template, "unterminated array")


def _bracket(inner, template):
    if inner == "*":
        return ("wildcard",)
    if inner.startswith("?"):
        body = inner[1:].strip()
        if body.startswith("(") and body.endswith(")"):
            body = body[1:-1]
        m = re.match(r"^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$", body)
        if m:
            return ("filter", _operand(m.group(1), template), m.group(2), _operand(m.group(3), template))
        return ("filter", _operand(body, template), "exists", None)
    parts = [p.strip() for p in _split_union(inner)]
    if all(p[:1] in "\"'" for p in parts):
        return ("fields", [_unquote(p, template) for p in parts])
    if len(parts) == 1 and ":" in parts[0]:
        bounds = [int(b) if b.strip() else None for b in parts[0].split(":")]
        return ("slice", (bounds + [None, None])[:3])
    try:
        return ("indexes", [int(p) for p in parts])
    except ValueError:
        raise _syntax(template, f"invalid array index {inner}")


def _split_union(text):
    parts, current, quote = [], "", None
    for ch in text:
        if quote:
            current += ch
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            current += ch
        elif ch == ",":
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def _operand(text, template):
    text = text.strip()
    if text[:1] in "\"'":
        return ("literal", _unquote(text, template))
    if text.startswith("@") or text.startswith("$"):
        return ("path", _path(text, template))
    if text in ("true", "false"):
        return ("literal", text == "true")
    try:
        return ("literal", int(text))
    except ValueError:
        try:
            return ("literal", float(text))
        except ValueError:
            return ("path", _path(text, template))


_MISSING = object()


def evaluate(steps, root, current):
    values = [current]
    for step in steps:
        values = [v for value in values for v in _step(step, value, root) if v is not _MISSING]
    return values


def _step(step, value, root):
    kind = step[0]
    if kind == "root":
        return [root]
    if kind == "current":
        return [value]
    if kind == "field":
        return [value[step[1]]] if isinstance(value, dict) and step[1] in value else []
    if kind == "fields":
        return [value[k] for k in step[1] if isinstance(value, dict) and k in value]
    if kind == "wildcard":
        if isinstance(value, dict):
            return [value[k] for k in sorted(value)]
        return list(value) if isinstance(value, list) else []
    if kind == "recursive":
        return list(_descend(value, step[1]))
    if kind == "indexes":
        if not isinstance(value, list):
            return []
        return [value[i] for i in step[1] if -len(value) <= i < len(value)]
    if kind == "slice":
        if not isinstance(value, list):
            return []
        start, stop, stride = step[1]
        return value[slice(start, stop, stride or None)]
    if kind == "filter":
        items = value if isinstance(value, list) else [value]
        return [item for item in items if _test(step, item, root)]
    return []


def _descend(value, name):
    if isinstance(value, dict):
        if name is None:
            yield from (value[k] for k in sorted(value))
        elif name in value:
            yield value[name]
        for k in sorted(value):
            yield from _descend(value[k], name)
    elif isinstance(value, list):
        for item in value:
            if name is None:
                yield item
            yield from _descend(item, name)


def _values(operand, item, root):
    if operand[0] == "literal":
        return [operand[1]]
    return evaluate(operand[1], root, item)


def _test(step, item, root):
    _, left, op, right = step
    lvals = _values(left, item, root)
    if op == "exists":
        return bool(lvals)
    rvals = _values(right, item, root)
    if not lvals or not rvals:
        return False
    a, b = lvals[0], rvals[0]
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    try:
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    except TypeError:
        return False


def _text(value):
    """PrintResults: maps and lists as compact JSON (Go's json.Marshal), other values as fmt.Fprint."""
    if isinstance(value, (dict, list)):
        text = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def execute(nodes, root, current=None):
    current = root if current is None else current
    out = []
    for node in nodes:
        if node[0] == "text":
            out.append(node[1])
        elif node[0] == "path":
            out.append(" ".join(_text(v) for v in evaluate(node[1], root, current)))
        else:
            for item in evaluate(node[1], root, current):
                out.append(execute(node[2], root, item))
    return "".join(out)


def find_results(nodes, root, allow_missing=True):
    """FindResults: one list of values per node of the template (text nodes give their text)."""
    out = []
    for node in nodes:
        if node[0] == "text":
            out.append([node[1]])
        elif node[0] == "path":
            out.append(evaluate(node[1], root, root))
        else:
            out.extend([v] for item in evaluate(node[1], root, root) for v in _flat(node[2], root, item))
    return out


def render(template, obj):
    return execute(parse(template), obj)


def render_json(template, obj):
    """`-o jsonpath-as-json`: each node's results as an indented JSON array (client-go's outputJSON)."""
    out = []
    for node in parse(template):
        if node[0] == "text":
            results = [node[1]]
        elif node[0] == "path":
            results = evaluate(node[1], obj, obj)
        else:
            results = [v for item in evaluate(node[1], obj, obj) for v in _flat(node[2], obj, item)]
        text = json.dumps(results, indent=4, ensure_ascii=False)
        out.append(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n")
    return "".join(out)


def _flat(nodes, root, current):
    for node in nodes:
        if node[0] == "text":
            yield node[1]
        elif node[0] == "path":
            yield from evaluate(node[1], root, current)
        else:
            for item in evaluate(node[1], root, current):
                yield from _flat(node[2], root, item)
