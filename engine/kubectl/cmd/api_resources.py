"""`kubectl api-resources`: the served resources from discovery (preferred versions, no subresources),
filtered by --api-group, --namespaced, --verbs, --categories, sorted by group (or --sort-by) then name."""
from ...api import discovery
from ..errors import CmdError, UsageError
from ..flags import Flag
from ..printers.table import layout
from . import Command

FLAGS = [
    Flag("api-group"), Flag("cached", kind="bool"), Flag("categories", kind="slice"),
    Flag("namespaced", kind="bool", default=True), Flag("no-headers", kind="bool"), Flag("output", "o"),
    Flag("sort-by"), Flag("verbs", kind="slice"),
]


def preferred_resources(api):
    """ServerPreferredResources: (group, group/version, APIResource) for each group's preferred version."""
    registry = api.registry
    found = []
    for group, version in discovery.group_versions(registry):
        if group and registry.versions_of(group)[0].version != version:
            continue
        listed = discovery.api_resource_list(registry, group, version)
        found.extend((group, listed["groupVersion"], r) for r in listed["resources"] if "/" not in r["name"])
    for group_version, resources in discovery.aggregated(api).items():
        found.extend((group_version.split("/")[0], group_version, r) for r in resources)
    return found


def run(ctx):
    opts = ctx.opts
    if ctx.args:
        raise UsageError(f"unexpected arguments: [{' '.join(ctx.args)}]\nSee '{ctx.path} -h' for help and examples")
    if opts["output"] not in ("", "wide", "name"):
        raise CmdError(f"--output {opts['output']} is not available")
    if opts["sort-by"] not in ("", "name", "kind"):
        raise CmdError("--sort-by accepts only name or kind")
    rows = []
    for group, group_version, r in preferred_resources(ctx.api):
        if not r["verbs"]:
            continue
        if opts.changed("api-group") and opts["api-group"] != group:
            continue
        if opts.changed("namespaced") and opts["namespaced"] != r["namespaced"]:
            continue
        if not set(opts["verbs"]) <= set(r["verbs"]) or not set(opts["categories"]) <= set(r.get("categories", ())):
            continue
        rows.append((group, group_version, r))
    key = {"name": lambda row: row[2]["name"], "kind": lambda row: row[2]["kind"]}.get(opts["sort-by"], lambda row: row[0])
    rows.sort(key=lambda row: (key(row), row[2]["name"]))
    if opts["output"] == "name":
        ctx.io.write("".join(r["name"] + (f".{group}" if group else "") + "\n" for group, _, r in rows))
        return 0
    head = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    if opts["output"] == "wide":
        head += ["VERBS", "CATEGORIES"]
    table = [] if opts["no-headers"] else [head]
    for _, group_version, r in rows:
        row = [r["name"], ",".join(r.get("shortNames", ())), group_version, "true" if r["namespaced"] else "false", r["kind"]]
        if opts["output"] == "wide":
            row += [",".join(r["verbs"]), ",".join(r.get("categories", ()))]
        table.append(row)
    ctx.io.write(layout(table))
    return 0


COMMAND = Command("api-resources", run, FLAGS)
