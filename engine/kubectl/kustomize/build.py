"""`kustomize build` of one directory: resources (files and nested kustomizations), generators, the
built-in transformers in kustomize's order, hash suffixes, name references and the legacy kind order."""
import os

from ...api.errors import go_quote
from .. import manifests
from ..printers import yaml as yaml_printer
from . import fieldspecs, generators, loader, transform
from .errors import KustomizeError

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
FIELDS = {"apiVersion", "kind", "metadata", "resources", "namespace", "namePrefix", "nameSuffix", "commonLabels",
          "labels", "commonAnnotations", "images", "replicas", "patches", "patchesStrategicMerge",
          "patchesJson6902", "configMapGenerator", "secretGenerator", "generatorOptions", "components",
          "crds", "configurations", "generators", "transformers", "validators", "vars", "replacements",
          "openapi", "buildMetadata", "sortOptions", "helmCharts", "helmGlobals", "bases", "imageTags",
          "helmChartInflationGenerator"}
UNSUPPORTED = ("crds", "configurations", "generators", "transformers", "validators", "vars",
               "replacements", "openapi", "helmCharts", "helmGlobals", "helmChartInflationGenerator", "imageTags")
STRING_FIELDS = ("apiVersion", "kind", "namespace", "namePrefix", "nameSuffix")
FIX = "Run 'kustomize edit fix' to update your Kustomization automatically."
DEPRECATED = {  # in CheckDeprecatedFields' order
    "bases": f"# Warning: 'bases' is deprecated. Please use 'resources' instead. {FIX}",
    "commonLabels": f"# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. {FIX}",
    "patchesJson6902": f"# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. {FIX}",
    "patchesStrategicMerge": f"# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. {FIX}",
}


class Res:
    """One resource being built: its object, every name it has had, and how it was generated."""

    def __init__(self, obj, generated=False, hashed=False, behavior="create"):
        self.obj, self.generated, self.hashed, self.behavior = obj, generated, hashed, behavior
        self.names = [self.name]

    kind = property(lambda self: self.obj.get("kind", ""))
    name = property(lambda self: (self.obj.get("metadata") or {}).get("name", ""))
    namespace = property(lambda self: (self.obj.get("metadata") or {}).get("namespace", ""))

    @property
    def group(self):
        api_version = self.obj.get("apiVersion", "")
        return api_version.split("/")[0] if "/" in api_version else ""

    def rename(self, name):
        self.obj["metadata"]["name"] = name
        if name not in self.names:
            self.names.append(name)

    def go_id(self):
        """The ResId as %#v prints it (a generator's error names it so)."""
        group, _, version = self.obj.get("apiVersion", "").rpartition("/")
        return (f'resid.ResId{{Gvk:resid.Gvk{{Group:"{group}", Version:"{version}", Kind:"{self.kind}", '
                f'isClusterScoped:{"true" if self.kind in fieldspecs.CLUSTER_SCOPED else "false"}}}, '
                f'Name:"{self.name}", Namespace:"{self.namespace}"}}')

    def id_text(self):
        """ResId.String(): `Kind.version.group/name.namespace` with kustomize's placeholders."""
        api_version = self.obj.get("apiVersion", "")
        group, _, version = api_version.rpartition("/")
        return (f"{self.kind}.{version or '[noVer]'}.{group or '[noGrp]'}/{self.name}."
                f"{self.namespace or '[noNs]'}")


