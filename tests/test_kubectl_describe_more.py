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

POLICY = """
apiVersion: v1
kind: ServiceAccount
metadata: {name: builder}
secrets: [{name: builder-token}, {name: gone}]
imagePullSecrets: [{name: regcred}]
---
apiVersion: v1
kind: Secret
metadata:
  name: builder-token
  annotations: {kubernetes.io/service-account.name: builder}
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Secret
metadata: {name: regcred}
type: kubernetes.io/dockerconfigjson
data: {.dockerconfigjson: e30=}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader}
rules:
- apiGroups: [""]
  resources: [pods, pods/log]
  verbs: [get, list, watch]
- apiGroups: ["apps"]
  resources: [deployments]
  resourceNames: [web, api]
  verbs: [get, patch]
- apiGroups: [""]
  resources: [pods]
  verbs: [delete, get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods}
subjects:
- {kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}
- {kind: ServiceAccount, name: builder, namespace: default}
roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec:
      containers:
      - {name: nginx, image: nginx, resources: {requests: {cpu: 100m, memory: 64Mi}}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: shop}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: shop}}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000000
description: "Critical shop pods."
---
apiVersion: v1
kind: LimitRange
metadata: {name: limits}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 256Mi}
    defaultRequest: {cpu: 100m, memory: 128Mi}
    max: {cpu: "2"}
    maxLimitRequestRatio: {cpu: "10"}
  - type: Pod
    max: {memory: 1Gi}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: quota}
spec:
  hard: {pods: "10", requests.cpu: "2", requests.memory: 2Gi, limits.memory: 4Gi}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: long-running}
spec:
  hard: {pods: "5", requests.memory: 1G}
  scopes: [NotTerminating, NotBestEffort]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: shop}
  minReplicas: 2
  maxReplicas: 6
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 100Mi}}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 60
      policies: [{type: Percent, value: 50, periodSeconds: 30}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: queue}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}
  maxReplicas: 4
  metrics:
  - type: Pods
    pods: {metric: {name: packets-per-second}, target: {type: AverageValue, averageValue: 1k}}
  - type: Object
    object:
      metric: {name: requests-per-second}
      describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: main-route}
      target: {type: Value, value: 10k}
  - type: External
    external: {metric: {name: queue_messages_ready}, target: {type: AverageValue, averageValue: "30"}}
  - type: ContainerResource
    containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 60}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ops}
rules:
- apiGroups: ["", apps]
  resources: [deployments/scale, services]
  verbs: [get, update]
- nonResourceURLs: [/metrics, /healthz]
  verbs: [get]
"""


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(workers=1)
    cluster.apply(WEB)
    cluster.advance(30)
    return cluster


@pytest.fixture(scope="module")
def p():
    cluster = Cluster(workers=1)
    cluster.apply(POLICY)
    cluster.advance(60)
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
        "  Warning  ProvisioningFailed  12s (x3 over 30s)  persistentvolume-controller  "
        'storageclass.storage.k8s.io "manual" not found\n')


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


def test_describe_serviceaccount_marks_missing_secrets(p):
    assert describe(p, "serviceaccount builder") == (
        "Name:                builder\n"
        "Namespace:           default\n"
        "Labels:              <none>\n"
        "Annotations:         <none>\n"
        "Image pull secrets:  regcred\n"
        "Mountable secrets:   builder-token\n"
        "                     gone (not found)\n"
        "Tokens:              <none>\n"
        "Events:              <none>\n")


def test_describe_serviceaccount_lists_its_legacy_token_secrets(p):
    uid = p.api.get("serviceaccounts", "builder", "default")["metadata"]["uid"]
    p.api.create("secrets", {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
                             "metadata": {"name": "builder-legacy", "namespace": "default", "annotations": {
                                 "kubernetes.io/service-account.name": "builder",
                                 "kubernetes.io/service-account.uid": uid}}})
    assert "Tokens:              builder-legacy\n" in describe(p, "sa builder")
    assert describe(p, "sa default").endswith(
        "Image pull secrets:  <none>\nMountable secrets:   <none>\nTokens:              <none>\n"
        "Events:              <none>\n")


