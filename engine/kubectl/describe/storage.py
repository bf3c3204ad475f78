"""`kubectl describe` for the storage kinds (PersistentVolume, PersistentVolumeClaim with the pods
that use it, StorageClass), as describe.go lays them out."""
from ...api.quantity import canonical_or_same
from .writer import annotations_multiline, events_table, labels_multiline, rfc1123z

BETA_CLASS = "volume.beta.kubernetes.io/storage-class"
MODES = (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"))


def access_modes(modes):
    """storageutil.GetAccessModesAsString: always in the order RWO,ROX,RWX,RWOP."""
    return ",".join(short for mode, short in MODES if mode in (modes or ()))


def format_labels(values):
    """labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty."""
    return ",".join(f"{k}={values[k]}" for k in sorted(values or {})) or "<none>"


def go_list(values):
    """fmt's %v of a []string: `[a b]`."""
    return "[" + " ".join(values or []) + "]"


def _bool(value):
    return "true" if value else "false"


def _status(w, meta, phase):
    if meta.get("deletionTimestamp"):
        w.write(0, f"Status:\tTerminating (lasts {w.since(meta['deletionTimestamp'])})\n")
    else:
        w.write(0, f"Status:\t{phase or ''}\n")


def _storage(resources):
    value = (resources or {}).get("storage")
    return canonical_or_same(str(value)) if value is not None else "0"


def describe_persistentvolume(w, pv, events, api):
    meta, spec, status = pv["metadata"], pv.get("spec") or {}, pv.get("status") or {}
    annotations = meta.get("annotations") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", annotations)
    w.write(0, f"Finalizers:\t{go_list(meta.get('finalizers'))}\n")
    w.write(0, f"StorageClass:\t{annotations.get(BETA_CLASS, spec.get('storageClassName', ''))}\n")
    _status(w, meta, status.get("phase"))
    claim = spec.get("claimRef")
    w.write(0, f"Claim:\t{claim.get('namespace', '') + '/' + claim.get('name', '') if claim is not None else ''}\n")
    w.write(0, f"Reclaim Policy:\t{spec.get('persistentVolumeReclaimPolicy', '')}\n")
    w.write(0, f"Access Modes:\t{access_modes(spec.get('accessModes'))}\n")
    if spec.get("volumeMode") is not None:
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    w.write(0, f"Capacity:\t{_storage(spec.get('capacity'))}\n")
    _node_affinity(w, spec.get("nodeAffinity"))
    w.write(0, f"Message:\t{status.get('message', '')}\n")
    w.write(0, "Source:\n")
    _source(w, spec)
    if events is not None:
        events_table(w, events)


def _node_affinity(w, affinity):
    """printVolumeNodeAffinity."""
    w.write(0, "Node Affinity:\t")
    required = (affinity or {}).get("required")
    if required is None:
        w.line("<none>")
        return
    w.line("")
    w.write(1, "Required Terms:\t")
    terms = required.get("nodeSelectorTerms") or []
    if not terms:
        w.line("<none>")
        return
    w.line("")
    for i, term in enumerate(terms):
        w.write(2, f"Term {i}:\t")
        exprs = term.get("matchExpressions") or []
        if not exprs:
            w.line("<none>")
        for j, req in enumerate(exprs):
            if j:
                w.write(2, "\t")
            text = f"{req.get('key', '')} {req.get('operator', '').lower()}"
            if req.get("values"):
                text += f" [{', '.join(req['values'])}]"
            w.write(0, text + "\n")


def _secret_ref(ref):
    """fmt's %v of a *SecretReference (its generated String())."""
    if ref is None:
        return "nil"
    return f"&SecretReference{{Name:{ref.get('name', '')},Namespace:{ref.get('namespace', '')},}}"


def _go_map(values):
    """fmt's %v of a map[string]string: `map[a:1 b:2]`, keys sorted."""
    return "map[" + " ".join(f"{k}:{values[k]}" for k in sorted(values or {})) + "]"


# Each persistent volume source kubectl prints, in the order of its switch: the key in the spec, the
# Type line, and the (label, value) rows under it.
SOURCES = (
    ("hostPath", "HostPath (bare host directory volume)", lambda s: [
        ("Path", s.get("path", "")), ("HostPathType", s["type"] if s.get("type") is not None else "<none>")]),
    ("gcePersistentDisk", "GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)", lambda s: [
        ("PDName", s.get("pdName", "")), ("FSType", s.get("fsType", "")), ("Partition", s.get("partition", 0)),
        ("ReadOnly", _bool(s.get("readOnly")))]),
    ("awsElasticBlockStore", "AWSElasticBlockStore (a Persistent Disk resource in AWS)", lambda s: [
        ("VolumeID", s.get("volumeID", "")), ("FSType", s.get("fsType", "")), ("Partition", s.get("partition", 0)),
        ("ReadOnly", _bool(s.get("readOnly")))]),
    ("nfs", "NFS (an NFS mount that lasts the lifetime of a pod)", lambda s: [
        ("Server", s.get("server", "")), ("Path", s.get("path", "")), ("ReadOnly", _bool(s.get("readOnly")))]),
    ("iscsi", "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)",
     lambda s: [
         ("TargetPortal", s.get("targetPortal", "")), ("IQN", s.get("iqn", "")), ("Lun", s.get("lun", 0)),
         (None, f"ISCSIInterface\t{s.get('iscsiInterface', '')}"), ("FSType", s.get("fsType", "")),
         ("ReadOnly", _bool(s.get("readOnly"))), ("Portals", go_list(s.get("portals"))),
         ("DiscoveryCHAPAuth", _bool(s.get("chapAuthDiscovery"))), ("SessionCHAPAuth", _bool(s.get("chapAuthSession"))),
         ("SecretRef", _secret_ref(s.get("secretRef"))),
         ("InitiatorName", s["initiatorName"] if s.get("initiatorName") is not None else "<none>")]),
    ("glusterfs", "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)", lambda s: [
        ("EndpointsName", s.get("endpoints", "")),
        ("EndpointsNamespace", s["endpointsNamespace"] if s.get("endpointsNamespace") is not None else "<unset>"),
        ("Path", s.get("path", "")), ("ReadOnly", _bool(s.get("readOnly")))]),
    ("rbd", "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)", lambda s: [
        ("CephMonitors", go_list(s.get("monitors"))), ("RBDImage", s.get("image", "")), ("FSType", s.get("fsType", "")),
        ("RBDPool", s.get("pool", "")), ("RadosUser", s.get("user", "")), ("Keyring", s.get("keyring", "")),
        ("SecretRef", _secret_ref(s.get("secretRef"))), ("ReadOnly", _bool(s.get("readOnly")))]),
    ("quobyte", "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)", lambda s: [
        ("Registry", s.get("registry", "")), ("Volume", s.get("volume", "")), ("ReadOnly", _bool(s.get("readOnly")))]),
    ("vsphereVolume", "vSphereVolume (a Persistent Disk resource in vSphere)", lambda s: [
        ("VolumePath", s.get("volumePath", "")), ("FSType", s.get("fsType", "")),
        ("StoragePolicyName", s.get("storagePolicyName", ""))]),
    ("cinder", "Cinder (a Persistent Disk resource in OpenStack)", lambda s: [
        ("VolumeID", s.get("volumeID", "")), ("FSType", s.get("fsType", "")), ("ReadOnly", _bool(s.get("readOnly"))),
        ("SecretRef", _secret_ref(s.get("secretRef")))]),
    ("azureDisk", "AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)", lambda s: [
        ("DiskName", s.get("diskName", "")), ("DiskURI", s.get("diskURI", "")), (None, f"Kind: \t{s.get('kind', '')}"),
        ("FSType", s.get("fsType", "")), ("CachingMode", s.get("cachingMode", "")),
        ("ReadOnly", _bool(s.get("readOnly")))]),
    ("photonPersistentDisk", "PhotonPersistentDisk (a Persistent Disk resource in photon platform)", lambda s: [
        ("PdID", s.get("pdID", "")), ("FSType", s.get("fsType", ""))]),
    ("portworxVolume", "PortworxVolume (a Portworx Volume resource)", lambda s: [("VolumeID", s.get("volumeID", ""))]),
    ("scaleIO", "ScaleIO (a persistent volume backed by a block device in ScaleIO)", lambda s: [
        ("Gateway", s.get("gateway", "")), ("System", s.get("system", "")),
        ("Protection Domain", s.get("protectionDomain", "")), ("Storage Pool", s.get("storagePool", "")),
        ("Storage Mode", s.get("storageMode", "")), ("VolumeName", s.get("volumeName", "")),
        ("SecretName", (s.get("secretRef") or {}).get("name", "")),
        ("SecretNamespace", (s.get("secretRef") or {}).get("namespace", "")), ("FSType", s.get("fsType", "")),
        ("ReadOnly", _bool(s.get("readOnly")))]),
    ("local", "LocalVolume (a persistent volume backed by local storage on a node)", lambda s: [
        ("Path", s.get("path", ""))]),
    ("cephfs", "CephFS (a CephFS mount on the host that shares a pod's lifetime)", lambda s: [
        ("Monitors", go_list(s.get("monitors"))), ("Path", s.get("path", "")), ("User", s.get("user", "")),
        ("SecretFile", s.get("secretFile", "")), ("SecretRef", _secret_ref(s.get("secretRef"))),
        ("ReadOnly", _bool(s.get("readOnly")))]),
    ("storageos", "StorageOS (a StorageOS Persistent Disk resource)", lambda s: [
        ("VolumeName", s.get("volumeName", "")), ("VolumeNamespace", s.get("volumeNamespace", "")),
        ("FSType", s.get("fsType", "")), ("ReadOnly", _bool(s.get("readOnly")))]),
    ("fc", "FC (a Fibre Channel disk)", lambda s: [
        ("TargetWWNs", ", ".join(s.get("targetWWNs") or [])),
        ("LUN", s["lun"] if s.get("lun") is not None else "<none>"),
        ("FSType", s.get("fsType", "")), ("ReadOnly", _bool(s.get("readOnly")))]),
    ("azureFile", "AzureFile (an Azure File Service mount on the host and bind mount to the pod)", lambda s: [
        ("SecretName", s.get("secretName", "")), ("SecretNamespace", s.get("secretNamespace") or ""),
        ("ShareName", s.get("shareName", "")), ("ReadOnly", _bool(s.get("readOnly")))]),
    ("flexVolume", "FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)",
     lambda s: [
         ("Driver", s.get("driver", "")), ("FSType", s.get("fsType", "")),
         ("SecretRef", _secret_ref(s.get("secretRef"))),
         ("ReadOnly", _bool(s.get("readOnly"))), ("Options", _go_map(s.get("options")))]),
    ("flocker", "Flocker (a Flocker volume mounted by the Flocker agent)", lambda s: [
        ("DatasetName", s.get("datasetName", "")), ("DatasetUUID", s.get("datasetUUID", ""))]),
    ("csi", "CSI (a Container Storage Interface (CSI) volume source)", lambda s: [
        ("Driver", s.get("driver", "")), ("FSType", s.get("fsType", "")), ("VolumeHandle", s.get("volumeHandle", "")),
        ("ReadOnly", _bool(s.get("readOnly")))]),
)


def _source(w, spec):
    """The volume's source as its print*VolumeSource writes it: `Type:` at LEVEL_2, rows indented by four."""
    for key, title, rows in SOURCES:
        if spec.get(key) is not None:
            lines = [f"Type:\t{title}\n"] + [f"    {text}\n" if label is None else f"    {label}:\t{text}\n"
                                              for label, text in rows(spec[key])]
            w.write(2, "".join(lines))
            if key == "csi":
                _csi_attributes(w, spec["csi"].get("volumeAttributes"))
            return
    w.write(1, "<unknown>\n")


def _csi_attributes(w, attributes):
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


def pods_using_claim(api, pvc):
    """getPodsForPVC: pods of the namespace with a volume naming the claim (once per such volume,
    as kubectl counts them), then the pods owning it (generic ephemeral volumes)."""
    pods = api.list("pods", pvc["metadata"].get("namespace"))["items"]
    using = [pod for pod in pods for volume in (pod.get("spec") or {}).get("volumes") or ()
             if (volume.get("persistentVolumeClaim") or {}).get("claimName") == pvc["metadata"]["name"]
             and volume.get("persistentVolumeClaim") is not None]
    for ref in pvc["metadata"].get("ownerReferences") or ():
        if ref.get("kind") != "Pod":
            continue
        owner = next((pod for pod in pods if pod["metadata"].get("uid") == ref.get("uid")), None)
        if owner is not None and all(pod["metadata"].get("uid") != owner["metadata"].get("uid") for pod in using):
            using.append(owner)
    return using


def describe_persistentvolumeclaim(w, pvc, events, api):
    meta, spec, status = pvc["metadata"], pvc.get("spec") or {}, pvc.get("status") or {}
    annotations = meta.get("annotations") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    storage_class = annotations[BETA_CLASS] if BETA_CLASS in annotations else spec.get("storageClassName") or ""
    w.write(0, f"StorageClass:\t{storage_class}\n")
    _status(w, meta, status.get("phase"))
    w.write(0, f"Volume:\t{spec.get('volumeName', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", annotations)
    w.write(0, f"Finalizers:\t{go_list(meta.get('finalizers'))}\n")
    capacity = modes = ""
    if spec.get("volumeName"):
        modes = access_modes(status.get("accessModes"))
        capacity = _storage(status.get("capacity"))
    w.write(0, f"Capacity:\t{capacity}\n")
    w.write(0, f"Access Modes:\t{modes}\n")
    if spec.get("volumeMode") is not None:
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    source = spec.get("dataSource")
    if source is not None:
        w.write(0, "DataSource:\n")
        if source.get("apiGroup") is not None:
            w.write(1, f"APIGroup:\t{source['apiGroup']}\n")
        w.write(1, f"Kind:\t{source.get('kind', '')}\n")
        w.write(1, f"Name:\t{source.get('name', '')}\n")
    pods = sorted(pods_using_claim(api, pvc), key=lambda p: p["metadata"]["name"])
    w.write(0, "Used By:\t")
    if not pods:
        w.line("<none>")
    for i, pod in enumerate(pods):
        if i:
            w.write(0, "\t")
        w.write(0, f"{pod['metadata']['name']}\n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type', '')} \t{c.get('status', '')} \t{rfc1123z(c.get('lastProbeTime'))} \t"
                       f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t{c.get('message', '')}\n")
    if events is not None:
        events_table(w, events)


def describe_storageclass(w, sc, events, api):
    meta = sc["metadata"]
    annotations = meta.get("annotations") or {}
    default = "Yes" if "true" in (annotations.get("storageclass.kubernetes.io/is-default-class"),
                                  annotations.get("storageclass.beta.kubernetes.io/is-default-class")) else "No"
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"IsDefaultClass:\t{default}\n")
    w.write(0, f"Annotations:\t{format_labels(annotations)}\n")
    w.write(0, f"Provisioner:\t{sc.get('provisioner', '')}\n")
    w.write(0, f"Parameters:\t{format_labels(sc.get('parameters'))}\n")
    expansion = sc.get("allowVolumeExpansion")
    w.write(0, f"AllowVolumeExpansion:\t{'<unset>' if expansion is None else ('True' if expansion else 'False')}\n")
    if not sc.get("mountOptions"):
        w.write(0, "MountOptions:\t<none>\n")
    else:
        w.write(0, "MountOptions:\n")
        for option in sc["mountOptions"]:
            w.write(1, f"{option}\n")
    if sc.get("reclaimPolicy") is not None:
        w.write(0, f"ReclaimPolicy:\t{sc['reclaimPolicy']}\n")
    if sc.get("volumeBindingMode") is not None:
        w.write(0, f"VolumeBindingMode:\t{sc['volumeBindingMode']}\n")
    if sc.get("allowedTopologies") is not None:
        _allowed_topologies(w, sc["allowedTopologies"])
    if events is not None:
        events_table(w, events)


def _allowed_topologies(w, terms):
    w.write(0, "AllowedTopologies:\t")
    if not terms:
        w.line("<none>")
        return
    w.line("")
    for i, term in enumerate(terms):
        w.write(1, f"Term {i}:\t")
        reqs = term.get("matchLabelExpressions") or []
        if not reqs:
            w.line("<none>")
        for j, req in enumerate(reqs):
            if j:
                w.write(1, "\t")
            text = f"{req.get('key', '')} in"
            if req.get("values"):
                text += f" [{', '.join(req['values'])}]"
            w.write(0, text + "\n")


def describe_csinode(w, csi, events, api):
    meta, spec = csi["metadata"], csi.get("spec") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, "Spec:\n")
    if spec.get("drivers") is not None:  # an empty list still prints the title, as a non-nil Go slice does
        w.write(1, "Drivers:\n")
        for driver in spec["drivers"]:
            w.write(2, f"{driver.get('name', '')}:\n")
            w.write(3, f"Node ID:\t{driver.get('nodeID', '')}\n")
            count = (driver.get("allocatable") or {}).get("count")
            if count is not None:
                w.write(3, "Allocatables:\n")
                w.write(4, f"Count:\t{count}\n")
            if driver.get("topologyKeys") is not None:
                w.write(3, f"Topology Keys:\t{go_list(driver['topologyKeys'])}\n")
    if events is not None:
        events_table(w, events)
