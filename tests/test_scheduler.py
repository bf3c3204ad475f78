"""kube-scheduler on a simulated cluster: placement, the default plugins' verdicts and scores, the exact
FailedScheduling messages, the queue's back-off and re-queueing, preemption, determinism and explain()."""
from collections import Counter

import pytest

from engine import Cluster
from engine.scheduler import Scheduler

TAINT = "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"


def start(workers=3, seed=0, **options):
    """A cluster without add-ons (no CoreDNS or DaemonSet pods competing for the queue and the nodes)
    and its scheduler (the one Cluster runs, once it runs one; else one started here)."""
    c = Cluster(wait=False, workers=workers, seed=seed, addons=False)
    scheduler = getattr(c, "scheduler", None)
    if scheduler is None:
        scheduler = Scheduler(c.api, c.clock, c.rng, **options).start()
    for name, value in options.items():
        setattr(scheduler, name, value)
    return c, scheduler


@pytest.fixture
def cs():
    return start()


def make_pod(c, name, cpu=None, memory=None, labels=None, ports=None, **spec):
    container = {"name": "app", "image": "nginx"}
    requests = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v}
    if requests:
        container["resources"] = {"requests": requests}
    if ports:
        container["ports"] = ports
    body = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": labels or {"app": "web"}},
            "spec": {"containers": [container], **spec}}
    return c.api.create("pods", body)


def node_of(c, name):
    return c.api.get("pods", name)["spec"].get("nodeName")


def scheduled_condition(c, name):
    return next(x for x in c.api.get("pods", name)["status"].get("conditions", []) if x["type"] == "PodScheduled")


def failed_messages(c, name):
    return [e["message"] for e in c.api.list("events", "default")["items"]
            if e["reason"] == "FailedScheduling" and e["involvedObject"]["name"] == name]


def set_node(c, name, **spec):
    c.api.patch("nodes", name, {"spec": spec}, "application/merge-patch+json")


def label_node(c, name, **labels):
    c.api.patch("nodes", name, {"metadata": {"labels": labels}}, "application/merge-patch+json")


def test_pod_is_bound_a_few_virtual_ms_after_creation(cs):
    c, _ = cs
    make_pod(c, "web-0")
    assert node_of(c, "web-0") is None
    c.advance(0.002)
    node = node_of(c, "web-0")
    assert node in ("worker-1", "worker-2", "worker-3")
    cond = scheduled_condition(c, "web-0")
    assert cond["status"] == "True" and cond["lastTransitionTime"] == "2025-01-01T00:00:00Z"
    [event] = [e for e in c.api.list("events", "default")["items"] if e["reason"] == "Scheduled"]
    assert event["message"] == f"Successfully assigned default/web-0 to {node}"
    assert event["type"] == "Normal" and event["action"] == "Binding"
    assert event["reportingComponent"] == "default-scheduler"
    assert event["reportingInstance"] == "default-scheduler-control-plane"
    assert event["eventTime"] == "2025-01-01T00:00:00.002000Z"
    assert event["involvedObject"]["name"] == "web-0" and event["involvedObject"]["kind"] == "Pod"


def test_replicas_spread_over_the_workers(cs):
    c, _ = cs
    for i in range(6):
        make_pod(c, f"web-{i}", cpu="250m", memory="64Mi")
    c.advance(1)
    assert Counter(node_of(c, f"web-{i}") for i in range(6)) == {"worker-1": 2, "worker-2": 2, "worker-3": 2}


