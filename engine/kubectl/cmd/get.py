"""`kubectl get`: list or fetch objects and print them as tables or in yaml/json/name/jsonpath/custom-columns/
go-template."""
import re

from ...api import codec
from ...api.errors import ApiError
from .. import builder, printers
from ..errors import CmdError, RawError, aggregate
from ..flags import Flag
from ..printers import table
from ..resources import selector_with_names_error, type_name_args
from ..sorting import sort_objects
from .. import watch
from . import Command

REQUIRED_RESOURCE = (
    'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported '
    "resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed "
    "description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples")

NO_RESOURCES = ("You must provide one or more resources by argument or filename.\nExample resource specifications "
                "include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")

FLAGS = [
    Flag("output", "o"),
    Flag("selector", "l"),
    Flag("field-selector"),
    Flag("all-namespaces", "A", "bool"),
    Flag("show-labels", kind="bool"),
    Flag("show-managed-fields", kind="bool"),
    Flag("label-columns", "L", "slice"),
    Flag("sort-by"),
    Flag("show-kind", kind="bool"),
    Flag("no-headers", kind="bool"),
    Flag("ignore-not-found", kind="bool"),
    Flag("chunk-size", kind="int", default=500),
    Flag("template"),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("watch", "w", "bool"),
    Flag("watch-only", kind="bool"),
    Flag("output-watch-events", kind="bool"),
    Flag("filename", "f", "slice"), Flag("kustomize", "k"), Flag("recursive", "R", "bool"),
    Flag("raw"),
]


def fetch(ctx, pairs, all_namespaces, selector, field_selector, ignore_not_found, tables=None, merge=True):
    """[(resource, [objects])] in the order asked, and the errors met on the way. With `tables` (the Table
    request's options), [(resource, Table)] as the API server printed them, as kubectl asks for human output;
    consecutive results of one type are merged unless `merge` is false (then one entry per get.go info)."""
    groups, errs = [], []
    api = ctx.api
    for resource, name in pairs:
        namespace = None if (all_namespaces or not resource.namespaced) else ctx.namespace
        try:
            if tables is not None:
                got = api.table(resource, namespace=namespace, label_selector=selector or None,
                                field_selector=field_selector or None, name=name, **tables)
            elif name is None:
                got = api.list(resource, namespace=namespace, label_selector=selector or None,
                               field_selector=field_selector or None)["items"]
            else:
                got = [api.get(resource, name, namespace=namespace)]
        except ApiError as e:
            if ignore_not_found and e.code == 404:
                continue
            if all(m != e.message for m in (getattr(x, "message", None) for x in errs)):
                errs.append(e)
            continue
        if merge and groups and groups[-1][0] is resource:
            (groups[-1][1]["rows"] if tables is not None else groups[-1][1]).extend(
                got["rows"] if tables is not None else got)
        else:
            groups.append((resource, got))
    return groups, errs


def merged(infos):
    """Consecutive Tables of one type printed as one (the same printer, one header)."""
    groups = []
    for resource, tbl in infos:
        if groups and groups[-1][0] is resource:
            groups[-1] = (resource, dict(groups[-1][1], rows=groups[-1][1]["rows"] + tbl["rows"]))
        else:
            groups.append((resource, tbl))
    return groups


def run(ctx):
    opts = ctx.opts
    if opts["raw"]:
        return raw_get(ctx)
    output = printers.OutputFormat.parse(opts["output"], template=opts["template"], no_headers=opts["no-headers"],
                                         allow_missing=opts["allow-missing-template-keys"])
    watching = opts["watch"] or opts["watch-only"]
    if opts["filename"] or opts["kustomize"]:
        return run_files(ctx, output)
    if not ctx.args and not watching:
        raise RawError(REQUIRED_RESOURCE)
    watch.validate(ctx)
    if not ctx.args:
        raise CmdError(NO_RESOURCES)
    all_ns = opts["all-namespaces"]
    pairs = type_name_args(ctx.api, ctx.args)
    named = [n for _, n in pairs if n is not None]
    if all_ns and any(n is not None and r.namespaced for r, n in pairs):
        raise CmdError("a resource cannot be retrieved by name across all namespaces")
    if named and (opts["selector"].strip() or opts["field-selector"].strip()):
        raise selector_with_names_error(ctx.args)
    if opts["show-labels"] and not output.human:
        raise CmdError(f"--show-labels option cannot be used with {opts['output']} printer")
    if watching:
        return watch.run(ctx, output, pairs, all_ns)
    with codec.bulk():  # a list of many objects decoded and turned into rows
        return _print(ctx, opts, output, pairs, all_ns)


