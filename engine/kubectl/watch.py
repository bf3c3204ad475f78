"""`kubectl get -w|--watch|--watch-only [--output-watch-events]` in virtual time (get.go's watch()): the listed
objects, then one table row (or document) per watch event as the apiserver delivers it.

A notebook cell cannot be interrupted with Ctrl-C, so the watch runs the cluster's clock for --request-timeout,
or WATCH_SECONDS virtual seconds when it is unset, then ends quietly (exit 0), as a real watch cut by its timeout."""
from .durations import seconds as parse_duration
from .errors import CmdError
from .printers import table
from ..api import columns, crd_table, table as server_table
from .sorting import sort_objects

WATCH_SECONDS = 60
EVENT_TYPES = {"ADDED": "ADDED   ", "MODIFIED": "MODIFIED", "DELETED": "DELETED ", "ERROR": "ERROR   "}


def validate(ctx):
    """Complete/Validate's watch checks (the warnings go to stderr before anything is fetched)."""
    opts = ctx.opts
    if opts["output-watch-events"] and not (opts["watch"] or opts["watch-only"]):
        raise CmdError("--output-watch-events option can only be used with --watch or --watch-only")
    if opts["sort-by"] and opts["watch"]:
        ctx.io.error("warning: --watch requested, --sort-by will be ignored for watch events received\n")
    elif opts["sort-by"] and opts["watch-only"]:
        ctx.io.error("warning: --watch-only requested, --sort-by will be ignored\n")


def run(ctx, output, pairs, all_ns):
    """Print the current objects (unless --watch-only), then every change until the watch's time is up."""
    opts = ctx.opts
    if len({id(r) for r, _ in pairs}) > 1:
        raise CmdError("you may only specify a single resource type")
    resource, name = pairs[0]
    namespace = None if (all_ns or not resource.namespaced) else ctx.namespace
    if name is None:
        objs = ctx.api.list(resource, namespace=namespace, label_selector=opts["selector"] or None,
                            field_selector=opts["field-selector"] or None)["items"]
        if opts["sort-by"] and objs:
            objs = sort_objects(objs, opts["sort-by"])
        selectors = {"label_selector": opts["selector"] or None, "field_selector": opts["field-selector"] or None}
    else:
        objs = [ctx.api.get(resource, name, namespace=namespace)]
        selectors = {"field_selector": f"metadata.name={name}"}
    printer = WatchPrinter(ctx, output, resource, all_ns and resource.namespaced)
    if not opts["watch-only"]:
        printer.print("ADDED", objs)

    watch = ctx.api.watch(resource, lambda kind, obj: printer.print(kind, [obj]), namespace=namespace, **selectors)
    try:
        ctx.clock.advance(_duration(opts["request-timeout"]))
    finally:
        watch.stop()
    return 0


def _duration(text):
    try:
        limit = parse_duration(text)
    except ValueError:
        limit = 0
    return limit if limit > 0 else WATCH_SECONDS


class WatchPrinter:
    """One printer for the whole watch: a table's header once and column widths remembered across flushes
    (kubectl's tabwriter.RememberWidths), or the -o format per object."""

    def __init__(self, ctx, output, resource, with_namespace):
        self.ctx, self.output, self.resource, self.with_namespace = ctx, output, resource, with_namespace
        self.events = ctx.opts["output-watch-events"]
        self.widths, self.headed = [], False

    def print(self, kind, objs):
        if not objs:
            return
        if self.output.human:
            self.ctx.io.write(self._rows(kind, objs))
            return
        for obj in objs:
            if self.events and self.output.kind != "name":  # (the name printer names the object itself)
                obj = {"type": kind, "object": _sorted(obj)}
            self.ctx.io.write(self.output.render(obj, lambda o: self.resource, sort_keys=not self.events))

    def _rows(self, kind, objs):
        opts = self.ctx.opts
        wide, timestamp = self.output.kind == "wide", self.ctx.clock.timestamp()
        no_headers = opts["no-headers"] or self.headed
        if self.resource.custom:  # a custom kind's rows: its CRD's printer columns (engine/api/crd_table.py)
            head, row = crd_table.watch_printer(self.ctx.api.crds.version(self.resource), timestamp, wide)
        else:
            head, row = columns.header(self.resource, wide), lambda o: server_table.row(self.resource, o, timestamp, wide)
        table_rows = [{"cells": row(obj), "object": obj} for obj in objs]
        rows = table.rows(self.resource, head, table_rows,
                          with_namespace=self.with_namespace, show_labels=opts["show-labels"], no_headers=no_headers,
                          label_columns=opts["label-columns"])
        if self.events:
            rows = [["EVENT"] + r for r in rows[:0 if no_headers else 1]] + \
                   [[EVENT_TYPES.get(kind, kind)] + r for r in rows[0 if no_headers else 1:]]
        self.headed = True
        return self._layout(rows)

    def _layout(self, rows):
        rows = [[table.cell_text(c) for c in row] for row in rows]
        for row in rows:
            for i, cell in enumerate(row[:-1]):
                width = max(len(cell) + table.PADDING, table.MIN_WIDTH)
                if i < len(self.widths):
                    self.widths[i] = max(self.widths[i], width)
                else:
                    self.widths.append(width)
        return "".join("".join(c.ljust(self.widths[i]) for i, c in enumerate(row[:-1])) + row[-1] + "\n"
                       for row in rows)


def _sorted(value):
    """An unstructured object as encoding/json writes it inside a WatchEvent: map keys sorted."""
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value
