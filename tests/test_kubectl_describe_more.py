"""`kubectl describe` for the kinds with their own describer in pkg/describe beyond workloads:
endpoints and slices, ingresses, network policies, volumes and claims, storage classes, RBAC,
service accounts, autoscalers, disruption budgets, priority classes, limit ranges and quotas."""
import pytest

from engine import Cluster

WEB = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx
        ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, annotations: {nginx.ingress.kubernetes.io/rewrite-target: /}}
spec:
  ingressClassName: nginx
  tls: [{hosts: [shop.example.com], secretName: shop-tls}]
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {name: http}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: catch-all}
spec:
  defaultBackend: {service: {name: web, port: {name: http}}}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx, labels: {app.kubernetes.io/component: controller}}
spec:
  controller: k8s.io/ingress-nginx
  parameters: {apiGroup: k8s.example.com, kind: IngressParameters, name: external-lb}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - podSelector: {matchLabels: {app: web}}
    - namespaceSelector: {matchLabels: {team: a}}
      podSelector: {}
    ports: [{port: 5432}]
  - from:
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
  egress: []
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all}
spec:
  podSelector: {}
  ingress: [{}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: spare}
spec:
  accessModes: [ReadWriteMany]
  storageClassName: manual
  resources: {requests: {storage: 2Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  containers: [{name: db, image: postgres, volumeMounts: [{name: d, mountPath: /var/lib/postgresql}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-local}
spec:
  capacity: {storage: 5Gi}
  accessModes: [ReadOnlyMany, ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: manual
  hostPath: {path: /mnt/data}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: kubernetes.io/hostname, operator: In, values: [worker-1, worker-2]}
        - {key: disk, operator: Exists}
"""


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(workers=1)
    cluster.apply(WEB)
    cluster.advance(30)
    return cluster


def describe(cluster, command):
    result = cluster.kubectl("describe " + command)
    assert result.stderr == "" and result.exit_code == 0
    return result.stdout


def test_describe_endpoints_lists_each_subset_with_its_ports(c):
    assert describe(c, "endpoints web") == (
        "Name:         web\n"
        "Namespace:    default\n"
        "Labels:       <none>\n"
        "Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2025-01-01T00:00:31Z\n"
        "Subsets:\n"
        "  Addresses:          10.244.1.3,10.244.1.4\n"
        "  NotReadyAddresses:  <none>\n"
        "  Ports:\n"
        "    Name  Port  Protocol\n"
        "    ----  ----  --------\n"
        "    http  80    TCP\n"
        "\n"
        "Events:  <none>\n")


def test_describe_endpointslice_lists_endpoints_with_conditions_and_target(c):
    eps = c.api.list("endpointslices", "default", label_selector="kubernetes.io/service-name=web")["items"][0]
    pods = [e["targetRef"]["name"] for e in eps["endpoints"]]
    assert describe(c, f"endpointslice {eps['metadata']['name']}") == (
        f"Name:         {eps['metadata']['name']}\n"
        "Namespace:    default\n"
        "Labels:       endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io\n"
        "              kubernetes.io/service-name=web\n"
        "Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2025-01-01T00:00:31Z\n"
        "AddressType:  IPv4\n"
        "Ports:\n"
        "  Name  Port  Protocol\n"
        "  ----  ----  --------\n"
        "  http  80    TCP\n"
        "Endpoints:\n"
        "  - Addresses:  10.244.1.3\n"
        "    Conditions:\n"
        "      Ready:    true\n"
        "    Hostname:   <unset>\n"
        f"    TargetRef:  Pod/{pods[0]}\n"
        "    NodeName:   worker-1\n"
        "    Zone:       <unset>\n"
        "  - Addresses:  10.244.1.4\n"
        "    Conditions:\n"
        "      Ready:    true\n"
        "    Hostname:   <unset>\n"
        f"    TargetRef:  Pod/{pods[1]}\n"
        "    NodeName:   worker-1\n"
        "    Zone:       <unset>\n"
        "Events:         <none>\n")


def test_describe_endpointslice_without_ports_or_endpoints(c):
    c.api.create("endpointslices", {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                                    "metadata": {"name": "empty", "namespace": "default"}, "addressType": "IPv4",
                                    "endpoints": []})
    assert describe(c, "endpointslice empty") == (
        "Name:         empty\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n"
        "AddressType:  IPv4\nPorts: <unset>\nEndpoints: <none>\nEvents:  <none>\n")


def test_describe_ingress_resolves_backends_to_endpoints(c):
    assert describe(c, "ingress web") == (
        "Name:             web\n"
        "Labels:           <none>\n"
        "Namespace:        default\n"
        "Address:          \n"
        "Ingress Class:    nginx\n"
        "Default backend:  <default>\n"
        "TLS:\n"
        "  shop-tls terminates shop.example.com\n"
        "Rules:\n"
        "  Host              Path  Backends\n"
        "  ----              ----  --------\n"
        "  shop.example.com  \n"
        "                    /      web:80 (10.244.1.3:80,10.244.1.4:80)\n"
        '                    /api   api:http (<error: services "api" not found>)\n'
        "Annotations:        nginx.ingress.kubernetes.io/rewrite-target: /\n"
        "Events:             <none>\n")


def test_describe_ingress_without_rules_shows_the_default_backend_as_the_catch_all(c):
    assert describe(c, "ingress catch-all") == (
        "Name:             catch-all\n"
        "Labels:           <none>\n"
        "Namespace:        default\n"
        "Address:          \n"
        "Ingress Class:    <none>\n"
        "Default backend:  web:http (10.244.1.3:80,10.244.1.4:80)\n"
        "Rules:\n"
        "  Host        Path  Backends\n"
        "  ----        ----  --------\n"
        "  *           *     web:http (10.244.1.3:80,10.244.1.4:80)\n"
        "Annotations:  <none>\n"
        "Events:       <none>\n")


def test_describe_ingressclass_with_parameters(c):
    assert describe(c, "ingressclass nginx") == (
        "Name:         nginx\n"
        "Labels:       app.kubernetes.io/component=controller\n"
        "Annotations:  <none>\n"
        "Controller:   k8s.io/ingress-nginx\n"
        "Parameters:\n"
        "  APIGroup:  k8s.example.com\n"
        "  Kind:      IngressParameters\n"
        "  Name:      external-lb\n"
        "Events:      <none>\n")


def test_describe_networkpolicy_spells_out_peers_ports_and_isolation(c):
    assert describe(c, "networkpolicy db") == (
        "Name:         db\n"
        "Namespace:    default\n"
        "Created on:   2025-01-01 00:00:27 +0000 UTC\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "Spec:\n"
        "  PodSelector:     app=db\n"
        "  Allowing ingress traffic:\n"
        "    To Port: 5432/TCP\n"
        "    From:\n"
        "      PodSelector: app=web\n"
        "    From:\n"
        "      NamespaceSelector: team=a\n"
        "      PodSelector: <none>\n"
        "    ----------\n"
        "    To Port: <any> (traffic allowed to all ports)\n"
        "    From:\n"
        "      IPBlock:\n"
        "        CIDR: 10.0.0.0/8\n"
        "        Except: 10.1.0.0/16\n"
        "  Allowing egress traffic:\n"
        "    <none> (Selected pods are isolated for egress connectivity)\n"
        "  Policy Types: Ingress, Egress\n")


def test_describe_networkpolicy_for_every_pod_and_the_defaulted_policy_types(c):
    assert describe(c, "netpol allow-all") == (
        "Name:         allow-all\n"
        "Namespace:    default\n"
        "Created on:   2025-01-01 00:00:27 +0000 UTC\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "Spec:\n"
        "  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)\n"
        "  Allowing ingress traffic:\n"
        "    To Port: <any> (traffic allowed to all ports)\n"
        "    From: <any> (traffic not restricted by source)\n"
        "  Not affecting egress traffic\n"
        "  Policy Types: Ingress\n")


def test_describe_bound_pvc_shows_capacity_the_pods_using_it_and_events(c):
    volume = c.api.get("persistentvolumeclaims", "data", "default")["spec"]["volumeName"]
    out = describe(c, "pvc data")
    head, _, events = out.partition("Events:\n")
    assert head == (
        "Name:          data\n"
        "Namespace:     default\n"
        "StorageClass:  standard\n"
        "Status:        Bound\n"
        f"Volume:        {volume}\n"
        "Labels:        <none>\n"
        "Annotations:   pv.kubernetes.io/bind-completed: yes\n"
        "               pv.kubernetes.io/bound-by-controller: yes\n"
        "               volume.beta.kubernetes.io/storage-provisioner: rancher.io/local-path\n"
        "               volume.kubernetes.io/selected-node: worker-1\n"
        "               volume.kubernetes.io/storage-provisioner: rancher.io/local-path\n"
        "Finalizers:    [kubernetes.io/pvc-protection]\n"
        "Capacity:      1Gi\n"
        "Access Modes:  RWO\n"
        "VolumeMode:    Filesystem\n"
        "Used By:       db\n")
    assert [line.split()[1] for line in events.splitlines()[2:]] == [
        "WaitForFirstConsumer", "ExternalProvisioning", "Provisioning", "ProvisioningSucceeded"]


def test_describe_pending_pvc_leaves_capacity_and_modes_empty(c):
    assert describe(c, "pvc spare") == (
        "Name:          spare\n"
        "Namespace:     default\n"
        "StorageClass:  manual\n"
        "Status:        Pending\n"
        "Volume:        \n"
        "Labels:        <none>\n"
        "Annotations:   <none>\n"
        "Finalizers:    [kubernetes.io/pvc-protection]\n"
        "Capacity:      \n"
        "Access Modes:  \n"
        "VolumeMode:    Filesystem\n"
        "Used By:       <none>\n"
        "Events:\n"
        "  Type     Reason              Age                From                         Message\n"
        "  ----     ------              ----               ----                         -------\n"
        '  Warning  ProvisioningFailed  12s (x3 over 30s)  persistentvolume-controller  storageclass.storage.k8s.io "manual" not found\n')


def test_describe_pv_with_node_affinity_and_host_path(c):
    assert describe(c, "pv pv-local") == (
        "Name:              pv-local\n"
        "Labels:            <none>\n"
        "Annotations:       <none>\n"
        "Finalizers:        [kubernetes.io/pv-protection]\n"
        "StorageClass:      manual\n"
        "Status:            Available\n"
        "Claim:             \n"
        "Reclaim Policy:    Retain\n"
        "Access Modes:      RWO,ROX\n"
        "VolumeMode:        Filesystem\n"
        "Capacity:          5Gi\n"
        "Node Affinity:     \n"
        "  Required Terms:  \n"
        "    Term 0:        kubernetes.io/hostname in [worker-1, worker-2]\n"
        "                   disk exists\n"
        "Message:           \n"
        "Source:\n"
        "    Type:          HostPath (bare host directory volume)\n"
        "    Path:          /mnt/data\n"
        "    HostPathType:  \n"
        "Events:            <none>\n")


def test_describe_provisioned_pv_names_its_claim(c):
    volume = c.api.get("persistentvolumeclaims", "data", "default")["spec"]["volumeName"]
    out = describe(c, f"pv {volume}")
    assert "Claim:             default/data\n" in out
    assert "Status:            Bound\n" in out
    assert f"    Path:          /var/local-path-provisioner/{volume}_default_data\n" in out


def test_describe_storageclass(c):
    assert describe(c, "storageclass standard") == (
        "Name:                  standard\n"
        "IsDefaultClass:        Yes\n"
        "Annotations:           storageclass.kubernetes.io/is-default-class=true\n"
        "Provisioner:           rancher.io/local-path\n"
        "Parameters:            <none>\n"
        "AllowVolumeExpansion:  <unset>\n"
        "MountOptions:          <none>\n"
        "ReclaimPolicy:         Delete\n"
        "VolumeBindingMode:     WaitForFirstConsumer\n"
        "Events:                <none>\n")
