"""kubectl's output printers: tables (table.py, columns.py), yaml, json, name and jsonpath.

`OutputFormat.parse(text)` validates `-o` as kubectl does; `format_objects` renders a result."""
from ..errors import CmdError
from . import json as json_printer
from . import jsonpath, name
from . import yaml as yaml_printer

GET_FORMATS = ("custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
               "jsonpath-file,name,template,templatefile,wide,yaml")
GENERIC_FORMATS = ("go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,"
                   "templatefile,yaml")


class OutputFormat:
    """A parsed `-o`: kind is "" (table), wide, yaml, json, name, jsonpath or jsonpath-as-json."""

    def __init__(self, kind, template=None):
        self.kind, self.template = kind, template
        self.printed = 0  # the YAML printer separates the objects of one command with `---`

    @property
    def human(self):
        return self.kind in ("", "wide")

    @classmethod
    def parse(cls, text, allowed=GET_FORMATS):
        kind, _, template = text.partition("=")
        known = allowed.split(",")
        if kind in ("jsonpath", "jsonpath-as-json") and kind in known:
            if not template:
                raise CmdError("template format specified but no template given")
            try:
                jsonpath.parse(template)
            except jsonpath.JSONPathError as e:
                raise CmdError(str(e))
            return cls(kind, template)
        if text == "" or (text in known and text in ("wide", "yaml", "json", "name")):
            return cls(text)
        raise CmdError(f'unable to match a printer suitable for the output format "{text}", '
                       f"allowed formats are: {allowed}")

    def render(self, obj, resource_for=lambda o: None, sort_keys=True):
        """Text for one object or List (non-table formats)."""
        if self.kind == "yaml":
            self.printed += 1
            return ("---\n" if self.printed > 1 else "") + yaml_printer.dumps(obj)
        if self.kind == "json":
            return json_printer.dumps(obj, sort_keys=sort_keys)
        if self.kind == "name":
            items = obj["items"] if obj.get("kind") == "List" and "items" in obj else [obj]
            return name.dumps(items, resource_for)
        if self.kind == "jsonpath":
            try:
                return jsonpath.render(self.template, obj)
            except jsonpath.JSONPathError as e:
                raise CmdError(str(e))
        if self.kind == "jsonpath-as-json":
            return jsonpath.render_json(self.template, obj)
        raise CmdError(f'unable to match a printer suitable for the output format "{self.kind}"')


def as_list(items):
    """What kubectl prints for several objects in a non-table format."""
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}
