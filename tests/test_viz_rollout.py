"""RolloutView: a Deployment's ReplicaSets sampled at every change during a rollout, the RollingUpdate bounds,
and the SVG chart drawn from them."""
from engine import Cluster
from engine.viz import RolloutView


def test_rollout_is_recorded_within_its_bounds():
    c = Cluster(workers=2)
    c.kubectl("create deployment web --image=nginx:1.26 --replicas=4")
    c.advance(20)
    view = RolloutView(c, "deployment/web")
    c.kubectl("set image deployment/web nginx=nginx:1.27")
    for _ in range(30):
        c.advance(2)
    model = view.model()
    assert (model.replicas, model.strategy, model.min_available, model.max_pods) == (4, "RollingUpdate", 3, 5)
    old, new = model.series
    assert (old.revision, new.revision) == ("1", "2")
    assert old.points[0][1:] == (4, 4, 4) and old.points[-1][1:] == (0, 0, 0)
    assert new.points[-1][1:] == (4, 4, 4)
    assert max(desired for _, desired, _ in model.totals) <= 5
    after_start = [available for t, _, available in model.totals]
    assert min(after_start) >= 3 and len(model.totals) > 5
    page = view.html()
    assert page.count("<polyline") == 5  # two lines per ReplicaSet and the total
    assert "min available 3 (replicas - maxUnavailable)" in page and "max pods 5 (replicas + maxSurge)" in page
    view.close()


def test_recreate_has_no_bounds_and_widget_redraws():
    c = Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl(["patch", "deployment", "web", "-p", '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'])
    c.advance(20)
    view = RolloutView(c, "web")
    widget = view.widget
    c.kubectl("set image deployment/web nginx=nginx:1.27")
    c.advance(30)
    view.refresh()
    assert view.model().strategy == "Recreate"
    assert "min available" not in widget.children[0].value and "(Recreate, 2 replicas)" in widget.children[0].value
    view.close()
