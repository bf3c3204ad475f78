"""`kubectl wait --for=condition=X|delete|create|jsonpath=...`: runs the cluster's virtual clock one
event at a time until every object meets the condition or --timeout (default 30s) passes."""
import json

from ...api.errors import ApiError, not_found
from .. import durations, printers, targets
from ..errors import CmdError, RawError, render
from ..flags import Flag
from ..printers import jsonpath
from ..printers.name import resource_name
from ..sorting import relaxed
from . import Command

FLAGS = [
    Flag("output", "o"), Flag("template"), Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("show-managed-fields", kind="bool"),
    Flag("filename", "f", "slice"), Flag("kustomize", "k"), Flag("recursive", "R", "bool"),
    Flag("selector", "l"), Flag("field-selector"), Flag("all", kind="bool"), Flag("all-namespaces", "A", "bool"),
    Flag("local", kind="bool"), Flag("timeout", default="30s"), Flag("for"),
]
WEEK = 168 * 3600
CREATE_POLL = 0.5
TIMED_OUT = "timed out waiting for the condition"
JSONPATH_FORMAT = ("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or "
                   "--for=jsonpath='{.status.readyReplicas}'")


class Timeout(CmdError):
    """errWaitTimeoutWithName: `timed out waiting for the condition on pods/x`."""


def timeout_flag(ctx):
    """--timeout as pflag's DurationVar reads it; a negative one waits for a week."""
    text = ctx.opts["timeout"]
    try:
        value = durations.seconds(text)
    except ValueError as e:
        raise RawError(f'Error: invalid argument "{text}" for "--timeout" flag: {e}\n'
                       f"See '{ctx.path} --help' for usage.")
    return WEEK if value < 0 else value


def split_jsonpath_input(text):
    """splitJSONPathInput: split on a single `=`; `==` stays in the expression."""
    out, element, i = [], "", 0
    while i < len(text):
        if text[i] == "=":
            if i < len(text) - 1 and text[i + 1] == "=":
                element += "=="
                i += 2
                continue
            out.append(element)
            element = ""
        else:
            element += text[i]
        i += 1
    return out + [element]


class Condition:
    """conditionFuncFor: what --for asks of each object (`check` says whether an object meets it)."""

    def __init__(self, text):
        lowered = text.lower()
        self.kind = lowered if lowered in ("delete", "create") else None
        if self.kind:
            return
        if text.startswith("condition="):
            self.kind = "condition"
            name, eq, value = text[len("condition="):].partition("=")
            self.name, self.value = name, value if eq else "true"
            return
        if text.startswith("jsonpath="):
            self.kind = "jsonpath"
            self._parse_jsonpath(text[len("jsonpath="):])
            return
        raise CmdError(f"unrecognized condition: {json.dumps(text)}")

    def _parse_jsonpath(self, text):
        parts = split_jsonpath_input(text)
        if len(parts) > 2:
            raise CmdError(JSONPATH_FORMAT)
        if not parts[0]:
            raise CmdError("jsonpath expression cannot be empty")
        expression = relaxed(parts[0])
        self.value = None
        if len(parts) == 2:
            self.value = parts[1].strip("'\"")
            if not self.value:
                raise CmdError("jsonpath wait has to have a value after equal sign, like "
                               "--for=jsonpath='{.status.readyReplicas}'=3")
        try:
            self.nodes = [n for n in jsonpath.parse(expression)]
        except jsonpath.JSONPathError as e:
            raise CmdError(str(e))

    def check(self, obj):
        if self.kind == "condition":
            return self._check_condition(obj)
        return self._check_jsonpath(obj)

    def _check_condition(self, obj):
        status = obj.get("status") if isinstance(obj.get("status"), dict) else {}
        for condition in status.get("conditions") or []:
            if not isinstance(condition, dict) or str(condition.get("type", "")).lower() != self.name.lower():
                continue
            if not isinstance(condition.get("status"), str):
                continue
            generation = (obj.get("metadata") or {}).get("generation")
            observed = condition.get("observedGeneration", status.get("observedGeneration"))
            if isinstance(generation, int) and isinstance(observed, int) and observed < generation:
                return False
            return condition["status"].lower() == self.value.lower()
        return False

    def _check_jsonpath(self, obj):
        results = [jsonpath.evaluate(node[1], obj, obj) for node in self.nodes if node[0] == "path"]
        if not results or not results[0]:
            return False
        if len(results) > 1:
            raise CmdError("given jsonpath expression matches more than one list")
        if len(results[0]) > 1:
            raise CmdError("given jsonpath expression matches more than one value")
        if self.value is None:
            return True
        found = results[0][0]
        if isinstance(found, (dict, list)):
            raise CmdError("jsonpath leads to a nested object or list which is not supported")
        return jsonpath._text(found).strip() == self.value.strip()


