"""ReplicationController, ReplicaSet, Deployment, DaemonSet and StatefulSet, as pkg/apis/apps/validation
and core's ValidateReplicationController check them (field order and wording kept)."""
import copy

from ..errors import FieldError
from .. import gofmt
from . import names
from .meta import (annotations, label_selector, labels, nonnegative, object_meta, object_meta_update, selector_empty,
                   selector_matches, selector_unparsable)
from .pod import template_spec

STS_FORBIDDEN = ("updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
                 "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")


def _template_labels(template):
    return ((template or {}).get("metadata") or {}).get("labels")


def _mismatch(path, template):
    return FieldError.invalid(path, gofmt.str_map(_template_labels(template)), "`selector` does not match template `labels`")


def _restart_always(template, path, kind):
    spec = (template or {}).get("spec") or {}
    errs = []
    policy = spec.get("restartPolicy", "Always")
    if policy != "Always":
        errs.append(FieldError.not_supported(f"{path}.spec.restartPolicy", policy, ["Always"]))
    if spec.get("activeDeadlineSeconds") is not None:
        errs.append(FieldError.forbidden(f"{path}.spec.activeDeadlineSeconds",
                                         f"activeDeadlineSeconds in {kind} is not Supported"))
    return errs


def _selector(spec, path, kind_word):
    sel = spec.get("selector")
    if sel is None:
        return [FieldError.required(f"{path}.selector")]
    errs = label_selector(sel, f"{path}.selector")
    if not sel.get("matchLabels") and not sel.get("matchExpressions"):
        errs.append(FieldError.invalid(f"{path}.selector", gofmt.label_selector(sel), f"empty selector is invalid for {kind_word}"))
    return errs


def _template_for_replica_set(spec, path, kind):
    template = spec.get("template")
    sel = spec.get("selector")
    if selector_unparsable(sel):
        return [FieldError.invalid(f"{path}.selector", gofmt.label_selector(sel), "invalid label selector")]
    errs = []
    if not selector_empty(sel) and not selector_matches(sel, _template_labels(template)):
        errs.append(_mismatch(f"{path}.template.metadata.labels", template))
    errs += template_spec(template, f"{path}.template")
    return errs + _restart_always(template, f"{path}.template", kind)


def replica_set_spec(spec, path="spec"):
    errs = nonnegative(spec.get("replicas", 1), f"{path}.replicas")
    errs += nonnegative(spec.get("minReadySeconds", 0), f"{path}.minReadySeconds")
    errs += _selector(spec, path, "deployment")
    return errs + _template_for_replica_set(spec, path, "ReplicaSet")


def int_or_percent(value, path):
    if isinstance(value, str):
        return [FieldError.invalid(path, gofmt.intstr(value), m) for m in names.is_valid_percent(value)]
    return nonnegative(value or 0, path)


def int_or_percent_value(value):
    if isinstance(value, str):
        return int(value[:-1]) if not names.is_valid_percent(value) else 0
    return value or 0


def not_over_100(value, path):
    if isinstance(value, str) and not names.is_valid_percent(value) and int(value[:-1]) > 100:
        return [FieldError.invalid(path, gofmt.intstr(value), "must not be greater than 100%")]
    return []


def _deployment_strategy(strategy, path):
    kind = strategy.get("type", "RollingUpdate")
    if kind == "Recreate":
        if strategy.get("rollingUpdate") is not None:
            return [FieldError.forbidden(f"{path}.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'")]
        return []
    if kind != "RollingUpdate":
        return [FieldError.not_supported(path, gofmt.GoRaw(f"apps.DeploymentStrategy{{Type:\"{kind}\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}}"),
                                         ["Recreate", "RollingUpdate"])]
    ru = strategy.get("rollingUpdate") or {}
    unavailable, surge = ru.get("maxUnavailable", "25%"), ru.get("maxSurge", "25%")
    p = f"{path}.rollingUpdate"
    errs = int_or_percent(unavailable, f"{p}.maxUnavailable") + int_or_percent(surge, f"{p}.maxSurge")
    if int_or_percent_value(unavailable) == 0 and int_or_percent_value(surge) == 0:
        errs.append(FieldError.invalid(f"{p}.maxUnavailable", gofmt.intstr(unavailable), "may not be 0 when `maxSurge` is 0"))
    return errs + not_over_100(unavailable, f"{p}.maxUnavailable")


