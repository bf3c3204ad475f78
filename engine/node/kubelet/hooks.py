"""Lifecycle hooks (postStart, preStop) with exec, httpGet and sleep handlers, and the messages the
kubelet puts in FailedPostStartHook / FailedPreStopHook events when one fails."""
import json

from .prober.checks import exec_check, http_get, resolve_port


def format_pod(pod):
    meta = pod["metadata"]
    return f"{meta['name']}_{meta['namespace']}({meta.get('uid', '')})"


def run(worker, rec, handler, timeout):
    """A sync step: `error = yield from hooks.run(...)`; None when the hook succeeded."""
    pod, name = worker.pod, rec.name
    if "exec" in handler:
        argv = (handler["exec"] or {}).get("command") or []
        code, output = yield exec_check(worker.kl.clock, rec.instance, argv, timeout)
        if code == 0:
            return None
        if code is None:
            error = f"command '{' '.join(argv)}' timed out"  # noqa: E501
        else:
            error = f"command '{' '.join(argv)}' exited with {code}: "
        return (f"Exec lifecycle hook ([{' '.join(argv)}]) for Container {json.dumps(name)} in Pod "
                f"{json.dumps(format_pod(pod))} failed - error: {error}, message: {json.dumps(output)}")
    if "httpGet" in handler:
        get = handler["httpGet"]
        port = resolve_port(get.get("port"), rec.spec)
        host = get.get("host") or worker.pod_ip
        path = get.get("path") or "/"
        headers = {h["name"]: h["value"] for h in get.get("httpHeaders") or []}
        containers = [r.instance for r in worker.records if r.running]
        code, error = http_get(containers, host, port, path, headers, timeout, get.get("scheme", "HTTP"),
                               worker.kl.node_ip)
        if code is not None:
            return None
        return (f"HTTP lifecycle hook ({get.get('path', '')}) for Container {json.dumps(name)} in Pod "
                f"{json.dumps(format_pod(pod))} failed - error: {error}")
    if "sleep" in handler:
        seconds = (handler["sleep"] or {}).get("seconds", 0)
        yield min(seconds, timeout) if timeout is not None else seconds
        return None
    return None
