"""Reading manifests as kubectl's resource builder does: files, directories (-R), stdin, YAML
streams split on `---`, JSON streams; go-yaml's error wording and kubectl's per-document errors."""
import json
import os
import re

import yaml

from ..api.errors import ApiError, go_quote
from .errors import CmdError
from .urls import is_url, read_url

FILE_EXTENSIONS = (".json", ".yaml", ".yml")
# kube-apiserver refuses request bodies above 3 MiB (DefaultMaxRequestSizeBytes).
MAX_REQUEST_BYTES = 3 * 1024 * 1024
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class InvalidMapKey(Exception):
    """A mapping or sequence used as a key: go-yaml v2 refuses it with the key's %#v."""


class _GoYAML:
    """PyYAML made to resolve plain scalars as go-yaml v2 does (sigs.k8s.io/yaml): `y`/`n` are bools,
    `1e3` is a float, timestamps and `1:20` stay strings."""

    def construct_mapping(self, node, deep=False):
        # keys become JSON strings here, so `1:` and `true:` stay two keys as they do in kubectl
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
        mapping = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (dict, list)):
                raise InvalidMapKey(go_sharp_v(key))
            mapping[_key(key)] = self.construct_object(value_node, deep=deep)
        return mapping


class GoYAMLLoader(_GoYAML, _BaseLoader):
    """The fast (libyaml) loader."""


class GoYAMLEscapesLoader(_GoYAML, yaml.SafeLoader):
    """The pure-Python loader, for the escape go-yaml accepts and libyaml refuses: `\\'` in "..."."""
    ESCAPE_REPLACEMENTS = dict(yaml.SafeLoader.ESCAPE_REPLACEMENTS, **{"'": "'"})


def _go_resolvers(loader):
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:y|Y|n|N)$"), list("yYnN"))
    loader.bool_values = dict(yaml.SafeLoader.bool_values, y=True, n=False)
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:int",
        re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
        list("-+0123456789"))
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
        list("-+0123456789."))


_go_resolvers(GoYAMLLoader)
_go_resolvers(GoYAMLEscapesLoader)


def go_sharp_v(value, in_interface=True):
    """Go's %#v of what go-yaml v2 decodes into interface{} (keys sorted, as fmt sorts map keys)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: (not isinstance(kv[0], str), str(kv[0])))
        inner = ", ".join(f"{go_sharp_v(k)}:{go_sharp_v(v)}" for k, v in items)
        return "map[interface {}]interface {}{" + inner + "}"
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(go_sharp_v(v) for v in value) + "}"
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return go_quote(value)
    return str(value)


class Document:
    """One object read from a manifest, with the source kubectl names in messages."""

    def __init__(self, obj, source):
        self.obj, self.source = obj, source


class StreamError(CmdError):
    """An error that ends the reading of one file (kubectl moves on to the next file)."""


# go-yaml v2 limits alias expansion (decode.go allowedAliasRatio) instead of following a bomb.
def _allowed_alias_ratio(count):
    if count <= 400000:
        return 0.99
    if count >= 4000000:
        return 0.10
    return 0.99 - 0.89 * (count - 400000) / 3600000


class _Converter:
    """YAML values to JSON values as sigs.k8s.io/yaml converts them, counting nodes like go-yaml."""

    def __init__(self):
        self.nodes = self.aliased = 0
        self.seen = set()

    def convert(self, value, in_alias=False):
        self.nodes += 1
        if in_alias:
            self.aliased += 1
            if self.aliased > 100 and self.nodes > 1000 and self.aliased / self.nodes > _allowed_alias_ratio(self.nodes):
                raise StreamError("yaml: document contains excessive aliasing")
        if isinstance(value, (dict, list)):
            if id(value) in self.seen:
                in_alias = True
            self.seen.add(id(value))
        if isinstance(value, dict):
            return {_key(k): self.convert(v, in_alias) for k, v in value.items()}
        if isinstance(value, list):
            return [self.convert(v, in_alias) for v in value]
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, bytes):
            import base64
            return base64.b64encode(value).decode()
        return value


def _key(key):
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return key if isinstance(key, str) else str(key)


def go_yaml_error(e, text=""):
    """PyYAML's (libyaml's) error as go-yaml words it: `yaml: line N: problem`."""
    problem = getattr(e, "problem", None) or str(e)
    mark = getattr(e, "problem_mark", None)
    if isinstance(e, yaml.composer.ComposerError) and "undefined alias" in problem:
        found = re.match(r"\*([^\s,\[\]{}]+)", text[mark.index:] if mark is not None else "")
        return f"yaml: unknown anchor '{found.group(1) if found else ''}' referenced"
    line = 0
    if mark is not None:
        line = mark.line + 1 if isinstance(e, yaml.scanner.ScannerError) else mark.line
    elif getattr(e, "context_mark", None) is not None:
        line = e.context_mark.line
    problem = problem.replace("mapping values are not allowed here", "mapping values are not allowed in this context")
    return f"yaml: line {line}: {problem}" if line else f"yaml: {problem}"


def parse_yaml(chunk):
    """One YAML document to its JSON value (None when empty); StreamError with go-yaml's wording."""
    try:
        try:
            loaded = yaml.load(chunk, Loader=GoYAMLLoader)
        except yaml.YAMLError as e:
            if "unknown escape character" not in str(e):
                raise
            loaded = yaml.load(chunk, Loader=GoYAMLEscapesLoader)
    except yaml.YAMLError as e:
        raise StreamError("error converting YAML to JSON: " + go_yaml_error(e, chunk))
    except InvalidMapKey as e:
        raise StreamError(f"error converting YAML to JSON: yaml: invalid map key: {e}")
    except (ValueError, OverflowError, RecursionError) as e:
        raise StreamError(f"error converting YAML to JSON: yaml: {e}")
    try:
        return _Converter().convert(loaded)
    except StreamError as e:
        raise StreamError(f"error converting YAML to JSON: {e}")
    except RecursionError:
        raise StreamError("error converting YAML to JSON: yaml: exceeded max depth")


