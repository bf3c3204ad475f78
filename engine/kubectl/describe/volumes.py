"""The volume sources `kubectl describe` prints (describe.go's print*VolumeSource): a pod's volumes
and a PersistentVolume's source, each a `Type:` line at LEVEL_2 and rows indented by four spaces."""
from ...api import quantity


def go_list(values):
    """fmt's %v of a []string: `[a b]`."""
    return "[" + " ".join(values or []) + "]"


def go_bool(value):
    return "true" if value else "false"


def go_map(values):
    """fmt's %v of a map[string]string: `map[a:1 b:2]`, keys sorted."""
    return "map[" + " ".join(f"{k}:{values[k]}" for k in sorted(values or {})) + "]"


def secret_ref(ref):
    """fmt's %v of a *SecretReference (its generated String())."""
    if ref is None:
        return "nil"
    return f"&SecretReference{{Name:{ref.get('name', '')},Namespace:{ref.get('namespace', '')},}}"


def local_ref(ref):
    """fmt's %v of a *LocalObjectReference (its generated String())."""
    return "nil" if ref is None else f"&LocalObjectReference{{Name:{ref.get('name', '')},}}"


def _or(value, default):
    return value if value is not None else default


def _iscsi(ref):
    return lambda s: [
        ("TargetPortal", s.get("targetPortal", "")), ("IQN", s.get("iqn", "")), ("Lun", s.get("lun", 0)),
        (None, f"ISCSIInterface\t{s.get('iscsiInterface', '')}"), ("FSType", s.get("fsType", "")),
        ("ReadOnly", go_bool(s.get("readOnly"))), ("Portals", go_list(s.get("portals"))),
        ("DiscoveryCHAPAuth", go_bool(s.get("chapAuthDiscovery"))), ("SessionCHAPAuth", go_bool(s.get("chapAuthSession"))),
        ("SecretRef", ref(s.get("secretRef"))), ("InitiatorName", _or(s.get("initiatorName"), "<none>"))]


def _rbd(ref):
    return lambda s: [
        ("CephMonitors", go_list(s.get("monitors"))), ("RBDImage", s.get("image", "")), ("FSType", s.get("fsType", "")),
        ("RBDPool", s.get("pool", "")), ("RadosUser", s.get("user", "")), ("Keyring", s.get("keyring", "")),
        ("SecretRef", ref(s.get("secretRef"))), ("ReadOnly", go_bool(s.get("readOnly")))]


def _cinder(ref):
    return lambda s: [
        ("VolumeID", s.get("volumeID", "")), ("FSType", s.get("fsType", "")), ("ReadOnly", go_bool(s.get("readOnly"))),
        ("SecretRef", ref(s.get("secretRef")))]


def _cephfs(ref):
    return lambda s: [
        ("Monitors", go_list(s.get("monitors"))), ("Path", s.get("path", "")), ("User", s.get("user", "")),
        ("SecretFile", s.get("secretFile", "")), ("SecretRef", ref(s.get("secretRef"))),
        ("ReadOnly", go_bool(s.get("readOnly")))]


def _flex(ref):
    return lambda s: [
        ("Driver", s.get("driver", "")), ("FSType", s.get("fsType", "")), ("SecretRef", ref(s.get("secretRef"))),
        ("ReadOnly", go_bool(s.get("readOnly"))), ("Options", go_map(s.get("options")))]


def _scale_io(persistent):
    def rows(s):
        head = [("Gateway", s.get("gateway", "")), ("System", s.get("system", "")),
                ("Protection Domain", s.get("protectionDomain", "")), ("Storage Pool", s.get("storagePool", "")),
                ("Storage Mode", s.get("storageMode", "")), ("VolumeName", s.get("volumeName", ""))]
        secret = [("SecretName", (s.get("secretRef") or {}).get("name", "")),
                  ("SecretNamespace", (s.get("secretRef") or {}).get("namespace", ""))] if persistent else []
        return head + secret + [("FSType", s.get("fsType", "")), ("ReadOnly", go_bool(s.get("readOnly")))]
    return rows


HOST_PATH = ("HostPath (bare host directory volume)", lambda s: [
    ("Path", s.get("path", "")), ("HostPathType", _or(s.get("type"), "<none>"))])
GCE = ("GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)", lambda s: [
    ("PDName", s.get("pdName", "")), ("FSType", s.get("fsType", "")), ("Partition", s.get("partition", 0)),
    ("ReadOnly", go_bool(s.get("readOnly")))])
