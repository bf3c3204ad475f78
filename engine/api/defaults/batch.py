"""Defaults of batch/v1 kinds: Job and CronJob (pkg/apis/batch/v1/defaults.go, v1.32 feature gates)."""
from .core import pod_template, template_metadata

MAX_INT32 = 2 ** 31 - 1


def job_spec(spec):
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = 1
    if spec.get("parallelism") is None:
        spec["parallelism"] = 1
    if spec.get("backoffLimit") is None:
        spec["backoffLimit"] = MAX_INT32 if spec.get("backoffLimitPerIndex") is not None else 6
    if not spec.get("completionMode"):
        spec["completionMode"] = "NonIndexed"
    if spec.get("suspend") is None:
        spec["suspend"] = False
    failure_policy = spec.get("podFailurePolicy")
    if isinstance(failure_policy, dict):
        for rule in failure_policy.get("rules") or []:
            for condition in (rule or {}).get("onPodConditions") or []:
                if isinstance(condition, dict) and not condition.get("status"):
                    condition["status"] = "True"
    if spec.get("podReplacementPolicy") is None:  # JobPodReplacementPolicy: beta, on in 1.32
        spec["podReplacementPolicy"] = "Failed" if failure_policy is not None else "TerminatingOrFailed"
    pod_template(spec.get("template"))


def job(obj):
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        spec = obj["spec"] = {}
    job_spec(spec)
    labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
    if labels is not None and not obj["metadata"].get("labels"):
        obj["metadata"]["labels"] = dict(labels)


def cron_job(obj):
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        spec = obj["spec"] = {}
    if not spec.get("concurrencyPolicy"):
        spec["concurrencyPolicy"] = "Allow"
    if spec.get("suspend") is None:
        spec["suspend"] = False
    if spec.get("successfulJobsHistoryLimit") is None:
        spec["successfulJobsHistoryLimit"] = 3
    if spec.get("failedJobsHistoryLimit") is None:
        spec["failedJobsHistoryLimit"] = 1
    template = spec.get("jobTemplate")
    if isinstance(template, dict):
        template_metadata(template)
        job_spec_ = template.get("spec")
        if not isinstance(job_spec_, dict):
            job_spec_ = template["spec"] = {}
        # the job template is defaulted only as far as its pod template; Job defaults apply when jobs are made
        pod_template(job_spec_.get("template"))


KINDS = {"Job": job, "CronJob": cron_job}


def generate_job_selector(obj):
    """The Job strategy's selector for jobs without manualSelector: pods carry the job's uid and name
    (new and legacy label keys) and the selector matches the uid. Needs metadata.uid to be set."""
    meta, spec = obj["metadata"], obj.get("spec")
    if not isinstance(spec, dict) or spec.get("manualSelector") or not isinstance(spec.get("template"), dict):
        return
    template_meta = spec["template"].setdefault("metadata", {})
    labels = template_meta.get("labels")
    if not isinstance(labels, dict):
        labels = template_meta["labels"] = {}
    for key in ("job-name", "batch.kubernetes.io/job-name"):
        labels.setdefault(key, meta.get("name", ""))
    for key in ("controller-uid", "batch.kubernetes.io/controller-uid"):
        labels.setdefault(key, meta["uid"])
    selector = spec.get("selector")
    if not isinstance(selector, dict):
        selector = spec["selector"] = {}
    match = selector.get("matchLabels")
    if not isinstance(match, dict):
        match = selector["matchLabels"] = {}
    match.setdefault("batch.kubernetes.io/controller-uid", meta["uid"])
    # defaulting runs again when the job is read back, copying the template labels to an unlabelled job
    if not meta.get("labels"):
        meta["labels"] = dict(labels)
