"""engine.viz headless: what the cluster map and the event stream would draw for a given cluster
state (boxes, colours, labels, rows), the widgets they build, and time controls driven by their handlers."""
import ipywidgets as widgets
import pytest

from engine import Cluster, session
from engine.viz import ClusterMap, EventStream, TimeControls
from engine.viz import view as view_module
from engine.viz.dot import DOT_MISSING

GREEN, YELLOW, GREY, PINK, BLUE, RED = "#b7e1a1", "#ffe08a", "#d0d7de", "#f4a6a6", "#a8c8f0", "#e57373"
NODE_READY, NODE_NOT_READY = "#f6f8fa", "#fde0e0"

TROUBLE = """
apiVersion: v1
kind: Pod
metadata: {name: huge}
spec:
  containers:
  - {name: app, image: nginx, resources: {requests: {cpu: "100"}}}
---
apiVersion: v1
kind: Pod
metadata: {name: notready}
spec:
  containers:
  - name: app
    image: nginx
    readinessProbe: {exec: {command: ["false"]}, periodSeconds: 5}
"""


def boxes(model):
    return [(n.name, n.roles, n.status, n.colour, n.label,
             [(p.namespace, p.name, p.status, p.ready, p.restarts, p.category, p.colour) for p in n.pods])
            for n in model.nodes]


@pytest.fixture(autouse=True)
def close_views():
    yield
    for view in list(view_module._open_views):
        view.close()


@pytest.fixture(scope="module")
def troubled():
    """One worker running pods in every state a learner meets, 30 virtual seconds after they were made."""
    c = Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl("run bad --image=nosuchimage:1")
    c.kubectl('run crash --image=busybox -- sh -c "exit 1"')
    c.kubectl('run once --image=busybox --restart=Never -- sh -c "exit 0"')
    c.kubectl('run fails --image=busybox --restart=Never -- sh -c "exit 3"')
    c.apply(TROUBLE)
    c.advance(30)
    return c


def test_map_of_a_fresh_cluster_shows_control_plane_first_and_every_system_pod():
    c = Cluster(workers=1)
    model = ClusterMap(c).model()
    ready = lambda ns, name: (ns, name, "Running", "1/1", 0, "ready", GREEN)  # noqa: E731
    assert boxes(model) == [
        ("control-plane", "control-plane", "Ready", NODE_READY, ("control-plane", "control-plane · Ready · 7 pods"),
         [ready("kube-flannel", "kube-flannel-ds-4vzfj"), ready("kube-system", "coredns-fdcb9cd49-rpwhj"),
          ready("kube-system", "etcd-control-plane"), ready("kube-system", "kube-apiserver-control-plane"),
          ready("kube-system", "kube-controller-manager-control-plane"), ready("kube-system", "kube-proxy-6dmq9"),
          ready("kube-system", "kube-scheduler-control-plane")]),
        ("worker-1", "<none>", "Ready", NODE_READY, ("worker-1", "worker · Ready · 3 pods"),
         [ready("kube-flannel", "kube-flannel-ds-2dbls"), ready("kube-system", "coredns-fdcb9cd49-n7zcc"),
          ready("kube-system", "kube-proxy-nftf5")]),
    ]
    assert model.unscheduled == ()
    assert model.namespace is None and model.time == 27
    assert model.namespaces == ("default", "kube-flannel", "kube-node-lease", "kube-public", "kube-system")
    assert model.nodes[0].pods[0].label == ("kube-flannel/kube-flannel-ds-4vzfj", "Running 1/1", "restarts: 0")


def web_pods(c):
    """The Deployment's pod names (their suffixes come from the cluster's seeded random source)."""
    return sorted(p["metadata"]["name"] for p in c.api.list("pods", "default", label_selector="app=web")["items"])