AWS = ("AWSElasticBlockStore (a Persistent Disk resource in AWS)", lambda s: [
    ("VolumeID", s.get("volumeID", "")), ("FSType", s.get("fsType", "")), ("Partition", s.get("partition", 0)),
    ("ReadOnly", go_bool(s.get("readOnly")))])
NFS = ("NFS (an NFS mount that lasts the lifetime of a pod)", lambda s: [
    ("Server", s.get("server", "")), ("Path", s.get("path", "")), ("ReadOnly", go_bool(s.get("readOnly")))])
ISCSI = "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)"
GLUSTER = "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)"
RBD = "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)"
QUOBYTE = ("Quobyte (a Quobyte mount on the host that shares a pod's lifetime)", lambda s: [
    ("Registry", s.get("registry", "")), ("Volume", s.get("volume", "")), ("ReadOnly", go_bool(s.get("readOnly")))])
VSPHERE = ("vSphereVolume (a Persistent Disk resource in vSphere)", lambda s: [
    ("VolumePath", s.get("volumePath", "")), ("FSType", s.get("fsType", "")),
    ("StoragePolicyName", s.get("storagePolicyName", ""))])
CINDER = "Cinder (a Persistent Disk resource in OpenStack)"
AZURE_DISK = ("AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)", lambda s: [
    ("DiskName", s.get("diskName", "")), ("DiskURI", s.get("diskURI", "")), (None, f"Kind: \t{s.get('kind', '')}"),
    ("FSType", s.get("fsType", "")), ("CachingMode", s.get("cachingMode", "")), ("ReadOnly", go_bool(s.get("readOnly")))])
PHOTON = ("PhotonPersistentDisk (a Persistent Disk resource in photon platform)", lambda s: [
    ("PdID", s.get("pdID", "")), ("FSType", s.get("fsType", ""))])
PORTWORX = ("PortworxVolume (a Portworx Volume resource)", lambda s: [("VolumeID", s.get("volumeID", ""))])
SCALE_IO = "ScaleIO (a persistent volume backed by a block device in ScaleIO)"
CEPHFS = "CephFS (a CephFS mount on the host that shares a pod's lifetime)"
STORAGEOS = ("StorageOS (a StorageOS Persistent Disk resource)", lambda s: [
    ("VolumeName", s.get("volumeName", "")), ("VolumeNamespace", s.get("volumeNamespace", "")),
    ("FSType", s.get("fsType", "")), ("ReadOnly", go_bool(s.get("readOnly")))])
FC = ("FC (a Fibre Channel disk)", lambda s: [
    ("TargetWWNs", ", ".join(s.get("targetWWNs") or [])), ("LUN", _or(s.get("lun"), "<none>")),
    ("FSType", s.get("fsType", "")), ("ReadOnly", go_bool(s.get("readOnly")))])
AZURE_FILE = "AzureFile (an Azure File Service mount on the host and bind mount to the pod)"
FLEX = "FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)"
FLOCKER = ("Flocker (a Flocker volume mounted by the Flocker agent)", lambda s: [
    ("DatasetName", s.get("datasetName", "")), ("DatasetUUID", s.get("datasetUUID", ""))])
CSI = "CSI (a Container Storage Interface (CSI) volume source)"

# A PersistentVolume's sources, in the order of describePersistentVolume's switch.
PERSISTENT = (
    ("hostPath", *HOST_PATH), ("gcePersistentDisk", *GCE), ("awsElasticBlockStore", *AWS), ("nfs", *NFS),
    ("iscsi", ISCSI, _iscsi(secret_ref)),
    ("glusterfs", GLUSTER, lambda s: [
        ("EndpointsName", s.get("endpoints", "")), ("EndpointsNamespace", _or(s.get("endpointsNamespace"), "<unset>")),
        ("Path", s.get("path", "")), ("ReadOnly", go_bool(s.get("readOnly")))]),
    ("rbd", RBD, _rbd(secret_ref)), ("quobyte", *QUOBYTE), ("vsphereVolume", *VSPHERE),
    ("cinder", CINDER, _cinder(secret_ref)), ("azureDisk", *AZURE_DISK), ("photonPersistentDisk", *PHOTON),
    ("portworxVolume", *PORTWORX), ("scaleIO", SCALE_IO, _scale_io(True)),
    ("local", "LocalVolume (a persistent volume backed by local storage on a node)", lambda s: [
        ("Path", s.get("path", ""))]),
    ("cephfs", CEPHFS, _cephfs(secret_ref)), ("storageos", *STORAGEOS), ("fc", *FC),
    ("azureFile", AZURE_FILE, lambda s: [
        ("SecretName", s.get("secretName", "")), ("SecretNamespace", s.get("secretNamespace") or ""),
        ("ShareName", s.get("shareName", "")), ("ReadOnly", go_bool(s.get("readOnly")))]),
    ("flexVolume", FLEX, _flex(secret_ref)), ("flocker", *FLOCKER),
    ("csi", CSI, lambda s: [
        ("Driver", s.get("driver", "")), ("FSType", s.get("fsType", "")), ("VolumeHandle", s.get("volumeHandle", "")),
        ("ReadOnly", go_bool(s.get("readOnly")))]),
)


