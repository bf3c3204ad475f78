"""Checks on a cluster's state after a learner's answer ran: each returns the problems it found,
worded in Kubernetes terms (an empty list means the part is right)."""
from engine.api import quantity
from engine.api.errors import ApiError

CHECKS = {}


def check(fn):
    """Register a check under its name; the assignments' check modules share one registry, so a name is
    taken once."""
    if fn.__name__ in CHECKS and CHECKS[fn.__name__].__module__ != fn.__module__:
        raise ValueError(f"check {fn.__name__} is defined in {CHECKS[fn.__name__].__module__} and {fn.__module__}")
    CHECKS[fn.__name__] = fn
    return fn


def _get(ctx, resource, name, namespace):
    try:
        return ctx.cluster.api.get(resource, name, namespace)
    except ApiError as e:
        if e.code == 404:
            return None
        raise


def _labels_text(labels):
    return ",".join(f"{k}={v}" for k, v in sorted((labels or {}).items())) or "(no labels)"


def _condition(obj, kind):
    return next((c for c in obj.get("status", {}).get("conditions") or () if c["type"] == kind), None)


def _waiting_reasons(pod):
    """Why the pod's containers are not running, as `kubectl get pods` and `describe` say it."""
    reasons = []
    for status in pod.get("status", {}).get("containerStatuses") or ():
        waiting = status.get("state", {}).get("waiting")
        terminated = status.get("state", {}).get("terminated")
        if waiting:
            reasons.append(f"container {status['name']} is waiting: {waiting.get('reason', 'unknown')}")
        elif terminated:
            reasons.append(f"container {status['name']} terminated: {terminated.get('reason', 'unknown')} "
                           f"(exit code {terminated.get('exitCode')})")
    return reasons


def _probe_failure(ctx, pod):
    """The kubelet's last "Unhealthy" event about the pod (e.g. "Readiness probe failed: ..."), or None."""
    events = ctx.cluster.api.list("events", pod["metadata"]["namespace"])["items"]
    mine = [e for e in events if e.get("reason") == "Unhealthy"
            and e.get("involvedObject", {}).get("uid") == pod["metadata"]["uid"]]
    return mine[-1].get("message") if mine else None


def _pod_problem(pod, ctx=None):
    """Why a pod is not Running and Ready, or None."""
    phase = pod.get("status", {}).get("phase", "Pending")
    name = pod["metadata"]["name"]
    scheduled = _condition(pod, "PodScheduled")
    if scheduled and scheduled["status"] == "False":
        return f"pod {name} is Pending and not scheduled: {scheduled.get('message', '')}".rstrip(": ")
    reasons = _waiting_reasons(pod)
    if phase != "Running" or reasons:
        return f"pod {name} is {phase}" + (": " + "; ".join(reasons) if reasons else "")
    ready = _condition(pod, "Ready")
    if not ready or ready["status"] != "True":
        probe = ctx and _probe_failure(ctx, pod)
        return f"pod {name} is Running but not Ready" + (f": {probe}" if probe else "")
    return None


def _no_object(kind, name, namespace):
    return [f"there is no {kind} named {name} in namespace {namespace}"]


@check
def pod_running(ctx, name, namespace="default", image=None, stable=False):
    """The pod exists, is Running and Ready (and runs `image`; with `stable`, no container restarted)."""
    pod = _get(ctx, "pods", name, namespace)
    if pod is None:
        return _no_object("pod", name, namespace)
    problems = []
    images = [c["image"] for c in pod["spec"]["containers"]]
    if image and image not in images:
        problems.append(f"pod {name} runs the image {', '.join(images)}, not {image}")
    problem = _pod_problem(pod, ctx)
    if problem:
        problems.append(problem)
    if stable and any(s.get("restartCount", 0) for s in pod["status"].get("containerStatuses") or ()):
        problems.append(f"pod {name}'s containers keep restarting")
    return problems


@check
def pod_labels(ctx, name, labels, namespace="default"):
    """The pod carries every label of `labels`."""
    pod = _get(ctx, "pods", name, namespace)
    if pod is None:
        return _no_object("pod", name, namespace)
    have = pod["metadata"].get("labels") or {}
    return [f"pod {name} should be labelled {k}={v} but its labels are {_labels_text(have)}"
            for k, v in labels.items() if have.get(k) != v]


