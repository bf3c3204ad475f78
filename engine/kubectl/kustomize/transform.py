"""kustomize's built-in transformers, in the order a kustomization runs them: patches, namespace,
name prefix and suffix, labels, annotations, JSON 6902 patches, replicas, images; then name references."""
import json
import re

from ...api import schema as openapi
from ...api.patch import PatchError, apply_json_patch, merge_patch
from ...api.patch.json_patch import JsonPatchError
from ...api.patch.strategic import merge_map
from ..printers import yaml as yaml_printer
from . import fieldspecs, loader
from .errors import KustomizeError


def apply_all(build, k, root, resources):
    for entry in k.get("patchesStrategicMerge") or []:
        for patch in load_patches(root, entry, k["patchesStrategicMerge"]):
            strategic(build, resources, patch, None)
    for entry in k.get("patches") or []:
        patch_entry(build, root, resources, entry)
    if k.get("namespace"):
        set_namespace(resources, k["namespace"])
    if k.get("namePrefix") or k.get("nameSuffix"):
        for res in resources:
            if res.kind not in fieldspecs.PREFIX_SKIPPED:
                res.rename(f"{k.get('namePrefix') or ''}{res.name}{k.get('nameSuffix') or ''}")
    if k.get("commonLabels"):
        set_maps(resources, fieldspecs.COMMON_LABELS, k["commonLabels"])
    for entry in k.get("labels") or []:
        specs = fieldspecs.COMMON_LABELS if entry.get("includeSelectors") else \
            fieldspecs.METADATA_LABELS if entry.get("includeTemplates") else fieldspecs.METADATA_LABELS[:1]
        specs = specs + [(f.get("path", ""), bool(f.get("create")), f.get("kind"), f.get("group"))
                         for f in entry.get("fields") or [] if isinstance(f, dict)]
        set_maps(resources, specs, entry.get("pairs") or {})
    if k.get("commonAnnotations"):
        set_maps(resources, fieldspecs.COMMON_ANNOTATIONS, k["commonAnnotations"])
    for entry in k.get("patchesJson6902") or []:
        operations = json_operations(loader.read_text(root, entry["path"]) if entry.get("path") else
                                     entry.get("patch", ""))
        for res in targets(resources, entry.get("target") or {}):
            json6902(build, res, operations)
    for entry in k.get("replicas") or []:
        set_replicas(resources, entry)
    for image in k.get("images") or []:
        for res in resources:
            if res.kind != "CustomResourceDefinition":
                set_images(res.obj, image)


def set_replicas(resources, entry):
    kinds = [kind for _, _, kind, _ in fieldspecs.REPLICAS]
    found = [r for r in resources if entry.get("name") in r.names and r.kind in kinds]
    if not found:
        listed = " ".join(f"{kind}.[noVer].[noGrp]" for kind in
                          ("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"))
        raise KustomizeError(f"resource with name {entry.get('name')} does not match a config with the following "
                             f"GVK [{listed}]")
    for res in found:
        set_fields(res, fieldspecs.REPLICAS, lambda _old: entry.get("count", 0))


# field specs

def matches(res, kind, group):
    return (kind is None or res.kind == kind) and (group is None or res.group == group)


def walk(value, parts, create, fn):
    """Visit the value at `parts` (lists are walked into), creating maps on the way when `create`."""
    if isinstance(value, list):
        for item in value:
            walk(item, parts, create, fn)
        return
    if not isinstance(value, dict):
        return
    key = parts[0].rstrip("[]")
    if len(parts) == 1:
        if key in value or create:
            value[key] = fn(value.get(key))
        return
    if key not in value:
        if not create:
            return
        value[key] = [] if parts[0].endswith("[]") else {}
    walk(value[key], parts[1:], create, fn)


def set_fields(res, specs, fn):
    for path, create, kind, group in specs:
        if matches(res, kind, group):
            walk(res.obj, path.split("/"), create, fn)


def set_maps(resources, specs, pairs):
    values = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in pairs.items()}
    for res in resources:
        set_fields(res, specs, lambda old: dict(old or {}, **values) if isinstance(old, dict) or old is None else old)


def set_namespace(resources, namespace):
    for res in resources:
        if res.kind == "Namespace" and res.obj.get("apiVersion") == "v1":
            res.rename(namespace)
        elif res.kind not in fieldspecs.CLUSTER_SCOPED:
            res.obj.setdefault("metadata", {})["namespace"] = namespace
        if res.kind in ("RoleBinding", "ClusterRoleBinding"):
            for subject in res.obj.get("subjects") or []:
                if isinstance(subject, dict) and subject.get("name") == "default":
                    subject["namespace"] = namespace


# images

IMAGE_FIELDS = ("containers", "initContainers")


