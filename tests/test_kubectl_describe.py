"""`kubectl describe`: the layouts of pkg/describe (tabwriter alignment, containers, probes, volumes,
events with repeat counts) for pods, workloads, services, nodes, config and namespaces."""
import pytest

from engine import Cluster
from engine.kubectl.tabwriter import TabWriter

LIVENESS = """
apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox
    args: [/bin/sh, -c, touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600]
    livenessProbe:
      exec:
        command: [cat, /tmp/healthy]
      initialDelaySeconds: 5
      periodSeconds: 5
"""


def test_tabwriter_aligns_blocks_and_a_line_without_tabs_ends_them():
    w = TabWriter()
    w.write("Name:\tweb\nNamespace:\tdefault\nContainers:\n  nginx:\n    Image:\tnginx\n    Host Port:\t<none>\n")
    w.write("Conditions:\n  Type\tStatus\n  Ready \tTrue \n  PodScheduled \tTrue \n")
    assert w.getvalue() == (
        "Name:       web\nNamespace:  default\nContainers:\n  nginx:\n    Image:      nginx\n    Host Port:  <none>\n"
        "Conditions:\n  Type           Status\n  Ready          True \n  PodScheduled   True \n")


def test_nested_columns_align_within_their_own_block():
    w = TabWriter()
    w.write("a\tb\tc\naaaa\tbb\nx\ty\tzzz\n")
    assert w.getvalue() == "a     b  c\naaaa  bb\nx     y  zzz\n"  # the short middle line splits column 2


@pytest.fixture(scope="module")
def liveness():
    c = Cluster(workers=1)
    c.apply(LIVENESS)
    c.advance(80)
    return c


def test_describe_pod_after_a_liveness_restart(liveness):
    out = liveness.kubectl("describe pod liveness-exec").stdout
    head, _, rest = out.partition("Containers:\n")
    assert head == (
        "Name:             liveness-exec\n"
        "Namespace:        default\n"
        "Priority:         0\n"
        "Service Account:  default\n"
        "Node:             worker-1/172.18.0.3\n"
        "Start Time:       Wed, 01 Jan 2025 00:00:27 +0000\n"
        "Labels:           test=liveness\n"
        "Annotations:      <none>\n"
        "Status:           Running\n"
        "IP:               10.244.1.3\n"
        "IPs:\n"
        "  IP:  10.244.1.3\n")
    containers, _, rest = rest.partition("Conditions:\n")
    lines = containers.splitlines()
    assert lines[0] == "  liveness:"
    assert lines[1].startswith("    Container ID:  containerd://")
    assert lines[3].startswith("    Image ID:      registry.k8s.io/busybox@sha256:")
    assert lines[2:3] + lines[4:] == [
        "    Image:         registry.k8s.io/busybox",
        "    Port:          <none>",
        "    Host Port:     <none>",
        "    Args:",
        "      /bin/sh",
        "      -c",
        "      touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600",
        "    State:          Running",
        "      Started:      Wed, 01 Jan 2025 00:01:42 +0000",
        "    Last State:     Terminated",
        "      Reason:       Error",
        "      Exit Code:    137",
        "      Started:      Wed, 01 Jan 2025 00:00:28 +0000",
        "      Finished:     Wed, 01 Jan 2025 00:01:42 +0000",
        "    Ready:          True",
        "    Restart Count:  1",
        "    Liveness:       exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3",
        "    Environment:    <none>",
        "    Mounts:",
        f"      /var/run/secrets/kubernetes.io/serviceaccount from {volume_name(liveness)} (ro)"]
    volume = volume_name(liveness)
    assert rest == (
        "  Type                        Status\n"
        "  PodReadyToStartContainers   True \n"
        "  Initialized                 True \n"
        "  Ready                       True \n"
        "  ContainersReady             True \n"
        "  PodScheduled                True \n"
        "Volumes:\n"
        f"  {volume}:\n"
        "    Type:                    Projected (a volume that contains injected data from multiple sources)\n"
        "    TokenExpirationSeconds:  3607\n"
        "    ConfigMapName:           kube-root-ca.crt\n"
        "    ConfigMapOptional:       <nil>\n"
        "    DownwardAPI:             true\n"
        "QoS Class:                   BestEffort\n"
        "Node-Selectors:              <none>\n"
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
        "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
        "Events:\n"
        "  Type     Reason     Age                From               Message\n"
        "  ----     ------     ----               ----               -------\n"
        "  Normal   Scheduled  79s                default-scheduler  Successfully assigned default/liveness-exec to worker-1\n"
        '  Normal   Pulled     79s                kubelet            Successfully pulled image "registry.k8s.io/busybox" in 644ms (644ms including waiting). Image size: 1093856 bytes.\n'
        "  Warning  Unhealthy  35s (x3 over 45s)  kubelet            Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n"
        "  Normal   Killing    35s                kubelet            Container liveness failed liveness probe, will be restarted\n"
        '  Normal   Pulling    5s (x2 over 80s)   kubelet            Pulling image "registry.k8s.io/busybox"\n'
        "  Normal   Created    5s (x2 over 79s)   kubelet            Created container: liveness\n"
        "  Normal   Started    5s (x2 over 79s)   kubelet            Started container liveness\n"
        '  Normal   Pulled     5s                 kubelet            Successfully pulled image "registry.k8s.io/busybox" in 600ms (600ms including waiting). Image size: 1093856 bytes.\n')


