"""PersistentVolumes in virtual time: the persistent-volume-binder (static binding, pre-binding,
reclaim), kind's local-path provisioner behind `standard`, the scheduler's VolumeBinding, data kept
across pods and nodes, and the `web` StatefulSet's claims."""
import pytest

from engine import Cluster

NOT_HELPFUL = "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.."


def pv(name, size="1Gi", modes=("ReadWriteOnce",), policy=None, cls=None, source="hostPath: {path: /srv/%s}",
       extra=""):
    lines = [f"apiVersion: v1\nkind: PersistentVolume\nmetadata: {{name: {name}}}\nspec:",
             f"  capacity: {{storage: {size}}}", f"  accessModes: [{', '.join(modes)}]", "  " + source.replace("%s", name)]
    if policy:
        lines.append(f"  persistentVolumeReclaimPolicy: {policy}")
    if cls is not None:
        lines.append(f"  storageClassName: {cls!r}" if cls == "" else f"  storageClassName: {cls}")
    return "\n".join(lines) + "\n" + extra


def pvc(name, size="1Gi", cls=None, modes=("ReadWriteOnce",), extra=""):
    text = (f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: {name}}}\nspec:\n"
            f"  accessModes: [{', '.join(modes)}]\n  resources: {{requests: {{storage: {size}}}}}\n")
    if cls is not None:
        text += f"  storageClassName: {cls!r}\n" if cls == "" else f"  storageClassName: {cls}\n"
    return text + extra


def pod(name, claim, command="sleep 3600", extra=""):
    return f"""apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
{extra}  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, '{command}']
    volumeMounts: [{{name: data, mountPath: /data}}]
  volumes: [{{name: data, persistentVolumeClaim: {{claimName: {claim}}}}}]
"""


def events(c, name, kind=None):
    items = [e for e in c.api.list("events", "default")["items"] if e["involvedObject"].get("name") == name
             and (kind is None or e["involvedObject"]["kind"] == kind)]
    items.sort(key=lambda e: (e.get("firstTimestamp") or e.get("eventTime") or "", e["metadata"]["name"]))
    return [(e["type"], e["reason"], e.get("note") or e["message"]) for e in items]


def annotations(obj):
    """The object's annotations but kubectl apply's own."""
    found = dict(obj["metadata"].get("annotations") or {})
    found.pop("kubectl.kubernetes.io/last-applied-configuration", None)
    return found


def phase(c, plural, name):
    namespace = "default" if plural == "persistentvolumeclaims" else None
    return c.api.get(plural, name, namespace)["status"]["phase"]


@pytest.fixture
def c():
    return Cluster(workers=3, addons=False)


def test_claim_binds_to_the_smallest_available_volume_that_fits(c):
    c.apply(pv("big", "5Gi", ("ReadWriteOnce", "ReadWriteMany"), source="nfs: {server: 10.0.0.5, path: /exports}"))
    c.apply(pv("small", "1Gi", policy="Retain"))
    c.apply(pv("tiny", "100Mi"))
    c.apply(pv("other-class", "1Gi", cls="fast"))
    c.advance(1)
    assert {v: phase(c, "persistentvolumes", v) for v in ("big", "small", "tiny", "other-class")} == \
        dict.fromkeys(("big", "small", "tiny", "other-class"), "Available")
    c.apply(pvc("claim", "500Mi", cls=""))
    c.advance(0)
    claim, volume = c.api.get("persistentvolumeclaims", "claim", "default"), c.api.get("persistentvolumes", "small")
    assert claim["spec"]["volumeName"] == "small"
    assert annotations(claim) == {"pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes"}
    assert claim["status"] == {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}}
    assert annotations(volume) == {"pv.kubernetes.io/bound-by-controller": "yes"}
    assert volume["spec"]["claimRef"] == {"kind": "PersistentVolumeClaim", "namespace": "default", "name": "claim",
                                          "uid": claim["metadata"]["uid"], "apiVersion": "v1",
                                          "resourceVersion": volume["spec"]["claimRef"]["resourceVersion"]}
    assert volume["status"]["phase"] == "Bound"
    c.advance(5)
    assert c.kubectl("get pv,pvc").stdout == """\
NAME                           CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM           STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE
persistentvolume/big           5Gi        RWO,RWX        Retain           Available                                  <unset>                          6s
persistentvolume/other-class   1Gi        RWO            Retain           Available                   fast           <unset>                          6s
persistentvolume/small         1Gi        RWO            Retain           Bound       default/claim                  <unset>                          6s
persistentvolume/tiny          100Mi      RWO            Retain           Available                                  <unset>                          6s

NAME                          STATUS   VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
persistentvolumeclaim/claim   Bound    small    1Gi        RWO                           <unset>                 5s
"""


