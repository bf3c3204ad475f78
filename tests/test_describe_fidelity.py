"""`kubectl describe` line by line against kubectl v1.32's describers (pkg/describe/describe.go): the
places where the engine's layout used to differ, each asserted on the exact block kubectl prints."""
from engine import Cluster


def block(text, first, last=None):
    """The lines of text from the one starting with `first` up to (not including) the one starting with `last`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = len(lines) if last is None else next(i for i in range(start + 1, len(lines)) if lines[i].startswith(last))
    return "\n".join(lines[start:end]) + "\n"


def cluster():
    return Cluster(workers=1)


ENV_POD = """
apiVersion: v1
kind: Pod
metadata:
  name: env
spec:
  nodeSelector: {disk: none}
  containers:
  - name: app
    image: busybox
    resources:
      requests: {cpu: 250m, memory: 64Mi}
      limits: {cpu: 500m, memory: 128Mi}
    env:
    - name: POD_NAME
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    - name: POD_NAMESPACE
      valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
    - name: NODE_NAME
      valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
    - name: POD_IP
      valueFrom: {fieldRef: {fieldPath: status.podIP}}
    - name: CPU_LIMIT
      valueFrom: {resourceFieldRef: {resource: limits.cpu}}
    - name: CPU_REQUEST_M
      valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: 1m}}
    - name: MEM_LIMIT_MI
      valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
    readinessProbe:
      httpGet: {path: "health check?full=1", port: 8080, scheme: HTTPS}
    livenessProbe:
      httpGet: {path: healthz, port: http, host: "::1"}
"""


def test_env_and_probes_print_as_kubectl_resolves_them():
    """kubectl converts a fieldRef with its client scheme, which resolves only metadata.name and
    metadata.namespace (the others print empty); a resourceFieldRef is the container's value in
    units of its divisor, rounded up; an http probe is a url.URL: path escaped, `/` before it."""
    c = cluster()
    c.apply(ENV_POD)
    out = c.kubectl("describe pod env").stdout
    assert block(out, "    Liveness:", "    Mounts:") == (
        "    Liveness:   http-get http://[::1]:http/healthz delay=0s timeout=1s period=10s #success=1 #failure=3\n"
        "    Readiness:  http-get https://:8080/health%20check%3Ffull=1 delay=0s timeout=1s period=10s "
        "#success=1 #failure=3\n"
        "    Environment:\n"
        "      POD_NAME:       env (v1:metadata.name)\n"
        "      POD_NAMESPACE:  default (v1:metadata.namespace)\n"
        "      NODE_NAME:       (v1:spec.nodeName)\n"
        "      POD_IP:          (v1:status.podIP)\n"
        "      CPU_LIMIT:      1 (limits.cpu)\n"
        "      CPU_REQUEST_M:  250 (requests.cpu)\n"
        "      MEM_LIMIT_MI:   128 (limits.memory)\n")


VOLUMES_POD = """
apiVersion: v1
kind: Pod
metadata:
  name: vols
