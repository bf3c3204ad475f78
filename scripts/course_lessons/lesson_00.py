"""Lesson 00, getting started: how the course works, the magics, virtual time, resetting a cluster.

Cells for scripts/build_course.py: ("md", text), ("code", text), ("answer", name, solution, wrong)."""
NAME = "00-getting-started"

CELLS = [
    ("md", """
    # Lesson 00: Getting started

    Welcome. This course teaches Kubernetes by doing: every lesson **explains** an idea, **shows** it
    happening in a cluster, and then lets **you try**.

    The cluster is not a real one. It is a complete Kubernetes v1.32 cluster *simulated in Python*
    (the `engine` package next to this folder): etcd, the API server, the scheduler, the controller
    manager, a kubelet on every node, kube-proxy, CoreDNS and the flannel pod network. It starts in
    about a second, needs no Docker, VM or cloud account, and answers `kubectl` exactly as a real
    cluster would: the same tables, the same `describe` layouts, the same error messages.

    Two things differ from a real cluster, both on purpose:

    * **Time is virtual.** Nothing happens while you read. Time moves only when you say so
      (`sleep 30` in a `%%kubectl` cell, or `c.advance(30)`), so a ten-minute rollout takes a moment.
    * **It is deterministic.** The same cells give the same output, byte for byte: the same pod
      names, the same IP addresses, the same nodes chosen.

    Run the cells from top to bottom (Shift+Enter). You can change any cell and run it again.
    """),
    ("md", """
    ## A cluster in one line

    `Cluster()` boots a control-plane node and three worker nodes, as `kubeadm` would, and returns once
    every node and every system pod is Ready. That takes 27 seconds of *virtual* time: `c.now` says how
    many virtual seconds have passed since the cluster started.
    """),
    ("code", """
    from engine import Cluster

    c = Cluster()   # control-plane + worker-1, worker-2, worker-3
    c.now
    """),
    ("md", """
    ## `%kubectl`: a terminal in the notebook

    `%load_ext engine` adds three *magics* to the notebook. The first, `%kubectl`, runs one kubectl
    command against the cluster you made last and prints what kubectl prints:
    """),
    ("code", """
    %load_ext engine
    """),
    ("code", """
    %kubectl get nodes
    """),
    ("code", """
    %kubectl get pods --all-namespaces
    """),
    ("md", """
    Those are the system pods of a kubeadm cluster: the control plane (etcd, kube-apiserver,
    kube-controller-manager, kube-scheduler) on the control-plane node, and on every node a kube-proxy
    and a flannel pod. Lesson 01 looks at each of them at work.

    ## `%%kubectl`: a script of commands, with `sleep`

    A cell that starts with `%%kubectl` holds one command per line. Lines starting with `#` are
    comments. A line `sleep 20` lets 20 seconds of virtual time pass, so you can watch things happen:
    """),
    ("code", """
    %%kubectl
    # a Deployment asks for two copies (replicas) of the nginx web server
    create deployment hello --image=nginx --replicas=2
    get pods
    # the images have to be pulled and the containers started: give it 20 seconds
    sleep 20
    get pods -o wide
    """),
    ("md", """
    Right after `create` the pods exist but are still `Pending`: no node has been chosen for them and
    no container started yet. Twenty seconds later they are `Running`, each on a worker node with its
    own IP address.

    **Try it:** in a new cell, create a Deployment `hello2` the same way but `sleep 1` instead of 20.
    What do its pods look like after one second? After five?

    ## `%%apply`: a manifest in a cell

    Most of the time you describe what you want in YAML, a *manifest*, and `kubectl apply` it. A cell
    starting with `%%apply` is exactly `kubectl apply -f -` with the cell as the file:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
    """),
    ("code", """
    %%kubectl
    sleep 10
    get pod web
    logs web
    """),
    ("md", """
    Flags after `%%apply` are passed to `kubectl apply`, for example a namespace:
    """),
    ("code", """
    %kubectl create namespace dev
    """),
    ("code", """
    %%apply -n dev
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
    data:
      color: blue
    """),
    ("code", """
    %kubectl get configmaps -n dev
    """),
    ("md", """
    (`kube-root-ca.crt` was not made by you: a controller puts that ConfigMap into every namespace.)
    """),
    ("md", """
    ## Mistakes get kubectl's own errors

    Typos are part of learning. A wrong command gets the answer a real kubectl and API server would give:
    """),
    ("code", """
    %kubectl get pod nope
    """),
    ("code", """
    %kubectl get pods --no-such-flag
    """),
    ("md", """
    The API server checks every manifest against the schema of its kind. The study notes' "resource
    orchestration" example is a good lesson: it says `kind: Pod` but gives it a Deployment's fields
    (`replicas`, `selector`, `template`). A real API server refuses it, and so does this one:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: nginx
      labels:
        app: nginx
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
    With `apiVersion: apps/v1` and `kind: Deployment` the same fields are right; lesson 04 writes it.
    """),
    ("md", """
    ## The same from Python

    `c.kubectl(...)` runs a command and returns its result: `stdout`, `stderr` and `exit_code`. This is
    handy when you want to use the output in Python, or check it:
    """),
    ("code", """
    r = c.kubectl("get deployment hello -o jsonpath={.status.readyReplicas}")
    r.stdout, r.exit_code
    """),
    ("code", """
    r = c.kubectl("get pod nope")
    r.stderr, r.exit_code
    """),
    ("md", """
    `c.apply(text)` applies a manifest given as a string (or a path to a file or folder), like `%%apply`.

    ## Virtual time

    `c.advance(seconds)` lets time pass, exactly like `sleep` in a `%%kubectl` cell. An hour passes
    in an instant; look at the AGE column:
    """),
    ("code", """
    print("before:", c.now)
    c.advance(3600)
    print("after: ", c.now)
    """),
    ("code", """
    %kubectl get pods
    """),
    ("md", """
    ## Watching the cluster: widgets

    Where a picture says more than a table, the lessons use *views* from `engine.viz`: a map of the
    nodes with their pods coloured by state, a stream of the cluster's events, and time controls whose
    **step** and **play** buttons advance virtual time for you. The views only read the cluster; they
    redraw after every cell you run, and while time plays. (Diagrams need Graphviz; without it the map
    is drawn as a table.)
    """),
    ("code", """
    from engine.viz import ClusterMap, EventStream, TimeControls

    cluster_map = ClusterMap(c)
    events = EventStream(c, namespace="default", limit=8)
    display(cluster_map, events, TimeControls(c, views=[cluster_map, events], seconds=5))
    """),
    ("md", """
    Now change something and look at the map and the events above (press **step** a few times to let
    the new pods start):
    """),
    ("code", """
    %kubectl scale deployment hello --replicas=4
    """),
    ("md", """
    ## Same seed, same cluster

    `Cluster(seed=...)` picks the seed of every random choice (pod name suffixes, Service IPs, which
    node gets a pod when two are equally good). Two clusters with the same seed, given the same
    commands, behave identically:
    """),
    ("code", """
    def three_pods(seed):
        cluster = Cluster(workers=2, seed=seed)
        cluster.kubectl("create deployment demo --image=nginx --replicas=3")
        cluster.advance(15)
        return cluster.kubectl("get pods -o wide").stdout

    first, second = three_pods(7), three_pods(7)
    print(first)
    print("identical:", first == second)
    print("another seed, other names:", three_pods(8) != first)
    """),
    ("md", """
    ## Which cluster do the magics use? Resetting

    The magics act on the cluster **created last**. The cell above created three clusters, so `%kubectl`
    would now talk to the last of them. `engine.use(c)` points the magics back at `c`:
    """),
    ("code", """
    import engine

    engine.use(c)
    %kubectl get deployments
    """),
    ("md", """
    To start again from scratch, make a new cluster: it is fresh, and the magics follow it.
    (Restarting the kernel works too.)
    """),
    ("code", """
    c = Cluster()
    %kubectl get pods
    """),
    ("md", """
    ## Looking inside

    A real cluster hides its insides; this one lets you look. Lesson 01 uses these:

    | to see | use |
    |---|---|
    | what etcd stores | `c.etcdctl("get /registry/pods --prefix --keys-only")` |
    | why the scheduler chose a node | `c.scheduler.explain_text("default", "web")` |
    | a node dying | `c.fail_node("worker-2")`, `c.recover_node("worker-2")` |
    | CPU load on a workload (for `kubectl top` and autoscaling) | `c.set_load("deployment/web", cpu="900m")` |

    Outside notebooks, `python -m engine` gives a prompt where you type kubectl commands against one
    simulated cluster.

    ## Where the exercises are

    Each lesson ends with a short **self-check**: a few questions you answer in the notebook. They are
    not graded; run the check cell and it says *Correct!* or gives a hint.

    The **graded** assignments are separate notebooks in the `exercises/` folder of the course (your
    instructor releases them there with nbgrader). They are graded by what your manifests and commands
    *do* in a simulated cluster, not by comparing text.
    """),
    ("md", """
    ## Check yourself

    Replace each `...` with your answer, then run the cell after it.

    **1.** How many nodes does a fresh `Cluster()` have? (Use `%kubectl get nodes` if you are not sure.)
    """),
    ("code", """
    from selfcheck import check, check_command
    """),
    ("answer", "nodes_in_a_fresh_cluster", "4", "3"),
    ("code", """
    check(nodes_in_a_fresh_cluster, 4, "Count the rows of `kubectl get nodes`: the control-plane node counts too.")
    """),
    ("md", """
    **2.** A fresh cluster is at `c.now == 27`. A `%%kubectl` cell then runs `sleep 2m` and, on its next
    line, `sleep 30`. What is `c.now` afterwards?
    """),
    ("answer", "now_afterwards", "177", "57"),
    ("code", """
    check(now_afterwards, 177, "sleep understands units as coreutils' sleep does: 2m is 120 seconds.")
    """),
    ("md", """
    **3.** Write, as a string, the kubectl command that creates a Deployment named `hello` running the
    image `nginx` with **3** replicas. The check runs it on a scratch cluster and looks at what it made.
    """),
    ("answer", "create_hello", '"kubectl create deployment hello --image=nginx --replicas=3"',
     '"kubectl run hello --image=nginx"'),
    ("code", """
    def hello_has_three_ready_pods(cluster):
        r = cluster.kubectl("get deployment hello -o jsonpath={.spec.template.spec.containers[0].image}/{.status.readyReplicas}")
        return r.stdout == "nginx/3"

    check_command(create_hello, hello_has_three_ready_pods,
                  "kubectl create deployment NAME --image=IMAGE --replicas=N")
    """),
    ("md", """
    Next: **Lesson 01, Architecture**: what all those system pods do, and what happens, step by step,
    when you apply a manifest.
    """),
]