def test_access_modes_and_selector_narrow_the_match(c):
    c.apply(pv("rwo", "1Gi"))
    c.apply(pv("rwx", "2Gi", ("ReadWriteMany",), source="nfs: {server: 10.0.0.5, path: /x}"))
    c.apply(pv("labelled", "3Gi", extra="").replace("metadata: {name: labelled}",
                                                    "metadata: {name: labelled, labels: {tier: gold}}"))
    c.advance(1)
    c.apply(pvc("shared", "1Gi", cls="", modes=("ReadWriteMany",)))
    c.apply(pvc("gold", "1Gi", cls="", extra="  selector: {matchLabels: {tier: gold}}\n"))
    c.advance(0)
    assert c.api.get("persistentvolumeclaims", "shared", "default")["spec"]["volumeName"] == "rwx"
    assert c.api.get("persistentvolumeclaims", "gold", "default")["spec"]["volumeName"] == "labelled"
    assert phase(c, "persistentvolumes", "rwo") == "Available"


def test_unbound_immediate_claim_keeps_the_pod_pending_until_a_volume_appears(c):
    c.apply(pvc("data", "2Gi", cls=""))
    c.apply(pod("app", "data"))
    c.advance(5)
    assert c.kubectl("get pods").stdout == "NAME   READY   STATUS    RESTARTS   AGE\napp    0/1     Pending   0          5s\n"
    message = ("0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. " + NOT_HELPFUL)
    assert ("Warning", "FailedScheduling", message) in events(c, "app")
    condition = next(x for x in c.api.get("pods", "app")["status"]["conditions"] if x["type"] == "PodScheduled")
    assert (condition["reason"], condition["message"]) == ("Unschedulable", message)
    assert events(c, "data") == [("Normal", "FailedBinding",
                                  "no persistent volumes available for this claim and no storage class is set")]
    assert phase(c, "persistentvolumeclaims", "data") == "Pending"
    c.apply(pv("late", "2Gi"))
    c.advance(4)
    assert phase(c, "persistentvolumeclaims", "data") == "Pending"  # a new volume waits for the 15 s resync
    c.advance(16)
    assert phase(c, "persistentvolumeclaims", "data") == "Bound"
    assert c.api.get("pods", "app")["status"]["phase"] == "Running"
    counted = c.api.list("events", "default", field_selector="reason=FailedBinding")["items"]
    assert counted[0]["count"] == 2  # again at the resync, 15 s after the first


def test_missing_claim_and_claim_being_deleted_are_reported_by_the_scheduler(c):
    c.apply(pod("orphan", "absent"))
    c.advance(1)
    assert events(c, "orphan")[0] == ("Warning", "FailedScheduling",
                                      '0/4 nodes are available: persistentvolumeclaim "absent" not found. ' + NOT_HELPFUL)
    c.apply(pvc("absent", cls="standard"))
    c.advance(10)
    assert c.api.get("pods", "orphan")["status"]["phase"] == "Running"


