"""Job and CronJob (pkg/apis/batch/validation) including the generated selector of a Job and the
CronJob schedule, whose errors are github.com/robfig/cron/v3's ParseStandard messages."""
import copy
import re
import zoneinfo

from ..errors import FieldError, GoRaw, go_quote
from .. import gofmt
from . import names
from .meta import label_selector, nonnegative, object_meta, object_meta_update, selector_matches, selector_unparsable
from .pod import template_spec

LEGACY_UID, LEGACY_NAME = "controller-uid", "job-name"
UID_LABEL, NAME_LABEL = "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name"
# (min, max, names) of robfig/cron's minute, hour, dom, month, dow bounds.
_MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
_DAYS = {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())}
_BOUNDS = [(0, 59, None), (0, 23, None), (1, 31, None), (1, 12, _MONTHS), (0, 6, _DAYS)]
_DESCRIPTORS = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
_TZ_CHARS = re.compile(r"^[A-Za-z\.\-_0-9+]{1,14}$")


def generate_selector(job):
    """jobStrategy.Validate generates the selector (and the labels it selects) before validating."""
    spec = job.setdefault("spec", {})
    if spec.get("manualSelector"):
        return
    meta = job.get("metadata") or {}
    template = spec.setdefault("template", {})
    tlabels = template.setdefault("metadata", {}).setdefault("labels", {})
    for key in (LEGACY_NAME, NAME_LABEL):
        tlabels.setdefault(key, meta.get("name", ""))
    for key in (LEGACY_UID, UID_LABEL):
        tlabels.setdefault(key, meta.get("uid", ""))
    selector = spec.setdefault("selector", {})
    selector.setdefault("matchLabels", {}).setdefault(UID_LABEL, meta.get("uid", ""))


def _has_label(template_meta, key, expected, path):
    labels = template_meta.get("labels") or {}
    if key not in labels:
        return [FieldError.required(f"{path}.labels[{key}]", f"must be '{expected}'")]
    if labels[key] != expected:
        return [FieldError.invalid(f"{path}.labels[{key}]", gofmt.str_map(labels), f"must be '{expected}'")]
    return []


def _generated_selector(job):
    spec, meta = job.get("spec") or {}, job.get("metadata") or {}
    if spec.get("manualSelector") or spec.get("selector") is None:
        return []
    errs = [] if meta.get("uid") else [FieldError.required("metadata.uid")]
    tmeta = (spec.get("template") or {}).get("metadata") or {}
    uid, name = meta.get("uid", ""), meta.get("name", "")
    for key, expected in ((LEGACY_UID, uid), (LEGACY_NAME, name), (UID_LABEL, uid), (NAME_LABEL, name)):
        errs += _has_label(tmeta, key, expected, "spec.template.metadata")
    expected = {LEGACY_UID: uid, LEGACY_NAME: name, UID_LABEL: uid, NAME_LABEL: name}
    if not selector_matches(spec["selector"], expected):
        errs.append(FieldError.invalid("spec.selector", gofmt.label_selector(spec["selector"]), "`selector` not auto-generated"))
    return errs


def _job_spec_common(spec, path):
    errs = []
    for field in ("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"):
        if spec.get(field) is not None:
            errs += nonnegative(spec[field], f"{path}.{field}")
    mode = spec.get("completionMode", "NonIndexed")
    if mode not in ("NonIndexed", "Indexed"):
        errs.append(FieldError.not_supported(f"{path}.completionMode", mode, ["NonIndexed", "Indexed"]))
    if mode == "Indexed" and spec.get("completions") is None:
        errs.append(FieldError.required(f"{path}.completions", "when completion mode is Indexed"))
    template = spec.get("template")
    errs += template_spec(template, f"{path}.template")
    policy = ((template or {}).get("spec") or {}).get("restartPolicy", "Always")
    rp = f"{path}.template.spec.restartPolicy"
    if policy in ("Always", ""):
        errs.append(FieldError.required(rp, 'valid values: "OnFailure", "Never"'))
    elif policy not in ("OnFailure", "Never"):
        errs.append(FieldError.not_supported(rp, policy, ["OnFailure", "Never"]))
    elif spec.get("podFailurePolicy") is not None and policy != "Never":
        errs.append(FieldError.invalid(rp, policy, 'only "Never" is supported when podFailurePolicy is specified'))
    return errs


def job_spec(spec, path="spec"):
    errs = _job_spec_common(spec, path)
    sel = spec.get("selector")
    if sel is None:
        errs.append(FieldError.required(f"{path}.selector"))
    else:
        errs += label_selector(sel, f"{path}.selector")
    tlabels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
    if sel is not None and not selector_unparsable(sel) and not selector_matches(sel, tlabels):
        errs.append(FieldError.invalid(f"{path}.template.metadata.labels", gofmt.str_map(tlabels),
                                       "`selector` does not match template `labels`"))
    return errs


