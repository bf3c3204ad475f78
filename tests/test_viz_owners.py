"""The cluster map's owners on demand: each pod's controller and that controller's own, as boxes and arrows."""
from engine import Cluster
from engine.viz import ClusterMap


def test_owner_chains_of_deployment_daemonset_and_cronjob_pods():
    c = Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl("create cronjob tick --image=busybox --schedule='*/1 * * * *' -- date")
    c.kubectl("run lone --image=nginx")
    c.advance(70)
    cmap = ClusterMap(c, owners=True)
    owners = {o.key: o for o in cmap.model().owners}
    rs = next(k for k in owners if k.startswith("ReplicaSet/default/web-"))
    assert owners[rs].parent == "Deployment/default/web" and len(owners[rs].pods) == 2
    assert owners["Deployment/default/web"].pods == () and owners["Deployment/default/web"].parent == ""
    job = next(k for k in owners if k.startswith("Job/default/tick-"))
    assert owners[job].parent == "CronJob/default/tick"
    assert owners["DaemonSet/kube-system/kube-proxy"].pods  # the system pods' owners too (all namespaces)
    assert not any("lone" in p for o in owners.values() for p in o.pods)  # a bare pod has no owner
    source = cmap.dot_source()
    assert '"owner:Deployment/default/web" -> "owner:' + rs + '"' in source
    assert ClusterMap(c).model().owners == ()  # off by default
    cmap.close()


def test_owners_checkbox_redraws():
    c = Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx")
    c.advance(15)
    cmap = ClusterMap(c, namespace="default")
    owners_box = cmap.widget.children[0].children[3]
    owners_box.value = True
    assert "Deployment" in cmap.widget.children[1].value and "ReplicaSet" in cmap.widget.children[1].value
    cmap.close()