def plural_name(target):
    return f"{target.resource.plural}/{target.name}"


def get(ctx, target):
    return ctx.api.get(target.resource, target.name, namespace=target.namespace)


def wait_deleted(ctx, target, timeout, deadline):
    try:
        obj = get(ctx, target)
    except ApiError as e:
        if e.code == 404:
            return target.obj
        raise
    if timeout == 0:
        raise CmdError(f"condition not met for {plural_name(target)}")
    uid = obj["metadata"].get("uid")

    def deleted():
        try:
            return get(ctx, target)["metadata"].get("uid") != uid
        except ApiError as e:
            if e.code == 404:
                return True
            raise

    if ctx.clock.now >= deadline or not ctx.clock.run_until(deleted, deadline - ctx.clock.now):
        raise Timeout(f"{TIMED_OUT} on {plural_name(target)}")
    return obj


def wait_condition(ctx, target, condition, timeout, deadline):
    """getObjAndCheckCondition: one look with --timeout=0, else watch until met, gone or too late."""
    if timeout == 0:
        obj = get(ctx, target)
        if not condition.check(obj):
            raise CmdError(f"condition not met for {plural_name(target)}")
        return obj
    if ctx.clock.now >= deadline:
        raise Timeout(f"{TIMED_OUT} on {plural_name(target)}")
    seen = {}

    def met():
        try:
            seen["obj"] = get(ctx, target)
        except ApiError as e:
            if e.code == 404:  # the watch's precondition: a vanished object ends the wait
                raise not_found(target.resource, target.name)
            raise
        return condition.check(seen["obj"])

    if not ctx.clock.run_until(met, deadline - ctx.clock.now):
        raise Timeout(f"{TIMED_OUT} on {plural_name(target)}")
    return seen["obj"]


def wait_created(ctx, find, timeout):
    """--for=create: look for the objects every half second until none is NotFound."""
    end = ctx.clock.now + timeout

    def missing():
        _, errs = find()
        for e in errs:
            if not (isinstance(e, ApiError) and e.code == 404):
                raise e
        return bool(errs)

    while missing():
        if ctx.clock.now + CREATE_POLL > end:
            raise CmdError(TIMED_OUT)
        ctx.clock.run_until_time(ctx.clock.now + CREATE_POLL)


def run(ctx):
    opts = ctx.opts
    timeout = timeout_flag(ctx)  # (pflag fails on it before the command runs)
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    condition = Condition(opts["for"])
    deadline = ctx.clock.now + timeout

    def find():
        return targets.find(ctx, ctx.args, opts["filename"], opts["recursive"], opts["selector"], opts["all"],
                            opts["all-namespaces"], field_selector=opts["field-selector"])

    if condition.kind == "create":
        wait_created(ctx, find, timeout)
    found, errs = find()
    if condition.kind == "delete":
        errs = [e for e in errs if not (isinstance(e, ApiError) and e.code == 404)]
    for target in found:
        try:
            if condition.kind == "delete":
                obj = wait_deleted(ctx, target, timeout, deadline)
            elif condition.kind == "create":
                obj = target.obj
            else:
                obj = wait_condition(ctx, target, condition, timeout, deadline)
        except (CmdError, ApiError) as e:
            errs.append(e)
            continue
        ctx.io.write(output.render(obj) if output.kind else f"{resource_name(obj, target.resource)} condition met\n")
    if errs:
        ctx.io.error(render(errs))
        return 1
    if not found and condition.kind != "delete":
        raise CmdError("no matching resources found")
    return 0


COMMAND = Command("wait", run, FLAGS)
