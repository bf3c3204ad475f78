"""Writes engine/api/gozero.json: the fields a Go zero value of each API struct still has once
reflected for structured-merge-diff (non-pointer structs, and fields without omitempty).

The apiserver's field manager compares Go typed objects: a created object is compared with the zero
value of its kind, whose non-omitempty fields exist (as null, "", 0, false or an empty struct), so they
count as changed rather than added. Source: k8s.io/api and apimachinery's meta/v1 types at v0.32.4,
read from the mirrors (`python scripts/gen_go_zero.py`)."""
import json
import re
import subprocess
from pathlib import Path

API = "/work/.mirror/kubernetes+api/repo"
MACHINERY = "/work/.mirror/kubernetes+apimachinery/repo"
TAG = "v0.32.4"
OUT = Path(__file__).resolve().parent.parent / "engine" / "api" / "gozero.json"

STRUCT = re.compile(r"^type (\w+) struct \{\n(.*?)^\}", re.S | re.M)
NAMED = re.compile(r"^type (\w+) (string|bool|u?int\d*|float\d+|\[\]byte)\s*$", re.M)
FIELD = re.compile(r"^\s*(?:(\w+)\s+)?([\w.*\[\]]+(?:\[[\w.]+\][\w.*\[\]]+)?)\s+`([^`]*)`", re.M)
IMPORT = re.compile(r'^\s*(\w+)?\s*"(k8s\.io/[^"]+)"', re.M)
SPECIAL = {"k8s.io/apimachinery/pkg/apis/meta/v1.Time": None, "k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime": None,
           "k8s.io/apimachinery/pkg/util/intstr.IntOrString": 0, "k8s.io/apimachinery/pkg/api/resource.Quantity": "0",
           "k8s.io/apimachinery/pkg/runtime.RawExtension": None}
SCALARS = {"string": "", "bool": False, "float32": 0, "float64": 0, "[]byte": None}


def show(repo, path):
    return subprocess.run(["git", "-C", repo, "show", f"{TAG}:{path}"], capture_output=True, text=True).stdout


def definition(package, name):
    if package.startswith("k8s.io/api/"):
        return "io.k8s.api." + package[len("k8s.io/api/"):].replace("/", ".") + "." + name
    return "io.k8s.apimachinery." + package[len("k8s.io/apimachinery/"):].replace("/", ".") + "." + name


def parse(package, text, structs, named):
    imports = {}
    for alias, path in IMPORT.findall(text):
        imports[alias or path.rsplit("/", 1)[-1]] = path
    for name, body in STRUCT.findall(text):
        structs[(package, name)] = (body, imports)
    for name, kind in NAMED.findall(text):
        named[(package, name)] = kind


def zero(package, go_type, imports, structs, named, omitempty):
    """('s', definition) for a struct value, ('v', value) for a present scalar or null, None when omitted."""
    if go_type.startswith(("*", "[]", "map[")) and go_type != "[]byte":
        return None if omitempty else ("v", None)
    if "." in go_type:
        alias, name = go_type.split(".", 1)
        package = imports.get(alias, alias)
    else:
        name = go_type
    full = f"{package}.{name}"
    if full in SPECIAL:
        return ("v", SPECIAL[full])
    if (package, name) in structs:
        return ("s", definition(package, name))
    kind = named.get((package, name), "string" if full == "k8s.io/apimachinery/pkg/types.UID" else name)
    if omitempty:
        return None
    if kind in SCALARS:
        return ("v", SCALARS[kind])
    if re.fullmatch(r"u?int\d*", kind):
        return ("v", 0)
    return None


def fields(package, name, structs, named):
    body, imports = structs[(package, name)]
    out = {}
    for go_name, go_type, tag in FIELD.findall(body):
        json_tag = re.search(r'json:"([^"]*)"', tag)
        if not json_tag:
            continue
        json_name, _, options = json_tag.group(1).partition(",")
        if json_name == "-":
            continue
        if "inline" in options.split(","):
            alias, _, inner = go_type.partition(".")
            inner_package = imports.get(alias, package) if inner else package
            inner_name = inner or go_type
            if (inner_package, inner_name) in structs and inner_name != "TypeMeta":
                out.update(fields(inner_package, inner_name, structs, named))
            continue
        if not (go_name or json_name):
            continue
        found = zero(package, go_type, imports, structs, named, "omitempty" in options.split(","))
        if found is not None:
            out[json_name or go_name] = found
    return out


def main():
    structs, named = {}, {}
    listing = subprocess.run(["git", "-C", API, "ls-tree", "-r", "--name-only", TAG], capture_output=True,
                             text=True).stdout.split()
    for path in listing:
        if path.endswith("/types.go") and path.count("/") == 2:
            parse("k8s.io/api/" + path.rsplit("/", 1)[0], show(API, path), structs, named)
    for path in ("pkg/apis/meta/v1/types.go", "pkg/apis/meta/v1/group_version.go"):
        parse("k8s.io/apimachinery/pkg/apis/meta/v1", show(MACHINERY, path), structs, named)
    table = {}
    for package, name in sorted(structs):
        present = fields(package, name, structs, named)
        if present:
            table[definition(package, name)] = present
    OUT.write_text(json.dumps(table, sort_keys=True, indent=0) + "\n")
    print(f"{len(table)} structs -> {OUT}")


if __name__ == "__main__":
    main()
