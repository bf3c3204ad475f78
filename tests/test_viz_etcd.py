"""EtcdView: members and their states, quorum, revision and the latest watch events, headless and as a widget
whose buttons stop and start members through c.etcd."""
from engine import Cluster
from engine.viz import EtcdView


def test_model_follows_members_quorum_and_writes():
    c = Cluster(workers=1, etcd_members=3)
    view = EtcdView(c, events=3)
    c.kubectl("create configmap settings --from-literal=a=1")
    model = view.model()
    assert [(m.name, m.state, m.term) for m in model.members] == [
        ("etcd-1", "leader", 2), ("etcd-2", "follower", 2), ("etcd-3", "follower", 2)]
    assert (model.quorum, model.reachable, model.available, model.leader) == (2, 3, True, "etcd-1")
    assert model.events[0].key == "/registry/configmaps/default/settings"
    assert model.events[0].revision == model.revision and len(model.events) == 3
    c.etcd.stop("etcd-2")
    c.etcd.stop("etcd-3")
    model = view.model()
    assert [m.state for m in model.members] == ["no leader", "stopped", "stopped"]
    assert (model.reachable, model.available, model.leader) == (1, False, "")
    page = view.html()
    assert "NO QUORUM: 1 of 3 members reach each other, 2 needed" in page
    view.close()


def test_partition_sides_are_shown():
    c = Cluster(workers=1, etcd_members=3)
    view = EtcdView(c)
    c.etcd.partition(["etcd-1"], ["etcd-2", "etcd-3"])
    c.advance(3)
    states = {m.name: (m.state, m.group) for m in view.model().members}
    assert states["etcd-1"] == ("no leader", 1)
    assert {states["etcd-2"][0], states["etcd-3"][0]} == {"leader", "follower"}
    view.close()


def test_widget_buttons_stop_and_start_members():
    c = Cluster(workers=1, etcd_members=3)
    view = EtcdView(c)
    widget = view.widget
    buttons = {b.description: b for b in widget.children[0].children}
    assert sorted(buttons) == ["heal network", "stop etcd-1", "stop etcd-2", "stop etcd-3"]
    buttons["stop etcd-3"].click()
    assert not c.etcd.member("etcd-3").running
    assert buttons["stop etcd-3"].description == "start etcd-3"
    assert "stopped" in widget.children[1].value
    buttons["stop etcd-3"].click()
    assert c.etcd.member("etcd-3").running
    view.close()
    assert view._on_raft not in c.etcd.on_change