@check
def pod_container_port(ctx, name, port, namespace="default", protocol="TCP"):
    """A container of the pod declares containerPort `port`."""
    pod = _get(ctx, "pods", name, namespace)
    if pod is None:
        return _no_object("pod", name, namespace)
    ports = [(p["containerPort"], p.get("protocol", "TCP")) for c in pod["spec"]["containers"]
             for p in c.get("ports") or ()]
    if (port, protocol) in ports:
        return []
    declared = ", ".join(f"{p}/{proto}" for p, proto in ports) or "none"
    return [f"pod {name} declares no containerPort {port}/{protocol} (declared: {declared})"]


@check
def pod_requests(ctx, name, requests, namespace="default"):
    """Every container of the pod requests the listed resources (`0.1` CPU is `100m`)."""
    pod = _get(ctx, "pods", name, namespace)
    if pod is None:
        return _no_object("pod", name, namespace)
    problems = []
    for container in pod["spec"]["containers"]:
        have = container.get("resources", {}).get("requests") or {}
        for resource, wanted in requests.items():
            given = have.get(resource)
            if given is None or quantity.canonical_or_same(str(given)) != quantity.canonical_or_same(wanted):
                problems.append(f"container {container['name']} of pod {name} requests {resource}="
                                f"{given or 'nothing'}, not {resource}={wanted}")
    return problems


@check
def pod_count(ctx, selector, count, namespace="default"):
    """Exactly `count` pods match the label selector (a dict)."""
    text = ",".join(f"{k}={v}" for k, v in selector.items())
    pods = ctx.cluster.api.list("pods", namespace, label_selector=text)["items"]
    if len(pods) == count:
        return []
    return [f"{len(pods)} pods in namespace {namespace} are labelled {text}, not {count}"]


@check
def service_endpoints(ctx, name, pods, namespace="default"):
    """The Service sends traffic to every pod named in `pods` (they are Ready endpoints of it)."""
    service = _get(ctx, "services", name, namespace)
    if service is None:
        return _no_object("Service", name, namespace)
    endpoints = _get(ctx, "endpoints", name, namespace) or {}
    ready = {a.get("targetRef", {}).get("name") for s in endpoints.get("subsets") or ()
             for a in s.get("addresses") or ()}
    selector = service["spec"].get("selector") or {}
    problems = []
    for pod_name in pods:
        if pod_name in ready:
            continue
        pod = _get(ctx, "pods", pod_name, namespace)
        if pod is None:
            problems.append(f"Service {name} should send traffic to pod {pod_name}, but there is no such pod")
        elif any((pod["metadata"].get("labels") or {}).get(k) != v for k, v in selector.items()):
            problems.append(f"the Service {name} selects {_labels_text(selector)} but pod {pod_name} is "
                            f"labelled {_labels_text(pod['metadata'].get('labels'))}")
        else:
            problems.append(f"pod {pod_name} matches Service {name}'s selector but is not a ready endpoint: "
                            f"{_pod_problem(pod, ctx) or 'no ready address yet'}")
    return problems


@check
def value_matches(ctx, command, column=None):
    """The learner's answer (a predicted value) is what `kubectl <command>` prints, or what it prints
    in `column` of its first row (compared without surrounding blanks or case)."""
    truth = ctx.cluster.kubectl(command).stdout
    if column:
        header, *rows = truth.splitlines() or [""]
        start = header.find(column)
        truth = rows[0][start:].split()[0] if start >= 0 and rows and rows[0][start:].split() else ""
    given = ctx.answer.strip()
    if given.casefold() == truth.strip().casefold():
        return []
    return [f"the cluster does not do what you predicted ({given[:80]!r})"]


def _events_about(ctx, obj, reason):
    """The events with `reason` whose involvedObject is `obj`, oldest first."""
    events = ctx.cluster.api.list("events", obj["metadata"]["namespace"])["items"]
    return [e for e in events if e.get("reason") == reason
            and e.get("involvedObject", {}).get("uid") == obj["metadata"]["uid"]]


def _selector_text(selector):
    return ",".join(f"{k}={v}" for k, v in selector.items())


def _pods(ctx, selector, namespace):
    return ctx.cluster.api.list("pods", namespace, label_selector=_selector_text(selector))["items"]


def _endpoint_pods(ctx, name, namespace):
    """(ready, not ready) pod names of the Service's Endpoints."""
    endpoints = _get(ctx, "endpoints", name, namespace) or {}
    def names(field):
        return {a.get("targetRef", {}).get("name") for s in endpoints.get("subsets") or () for a in s.get(field) or ()}
    return names("addresses"), names("notReadyAddresses")


