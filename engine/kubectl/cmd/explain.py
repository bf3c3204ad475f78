"""`kubectl explain RESOURCE[.field.path] [--recursive] [--api-version]`: kubectl's OpenAPI v3 plaintext
template (pkg/explain/v2/templates/plaintext.tmpl) rendered over the engine's v1.32 schemas."""
from ...api import schema as openapi
from ..errors import CmdError, NoResourceMatch, RawError
from ..flags import Flag
from . import Command

NBSP = "\u00a0"


def run(ctx):
    opts = ctx.opts
    if not ctx.args:
        raise CmdError('You must specify the type of resource to explain. Use "kubectl api-resources" for a '
                       "complete list of supported resources.\n")
    if len(ctx.args) > 1:
        raise CmdError("We accept only this format: explain RESOURCE\n")
    resource, fields = _split(ctx.api.registry, ctx.args[0], bool(opts["api-version"]))
    group, version = resource.group, resource.version
    if opts["api-version"]:
        group, version = _group_version(opts["api-version"])
    if opts["output"] not in ("plaintext", "plaintext-openapiv2"):
        raise CmdError(f"unrecognized format: {opts['output']}")
    gvr = f"{group}/{version}, Resource={resource.plural}"
    if not any(r.group == group and r.version == version for r in ctx.api.registry.resources):
        raise CmdError(f'couldn\'t find resource for "{gvr}"')
    served = ctx.api.registry.by_gvr(group, version, resource.plural)
    definition = served and openapi.definition_for(group, version, served.kind)
    root = openapi.definitions()[definition] if definition else served and ctx.api.crds.openapi(served)
    if not root:
        raise CmdError(f"GVR ({gvr}) not found in OpenAPI schema")
    header = (f"GROUP:      {group}\n" if group else "") + f"KIND:       {served.kind}\nVERSION:    {version}\n\n"
    ctx.io.write(header)  # the template has written this much when a field turns out not to exist
    body = _output(_node(root), fields, frozenset(), opts["recursive"])
    if not body:
        raise CmdError(f'field "{fields[-1]}" does not exist')
    ctx.io.write(body + "\n")
    return 0


def _split(registry, text, exact):
    """SplitAndParseResourceRequest(WithMatchingPrefix): the resource and the field path after it."""
    parts = text.split(".")
    resource = registry.lookup(parts[0])
    if resource is None:  # the RESTMapper's error, printed as it is
        raise RawError(str(NoResourceMatch(parts[0])))
    prefix = f"{resource.plural}.{resource.group}" if resource.group else resource.plural
    if not exact and resource.group and text.startswith(prefix):
        return resource, [p for p in text[len(prefix):].split(".")[1:]]
    return resource, parts[1:]


def _group_version(text):
    parts = text.split("/")
    if len(parts) > 2:
        raise CmdError(f"unexpected GroupVersion string: {text}")
    return ("", parts[0]) if len(parts) == 1 else (parts[0], parts[1])


# The engine's schemas are JSON Schema: a $ref with a description next to it is what OpenAPI v3 writes
# as allOf: [$ref] with that description, and nullable types are ["string", "null"].
def _node(schema):
    if not isinstance(schema, dict):
        return schema
    out = dict(schema)
    if "$ref" in out and len(out) > 1:
        out["allOf"] = [{"$ref": out.pop("$ref")}]
    if isinstance(out.get("type"), list):
        out["type"] = next((t for t in out["type"] if t != "null"), None)
    out.pop("enum", None)  # the only enums here are apiVersion/kind ones the strict schemas added
    return out


def _resolve(ref):
    if not ref:
        return None
    found = openapi.definitions().get(ref.rsplit("/", 1)[-1])
    return _node(found) if found is not None else None


def _get(schema, key):
    return _node(schema.get(key)) if isinstance(schema.get(key), dict) else schema.get(key)


def _map_value(schema):
    """additionalProperties when it is a (non-empty) schema rather than a bool."""
    value = schema.get("additionalProperties")
    return _node(value) if isinstance(value, dict) and value else None


