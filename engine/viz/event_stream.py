"""EventStream: the cluster's events as a table, filterable by namespace, type and reason, newest
at the bottom as `kubectl events` lists them."""
import ipywidgets as widgets

from . import html
from .event_model import event_stream_model
from .view import View, set_choices

ANY = "any"


class EventStream(View):
    resources = ("events",)

    def __init__(self, cluster, namespace=None, type=None, reason=None, limit=50):
        self.namespace, self.type, self.reason, self.limit = namespace, type, reason, limit
        super().__init__(cluster)

    def model(self):
        return event_stream_model(self.cluster, self.namespace, self.type, self.reason, self.limit)

    def html(self, model=None):
        return f'<div class="k8s-event-stream">{html.events_table(model or self.model())}</div>'

    def redraw(self):
        super().redraw()
        self.dirty = True  # LAST SEEN ages with virtual time even when no event changes

    def _build(self):
        self._filters = {field: widgets.Dropdown(description=field, options=[ANY], value=ANY)
                         for field in ("namespace", "type", "reason")}
        for dropdown in self._filters.values():
            dropdown.observe(self._on_filter, names="value")
        self._table = widgets.HTML()
        return widgets.VBox([widgets.HBox(list(self._filters.values())), self._table])

    def _update(self):
        model = self.model()
        choices = {"namespace": model.namespaces, "type": model.types, "reason": model.reasons}
        for field, dropdown in self._filters.items():
            set_choices(dropdown, (ANY,) + choices[field], getattr(self, field) or ANY, self._on_filter)
        self._table.value = self.html(model)

    def _on_filter(self, change):
        for field, dropdown in self._filters.items():
            setattr(self, field, None if dropdown.value == ANY else dropdown.value)
        self.redraw()
