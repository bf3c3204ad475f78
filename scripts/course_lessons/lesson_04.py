"""Lesson 04, controllers: ReplicationController and ReplicaSet, Deployment (scale, autoscale, rollouts,
strategies), DaemonSet, StatefulSet, Job, CronJob and the HPA, each shown at work, the notes' mistakes corrected."""
NAME = "04-controllers"

CELLS = [
    ("md", """
    # Lesson 04: Controllers

    You almost never create pods one by one. You give the cluster a **controller object** (a
    Deployment, a DaemonSet, a Job...) that says *what should exist*, and a controller in the
    kube-controller-manager keeps making it so: it watches the objects, compares what is with what
    should be, and creates or deletes pods until the two agree. It never stops checking, so a pod
    that dies is replaced, a node that leaves is noticed, and a change to the spec is rolled out.

    In this lesson you will meet every controller of the notes and watch each one work:

    1. **ReplicationController** and **ReplicaSet**: keep N copies of a pod (and what "set-based
       selector" means);
    2. **Deployment**: scale, autoscale, update an image step by step, roll back, pause and resume,
       RollingUpdate versus Recreate, `maxSurge` and `maxUnavailable`;
    3. **DaemonSet**: one pod on every (or some) node, following nodes as they come and go;
    4. **StatefulSet**: stable names, stable storage, ordered start and stop;
    5. **Job** and **CronJob**: run to completion, now or on a schedule;
    6. **HorizontalPodAutoscaler**: what it can scale.

    Where the notes are wrong or out of date, you will see it marked **The notes say**, with what
    really happens; a table at the end collects them.
    """),
    ("code", """
    from engine import Cluster

    c = Cluster(workers=3)
    %load_ext engine
    """),
    ("md", """
    ## 1. ReplicationController and ReplicaSet

    Both keep a number of identical pods running: `replicas` copies of the pod `template`, counted by
    a label `selector`. The **ReplicationController** (RC, core API `v1`) is the original; the
    **ReplicaSet** (RS, `apps/v1`) is its successor. The difference the notes point out is the
    selector: an RC only matches labels exactly (`app=nginx`), a ReplicaSet also takes
    **set-based** expressions (`matchExpressions` with `In`, `NotIn`, `Exists`, `DoesNotExist`).

    Here is the notes' ReplicaSet, exactly as written:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: ReplicaSet
    metadata:
        name: nginx
    spec:
        replicas: 3
        selector:
        matchLabels:
            app: nginx
        template:
        metadata:
            labels:
            app: nginx
        spec:
            containers:
            - name: nginx
            image: nginx:1.14.2
            ports:
            - containerPort: 80
    """),
    ("md", """
    > **The notes say** `apiVersion: v1` for a ReplicaSet. ReplicaSets live in the `apps` group:
    > `apps/v1` (the old `extensions/v1beta1` and `apps/v1beta2` versions were removed in 1.16).
    > kubectl asks the API server which kinds `v1` has, finds no ReplicaSet, and gives up before
    > sending anything.

    Fixing only the version is not enough: in the notes' example the lines under `selector:` and
    `template:` lost their indentation, so `matchLabels` and `metadata` land directly under `spec`,
    where a ReplicaSet has no such fields. The API server decodes strictly and names every stray field:
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: ReplicaSet
    metadata:
        name: nginx
    spec:
        replicas: 3
        selector:
        matchLabels:
            app: nginx
        template:
        metadata:
            labels:
            app: nginx
        spec:
            containers:
            - name: nginx
            image: nginx:1.14.2
    """),
    ("md", """
    YAML nests by indentation, so indentation *is* the structure. Here are a ReplicationController
    (equality selector: a plain map of labels) and a ReplicaSet with a **set-based** selector,
    correctly indented. The ReplicaSet takes any pod whose `tier` is `frontend` or `web` and whose
    `env` is not `test`:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: ReplicationController
    metadata:
      name: rc-nginx
    spec:
      replicas: 2
      selector:
        app: rc-nginx
      template:
        metadata:
          labels:
            app: rc-nginx
        spec:
          containers:
          - name: nginx
            image: nginx:1.14.2
    ---
    apiVersion: apps/v1
    kind: ReplicaSet
    metadata:
      name: frontend
    spec:
      replicas: 3
      selector:
        matchExpressions:
        - {key: tier, operator: In, values: [frontend, web]}
        - {key: env, operator: NotIn, values: [test]}
      template:
        metadata:
          labels:
            tier: frontend
            env: prod
        spec:
          containers:
          - name: nginx
            image: nginx:1.14.2
    """),
    ("code", """
    %%kubectl
    sleep 15
    get rc,rs -o wide
    get pods --show-labels
    """),
    ("md", """
    The `SELECTOR` column shows the two kinds of selector. kubectl speaks the set-based syntax too:
    """),
    ("code", """
    %kubectl get pods -l 'tier in (frontend,web),env notin (test)'
    """),
    ("md", """
    A controller **counts by label**, not by who made the pod. Delete one of the RC's pods and it
    makes a new one; start a stray pod that happens to match the ReplicaSet's selector and the
    ReplicaSet *adopts* it, finds 4 pods where it wants 3, and deletes one (the one not yet
    ready, the stray itself):
    """),
    ("code", """
    first = c.kubectl("get pods -l app=rc-nginx -o name").stdout.split()[0]
    %kubectl delete $first
    """),
    ("code", """
    %%kubectl
    run stray --image=nginx --labels=tier=web,env=prod
    sleep 10
    get pods -l app=rc-nginx
    get pods -l tier
    describe rs frontend
    """),
    ("md", """
    The API server also checks that a controller would count its own pods: the template's labels must
    match the selector.
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: ReplicaSet
    metadata:
      name: mismatch
    spec:
      replicas: 1
      selector:
        matchLabels: {app: a}
      template:
        metadata:
          labels: {app: b}
        spec:
          containers:
          - name: nginx
            image: nginx
    """),
    ("md", """
    In practice you rarely write either one: a **Deployment** creates and manages ReplicaSets for
    you, and the ReplicationController is kept only for old manifests. Clean up:
    """),
    ("code", """
    %%kubectl
    delete rc rc-nginx
    delete rs frontend
    """),
    ("md", """
    ## 2. Deployment

    A Deployment owns ReplicaSets, one per version of its pod template, and moves pods from the old
    one to the new one when the template changes. Here is the notes' example with its indentation
    repaired (plus a CPU request, which the autoscaler below needs):
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: nginx
    spec:
      replicas: 3
      selector:
        matchLabels:
          app: nginx
      template:
        metadata:
          labels:
            app: nginx
        spec:
          containers:
          - name: nginx
            image: nginx:1.14.2
            ports:
            - containerPort: 80
            resources:
              requests:
                cpu: 100m
    """),
    ("code", """
    %%kubectl
    sleep 15
    get deployment nginx
    get replicaset,pods -l app=nginx
    """),
    ("md", """
    Pod names tell the chain of ownership: `nginx` (Deployment) → `nginx-<hash>` (ReplicaSet; the
    hash is of the pod template, also put on each pod as the label `pod-template-hash`) →
    `nginx-<hash>-<random>` (Pod).

    ### Scaling

    `kubectl scale` changes `spec.replicas`; the Deployment passes it on to its ReplicaSet:
    """),
    ("code", """
    %%kubectl
    scale deployment nginx --replicas=5
    sleep 10
    get deployment nginx
    """),
    ("md", """
    ### Autoscaling

    `kubectl autoscale` creates a **HorizontalPodAutoscaler** (HPA) that sets `replicas` for you from
    the pods' measured CPU, as a percentage of what each pod *requests* (here 100m). Every 15 s it
    computes `desired = ceil(current × usage / target)` (ignoring changes within 10% of the target),
    kept between `--min` and `--max`.
    `c.set_load` puts simulated work on the pods (as if clients were calling them), so you can watch
    it react:
    """),
    ("code", """
    %%kubectl
    autoscale deployment nginx --min=3 --max=5 --cpu-percent=80
    sleep 60
    get hpa nginx
    """),
    ("md", """
    With no load, 5 replicas are more than needed, yet the HPA has not scaled down: it waits for
    its **downscale stabilization window** (5 minutes) so that a short lull does not remove pods it
    will need again. Now load the pods: 900m of CPU shared by 5 pods is 180m each, 180% of the request.
    """),
    ("code", """
    c.set_load("deployment/nginx", cpu="900m")
    """),
    ("code", """
    %%kubectl
    sleep 60
    top pods -l app=nginx
    get hpa nginx
    """),
    ("md", """
    It would like `ceil(5 × 180 / 80) = 12` replicas but `--max` is 5. Let the load fall to 50m
    and wait out the stabilization window:
    """),
    ("code", """
    c.set_load("deployment/nginx", cpu="50m")
    %kubectl get hpa nginx
    """),
    ("code", """
    %%kubectl
    sleep 400
    get hpa nginx
    describe hpa nginx
    """),
    ("md", """
    The HPA owns `replicas` now: a `kubectl scale` would be undone at its next check. Delete it to
    take the Deployment back by hand:
    """),
    ("code", """
    %kubectl delete hpa nginx
    """),
    ("md", """
    ### The docs' walkthrough: load from real requests

    `c.set_load` is a shortcut. In the Kubernetes docs' HPA walkthrough the load comes from a client:
    `registry.k8s.io/hpa-example` is Apache with a PHP page that computes a million square roots per
    request (0.2 CPU seconds here), and a busybox pod requests it in a loop. Each pod may use 500m
    (its limit), so a request takes 0.4 s; the autoscaler targets 50% of the 200m request.
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: php-apache
    spec:
      selector:
        matchLabels:
          run: php-apache
      template:
        metadata:
          labels:
            run: php-apache
        spec:
          containers:
          - name: php-apache
            image: registry.k8s.io/hpa-example
            ports:
            - containerPort: 80
            resources:
              limits:
                cpu: 500m
              requests:
                cpu: 200m
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: php-apache
      labels:
        run: php-apache
    spec:
      ports:
      - port: 80
      selector:
        run: php-apache
    """),
    ("code", """
    %%kubectl
    sleep 30
    autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10
    sleep 30
    get hpa php-apache
    """),
    ("md", """
    The docs run the load generator with `kubectl run -i --tty ... --rm` and stop it with Ctrl-C. A
    notebook cell is not a terminal, so here it runs in the background and `kubectl delete` stops it
    (in `python -m engine` the docs' command works as written).
    """),
    ("code", """
    %%kubectl
    run load-generator --image=busybox:1.28 --restart=Never -- /bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"
    sleep 90
    top pods -l run=php-apache
    get hpa php-apache
    """),
    ("md", """
    One client at a time keeps about half a core busy in all, so the HPA settles where that is
    about 50% of the pods' requests (5 × 200m × 50% = 500m). Stop the load and wait out the
    stabilization window:
    """),
    ("code", """
    %%kubectl
    delete pod load-generator
    sleep 420
    get hpa php-apache
    get deployment php-apache
    """),
    ("md", """
    ### A rolling update, step by step

    Changing anything in the pod template (here the image, as in the notes) starts a **rollout**: the
    Deployment creates a new ReplicaSet and moves replicas to it a few at a time, as the new pods
    become Ready. Watch the two ReplicaSets every two seconds:
    """),
    ("code", """
    from engine.viz import RolloutView

    rollout_view = RolloutView(c, "deployment/nginx")  # starts recording the ReplicaSets now
    %kubectl set image deployment nginx nginx=nginx:1.15.12
    for step in range(6):
        print(f"t = {c.now:.0f} s")
        print(c.kubectl("get rs -l app=nginx").stdout)
        c.advance(2)
    """),
    ("md", """
    The old ReplicaSet goes down as the new one comes up, one pod at a time, and at every moment 3
    pods are Ready: for 3 replicas the default bounds (below) allow one extra pod and none missing. `rollout status` follows the same progress (it returns when the rollout is done)
    and the events tell the story:
    """),
    ("code", """
    %%kubectl
    rollout status deployment nginx
    get events --field-selector involvedObject.kind=Deployment
    """),
    ("md", """
    The **rollout view** recorded both ReplicaSets at every change: desired pods dashed, available pods
    solid, all available pods in black, and the two bounds of the RollingUpdate strategy in red. The black
    line never leaves the band between them:
    """),
    ("code", """
    rollout_view
    """),
    ("md", """
    ### History and rollback

    Each ReplicaSet the Deployment keeps is a **revision** (up to `revisionHistoryLimit`, 10 by
    default). The `CHANGE-CAUSE` column shows the annotation `kubernetes.io/change-cause` (the old
    `--record` flag that filled it is deprecated; set the annotation yourself):
    """),
    ("code", """
    %%kubectl
    annotate deployment nginx kubernetes.io/change-cause="image nginx:1.15.12"
    rollout history deployment nginx
    """),
    ("md", """
    `rollout undo` goes back to the previous revision (`--to-revision=N` to any kept one). It is itself
    a rollout: revision 1's template becomes the newest revision, 3.
    """),
    ("code", """
    %%kubectl
    rollout undo deployment nginx
    rollout status deployment nginx
    rollout history deployment nginx
    rollout history deployment nginx --revision=3
    """),
    ("md", """
    Rollbacks matter most when an update goes wrong. `nginx:1.16` does not exist (the tag is
    `1.16.1`); the new pods cannot pull it, the rollout stops, and the old pods keep serving, because
    the rolling update never removes more than `maxUnavailable` Ready pods:
    """),
    ("code", """
    %%kubectl
    set image deployment nginx nginx=nginx:1.16
    sleep 30
    get pods -l app=nginx
    rollout status deployment nginx --timeout=5s
    """),
    ("code", """
    %%kubectl
    rollout undo deployment nginx
    sleep 10
    get rs -l app=nginx
    """),
    ("md", """
    ### Pause and resume

    Every template change starts a rollout. To make several changes and roll them out **once**, pause
    the Deployment first; the changes are recorded but nothing moves until you resume:
    """),
    ("code", """
    %%kubectl
    rollout pause deployment nginx
    set image deployment nginx nginx=nginx:1.16.1
    set resources deployment nginx --limits=cpu=500m
    sleep 10
    get rs -l app=nginx
    rollout resume deployment nginx
    rollout status deployment nginx
    get rs -l app=nginx
    """),
    ("md", """
    **Your turn.** Watch a rollout yourself: run the next cell, then press **step** (5 virtual
    seconds each) and see the old ReplicaSet's pods give way to the new one's on the map. Try other
    images (`nginx:1.25`, `nginx:1.26`), a tag that does not exist, or `rollout undo` while it runs.
    """),
    ("code", """
    from engine.viz import ClusterMap, TimeControls

    rollout_map = ClusterMap(c, namespace="default")
    display(rollout_map, TimeControls(c, views=[rollout_map], seconds=5))
    %kubectl set image deployment nginx nginx=nginx:1.17.10
    """),
    ("code", """
    # your commands, for example:
    # %kubectl rollout history deployment nginx
    # %kubectl rollout undo deployment nginx --to-revision=2
    """),
    ("md", """
    ### Strategies: RollingUpdate and Recreate

    `spec.strategy.type` is `RollingUpdate` (the default) or `Recreate`. A rolling update has two knobs:

    - `maxSurge`: how many pods *above* `replicas` may exist during the update (rounded **up**);
    - `maxUnavailable`: how many *below* `replicas` may be not Ready (rounded **down**).

    Both default to **25%**. With 3 replicas that is a surge of 1 and 0 unavailable; with 4, one of
    each. They cannot both be 0 (the rollout could never move):

    > **The notes say** the update strategy "keeps only a certain number of pods down, 25% by
    > default". That is `maxUnavailable`; its twin `maxSurge` (also 25%) bounds the extra pods.
    """),
    ("code", """
    %%kubectl
    create deployment web --image=nginx:1.26 --replicas=4
    sleep 15
    patch deployment web -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":0}}}}'
    """),
    ("md", """
    `maxSurge: 1, maxUnavailable: 0` never drops below 4 Ready pods: one extra pod is started, and an
    old one goes only when a new one is Ready. Count the pods as it runs:
    """),
    ("code", """
    %kubectl patch deployment web -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}'
    %kubectl set image deployment/web nginx=nginx:1.27
    for step in range(7):
        pods = c.api.list("pods", namespace="default", label_selector="app=web")["items"]
        alive = [p for p in pods if not p["metadata"].get("deletionTimestamp")]
        ready = [p for p in alive if any(cd["type"] == "Ready" and cd["status"] == "True"
                                         for cd in p["status"].get("conditions", []))]
        print(f"t = {c.now:.0f} s: {len(alive)} pods, {len(ready)} Ready")
        c.advance(2)
    """),
    ("md", """
    **Recreate** stops every old pod first and starts the new ones only when they are all gone: a short
    outage, but two versions never run side by side (useful when they cannot share a database
    schema, or a volume that only one pod may mount). Switching needs `rollingUpdate` removed, since it
    belongs to the other strategy:
    """),
    ("code", """
    %kubectl patch deployment web -p '{"spec":{"strategy":{"type":"Recreate"}}}'
    """),
    ("md", """
    A strategic merge patch keeps the existing `rollingUpdate`; a merge patch can set it to `null`:
    """),
    ("code", """
    %%kubectl
    patch deployment web --type=merge -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'
    set image deployment/web nginx=nginx:1.27.3
    get rs,pods -l app=web
    sleep 3
    get rs,pods -l app=web
    describe deployment web
    """),
    ("md", """
    With Recreate a bad image is an outage: the old pods are gone before the new ones fail.

    **Your turn.** Switch `web` back to `RollingUpdate` with `maxSurge: 0` and `maxUnavailable: 1`
    (no extra pod ever: useful when the nodes are full), update the image, and count the pods as above.
    """),
    ("code", """
    # %kubectl patch deployment web --type=merge -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":0,"maxUnavailable":1}}}}'
    """),
    ("md", """

    ## 3. DaemonSet

    A DaemonSet runs **one pod on every node** (or every node its `nodeSelector` / affinity picks).
    There is no `replicas`: the number of pods is the number of matching nodes. The notes' use cases
    are the typical ones: node agents for **storage** (glusterd, ceph), **log collection** (fluentd,
    fluent-bit, logstash) and **monitoring** (prometheus node-exporter, collectd, datadog-agent...).
    The cluster already runs one: kube-proxy, one per node.
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: log-agent
    spec:
      selector:
        matchLabels:
          app: log-agent
      template:
        metadata:
          labels:
            app: log-agent
        spec:
          containers:
          - name: agent
            image: busybox:1.36
            command: ["sh", "-c", "while true; do echo shipping logs of $(hostname); sleep 30; done"]
    """),
    ("code", """
    %%kubectl
    sleep 15
    get daemonset log-agent
    get pods -l app=log-agent -o wide
    get daemonset -n kube-system
    """),
    ("md", """
    Three workers, three pods; the control-plane node gets none, because it has the taint
    `node-role.kubernetes.io/control-plane:NoSchedule` and `log-agent` does not tolerate it.
    kube-proxy tolerates every taint (`operator: Exists`), so it runs on all four nodes. The map
    shows one `log-agent` pod in each worker:
    """),
    ("code", """
    from engine.viz import ClusterMap

    ClusterMap(c, namespace="default")
    """),
    ("md", """
    **A node leaves the cluster.** Delete `worker-3`'s Node object (as when a machine is
    decommissioned): the DaemonSet now wants 2 pods, and the pod garbage collector removes the pod
    bound to a node that no longer exists (it waits 40 s to be sure the node is really gone):
    """),
    ("code", """
    %%kubectl
    delete node worker-3
    sleep 90
    get daemonset log-agent
    get pods -l app=log-agent -o wide
    """),
    ("md", """
    **Nodes join.** A DaemonSet with a `nodeSelector` runs only on the nodes carrying the label. For
    the DaemonSet controller, a node that gets the label is a node that joined: it gets a pod at once;
    a node that loses it loses the pod. (A new machine registering itself is the same event: one more
    matching node.)
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: ssd-monitor
    spec:
      selector:
        matchLabels:
          app: ssd-monitor
      template:
        metadata:
          labels:
            app: ssd-monitor
        spec:
          nodeSelector:
            disk: ssd
          containers:
          - name: monitor
            image: busybox:1.36
            command: ["sleep", "3600"]
    """),
    ("code", """
    %%kubectl
    get daemonset ssd-monitor
    label node worker-1 disk=ssd
    sleep 10
    get pods -l app=ssd-monitor -o wide
    label node worker-2 disk=ssd
    sleep 10
    get pods -l app=ssd-monitor -o wide
    label node worker-1 disk-
    sleep 30
    get pods -l app=ssd-monitor -o wide
    """),
    ("md", """
    **A node fails.** When a node stops answering, pods of Deployments are evicted after 5 minutes
    and re-created elsewhere. A DaemonSet's pod belongs *on that node*, so the controller gives it
    tolerations without a time limit: it stays, waiting for its node to come back.
    """),
    ("code", """
    %kubectl get pods -l app=log-agent -o jsonpath='{.items[0].spec.tolerations}'
    """),
    ("code", """
    c.fail_node("worker-2")
    %kubectl get nodes
    """),
    ("code", """
    %%kubectl
    sleep 400
    get nodes
    get pods -l app=log-agent -o wide
    """),
    ("code", """
    c.recover_node("worker-2")
    %kubectl delete daemonset ssd-monitor
    """),
    ("md", """
    ## 4. StatefulSet

    Deployment pods are interchangeable: random names, new IPs, shared or no storage. A database
    replica is not: it needs to be *the same member* after a restart, with *its own* data. A
    **StatefulSet** gives each pod

    - a **stable name** with an ordinal: `db-0`, `db-1`, `db-2`, kept when the pod is re-created;
    - a **stable DNS name** through a *headless* Service (`clusterIP: None`, named in `serviceName`):
      `db-1.db.default.svc.cluster.local`;
    - **its own storage**: one PersistentVolumeClaim per pod from `volumeClaimTemplates`
      (`data-db-1`), which follows the pod and is **kept** when the pod or the StatefulSet is deleted;
    - **ordered** start (0, 1, 2, each after the previous one is Ready) and stop (highest first).
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Service
    metadata:
      name: db
    spec:
      clusterIP: None
      selector:
        app: db
      ports:
      - port: 80
    ---
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: db
    spec:
      serviceName: db
      replicas: 3
      selector:
        matchLabels:
          app: db
      template:
        metadata:
          labels:
            app: db
        spec:
          containers:
          - name: nginx
            image: nginx:1.27
            volumeMounts:
            - name: data
              mountPath: /usr/share/nginx/html
      volumeClaimTemplates:
      - metadata:
          name: data
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 1Gi
    """),
    ("code", """
    for step in range(6):
        print(f"t = {c.now:.0f} s")
        print(c.kubectl("get pods -l app=db").stdout)
        c.advance(4)
    """),
    ("md", """
    One at a time, in order: `db-1` is created only once `db-0` is Ready.

    > **The notes say** ordered deployment is "implemented with init containers". It is not: the
    > StatefulSet controller itself waits (`podManagementPolicy: OrderedReady`, the default). With
    > `podManagementPolicy: Parallel` it starts them all at once.

    Each pod got its own claim and volume. Write something into each:
    """),
    ("code", """
    %%kubectl
    sleep 10
    get statefulset,pvc
    exec db-0 -- sh -c 'echo I am db-0 > /usr/share/nginx/html/index.html'
    exec db-1 -- sh -c 'echo I am db-1 > /usr/share/nginx/html/index.html'
    exec db-2 -- sh -c 'echo I am db-2 > /usr/share/nginx/html/index.html'
    run client --image=busybox:1.36 -- sleep 3600
    sleep 10
    exec client -- nslookup db-1.db.default.svc.cluster.local
    exec client -- wget -qO- http://db-1.db
    """),
    ("md", """
    Delete `db-1`: it comes back with the same name, the same claim and so the same data (only its IP
    may change; the DNS name follows it):
    """),
    ("code", """
    %%kubectl
    delete pod db-1
    sleep 15
    get pods -l app=db -o wide
    exec client -- wget -qO- http://db-1.db
    """),
    ("md", """
    Scaling down removes the highest ordinals first, one at a time (`db-2`, then `db-1` once `db-2`
    is gone), and **keeps their claims**; scaling up again gives `db-2` back its old data:
    """),
    ("code", """
    %%kubectl
    scale statefulset db --replicas=1
    sleep 10
    get pods -l app=db
    get pvc
    get events --field-selector involvedObject.kind=StatefulSet
    """),
    ("code", """
    %%kubectl
    scale statefulset db --replicas=3
    sleep 30
    get pods -l app=db
    exec client -- wget -qO- http://db-2.db
    """),
    ("md", """
    **Your turn.** Set `podManagementPolicy: Parallel` on a new StatefulSet (it cannot be changed on
    an existing one) and watch its pods start all at once; delete the StatefulSet `db` and check
    that its claims are still there (`kubectl get pvc`).
    """),
    ("code", """
    # your commands
    """),
    ("md", """
    Lesson 08 comes back to StatefulSet storage.

    ## 5. Job

    A **Job** runs pods until a given number *succeed* (exit 0), then stops: batch work. The notes'
    example computes π to 2000 digits:
    """),
    ("code", """
    %%apply
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: pi
    spec:
      template:
        spec:
          containers:
          - name: pi
            image: perl
            command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
          restartPolicy: Never
      backoffLimit: 4
    """),
    ("code", """
    %%kubectl
    sleep 60
    get job pi
    get pods -l job-name=pi
    """),
    ("code", """
    digits = c.kubectl("logs job/pi").stdout
    print(digits[:60], "...", f"({len(digits.strip())} characters)")
    """),
    ("md", """
    The fields of a Job's `spec`:

    | field | meaning | default |
    |---|---|---|
    | `completions` | how many pods must succeed | 1 |
    | `parallelism` | how many pods may run at once | 1 |
    | `backoffLimit` | retries: the Job is marked Failed when more pods than this have failed (retries wait 10 s, 20 s, 40 s...) | 6 |
    | `activeDeadlineSeconds` | the Job fails when it runs longer than this | none |
    | `ttlSecondsAfterFinished` | delete the finished Job (and its pods) this long after it ends | none: kept |
    | `template.spec.restartPolicy` | `Never` (a failed pod stays, a new one is made) or `OnFailure` (the container restarts in place); `Always` is refused | required |

    Five completions, two at a time:
    """),
    ("code", """
    %%apply
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: batch
    spec:
      completions: 5
      parallelism: 2
      template:
        spec:
          containers:
          - name: work
            image: busybox:1.36
            command: ["sh", "-c", "echo working; sleep 10"]
          restartPolicy: Never
    """),
    ("code", """
    for step in range(5):
        c.advance(8)
        print(f"t = {c.now:.0f} s")
        print(c.kubectl("get job batch").stdout)
    """),
    ("md", """
    A Job whose pods keep failing stops at `backoffLimit`:
    """),
    ("code", """
    %%apply
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: flaky
    spec:
      backoffLimit: 2
      template:
        spec:
          containers:
          - name: work
            image: busybox:1.36
            command: ["sh", "-c", "echo trying; exit 1"]
          restartPolicy: Never
    """),
    ("code", """
    %%kubectl
    sleep 120
    get job flaky
    get pods -l job-name=flaky
    describe job flaky
    """),
    ("md", """
    A Job's pods must not restart forever, so `restartPolicy: Always`, the default for pods, is
    refused; a Job must say `Never` or `OnFailure`:
    """),
    ("code", """
    %%apply
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: oops
    spec:
      template:
        spec:
          containers:
          - name: oops
            image: busybox:1.36
          restartPolicy: Always
    """),
    ("md", """
    ## 6. CronJob

    A **CronJob** creates a Job at each time of a cron schedule: backups, clean-ups, reports, emails.
    The notes' example uses `apiVersion: batch/v1beta1`. CronJob has been `batch/v1` since 1.21, and
    `batch/v1beta1` was removed in 1.25 (older tutorials also show `batch/v2alpha1`, long gone):
    """),
    ("code", """
    %%apply
    apiVersion: batch/v1beta1
    kind: CronJob
    metadata:
      name: hello
    spec:
      schedule: "*/1 * * * *"
      jobTemplate:
        spec:
          template:
            spec:
              containers:
              - name: hello
                image: busybox
                args:
                - /bin/sh
                - -c
                - date; echo Hello from the Kubernetes cluster
              restartPolicy: OnFailure
    """),
    ("code", """
    %%apply
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: hello
    spec:
      schedule: "*/1 * * * *"
      jobTemplate:
        spec:
          template:
            spec:
              containers:
              - name: hello
                image: busybox
                args:
                - /bin/sh
                - -c
                - date; echo Hello from the Kubernetes cluster
              restartPolicy: OnFailure
    """),
    ("md", """
    Five virtual minutes later there have been five runs, but only three Jobs are left: the
    `successfulJobsHistoryLimit` (default 3) deletes older successful ones (`failedJobsHistoryLimit`,
    default 1, does the same for failed ones). Each Job is named after its scheduled time in minutes
    since 1970, so one schedule time can never make two Jobs:
    """),
    ("code", """
    %%kubectl
    sleep 300
    get cronjob hello
    get jobs
    """),
    ("code", """
    last = [name for name in c.kubectl("get jobs -o name").stdout.split() if "/hello-" in name][-1]
    %kubectl logs $last
    """),
    ("md", """
    > **The notes say** CronJobs "support second-level scheduling". They do not. The schedule is a
    > standard 5-field cron expression (minute, hour, day of month, month, day of week); a sixth
    > field for seconds is refused. The parser also accepts `@every <duration>`, but since Job names
    > carry the scheduled *minute*, a CronJob still starts at most one Job a minute:
    """),
    ("code", """
    %%apply
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: fast
    spec:
      schedule: "*/10 * * * * *"
      jobTemplate:
        spec:
          template:
            spec:
              containers:
              - name: hello
                image: busybox
                args: [/bin/sh, -c, date]
              restartPolicy: OnFailure
    """),
    ("code", """
    %%kubectl
    delete cronjob hello
    create cronjob fast --image=busybox --schedule="@every 10s" -- date
    sleep 180
    get jobs
    """),
    ("md", """
    The other fields of a CronJob's `spec`:

    | field | meaning | default |
    |---|---|---|
    | `schedule` | the cron expression (also `@hourly`, `@daily`...) | required |
    | `timeZone` | the time zone of the schedule (`Europe/Paris`) | the controller's (UTC) |
    | `jobTemplate` | the Job to create | required |
    | `startingDeadlineSeconds` | a run that could not start within this many seconds of its time is **skipped** (a `MissSchedule` event), not failed | none |
    | `concurrencyPolicy` | `Allow` overlapping runs, `Forbid` (skip a run while the last one is still running) or `Replace` (stop the running Job, start the new one) | `Allow` |
    | `suspend` | `true` stops creating Jobs (running ones continue) | `false` |
    | `successfulJobsHistoryLimit` / `failedJobsHistoryLimit` | finished Jobs kept | 3 / 1 |

    `Forbid` in action: a run every 2 minutes that takes 5 minutes. The runs that fall while one is
    still active are skipped, with an event saying why:
    """),
    ("code", """
    %%kubectl
    delete cronjob fast
    create cronjob slow --image=busybox:1.36 --schedule="*/2 * * * *" -- sh -c "echo start; sleep 300"
    patch cronjob slow -p '{"spec":{"concurrencyPolicy":"Forbid"}}'
    sleep 600
    get jobs
    describe cronjob slow
    """),
    ("md", """
    `suspend` pauses it, and `kubectl create job --from=cronjob/...` runs it once now, whatever the
    schedule (handy to test a CronJob):
    """),
    ("code", """
    %%kubectl
    patch cronjob slow -p '{"spec":{"suspend":true}}'
    create job slow-now --from=cronjob/slow
    get cronjob slow
    get job slow-now
    """),
    ("md", """
    > **The notes say** "a task that was not run before its time is discarded" and that "creating a
    > Job is idempotent". The first is `startingDeadlineSeconds` (and only when it is set: without it a
    > late controller still starts the missed run, once); the second is the naming above.

    ## 7. HorizontalPodAutoscaler: what can it scale?

    The HPA does not know about Deployments as such. It reads and writes the **scale subresource**
    (`/scale`) of its target, so it can scale anything that has one: Deployment, ReplicaSet,
    StatefulSet, ReplicationController, and custom resources that declare a scale subresource.
    A DaemonSet has none (its size is the number of nodes):

    > **The notes say** the HPA "only supports Deployment and ReplicaSet". It also scales
    > StatefulSets and ReplicationControllers, and uses memory or custom metrics as well as CPU
    > (`autoscaling/v2`).
    """),
    ("code", """
    %kubectl autoscale daemonset log-agent --max=3
    """),
    ("code", """
    %%kubectl
    autoscale statefulset db --min=1 --max=4 --cpu-percent=70
    sleep 60
    get hpa
    describe hpa db
    """),
    ("md", """
    The HPA found the StatefulSet's scale, but cannot compute a utilization: the `db` pods request no
    CPU, and a percentage of nothing is undefined. **Set `resources.requests`** on anything you
    autoscale by CPU or memory. The object `kubectl autoscale` made is an `autoscaling/v2`
    HorizontalPodAutoscaler, whose `metrics` list can also hold memory, per-pod custom metrics or
    external ones:
    """),
    ("code", """
    %kubectl get hpa db -o yaml
    """),
    ("md", """
    ## 8. The notes, corrected

    | the notes say | in fact |
    |---|---|
    | ReplicaSet `apiVersion: v1` | `apps/v1`; the examples' lost indentation is refused by strict decoding |
    | update strategy: "a number of pods down, 25% by default" | two bounds, `maxUnavailable` (25%, rounded down) and `maxSurge` (25%, rounded up); not both 0 |
    | StatefulSet ordering "is implemented with init containers" | the StatefulSet controller orders pods itself (`podManagementPolicy: OrderedReady`; `Parallel` to turn it off) |
    | CronJob `batch/v1beta1` | `batch/v1` since 1.21; `batch/v1beta1` removed in 1.25, `batch/v2alpha1` long before |
    | CronJob "supports second-level scheduling" | 5-field cron, one minute at best; 6 fields are refused, `@every 10s` still runs once a minute |
    | "missed tasks are discarded" | only past `startingDeadlineSeconds`, and they are skipped, not failed |
    | HPA "only supports Deployment and ReplicaSet" | anything with a scale subresource: also StatefulSet, ReplicationController, custom resources; not DaemonSet |
    """),
    ("md", """
    ## Check yourself

    Replace each `...` with your answer, then run the cell after it.

    **1.** Which kind can select pods with `tier in (frontend, web)`: `ReplicationController` or `ReplicaSet`?
    """),
    ("code", """
    from selfcheck import check, check_command
    """),
    ("answer", "set_based", '"ReplicaSet"', '"ReplicationController"'),
    ("code", """
    check(set_based, "ReplicaSet", "Which of the two has matchExpressions in its selector?")
    """),
    ("md", """
    **2.** A Deployment has `replicas: 4`, `maxSurge: 1` and `maxUnavailable: 0`. During a rolling
    update, what is the largest number of pods that exist at once (not counting pods being terminated)?
    """),
    ("answer", "most_pods", "5", "4"),
    ("code", """
    check(most_pods, 5, "maxSurge counts the pods allowed above replicas.")
    """),
    ("md", """
    **3.** The StatefulSet `db` has a `volumeClaimTemplates` entry named `data`. What is the name of the
    PersistentVolumeClaim of the pod `db-2`?
    """),
    ("answer", "claim_name", '"data-db-2"', '"db-2-data"'),
    ("code", """
    check(claim_name, "data-db-2", "Look at kubectl get pvc in section 4: <template>-<pod>.")
    """),
    ("md", """
    **4.** Give a CronJob schedule (as a string) that runs every 5 minutes.
    """),
    ("answer", "every_five", '"*/5 * * * *"', '"*/300 * * * * *"'),
    ("code", """
    check(every_five, lambda a: a.split() in (["*/5", "*", "*", "*", "*"], ["0-59/5", "*", "*", "*", "*"]),
          "Five fields: minute hour day-of-month month day-of-week; no seconds.")
    """),
    ("md", """
    **5.** Write the kubectl command that makes the Deployment `web` autoscale between 2 and 6 replicas,
    aiming at 70% CPU. The check runs it on a scratch cluster.
    """),
    ("answer", "autoscale_web", '"kubectl autoscale deployment web --min=2 --max=6 --cpu-percent=70"',
     '"kubectl scale deployment web --replicas=6"'),
    ("code", """
    def web_autoscaled(cluster):
        r = cluster.kubectl("get hpa web -o jsonpath={.spec.minReplicas}/{.spec.maxReplicas}/"
                            "{.spec.metrics[0].resource.target.averageUtilization}")
        return r.stdout == "2/6/70"

    check_command(autoscale_web, web_autoscaled, "kubectl autoscale deployment web ...",
                  setup=["create deployment web --image=nginx --replicas=2"])
    """),
    ("md", """
    **Graded assignment:** `04-controllers` in the `exercises/` folder
    ([`../exercises/04-controllers/04-controllers.ipynb`](../exercises/04-controllers/04-controllers.ipynb)):
    Deployments, Jobs, CronJobs and quotas, graded by what your manifests and commands do.

    Next: **Lesson 05, Services**: stable addresses for changing pods, and how traffic reaches them.
    """),
]
