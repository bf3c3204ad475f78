"""Static HTML of the views: what a notebook keeps when no widget frontend is live (nbconvert,
exported notebooks), and the cluster map's table when Graphviz's `dot` is missing."""
from html import escape

from .event_model import COLUMNS
from .palette import POD_COLOURS

_TABLE = 'style="border-collapse:collapse;font-family:monospace;font-size:12px"'
_CELL = 'style="border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top"'


def legend(categories=None):
    """Colour swatches for the pod categories (all of them, or the ones named)."""
    items = []
    for category, (colour, meaning) in POD_COLOURS.items():
        if categories is None or category in categories:
            items.append(f'<span style="background:{colour};border:1px solid #888;padding:0 6px;margin-right:4px">'
                         f'&nbsp;</span>{escape(meaning)}')
    return '<div style="font-size:12px;line-height:1.8">' + " &nbsp; ".join(items) + "</div>"


def table(header, rows, colours=None):
    head = "".join(f"<th {_CELL}>{escape(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        style = f' style="background:{colours[i]}"' if colours else ""
        body.append(f"<tr{style}>" + "".join(f"<td {_CELL}>{escape(str(c))}</td>" for c in row) + "</tr>")
    return f"<table {_TABLE}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def map_table(model):
    """The cluster map without Graphviz: one row per pod, under its node, in the pod's colour."""
    rows, colours = [], []
    for node in model.nodes:
        rows.append((node.name, f"{node.roles} {node.status}", "", "", ""))
        colours.append(node.colour)
        for pod in node.pods:
            rows.append(("", pod.namespace, pod.name, f"{pod.status} {pod.ready}", pod.restarts))
            colours.append(pod.colour)
    for pod in model.unscheduled:
        rows.append(("<none>", pod.namespace, pod.name, f"{pod.status} {pod.ready}", pod.restarts))
        colours.append(pod.colour)
    return table(("NODE", "NAMESPACE", "POD", "STATUS", "RESTARTS"), rows, colours)


def events_table(model):
    shown = len(model.rows)
    caption = (f"{model.matched} events" if shown == model.matched
               else f"the newest {shown} of {model.matched} events")
    return f'<div style="font-size:12px">{caption}</div>' + table(COLUMNS, [r.cells for r in model.rows])
