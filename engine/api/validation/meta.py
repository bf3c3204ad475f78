"""ObjectMeta, labels, annotations and label selectors, as apimachinery's api/validation checks them.

Go walks maps in random order; we walk them sorted so messages are stable."""
from ..errors import FieldError, GoRaw
from . import names

STANDARD_FINALIZERS = ("kubernetes", "orphan", "foregroundDeletion")
TOTAL_ANNOTATION_SIZE = 256 * 1024


def nonnegative(value, path):
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return [FieldError.invalid(path, value, "must be greater than or equal to 0")]
    return []


def label_name(key, path):
    return [FieldError.invalid(path, key, m) for m in names.is_qualified_name(key)]


def labels(mapping, path):
    errs = []
    for key, value in sorted((mapping or {}).items()):
        errs += label_name(key, path)
        errs += [FieldError.invalid(path, value, m) for m in names.is_label_value(str(value))]
    return errs


def annotations(mapping, path):
    errs = []
    for key in sorted(mapping or {}):
        errs += [FieldError.invalid(path, key, m) for m in names.is_qualified_name(key.lower())]
    size = sum(len(k.encode()) + len(str(v).encode()) for k, v in (mapping or {}).items())
    if size > TOTAL_ANNOTATION_SIZE:
        errs.append(FieldError.too_long(path, TOTAL_ANNOTATION_SIZE))
    return errs