def _print(ctx, opts, output, pairs, all_ns):
    if output.human:
        tables = {"wide": output.kind == "wide", "include_object": "Object" if opts["sort-by"] else "Metadata"}
        infos, errs = fetch(ctx, pairs, all_ns, opts["selector"], opts["field-selector"], opts["ignore-not-found"],
                            tables, merge=False)
        # multipleGVKsRequested over get.go's infos: each Table the server sent is one (a Table is no list), so a
        # kind whose table came back empty still counts (`get all` in a fresh namespace prints service/kubernetes)
        kinds = {r for r, _ in infos}
        if opts["sort-by"]:
            infos = sorted_tables(infos, opts["sort-by"])
        print_tables(ctx, merged(infos), all_ns, len(kinds) > 1 or opts["show-kind"], errs or opts["ignore-not-found"])
    else:
        groups, errs = fetch(ctx, pairs, all_ns, opts["selector"], opts["field-selector"], opts["ignore-not-found"])
        if opts["sort-by"] and any(objs for _, objs in groups):
            groups = sorted_groups(groups, opts["sort-by"])
        single = len(pairs) == 1 and pairs[0][1] is not None
        if single and errs:
            raise errs[0]
        items = [o for _, objs in groups for o in objs]
        by_kind = {(r.api_version, r.kind): r for r, _ in groups}
        resource_for = lambda o: by_kind.get((o.get("apiVersion"), o.get("kind")))
        obj = items[0] if single and items else printers.as_list(items)
        ctx.io.write(output.render(obj, resource_for))
    if errs:
        ctx.io.error(aggregate(errs))
        return 1
    return 0


def run_files(ctx, output):
    """get -f / -k: the live object of each document, a table per run of one kind."""
    groups, errs, count = [], [], 0
    wide = output.kind == "wide"
    for item in builder.infos(ctx, ctx.opts["filename"], ctx.opts["recursive"], validate=False):
        if isinstance(item, Exception):
            errs.append(item)
            continue
        count += 1
        try:
            if output.human:
                got = ctx.api.table(item.resource, namespace=item.namespace or None, name=item.name, wide=wide)
            else:
                got = ctx.api.get(item.resource, item.name, namespace=item.namespace or None)
        except ApiError as e:
            errs.append(e)
            continue
        if groups and groups[-1][0] is item.resource:
            (groups[-1][1]["rows"] if output.human else groups[-1][1]).extend(got["rows"] if output.human else [got])
        else:
            groups.append((item.resource, got if output.human else [got]))
    if output.human:
        kinds = {r for r, _ in groups}
        print_tables(ctx, groups, False, len(kinds) > 1 or ctx.opts["show-kind"], bool(errs))
    elif groups:
        items = [o for _, objs in groups for o in objs]
        by_kind = {(r.api_version, r.kind): r for r, _ in groups}
        single = count == 1 and len(items) == 1
        ctx.io.write(output.render(items[0] if single else printers.as_list(items),
                                   lambda o: by_kind.get((o.get("apiVersion"), o.get("kind")))))
    if errs:
        ctx.io.error(aggregate(errs))
        return 1
    return 0


def sorted_groups(groups, expression):
    """--sort-by orders all objects; consecutive objects of one type share a table, as in get.go."""
    owner = {id(o): r for r, objs in groups for o in objs}
    ordered = sort_objects([o for _, objs in groups for o in objs], expression)
    out = []
    for obj in ordered:
        resource = owner[id(obj)]
        if out and out[-1][0] is resource:
            out[-1][1].append(obj)
        else:
            out.append((resource, [obj]))
    return out


