"""`kubectl set image|env|resources|selector|serviceaccount`: change the pod template (or a
Service's selector) and send the strategic merge patch of the change, as set.CalculatePatches does;
prints `deployment.apps/nginx image updated`, or the object with -o / --local."""
import base64
import copy
import json
import math
import re

from ...api import quantity, selectors
from ...api.errors import ApiError
from ...api.patch import STRATEGIC_MERGE_PATCH, create_two_way_merge_patch
from .. import builder, printers, record, targets
from ..errors import CmdError, RawError, render
from ..flags import Flag, FlagSet
from ..kubectl import help_text
from . import Command
from .annotate import parse_pairs
from .label import resources_and_pairs

LOCAL_RESOURCE_ERROR = ("error: you must specify resources by --filename when --local is set.\n"
                        "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'")
ENV_NAME = re.compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*")
ENV_NAME_MSG = ("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', "
                "and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used "
                "for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")
TEMPLATE_KINDS = ("ReplicationController", "Deployment", "DaemonSet", "ReplicaSet", "StatefulSet", "Job")


def common_flags(extra=()):
    return [Flag("filename", "f", "slice"), Flag("recursive", "R", "bool"), Flag("kustomize", "k"),
            Flag("all", kind="bool"), Flag("selector", "l"), Flag("local", kind="bool"),
            Flag("dry-run", default="none", no_opt_default="unchanged"), Flag("output", "o"),
            Flag("allow-missing-template-keys", kind="bool", default=True), Flag("show-managed-fields", kind="bool"),
            Flag("template"), Flag("record", kind="bool"), Flag("field-manager", default="kubectl-set")] + list(extra)


def pod_spec(obj, resource):
    """UpdatePodSpecForObject: where a kind keeps its pod spec."""
    kind = obj.get("kind")
    if kind == "Pod":
        return obj.setdefault("spec", {})
    if kind in TEMPLATE_KINDS:
        return obj.setdefault("spec", {}).setdefault("template", {}).setdefault("spec", {})
    if kind == "CronJob":
        job = obj.setdefault("spec", {}).setdefault("jobTemplate", {}).setdefault("spec", {})
        return job.setdefault("template", {}).setdefault("spec", {})
    raise CmdError(f"the object is not a pod or does not have a pod template: *{resource.version}.{resource.kind}")


def typed(obj):
    """What a typed Go round trip adds to a file's object before it is printed (empty structs)."""
    obj = copy.deepcopy(obj)
    obj.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    kind, spec = obj.get("kind"), obj.get("spec")
    if kind in ("Deployment", "Pod", "ReplicaSet") and isinstance(spec, dict):
        if kind == "Deployment":
            spec.setdefault("strategy", {})
        if kind == "Pod":
            pod = spec
        else:
            template = spec.setdefault("template", {})
            template.setdefault("metadata", {}).setdefault("creationTimestamp", None)
            pod = template.get("spec") or {}
        for c in pod.get("containers") or []:
            c.setdefault("resources", {})
        obj.setdefault("status", {})
    return obj


class SetRun:
    """One `set` run: find the objects, change each copy, patch what changed, print."""

    def __init__(self, ctx, resources, operation, failure, command=None):
        self.ctx, self.resources, self.operation, self.failure = ctx, resources, operation, failure
        opts = ctx.opts
        if command is not None:
            record.warn(ctx)
        self.stamp = record.recorder(ctx, FlagSet(command.flags)) if command else (lambda obj: None)
        self.dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
        self.output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
        self.local = opts["local"]
        self.problems = []

    def validate_local(self):
        if self.local and self.dry_run == "server":
            raise CmdError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")

    def find(self, selector=True):
        opts = self.ctx.opts
        if self.local and self.resources:
            raise RawError(LOCAL_RESOURCE_ERROR)
        found, errs = targets.find(self.ctx, self.resources, opts["filename"], opts["recursive"],
                                   opts["selector"] if selector else "", opts["all"], local=self.local)
        if errs:
            raise errs[0] if len(errs) == 1 else RawError(render(errs).rstrip("\n"))
        return found

    def apply(self, found, change):
        """change(target, copy) edits the copy (CmdError: that object's error)."""
        for target in found:
            modified = copy.deepcopy(target.obj)
            try:
                change(target, modified)
                self.stamp(modified)
            except CmdError as e:
                self.problems.append(RawError(f"error: {target.kind_name()} {e}\n"))
                continue
            patch = create_two_way_merge_patch(target.obj, modified, target.resource)
            if not patch:
                continue
            if self.local or self.dry_run == "client":
                self.show(target, typed(modified) if self.local else modified)
                continue
            try:
                actual = self.ctx.api.patch(target.resource, target.name, patch, STRATEGIC_MERGE_PATCH,
                                            namespace=target.namespace, dry_run=self.dry_run == "server")
            except ApiError as e:
                self.problems.append(CmdError(f"{self.failure}{e.message}"))
                continue
            self.show(target, actual)
        return self.finish()

    def show(self, target, obj):
        if self.output.kind:
            self.ctx.io.write(self.output.render(obj, lambda o: target.resource))
        else:
            self.ctx.io.write(f"{target.kind_name()} {self.operation}{builder.DRY_RUN_SUFFIX[self.dry_run]}\n")

    def finish(self):
        if self.problems:
            self.ctx.io.error(render(self.problems))
            return 1
        return 0