def test_provisioning_failures_are_events_on_the_claim(c):
    c.apply(LOCAL.replace("local-storage", "manual").replace("WaitForFirstConsumer", "Immediate"))
    c.apply(pvc("manual", cls="manual"))
    c.apply(pvc("typo", cls="standrad"))
    c.advance(20)
    assert events(c, "manual") == [("Warning", "ProvisioningFailed",
                                    "no volume plugin matched name: kubernetes.io/no-provisioner")]
    assert events(c, "typo") == [("Warning", "ProvisioningFailed", 'storageclass.storage.k8s.io "standrad" not found')]
    failed = c.api.list("events", "default", field_selector="involvedObject.name=typo")["items"][0]
    assert failed["count"] == 3 and phase(c, "persistentvolumeclaims", "typo") == "Pending"  # made, resyncs at 30 and 45 s


def test_volume_name_and_claim_ref_pre_binding(c):
    c.apply(pv("reserved", "1Gi", extra="  claimRef: {namespace: default, name: mine}\n"))
    c.apply(pv("named", "1Gi"))
    c.apply(pv("small", "100Mi"))
    c.advance(1)
    assert phase(c, "persistentvolumes", "reserved") == "Available"
    c.apply(pvc("mine", "1Gi", cls=""))
    c.apply(pvc("wants", "1Gi", cls="", extra="  volumeName: named\n"))
    c.apply(pvc("other", "1Gi", cls=""))
    c.apply(pvc("toosmall", "1Gi", cls="", extra="  volumeName: small\n"))
    c.advance(0)
    claims = {n: c.api.get("persistentvolumeclaims", n, "default") for n in ("other", "mine", "wants", "toosmall")}
    assert claims["mine"]["spec"]["volumeName"] == "reserved"
    assert claims["other"]["status"]["phase"] == "Pending"  # the reserved volume is not for it
    assert claims["wants"]["spec"]["volumeName"] == "named" and claims["wants"]["status"]["phase"] == "Bound"
    # a user's binding carries no bound-by-controller annotation on the side the user wrote
    assert annotations(c.api.get("persistentvolumes", "reserved")) == {}
    assert annotations(claims["wants"]) == {"pv.kubernetes.io/bind-completed": "yes"}
    assert annotations(c.api.get("persistentvolumes", "named")) == {"pv.kubernetes.io/bound-by-controller": "yes"}
    assert claims["toosmall"]["status"]["phase"] == "Pending"
    assert events(c, "toosmall") == [("Warning", "VolumeMismatch",
                                      'Cannot bind to requested volume "small": requested PV is too small')]


def test_dynamic_provisioning_with_the_default_standard_class(c):
    c.apply(pvc("data"))
    c.advance(5)  # the binder looks again every 15 s: at 30 s of the cluster's life
    claim = c.api.get("persistentvolumeclaims", "data", "default")
    assert claim["spec"]["storageClassName"] == "standard"  # DefaultStorageClass admission
    assert events(c, "data") == [("Normal", "WaitForFirstConsumer",
                                  "waiting for first consumer to be created before binding")]
    waits = c.api.list("events", "default", field_selector="reason=WaitForFirstConsumer")["items"][0]
    assert waits["count"] == 2
    assert c.api.list("persistentvolumes")["items"] == []
    c.apply(pod("app", "data"))
    c.advance(6)
    uid = claim["metadata"]["uid"]
    node = c.api.get("pods", "app")["spec"]["nodeName"]
    waiting = ("Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or "
               "manually by the system administrator. If volume creation is delayed, please verify that the "
               "provisioner is running and correctly registered.")
    assert events(c, "data") == [
        ("Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding"),
        ("Normal", "ExternalProvisioning", waiting),
        ("Normal", "Provisioning", 'External provisioner is provisioning volume for claim "default/data"'),
        ("Normal", "ProvisioningSucceeded", f"Successfully provisioned volume pvc-{uid}")]
    external = c.api.list("events", "default", field_selector="reason=ExternalProvisioning")["items"][0]
    assert external["count"] == 2 and external["source"] == {"component": "persistentvolume-controller"}
    provisioned = c.api.list("events", "default", field_selector="reason=ProvisioningSucceeded")["items"][0]
    assert provisioned["source"]["component"].startswith("rancher.io/local-path_local-path-provisioner-")
    claim = c.api.get("persistentvolumeclaims", "data", "default")
    assert annotations(claim) == {"pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes",
                           "volume.beta.kubernetes.io/storage-provisioner": "rancher.io/local-path",
                           "volume.kubernetes.io/selected-node": node,
                           "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path"}
    volume = c.api.get("persistentvolumes", f"pvc-{uid}")
    assert volume["metadata"]["annotations"] == {"pv.kubernetes.io/provisioned-by": "rancher.io/local-path"}
    assert volume["metadata"]["finalizers"] == ["kubernetes.io/pv-protection"]
    spec = dict(volume["spec"])
    assert spec.pop("claimRef")["uid"] == uid
    assert spec == {
        "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
        "hostPath": {"path": f"/var/local-path-provisioner/pvc-{uid}_default_data", "type": "DirectoryOrCreate"},
        "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
            {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]}},
        "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "standard", "volumeMode": "Filesystem"}
    assert c.api.get("pods", "app")["status"]["phase"] == "Running"
    assert c.kubectl("get pvc").stdout == (
        "NAME   STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   "
        "VOLUMEATTRIBUTESCLASS   AGE\n"
        f"data   Bound    pvc-{uid}   1Gi        RWO            standard       <unset>                 11s\n")
    assert c.kubectl("get sc").stdout == """\
NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE
standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  38s
"""


