"""metadata.managedFields on every write (the apiserver's field manager): who owns which fields, hidden by
kubectl get -o yaml|json unless --show-managed-fields."""
from engine import Cluster
from engine.api import managedfields


def managers(obj):
    return [(e["manager"], e["operation"], e.get("subresource", "")) for e in obj["metadata"]["managedFields"]]


def test_create_records_the_kubectl_create_manager_and_get_hides_it_by_default():
    c = Cluster(workers=1)
    c.kubectl("create configmap cm --from-literal=a=b")
    plain = c.kubectl("get cm cm -o yaml").stdout
    assert "managedFields" not in plain
    assert "managedFields" not in c.kubectl("get cm -o json").stdout
    shown = c.kubectl("get cm cm -o yaml --show-managed-fields").stdout
    assert shown == plain.replace('''  creationTimestamp: "2025-01-01T00:00:27Z"
''', '''  creationTimestamp: "2025-01-01T00:00:27Z"
  managedFields:
  - apiVersion: v1
    fieldsType: FieldsV1
    fieldsV1:
      f:data:
        .: {}
        f:a: {}
    manager: kubectl-create
    operation: Update
    time: "2025-01-01T00:00:27Z"
''')
    assert shown != plain


def test_a_created_deployment_owns_its_defaulted_spec_as_the_real_apiserver_records_it():
    c = Cluster(workers=1)
    c.kubectl("create deployment nginx --image=nginx")
    entry = next(e for e in c.api.get("deployments", "nginx")["metadata"]["managedFields"]
                 if e["manager"] == "kubectl-create")
    assert entry["fieldsV1"] == {
        "f:metadata": {"f:labels": {".": {}, "f:app": {}}},
        "f:spec": {"f:progressDeadlineSeconds": {}, "f:replicas": {}, "f:revisionHistoryLimit": {},
                   "f:selector": {},
                   "f:strategy": {"f:rollingUpdate": {".": {}, "f:maxSurge": {}, "f:maxUnavailable": {}},
                                  "f:type": {}},
                   "f:template": {"f:metadata": {"f:labels": {".": {}, "f:app": {}}},
                                  "f:spec": {"f:containers": {'k:{"name":"nginx"}': {
                                      ".": {}, "f:image": {}, "f:imagePullPolicy": {}, "f:name": {},
                                      "f:resources": {}, "f:terminationMessagePath": {},
                                      "f:terminationMessagePolicy": {}}},
                                      "f:dnsPolicy": {}, "f:restartPolicy": {}, "f:schedulerName": {},
                                      "f:securityContext": {}, "f:terminationGracePeriodSeconds": {}}}}}
    assert (entry["manager"], entry["operation"], entry["apiVersion"]) == ("kubectl-create", "Update", "apps/v1")


def test_controllers_and_kubelets_write_under_their_own_names_with_the_status_subresource():
    c = Cluster(workers=1)
    c.kubectl("create deployment nginx --image=nginx")
    c.advance(5)
    assert managers(c.api.get("deployments", "nginx")) == [
        ("kubectl-create", "Update", ""), ("kube-controller-manager", "Update", "status")]
    pod = c.api.list("pods", namespace="default")["items"][0]
    assert managers(pod) == [("kube-controller-manager", "Update", ""), ("kubelet", "Update", "status")]
    status = next(e for e in pod["metadata"]["managedFields"] if e["manager"] == "kubelet")["fieldsV1"]
    assert list(status) == ["f:status"]
    assert status["f:status"]["f:podIPs"]["."] == {}
    node = c.api.get("nodes", "worker-1")
    assert managers(node) == [("kubelet", "Update", ""), ("flanneld", "Update", ""), ("flanneld", "Update", "status")]


def test_another_manager_takes_the_fields_it_changes():
    c = Cluster(workers=1)
    c.kubectl("create configmap cm --from-literal=a=b")
    c.kubectl("""patch cm cm -p '{"data":{"a":"c","x":"y"}}'""")
    fields = {e["manager"]: e["fieldsV1"] for e in c.api.get("configmaps", "cm")["metadata"]["managedFields"]}
    assert fields == {"kubectl-create": {"f:data": {}}, "kubectl-patch": {"f:data": {"f:a": {}, "f:x": {}}}}
    c.advance(3)
    c.kubectl("label cm cm team=blue --field-manager=me")
    assert managers(c.api.get("configmaps", "cm")) == [
        ("kubectl-create", "Update", ""), ("kubectl-patch", "Update", ""), ("me", "Update", "")]


def test_field_paths_print_as_the_conflict_messages_show_them():
    assert managedfields.path_string(("f:spec", "f:template", "f:spec", "f:containers", 'k:{"name":"nginx"}',
                                      "f:ports", 'k:{"containerPort":80,"protocol":"TCP"}')) == \
        '.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]'
    assert managedfields.path_string(("f:metadata", "f:finalizers", 'v:"a"')) == '.metadata.finalizers[="a"]'


def test_every_printing_verb_keeps_them_only_with_show_managed_fields():
    c = Cluster(workers=1)
    created = c.kubectl("create configmap cm --from-literal=a=b -o yaml").stdout
    assert "managedFields" not in created and "name: cm" in created
    shown = c.kubectl("label cm cm x=y -o yaml --show-managed-fields").stdout
    assert "    manager: kubectl-label\n" in shown and "    manager: kubectl-create\n" in shown
    assert "managedFields" not in c.kubectl("get cm cm -o yaml").stdout


def test_bootstrap_objects_name_who_wrote_them():
    c = Cluster(workers=1, wait=False)
    written = {(kind, name): managers(c.api.get(kind, name, ns))[-1][0] for kind, name, ns in [
        ("clusterroles", "admin", None), ("configmaps", "kube-proxy", "kube-system"),
        ("daemonsets", "kube-flannel-ds", "kube-flannel"), ("namespaces", "default", None),
        ("services", "kubernetes", "default"), ("leases", "worker-1", "kube-node-lease")]}
    assert written == {("clusterroles", "admin"): "kube-apiserver", ("configmaps", "kube-proxy"): "kubeadm",
                       ("daemonsets", "kube-flannel-ds"): "kubectl-client-side-apply",
                       ("namespaces", "default"): "kube-apiserver", ("services", "kubernetes"): "kube-apiserver",
                       ("leases", "worker-1"): "kubelet"}


def test_raw_and_jsonpath_see_them_describe_does_not():
    c = Cluster(workers=1)
    c.kubectl("create configmap cm --from-literal=a=b")
    raw = c.kubectl("get --raw /api/v1/namespaces/default/configmaps/cm").stdout
    assert '"managedFields":[{"manager":"kubectl-create","operation":"Update","apiVersion":"v1",' in raw
    assert c.kubectl("get cm cm -o jsonpath={.metadata.managedFields[*].manager}").stdout == "kubectl-create"
    assert "managed" not in c.kubectl("describe cm cm").stdout.lower()