def aggregate(errors):
    """utilerrors.NewAggregate as checkErr prints it: one error plainly, several one per line."""
    if len(errors) == 1:
        raise CmdError(errors[0])
    raise RawError("\n".join(errors))


# ---- image
def run_image(ctx):
    opts = ctx.opts
    resources, pairs = resources_and_pairs(ctx.args, "image")
    images, _ = parse_pairs(pairs, "image", support_remove=False)
    run = SetRun(ctx, resources, "image updated", "failed to patch image update to pod template: ", IMAGE)
    found = run.find()
    errors = []
    if opts["all"] and opts["selector"]:
        errors.append("cannot set --all and --selector at the same time")
    if not resources and not opts["filename"]:
        errors.append("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if not images:
        errors.append("at least one image update is required")
    elif len(images) > 1 and "*" in images:
        errors.append("all containers are already specified by *, but saw more than one "
                      "container_name=container_image pairs")
    if run.local and run.dry_run == "server":
        errors.append("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    if errors:
        aggregate(errors)

    def change(target, obj):
        spec = pod_spec(obj, target.resource)
        for name, image in images.items():
            found_init = set_image(spec.get("initContainers") or [], name, image)
            found_main = set_image(spec.get("containers") or [], name, image)
            if not found_init and not found_main:
                run.problems.append(CmdError(f'error: unable to find container named "{name}"'))

    return run.apply(found, change)


def set_image(containers, name, image):
    hit = False
    for c in containers:
        if c.get("name") == name or name == "*":
            c["image"] = image
            hit = True
    return hit


# ---- env
def split_env(args):
    """SplitEnvironmentFromResources: resources first, then NAME=VALUE / NAME- arguments."""
    resources, env = [], []
    for arg in args:
        is_env = re.fullmatch(r"(?s).+=.*", arg) is not None or arg.endswith("-")
        if is_env:
            env.append(arg)
        elif env:
            raise CmdError("all resources must be specified before environment changes: " + " ".join(args))
        else:
            resources.append(arg)
    return resources, env


def parse_env(specs, stdin):
    env, remove = [], []
    for spec in specs:
        if spec == "-":
            if stdin is None:
                raise CmdError("when '-' is used, STDIN must be open")
            env.extend(read_env(stdin))
        elif "=" in spec:
            name, _, value = spec.partition("=")
            problems = env_name_errors(name)
            if problems:
                raise CmdError(f'"{name}" is not a valid key name: {";".join(problems)}')
            env.append({"name": name, "value": value})
        elif spec.endswith("-"):
            remove.append(spec[:-1])
        else:
            raise CmdError(f"unknown environment variable: {spec}")
    if any(e["name"] in remove for e in env):
        raise CmdError("can not both modify and remove the same environment variable in the same command")
    return env, remove


def env_name_errors(name):
    errs = [] if ENV_NAME.fullmatch(name) else [ENV_NAME_MSG]
    if name == ".":
        errs.append("must not be '.'")
    elif name == "..":
        errs.append("must not be '..'")
    elif name.startswith(".."):
        errs.append("must not start with '..'")
    return errs


def read_env(text):
    env = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if "=" not in line:
            raise CmdError(f"invalid environment variable: {line}")
        name, _, value = line.partition("=")
        env.append({"name": name, "value": value})
    return env


def select_string(name, spec):
    """selectString: `*` wildcards, matched non-greedily from the left."""
    if spec == "*":
        return True
    if "*" not in spec:
        return name == spec
    return re.fullmatch(".*?".join(re.escape(p) for p in spec.split("*")), name) is not None


def update_env(existing, env, remove):
    out, covered = [], set(remove)
    by_name = {e["name"]: e for e in env}
    for e in existing:
        if e["name"] in covered:
            continue
        if e["name"] in by_name:
            covered.add(e["name"])
            out.append(by_name[e["name"]])
            continue
        out.append(e)
    for e in env:
        if e["name"] not in covered:
            covered.add(e["name"])
            out.append(e)
    return out


def env_from(ctx, run, keys):
    """--from=configmap/NAME or secret/NAME: a valueFrom reference per key (sorted: Go map order)."""
    opts = ctx.opts
    if run.local:
        sources = targets.find(ctx, [], opts["filename"], opts["recursive"], local=True)[0]
    else:
        sources, errs = targets.find(ctx, [opts["from"]], select_all=opts["all"],
                                     selector=opts["selector"])
        if errs:
            raise errs[0]
    env = []
    for source in sources:
        kind = source.obj.get("kind")
        if kind not in ("ConfigMap", "Secret"):
            raise CmdError("unsupported resource specified in --from")
        ref = "configMapKeyRef" if kind == "ConfigMap" else "secretKeyRef"
        for key in sorted(source.obj.get("data") or {}):
            if keys and key not in keys:
                continue
            name = re.sub(r"[^a-zA-Z0-9_]", "_", key).upper()
            if name != key:
                ctx.io.error(f"Warning: key {key} transferred to {name}\n")
            env.append({"name": name, "valueFrom": {ref: {"key": key, "name": source.name}}})
    return env


def ref_string(source):
    if source.get("configMapKeyRef"):
        return f"configmap {source['configMapKeyRef'].get('name', '')}, key {source['configMapKeyRef'].get('key', '')}"
    if source.get("secretKeyRef"):
        return f"secret {source['secretKeyRef'].get('name', '')}, key {source['secretKeyRef'].get('key', '')}"
    if source.get("fieldRef"):
        return f"field path {source['fieldRef'].get('fieldPath', '')}"
    if source.get("resourceFieldRef"):
        ref = source["resourceFieldRef"]
        prefix = f"{ref['containerName']}/" if ref.get("containerName") else ""
        return f"resource field {prefix}{ref.get('resource', '')}"
    return ""


def run_env(ctx):
    opts = ctx.opts
    if opts["all"] and opts["selector"]:
        raise CmdError("cannot set --all and --selector at the same time")
    resources, env_args = split_env(ctx.args)
    run = SetRun(ctx, resources, "env updated", "failed to patch env update to pod template: ")
    run.validate_local()
    if not opts["filename"] and not resources:
        raise CmdError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if opts["list"] and opts["output"]:
        raise CmdError("--list and --output may not be specified together")
    if opts["keys"] and not opts["from"]:
        raise CmdError("when specifying --keys, a configmap or secret must be provided with --from")
    env, remove = parse_env(opts["env"] + env_args, ctx.io.stdin)
    if opts["from"]:
        env += env_from(ctx, run, opts["keys"])
    for e in env:
        e["name"] = opts["prefix"] + e["name"]
    found = run.find()

    def change(target, obj):
        spec = pod_spec(obj, target.resource)
        chosen = [c for c in (spec.get("containers") or []) + (spec.get("initContainers") or [])
                  if select_string(c.get("name", ""), opts["containers"])]
        if not chosen:
            ctx.io.error(f'Warning: {obj["kind"]}/{target.name} does not have any containers matching '
                         f'"{opts["containers"]}"\n')
            return
        for c in chosen:
            if not opts["overwrite"]:
                current = {e["name"]: e for e in c.get("env") or []}
                for e in env:
                    old = current.get(e["name"])
                    if old is not None and old.get("value", "") != e.get("value", ""):
                        raise CmdError(f"'{old['name']}' already has a value ({old.get('value', '')}), "
                                       "and --overwrite is false")
            c["env"] = update_env(c.get("env") or [], env, remove)
            if not c["env"]:
                del c["env"]
            if opts["list"]:
                list_env(ctx, obj, c, opts["resolve"])

    if opts["list"]:
        for target in found:
            try:
                change(target, copy.deepcopy(target.obj))
            except CmdError as e:
                run.problems.append(RawError(f"error: {target.kind_name()} {e}\n"))
        return run.finish()
    return run.apply(found, change)


def list_env(ctx, obj, container, resolve):
    """--list: the container's variables; with --resolve the referenced values, and an error line
    per failing reference (sorted, as kubectl sorts them)."""
    ctx.io.write(f"# {obj['kind']} {obj['metadata']['name']}, container {container.get('name', '')}\n")
    failures, cache = {}, {}
    for e in container.get("env") or []:
        source = e.get("valueFrom")
        if not source:
            ctx.io.write(f"{e['name']}={e.get('value', '')}\n")
            continue
        if resolve:
            try:
                ctx.io.write(f"{e['name']}={ref_value(ctx, source, obj, container, cache)}\n")
                continue
            except (CmdError, ApiError) as err:
                failures.setdefault(err.message if isinstance(err, ApiError) else str(err), []).append(e["name"])
        ctx.io.write(f"# {e['name']} from {ref_string(source)}\n")
    for line in sorted(f"error retrieving reference for {', '.join(sorted(names))}: {err}"
                       for err, names in failures.items()):
        ctx.io.error(line + "\n")


def ref_value(ctx, source, obj, container, cache):
    """GetEnvVarRefValue: a config map or secret key, a field of the object, a container resource."""
    namespace = obj["metadata"].get("namespace") or ctx.namespace
    for ref_key, plural, noun in (("secretKeyRef", "secrets", "secret"), ("configMapKeyRef", "configmaps", "config map")):
        ref = source.get(ref_key)
        if ref:
            if (plural, ref.get("name")) not in cache:
                cache[(plural, ref.get("name"))] = ctx.api.get(plural, ref.get("name", ""), namespace=namespace)
            data = cache[(plural, ref.get("name"))].get("data") or {}
            if ref.get("key") not in data:
                raise CmdError(f"key {ref.get('key')} not found in {noun} {ref.get('name')}")
            value = data[ref["key"]]
            return base64.b64decode(value).decode("utf-8", "replace") if plural == "secrets" else value
    if source.get("fieldRef"):
        return field_value(obj["metadata"], source["fieldRef"].get("fieldPath", ""))
    if source.get("resourceFieldRef"):
        return resource_value(source["resourceFieldRef"], container)
    raise CmdError("invalid valueFrom")


def field_value(meta, path):
    """extractFieldPathAsString for the metadata fields a pod template can reference."""
    simple = {"metadata.name": "name", "metadata.namespace": "namespace", "metadata.uid": "uid"}
    if path in simple:
        return meta.get(simple[path], "")
    match = re.fullmatch(r"(metadata\.(?:labels|annotations))\['(.+)'\]", path)
    if match:
        return (meta.get(match.group(1).split(".")[1]) or {}).get(match.group(2), "")
    if path in ("metadata.labels", "metadata.annotations"):
        values = meta.get(path.split(".")[1]) or {}
        return "\n".join(f"{k}={json.dumps(values[k])}" for k in sorted(values))
    raise CmdError(f"unsupported fieldPath: {path}")


def resource_value(ref, container):
    """extractContainerResourceValue for cpu (in cores, rounded up) and memory (in bytes)."""
    kind, _, name = ref.get("resource", "").partition(".")
    if kind not in ("limits", "requests") or name not in ("cpu", "memory", "ephemeral-storage"):
        raise CmdError(f"Unsupported container resource : {ref.get('resource', '')}")
    amount = quantity.parse(((container.get("resources") or {}).get(kind) or {}).get(name, "0"))
    divisor = quantity.parse(ref.get("divisor") or "1")
    if divisor.value == 0:
        divisor = quantity.parse("1")
    if name == "cpu":
        return str(-(-amount.milli_value() // divisor.milli_value()))
    return str(math.ceil(amount.value / divisor.value))


# ---- resources
def resource_list(text):
    """populateResourceListV1: `cpu=100m,memory=64Mi`, quantities canonical as Go prints them."""
    if not text:
        return {}
    out = {}
    for statement in text.split(","):
        parts = statement.split("=")
        if len(parts) != 2:
            raise CmdError(f"Invalid argument syntax {statement}, expected <resource>=<value>")
        try:
            out[parts[0]] = quantity.canonical(quantity.parse(parts[1]))
        except quantity.QuantityError as e:
            raise CmdError(str(e))
    return out


def run_resources(ctx):
    opts = ctx.opts
    run = SetRun(ctx, ctx.args, "resource requirements updated", "failed to patch resources update to pod template ",
                 RESOURCES)
    found = run.find()
    run.validate_local()
    if opts["all"] and opts["selector"]:
        raise CmdError("cannot set --all and --selector at the same time")
    if not opts["limits"] and not opts["requests"]:
        raise CmdError("you must specify an update to requests or limits (in the form of --requests/--limits)")
    limits, requests = resource_list(opts["limits"]), resource_list(opts["requests"])

    def change(target, obj):
        spec = pod_spec(obj, target.resource)
        chosen = [c for c in (spec.get("containers") or []) + (spec.get("initContainers") or [])
                  if select_string(c.get("name", ""), opts["containers"])]
        if not chosen:
            run.problems.append(CmdError(f"error: unable to find container named {opts['containers']}"))
        for c in chosen:
            res = c.setdefault("resources", {})
            if limits:
                res["limits"] = dict(res.get("limits") or {}, **limits)
            if requests:
                res["requests"] = dict(res.get("requests") or {}, **requests)

    return run.apply(found, change)


# ---- selector
def parse_selector(text):
    """metav1.ParseToLabelSelector: equalities become matchLabels, the rest matchExpressions
    (kept as Go's %v prints them, `{tier In [a b]}`, for the error that refuses them)."""
    try:
        reqs = selectors.parse_label_selector(text)
    except selectors.SelectorError as e:
        raise CmdError(f'couldn\'t parse the selector string "{text}": {e}')
    labels, expressions = {}, []
    operators = {"in": "In", "notin": "NotIn", "exists": "Exists", "!": "DoesNotExist"}
    for key, op, values in reqs:
        if op == "=":
            labels[key] = values[0]
        elif op in operators:
            expressions.append(f"{{{key} {operators[op]} [{' '.join(sorted(values))}]}}")
        else:
            raise CmdError(f'"{op}" is not a valid label selector operator')
    return labels, expressions


def run_selector(ctx):
    """set selector visits objects one by one and stops at the first error (no patch skipping)."""
    if not ctx.args:
        raise CmdError("one selector is required")
    resources, text = ctx.args[:-1], ctx.args[-1]
    labels, expressions = parse_selector(text)
    version = ctx.opts["resource-version"]
    run = SetRun(ctx, resources, "selector updated", "", SELECTOR)
    run.validate_local()
    for target in run.find(selector=False):
        original = copy.deepcopy(target.obj)
        if version:
            original["metadata"].pop("resourceVersion", None)
        obj = copy.deepcopy(original)
        if version:
            obj["metadata"]["resourceVersion"] = version
        if obj.get("kind") != "Service":
            raise CmdError("setting a selector is only supported for Services")
        if expressions:
            raise CmdError(f"match expression [{' '.join(expressions)}] not supported on this object")
        obj.setdefault("spec", {})["selector"] = dict(labels)
        run.stamp(obj)
        if run.local or run.dry_run == "client":
            run.show(target, obj)
            continue
        patch = create_two_way_merge_patch(original, obj, target.resource)
        run.show(target, ctx.api.patch(target.resource, target.name, patch, STRATEGIC_MERGE_PATCH,
                                       namespace=target.namespace, dry_run=run.dry_run == "server"))
    return 0


# ---- serviceaccount
def run_serviceaccount(ctx):
    if not ctx.args:
        raise CmdError("serviceaccount is required")
    name, resources = ctx.args[-1], ctx.args[:-1]
    run = SetRun(ctx, resources, "serviceaccount updated", "failed to patch ServiceAccountName ", SERVICEACCOUNT)
    run.validate_local()
    found = run.find(selector=False)

    def change(target, obj):
        pod_spec(obj, target.resource)["serviceAccountName"] = name

    return run.apply(found, change)


def run_set(ctx):
    if not ctx.args:
        ctx.io.write(help_text("kubectl set"))
        return 0
    ctx.io.error(f'error: unknown command "{ctx.args[0]}"\nSee \'kubectl set -h\' for help and examples\n')
    return 1


IMAGE = Command("image", run_image, common_flags())
ENV = Command("env", run_env, common_flags([
    Flag("containers", "c", default="*"), Flag("from"), Flag("prefix"), Flag("env", "e", "array"),
    Flag("keys", kind="slice"), Flag("list", kind="bool"), Flag("resolve", kind="bool"),
    Flag("overwrite", kind="bool", default=True)]))
RESOURCES = Command("resources", run_resources, common_flags([
    Flag("containers", "c", default="*"), Flag("limits"), Flag("requests")]))
SELECTOR = Command("selector", run_selector, common_flags([Flag("resource-version")]))
SERVICEACCOUNT = Command("serviceaccount", run_serviceaccount, common_flags())
COMMAND = Command("set", run_set, [], subcommands={
    "image": IMAGE, "env": ENV, "resources": RESOURCES, "selector": SELECTOR,
    "serviceaccount": SERVICEACCOUNT, "sa": SERVICEACCOUNT})