def test_provisioned_data_survives_the_pod_and_the_volume_goes_with_the_claim(c):
    c.apply(pvc("data"))
    c.apply(pod("writer", "data", "echo saved > /data/f; sleep 3600"))
    c.advance(10)
    node = c.api.get("pods", "writer")["spec"]["nodeName"]
    volume = c.api.get("persistentvolumeclaims", "data", "default")["spec"]["volumeName"]
    c.kubectl("delete pod writer")
    c.advance(40)
    c.apply(pod("reader", "data"))
    c.advance(10)
    assert c.api.get("pods", "reader")["spec"]["nodeName"] == node  # the local volume pins it to the node
    assert c.api.pod_exec("reader", ["cat", "/data/f"])[0] == "saved\n"
    assert c.api.pod_exec("reader", ["ls", "-ld", "/data"])[0].startswith("drwxrwxrwx ")  # local-path's mkdir -m 0777
    c.kubectl("delete pod reader")
    c.kubectl("delete pvc data")
    c.advance(1)
    assert phase(c, "persistentvolumes", volume) == "Released"
    c.advance(40)
    # the empty PersistentVolume Table is a cluster-scoped info: no namespace in the message (get.go)
    assert c.kubectl("get pv,pvc").stderr == "No resources found\n"


def test_data_follows_a_network_volume_to_another_node(c):
    c.apply(pv("shared", "1Gi", ("ReadWriteMany",), source="nfs: {server: 10.0.0.5, path: /exports/shared}"))
    c.apply(pvc("shared", "1Gi", cls="", modes=("ReadWriteMany",)))
    c.apply(pod("writer", "shared", "echo from-one > /data/f; sleep 3600", "  nodeName: worker-1\n"))
    c.advance(15)
    c.kubectl("delete pod writer")
    c.advance(40)
    c.apply(pod("reader", "shared", extra="  nodeSelector: {kubernetes.io/hostname: worker-2}\n"))
    c.advance(15)
    assert c.api.get("pods", "reader")["spec"]["nodeName"] == "worker-2"
    assert c.api.pod_exec("reader", ["cat", "/data/f"])[0] == "from-one\n"


