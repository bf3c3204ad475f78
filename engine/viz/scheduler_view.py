"""SchedulerView: why a pod went where it went: each node's filter verdict (and the plugin that rejected it)
or its weighted scores per plugin with a bar for the total, the chosen node highlighted; a dropdown picks
the pod among those the scheduler has decided about."""
from html import escape

import ipywidgets as widgets

from . import html
from .scheduler_model import scheduler_model
from .view import View, set_choices

CHOSEN, FITS, REJECTED = "#7fd17f", "#e8f5e8", "#e0e0e0"


class SchedulerView(View):
    resources = ("pods", "nodes")

    def __init__(self, cluster, pod, namespace="default"):
        self.namespace, self.name = _split(pod, namespace)
        super().__init__(cluster)

    def model(self):
        return scheduler_model(self.cluster, self.namespace, self.name)

    def html(self, model=None):
        model = model or self.model()
        if model is None:
            return f"<div class='k8s-scheduler-view'>The scheduler has not decided about {escape(self.namespace)}/" \
                   f"{escape(self.name)} yet.</div>"
        head = (f"<b>{escape(model.pod)}</b>: " + (f"bound to <b>{escape(model.node)}</b>" if model.node
                                                     else f"not scheduled: {escape(model.message)}")
                + f" <span style='font-size:12px'>(attempt {model.attempt}, {escape(model.time)})</span>")
        best = max([v.total for v in model.nodes if v.total is not None] or [1]) or 1
        rows, colours = [], []
        for v in model.nodes:
            scores = dict(v.scores)
            if not v.fits:
                why = f"{v.rejected_by}: {', '.join(v.reasons)}"
                rows.append([v.node, "no"] + ["" for _ in model.plugins] + ["", why])
                colours.append(REJECTED)
                continue
            total = "only node that fits" if v.total is None else v.total
            bar = "" if v.total is None else "█" * max(1, round(20 * v.total / best))
            rows.append([v.node, "yes"] + [scores.get(p, "") for p in model.plugins] + [total, bar])
            colours.append(CHOSEN if v.chosen else FITS)
        table = html.table(("node", "fits") + model.plugins + ("total", ""), rows, colours)
        return f"<div class='k8s-scheduler-view'><div>{head}</div>{table}</div>"

    def _build(self):
        self._pods = widgets.Dropdown(description="pod", options=[self._key()], value=self._key())
        self._pods.observe(self._on_pod, names="value")
        self._drawing = widgets.HTML()
        return widgets.VBox([self._pods, self._drawing])

    def _update(self):
        decided = [f"{ns}/{name}" for ns, name in self.cluster.scheduler.decisions]
        set_choices(self._pods, sorted(decided), self._key(), self._on_pod)
        self._drawing.value = self.html()

    def _key(self):
        return f"{self.namespace}/{self.name}"

    def _on_pod(self, change):
        self.namespace, self.name = _split(change["new"], self.namespace)
        self.redraw()


def _split(pod, namespace):
    """"pod/web", "web", "ns/web" or ("ns", "web") -> (namespace, name)."""
    if isinstance(pod, tuple):
        return pod
    if pod.startswith("pod/"):
        pod = pod[4:]
    if "/" in pod:
        ns, _, name = pod.partition("/")
        return ns, name
    return namespace, pod
