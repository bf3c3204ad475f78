"""Lesson 09, scheduling and nodes: requests and limits, QoS, node selectors and affinity, pod affinity, taints and
tolerations, cordon/drain with PodDisruptionBudgets, node failure and recovery, nodes joining and leaving, priority."""
NAME = "09-scheduling-nodes"

CELLS = [
    ("md", """
    # Lesson 09: Scheduling and nodes

    The **scheduler** (`kube-scheduler`) does one thing: for every pod without a node, it picks one
    and writes its name into the pod's `spec.nodeName`. The kubelet on that node then starts the
    containers. This lesson is about how it picks, and what happens to pods when nodes change:

    1. **requests and limits**: what the scheduler counts, what the kernel enforces;
    2. **QoS classes**: Guaranteed, Burstable, BestEffort;
    3. how the scheduler decides (filters, then scores), and how to read its reasons;
    4. **nodeSelector** and **node affinity** (required and preferred);
    5. **pod affinity and anti-affinity**;
    6. **taints and tolerations** (NoSchedule, PreferNoSchedule, NoExecute), the control-plane taint;
    7. **cordon, drain, uncordon**, and **PodDisruptionBudgets**;
    8. **node failure** and recovery, nodes joining and leaving;
    9. **priority and preemption**.

    Two of the nine features of the notes are at the heart of it: **automatic bin packing** (placing
    pods by what they request, sections 1–3) and **self-healing** (replacing pods lost with their node,
    section 8). Where the notes are wrong or too short, you will see it marked **The notes say**.
    """),
    ("code", """
    from engine import Cluster

    c = Cluster(workers=2)
    %load_ext engine
    %kubectl get nodes
    """),
    ("md", """
    ## 1. Requests and limits

    Each container may declare, per resource (`cpu`, `memory`):

    - **requests**: what it needs. The scheduler only places a pod on a node whose *allocatable*
      minus the requests of the pods already there covers the pod's requests. Requests are a
      reservation, not a measurement: the scheduler never looks at real usage.
    - **limits**: the most it may use. The kernel enforces them: above its **CPU** limit a container is
      **throttled** (it gets no more CPU time, and keeps running); above its **memory** limit it is
      **killed** by the kernel's OOM killer (`OOMKilled`, exit code 137) and restarted.

    CPU is counted in cores (`500m` = half a core), memory in bytes (`128Mi`). If you give a limit and
    no request, the request is set to the limit.

    `polinux/stress` allocates the memory it is told to. Here it asks for 150M with a 100Mi limit:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: memory-hog
    spec:
      containers:
      - name: stress
        image: polinux/stress
        command: ["stress"]
        args: ["--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"]
        resources:
          limits:
            memory: 100Mi
    """),
    ("code", """
    %%kubectl
    sleep 30
    get pod memory-hog
    get pod memory-hog -o jsonpath='{.status.containerStatuses[0].lastState.terminated}'
    """),
    ("md", """
    The container starts, goes over its limit, is killed (`OOMKilled`, 137), is restarted, is killed
    again: `CrashLoopBackOff`. And the request the container never wrote? The API server copied the
    limit into it:
    """),
    ("code", """
    %kubectl get pod memory-hog -o jsonpath={.spec.containers[0].resources}
    """),
    ("md", """
    CPU is different: it can be taken away without killing anything. A Deployment limited to `200m`
    per pod, under a load of 2 cores shared by its 2 pods: each pod would like 1000m but is held at its limit:
    """),
    ("code", """
    %%kubectl
    delete pod memory-hog
    create deployment busy --image=nginx --replicas=2
    set resources deployment busy --requests=cpu=100m,memory=64Mi --limits=cpu=200m,memory=128Mi
    sleep 20
    """),
    ("code", """
    c.set_load("deployment/busy", cpu="2")
    c.advance(60)
    %kubectl top pods -l app=busy
    """),
    ("md", """
    Each pod uses exactly its limit, 200m: throttled, still `Running`. The node keeps a ledger of what
    its pods *requested* (not what they use): the **Allocated resources** part of `describe node`.
    """),
    ("code", """
    node = c.kubectl("get pods -l app=busy -o jsonpath={.items[0].spec.nodeName}").stdout
    print(c.kubectl(f"describe node {node}").stdout.split("Non-terminated Pods:")[1].split("Events:")[0])
    """),
    ("md", """
    > **The notes say** the scheduler places pods "according to the resources". It counts
    > **requests** against **allocatable**, never actual use: a node full of idle pods with big requests
    > accepts nothing more, a node whose pods requested nothing accepts everything (and may then run out).

    ## 2. Quality of Service classes

    From its requests and limits every pod gets a **QoS class** (`status.qosClass`), which decides who is
    killed first when a node runs short of memory:

    | class | when | evicted |
    |---|---|---|
    | **Guaranteed** | every container has cpu *and* memory limits, and requests equal to them | last |
    | **Burstable** | at least one request or limit, but not Guaranteed | in between |
    | **BestEffort** | no requests and no limits at all | first |
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: guaranteed
    spec:
      containers:
      - name: app
        image: nginx
        resources:
          requests: {cpu: 200m, memory: 128Mi}
          limits: {cpu: 200m, memory: 128Mi}
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: burstable
    spec:
      containers:
      - name: app
        image: nginx
        resources:
          requests: {cpu: 100m}
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: besteffort
    spec:
      containers:
      - name: app
        image: nginx
    """),
    ("code", """
    %%kubectl
    sleep 10
    get pods -o custom-columns=NAME:.metadata.name,QOS:.status.qosClass,STATUS:.status.phase
    """),
    ("md", """
    The Deployment `busy` is Burstable: its requests (100m) differ from its limits (200m).
    Limits alone can make a pod Guaranteed: with `cpu` and `memory` limits in every container and no
    requests written, the requests are copied from the limits, so they are equal.

    **Your turn.** Make a pod that is Guaranteed with only `limits` written, and check its class.
    """),
    ("code", """
    # for example:
    # %kubectl run only-limits --image=nginx --overrides='{"spec":{"containers":[{"name":"only-limits","image":"nginx","resources":{"limits":{"cpu":"100m","memory":"64Mi"}}}]}}'
    # %kubectl get pod only-limits -o jsonpath={.status.qosClass}
    """),
    ("code", """
    %%kubectl
    delete pod guaranteed burstable besteffort
    delete deployment busy
    """),
    ("md", """
    ## 3. How the scheduler decides

    For each pod the scheduler runs two rounds of **plugins**:

    1. **Filter**: drop every node the pod cannot go to (not enough requests left: `NodeResourcesFit`;
       a taint it does not tolerate: `TaintToleration`; labels it does not match: `NodeAffinity`;
       a cordoned node: `NodeUnschedulable`; ...);
    2. **Score**: rank the nodes left (spread the load, prefer nodes with the image, preferred affinities...)
       and bind the pod to the best.

    If no node passes the filters the pod stays `Pending` and gets a `FailedScheduling` event saying why
    for every node. Ask for 8 CPUs on nodes that have 4:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: huge
    spec:
      containers:
      - name: app
        image: nginx
        resources:
          requests: {cpu: "8"}
    """),
    ("code", """
    %%kubectl
    sleep 5
    get pod huge
    get events --field-selector involvedObject.name=huge
    """),
    ("md", """
    The message counts nodes per reason: the workers lack CPU, and the control-plane node has a
    **taint** (section 6) that keeps ordinary pods off. `c.scheduler.explain_text` gives the same
    decision node by node, and `SchedulerView` draws it (with the scores when some node fits):
    """),
    ("code", """
    print(c.scheduler.explain_text("default", "huge"))
    """),
    ("code", """
    from engine.viz import SchedulerView

    %kubectl run small --image=nginx
    c.advance(3)
    display(SchedulerView(c, "small"))
    """),
    ("code", """
    %kubectl delete pod huge small
    """),
    ("md", """
    ## 4. nodeSelector and node affinity

    Nodes carry labels (`kubernetes.io/hostname`, `kubernetes.io/os`, your own). The simplest constraint is
    `nodeSelector`: the pod goes only to nodes that have all these labels.
    """),
    ("code", """
    %%kubectl
    label node worker-2 disktype=ssd
    get nodes -L disktype
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: on-ssd
    spec:
      nodeSelector:
        disktype: ssd
      containers:
      - name: app
        image: nginx
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: on-nvme
    spec:
      nodeSelector:
        disktype: nvme
      containers:
      - name: app
        image: nginx
    """),
    ("code", """
    %%kubectl
    sleep 5
    get pods -o wide
    """),
    ("md", """
    `on-nvme` waits: no node has `disktype=nvme`. It is not an error; label a node and the pod is
    scheduled at the next try.

    **Node affinity** says the same with operators (`In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt`, `Lt`),
    and in two strengths:

    - `requiredDuringSchedulingIgnoredDuringExecution`: a filter, like `nodeSelector`;
    - `preferredDuringSchedulingIgnoredDuringExecution`: a score, with a `weight` (1–100); if no node
      matches, the pod goes elsewhere.

    *IgnoredDuringExecution*: changing a node's labels later does not move pods already running.
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: prefers-ssd
    spec:
      replicas: 3
      selector:
        matchLabels: {app: prefers-ssd}
      template:
        metadata:
          labels: {app: prefers-ssd}
        spec:
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                - matchExpressions:
                  - {key: kubernetes.io/os, operator: In, values: [linux]}
              preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 100
                preference:
                  matchExpressions:
                  - {key: disktype, operator: In, values: [ssd]}
          containers:
          - name: app
            image: nginx
    """),
    ("code", """
    %%kubectl
    sleep 10
    get pods -l app=prefers-ssd -o wide
    """),
    ("code", """
    first = c.kubectl("get pods -l app=prefers-ssd -o name").stdout.split()[0].split("/")[1]
    print(c.scheduler.explain_text("default", first))
    """),
    ("md", """
    Both workers pass the filters; the scores decide. Each plugin scores a node from 0 to 100, times the
    plugin's weight: `NodeAffinity` (weight 2) gives worker-2 the full 100 for matching the preferred term,
    hence 200, which outweighs the spreading plugins that would rather use worker-1.

    Label a node `disktype=nvme` and the waiting `on-nvme` pod is scheduled there:
    """),
    ("code", """
    %%kubectl
    label node worker-1 disktype=nvme
    sleep 5
    get pods -o wide
    delete pod on-ssd on-nvme
    delete deployment prefers-ssd
    """),
    ("md", """
    ## 5. Pod affinity and anti-affinity

    Pod (anti-)affinity places a pod relative to **other pods**: "on a node (or zone) where pods with
    these labels run" or "where they do not". The `topologyKey` names the node label that defines
    "the same place": `kubernetes.io/hostname` means the same node.

    A classic: one replica per node (anti-affinity with itself), and a cache next to each web pod (affinity):
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 3
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          affinity:
            podAntiAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
              - labelSelector:
                  matchLabels: {app: web}
                topologyKey: kubernetes.io/hostname
          containers:
          - name: nginx
            image: nginx
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: cache
    spec:
      affinity:
        podAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector:
              matchLabels: {app: web}
            topologyKey: kubernetes.io/hostname
      containers:
      - name: redis
        image: redis
    """),
    ("code", """
    %%kubectl
    sleep 10
    get pods -o wide
    """),
    ("md", """
    Two workers, three replicas that refuse to share a node: the third stays `Pending` (the
    control-plane node is tainted). The scheduler says why:
    """),
    ("code", """
    pending = c.kubectl("get pods -l app=web --field-selector=status.phase=Pending -o name").stdout.split()
    print(c.scheduler.explain_text("default", pending[0].split("/")[1]))
    """),
    ("md", """
    A new node fixes it. `c.add_node()` is `kubeadm join`: a new worker registers, and the pending pod is
    scheduled there:
    """),
    ("code", """
    new_node = c.add_node()
    c.advance(20)
    %kubectl get pods -o wide -l app=web
    """),
    ("code", """
    %%kubectl
    delete deployment web
    delete pod cache
    """),
    ("md", """
    ## 6. Taints and tolerations

    Affinity pulls pods *to* nodes; a **taint** pushes them *away*. A taint is `key=value:effect` on a node;
    only pods with a matching **toleration** ignore it. The effects:

    | effect | new pods without a toleration | pods already running |
    |---|---|---|
    | `NoSchedule` | not scheduled there | stay |
    | `PreferNoSchedule` | avoided if another node fits | stay |
    | `NoExecute` | not scheduled there | **evicted** (after `tolerationSeconds` if they tolerate it for a while) |

    The control-plane node has had one since `kubeadm init`, which is why your pods never land there:
    """),
    ("code", """
    %kubectl get nodes -o custom-columns=NAME:.metadata.name,TAINTS:.spec.taints
    """),
    ("md", """
    Reserve `worker-1` for GPU work. Pods without a toleration go elsewhere; a pod that tolerates the
    taint *may* go there (a toleration allows, it does not attract: add a nodeSelector or affinity for that).
    """),
    ("code", """
    %%kubectl
    taint node worker-1 gpu=true:NoSchedule
    create deployment plain --image=nginx --replicas=3
    sleep 10
    get pods -l app=plain -o wide
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: trainer
    spec:
      nodeSelector:
        kubernetes.io/hostname: worker-1
      tolerations:
      - key: gpu
        operator: Equal
        value: "true"
        effect: NoSchedule
      containers:
      - name: app
        image: nginx
    """),
    ("code", """
    %%kubectl
    sleep 5
    get pod trainer -o wide
    """),
    ("md", """
    `NoExecute` also evicts pods already running. A pod that tolerates it with `tolerationSeconds: 30`
    stays 30 seconds, then goes; `trainer` (no NoExecute toleration) goes at once:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: patient
    spec:
      nodeSelector:
        kubernetes.io/hostname: worker-1
      tolerations:
      - {key: gpu, operator: Exists}
      - {key: maintenance, operator: Exists, effect: NoExecute, tolerationSeconds: 30}
      containers:
      - name: app
        image: nginx
    """),
    ("code", """
    %%kubectl
    sleep 5
    taint node worker-1 maintenance=now:NoExecute
    sleep 5
    get pods trainer patient
    sleep 30
    get pods trainer patient
    get events --field-selector reason=TaintManagerEviction
    """),
    ("md", """
    A trailing `-` removes a taint:
    """),
    ("code", """
    %%kubectl
    taint node worker-1 maintenance=now:NoExecute-
    taint node worker-1 gpu=true:NoSchedule-
    get node worker-1 -o jsonpath={.spec.taints}
    """),
    ("md", """
    **Your turn.** Give `worker-2` a `PreferNoSchedule` taint, scale `plain` up, and see where the new
    pods go (and what happens when the other nodes cannot take them).
    """),
    ("code", """
    # for example:
    # %kubectl taint node worker-2 env=test:PreferNoSchedule
    # %kubectl scale deployment plain --replicas=6
    # %kubectl get pods -l app=plain -o wide
    """),
    ("md", """
    ## 7. cordon, drain, uncordon, and PodDisruptionBudgets

    To take a node out for maintenance:

    - `kubectl cordon NODE` marks it **unschedulable** (`spec.unschedulable: true`, the taint
      `node.kubernetes.io/unschedulable:NoSchedule`): new pods go elsewhere, running pods stay;
    - `kubectl drain NODE` cordons it and then **evicts** its pods, one request to the Eviction API each;
    - `kubectl uncordon NODE` makes it schedulable again (pods do not move back on their own).

    An eviction is a polite delete: the API server refuses it if it would break a
    **PodDisruptionBudget** (PDB), a promise such as "at least 2 `plain` pods available". Then `drain`
    waits and retries. DaemonSet pods (kube-proxy, flannel) cannot be evicted usefully (the DaemonSet would
    put them back), hence `--ignore-daemonsets`; standalone pods would be lost, hence refused without `--force`.
    """),
    ("code", """
    %%kubectl
    scale deployment plain --replicas=6
    sleep 10
    create pdb plain --selector=app=plain --min-available=6
    run standalone --image=nginx --overrides='{"spec":{"nodeName":"worker-1"}}'
    sleep 5
    get pdb plain
    get pods -o wide
    """),
    ("code", """
    %%kubectl
    drain worker-1 --ignore-daemonsets
    """),
    ("md", """
    `drain` cordoned the node, then refused to go on: the pod `standalone` has no controller, evicting
    it would lose it for good. (The doubled "cannot delete cannot delete" is real kubectl's wording.)
    `--force` accepts that loss. Now the evictions meet the PDB: it wants all 6 `plain` pods available,
    so it allows no disruption at all, and `drain` retries until its `--timeout`:
    """),
    ("code", """
    %%kubectl
    drain worker-1 --ignore-daemonsets --force --timeout=20s
    """),
    ("md", """
    A PDB that allows nothing blocks every drain: a common mistake. Relax it to 4 (2 disruptions allowed)
    and drain again; the evicted pods are recreated on the other nodes:
    """),
    ("code", """
    %%kubectl
    patch pdb plain --type=merge -p '{"spec":{"minAvailable":4}}'
    sleep 2
    get pdb plain
    drain worker-1 --ignore-daemonsets --force --timeout=60s
    sleep 10
    get nodes
    get pods -l app=plain -o wide
    """),
    ("code", """
    %%kubectl
    uncordon worker-1
    get nodes
    """),
    ("md", """
    > **The notes say** `drain` "deletes the pods from the node". It **evicts** them through the Eviction API,
    > which respects PodDisruptionBudgets and each pod's graceful termination; a controller then creates
    > replacements on other nodes. The notes' list of node commands (cordon, drain, taint, uncordon) is right.

    ## 8. Node failure, recovery, nodes joining and leaving

    A node tells the control plane it is alive by renewing its **Lease** (every 10 s) and posting status.
    When a node goes silent:

    1. after **50 s** without news (`--node-monitor-grace-period` of the kube-controller-manager; it was
       40 s before v1.32) the node lifecycle controller sets its `Ready` condition to `Unknown`
       (`kubectl get nodes` shows `NotReady`), records a `NodeNotReady` event, and taints it
       `node.kubernetes.io/unreachable` (`NoSchedule` and `NoExecute`);
    2. every pod has, by default, a toleration for that taint with `tolerationSeconds: 300` (look at
       `Tolerations:` in any `describe pod`), so **5 minutes** later its pods are evicted, and their controllers
       create replacements on healthy nodes. Standalone pods are simply gone.
    """),
    ("code", """
    %%kubectl
    delete pdb plain
    scale deployment plain --replicas=3
    sleep 10
    get pods -l app=plain -o wide
    """),
    ("code", """
    victim = c.kubectl("get pods -l app=plain -o jsonpath={.items[0].spec.nodeName}").stdout
    c.fail_node(victim)
    print("failed", victim, "at t =", c.now)
    c.advance(60)
    %kubectl get nodes
    """),
    ("code", """
    print(c.kubectl(f"get node {victim} -o jsonpath={{.spec.taints}}").stdout)
    %kubectl get pods -l app=plain -o wide
    """),
    ("md", """
    The node is `NotReady` but the pods on it still look `Running`: nobody can ask its kubelet. Wait out
    the 300 s:
    """),
    ("code", """
    %%kubectl
    sleep 310
    get nodes
    get pods -l app=plain -o wide
    get events --field-selector reason=TaintManagerEviction
    """),
    ("md", """
    About 360 s after the failure (50 s to notice, a few seconds to taint, 300 s of toleration) the pod on
    the lost node was evicted: it shows `Terminating` (its kubelet cannot confirm the end) and a
    replacement runs elsewhere.
    When the node comes back, it turns Ready, its taint goes, its kubelet finishes the deletions:
    """),
    ("code", """
    c.recover_node(victim)
    c.advance(20)
    %kubectl get nodes
    %kubectl get pods -l app=plain -o wide
    """),
    ("md", """
    **Your turn.** Fail a node yourself and watch the map as you step through virtual time (30 s per
    step): the node turns NotReady after 50 s, its pods stay drawn on it for 300 s more, then move.
    `c.recover_node(name)` brings it back.
    """),
    ("code", """
    from engine.viz import ClusterMap, TimeControls

    node_map = ClusterMap(c, namespace="default")
    display(node_map, TimeControls(c, views=[node_map], seconds=30))
    # c.fail_node("worker-1")
    """),
    ("md", """
    Removing a node for good is `kubectl drain` and then deleting its Node object; `c.remove_node` simulates
    the machine leaving and the Node being deleted without a drain. The pod garbage collector deletes the
    pods of a node that has been gone for 40 s, and the controllers replace theirs:
    """),
    ("code", """
    c.remove_node(new_node)
    c.advance(60)
    %kubectl get nodes
    %kubectl get pods -l app=plain -o wide
    """),
    ("md", """
    ## 9. Priority and preemption

    A **PriorityClass** gives pods a number (`priorityClassName`). When a high-priority pod fits nowhere, the
    scheduler may **preempt**: evict lower-priority pods from one node to make room, and *nominate* that node
    for the waiting pod. Fill the workers with low-priority requests, then ask for a high-priority pod:
    """),
    ("code", """
    %%apply
    apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata:
      name: high
    value: 100000
    description: "for pods that must run"
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: filler
    spec:
      replicas: 2
      selector:
        matchLabels: {app: filler}
      template:
        metadata:
          labels: {app: filler}
        spec:
          containers:
          - name: app
            image: nginx
            resources:
              requests: {cpu: "3"}
    """),
    ("code", """
    %%kubectl
    sleep 10
    get pods -l app=filler -o wide
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: important
    spec:
      priorityClassName: high
      containers:
      - name: app
        image: nginx
        resources:
          requests: {cpu: "3"}
    """),
    ("code", """
    %%kubectl
    sleep 15
    get pods -o wide
    get events --field-selector reason=Preempted
    """),
    ("md", """
    One `filler` pod was preempted to make room for `important`; its replacement now waits (`Pending`),
    since no node has 3 CPUs left for it. Priority decides who waits.

    ## 10. The notes, corrected

    | the notes say | in fact |
    |---|---|
    | the scheduler places pods "according to resources" | according to **requests** against allocatable, never actual use; then filters (taints, affinity, ...) and scores |
    | the kubelet "reports the node's information to the master" | it renews a Lease every 10 s and posts the node's status; when both stop, the node lifecycle controller (not the scheduler) marks the node and evicts its pods |
    | `drain` "deletes pods from the node" | it cordons the node and **evicts** pods through the Eviction API, respecting PodDisruptionBudgets; DaemonSet pods need `--ignore-daemonsets`, standalone pods `--force` |
    | (nothing on limits) | above a CPU limit a container is throttled, above a memory limit it is OOMKilled |
    | (nothing on node failure) | NotReady after 50 s (40 s before v1.32), pods evicted 300 s later (the default `tolerationSeconds` of the `unreachable` taint) |
    """),
    ("md", """
    ## Check yourself

    Replace each `...` with your answer, then run the cell after it.

    **1.** A pod has one container with `requests: {cpu: 100m, memory: 64Mi}` and
    `limits: {cpu: 100m, memory: 64Mi}`. What is its QoS class?
    """),
    ("code", """
    from selfcheck import check, check_command
    """),
    ("answer", "qos", '"Guaranteed"', '"Burstable"'),
    ("code", """
    check(qos, "Guaranteed", "Requests equal to limits, for cpu and memory, in every container.")
    """),
    ("md", """
    **2.** A container goes over its **memory** limit. What `reason` does its terminated state show?
    """),
    ("answer", "over_memory", '"OOMKilled"', '"Throttled"'),
    ("code", """
    check(over_memory, "OOMKilled", "Memory cannot be taken back: the kernel kills the process (exit 137).")
    """),
    ("md", """
    **3.** A node stops sending heartbeats. With the default tolerations, after how many seconds
    *after it is marked NotReady* are its pods evicted?
    """),
    ("answer", "eviction_after", "300", "40"),
    ("code", """
    check(eviction_after, 300, "Look at the Tolerations of any pod: node.kubernetes.io/unreachable ... for ...s.")
    """),
    ("md", """
    **4.** Write the kubectl command that keeps new pods off `worker-1` unless they tolerate
    `dedicated=db` with effect `NoSchedule`. The check runs it on a scratch cluster.
    """),
    ("answer", "taint_command", '"kubectl taint node worker-1 dedicated=db:NoSchedule"',
     '"kubectl cordon worker-1"'),
    ("code", """
    def tainted(cluster):
        taints = cluster.api.get("nodes", "worker-1")["spec"].get("taints") or []
        return {"key": "dedicated", "value": "db", "effect": "NoSchedule"} in taints

    check_command(taint_command, tainted, "kubectl taint node NAME key=value:effect")
    """),
    ("md", """
    **Graded assignment:** `09-scheduling` in the `exercises/` folder
    ([`../exercises/09-scheduling/09-scheduling.ipynb`](../exercises/09-scheduling/09-scheduling.ipynb)):
    QoS classes, node affinity, taints and tolerations, draining a node and self-healing, graded by what your
    manifests and commands do.

    Next: **Lesson 10, etcd and high availability**: where all these objects are kept, and what it takes to
    keep the control plane alive.
    """),
]
