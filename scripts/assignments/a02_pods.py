"""Assignment 02-pods: a Pod written, run with kubectl, fixed from the notes, troubleshot (an image typo behind
a Service that selects nothing, a Pod Pending for CPU), its status predicted, an init container that waits
for a Service, a postStart hook and a preStop hook graded by what the kubelet did. Built into
solutions/02-pods/02-pods.ipynb by scripts/build_assignments.py."""

NAME = "02-pods"
TITLE = "Assignment 2: Pods"

# the notes' Pod: controller fields under a Pod's spec, the container's fields indented unevenly
NOTES_POD = """\
apiVersion: v1  # api版本
kind: Pod       # 资源类型
metadata:       # 元数据
  name: nginx   # 资源名称
  labels:       # 标签
    app: nginx
spec:           # 规格
    replicas: 3 # 副本数
    selector:   # 选择器
        matchLabels:    # 匹配标签
            app: nginx  # 标签
    template:   # 模板
        metadata:
            labels:
                app: nginx
        spec:
            containers:   # 容器
            - name: nginx # 容器名称
                image: nginx:1.14.2 # 容器镜像
                ports:      # 容器端口
                - containerPort: 80
"""

ONCE_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: once
spec:
  restartPolicy: Never
  containers:
  - name: once
    image: busybox:1.36
    command: ["sh", "-c", "echo bye; exit 3"]