def test_pods_of_one_service_are_spread_by_the_default_constraints(cs):
    c, s = cs
    c.api.create("services", {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
                              "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}})
    make_pod(c, "web-0", nodeName="worker-1")
    make_pod(c, "web-1")
    c.advance(0.01)
    spread = {n: e["scores"]["PodTopologySpread"] for n, e in s.explain("default", "web-1")["evaluated"].items()
              if e["fits"]}
    # worker-1 holds 1 pod: raw 1*ln(3+2)+2 -> 4, the others 0+2; normalised 100*(4+2-s)/4, weight 2
    assert spread == {"worker-1": 100, "worker-2": 200, "worker-3": 200}
    make_pod(c, "lonely", labels={"app": "other"})
    c.advance(0.01)
    scores = s.explain("default", "lonely")["evaluated"]["worker-2"]["scores"]
    assert "PodTopologySpread" not in scores  # no Service or controller selects it: the plugin skips


def test_control_plane_taint_is_respected_and_can_be_tolerated(cs):
    c, _ = cs
    selector = {"node-role.kubernetes.io/control-plane": ""}
    make_pod(c, "cp", nodeSelector=selector)
    c.advance(0.01)
    assert node_of(c, "cp") is None
    assert failed_messages(c, "cp") == [
        f"0/4 nodes are available: {TAINT}, 3 node(s) didn't match Pod's node affinity/selector. "
        "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.."]
    make_pod(c, "cp-ok", nodeSelector=selector,
             tolerations=[{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}])
    c.advance(0.01)
    assert node_of(c, "cp-ok") == "control-plane"


def test_a_pod_that_can_never_fit_stays_pending_with_the_exact_message(cs):
    c, _ = cs
    make_pod(c, "huge", cpu="100")
    c.advance(1)
    message = (f"0/4 nodes are available: {TAINT}, 3 Insufficient cpu. preemption: 0/4 nodes are available: "
               "1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..")
    pod = c.api.get("pods", "huge")
    assert pod["status"]["phase"] == "Pending" and "nodeName" not in pod["spec"]
    cond = scheduled_condition(c, "huge")
    assert (cond["status"], cond["reason"], cond["message"]) == ("False", "Unschedulable", message)
    [event] = [e for e in c.api.list("events", "default")["items"] if e["reason"] == "FailedScheduling"]
    assert event["message"] == message
    assert (event["type"], event["action"], event["source"]) == ("Warning", "Scheduling", {})


def test_memory_and_too_many_pods_reasons():
    c, _ = start(workers=1)
    node = c.api.get("nodes", "worker-1")
    node["status"]["allocatable"]["pods"] = "1"
    c.api.update("nodes", node, subresource="status")
    make_pod(c, "first")
    make_pod(c, "second", memory="64Gi")
    c.advance(1)
    assert node_of(c, "first") == "worker-1"
    assert failed_messages(c, "second") == [
        "0/2 nodes are available: 1 Insufficient memory, 1 Too many pods, 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: "
        "1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.."]


@pytest.mark.parametrize("expression, fits", [
    ({"key": "disk", "operator": "In", "values": ["ssd"]}, {"worker-1"}),
    ({"key": "disk", "operator": "NotIn", "values": ["ssd"]}, {"worker-2", "worker-3"}),
    ({"key": "disk", "operator": "Exists"}, {"worker-1", "worker-2"}),
    ({"key": "disk", "operator": "DoesNotExist"}, {"worker-3"}),
    ({"key": "gen", "operator": "Gt", "values": ["4"]}, {"worker-2"}),
    ({"key": "gen", "operator": "Lt", "values": ["4"]}, {"worker-1"}),
])
def test_required_node_affinity_operators(cs, expression, fits):
    c, s = cs
    label_node(c, "worker-1", disk="ssd", gen="3")
    label_node(c, "worker-2", disk="hdd", gen="5")
    affinity = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [expression]}]}}}
    make_pod(c, "p", affinity=affinity)
    c.advance(0.01)
    evaluated = s.explain("default", "p")["evaluated"]
    assert {n for n, e in evaluated.items() if e["fits"]} == fits
    assert node_of(c, "p") in fits
    assert evaluated["control-plane"]["plugin"] == "TaintToleration"  # taints are checked before affinity
    for name in {"worker-1", "worker-2", "worker-3"} - fits:
        assert evaluated[name] == {"fits": False, "plugin": "NodeAffinity",
                                   "reasons": ["node(s) didn't match Pod's node affinity/selector"]}


def test_node_selector(cs):
    c, _ = cs
    label_node(c, "worker-3", disktype="ssd")
    make_pod(c, "p", nodeSelector={"disktype": "ssd"})
    c.advance(0.01)
    assert node_of(c, "p") == "worker-3"


def test_match_fields_narrows_the_nodes_before_filtering(cs):
    c, s = cs
    affinity = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["worker-3"]}]}]}}}
    make_pod(c, "pinned", affinity=affinity)
    make_pod(c, "pinned-big", cpu="5", affinity=affinity)
    c.advance(0.01)
    assert node_of(c, "pinned") == "worker-3"
    assert list(s.explain("default", "pinned-big")["evaluated"]) == ["worker-3"]
    assert failed_messages(c, "pinned-big") == [
        "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
        "preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, "
        "3 Preemption is not helpful for scheduling.."]


