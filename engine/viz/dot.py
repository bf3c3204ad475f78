"""The cluster map as Graphviz DOT source, and its SVG drawn by Graphviz's `dot`.

Each node is one box whose HTML-like table holds its pods in a grid, so 50 pods stay compact;
each pod cell has a PORT named after the pod, for edges (Services, owners) to point at; Services and,
on demand, the pods' controllers (ReplicaSet, Deployment, DaemonSet, StatefulSet, Job, CronJob) are boxes beside."""
from html import escape

import graphviz

from .palette import POD_COLOURS

POD_COLUMNS = 3
FONT = "Helvetica"
SERVICE_COLOUR = "#e3e8f8"
DOT_MISSING = ("Graphviz's `dot` program was not found, so the cluster map cannot be drawn as a picture; "
               "install Graphviz (`apt install graphviz`, `brew install graphviz` or "
               "`conda install -c conda-forge graphviz`) and redraw. The map as a table:")


def dot_source(model):
    lines = ["digraph cluster_map {", f'  graph [ranksep=0.2, fontname="{FONT}"];',
             f'  node [shape=plain, fontname="{FONT}"];']
    ids = []
    for node in model.nodes:
        ids.append(_id("node", node.name))
        lines.append(f"  {ids[-1]} [label=<{_box(node.label, node.colour, node.pods)}>];")
    if model.unscheduled:
        ids.append(_id("unscheduled", ""))
        count = len(model.unscheduled)
        label = ("not on a node", f"{count} pod" + ("" if count == 1 else "s"))
        lines.append(f"  {ids[-1]} [label=<{_box(label, '#ffffff', model.unscheduled)}>];")
    # invisible edges stack the boxes top to bottom in the model's order: control plane first
    lines += [f"  {a} -> {b} [style=invis];" for a, b in zip(ids, ids[1:])]
    lines += _services(model)
    lines += _owners(model)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _services(model):
    """Each Service as a box, with an arrow to each endpoint pod's cell (dashed when not ready)."""
    where = {f"{p.namespace}/{p.name}": _id("node", n.name) for n in model.nodes for p in n.pods}
    where.update({f"{p.namespace}/{p.name}": _id("unscheduled", "") for p in model.unscheduled})
    lines = []
    for svc in model.services:
        svc_id = _id("service", f"{svc.namespace}/{svc.name}")
        title, kind, ports = (escape(text) for text in svc.label)
        lines.append(f'  {svc_id} [shape=box, style="rounded,filled", fillcolor="{SERVICE_COLOUR}", '
                     f'label=<<B>{title}</B><BR/><FONT POINT-SIZE="9">{kind}<BR/>{ports}</FONT>>];')
        for key, style in [(k, "solid") for k in svc.ready] + [(k, "dashed") for k in svc.not_ready]:
            lines.append(f'  {svc_id} -> {where[key]}:"{key}" [style={style}, constraint=false];')
    return lines


OWNER_COLOUR = "#f6ecd2"


def _owners(model):
    """Each controller as a box, an arrow to each pod it controls and from its own controller."""
    where = {f"{p.namespace}/{p.name}": _id("node", n.name) for n in model.nodes for p in n.pods}
    where.update({f"{p.namespace}/{p.name}": _id("unscheduled", "") for p in model.unscheduled})
    lines = []
    for owner in model.owners:
        owner_id = _id("owner", owner.key)
        lines.append(f'  {owner_id} [shape=box, style="filled", fillcolor="{OWNER_COLOUR}", '
                     f'label=<<FONT POINT-SIZE="9">{escape(owner.kind)}</FONT><BR/><B>{escape(owner.name)}</B>>];')
        if owner.parent:
            lines.append(f'  {_id("owner", owner.parent)} -> {owner_id} [color="#b08a3e"];')
        for key in owner.pods:
            lines.append(f'  {owner_id} -> {where[key]}:"{key}" [color="#b08a3e", constraint=false];')
    return lines


def _box(label, colour, pods):
    columns = max(1, min(POD_COLUMNS, len(pods)))
    title = f'<B>{escape(label[0])}</B><BR/><FONT POINT-SIZE="10">{escape(label[1])}</FONT>'
    rows = [f'<TR><TD COLSPAN="{columns}" BORDER="0">{title}</TD></TR>']
    for start in range(0, len(pods), columns):
        cells = "".join(_cell(p) for p in pods[start:start + columns])
        rows.append(f"<TR>{cells}</TR>")
    return (f'<TABLE BORDER="2" CELLBORDER="1" CELLSPACING="4" CELLPADDING="4" STYLE="ROUNDED" '
            f'BGCOLOR="{colour}">{"".join(rows)}</TABLE>')


def _cell(pod):
    name, state, restarts = (escape(text) for text in pod.label)
    tooltip = escape(f"{POD_COLOURS[pod.category][1]}")
    return (f'<TD PORT="{_port(pod)}" BGCOLOR="{pod.colour}" TOOLTIP="{tooltip}">'
            f'<FONT POINT-SIZE="9">{name}<BR/>{state}<BR/>{restarts}</FONT></TD>')


def _id(kind, name):
    return '"' + f"{kind}:{name}".replace('"', "") + '"'


def _port(pod):
    return f"{pod.namespace}/{pod.name}"


def render_svg(source):
    """SVG text of `source`, or None when Graphviz's `dot` is not installed."""
    try:
        return graphviz.Source(source).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        return None
