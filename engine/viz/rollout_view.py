"""RolloutView: a Deployment's ReplicaSets over virtual time, their desired (dashed) and available (solid)
pods, the total available, and the RollingUpdate bounds (replicas - maxUnavailable, replicas + maxSurge)
as horizontal lines; drawn as an SVG chart that grows as the rollout goes on."""
from html import escape

from .rollout_model import RolloutModel, Series, bounds
from .view import View

COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2")
WIDTH, HEIGHT, PAD = 640, 260, 40


class RolloutView(View):
    resources = ()

    def __init__(self, cluster, deployment, namespace="default"):
        self.namespace, self.name = namespace, deployment.split("/", 1)[-1]
        self.start = cluster.now
        self.series, self.totals = {}, []
        super().__init__(cluster)
        self._watches += [cluster.api.watch("replicasets.apps", self._on_change, namespace=namespace),
                          cluster.api.watch("deployments.apps", self._on_change, namespace=namespace)]
        self.sample()

    def _on_change(self, _kind, _obj):
        self.sample()
        self.dirty = True

    def _deployment(self):
        try:
            return self.cluster.api.get("deployments.apps", self.name, self.namespace)
        except Exception:  # deleted: the chart keeps what it saw
            return None

    def sample(self):
        """Record every ReplicaSet of the Deployment at the current virtual time."""
        deployment = self._deployment()
        if deployment is None:
            return
        uid, now = deployment["metadata"]["uid"], self.cluster.now
        desired_total = available_total = 0
        for rs in self.cluster.api.list("replicasets.apps", self.namespace)["items"]:
            if not any(ref.get("uid") == uid and ref.get("controller") for ref in rs["metadata"].get("ownerReferences") or []):
                continue
            name = rs["metadata"]["name"]
            revision = (rs["metadata"].get("annotations") or {}).get("deployment.kubernetes.io/revision", "")
            series = self.series.setdefault(name, Series(name, revision))
            status = rs.get("status") or {}
            point = (now, rs["spec"].get("replicas", 0), status.get("readyReplicas", 0), status.get("availableReplicas", 0))
            if not series.points or series.points[-1] != point:  # changes at one instant are steps of their own
                series.points.append(point)
            desired_total += status.get("replicas", 0)
            available_total += point[3]
        total = (now, desired_total, available_total)
        if not self.totals or self.totals[-1] != total:
            self.totals.append(total)

    def model(self):
        deployment = self._deployment()
        replicas, strategy, low, high = bounds(deployment) if deployment else (0, "", 0, 0)
        ordered = sorted(self.series.values(), key=lambda s: (int(s.revision or 0), s.name))
        return RolloutModel(f"{self.namespace}/{self.name}", replicas, strategy, low, high, self.start,
                            max(self.cluster.now, self.start + 1), tuple(ordered), tuple(self.totals))

    def html(self, model=None):
        model = model or self.model()
        return f'<div class="k8s-rollout-view">{svg(model)}</div>'


def svg(model):
    top = max([model.max_pods] + [p[1] for s in model.series for p in s.points] + [t[1] for t in model.totals] + [1]) + 1
    span = model.end - model.start

    def x(t):
        return PAD + (t - model.start) / span * (WIDTH - 2 * PAD)

    def y(v):
        return HEIGHT - PAD - v / top * (HEIGHT - 2 * PAD)

    def steps(points):  # a value holds until the next sample: a step line, extended to now
        out, last = [], None
        for t, v in points:
            if last is not None:
                out.append(f"{x(t):.1f},{y(last):.1f}")
            out.append(f"{x(t):.1f},{y(v):.1f}")
            last = v
        if last is not None:
            out.append(f"{x(model.end):.1f},{y(last):.1f}")
        return " ".join(out)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" '
             f'font-size="11">',
             f'<text x="{PAD}" y="16" font-weight="bold">{escape(model.deployment)} ({escape(model.strategy)}, '
             f'{model.replicas} replicas)</text>',
             f'<line x1="{PAD}" y1="{y(0)}" x2="{WIDTH - PAD}" y2="{y(0)}" stroke="#888"/>',
             f'<line x1="{PAD}" y1="{y(0)}" x2="{PAD}" y2="{y(top)}" stroke="#888"/>',
             f'<text x="{PAD - 6}" y="{y(0) + 4}" text-anchor="end">0</text>',
             f'<text x="{WIDTH - PAD}" y="{y(0) + 16}" text-anchor="end">t = {model.end:g} s</text>',
             f'<text x="{PAD}" y="{y(0) + 16}">t = {model.start:g} s</text>']
    if model.strategy == "RollingUpdate":
        for value, colour, label in ((model.max_pods, "#d62728", f"max pods {model.max_pods} (replicas + maxSurge)"),
                                     (model.min_available, "#d62728",
                                      f"min available {model.min_available} (replicas - maxUnavailable)")):
            parts.append(f'<line x1="{PAD}" y1="{y(value):.1f}" x2="{WIDTH - PAD}" y2="{y(value):.1f}" '
                         f'stroke="{colour}" stroke-dasharray="2,3"/>')
            parts.append(f'<text x="{WIDTH - PAD - 2}" y="{y(value) - 3:.1f}" text-anchor="end" fill="{colour}">'
                         f'{escape(label)}</text>')
    if model.totals:
        parts.append(f'<polyline fill="none" stroke="#000" stroke-width="2" '
                     f'points="{steps([(t, a) for t, _, a in model.totals])}"/>')
    legend_y = 30
    for i, series in enumerate(model.series):
        colour = COLOURS[i % len(COLOURS)]
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-dasharray="5,3" '
                     f'points="{steps([(t, d) for t, d, _, _ in series.points])}"/>')
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{steps([(t, a) for t, _, _, a in series.points])}"/>')
        parts.append(f'<text x="{PAD + 8}" y="{legend_y + 14 * i}" fill="{colour}">{escape(series.name)} '
                     f'(revision {escape(series.revision)}): available solid, desired dashed</text>')
    parts.append(f'<text x="{PAD + 8}" y="{legend_y + 14 * len(model.series)}">all available (black)</text>')
    parts.append("</svg>")
    return "".join(parts)