def test_preferred_node_affinity_wins(cs):
    c, s = cs
    label_node(c, "worker-2", zone="b")
    affinity = {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 50, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["b"]}]}}]}}
    make_pod(c, "p", affinity=affinity)
    c.advance(0.01)
    assert node_of(c, "p") == "worker-2"
    evaluated = s.explain("default", "p")["evaluated"]
    assert evaluated["worker-2"]["scores"]["NodeAffinity"] == 200  # 100 after normalising, weight 2
    assert evaluated["worker-1"]["scores"]["NodeAffinity"] == 0


def test_prefer_no_schedule_taint_lowers_the_score(cs):
    c, s = cs
    set_node(c, "worker-1", taints=[{"key": "spot", "value": "true", "effect": "PreferNoSchedule"}])
    make_pod(c, "p")
    c.advance(0.01)
    evaluated = s.explain("default", "p")["evaluated"]
    assert evaluated["worker-1"]["scores"]["TaintToleration"] == 0
    assert evaluated["worker-2"]["scores"]["TaintToleration"] == 300
    assert node_of(c, "p") != "worker-1"


def test_host_port_conflict_and_requeue_when_the_holder_goes(cs):
    c, _ = cs
    ports = [{"containerPort": 80, "hostPort": 8080}]
    for i in range(4):
        make_pod(c, f"hp-{i}", ports=ports)
    c.advance(0.1)
    assert sorted(filter(None, (node_of(c, f"hp-{i}") for i in range(4)))) == ["worker-1", "worker-2", "worker-3"]
    assert node_of(c, "hp-3") is None
    assert failed_messages(c, "hp-3") == [
        f"0/4 nodes are available: {TAINT}, 3 node(s) didn't have free ports for the requested pod ports. "
        "preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, "
        "3 No preemption victims found for incoming pod.."]
    freed = node_of(c, "hp-0")
    c.api.delete("pods", "hp-0", grace_period_seconds=0)
    c.advance(2)
    assert node_of(c, "hp-3") == freed


def test_cordoned_nodes_and_back_off_until_uncordon(cs):
    c, _ = cs
    for name in ("worker-1", "worker-2", "worker-3"):
        set_node(c, name, unschedulable=True)
    make_pod(c, "p")
    c.advance(0.01)
    assert failed_messages(c, "p") == [
        f"0/4 nodes are available: {TAINT}, 3 node(s) were unschedulable. "
        "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.."]
    c.advance(0.49)  # t=0.5
    set_node(c, "worker-2", unschedulable=False)
    c.advance(1.0)  # t=1.5: the pod failed at t=0.001 and backs off 1 s, the next backoffQ flush is at t=2
    assert node_of(c, "p") is None
    c.advance(0.6)
    assert node_of(c, "p") == "worker-2"


def test_uncordon_after_the_back_off_schedules_at_once(cs):
    c, _ = cs
    for name in ("worker-1", "worker-2", "worker-3"):
        set_node(c, name, unschedulable=True)
    make_pod(c, "p")
    c.advance(20)
    set_node(c, "worker-3", unschedulable=False)
    c.advance(0.005)
    assert node_of(c, "p") == "worker-3"


