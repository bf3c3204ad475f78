"""EtcdView: etcd's members (leader, followers, stopped or cut-off ones), whether they have a quorum,
the store's revision and the latest watch events, with a stop/start button per member and a heal
button: the same calls (`c.etcd.stop`, `c.etcd.start`, `c.etcd.heal`) a learner could make."""
from collections import deque
from html import escape

import ipywidgets as widgets

from . import html
from .etcd_model import etcd_model
from .view import View

STATE_COLOURS = {"leader": "#7fd17f", "follower": "#c8ecc8", "no leader": "#f5c26b", "stopped": "#d0d0d0"}
HEADER = ("member", "ID", "state", "term", "log index", "partition side")


class EtcdView(View):
    def __init__(self, cluster, events=10):
        self.limit = events
        self.events = deque(maxlen=max(events, 1))
        store = cluster.store
        self.events.extend(store.history_since(max(store.compact_revision + 1, store.revision - events + 1)))
        super().__init__(cluster)
        self._store_watch = cluster.store.watch("/registry/", self._on_event, prefix=True)
        cluster.etcd.on_change.append(self._on_raft)

    def model(self):
        return etcd_model(self.cluster, self.events, self.limit)

    def html(self, model=None):
        model = model or self.model()
        colour = "#2e7d32" if model.available else "#c62828"
        if model.available:
            state = f"quorum: {model.reachable} of {len(model.members)} members reach each other, {model.quorum} needed"
            leader = f"leader {escape(model.leader)}, term {model.term}"
        else:
            state = f"NO QUORUM: {model.reachable} of {len(model.members)} members reach each other, {model.quorum} needed"
            leader = "no leader: every request to the API server fails"
        banner = (f'<div style="font-weight:bold;color:{colour}">{state}; {leader}</div>'
                  f'<div style="font-size:12px">revision {model.revision}, compacted at {model.compact_revision}</div>')
        members = html.table(HEADER, [m.cells for m in model.members], [STATE_COLOURS[m.state] for m in model.members])
        events = html.table(("revision", "event", "key"), [(e.revision, e.type, e.key) for e in model.events]) \
            if model.events else "<div style='font-size:12px'>no writes seen yet</div>"
        return (f'<div class="k8s-etcd-view">{banner}{members}'
                f'<div style="font-size:12px;margin-top:6px">latest watch events</div>{events}</div>')

    def _build(self):
        self._drawing = widgets.HTML()
        self._buttons = {m.name: widgets.Button(layout=widgets.Layout(width="auto")) for m in self.cluster.etcd.members}
        for name, button in self._buttons.items():
            button.on_click(lambda _b, name=name: self._toggle(name))
        heal = widgets.Button(description="heal network", layout=widgets.Layout(width="auto"))
        heal.on_click(lambda _b: self.cluster.etcd.heal())
        return widgets.VBox([widgets.HBox(list(self._buttons.values()) + [heal]), self._drawing])

    def _update(self):
        model = self.model()
        for m in model.members:
            self._buttons[m.name].description = f"start {m.name}" if m.state == "stopped" else f"stop {m.name}"
        self._drawing.value = self.html(model)

    def _toggle(self, name):
        member = self.cluster.etcd.member(name)
        (self.cluster.etcd.start if not member.running else self.cluster.etcd.stop)(name)
        self.redraw()

    def _on_event(self, event):
        self.events.append(event)
        self.dirty = True

    def _on_raft(self):
        self.dirty = True

    def close(self):
        self._store_watch.cancel()
        if self._on_raft in self.cluster.etcd.on_change:
            self.cluster.etcd.on_change.remove(self._on_raft)
        super().close()