def volume_name(c):
    return c.api.get("pods", "liveness-exec", "default")["spec"]["volumes"][0]["name"]


def test_describe_without_events_and_errors(liveness):
    out = liveness.kubectl("describe pod liveness-exec --show-events=false").stdout
    assert "Events" not in out and out.endswith("op=Exists for 300s\n")
    r = liveness.kubectl("describe pod nope")
    assert (r.stdout, r.stderr, r.exit_code) == ("", 'Error from server (NotFound): pods "nope" not found\n', 1)
    r = liveness.kubectl("describe")
    assert r.stderr == ('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a '
                        "complete list of supported resources.\n")
    r = liveness.kubectl("describe svc,ns nope")
    assert r.stderr == "error: you may only specify a single resource type\n"
    assert liveness.kubectl("describe pods -l test=none").stderr == "No resources found in default namespace.\n"


@pytest.fixture(scope="module")
def web():
    c = Cluster(workers=1)
    c.kubectl("create deployment nginx --image=nginx:1.14.2 --replicas=2")
    c.advance(20)
    return c


def test_describe_deployment(web):
    assert web.kubectl("describe deploy nginx").stdout == (
        "Name:                   nginx\n"
        "Namespace:              default\n"
        "CreationTimestamp:      Wed, 01 Jan 2025 00:00:27 +0000\n"
        "Labels:                 app=nginx\n"
        "Annotations:            deployment.kubernetes.io/revision: 1\n"
        "Selector:               app=nginx\n"
        "Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n"
        "StrategyType:           RollingUpdate\n"
        "MinReadySeconds:        0\n"
        "RollingUpdateStrategy:  25% max unavailable, 25% max surge\n"
        "Pod Template:\n"
        "  Labels:  app=nginx\n"
        "  Containers:\n"
        "   nginx:\n"
        "    Image:         nginx:1.14.2\n"
        "    Port:          <none>\n"
        "    Host Port:     <none>\n"
        "    Environment:   <none>\n"
        "    Mounts:        <none>\n"
        "  Volumes:         <none>\n"
        "  Node-Selectors:  <none>\n"
        "  Tolerations:     <none>\n"
        "Conditions:\n"
        "  Type           Status  Reason\n"
        "  ----           ------  ------\n"
        "  Available      True    MinimumReplicasAvailable\n"
        "  Progressing    True    NewReplicaSetAvailable\n"
        "OldReplicaSets:  <none>\n"
        f"NewReplicaSet:   {rs_name(web)} (2/2 replicas created)\n"
        "Events:\n"
        "  Type    Reason             Age   From                   Message\n"
        "  ----    ------             ----  ----                   -------\n"
        f"  Normal  ScalingReplicaSet  20s   deployment-controller  Scaled up replica set {rs_name(web)} from 0 to 2\n")


def rs_name(c):
    return c.api.list("replicasets", "default")["items"][0]["metadata"]["name"]


def test_describe_replicaset_counts_its_pods(web):
    out = web.kubectl(f"describe rs {rs_name(web)}").stdout
    assert f"Controlled By:  Deployment/nginx\nReplicas:       2 current / 2 desired\n" \
           "Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed\nPod Template:\n" in out
    assert out.count("replicaset-controller  Created pod: nginx-") == 2


def test_describe_by_name_prefix_and_several_objects(web):
    pods = sorted(p["metadata"]["name"] for p in web.api.list("pods", "default")["items"])
    by_prefix = web.kubectl("describe pods ngin").stdout
    singles = [web.kubectl(f"describe pod {name}").stdout for name in pods]
    assert by_prefix == "".join(s + "\n" for s in singles)
    assert web.kubectl("describe pods").stdout == "\n\n".join(singles)


def test_describe_service_node_and_namespace(web):
    assert web.kubectl("describe svc kubernetes").stdout == (
        "Name:                     kubernetes\n"
        "Namespace:                default\n"
        "Labels:                   component=apiserver\n"
        "                          provider=kubernetes\n"
        "Annotations:              <none>\n"
        "Selector:                 <none>\n"
        "Type:                     ClusterIP\n"
        "IP Family Policy:         SingleStack\n"
        "IP Families:              IPv4\n"
        "IP:                       10.96.0.1\n"
        "IPs:                      10.96.0.1\n"
        "Port:                     https  443/TCP\n"
        "TargetPort:               6443/TCP\n"
        "Endpoints:                172.18.0.2:6443\n"
        "Session Affinity:         None\n"
        "Internal Traffic Policy:  Cluster\n"
        "Events:                   <none>\n")
    node = web.kubectl("describe node worker-1").stdout
    assert node.startswith("Name:               worker-1\nRoles:              <none>\n")
    assert "Taints:             <none>\nUnschedulable:      false\nLease:\n  HolderIdentity:  worker-1\n" in node
    assert "  cpu                200m (5%)   0 (0%)\n  memory             120Mi (1%)  170Mi (2%)\n" in node
    assert "Non-terminated Pods:          (5 in total)\n" in node
    assert "Registered Node worker-1 in Controller\n" in node
    web.apply("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec: {hard: {pods: '4', cpu: '2'}}\n")
    web.advance(1)
    assert web.kubectl("describe ns default").stdout == (
        "Name:         default\n"
        "Labels:       kubernetes.io/metadata.name=default\n"
        "Annotations:  <none>\n"
        "Status:       Active\n"
        "\n"
        "Resource Quotas\n"
        "  Name:     q\n"
        "  Resource  Used  Hard\n"
        "  --------  ---   ---\n"
        "  cpu       0     2\n"
        "  pods      2     4\n"
        "\n"
        "No LimitRange resource.\n")