def test_describe_role_breaks_rules_down_and_compacts_verbs_per_resource(p):
    assert describe(p, "role pod-reader") == (
        "Name:         pod-reader\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "PolicyRule:\n"
        "  Resources         Non-Resource URLs  Resource Names  Verbs\n"
        "  ---------         -----------------  --------------  -----\n"
        "  pods              []                 []              [get list watch delete]\n"
        "  pods/log          []                 []              [get list watch]\n"
        "  deployments.apps  []                 [api]           [get patch]\n"
        "  deployments.apps  []                 [web]           [get patch]\n")


def test_describe_clusterrole_sorts_rules_as_policy_rule_strings(p):
    assert describe(p, "clusterrole ops") == (
        "Name:         ops\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "PolicyRule:\n"
        "  Resources               Non-Resource URLs  Resource Names  Verbs\n"
        "  ---------               -----------------  --------------  -----\n"
        "  deployments/scale       []                 []              [get update]\n"
        "  services                []                 []              [get update]\n"
        "  deployments.apps/scale  []                 []              [get update]\n"
        "  services.apps           []                 []              [get update]\n"
        "                          [/healthz]         []              [get]\n"
        "                          [/metrics]         []              [get]\n")


def test_describe_bootstrap_clusterrole_keeps_one_row_per_url(p):
    assert describe(p, "clusterrole system:discovery") == (
        "Name:         system:discovery\n"
        "Labels:       kubernetes.io/bootstrapping=rbac-defaults\n"
        "Annotations:  rbac.authorization.kubernetes.io/autoupdate: true\n"
        "PolicyRule:\n"
        "  Resources  Non-Resource URLs  Resource Names  Verbs\n"
        "  ---------  -----------------  --------------  -----\n"
        + "".join(f"             {url:<19}[]              [get]\n" for url in (
            "[/api/*]", "[/api]", "[/apis/*]", "[/apis]", "[/healthz]", "[/livez]", "[/openapi/*]", "[/openapi]",
            "[/readyz]", "[/version/]", "[/version]")))


def test_describe_rolebinding_and_clusterrolebinding(p):
    assert describe(p, "rolebinding read-pods") == (
        "Name:         read-pods\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "Role:\n"
        "  Kind:  Role\n"
        "  Name:  pod-reader\n"
        "Subjects:\n"
        "  Kind            Name     Namespace\n"
        "  ----            ----     ---------\n"
        "  User            jane     \n"
        "  ServiceAccount  builder  default\n")
    assert describe(p, "clusterrolebinding cluster-admin") == (
        "Name:         cluster-admin\n"
        "Labels:       kubernetes.io/bootstrapping=rbac-defaults\n"
        "Annotations:  rbac.authorization.kubernetes.io/autoupdate: true\n"
        "Role:\n"
        "  Kind:  ClusterRole\n"
        "  Name:  cluster-admin\n"
        "Subjects:\n"
        "  Kind   Name            Namespace\n"
        "  ----   ----            ---------\n"
        "  Group  system:masters  \n")


def test_describe_poddisruptionbudget(p):
    assert describe(p, "pdb shop") == (
        "Name:           shop\n"
        "Namespace:      default\n"
        "Min available:  2\n"
        "Selector:       app=shop\n"
        "Status:\n"
        "    Allowed disruptions:  1\n"
        "    Current:              3\n"
        "    Desired:              2\n"
        "    Total:                3\n"
        "Events:\n"
        "  Type    Reason  Age   From               Message\n"
        "  ----    ------  ----  ----               -------\n"
        "  Normal  NoPods  60s   controllermanager  No matching pods found\n")


def test_describe_priorityclass_prints_annotations_as_one_label_string(p):
    applied = ('{"apiVersion":"scheduling.k8s.io/v1","description":"Critical shop pods.","kind":"PriorityClass",'
               '"metadata":{"annotations":{},"name":"high"},"value":1000000}')
    assert describe(p, "priorityclass high") == (
        "Name:              high\n"
        "Value:             1000000\n"
        "GlobalDefault:     false\n"
        "PreemptionPolicy:  PreemptLowerPriority\n"
        "Description:       Critical shop pods.\n"
        f"Annotations:       kubectl.kubernetes.io/last-applied-configuration={applied}\n"
        "\n"
        "Events:  <none>\n")


def test_describe_limitrange_one_row_per_type_and_resource(p):
    assert describe(p, "limitrange limits") == (
        "Name:       limits\n"
        "Namespace:  default\n"
        "Type        Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio\n"
        "----        --------  ---  ---  ---------------  -------------  -----------------------\n"
        "Container   cpu       -    2    100m             500m           10\n"
        "Container   memory    -    -    128Mi            256Mi          -\n"
        "Pod         memory    -    1Gi  -                -              -\n")