def validate_job(obj):
    meta = obj.get("metadata") or {}
    errs = object_meta(meta, True, names.name_is_dns_subdomain)
    errs += _generated_selector(obj)
    spec = obj.get("spec") or {}
    errs += job_spec(spec)
    completions = spec.get("completions")
    if spec.get("completionMode") == "Indexed" and completions and completions > 0:
        hostname = f"{meta.get('name', '')}-{completions - 1}"
        if names.is_dns1123_label(hostname):
            errs.append(FieldError.invalid("metadata.name", meta.get("name", ""),
                                           f"will not able to create pod with invalid DNS label: {hostname}"))
    return errs


def validate_job_update(obj, old):
    errs = object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    spec, old_spec = obj.get("spec") or {}, old.get("spec") or {}
    errs += job_spec(spec)
    errs += _completions_update(spec, old_spec)
    if spec.get("selector") != old_spec.get("selector"):
        errs.append(FieldError.invalid("spec.selector", gofmt.label_selector(spec.get("selector")), "field is immutable"))
    mutable = bool(old_spec.get("suspend")) and not (old.get("status") or {}).get("startTime")
    if _template_for_compare(spec, mutable) != _template_for_compare(old_spec, mutable, spec):
        errs.append(FieldError.invalid("spec.template", GoRaw("core.PodTemplateSpec{...}"), "field is immutable"))
    for field in ("completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"):
        if spec.get(field) != old_spec.get(field):
            errs.append(FieldError.invalid(f"spec.{field}", spec.get(field), "field is immutable"))
    return errs


def _completions_update(spec, old_spec):
    new, old = spec.get("completions"), old_spec.get("completions")
    if new == old:
        return []
    if spec.get("completionMode") != "Indexed":
        return [FieldError.invalid("spec.completions", new, "field is immutable")]
    if new is not None and new != spec.get("parallelism"):
        return [FieldError.invalid("spec.completions", new, "can only be modified in tandem with spec.parallelism")]
    return []


def _template_for_compare(spec, mutable, new_spec=None):
    """A suspended Job that never started may change its scheduling directives, labels and annotations."""
    template = copy.deepcopy(spec.get("template") or {})
    if mutable:
        source = (new_spec or spec).get("template") or {}
        tspec, new_tspec = template.setdefault("spec", {}), source.get("spec") or {}
        for field in ("nodeSelector", "tolerations", "schedulingGates"):
            tspec.pop(field, None)
            if field in new_tspec:
                tspec[field] = new_tspec[field]
        affinity = dict(tspec.get("affinity") or {})
        affinity.pop("nodeAffinity", None)
        if (new_tspec.get("affinity") or {}).get("nodeAffinity") is not None:
            affinity["nodeAffinity"] = new_tspec["affinity"]["nodeAffinity"]
        tspec.pop("affinity", None)
        if affinity:
            tspec["affinity"] = affinity
        meta = template.setdefault("metadata", {})
        for field in ("labels", "annotations"):
            meta.pop(field, None)
            if field in (source.get("metadata") or {}):
                meta[field] = source["metadata"][field]
    return template


def parse_schedule(text):
    """robfig/cron ParseStandard; returns the error message or None."""
    if not text:
        return "empty spec string"
    if text.startswith("TZ=") or text.startswith("CRON_TZ="):
        space = text.find(" ")
        zone = text[text.find("=") + 1:space] if space >= 0 else text[text.find("=") + 1:]
        if _load_location(zone):
            return f"provided bad location {zone}: unknown time zone {zone}"
        text = text[space:].strip() if space >= 0 else ""
    if text.startswith("@"):
        if text in _DESCRIPTORS:
            return None
        if text.startswith("@every "):
            err = _duration_error(text[7:])
            return f"failed to parse duration {text}: {err}" if err else None
        return f"unrecognized descriptor: {text}"
    fields = text.split()
    if len(fields) != 5:
        return f"expected exactly 5 fields, found {len(fields)}: [{' '.join(fields)}]"
    for value, bounds in zip(fields, _BOUNDS):
        for expr in [e for e in value.split(",") if e]:
            err = _range(expr, *bounds)
            if err:
                return err
    return None


def _duration_error(text):
    """time.ParseDuration's error for `text`, or None."""
    quoted = go_quote(text)
    rest = text[1:] if text[:1] in "+-" else text
    if rest == "0":
        return None
    if not rest:
        return f"time: invalid duration {quoted}"
    while rest:
        number = re.match(r"\d*(\.\d*)?", rest).group(0)
        if number in ("", "."):
            return f"time: invalid duration {quoted}"
        rest = rest[len(number):]
        unit = re.match(r"[^\d.]*", rest).group(0)
        if not unit:
            return f"time: missing unit in duration {quoted}"
        if unit not in ("ns", "us", "µs", "μs", "ms", "s", "m", "h"):
            return f"time: unknown unit {go_quote(unit)} in duration {quoted}"
        rest = rest[len(unit):]
    return None


def _parse_int(expr):
    if not re.fullmatch(r"[+-]?\d+", expr):
        return None, f'failed to parse int from {expr}: strconv.Atoi: parsing "{expr}": invalid syntax'
    num = int(expr)
    if num < 0:
        return None, f"negative number ({num}) not allowed: {expr}"
    return num, None