def deployment_spec(spec, path="spec"):
    errs = nonnegative(spec.get("replicas", 1), f"{path}.replicas")
    errs += _selector(spec, path, "deployment")
    errs += _template_for_replica_set(spec, path, "ReplicaSet")
    errs += _deployment_strategy(spec.get("strategy") or {}, f"{path}.strategy")
    min_ready = spec.get("minReadySeconds", 0)
    errs += nonnegative(min_ready, f"{path}.minReadySeconds")
    if spec.get("revisionHistoryLimit") is not None:
        errs += nonnegative(spec["revisionHistoryLimit"], f"{path}.revisionHistoryLimit")
    deadline = spec.get("progressDeadlineSeconds")
    if deadline is not None:
        errs += nonnegative(deadline, f"{path}.progressDeadlineSeconds")
        if deadline <= min_ready:
            errs.append(FieldError.invalid(f"{path}.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"))
    return errs


def _daemon_set_strategy(strategy, path):
    kind = strategy.get("type", "RollingUpdate")
    if kind == "OnDelete":
        return []
    if kind != "RollingUpdate":
        return [FieldError.not_supported(path, gofmt.GoRaw(f"apps.DaemonSetUpdateStrategy{{Type:\"{kind}\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}}"),
                                         ["RollingUpdate", "OnDelete"])]
    ru = strategy.get("rollingUpdate") or {}
    unavailable, surge = ru.get("maxUnavailable", 1), ru.get("maxSurge", 0)
    p = f"{path}.rollingUpdate"
    errs = int_or_percent(unavailable, f"{p}.maxUnavailable") + int_or_percent(surge, f"{p}.maxSurge")
    errs += not_over_100(unavailable, f"{p}.maxUnavailable") + not_over_100(surge, f"{p}.maxSurge")
    has_unavailable, has_surge = int_or_percent_value(unavailable) != 0, int_or_percent_value(surge) != 0
    if has_unavailable and has_surge:
        errs.append(FieldError.invalid(f"{p}.maxSurge", gofmt.intstr(surge), "may not be set when maxUnavailable is non-zero"))
    elif not has_unavailable and not has_surge:
        errs.append(FieldError.required(f"{p}.maxUnavailable", "cannot be 0 when maxSurge is 0"))
    return errs


def daemon_set_spec(spec, path="spec"):
    sel = spec.get("selector")
    template = spec.get("template")
    errs = label_selector(sel, f"{path}.selector")
    if not selector_unparsable(sel) and not selector_matches(sel, _template_labels(template)) and not selector_empty(sel):
        errs.append(_mismatch(f"{path}.template.metadata.labels", template))
    if sel is not None and not sel.get("matchLabels") and not sel.get("matchExpressions"):
        errs.append(FieldError.invalid(f"{path}.selector", gofmt.label_selector(sel), "empty selector is invalid for daemonset"))
    errs += template_spec(template, f"{path}.template")
    errs += _restart_always(template, f"{path}.template", "DaemonSet")
    errs += nonnegative(spec.get("minReadySeconds", 0), f"{path}.minReadySeconds")
    errs += nonnegative(spec.get("templateGeneration", 0), f"{path}.templateGeneration")
    errs += _daemon_set_strategy(spec.get("updateStrategy") or {}, f"{path}.updateStrategy")
    if spec.get("revisionHistoryLimit") is not None:
        errs += nonnegative(spec["revisionHistoryLimit"], f"{path}.revisionHistoryLimit")
    return errs


def _sts_strategy(strategy, path):
    kind = strategy.get("type", "RollingUpdate")
    if kind == "OnDelete":
        if strategy.get("rollingUpdate") is not None:
            return [FieldError.invalid(f"{path}.rollingUpdate", gofmt.GoRaw("apps.RollingUpdateStatefulSetStrategy{...}"),
                                       "only allowed for updateStrategy 'RollingUpdate'")]
        return []
    if kind != "RollingUpdate":
        return [FieldError.invalid(path, gofmt.GoRaw(f"apps.StatefulSetUpdateStrategy{{Type:\"{kind}\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}}"),
                                   "must be 'RollingUpdate' or 'OnDelete'")]
    ru = strategy.get("rollingUpdate")
    if ru is None:
        return []
    p = f"{path}.rollingUpdate"
    errs = nonnegative(ru.get("partition", 0), f"{p}.partition")
    if ru.get("maxUnavailable") is not None:
        value = ru["maxUnavailable"]
        errs += int_or_percent(value, f"{p}.maxUnavailable")
        if int_or_percent_value(value) == 0:
            errs.append(FieldError.invalid(f"{p}.maxUnavailable", gofmt.intstr(value), "cannot be 0"))
        errs += not_over_100(value, f"{p}.maxUnavailable")
    return errs


