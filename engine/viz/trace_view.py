"""NetworkTraceView: one traced request drawn as a path across machines: each node (or the docker network,
the outside, the workstation) a box holding the devices the packet passed, numbered arrows in order, and
under the drawing the rule that decided each hop (DNS answer, DNAT, route, VXLAN, MASQUERADE, delivery)."""
from html import escape

from . import html
from .dot import FONT, render_svg
from .trace_model import trace_model
from .view import View

OUTCOME_COLOURS = {"delivered": "#2e7d32", "refused": "#c62828", "timeout": "#c62828", "unreachable": "#c62828"}
MISSING = ("Graphviz's `dot` program was not found, so the path cannot be drawn as a picture; install Graphviz "
           "(`apt install graphviz`, `brew install graphviz` or `conda install -c conda-forge graphviz`). The hops:")


class NetworkTraceView(View):
    """`NetworkTraceView(c, c.trace("client", "http://web"))`: a picture of a trace (it does not change)."""
    resources = ()

    def __init__(self, cluster, trace):
        self.trace = trace
        super().__init__(cluster)
        self._model = trace_model(cluster, trace)

    def model(self):
        return self._model

    def dot_source(self):
        return dot_source(self._model)

    def html(self, model=None):
        model = model or self._model
        svg = render_svg(dot_source(model))
        colour = OUTCOME_COLOURS.get(model.outcome, "#000")
        head = (f'<div><b>{escape(model.request)}</b>: <span style="color:{colour};font-weight:bold">'
                f'{escape(model.outcome)}</span></div>')
        drawing = svg if svg is not None else f"<p><b>{MISSING}</b></p>"
        table = html.table(("step", "where", "device", "decided by"),
                           [(h.step, h.host, h.device, h.rule) for h in model.hops])
        return f'<div class="k8s-trace-view">{head}{drawing}{table}</div>'


def dot_source(model):
    lines = ["digraph trace {", f'  graph [rankdir=LR, fontname="{FONT}", nodesep=0.3];',
             f'  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="{FONT}", fontsize=10];',
             f'  edge [fontname="{FONT}", fontsize=9];']
    devices = {}
    for hop in model.hops:
        devices.setdefault(hop.host, [])
        if hop.vertex not in devices[hop.host]:
            devices[hop.host].append(hop.vertex)
    labels = {h.vertex: h.device for h in model.hops}
    for i, host in enumerate(model.hosts):
        lines.append(f'  subgraph "cluster_{i}" {{ label="{_q(host)}"; style="rounded"; color="#888888";')
        for vertex in devices[host]:
            lines.append(f'    "{_q(vertex)}" [label="{_q(labels[vertex])}"];')
        lines.append("  }")
    previous = None
    for hop in model.hops:
        if previous is not None and previous.vertex != hop.vertex:
            tip = _q(hop.rule[:300])
            lines.append(f'  "{_q(previous.vertex)}" -> "{_q(hop.vertex)}" [label="{hop.step}", tooltip="{tip}"];')
        previous = hop
    if model.hops:
        colour = OUTCOME_COLOURS.get(model.outcome, "#000000")
        last = model.hops[-1].vertex
        lines.append(f'  "outcome" [label="{_q(model.outcome)}", shape=ellipse, fillcolor="{colour}", fontcolor="white"];')
        lines.append(f'  "{_q(last)}" -> "outcome" [style=dashed];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _q(text):
    return str(text).replace("\\", "\\\\").replace('"', '\\"')