spec:
  nodeSelector: {disk: none}
  automountServiceAccountToken: false
  containers:
  - name: app
    image: busybox
    volumeDevices:
    - {name: blk, devicePath: /dev/xvda}
  volumes:
  - {name: blk, persistentVolumeClaim: {claimName: block}}
  - {name: empty, emptyDir: {sizeLimit: "0"}}
  - {name: mem, emptyDir: {medium: Memory, sizeLimit: 64Mi}}
  - {name: repo, gitRepo: {repository: "https://github.com/kubernetes/examples", revision: main}}
  - {name: gce, gcePersistentDisk: {pdName: disk-1, fsType: ext4}}
  - {name: iscsi, iscsi: {targetPortal: "10.0.0.1:3260", iqn: "iqn.2001-04.com.example:storage", lun: 0,
                         secretRef: {name: chap}}}
  - {name: gluster, glusterfs: {endpoints: glusterfs-cluster, path: kube_vol}}
  - {name: rbd, rbd: {monitors: ["10.16.154.78:6789", "10.16.154.82:6789"], image: foo}}
  - {name: cephfs, cephfs: {monitors: ["10.16.154.78:6789"], secretRef: {name: ceph-secret}}}
  - {name: azure, azureFile: {secretName: azure-secret, shareName: k8stest}}
  - {name: scale, scaleIO: {gateway: "https://localhost:443/api", system: scaleio, secretRef: {name: sio-secret}}}
  - {name: flex, flexVolume: {driver: "kubernetes.io/lvm", options: {volumeID: vol1, size: 1000m}}}
  - {name: fc, fc: {targetWWNs: ["500a0982991b8dc5", "500a0982891b8dc5"], lun: 2}}
  - {name: cinder, cinder: {volumeID: "bd82f7e2"}}
  - {name: disk, azureDisk: {diskName: test.vhd, diskURI: "https://someaccount.blob.microsoft.net/vhds/test.vhd"}}
  - {name: csi, csi: {driver: inline.storage.kubernetes.io, volumeAttributes: {foo: bar}}}
  - {name: img, image: {reference: "quay.io/crio/artifact:v1", pullPolicy: IfNotPresent}}
  - name: eph
    ephemeral:
      volumeClaimTemplate:
        metadata:
          labels: {type: scratch, tier: cache}
        spec:
          accessModes: [ReadWriteOnce]
          storageClassName: standard
          resources: {requests: {storage: 1Gi}}
"""


def test_every_volume_type_prints_its_source():
    """describeVolumes: each inline source with its own Type line and rows (the pod variants: a
    LocalObjectReference secretRef, no VolumeHandle for csi, no secret for scaleIO); a zero sizeLimit is
    <unset>; an ephemeral volume's claim template goes through a nested writer, whose WriteLine indents
    `<none>` and each further label; a device list after mounts has no <none>."""
    c = cluster()
    c.apply(VOLUMES_POD)
    out = c.kubectl("describe pod vols").stdout
    assert block(out, "    Environment:", "Volumes:") == (
        "    Environment:  <none>\n"
        "    Mounts:       <none>\n"
        "    Devices:      <none>\n"
        "      /dev/xvda from blk\n")
    assert block(out, "Volumes:", "QoS Class:") == """\
Volumes:
  blk:
    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
    ClaimName:  block
    ReadOnly:   false
  empty:
    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:     
    SizeLimit:  <unset>
  mem:
    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:     Memory
    SizeLimit:  64Mi
  repo:
    Type:        GitRepo (a volume that is pulled from git when the pod is created)
    Repository:  https://github.com/kubernetes/examples
    Revision:    main
  gce:
    Type:       GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)
    PDName:     disk-1
    FSType:     ext4
    Partition:  0
    ReadOnly:   false
  iscsi:
    Type:               ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)
    TargetPortal:       10.0.0.1:3260
    IQN:                iqn.2001-04.com.example:storage
    Lun:                0
    ISCSIInterface      default
    FSType:             
    ReadOnly:           false
    Portals:            []
    DiscoveryCHAPAuth:  false
    SessionCHAPAuth:    false
    SecretRef:          &LocalObjectReference{Name:chap,}
    InitiatorName:      <none>
  gluster:
    Type:           Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)
    EndpointsName:  glusterfs-cluster
    Path:           kube_vol
    ReadOnly:       false
  rbd:
    Type:          RBD (a Rados Block Device mount on the host that shares a pod's lifetime)
    CephMonitors:  [10.16.154.78:6789 10.16.154.82:6789]
    RBDImage:      foo
    FSType:        
    RBDPool:       rbd
    RadosUser:     admin
    Keyring:       /etc/ceph/keyring
    SecretRef:     nil
    ReadOnly:      false
  cephfs:
    Type:        CephFS (a CephFS mount on the host that shares a pod's lifetime)
    Monitors:    [10.16.154.78:6789]
    Path:        
    User:        
    SecretFile:  
    SecretRef:   &LocalObjectReference{Name:ceph-secret,}
    ReadOnly:    false
  azure:
    Type:        AzureFile (an Azure File Service mount on the host and bind mount to the pod)
    SecretName:  azure-secret
    ShareName:   k8stest
    ReadOnly:    false
  scale:
    Type:               ScaleIO (a persistent volume backed by a block device in ScaleIO)
    Gateway:            https://localhost:443/api
    System:             scaleio
    Protection Domain:  
    Storage Pool:       
    Storage Mode:       ThinProvisioned
    VolumeName:         
    FSType:             xfs
    ReadOnly:           false
  flex:
    Type:       FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)
    Driver:     kubernetes.io/lvm
    FSType:     
    SecretRef:  nil
    ReadOnly:   false
    Options:    map[size:1000m volumeID:vol1]
  fc:
    Type:        FC (a Fibre Channel disk)
    TargetWWNs:  500a0982991b8dc5, 500a0982891b8dc5
    LUN:         2
    FSType:      
    ReadOnly:    false
  cinder:
    Type:       Cinder (a Persistent Disk resource in OpenStack)
    VolumeID:   bd82f7e2
    FSType:     
    ReadOnly:   false
    SecretRef:  nil
  disk:
    Type:         AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)
    DiskName:     test.vhd
    DiskURI:      https://someaccount.blob.microsoft.net/vhds/test.vhd
    Kind:         Shared
    FSType:       ext4
    CachingMode:  ReadWrite
    ReadOnly:     false
  csi:
    Type:              CSI (a Container Storage Interface (CSI) volume source)
    Driver:            inline.storage.kubernetes.io
    FSType:            
    ReadOnly:          false
    VolumeAttributes:      foo=bar
  img:
    Type:        Image (a container image or OCI artifact)
    Reference:   quay.io/crio/artifact:v1
    PullPolicy:  IfNotPresent
  eph:
    Type:          EphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)
    StorageClass:  standard
    Volume:        
    Labels:            tier=cache
                       type=scratch
    Annotations:       <none>
    Capacity:      
    Access Modes:  
    VolumeMode:    Filesystem
