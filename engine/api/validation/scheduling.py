"""Where a pod may run: node and pod (anti-)affinity, tolerations and topology spread constraints,
worded as core/validation words them."""
from ..errors import FieldError
from . import names
from .meta import label_name, label_selector

TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"]


def _node_selector_requirement(req, path, allow_invalid_values=False):
    errs = []
    op, values = req.get("operator", ""), req.get("values") or []
    if op in ("In", "NotIn"):
        if not values:
            errs.append(FieldError.required(f"{path}.values", "must be specified when `operator` is 'In' or 'NotIn'"))
    elif op in ("Exists", "DoesNotExist"):
        if values:
            errs.append(FieldError.forbidden(f"{path}.values",
                                             "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
    elif op in ("Gt", "Lt"):
        if len(values) != 1:
            errs.append(FieldError.required(f"{path}.values",
                                            "must be specified single value when `operator` is 'Lt' or 'Gt'"))
    else:
        errs.append(FieldError.invalid(f"{path}.operator", op, "not a valid selector operator"))
    errs += label_name(req.get("key", ""), f"{path}.key")
    if not allow_invalid_values:
        for i, value in enumerate(values):
            errs += [FieldError.invalid(f"{path}.values[{i}]", value, m) for m in names.is_label_value(value)]
    return errs


def _node_selector_term(term, path, allow_invalid_values=False):
    errs = []
    for j, req in enumerate(term.get("matchExpressions") or []):
        errs += _node_selector_requirement(req, f"{path}.matchExpressions[{j}]", allow_invalid_values)
    for j, req in enumerate(term.get("matchFields") or []):
        p = f"{path}.matchFields[{j}]"
        if req.get("operator") in ("In", "NotIn"):
            if len(req.get("values") or []) != 1:
                errs.append(FieldError.required(f"{p}.values", "must be only one value when `operator` is 'In' or "
                                                "'NotIn' for node field selector"))
        else:
            errs.append(FieldError.invalid(f"{p}.operator", req.get("operator", ""), "not a valid selector operator"))
        if req.get("key") != "metadata.name":
            errs.append(FieldError.invalid(f"{p}.key", req.get("key", ""), "not a valid field selector key"))
    return errs


def _pod_affinity_term(term, path):
    errs = label_selector(term.get("labelSelector"), f"{path}.labelSelector")
    errs += label_selector(term.get("namespaceSelector"), f"{path}.namespaceSelector")
    for ns in term.get("namespaces") or []:
        errs += [FieldError.invalid(f"{path}.namespace", ns, m) for m in names.name_is_dns_label(ns)]
    if not term.get("topologyKey"):
        errs.append(FieldError.required(f"{path}.topologyKey", "can not be empty"))
    return errs + label_name(term.get("topologyKey", ""), f"{path}.topologyKey")


def _pod_affinity(aff, path):
    errs = []
    for i, term in enumerate(aff.get("requiredDuringSchedulingIgnoredDuringExecution") or []):
        errs += _pod_affinity_term(term, f"{path}.requiredDuringSchedulingIgnoredDuringExecution[{i}]")
    for i, weighted in enumerate(aff.get("preferredDuringSchedulingIgnoredDuringExecution") or []):
        p = f"{path}.preferredDuringSchedulingIgnoredDuringExecution[{i}]"
        weight = weighted.get("weight", 0)
        if weight <= 0 or weight > 100:
            errs.append(FieldError.invalid(f"{p}.weight", weight, "must be in the range 1-100"))
        errs += _pod_affinity_term(weighted.get("podAffinityTerm") or {}, f"{p}.podAffinityTerm")
    return errs


def affinity(spec_affinity, path):
    if not spec_affinity:
        return []
    errs = []
    node = spec_affinity.get("nodeAffinity")
    if node:
        required = node.get("requiredDuringSchedulingIgnoredDuringExecution")
        p = f"{path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
        if required is not None:
            terms = required.get("nodeSelectorTerms") or []
            if not terms:
                errs.append(FieldError.required(f"{p}.nodeSelectorTerms", "must have at least one node selector term"))
            for i, term in enumerate(terms):
                errs += _node_selector_term(term, f"{p}.nodeSelectorTerms[{i}]")
        p = f"{path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution"
        for i, term in enumerate(node.get("preferredDuringSchedulingIgnoredDuringExecution") or []):
            weight = term.get("weight", 0)
            if weight <= 0 or weight > 100:
                errs.append(FieldError.invalid(f"{p}[{i}].weight", weight, "must be in the range 1-100"))
            errs += _node_selector_term(term.get("preference") or {}, f"{p}[{i}].preference", True)
    if spec_affinity.get("podAffinity"):
        errs += _pod_affinity(spec_affinity["podAffinity"], f"{path}.podAffinity")
    if spec_affinity.get("podAntiAffinity"):
        errs += _pod_affinity(spec_affinity["podAntiAffinity"], f"{path}.podAntiAffinity")
    return errs


def tolerations(items, path):
    errs = []
    for i, tol in enumerate(items or []):
        p = f"{path}[{i}]"
        key, op, effect = tol.get("key", ""), tol.get("operator", ""), tol.get("effect", "")
        if key:
            errs += label_name(key, f"{p}.key")
        if not key and op != "Exists":
            errs.append(FieldError.invalid(f"{p}.operator", op, "operator must be Exists when `key` is empty, which "
                                           "means \"match all values and all keys\""))
        if tol.get("tolerationSeconds") is not None and effect != "NoExecute":
            errs.append(FieldError.invalid(f"{p}.effect", effect, "effect must be 'NoExecute' when "
                                           "`tolerationSeconds` is set"))
        value = tol.get("value", "")
        if op in ("Equal", ""):
            msgs = names.is_label_value(value)
            if msgs:
                errs.append(FieldError.invalid(f"{p}.operator", value, ";".join(msgs)))
        elif op == "Exists":
            if value:
                errs.append(FieldError.invalid(f"{p}.operator", value, "value must be empty when `operator` is 'Exists'"))
        else:
            errs.append(FieldError.not_supported(f"{p}.operator", op, ["Equal", "Exists"]))
        if effect and effect not in TAINT_EFFECTS:
            errs.append(FieldError.not_supported(f"{p}.effect", effect, TAINT_EFFECTS))
    return errs


def topology_spread(constraints, path):
    errs = []
    for i, con in enumerate(constraints or []):
        p = f"{path}[{i}]"
        skew = con.get("maxSkew", 0)
        if skew <= 0:
            errs.append(FieldError.invalid(f"{p}.maxSkew", skew, "must be greater than zero"))
        if not con.get("topologyKey"):
            errs.append(FieldError.required(f"{p}.topologyKey", "can not be empty"))
        action = con.get("whenUnsatisfiable", "")
        if action not in ("DoNotSchedule", "ScheduleAnyway"):
            errs.append(FieldError.not_supported(f"{p}.whenUnsatisfiable", action, ["DoNotSchedule", "ScheduleAnyway"]))
        for later in constraints[i + 1:]:
            if (later.get("topologyKey"), later.get("whenUnsatisfiable")) == (con.get("topologyKey"), action):
                errs.append(FieldError.duplicate(f"{p}.{{topologyKey, whenUnsatisfiable}}",
                                                 f"{{{con.get('topologyKey', '')}, {action}}}"))
                break
        domains = con.get("minDomains")
        if domains is not None:
            if domains <= 0:
                errs.append(FieldError.invalid(f"{p}.minDomains", domains, "must be greater than zero"))
            if action != "DoNotSchedule":
                errs.append(FieldError.invalid(f"{p}.minDomains", domains,
                                               f"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"))
        for field in ("nodeAffinityPolicy", "nodeTaintsPolicy"):
            if con.get(field) is not None and con[field] not in ("Honor", "Ignore"):
                errs.append(FieldError.not_supported(f"{p}.{field}", con[field], ["Honor", "Ignore"]))
        keys = con.get("matchLabelKeys") or []
        if keys and con.get("labelSelector") is None:
            errs.append(FieldError.forbidden(f"{p}.matchLabelKeys", "must not be specified when labelSelector is not set"))
        for j, key in enumerate(keys):
            errs += label_name(key, f"{p}.matchLabelKeys[{j}]")
        errs += label_selector(con.get("labelSelector"), f"{p}.labelSelector")
    return errs
