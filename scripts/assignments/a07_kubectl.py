"""Assignment 07-kubectl: imperative verbs (scale, set image, annotate, label, expose), exporting a live
object, answering questions with kubectl's output formats and label selectors, a CrashLoopBackOff troubleshot, the notes' and
old tutorials' commands made to work on v1.32, and rollout undo predicted. Built into solutions/07-kubectl/
by scripts/build_assignments.py."""

NAME = "07-kubectl"
TITLE = "Assignment 7: kubectl"

NOTES_COMMANDS = """\
kubectl run web --image=nginx:1.26 --replicas=3
kubectl rolling-update web --image=nginx:1.27
kubectl exec client mkdir /tmp/app
kubectl exec -it client -- /bin/bash -c 'echo hello > /tmp/app/greeting'
"""


def _block(text):
    """A block shown inside an exercise text (indented like the text, which is dedented)."""
    return text.rstrip().replace("\n", "\n" + " " * 12)


EXERCISES = [
    dict(
        name="imperative-web",
        title="scale, update, annotate, label and expose with kubectl verbs",
        points=5,
        text="""
            The Deployment `web` runs 2 pods of `nginx:1.26` (labelled `app=web`, port 80). Without writing
            any manifest, write the kubectl commands that

            1. run **3** replicas of it,
            2. update its pods to **`nginx:1.27`** so that `kubectl rollout history deployment web` shows the
               change cause **`upgrade to 1.27`** for the new revision (the annotation
               `kubernetes.io/change-cause`),
            3. label the Deployment **`tier=frontend`**,
            4. make its pods reachable through a ClusterIP Service **`web`** on port 80.

            ```python
            from engine import Cluster
            from autograder.fixtures_kubectl import WEB_126
            web = Cluster(workers=1)
            web.apply(WEB_126); web.advance(30)
            ```

            Points: 2 for 3 available pods of `nginx:1.27`, 1 for the change cause, 1 for the label, 1 for
            the Service's endpoints.
            """,
        solution="""
            kubectl scale deployment web --replicas=3
            kubectl set image deployment/web nginx=nginx:1.27
            kubectl annotate deployment web kubernetes.io/change-cause="upgrade to 1.27"
            kubectl label deployment web tier=frontend
            kubectl expose deployment web --port=80
            """,
        setup="""
            from autograder.fixtures_kubectl import WEB_126
            FIXTURE = {"workers": 1, "manifests": [WEB_126], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors
            check(answer("imperative-web"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 60, "checks": [
                {"check": "deployment_ready", "points": 2, "args": {"name": "web", "replicas": 3, "image": "nginx:1.27"}},
                {"check": "change_cause", "points": 1, "args": {"name": "web", "cause": "upgrade to 1.27"}},
                {"check": "object_labels", "points": 1, "args": {"resource": "deployments", "name": "web",
                                                                 "kind": "Deployment", "labels": {"tier": "frontend"}}},
                {"check": "service_backends", "points": 1, "args": {"name": "web", "selector": {"app": "web"}, "count": 3}},
            ]}
            """,
    ),
    dict(
        name="export-legacy",
        title="export a live Deployment and recreate it elsewhere",
        points=4,
        text="""
            Someone made the Deployment `legacy` in namespace `old` by hand; nobody kept its manifest. Export
            it (`%kubectl get deployment legacy -n old -o yaml`) and write the manifest that creates **the
            same Deployment in namespace `new`** (which exists), leaving the original in place.

            ```python
            from engine import Cluster
            from autograder.fixtures_kubectl import LEGACY
            legacy = Cluster(workers=1)
            legacy.apply(LEGACY); legacy.advance(30)
            ```

            An exported object carries fields the API server owns and sets itself: remove `status`,
            `metadata.uid`, `resourceVersion`, `creationTimestamp`, `generation` and the
            `deployment.kubernetes.io/revision` and `last-applied-configuration` annotations (a real API
            server refuses to create an object that has a `resourceVersion`).

            Points: 2 for the Deployment `legacy` available in namespace `new`, 2 for its replicas, selector
            and pod template being the original's.
            """,
        solution="""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: legacy
              namespace: new
              labels:
                app: legacy
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: legacy
              template:
                metadata:
                  labels:
                    app: legacy
                    tier: backend
                spec:
                  containers:
                  - name: legacy
                    image: busybox:1.36
                    command: ["sh", "-c", "echo legacy serving in $REGION; sleep 36000"]
                    env:
                    - name: REGION
                      value: eu-west-1
                    resources:
                      requests:
                        cpu: 50m
                        memory: 32Mi
            """,
        setup="""
            from autograder.fixtures_kubectl import LEGACY
            FIXTURE = {"workers": 1, "manifests": [LEGACY], "advance": 30}
            """,
        visible="""
            # visible check: the manifest applies
            check(answer("export-legacy"), {"kind": "manifest", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "fixture": FIXTURE, "settle": 30, "checks": [
                {"check": "deployment_ready", "points": 2, "args": {"name": "legacy", "replicas": 2, "namespace": "new"}},
                {"check": "same_deployment", "points": 2, "args": {"name": "legacy", "source_namespace": "old",
                                                                   "namespace": "new"}},
            ]}
            """,
    ),
    dict(
        name="alone-on-node",
        title="find a pod with kubectl's output formats",
        points=2,
        text="""
            The StatefulSet `cache` runs 3 pods (`cache-0`, `cache-1`, `cache-2`) on a cluster with two
            workers, so two of its pods share a node and one is alone on its node. Which pod is alone?
            Answer with its name.

            Find it with kubectl on a cluster of your own (`-o wide`, or
            `-o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName` with `--sort-by=.spec.nodeName`,
            or `-o jsonpath`); the grader's cluster is built the same way, so its pods land on the same nodes:

            ```python
            from engine import Cluster
            from autograder.fixtures_kubectl import CACHE
            cache = Cluster(workers=2)
            cache.apply(CACHE); cache.advance(30)
            %load_ext engine
            %kubectl get pods -l app=cache
            ```
            """,
        solution="""
            cache-0
            """,
        setup="""
            from autograder.fixtures_kubectl import CACHE
            """,
        visible="""
            # visible check: the answer is one pod of the StatefulSet cache
            from autograder import value
            assert value("alone-on-node") in ("cache-0", "cache-1", "cache-2"), "answer with one pod name, such as cache-1"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 2, "manifests": [CACHE]}, "settle": 30, "checks": [
                {"check": "alone_on_node_predicted", "points": 2, "args": {"selector": {"app": "cache"}}},
            ]}
            """,
    ),
    dict(
        name="count-backend",
        title="count pods by label across namespaces",
        points=2,
        text="""
            Several teams run pods in the namespaces `default`, `shop` and `blog`. How many pods, in **all**
            namespaces, are labelled `tier=backend`? Answer with the number. Find it with kubectl
            (a label selector, and a flag for every namespace) on a cluster built as the grader builds it:

            ```python
            from engine import Cluster
            from autograder.fixtures_kubectl import TEAMS
            teams = Cluster(workers=1)
            teams.apply(TEAMS); teams.advance(30)
            ```
            """,
        solution="""
            5
            """,
        setup="""
            from autograder.fixtures_kubectl import TEAMS
            """,
        visible="""
            # visible check: the answer is a number
            from autograder import value
            assert value("count-backend").isdigit(), "answer with a number, such as 7"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 1, "manifests": [TEAMS]}, "settle": 30, "checks": [
                {"check": "pods_counted", "points": 2, "args": {"selector": {"tier": "backend"}}},
            ]}
            """,
    ),
    dict(
        name="crashloop-worker",
        title="troubleshoot a Deployment in CrashLoopBackOff",
        points=4,
        text="""
            The pods of the Deployment `worker` keep crashing. Find out why (`%kubectl get pods`,
            `%kubectl describe pod ...`, `%kubectl logs ... --previous`, `%kubectl events`):

            ```python
            from engine import Cluster
            from autograder.fixtures_kubectl import WORKER_CRASH
            worker = Cluster(workers=1)
            worker.apply(WORKER_CRASH); worker.advance(60)
            ```

            Write the kubectl commands that make its 2 pods run the app as intended (print `worker started`,
            then `sleep 3600`), still from `busybox:1.36` and still labelled `app=worker`. There is no
            editor here: use `kubectl patch`, or replace the Deployment.
            Points: 2 for 2 available pods, 2 for pods that run the app's command without restarting.
            """,
        solution="""
            kubectl patch deployment worker --type=json -p '[{"op": "replace", "path": "/spec/template/spec/containers/0/command/2", "value": "echo worker started; sleep 3600"}]'
            """,
        setup="""
            from autograder.fixtures_kubectl import WORKER_CRASH
            FIXTURE = {"workers": 1, "manifests": [WORKER_CRASH], "advance": 60}
            """,
        visible="""
            # visible check: your commands run without errors against the broken cluster
            check(answer("crashloop-worker"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 60, "checks": [
                {"check": "deployment_ready", "points": 2, "args": {"name": "worker", "replicas": 2, "image": "busybox:1.36"}},
                {"check": "pods_healthy", "points": 2, "args": {"selector": {"app": "worker"},
                                                                "logs_contain": "worker started"}},
            ]}
            """,
    ),
    dict(
        name="notes-commands",
        title="fix the old commands of the notes and tutorials",
        points=4,
        text=f"""
            These commands, from the study notes and the tutorials they were written from, each fail on
            kubectl v1.32 (try them: kubectl says why):

            ```
            {_block(NOTES_COMMANDS)}
            ```

            Their intent: a Deployment `web` of **3** pods of `nginx:1.26`, then a rolling update of it to
            `nginx:1.27`; in the running Pod `client` (image `busybox:1.36`), a folder `/tmp/app` and in it a
            file `greeting` holding `hello`. Write commands that do this on v1.32.

            ```python
            from engine import Cluster
            from autograder.fixtures import CLIENT_POD
            old = Cluster(workers=1)
            old.apply(CLIENT_POD); old.advance(30)
            ```

            Points: 2 for 3 available pods of `nginx:1.27`, 1 for having rolled out from `nginx:1.26`, 1 for
            the file in `client`.
            """,
        solution="""
            kubectl create deployment web --image=nginx:1.26 --replicas=3
            sleep 20
            kubectl set image deployment/web nginx=nginx:1.27
            kubectl exec client -- mkdir /tmp/app
            kubectl exec client -- sh -c 'echo hello > /tmp/app/greeting'
            """,
        setup="""
            from autograder.fixtures import CLIENT_POD
            FIXTURE = {"workers": 1, "manifests": [CLIENT_POD], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors
            check(answer("notes-commands"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 60, "checks": [
                {"check": "deployment_ready", "points": 2, "args": {"name": "web", "replicas": 3, "image": "nginx:1.27"}},
                {"check": "rolled_from", "points": 1, "args": {"name": "web", "image": "nginx:1.26"}},
                {"check": "pod_file", "points": 1, "args": {"pod": "client", "path": "/tmp/app/greeting",
                                                            "contains": "hello", "what": "a greeting"}},
            ]}
            """,
    ),
    dict(
        name="predict-undo",
        title="predict two rollbacks in a row",
        points=2,
        text="""
            The Deployment `web` is created with `nginx:1.25`, then updated to `nginx:1.26`, then to
            `nginx:1.27`, each rollout finished before the next command:

            ```python
            from autograder.fixtures_kubectl import UNDO_TWICE
            print("\\n".join(UNDO_TWICE))
            ```

            Then someone runs `kubectl rollout undo deployment/web` **twice**, waiting for each rollout.
            Which image do the Deployment's pods run then? Answer with the image as the pod template names it
            (e.g. `nginx:1.25`). Think first (what does `undo` go back to?), then check with
            `kubectl rollout history` on a cluster of your own.
            """,
        solution="""
            nginx:1.27
            """,
        setup="""
            from autograder.fixtures_kubectl import UNDO_TWICE
            """,
        visible="""
            # visible check: the answer is an nginx image
            from autograder import value
            assert value("predict-undo").startswith("nginx:"), "answer with an image such as nginx:1.25"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 1, "commands": UNDO_TWICE}, "settle": 0, "checks": [
                {"check": "value_matches", "points": 2, "args": {
                    "command": "get deployment web -o jsonpath={.spec.template.spec.containers[0].image}"}},
            ]}
            """,
    ),
]


WRONG = {  # answers that earn partial or no credit, and their points (tests/test_assignments.py grades them through nbgrader)
    "imperative-web": ("kubectl scale deployment web --replicas=3\n"
                       "kubectl set image deployment/web nginx=nginx:1.27 --record\n"
                       "kubectl expose deployment web --port=80\n", 3),
    "predict-undo": ("nginx:1.25", 0),
}
