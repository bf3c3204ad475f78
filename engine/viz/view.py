"""View: what every widget shares. It watches the API server, marks itself dirty on any change,
and redraws its ipywidgets (built on first use) or renders as static HTML when none are live.

In a notebook, dirty views redraw after each cell runs (IPython's post_run_cell), so a
`c.kubectl(...)` in one cell shows in the map above; TimeControls redraw them while time runs."""

import ipywidgets as widgets

from .. import session

_open_views = []
_hook_installed = False


class View:
    resources = ()  # what the view watches; any change to these marks it dirty

    def __init__(self, cluster):
        self.cluster = cluster
        self.dirty = True
        self._widget = None
        self._watches = [cluster.api.watch(resource, self._changed) for resource in self.resources]
        _open_views.append(self)
        _install_notebook_hook()

    def html(self):
        """The view as a static HTML string."""
        raise NotImplementedError

    def _build(self):
        """The ipywidgets tree; `_update` refreshes it. By default one HTML widget showing `html()`."""
        self._drawing = widgets.HTML()
        return widgets.VBox([self._drawing])

    def _update(self):
        self._drawing.value = self.html()

    @property
    def widget(self):
        if self._widget is None:
            self._widget = self._build()
            self.redraw()
        return self._widget

    def redraw(self):
        self.dirty = False
        if self._widget is not None:
            self._update()

    def refresh(self):
        """Redraw if anything the view watches changed since the last redraw."""
        if self.dirty:
            self.redraw()

    def close(self):
        for watch in self._watches:
            watch.stop()
        self._watches = []
        if self in _open_views:
            _open_views.remove(self)
        if self._widget is not None:
            self._widget.close()

    def _changed(self, _type, _obj):
        self.dirty = True

    def _repr_html_(self):
        return self.html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The live widget for a frontend with a widget manager, the static HTML for any other."""
        return live_and_static(self.widget, self.html(), repr(self))

    def __repr__(self):
        return f"<{type(self).__name__} of the cluster at t={self.cluster.now:g}s>"


def live_and_static(widget, page, text):
    """A display bundle: the widget's view, its static HTML and a line of text, for whichever
    the frontend can show (JupyterLab with ipywidgets, an exported notebook, a terminal)."""
    bundle = dict(widget._repr_mimebundle_() or {})
    bundle.update({"text/html": page, "text/plain": text})
    return bundle


def set_choices(dropdown, options, value, handler):
    """Give a filter new choices without calling its handler; a vanished value stays chosen."""
    options = tuple(options)
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    if value not in values:
        options += (value,)
    if tuple(dropdown.options) == options and dropdown.value == value:
        return
    dropdown.unobserve(handler, names="value")
    dropdown.options = options
    dropdown.value = value
    dropdown.observe(handler, names="value")


def refresh_open_views(*_):
    """After a notebook cell: redraw the shown views of the current cluster that changed (views of
    a cluster the learner has replaced with a new one stay as they were)."""
    for view in list(_open_views):
        if view._widget is not None and view.cluster is session._current:
            view.refresh()


def _install_notebook_hook():
    global _hook_installed
    if _hook_installed:
        return
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.events.register("post_run_cell", refresh_open_views)
        _hook_installed = True
