"""`kubectl describe` for the storage kinds (PersistentVolume, PersistentVolumeClaim with the pods
that use it, StorageClass), as describe.go lays them out."""
from ...api.quantity import canonical_or_same
from .. import gosort
from .volumes import PERSISTENT, csi_attributes, go_list, write_source
from .writer import annotations_multiline, events_table, labels_multiline, rfc1123z

BETA_CLASS = "volume.beta.kubernetes.io/storage-class"
MODES = (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"))


def access_modes(modes):
    """storageutil.GetAccessModesAsString: always in the order RWO,ROX,RWX,RWOP."""
    return ",".join(short for mode, short in MODES if mode in (modes or ()))


def format_labels(values):
    """labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty."""
    return ",".join(f"{k}={values[k]}" for k in sorted(values or {})) or "<none>"


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


def _source(w, spec):
    """The volume's source as its print*VolumeSource writes it, `<unknown>` when none is known."""
    for key, title, rows in PERSISTENT:
        if spec.get(key) is not None:
            write_source(w, title, rows, spec[key])
            if key == "csi":
                csi_attributes(w, spec["csi"].get("volumeAttributes"))
            return
    w.write(1, "<unknown>\n")


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
    print_claim(w, pvc, True)
    status = pvc.get("status") or {}
    pods = gosort.sort(pods_using_claim(api, pvc), lambda a, b: a["metadata"]["name"] < b["metadata"]["name"])
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


def print_claim(w, pvc, full):
    """printPersistentVolumeClaim: a claim, or (full False) an ephemeral volume's claim template."""
    meta, spec, status = pvc.get("metadata") or {}, pvc.get("spec") or {}, pvc.get("status") or {}
    annotations = meta.get("annotations") or {}
    if full:
        w.write(0, f"Name:\t{meta['name']}\n")
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    storage_class = annotations[BETA_CLASS] if BETA_CLASS in annotations else spec.get("storageClassName") or ""
    w.write(0, f"StorageClass:\t{storage_class}\n")
    if full:
        _status(w, meta, status.get("phase"))
    w.write(0, f"Volume:\t{spec.get('volumeName', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", annotations)
    if full:
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