def _empty_dir(s):
    """A sizeLimit shows only when above zero."""
    limit = s.get("sizeLimit")
    try:
        positive = limit is not None and quantity.parse(str(limit)).value > 0
    except quantity.QuantityError:
        positive = False
    return [("Medium", s.get("medium", "")), ("SizeLimit", quantity.canonical_or_same(str(limit)) if positive else "<unset>")]


# A pod's inline sources, in the order of describeVolumes' switch (None: printed by pod.py itself).
INLINE = (
    ("hostPath", *HOST_PATH),
    ("emptyDir", "EmptyDir (a temporary directory that shares a pod's lifetime)", _empty_dir),
    ("gcePersistentDisk", *GCE), ("awsElasticBlockStore", *AWS),
    ("gitRepo", "GitRepo (a volume that is pulled from git when the pod is created)", lambda s: [
        ("Repository", s.get("repository", "")), ("Revision", s.get("revision", ""))]),
    ("secret", "Secret (a volume populated by a Secret)", lambda s: [
        ("SecretName", s.get("secretName", "")), ("Optional", go_bool(s.get("optional")))]),
    ("configMap", "ConfigMap (a volume populated by a ConfigMap)", lambda s: [
        ("Name", s.get("name", "")), ("Optional", go_bool(s.get("optional")))]),
    ("nfs", *NFS), ("iscsi", ISCSI, _iscsi(local_ref)),
    ("glusterfs", GLUSTER, lambda s: [
        ("EndpointsName", s.get("endpoints", "")), ("Path", s.get("path", "")), ("ReadOnly", go_bool(s.get("readOnly")))]),
    ("persistentVolumeClaim",
     "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)", lambda s: [
         ("ClaimName", s.get("claimName", "")), ("ReadOnly", go_bool(s.get("readOnly")))]),
    ("ephemeral", None, None), ("rbd", RBD, _rbd(local_ref)), ("quobyte", *QUOBYTE), ("downwardAPI", None, None),
    ("azureDisk", *AZURE_DISK), ("vsphereVolume", *VSPHERE), ("cinder", CINDER, _cinder(local_ref)),
    ("photonPersistentDisk", *PHOTON), ("portworxVolume", *PORTWORX), ("scaleIO", SCALE_IO, _scale_io(False)),
    ("cephfs", CEPHFS, _cephfs(local_ref)), ("storageos", *STORAGEOS), ("fc", *FC),
    ("azureFile", AZURE_FILE, lambda s: [
        ("SecretName", s.get("secretName", "")), ("ShareName", s.get("shareName", "")),
        ("ReadOnly", go_bool(s.get("readOnly")))]),
    ("flexVolume", FLEX, _flex(local_ref)), ("flocker", *FLOCKER), ("projected", None, None),
    ("csi", CSI, lambda s: [
        ("Driver", s.get("driver", "")), ("FSType", s.get("fsType") or ""), ("ReadOnly", go_bool(s.get("readOnly")))]),
    ("image", "Image (a container image or OCI artifact)", lambda s: [
        ("Reference", s.get("reference", "")), ("PullPolicy", s.get("pullPolicy", ""))]),
)


def write_source(w, title, rows, source):
    """One print*VolumeSource: a single Write at LEVEL_2 (so only its first line is indented)."""
    lines = [f"Type:\t{title}\n"] + [f"    {text}\n" if label is None else f"    {label}:\t{text}\n"
                                      for label, text in rows(source)]
    w.write(2, "".join(lines))


def csi_attributes(w, attributes):
    """printCSIPersistentVolumeAttributesMultiline: every line at LEVEL_2, long ones cut at 140."""
    w.write(2, "VolumeAttributes:\t")
    if not attributes:
        w.line("<none>")
        return
    for i, key in enumerate(sorted(attributes)):
        if i:
            w.write(2, "")
            w.write(2, "\t")
        line = f"{key}={attributes[key]}"
        w.write(2, f"{line[:140]}...\n" if len(line) > 140 else f"{line}\n")