def test_describe_resourcequota_used_against_hard(p):
    assert describe(p, "quota quota") == (
        "Name:            quota\n"
        "Namespace:       default\n"
        "Resource         Used   Hard\n"
        "--------         ----   ----\n"
        "limits.memory    768Mi  4Gi\n"
        "pods             3      10\n"
        "requests.cpu     300m   2\n"
        "requests.memory  192Mi  2Gi\n")


def test_describe_resourcequota_with_scopes_prints_used_in_the_hard_format(p):
    assert describe(p, "quota long-running") == (
        "Name:       long-running\n"
        "Namespace:  default\n"
        "Scopes:     NotBestEffort, NotTerminating\n"
        " * Matches all pods that have at least one resource requirement set. These pods have a burstable or "
        "guaranteed quality of service.\n"
        " * Matches all pods that do not have an active deadline. These pods usually include long running pods whose "
        "container command is not expected to terminate.\n"
        "Resource         Used       Hard\n"
        "--------         ----       ----\n"
        "pods             3          5\n"
        "requests.memory  201326592  1G\n")


def test_describe_hpa_resource_metrics_and_behavior(p):
    out = describe(p, "hpa shop")
    assert out.partition("Conditions:\n")[0] == (
        "Name:                                                  shop\n"
        "Namespace:                                             default\n"
        "Labels:                                                <none>\n"
        "Annotations:                                           <none>\n"
        "CreationTimestamp:                                     Wed, 01 Jan 2025 00:00:27 +0000\n"
        "Reference:                                             Deployment/shop\n"
        "Metrics:                                               ( current / target )\n"
        "  resource cpu on pods  (as a percentage of request):  0% (0) / 50%\n"
        "  resource memory on pods:                             7340032 / 100Mi\n"
        "Min replicas:                                          2\n"
        "Max replicas:                                          6\n"
        "Behavior:\n"
        "  Scale Up:\n"
        "    Stabilization Window: 0 seconds\n"
        "    Select Policy: Max\n"
        "    Policies:\n"
        "      - Type: Pods     Value: 4    Period: 15 seconds\n"
        "      - Type: Percent  Value: 100  Period: 15 seconds\n"
        "  Scale Down:\n"
        "    Stabilization Window: 60 seconds\n"
        "    Select Policy: Max\n"
        "    Policies:\n"
        "      - Type: Percent  Value: 50  Period: 30 seconds\n"
        "Deployment pods:       3 current / 3 desired\n")
    assert "  Type            Status  Reason               Message\n" in out


def test_describe_hpa_pods_object_external_and_container_metrics(p):
    # the autoscaling/v1 name of the object is described from its autoscaling/v2 form, as kubectl does
    assert describe(p, "hpa.v1.autoscaling queue") == (
        "Name:                                                                     queue\n"
        "Namespace:                                                                default\n"
        "Labels:                                                                   <none>\n"
        "Annotations:                                                              <none>\n"
        "CreationTimestamp:                                                        Wed, 01 Jan 2025 00:00:27 +0000\n"
        "Reference:                                                                Deployment/worker\n"
        "Metrics:                                                                  ( current / target )\n"
        '  "packets-per-second" on pods:                                           <unknown> / 1k\n'
        '  "requests-per-second" on Ingress/main-route (target value):             <unknown> / 10k\n'
        '  "queue_messages_ready" (target average value):                          <unknown> / 30\n'
        '  resource cpu of container "app" on pods  (as a percentage of request):  <unknown> / 60%\n'
        "Min replicas:                                                             1\n"
        "Max replicas:                                                             4\n"
        "Deployment pods:                                                          0 current / 0 desired\n"
        "Conditions:\n"
        "  Type         Status  Reason          Message\n"
        "  ----         ------  ------          -------\n"
        "  AbleToScale  False   FailedGetScale  the HPA controller was unable to get the target's current scale: "
        'deployments.apps "worker" not found\n'
        "Events:\n"
        "  Type     Reason          Age               From                       Message\n"
        "  ----     ------          ----              ----                       -------\n"
        '  Warning  FailedGetScale  0s (x4 over 45s)  horizontal-pod-autoscaler  deployments.apps "worker" not found\n')


