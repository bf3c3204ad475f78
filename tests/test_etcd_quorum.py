"""etcd's quorum model: members, leader and term, elections after a lost leader, what fails without a
majority (every API request, linearizable etcdctl reads, health), partitions, and etcdctl's cluster views."""
import pytest

from engine import Cluster


@pytest.fixture
def c3():
    return Cluster(workers=1, etcd_members=3)


def status_rows(c, args="endpoint status --cluster"):
    return [line.split(", ") for line in c.etcdctl(args).stdout.splitlines()]


def test_default_member_is_stacked_on_the_control_plane():
    c = Cluster(workers=1)
    member = c.etcd.members[0]
    assert c.etcdctl("member list").stdout == (
        f"{member.id:x}, started, control-plane, https://172.18.0.2:2380, https://172.18.0.2:2379, false\n")
    assert f"{member.id:016x}" == "0e58c878e0e01014"  # SHA-1 of the peer URL and the cluster token, as etcd computes it
    pods = [p["metadata"]["name"] for p in c.api.list("pods", "kube-system")["items"]]
    assert "etcd-control-plane" in pods


def test_external_members_replace_the_stacked_one(c3):
    pods = {p["metadata"]["name"]: p for p in c3.api.list("pods", "kube-system")["items"]}
    assert "etcd-control-plane" not in pods
    command = pods["kube-apiserver-control-plane"]["spec"]["containers"][0]["command"]
    assert "--etcd-servers=https://172.18.0.101:2379,https://172.18.0.102:2379,https://172.18.0.103:2379" in command
    table = c3.etcdctl("member list -w table").stdout.splitlines()
    assert table[1] == "|        ID        | STATUS  |  NAME  |        PEER ADDRS         |       CLIENT ADDRS        | IS LEARNER |"
    assert table[3].endswith("| started | etcd-1 | https://172.18.0.101:2380 | https://172.18.0.101:2379 |      false |")
    assert [r[4] for r in status_rows(c3)].count("true") == 1


def test_a_follower_down_changes_nothing(c3):
    follower = next(m for m in c3.etcd.members if m is not c3.etcd.leader and m is not c3.etcd.members[0])
    c3.etcd.stop(follower.name)
    assert c3.kubectl("create deployment web --image=nginx").exit_code == 0
    result = c3.etcdctl("endpoint health --cluster")
    assert result.exit_code == 1
    assert result.stderr == (f"{follower.client_url} is unhealthy: failed to commit proposal: context deadline exceeded\n"
                             "Error: unhealthy cluster\n")
    assert result.stdout.count("is healthy: successfully committed proposal: took = ") == 2


def test_lost_leader_is_replaced_in_a_new_term(c3):
    old = c3.etcd.leader
    term = c3.etcd.term
    c3.etcd.stop(old.name)
    assert not c3.etcd.available()  # until a follower's election timeout fires
    assert c3.kubectl("get pods").stderr == "Error from server: etcdserver: request timed out\n"
    c3.advance(2)
    assert c3.etcd.available() and c3.etcd.leader is not old and c3.etcd.term == term + 1
    assert c3.kubectl("get pods").exit_code == 0


def test_without_a_majority_every_request_fails_until_it_is_back(c3):
    c3.kubectl("create deployment web --image=nginx --replicas=2")
    c3.advance(20)
    c3.etcd.stop("etcd-2")
    c3.etcd.stop("etcd-3")
    c3.advance(60)
    assert not c3.etcd.available()
    for command in ("get pods", "scale deployment web --replicas=3", "run x --image=nginx"):
        result = c3.kubectl(command)
        assert (result.exit_code, result.stderr) == (1, "Error from server: etcdserver: request timed out\n")
    assert c3.etcdctl("get /registry/pods --prefix --keys-only").stderr == "Error: context deadline exceeded\n"
    assert "/registry/pods/default/" in c3.etcdctl("get /registry/pods --prefix --keys-only --consistency=s").stdout
    row = status_rows(c3, "endpoint status")[0]
    assert (row[4], row[9]) == ("false", "etcdserver: no leader")
    c3.etcd.start("etcd-3")
    c3.advance(3)
    assert c3.kubectl("scale deployment web --replicas=3").stdout == "deployment.apps/web scaled\n"
    c3.advance(30)
    ready = c3.kubectl("get deployment web -o jsonpath={.status.readyReplicas}").stdout
    assert ready == "3"


def test_partition_keeps_the_majority_side_working(c3):
    c3.etcd.partition(["etcd-1"], ["etcd-2", "etcd-3"])
    c3.advance(3)
    assert c3.etcd.leader.name in ("etcd-2", "etcd-3")
    assert c3.kubectl("create deployment web --image=nginx").exit_code == 0
    minority = status_rows(c3, "endpoint status --endpoints=https://172.18.0.101:2379")[0]
    assert minority[9] == "etcdserver: no leader"
    c3.etcd.heal()
    assert status_rows(c3, "endpoint status --endpoints=https://172.18.0.101:2379")[0][9] == ""


def test_four_members_tolerate_no_more_failures_than_three():
    c = Cluster(workers=1, etcd_members=4)
    c.etcd.stop("etcd-3")
    c.etcd.stop("etcd-4")
    c.advance(5)
    assert not c.etcd.available()  # 2 of 4 is not a majority


def test_api_recovers_without_tracebacks_after_a_long_outage():
    c = Cluster(workers=1)
    c.kubectl("create cronjob tick --image=busybox --schedule='*/1 * * * *' -- date")
    c.etcd.stop("control-plane")
    c.advance(300)
    c.etcd.start("control-plane")
    c.advance(120)
    assert c.kubectl("get nodes -o jsonpath={.items[*].status.conditions[-1].status}").stdout == "True True"
    assert len(c.api.list("jobs", "default")["items"]) >= 1
