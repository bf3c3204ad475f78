"""VolumeBinding: a pod's claims must be bound, or (WaitForFirstConsumer) bindable on the node to an
available volume or provisionable there; PreBind writes the choice and waits until the claims are bound."""
from ...api.errors import ApiError
from ...controllers.volume import util
from ..framework import unresolvable

NAME = "VolumeBinding"
ERR_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind"
ERR_NODE_CONFLICT = "node(s) had volume node affinity conflict"
ERR_PV_NOT_EXIST = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)"
ERR_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims"
BIND_TIMEOUT = 600.0  # --bind-timeout-seconds of the VolumeBinding plugin args
POLL_INTERVAL = 1.0  # BindPodVolumes checks the bindings every second


class PreBindError(Exception):
    """PreBind gave up; the message follows 'running PreBind plugin "VolumeBinding": '."""


class VolumeBinding:
    name = NAME
    events = {"PvcAdd", "PvcUpdate", "PvAdd", "PvUpdate", "StorageClassAdd", "StorageClassUpdate",
              "NodeAdd", "UpdateNodeLabel", "UpdateNodeTaint"}

    def __init__(self, handle):
        self.handle = handle
        self.assumed = {}  # pod uid -> {"bindings": [(claim, volume)], "provision": [claim], "written": bool}

    def start(self):
        """The claim, volume and class informers: their changes wake pods this plugin turned away."""
        for plural, event in (("persistentvolumeclaims", "Pvc"), ("persistentvolumes", "Pv"),
                              ("storageclasses", "StorageClass")):
            self.handle.watch_resource(plural, self._mover(event))

    def _mover(self, event):
        def handler(kind, obj):
            if kind in ("ADDED", "MODIFIED"):
                self.handle.queue.move_all(event + ("Add" if kind == "ADDED" else "Update"))
        return handler

    # filtering
    def pre_filter(self, state, facts):
        pod = facts.pod
        names = claim_names(pod)
        if not names:
            return None, None, True
        api, namespace = self.handle.api, pod["metadata"]["namespace"]
        bound, delayed = [], []
        classes = None
        for name, ephemeral in names:
            claim = _get(api, "persistentvolumeclaims", name, namespace)
            if claim is None:
                message = (f'waiting for ephemeral volume controller to create the persistentvolumeclaim "{name}"'
                           if ephemeral else f'persistentvolumeclaim "{name}" not found')
                return None, unresolvable(NAME, message), False
            if (claim.get("status") or {}).get("phase") == "Lost":
                return None, unresolvable(NAME, f'persistentvolumeclaim "{name}" bound to non-existent '
                                                f'persistentvolume "{claim["spec"].get("volumeName", "")}"'), False
            if claim["metadata"].get("deletionTimestamp"):
                return None, unresolvable(NAME, f'persistentvolumeclaim "{name}" is being deleted'), False
            if util.fully_bound(claim):
                bound.append(claim)
                continue
            if classes is None:
                classes = {sc["metadata"]["name"]: sc for sc in api.list("storageclasses")["items"]}
            if util.delay_binding(claim, classes) and not claim["spec"].get("volumeName"):
                delayed.append(claim)
            else:
                return None, unresolvable(NAME, ERR_UNBOUND_IMMEDIATE), False
        volumes = {v["metadata"]["name"]: v for v in api.list("persistentvolumes")["items"]}
        state[NAME] = {"bound": bound, "delayed": delayed, "classes": classes or {}, "by_node": {}, "volumes": volumes}
        return eligible_nodes(bound, volumes), None, False

    def filter(self, state, facts, node):
        data = state[NAME]
        for claim in data["bound"]:
            volume = data["volumes"].get(claim["spec"]["volumeName"])
            if volume is None:
                return unresolvable(NAME, ERR_PV_NOT_EXIST)
            if not util.node_affinity_fits(volume, node.labels, node.name):
                return unresolvable(NAME, ERR_NODE_CONFLICT)
        bindings, provision = [], []
        chosen = {v["metadata"]["name"] for plan in self.assumed.values() for _, v in plan["bindings"]}
        for claim in data["delayed"]:
            selected = util.annotations(claim).get(util.ANN_SELECTED_NODE)
            if selected is not None:
                if selected != node.name:
                    return unresolvable(NAME, ERR_BIND_CONFLICT)
                provision.append(claim)
                continue
            volume = util.find_matching_volume(claim, data["volumes"].values(), node=(node.labels, node.name),
                                               delay=True, excluded=chosen)
            if volume is not None:
                chosen.add(volume["metadata"]["name"])
                bindings.append((claim, volume))
            elif self._provisionable(claim, data["classes"], node):
                provision.append(claim)
            else:
                return unresolvable(NAME, ERR_BIND_CONFLICT)
        data["by_node"][node.name] = (bindings, provision)
        return None

    @staticmethod
    def _provisionable(claim, classes, node):
        sc = classes.get(util.claim_class(claim))
        if sc is None or sc.get("provisioner", "") in ("", util.NO_PROVISIONER):
            return False
        terms = sc.get("allowedTopologies")
        if not terms:
            return True
        return any(all(node.labels.get(e.get("key")) in (e.get("values") or ())
                       for e in term.get("matchLabelExpressions") or ()) for term in terms)

    # binding
    def reserve(self, state, facts, host):
        data = state.get(NAME)
        if data is None or host not in data["by_node"]:
            return
        bindings, provision = data["by_node"][host]
        if bindings or provision:
            self.assumed[facts.uid] = {"bindings": bindings, "provision": provision, "written": False, "waited": 0.0}

    def unreserve(self, facts):
        self.assumed.pop(facts.uid, None)

    def pre_bind(self, facts, host):
        """True once every claim is bound (the pod may be bound), False to look again in a second;
        raises PreBindError when the claims did not get bound in time."""
        plan = self.assumed.get(facts.uid)
        if plan is None:
            return True
        api = self.handle.api
        if not plan["written"]:
            self._write(plan, host)
            plan["written"] = True
            return False
        pod = facts.pod["metadata"]
        if _get(api, "pods", pod["name"], pod["namespace"]) is None:
            self.unreserve(facts)
            return True  # the binding request will find it gone
        claims = [c for c, _ in plan["bindings"]] + plan["provision"]
        current = [_get(api, "persistentvolumeclaims", c["metadata"]["name"], c["metadata"]["namespace"])
                   for c in claims]
        if all(c is not None and util.fully_bound(c) for c in current):
            self.unreserve(facts)
            return True
        plan["waited"] += POLL_INTERVAL
        if plan["waited"] >= BIND_TIMEOUT:
            self.unreserve(facts)
            raise PreBindError("binding volumes: context deadline exceeded")
        return False

    def _write(self, plan, host):
        """bindAPIUpdate: claimRefs on the chosen volumes, the selected node on claims to provision."""
        api = self.handle.api
        try:
            for claim, volume in plan["bindings"]:
                current = api.get("persistentvolumes", volume["metadata"]["name"])
                if not util.bound_to_claim(current, claim):
                    current["spec"]["claimRef"] = util.claim_reference(claim)
                    current["metadata"].setdefault("annotations", {})[util.ANN_BOUND_BY_CONTROLLER] = "yes"
                    api.update("persistentvolumes", current)
            for claim in plan["provision"]:
                meta = claim["metadata"]
                current = api.get("persistentvolumeclaims", meta["name"], meta["namespace"])
                if util.annotations(current).get(util.ANN_SELECTED_NODE) != host:
                    current["metadata"].setdefault("annotations", {})[util.ANN_SELECTED_NODE] = host
                    api.update("persistentvolumeclaims", current, namespace=meta["namespace"])
        except ApiError as e:
            raise PreBindError(f"binding volumes: {e.message}")