def test_pods_are_coloured_by_phase_and_readiness_with_kubectl_status_and_restarts(troubled):
    model = ClusterMap(troubled, namespace="default").model()
    web1, web2 = web_pods(troubled)
    assert boxes(model) == [
        ("control-plane", "control-plane", "Ready", NODE_READY, ("control-plane", "control-plane · Ready · 0 pods"), []),
        ("worker-1", "<none>", "Ready", NODE_READY, ("worker-1", "worker · Ready · 7 pods"), [
            ("default", "bad", "ImagePullBackOff", "0/1", 0, "failing", PINK),
            ("default", "crash", "CrashLoopBackOff", "0/1", 2, "failing", PINK),
            ("default", "fails", "Error", "0/1", 0, "failed", RED),
            ("default", "notready", "Running", "0/1", 0, "not-ready", YELLOW),
            ("default", "once", "Completed", "0/1", 0, "succeeded", BLUE),
            ("default", web1, "Running", "1/1", 0, "ready", GREEN),
            ("default", web2, "Running", "1/1", 0, "ready", GREEN),
        ]),
    ]
    [huge] = model.unscheduled
    assert (huge.name, huge.node, huge.status, huge.category, huge.colour) == ("huge", "", "Pending", "pending", GREY)
    # with a namespace chosen the namespace is not repeated in every box
    crash = model.nodes[1].pods[1]
    assert crash.label == ("crash", "CrashLoopBackOff 0/1", "restarts: 2")
    # the same figures kubectl prints
    line = next(l for l in troubled.kubectl("get pods").stdout.splitlines() if l.startswith("crash "))
    assert line.split()[:4] == ["crash", "0/1", "CrashLoopBackOff", "2"]


def test_node_boxes_show_not_ready_and_cordoned_nodes_and_their_pods_losing_readiness():
    c = Cluster(workers=1)
    c.kubectl("run web --image=nginx")
    c.advance(10)
    c.fail_node("worker-1")
    c.advance(50)
    c.kubectl("cordon control-plane")
    assert boxes(ClusterMap(c, namespace="default").model()) == [
        ("control-plane", "control-plane", "Ready,SchedulingDisabled", NODE_READY,
         ("control-plane", "control-plane · Ready,SchedulingDisabled · 0 pods"), []),
        ("worker-1", "<none>", "NotReady", NODE_NOT_READY, ("worker-1", "worker · NotReady · 1 pod"),
         [("default", "web", "Running", "1/1", 0, "not-ready", YELLOW)]),  # containers ready, the pod not
    ]


def test_dot_source_puts_each_pod_in_a_cell_of_its_node_box():
    c = Cluster(workers=1)
    c.kubectl("run web --image=nginx")
    c.advance(10)
    assert ClusterMap(c, namespace="default").dot_source() == (
        'digraph cluster_map {\n'
        '  graph [ranksep=0.2, fontname="Helvetica"];\n'
        '  node [shape=plain, fontname="Helvetica"];\n'
        '  "node:control-plane" [label=<<TABLE BORDER="2" CELLBORDER="1" CELLSPACING="4" CELLPADDING="4" '
        'STYLE="ROUNDED" BGCOLOR="#f6f8fa"><TR><TD COLSPAN="1" BORDER="0"><B>control-plane</B><BR/>'
        '<FONT POINT-SIZE="10">control-plane · Ready · 0 pods</FONT></TD></TR></TABLE>>];\n'
        '  "node:worker-1" [label=<<TABLE BORDER="2" CELLBORDER="1" CELLSPACING="4" CELLPADDING="4" '
        'STYLE="ROUNDED" BGCOLOR="#f6f8fa"><TR><TD COLSPAN="1" BORDER="0"><B>worker-1</B><BR/>'
        '<FONT POINT-SIZE="10">worker · Ready · 1 pod</FONT></TD></TR><TR><TD PORT="default/web" '
        'BGCOLOR="#b7e1a1" TOOLTIP="Running and Ready"><FONT POINT-SIZE="9">web<BR/>Running 1/1<BR/>'
        'restarts: 0</FONT></TD></TR></TABLE>>];\n'
        '  "node:control-plane" -> "node:worker-1" [style=invis];\n'
        '}\n')


def test_unscheduled_pods_get_their_own_box_and_pods_wrap_three_to_a_row(troubled):
    source = ClusterMap(troubled, namespace="default").dot_source()
    assert ('"unscheduled:" [label=<<TABLE BORDER="2" CELLBORDER="1" CELLSPACING="4" CELLPADDING="4" '
            'STYLE="ROUNDED" BGCOLOR="#ffffff"><TR><TD COLSPAN="1" BORDER="0"><B>not on a node</B><BR/>'
            '<FONT POINT-SIZE="10">1 pod</FONT></TD></TR><TR><TD PORT="default/huge" BGCOLOR="#d0d7de" '
            'TOOLTIP="Pending (scheduling, pulling, creating, init)"><FONT POINT-SIZE="9">huge<BR/>Pending 0/1'
            '<BR/>restarts: 0</FONT></TD></TR></TABLE>>];') in source
    worker = next(line for line in source.splitlines() if line.startswith('  "node:worker-1"'))
    assert worker.count("<TR>") == 1 + 3  # the title, then 7 pods in rows of 3
    assert '  "node:worker-1" -> "unscheduled:" [style=invis];' in source


