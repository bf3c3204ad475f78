"""What `kubeadm init --pod-network-cidr=10.244.0.0/16` on the control-plane node settles (kubeadm
v1.32's constants and defaults): versions, images, subnets, addresses."""
KUBERNETES_VERSION = "v1.32.0"
IMAGE_REPOSITORY = "registry.k8s.io"
ETCD_IMAGE = f"{IMAGE_REPOSITORY}/etcd:3.5.16-0"
COREDNS_IMAGE = f"{IMAGE_REPOSITORY}/coredns/coredns:v1.11.3"
KUBE_PROXY_IMAGE = f"{IMAGE_REPOSITORY}/kube-proxy:{KUBERNETES_VERSION}"
PAUSE_IMAGE = f"{IMAGE_REPOSITORY}/pause:3.10"
FLANNEL_IMAGE = "docker.io/flannel/flannel:v0.26.1"
FLANNEL_CNI_PLUGIN_IMAGE = "docker.io/flannel/flannel-cni-plugin:v1.5.1-flannel2"

ADVERTISE_ADDRESS = "172.18.0.2"  # the control-plane node's InternalIP
API_PORT = 6443
SERVICE_SUBNET = "10.96.0.0/12"
POD_SUBNET = "10.244.0.0/16"
DNS_DOMAIN = "cluster.local"
DNS_SERVICE_IP = "10.96.0.10"  # the tenth address of the service subnet
CLUSTER_NAME = "kubernetes"
