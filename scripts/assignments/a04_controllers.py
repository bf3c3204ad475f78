"""Assignment 04-controllers: Deployments (scale, rolling update, roll back, autoscale), Jobs, CronJobs and a
quota, written, fixed, troubleshot and predicted. Built into solutions/04-controllers/ by scripts/build_assignments.py."""

NAME = "04-controllers"
TITLE = "Assignment 4: Controllers"

NOTES_CRONJOB = """\
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
"""

NOTES_DEPLOYMENT = """\
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
"""


def _yaml(text):
    """A manifest shown inside an exercise text (indented like the text, which is dedented)."""
    return text.rstrip().replace("\n", "\n" + " " * 12)


EXERCISES = [
    dict(
        name="scale-web",
        title="scale a Deployment",
        points=3,
        text="""
            The Deployment `web` runs 2 nginx pods. Write the kubectl commands that make it run **5**,
            all available (any way that scales it is right).

            ```python
            from engine import Cluster
            from autograder.fixtures import WEB_DEPLOYMENT
            web = Cluster(workers=1)
            web.apply(WEB_DEPLOYMENT); web.advance(30)
            ```
            """,
        solution="""
            kubectl scale deployment web --replicas=5
            """,
        setup="""
            from autograder.fixtures import WEB_DEPLOYMENT
            FIXTURE = {"workers": 1, "manifests": [WEB_DEPLOYMENT], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors
            check(answer("scale-web"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 60, "checks": [
                {"check": "deployment_ready", "points": 3, "args": {"name": "web", "replicas": 5, "image": "nginx:1.27"}},
            ]}
            """,
    ),
    dict(
        name="rolling-api",
        title="a rolling update that never drops below capacity",
        points=5,
        text="""
            Write a Deployment `api` of **4** replicas of `nginx:1.26`, its pods labelled `app=api`, whose
            rolling updates never have fewer than 4 pods available and never run more than 5 pods
            (set the `RollingUpdate` strategy's `maxSurge` and `maxUnavailable`).

            The grader runs it, then updates its image and watches the rollout second by second.
            Points: 1 for the running Deployment, 2 for the strategy's two fields, 2 for a rollout that
            stays within the bounds.
            """,
        solution="""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              replicas: 4
              selector:
                matchLabels:
                  app: api
              strategy:
                type: RollingUpdate
                rollingUpdate:
                  maxSurge: 1
                  maxUnavailable: 0
              template:
                metadata:
                  labels:
                    app: api
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.26
            """,
        visible="""
            # visible check: the Deployment applies
            check(answer("rolling-api"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 30, "checks": [
                {"check": "deployment_ready", "points": 1, "args": {"name": "api", "replicas": 4, "image": "nginx:1.26"}},
                {"check": "rolling_strategy", "points": 1, "args": {"name": "api", "max_surge": 1}},
                {"check": "rolling_strategy", "points": 1, "args": {"name": "api", "max_unavailable": 0}},
                {"check": "rollout_bounds", "points": 2, "args": {"name": "api", "image": "nginx:1.27",
                                                                  "min_available": 4, "max_pods": 5}},
            ]}
            """,
    ),
    dict(
        name="rollback-shop",
        title="roll back a broken update",
        points=4,
        text="""
            Someone updated the Deployment `shop` (4 replicas of `nginx:1.27`) to an image tag that does
            not exist. Look at the rollout (`%kubectl rollout status deployment shop`,
            `%kubectl rollout history deployment shop`, `%kubectl get rs,pods`):

            ```python
            from engine import Cluster
            from autograder.fixtures import SHOP_DEPLOYMENT, BAD_ROLLOUT
            shop = Cluster(workers=1)
            shop.apply(SHOP_DEPLOYMENT); shop.kubectl(BAD_ROLLOUT); shop.advance(90)
            ```

            Write the kubectl commands that bring it back to the version that worked. Points: 3 for a
            Deployment whose 4 pods all run `nginx:1.27` and are available, 1 for no pod left on the
            broken image.
            """,
        solution="""
            kubectl rollout undo deployment shop
            """,
        setup="""
            from autograder.fixtures import SHOP_DEPLOYMENT, BAD_ROLLOUT
            FIXTURE = {"workers": 1, "manifests": [SHOP_DEPLOYMENT], "commands": [BAD_ROLLOUT], "advance": 90}
            """,
        visible="""
            # visible check: your commands run without errors against the broken rollout
            check(answer("rollback-shop"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 90, "checks": [
                {"check": "deployment_ready", "points": 3, "args": {"name": "shop", "replicas": 4, "image": "nginx:1.27"}},
                {"check": "pods_image", "points": 1, "args": {"selector": {"app": "shop"}, "image": "nginx:1.27"}},
            ]}
            """,
    ),
    dict(
        name="notes-cronjob",
        title="fix the CronJob of the notes",
        points=4,
        text=f"""
            The study notes give this CronJob. It does not load on Kubernetes v1.32: `batch/v1beta1` CronJobs
            were removed in v1.25, and its fields are not nested the way a CronJob's are (`spec.jobTemplate.spec`
            is a Job's spec, whose `template.spec` is a Pod's spec).

            ```yaml
            {_yaml(NOTES_CRONJOB)}
            ```

            Fix it so that the CronJob `hello` runs the same container **every 5 minutes** and keeps the
            last **2** successful Jobs. Points: 2 for running every 5 minutes, 2 for the Jobs kept.
            """,
        solution="""
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: hello
            spec:
              schedule: "*/5 * * * *"
              successfulJobsHistoryLimit: 2
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
            """,
        visible="""
            # visible check: the CronJob applies
            check(answer("notes-cronjob"), {"kind": "manifest", "settle": 0, "checks": [
                {"check": "cronjob_history", "args": {"name": "hello", "successful": 0}}]})
            """,
        hidden="""
            {"kind": "manifest", "settle": 960, "checks": [
                {"check": "cronjob_every", "points": 2, "args": {"name": "hello", "minutes": 5}},
                {"check": "cronjob_history", "points": 2, "args": {"name": "hello", "successful": 2}},
            ]}
            """,
    ),
    dict(
        name="job-pi",
        title="a Job with completions and parallelism",
        points=4,
        text="""
            Write a Job `pi` that computes π six times, two pods at a time: its container `pi` runs
            `perl -Mbignum=bpi -wle "print bpi(2000)"` from the image `perl` (as in the notes), the Job
            needs **6** successful completions and runs **2** pods in parallel. Points: 2 for a Job that
            completes 6 times, 2 for running its pods two at a time.
            """,
        solution="""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: pi
            spec:
              completions: 6
              parallelism: 2
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
            # visible check: the Job applies
            check(answer("job-pi"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 180, "checks": [
                {"check": "job_complete", "points": 2, "args": {"name": "pi", "succeeded": 6}},
                {"check": "job_parallelism", "points": 2, "args": {"name": "pi", "parallelism": 2}},
            ]}
            """,
    ),
    dict(
        name="notes-deployment",
        title="fix the Deployment of the notes",
        points=4,
        text=f"""
            The Deployment of the study notes is refused. Try it: the API server names the fields it does
            not know, because `matchLabels`, `metadata` and `spec` are not nested under `selector` and
            `template`. Remember too that a Deployment's `selector` must match its template's labels,
            or the API server answers `` `selector` does not match template `labels` ``.

            ```yaml
            {_yaml(NOTES_DEPLOYMENT)}
            ```

            Fix it: the Deployment `nginx` runs 3 pods of `nginx:1.14.2` labelled `app=nginx`, each
            declaring `containerPort` 80. Points: 3 for the available Deployment, 1 for its pods' labels.
            """,
        solution="""
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
            """,
        visible="""
            # visible check: the fixed Deployment applies and its pods become available
            check(answer("notes-deployment"), {"kind": "manifest", "settle": 30, "checks": [
                {"check": "deployment_ready", "args": {"name": "nginx", "replicas": 3}}]})
            """,
        hidden="""
            {"kind": "manifest", "settle": 60, "checks": [
                {"check": "deployment_ready", "points": 3, "args": {"name": "nginx", "replicas": 3,
                                                                    "image": "nginx:1.14.2"}},
                {"check": "pod_count", "points": 1, "args": {"selector": {"app": "nginx"}, "count": 3}},
            ]}
            """,
    ),
    dict(
        name="quota-worker",
        title="troubleshoot a Deployment that stays short of replicas",
        points=3,
        text="""
            The Deployment `worker` in namespace `team-a` wants 3 pods but only ever has 2. Find out why
            (`%kubectl get deploy,rs,pods -n team-a`, `%kubectl describe rs -n team-a`,
            `%kubectl get events -n team-a`):

            ```python
            from engine import Cluster
            from autograder.fixtures import QUOTA_TROUBLE
            team = Cluster(workers=1)
            team.apply(QUOTA_TROUBLE); team.advance(30)
            ```

            Write the kubectl commands that let it run all 3, keeping both the Deployment's 3 replicas and
            the namespace's quota (raise it, to at most 5 pods). Points: 2 for 3 available pods, 1 for the quota kept.
            """,
        solution="""
            kubectl patch resourcequota pods -n team-a -p '{"spec": {"hard": {"pods": "3"}}}'
            """,
        setup="""
            from autograder.fixtures import QUOTA_TROUBLE
            FIXTURE = {"workers": 1, "manifests": [QUOTA_TROUBLE], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors against the cluster
            check(answer("quota-worker"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 60, "checks": [
                {"check": "deployment_ready", "points": 2, "args": {"name": "worker", "replicas": 3,
                                                                    "namespace": "team-a"}},
                {"check": "quota_at_least", "points": 1, "args": {"name": "pods", "resource": "pods", "value": 3,
                                                                  "namespace": "team-a"}},
            ]}
            """,
    ),
    dict(
        name="predict-rollout",
        title="predict a stuck rolling update",
        points=2,
        text="""
            The Deployment `shop` runs 4 replicas of `nginx:1.27` with the default strategy
            (`RollingUpdate`, `maxSurge: 25%`, `maxUnavailable: 25%`). Someone runs

            ```
            kubectl set image deployment/shop nginx=nginx:1.277
            ```

            and the tag `1.277` does not exist. Two minutes later, what does `kubectl get deployment shop`
            show in its `READY` column? Answer with that value (think first, then check on a cluster of your own).
            """,
        solution="""
            3/4
            """,
        setup="""
            from autograder.fixtures import SHOP_DEPLOYMENT, BAD_ROLLOUT
            """,
        visible="""
            # visible check: the answer is one value, READY as kubectl shows it (ready/wanted)
            from autograder import value
            assert len(value("predict-rollout").split("/")) == 2, "answer as READY shows it, e.g. 1/2"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 1, "manifests": [SHOP_DEPLOYMENT], "commands": [BAD_ROLLOUT]},
             "settle": 120, "checks": [
                {"check": "value_matches", "points": 2, "args": {"command": "get deployment shop", "column": "READY"}},
            ]}
            """,
    ),
    dict(
        name="autoscale-web",
        title="autoscale a Deployment on CPU",
        points=4,
        text="""
            The Deployment `web` runs 2 nginx pods (the cluster of `scale-web`). Write the kubectl commands
            that make a HorizontalPodAutoscaler `web` keep it between **2** and **6** replicas, aiming at
            **50%** CPU utilization. Utilization is measured against what each pod *requests*: give the
            `web` pods a request of `100m` of CPU too.

            ```python
            from engine import Cluster
            from autograder.fixtures import WEB_DEPLOYMENT
            web = Cluster(workers=1)
            web.apply(WEB_DEPLOYMENT); web.advance(30)
            ```

            The grader then loads the pods the way lesson 04 does (`web.set_load("deployment/web", cpu=...)`),
            and later takes the load away. Points: 1 for the HPA's bounds and target, 2 for replicas that
            grow under load without passing 6, 1 for coming back down to 2 once the load is gone.
            """,
        solution="""
            kubectl set resources deployment web --requests=cpu=100m
            kubectl autoscale deployment web --min=2 --max=6 --cpu-percent=50
            """,
        setup="""
            from autograder.fixtures import WEB_DEPLOYMENT
            FIXTURE = {"workers": 1, "manifests": [WEB_DEPLOYMENT], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors
            check(answer("autoscale-web"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 60, "checks": [
                {"check": "hpa_bounds", "points": 1, "args": {"name": "web", "min_replicas": 2, "max_replicas": 6,
                                                              "cpu_percent": 50}},
                {"check": "hpa_scales_up", "points": 2, "args": {"name": "web", "cpu": "800m", "max_replicas": 6}},
                {"check": "hpa_scales_down", "points": 1, "args": {"name": "web", "replicas": 2}},
            ]}
            """,
    ),
]


WRONG = {  # answers that earn partial or no credit, and their points (tests/test_assignments.py grades them through nbgrader)
    "quota-worker": ("kubectl delete quota pods -n team-a", 2),
    "predict-rollout": ("4/4", 0),
}
