"""Assignment 09-scheduling: QoS classes, node affinity, a toleration with a node selector, a Pending pod behind
a taint, draining a node, a pod Pending for CPU, and how long a lost node's pods take to
come back. Built into solutions/09-scheduling/ by scripts/build_assignments.py."""

NAME = "09-scheduling"
TITLE = "Assignment 9: Scheduling and nodes"


def _yaml(text):
    """A manifest shown inside an exercise text (indented like the text, which is dedented)."""
    return text.rstrip().replace("\n", "\n" + " " * 12)


def _fixture():
    from autograder.fixtures_scheduling import QOS_POD
    return QOS_POD


QOS_POD = _fixture()

EXERCISES = [
    dict(
        name="qos-predict",
        title="predict a pod's QoS class",
        points=2,
        text=f"""
            The pod `mixed` has two containers. `app` requests exactly what it is limited to; `sidecar`
            writes only limits:

            ```yaml
            {_yaml(QOS_POD)}
            ```

            Which QoS class does the cluster give the pod (`status.qosClass`)? Answer with the class's name.
            Think first, then check on a cluster of your own (`from autograder.fixtures_scheduling import QOS_POD`).
            """,
        solution="""
            Guaranteed
            """,
        setup="""
            from autograder.fixtures_scheduling import QOS_POD
            """,
        visible="""
            # visible check: the answer is a QoS class
            from autograder import value
            assert value("qos-predict").strip().lower() in ("guaranteed", "burstable", "besteffort"), \\
                "answer Guaranteed, Burstable or BestEffort"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 1, "manifests": [QOS_POD]}, "settle": 5, "checks": [
                {"check": "value_matches", "points": 2, "args": {"command": "get pod mixed -o jsonpath={.status.qosClass}"}},
            ]}
            """,
    ),
    dict(
        name="guaranteed-pod",
        title="a Guaranteed pod",
        points=3,
        text="""
            Write a manifest for a Pod `cache` running `redis:7` that reserves **half a CPU and 256Mi of
            memory** and is in the QoS class **Guaranteed**, so that it is the last to be evicted when its
            node runs short of memory.
            Points: 1 for a running pod, 1 for its requests, 1 for its QoS class.
            """,
        solution="""
            apiVersion: v1
            kind: Pod
            metadata:
              name: cache
            spec:
              containers:
              - name: redis
                image: redis:7
                resources:
                  requests:
                    cpu: 500m
                    memory: 256Mi
                  limits:
                    cpu: 500m
                    memory: 256Mi
            """,
        visible="""
            # visible check: the pod applies
            check(answer("guaranteed-pod"), {"kind": "manifest", "fixture": {"workers": 1}, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "fixture": {"workers": 1}, "settle": 20, "checks": [
                {"check": "pod_running", "points": 1, "args": {"name": "cache", "image": "redis:7"}},
                {"check": "pod_requests", "points": 1, "args": {"name": "cache", "requests": {"cpu": "500m", "memory": "256Mi"}}},
                {"check": "qos_class", "points": 1, "args": {"name": "cache", "qos": "Guaranteed"}},
            ]}
            """,
    ),
    dict(
        name="ssd-affinity",
        title="pods that run only on SSD nodes",
        points=4,
        text="""
            The cluster has two workers: `worker-1` is labelled `disktype=hdd`, `worker-2` `disktype=ssd`.

            ```python
            from engine import Cluster
            from autograder.fixtures_scheduling import DISK_LABELS
            disks = Cluster(workers=2)
            for command in DISK_LABELS:
                disks.kubectl(command)
            ```

            Write a Deployment `fast` of **3** `nginx:1.27` pods (labelled `app=fast`) that run **only** on
            nodes labelled `disktype=ssd`: if no node has that label, its pods must wait rather than run on
            another node. (`nodeSelector` and node affinity are both fine.)
            Points: 1 for 3 available pods, 1 for all of them on an SSD node, 2 for pods that wait when
            no node is labelled `disktype=ssd` (the grader moves the label away and deletes the pods).
            """,
        solution="""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: fast
            spec:
              replicas: 3
              selector:
                matchLabels:
                  app: fast
              template:
                metadata:
                  labels:
                    app: fast
                spec:
                  nodeSelector:
                    disktype: ssd
                  containers:
                  - name: nginx
                    image: nginx:1.27
            """,
        setup="""
            from autograder.fixtures_scheduling import DISK_LABELS
            FIXTURE = {"workers": 2, "commands": DISK_LABELS}
            """,
        visible="""
            # visible check: the Deployment applies
            check(answer("ssd-affinity"), {"kind": "manifest", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "fixture": FIXTURE, "settle": 20, "checks": [
                {"check": "deployment_ready", "points": 1, "args": {"name": "fast", "replicas": 3}},
                {"check": "pods_on_labelled_nodes", "points": 1, "args": {"selector": {"app": "fast"},
                                                                          "label": {"disktype": "ssd"}, "count": 3}},
                {"check": "waits_without_label", "points": 2, "args": {"selector": {"app": "fast"}, "node": "worker-2",
                                                                       "label": ["disktype", "ssd"], "other": "hdd"}},
            ]}
            """,
    ),
    dict(
        name="gpu-toleration",
        title="pods for the GPU node: a toleration allows, it does not attract",
        points=4,
        text="""
            `worker-1` has the GPUs: it is labelled `gpu=true` and tainted `gpu=true:NoSchedule`, so that
            ordinary pods stay away. `worker-2` has no GPU.

            ```python
            from engine import Cluster
            from autograder.fixtures_scheduling import GPU_NODE
            gpu = Cluster(workers=2)
            for command in GPU_NODE:
                gpu.kubectl(command)
            ```

            Write a Deployment `trainer` of **3** `busybox:1.36` pods (labelled `app=trainer`, command
            `sleep 36000`) that all run on the GPU node, and only there.
            Points: 1 for 3 available pods, 3 for all of them on `worker-1`.
            """,
        solution="""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: trainer
            spec:
              replicas: 3
              selector:
                matchLabels:
                  app: trainer
              template:
                metadata:
                  labels:
                    app: trainer
                spec:
                  nodeSelector:
                    gpu: "true"
                  tolerations:
                  - key: gpu
                    operator: Equal
                    value: "true"
                    effect: NoSchedule
                  containers:
                  - name: trainer
                    image: busybox:1.36
                    command: ["sleep", "36000"]
            """,
        setup="""
            from autograder.fixtures_scheduling import GPU_NODE
            FIXTURE = {"workers": 2, "commands": GPU_NODE}
            """,
        visible="""
            # visible check: the Deployment applies
            check(answer("gpu-toleration"), {"kind": "manifest", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "fixture": FIXTURE, "settle": 20, "checks": [
                {"check": "deployment_ready", "points": 1, "args": {"name": "trainer", "replicas": 3}},
                {"check": "pods_on_labelled_nodes", "points": 3, "args": {"selector": {"app": "trainer"}, "count": 3,
                                                                          "label": {"gpu": "true"}}},
            ]}
            """,
    ),
    dict(
        name="taint-trouble",
        title="troubleshoot a Deployment whose pods stay Pending",
        points=4,
        text="""
            The Deployment `api` was created a minute ago, but its two pods are still `Pending`. Find out why
            (`%kubectl get pods`, `%kubectl describe pod ...`, `%kubectl describe node worker-1`):

            ```python
            from engine import Cluster
            from autograder.fixtures_scheduling import API_DEPLOYMENT, TAINT_TROUBLE_COMMANDS
            trouble = Cluster(workers=1)
            for command in TAINT_TROUBLE_COMMANDS:
                trouble.kubectl(command)
            trouble.apply(API_DEPLOYMENT); trouble.advance(60)
            ```

            Write the kubectl commands that get both pods running **on the worker** (any correct fix
            counts; the control-plane node must keep its own taint).
            Points: 3 for the Deployment's pods running, 1 for running them on `worker-1`.
            """,
        solution="""
            kubectl taint node worker-1 dedicated=db:NoSchedule-
            """,
        setup="""
            from autograder.fixtures_scheduling import API_DEPLOYMENT, TAINT_TROUBLE_COMMANDS
            FIXTURE = {"workers": 1, "commands": TAINT_TROUBLE_COMMANDS, "manifests": [API_DEPLOYMENT], "advance": 60}
            """,
        visible="""
            # visible check: your commands run without errors against the broken cluster
            check(answer("taint-trouble"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 30, "checks": [
                {"check": "deployment_ready", "points": 3, "args": {"name": "api", "replicas": 2}},
                {"check": "pods_on_labelled_nodes", "points": 1, "args": {"selector": {"app": "api"}, "count": 2,
                                                                          "label": {"kubernetes.io/hostname": "worker-1"}}},
            ]}
            """,
    ),
    dict(
        name="drain-node",
        title="take a node out for maintenance (fix the notes' drain)",
        points=4,
        text="""
            `worker-1` needs a kernel upgrade. The Deployment `web` runs 4 nginx pods spread over both workers:

            ```python
            from engine import Cluster
            from autograder.fixtures_scheduling import WEB_SPREAD
            upgrade = Cluster(workers=2)
            upgrade.apply(WEB_SPREAD); upgrade.advance(20)
            ```

            The notes say `drain` "deletes the pods from the node and marks it unschedulable", and
            `kubectl drain worker-1` as they write it stops with an error on this cluster. Write the kubectl
            commands that take `worker-1` out of service: no `web` pod left on it, no new pod scheduled on
            it, and all 4 `web` pods running again on the other worker.
            Points: 1 for an unschedulable node, 2 for no `web` pod left on it, 1 for 4 `web` pods running on `worker-2`.
            """,
        solution="""
            kubectl drain worker-1 --ignore-daemonsets
            """,
        setup="""
            from autograder.fixtures_scheduling import WEB_SPREAD
            FIXTURE = {"workers": 2, "manifests": [WEB_SPREAD], "advance": 20}
            """,
        visible="""
            # visible check: your commands run without errors
            check(answer("drain-node"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 30, "checks": [
                {"check": "node_unschedulable", "points": 1, "args": {"node": "worker-1"}},
                {"check": "no_pods_on_node", "points": 2, "args": {"selector": {"app": "web"}, "node": "worker-1"}},
                {"check": "pods_on_labelled_nodes", "points": 1, "args": {"selector": {"app": "web"}, "count": 4,
                                                                          "label": {"kubernetes.io/hostname": "worker-2"}}},
            ]}
            """,
    ),
    dict(
        name="cpu-pending",
        title="troubleshoot a pod Pending for CPU",
        points=4,
        text="""
            On this one-worker cluster the Deployment `batch` (3 pods) runs, but the pod of the Deployment
            `report` stays `Pending`:

            ```python
            from engine import Cluster
            from autograder.fixtures_scheduling import CPU_BATCH, CPU_REPORT
            busy = Cluster(workers=1)
            busy.apply(CPU_BATCH); busy.apply(CPU_REPORT); busy.advance(30)
            ```

            Find out why (the pod's events, the node's **Allocated resources**), then write the kubectl
            commands that get `report` running. `batch` may give up some room, but must keep at least
            2 pods available. Points: 3 for `report` running, 1 for `batch` keeping 2 pods.
            """,
        solution="""
            kubectl scale deployment batch --replicas=2
            """,
        setup="""
            from autograder.fixtures_scheduling import CPU_BATCH, CPU_REPORT
            FIXTURE = {"workers": 1, "manifests": [CPU_BATCH, CPU_REPORT], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors against the busy cluster
            check(answer("cpu-pending"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 60, "checks": [
                {"check": "deployment_ready", "points": 3, "args": {"name": "report", "replicas": 1}},
                {"check": "deployment_available_at_least", "points": 1, "args": {"name": "batch", "replicas": 2,
                                                                                  "fixed": ["report", 1]}},
            ]}
            """,
    ),
    dict(
        name="node-failure",
        title="predict how long self-healing takes",
        points=3,
        text="""
            The Deployment `web` runs 4 pods, 2 on each worker. Then `worker-1` dies: its kubelet stops
            renewing its Lease and posting status (`c.fail_node("worker-1")`), with every setting at its
            default.

            ```python
            from engine import Cluster
            from autograder.fixtures_scheduling import WEB_SPREAD
            lost = Cluster(workers=2)
            lost.apply(WEB_SPREAD); lost.advance(20)
            ```

            About how many seconds after the failure does the first pod that **replaces** a lost `web` pod
            run on `worker-2`? Answer with a number of seconds. Points: 1 within a minute of what the
            cluster does, 2 more within 20 seconds.
            """,
        solution="""
            360
            """,
        setup="""
            from autograder.fixtures_scheduling import WEB_SPREAD
            FIXTURE = {"workers": 2, "manifests": [WEB_SPREAD], "advance": 20}
            """,
        visible="""
            # visible check: the answer is a number of seconds
            from autograder import value
            assert value("node-failure").strip().rstrip("s").strip().replace(".", "", 1).isdigit(), \\
                "answer with a number of seconds, such as 90"
            """,
        hidden="""
            {"kind": "value", "fixture": FIXTURE, "settle": 0, "checks": [
                {"check": "replacement_seconds", "points": 1, "args": {"node": "worker-1", "selector": {"app": "web"},
                                                                       "within": 60}},
                {"check": "replacement_seconds", "points": 2, "args": {"node": "worker-1", "selector": {"app": "web"},
                                                                       "within": 20}},
            ]}
            """,
    ),
]


WRONG = {  # answers that earn partial or no credit, and their points (tests/test_assignments.py grades them through nbgrader)
    "gpu-toleration": ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: trainer}\nspec:\n  replicas: 3\n"
                       "  selector: {matchLabels: {app: trainer}}\n  template:\n    metadata: {labels: {app: trainer}}\n"
                       "    spec:\n      tolerations: [{key: gpu, operator: Exists}]\n"
                       "      containers: [{name: trainer, image: 'busybox:1.36', command: [sleep, '36000']}]\n", 1),
    "qos-predict": ("Burstable", 0),
}
