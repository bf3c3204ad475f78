"""kubeadm's control-plane phase: the static pod manifests it writes to /etc/kubernetes/manifests on
the control-plane node (etcd, kube-apiserver, kube-controller-manager, kube-scheduler), as v1.32 does."""
import copy

from .constants import (ADVERTISE_ADDRESS, API_PORT, ETCD_IMAGE, IMAGE_REPOSITORY, KUBERNETES_VERSION, POD_SUBNET,
                        SERVICE_SUBNET)

PKI = "/etc/kubernetes/pki"


def _probe(host, path, port, scheme, failures=8, initial=10, period=10):
    probe = {"failureThreshold": failures, "httpGet": {"host": host, "path": path, "port": port, "scheme": scheme}}
    if initial:
        probe["initialDelaySeconds"] = initial
    probe.update(periodSeconds=period, timeoutSeconds=15)
    return probe


def _host_path(name, path, type_="DirectoryOrCreate"):
    return {"hostPath": {"path": path, "type": type_}, "name": name}


def _pod(name, container, volumes, annotations=None):
    meta = {"labels": {"component": name, "tier": "control-plane"}, "name": name, "namespace": "kube-system"}
    if annotations:
        meta = {"annotations": annotations, **meta}
    container = {"command": container.pop("command"), "image": container.pop("image"), "imagePullPolicy": "IfNotPresent",
                 **container}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"containers": [container], "hostNetwork": True, "priorityClassName": "system-node-critical",
                     "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "volumes": volumes}}


def _flags(binary, flags):
    return [binary] + [f"--{k}={v}" for k, v in sorted(flags.items())]


# the CA and kubeconfig mounts kube-apiserver and kube-controller-manager share (Debian hosts)
CA_MOUNTS = [("ca-certs", "/etc/ssl/certs"), ("etc-ca-certificates", "/etc/ca-certificates")]
SHARE_MOUNTS = [("usr-local-share-ca-certificates", "/usr/local/share/ca-certificates"),
                ("usr-share-ca-certificates", "/usr/share/ca-certificates")]


def _mounts(entries):
    """(volumeMounts, volumes) for (name, path, readOnly, hostPath type) entries, in volume name order as kubeadm writes them."""
    entries = sorted(entries, key=lambda e: e[0])
    mounts = [{"mountPath": path, "name": name, **({"readOnly": True} if ro else {})} for name, path, ro, _ in entries]
    volumes = [_host_path(name, path, type_) for name, path, _, type_ in entries]
    return mounts, volumes


def etcd(node_name, address=ADVERTISE_ADDRESS):
    flags = {
        "advertise-client-urls": f"https://{address}:2379", "cert-file": f"{PKI}/etcd/server.crt",
        "client-cert-auth": "true", "data-dir": "/var/lib/etcd", "experimental-initial-corrupt-check": "true",
        "experimental-watch-progress-notify-interval": "5s",
        "initial-advertise-peer-urls": f"https://{address}:2380",
        "initial-cluster": f"{node_name}=https://{address}:2380", "key-file": f"{PKI}/etcd/server.key",
        "listen-client-urls": f"https://127.0.0.1:2379,https://{address}:2379",
        "listen-metrics-urls": "http://127.0.0.1:2381", "listen-peer-urls": f"https://{address}:2380",
        "name": node_name, "peer-cert-file": f"{PKI}/etcd/peer.crt", "peer-client-cert-auth": "true",
        "peer-key-file": f"{PKI}/etcd/peer.key", "peer-trusted-ca-file": f"{PKI}/etcd/ca.crt",
        "snapshot-count": "10000", "trusted-ca-file": f"{PKI}/etcd/ca.crt",
    }
    container = {
        "command": _flags("etcd", flags), "image": ETCD_IMAGE,
        "livenessProbe": _probe("127.0.0.1", "/livez", 2381, "HTTP"), "name": "etcd",
        "readinessProbe": _probe("127.0.0.1", "/readyz", 2381, "HTTP", failures=3, initial=0, period=1),
        "resources": {"requests": {"cpu": "100m", "memory": "100Mi"}},
        "startupProbe": _probe("127.0.0.1", "/readyz", 2381, "HTTP", failures=24),
        "volumeMounts": [{"mountPath": "/var/lib/etcd", "name": "etcd-data"},
                         {"mountPath": f"{PKI}/etcd", "name": "etcd-certs"}],
    }
    volumes = [_host_path("etcd-certs", f"{PKI}/etcd"), _host_path("etcd-data", "/var/lib/etcd")]
    return _pod("etcd", container, volumes,
                {"kubeadm.kubernetes.io/etcd.advertise-client-urls": f"https://{address}:2379"})