def test_describe_configmap_secret_and_generic_kinds(web):
    web.apply("""
apiVersion: v1
kind: ConfigMap
metadata: {name: game}
data: {lives: "3", name: x}
---
apiVersion: v1
kind: Secret
metadata: {name: s}
stringData: {password: abc}
""")
    assert web.kubectl("describe cm game").stdout == (
        "Name:         game\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\n"
        "Data\n====\nlives:\n----\n3\n\nname:\n----\nx\n\n\nBinaryData\n====\n\nEvents:  <none>\n")
    assert web.kubectl("describe secret s").stdout == (
        "Name:         s\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\n"
        "Type:  Opaque\n\nData\n====\npassword:  3 bytes\n")
    lease = web.kubectl("describe lease worker-1 -n kube-node-lease").stdout
    assert lease.startswith("Name:         worker-1\nNamespace:    kube-node-lease\nLabels:       <none>\n"
                            "Annotations:  <none>\nAPI Version:  coordination.k8s.io/v1\nKind:         Lease\n"
                            "Metadata:\n  Creation Timestamp:  2025-01-01T00:00:00Z\n  Owner References:\n"
                            "    API Version:     v1\n    Kind:            Node\n    Name:            worker-1\n")
    assert "Spec:\n  Holder Identity:         worker-1\n  Lease Duration Seconds:  40\n" in lease
    assert lease.endswith("Events:                    <none>\n")


def test_describe_job_cronjob_and_daemonset():
    c = Cluster(workers=1)
    c.apply("""
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: pi, image: "perl:5.34.0", command: [perl, -Mbignum=bpi, -wle, print bpi(200)]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - {name: hello, image: "busybox:1.28", command: [sh, -c, date; echo Hello]}
""")
    c.advance(90)
    job = c.kubectl("describe job pi").stdout
    assert ("Parallelism:      1\nCompletions:      1\nCompletion Mode:  NonIndexed\nSuspend:          false\n"
            "Backoff Limit:    4\nStart Time:       Wed, 01 Jan 2025 00:00:27 +0000\n"
            "Completed At:     Wed, 01 Jan 2025 00:00:42 +0000\nDuration:         15s\n"
            "Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n") in job
    assert job.endswith("  Normal  Completed         75s   job-controller  Job completed\n")
    cron = c.kubectl("describe cronjob hello").stdout
    assert ("Schedule:                      * * * * *\nConcurrency Policy:            Allow\n"
            "Suspend:                       False\nSuccessful Job History Limit:  3\n"
            "Failed Job History Limit:      1\nStarting Deadline Seconds:     <unset>\n"
            "Selector:                      <unset>\n") in cron
    assert "Last Schedule Time:  Wed, 01 Jan 2025 00:01:00 +0000\nActive Jobs:         <none>\n" in cron
    ds = c.kubectl("describe ds kube-proxy -n kube-system").stdout
    assert ds.startswith("Name:           kube-proxy\nSelector:       k8s-app=kube-proxy\n"
                         "Node-Selector:  kubernetes.io/os=linux\n")
    assert ("Desired Number of Nodes Scheduled: 2\nCurrent Number of Nodes Scheduled: 2\n"
            "Number of Nodes Scheduled with Up-to-date Pods: 2\nNumber of Nodes Scheduled with Available Pods: 2\n"
            "Number of Nodes Misscheduled: 0\nPods Status:  2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n") in ds
    assert ("   xtables-lock:\n    Type:          HostPath (bare host directory volume)\n"
            "    Path:          /run/xtables.lock\n    HostPathType:  FileOrCreate\n") in ds
    assert "    Environment:\n      NODE_NAME:   (v1:spec.nodeName)\n" in ds


def test_describe_statefulset_with_claim_templates():
    c = Cluster(workers=1)
    c.apply("""
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 1
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
      - {name: nginx, image: "registry.k8s.io/nginx-slim:0.24"}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
""")
    out = c.kubectl("describe sts web").stdout
    assert "Replicas:           1 desired | 1 total\nUpdate Strategy:    RollingUpdate\n  Partition:        0\n" in out
    assert out.split("Volume Claims:\n")[1].startswith(
        "  Name:          www\n  StorageClass:  \n  Labels:        <none>\n  Annotations:   <none>\n"
        "  Capacity:      1Gi\n  Access Modes:  [ReadWriteOnce]\n")
