"""CustomResourceDefinitions, as apiextensions-apiserver v1.32 serves them inside kube-apiserver: the CRD
strategy and validation, the naming, establishing and finalizer controllers, and custom objects' handling."""
import copy
import re

from . import crd_schema, errors
from .errors import ApiError, FieldError
from .registry import Resource
from .validation.names import is_dns1035_label, is_dns1123_subdomain

GROUP = "apiextensions.k8s.io"
PLURAL = "customresourcedefinitions"
FINALIZER = "customresourcecleanup.apiextensions.k8s.io"
CR_VERBS = ("delete", "deletecollection", "get", "list", "patch", "create", "update", "watch")
NON_STANDARD_FINALIZER = "name is neither a standard finalizer name nor is it fully qualified"
_VERSION = re.compile(r"^v(\d+)(?:(alpha|beta)(\d+))?$")


def is_crd(resource):
    return resource.group == GROUP and resource.plural == PLURAL


def version_priority(name):
    """kube-aware version order (v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > others by name)."""
    m = _VERSION.match(name)
    if not m:
        return (3, 0, 0, name)
    major, stage, minor = int(m.group(1)), m.group(2), int(m.group(3) or 0)
    return ({None: 0, "beta": 1, "alpha": 2}[stage], -major, -minor, name)


def _storage_version(spec):
    return next((v.get("name") for v in spec.get("versions") or [] if isinstance(v, dict) and v.get("storage")), None)


# ---- the CRD registry strategy
def set_defaults(crd):
    """SetDefaults_CustomResourceDefinition(Spec) of apiextensions v1."""
    spec = crd.get("spec")
    if not isinstance(spec, dict):
        return
    names = spec.setdefault("names", {})
    if isinstance(names, dict):
        if not names.get("singular") and isinstance(names.get("kind"), str):
            names["singular"] = names["kind"].lower()
        if not names.get("listKind") and names.get("kind"):
            names["listKind"] = f"{names['kind']}List"
    if spec.get("conversion") is None:
        spec["conversion"] = {"strategy": "None"}
    conversion = spec["conversion"]
    if conversion.get("strategy") == "Webhook":
        webhook = conversion.get("webhook") or {}
        service = (webhook.get("clientConfig") or {}).get("service")
        if isinstance(service, dict):
            service.setdefault("port", 443)


def prepare_for_create(crd):
    crd["status"] = {"acceptedNames": {"kind": "", "plural": ""}, "storedVersions": []}
    storage = _storage_version(crd.get("spec") or {})
    if storage:
        crd["status"]["storedVersions"].append(storage)


def prepare_for_update(crd, old, subresource):
    if subresource == "status":
        return
    crd["status"] = copy.deepcopy(old.get("status") or {})
    storage = _storage_version(crd.get("spec") or {})
    stored = crd["status"].setdefault("storedVersions", [])
    if storage and storage not in stored:
        stored.append(storage)


def _go_versions(versions):
    """A Go %#v of []apiextensions.CustomResourceDefinitionVersion (pointers print as addresses)."""
    if not versions:
        return errors.GoRaw("[]apiextensions.CustomResourceDefinitionVersion(nil)")
    parts = []
    for i, v in enumerate(versions):
        schema = "(*apiextensions.CustomResourceValidation)(0xc000a1%02x00)" % (i * 2) if v.get("schema") \
            else "(*apiextensions.CustomResourceValidation)(nil)"
        subresources = "(*apiextensions.CustomResourceSubresources)(0xc000b1%02x00)" % (i * 2) if v.get("subresources") \
            else "(*apiextensions.CustomResourceSubresources)(nil)"
        columns = "[]apiextensions.CustomResourceColumnDefinition(nil)" if not v.get("additionalPrinterColumns") \
            else "[]apiextensions.CustomResourceColumnDefinition{...}"
        parts.append(f'apiextensions.CustomResourceDefinitionVersion{{Name:{errors.go_quote(str(v.get("name", "")))}, '
                     f'Served:{str(bool(v.get("served"))).lower()}, Storage:{str(bool(v.get("storage"))).lower()}, '
                     f'Deprecated:{str(bool(v.get("deprecated"))).lower()}, DeprecationWarning:(*string)(nil), '
                     f'Schema:{schema}, Subresources:{subresources}, AdditionalPrinterColumns:{columns}, '
                     f'SelectableFields:[]apiextensions.SelectableField(nil)}}')
    return errors.GoRaw("[]apiextensions.CustomResourceDefinitionVersion{" + ", ".join(parts) + "}")