@check
def after(ctx, seconds, check, args=None):
    """Let `seconds` of virtual time pass, then run `check` (checks run in order, so later ones see the
    later cluster too)."""
    ctx.cluster.advance(seconds)
    return CHECKS[check](ctx, **(args or {}))


@check
def probe_defined(ctx, name, probe, kind="pods", namespace="default"):
    """A container of the pod (or of the Deployment's pod template, kind="deployments") has `probe`
    (livenessProbe, readinessProbe, startupProbe)."""
    obj = _get(ctx, kind, name, namespace)
    if obj is None:
        return _no_object("pod" if kind == "pods" else "Deployment", name, namespace)
    spec = obj["spec"] if kind == "pods" else obj["spec"]["template"]["spec"]
    if any(probe in c for c in spec["containers"]):
        return []
    return [f"no container of {'pod' if kind == 'pods' else 'Deployment'} {name} has a {probe}"]


@check
def liveness_restart(ctx, name, healthy_seconds=0, namespace="default"):
    """The kubelet restarted the pod's container because its liveness probe failed, and not before
    the container had been healthy for `healthy_seconds`."""
    pod = _get(ctx, "pods", name, namespace)
    if pod is None:
        return _no_object("pod", name, namespace)
    restarts = sum(s.get("restartCount", 0) for s in pod["status"].get("containerStatuses") or ())
    kills = [e for e in _events_about(ctx, pod, "Killing") if "failed liveness probe" in e.get("message", "")]
    if not kills:
        return [f"pod {name}'s containers restarted {restarts} times, but never because a liveness probe "
                f"failed" if restarts else f"pod {name}'s container was never restarted: its app stopped "
                f"working but no liveness probe noticed"]
    started = ctx.cluster.clock.parse(pod["status"]["startTime"])
    failures = [e for e in _events_about(ctx, pod, "Unhealthy") if e.get("message", "").startswith("Liveness")]
    first = min((ctx.cluster.clock.parse(e["firstTimestamp"]) for e in failures), default=None)
    if first is not None and first - started < healthy_seconds:
        return [f"the liveness probe of pod {name} failed {first - started:g} s after the pod started, "
                f"while its app was still working ({failures[0]['message'].strip()})"]
    return []


@check
def not_yet_endpoint(ctx, service, pod, namespace="default"):
    """The pod runs and matches the Service but is not (yet) one of its ready endpoints."""
    obj = _get(ctx, "pods", pod, namespace)
    if obj is None:
        return _no_object("pod", pod, namespace)
    if obj.get("status", {}).get("phase") != "Running":
        return [_pod_problem(obj, ctx) or f"pod {pod} is not running"]
    ready, not_ready = _endpoint_pods(ctx, service, namespace)
    if pod in ready:
        return [f"Service {service} already sends traffic to pod {pod} before its app is ready to serve"]
    if pod not in not_ready:
        return [f"pod {pod} is not among Service {service}'s endpoints at all (check its labels)"]
    return []


@check
def deployment_ready(ctx, name, replicas, image=None, probe=None, namespace="default"):
    """The Deployment wants `replicas` pods and all of them are up to date and available (running
    `image`; with `probe`, its pods still have that probe)."""
    deployment = _get(ctx, "deployments", name, namespace)
    if deployment is None:
        return _no_object("Deployment", name, namespace)
    problems = []
    wanted = deployment["spec"].get("replicas", 1)
    if wanted != replicas:
        problems.append(f"Deployment {name} wants {wanted} replicas, not {replicas}")
    images = [c["image"] for c in deployment["spec"]["template"]["spec"]["containers"]]
    if image and image not in images:
        problems.append(f"Deployment {name}'s pods run the image {', '.join(images)}, not {image}")
    if probe and not any(probe in c for c in deployment["spec"]["template"]["spec"]["containers"]):
        problems.append(f"Deployment {name}'s pods no longer have a {probe}: fix the probe rather than remove it")
    status = deployment.get("status", {})
    available, updated = status.get("availableReplicas", 0), status.get("updatedReplicas", 0)
    if not problems and (available != wanted or updated != wanted or status.get("replicas", 0) != wanted):
        pods = _pods(ctx, deployment["spec"]["selector"].get("matchLabels") or {}, namespace)
        reasons = [p for p in (_pod_problem(pod, ctx) for pod in pods) if p]
        problems.append(f"Deployment {name} has {available} of {wanted} replicas available and "
                        f"{updated} up to date" + (": " + "; ".join(reasons[:2]) if reasons else ""))
    return problems