def kube_apiserver(address=ADVERTISE_ADDRESS, etcd_servers="https://127.0.0.1:2379"):
    flags = {
        "advertise-address": address, "allow-privileged": "true", "authorization-mode": "Node,RBAC",
        "client-ca-file": f"{PKI}/ca.crt", "enable-admission-plugins": "NodeRestriction",
        "enable-bootstrap-token-auth": "true", "etcd-cafile": f"{PKI}/etcd/ca.crt",
        "etcd-certfile": f"{PKI}/apiserver-etcd-client.crt", "etcd-keyfile": f"{PKI}/apiserver-etcd-client.key",
        "etcd-servers": etcd_servers, "kubelet-client-certificate": f"{PKI}/apiserver-kubelet-client.crt",
        "kubelet-client-key": f"{PKI}/apiserver-kubelet-client.key",
        "kubelet-preferred-address-types": "InternalIP,ExternalIP,Hostname",
        "proxy-client-cert-file": f"{PKI}/front-proxy-client.crt", "proxy-client-key-file": f"{PKI}/front-proxy-client.key",
        "requestheader-allowed-names": "front-proxy-client", "requestheader-client-ca-file": f"{PKI}/front-proxy-ca.crt",
        "requestheader-extra-headers-prefix": "X-Remote-Extra-", "requestheader-group-headers": "X-Remote-Group",
        "requestheader-username-headers": "X-Remote-User", "secure-port": str(API_PORT),
        "service-account-issuer": "https://kubernetes.default.svc.cluster.local",
        "service-account-key-file": f"{PKI}/sa.pub", "service-account-signing-key-file": f"{PKI}/sa.key",
        "service-cluster-ip-range": SERVICE_SUBNET, "tls-cert-file": f"{PKI}/apiserver.crt",
        "tls-private-key-file": f"{PKI}/apiserver.key",
    }
    mounts, volumes = _mounts([(n, p, True, "DirectoryOrCreate") for n, p in CA_MOUNTS + SHARE_MOUNTS]
                              + [("k8s-certs", PKI, True, "DirectoryOrCreate")])
    container = {
        "command": _flags("kube-apiserver", flags), "image": f"{IMAGE_REPOSITORY}/kube-apiserver:{KUBERNETES_VERSION}",
        "livenessProbe": _probe(address, "/livez", API_PORT, "HTTPS"), "name": "kube-apiserver",
        "readinessProbe": _probe(address, "/readyz", API_PORT, "HTTPS", failures=3, initial=0, period=1),
        "resources": {"requests": {"cpu": "250m"}},
        "startupProbe": _probe(address, "/livez", API_PORT, "HTTPS", failures=24),
        "volumeMounts": mounts,
    }
    return _pod("kube-apiserver", container, volumes,
                {"kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": f"{address}:{API_PORT}"})


def kube_controller_manager():
    conf = "/etc/kubernetes/controller-manager.conf"
    flags = {
        "allocate-node-cidrs": "true", "authentication-kubeconfig": conf, "authorization-kubeconfig": conf,
        "bind-address": "127.0.0.1", "client-ca-file": f"{PKI}/ca.crt", "cluster-cidr": POD_SUBNET,
        "cluster-name": "kubernetes", "cluster-signing-cert-file": f"{PKI}/ca.crt",
        "cluster-signing-key-file": f"{PKI}/ca.key", "controllers": "*,bootstrapsigner,tokencleaner",
        "kubeconfig": conf, "leader-elect": "true", "requestheader-client-ca-file": f"{PKI}/front-proxy-ca.crt",
        "root-ca-file": f"{PKI}/ca.crt", "service-account-private-key-file": f"{PKI}/sa.key",
        "service-cluster-ip-range": SERVICE_SUBNET, "use-service-account-credentials": "true",
    }
    mounts, volumes = _mounts([(n, p, True, "DirectoryOrCreate") for n, p in CA_MOUNTS + SHARE_MOUNTS]
                              + [("k8s-certs", PKI, True, "DirectoryOrCreate"),
                                 ("flexvolume-dir", "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", False,
                                  "DirectoryOrCreate"),
                                 ("kubeconfig", conf, True, "FileOrCreate")])
    container = {
        "command": _flags("kube-controller-manager", flags),
        "image": f"{IMAGE_REPOSITORY}/kube-controller-manager:{KUBERNETES_VERSION}",
        "livenessProbe": _probe("127.0.0.1", "/healthz", 10257, "HTTPS"), "name": "kube-controller-manager",
        "resources": {"requests": {"cpu": "200m"}},
        "startupProbe": _probe("127.0.0.1", "/healthz", 10257, "HTTPS", failures=24),
        "volumeMounts": mounts,
    }
    return _pod("kube-controller-manager", container, volumes)


def kube_scheduler():
    conf = "/etc/kubernetes/scheduler.conf"
    flags = {"authentication-kubeconfig": conf, "authorization-kubeconfig": conf, "bind-address": "127.0.0.1",
             "kubeconfig": conf, "leader-elect": "true"}
    container = {
        "command": _flags("kube-scheduler", flags), "image": f"{IMAGE_REPOSITORY}/kube-scheduler:{KUBERNETES_VERSION}",
        "livenessProbe": _probe("127.0.0.1", "/healthz", 10259, "HTTPS"), "name": "kube-scheduler",
        "resources": {"requests": {"cpu": "100m"}},
        "startupProbe": _probe("127.0.0.1", "/healthz", 10259, "HTTPS", failures=24),
        "volumeMounts": [{"mountPath": conf, "name": "kubeconfig", "readOnly": True}],
    }
    return _pod("kube-scheduler", container, [_host_path("kubeconfig", conf, "FileOrCreate")])


_CACHE = {}


def static_pod_manifests(node_name, address=ADVERTISE_ADDRESS, external_etcd=()):
    """{file name: pod manifest} as in /etc/kubernetes/manifests (fresh copies; built once per process).
    With `external_etcd` client URLs (kubeadm's external etcd topology) there is no local etcd member."""
    key = (node_name, address, tuple(external_etcd))
    if key not in _CACHE:
        manifests = {"etcd.yaml": etcd(node_name, address), "kube-apiserver.yaml": kube_apiserver(address),
                     "kube-controller-manager.yaml": kube_controller_manager(),
                     "kube-scheduler.yaml": kube_scheduler()}
        if external_etcd:
            del manifests["etcd.yaml"]
            manifests["kube-apiserver.yaml"] = kube_apiserver(address, ",".join(external_etcd))
        _CACHE[key] = manifests
    return copy.deepcopy(_CACHE[key])