# openssl req -new -subj "/CN=jane/O=developers/O=qa/C=DE/L=Berlin/serialNumber=42" -addext "subjectAltName=
# DNS:jane.example.com,DNS:www.example.com,email:jane@example.com,IP:10.0.0.7,IP:fd00::1,URI:spiffe://example.com/jane"
JANE_CSR = (
    "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQm5qQ0NBVVFDQVFBd1hERU5NQXNHQTFVRUF3d0VhbUZ1WlRF"
    "VE1CRUdBMVVFQ2d3S1pHVjJaV3h2Y0dWeQpjekVMTUFrR0ExVUVDZ3dDY1dFeEN6QUpCZ05WQkFZVEFrUkZNUTh3RFFZRFZRUUhE"
    "QVpDWlhKc2FXNHhDekFKCkJnTlZCQVVUQWpReU1Ga3dFd1lIS29aSXpqMENBUVlJS29aSXpqMERBUWNEUWdBRUI3b2ZnZS9SV0hx"
    "YndKWnIKbEgvVm94Lzd1Mm9hZEtEZi93Wjk4aDVRTW94SXFaZEhSK3F0YitGZCtHZ0MrRUZwSUh5Z0NJUXY0MzE4QjN4KwpRc2lY"
    "TEtDQmhUQ0JnZ1lKS29aSWh2Y05BUWtPTVhVd2N6QnhCZ05WSFJFRWFqQm9naEJxWVc1bExtVjRZVzF3CmJHVXVZMjl0Z2c5M2Qz"
    "Y3VaWGhoYlhCc1pTNWpiMjJCRUdwaGJtVkFaWGhoYlhCc1pTNWpiMjJIQkFvQUFBZUgKRVAwQUFBQUFBQUFBQUFBQUFBQUFBQUdH"
    "R1hOd2FXWm1aVG92TDJWNFlXMXdiR1V1WTI5dEwycGhibVV3Q2dZSQpLb1pJemowRUF3SURTQUF3UlFJZ1ZIRnh1S1lRTWM5MnY1"
    "VGRBL1lrSHQ5ckFTbDhLVHVwaUFjcDFNbGEzK1FDCklRRE9VVEI5MTN0eXVjWDVlQSt4MUJ3VkRYWWUvR1VFbmg4M294NTB5NFI2"
    "N0E9PQotLS0tLUVORCBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K"
)


def test_describe_csr_decodes_the_subject_and_alternative_names(p):
    p.api.create("certificatesigningrequests", {
        "apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest",
        "metadata": {"name": "jane", "labels": {"team": "dev"}},
        "spec": {"request": JANE_CSR, "signerName": "kubernetes.io/kube-apiserver-client",
                 "expirationSeconds": 86400, "usages": ["client auth"]}})
    expected = (
        "Name:                jane\n"
        "Labels:              team=dev\n"
        "Annotations:         <none>\n"
        "CreationTimestamp:   Wed, 01 Jan 2025 00:01:27 +0000\n"
        "Requesting User:     kubernetes-admin\n"
        "Signer:              kubernetes.io/kube-apiserver-client\n"
        "Requested Duration:  24h\n"
        "Status:              {status}\n"
        "Subject:\n"
        "  Common Name:    jane\n"
        "  Serial Number:  42\n"
        "  Organization:   developers\n"
        "                  qa\n"
        "  Country:        DE\n"
        "  Locality:       Berlin\n"
        "Subject Alternative Names:\n"
        "         DNS Names:        jane.example.com\n"
        "                           www.example.com\n"
        "         Email Addresses:  jane@example.com\n"
        "         URIs:             spiffe://example.com/jane\n"
        "         IP Addresses:     10.0.0.7\n"
        "                           fd00::1\n"
        "Events:  <none>\n")
    assert describe(p, "csr jane") == expected.format(status="Pending")
    csr = p.api.get("certificatesigningrequests", "jane")
    csr["status"] = {"conditions": [{"type": "Approved", "status": "True", "reason": "KubectlApprove"}]}
    csr = p.api.update("certificatesigningrequests", csr, subresource="status")
    assert describe(p, "csr jane") == expected.format(status="Approved")
    csr = p.api.get("certificatesigningrequests", "jane")  # (the csrsigning controller may have issued it meanwhile)
    csr["status"]["certificate"] = "Y2VydA=="
    p.api.update("certificatesigningrequests", csr, subresource="status")
    assert describe(p, "csr jane") == expected.format(status="Approved,Issued")