def _shown_labels(pod, selector):
    """The pod's labels for the selector's keys (all but pod-template-hash when it has none of them)."""
    labels = pod["metadata"].get("labels") or {}
    mine = {k: v for k, v in labels.items() if k in selector}
    return mine or {k: v for k, v in labels.items() if k != "pod-template-hash"}


@check
def service_backends(ctx, name, selector, count, namespace="default"):
    """The Service sends traffic to exactly the `count` pods labelled `selector` (the app's pods),
    all ready."""
    service = _get(ctx, "services", name, namespace)
    if service is None:
        return _no_object("Service", name, namespace)
    pods = _pods(ctx, selector, namespace)
    names = {p["metadata"]["name"] for p in pods}
    ready, not_ready = _endpoint_pods(ctx, name, namespace)
    chosen = service["spec"].get("selector") or {}
    if not chosen:
        return [f"the Service {name} has no selector, so it selects no pods"]
    if names and not (ready | not_ready) & names:
        labels = sorted({_labels_text(_shown_labels(p, chosen)) for p in pods})
        return [f"the Service {name} selects {_labels_text(chosen)} but the pods are labelled {' or '.join(labels)}"]
    problems = []
    if ready - names:
        problems.append(f"the Service {name} also sends traffic to pods that are not the app's: "
                        f"{', '.join(sorted(ready - names))}")
    missing = sorted(names - ready)
    for pod in pods:
        if pod["metadata"]["name"] in missing:
            problems.append(f"pod {pod['metadata']['name']} is not a ready endpoint of Service {name}: "
                            f"{_pod_problem(pod, ctx) or 'it does not match the selector'}")
    if not problems and len(ready) != count:
        problems.append(f"the Service {name} sends traffic to {len(ready)} pods, not {count}")
    return problems


