"""ProbeTimeline: one pod's probes over virtual time: per container a row per probe kind with a dot per
outcome (green success, red failure), the Ready state as a bar, and a red line at each restart; drawn as
SVG that grows as time passes. Probe outcomes come from the kubelet (`c.probe_results`), the rest from
the pod's status as the view's watch sees it."""
from html import escape

from .probe_model import probe_model
from .view import View

WIDTH, PAD, ROW, LABEL = 680, 30, 18, 150


class ProbeTimeline(View):
    resources = ()

    def __init__(self, cluster, pod, namespace="default"):
        self.namespace, self.name = namespace, pod.split("/", 1)[-1]
        self.start, self.samples = cluster.now, []
        super().__init__(cluster)
        self._watches.append(cluster.api.watch("pods", self._on_pod, namespace=namespace,
                                               field_selector=f"metadata.name={self.name}"))
        try:
            self._sample(cluster.api.get("pods", self.name, namespace))
        except Exception:
            pass

    def _on_pod(self, _kind, pod):
        self._sample(pod)
        self.dirty = True

    def _sample(self, pod):
        states = {s["name"]: (bool(s.get("ready")), s.get("restartCount", 0))
                  for s in (pod.get("status") or {}).get("containerStatuses") or []}
        if not self.samples or self.samples[-1][1] != states:
            self.samples.append((self.cluster.now, states))

    def model(self):
        return probe_model(self.cluster, self.namespace, self.name, self.samples, self.start)

    def html(self, model=None):
        return f'<div class="k8s-probe-timeline">{svg(model or self.model())}</div>'


def svg(model):
    rows = sum(1 + len(c.probes) for c in model.containers)
    height = PAD * 2 + ROW * rows + 10
    span = model.end - model.start

    def x(t):
        return LABEL + (t - model.start) / span * (WIDTH - LABEL - PAD)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="sans-serif" '
             f'font-size="11">', f'<text x="4" y="14" font-weight="bold">{escape(model.pod)}: probes, Ready and '
             f'restarts</text>']
    row = 0
    for container in model.containers:
        y = PAD + ROW * row
        parts.append(f'<text x="4" y="{y + 12}">{escape(container.name)} Ready</text>')
        for i, (time, ready) in enumerate(container.ready):
            until = container.ready[i + 1][0] if i + 1 < len(container.ready) else model.end
            colour = "#7fd17f" if ready else "#e0e0e0"
            parts.append(f'<rect x="{x(time):.1f}" y="{y + 3}" width="{max(x(until) - x(time), 1):.1f}" height="10" '
                         f'fill="{colour}"><title>{"Ready" if ready else "not Ready"} from {time:g} s</title></rect>')
        row += 1
        for kind, outcomes in container.probes:
            y = PAD + ROW * row
            parts.append(f'<text x="14" y="{y + 12}">{escape(kind)}</text>')
            for time, result, output in outcomes:
                colour = "#2ca02c" if result == "success" else "#d62728"
                tip = f"{kind} {result} at {time:g} s" + (f": {output}" if output else "")
                parts.append(f'<circle cx="{x(time):.1f}" cy="{y + 8}" r="4" fill="{colour}"><title>{escape(tip)}'
                             f'</title></circle>')
            row += 1
        top, bottom = PAD + ROW * (row - 1 - len(container.probes)), PAD + ROW * row
        for time in container.restarts:
            parts.append(f'<line x1="{x(time):.1f}" y1="{top}" x2="{x(time):.1f}" y2="{bottom}" stroke="#d62728" '
                         f'stroke-width="2"><title>restarted at {time:g} s</title></line>')
    axis = PAD + ROW * rows + 4
    parts += [f'<line x1="{LABEL}" y1="{axis}" x2="{WIDTH - PAD}" y2="{axis}" stroke="#888"/>',
              f'<text x="{LABEL}" y="{axis + 14}">t = {model.start:g} s</text>',
              f'<text x="{WIDTH - PAD}" y="{axis + 14}" text-anchor="end">t = {model.end:g} s</text>', "</svg>"]
    return "".join(parts)
