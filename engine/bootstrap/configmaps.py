"""The ConfigMaps a kubeadm v1.32 cluster starts with: kubeadm's upload-config (kubeadm-config,
kubelet-config), bootstrap-token's cluster-info in kube-public, and the two the apiserver writes."""
import base64
import hashlib

from ..controllers.root_ca_publisher import CA_CRT
from .constants import (ADVERTISE_ADDRESS, API_PORT, CLUSTER_NAME, DNS_DOMAIN, DNS_SERVICE_IP, IMAGE_REPOSITORY,
                        KUBERNETES_VERSION, POD_SUBNET, SERVICE_SUBNET)

CLUSTER_CONFIGURATION = f"""\
apiServer: {{}}
apiVersion: kubeadm.k8s.io/v1beta4
caCertificateValidityPeriod: 87600h0m0s
certificateValidityPeriod: 8760h0m0s
certificatesDir: /etc/kubernetes/pki
clusterName: {CLUSTER_NAME}
controllerManager: {{}}
dns: {{}}
encryptionAlgorithm: RSA-2048
etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: {IMAGE_REPOSITORY}
kind: ClusterConfiguration
kubernetesVersion: {KUBERNETES_VERSION}
networking:
  dnsDomain: {DNS_DOMAIN}
  podSubnet: {POD_SUBNET}
  serviceSubnet: {SERVICE_SUBNET}
proxy: {{}}
scheduler: {{}}
"""

KUBELET_CONFIGURATION = f"""\
apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
clusterDNS:
- {DNS_SERVICE_IP}
clusterDomain: {DNS_DOMAIN}
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {{}}
evictionPressureTransitionPeriod: 0s
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {{}}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
"""


def cluster_info_kubeconfig():
    ca = base64.b64encode(CA_CRT.encode()).decode()
    return f"""\
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: {ca}
    server: https://{ADVERTISE_ADDRESS}:{API_PORT}
  name: ""
contexts: null
current-context: ""
kind: Config
preferences: {{}}
users: null
"""


def component_config_hash(data):
    """kubeadm's ChecksumForConfigMap: sha256 over the sorted keys and their values."""
    digest = hashlib.sha256()
    for key in sorted(data):
        digest.update(key.encode())
        digest.update(data[key].encode())
    return "sha256:" + digest.hexdigest()


def _config_map(name, namespace, data, annotations=None):
    meta = {"name": name, "namespace": namespace}
    if annotations:
        meta["annotations"] = annotations
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta, "data": data}


def objects(created):
    """`created` is the cluster's creation date (YYYY-MM-DD) the apiserver records for token tracking."""
    kubelet = {"kubelet": KUBELET_CONFIGURATION}
    return [
        _config_map("kubeadm-config", "kube-system", {"ClusterConfiguration": CLUSTER_CONFIGURATION}),
        _config_map("kubelet-config", "kube-system", kubelet,
                    {"kubeadm.kubernetes.io/component-config.hash": component_config_hash(kubelet)}),
        _config_map("cluster-info", "kube-public", {"kubeconfig": cluster_info_kubeconfig()}),
        _config_map("extension-apiserver-authentication", "kube-system", {
            "client-ca-file": CA_CRT,
            "requestheader-allowed-names": '["front-proxy-client"]',
            "requestheader-client-ca-file": CA_CRT,
            "requestheader-extra-headers-prefix": '["X-Remote-Extra-"]',
            "requestheader-group-headers": '["X-Remote-Group"]',
            "requestheader-username-headers": '["X-Remote-User"]',
        }),
        _config_map("kube-apiserver-legacy-service-account-token-tracking", "kube-system", {"since": created}),
    ]