def selector_requirement(req, path, allow_invalid_value=False):
    errs = []
    op, values = req.get("operator", ""), req.get("values") or []
    if op in ("In", "NotIn"):
        if not values:
            errs.append(FieldError.required(f"{path}.values", "must be specified when `operator` is 'In' or 'NotIn'"))
    elif op in ("Exists", "DoesNotExist"):
        if values:
            errs.append(FieldError.forbidden(f"{path}.values",
                                             "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
    else:
        errs.append(FieldError.invalid(f"{path}.operator", op, "not a valid selector operator"))
    errs += label_name(req.get("key", ""), f"{path}.key")
    if not allow_invalid_value:
        for i, value in enumerate(values):
            errs += [FieldError.invalid(f"{path}.values[{i}]", value, m) for m in names.is_label_value(value)]
    return errs


def label_selector(sel, path):
    if sel is None:
        return []
    errs = labels(sel.get("matchLabels"), f"{path}.matchLabels")
    for i, req in enumerate(sel.get("matchExpressions") or []):
        errs += selector_requirement(req, f"{path}.matchExpressions[{i}]")
    return errs


def selector_unparsable(sel):
    """Whether metav1.LabelSelectorAsSelector fails: bad keys or values, or operators without the values they need."""
    if sel is None:
        return False
    for key, value in (sel.get("matchLabels") or {}).items():
        if names.is_qualified_name(key) or names.is_label_value(str(value)):
            return True
    for req in sel.get("matchExpressions") or []:
        op, values = req.get("operator"), req.get("values") or []
        if names.is_qualified_name(req.get("key", "")) or any(names.is_label_value(v) for v in values):
            return True
        if op in ("In", "NotIn") and not values or op in ("Exists", "DoesNotExist") and values:
            return True
        if op not in ("In", "NotIn", "Exists", "DoesNotExist"):
            return True
    return False


def selector_matches(sel, target):
    """metav1.LabelSelectorAsSelector(sel).Matches(target); a nil selector matches nothing."""
    if sel is None:
        return False
    target = target or {}
    for key, value in (sel.get("matchLabels") or {}).items():
        if target.get(key) != value:
            return False
    for req in sel.get("matchExpressions") or []:
        key, op, values = req.get("key"), req.get("operator"), req.get("values") or []
        if op == "In" and target.get(key) not in values:
            return False
        if op == "NotIn" and key in target and target[key] in values:
            return False
        if op == "Exists" and key not in target:
            return False
        if op == "DoesNotExist" and key in target:
            return False
    return True


def selector_empty(sel):
    """labels.Selector.Empty(): true only for a non-nil selector with no requirements."""
    return sel is not None and not sel.get("matchLabels") and not sel.get("matchExpressions")


def _owner_references(refs, path):
    errs, first_controller = [], ""
    for ref in refs or []:
        api_version = ref.get("apiVersion", "")
        version = api_version.split("/")[-1] if api_version else ""
        if not version:
            errs.append(FieldError.invalid(f"{path}.apiVersion", api_version, "version must not be empty"))
        if not ref.get("kind"):
            errs.append(FieldError.invalid(f"{path}.kind", ref.get("kind", ""), "kind must not be empty"))
        if not ref.get("name"):
            errs.append(FieldError.invalid(f"{path}.name", ref.get("name", ""), "name must not be empty"))
        if not ref.get("uid"):
            errs.append(FieldError.invalid(f"{path}.uid", ref.get("uid", ""), "uid must not be empty"))
        if ref.get("controller"):
            current = f"{ref.get('kind', '')}/{ref.get('name', '')}"
            if first_controller:
                errs.append(FieldError("FieldValueInvalid", path, GoRaw("[]v1.OwnerReference{...}"),
                                       "Only one reference can have Controller set to true. Found \"true\" in "
                                       f"references for {first_controller} and {current}"))
            else:
                first_controller = current
    return errs


def _finalizers(finalizers, path):
    errs = []
    for f in finalizers or []:
        errs += [FieldError.invalid(path, f, m) for m in names.is_qualified_name(f)]
    if "orphan" in (finalizers or []) and "foregroundDeletion" in (finalizers or []):
        errs.append(FieldError.invalid(path, list(finalizers),
                                       "finalizer orphan and foregroundDeletion cannot be both set"))
    return errs


def _kube_finalizers(finalizers, path):
    errs = []
    for i, f in enumerate(finalizers or []):
        own = [FieldError.invalid(f"{path}[{i}]", f, m) for m in names.is_qualified_name(f)]
        if not own and "/" not in f and f not in STANDARD_FINALIZERS:
            own.append(FieldError.invalid(f"{path}[{i}]", f,
                                          "name is neither a standard finalizer name nor is it fully qualified"))
        errs += own
    return errs


def object_meta(meta, namespaced, name_fn, path="metadata"):
    """core's ValidateObjectMeta: apimachinery's checks, then the kube finalizer-name check."""
    errs = []
    generate = meta.get("generateName") or ""
    if generate:
        errs += [FieldError.invalid(f"{path}.generateName", generate, m) for m in name_fn(generate, True)]
    name = meta.get("name") or ""
    if not name:
        errs.append(FieldError.required(f"{path}.name", "name or generateName is required"))
    else:
        errs += [FieldError.invalid(f"{path}.name", name, m) for m in name_fn(name, False)]
    namespace = meta.get("namespace") or ""
    if namespaced:
        if not namespace:
            errs.append(FieldError.required(f"{path}.namespace"))
        else:
            errs += [FieldError.invalid(f"{path}.namespace", namespace, m) for m in names.name_is_dns_label(namespace)]
    elif namespace:
        errs.append(FieldError.forbidden(f"{path}.namespace", "not allowed on this type"))
    errs += nonnegative(meta.get("generation", 0), f"{path}.generation")
    errs += labels(meta.get("labels"), f"{path}.labels")
    errs += annotations(meta.get("annotations"), f"{path}.annotations")
    errs += _owner_references(meta.get("ownerReferences"), f"{path}.ownerReferences")
    errs += _finalizers(meta.get("finalizers"), f"{path}.finalizers")
    errs += _kube_finalizers(meta.get("finalizers"), f"{path}.finalizers")
    return errs


def object_meta_update(meta, old, path="metadata"):
    errs = []
    if old.get("deletionTimestamp"):
        extra = sorted(set(meta.get("finalizers") or []) - set(old.get("finalizers") or []))
        if extra:
            shown = "[]string{" + ", ".join(f'"{e}"' for e in extra) + "}"
            errs.append(FieldError.forbidden(f"{path}.finalizers", "no new finalizers can be added if the object is "
                                             f"being deleted, found new finalizers {shown}"))
    # An update without resourceVersion is unconditional: the registry fills it in before validating.
    if (meta.get("generation") or 0) < (old.get("generation") or 0):
        errs.append(FieldError.invalid(f"{path}.generation", meta.get("generation", 0), "must not be decremented"))
    for field in ("name", "namespace", "uid"):
        if (meta.get(field) or "") != (old.get(field) or ""):
            errs.append(FieldError.invalid(f"{path}.{field}", meta.get(field) or "", "field is immutable"))
    errs += labels(meta.get("labels"), f"{path}.labels")
    errs += annotations(meta.get("annotations"), f"{path}.annotations")
    errs += _owner_references(meta.get("ownerReferences"), f"{path}.ownerReferences")
    errs += _kube_finalizers(meta.get("finalizers"), f"{path}.finalizers")
    return errs
