"""ClusterMap: the control plane and worker nodes as boxes, their pods inside coloured by phase and
readiness with restart counts, filtered by namespace, drawn by Graphviz into an ipywidgets HTML."""
import ipywidgets as widgets

from . import html
from .cluster_model import cluster_map_model
from .dot import DOT_MISSING, dot_source, render_svg
from .view import View

ALL_NAMESPACES = "all namespaces"


class ClusterMap(View):
    resources = ("pods", "nodes", "namespaces")

    def __init__(self, cluster, namespace=None):
        self.namespace = namespace
        self._drawn = (None, None)  # (DOT source, its SVG): an unchanged map is not drawn again
        super().__init__(cluster)

    def model(self):
        return cluster_map_model(self.cluster, self.namespace)

    def dot_source(self):
        return dot_source(self.model())

    def html(self, model=None):
        model = model or self.model()
        svg = self._svg(dot_source(model))
        drawing = svg if svg is not None else f"<p><b>{DOT_MISSING}</b></p>" + html.map_table(model)
        categories = {pod.category for pod in model.pods()}
        return f'<div class="k8s-cluster-map">{drawing}{html.legend(categories)}</div>'

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
        self._drawing = widgets.HTML()
        return widgets.VBox([self._filter, self._drawing])

    def _update(self):
        model = self.model()
        options = (ALL_NAMESPACES,) + model.namespaces
        if tuple(self._filter.options) != options:
            self._filter.unobserve(self._on_filter, names="value")
            self._filter.options = options
            self._filter.value = self.namespace if self.namespace in options else ALL_NAMESPACES
            self._filter.observe(self._on_filter, names="value")
        self._drawing.value = self.html(model)

    def _on_filter(self, change):
        self.namespace = None if change["new"] == ALL_NAMESPACES else change["new"]
        self.redraw()