def stateful_set_spec(spec, path="spec"):
    errs = []
    policy = spec.get("podManagementPolicy", "OrderedReady")
    if policy not in ("OrderedReady", "Parallel"):
        errs.append(FieldError.invalid(f"{path}.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"))
    errs += _sts_strategy(spec.get("updateStrategy") or {}, f"{path}.updateStrategy")
    retention = spec.get("persistentVolumeClaimRetentionPolicy")
    if retention is not None:
        for field in ("whenDeleted", "whenScaled"):
            value = retention.get(field, "Retain")
            if value not in ("Retain", "Delete"):
                errs.append(FieldError.not_supported(f"{path}.persistentVolumeClaimRetentionPolicy.{field}", value,
                                                     ["Retain", "Delete"]))
    errs += nonnegative(spec.get("replicas", 1), f"{path}.replicas")
    errs += nonnegative(spec.get("minReadySeconds", 0), f"{path}.minReadySeconds")
    ordinals = spec.get("ordinals")
    if ordinals is not None:
        errs += nonnegative(ordinals.get("start", 0), f"{path}.ordinals.start")
    sel = spec.get("selector")
    if sel is None:
        errs.append(FieldError.required(f"{path}.selector"))
    else:
        errs += label_selector(sel, f"{path}.selector")
        if not sel.get("matchLabels") and not sel.get("matchExpressions"):
            errs.append(FieldError.invalid(f"{path}.selector", gofmt.label_selector(sel), "empty selector is invalid for statefulset"))
    template = spec.get("template")
    if selector_unparsable(sel):
        errs.append(FieldError.invalid(f"{path}.selector", gofmt.label_selector(sel), ""))
    else:
        if not selector_empty(sel) and not selector_matches(sel, _template_labels(template)):
            errs.append(_mismatch(f"{path}.template.metadata.labels", template))
        tmeta = (template or {}).get("metadata") or {}  # the StatefulSet pod spec itself is not validated
        errs += labels(tmeta.get("labels"), f"{path}.template.labels")
        errs += annotations(tmeta.get("annotations"), f"{path}.template.annotations")
    tspec = (template or {}).get("spec") or {}
    if tspec.get("restartPolicy", "Always") != "Always":
        errs.append(FieldError.not_supported(f"{path}.template.spec.restartPolicy", tspec["restartPolicy"], ["Always"]))
    if tspec.get("activeDeadlineSeconds") is not None:
        errs.append(FieldError.forbidden(f"{path}.template.spec.activeDeadlineSeconds",
                                         "activeDeadlineSeconds in StatefulSet is not Supported"))
    return errs


def replication_controller_spec(spec, path="spec"):
    errs = nonnegative(spec.get("minReadySeconds", 0), f"{path}.minReadySeconds")
    sel = spec.get("selector") or {}
    if not sel:
        errs.append(FieldError.required(f"{path}.selector"))
    errs += nonnegative(spec.get("replicas", 1), f"{path}.replicas")
    template = spec.get("template")
    if template is None:
        return errs + [FieldError.required(f"{path}.template")]
    if sel and any(_template_labels(template) is None or _template_labels(template).get(k) != v for k, v in sel.items()):
        errs.append(_mismatch(f"{path}.template.metadata.labels", template))
    errs += template_spec(template, f"{path}.template")
    return errs + _restart_always(template, f"{path}.template", "ReplicationController")


SPECS = {"ReplicaSet": replica_set_spec, "Deployment": deployment_spec, "DaemonSet": daemon_set_spec,
         "StatefulSet": stateful_set_spec, "ReplicationController": replication_controller_spec}


def validate(kind, obj):
    # StatefulSet names became DNS labels in v1.27 (they end up as pod hostnames)
    name_fn = names.name_is_dns_label if kind == "StatefulSet" else names.name_is_dns_subdomain
    errs = object_meta(obj.get("metadata") or {}, True, name_fn)
    return errs + SPECS[kind](obj.get("spec") or {})


def validate_update(kind, obj, old):
    meta, old_meta = obj.get("metadata") or {}, old.get("metadata") or {}
    spec, old_spec = obj.get("spec") or {}, old.get("spec") or {}
    if kind == "StatefulSet":  # the name is not validated again on update
        errs = object_meta_update(meta, old_meta) + stateful_set_spec(spec)
        clone = copy.deepcopy(spec)
        for field in ("replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy",
                      "minReadySeconds"):
            clone.pop(field, None)
            if field in old_spec:
                clone[field] = old_spec[field]
        if clone != old_spec:
            errs.append(FieldError.forbidden("spec", STS_FORBIDDEN))
        return errs
    errs = object_meta_update(meta, old_meta) + SPECS[kind](spec)
    if kind in ("Deployment", "ReplicaSet", "DaemonSet") and spec.get("selector") != old_spec.get("selector"):
        errs.append(FieldError.invalid("spec.selector", gofmt.label_selector(spec.get("selector")), "field is immutable"))
    return errs



def validate_controller_revision(obj):
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    if obj.get("data") is None:
        errs.append(FieldError.required("data", "data is mandatory"))
    return errs + nonnegative(obj.get("revision", 0), "revision")
