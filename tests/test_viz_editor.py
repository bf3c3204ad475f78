"""ManifestEditor: the API server's dry-run verdict as the text changes, and Apply through kubectl."""
from engine import Cluster
from engine.viz import ManifestEditor

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n"


def test_validates_as_the_text_changes_and_applies():
    c = Cluster(workers=1)
    editor = ManifestEditor(c, POD.replace("containers", "container"))
    ok, message = editor.check()
    assert not ok and 'unknown field "spec.container"' in message
    widget = editor.widget
    area, status, button, result = widget.children
    assert button.disabled and "not valid" in status.value
    area.value = POD  # the learner fixes it
    assert not button.disabled and "pod/web created (server dry run)" in status.value
    assert c.api.list("pods", "default")["items"] == []  # a dry run stores nothing
    button.click()
    assert "pod/web created" in result.value
    assert c.api.get("pods", "web", "default")["spec"]["containers"][0]["image"] == "nginx"
    editor.close()


def test_yaml_errors_and_empty_text():
    c = Cluster(workers=1)
    editor = ManifestEditor(c, "kind: Pod\n  bad: [")
    ok, message = editor.check()
    assert not ok and message.startswith("error:")
    assert ManifestEditor(c).check() == (False, "empty manifest")
    assert "not valid" in editor.html()