"""


SIDECAR_POD = """
apiVersion: v1
kind: Pod
metadata:
  name: side
spec:
  nodeName: worker-1
  initContainers:
  - name: setup
    image: busybox
    command: [sh, -c, "true"]
    resources: {requests: {cpu: 500m, memory: 100Mi}, limits: {cpu: "1"}}
  - name: logger
    image: busybox
    restartPolicy: Always
    command: [sleep, "3600"]
    resources: {requests: {cpu: 200m, example.com/dongle: "1"}, limits: {example.com/dongle: "1"}}
  containers:
  - name: app
    image: busybox
    command: [sleep, "3600"]
    resources: {requests: {cpu: 100m, memory: 50Mi}, limits: {cpu: 300m}}
"""


def test_node_counts_init_containers_and_sidecars_as_pod_requests_and_limits_does():
    """PodRequestsAndLimits: max(containers + sidecars, the largest init container plus the sidecars
    before it): 500m, not 100m + 200m + 500m; extended resources close Allocated resources, unformatted."""
    c = cluster()
    patch = ('[{"op":"add","path":"/status/capacity/example.com~1dongle","value":"4"},'
             '{"op":"add","path":"/status/allocatable/example.com~1dongle","value":"4"}]')
    assert c.kubectl(["patch", "node", "worker-1", "--subresource=status", "--type=json", "-p", patch]).exit_code == 0
    c.apply(SIDECAR_POD)
    c.advance(5)
    out = c.kubectl("describe node worker-1").stdout
    row = next(line for line in out.splitlines() if line.startswith("  default "))
    assert row.split()[2:10] == ["500m", "(12%)", "1", "(25%)", "100Mi", "(1%)", "0", "(0%)"]
    assert block(out, "Allocated resources:", "Events:") == (
        "Allocated resources:\n"
        "  (Total limits may be over 100 percent, i.e., overcommitted.)\n"
        "  Resource            Requests    Limits\n"
        "  --------            --------    ------\n"
        "  cpu                 700m (17%)  1 (25%)\n"
        "  memory              220Mi (2%)  170Mi (2%)\n"
        "  ephemeral-storage   0 (0%)      0 (0%)\n"
        "  hugepages-1Gi       0 (0%)      0 (0%)\n"
        "  hugepages-2Mi       0 (0%)      0 (0%)\n"
        "  example.com/dongle  1           1\n")


def _event(name, kind, obj, seconds, message, uid=None):
    return {"apiVersion": "v1", "kind": "Event", "metadata": {"name": name, "namespace": obj["metadata"].get("namespace", "default")},
            "involvedObject": {"kind": kind, "name": obj["metadata"]["name"], "uid": uid or obj["metadata"]["uid"],
                               "namespace": obj["metadata"].get("namespace", ""), "apiVersion": "v1"},
            "reason": "Test", "message": message, "type": "Normal", "count": 1, "source": {"component": "tester"},
            "firstTimestamp": f"2025-01-01T00:00:{seconds:02d}Z", "lastTimestamp": f"2025-01-01T00:00:{seconds:02d}Z"}


def test_events_with_equal_times_are_ordered_as_gos_unstable_sort_leaves_them():
    """SortableEvents with sort.Sort (pdqsort): up to 12 events equal times keep their order; past 12
    the partition step moves them (here the pivot, the 7th listed, ends up first)."""
    c = cluster()
    c.kubectl("create configmap cfg")
    cm = c.api.get("configmaps", "cfg", "default")
    c.api.create("events", _event("cfg.e00", "ConfigMap", cm, 20, "late"), "default")
    for i in range(1, 13):
        c.api.create("events", _event(f"cfg.e{i:02d}", "ConfigMap", cm, 10, f"early {i}"), "default")
    rows = c.kubectl("describe configmap cfg").stdout.split("Events:")[1].splitlines()[3:]
    assert [row.split("tester")[1].strip() for row in rows] == (
        ["early 6", "early 1", "early 2", "early 3", "early 4", "early 5"] +
        [f"early {i}" for i in range(7, 13)] + ["late"])


def test_node_events_list_those_by_uid_before_those_by_name():
    """The node describer merges two searches, by the node's uid then by its name (the kubelet's
    events), before the sort: with equal times the uid's come first whatever their names."""
    c = cluster()
    node = c.api.get("nodes", "worker-1")
    at = 30
    c.api.create("events", _event("aaa.by-name", "Node", node, at, "by name", uid="worker-1"), "default")
    c.api.create("events", _event("zzz.by-uid", "Node", node, at, "by uid"), "default")
    out = c.kubectl("describe node worker-1").stdout
    assert [line.split("tester")[1].strip() for line in out.splitlines() if "tester" in line] == ["by uid", "by name"]


