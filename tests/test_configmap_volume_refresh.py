"""An updated ConfigMap reaches the files mounted from it at the kubelet's next periodic pod sync (60-90 s),
written atomically (a new timestamped directory that ..data swaps to); environment variables keep the
value the container started with."""
from engine import Cluster

POD = """apiVersion: v1
kind: Pod
metadata: {name: reader}
spec:
  containers:
  - name: c
    image: busybox
    command: [sleep, '3600']
    volumeMounts: [{name: cfg, mountPath: /etc/cfg}]
    env: [{name: COLOR, valueFrom: {configMapKeyRef: {name: settings, key: color}}}]
  volumes: [{name: cfg, configMap: {name: settings}}]
"""


def test_mounted_file_follows_the_configmap_env_does_not():
    c = Cluster(workers=1)
    c.kubectl("create configmap settings --from-literal=color=blue")
    c.apply(POD)
    c.advance(15)
    before = c.kubectl("exec reader -- ls -a /etc/cfg").stdout.split()
    c.kubectl(["patch", "configmap", "settings", "-p", '{"data":{"color":"green"}}'])
    assert c.kubectl("exec reader -- cat /etc/cfg/color").stdout == "blue"
    c.advance(95)
    assert c.kubectl("exec reader -- cat /etc/cfg/color").stdout == "green"
    assert c.kubectl("exec reader -- printenv COLOR").stdout == "blue\n"
    after = c.kubectl("exec reader -- ls -a /etc/cfg").stdout.split()
    stamp = [name for name in after if name.startswith("..2")]
    assert len(stamp) == 1 and stamp[0] not in before  # a new timestamped directory


def test_an_unchanged_configmap_is_not_rewritten():
    c = Cluster(workers=1)
    c.kubectl("create configmap settings --from-literal=color=blue")
    c.apply(POD)
    c.advance(15)
    before = c.kubectl("exec reader -- ls -a /etc/cfg").stdout
    c.advance(200)
    assert c.kubectl("exec reader -- ls -a /etc/cfg").stdout == before


def test_periodic_sync_survives_an_api_outage():
    c = Cluster(workers=1)
    c.kubectl("create configmap settings --from-literal=color=blue")
    c.apply(POD)
    c.advance(15)
    c.etcd.stop("control-plane")
    c.advance(200)  # several periodic syncs find the API unavailable
    c.etcd.start("control-plane")
    c.advance(5)
    c.kubectl(["patch", "configmap", "settings", "-p", '{"data":{"color":"red"}}'])
    c.advance(95)
    assert c.kubectl("exec reader -- cat /etc/cfg/color").stdout == "red"