def eligible_nodes(bound, volumes):
    """GetEligibleNodes: the nodes the bound claims' local volumes name by hostname (None: any node)."""
    eligible = None
    for claim in bound:
        volume = volumes.get(claim["spec"]["volumeName"])
        if volume is None:
            return None
        names = local_node_names(volume)
        if names:
            eligible = names if eligible is None else eligible & names
    return eligible


def local_node_names(volume):
    """GetLocalPersistentVolumeNodeNames: per term, the intersection of `kubernetes.io/hostname In`
    values; the union over the terms."""
    required = (volume["spec"].get("nodeAffinity") or {}).get("required") or {}
    result = set()
    for term in required.get("nodeSelectorTerms") or ():
        names = None
        for expr in term.get("matchExpressions") or ():
            if expr.get("key") == "kubernetes.io/hostname" and expr.get("operator") == "In":
                values = set(expr.get("values") or ())
                names = values if names is None else names & values
        result |= names or set()
    return result


def claim_names(pod):
    """[(claim name, ephemeral)] for the pod's persistentVolumeClaim volumes. Generic ephemeral volumes
    are left out: no ephemeral-volume controller makes their claims here, the kubelet mounts them empty."""
    return [(v["persistentVolumeClaim"].get("claimName", ""), False)
            for v in pod["spec"].get("volumes") or () if v.get("persistentVolumeClaim")]


def _get(api, plural, name, namespace=None):
    try:
        return api.get(plural, name, namespace)
    except ApiError as e:
        if e.code == 404:
            return None
        raise