def test_static_html_is_the_svg_drawn_by_graphviz_with_a_legend_of_the_colours_shown(troubled):
    page = ClusterMap(troubled, namespace="default")._repr_html_()
    assert page.startswith('<div class="k8s-cluster-map"><?xml')
    assert "<svg" in page and "CrashLoopBackOff 0/1" in page
    assert web_pods(troubled)[0].replace("-", "&#45;") in page
    assert 'fill="#f4a6a6"' in page and 'fill="#ffe08a"' in page
    legend = page[page.index("</svg>"):]
    assert "Failing (crash loop, image pull error, exited with error)" in legend
    assert "Running, not Ready" in legend and "Terminating" not in legend


def test_without_graphviz_dot_the_map_says_so_and_falls_back_to_a_table(troubled, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    page = ClusterMap(troubled, namespace="default").html()
    assert "<svg" not in page
    assert DOT_MISSING in page
    assert "Graphviz's `dot` program was not found" in DOT_MISSING
    assert '<tr style="background:#f4a6a6"><td' in page
    assert ">crash</td>" in page and ">CrashLoopBackOff 0/1</td>" in page
    assert ">&lt;none&gt;</td>" in page and ">huge</td>" in page  # the unscheduled pod


def test_event_stream_lists_kubectl_event_columns_oldest_first_and_filters(troubled):
    stream = EventStream(troubled, type="Warning")
    model = stream.model()
    assert model.filters == (None, "Warning", None)
    assert [(r.last_seen, r.reason, r.object) for r in model.rows] == [
        ("29s", "FailedScheduling", "pod/huge"),
        ("20s", "FailedScheduling", "pod/huge"),
        ("14s", "Failed", "pod/bad"),
        ("14s", "Failed", "pod/bad"),
        ("10s", "BackOff", "pod/crash"),
        ("5s", "Unhealthy", "pod/notready"),
        ("3s", "Failed", "pod/bad"),
    ]
    assert model.matched == 7
    assert model.types == ("Normal", "Warning")
    assert model.reasons == ("BackOff", "Created", "Failed", "FailedScheduling", "Pulled", "Pulling",
                             "RegisteredNode", "ScalingReplicaSet", "Scheduled", "Started", "SuccessfulCreate",
                             "Unhealthy")
    assert model.namespaces == ("default", "kube-flannel", "kube-system")
    assert model.rows[3].cells == ("default", "14s", "Warning", "Failed", "pod/bad", "Error: ErrImagePull")
    # the same rows `kubectl get events` prints, there in etcd's order (by name), here by time
    printed = troubled.kubectl("get events --field-selector type=Warning").stdout.splitlines()[1:]
    assert sorted(line.split()[:4] for line in printed) == sorted(list(r.cells[1:5]) for r in model.rows)
    backoff = EventStream(troubled, namespace="default", reason="BackOff", limit=1).model()
    assert backoff.rows[0].cells == ("default", "3s", "Normal", "BackOff", "pod/bad",
                                     'Back-off pulling image "nosuchimage:1"')
    assert backoff.matched == 2
    assert "the newest 1 of 2 events" in EventStream(troubled, reason="BackOff", limit=1).html()
    assert EventStream(troubled, namespace="kube-public").model().rows == ()


def test_cluster_map_widget_builds_filters_by_namespace_and_redraws_on_changes():
    c = Cluster(workers=1)
    cmap = ClusterMap(c)
    box = cmap.widget
    assert isinstance(box, widgets.VBox)
    (dropdown, pager, services, owners), drawing = box.children[0].children, box.children[1]
    assert isinstance(services, widgets.Checkbox) and not services.value
    assert isinstance(dropdown, widgets.Dropdown) and isinstance(drawing, widgets.HTML)
    assert pager.layout.display == "none"  # one page of nodes: no page chooser
    assert dropdown.options == ("all namespaces", "default", "kube-flannel", "kube-node-lease", "kube-public",
                                "kube-system")
    assert "etcd&#45;control&#45;plane" in drawing.value and not cmap.dirty
    dropdown.value = "default"
    assert cmap.namespace == "default" and "etcd&#45;control&#45;plane" not in drawing.value
    c.kubectl("create namespace shop")
    c.kubectl("run web --image=nginx")
    assert cmap.dirty  # the watch saw the changes; the widget redraws after the cell (or a time step)
    view_module.refresh_open_views()
    assert not cmap.dirty
    assert "shop" in dropdown.options and dropdown.value == "default"
    assert "Pending 0/1" in drawing.value and ">web<" in drawing.value
    Cluster(workers=1, wait=False)  # a new cluster: the old one's views no longer redraw after each cell
    c.kubectl("delete pod web --now")
    view_module.refresh_open_views()
    assert cmap.dirty and ">web<" in drawing.value
    session.use(c)
    view_module.refresh_open_views()
    assert not cmap.dirty and ">web<" not in drawing.value
    dropdown.value = "all namespaces"
    assert cmap.namespace is None and "etcd&#45;control&#45;plane" in drawing.value


def test_views_show_as_live_widgets_or_static_html():
    c = Cluster(workers=1)
    for view in (ClusterMap(c), EventStream(c), TimeControls(c)):
        bundle = view._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert bundle["text/html"] == view._repr_html_()
    assert ClusterMap(c)._repr_mimebundle_()["text/plain"] == "<ClusterMap of the cluster at t=27s>"
    assert TimeControls(c)._repr_mimebundle_()["text/plain"] == "<TimeControls: t = 27s (paused, 1s per step)>"
    assert TimeControls(c)._repr_html_() == '<div class="k8s-time-controls">t = 27s (paused, 1s per step)</div>'


def test_closed_views_stop_watching():
    c = Cluster(workers=1)
    cmap = ClusterMap(c)
    cmap.redraw()
    cmap.close()
    c.kubectl("run web --image=nginx")
    assert not cmap.dirty and cmap not in view_module._open_views


def test_event_stream_widget_filters_by_its_dropdowns():
    c = Cluster(workers=1)
    c.kubectl("run bad --image=nosuchimage:1")
    c.advance(10)
    stream = EventStream(c)
    namespace, type_, reason = stream.widget.children[0].children
    table = stream.widget.children[1]
    assert type_.options == ("any", "Normal", "Warning")
    type_.value = "Warning"
    assert stream.type == "Warning"
    assert stream.model().matched == 3 and "Error: ErrImagePull" in table.value and ">Pulling<" not in table.value
    type_.value = "any"
    reason.value = "Pulling"
    assert (stream.type, stream.reason) == (None, "Pulling")
    assert ">Pulling<" in table.value and ">Warning<" not in table.value
    namespace.value = "kube-system"
    assert {r.namespace for r in stream.model().rows} == {"kube-system"} and "pod/bad" not in table.value
    reason.value = "RegisteredNode"  # only nodes, in the default namespace, have those
    assert stream.model().rows == () and ">0 events<" in table.value


def test_time_controls_step_play_and_pause_advance_virtual_time_and_redraw_the_views():
    c = Cluster(workers=1)
    cmap, stream = ClusterMap(c, namespace="default"), EventStream(c, namespace="default")
    controls = TimeControls(c, [cmap])
    controls.attach(stream)
    drawing = cmap.widget.children[1]
    table = stream.widget.children[1]
    c.kubectl("run web --image=nginx")
    assert "Running" not in drawing.value
    play, pause, step, speed, label, ticker = controls.widget.children
    assert (play.description, pause.description, step.description) == ("play", "pause", "step")
    assert isinstance(ticker, widgets.Play) and ticker.layout.display == "none"
    assert label.value == "t = 27s (paused, 1s per step)" and pause.disabled and not play.disabled
    speed.value = 5
    controls.on_step(step)
    assert c.now == 32 and label.value == "t = 32s (paused, 5s per step)"
    assert "Running 1/1" in drawing.value and ">Started<" in table.value
    controls.on_tick()  # a tick from the browser while paused does nothing
    assert c.now == 32
    controls.on_play(play)
    assert controls.playing and ticker.playing and play.disabled and not pause.disabled
    ticker.value += 1  # the browser's Play widget ticking
    ticker.value += 1
    assert c.now == 42 and label.value == "t = 42s (playing, 5s per step)"
    controls.on_pause(pause)
    assert not controls.playing and not ticker.playing
    ticker.value += 1
    assert c.now == 42
    # a click goes through the same handler
    step._click_handlers(step)
    assert c.now == 47


def test_time_controls_reject_a_speed_the_slider_does_not_offer():
    with pytest.raises(ValueError, match="seconds must be one of 1, 2, 5, 10, 30, 60, 300"):
        TimeControls(Cluster(workers=1, wait=False), seconds=7)


def test_an_unchanged_map_is_not_drawn_again_by_graphviz(monkeypatch):
    from engine.viz import cluster_map
    calls = []
    monkeypatch.setattr(cluster_map, "render_svg", lambda source: calls.append(source) or "<svg>%d</svg>" % len(calls))
    c = Cluster(workers=1)
    cmap = ClusterMap(c, namespace="default")
    drawing = cmap.widget.children[1]
    assert len(calls) == 1 and "<svg>1</svg>" in drawing.value
    cmap.redraw()
    assert len(calls) == 1 and "<svg>1</svg>" in drawing.value
    c.kubectl("run web --image=nginx")
    cmap.refresh()
    assert len(calls) == 2 and "<svg>2</svg>" in drawing.value and "web<BR/>Pending 0/1" in calls[-1]


def test_a_big_cluster_is_shown_a_page_of_nodes_at_a_time_in_natural_order():
    c = Cluster(workers=11, wait=False)
    model = ClusterMap(c, namespace="default", nodes_per_page=4).model()
    assert [n.name for n in model.nodes] == ["control-plane", "worker-1", "worker-2", "worker-3"]
    assert (model.page, model.pages, model.node_count, model.page_size) == (0, 3, 12, 4)
    cmap = ClusterMap(c, namespace="default", nodes_per_page=5)
    pager, drawing = cmap.widget.children[0].children[1], cmap.widget.children[1]
    assert pager.layout.display is None
    assert pager.options == (("nodes 1-5 of 12", 0), ("nodes 6-10 of 12", 1), ("nodes 11-12 of 12", 2))
    assert "worker&#45;4" in drawing.value and "worker&#45;5" not in drawing.value
    pager.value = 2
    assert [n.name for n in cmap.model().nodes] == ["worker-10", "worker-11"]
    assert ">nodes 11-12 of 12</div>" in drawing.value and "worker&#45;11" in drawing.value
    assert "worker&#45;4" not in drawing.value
    assert ClusterMap(c, nodes_per_page=None).model().pages == 1


def test_services_point_at_their_endpoint_pods_on_demand():
    c = Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl("expose deployment web --port=80")
    c.apply(TROUBLE.split("---")[1].replace("name: notready}", "name: notready, labels: {app: web}}"))
    c.advance(20)
    assert ClusterMap(c, namespace="default").model().services == ()
    cmap = ClusterMap(c, namespace="default", services=True)
    [svc] = cmap.model().services
    web1, web2 = (name for name in web_pods(c) if name.startswith("web-"))
    cluster_ip = c.api.get("services", "web", "default")["spec"]["clusterIP"]
    assert (svc.namespace, svc.name, svc.type, svc.cluster_ip, svc.ports) == ("default", "web", "ClusterIP",
                                                                              cluster_ip, "80/TCP")
    assert svc.ready == (f"default/{web1}", f"default/{web2}") and svc.not_ready == ("default/notready",)
    assert svc.label == ("svc/web", f"ClusterIP {cluster_ip}", "80/TCP")
    edges = [line for line in cmap.dot_source().splitlines() if line.startswith('  "service:')]
    assert edges == [
        '  "service:default/web" [shape=box, style="rounded,filled", fillcolor="#e3e8f8", label=<<B>svc/web</B>'
        f'<BR/><FONT POINT-SIZE="9">ClusterIP {cluster_ip}<BR/>80/TCP</FONT>>];',
        f'  "service:default/web" -> "node:worker-1":"default/{web1}" [style=solid, constraint=false];',
        f'  "service:default/web" -> "node:worker-1":"default/{web2}" [style=solid, constraint=false];',
        '  "service:default/web" -> "node:worker-1":"default/notready" [style=dashed, constraint=false];',
    ]
    # on the whole map kube-dns points at CoreDNS; `kubernetes` has endpoints but no pods behind them
    assert [s.name for s in ClusterMap(c, services=True).model().services] == ["web", "kube-dns"]
    plain = ClusterMap(c, namespace="default")
    checkbox, drawing = plain.widget.children[0].children[2], plain.widget.children[1]
    assert "svc/web" not in drawing.value
    checkbox.value = True
    assert plain.services and "svc/web" in drawing.value
