"""Lesson 02, pods: the unit of scheduling, shared network and storage, the pause container, phases and
container states, the lifecycle, init containers rule by rule, hooks, standalone versus managed pods, sidecars."""
NAME = "02-pods"

CELLS = [
    ("md", """
    # Lesson 02: Pods

    In this lesson you will

    1. see why the **pod**, not the container, is what Kubernetes schedules;
    2. watch the containers of one pod share a **network** (one IP, `localhost`) and **storage** (volumes);
    3. meet the **pause** container that holds the pod's network namespace;
    4. read a pod's **phase** and each container's **state**, and see what the restart policy does;
    5. follow a pod's whole **lifecycle**: sandbox, init containers, app containers with their
       `postStart` and `preStop` hooks, termination with a grace period;
    6. check every rule the notes give for **init containers** against a running cluster;
    7. compare a **standalone** pod with one a controller manages, and meet the **multi-container
       patterns** (sidecar, ambassador, adapter), including native sidecars.

    As in lesson 01, where the notes are wrong or out of date the lesson says so, marked
    **The notes say**, and collects the corrections in a table at the end.
    """),
    ("code", """
    import json
    from datetime import datetime, timezone

    from engine import Cluster

    c = Cluster(workers=2)
    %load_ext engine
    """),
    ("md", """
    A small helper used in several places: `timeline(pod, seconds)` lets virtual time pass one second at a
    time and prints, with the time since the pod was created, every new event about the pod and every change
    of its `READY`, `STATUS` and `RESTARTS` columns. (`at={seconds: "kubectl command"}` runs a command at
    a given moment.) It only uses `kubectl`, as you could at a terminal.
    """),
    ("code", """
    def _seconds(stamp):
        return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()

    _seen = {}

    def timeline(pod, seconds, at=None):
        created = _seconds(json.loads(c.kubectl(f"get pod {pod} -o json").stdout)["metadata"]["creationTimestamp"])
        start = _seconds("2025-01-01T00:00:00Z")  # the cluster's clock starts at this date
        seen, last_row, at = _seen.setdefault(pod, {}), None, dict(at or {})
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
                print(f"{t:4}s  event  {e['reason']}: {e['message'].strip()}")
            cols = c.kubectl(f"get pod {pod} --no-headers").stdout.split()
            row = f"READY {cols[1]}  STATUS {cols[2]}  RESTARTS {cols[3]}" if cols else "(pod gone)"
            if row != last_row:
                print(f"{t:4}s  pod    {row}")
                last_row = row
    """),
    ("md", """
    ## 1. The pod: the unit of scheduling

    A **pod** is a group of one or more containers that always run together, on the same node, sharing a
    network identity and volumes. Kubernetes never schedules a single container: the scheduler picks a
    node for the *pod*, and the kubelet of that node starts all of its containers. To run more copies of
    an application you add pods, never containers to a pod.

    A pod with two containers: a web server and a client that just waits.
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: duo
    spec:
      containers:
      - name: web
        image: nginx
      - name: client
        image: busybox
        command: ["sh", "-c", "sleep 3600"]
    """),
    ("code", """
    %%kubectl
    sleep 10
    get pod duo -o wide
    """),
    ("md", """
    One pod, one IP, one node, `READY 2/2`: both containers run. The `Events` of `describe` show the
    scheduler placing the pod once (`Scheduled`), then the kubelet pulling, creating and starting each
    container in the order of the manifest:
    """),
    ("code", """
    print(c.kubectl("describe pod duo").stdout.split("Events:")[1])
    """),
    ("md", """
    A map of the cluster (from `engine.viz`, as in lesson 00) shows the pods of the `default` namespace
    inside their nodes, coloured by state. It redraws after every cell you run, so keep an eye on it
    during the lesson:
    """),
    ("code", """
    from engine.viz import ClusterMap

    ClusterMap(c, namespace="default")
    """),
    ("md", """
    ## 2. Shared network

    All containers of a pod live in **one network namespace**: the same IP address, the same ports, the
    same `localhost`. The client reaches the web server on `localhost`, without any Service:
    """),
    ("code", """
    %%kubectl
    exec duo -c client -- wget -qO- http://localhost:80
    """),
    ("code", """
    %%kubectl
    exec duo -c client -- hostname -i
    exec duo -c web -- hostname -i
    """),
    ("md", """
    Because they share the ports too, two containers of one pod cannot listen on the same port. Here
    are two nginx in one pod: the second cannot bind port 80, tries five times, gives up and is
    restarted again and again (CrashLoopBackOff):
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: clash
    spec:
      containers:
      - name: first
        image: nginx
      - name: second
        image: nginx
    """),
    ("code", """
    %%kubectl
    sleep 20
    get pod clash
    logs clash -c second --previous --tail=4
    delete pod clash --now
    """),
    ("md", """
    Give each container of a pod its own port. Containers of *different* pods talk through pod IPs or,
    better, Services (lesson 05).

    ## 3. Shared storage

    Each container has its **own filesystem** (from its image). What a pod's containers share are the
    **volumes** declared in `spec.volumes` and mounted into each of them. An `emptyDir` volume is created
    empty when the pod starts on its node and deleted with the pod. Here a writer fills nginx's web root:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: shared
    spec:
      containers:
      - name: web
        image: nginx
        volumeMounts:
        - name: html
          mountPath: /usr/share/nginx/html
      - name: writer
        image: busybox
        command: ["sh", "-c", "while true; do date > /data/index.html; sleep 5; done"]
        volumeMounts:
        - name: html
          mountPath: /data
      volumes:
      - name: html
        emptyDir: {}
    """),
    ("code", """
    %%kubectl
    sleep 10
    exec shared -c web -- cat /usr/share/nginx/html/index.html
    exec shared -c writer -- touch /tmp/only-here
    exec shared -c web -- ls /tmp/only-here
    """),
    ("md", """
    The page written by `writer` under `/data` is served by `web` from `/usr/share/nginx/html`: one
    volume, two mount paths. A file in `/tmp` of one container is invisible to the other.

    > **The notes say** containers in a pod should not keep persistent data because the pod may be
    > destroyed at any time. Right for the container's own filesystem and for `emptyDir` (gone with the
    > pod). Data that must outlive the pod goes to a PersistentVolume (lesson 08).

    ## 4. The pause container

    Before it starts any of your containers, the kubelet asks the container runtime for a **pod
    sandbox**: the runtime starts a tiny **pause** container (image `registry.k8s.io/pause`) that creates
    and holds the pod's network namespace (and IPC namespace), and the network plugin (CNI, here flannel)
    gives that namespace its IP. Your containers then *join* the namespace. If an app container crashes
    and restarts, the sandbox stays, so the pod keeps its IP.

    The pause container is not in the pod's spec or status, so `kubectl` never shows it; on a node,
    `crictl pods` lists the sandboxes (this simulation has no node shell). You can see that it is ready
    in the pod's first condition, `PodReadyToStartContainers`: the sandbox exists and has its network.
    """),
    ("code", """
    %kubectl get pod duo -o jsonpath='{range .status.conditions[*]}{.type}={.status}{"\\n"}{end}'
    """),
    ("md", """
    The pause image itself is a single static program that does nothing but sleep (and reap zombie
    processes). Run it as an ordinary container to see how little is in it: no shell, no files.
    """),
    ("code", """
    %%kubectl
    run pause-demo --image=registry.k8s.io/pause:3.10
    sleep 5
    get pod pause-demo
    exec pause-demo -- sh
    """),
    ("md", """
    > **The notes say** the pause container "is the first container of the pod and provides network and
    > storage for the other containers". Half right. It is started first and it holds the **network**
    > namespace every container joins. It does not provide **storage**: the kubelet prepares the volumes
    > and the runtime mounts them into each container that lists them in `volumeMounts`.

    ## 5. Phases and container states

    A pod's `status.phase` is one of five values:

    | phase | meaning |
    |---|---|
    | `Pending` | accepted, but not all containers run yet: waiting for a node, pulling images, running init containers |
    | `Running` | bound to a node, all containers created, at least one running (or restarting) |
    | `Succeeded` | all containers exited with code 0 and will not be restarted |
    | `Failed` | all containers stopped and at least one failed (non-zero exit, or killed) and will not be restarted |
    | `Unknown` | the state could not be obtained, historically when the node stopped reporting |

    The `STATUS` column of `kubectl get pods` is **not** the phase: kubectl shows the most telling
    *reason* (a container's waiting or terminated reason, `Init:0/2`, `Terminating`, ...). Let's make a
    pod in each phase:
    """),
    ("code", """
    %%kubectl
    run no-image --image=nginx:no-such-tag
    run too-big --image=nginx --overrides='{"spec":{"containers":[{"name":"too-big","image":"nginx","resources":{"requests":{"cpu":"64"}}}]}}'
    run once --image=busybox --restart=Never -- echo hello
    run oops --image=busybox --restart=Never -- sh -c 'echo something went wrong; exit 3'
    sleep 10
    get pods
    """),
    ("code", """
    %kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'
    """),
    ("md", """
    `no-image` (an image that does not exist: `ImagePullBackOff`) and `too-big` (no node has 64 CPUs:
    unschedulable) are both `Pending`; `once` `Succeeded` (`Completed` in the STATUS column); `oops`
    `Failed` (`Error`).

    Each **container** has its own state: `waiting` (with a reason such as `ContainerCreating`,
    `ImagePullBackOff`, `CrashLoopBackOff`), `running` (with its start time) or `terminated` (with exit
    code, reason and times):
    """),
    ("code", """
    for pod in ("no-image", "oops"):
        print(pod, c.kubectl(f"get pod {pod} -o jsonpath={{.status.containerStatuses[0].state}}").stdout)
    """),
    ("code", """
    %kubectl describe pod oops
    """),
    ("md", """
    **What about `Unknown`?** When a node stops reporting, today's control plane does not set the phase to
    `Unknown`: the node lifecycle controller marks the node's pods not ready and, after 300 s (the
    `tolerations` shown by `describe`), evicts them; they show `Terminating` until the node comes back
    or someone force-deletes them. Lesson 09 fails a node on purpose.

    ### The restart policy

    `spec.restartPolicy` applies to all containers of a pod: `Always` (the default), `OnFailure` or
    `Never`. It is the **kubelet** that restarts a container, in place, in the same pod, with an
    exponential back-off (10 s, 20 s, 40 s, ... up to 5 minutes): that is `CrashLoopBackOff`.
    """),
    ("code", """
    %kubectl run crash --image=busybox -- sh -c 'echo starting; sleep 2; exit 1'
    """),
    ("code", """
    timeline("crash", 80)
    """),
    ("md", """
    The first restart comes at once; after that the kubelet waits longer each time before starting the
    container again (about 10 s, then 20 s, then 40 s), and the pod shows `CrashLoopBackOff` while it
    waits. `kubectl logs --previous` shows the output of the container that died last:
    """),
    ("code", """
    %%kubectl
    logs crash --previous
    get pod crash -o jsonpath={.status.containerStatuses[0].lastState}
    """),
    ("md", """
    ## 6. The lifecycle, end to end

    The notes sum up a pod's life as *pause container → init containers → app containers (start,
    readiness, liveness, stop) → termination*. Here is all of it in one pod: an init container, an app
    container with a `postStart` hook and a `preStop` hook, and a grace period of 20 seconds. (Probes,
    the readiness and liveness part, are lesson 03.)
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: life
    spec:
      terminationGracePeriodSeconds: 20
      initContainers:
      - name: setup
        image: busybox
        command: ["sh", "-c", "echo preparing in $(hostname -i); ls /var/run/secrets/kubernetes.io; sleep 3"]
      containers:
      - name: app
        image: nginx
        lifecycle:
          postStart:
            exec:
              command: ["sh", "-c", "echo started > /usr/share/nginx/html/hook.txt"]
          preStop:
            exec:
              command: ["nginx", "-s", "quit"]
    """),
    ("code", """
    timeline("life", 12)
    """),
    ("code", """
    %%kubectl
    logs life -c setup
    exec life -- cat /usr/share/nginx/html/hook.txt
    """),
    ("md", """
    The init container already had the pod's IP and its volumes (here the service account token): the
    sandbox and the volumes are ready before the first init container starts. The app container
    started only after `setup` exited, and `hook.txt` was written by the `postStart` hook.
    """),
    ("md", """
    Now delete it without waiting (`--wait=false`) and keep watching. Deleting sets the pod's
    `deletionTimestamp` (STATUS `Terminating`); the kubelet runs the `preStop` hook, then sends each
    container its stop signal (the image's `STOPSIGNAL`: `SIGQUIT` for nginx, otherwise `SIGTERM`) and, if
    it is still running when the grace period ends, `SIGKILL`. When every container has stopped, the pod
    object is removed.
    """),
    ("code", """
    %kubectl delete pod life --wait=false
    timeline("life", 8)
    """),
    ("md", """
    The whole stop took about a second, well inside the 20 s grace period: the hook asked nginx to quit
    gracefully (`nginx -s quit`: finish the open requests, then exit) and nginx did. A process that ignores its stop signal is killed at the end of the grace period;
    a `preStop` hook that takes longer than the grace period is cut off with a `FailedPreStopHook` event:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: slow-stop
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "sleep 3600"]
        lifecycle:
          preStop:
            exec:
              command: ["sh", "-c", "sleep 30"]
    """),
    ("code", """
    timeline("slow-stop", 20, at={6: "delete pod slow-stop --wait=false"})
    """),
    ("md", """
    ## 7. Init containers, rule by rule

    **Init containers** (`spec.initContainers`) run **before** the app containers, **one at a time, in
    order**; each must **exit successfully** before the next one starts. They are for set-up work the app
    should not carry: fetching content, waiting for a dependency, preparing a configuration, running a
    database migration. They see the pod's network and volumes, because the sandbox and the volumes are
    ready before the first one starts.

    ### 7.1 The notes' example, fixed

    The notes' `init-demo` is the example of the Kubernetes documentation, but its indentation is broken:
    `spec:`'s children are indented by four spaces and each container's fields are pushed further
    right than its `- name:`. YAML refuses it before anything reaches the cluster:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: init-demo
    spec:
        containers:
        - name: nginx
            image: nginx:1.14.2
            ports:
            - containerPort: 80
            volumeMounts:
            - name: workdir
            mountPath: /usr/share/nginx/html
        initContainers:
        - name: install
            image: busybox
            command:
            - wget
            - "-O"
            - "/work-dir/index.html"
            - http://kubernetes.io
            volumeMounts:
            - name: workdir
            mountPath: "/work-dir"
        dnsPolicy: Default
        volumes:
        - name: workdir
            emptyDir: {}
    """),
    ("md", """
    Fixed: every field of a list item aligned under its `name`, the children of `spec` two spaces in.
    The init container `install` downloads a page into the shared `emptyDir`, which nginx then serves.
    (`dnsPolicy: Default` makes the pod use the node's resolver, so `kubernetes.io` is resolved as on
    the node.)
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: init-demo
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
        volumeMounts:
        - name: workdir
          mountPath: /usr/share/nginx/html
      initContainers:
      - name: install
        image: busybox
        command:
        - wget
        - "-O"
        - "/work-dir/index.html"
        - http://kubernetes.io
        volumeMounts:
        - name: workdir
          mountPath: "/work-dir"
      dnsPolicy: Default
      volumes:
      - name: workdir
        emptyDir: {}
    """),
    ("code", """
    timeline("init-demo", 8)
    """),
    ("code", """
    %%kubectl
    logs init-demo -c install
    exec init-demo -- cat /usr/share/nginx/html/index.html
    """),
    ("md", """
    The status went `Init:0/1` (0 of 1 init containers done), `PodInitializing` (init done, app
    containers being started), `Running`.

    ### 7.2 One at a time, in order, each must succeed

    Two init containers that wait for two Services to exist (a common pattern: do not start the app
    before its dependencies). They ask DNS for the Service's full name, as the Kubernetes documentation
    does, because busybox's `nslookup` fails when any search domain fails.
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: myapp
    spec:
      initContainers:
      - name: init-myservice
        image: busybox
        command: ['sh', '-c', 'until nslookup myservice.default.svc.cluster.local; do echo waiting for myservice; sleep 2; done']
      - name: init-mydb
        image: busybox
        command: ['sh', '-c', 'until nslookup mydb.default.svc.cluster.local; do echo waiting for mydb; sleep 2; done']
      containers:
      - name: app
        image: busybox
        command: ['sh', '-c', 'echo The app is running! && sleep 3600']
    """),
    ("code", """
    %%kubectl
    sleep 10
    get pod myapp
    logs myapp -c init-myservice --tail=3
    """),
    ("code", """
    %%kubectl
    create service clusterip myservice --tcp=80:9376
    sleep 5
    get pod myapp
    create service clusterip mydb --tcp=80:9377
    sleep 5
    get pod myapp
    logs myapp
    """),
    ("md", """
    `Init:0/2`, then `Init:1/2` once `myservice` exists, then `Running` once `mydb` exists too. The
    `Initialized` condition tells the same story:
    """),
    ("code", """
    %kubectl describe pod myapp
    """),
    ("md", """
    In `describe`, an init container is `Ready: True` once it has **completed** successfully; while it
    runs it is not ready.

    ### 7.3 When an init container fails

    > **The notes say** if an init container fails the pod stays `Pending` and the init container is
    > run again, "unless restartPolicy is Never, the Pod keeps restarting". Precisely: with
    > `restartPolicy: Always` or `OnFailure` the kubelet **restarts the failed init container** (with the
    > same back-off as any container: `Init:CrashLoopBackOff`), the pod stays `Pending` and is **not**
    > recreated. With `restartPolicy: Never` the pod **fails** at once: phase `Failed`, app containers
    > never started.
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: init-retries
    spec:
      initContainers:
      - name: check
        image: busybox
        command: ['sh', '-c', 'echo checking; exit 1']
      containers:
      - name: app
        image: nginx
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: init-gives-up
    spec:
      restartPolicy: Never
      initContainers:
      - name: check
        image: busybox
        command: ['sh', '-c', 'echo checking; exit 1']
      containers:
      - name: app
        image: nginx
    """),
    ("code", """
    %%kubectl
    sleep 40
    get pods init-retries init-gives-up
    get pods init-retries init-gives-up -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'
    """),
    ("md", """
    ### 7.4 A restarted app container does not rerun the init containers

    > **The notes say** "when the Pod restarts, the init containers run again, but the app containers
    > do not". The kubelet restarts *containers*, not pods. When an app container crashes and is
    > restarted, the init containers are **not** run again: the sandbox is still there and they already
    > succeeded in it. They run again only when the whole sandbox is recreated (for example after the
    > node rebooted), and then every app container starts afresh too.
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: init-once
    spec:
      initContainers:
      - name: init
        image: busybox
        command: ['sh', '-c', 'echo init ran at $(date +%T)']
      containers:
      - name: app
        image: busybox
        command: ['sh', '-c', 'echo app started at $(date +%T); sleep 5; exit 1']
    """),
    ("code", """
    %%kubectl
    sleep 40
    get pod init-once
    logs init-once -c init
    logs init-once -c app
    get pod init-once -o jsonpath={.status.initContainerStatuses[0].restartCount}
    """),
    ("md", """
    The app container restarted (`RESTARTS` above 0); the init container ran once (restart count 0, one
    line in its log).

    ### 7.5 Which fields an init container may have

    > **The notes say** init containers "have every field except readinessProbe". They may not have
    > **any** probe (`livenessProbe`, `readinessProbe`, `startupProbe`) nor a `lifecycle` hook: an init
    > container must simply run to completion. (The exception is a *native sidecar*, an init container
    > with `restartPolicy: Always`, section 9.) And the notes are right that an init container's **name**
    > must differ from every other container's name in the pod. The API server checks all of it:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: bad-init
    spec:
      initContainers:
      - name: app
        image: busybox
        readinessProbe:
          exec:
            command: ["true"]
        livenessProbe:
          exec:
            command: ["true"]
        lifecycle:
          postStart:
            exec:
              command: ["true"]
      containers:
      - name: app
        image: nginx
    """),
    ("md", """
    ### 7.6 Changing an init container

    > **The notes say** an init container's spec can only be changed in its `image` field, and changing
    > the image restarts the pod. The first half is true of the **whole pod**: once a pod exists, its
    > spec is immutable except container and init container images, `activeDeadlineSeconds`, added
    > tolerations and (in one case) the grace period. The second half is outdated: changing the image of
    > an init container that has already completed does **not** restart the pod or rerun it (the new
    > image would only be used if the init containers ever run again).
    """),
    ("code", """
    %%kubectl
    patch pod init-demo -p '{"spec":{"initContainers":[{"name":"install","image":"busybox:1.36"}]}}'
    sleep 10
    get pod init-demo
    get pod init-demo -o jsonpath={.status.initContainerStatuses[0].restartCount}
    """),
    ("code", """
    %kubectl patch pod init-demo -p '{"spec":{"initContainers":[{"name":"install","command":["true"]}]}}'
    """),
    ("md", """
    ## 8. postStart and preStop

    A container can have two **lifecycle hooks**, each an `exec` command run inside the container, an
    `httpGet` request to it, or a `sleep` (1.30+):

    * `postStart` runs right after the container is created, **at the same time** as its entrypoint
      (there is no guarantee which runs first). The container is not reported `Running` until the hook
      finishes. If the hook fails, the container is killed (`FailedPostStartHook`) and the restart
      policy applies.
    * `preStop` runs when the container is about to be stopped (pod deleted, liveness failure,
      eviction ...), **before** the stop signal. It counts against the grace period.

    The notes' example, with its indentation fixed:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: lifecycle-demo
    spec:
      containers:
      - name: lifecycle-demo-container
        image: nginx
        lifecycle:
          postStart:
            exec:
              command: ["/bin/sh", "-c", "echo Hello from the postStart handler > /usr/share/message"]
          preStop:
            exec:
              command: ["/bin/sh","-c","nginx -s quit; while killall -0 nginx; do sleep 1; done"]
    """),
    ("code", """
    %%kubectl
    sleep 10
    exec lifecycle-demo -- cat /usr/share/message
    exec lifecycle-demo -- sh -c 'killall -0 nginx; echo exit code $?'
    """),
    ("md", """
    The `preStop` loop waits for nginx to be gone... with `killall`, which the nginx image does not
    contain. `killall` fails at once, so the loop ends at once; what actually does the work is
    `nginx -s quit` (a graceful stop: finish open requests, then exit). The example still works, but the
    loop is decoration.

    A failing `postStart` kills its container:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: bad-hook
    spec:
      containers:
      - name: app
        image: nginx
        lifecycle:
          postStart:
            exec:
              command: ["sh", "-c", "echo no config; exit 1"]
    """),
    ("code", """
    timeline("bad-hook", 20)
    """),
    ("md", """
    ## 9. Standalone pods and controller-managed pods

    A pod you create yourself (`kubectl run`, or a manifest with `kind: Pod`) is **standalone**: nothing
    recreates it if it is deleted, evicted, or lost with its node. A pod created by a **controller**
    (ReplicaSet, Deployment, StatefulSet, DaemonSet, Job) has an owner that keeps the number of pods it
    wants: delete one, and the controller makes a new one (with a new name).
    """),
    ("code", """
    %%kubectl
    run solo --image=nginx
    create deployment managed --image=nginx --replicas=1
    sleep 10
    get pods -l 'run=solo'
    get pods -l app=managed
    """),
    ("code", """
    managed_pod = c.kubectl("get pods -l app=managed -o jsonpath={.items[0].metadata.name}").stdout
    %kubectl delete pod solo $managed_pod --wait=false
    """),
    ("code", """
    %%kubectl
    sleep 10
    get pods -l app=managed
    """),
    ("code", """
    %kubectl get pod solo
    """),
    ("md", """
    `solo` is gone for good; `managed` has a new pod. The new pod's owner is the ReplicaSet of the
    Deployment:
    """),
    ("code", """
    %kubectl get pods -l app=managed -o jsonpath={.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}
    """),
    ("md", """
    > **The notes say** a standalone pod "is not restarted after it exits". Its **containers** are
    > restarted by the kubelet according to `restartPolicy`, exactly as in a managed pod (the `crash`
    > pod of section 5 is standalone and restarted again and again). What a standalone pod lacks is an
    > owner that **recreates the pod** when it is deleted or its node is lost. That is why real workloads
    > run under controllers (lesson 04).

    ## 10. Multi-container patterns

    Put several containers in one pod only when they must share a lifecycle, a network namespace or
    files. The classic patterns:

    * **Sidecar**: a helper next to the main container, e.g. shipping its logs, refreshing its content,
      a service-mesh proxy.
    * **Ambassador**: a proxy the app reaches on `localhost`, which talks to the outside world for it
      (e.g. to the right database shard).
    * **Adapter**: turns the app's output into a standard form (e.g. exposes its metrics in Prometheus
      format).

    Since Kubernetes 1.29 (beta, on by default) a sidecar can be declared as a **native sidecar**: an
    init container with `restartPolicy: Always`. It starts before the app containers (like an init
    container, but the next one does not wait for it to exit), keeps running beside them, may have
    probes, and is stopped **after** them, so it also works in Jobs. A log shipper that reads what
    the app writes to a shared volume:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: with-sidecar
    spec:
      initContainers:
      - name: log-shipper
        image: busybox
        restartPolicy: Always
        command: ["sh", "-c", "touch /var/log/app.log; tail -f /var/log/app.log"]
        volumeMounts:
        - name: logs
          mountPath: /var/log
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo request $i >> /var/log/app.log; sleep 5; done"]
        volumeMounts:
        - name: logs
          mountPath: /var/log
      volumes:
      - name: logs
        emptyDir: {}
    """),
    ("code", """
    timeline("with-sidecar", 6)
    """),
    ("code", """
    %%kubectl
    sleep 15
    get pod with-sidecar
    logs with-sidecar -c log-shipper
    """),
    ("md", """
    `READY 2/2`: the sidecar counts as one of the pod's running containers, and the events show it
    started before `app`. The app writes only to a file; the sidecar turns that file into a container
    log that `kubectl logs` (and a cluster's log collector) can read.

    **Try it.** Write a pod `try-init` with an `emptyDir` volume, an init container (busybox) that writes
    `hello from init` into a file on the volume, and an nginx container that serves that file as its
    `index.html`. Apply it, then check the page with `kubectl exec try-init -- cat
    /usr/share/nginx/html/index.html`. Then make the init container fail (`exit 1`): what does
    `get pod` show, and with `restartPolicy: Never`?
    """),
    ("code", """
    # your pod here: %%apply in a new cell, or c.apply(\"\"\"...\"\"\")
    """),
    ("md", """
    ## 11. The notes, corrected

    | the notes say | in fact |
    |---|---|
    | pause "provides network and storage" for the other containers | it holds the network (and IPC) namespace; volumes are mounted into each container by the kubelet and runtime |
    | a failed init container: "unless restartPolicy is Never, the Pod keeps restarting" | the *init container* is restarted with back-off (`Init:CrashLoopBackOff`), the pod stays `Pending`; with `Never` the pod is `Failed` |
    | when the Pod restarts, init containers run again but app containers do not | a crashed app container is restarted alone, init containers do not rerun; they rerun only with a new sandbox, and then all app containers restart too |
    | init container spec changes are limited to `image`, and changing it restarts the Pod | the whole pod spec is immutable except images (and a few fields); a new init image does not restart a running pod |
    | init containers have every field except readinessProbe | no probes at all and no lifecycle hooks (unless `restartPolicy: Always`, a native sidecar) |
    | standalone pods are not restarted after they exit | their containers are restarted per `restartPolicy`; the pod is not recreated when deleted or lost |
    | the examples (`init-demo`, `lifecycle-demo`) | the indentation is invalid YAML; fixed above. `killall` is not in the nginx image |
    """),
    ("md", """
    ## Check yourself

    Replace each `...` with your answer, then run the cell after it.

    **1.** A pod has two init containers; the first one is still running. What does the `STATUS` column of
    `kubectl get pod` show? (A string.)
    """),
    ("code", """
    from selfcheck import check, check_command
    """),
    ("answer", "status_during_first_init", '"Init:0/2"', '"Pending"'),
    ("code", """
    check(status_during_first_init, "Init:0/2",
          "Pending is the phase; the STATUS column counts the init containers done: Init:<done>/<total>.")
    """),
    ("md", """
    **2.** An init container exits with code 1 in a pod with `restartPolicy: Never`. What is the pod's
    **phase**?
    """),
    ("answer", "phase_after_failed_init", '"Failed"', '"Pending"'),
    ("code", """
    check(phase_after_failed_init, "Failed",
          "With Never nothing is retried: look at the init-gives-up pod of section 7.3.")
    """),
    ("md", """
    **3.** In one pod, container `api` listens on port 8080. Which address does container `worker` of the
    same pod use to reach it? (A string `host:port`.)
    """),
    ("answer", "address_in_pod", '"localhost:8080"', '"api:8080"'),
    ("code", """
    check(address_in_pod, lambda a: a.strip().lower() in ("localhost:8080", "127.0.0.1:8080"),
          "Containers of a pod share one network namespace. Container names are not DNS names.")
    """),
    ("md", """
    **4.** Write, as a string, the kubectl command that creates a standalone pod `once` from the image
    `busybox` that prints `hello` and is **never restarted**, so that it ends `Succeeded`. The check runs
    it on a scratch cluster.
    """),
    ("answer", "run_once", '"kubectl run once --image=busybox --restart=Never -- echo hello"',
     '"kubectl run once --image=busybox -- echo hello"'),
    ("code", """
    def once_succeeded(cluster):
        phase = cluster.kubectl("get pod once -o jsonpath={.status.phase}").stdout
        return phase == "Succeeded" and cluster.kubectl("logs once").stdout == "hello\\n"

    check_command(run_once, once_succeeded, "kubectl run once --image=busybox --restart=... -- echo hello")
    """),
    ("md", """
    **Graded assignment:** `02-pods` in the `exercises/` folder
    ([`../exercises/02-pods/02-pods.ipynb`](../exercises/02-pods/02-pods.ipynb)):
    write, run, fix and troubleshoot Pods, graded by what your manifests and commands do.

    Next: **Lesson 03, Probes**: how the kubelet decides that a container has started, is alive and is
    ready for traffic.
    """),
]