def set_images(value, image):
    if isinstance(value, list):
        for item in value:
            set_images(item, image)
    elif isinstance(value, dict):
        for key, child in value.items():
            if key in IMAGE_FIELDS and isinstance(child, list):
                for container in child:
                    if isinstance(container, dict) and isinstance(container.get("image"), str):
                        container["image"] = new_image(container["image"], image)
            set_images(child, image)


def new_image(value, image):
    pattern = "^" + image.get("name", "") + r"(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$"
    try:
        if not re.match(pattern, value):
            return value
    except re.error:
        return value
    name, tag, digest = split_image(value)
    name = image.get("newName") or name
    new_tag, new_digest = str(image.get("newTag") or ""), image.get("digest") or ""
    if new_tag and new_digest:
        tag, digest = new_tag, new_digest
    elif new_tag:
        tag, digest = new_tag, ""
    elif new_digest:
        tag, digest = "", new_digest
    elif image.get("tagSuffix"):
        tag, digest = tag + image["tagSuffix"], ""
    return name + (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")


def split_image(value):
    """image.Split: name, tag and digest (a registry's `host:port/` is not a tag)."""
    slash = value.find("/")
    offset = slash if slash > 0 else 0
    search = value[offset:]
    at, colon = search.find("@"), search.find(":")
    if colon < 0 and at < 0:
        return value, "", ""
    if at >= 0 and (at < colon or colon < 0):
        return value[:at + offset], "", value[at + offset + 1:]
    if at >= 0 and colon >= 0:
        return value[:colon + offset], value[colon + offset + 1:at + offset], value[at + offset + 1:]
    return value[:colon + offset], value[colon + offset + 1:], ""


# patches

def load_patches(root, entry, paths):
    """A patchesStrategicMerge entry: a file, or the patch written inline."""
    inline = "\n" in entry or not entry.strip().endswith((".yaml", ".yml", ".json"))
    text = entry if inline else loader.read_text(root, entry, lambda why: (
        "trouble configuring builtin PatchStrategicMergeTransformer with config: `\npaths:\n"
        + "".join(f"- {p}\n" for p in paths) + f"`: {why}"))
    return loader.parse_documents(text, entry)


def json_operations(text):
    docs = loader.parse_documents(text, "patch")
    return docs[0] if docs else []


def patch_entry(build, root, resources, entry):
    if entry.get("path") and entry.get("patch"):
        raise KustomizeError("patch and path can't be set at the same time")
    text = loader.read_text(root, entry["path"], lambda why: (
        f"trouble configuring builtin PatchTransformer with config: `\n{yaml_printer.dumps(entry)}`: "
        f"failed to get the patch file from path({entry['path']}): {why}")) if entry.get("path") else \
        entry.get("patch") or ""
    if not text.strip():
        raise KustomizeError("must specify one of patch and path in\n" + json.dumps(entry))
    try:
        docs = loader.parse_documents(text, "patch")
    except KustomizeError:
        raise KustomizeError(f"unable to parse SM or JSON patch from [{text}]")
    target = entry.get("target")
    if len(docs) == 1 and isinstance(docs[0], list):
        if not target:
            raise KustomizeError("must specify a target for JSON patch " + text.strip())
        for res in targets(resources, target):
            json6902(build, res, docs[0])
        return
    for doc in docs:
        strategic(build, resources, doc, target, entry.get("options") or {})


def targets(resources, target):
    out = []
    for res in resources:
        group, _, version = res.obj.get("apiVersion", "").rpartition("/")
        checks = [("kind", res.kind), ("group", group), ("version", version), ("namespace", res.namespace)]
        if any(target.get(key) and not re.fullmatch(target[key], value) for key, value in checks):
            continue
        if target.get("name") and not any(re.fullmatch(target["name"], n) for n in res.names):
            continue
        if target.get("labelSelector") and not selects(target["labelSelector"], res.obj, "labels"):
            continue
        if target.get("annotationSelector") and not selects(target["annotationSelector"], res.obj, "annotations"):
            continue
        out.append(res)
    return out


def selects(selector, obj, field):
    have = (obj.get("metadata") or {}).get(field) or {}
    for term in selector.split(","):
        term = term.strip()
        if "!=" in term:
            key, value = term.split("!=", 1)
            if have.get(key.strip()) == value.strip():
                return False
        elif "=" in term:
            key, value = term.replace("==", "=").split("=", 1)
            if have.get(key.strip()) != value.strip():
                return False
        elif term.startswith("!"):
            if term[1:] in have:
                return False
        elif term and term not in have:
            return False
    return True


def strategic(build, resources, patch, target, options=None):
    if not isinstance(patch, dict):
        raise KustomizeError("unable to parse SM or JSON patch")
    if target:
        found = targets(resources, target)
    else:
        meta = patch.get("metadata") or {}
        found = [r for r in resources if r.kind == patch.get("kind") and meta.get("name") in r.names
                 and (not meta.get("namespace") or meta["namespace"] == r.namespace)]
        if not found:
            name = meta.get("name", "")
            group, _, version = (patch.get("apiVersion") or "").rpartition("/")
            raise KustomizeError(f"no resource matches strategic merge patch \"{patch.get('kind')}."
                                 f"{version or '[noVer]'}.{group or '[noGrp]'}/{name}."
                                 f"{meta.get('namespace') or '[noNs]'}\": no matches for Id "
                                 f"{patch.get('kind')}.{version or '[noVer]'}.{group or '[noGrp]'}/{name}."
                                 f"{meta.get('namespace') or '[noNs]'}; failed to find unique target for patch "
                                 f"{patch.get('kind')}.{version or '[noVer]'}.{group or '[noGrp]'}/{name}."
                                 f"{meta.get('namespace') or '[noNs]'}")
    for res in found:
        if patch.get("$patch") == "delete":
            resources.remove(res)
            continue
        body = dict(patch)
        options = options or {}
        if target:  # a targeted patch keeps the target's own identity unless its options allow a change
            body["metadata"] = dict(body.get("metadata") or {})
            if not options.get("allowNameChange") or "name" not in body["metadata"]:
                body["metadata"]["name"] = res.name
            if res.namespace:
                body["metadata"]["namespace"] = res.namespace
            if not options.get("allowKindChange") or "kind" not in body:
                body["kind"], body["apiVersion"] = res.kind, res.obj.get("apiVersion")
        schema = schema_of(res.obj)
        try:
            res.obj = merge_map(clone(res.obj), clone(body), schema, server=True) if schema is not None \
                else merge_patch(clone(res.obj), clone(body))
        except PatchError as e:
            raise KustomizeError(str(e))
        if res.name not in res.names:  # allowNameChange: references to the old name follow
            res.names.append(res.name)


def schema_of(obj):
    """The kind's OpenAPI schema (its patch strategies), or None for kinds kustomize knows none of."""
    group, _, version = str(obj.get("apiVersion", "")).rpartition("/")
    name = openapi.definition_for(group, version, obj.get("kind", ""))
    return openapi.definitions()[name] if name else None


def clone(value):
    return json.loads(json.dumps(value))


def json6902(build, res, operations):
    try:
        res.obj = apply_json_patch(clone(res.obj), operations)
    except (JsonPatchError, TypeError, KeyError, IndexError) as e:
        raise KustomizeError(str(e))


# name references

def fix_name_references(resources):
    """FixBackReferences: a field naming a resource by any of its earlier names gets its final name."""
    for kind, referrers in fieldspecs.NAME_REFERENCES.items():
        candidates = [r for r in resources if r.kind == kind]
        if not candidates:
            continue
        for referrer in resources:
            for referrer_kind, path in referrers:
                if referrer.kind != referrer_kind:
                    continue
                fix = renamer(referrer, kind, candidates)
                if path.endswith("subjects"):
                    for subject in referrer.obj.get("subjects") or []:
                        if isinstance(subject, dict) and subject.get("kind") == kind and "name" in subject:
                            fix_subject(subject, fix)
                elif path == "roleRef/name":
                    ref = referrer.obj.get("roleRef") or {}
                    if isinstance(ref, dict) and ref.get("kind") == kind and "name" in ref:
                        ref["name"] = fix(ref["name"])
                elif path == "spec/scaleTargetRef/name":
                    ref = (referrer.obj.get("spec") or {}).get("scaleTargetRef") or {}
                    if isinstance(ref, dict) and ref.get("kind") == kind and "name" in ref:
                        ref["name"] = fix(ref["name"])
                else:
                    walk(referrer.obj, path.split("/"), False,
                         lambda old: [fix(o) for o in old] if isinstance(old, list) else fix(old))


def fix_subject(subject, fix):
    """A ServiceAccount subject gets the account's final name and its namespace."""
    found = fix(subject["name"], subject.get("namespace"), candidate=True)
    if found is not None:
        subject["name"] = found.name
        if found.namespace:
            subject["namespace"] = found.namespace


def renamer(referrer, kind, candidates):
    def fix(name, namespace=None, candidate=False):
        if not isinstance(name, str):
            return None if candidate else name
        found = [c for c in candidates if name in c.names]
        if kind not in fieldspecs.CLUSTER_SCOPED:
            namespace = namespace if namespace is not None else referrer.namespace
            found = [c for c in found if (c.namespace or "") == (namespace or "")]
        if candidate:
            return found[0] if len(found) == 1 else None
        return found[0].name if len(found) == 1 else name
    return fix
