"""The simulated cloud provider's service controller: LoadBalancer Services get an address from the
pool after the cloud's few seconds, with the finalizer and events; leaving LoadBalancer or deleting the
Service releases it; kubeadm's cluster without the course's addons keeps them <pending>."""
from engine import Cluster


def svc_row(c, name):
    return c.kubectl(f"get svc {name} --no-headers").stdout.split()


def test_load_balancer_address_then_release():
    c = Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx --port=80")
    c.kubectl("expose deployment web --type=LoadBalancer")
    assert svc_row(c, "web")[3] == "<pending>"
    c.advance(6)
    assert svc_row(c, "web")[3] == "172.18.255.200"
    svc = c.api.get("services", "web", "default")
    assert svc["metadata"]["finalizers"] == ["service.kubernetes.io/load-balancer-cleanup"]
    assert svc["status"]["loadBalancer"] == {"ingress": [{"ip": "172.18.255.200", "ipMode": "VIP"}]}
    describe = c.kubectl("describe svc web").stdout
    assert "LoadBalancer Ingress:     172.18.255.200 (VIP)\n" in describe
    assert "Normal  EnsuringLoadBalancer  6s    service-controller  Ensuring load balancer\n" in describe
    c.kubectl("expose deployment web --name=second --type=LoadBalancer --port=8080")
    c.advance(6)
    assert svc_row(c, "second")[3] == "172.18.255.201"
    c.api.patch("services", "web", {"spec": {"type": "NodePort"}}, "application/merge-patch+json", "default")
    c.advance(1)
    svc = c.api.get("services", "web", "default")
    assert svc["status"]["loadBalancer"] == {} and "finalizers" not in svc["metadata"]
    reasons = [e["reason"] for e in c.api.list("events", "default")["items"]
               if e["involvedObject"]["name"] == "web" and e["source"]["component"] == "service-controller"]
    assert reasons == ["EnsuringLoadBalancer", "EnsuredLoadBalancer", "DeletingLoadBalancer", "DeletedLoadBalancer"]
    assert c.kubectl("delete svc second").stdout == 'service "second" deleted\n'
    c.advance(1)
    assert c.kubectl("get svc second").exit_code == 1


def test_without_addons_there_is_no_cloud_and_the_address_stays_pending():
    c = Cluster(workers=1, addons=False)
    c.kubectl("create service loadbalancer web --tcp=80:80")
    c.advance(60)
    assert svc_row(c, "web")[3] == "<pending>"