"""


def _yaml(text):
    """A manifest shown inside an exercise text (indented like the text, which is dedented)."""
    return text.rstrip().replace("\n", "\n" + " " * 12)


EXERCISES = [
    dict(
        name="web-pod",
        title="write a Pod manifest",
        points=5,
        text="""
            Write a manifest for a Pod named `web` with one container named `web` from the image `nginx:1.27`.
            The Pod is labelled `app=web`, the container declares `containerPort` 80 and requests `100m` of CPU.
            Points: 2 for the Pod running `nginx:1.27`, 1 each for the label, the port and the CPU request.
            """,
        solution="""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - containerPort: 80
                resources:
                  requests:
                    cpu: 100m
            """,
        visible="""
            # visible check: the manifest applies
            check(answer("web-pod"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 60, "checks": [
                {"check": "pod_running", "points": 2, "args": {"name": "web", "image": "nginx:1.27"}},
                {"check": "pod_labels", "points": 1, "args": {"name": "web", "labels": {"app": "web"}}},
                {"check": "pod_container_port", "points": 1, "args": {"name": "web", "port": 80}},
                {"check": "pod_requests", "points": 1, "args": {"name": "web", "requests": {"cpu": "100m"}}},
            ]}
            """,
    ),
    dict(
        name="cache-commands",
        title="run and label a Pod with kubectl",
        points=3,
        text="""
            Write the kubectl commands (one per line) that run a Pod named `cache` from the image `redis:7`,
            labelled both `tier=cache` and `env=dev`. No manifest this time: use kubectl's own verbs.
            Points: 2 for the Pod running `redis:7`, 1 for its two labels.
            """,
        solution="""
            kubectl run cache --image=redis:7 --labels=tier=cache,env=dev
            """,
        visible="""
            # visible check: your commands run without errors
            check(answer("cache-commands"), {"kind": "commands", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "settle": 60, "checks": [
                {"check": "pod_running", "points": 2, "args": {"name": "cache", "image": "redis:7"}},
                {"check": "pod_labels", "points": 1, "args": {"name": "cache", "labels": {"tier": "cache", "env": "dev"}}},
            ]}
            """,
    ),
    dict(
        name="fix-pod",
        title="fix the Pod of the notes",
        points=4,
        text=f"""
            This manifest comes from the study notes. It does not even load: a Pod has no `replicas`,
            `selector` or `template` (those belong to a controller), and the container's fields are not
            indented alike.

            ```yaml
            {_yaml(NOTES_POD)}
            ```

            Fix it so that it creates one **Pod** named `nginx`, labelled `app=nginx`, running `nginx:1.14.2`
            and declaring `containerPort` 80. Points: 2 for the Pod running `nginx:1.14.2`, 1 for the label,
            1 for the port.
            """,
        solution="""
            apiVersion: v1
            kind: Pod
            metadata:
              name: nginx
              labels:
                app: nginx
            spec:
              containers:
              - name: nginx
                image: nginx:1.14.2
                ports:
                - containerPort: 80
            """,
        visible="""
            # visible check: the fixed manifest applies
            check(answer("fix-pod"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 60, "checks": [
                {"check": "pod_running", "points": 2, "args": {"name": "nginx", "image": "nginx:1.14.2"}},
                {"check": "pod_labels", "points": 1, "args": {"name": "nginx", "labels": {"app": "nginx"}}},
                {"check": "pod_container_port", "points": 1, "args": {"name": "nginx", "port": 80}},
            ]}
            """,
    ),
    dict(
        name="shop-fix",
        title="troubleshoot a shop nobody can reach",
        points=4,
        text="""
            A colleague created the Pod `shop` and the Service `shop`, but nobody can reach the shop.
            Run this cell to get their cluster, and look around with `%kubectl get pods`,
            `%kubectl describe pod shop`, `%kubectl get endpoints shop`:

            ```python
            from engine import Cluster
            from autograder.fixtures import POD_TROUBLE
            shop = Cluster(workers=1)
            shop.apply(POD_TROUBLE); shop.advance(30)
            ```

            Then write the kubectl commands that fix it **without deleting the Service**: the Pod `shop`
            must run nginx `1.27`, and the Service `shop` must send traffic to it. Each fix earns 2 points.
            """,
        solution="""
            # a Pod's command and most of its spec cannot change: replace the Pod, with the labels the Service selects
            kubectl delete pod shop
            kubectl run shop --image=nginx:1.27 --port=80 --labels=app=shop
            """,
        setup="""
            from autograder.fixtures import POD_TROUBLE
            FIXTURE = {"workers": 1, "manifests": [POD_TROUBLE], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors against the broken cluster
            check(answer("shop-fix"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 120, "checks": [
                {"check": "pod_running", "points": 2, "args": {"name": "shop", "image": "nginx:1.27"}},
                {"check": "service_endpoints", "points": 2, "args": {"name": "shop", "pods": ["shop"]}},
            ]}
            """,
    ),
    dict(
        name="once-status",
        title="predict a Pod's status",
        points=2,
        text=f"""
            This Pod's only container exits with status 3 as soon as it starts:

            ```yaml
            {_yaml(ONCE_POD)}
            ```

            A minute after it is created, what does `kubectl get pod once` show in its `STATUS` column?
            Answer with that one word (think first; then check your prediction on a cluster of your own).
            """,
        solution="""
            Error
            """,
        setup=f'''
            ONCE = """\\
            {_yaml(ONCE_POD)}
            """
            ''',
        visible="""
            # visible check: the answer is a single word
            from autograder import value
            assert len(value("once-status").split()) == 1, "answer with one word, as the STATUS column shows it"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 1, "manifests": [ONCE]}, "settle": 60, "checks": [
                {"check": "value_matches", "points": 2, "args": {"command": "get pod once", "column": "STATUS"}},
            ]}
            """,
    ),
    dict(
        name="report-pending",
        title="troubleshoot a Pod that stays Pending",
        points=3,
        text="""
            The Pod `report` never starts. Get its cluster and find out why (`%kubectl get pods`,
            `%kubectl describe pod report`, `%kubectl describe nodes`):

            ```python
            from engine import Cluster
            from autograder.fixtures import POD_PENDING
            reports = Cluster(workers=1)
            reports.apply(POD_PENDING); reports.advance(30)
            ```

            Write the kubectl commands that get it running: the same image and command, still labelled
            `app=report`, asking for no more than a node can give. Points: 2 for the Pod `report` running,
            1 for a Pod labelled `app=report` that a node has taken (the Pending one earns nothing).
            """,
        solution="""
            # a Pod's resource requests cannot change once it exists: replace the Pod
            kubectl delete pod report
            kubectl run report --image=busybox:1.36 --labels=app=report -- sh -c "echo building the report; sleep 3600"
            """,
        setup="""
            from autograder.fixtures import POD_PENDING
            FIXTURE = {"workers": 1, "manifests": [POD_PENDING], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors against the cluster with the Pending Pod
            check(answer("report-pending"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 60, "checks": [
                {"check": "pod_running", "points": 2, "args": {"name": "report", "image": "busybox:1.36"}},
                {"check": "pods_scheduled", "points": 1, "args": {"selector": {"app": "report"}, "count": 1}},
            ]}
            """,
    ),
    dict(
        name="wait-for-db",
        title="an init container that waits for the database",
        points=5,
        text="""
            The app must not start before its database exists. Write a manifest for a Pod named `app` with
            one app container named `app` from the image `nginx:1.27`, and an **init container** (from
            `busybox:1.36`) that keeps the app waiting until the Service `db` in namespace `default`
            resolves in the cluster's DNS (ask for its full name, as lesson 02 §7.2 does: busybox's
            `nslookup` fails on a short name when any search domain fails). Do not create the Service `db`:
            someone else will, later.

            The grader applies your manifest, waits 30 s (the app container must not have started), then
            creates the Service `db` and expects the Pod `app` Running within a minute.
            Points: 1 for an init container, 2 for an app that did not start before `db` existed,
            2 for the Pod running once `db` exists.
            """,
        solution="""
            apiVersion: v1
            kind: Pod
            metadata:
              name: app
            spec:
              initContainers:
              - name: wait-db
                image: busybox:1.36
                command: ["sh", "-c", "until nslookup db.default.svc.cluster.local; do echo waiting for db; sleep 2; done"]
              containers:
              - name: app
                image: nginx:1.27
            """,
        visible="""
            # visible check: the manifest applies
            check(answer("wait-for-db"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 30, "checks": [
                {"check": "pod_has_init_container", "points": 1, "args": {"name": "app"}},
                {"check": "app_waits_for_service", "points": 2, "args": {"name": "app", "service": "db"}},
                {"check": "starts_after_service", "points": 2, "args": {"name": "app", "service": "db"}},
            ]}
            """,
    ),
    dict(
        name="poststart-page",
        title="a postStart hook that writes the page nginx serves",
        points=4,
        text="""
            Write a manifest for a Pod named `hello` with one container named `nginx` from the image
            `nginx:1.27`, whose **`postStart` hook** writes the word `started` into the file
            `started.txt` that nginx serves, so that `wget -qO- http://<pod IP>/started.txt` from another
            pod answers `started` (nginx serves the directory `/usr/share/nginx/html`).
            Points: 1 for the Pod running, 1 for a `postStart` hook that succeeds, 2 for the page served.
            """,
        solution="""
            apiVersion: v1
            kind: Pod
            metadata:
              name: hello
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
                lifecycle:
                  postStart:
                    exec:
                      command: ["sh", "-c", "echo started > /usr/share/nginx/html/started.txt"]
            """,
        visible="""
            # visible check: the manifest applies
            check(answer("poststart-page"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 30, "checks": [
                {"check": "pod_running", "points": 1, "args": {"name": "hello", "image": "nginx:1.27"}},
                {"check": "hook_succeeds", "points": 1, "args": {"name": "hello", "hook": "postStart"}},
                {"check": "pod_serves", "points": 2, "args": {"name": "hello", "path": "/started.txt",
                                                              "contains": "started"}},
            ]}
            """,
    ),
    dict(
        name="prestop-drain",
        title="a preStop hook that lets nginx finish",
        points=4,
        text="""
            The load balancers in front of nginx need 40 s to notice that a Pod is going away. Write a
            manifest for a Pod named `web` with one container named `nginx` from the image `nginx:1.27`
            that, when the Pod is deleted, **keeps serving for 40 s** (a `preStop` hook that waits 40 s:
            an `exec` of `sleep 40`, or the hook's `sleep` action) and only then stops, gracefully. Mind how
            long the kubelet lets a `preStop` hook run.

            The grader deletes the Pod (`kubectl delete pod web --wait=false`) and watches second by second.
            Points: 1 for a `preStop` hook, 2 for nginx still running 40 s after the deletion with no failed
            hook, 1 for the Pod gone within a minute of its deletion.
            """,
        solution="""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              terminationGracePeriodSeconds: 60
              containers:
              - name: nginx
                image: nginx:1.27
                lifecycle:
                  preStop:
                    exec:
                      command: ["sleep", "40"]
            """,
        visible="""
            # visible check: the manifest applies
            check(answer("prestop-drain"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 30, "checks": [
                {"check": "hook_succeeds", "points": 1, "args": {"name": "web", "hook": "preStop"}},
                {"check": "keeps_serving_after_delete", "points": 2, "args": {"name": "web", "seconds": 40}},
                {"check": "pod_gone_within", "points": 1, "args": {"name": "web", "seconds": 60}},
            ]}
            """,
    ),
]


WRONG = {  # answers that earn partial or no credit, and their points (tests/test_assignments.py grades them through nbgrader)
    "web-pod": ("apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: nginx}}\nspec:\n"
                "  containers: [{name: web, image: nginx:1.27, resources: {requests: {cpu: 100m}}}]\n", 3),
    "shop-fix": ("kubectl delete pod shop\nkubectl run shop --image=nginx:1.27\n", 2),
    "once-status": ("Completed", 0),
}