def _range(expr, low, high, names_map):
    range_and_step = expr.split("/")
    low_and_high = range_and_step[0].split("-")
    if low_and_high[0] in ("*", "?"):
        start, end = low, high
    else:
        start, err = _int_or_name(low_and_high[0], names_map)
        if err:
            return err
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end, err = _int_or_name(low_and_high[1], names_map)
            if err:
                return err
        else:
            return f"too many hyphens: {expr}"
    step = 1
    if len(range_and_step) == 2:
        step, err = _parse_int(range_and_step[1])
        if err:
            return err
        if len(low_and_high) == 1:
            end = high
    elif len(range_and_step) > 2:
        return f"too many slashes: {expr}"
    if start < low:
        return f"beginning of range ({start}) below minimum ({low}): {expr}"
    if end > high:
        return f"end of range ({end}) above maximum ({high}): {expr}"
    if start > end:
        return f"beginning of range ({start}) beyond end of range ({end}): {expr}"
    if step == 0:
        return f"step of range should be a positive number: {expr}"
    return None


def _int_or_name(expr, names_map):
    if names_map and expr.lower() in names_map:
        return names_map[expr.lower()], None
    return _parse_int(expr)


def _load_location(zone):
    """time.LoadLocation's error, or None."""
    if zone in ("", "UTC"):
        return None
    try:
        zoneinfo.ZoneInfo(zone)
        return None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return f"unknown time zone {zone}"


def _time_zone(zone, path):
    if zone is None:
        return []
    if zone == "":
        return [FieldError.invalid(path, zone, "timeZone must be nil or non-empty string")]
    for part in zone.split("/"):
        if part in (".", "..") or part.startswith("-") or not _TZ_CHARS.match(part):
            return [FieldError.invalid(path, zone, f"unknown time zone {zone}")]
    errs = []
    if zone.lower() == "local":
        errs.append(FieldError.invalid(path, zone, "timeZone must be an explicit time zone as defined in "
                                       "https://www.iana.org/time-zones"))
    err = _load_location(zone) if zone.lower() != "local" else None
    if err:
        errs.append(FieldError.invalid(path, zone, err))
    return errs


def job_template_spec(template, path):
    spec = (template or {}).get("spec") or {}
    errs = _job_spec_common(spec, f"{path}.spec")
    if spec.get("selector") is not None:
        errs.append(FieldError.invalid(f"{path}.spec.selector", gofmt.label_selector(spec["selector"]),
                                       "`selector` will be auto-generated"))
    if spec.get("manualSelector"):
        errs.append(FieldError.not_supported(f"{path}.spec.manualSelector", True, ["nil", "false"]))
    return errs


def cron_job_spec(spec, old_spec, path="spec"):
    errs = []
    schedule = spec.get("schedule") or ""
    if not schedule:
        errs.append(FieldError.required(f"{path}.schedule"))
    else:
        err = parse_schedule(schedule)
        if err:
            errs.append(FieldError.invalid(f"{path}.schedule", schedule, err))
        allow_tz = old_spec is not None and "TZ" in (old_spec.get("schedule") or "")
        if allow_tz and "TZ" in schedule and spec.get("timeZone") is not None:
            errs.append(FieldError.invalid(f"{path}.schedule", schedule,
                                           "cannot use both timeZone field and TZ or CRON_TZ in schedule"))
        elif not allow_tz and "TZ" in schedule:
            errs.append(FieldError.invalid(f"{path}.schedule", schedule,
                                           "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
    if spec.get("startingDeadlineSeconds") is not None:
        errs += nonnegative(spec["startingDeadlineSeconds"], f"{path}.startingDeadlineSeconds")
    if old_spec is None or old_spec.get("timeZone") != spec.get("timeZone"):
        errs += _time_zone(spec.get("timeZone"), f"{path}.timeZone")
    policy = spec.get("concurrencyPolicy", "Allow")
    if not policy:
        errs.append(FieldError.required(f"{path}.concurrencyPolicy"))
    elif policy not in ("Allow", "Forbid", "Replace"):
        errs.append(FieldError.not_supported(f"{path}.concurrencyPolicy", policy, ["Allow", "Forbid", "Replace"]))
    errs += job_template_spec(spec.get("jobTemplate"), f"{path}.jobTemplate")
    for field in ("successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        if spec.get(field) is not None:
            errs += nonnegative(spec[field], f"{path}.{field}")
    return errs


def validate_cron_job(obj):
    meta = obj.get("metadata") or {}
    errs = object_meta(meta, True, names.name_is_dns_subdomain)
    errs += cron_job_spec(obj.get("spec") or {}, None)
    if len(meta.get("name") or "") > 52:
        errs.append(FieldError.invalid("metadata.name", meta["name"], "must be no more than 52 characters"))
    return errs


def validate_cron_job_update(obj, old):
    errs = object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    return errs + cron_job_spec(obj.get("spec") or {}, old.get("spec") or {})
