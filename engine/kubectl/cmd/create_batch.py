"""`kubectl create job` (from an image and command, or `--from=cronjob/NAME` read from the
cluster, marked `cronjob.kubernetes.io/instantiate: manual` and owned by the CronJob) and
`kubectl create cronjob`."""
import copy

from ..errors import CmdError
from ..flags import Flag
from .. import targets
from . import Command
from .create import common_flags, create_generated, exactly_one_name
from .create_common import complete, metadata, missing_flags, required_flags_error


def _command(ctx):
    return ctx.args[ctx.dash_at:] if ctx.dash_at is not None else ctx.args[1:]


def _pod_template(name, image, command, restart):
    container = {"name": name, "image": image}
    if command:
        container["command"] = list(command)
    container["resources"] = {}
    return {"metadata": {"creationTimestamp": None},
            "spec": {"containers": [container], "restartPolicy": restart}}


def run_job(ctx):
    opts = ctx.opts
    name = exactly_one_name(ctx)
    command = _command(ctx)
    complete(ctx)
    if bool(opts["image"]) == bool(opts["from"]):
        raise CmdError("either --image or --from must be specified")
    if command and opts["from"]:
        raise CmdError("cannot specify --from and command")
    if opts["image"]:
        obj = {"kind": "Job", "apiVersion": "batch/v1", "metadata": metadata(ctx, name),
               "spec": {"template": _pod_template(name, opts["image"], command, "Never")}, "status": {}}
    else:
        obj = job_from_cronjob(ctx, name, _find_one(ctx, opts["from"]))
    return create_generated(ctx, "jobs.batch", obj, failure="failed to create job")


def _find_one(ctx, ref):
    """The builder's single lookup of `--from` (the first error wins: no ContinueOnError)."""
    found, errs = targets.find(ctx, [ref])
    if errs:
        raise errs[0]
    if len(found) != 1:
        raise CmdError("from must be an existing cronjob")
    target = found[0]
    if target.resource.kind != "CronJob" or target.resource.group != "batch":
        version = target.obj.get("apiVersion", "v1").split("/")[-1]
        raise CmdError(f"unknown object type *{version}.{target.resource.kind}")
    return target.obj


# Go's field order of the typed JobSpec, PodSpec and Container (the CronJob read back from the
# server comes as a map; kubectl prints the Job it builds from it as a typed object).
JOB_SPEC_ORDER = ("parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy", "successPolicy",
                  "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "selector", "manualSelector",
                  "template", "ttlSecondsAfterFinished", "completionMode", "suspend", "podReplacementPolicy",
                  "managedBy")
POD_SPEC_ORDER = ("volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy",
                  "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector",
                  "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeName", "hostNetwork",
                  "hostPID", "hostIPC", "shareProcessNamespace", "securityContext", "imagePullSecrets", "hostname",
                  "subdomain", "affinity", "schedulerName", "tolerations", "hostAliases", "priorityClassName",
                  "priority", "dnsConfig", "readinessGates", "runtimeClassName", "enableServiceLinks",
                  "preemptionPolicy", "overhead", "topologySpreadConstraints", "setHostnameAsFQDN", "os",
                  "hostUsers", "schedulingGates", "resourceClaims", "resources")
CONTAINER_ORDER = ("name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources",
                   "resizePolicy", "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe",
                   "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath",
                   "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty")


def _ordered(obj, order):
    if not isinstance(obj, dict):
        return obj
    rank = {key: i for i, key in enumerate(order)}
    return dict(sorted(obj.items(), key=lambda item: rank.get(item[0], len(rank))))


def _typed_job_spec(spec):
    """The job template's spec with JobSpec's, PodSpec's and Container's fields in Go's order."""
    spec = _ordered(spec, JOB_SPEC_ORDER)
    template = spec.get("template")
    if isinstance(template, dict):
        template = _ordered(template, ("metadata", "spec"))
        pod = _ordered(template.get("spec"), POD_SPEC_ORDER)
        if isinstance(pod, dict):
            for key in ("initContainers", "containers"):
                if isinstance(pod.get(key), list):
                    pod[key] = [_ordered(c, CONTAINER_ORDER) for c in pod[key]]
            template["spec"] = pod
        spec["template"] = template
    return spec


def job_from_cronjob(ctx, name, cronjob):
    """createJobFromCronJob: the job template's spec, labels and annotations, owned by the CronJob."""
    template = (cronjob.get("spec") or {}).get("jobTemplate") or {}
    template_meta = template.get("metadata") or {}
    annotations = {"cronjob.kubernetes.io/instantiate": "manual", **(template_meta.get("annotations") or {})}
    owner = {"apiVersion": "batch/v1", "kind": "CronJob", "name": cronjob["metadata"]["name"],
             "uid": cronjob["metadata"].get("uid", ""), "controller": True}
    spec = _typed_job_spec(copy.deepcopy(template.get("spec") or {}))
    pod_meta = (spec.get("template") or {}).get("metadata")
    if isinstance(pod_meta, dict):
        pod_meta.setdefault("creationTimestamp", None)
    meta = metadata(ctx, name, labels=dict(sorted((template_meta.get("labels") or {}).items())),
                    annotations=dict(sorted(annotations.items())), ownerReferences=[owner])
    return {"kind": "Job", "apiVersion": "batch/v1", "metadata": meta, "spec": spec, "status": {}}


def run_cronjob(ctx):
    opts = ctx.opts
    missing = missing_flags(ctx, ["image", "schedule"])
    if missing:
        return required_flags_error(ctx, missing)
    name = exactly_one_name(ctx)
    command = _command(ctx)
    complete(ctx)
    template = {"metadata": {"name": name, "creationTimestamp": None},
                "spec": {"template": _pod_template(name, opts["image"], command, opts["restart"] or "OnFailure")}}
    obj = {"kind": "CronJob", "apiVersion": "batch/v1", "metadata": metadata(ctx, name),
           "spec": {"schedule": opts["schedule"], "jobTemplate": template}, "status": {}}
    return create_generated(ctx, "cronjobs.batch", obj, failure="failed to create cronjob")


JOB = Command("job", run_job, common_flags() + [Flag("image"), Flag("from")])
CRONJOB = Command("cronjob", run_cronjob, common_flags() + [Flag("image"), Flag("schedule"), Flag("restart")])
