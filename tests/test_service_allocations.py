"""Service ClusterIPs and node ports are held while a Service holds them and free again after a delete,
a type change or a dry run (the allocators follow the stored Services through a watch)."""
import pytest

from engine import Cluster
from engine.api.errors import ApiError


def svc(name, **spec):
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name},
            "spec": dict({"selector": {"app": name}, "ports": [{"port": 80}]}, **spec)}


@pytest.fixture
def c():
    return Cluster(workers=0, addons=False, wait=False)


def test_delete_releases_ip_and_node_port(c):
    c.api.create("services", svc("a", type="NodePort", clusterIP="10.96.0.5",
                                 ports=[{"port": 80, "nodePort": 30080}]), "default")
    with pytest.raises(ApiError):
        c.api.create("services", svc("b", clusterIP="10.96.0.5"), "default")
    c.api.delete("services", "a", "default")
    b = c.api.create("services", svc("b", type="NodePort", clusterIP="10.96.0.5",
                                     ports=[{"port": 80, "nodePort": 30080}]), "default")
    assert (b["spec"]["clusterIP"], b["spec"]["ports"][0]["nodePort"]) == ("10.96.0.5", 30080)


def test_update_keeps_its_own_port_and_type_change_frees_it(c):
    c.api.create("services", svc("a", type="NodePort", ports=[{"port": 80, "nodePort": 30080}]), "default")
    a = c.api.get("services", "a", "default")
    a["metadata"]["labels"] = {"x": "y"}
    assert c.api.update("services", a, "default")["spec"]["ports"][0]["nodePort"] == 30080
    c.api.patch("services", "a", {"spec": {"type": "ClusterIP", "ports": [{"port": 80, "nodePort": None}]}},
                "application/merge-patch+json", namespace="default")
    b = c.api.create("services", svc("b", type="NodePort", ports=[{"port": 80, "nodePort": 30080}]), "default")
    assert b["spec"]["ports"][0]["nodePort"] == 30080


def test_dry_run_holds_nothing(c):
    c.api.create("services", svc("a", clusterIP="10.96.0.7"), "default", dry_run=True)
    assert c.api.create("services", svc("b", clusterIP="10.96.0.7"), "default")["spec"]["clusterIP"] == "10.96.0.7"


def test_thousand_services_get_distinct_addresses(c):
    ips, ports = set(), set()
    for i in range(1000):
        s = c.api.create("services", svc(f"s{i}", type="NodePort"), "default")["spec"]
        ips.add(s["clusterIP"])
        ports.add(s["ports"][0]["nodePort"])
    assert len(ips) == len(ports) == 1000