class Build:
    """The state of one `kubectl kustomize`: the warnings kustomize prints on stderr."""

    def __init__(self, warn=None):
        self.warn, self.warnings = warn or (lambda text: None), []

    def kustomization(self, root):
        found = [n for n in KUSTOMIZATION_FILES if os.path.isfile(os.path.join(root, n))]
        if not found:
            raise KustomizeError(f"unable to find one of 'kustomization.yaml', 'kustomization.yml' or "
                                 f"'Kustomization' in directory '{root}'")
        if len(found) > 1:
            raise KustomizeError(f"Found multiple kustomization files under: {root}\n")
        with open(os.path.join(root, found[0]), encoding="utf-8") as f:
            text = f.read()
        try:
            data = manifests.parse_yaml(text) or {}
        except manifests.StreamError as e:
            raise KustomizeError(str(e).replace("error converting YAML to JSON: ", ""))
        if not isinstance(data, dict):
            raise KustomizeError("invalid Kustomization: json: cannot unmarshal array into Go value of type "
                                 "types.Kustomization")
        for key in data:
            if key not in FIELDS:
                raise KustomizeError(f'invalid Kustomization: json: unknown field "{key}"')
            if key in STRING_FIELDS and data[key] is not None and not isinstance(data[key], str):
                raise KustomizeError(f"invalid Kustomization: json: cannot unmarshal {json_kind(data[key])} into "
                                     f"Go struct field Kustomization.{key} of type string")
        for key in UNSUPPORTED:
            if key in data:
                raise KustomizeError(f"the simulated kustomize does not support '{key}' yet")
        for key, warning in DEPRECATED.items():
            if key in data:  # each kustomization loaded says it again
                self.warnings.append(warning)
                self.warn(warning)  # printed as found, before any error
        return data

    def accumulate(self, root, resources=None, k=None):
        """accumulateTarget: the directory's resources, generated objects, components, then its
        transformers; a component adds to the resources of the kustomization that names it."""
        k = k if k is not None else self.kustomization(root)
        resources = [] if resources is None else resources
        for entry in (k.get("bases") or []) + (k.get("resources") or []):
            for res in self.resource(root, entry):
                try:
                    add(resources, res)
                except KustomizeError as e:
                    raise KustomizeError(f"accumulating resources: accumulation err='merging resources from "
                                         f"'{entry}': {e}': must build at directory: '{os.path.join(root, entry)}': "
                                         "file is not directory")
        options = k.get("generatorOptions") or {}
        for kind, key in (("ConfigMap", "configMapGenerator"), ("Secret", "secretGenerator")):
            for args in k.get(key) or []:
                obj, hashed, behavior = generators.make(kind, args, options, root)
                generate(resources, Res(obj, True, hashed, behavior))
        for entry in k.get("components") or []:
            path = os.path.normpath(os.path.join(root, entry))
            if not os.path.isdir(path):
                failure = loader.missing(path)
                raise KustomizeError("accumulating components: loader.New "
                                     + go_quote(f"must build at directory: not a valid directory: {failure}"))
            try:
                self.directory(path, resources, component=True)
            except KustomizeError as e:
                raise KustomizeError(f"accumulating components: accumulateDirectory: {go_quote(str(e))}")
        transform.apply_all(self, k, root, resources)
        return resources

    def directory(self, path, resources=None, component=False):
        """accumulateDirectory: a base (its own accumulation) or a component (added to `resources`)."""
        try:
            k = self.kustomization(path)
        except KustomizeError as e:
            raise KustomizeError(f"couldn't make target for path '{path}': {e}")
        kind = k.get("kind") or "Kustomization"
        if component and kind != "Component":
            raise KustomizeError(f"expected kind 'Component' for path '{path}' but got '{kind}'")
        if not component and kind == "Component":
            raise KustomizeError(f"expected kind != 'Component' for path '{path}'")
        try:
            return self.accumulate(path, resources if component else None, k)
        except KustomizeError as e:
            raise KustomizeError(f"recursed accumulation of path '{path}': {e}")

    def resource(self, root, entry):
        path = os.path.normpath(os.path.join(root, entry))
        prefix = f"accumulating resources: accumulation err='accumulating resources from '{entry}': "
        if "://" in entry or entry.startswith(("github.com/", "git@")):
            raise KustomizeError(f"{prefix}the simulated cluster is offline: remote resources cannot be fetched'")
        if os.path.isdir(path):
            try:
                return self.directory(path)
            except KustomizeError as e:
                raise KustomizeError(f"{prefix}'{path}' must resolve to a file': {e}")
        full, problem = loader.check(root, entry)
        if problem and not os.path.exists(full):
            raise KustomizeError(f"{prefix}{problem}': must build at directory: not a valid directory: {problem}")
        if problem:
            raise KustomizeError(f"{prefix}{problem}': must build at directory: '{full}': file is not directory")
        return [Res(obj) for obj in read_objects(loader.read_text(root, entry), full)]