def test_describe_csinode_lists_drivers(p):
    p.api.create("csinodes", {"apiVersion": "storage.k8s.io/v1", "kind": "CSINode", "metadata": {"name": "worker-1"},
                              "spec": {"drivers": [{"name": "ebs.csi.aws.com", "nodeID": "i-0abc",
                                                    "allocatable": {"count": 25},
                                                    "topologyKeys": ["topology.ebs.csi.aws.com/zone"]}]}})
    assert describe(p, "csinode worker-1") == (
        "Name:               worker-1\n"
        "Labels:             <none>\n"
        "Annotations:        <none>\n"
        "CreationTimestamp:  Wed, 01 Jan 2025 00:01:27 +0000\n"
        "Spec:\n"
        "  Drivers:\n"
        "    ebs.csi.aws.com:\n"
        "      Node ID:  i-0abc\n"
        "      Allocatables:\n"
        "        Count:        25\n"
        "      Topology Keys:  [topology.ebs.csi.aws.com/zone]\n"
        "Events:               <none>\n")


def test_kinds_without_a_describer_of_their_own_get_the_generic_one(p):
    out = describe(p, "lease -n kube-node-lease worker-1")
    assert out.startswith("Name:         worker-1\nNamespace:    kube-node-lease\nLabels:       <none>\n"
                          "Annotations:  <none>\nAPI Version:  coordination.k8s.io/v1\nKind:         Lease\n")
    assert "Spec:\n  Holder Identity:         worker-1\n  Lease Duration Seconds:  40\n" in out


@pytest.mark.parametrize("source, rows", [
    ({"nfs": {"server": "10.0.0.5", "path": "/exports"}},
     "    Type:      NFS (an NFS mount that lasts the lifetime of a pod)\n"
     "    Server:    10.0.0.5\n"
     "    Path:      /exports\n"
     "    ReadOnly:  false\n"),
    ({"csi": {"driver": "ebs.csi.aws.com", "volumeHandle": "vol-1", "fsType": "ext4",
              "volumeAttributes": {"type": "gp3", "iops": "3000"}}},
     "    Type:              CSI (a Container Storage Interface (CSI) volume source)\n"
     "    Driver:            ebs.csi.aws.com\n"
     "    FSType:            ext4\n"
     "    VolumeHandle:      vol-1\n"
     "    ReadOnly:          false\n"
     "    VolumeAttributes:      iops=3000\n"
     "                           type=gp3\n"),
    ({"cephfs": {"monitors": ["10.0.0.1:6789", "10.0.0.2:6789"], "user": "admin",
                 "secretRef": {"name": "ceph", "namespace": "rook"}}},
     "    Type:        CephFS (a CephFS mount on the host that shares a pod's lifetime)\n"
     "    Monitors:    [10.0.0.1:6789 10.0.0.2:6789]\n"
     "    Path:        \n"
     "    User:        admin\n"
     "    SecretFile:  \n"
     "    SecretRef:   &SecretReference{Name:ceph,Namespace:rook,}\n"
     "    ReadOnly:    false\n"),
    ({"fc": {"targetWWNs": ["500a0982991b8dc5", "500a0982891b8dc5"], "lun": 2, "fsType": "ext4"}},
     "    Type:        FC (a Fibre Channel disk)\n"
     "    TargetWWNs:  500a0982991b8dc5, 500a0982891b8dc5\n"
     "    LUN:         2\n"
     "    FSType:      ext4\n"
     "    ReadOnly:    false\n"),
])
def test_describe_pv_sources(p, source, rows):
    name = "pv-" + next(iter(source))
    p.api.create("persistentvolumes", {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": name},
                                       "spec": {"capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteMany"],
                                                **source}})
    out = describe(p, f"pv {name}")
    assert out.partition("Source:\n")[2].partition("Events:")[0] == rows


def test_describe_csr_whose_request_is_not_pem_is_kubectls_error(p):
    p.api.create("certificatesigningrequests", {
        "apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest", "metadata": {"name": "bad"},
        "spec": {"request": "aGVsbG8=", "signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]}})
    r = p.kubectl("describe csr bad")
    assert (r.stdout, r.stderr, r.exit_code) == (
        "", "error: Error parsing CSR: PEM block type must be CERTIFICATE REQUEST\n", 1)
