"""Assignment 03-probes: liveness, readiness and startup probes, written, fixed, troubleshot and predicted.
Built into solutions/03-probes/03-probes.ipynb by scripts/build_assignments.py."""

NAME = "03-probes"
TITLE = "Assignment 3: Probes"

NOTES_LIVENESS = """\
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
"""

EXERCISES = [
    dict(
        name="worker-liveness",
        title="a liveness probe restarts a hanging container",
        points=4,
        text="""
            The Pod `worker` runs one container `worker` from `busybox:1.36` with the command
            `sh -c "touch /tmp/healthy; sleep 30; rm /tmp/healthy; sleep 3600"`: it works for 30 seconds,
            then hangs (the file `/tmp/healthy` is gone, the process does not exit).

            Write its manifest with a **liveness probe** that runs `cat /tmp/healthy` in the container, so
            that the kubelet restarts the container once it hangs, and never while it works.
            1 point for the probe, 3 for the restart it causes at the right moment.
            """,
        solution="""
            apiVersion: v1
            kind: Pod
            metadata:
              name: worker
            spec:
              containers:
              - name: worker
                image: busybox:1.36
                command: ["sh", "-c", "touch /tmp/healthy; sleep 30; rm /tmp/healthy; sleep 3600"]
                livenessProbe:
                  exec:
                    command: ["cat", "/tmp/healthy"]
                  periodSeconds: 5
            """,
        visible="""
            # visible check: the manifest applies and the Pod's container has a liveness probe
            check(answer("worker-liveness"), {"kind": "manifest", "settle": 5, "checks": [
                {"check": "probe_defined", "args": {"name": "worker", "probe": "livenessProbe"}}]})
            """,
        hidden="""
            {"kind": "manifest", "settle": 120, "checks": [
                {"check": "probe_defined", "points": 1, "args": {"name": "worker", "probe": "livenessProbe"}},
                {"check": "liveness_restart", "points": 3, "args": {"name": "worker", "healthy_seconds": 30}},
            ]}
            """,
    ),
    dict(
        name="readiness-gate",
        title="a readiness probe keeps a Pod out of its Service until it is ready",
        points=5,
        text="""
            The cluster already has a Service `api` that selects `app=api`. Write a Pod `api`, labelled
            `app=api`, with one container `api` from `busybox:1.36` running
            `sh -c "sleep 30; touch /tmp/ready; sleep 3600"`: the app needs 30 seconds to warm up, and
            says it is ready by creating `/tmp/ready`.

            Add a **readiness probe** so that the Service sends no traffic to the Pod while it warms up,
            and does once `/tmp/ready` exists. The Pod must not be restarted. Points: 2 for keeping the
            Pod out of the Service while it warms up, 2 for letting it in afterwards, 1 for no restarts.
            """,
        solution="""
            apiVersion: v1
            kind: Pod
            metadata:
              name: api
              labels:
                app: api
            spec:
              containers:
              - name: api
                image: busybox:1.36
                command: ["sh", "-c", "sleep 30; touch /tmp/ready; sleep 3600"]
                readinessProbe:
                  exec:
                    command: ["cat", "/tmp/ready"]
                  periodSeconds: 5
            """,
        setup="""
            from autograder.fixtures import API_SERVICE
            FIXTURE = {"workers": 1, "manifests": [API_SERVICE]}
            """,
        visible="""
            # visible check: the manifest applies
            check(answer("readiness-gate"), {"kind": "manifest", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "fixture": FIXTURE, "settle": 10, "checks": [
                {"check": "not_yet_endpoint", "points": 2, "args": {"service": "api", "pod": "api"}},
                {"check": "after", "points": 2, "args": {"seconds": 60, "check": "service_endpoints",
                                                         "args": {"name": "api", "pods": ["api"]}}},
                {"check": "pod_running", "points": 1, "args": {"name": "api", "stable": True}},
            ]}
            """,
    ),
    dict(
        name="startup-probe",
        title="a startup probe for a slow starter",
        points=4,
        text="""
            This legacy app needs a full minute to start. Its liveness probe is right for a running app,
            but it kills the container long before it has started, over and over (look at
            `%kubectl get pod legacy` on a cluster of your own after applying it):

            ```yaml
            apiVersion: v1
            kind: Pod
            metadata:
              name: legacy
            spec:
              containers:
              - name: legacy
                image: busybox:1.36
                command: ["sh", "-c", "sleep 60; touch /tmp/started; sleep 3600"]
                livenessProbe:
                  exec:
                    command: ["cat", "/tmp/started"]
                  periodSeconds: 5
                  failureThreshold: 3
            ```

            Fix the manifest with a **startup probe** (same check, enough time to start) and keep the
            liveness probe as it is. Points: 2 for a Pod that starts and is never restarted, 1 for the
            startup probe, 1 for keeping the liveness probe.
            """,
        solution="""
            apiVersion: v1
            kind: Pod
            metadata:
              name: legacy
            spec:
              containers:
              - name: legacy
                image: busybox:1.36
                command: ["sh", "-c", "sleep 60; touch /tmp/started; sleep 3600"]
                startupProbe:
                  exec:
                    command: ["cat", "/tmp/started"]
                  periodSeconds: 5
                  failureThreshold: 24
                livenessProbe:
                  exec:
                    command: ["cat", "/tmp/started"]
                  periodSeconds: 5
                  failureThreshold: 3
            """,
        visible="""
            # visible check: the manifest applies
            check(answer("startup-probe"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 150, "checks": [
                {"check": "pod_running", "points": 2, "args": {"name": "legacy", "stable": True}},
                {"check": "probe_defined", "points": 1, "args": {"name": "legacy", "probe": "startupProbe"}},
                {"check": "probe_defined", "points": 1, "args": {"name": "legacy", "probe": "livenessProbe"}},
            ]}
            """,
    ),
    dict(
        name="notes-liveness",
        title="fix the liveness example of the notes",
        points=4,
        text=f"""
            The study notes give this liveness example. It does not load: its fields are not indented the
            way a Pod's are (`image`, `args` and `livenessProbe` belong to the container; `exec`,
            `initialDelaySeconds` and `periodSeconds` to the probe).

            ```yaml
            {NOTES_LIVENESS.rstrip().replace(chr(10), chr(10) + " " * 12)}
            ```

            Fix it so that it creates the Pod `liveness-exec`, whose container is restarted by its liveness
            probe once `/tmp/healthy` is removed, and not before. 1 point for the probe, 3 for the restart.
            """,
        solution="""
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
            """,
        visible="""
            # visible check: the fixed manifest applies and the Pod has a liveness probe
            check(answer("notes-liveness"), {"kind": "manifest", "settle": 5, "checks": [
                {"check": "probe_defined", "args": {"name": "liveness-exec", "probe": "livenessProbe"}}]})
            """,
        hidden="""
            {"kind": "manifest", "settle": 120, "checks": [
                {"check": "probe_defined", "points": 1, "args": {"name": "liveness-exec", "probe": "livenessProbe"}},
                {"check": "liveness_restart", "points": 3, "args": {"name": "liveness-exec", "healthy_seconds": 30}},
            ]}
            """,
    ),
    dict(
        name="shop-probe",
        title="troubleshoot a Service without ready endpoints",
        points=4,
        text="""
            The Deployment `shop` (2 replicas of nginx) runs, but its Service `shop` sends traffic nowhere.
            Get the cluster and find out why (`%kubectl get pods`, `%kubectl describe pod ...`,
            `%kubectl get endpoints shop`):

            ```python
            from engine import Cluster
            from autograder.fixtures import PROBE_TROUBLE
            shop = Cluster(workers=1)
            shop.apply(PROBE_TROUBLE); shop.advance(30)
            ```

            Write the kubectl commands that fix it, keeping the readiness probe (nginx serves `/` on
            port 80). Points: 2 for a Deployment whose pods are all ready, 2 for a Service that sends
            traffic to both.
            """,
        solution="""
            kubectl patch deployment shop --type=json -p '[{"op": "replace", "path": "/spec/template/spec/containers/0/readinessProbe/httpGet/port", "value": 80}]'
            """,
        setup="""
            from autograder.fixtures import PROBE_TROUBLE
            FIXTURE = {"workers": 1, "manifests": [PROBE_TROUBLE], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors against the broken cluster
            check(answer("shop-probe"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 90, "checks": [
                {"check": "deployment_ready", "points": 2, "args": {"name": "shop", "replicas": 2,
                                                                    "probe": "readinessProbe"}},
                {"check": "service_backends", "points": 2, "args": {"name": "shop", "selector": {"app": "shop"},
                                                                    "count": 2}},
            ]}
            """,
    ),
    dict(
        name="predict-restarts",
        title="predict what a failing readiness probe does",
        points=2,
        text="""
            This Pod's readiness probe asks a port nobody listens on, so it fails every time:

            ```yaml
            apiVersion: v1
            kind: Pod
            metadata:
              name: flaky
            spec:
              containers:
              - name: web
                image: nginx:1.27
                readinessProbe:
                  httpGet:
                    path: /
                    port: 8080
                  periodSeconds: 5
            ```

            Five minutes after it is created, what does `kubectl get pod flaky` show in its `RESTARTS`
            column? Answer with that value (think first; then check your prediction on a cluster of your own).
            """,
        solution="""
            0
            """,
        visible="""
            # visible check: the answer is a single value
            from autograder import value
            assert len(value("predict-restarts").split()) == 1, "answer with one value, as the RESTARTS column shows it"
            """,
        hidden='''
            {"kind": "value", "settle": 300, "fixture": {"workers": 1, "manifests": ["""\\
            apiVersion: v1
            kind: Pod
            metadata:
              name: flaky
            spec:
              containers:
              - name: web
                image: nginx:1.27
                readinessProbe:
                  httpGet:
                    path: /
                    port: 8080
                  periodSeconds: 5
            """]}, "checks": [
                {"check": "value_matches", "points": 2, "args": {"command": "get pod flaky", "column": "RESTARTS"}},
            ]}
            ''',
    ),
]


WRONG = {  # answers that earn partial or no credit, and their points (tests/test_assignments.py grades them through nbgrader)
    "readiness-gate": ("apiVersion: v1\nkind: Pod\nmetadata: {name: api, labels: {app: api}}\nspec:\n"
                       "  containers:\n  - {name: api, image: busybox:1.36, command: [sh, -c, "
                       "\"sleep 30; touch /tmp/ready; sleep 3600\"]}\n", 3),
    "predict-restarts": ("3", 0),
}