def sorted_tables(infos, expression):
    """--sort-by over Tables as get.go does it. Several infos (a Table per request) are first sorted as objects by
    the field, which a Table rarely has: CmdError then (RuntimeSorter, e.g. for .metadata.name). SortingPrinter then
    orders each table's rows by the objects they carry (includeObject=Object); a table of several rows none of which
    has the field is not printed at all (TableSorter's error is dropped by the printing loop)."""
    if len(infos) > 1:
        by_id = {id(tbl): (resource, tbl) for resource, tbl in infos}
        infos = [by_id[id(tbl)] for tbl in sort_objects([tbl for _, tbl in infos], expression)]
    out = []
    for resource, tbl in infos:
        rows = tbl["rows"]
        if len(rows) > 1:
            try:
                objs = sort_objects([row["object"] for row in rows], expression)
            except CmdError as e:
                if str(e).startswith("couldn't find any field"):
                    continue
                raise
            by_id = {id(row["object"]): row for row in rows}
            tbl = dict(tbl, rows=[by_id[id(obj)] for obj in objs])
        out.append((resource, tbl))
    return out


def print_tables(ctx, groups, all_ns, with_kind, quiet):
    written = False
    for resource, tbl in groups:
        if not tbl["rows"]:
            continue
        if written and not ctx.opts["no-headers"]:
            ctx.io.write("\n")
        ctx.io.write(table.table(resource, tbl, with_namespace=all_ns and resource.namespaced,
                                 with_kind=with_kind, show_labels=ctx.opts["show-labels"],
                                 no_headers=ctx.opts["no-headers"], label_columns=ctx.opts["label-columns"],
                                 wide=ctx.opts["output"] == "wide"))
        written = True
    if not written and not quiet:
        # allResourcesNamespaced: every Table fetched (empty ones too) is an info whose scope counts
        if not all_ns and all(resource.namespaced for resource, _ in groups):
            ctx.io.error(f"No resources found in {ctx.namespace} namespace.\n")
        else:
            ctx.io.error("No resources found\n")


COMMAND = Command("get", run, FLAGS)


def raw_get(ctx):
    """`get --raw PATH` (rawhttp.RawGet): the API server's response body as it comes, for a path kubectl does
    not interpret (/healthz, /metrics-style paths, /apis/metrics.k8s.io/..., a list as raw JSON)."""
    opts, raw = ctx.opts, ctx.opts["raw"]
    if ctx.args:
        raise CmdError("arguments may not be passed when --raw is specified")
    if opts["watch"] or opts["watch-only"] or opts["selector"]:
        raise CmdError("--raw may not be specified with other flags that filter the server request or alter the output")
    if opts["output"]:
        raise CmdError("--raw and --output are mutually exclusive")
    if not (raw.startswith("/") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", raw)):
        raise CmdError(f'--raw must be a valid URL path: parse "{raw}": invalid URI for request')
    from ...api.http import HttpApi
    from ...node.runtime.network import HttpRequest
    ws = ctx.kubectl.workstation
    path = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*", "", raw) or "/"
    user_agent = "kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd"
    response = HttpApi(ctx.api, ws.apiserver_dial, ws.rng).serve(HttpRequest("GET", path, {"User-Agent": user_agent}))
    if response.status >= 400:
        raise _raw_error(response)
    ctx.io.write(response.body)
    return 0


def _raw_error(response):
    """What client-go makes of an error response: the Status it carries, else a generic one for the code."""
    import json
    try:
        status = json.loads(response.body)
    except ValueError:
        status = None
    if isinstance(status, dict) and status.get("kind") == "Status":
        return ApiError(status.get("code", response.status), status.get("reason", ""), status.get("message", ""),
                        status.get("details"))
    if response.status == 404:
        return ApiError(404, "NotFound", "the server could not find the requested resource")
    body = response.body.strip()
    return ApiError(response.status, "InternalError",
                    f'an error on the server ("{body}") has prevented the request from succeeding')
