"""ManifestEditor: a YAML text area checked as the learner types, by the same server-side dry run
`kubectl apply --dry-run=server -f -` does (the API server's own decoding, defaulting, admission and
validation messages), and an Apply button that runs `kubectl apply -f -` on the cluster."""
from html import escape

import ipywidgets as widgets

from .view import View

OK, BAD = "#2e7d32", "#c62828"


class ManifestEditor(View):
    resources = ()

    def __init__(self, cluster, text=""):
        self.text, self.last_apply = text, None
        super().__init__(cluster)

    def check(self, text=None):
        """(ok, message): what a server dry run of the manifest says."""
        text = self.text if text is None else text
        if not text.strip():
            return False, "empty manifest"
        result = self.cluster.kubectl("apply --dry-run=server -f -", stdin=text)
        return result.exit_code == 0, (result.stdout + result.stderr).strip()

    def apply(self):
        """kubectl apply -f - of the text; returns the kubectl result."""
        self.last_apply = self.cluster.kubectl("apply -f -", stdin=self.text)
        self.dirty = True
        return self.last_apply

    def html(self):
        ok, message = self.check()
        parts = [f'<pre style="border:1px solid #ccc;padding:4px">{escape(self.text)}</pre>', _status(ok, message)]
        if self.last_apply is not None:
            parts.append(_result(self.last_apply))
        return f'<div class="k8s-manifest-editor">{"".join(parts)}</div>'

    def _build(self):
        self._area = widgets.Textarea(value=self.text, layout=widgets.Layout(width="100%", height="260px"),
                                      continuous_update=True)
        self._area.observe(self._on_text, names="value")
        self._status = widgets.HTML()
        self._button = widgets.Button(description="Apply", button_style="primary")
        self._button.on_click(lambda _b: (self.apply(), self.redraw()))
        self._result = widgets.HTML()
        return widgets.VBox([self._area, self._status, self._button, self._result])

    def _update(self):
        ok, message = self.check()
        self._status.value = _status(ok, message)
        self._button.disabled = not ok
        self._result.value = _result(self.last_apply) if self.last_apply is not None else ""

    def _on_text(self, change):
        self.text = change["new"]
        self.redraw()


def _status(ok, message):
    colour, word = (OK, "valid (server dry run)") if ok else (BAD, "not valid")
    return (f'<div style="color:{colour};font-weight:bold">{word}</div>'
            f'<pre style="color:{colour};white-space:pre-wrap">{escape(message)}</pre>')


def _result(result):
    colour = OK if result.exit_code == 0 else BAD
    return f'<pre style="color:{colour};white-space:pre-wrap">{escape((result.stdout + result.stderr).strip())}</pre>'
