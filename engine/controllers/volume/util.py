"""What the volume binder, the provisioner and the scheduler's VolumeBinding share: the binding
annotations and how a claim matches a volume (pkg/controller/volume/persistentvolume/util, index.go)."""
from ...api.quantity import QuantityError, parse
from ...api.selectors import from_label_selector, matches

ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed"
ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller"
ANN_DYNAMICALLY_PROVISIONED = "pv.kubernetes.io/provisioned-by"
ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner"
ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner"
ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node"
BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"
NO_PROVISIONER = "kubernetes.io/no-provisioner"
WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer"
# access-mode sets the PV index tries, fewest modes first (allPossibleMatchingAccessModes)
MODE_ORDER = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod")


def annotations(obj):
    return obj["metadata"].get("annotations") or {}


def claim_class(claim):
    """GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName."""
    ann = annotations(claim)
    if BETA_CLASS_ANNOTATION in ann:
        return ann[BETA_CLASS_ANNOTATION]
    return (claim.get("spec") or {}).get("storageClassName") or ""


def volume_class(volume):
    ann = annotations(volume)
    if BETA_CLASS_ANNOTATION in ann:
        return ann[BETA_CLASS_ANNOTATION]
    return (volume.get("spec") or {}).get("storageClassName") or ""


def claim_key(claim):
    return f"{claim['metadata']['namespace']}/{claim['metadata']['name']}"


def claim_ref_key(ref):
    return f"{ref.get('namespace', '')}/{ref.get('name', '')}"


def storage(quantities):
    """The `storage` entry of a ResourceList as a number (0 when absent or unreadable)."""
    try:
        return parse((quantities or {}).get("storage", "0")).value
    except QuantityError:
        return 0


def requested(claim):
    return storage(((claim.get("spec") or {}).get("resources") or {}).get("requests"))


def capacity(volume):
    return storage((volume.get("spec") or {}).get("capacity"))


def bound_to_claim(volume, claim):
    """IsVolumeBoundToClaim: the claimRef names the claim (and its uid, once set)."""
    ref = (volume.get("spec") or {}).get("claimRef")
    if not ref:
        return False
    meta = claim["metadata"]
    if ref.get("name") != meta["name"] or ref.get("namespace") != meta["namespace"]:
        return False
    return not ref.get("uid") or ref["uid"] == meta.get("uid")


def fully_bound(claim):
    """What the scheduler counts as bound: a volumeName and the bind-completed annotation."""
    return bool(claim["spec"].get("volumeName")) and ANN_BIND_COMPLETED in annotations(claim)


def delay_binding(claim, classes):
    """IsDelayBindingMode: the claim's class binds on the first consumer."""
    name = claim_class(claim)
    sc = classes.get(name) if name else None
    return sc is not None and sc.get("volumeBindingMode") == WAIT_FOR_FIRST_CONSUMER


def volume_mode_mismatch(claim, volume):
    return (claim["spec"].get("volumeMode") or "Filesystem") != (volume["spec"].get("volumeMode") or "Filesystem")


def access_modes_fit(claim, volume):
    """CheckAccessModes: the volume offers every mode the claim asks for."""
    offered = set(volume["spec"].get("accessModes") or ())
    return all(mode in offered for mode in claim["spec"].get("accessModes") or ())


def node_affinity_fits(volume, node_labels, node_name):
    """CheckNodeAffinity: a volume without required node affinity fits every node."""
    required = ((volume["spec"].get("nodeAffinity") or {}).get("required"))
    if required is None:
        return True
    from ...scheduler.plugins.helpers import any_term_matches  # here: the scheduler imports this module
    return any_term_matches(required.get("nodeSelectorTerms") or [], node_labels, node_name)


def check_volume_satisfies_claim(volume, claim):
    """checkVolumeSatisfyClaim: why a volume named by the claim cannot be bound to it, or None."""
    if volume["metadata"].get("deletionTimestamp"):
        return f'the volume is marked for deletion "{volume["metadata"]["name"]}"'
    if capacity(volume) < requested(claim):
        return "requested PV is too small"
    if volume_class(volume) != claim_class(claim):
        return "storageClassName does not match"
    if volume_mode_mismatch(claim, volume):
        return "incompatible volumeMode"
    if not access_modes_fit(claim, volume):
        return "incompatible accessMode"
    return None


def find_matching_volume(claim, volumes, node=None, delay=False, excluded=()):
    """findMatchingVolume: the volume pre-bound to the claim, else the smallest available one that
    fits (class, selector, size, mode; on the scheduler's path also node affinity and access modes)."""
    wanted, wanted_class = requested(claim), claim_class(claim)
    selector = claim["spec"].get("selector")
    requirements = from_label_selector(selector) if selector is not None else None
    best, best_size = None, None
    for volume in volumes:
        if volume["metadata"]["name"] in excluded:
            continue
        prebound = bound_to_claim(volume, claim)
        if volume["spec"].get("claimRef") and not prebound:
            continue
        size = capacity(volume)
        if size < wanted or volume_mode_mismatch(claim, volume) or volume["spec"].get("volumeAttributesClassName"):
            continue
        affinity_ok = node is None or node_affinity_fits(volume, node[0], node[1])
        if prebound:
            return volume if affinity_ok else None
        if node is None and delay:
            continue  # the scheduler binds delayed claims, unless pre-bound
        if (volume.get("status") or {}).get("phase") != "Available":
            continue
        if requirements is not None and not matches(requirements, volume["metadata"].get("labels") or {}):
            continue
        if volume_class(volume) != wanted_class or not affinity_ok:
            continue
        if node is not None and not access_modes_fit(claim, volume):
            continue
        if best is None or best_size > size:
            best, best_size = volume, size
    return best


def find_best_match(claim, volumes, delay=False):
    """persistentVolumeOrderedIndex.findBestMatchForClaim: volumes grouped by their access-mode
    set, the groups that hold every mode the claim wants tried from the fewest modes up."""
    wanted = set(claim["spec"].get("accessModes") or ())
    groups = {}
    for volume in volumes:
        modes = frozenset(volume["spec"].get("accessModes") or ())
        if wanted <= modes:
            groups.setdefault(modes, []).append(volume)
    for modes in sorted(groups, key=lambda m: (len(m), sorted(MODE_ORDER.index(x) if x in MODE_ORDER else 9 for x in m))):
        found = find_matching_volume(claim, groups[modes], delay=delay)
        if found is not None:
            return found
    return None


def claim_reference(claim):
    """The ObjectReference a volume's claimRef holds (GetReference of the claim)."""
    meta = claim["metadata"]
    return {"kind": "PersistentVolumeClaim", "namespace": meta["namespace"], "name": meta["name"],
            "uid": meta["uid"], "apiVersion": "v1", "resourceVersion": meta["resourceVersion"]}
