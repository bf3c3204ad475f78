"""kubectl's output printers: tables (table.py lays out the rows the API server prints, engine/api/columns.py), yaml, json, name, jsonpath, custom-columns and
go-template. `OutputFormat.parse(text)` validates `-o` as kubectl's PrintFlags.ToPrinter does."""
from ..errors import CmdError
from . import custom_columns, gofmt, gotemplate, jsonpath, name
from . import json as json_printer
from . import yaml as yaml_printer

GET_FORMATS = ("custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
               "jsonpath-file,name,template,templatefile,wide,yaml")
GENERIC_FORMATS = ("go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,"
                   "templatefile,yaml")


class TemplateFailed(CmdError):
    """A template that failed while executing: `stdout_before` is what kubectl wrote to stdout before the error."""

    def __init__(self, output, message):
        super().__init__(message)
        self.stdout_before = output


JSONPATH_FORMATS = ("jsonpath", "jsonpath-as-json", "jsonpath-file")
TEMPLATE_FORMATS = ("template", "go-template", "go-template-file", "templatefile")
COLUMNS_FORMATS = ("custom-columns", "custom-columns-file")


class OutputFormat:
    """A parsed `-o`: kind is "" (table), wide, yaml, json, name, jsonpath, jsonpath-as-json, go-template
    or custom-columns; template is the jsonpath text, the parsed go template or the columns printer."""

    def __init__(self, kind, template=None, allow_missing=True):
        self.kind, self.template, self.allow_missing = kind, template, allow_missing
        self.printed = 0  # the YAML printer separates the objects of one command with `---`

    @property
    def human(self):
        return self.kind in ("", "wide")

    @classmethod
    def parse(cls, text, allowed=GET_FORMATS, template="", no_headers=False, allow_missing=True):
        """template is --template (used when -o names a template format, or alone as go-template)."""
        known = allowed.split(",")
        if template and not text:
            text = "go-template"
        kind, value = _split_format(text, template)
        if kind in JSONPATH_FORMATS and kind in known:
            return cls(*_jsonpath(kind, value), allow_missing)
        if kind in TEMPLATE_FORMATS and kind in known:
            return cls("go-template", _go_template(kind, value), allow_missing)
        if text == "" or (text in known and text in ("wide", "yaml", "json", "name")):
            return cls(text)
        if kind in COLUMNS_FORMATS and kind in known:
            if not value:
                raise CmdError("custom-columns format specified but no custom columns given")
            if kind == "custom-columns-file":
                return cls("custom-columns", custom_columns.from_file(value))
            return cls("custom-columns", custom_columns.from_spec(value, no_headers))
        raise CmdError(f'unable to match a printer suitable for the output format "{text}", '
                       f"allowed formats are: {allowed}")

    def _go_template(self, obj, sort_keys):
        data = _go_data(obj)
        out, error = self.template.execute(data, missing_error=not self.allow_missing)
        if error is None:
            return out
        raise TemplateFailed(out + gotemplate.debug_dump(self.template.text, obj, error, sort_keys),
                             f"error executing template {gofmt.quote(self.template.text)}: {error}")

    show_managed = False  # --show-managed-fields: JSON and YAML keep metadata.managedFields (see showing_managed)

    def render(self, obj, resource_for=lambda o: None, sort_keys=True):
        """Text for one object or List (non-table formats)."""
        if self.kind in ("yaml", "json") and not self.show_managed:
            obj = omit_managed_fields(obj)
        if self.kind == "yaml":
            self.printed += 1
            return ("---\n" if self.printed > 1 else "") + yaml_printer.dumps(obj)
        if self.kind == "json":
            return json_printer.dumps(obj, sort_keys=sort_keys)
        if self.kind == "name":
            items = obj["items"] if obj.get("kind") == "List" and "items" in obj else [obj]
            return name.dumps(items, resource_for)
        if self.kind in ("jsonpath", "jsonpath-as-json"):
            typed = not sort_keys  # a typed object went through encoding/json: its numbers are float64
            render = jsonpath.render if self.kind == "jsonpath" else jsonpath.render_json
            try:
                return render(self.template, obj, self.allow_missing, typed)
            except jsonpath.ExecError as e:
                raise CmdError(jsonpath.exec_message(self.template, obj, e, typed))
        if self.kind == "custom-columns":
            return self.template.render(obj)
        if self.kind == "go-template":
            return self._go_template(obj, sort_keys)
        raise CmdError(f'unable to match a printer suitable for the output format "{self.kind}"')


class showing_managed:
    """`with showing_managed(opts.get("show-managed-fields")):` the printers a command makes keep or omit
    managedFields as its --show-managed-fields says (every printing verb has the flag)."""

    def __init__(self, show):
        self.show = bool(show)

    def __enter__(self):
        self.saved, OutputFormat.show_managed = OutputFormat.show_managed, self.show
        return self

    def __exit__(self, *exc):
        OutputFormat.show_managed = self.saved
        return False


def omit_managed_fields(obj):
    """OmitManagedFieldsPrinter: the object (or each item of a List) without metadata.managedFields."""
    if not isinstance(obj, dict):
        return obj
    if isinstance(obj.get("items"), list) and obj.get("kind", "").endswith("List"):
        items = [omit_managed_fields(i) for i in obj["items"]]
        return obj if all(a is b for a, b in zip(items, obj["items"])) else dict(obj, items=items)
    meta = obj.get("metadata")
    if not isinstance(meta, dict) or "managedFields" not in meta:
        return obj
    return dict(obj, metadata={k: v for k, v in meta.items() if k != "managedFields"})


def as_list(items):
    """What kubectl prints for several objects in a non-table format."""
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}


def _split_format(text, template):
    """`go-template=X` -> (go-template, X); with --template the flag is the template, as in template_flags.go."""
    if template:
        return text, template
    for kind in JSONPATH_FORMATS + TEMPLATE_FORMATS + COLUMNS_FORMATS:
        if text.startswith(kind + "="):
            return kind, text[len(kind) + 1:]
    return text, ""


def _read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError as e:
        raise CmdError(f"error reading --template {path}, open {path}: {(e.strerror or str(e)).lower()}")


def _jsonpath(kind, value):
    if not value:
        raise CmdError("template format specified but no template given")
    if kind == "jsonpath-file":
        value, kind = _read(value), "jsonpath"
    try:
        jsonpath.parse(value)
    except jsonpath.JSONPathError as e:
        raise CmdError(str(e))
    return kind, value


def _go_template(kind, value):
    if not value:
        raise CmdError("template format specified but no template given")
    if kind in ("go-template-file", "templatefile"):
        value = _read(value)
    try:
        return gotemplate.Template(value)
    except gotemplate.TemplateError as e:
        raise CmdError(f"error parsing template {value}, {e}")


def _go_data(value):
    """The object as kubectl's template printer sees it after its JSON round trip (integral floats are ints)."""
    if isinstance(value, dict):
        return {k: _go_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_go_data(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 63:
        return int(value)
    return value
