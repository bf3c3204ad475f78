"""Assignment 01-architecture: the components at work (the order of a `kubectl apply`'s events, etcd's keys
and versions, the scheduler, a node agent on every node), self-healing, and the notes' Job fixed. Built into
solutions/01-architecture/ by scripts/build_assignments.py."""

NAME = "01-architecture"
TITLE = "Assignment 1: Architecture"

NOTES_JOB = """\
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
"""

# the components and the prefix of their pods' names (flannel's DaemonSet is kube-flannel-ds)
COMPONENTS = {"etcd": "etcd-", "kube-apiserver": "kube-apiserver-", "kube-scheduler": "kube-scheduler-",
              "kube-controller-manager": "kube-controller-manager-", "kubelet": "kubelet-", "kube-proxy": "kube-proxy-",
              "containerd": "containerd-", "coredns": "coredns-", "flannel": "kube-flannel-"}
NODE_PARTS = {name: COMPONENTS[name] for name in ("kubelet", "kube-proxy", "containerd")}

REASONS = ["Created", "Pulling", "Scheduled", "ScalingReplicaSet", "Started", "SuccessfulCreate", "Pulled"]


def _yaml(text):
    """A manifest shown inside an exercise text (indented like the text, which is dedented)."""
    return text.rstrip().replace("\n", "\n" + " " * 12)


