"""SchedulerView: for one pod, each node's filter verdict or weighted scores and the winner, headless and as a
widget whose dropdown offers the pods the scheduler decided about."""
from engine import Cluster
from engine.viz import SchedulerView


def test_model_shows_filters_scores_and_the_winner():
    c = Cluster(workers=2)
    c.kubectl("run web --image=nginx")
    c.advance(5)
    view = SchedulerView(c, "pod/web")
    model = view.model()
    assert (model.pod, model.node, model.message) == ("default/web", c.api.get("pods", "web", "default")["spec"]["nodeName"], "")
    verdicts = {v.node: v for v in model.nodes}
    assert not verdicts["control-plane"].fits and verdicts["control-plane"].rejected_by == "TaintToleration"
    assert verdicts["worker-1"].fits and verdicts["worker-2"].fits
    assert [v.node for v in model.nodes if v.chosen] == [model.node]
    assert "NodeResourcesFit" in model.plugins and dict(verdicts["worker-1"].scores)["TaintToleration"] == 300
    page = view.html()
    assert "bound to <b>" in page and "node(s) had untolerated taint" in page
    view.close()


def test_unschedulable_pod_and_unknown_pod():
    c = Cluster(workers=1)
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: huge}\nspec:\n  containers:\n  - name: a\n    image: nginx\n"
            "    resources: {requests: {cpu: '64'}}\n")
    c.advance(5)
    view = SchedulerView(c, "huge")
    model = view.model()
    assert model.node == "" and model.message.startswith("0/2 nodes are available")
    assert {v.rejected_by for v in model.nodes} == {"TaintToleration", "NodeResourcesFit"}
    assert "not scheduled: 0/2 nodes are available" in view.html()
    assert "has not decided about default/ghost" in SchedulerView(c, "ghost").html()
    view.close()


def test_widget_lists_decided_pods():
    c = Cluster(workers=1)
    c.kubectl("run a --image=nginx")
    c.kubectl("run b --image=nginx")
    c.advance(5)
    view = SchedulerView(c, "a")
    widget = view.widget
    dropdown, drawing = widget.children
    assert "default/a" in dropdown.options and "default/b" in dropdown.options
    dropdown.value = "default/b"
    assert "<b>default/b</b>" in drawing.value
    view.close()