def validate(crd, old=None):
    """ValidateCustomResourceDefinition(Update): the common checks, with apiextensions' wording."""
    meta, spec = crd.get("metadata") or {}, crd.get("spec") or {}
    names = spec.get("names") or {}
    group = spec.get("group") or ""
    errs = []
    name = meta.get("name", "")
    if name and name != f"{names.get('plural', '')}.{group}":  # (the generic checks said what else is wrong)
        errs.append(FieldError.invalid("metadata.name", name, 'must be spec.names.plural+"."+spec.group'))
    if not group:
        errs.append(FieldError.required("spec.group"))
    elif is_dns1123_subdomain(group):
        errs.append(FieldError.invalid("spec.group", group, ",".join(is_dns1123_subdomain(group))))
    elif "." not in group:
        errs.append(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"))
    scope = spec.get("scope") or ""
    if not scope:
        errs.append(FieldError.required("spec.scope"))
    elif scope not in ("Cluster", "Namespaced"):
        errs.append(FieldError.not_supported("spec.scope", scope, ["Cluster", "Namespaced"]))
    versions = [v for v in spec.get("versions") or [] if isinstance(v, dict)]
    schemas = [((v.get("schema") or {}).get("openAPIV3Schema")) for v in versions]
    for i, schema in enumerate(schemas):
        if schema is None:
            errs.append(FieldError.required(f"spec.versions[{i}].schema.openAPIV3Schema"))
    hoisted = {field: _identical(versions, field) for field in ("schema", "subresources", "additionalPrinterColumns")}
    errs += _version_checks(versions, hoisted)
    for field in ("plural", "singular", "kind", "listKind"):
        if not names.get(field):
            errs.append(FieldError.required(f"spec.names.{field}"))
    errs += _names(names, "spec.names")
    if hoisted["schema"]:
        errs += crd_schema.structural_errors(schemas[0], "spec.validation.openAPIV3Schema")
    if hoisted["subresources"]:
        errs += _subresources(versions[0]["subresources"], "spec.subresources")
    if hoisted["additionalPrinterColumns"]:
        errs += _columns(versions[0]["additionalPrinterColumns"], "spec.additionalPrinterColumns")
    if (spec.get("conversion") or {}).get("strategy") not in (None, "None", "Webhook"):
        errs.append(FieldError.not_supported("spec.conversion.strategy", spec["conversion"]["strategy"],
                                             ["None", "Webhook"]))
    if old is not None:
        errs += _update_checks(crd, old)
    if spec.get("preserveUnknownFields") is True and not (old and (old.get("spec") or {}).get("preserveUnknownFields")):
        errs.append(FieldError.invalid("spec.preserveUnknownFields", True, "cannot set to true, set "
                                       "x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"))
    return errs


def _identical(versions, field):
    """Whether every version has the same non-empty `field`: the v1 -> internal conversion then moves it to the
    top-level field (spec.validation, spec.subresources, spec.additionalPrinterColumns), where errors point."""
    first = versions[0].get(field) if versions else None
    return bool(first) and all(v.get(field) == first for v in versions)


def _version_checks(versions, hoisted):
    errs = []
    for i, v in enumerate(versions):
        name = v.get("name") or ""
        if is_dns1035_label(name):
            errs.append(FieldError.invalid(f"spec.versions[{i}].name", name, ",".join(is_dns1035_label(name))))
        schema = (v.get("schema") or {}).get("openAPIV3Schema")
        if not hoisted["schema"] and schema is not None:
            errs += crd_schema.structural_errors(schema, f"spec.versions[{i}].schema.openAPIV3Schema")
        if not hoisted["subresources"] and v.get("subresources"):
            errs += _subresources(v["subresources"], f"spec.versions[{i}].subresources")
        if not hoisted["additionalPrinterColumns"]:
            errs += _columns(v.get("additionalPrinterColumns") or [], f"spec.versions[{i}].additionalPrinterColumns")
    if len({v.get("name") for v in versions}) != len(versions):
        errs.append(FieldError.invalid("spec.versions", _go_versions(versions), "must contain unique version names"))
    if sum(1 for v in versions if v.get("storage")) != 1:
        errs.append(FieldError.invalid("spec.versions", _go_versions(versions),
                                       "must have exactly one version marked as storage version"))
    return errs


def _names(names, path):
    errs = []
    for field, lower in (("plural", False), ("singular", False), ("kind", True), ("listKind", True)):
        value = names.get(field)
        if not value or not isinstance(value, str):
            continue
        problems = is_dns1035_label(value.lower() if lower else value)
        if problems:
            prefix = "may have mixed case, but should otherwise match: " if lower else ""
            errs.append(FieldError.invalid(f"{path}.{field}", value, prefix + ",".join(problems)))
    for i, short in enumerate(names.get("shortNames") or []):
        if is_dns1035_label(short):
            errs.append(FieldError.invalid(f"{path}.shortNames[{i}]", short, ",".join(is_dns1035_label(short))))
    if names.get("kind") and names.get("kind") == names.get("listKind"):
        errs.append(FieldError.invalid(f"{path}.listKind", names["listKind"], "kind and listKind may not be the same"))
    for i, category in enumerate(names.get("categories") or []):
        if is_dns1035_label(category):
            errs.append(FieldError.invalid(f"{path}.categories[{i}]", category, ",".join(is_dns1035_label(category))))
    return errs


COLUMN_TYPES = ("boolean", "date", "integer", "number", "string")
COLUMN_FORMATS = ("byte", "date", "date-time", "double", "float", "int32", "int64", "password")


def _columns(columns, path):
    errs = []
    for i, col in enumerate(columns):
        at = f"{path}[{i}]"
        if not col.get("name"):
            errs.append(FieldError.required(at + ".name"))
        if not col.get("type"):
            errs.append(FieldError.required(at + ".type", "must be one of " + ",".join(COLUMN_TYPES)))
        elif col["type"] not in COLUMN_TYPES:
            errs.append(FieldError.invalid(at + ".type", col["type"], "must be one of " + ",".join(COLUMN_TYPES)))
        if col.get("format") and col["format"] not in COLUMN_FORMATS:
            errs.append(FieldError.invalid(at + ".format", col["format"], "must be one of " + ",".join(COLUMN_FORMATS)))
        if not col.get("jsonPath"):
            errs.append(FieldError.required(at + ".JSONPath"))
    return errs


def _subresources(subresources, path):
    """ValidateCustomResourceDefinitionSubresources: the scale subresource's paths."""
    scale = subresources.get("scale") if isinstance(subresources, dict) else None
    if not isinstance(scale, dict):
        return []
    errs = []
    for field, under in (("specReplicasPath", (".spec.",)), ("statusReplicasPath", (".status.",)),
                         ("labelSelectorPath", (".spec.", ".status."))):
        at, value = f"{path}.scale.{field}", scale.get(field)
        if value is None and field == "labelSelectorPath":
            continue
        if not value:
            errs.append(FieldError.required(at))
        elif not value.startswith("."):
            errs.append(FieldError.invalid(at, value, "must be a simple json path starting with ."))
        elif not value.startswith(under):
            where = "either .spec or .status" if len(under) == 2 else under[0][:-1]
            errs.append(FieldError.invalid(at, value, f"should be a json path under {where}"))
    return errs


def _update_checks(crd, old):
    errs = []
    spec, old_spec = crd.get("spec") or {}, old.get("spec") or {}
    for field in ("group", "scope"):
        if spec.get(field) != old_spec.get(field):
            errs.append(FieldError.invalid(f"spec.{field}", spec.get(field), "field is immutable"))
    stored = (crd.get("status") or {}).get("storedVersions") or []
    names = {v.get("name") for v in spec.get("versions") or []}
    for i, v in enumerate(stored):
        if v not in names:
            errs.append(FieldError.invalid(f"status.storedVersions[{i}]", v,
                                           f"missing from spec.versions; {v} was previously a storage version, and must "
                                           f"remain in spec.versions until a storage migration ensures no data remains "
                                           f"persisted in {v} and removes {v} from status.storedVersions"))
    return errs


def condition(crd, type_):
    return next((c for c in (crd.get("status") or {}).get("conditions") or [] if c.get("type") == type_), None)


def is_true(crd, type_):
    found = condition(crd, type_)
    return bool(found) and found.get("status") == "True"


def set_condition(crd, type_, status, reason, message, now):
    """SetCRDCondition: lastTransitionTime changes only with the status."""
    conditions = crd.setdefault("status", {}).setdefault("conditions", [])
    entry = {"type": type_, "status": status, "lastTransitionTime": now, "reason": reason, "message": message}
    for i, c in enumerate(conditions):
        if c.get("type") == type_:
            if c.get("status") == status:
                entry["lastTransitionTime"] = c.get("lastTransitionTime")
            conditions[i] = entry
            return
    conditions.append(entry)


def prepare_for_delete(crd, now):
    """The CRD REST's Delete: the cleanup finalizer and the Terminating condition, on the first delete."""
    meta = crd["metadata"]
    if meta.get("deletionTimestamp"):
        return
    if FINALIZER not in (meta.get("finalizers") or []):
        meta["finalizers"] = list(meta.get("finalizers") or []) + [FINALIZER]
    set_condition(crd, "Terminating", "True", "InstanceDeletionPending",
                  "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", now)


# ---- what a CRD serves
def version_of(crd, version):
    return next((v for v in (crd.get("spec") or {}).get("versions") or [] if v.get("name") == version), {})


def resources_of(crd):
    """One Resource per served version, the preferred (highest kube-aware) version first."""
    spec = crd["spec"]
    names = (crd.get("status") or {}).get("acceptedNames") or spec["names"]
    storage = _storage_version(spec)
    served = sorted((v for v in spec.get("versions") or [] if v.get("served")), key=lambda v: version_priority(v["name"]))
    resources = []
    for v in served:
        subresources = tuple(s for s in ("status", "scale") if s in (v.get("subresources") or {}))
        resources.append(Resource(spec["group"], v["name"], names["kind"], names["plural"],
                                  spec.get("scope") == "Namespaced", tuple(names.get("shortNames") or ()),
                                  verbs=CR_VERBS, categories=tuple(names.get("categories") or ()),
                                  subresources=subresources, has_generation=True,
                                  storage_version=storage if storage != v["name"] and storage in [s["name"] for s in served] else "",
                                  singular=names.get("singular") or names["kind"].lower(), custom=True,
                                  schema=published((v.get("schema") or {}).get("openAPIV3Schema"))))
    return resources


def published(schema):
    """The openapi builder's schema of a version: its own, with apiVersion, kind and metadata at the root."""
    from .schema import definitions
    schema = copy.deepcopy(schema or {})
    typed = definitions()["io.k8s.api.apps.v1.Deployment"]["properties"]
    props = schema.setdefault("properties", {})
    for key in ("apiVersion", "kind"):
        props[key] = {"description": typed[key]["description"], "type": "string"}
    props["metadata"] = dict(typed["metadata"])
    return schema


class CustomResources:
    """apiextensions-apiserver's part of the server: its controllers keep CRDs' status and what is served."""

    def __init__(self, server):
        self.server = server
        self.crds = {}  # (group, plural) -> the CRD being served
        self._pending = set()
        server.watch(f"{GROUP}/v1/{PLURAL}", self._on_crd)

    def _on_crd(self, kind, crd):
        name = crd["metadata"]["name"]
        if kind == "DELETED":
            self._unserve(crd)
            return
        if crd["metadata"].get("deletionTimestamp"):
            self._later(("finalize", name), lambda: self._finalize(name))
        elif not is_true(crd, "NamesAccepted") or (crd.get("status") or {}).get("acceptedNames") != crd["spec"]["names"]:
            self._later(("name", name), lambda: self._name(name))
        elif not is_true(crd, "Established"):
            self._later(("establish", name), lambda: self._establish(name))
        if is_true(crd, "Established"):
            self._serve(crd)

    def _later(self, key, fn):
        if key in self._pending:
            return
        self._pending.add(key)

        def run():
            self._pending.discard(key)
            try:
                fn()
            except ApiError:
                pass  # a gone or changed CRD: its next event brings the work back
        self.server.clock.call_later(0, run)

    def _crd(self, name):
        return self.server.get(f"{GROUP}/v1/{PLURAL}", name)

    def _write_status(self, crd):
        self.server.update(f"{GROUP}/v1/{PLURAL}", crd, subresource="status",
                           field_manager="kube-apiserver")

    # the naming controller
    def _name(self, name):
        crd = self._crd(name)
        names = crd["spec"]["names"]
        reason, message = self._conflict(crd)
        now = self.server.clock.timestamp()
        if reason:
            set_condition(crd, "NamesAccepted", "False", reason, message, now)
            if not condition(crd, "Established"):
                set_condition(crd, "Established", "False", "NotAccepted", "not all names are accepted", now)
        else:
            crd["status"]["acceptedNames"] = copy.deepcopy(names)
            set_condition(crd, "NamesAccepted", "True", "NoConflicts", "no conflicts found", now)
            if not is_true(crd, "Established"):
                set_condition(crd, "Established", "False", "Installing", "the initial names have been accepted", now)
        self._write_status(crd)

    def _conflict(self, crd):
        spec = crd["spec"]
        names = spec["names"]
        for other in self.server.list(f"{GROUP}/v1/{PLURAL}")["items"]:
            if other["metadata"]["name"] == crd["metadata"]["name"] or other["spec"].get("group") != spec["group"]:
                continue
            accepted = (other.get("status") or {}).get("acceptedNames") or {}
            taken = {accepted.get("plural"), accepted.get("singular")} | set(accepted.get("shortNames") or ())
            if names.get("plural") in taken:
                return "PluralConflict", f'"{names["plural"]}" is already in use'
            if names.get("singular") in taken:
                return "SingularConflict", f'"{names["singular"]}" is already in use'
            for short in names.get("shortNames") or ():
                if short in taken:
                    return "ShortNamesConflict", f'"{short}" is already in use'
            if names.get("kind") in (accepted.get("kind"), accepted.get("listKind")):
                return "KindConflict", f'"{names["kind"]}" is already in use'
            if names.get("listKind") in (accepted.get("kind"), accepted.get("listKind")):
                return "ListKindConflict", f'"{names["listKind"]}" is already in use'
        return None, None

    # the establishing controller
    def _establish(self, name):
        crd = self._crd(name)
        if not is_true(crd, "NamesAccepted") or is_true(crd, "Established"):
            return
        set_condition(crd, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted",
                      self.server.clock.timestamp())
        self._write_status(crd)

    # the finalizer controller
    def _finalize(self, name):
        crd = self._crd(name)
        if FINALIZER not in (crd["metadata"].get("finalizers") or []):
            return
        now = self.server.clock.timestamp()
        if is_true(crd, "Established"):
            set_condition(crd, "Terminating", "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress", now)
            self._write_status(crd)
            crd = self._crd(name)
            remaining = self._delete_instances(crd)
            if remaining:
                self.server.clock.call_later(5, lambda: self._later(("finalize", name), lambda: self._finalize(name)))
                return
            set_condition(crd, "Terminating", "False", "InstanceDeletionCompleted", "removed all instances", now)
        else:
            set_condition(crd, "Terminating", "False", "NeverEstablished", "resource was never established", now)
        self._write_status(crd)
        self._finish(name)

    def _finish(self, name):
        """UpdateStatus keeps metadata: the finalizer goes with a main-resource update, as the real one lets it."""
        crd = self._crd(name)
        if FINALIZER in (crd["metadata"].get("finalizers") or []):
            crd["metadata"]["finalizers"] = [f for f in crd["metadata"]["finalizers"] if f != FINALIZER]
            self.server.update(f"{GROUP}/v1/{PLURAL}", crd, field_manager="kube-apiserver")

    def _delete_instances(self, crd):
        resource = self._storage_resource(crd)
        if resource is None:
            return 0
        items = self.server.list(resource)["items"]
        for item in items:
            try:
                self.server.delete(resource, item["metadata"]["name"], item["metadata"].get("namespace"))
            except ApiError as e:
                if e.code != 404:
                    raise
        return len(self.server.list(resource)["items"])

    def _storage_resource(self, crd):
        key = (crd["spec"]["group"], crd["spec"]["names"]["plural"])
        served = [r for r in self.server.registry.resources if (r.group, r.plural) == key and r.custom]
        return served[0] if served else None

    # serving
    def _serve(self, crd):
        key = (crd["spec"]["group"], crd["spec"]["names"]["plural"])
        current = self.crds.get(key)
        if current is not None and current["spec"] == crd["spec"] and \
                (current.get("status") or {}).get("acceptedNames") == (crd.get("status") or {}).get("acceptedNames"):
            self.crds[key] = crd
            return
        self.crds[key] = crd
        self.server.serve_custom(key, resources_of(crd))

    def _unserve(self, crd):
        key = (crd["spec"]["group"], crd["spec"]["names"]["plural"])
        if self.crds.pop(key, None) is not None:
            self.server.serve_custom(key, [])

    def definition(self, resource):
        return self.crds.get((resource.group, resource.plural))

    def version(self, resource):
        return version_of(self.definition(resource) or {}, resource.version)

    def schema(self, resource):
        return ((self.version(resource).get("schema") or {}).get("openAPIV3Schema")) or {}

    def openapi(self, resource):
        """The published OpenAPI schema of a custom kind, or None."""
        return resource.schema if resource.custom else None

    # the server's hooks (CRDs and custom objects)
    def decode(self, resource, obj):
        """The CR codec: nulls dropped, defaults filled in, unknown fields pruned (a strict decoding error);
        CRDs get their v1 defaults."""
        if is_crd(resource):
            set_defaults(obj)
        if not resource.custom:
            return obj
        schema = self.schema(resource)
        crd_schema.drop_nulls(obj, schema)
        crd_schema.default(obj, schema)
        pruned = sorted(crd_schema.prune(obj, schema) + _unknown_metadata(obj))
        if pruned:
            fields = ", ".join(f'unknown field "{p}"' for p in pruned)
            raise errors.bad_request(f'{resource.kind} in version "{resource.version}" cannot be handled as a '
                                     f'{resource.kind}: strict decoding error: {fields}')
        return obj

    def check_create(self, resource):
        crd = self.definition(resource) if resource.custom else None
        if crd and crd["metadata"].get("deletionTimestamp"):
            raise errors.method_not_allowed("create not allowed while custom resource definition is terminating")

    def check_patch(self, resource, patch_type):
        if resource.custom and patch_type == "application/strategic-merge-patch+json":
            raise ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media "
                           "types include: application/json-patch+json, application/merge-patch+json, "
                           "application/apply-patch+yaml", {})

    def on_create(self, resource, obj):
        if is_crd(resource):
            prepare_for_create(obj)
        elif resource.custom and "status" in resource.subresources:
            obj.pop("status", None)

    def on_update(self, resource, obj, old, subresource):
        """Without a status subresource every non-metadata change bumps a custom object's generation."""
        if is_crd(resource):
            prepare_for_update(obj, old, subresource)
        if not resource.custom or subresource or "status" in resource.subresources:
            return
        if obj.get("status") != old.get("status") and obj["metadata"].get("generation") == old["metadata"].get("generation"):
            obj["metadata"]["generation"] = old["metadata"].get("generation", 1) + 1

    def on_delete(self, resource, obj):
        if is_crd(resource):
            prepare_for_delete(obj, self.server.clock.timestamp())

    def validate(self, resource, obj, errs, old=None, subresource=None):
        """`errs` (the built-in checks) with a CRD's or custom object's own; their metadata is checked as
        apimachinery's generic ValidateObjectMeta does (no core finalizer-name rule)."""
        if not (is_crd(resource) or resource.custom):
            return errs
        errs = [e for e in errs if e.detail != NON_STANDARD_FINALIZER]
        if is_crd(resource) and subresource is None:
            return errs + validate(obj, old)
        if not resource.custom:
            return errs
        return errs + crd_schema.validate(obj, self.schema(resource))

    def convert(self, obj, target):
        """conversion: None: only apiVersion changes; objects read are defaulted by the target version's schema
        (a default added to the CRD later shows up on reads)."""
        if obj.get("apiVersion") != target.api_version:
            obj = dict(obj, apiVersion=target.api_version)
        crd_schema.default(obj, self.schema(target))
        return obj

    # the scale subresource
    def scale_paths(self, resource):
        return (self.version(resource).get("subresources") or {}).get("scale") or {}

    def scale_of(self, resource, obj):
        paths = self.scale_paths(resource)
        meta = obj["metadata"]
        status = {"replicas": _at(obj, paths.get("statusReplicasPath")) or 0}
        selector = _at(obj, paths.get("labelSelectorPath"))
        if selector:
            status["selector"] = selector
        return {"kind": "Scale", "apiVersion": "autoscaling/v1",
                "metadata": {k: meta[k] for k in ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")
                             if k in meta},
                "spec": {"replicas": _at(obj, paths.get("specReplicasPath")) or 0}, "status": status}

    def set_replicas(self, resource, obj, replicas):
        path = [p for p in (self.scale_paths(resource).get("specReplicasPath") or ".spec.replicas").split(".") if p]
        target = obj
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = replicas


def _unknown_metadata(obj):
    """metadata is decoded as an ObjectMeta: its unknown fields are strict decoding errors too."""
    from .schema import definitions
    known = definitions()["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]["properties"]
    meta = obj.get("metadata")
    return [f"metadata.{k}" for k in meta if k not in known] if isinstance(meta, dict) else []


def _at(obj, path):
    value = obj
    for part in [p for p in (path or "").split(".") if p]:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