def _output(schema, path, history, recursive):
    ref = schema.get("$ref") or ""
    seen = history | {ref}
    resolved = _resolve(ref) or schema
    properties = resolved.get("properties") or {}
    if not path:
        text = "DESCRIPTION:\n" + _indent(4, wrap(_description(resolved) or "<empty>", 76)) + "\n"
        fields = _field_list(resolved, 1, frozenset(), recursive)
        return text + ("FIELDS:\n" + fields if fields else "")
    if ref and ref in history:
        return ""
    if path[0] in properties:
        sub = _node(properties[path[0]])
        text = f"FIELD: {path[0]} <{_type(sub)}>\n\n\n" if len(path) == 1 else ""
        return text + _output(sub, path[1:], frozenset(), recursive)
    if resolved.get("items"):
        return _output(_get(resolved, "items"), path, seen, recursive)
    if _map_value(resolved):
        return _output(_map_value(resolved), path, seen, recursive)
    for sub in resolved.get("allOf") or []:
        text = _output(_node(sub), path, seen, recursive)
        if text:
            return text
    return ""


def _field_list(schema, level, history, recursive):
    ref = schema.get("$ref") or ""
    if ref and ref in history:
        return ""
    seen = history | {ref}
    resolved = _resolve(ref) or schema
    out = ""
    properties = resolved.get("properties") or {}
    for name in sorted(properties):
        out += _field_detail(name, resolved, level, recursive)
        if recursive:
            out += _field_list(_node(properties[name]), level + 1, seen, recursive)
    for sub in resolved.get("allOf") or []:
        out += _field_list(_node(sub), level, seen, recursive)
    if resolved.get("items"):
        out += _field_list(_get(resolved, "items"), level, seen, recursive)
    if _map_value(resolved):
        out += _field_list(_map_value(resolved), level, seen, recursive)
    return out


def _field_detail(name, schema, level, short):
    pad = level * 2
    field = _node(schema["properties"][name])
    text = " " * pad + f"{name}\t<{_type(field)}>"
    if name in (schema.get("required") or []):
        text += " -required-"
    text += "\n"
    if not short:
        text += _indent(pad + 2, wrap(field.get("description") or "<no description>", 78 - pad)) + "\n\n"
    return text


def _description(schema):
    resolved = _resolve(schema.get("$ref")) or schema
    text = resolved["description"] + "\n" if resolved.get("description") else ""
    for sub in resolved.get("allOf") or []:
        text += _description(_node(sub))
    if resolved.get("items"):
        text += _description(_get(resolved, "items"))
    if _map_value(resolved):
        text += _description(_map_value(resolved))
    return text


def _type(schema):
    """The template's typeGuess: string, []Container, map[string]string, Object..."""
    if schema.get("items"):
        return "[]" + _type(_get(schema, "items"))
    if _map_value(schema):
        return "map[string]" + _type(_map_value(schema))
    if schema.get("allOf") and not schema.get("properties") and len(schema["allOf"]) == 1:
        return _type(_node(schema["allOf"][0]))
    if schema.get("$ref"):
        target = _resolve(schema["$ref"])
        if not target or not target.get("type") or target["type"] == "object":
            return schema["$ref"].split("/")[-1].split(".")[-1] or "Object"
        return target["type"]
    return "Object" if schema.get("type") == "object" else (schema.get("type") or "Object")


def _indent(amount, text):
    pad = " " * amount
    return pad + text.replace("\n", "\n" + pad)


def wrap(text, limit):
    """mitchellh/go-wordwrap v1.0.1 WrapString: break at white space before a word passes the limit."""
    out, word, space, current = [], "", "", 0
    for ch in text:
        if ch == "\n":
            if not word:
                if current + len(space) <= limit:
                    out.append(space)
            else:
                out.append(space + word)
            space, word, current = "", "", 0
            out.append(ch)
        elif ch.isspace() and ch != NBSP:
            if not space or word:
                current += len(space) + len(word)
                out.append(space + word)
                space, word = "", ""
            space += ch
        else:
            word += ch
            if current + len(space) + len(word) > limit and len(word) < limit:
                out.append("\n")
                current, space = 0, ""
    if not word:
        if current + len(space) <= limit:
            out.append(space)
    else:
        out.append(space + word)
    return "".join(out)


COMMAND = Command("explain", run, [Flag("recursive", kind="bool"), Flag("api-version"),
                                   Flag("output", "o", default="plaintext")])