def split_yaml(text):
    """apimachinery's YAMLReader: documents separated by lines starting with `---`."""
    chunks, current = [], []
    for line in text.splitlines(keepends=True):
        if line.startswith("---"):
            rest = line[3:].strip()
            if rest and not rest.startswith("#"):
                raise StreamError(f"invalid Yaml document separator: {rest}")
            chunks.append("".join(current))
            current = []
        else:
            current.append(line)
    chunks.append("".join(current))
    return chunks


def split_json(text):
    """A stream of JSON values as Go's json.Decoder reads it; errors worded like encoding/json."""
    decoder = json.JSONDecoder()
    values, pos = [], 0
    while True:
        start = pos
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos >= len(text):
            return values
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            raise StreamError(_go_json_error(text, start, e))
        values.append(value)


def _go_json_error(text, start, e):
    """`json: offset N: invalid character 'x' ...` (offset counted from where this value's scan began)."""
    at = e.pos
    if at >= len(text) or e.msg.startswith("Unterminated string"):
        return "unexpected EOF"
    char = text[at]
    context = {"Expecting value": "looking for beginning of value",
               "Expecting ':' delimiter": "after object key",
               "Expecting property name enclosed in double quotes": "looking for beginning of object key string"}
    if e.msg.startswith("Invalid control character"):
        what = "in string literal"
    elif e.msg == "Expecting ',' delimiter":
        what = "after object key:value pair" if _innermost(text, at) == "{" else "after array element"
    else:
        what = context.get(e.msg, "looking for beginning of value")
    return f"json: offset {at - start + 1}: invalid character {_go_quote_char(char)} {what}"


def _go_quote_char(char):
    if char == "'":
        return "'\\''"
    if char == '"':
        return "'\"'"
    return "'" + json.dumps(char)[1:-1] + "'"


def _innermost(text, end):
    """The innermost unclosed bracket before `end`, skipping strings."""
    stack, in_string, escaped = [], False, False
    for ch in text[:end]:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append(ch)
        elif ch in "}]" and stack:
            stack.pop()
    return stack[-1] if stack else ""


