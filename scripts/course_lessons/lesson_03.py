"""Lesson 03, probes: exec / httpGet / tcpSocket checks, startup / liveness / readiness probes, every field
with its default shown on a timeline, readiness and Service endpoints, and the notes' liveness-exec example fixed."""
NAME = "03-probes"

CELLS = [
    ("md", """
    # Lesson 03: Probes

    A container that runs is not necessarily a container that works: a web server can hang, deadlock or
    still be loading its data. **Probes** are checks the **kubelet** runs against each container,
    periodically, to find out. In this lesson you will

    1. use the three ways to check a container: **exec**, **httpGet**, **tcpSocket**;
    2. see what each kind of probe does when it fails: **liveness** restarts the container,
       **readiness** takes the pod out of its Services, **startup** holds the other two back while a slow
       application starts;
    3. watch every field (`initialDelaySeconds`, `periodSeconds`, `timeoutSeconds`, `successThreshold`,
       `failureThreshold`, `terminationGracePeriodSeconds`) on a timeline;
    4. make the notes' `liveness-exec` example work.
    """),
    ("code", """
    import json
    from datetime import datetime, timezone

    from engine import Cluster

    c = Cluster(workers=1)
    %load_ext engine
    """),
    ("md", """
    Probes are about *when* things happen, so this lesson watches pods with a helper:
    `timeline(pod, seconds, service=None, at=None)` lets virtual time pass one second at a time and prints,
    with the time since the pod was created, each new event about the pod, each change of its `READY`,
    `STATUS` and `RESTARTS` columns, and (with `service=`) each change of the Service's endpoints: the pod
    IPs it sends traffic to (`ready`) and those it holds back (`not ready`). `at={seconds: "kubectl
    command"}` runs a command at a given moment. It only uses `kubectl`.
    """),
    ("code", """
    def _seconds(stamp):
        return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()

    _seen = {}
    ENDPOINTS = "jsonpath=ready=[{.subsets[*].addresses[*].ip}] not ready=[{.subsets[*].notReadyAddresses[*].ip}]"

    def timeline(pod, seconds, service=None, at=None):
        created = _seconds(json.loads(c.kubectl(f"get pod {pod} -o json").stdout)["metadata"]["creationTimestamp"])
        start = _seconds("2025-01-01T00:00:00Z")  # the cluster's clock starts at this date
        seen, last_row, last_endpoints, at = _seen.setdefault(pod, {}), None, None, dict(at or {})
        for _ in range(int(seconds)):
            c.advance(1)
            t = round(c.now + start - created)
            if t in at:
                print(f"{t:4}s  $ kubectl {at[t]}")
                c.kubectl(at[t])
            events = json.loads(c.kubectl(f"get events --field-selector involvedObject.name={pod} -o json").stdout)
            new = [e for e in events["items"] if seen.get(e["metadata"]["name"], -1) != e.get("count")]
            for e in sorted(new, key=lambda e: int(e["metadata"]["resourceVersion"])):  # in the order written
                seen[e["metadata"]["name"]] = e.get("count")
                print(f"{t:4}s  event    {e['reason']}: {e['message'].strip()}")
            cols = c.kubectl(f"get pod {pod} --no-headers").stdout.split()
            row = f"READY {cols[1]}  STATUS {cols[2]}  RESTARTS {cols[3]}" if cols else "(pod gone)"
            if row != last_row:
                print(f"{t:4}s  pod      {row}")
                last_row = row
            if service:
                endpoints = c.kubectl(["get", "endpoints", service, "-o", ENDPOINTS]).stdout
                if endpoints != last_endpoints:
                    print(f"{t:4}s  service  {endpoints}")
                    last_endpoints = endpoints
    """),
    ("md", """
    ## 1. Three ways to check a container

    Every probe uses exactly one **handler**:

    | handler | the kubelet ... | success when |
    |---|---|---|
    | `exec` | runs a command inside the container | the command exits with code 0 |
    | `httpGet` | sends `GET` to the pod's IP (`host` defaults to it), a `port` and a `path`, optional `httpHeaders` | the status code is 200 to 399 |
    | `tcpSocket` | opens a TCP connection to a `port` | the connection is accepted |
    | `grpc` (not in the notes, stable since 1.27) | calls the gRPC Health Checking service on a `port` | the answer is `SERVING` |

    Each probe gives **Success**, **Failure** or (when the check itself could not be run) **Unknown**,
    which changes nothing. The kubelet runs probes **from the node**: an `httpGet` or `tcpSocket` probe
    goes to the pod's IP, not through a Service.

    ### 1.1 exec: the notes' `liveness-exec` example

    The notes' example is the one of the Kubernetes documentation: the container creates
    `/tmp/healthy`, deletes it after 30 seconds, and a liveness probe runs `cat /tmp/healthy` every 5
    seconds. As written in the notes it does not even parse: below `spec:` the indentation is off (four
    spaces, and every field of the container pushed further right than its `- name:`), and the probe's
    fields are not nested under `livenessProbe:` and `exec:`.
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: liveness-exec
    spec:
        containers:
        - name: liveness
            image: k8s.gcr.io/busybox
            args:
            - /bin/sh
            - -c
            - touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600
            livenessProbe:
            exec:
                command:
                - cat
                - /tmp/healthy
            initialDelaySeconds: 5
            periodSeconds: 5
    """),
    ("md", """
    Fixed: `containers` two spaces under `spec`, the container's fields aligned with `name`, `exec`,
    `initialDelaySeconds` and `periodSeconds` inside `livenessProbe`, `command` inside `exec`. The image
    also needs updating: `k8s.gcr.io` has been frozen since April 2023 and only redirects to its successor,
    **`registry.k8s.io`** (new images and tags appear only there).
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: liveness-exec
    spec:
      containers:
      - name: liveness
        image: registry.k8s.io/busybox
        args:
        - /bin/sh
        - -c
        - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
        livenessProbe:
          exec:
            command:
            - cat
            - /tmp/healthy
          initialDelaySeconds: 5
          periodSeconds: 5
    """),
    ("code", """
    timeline("liveness-exec", 80)
    """),
    ("md", """
    Read the timeline:

    * from 2 s the container runs; the probe starts after `initialDelaySeconds: 5` and succeeds while
      the file exists (successes make no events);
    * at about 32 s the file is deleted; the next probes fail, one every `periodSeconds: 5`;
    * after the **third** failure in a row (`failureThreshold`, default 3) the kubelet kills the
      container: `Killing ... failed liveness probe, will be restarted`;
    * the restart (`RESTARTS 1`) comes about **30 seconds later**. Why? The kubelet first sends `SIGTERM`
      and waits up to the grace period (30 s by default) before `SIGKILL`. The container's PID 1 is
      `sh`, and a shell running as PID 1 ignores `SIGTERM`, so it dies only at the `SIGKILL`. Its exit
      code tells it:
    """),
    ("code", """
    %kubectl describe pod liveness-exec
    """),
    ("md", """
    The **probe timeline** draws every probe the kubelet ran for this pod (green: success, red: failure;
    hover over a dot for its output). Successes appear here although they make no events:
    """),
    ("code", """
    from engine.viz import ProbeTimeline

    ProbeTimeline(c, "liveness-exec")
    """),
    ("md", """
    Exit code `137` = 128 + 9 (`SIGKILL`). The `Liveness:` line lists the probe with all its settings,
    defaults included: `delay=5s timeout=1s period=5s #success=1 #failure=3`. The restarted container
    creates `/tmp/healthy` again, so the cycle repeats every 75 s or so, and the back-off between restarts
    grows as in lesson 02.

    ### 1.2 httpGet

    The documentation's `liveness` image serves `/healthz` with status 200 for its first 10 seconds, then
    500. The probe sends a custom header too:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: liveness-http
    spec:
      containers:
      - name: liveness
        image: registry.k8s.io/liveness
        args:
        - /server
        livenessProbe:
          httpGet:
            path: /healthz
            port: 8080
            httpHeaders:
            - name: Custom-Header
              value: Awesome
          initialDelaySeconds: 3
          periodSeconds: 3
    """),
    ("code", """
    timeline("liveness-http", 25)
    """),
    ("md", """
    Three `statuscode: 500` failures 3 seconds apart, then the kill and, in the same second, the restart:
    unlike `sh`, a Go program exits on `SIGTERM` even as PID 1 (with status 2), so there is no wait for
    `SIGKILL`. (A status of 200 to 399 is a success. A redirect to the same host is followed; one to
    another host counts as a success, with a `ProbeWarning` event.)

    ### 1.3 tcpSocket

    A TCP probe only asks "does something accept connections on this port?". The documentation's
    `goproxy` example, with the liveness probe pointed at a port nothing listens on, to see it fail:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: goproxy
      labels:
        app: goproxy
    spec:
      containers:
      - name: goproxy
        image: registry.k8s.io/goproxy:0.1
        ports:
        - containerPort: 8080
        readinessProbe:
          tcpSocket:
            port: 8080
          initialDelaySeconds: 15
          periodSeconds: 10
        livenessProbe:
          tcpSocket:
            port: 8081
          initialDelaySeconds: 15
          periodSeconds: 10
    """),
    ("code", """
    %kubectl expose pod goproxy --port=8080
    timeline("goproxy", 45, service="goproxy")
    """),
    ("md", """
    The readiness probe (port 8080) succeeded at its first run after the 15 s delay: the pod became
    `READY 1/1` and its IP moved from `not ready` to `ready` in the Service's endpoints. The liveness
    probe (port 8081) failed three times, 10 s apart, and the container was killed and restarted
    (`RESTARTS 1`). A restarted container is not ready until its readiness probe passes again, so the
    pod left the endpoints too.

    ## 2. Three kinds of probe

    | probe | question | on failure (after `failureThreshold` failures in a row) | runs |
    |---|---|---|---|
    | `startupProbe` | has the application finished starting? | container killed and restarted (per `restartPolicy`) | from the start until its first success, then never again |
    | `livenessProbe` | is it still alive (not stuck)? | container killed and restarted (per `restartPolicy`) | after the startup probe succeeded, for the container's whole life |
    | `readinessProbe` | can it serve requests now? | container marked not ready: the pod leaves its Services' endpoints; **no restart** | after the startup probe succeeded, for the container's whole life |

    Without a probe, the answer is "yes": a container with no readiness probe is ready as soon as it
    runs, one with no liveness probe is never killed for being unhealthy.

    ### 2.1 Readiness and endpoints

    An nginx that is ready only when the file `ready.html` exists in its web root. To show each field,
    this probe needs **2** successes in a row to become ready (`successThreshold: 2`) and **2** failures in
    a row to become unready (`failureThreshold: 2`), and runs every 5 seconds. At 15 s we create the file,
    at 35 s we delete it:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: ready-web
      labels:
        app: ready-web
    spec:
      containers:
      - name: web
        image: nginx
        readinessProbe:
          httpGet:
            path: /ready.html
            port: 80
          periodSeconds: 5
          successThreshold: 2
          failureThreshold: 2
    """),
    ("code", """
    %kubectl expose pod ready-web --port=80
    timeline("ready-web", 50, service="ready-web", at={
        15: "exec ready-web -- touch /usr/share/nginx/html/ready.html",
        35: "exec ready-web -- rm /usr/share/nginx/html/ready.html"})
    """),
    ("md", """
    * Until 15 s every probe gets `404`: `READY 0/1`, the pod's IP is listed under `not ready`: a
      Service sends it **no traffic**.
    * After the file appears, it takes **two** successful probes (`successThreshold: 2`) before the pod
      is ready and its IP moves to `ready`.
    * After the file is gone, it takes **two** failures (`failureThreshold: 2`): the pod is unready again,
      out of the endpoints, and **not restarted** (`RESTARTS 0`).

    This is what readiness is for: a rolling update waits for new pods to be ready, and a pod that is
    briefly overloaded or loading data stops receiving traffic without being killed. The pod's
    `Ready` condition says why it is not ready:
    """),
    ("code", """
    %kubectl get pod ready-web -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.message}{"\\n"}{end}'
    """),
    ("md", """
    The map of the cluster draws each Service with arrows to the pods of its endpoints, **dashed** to
    the not-ready ones: `ready-web`'s arrow is dashed now. The time controls' **step** button advances
    virtual time; the map redraws after every cell too.
    """),
    ("code", """
    from engine.viz import ClusterMap, TimeControls

    probe_map = ClusterMap(c, namespace="default", services=True)
    display(probe_map, TimeControls(c, views=[probe_map], seconds=5))
    """),
    ("md", """
    Make `ready-web` ready again: after two successful probes (up to 10 s) its arrow turns solid.
    """),
    ("code", """
    %%kubectl
    exec ready-web -- touch /usr/share/nginx/html/ready.html
    sleep 10
    get endpoints ready-web
    """),
    ("md", """
    ### 2.2 Startup probes: slow starters

    An application that needs 25 seconds to start would be killed by a strict liveness probe before it
    ever runs. A **startup probe** holds liveness and readiness back until it has succeeded once; it
    allows up to `failureThreshold × periodSeconds` (here 10 × 5 = 50 s) for the start.
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: slow-start
      labels:
        app: slow-start
    spec:
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "sleep 25; touch /tmp/started; sleep 3600"]
        startupProbe:
          exec:
            command: ["cat", "/tmp/started"]
          periodSeconds: 5
          failureThreshold: 10
        livenessProbe:
          exec:
            command: ["cat", "/tmp/started"]
          periodSeconds: 5
        readinessProbe:
          exec:
            command: ["cat", "/tmp/started"]
          periodSeconds: 5
    """),
    ("code", """
    %kubectl expose pod slow-start --port=80
    timeline("slow-start", 35, service="slow-start")
    """),
    ("md", """
    Five startup failures (no restart: 5 < 10), then success; only then do liveness and readiness run,
    and the pod becomes ready. The container's `started` field turns `true` at that moment:
    """),
    ("code", """
    %kubectl get pod slow-start -o jsonpath='started={.status.containerStatuses[0].started} ready={.status.containerStatuses[0].ready}'
    """),
    ("md", """
    If the start takes longer than the budget, the startup probe kills the container to restart it,
    exactly like a liveness probe (the restart itself comes when `sh` is killed at the end of the grace
    period). The same app with a budget of 3 × 5 = 15 s:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: too-slow
    spec:
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "sleep 25; touch /tmp/started; sleep 3600"]
        startupProbe:
          exec:
            command: ["cat", "/tmp/started"]
          periodSeconds: 5
          failureThreshold: 3
    """),
    ("code", """
    timeline("too-slow", 25)
    """),
    ("md", """
    > **The notes say** the startup probe "checks whether the container has started; if it is unhealthy
    > the container is restarted". True, but the point is what it does to the **other** probes: while
    > the startup probe has not succeeded, liveness and readiness probes do not run, so a slow start is
    > not mistaken for a dead container. Once it has succeeded it never runs again.

    ## 3. Every field, with its default

    | field | default | minimum | meaning |
    |---|---|---|---|
    | `initialDelaySeconds` | 0 | 0 | seconds after the container started before the first probe |
    | `periodSeconds` | 10 | 1 | seconds between probes |
    | `timeoutSeconds` | 1 | 1 | seconds the kubelet waits for the answer (also for `exec`) |
    | `successThreshold` | 1 | 1 | successes in a row to count as passing after a failure; **must be 1** for liveness and startup |
    | `failureThreshold` | 3 | 1 | failures in a row to count as failing |
    | `terminationGracePeriodSeconds` | the pod's (30) | 1 | grace period when a **liveness or startup** failure kills the container |

    The API server fills the defaults in; look at a probe with none of them set:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: defaults
    spec:
      containers:
      - name: web
        image: nginx
        livenessProbe:
          tcpSocket:
            port: 80
    """),
    ("code", """
    %%kubectl
    sleep 5
    get pod defaults -o jsonpath={.spec.containers[0].livenessProbe}
    describe pod defaults
    """),
    ("md", """
    `initialDelaySeconds` is 0 and not shown (`delay=0s`). The timelines above showed
    `initialDelaySeconds` (the first probes of `goproxy` at 15 s and more), `periodSeconds` (the gaps
    between failures), `failureThreshold` (the third failure of `liveness-exec` kills, the second of
    `ready-web` unreadies) and `successThreshold` (`ready-web`'s two successes). Two fields remain.

    ### 3.1 timeoutSeconds

    A check that takes longer than `timeoutSeconds` counts as a failure. Here the probe command needs
    2 seconds and the timeout is the default 1 second. The probe also sets its own
    `terminationGracePeriodSeconds: 5`, while the pod's is 60:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: slow-probe
    spec:
      terminationGracePeriodSeconds: 60
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "sleep 3600"]
        livenessProbe:
          exec:
            command: ["sh", "-c", "sleep 2"]
          periodSeconds: 5
          failureThreshold: 2
          terminationGracePeriodSeconds: 5
    """),
    ("code", """
    timeline("slow-probe", 30)
    """),
    ("md", """
    Every probe times out: `command "sh -c sleep 2" timed out`. After 2 failures the kubelet kills the
    container.

    ### 3.2 terminationGracePeriodSeconds

    The container's `sh` ignores `SIGTERM`, so it dies only at the `SIGKILL` at the end of the grace period.
    The restart came **5 s** after the kill: the probe's own `terminationGracePeriodSeconds`, not the
    pod's 60 s (compare `liveness-exec` above: 30 s, the default). The probe-level field exists so that a
    hung container is replaced quickly while a normal shutdown (a deletion) still gets the pod's long
    grace period. It is allowed on liveness and startup probes only.

    With `timeoutSeconds: 3` the same check passes and nothing happens. **Try it:** edit the manifest
    above (pods' probes cannot be changed in place: delete the pod first, `kubectl delete pod slow-probe`),
    apply it again and run `timeline("slow-probe", 30)`.

    ### 3.3 What the API server refuses

    A probe has exactly one handler, and `successThreshold` must be 1 for liveness and startup probes
    (a single success already proves the container alive):
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: bad-probe
    spec:
      containers:
      - name: app
        image: nginx
        livenessProbe:
          successThreshold: 2
          exec:
            command: ["true"]
          tcpSocket:
            port: 80
    """),
    ("md", """
    `kubectl explain` documents every field:
    """),
    ("code", """
    %kubectl explain pod.spec.containers.livenessProbe.terminationGracePeriodSeconds
    """),
    ("md", """
    ## 4. Good practice

    * **Liveness** should check only the process itself (is it stuck?), never a dependency such as the
      database: if the database is down, restarting every web server does not help and can make it worse.
    * **Readiness** may check dependencies and load: it only diverts traffic.
    * Use a **startup probe** for slow starters instead of a long `initialDelaySeconds` on liveness: it
      stops waiting as soon as the application is up.
    * Keep checks cheap: they run every `periodSeconds`, in every container, for the pod's whole life.

    **Try it.** Give the `defaults` pod's nginx a readiness probe `httpGet` on `/` port 80 with
    `initialDelaySeconds: 10` (delete and re-apply it), expose it as a Service, and use
    `timeline("defaults", 20, service="defaults")` to see when its IP moves to `ready`.
    """),
    ("code", """
    # your experiments here
    """),
    ("md", """
    ## 5. The notes, corrected

    | the notes say | in fact |
    |---|---|
    | the `liveness-exec` example | invalid YAML (indentation); `k8s.gcr.io` is frozen, use `registry.k8s.io`; fixed above |
    | probe fields: initialDelaySeconds, periodSeconds, timeoutSeconds, successThreshold, failureThreshold | also `terminationGracePeriodSeconds` (liveness and startup); defaults 0, 10, 1, 1, 3; `successThreshold` must be 1 for liveness and startup |
    | startupProbe: restart when unhealthy | yes, and until it succeeds no liveness or readiness probe runs; it never runs again after its first success |
    | readinessProbe: no traffic when unhealthy | yes: the pod's IP moves to the endpoints' `notReadyAddresses`; the container is not restarted |
    | three handlers | a fourth, `grpc`, is stable since 1.27 |
    """),
    ("md", """
    ## Check yourself

    Replace each `...` with your answer, then run the cell after it.

    **1.** A liveness probe has only `exec` set. How many failures in a row make the kubelet restart the
    container?
    """),
    ("code", """
    import engine
    from engine import Cluster
    from selfcheck import check
    """),
    ("answer", "failures_before_restart", "3", "1"),
    ("code", """
    check(failures_before_restart, 3, "Look at #failure= in the Liveness: line of describe pod defaults.")
    """),
    ("md", """
    **2.** Which kind of probe, when it fails, takes the pod out of its Services' endpoints **without**
    restarting it? (`"startup"`, `"liveness"` or `"readiness"`.)
    """),
    ("answer", "probe_for_traffic", '"readiness"', '"liveness"'),
    ("code", """
    check(probe_for_traffic, lambda a: a.strip().lower() in ("readiness", "readinessprobe"),
          "Liveness and startup failures restart the container. Look at ready-web's RESTARTS.")
    """),
    ("md", """
    **3.** A startup probe has `periodSeconds: 5` and `failureThreshold: 12`. At most how many seconds may
    the application take to start before the startup probe restarts it?
    """),
    ("answer", "startup_budget", "60", "15"),
    ("code", """
    check(startup_budget, 60, "failureThreshold failures, periodSeconds apart.")
    """),
    ("md", """
    **4.** Write a pod manifest (a YAML string) named `slow` whose container (`busybox`, command
    `sh -c "sleep 40; touch /tmp/ok; sleep 3600"`) has the liveness probe `exec: cat /tmp/ok` with
    `periodSeconds: 5`, and that is **never restarted** by it: add what protects the slow start. The
    check runs it for 90 virtual seconds on a scratch cluster and wants `RESTARTS 0` and `READY 1/1`.
    """),
    ("answer", "slow_pod", '''"""
    apiVersion: v1
    kind: Pod
    metadata:
      name: slow
    spec:
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "sleep 40; touch /tmp/ok; sleep 3600"]
        startupProbe:
          exec:
            command: ["cat", "/tmp/ok"]
          periodSeconds: 5
          failureThreshold: 12
        livenessProbe:
          exec:
            command: ["cat", "/tmp/ok"]
          periodSeconds: 5
    """''', '''"""
    apiVersion: v1
    kind: Pod
    metadata:
      name: slow
    spec:
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "sleep 40; touch /tmp/ok; sleep 3600"]
        livenessProbe:
          exec:
            command: ["cat", "/tmp/ok"]
          periodSeconds: 5
    """'''),
    ("code", """
    def never_restarted(manifest):
        lesson_cluster, scratch = engine.current(), Cluster(workers=1)
        try:
            result = scratch.kubectl("apply -f -", stdin=manifest)
            print(result.stdout + result.stderr, end="")
            scratch.advance(90)
            row = scratch.kubectl("get pod slow --no-headers").stdout.split()
            print(scratch.kubectl("get pod slow").stdout, end="")
            return len(row) > 3 and row[1] == "1/1" and row[3] == "0"
        finally:
            engine.use(lesson_cluster)

    check(slow_pod, never_restarted, "A startupProbe with failureThreshold x periodSeconds above 40 s.")
    """),
    ("md", """
    **Graded assignment:** `03-probes` in the `exercises/` folder
    ([`../exercises/03-probes/03-probes.ipynb`](../exercises/03-probes/03-probes.ipynb)):
    liveness, readiness and startup probes written, fixed and troubleshot, graded by what they make the
    kubelet do.

    Next: **Lesson 04, Controllers**: ReplicaSets, Deployments and the other controllers that keep pods
    running for you.
    """),
]