def test_terminal_escapes_are_shown_not_sent():
    """printers.WriteEscaped: ESC prints as ^[ and a carriage return as \\r."""
    c = cluster()
    c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ansi"},
                                "data": {"color": "\x1b[31mred\x1b[0m\r"}}, "default")
    out = c.kubectl("describe configmap ansi").stdout
    assert block(out, "color:", "BinaryData") == "color:\n----\n^[[31mred^[[0m\\r\n\n\n"


def test_service_endpoints_bracket_ipv6_addresses():
    """formatEndpointSlices joins address and port with net.JoinHostPort."""
    c = cluster()
    c.apply("""
apiVersion: v1
kind: Service
metadata:
  name: ext
spec:
  ports:
  - {name: http, port: 80}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ext-1
  labels: {kubernetes.io/service-name: ext}
addressType: IPv6
ports:
- {name: http, port: 8080, protocol: TCP}
endpoints:
- addresses: ["fd00::1"]
- addresses: ["fd00::2"]
  conditions: {ready: false}
""")
    out = c.kubectl("describe service ext").stdout
    assert block(out, "Endpoints:", "Session Affinity:") == "Endpoints:                [fd00::1]:8080\n"


def test_empty_label_maps_print_none_as_format_labels_does():
    """labels.FormatLabels: a Service without selector and a DaemonSet without nodeSelector show <none>."""
    c = cluster()
    c.apply("""
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - {name: agent, image: busybox, command: [sleep, "3600"]}
""")
    c.kubectl("create service clusterip ext --clusterip=None")
    ds = c.kubectl("describe daemonset agent").stdout
    assert block(ds, "Selector:", "Labels:") == "Selector:       app=agent\nNode-Selector:  <none>\n"
    svc = c.kubectl("describe service ext").stdout
    assert block(svc, "Selector:", "Type:") == "Selector:                 app=ext\n"
    c.apply("""
apiVersion: v1
kind: Service
metadata:
  name: manual
spec:
  ports:
  - {port: 80}
""")
    svc = c.kubectl("describe service manual").stdout
    assert block(svc, "Selector:", "Type:") == "Selector:                 <none>\n"