def _scaled(value, replicas, round_up):
    """An intOrString of a rolling update (1 or "25%") as a number of pods, as the deployment controller
    rounds it (maxSurge up, maxUnavailable down)."""
    if isinstance(value, str) and value.endswith("%"):
        exact = int(value[:-1]) * replicas / 100
        return int(-(-exact // 1)) if round_up else int(exact // 1)
    return int(value)


@check
def rolling_strategy(ctx, name, max_surge=None, max_unavailable=None, namespace="default"):
    """The Deployment updates by RollingUpdate with this many extra / unavailable pods (1 and "25%" of 4
    are the same)."""
    deployment = _get(ctx, "deployments", name, namespace)
    if deployment is None:
        return _no_object("Deployment", name, namespace)
    strategy = deployment["spec"].get("strategy") or {}
    if strategy.get("type") != "RollingUpdate":
        return [f"Deployment {name} updates by {strategy.get('type')}, not RollingUpdate"]
    rolling, replicas = strategy.get("rollingUpdate") or {}, deployment["spec"].get("replicas", 1)
    problems = []
    for field, wanted, round_up in (("maxSurge", max_surge, True), ("maxUnavailable", max_unavailable, False)):
        given = rolling.get(field, "25%")
        if wanted is not None and _scaled(given, replicas, round_up) != wanted:
            problems.append(f"Deployment {name}'s {field} is {given}: {_scaled(given, replicas, round_up)} pods "
                            f"of {replicas}, not {wanted}")
    return problems


@check
def rollout_bounds(ctx, name, image, min_available=None, max_pods=None, seconds=120, namespace="default"):
    """Updating the Deployment's containers to `image` (as `kubectl set image` does) completes within
    `seconds`, never has fewer than `min_available` pods available nor more than `max_pods` pods."""
    deployment = _get(ctx, "deployments", name, namespace)
    if deployment is None:
        return _no_object("Deployment", name, namespace)
    template = deployment["spec"]["template"]
    containers = [dict(c, image=image) for c in template["spec"]["containers"]]
    ctx.cluster.api.patch("deployments", name, {"spec": {"template": {"spec": {"containers": containers}}}},
                          "application/merge-patch+json", namespace)
    selector = _selector_text(deployment["spec"]["selector"].get("matchLabels") or {})
    fewest, most = None, 0
    for _ in range(int(seconds)):
        ctx.cluster.advance(1)
        pods = [p for p in ctx.cluster.api.list("pods", namespace, label_selector=selector)["items"]
                if not p["metadata"].get("deletionTimestamp")]
        status = ctx.cluster.api.get("deployments", name, namespace).get("status", {})
        available = status.get("availableReplicas", 0)
        fewest = available if fewest is None else min(fewest, available)
        most = max(most, len(pods))
    problems = []
    if min_available is not None and fewest < min_available:
        problems.append(f"while Deployment {name} rolled out {image}, only {fewest} pods were available")
    if max_pods is not None and most > max_pods:
        problems.append(f"while Deployment {name} rolled out {image}, it ran {most} pods at once")
    done = (status.get("updatedReplicas") == status.get("replicas") == status.get("availableReplicas")
            == deployment["spec"].get("replicas", 1))
    if not done:
        problems.append(f"Deployment {name} had not finished rolling out {image} after {seconds} s")
    return problems


@check
def pods_image(ctx, selector, image, namespace="default"):
    """Some pods are labelled `selector`, and every one of them runs `image`."""
    pods = [p for p in _pods(ctx, selector, namespace) if not p["metadata"].get("deletionTimestamp")]
    if not pods:
        return [f"no pod in namespace {namespace} is labelled {_selector_text(selector)}"]
    wrong = sorted({c["image"] for p in pods for c in p["spec"]["containers"] if c["image"] != image})
    return [f"pods labelled {_selector_text(selector)} still run {', '.join(wrong)}"] if wrong else []


def _owned_jobs(ctx, cronjob):
    jobs = ctx.cluster.api.list("jobs", cronjob["metadata"]["namespace"])["items"]
    return [j for j in jobs if any(ref.get("uid") == cronjob["metadata"]["uid"]
                                   for ref in j["metadata"].get("ownerReferences") or ())]


def _complete(job):
    return (_condition(job, "Complete") or {}).get("status") == "True"


@check
def cronjob_history(ctx, name, successful, namespace="default"):
    """The CronJob has run, and keeps exactly `successful` completed Jobs."""
    cronjob = _get(ctx, "cronjobs", name, namespace)
    if cronjob is None:
        return _no_object("CronJob", name, namespace)
    done = [j for j in _owned_jobs(ctx, cronjob) if _complete(j)]
    if len(done) != successful:
        return [f"CronJob {name} keeps {len(done)} successful Jobs, not {successful}"]
    return []


@check
def cronjob_every(ctx, name, minutes, namespace="default"):
    """The Jobs the CronJob made were scheduled `minutes` apart (a Job's name ends with its scheduled
    time in minutes, as the cronjob controller names it)."""
    cronjob = _get(ctx, "cronjobs", name, namespace)
    if cronjob is None:
        return _no_object("CronJob", name, namespace)
    times = sorted(int(j["metadata"]["name"].rsplit("-", 1)[1]) for j in _owned_jobs(ctx, cronjob))
    if len(times) < 2:
        return [f"CronJob {name} made {len(times)} Jobs, too few for a schedule of every {minutes} minutes"]
    gaps = sorted({b - a for a, b in zip(times, times[1:])})
    if gaps != [minutes]:
        return [f"CronJob {name} ran Jobs {' or '.join(map(str, gaps))} minutes apart, not every {minutes} minutes"]
    return []


def _job_pods(ctx, job):
    return ctx.cluster.api.list("pods", job["metadata"]["namespace"],
                                label_selector=f"batch.kubernetes.io/controller-uid={job['metadata']['uid']}")["items"]


@check
def job_complete(ctx, name, succeeded, namespace="default"):
    """The Job is Complete with `succeeded` successful pods."""
    job = _get(ctx, "jobs", name, namespace)
    if job is None:
        return _no_object("Job", name, namespace)
    count = job.get("status", {}).get("succeeded", 0)
    if not _complete(job):
        failed = _condition(job, "Failed")
        return [f"Job {name} is not complete: {count} pods succeeded"
                + (f"; it failed: {failed.get('message')}" if failed and failed["status"] == "True" else "")]
    return [] if count == succeeded else [f"Job {name} completed with {count} successful pods, not {succeeded}"]


@check
def job_parallelism(ctx, name, parallelism, namespace="default"):
    """The Job's pods ran `parallelism` at a time, never more (from their containers' start and finish)."""
    job = _get(ctx, "jobs", name, namespace)
    if job is None:
        return _no_object("Job", name, namespace)
    spans = []
    for pod in _job_pods(ctx, job):
        for status in pod.get("status", {}).get("containerStatuses") or ():
            ended = status.get("state", {}).get("terminated")
            if ended and ended.get("startedAt"):
                spans.append((ctx.cluster.clock.parse(ended["startedAt"]), ctx.cluster.clock.parse(ended["finishedAt"])))
    most = max((sum(1 for s, f in spans if s <= start < f) for start, _ in spans), default=0)
    return [] if most == parallelism else [f"Job {name} ran {most} pods at a time, not {parallelism}"]


@check
def quota_at_least(ctx, name, resource, value, namespace="default"):
    """The ResourceQuota still exists and allows at least `value` of `resource`."""
    quota = _get(ctx, "resourcequotas", name, namespace)
    if quota is None:
        return [f"there is no ResourceQuota named {name} in namespace {namespace}: the quota should stay"]
    hard = quota["spec"].get("hard", {}).get(resource)
    if hard is None or quantity.parse(str(hard)) < quantity.parse(str(value)):
        return [f"ResourceQuota {name} allows {resource}={hard}, fewer than {value}"]
    return []


@check
def service_type(ctx, name, type="ClusterIP", port=None, node_port=None, headless=False, namespace="default"):
    """The Service is of `type` (headless: clusterIP None), offers `port` and, for a NodePort, `node_port`."""
    service = _get(ctx, "services", name, namespace)
    if service is None:
        return _no_object("Service", name, namespace)
    spec, problems = service["spec"], []
    if spec.get("type", "ClusterIP") != type:
        problems.append(f"Service {name} is of type {spec.get('type', 'ClusterIP')}, not {type}")
    if headless and spec.get("clusterIP") != "None":
        problems.append(f"Service {name} has the cluster IP {spec.get('clusterIP')}: a headless Service has none")
    ports = spec.get("ports") or ()
    if port is not None and port not in [p.get("port") for p in ports]:
        problems.append(f"Service {name} does not offer port {port} (its ports: "
                        f"{', '.join(str(p.get('port')) for p in ports) or 'none'})")
    if node_port is not None and node_port not in [p.get("nodePort") for p in ports]:
        given = ", ".join(str(p["nodePort"]) for p in ports if p.get("nodePort")) or "none"
        problems.append(f"Service {name} is not reachable on node port {node_port} (its node ports: {given})")
    return problems


def _exec(ctx, pod, words, namespace):
    return ctx.cluster.kubectl(["exec", "-n", namespace, pod, "--", *words])


@check
def http_reachable(ctx, pod, url, contains, namespace="default"):
    """From inside `pod`, `wget` of `url` answers with a page containing `contains` (`{node}` in the URL
    stands for every node's InternalIP in turn)."""
    urls = [url]
    if "{node}" in url:
        nodes = ctx.cluster.api.list("nodes")["items"]
        urls = [url.replace("{node}", next(a["address"] for a in n["status"]["addresses"] if a["type"] == "InternalIP"))
                for n in nodes]
    problems = []
    for one in urls:
        result = _exec(ctx, pod, ["wget", "-qO-", "-T", "2", one], namespace)
        if result.exit_code or contains not in result.stdout:
            said = (result.stderr.strip() or result.stdout.strip() or "no answer").splitlines()[0]
            problems.append(f"from pod {pod}, wget {one} does not reach the app: {said}")
    return problems


@check
def dns_resolves(ctx, pod, hostname, to_pod, namespace="default"):
    """From inside `pod`, `nslookup hostname` answers the IP of pod `to_pod`."""
    target = _get(ctx, "pods", to_pod, namespace)
    if target is None:
        return _no_object("pod", to_pod, namespace)
    result = _exec(ctx, pod, ["nslookup", hostname], namespace)
    address = target.get("status", {}).get("podIP")
    if address and f"Name:\t{hostname}\nAddress: {address}\n" in result.stdout:
        return []
    return [f"from pod {pod}, the DNS name {hostname} does not resolve to pod {to_pod}'s IP {address}"]


@check
def endpoints_predicted(ctx, service, namespace="default"):
    """The learner's answer names exactly the pods the Service sends traffic to (its ready endpoints),
    separated by blanks, commas or lines."""
    ready, _ = _endpoint_pods(ctx, service, namespace)
    given = {word for word in ctx.answer.replace(",", " ").split()}
    if given == ready:
        return []
    return [f"the cluster does not do what you predicted ({', '.join(sorted(given))[:80] or 'no pods'})"]


def _load_topic_checks():
    """Checks written for one assignment live in autograder/checks_<topic>.py and register here too."""
    import importlib
    import pkgutil
    from pathlib import Path
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name.startswith("checks_"):
            importlib.import_module(f"{__package__}.{module.name}")


_load_topic_checks()
