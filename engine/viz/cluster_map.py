"""ClusterMap: the control plane and worker nodes as boxes, their pods inside coloured by phase and
readiness with restart counts, filtered by namespace, drawn by Graphviz into an ipywidgets HTML;
on demand, Services with arrows to their endpoint pods (dashed to the not-ready ones) and the pods'
owners (Deployment -> ReplicaSet -> Pod, DaemonSet, StatefulSet, CronJob -> Job -> Pod).
A big cluster is shown `nodes_per_page` nodes at a time, with a page chooser."""
import ipywidgets as widgets

from . import html
from .cluster_model import cluster_map_model
from .dot import DOT_MISSING, dot_source, render_svg
from .view import View, set_choices

ALL_NAMESPACES = "all namespaces"


class ClusterMap(View):
    resources = ("pods", "nodes", "namespaces", "services", "endpoints", "replicasets.apps", "deployments.apps")

    def __init__(self, cluster, namespace=None, nodes_per_page=10, services=False, owners=False):
        self.namespace, self.page, self.nodes_per_page, self.services = namespace, 0, nodes_per_page, services
        self.owners = owners
        self._drawn = (None, None)  # (DOT source, its SVG): an unchanged map is not drawn again
        super().__init__(cluster)

    def model(self):
        return cluster_map_model(self.cluster, self.namespace, self.page, self.nodes_per_page, self.services,
                                 self.owners)

    def dot_source(self):
        return dot_source(self.model())

    def html(self, model=None):
        model = model or self.model()
        svg = self._svg(dot_source(model))
        drawing = svg if svg is not None else f"<p><b>{DOT_MISSING}</b></p>" + html.map_table(model)
        caption = f'<div style="font-size:12px">{page_label(model, model.page)}</div>' if model.pages > 1 else ""
        categories = {pod.category for pod in model.pods()}
        return f'<div class="k8s-cluster-map">{caption}{drawing}{html.legend(categories)}</div>'

    def _svg(self, source):
        if self._drawn[0] != source:
            svg = render_svg(source)
            if svg is None:
                return None
            self._drawn = (source, svg)
        return self._drawn[1]

    def _build(self):
        self._filter = widgets.Dropdown(description="namespace", options=[ALL_NAMESPACES], value=ALL_NAMESPACES)
        self._filter.observe(self._on_filter, names="value")
        self._pager = widgets.Dropdown(description="nodes", options=[("", 0)], value=0,
                                       layout=widgets.Layout(display="none"))
        self._pager.observe(self._on_page, names="value")
        self._services = widgets.Checkbox(description="Services", value=self.services, indent=False)
        self._services.observe(self._on_services, names="value")
        self._owners = widgets.Checkbox(description="owners", value=self.owners, indent=False)
        self._owners.observe(self._on_owners, names="value")
        self._drawing = widgets.HTML()
        return widgets.VBox([widgets.HBox([self._filter, self._pager, self._services, self._owners]), self._drawing])

    def _update(self):
        model = self.model()
        self.page = model.page
        set_choices(self._filter, (ALL_NAMESPACES,) + model.namespaces, self.namespace or ALL_NAMESPACES,
                    self._on_filter)
        set_choices(self._pager, tuple((page_label(model, i), i) for i in range(model.pages)), model.page,
                    self._on_page)
        self._pager.layout.display = None if model.pages > 1 else "none"
        self._drawing.value = self.html(model)

    def _on_filter(self, change):
        self.namespace = None if change["new"] == ALL_NAMESPACES else change["new"]
        self.redraw()

    def _on_services(self, change):
        self.services = change["new"]
        self.redraw()

    def _on_owners(self, change):
        self.owners = change["new"]
        self.redraw()

    def _on_page(self, change):
        self.page = change["new"]
        self.redraw()


def page_label(model, page):
    first, last = page * model.page_size + 1, min((page + 1) * model.page_size, model.node_count)
    return f"nodes {first}-{last} of {model.node_count}"