def json_kind(value):
    """encoding/json's name for a value's type in an UnmarshalTypeError."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return {dict: "object", list: "array"}.get(type(value), "string")


def read_objects(text, source):
    out = []
    for value in loader.parse_documents(text, source):
        if not isinstance(value, dict):
            raise KustomizeError(f"missing Resource metadata in {source}")
        kind, items = value.get("kind"), value.get("items")
        if isinstance(kind, str) and kind.endswith("List") and isinstance(items, list):
            out.extend(i for i in items if isinstance(i, dict))
        else:
            out.append(value)
    return out


def add(resources, res):
    for other in resources:
        if other.id_text() == res.id_text():
            raise KustomizeError(f"may not add resource with an already registered id: {res.id_text()}")
    resources.append(res)


def generate(resources, res):
    """A generated object: created, or merged into / replacing the one a base generated (behavior)."""
    same = [r for r in resources if r.kind == res.kind and r.name == res.name and r.namespace == res.namespace]
    if res.behavior == "create":
        if same:
            raise KustomizeError(f"merging from generator &{{0xc0005a31e0 <nil>}}: id {res.go_id()} exists; "
                                 "behavior must be merge or replace")
        resources.append(res)
        return
    if not same:
        raise KustomizeError(f"merging from generator: id {res.id_text()} does not exist; cannot merge or replace")
    old = same[0]
    if res.behavior == "merge":
        for key in ("data", "binaryData"):
            if key in res.obj:
                old.obj[key] = dict(old.obj.get(key) or {}, **res.obj[key])
        for key in ("labels", "annotations"):
            if res.obj["metadata"].get(key):
                old.obj["metadata"][key] = dict(old.obj["metadata"].get(key) or {}, **res.obj["metadata"][key])
    else:
        old.obj = res.obj
    old.hashed = res.hashed


def build(path, warn=None):
    """(objects, warnings) for the kustomization directory `path`; warn(text) hears each warning at once."""
    if not os.path.isdir(path):
        failure = f"evalsymlink failure on '{path}' : lstat {os.path.abspath(path)}: no such file or directory"
        raise KustomizeError(f"must build at directory: not a valid directory: {failure}")
    b = Build(warn)
    resources = b.accumulate(os.path.abspath(path))
    for res in resources:
        if res.generated and res.hashed:
            res.rename(f"{res.name}-{generators.hash_suffix(res.obj)}")
    transform.fix_name_references(resources)
    for res in resources:  # kustomize drops its build annotations, and the map with them when it ends empty
        meta = res.obj.get("metadata")
        if isinstance(meta, dict) and "annotations" in meta and not meta["annotations"]:
            del meta["annotations"]
    ordered = sorted(resources, key=sort_key)
    return [r.obj for r in ordered], b.warnings


def sort_key(res):
    """The legacy order: kinds of ORDER_FIRST first, ORDER_LAST last, others by group_version_kind."""
    first, last = fieldspecs.ORDER_FIRST, fieldspecs.ORDER_LAST
    rank = -len(first) + first.index(res.kind) if res.kind in first else \
        1 + last.index(res.kind) if res.kind in last else 0
    api_version = res.obj.get("apiVersion", "")
    group, _, version = api_version.rpartition("/")
    gvk = "_".join([group or "~G", version or "~V", res.kind or "~K"])
    return rank, gvk, res.namespace or "~X", res.name or "~N"


def render(objects):
    """kustomize's YAML stream: documents (keys sorted) separated by `---`."""
    return "---\n".join(yaml_printer.dumps(o) for o in objects)
