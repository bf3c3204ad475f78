"""One probe or hook check against a pod: exec in a container, HTTP GET or TCP connect to the pod IP,
a gRPC health check; each reports (result, output) through a Waiter as the real prober words it."""
from ...runtime import HttpRequest, NetError, local_http
from ..tasks import Waiter

SUCCESS, FAILURE, UNKNOWN = "success", "failure", "unknown"


def resolve_port(port, container_spec):
    if isinstance(port, int) or (isinstance(port, str) and port.isdigit()):
        return int(port)
    for p in container_spec.get("ports") or []:
        if p.get("name") == port:
            return int(p["containerPort"])
    return None


def listener(pod_containers, port):
    """The running container of the pod listening on `port` (containers share the pod's network)."""
    for container in pod_containers:
        if container is not None and container.running and int(port) in container.listeners:
            return container
    return None


def exec_check(clock, container, argv, timeout):
    """Waiter -> (exit code or None when it timed out, combined output)."""
    waiter = Waiter()
    proc, out, err = container.exec(list(argv))
    if proc is None:
        waiter.set((126, err.text))
        return waiter
    timer = None
    if timeout is not None:
        timer = clock.call_later(timeout, lambda: waiter.set((None, out.text + err.text)))

    def exited(p):
        if timer is not None:
            timer.cancel()
        waiter.set((p.exit_code, out.text + err.text))

    proc.on_exit(exited)
    return waiter


def http_get(containers, ip, port, path, headers, timeout, scheme="HTTP", remote=""):
    """(status code or None, error text) for GET http://ip:port/path."""
    url = f"{scheme.lower()}://{ip}:{port}{path}"
    target = listener(containers, port)
    if target is None:
        return None, f'Get "{url}": dial tcp {ip}:{port}: connect: connection refused'
    request = HttpRequest("GET", path, dict(headers or {}), remote_addr=remote, host=f"{ip}:{port}")
    try:
        response = local_http(target, port, request)
    except NetError as e:
        if e.kind == "refused":
            return None, f'Get "{url}": dial tcp {ip}:{port}: connect: connection refused'
        return None, f'Get "{url}": EOF'
    if timeout is not None and getattr(response, "elapsed", 0.0) > timeout:
        return None, f'Get "{url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
    return response.status, ""


def run_probe(clock, probe, pod, records, rec, pod_ip, node_ip):
    """Waiter -> (result, output) for one probe of `rec`'s container."""
    timeout = probe.get("timeoutSeconds", 1)
    containers = [r.instance for r in records if r.running]
    done = Waiter()
    if "exec" in probe:
        waiter = exec_check(clock, rec.instance, (probe["exec"] or {}).get("command") or [], timeout)

        def finished(value):
            code, output = value
            if code is None:
                argv = " ".join((probe["exec"] or {}).get("command") or [])
                done.set((FAILURE, f'command "{argv}" timed out'))
            else:
                done.set((SUCCESS if code == 0 else FAILURE, output))
        waiter.then(finished)
        return done
    if "httpGet" in probe:
        get = probe["httpGet"]
        port = resolve_port(get.get("port"), rec.spec)
        host = get.get("host") or pod_ip
        headers = {h["name"]: h["value"] for h in get.get("httpHeaders") or []}
        headers.setdefault("User-Agent", "kube-probe/1.32")
        path = get.get("path") or "/"
        if not path.startswith("/"):
            path = "/" + path
        code, error = http_get(containers, host, port, path, headers, timeout, get.get("scheme", "HTTP"), node_ip)
        if code is None:
            done.set((FAILURE, error))
        elif 200 <= code < 400:
            done.set((SUCCESS, ""))
        else:
            done.set((FAILURE, f"HTTP probe failed with statuscode: {code}"))
        return done
    if "tcpSocket" in probe:
        sock = probe["tcpSocket"]
        port = resolve_port(sock.get("port"), rec.spec)
        host = sock.get("host") or pod_ip
        if port is not None and listener(containers, port) is not None:
            done.set((SUCCESS, ""))
        else:
            done.set((FAILURE, f"dial tcp {host}:{port}: connect: connection refused"))
        return done
    if "grpc" in probe:
        port = probe["grpc"].get("port")
        if listener(containers, port) is not None:
            done.set((SUCCESS, ""))
        else:
            done.set((FAILURE, f'timeout: failed to connect service "{pod_ip}:{port}" within {timeout}s'))
        return done
    done.set((UNKNOWN, ""))
    return done
