"""Lesson 01, architecture: history, the nine features shown, each component observed at work, the
path of a `kubectl apply` through etcd revisions and events, add-ons, and the notes' mistakes corrected."""
NAME = "01-architecture"

CELLS = [
    ("md", """
    # Lesson 01: Architecture

    In this lesson you will

    1. place Kubernetes in its history (Borg, Mesos, Swarm);
    2. watch each **component** of a cluster do its job: etcd, the API server, the scheduler, the
       controller manager, the kubelet, kube-proxy and the container runtime;
    3. follow one `kubectl apply` step by step through etcd's revisions and the cluster's events;
    4. see the **nine features** from the notes happen: bin packing, self-healing, scaling, load
       balancing, rolling update, rollback, secrets and configuration, storage orchestration, batch jobs;
    5. meet the **add-ons** and what each is for.

    The study notes this course is built on get a few things wrong or out of date. Each mistake is
    pointed out where it comes up, marked **The notes say**, and collected in a table at the end.
    """),
    ("md", """
    ## 1. Where Kubernetes comes from

    **Borg.** Since the mid-2000s Google has run almost everything (search, Gmail, batch jobs) on an
    internal cluster manager called Borg: you describe a job, Borg finds machines for its tasks, packs
    many jobs onto each machine and restarts what fails. Its successor research system was called Omega.

    **Apache Mesos** (started at UC Berkeley around 2009) shares a cluster between *frameworks*: Mesos
    offers resources, and a framework (Marathon for long-running services, Spark or Hadoop for batch)
    decides what to run on them. This is called two-level scheduling.

    **Docker Swarm** (2014, built into the Docker Engine as *swarm mode* in 2016) turned a group of
    Docker hosts into one, with the Docker tools people already knew.

    **Kubernetes** was announced by Google in June 2014 and reached 1.0 in July 2015, when Google gave
    it to the newly founded Cloud Native Computing Foundation (CNCF). Within a few years it became the
    standard way to run containers, and Mesos and Swarm became niche.

    > **The notes say** "mesos -> swarm -> kubernetes" and "Kubernetes is the open-source version of
    > Borg". Both need correcting. The three systems were not successive versions of one idea: they
    > were developed at the same time and competed (around 2014 to 2017). And Kubernetes contains no
    > Borg code: it is a new system, written in Go, by engineers (several of whom had worked on Borg
    > and Omega) who applied Borg's lessons: an IP address per pod instead of shared host ports,
    > labels to group things, and a declarative API that the whole system reconciles towards.

    ## 2. A cluster at a glance

    A cluster is a set of **nodes**. The **control plane** decides; the **worker nodes** run your
    containers. (The notes, like older documentation, say "master"; Kubernetes has called it the
    control plane for years, and the node label and taint now say `control-plane`.)
    """),
    ("code", """
    import base64
    import json

    from engine import Cluster

    c = Cluster()
    %load_ext engine
    """),
    ("code", """
    %kubectl get nodes -o wide
    """),
    ("code", """
    %kubectl get pods -A -o wide
    """),
    ("md", """
    kubeadm runs the control-plane components as **static pods** on the control-plane node: the
    kubelet there starts them from manifest files on disk, before any API server exists. Their
    manifests are what `c.static_pod_manifests(...)` returns; here is the command line of each:
    """),
    ("code", """
    for pod in c.static_pod_manifests("control-plane"):
        container = pod["spec"]["containers"][0]
        print(f'{pod["metadata"]["name"]:40} {" ".join(container["command"][:3])} ...')
    """),
    ("code", """
    %kubectl get pods -n kube-system -l tier=control-plane
    """),
    ("md", """
    ## 3. The control plane, component by component

    ### etcd: the cluster's memory

    etcd is a consistent, distributed key-value store. It holds **the whole state of the cluster**:
    every object you create, every node, every pod, every event. Nothing else keeps state; if etcd is
    lost, the cluster is lost. The API server stores each object under a key
    `/registry/<resource>/<namespace>/<name>`:
    """),
    ("code", """
    print(c.etcdctl("get /registry/namespaces --prefix --keys-only"))
    """),
    ("code", """
    print(c.etcdctl("get /registry/pods/kube-system --prefix --keys-only"))
    """),
    ("md", """
    Each value is the object itself (a real cluster stores most objects as protobuf; this one stores
    the JSON you see in `kubectl get -o json`):
    """),
    ("code", """
    print(c.etcdctl("get /registry/namespaces/default --print-value-only"))
    """),
    ("md", """
    Every write to etcd gets the next **revision** number, a counter for the whole store. Each key
    remembers the revision that created it, the revision of its last change and how many times it
    changed (`version`). The API server shows the revision of an object's last change as its
    `resourceVersion`. etcdctl's JSON output prints keys and values as base64, because to etcd they
    are bytes, not text (`L3JlZ2lzdHJ5...` below is `/registry/namespaces/default`).
    """),
    ("code", """
    print(c.etcdctl("get /registry/namespaces/default --keys-only --write-out=json"))
    %kubectl get namespace default -o jsonpath={.metadata.resourceVersion}
    """),
    ("md", """
    > **The notes say** etcd "can be made highly available by running several instances". True, but
    > not any number: etcd needs a majority (a *quorum*) of its members to accept a write, so clusters
    > run 3 or 5 members, never an even number. This cluster, like a default kubeadm cluster, has one.
    > Lesson 10 breaks etcd on purpose.

    ### kube-apiserver: the only door

    The API server is the front door of the cluster: a REST API over HTTPS that kubectl, the other
    components and your programs all use. It authenticates and authorizes each request, fills in
    defaults, runs admission (which may change or refuse the object), validates it, and stores it in
    etcd. **It is the only component that talks to etcd**; every other component (scheduler,
    controllers, kubelets, kube-proxy) *watches* the API server for changes and writes its decisions
    back through it.
    """),
    ("code", """
    %kubectl cluster-info
    """),
    ("code", """
    %kubectl api-versions
    """),
    ("md", """
    The API server refuses what is not valid, before anything is stored:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: Bad_Name
    spec:
      containers:
      - name: app
        image: nginx
    """),
    ("md", """
    ### kube-scheduler: choosing a node

    The scheduler watches for pods that have no node yet. For each one it **filters** the nodes (is
    there enough free CPU and memory? does the pod tolerate the node's taints? ...), **scores** those
    that fit, and **binds** the pod to the best one: it posts a Binding to the API server, which writes
    the node's name into the pod's `spec.nodeName`. It starts nothing itself. `c.scheduler.explain_text` shows its reasoning:
    """),
    ("code", """
    %%kubectl
    run solo --image=nginx
    sleep 10
    get pod solo -o wide
    """),
    ("code", """
    print(c.scheduler.explain_text("default", "solo"))
    """),
    ("md", """
    The control-plane node is never chosen for ordinary pods: kubeadm gives it the taint
    `node-role.kubernetes.io/control-plane:NoSchedule`, and `solo` does not tolerate it.

    ### kube-controller-manager: many control loops

    The controller manager runs dozens of **controllers**. Each one is a loop that watches some kind of
    object and makes the world match what it asks for: the Deployment controller makes ReplicaSets,
    the ReplicaSet controller makes pods, the node lifecycle controller watches node heartbeats, the
    Job controller runs jobs to completion, the garbage collector deletes what lost its owner, and so on.
    Their work shows in **events** (the `From` column of `describe`) and in **owner references**:
    """),
    ("code", """
    %%kubectl
    create deployment chain --image=nginx --replicas=1
    sleep 10
    get deployment,replicaset,pod -l app=chain
    """),
    ("code", """
    owner = "jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}"
    pod = c.kubectl("get pods -l app=chain -o name").stdout.strip()
    print(pod, "is owned by", c.kubectl(f"get {pod} -o {owner}").stdout)
    rs = c.kubectl(f"get {pod} -o {owner}").stdout.lower()
    print(rs, "is owned by", c.kubectl(f"get {rs} -o {owner}").stdout)
    """),
    ("code", """
    %kubectl describe deployment chain
    """),
    ("md", """
    > **The notes say** the controller manager "manages nodes, pods, rc, services". Closer: it is a
    > bundle of independent control loops, each reconciling *desired* state (the spec you wrote) with
    > *actual* state (the status it observes), again and again, only through the API server.

    ## 4. The node components

    ### kubelet: the node's agent

    Every node runs a kubelet (a system service, not a pod, so it is missing from `get pods -A`). It
    registers its node, **reports the node's health** (conditions like `Ready`, capacity), renews the
    node's **Lease** every 10 seconds as a heartbeat, and **runs the pods bound to its node**: it
    asks the container runtime to pull images and start containers, runs probes and reports each
    pod's status.
    """),
    ("code", """
    lease = "get lease worker-1 -n kube-node-lease -o jsonpath={.spec.renewTime}"
    print(c.kubectl(lease).stdout)
    c.advance(10)
    print(c.kubectl(lease).stdout)
    """),
    ("code", """
    %kubectl describe pod solo
    """),
    ("md", """
    In the events above, `default-scheduler` bound the pod and then `kubelet` pulled the image and
    created and started the container.

    ### The container runtime

    The kubelet does not start containers itself: it asks a **container runtime** through the
    Container Runtime Interface (CRI). The `CONTAINER-RUNTIME` column shows which one:
    """),
    ("code", """
    %kubectl get nodes -o wide
    """),
    ("md", """
    > **The notes say** the node component is "docker". Not any more: Kubernetes 1.24 (2022) removed
    > the *dockershim* through which the kubelet used to drive Docker. Nodes run a CRI runtime such as
    > **containerd** (as here) or CRI-O. Images built with Docker still run unchanged: they are
    > standard OCI images.

    ### kube-proxy: Services on every node

    kube-proxy runs on every node (as a DaemonSet) and programs the node's packet filter so that
    traffic to a Service's virtual IP reaches one of the Service's pods. Here are the rules it wrote
    in the `nat` table of the control-plane node, one jump per Service port:
    """),
    ("code", """
    proxy = c.kubectl("get pods -n kube-system -l k8s-app=kube-proxy --field-selector spec.nodeName=control-plane -o name").stdout.strip()
    %kubectl exec -n kube-system $proxy -- iptables -t nat -S KUBE-SERVICES
    """),
    ("md", """
    Which packet filter it uses is its *mode*, set in the `kube-proxy` ConfigMap. An empty mode means
    the default, `iptables`:
    """),
    ("code", """
    config = c.kubectl("get configmap kube-proxy -n kube-system -o yaml").stdout
    print([line.strip() for line in config.splitlines() if line.strip().startswith("mode:")])
    """),
    ("md", """
    > **The notes say** kube-proxy "writes iptables rules" and, later, that "ipvs is now the default".
    > The default on Linux is still **iptables**; `ipvs` and (since 1.31, beta) `nftables` are modes you
    > choose, and the old `userspace` mode was removed in 1.26. Lesson 05 compares the modes.

    ## 5. What happens when you `kubectl apply`, step by step

    Every component above reacts to changes it sees through the API server, and every change is a
    write to etcd with its own revision. So etcd's revisions tell the story of an apply, in order.
    This helper lists the keys written since a given revision (leaving out the nodes' lease
    heartbeats), oldest first:
    """),
    ("code", """
    def etcd_revision():
        return json.loads(c.etcdctl("get /registry --prefix --keys-only --write-out=json").stdout)["header"]["revision"]

    def etcd_writes_since(revision):
        kvs = json.loads(c.etcdctl("get /registry --prefix --keys-only --write-out=json").stdout)["kvs"]
        print(f"{'CREATED':>7} {'CHANGED':>7} {'VERSION':>7}  KEY")
        for kv in sorted(kvs, key=lambda kv: kv["create_revision"]):
            key = base64.b64decode(kv["key"]).decode()  # etcdctl's JSON shows the key's bytes in base64
            if kv["mod_revision"] > revision and not key.startswith("/registry/leases/"):
                print(f'{kv["create_revision"]:>7} {kv["mod_revision"]:>7} {kv["version"]:>7}  {key}')

    start = etcd_revision()
    start
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: hello
    spec:
      replicas: 1
      selector:
        matchLabels:
          app: hello
      template:
        metadata:
          labels:
            app: hello
        spec:
          containers:
          - name: app
            image: nginx
    """),
    ("md", """
    The moment `apply` returns, look at what has been written. (Virtual time has not moved, but the
    components have reacted to everything that was due "now".)
    """),
    ("code", """
    etcd_writes_since(start)
    """),
    ("md", """
    Read it from the top:

    1. **kube-apiserver** stored the Deployment (`/registry/deployments/default/hello`).
    2. The **Deployment controller** saw it and created a ReplicaSet, and an event saying so.
    3. The **ReplicaSet controller** saw the ReplicaSet and created a Pod, and an event.
    4. The controllers wrote their status back: that is why the Deployment and ReplicaSet have a
       higher `CHANGED` revision than `CREATED` and a `VERSION` above 1.

    The pod has no node yet. Let a second pass:
    """),
    ("code", """
    c.advance(1)
    etcd_writes_since(start)
    """),
    ("md", """
    5. The **scheduler** bound the pod to a node (the pod's key changed) and recorded a `Scheduled` event.
    6. The **kubelet** of that node saw a pod bound to it, reported it as `ContainerCreating` and started
       pulling the image (another event).

    A few seconds later:
    """),
    ("code", """
    c.advance(10)
    etcd_writes_since(start)
    """),
    ("md", """
    7. The kubelet started the container (`Pulled`, `Created`, `Started` events) and reported the pod
       `Running` and `Ready`.
    8. The ReplicaSet and Deployment controllers saw a ready pod and updated their status: the
       Deployment is now available.

    The same story, told by the events:
    """),
    ("code", """
    %kubectl get events --sort-by=.metadata.creationTimestamp --field-selector involvedObject.name!=solo
    """),
    ("code", """
    %kubectl get deployment hello
    """),
    ("md", """
    **Try it:** scale `hello` to 3 replicas and call `etcd_writes_since(...)` with the revision from
    before: which controller wrote what?

    Nobody called anybody: each component only watched the API server and wrote its own piece back.
    That is why Kubernetes keeps working when a component restarts: on start it lists the current
    state and carries on.

    ## 6. The nine features

    ### 6.1 Automatic bin packing

    You say how much CPU and memory each container needs (`resources.requests`); the scheduler places
    pods on nodes that still have room. Eight pods asking for 1.5 CPU each, on three workers of
    4 CPUs:
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: packed
    spec:
      replicas: 8
      selector:
        matchLabels:
          app: packed
      template:
        metadata:
          labels:
            app: packed
        spec:
          containers:
          - name: app
            image: nginx
            resources:
              requests:
                cpu: 1500m
                memory: 128Mi
    """),
    ("code", """
    %%kubectl
    sleep 10
    get pods -l app=packed -o wide
    """),
    ("md", """
    Two pods fit on each worker (2 × 1.5 = 3 CPUs, plus what the system pods already asked for); a third
    would not (**try it:** change the request to `1000m` and apply again: how many fit now?). The two pods left over stay `Pending`, and the scheduler says why:
    """),
    ("code", """
    pending = c.kubectl("get pods -l app=packed --field-selector status.phase=Pending -o name").stdout.split()
    print(c.scheduler.explain_text("default", pending[0].split("/")[1]))
    """),
    ("code", """
    node = c.kubectl("describe node worker-1").stdout
    print(node[node.index("Allocated resources:"):node.index("Events:")])
    """),
    ("code", """
    %kubectl delete deployment packed
    """),
    ("md", """
    ### 6.2 Self-healing

    A ReplicaSet keeps the number of pods you asked for. Delete one and a new one takes its place:
    """),
    ("code", """
    %%kubectl
    create deployment web --image=nginx --replicas=3
    sleep 10
    get pods -l app=web -o wide
    """),
    ("code", """
    victim = c.kubectl("get pods -l app=web -o name").stdout.split()[0]
    %kubectl delete $victim
    %kubectl get pods -l app=web
    """),
    ("md", """
    A whole node can fail too. `c.fail_node` stops a node's kubelet, as if the machine died. The node
    stops renewing its Lease; 50 seconds later (the v1.32 default grace period) the node lifecycle
    controller sets its `Ready` condition to `Unknown` (`kubectl` shows `NotReady`) and taints it
    `node.kubernetes.io/unreachable`. Pods tolerate that taint for 300 seconds (see `Tolerations` in `describe pod`), and
    then they are evicted and the ReplicaSet makes replacements elsewhere:
    """),
    ("code", """
    sick = c.kubectl("get pods -l app=web -o jsonpath={.items[0].spec.nodeName}").stdout
    print("failing", sick)
    c.fail_node(sick)
    c.advance(60)
    %kubectl get nodes
    """),
    ("code", """
    %%kubectl
    sleep 300
    get pods -l app=web -o wide
    """),
    ("md", """
    The pod that was on the dead node shows `Terminating` (its kubelet cannot confirm that it
    stopped), and a replacement runs on a healthy node. Bring the node back: its kubelet reports in
    again, the node turns `Ready`, and the old pod is gone for good.
    """),
    ("code", """
    c.recover_node(sick)
    c.advance(30)
    %kubectl get nodes
    %kubectl get pods -l app=web -o wide
    """),
    ("md", """
    ### 6.3 Scaling, by hand and automatically

    `kubectl scale` changes the number of replicas:
    """),
    ("code", """
    %%kubectl
    scale deployment web --replicas=5
    sleep 10
    get deployment web
    """),
    ("md", """
    A HorizontalPodAutoscaler does it for you from measured CPU use. It needs CPU *requests* (usage is
    compared with them) and the metrics-server add-on. `c.set_load` puts load on the pods:
    """),
    ("code", """
    %%kubectl
    set resources deployment web --requests=cpu=100m
    sleep 20
    autoscale deployment web --min=2 --max=8 --cpu-percent=50
    """),
    ("code", """
    c.set_load("deployment/web", cpu="600m")   # spread over the 5 ready pods: 120m each, 120% of their request
    c.advance(120)
    %kubectl get hpa web
    %kubectl get deployment web
    """),
    ("code", """
    c.set_load("deployment/web", cpu="0")
    %kubectl delete hpa web
    """),
    ("md", """
    ### 6.4 Load balancing

    A **Service** gives a set of pods one stable virtual IP and DNS name and spreads connections over
    them. The `agnhost serve-hostname` test image answers with its pod's name, so you can see who answered:
    """),
    ("code", """
    %%kubectl
    create deployment hostnames --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --replicas=3 -- /agnhost serve-hostname
    expose deployment hostnames --port=80 --target-port=9376
    run client --image=busybox:1.36 -- sleep 3600
    sleep 15
    get service hostnames
    get endpoints hostnames
    """),
    ("code", """
    for _ in range(6):
        print(c.kubectl("exec client -- wget -qO- hostnames").stdout)
    """),
    ("md", """
    The client asked for `hostnames` (CoreDNS turned the name into the Service IP), and kube-proxy's
    rules sent each connection to one of the three pods.

    **Try it:** scale `hostnames` to 5 replicas, wait a few seconds, and run the loop again. Then look
    at `get endpoints hostnames`.

    ### 6.5 Rolling update

    Change the pod template (here the image) and the Deployment replaces pods a few at a time: a new
    ReplicaSet grows while the old one shrinks, so the application stays available.
    """),
    ("code", """
    %%kubectl
    scale deployment web --replicas=4
    sleep 10
    set image deployment/web nginx=nginx:1.27
    rollout status deployment/web
    get replicasets -l app=web
    """),
    ("md", """
    ### 6.6 Rollback

    Every change to the template is a **revision**; the old ReplicaSets are kept (scaled to 0) so you
    can go back:
    """),
    ("code", """
    %%kubectl
    rollout history deployment/web
    rollout undo deployment/web
    rollout status deployment/web
    get deployment web -o jsonpath={.spec.template.spec.containers[0].image}
    """),
    ("md", """
    ### 6.7 Secrets and configuration

    Configuration lives outside the image, in **ConfigMaps** and **Secrets**, and reaches containers as
    environment variables or files:
    """),
    ("code", """
    %%kubectl
    create configmap app-config --from-literal=GREETING=hello --from-literal=COLOR=blue
    create secret generic db-pass --from-literal=password=s3cr3t
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: configured
    spec:
      containers:
      - name: app
        image: busybox:1.36
        command: ["sh", "-c", "echo $GREETING $COLOR; echo password: $(cat /etc/db/password); sleep 3600"]
        envFrom:
        - configMapRef:
            name: app-config
        volumeMounts:
        - name: db
          mountPath: /etc/db
          readOnly: true
      volumes:
      - name: db
        secret:
          secretName: db-pass
    """),
    ("code", """
    %%kubectl
    sleep 10
    logs configured
    get secret db-pass -o jsonpath={.data.password}
    """),
    ("md", """
    Note that a Secret's data is only **base64-encoded**, not encrypted: anyone allowed to read the
    Secret reads the password (`czNjcjN0` decodes to `s3cr3t`). Secrets are protected by who may read
    them (RBAC) and, if configured, by encryption at rest in etcd. Lesson 08 goes further.

    ### 6.8 Storage orchestration

    A pod asks for storage with a **PersistentVolumeClaim**; the cluster finds or *provisions* a
    **PersistentVolume** for it (here the default StorageClass `standard` creates a local volume on the
    pod's node). The data outlives the pod:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: writer
    spec:
      containers:
      - name: app
        image: busybox:1.36
        command: ["sh", "-c", "echo written by the first pod > /data/note; sleep 3600"]
        volumeMounts:
        - name: data
          mountPath: /data
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: data
    """),
    ("code", """
    %%kubectl
    sleep 20
    get storageclass
    get pvc,pv
    delete pod writer
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: reader
    spec:
      containers:
      - name: app
        image: busybox:1.36
        command: ["sleep", "3600"]
        volumeMounts:
        - name: data
          mountPath: /data
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: data
    """),
    ("code", """
    %%kubectl
    sleep 10
    exec reader -- cat /data/note
    """),
    ("md", """
    ### 6.9 Batch execution

    A **Job** runs pods until a number of them *succeed*, retrying failures up to `backoffLimit`.
    The notes' example computes π (here to 50 digits rather than 2000):
    """),
    ("code", """
    %%apply
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: pi
    spec:
      backoffLimit: 4
      template:
        spec:
          containers:
          - name: pi
            image: perl
            command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(50)"]
          restartPolicy: Never
    """),
    ("code", """
    %%kubectl
    sleep 60
    get job pi
    get pods -l job-name=pi
    logs job/pi
    """),
    ("md", """
    A **CronJob** creates Jobs on a schedule. The notes' CronJob example uses `apiVersion:
    batch/v1beta1`, which was removed in Kubernetes 1.25; the API server no longer knows it:
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
                args: [/bin/sh, -c, date; echo Hello from the Kubernetes cluster]
              restartPolicy: OnFailure
    """),
    ("md", """
    With `batch/v1` it works, and a Job appears every minute (the notes claim CronJobs can schedule
    *to the second*: they cannot, the schedule is a cron expression whose smallest unit is a minute).
    Lesson 04 covers Jobs and CronJobs fully.

    ## 7. Add-ons

    Add-ons are ordinary workloads (Deployments, DaemonSets, Services) that give the cluster more
    abilities. What the notes list, and where each stands:
    """),
    ("md", """
    | add-on | what it is for | in this cluster |
    |---|---|---|
    | **CoreDNS** | DNS names for Services and pods (`hostnames`, `kubernetes.default`) | yes, Deployment `coredns` behind Service `kube-dns` |
    | **flannel** (CNI network) | the pod network: every pod gets an IP reachable from every node | yes, DaemonSet `kube-flannel-ds` |
    | **metrics-server** | current CPU and memory use, for `kubectl top` and the HPA; no history | yes |
    | **Dashboard** | a web UI for the cluster | no; this course uses kubectl |
    | **Ingress controller** | implements Ingress objects: HTTP routing by host and path (layer 7) into Services | no controller installed: an Ingress does nothing without one |
    | **Federation** | running several clusters as one | no; Federation v1 and its successor KubeFed are retired (KubeFed was archived in 2023); multi-cluster tools today are separate projects |
    | **Prometheus** (monitoring) | metrics over time, queries and alerts | no |
    | **ELK / EFK** (logging) | ships container logs off the nodes to a searchable store (Elasticsearch, with Logstash or Fluentd, and Kibana) | no; `kubectl logs` reads the logs the kubelet keeps on each node, which go when the pod or node goes |
    """),
    ("code", """
    %%kubectl
    get deployment,service -n kube-system
    top nodes
    """),
    ("code", """
    %kubectl exec client -- nslookup hostnames.default.svc.cluster.local
    """),
    ("md", """
    ### Before the pod network

    `kubeadm init` installs two add-ons itself, CoreDNS and kube-proxy, but no pod network: that is
    yours to choose (flannel, Calico, Cilium...). `Cluster(cni=False)` is a cluster right after
    `kubeadm init` and `kubeadm join`, before one is installed. It returns once the control plane
    and kube-proxy run; the nodes are not Ready:
    """),
    ("code", """
    bare = Cluster(workers=1, cni=False)   # the magics now act on this cluster
    %kubectl get nodes
    """),
    ("md", """
    The kubelet asks the container runtime (containerd) whether its network is ready. containerd
    looks for a CNI configuration in the node's `/etc/cni/net.d`, finds none, and says no; the
    kubelet reports that in the node's `Ready` condition. A node that is not Ready carries the taint
    `node.kubernetes.io/not-ready:NoSchedule` (the API server adds it when the Node registers; the
    node lifecycle controller removes it once the node is Ready):
    """),
    ("code", """
    text = bare.kubectl("describe node worker-1").stdout
    print(text[text.index("Taints:"):text.index("Addresses:")])
    """),
    ("code", """
    %kubectl get pods -A -o wide
    """),
    ("md", """
    The static pods of the control plane and kube-proxy run: they use the node's own network
    (`hostNetwork: true`) and tolerate the taint. CoreDNS needs a pod IP, does not tolerate
    `not-ready`, and stays **Pending**; the scheduler says why:
    """),
    ("code", """
    %kubectl get events -n kube-system --field-selector reason=FailedScheduling
    """),
    ("md", """
    Now install flannel, as its documentation says. Its DaemonSet tolerates the taint; on each node
    its `install-cni` init container copies the CNI configuration into the node's `/etc/cni/net.d`
    (a `hostPath` volume). containerd sees it, the kubelet posts `Ready` within a fraction of a
    second, the taint goes, and CoreDNS is scheduled:
    """),
    ("code", """
    %%kubectl
    apply -f https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml
    wait --for=condition=Ready node --all --timeout=60s
    get nodes
    sleep 20
    get pods -A -o wide
    """),
    ("code", """
    import engine
    _ = engine.use(c)   # back to the lesson's cluster for the rest of the lesson
    """),
    ("md", """
    ## 8. The notes, corrected

    | the notes say | in fact |
    |---|---|
    | mesos → swarm → kubernetes | three contemporaries that competed (2014 to 2017), not a line of succession |
    | Kubernetes is the open-source version of Borg | a new system (Go, no Borg code) built on Borg's lessons |
    | node component: docker | a CRI runtime (containerd, CRI-O); dockershim was removed in 1.24 |
    | kube-proxy: iptables; "ipvs is now the default" | iptables is the default mode; ipvs and nftables are options; userspace was removed in 1.26 |
    | etcd is made highly available by running several instances | yes, with an odd number (3 or 5) so that a majority can always be formed |
    | "fedration" | Federation, now retired |
    | CronJob in `batch/v1beta1`, "supports second-level scheduling" | `batch/v1` since 1.21 (v1beta1 removed in 1.25); the finest schedule is once a minute |
    """),
    ("md", """
    ## Check yourself

    Replace each `...` with your answer, then run the cell after it.

    **1.** Which component decides on which node a new pod runs? (Give its name as a string.)
    """),
    ("code", """
    from selfcheck import check, check_command
    """),
    ("answer", "chooses_the_node", '"kube-scheduler"', '"kubelet"'),
    ("code", """
    check(chooses_the_node, lambda a: a.strip().lower() in ("kube-scheduler", "scheduler"),
          "The kubelet only runs pods that are already bound to its node. Who binds them?")
    """),
    ("md", """
    **2.** Under which etcd key does the API server store the Deployment `web` of the namespace `default`?
    """),
    ("answer", "deployment_key", '"/registry/deployments/default/web"', '"/registry/apps/deployments/web"'),
    ("code", """
    check(deployment_key, "/registry/deployments/default/web",
          "Try c.etcdctl('get /registry/deployments --prefix --keys-only').")
    """),
    ("md", """
    **3.** A node stops answering. By default, how many seconds after it is marked unreachable are the
    pods of a Deployment evicted from it?
    """),
    ("answer", "eviction_seconds", "300", "40"),
    ("code", """
    check(eviction_seconds, 300,
          "50 s is how long a node may miss heartbeats before it is NotReady. Look at Tolerations in describe pod.")
    """),
    ("md", """
    **4.** The Deployment `web` was just updated from `nginx:1.26` to `nginx:1.27`. Write, as a string,
    the kubectl command that goes back to the previous version. The check runs it on a scratch cluster.
    """),
    ("answer", "go_back", '"kubectl rollout undo deployment/web"', '"kubectl rollout history deployment/web"'),
    ("code", """
    def web_runs_1_26_again(cluster):
        r = cluster.kubectl("get deployment web -o jsonpath={.spec.template.spec.containers[0].image}/{.status.updatedReplicas}")
        return r.stdout == "nginx:1.26/2"

    check_command(go_back, web_runs_1_26_again, "kubectl rollout ... deployment/web",
                  setup=["create deployment web --image=nginx:1.26 --replicas=2", 20,
                         "set image deployment/web nginx=nginx:1.27", 40])
    """),
    ("md", """
    **Graded assignment:** `01-architecture` in the `exercises/` folder
    ([`../exercises/01-architecture/01-architecture.ipynb`](../exercises/01-architecture/01-architecture.ipynb)):
    which components run as pods, the order of a `kubectl apply`'s events, etcd's keys, a node agent on
    every node, self-healing, a scheduler that never comes, and the notes' Job, graded by what they do in
    a cluster.

    Next: **Lesson 02, Pods**: the pause container, init containers, the pod lifecycle and its hooks.
    """),
]