def test_a_new_node_makes_a_pending_pod_schedulable():
    c, _ = start(workers=0)
    make_pod(c, "p")
    c.advance(0.01)
    assert failed_messages(c, "p") == [
        "0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. "
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.."]
    c.advance(5)
    c.register_node("worker-1", 1)
    c.advance(0.01)
    assert node_of(c, "p") == "worker-1"


def test_unschedulable_pods_are_retried_after_five_minutes(cs):
    c, s = cs
    make_pod(c, "huge", cpu="100")
    c.advance(329)
    assert s.decisions[("default", "huge")]["attempt"] == 1
    c.advance(2)  # the 30-second flush at t=330 moves pods that waited more than 5 minutes
    assert s.decisions[("default", "huge")]["attempt"] == 2


def test_repeated_failures_share_one_event_series(cs):
    c, _ = cs
    make_pod(c, "huge", cpu="100")
    c.advance(331)  # attempt 2: a new event (the pod's resourceVersion changed with its condition)
    c.advance(330)  # attempt 3: same pod version, so the second event becomes a series
    failed = [e for e in c.api.list("events", "default")["items"] if e["reason"] == "FailedScheduling"]
    assert len(failed) == 2
    assert sorted(e.get("series", {}).get("count", 1) for e in failed) == [1, 2]


def test_other_schedulers_pods_and_bound_pods_are_left_alone(cs):
    c, s = cs
    make_pod(c, "mine-not", schedulerName="my-scheduler")
    make_pod(c, "placed", cpu="3500m", nodeName="worker-1")
    for i in range(3):
        make_pod(c, f"p-{i}", cpu="1")
    c.advance(1)
    assert node_of(c, "mine-not") is None
    assert node_of(c, "placed") == "worker-1"
    assert {node_of(c, f"p-{i}") for i in range(3)} <= {"worker-2", "worker-3"}
    reasons = [e["involvedObject"]["name"] for e in c.api.list("events", "default")["items"]
               if e.get("reportingComponent") == "default-scheduler"]  # the kubelet runs "placed" and says so
    assert "mine-not" not in reasons and "placed" not in reasons
    assert s.explain("default", "p-0")["evaluated"]["worker-1"]["reasons"] == ["Insufficient cpu"]


def test_pod_anti_affinity_one_per_node(cs):
    c, _ = cs
    anti = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    for i in range(4):
        make_pod(c, f"db-{i}", labels={"app": "db"}, affinity=anti)
    c.advance(0.1)
    assert len({node_of(c, f"db-{i}") for i in range(3)}) == 3
    assert failed_messages(c, "db-3") == [
        f"0/4 nodes are available: {TAINT}, 3 node(s) didn't match pod anti-affinity rules. "
        "preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, "
        "3 No preemption victims found for incoming pod.."]


def test_pod_affinity_follows_the_matching_pod(cs):
    c, _ = cs
    make_pod(c, "cache", labels={"app": "cache"}, nodeName="worker-2")
    near = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "cache"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    make_pod(c, "web", affinity=near)
    c.advance(0.01)
    assert node_of(c, "web") == "worker-2"


def test_topology_spread_counts_the_tainted_control_plane_unless_taints_are_honored(cs):
    c, _ = cs

    def spread(policy):
        constraint = {"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "DoNotSchedule",
                      "labelSelector": {"matchLabels": {"app": policy.lower()}}}
        if policy == "Honor":
            constraint["nodeTaintsPolicy"] = "Honor"
        return [constraint]

    for policy in ("Ignore", "Honor"):
        for i in range(4):
            make_pod(c, f"{policy.lower()}-{i}", labels={"app": policy.lower()}, topologySpreadConstraints=spread(policy))
    c.advance(0.1)
    assert len({node_of(c, f"ignore-{i}") for i in range(3)}) == 3
    assert node_of(c, "ignore-3") is None  # the empty control-plane domain keeps the minimum at 0
    assert failed_messages(c, "ignore-3") == [
        f"0/4 nodes are available: {TAINT}, 3 node(s) didn't match pod topology spread constraints. "
        "preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, "
        "3 No preemption victims found for incoming pod.."]
    assert all(node_of(c, f"honor-{i}") for i in range(4))


def test_preemption_evicts_a_lower_priority_pod():
    c, s = start(workers=1)
    c.api.create("priorityclasses", {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                                     "metadata": {"name": "high"}, "value": 1000})
    make_pod(c, "low", cpu="3")
    c.advance(0.01)
    make_pod(c, "vip", cpu="3", priorityClassName="high")
    c.advance(0.01)
    assert failed_messages(c, "vip") == ["0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated "
                                         "taint {node-role.kubernetes.io/control-plane: }."]
    assert c.api.get("pods", "vip")["status"]["nominatedNodeName"] == "worker-1"
    low = c.api.get("pods", "low")
    assert low["metadata"].get("deletionTimestamp")
    disruption = next(x for x in low["status"]["conditions"] if x["type"] == "DisruptionTarget")
    assert disruption["reason"] == "PreemptionByScheduler"
    assert disruption["message"] == "default-scheduler: preempting to accommodate a higher priority pod"
    [preempted] = [e for e in c.api.list("events", "default")["items"] if e["reason"] == "Preempted"]
    assert preempted["message"] == f"Preempted by pod {c.api.get('pods', 'vip')['metadata']['uid']} on node worker-1"
    c.api.delete("pods", "low", grace_period_seconds=0)  # what the kubelet confirms once the pod stopped
    c.advance(2)
    assert node_of(c, "vip") == "worker-1"


def test_preemption_policy_never(cs):
    c, _ = cs
    c.api.create("priorityclasses", {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                                     "metadata": {"name": "polite"}, "value": 10, "preemptionPolicy": "Never"})
    make_pod(c, "polite", cpu="100", priorityClassName="polite")
    c.advance(0.01)
    assert failed_messages(c, "polite") == [
        f"0/4 nodes are available: {TAINT}, 3 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.."]


def test_same_seed_same_placement():
    def placement(seed):
        c, _ = start(workers=5, seed=seed)
        for i in range(12):
            make_pod(c, f"p-{i}")
        c.advance(1)
        return [node_of(c, f"p-{i}") for i in range(12)]

    assert placement(7) == placement(7)
    assert placement(3) == placement(3)


def test_explain_keeps_filters_and_scores(cs):
    c, s = cs
    make_pod(c, "web-0", cpu="1", memory="1Gi")
    c.advance(0.01)
    decision = s.explain("default", "web-0")
    assert decision["pod"] == "default/web-0" and decision["nodes"] == 4 and decision["attempt"] == 1
    assert decision["node"] == node_of(c, "web-0")
    assert decision["evaluated"]["control-plane"] == {
        "fits": False, "plugin": "TaintToleration",
        "reasons": ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"]}
    worker = decision["evaluated"]["worker-1"]
    # LeastAllocated: cpu (4000-1000)*100/4000 = 75, memory (8343773184-1073741824)*100/8343773184 = 87 -> 81
    assert worker["scores"]["NodeResourcesFit"] == 81
    # BalancedAllocation: fractions 0.25 and 0.1287; 1 - |0.25-0.1287|/2 -> 93
    assert worker["scores"]["NodeResourcesBalancedAllocation"] == 93
    assert worker["scores"]["TaintToleration"] == 300
    assert worker["total"] == sum(worker["scores"].values())
    assert s.explain("default", "nope") is None


def test_percentage_of_nodes_to_score(cs):
    _, s = cs
    assert [s.num_feasible_nodes_to_find(n) for n in (50, 100, 200, 1000, 5000, 6000)] == [50, 100, 100, 420, 500, 300]
    s.percentage_of_nodes_to_score = 30
    assert s.num_feasible_nodes_to_find(1000) == 300


def test_round_robin_over_a_large_cluster():
    c, s = start(workers=149)
    order = [n.name for n in s.cache.node_list()]
    assert order[:4] == ["control-plane", "worker-1", "worker-10", "worker-100"]  # listed in etcd's key order
    make_pod(c, "a")
    c.advance(0.01)
    # 150 nodes: 100 feasible nodes are enough; the control-plane failed on the way, so 101 were looked at
    assert list(s.explain("default", "a")["evaluated"]) == order[:101]
    assert s.next_start_node_index == 101
    make_pod(c, "b")
    c.advance(0.01)
    # the next pod starts where the last one stopped and wraps around
    assert list(s.explain("default", "b")["evaluated"]) == order[101:] + order[:52]
    assert s.next_start_node_index == 52


def test_space_freed_by_preemption_is_kept_for_the_nominated_pod():
    c, s = start(workers=1)
    c.api.create("priorityclasses", {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                                     "metadata": {"name": "high"}, "value": 1000})
    make_pod(c, "low", cpu="3")
    c.advance(0.01)
    make_pod(c, "vip", cpu="3", priorityClassName="high")
    c.advance(0.01)
    c.api.delete("pods", "low", grace_period_seconds=0)
    make_pod(c, "sneaky", cpu="2")
    c.advance(0.01)
    assert node_of(c, "sneaky") is None  # worker-1's free cpu is promised to vip
    assert s.explain("default", "sneaky")["evaluated"]["worker-1"]["reasons"] == ["Insufficient cpu"]
    c.advance(2)
    assert node_of(c, "vip") == "worker-1"
    assert "nominatedNodeName" not in c.api.get("pods", "sneaky")["status"]


def test_explain_text_for_a_lesson(cs):
    c, s = cs
    make_pod(c, "web-0")
    c.advance(0.01)
    lines = s.explain_text("default", "web-0").splitlines()
    assert lines[0] == f"pod default/web-0: bound to {node_of(c, 'web-0')}"
    assert lines[1].split() == ["NODE", "FITS", "WHY"]
    assert lines[2] == ("control-plane   no     TaintToleration: node(s) had untolerated taint "
                        "{node-role.kubernetes.io/control-plane: }")
    assert lines[3] == ("worker-1        yes    score 497 = TaintToleration 300 + NodeResourcesFit 97 + "
                        "NodeResourcesBalancedAllocation 100 + ImageLocality 0")


def test_no_nodes_at_all():
    c, s = start(workers=0)
    c.api.delete("nodes", "control-plane")
    make_pod(c, "p")
    c.advance(0.01)
    assert failed_messages(c, "p") == ["no nodes available to schedule pods"]
    assert scheduled_condition(c, "p")["reason"] == "Unschedulable"


def test_pod_affinity_namespace_selector(cs):
    c, _ = cs
    c.api.create("namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                "metadata": {"name": "data", "labels": {"team": "data"}}})
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod",
                          "metadata": {"name": "cache", "namespace": "data", "labels": {"app": "cache"}},
                          "spec": {"nodeName": "worker-3", "containers": [{"name": "c", "image": "redis"}]}})
    term = {"labelSelector": {"matchLabels": {"app": "cache"}}, "topologyKey": "kubernetes.io/hostname"}
    make_pod(c, "same-ns-only", labels={"app": "x"}, affinity={"podAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": [term]}})
    make_pod(c, "by-label", labels={"app": "y"}, affinity={"podAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": [dict(term, namespaceSelector={"matchLabels": {"team": "data"}})]}})
    c.advance(0.01)
    assert node_of(c, "by-label") == "worker-3"
    assert node_of(c, "same-ns-only") is None
    assert failed_messages(c, "same-ns-only")[0].startswith(
        f"0/4 nodes are available: {TAINT}, 3 node(s) didn't match pod affinity rules. preemption: ")