def test_hpa_metric_names_are_quoted_as_go_quotes_them():
    """%q keeps printable non-ASCII runes as they are (JSON would escape them)."""
    c = cluster()
    c.kubectl("create deployment web --image=nginx")
    c.apply("""
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 3
  metrics:
  - type: Pods
    pods:
      metric: {name: requêtes_par_seconde}
      target: {type: AverageValue, averageValue: 1k}
""")
    out = c.kubectl("describe hpa web").stdout
    assert block(out, "Metrics:", "Min replicas:") == (
        "Metrics:                           ( current / target )\n"
        '  "requêtes_par_seconde" on pods:  <unknown> / 1k\n')


NETWORK_POLICY = """
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
  namespace: default
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - ipBlock:
        cidr: 172.17.0.0/16
        except:
        - 172.17.1.0/24
    - namespaceSelector:
        matchLabels:
          project: myproject
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - protocol: TCP
      port: 6379
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/24
    ports:
    - protocol: TCP
      port: 5978
"""

QUOTA_AND_LIMITS = """
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute-resources
spec:
  hard:
    requests.cpu: "1"
    requests.memory: 1Gi
    limits.cpu: "2"
    limits.memory: 2Gi
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: best
spec:
  hard:
    pods: "10"
  scopes: [NotTerminating, BestEffort]
---
apiVersion: v1
kind: LimitRange
metadata:
  name: cpu-resource-constraint
spec:
  limits:
  - default:
      cpu: 500m
    defaultRequest:
      cpu: 500m
    max:
      cpu: "1"
    min:
      cpu: 100m
    type: Container
"""


def test_network_policy_from_the_docs():
    c = cluster()
    c.apply(NETWORK_POLICY)
    assert c.kubectl("describe networkpolicy test-network-policy").stdout == """\
Name:         test-network-policy
Namespace:    default
Created on:   2025-01-01 00:00:27 +0000 UTC
Labels:       <none>
Annotations:  <none>
Spec:
  PodSelector:     role=db
  Allowing ingress traffic:
    To Port: 6379/TCP
    From:
      IPBlock:
        CIDR: 172.17.0.0/16
        Except: 172.17.1.0/24
    From:
      NamespaceSelector: project=myproject
    From:
      PodSelector: role=frontend
  Allowing egress traffic:
    To Port: 5978/TCP
    To:
      IPBlock:
        CIDR: 10.0.0.0/24
        Except: 
  Policy Types: Ingress, Egress
"""


def test_namespace_with_quotas_and_limit_ranges():
    """describeNamespace: quotas by name, scopes sorted each with its help line, then the limit ranges."""
    c = cluster()
    c.apply(QUOTA_AND_LIMITS)
    c.advance(2)
    assert c.kubectl("describe namespace default").stdout == """\
Name:         default
Labels:       kubernetes.io/metadata.name=default
Annotations:  <none>
Status:       Active

Resource Quotas
  Name:    best
  Scopes:  BestEffort, NotTerminating
  * Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.
  * Matches all pods that do not have an active deadline. These pods usually include long running pods whose \
container command is not expected to terminate.
  Resource         Used  Hard
  --------         ---   ---
  pods             0     10
  Name:            compute-resources
  Resource         Used  Hard
  --------         ---   ---
  limits.cpu       0     2
  limits.memory    0     2Gi
  requests.cpu     0     1
  requests.memory  0     1Gi

Resource Limits
 Type       Resource  Min   Max  Default Request  Default Limit  Max Limit/Request Ratio
 ----       --------  ---   ---  ---------------  -------------  -----------------------
 Container  cpu       100m  1    500m             500m           -
"""
    assert c.kubectl("describe quota best").stdout == """\
Name:       best
Namespace:  default
Scopes:     BestEffort, NotTerminating
 * Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.
 * Matches all pods that do not have an active deadline. These pods usually include long running pods whose \
container command is not expected to terminate.
Resource  Used  Hard
--------  ----  ----
pods      0     10
"""