def test_reclaim_retain_keeps_a_released_volume_and_delete_of_a_hostpath_outside_tmp_fails(c):
    c.apply(pv("kept", "1Gi", policy="Retain"))
    c.apply(pv("scratch", "1Gi", policy="Delete", source="hostPath: {path: /tmp/scratch}"))
    c.apply(pv("stuck", "1Gi", policy="Delete"))
    c.advance(1)
    for name in ("kept", "scratch", "stuck"):
        c.apply(pvc(f"for-{name}", cls="", extra=f"  volumeName: {name}\n"))
    c.advance(1)
    assert {n: phase(c, "persistentvolumes", n) for n in ("kept", "scratch", "stuck")} == dict.fromkeys(
        ("kept", "scratch", "stuck"), "Bound")
    c.kubectl("delete pvc for-kept for-scratch for-stuck")
    c.advance(1)
    assert phase(c, "persistentvolumes", "kept") == "Released"
    assert [v["metadata"]["name"] for v in c.api.list("persistentvolumes")["items"]] == ["kept", "stuck"]
    stuck = c.api.get("persistentvolumes", "stuck")
    problem = "host_path deleter only supports /tmp/.+ but received provided /srv/stuck"
    assert stuck["status"]["phase"] == "Failed" and stuck["status"]["message"] == problem
    assert events(c, "stuck", "PersistentVolume") == [("Warning", "VolumeFailedDelete", problem)]
    assert c.kubectl("get pv").stdout == """\
NAME    CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS     CLAIM               STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE
kept    1Gi        RWO            Retain           Released   default/for-kept                   <unset>                          3s
stuck   1Gi        RWO            Delete           Failed     default/for-stuck                  <unset>                          3s
"""


LOCAL = """\
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local-storage}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
"""


def local_pv(name, node):
    return pv(name, "1Gi", cls="local-storage", source=f"local: {{path: /mnt/{name}}}",
              extra="  nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: "
                    f"[{{key: kubernetes.io/hostname, operator: In, values: [{node}]}}]}}]}}}}\n")


def test_wait_for_first_consumer_binds_a_local_volume_on_the_node_the_pod_goes_to(c):
    c.apply(LOCAL)
    c.apply(local_pv("local-2", "worker-2"))
    c.apply(pvc("local", cls="local-storage"))
    c.advance(1)
    assert phase(c, "persistentvolumeclaims", "local") == "Pending"
    assert phase(c, "persistentvolumes", "local-2") == "Available"
    c.apply(pod("app", "local"))
    c.advance(5)
    assert c.api.get("pods", "app")["spec"]["nodeName"] == "worker-2"
    volume = c.api.get("persistentvolumes", "local-2")
    assert volume["status"]["phase"] == "Bound"
    assert annotations(volume) == {"pv.kubernetes.io/bound-by-controller": "yes"}
    claim = c.api.get("persistentvolumeclaims", "local", "default")
    assert "volume.kubernetes.io/selected-node" not in claim["metadata"]["annotations"]  # bound, not provisioned
    c.apply(pvc("second", cls="local-storage"))
    c.apply(pod("second", "second"))
    c.advance(5)
    message = ("0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
               "3 node(s) didn't find available persistent volumes to bind. " + NOT_HELPFUL)
    assert ("Warning", "FailedScheduling", message) in events(c, "second")


def test_a_bound_volume_pins_its_pods_to_the_nodes_it_allows(c):
    c.apply(LOCAL)
    c.apply(local_pv("local-1", "worker-1"))
    c.apply(pvc("data", cls="local-storage", extra="  volumeName: local-1\n"))
    c.advance(1)
    assert phase(c, "persistentvolumeclaims", "data") == "Bound"
    c.apply(pod("elsewhere", "data", extra="  nodeSelector: {kubernetes.io/hostname: worker-3}\n"))
    c.advance(2)
    # PreFilter narrows the nodes to the ones the local volume names by hostname
    message = ("0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
               "3 node(s) didn't satisfy plugin(s) [VolumeBinding]. " + NOT_HELPFUL)
    assert ("Warning", "FailedScheduling", message) in events(c, "elsewhere")
    c.kubectl("delete pod elsewhere --now")
    c.apply(pod("here", "data"))
    c.advance(5)
    assert c.api.get("pods", "here")["spec"]["nodeName"] == "worker-1"