def test_prefilter_rejection_is_reported_once(cs):
    c, _ = cs
    fields = [{"key": "metadata.name", "operator": "In", "values": ["worker-1"]},
              {"key": "metadata.name", "operator": "In", "values": ["worker-2"]}]
    make_pod(c, "torn", affinity={"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchFields": fields}]}}})
    c.advance(0.01)
    assert failed_messages(c, "torn") == [
        "0/4 nodes are available: pod affinity terms conflict. "
        "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.."]


def test_backoff_doubles_from_one_second_to_ten_and_the_shortest_goes_first():
    from engine.clock import Clock
    from engine.scheduler.queue import SchedulingQueue

    clock = Clock()
    queue = SchedulingQueue(clock, lambda: None, {})

    def failed(uid, attempts):
        queue.add({"metadata": {"uid": uid}, "spec": {}})
        entry = queue.pop()
        entry.attempts = attempts
        queue.add_unschedulable(entry, (), backoff=True)
        return entry

    assert [queue.backoff_duration(type("E", (), {"attempts": n})()) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]
    slow = failed("slow", 4)  # 8 s
    fast = failed("fast", 1)  # 1 s, queued later but due first
    clock.advance(1.5)
    assert (fast.where, slow.where) == ("active", "backoff")
    clock.advance(7)
    assert slow.where == "active"
    assert [queue.pop().uid, queue.pop().uid] == ["fast", "slow"]


def test_gated_pods_wait_until_their_gates_are_removed(cs):
    c, s = cs
    make_pod(c, "gated", schedulingGates=[{"name": "example.com/wait"}])
    c.advance(1)
    assert node_of(c, "gated") is None and s.explain("default", "gated") is None
    pod = c.api.get("pods", "gated")
    pod["spec"]["schedulingGates"] = []
    c.api.update("pods", pod)
    c.advance(0.01)
    assert node_of(c, "gated") in ("worker-1", "worker-2", "worker-3")


def test_a_deleted_pending_pod_leaves_the_queue(cs):
    c, s = cs
    make_pod(c, "huge", cpu="100")
    c.advance(0.01)
    assert len(s.queue) == 1
    c.api.delete("pods", "huge")
    assert len(s.queue) == 0