EXERCISES = [
    dict(
        name="components",
        title="which components run as pods",
        points=3,
        text=f"""
            A kubeadm cluster like this one runs some of its components as **pods** and others as
            programs started by the node's operating system. Which of these run as pods (in any namespace)?

            `{"`, `".join(COMPONENTS)}`

            Answer with their names, separated by blanks or on separate lines. Predict first (lesson 01
            §2 to §4: who starts whom), then check with `%kubectl get pods -A -o wide` on a cluster of
            your own (`Cluster(workers=1)`). Points: 1 for the node components (`kubelet`,
            `kube-proxy`, `containerd`) sorted right, 2 for all nine.
            """,
        solution="""
            etcd
            kube-apiserver
            kube-scheduler
            kube-controller-manager
            kube-proxy
            coredns
            flannel
            """,
        visible=f"""
            # visible check: the answer names some of the components
            import re
            from autograder import value
            assert set(re.findall(r"[a-z][\\w-]*", value("components").lower())) & set({list(COMPONENTS)!r}), \\
                "answer with component names, e.g. etcd"
            """,
        hidden=f"""
            {{"kind": "value", "fixture": {{"workers": 1}}, "settle": 0, "checks": [
                {{"check": "components_predicted", "points": 1, "args": {{"components": {NODE_PARTS!r}}}}},
                {{"check": "components_predicted", "points": 2, "args": {{"components": {COMPONENTS!r}}}}},
            ]}}
            """,
    ),
    dict(
        name="apply-steps",
        title="the steps of a kubectl apply",
        points=3,
        text=f"""
            On a fresh cluster you apply a Deployment `hello` of one nginx pod. Within seconds the control
            plane and the node components each do their part, and each part leaves an **event** (stored in
            etcd, like everything else). These are the events about `hello`, its ReplicaSet and its pod,
            in no particular order:

            `{"`, `".join(REASONS)}`

            Put them in the order the cluster writes them: one reason per line (or separated by blanks),
            the first one first. Think about which component must act before the next one can (which
            controller creates what, who binds the pod, who starts its container), then check on a
            cluster of your own with `%kubectl get events` or etcd's revisions, as in lesson 01 §5:

            ```python
            from engine import Cluster
            from autograder.fixtures_architecture import HELLO_DEPLOYMENT
            steps = Cluster(workers=1)
            steps.apply(HELLO_DEPLOYMENT); steps.advance(30)
            ```

            Points: 1 for the three events of the controllers and the scheduler in the right order,
            2 for all seven in the right order.
            """,
        solution="""
            ScalingReplicaSet
            SuccessfulCreate
            Scheduled
            Pulling
            Pulled
            Created
            Started
            """,
        setup="""
            from autograder.fixtures_architecture import HELLO_DEPLOYMENT
            """,
        visible=f"""
            # visible check: the answer names events by their reasons
            import re
            from autograder import value
            assert set(re.findall("[A-Za-z]+", value("apply-steps"))) & set({REASONS!r}), \\
                "answer with the reasons, e.g. Pulled"
            """,
        hidden=f"""
            {{"kind": "value", "fixture": {{"workers": 1, "manifests": [HELLO_DEPLOYMENT]}}, "settle": 30, "checks": [
                {{"check": "events_in_order", "points": 1, "args": {{"about": "hello",
                    "reasons": ["ScalingReplicaSet", "SuccessfulCreate", "Scheduled"]}}}},
                {{"check": "events_in_order", "points": 2, "args": {{"about": "hello", "reasons": {REASONS!r}}}}},
            ]}}
            """,
    ),
    dict(
        name="etcd-key",
        title="an object in etcd: its key and its version",
        points=3,
        text="""
            The API server keeps every object in etcd under a key, and etcd counts how many times each key
            was written (its `version`; lesson 01 §3). These commands run on a fresh cluster:

            ```python
            from engine import Cluster
            from autograder.fixtures_architecture import SETTINGS_COMMANDS
            store = Cluster(workers=1)
            for command in SETTINGS_COMMANDS:
                print(store.kubectl(command).stdout, end="")
            ```

            (`SETTINGS_COMMANDS` creates the namespace `shop`, creates the ConfigMap `settings` in it,
            labels it, patches its data to `color: green`, then applies the very same patch again.)

            Answer with two lines: **1.** the etcd key under which the API server stores the ConfigMap
            `settings`; **2.** that key's `version` after the five commands. Check with
            `store.etcdctl("get ... --keys-only --write-out=json")`, but predict first.
            Points: 2 for the key, 1 for the version.
            """,
        solution="""
            /registry/configmaps/shop/settings
            3
            """,
        setup="""
            from autograder.fixtures_architecture import SETTINGS_COMMANDS
            """,
        visible="""
            # visible check: the answer is a key under /registry and a number
            from autograder import value
            assert value("etcd-key").startswith("/registry/"), \\
                "answer with two lines: a key starting with /registry/, then a number"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 1, "commands": SETTINGS_COMMANDS}, "settle": 0, "checks": [
                {"check": "etcd_key_predicted", "points": 2, "args": {"kind": "ConfigMap", "name": "settings",
                                                                      "namespace": "shop"}},
                {"check": "etcd_version_predicted", "points": 1, "args": {"key": "/registry/configmaps/shop/settings"}},
            ]}
            """,
    ),
    dict(
        name="node-agent",
        title="a node agent on every node, like kube-proxy",
        points=4,
        text="""
            kube-proxy runs on **every** node, the control-plane node too (`%kubectl get pods -n kube-system
            -o wide`). Write a DaemonSet `node-agent` that does the same for a small agent: its pods
            labelled `app=node-agent`, one container `agent` running `busybox:1.36` with the command
            `sleep 36000`. It must have a pod on the worker **and** on the control-plane node
            (`%kubectl describe node control-plane` shows why an ordinary pod does not go there).

            Points: 2 for a running pod on the worker `worker-1`, 2 for one on `control-plane`.
            """,
        solution="""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: node-agent
            spec:
              selector:
                matchLabels:
                  app: node-agent
              template:
                metadata:
                  labels:
                    app: node-agent
                spec:
                  tolerations:
                  - key: node-role.kubernetes.io/control-plane
                    operator: Exists
                    effect: NoSchedule
                  containers:
                  - name: agent
                    image: busybox:1.36
                    command: ["sleep", "36000"]
            """,
        visible="""
            # visible check: the DaemonSet applies
            check(answer("node-agent"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 30, "checks": [
                {"check": "daemonset_on_nodes", "points": 2, "args": {"name": "node-agent", "nodes": ["worker-1"]}},
                {"check": "daemonset_on_nodes", "points": 2, "args": {"name": "node-agent", "nodes": ["control-plane"]}},
            ]}
            """,
    ),
    dict(
        name="self-healing",
        title="predict what self-healing brings back",
        points=2,
        text="""
            The Deployment `web` runs 3 nginx pods labelled `app=web,tier=front`; next to them runs a
            standalone Pod `solo` (no controller) labelled `tier=front`. Right after they are created,
            someone runs

                kubectl delete pods -l tier=front

            How many pods labelled `tier=front` exist **one minute later**? Answer with a number, then
            check it on a cluster of your own:

            ```python
            from engine import Cluster
            from autograder.fixtures_architecture import FRONT, DELETE_FRONT
            heal = Cluster(workers=1)
            heal.apply(FRONT); heal.kubectl(DELETE_FRONT); heal.advance(60)
            ```
            """,
        solution="""
            3
            """,
        setup="""
            from autograder.fixtures_architecture import FRONT, DELETE_FRONT
            """,
        visible="""
            # visible check: the answer is a number
            from autograder import value
            assert value("self-healing").strip().isdigit(), "answer with a number of pods"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 1, "manifests": [FRONT], "commands": [DELETE_FRONT]},
             "settle": 60, "checks": [
                {"check": "pod_count_predicted", "points": 2, "args": {"selector": {"tier": "front"}}},
            ]}
            """,
    ),
    dict(
        name="scheduler-trouble",
        title="troubleshoot pods that nobody schedules",
        points=4,
        text="""
            The Deployment `report` has 2 pods, and they have been `Pending` for a long time. Oddly,
            `%kubectl describe pod` shows **no events at all**: no `FailedScheduling`, nothing.

            ```python
            from engine import Cluster
            from autograder.fixtures_architecture import REPORT_DEPLOYMENT
            report = Cluster(workers=1)
            report.apply(REPORT_DEPLOYMENT); report.advance(30)
            ```

            Which component should have acted, and why did it not? (`%kubectl get pods -n kube-system`
            lists the control plane; `%kubectl get deployment report -o yaml` shows the pod template.)
            Write the kubectl commands that get the Deployment's 2 pods running on a node, keeping the
            Deployment `report`. Points: 2 for pods bound to a node, 2 for the Deployment's 2 replicas
            available.
            """,
        solution="""
            kubectl patch deployment report -p '{"spec": {"template": {"spec": {"schedulerName": "default-scheduler"}}}}'
            """,
        setup="""
            from autograder.fixtures_architecture import REPORT_DEPLOYMENT
            FIXTURE = {"workers": 1, "manifests": [REPORT_DEPLOYMENT], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors against the broken cluster
            check(answer("scheduler-trouble"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 60, "checks": [
                {"check": "pods_scheduled", "points": 2, "args": {"selector": {"app": "report"}, "count": 2}},
                {"check": "deployment_ready", "points": 2, "args": {"name": "report", "replicas": 2}},
            ]}
            """,
    ),
    dict(
        name="notes-job",
        title="fix the batch Job of the notes",
        points=4,
        text=f"""
            The notes show batch execution, the ninth feature, with this Job, which computes π to 2000
            digits. It does not load: its `template`, `spec` and the container's fields are not nested
            where they belong.

            ```yaml
            {_yaml(NOTES_JOB)}
            ```

            Fix it: the Job `pi` runs the same container (`perl`, the same command), its pods are never
            restarted in place (`restartPolicy: Never`) and the Job gives up after 4 retries.
            Points: 2 for a Job that completes, 1 for its restart policy and retry limit, 1 for π in
            its log.
            """,
        solution="""
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
                    command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
                  restartPolicy: Never
            """,
        visible="""
            # visible check: the fixed Job applies
            check(answer("notes-job"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 120, "checks": [
                {"check": "job_complete", "points": 2, "args": {"name": "pi", "succeeded": 1}},
                {"check": "job_settings", "points": 1, "args": {"name": "pi", "backoff_limit": 4, "restart_policy": "Never"}},
                {"check": "job_log_starts", "points": 1, "args": {"name": "pi", "text": "3.14159"}},
            ]}
            """,
    ),
]


WRONG = {  # answers that earn partial or no credit, and their points (tests/test_assignments.py grades them through nbgrader)
    "node-agent": ("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: node-agent}\nspec:\n"
                   "  selector: {matchLabels: {app: node-agent}}\n  template:\n    metadata: {labels: {app: node-agent}}\n"
                   "    spec:\n      containers: [{name: agent, image: busybox:1.36, command: [sleep, '36000']}]\n", 2),
    "self-healing": ("4", 0),
}
