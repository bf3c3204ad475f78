"""kind's local-path provisioner serves a node's folder, so it provisions only ReadWriteOnce and
ReadWriteOncePod claims: any other mode leaves the claim Pending with its ProvisioningFailed event."""
import pytest

from engine import Cluster

CLAIM_AND_POD = """apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: shared}}
spec:
  accessModes: [{modes}]
  resources: {{requests: {{storage: 1Gi}}}}
---
apiVersion: v1
kind: Pod
metadata: {{name: user}}
spec:
  containers:
  - {{name: app, image: busybox, command: [sleep, "3600"], volumeMounts: [{{name: data, mountPath: /data}}]}}
  volumes: [{{name: data, persistentVolumeClaim: {{claimName: shared}}}}]
"""


def provisioner_events(c):
    return [(e["type"], e["reason"], e["message"]) for e in c.api.list("events", "default")["items"]
            if e["involvedObject"]["name"] == "shared" and e["source"].get("component", "").startswith("rancher.io")]


@pytest.mark.parametrize("modes", ["ReadWriteMany", "ReadOnlyMany", "ReadWriteOnce, ReadWriteMany"])
def test_a_claim_for_many_nodes_is_refused_and_stays_pending(modes):
    c = Cluster(workers=1)
    c.apply(CLAIM_AND_POD.format(modes=modes))
    c.advance(20)
    assert provisioner_events(c) == [
        ("Normal", "Provisioning", 'External provisioner is provisioning volume for claim "default/shared"'),
        ("Warning", "ProvisioningFailed", 'failed to provision volume with StorageClass "standard": NodePath only '
                                          "supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes")]
    assert c.kubectl("get pvc shared --no-headers").stdout.split()[:2] == ["shared", "Pending"]
    assert c.api.list("persistentvolumes")["items"] == []
    assert c.kubectl("get pod user --no-headers").stdout.split()[2] == "Pending"


@pytest.mark.parametrize("modes", ["ReadWriteOnce", "ReadWriteOncePod"])
def test_one_node_modes_are_provisioned(modes):
    c = Cluster(workers=1)
    c.apply(CLAIM_AND_POD.format(modes=modes))
    c.advance(20)
    assert [reason for _, reason, _ in provisioner_events(c)] == ["Provisioning", "ProvisioningSucceeded"]
    assert c.kubectl("get pvc shared --no-headers").stdout.split()[:2] == ["shared", "Bound"]