def test_volume_node_affinity_on_other_labels_is_checked_per_node(c):
    c.apply(pv("zoned", "1Gi", extra="  nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: "
                                     "[{key: disk, operator: In, values: [ssd]}]}]}}\n"))
    c.apply(pvc("data", cls="", extra="  volumeName: zoned\n"))
    c.apply(pod("app", "data"))
    c.advance(2)
    message = ("0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
               "3 node(s) had volume node affinity conflict. " + NOT_HELPFUL)
    assert events(c, "app") == [("Warning", "FailedScheduling", message)]
    c.kubectl("label node worker-2 disk=ssd")
    c.advance(5)
    assert c.api.get("pods", "app")["spec"]["nodeName"] == "worker-2"


WEB = """
apiVersion: v1
kind: Service
metadata: {name: nginx, labels: {app: nginx}}
spec:
  ports: [{port: 80, name: web}]
  clusterIP: None
  selector: {app: nginx}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  selector: {matchLabels: {app: nginx}}
  serviceName: nginx
  replicas: 3
  minReadySeconds: 10
  template:
    metadata: {labels: {app: nginx}}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: nginx
        ports: [{containerPort: 80, name: web}]
        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: standard
      resources: {requests: {storage: 1Gi}}
"""


def claims(c):
    return {p["metadata"]["name"]: (p["status"]["phase"], p["spec"].get("volumeName"))
            for p in c.api.list("persistentvolumeclaims", "default")["items"]}


def test_web_statefulset_claims_are_provisioned_bound_and_kept():
    c = Cluster(workers=3)
    c.apply(WEB)
    c.advance(90)
    assert sorted(claims(c)) == ["www-web-0", "www-web-1", "www-web-2"]
    assert all(state == "Bound" for state, _ in claims(c).values())
    c.kubectl("scale statefulset web --replicas=5")
    c.advance(60)
    c.kubectl("scale statefulset web --replicas=3")
    c.advance(60)
    bound = claims(c)
    assert sorted(bound) == [f"www-web-{i}" for i in range(5)]
    assert all(state == "Bound" for state, _ in bound.values())
    assert sorted(p["metadata"]["name"] for p in c.api.list("pods", "default")["items"]) == ["web-0", "web-1", "web-2"]
    assert all(phase(c, "persistentvolumes", volume) == "Bound" for _, volume in bound.values())
    c.api.pod_exec("web-1", ["sh", "-c", "echo web-1 > /usr/share/nginx/html/index.html"])
    c.kubectl("delete pod web-1")
    c.advance(60)
    web1 = c.api.get("pods", "web-1")
    assert web1["status"]["phase"] == "Running"
    assert {"name": "www", "persistentVolumeClaim": {"claimName": "www-web-1"}} in web1["spec"]["volumes"]
    assert claims(c)["www-web-1"] == bound["www-web-1"]
    assert c.api.pod_exec("web-1", ["cat", "/usr/share/nginx/html/index.html"])[0] == "web-1\n"


def test_a_provisioner_that_never_answers_times_out_the_scheduler_prebind():
    c = Cluster(workers=1, addons=False)
    c.apply(LOCAL.replace("local-storage", "remote").replace("kubernetes.io/no-provisioner", "example.com/absent"))
    c.apply(pvc("data", cls="remote"))
    c.apply(pod("app", "data"))
    c.advance(5)
    claim = c.api.get("persistentvolumeclaims", "data", "default")
    assert annotations(claim) == {"volume.kubernetes.io/selected-node": "worker-1",
                                  "volume.beta.kubernetes.io/storage-provisioner": "example.com/absent",
                                  "volume.kubernetes.io/storage-provisioner": "example.com/absent"}
    assert c.api.get("pods", "app")["spec"].get("nodeName") is None  # PreBind waits for the claim
    c.advance(600)
    assert ("Warning", "FailedScheduling",
            'running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded') in events(c, "app")
    c.apply(pv("late", "1Gi", cls="remote", extra="  claimRef: {namespace: default, name: data}\n"))
    c.advance(15)  # a volume made for the claim by hand is bound at the binder's next resync
    assert phase(c, "persistentvolumeclaims", "data") == "Bound"
    c.advance(15)
    assert c.api.get("pods", "app")["spec"]["nodeName"] == "worker-1"
