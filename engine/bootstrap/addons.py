"""kubeadm's addon phase: kube-proxy (ServiceAccount, ConfigMap, DaemonSet, RBAC) and CoreDNS
(ServiceAccount, RBAC, Corefile ConfigMap, Deployment, the kube-dns Service at 10.96.0.10)."""
from .configmaps import component_config_hash
from .constants import (ADVERTISE_ADDRESS, API_PORT, COREDNS_IMAGE, DNS_DOMAIN, DNS_SERVICE_IP, KUBE_PROXY_IMAGE,
                        POD_SUBNET)

KUBE_PROXY_CONFIG = f"""\
apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: {POD_SUBNET}
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: ""
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: \"\""""

KUBE_PROXY_KUBECONFIG = f"""\
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://{ADVERTISE_ADDRESS}:{API_PORT}
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token"""

COREFILE = f"""\
.:53 {{
    errors
    health {{
       lameduck 5s
    }}
    ready
    kubernetes {DNS_DOMAIN} in-addr.arpa ip6.arpa {{
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }}
    prometheus :9153
    forward . /etc/resolv.conf {{
       max_concurrent 1000
    }}
    cache 30
    loop
    reload
    loadbalance
}}
"""


def _meta(name, namespace=None, **extra):
    meta = {"name": name, **extra}
    if namespace:
        meta["namespace"] = namespace
    return meta


def _binding(kind, name, role_kind, role, subjects, namespace=None):
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": _meta(name, namespace),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role},
            "subjects": subjects}


def kube_proxy():
    data = {"config.conf": KUBE_PROXY_CONFIG, "kubeconfig.conf": KUBE_PROXY_KUBECONFIG}
    config_map = {"apiVersion": "v1", "kind": "ConfigMap",
                  "metadata": _meta("kube-proxy", "kube-system", labels={"app": "kube-proxy"},
                                    annotations={"kubeadm.kubernetes.io/component-config.hash": component_config_hash(data)}),
                  "data": data}
    daemon_set = {
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": _meta("kube-proxy", "kube-system", labels={"k8s-app": "kube-proxy"}),
        "spec": {
            "selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
            "template": {"metadata": {"labels": {"k8s-app": "kube-proxy"}}, "spec": {
                "containers": [{
                    "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                "--hostname-override=$(NODE_NAME)"],
                    "env": [{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}],
                    "image": KUBE_PROXY_IMAGE, "imagePullPolicy": "IfNotPresent", "name": "kube-proxy",
                    "resources": {}, "securityContext": {"privileged": True},
                    "volumeMounts": [{"mountPath": "/var/lib/kube-proxy", "name": "kube-proxy"},
                                     {"mountPath": "/run/xtables.lock", "name": "xtables-lock"},
                                     {"mountPath": "/lib/modules", "name": "lib-modules", "readOnly": True}]}],
                "hostNetwork": True, "nodeSelector": {"kubernetes.io/os": "linux"},
                "priorityClassName": "system-node-critical", "serviceAccountName": "kube-proxy",
                "tolerations": [{"operator": "Exists"}],
                "volumes": [{"configMap": {"name": "kube-proxy"}, "name": "kube-proxy"},
                            {"hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}, "name": "xtables-lock"},
                            {"hostPath": {"path": "/lib/modules"}, "name": "lib-modules"}]}},
            "updateStrategy": {"type": "RollingUpdate"},
        },
    }
    return [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta("kube-proxy", "kube-system")},
        config_map,
        daemon_set,
        _binding("ClusterRoleBinding", "kubeadm:node-proxier", "ClusterRole", "system:node-proxier",
                 [{"kind": "ServiceAccount", "name": "kube-proxy", "namespace": "kube-system"}]),
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": _meta("kube-proxy", "kube-system"),
         "rules": [{"apiGroups": [""], "resourceNames": ["kube-proxy"], "resources": ["configmaps"], "verbs": ["get"]}]},
        _binding("RoleBinding", "kube-proxy", "Role", "kube-proxy",
                 [{"kind": "Group", "name": "system:bootstrappers:kubeadm:default-node-token"}], "kube-system"),
    ]


def coredns():
    deployment = {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": _meta("coredns", "kube-system", labels={"k8s-app": "kube-dns"}),
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"k8s-app": "kube-dns"}},
            "strategy": {"rollingUpdate": {"maxUnavailable": 1}, "type": "RollingUpdate"},
            "template": {"metadata": {"labels": {"k8s-app": "kube-dns"}}, "spec": {
                "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{
                    "podAffinityTerm": {"labelSelector": {"matchExpressions": [
                        {"key": "k8s-app", "operator": "In", "values": ["kube-dns"]}]},
                        "topologyKey": "kubernetes.io/hostname"},
                    "weight": 100}]}},
                "containers": [{
                    "args": ["-conf", "/etc/coredns/Corefile"], "image": COREDNS_IMAGE, "imagePullPolicy": "IfNotPresent",
                    "livenessProbe": {"failureThreshold": 5, "httpGet": {"path": "/health", "port": 8080, "scheme": "HTTP"},
                                      "initialDelaySeconds": 60, "successThreshold": 1, "timeoutSeconds": 5},
                    "name": "coredns",
                    "ports": [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                              {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                              {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
                    "readinessProbe": {"httpGet": {"path": "/ready", "port": 8181, "scheme": "HTTP"}},
                    "resources": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
                    "securityContext": {"allowPrivilegeEscalation": False,
                                        "capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]},
                                        "readOnlyRootFilesystem": True},
                    "volumeMounts": [{"mountPath": "/etc/coredns", "name": "config-volume", "readOnly": True}]}],
                "dnsPolicy": "Default", "nodeSelector": {"kubernetes.io/os": "linux"},
                "priorityClassName": "system-cluster-critical", "serviceAccountName": "coredns",
                "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                                {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}],
                "volumes": [{"configMap": {"items": [{"key": "Corefile", "path": "Corefile"}], "name": "coredns"},
                             "name": "config-volume"}]}},
        },
    }
    service = {
        "apiVersion": "v1", "kind": "Service",
        "metadata": _meta("kube-dns", "kube-system",
                          annotations={"prometheus.io/port": "9153", "prometheus.io/scrape": "true"},
                          labels={"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                  "kubernetes.io/name": "CoreDNS"}),
        "spec": {"clusterIP": DNS_SERVICE_IP,
                 "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                           {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                           {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}],
                 "selector": {"k8s-app": "kube-dns"}},
    }
    return [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": _meta("coredns", "kube-system"), "data": {"Corefile": COREFILE}},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": _meta("system:coredns"),
         "rules": [{"apiGroups": [""], "resources": ["endpoints", "services", "pods", "namespaces"], "verbs": ["list", "watch"]},
                   {"apiGroups": ["discovery.k8s.io"], "resources": ["endpointslices"], "verbs": ["list", "watch"]}]},
        _binding("ClusterRoleBinding", "system:coredns", "ClusterRole", "system:coredns",
                 [{"kind": "ServiceAccount", "name": "coredns", "namespace": "kube-system"}]),
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta("coredns", "kube-system")},
        deployment,
        service,
    ]