def _validation_errors(obj):
    """kubectl's getObjectKind checks (validation/schema.go) before anything is sent."""
    if not isinstance(obj, dict):
        return ["invalid object to validate"]
    errs = []
    api_version = obj.get("apiVersion")
    if api_version is None:
        errs.append("apiVersion not set")
    elif not isinstance(api_version, str):
        errs.append("apiVersion isn't string type")
    elif api_version.count("/") > 1:
        errs.append(f"unexpected GroupVersion string: {api_version}")
    kind = obj.get("kind")
    if kind is None:
        errs.append("kind not set")
    elif not isinstance(kind, str):
        errs.append("kind isn't string type")
    return errs


def read_stream(text, source, validate=True):
    """The objects of one file; errors that end the stream are appended last, as kubectl stops there."""
    out = []
    try:
        stripped = text.lstrip()
        if stripped.startswith("{"):
            values = split_json(text)
        else:
            values = (_parse_chunk(chunk) for chunk in split_yaml(text))
        for value in values:
            if value is None:
                continue
            if isinstance(value, _TooLarge):
                out.append(value)
                continue
            for obj in [value]:
                errs = _validation_errors(obj) if validate else []
                if errs:
                    detail = errs[0] if len(errs) == 1 else "[" + ", ".join(errs) + "]"
                    raise CmdError(f'error validating "{source}": error validating data: {detail}; '
                                   "if you choose to ignore these errors, turn validation off with --validate=false")
                if not isinstance(obj, dict) or not isinstance(obj.get("kind"), str) or not obj.get("kind"):
                    out.append(CmdError(f"unable to decode \"{source}\": Object 'Kind' is missing in '{_compact(obj)}'"))
                    continue
                out.append(_TooLarge() if len(_compact(obj)) > MAX_REQUEST_BYTES else Document(obj, source))
    except StreamError as e:
        out.append(CmdError(f"error parsing {source}: {e}"))
    except CmdError as e:
        out.append(e)
    return out


def _parse_chunk(chunk):
    if len(chunk) > MAX_REQUEST_BYTES:
        return _TooLarge()
    return parse_yaml(chunk)


class _TooLarge(CmdError):
    pass


def _compact(obj):
    return json.dumps(obj, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def too_large(source):
    """What kube-apiserver answers to a body over its limit, as kubectl reports it for the file."""
    return ApiError(413, "RequestEntityTooLarge",
                    f'error when creating "{source}": Request entity too large: limit is {MAX_REQUEST_BYTES}')


def expand_paths(filenames, recursive):
    """(source, path) pairs for -f arguments (a URL's path is None, as stdin's); CmdError for missing paths or
    empty folders."""
    found = []
    for name in filenames:
        if name == "-":
            found.append(("STDIN", None))
            continue
        if is_url(name):  # FilenameParam: fetched when visited; -R means nothing to it
            found.append((name, None))
            continue
        if not os.path.exists(name):
            raise CmdError(f'the path "{name}" does not exist')
        if os.path.isdir(name):
            files = []
            for root, dirs, names in os.walk(name):
                dirs.sort()
                for n in sorted(names):
                    if n.endswith(FILE_EXTENSIONS):
                        files.append(os.path.join(root, n))
                if not recursive:
                    break
            if not files:
                raise CmdError(f"error reading [{name}]: recognized file extensions are [.json .yaml .yml]")
            found.extend((f, f) for f in files)
        else:
            found.append((name, name))
    return found


def read(filenames, recursive=False, stdin=None, validate=True, workstation=None):
    """Documents and errors of all -f arguments, in kubectl's order; URLs are fetched from `workstation`."""
    out = []
    for source, path in expand_paths(filenames, recursive):
        if path is None and is_url(source):
            try:
                text = read_url(workstation, source)
            except CmdError as e:
                out.append(e)
                continue
        elif path is None:
            text = stdin or ""
        else:
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
            except OSError as e:
                out.append(CmdError(f"open {path}: {e.strerror.lower() if e.strerror else e}"))
                continue
        items = read_stream(text, source, validate)
        out.extend(too_large(source) if isinstance(i, _TooLarge) else i for i in items)
    return out
