"""Assignment 08-config-storage: a ConfigMap as variables and files, a Secret (base64, env, volume), an
updated ConfigMap predicted, a StatefulSet's claims, pods stuck on a missing ConfigMap and Secret, and the
notes' pause container that was to share storage. Built into solutions/08-config-storage/ by
scripts/build_assignments.py."""

NAME = "08-config-storage"
TITLE = "Assignment 8: Configuration and storage"

NOTES_SHARED = """\
apiVersion: v1
kind: Pod
metadata:
  name: site
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
  - name: writer
    image: busybox:1.36
    command: ["sh", "-c", "while true; do echo hello from the writer > /usr/share/nginx/html/index.html; sleep 5; done"]
"""


def _yaml(text):
    """A manifest shown inside an exercise text (indented like the text, which is dedented)."""
    return text.rstrip().replace("\n", "\n" + " " * 12)


EXERCISES = [
    dict(
        name="configmap-app",
        title="a ConfigMap as a variable and as files",
        points=5,
        text="""
            The ConfigMap `app-config` holds the key `MODE` and the file `app.properties`:

            ```python
            from engine import Cluster
            from autograder.fixtures_config_storage import APP_CONFIG
            print(APP_CONFIG)
            app = Cluster(workers=1)
            app.apply(APP_CONFIG)
            ```

            Write a Pod `app` (image `busybox:1.36`, command `sh -c 'echo mode is $APP_MODE; sleep 3600'`)
            whose container gets the ConfigMap's `MODE` as the variable **`APP_MODE`** and sees the
            ConfigMap's keys as files in **`/etc/app`** (so `/etc/app/app.properties` is the file above).
            Points: 1 for the running Pod, 2 for the variable, 2 for the files.
            """,
        solution="""
            apiVersion: v1
            kind: Pod
            metadata:
              name: app
            spec:
              containers:
              - name: app
                image: busybox:1.36
                command: ["sh", "-c", "echo mode is $APP_MODE; sleep 3600"]
                env:
                - name: APP_MODE
                  valueFrom:
                    configMapKeyRef:
                      name: app-config
                      key: MODE
                volumeMounts:
                - name: config
                  mountPath: /etc/app
              volumes:
              - name: config
                configMap:
                  name: app-config
            """,
        setup="""
            from autograder.fixtures_config_storage import APP_CONFIG
            FIXTURE = {"workers": 1, "manifests": [APP_CONFIG]}
            """,
        visible="""
            # visible check: the Pod applies
            check(answer("configmap-app"), {"kind": "manifest", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "fixture": FIXTURE, "settle": 20, "checks": [
                {"check": "pod_running", "points": 1, "args": {"name": "app", "image": "busybox:1.36"}},
                {"check": "pod_env", "points": 2, "args": {"pod": "app", "variable": "APP_MODE", "value": "production",
                                                           "what": "the ConfigMap app-config's MODE"}},
                {"check": "pod_file", "points": 2, "args": {"pod": "app", "path": "/etc/app/app.properties",
                                                            "contains": "max.connections=20",
                                                            "what": "the ConfigMap app-config's app.properties"}},
            ]}
            """,
    ),
    dict(
        name="secret-db",
        title="a Secret as a variable and as files",
        points=4,
        text="""
            Write a Secret `db-creds` holding the key `username` with the value **`admin`** and the key
            `password` with the value **`S3cr3t!`**, and a Pod `db-client` (image `busybox:1.36`, command
            `sleep 3600`) whose container gets the username as the variable **`DB_USER`** (from the Secret)
            and sees the Secret's keys as files in **`/etc/db`**, read-only. Put both in one manifest,
            separated by `---`.

            Under `data` a Secret's values are base64 (`echo -n 'S3cr3t!' | base64`; mind the `-n`);
            under `stringData` you may write them in plain text.
            Points: 1 for each of the Secret's two values, 1 for the variable, 1 for the files.
            """,
        solution="""
            apiVersion: v1
            kind: Secret
            metadata:
              name: db-creds
            type: Opaque
            data:
              username: YWRtaW4=
            stringData:
              password: S3cr3t!
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: db-client
            spec:
              containers:
              - name: client
                image: busybox:1.36
                command: ["sleep", "3600"]
                env:
                - name: DB_USER
                  valueFrom:
                    secretKeyRef:
                      name: db-creds
                      key: username
                volumeMounts:
                - name: creds
                  mountPath: /etc/db
                  readOnly: true
              volumes:
              - name: creds
                secret:
                  secretName: db-creds
            """,
        visible="""
            # visible check: the manifest applies
            check(answer("secret-db"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 20, "checks": [
                {"check": "secret_value", "points": 1, "args": {"name": "db-creds", "key": "username", "value": "admin"}},
                {"check": "secret_value", "points": 1, "args": {"name": "db-creds", "key": "password", "value": "S3cr3t!"}},
                {"check": "pod_env", "points": 1, "args": {"pod": "db-client", "variable": "DB_USER", "value": "admin",
                                                           "what": "the Secret db-creds's username"}},
                {"check": "pod_file", "points": 1, "args": {"pod": "db-client", "path": "/etc/db/password",
                                                            "contains": "S3cr3t!", "what": "the Secret db-creds's password"}},
            ]}
            """,
    ),
    dict(
        name="predict-update",
        title="predict what an updated ConfigMap reaches",
        points=3,
        text="""
            The Pod `show` reads the key `COLOR` of the ConfigMap `settings` (`blue`) twice: as the variable
            `COLOR` and as the file `/etc/settings/COLOR` of a `configMap` volume. Once the Pod runs, the
            ConfigMap is changed to `COLOR: green`:

            ```python
            from autograder.fixtures_config_storage import SETTINGS_SHOW, SETTINGS_CHANGE
            print(SETTINGS_SHOW, SETTINGS_CHANGE)
            ```

            Two minutes later, what do `kubectl exec show -- printenv COLOR` and
            `kubectl exec show -- cat /etc/settings/COLOR` print? Answer with the two words in that order,
            separated by a blank (think first, then check on a cluster of your own).
            """,
        solution="""
            blue green
            """,
        setup="""
            from autograder.fixtures_config_storage import SETTINGS_SHOW, SETTINGS_CHANGE
            """,
        visible="""
            # visible check: the answer is two words
            from autograder import value
            assert len(value("predict-update").split()) == 2, "answer with two words, such as: red red"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 1, "manifests": [SETTINGS_SHOW], "commands": SETTINGS_CHANGE},
             "settle": 120, "checks": [
                {"check": "outputs_predicted", "points": 3, "args": {"commands": [
                    "exec show -- printenv COLOR", "exec show -- cat /etc/settings/COLOR"]}},
            ]}
            """,
    ),
    dict(
        name="statefulset-claims",
        title="a StatefulSet whose pods keep their data",
        points=5,
        text="""
            Write a StatefulSet `db` of **2** pods labelled `app=db` (with `serviceName: db`; image
            `busybox:1.36`, command `sh -c 'date >> /var/lib/db/starts; sleep 36000'`) in which each pod keeps
            `/var/lib/db` on **its own** PersistentVolumeClaim of **1Gi** made from a claim template named
            `data` (the cluster's default StorageClass `standard` provisions the volumes).

            The grader writes a file under `/var/lib/db` in `db-0`, deletes the pod and reads the file in the
            pod the StatefulSet makes again. Points: 2 for the two claims `data-db-0` and `data-db-1`, bound;
            1 for the running pod `db-1`; 2 for data that survives its pod.
            """,
        solution="""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db
            spec:
              serviceName: db
              replicas: 2
              selector:
                matchLabels:
                  app: db
              template:
                metadata:
                  labels:
                    app: db
                spec:
                  containers:
                  - name: db
                    image: busybox:1.36
                    command: ["sh", "-c", "date >> /var/lib/db/starts; sleep 36000"]
                    volumeMounts:
                    - name: data
                      mountPath: /var/lib/db
              volumeClaimTemplates:
              - metadata:
                  name: data
                spec:
                  accessModes: ["ReadWriteOnce"]
                  resources:
                    requests:
                      storage: 1Gi
            """,
        visible="""
            # visible check: the StatefulSet applies
            check(answer("statefulset-claims"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 40, "checks": [
                {"check": "statefulset_claims", "points": 2, "args": {"name": "db", "claim": "data", "replicas": 2,
                                                                      "storage": "1Gi"}},
                {"check": "pod_running", "points": 1, "args": {"name": "db-1"}},
                {"check": "data_survives", "points": 2, "args": {"pod": "db-0", "path": "/var/lib/db"}},
            ]}
            """,
    ),
    dict(
        name="missing-config",
        title="troubleshoot pods waiting for their configuration",
        points=4,
        text="""
            The pods of the Deployment `api` never start. Find out why (`%kubectl get pods`,
            `%kubectl describe pod ...`, `%kubectl events`):

            ```python
            from engine import Cluster
            from autograder.fixtures_config_storage import API_NEEDS_CONFIG
            api = Cluster(workers=1)
            api.apply(API_NEEDS_CONFIG); api.advance(30)
            ```

            The team's wiki says the app runs at log level **`debug`** and reads its token **`t0k3n`** from
            the file `/etc/token/token`. Write the kubectl commands that let the pods start with that
            configuration. Points: 2 for 2 available pods, 1 for the log level they see, 1 for the token file.
            """,
        solution="""
            kubectl create configmap api-config --from-literal=LOG_LEVEL=debug
            kubectl create secret generic api-token --from-literal=token=t0k3n
            """,
        setup="""
            from autograder.fixtures_config_storage import API_NEEDS_CONFIG
            FIXTURE = {"workers": 1, "manifests": [API_NEEDS_CONFIG], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors against the broken cluster
            check(answer("missing-config"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 60, "checks": [
                {"check": "deployment_ready", "points": 2, "args": {"name": "api", "replicas": 2}},
                {"check": "pod_env", "points": 1, "args": {"selector": {"app": "api"}, "variable": "LOG_LEVEL",
                                                           "value": "debug", "what": "the log level of the wiki"}},
                {"check": "pod_file", "points": 1, "args": {"selector": {"app": "api"}, "path": "/etc/token/token",
                                                            "contains": "t0k3n", "what": "the token of the wiki"}},
            ]}
            """,
    ),
    dict(
        name="claim-pending",
        title="troubleshoot a pod Pending for its claim",
        points=4,
        text="""
            The Pod `reports` keeps its files on the PersistentVolumeClaim `reports-data` (2Gi), but it never
            starts. Find out why (`%kubectl get pod,pvc,pv`, `%kubectl describe pvc reports-data`,
            `%kubectl describe pod reports`, `%kubectl get storageclass`):

            ```python
            from engine import Cluster
            from autograder.fixtures_config_storage import REPORTS_PVC
            reports = Cluster(workers=1)
            reports.apply(REPORTS_PVC); reports.advance(30)
            ```

            Write a manifest that lets it run with its files on that claim, **without deleting or changing**
            the claim or the Pod (a claim's spec cannot be changed once it is created anyway): what is the
            claim waiting for? (`%kubectl get storageclass standard -o yaml` shows how this cluster's volumes
            are provisioned.) Points: 2 for the running Pod, 1 for the bound claim, 1 for the Pod's files
            being on it.
            """,
        solution="""
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: fast
            provisioner: rancher.io/local-path
            reclaimPolicy: Delete
            volumeBindingMode: WaitForFirstConsumer
            """,
        setup="""
            from autograder.fixtures_config_storage import REPORTS_PVC
            FIXTURE = {"workers": 1, "manifests": [REPORTS_PVC], "advance": 30}
            """,
        visible="""
            # visible check: the manifest applies
            check(answer("claim-pending"), {"kind": "manifest", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "fixture": FIXTURE, "settle": 60, "checks": [
                {"check": "pod_running", "points": 2, "args": {"name": "reports"}},
                {"check": "claim_bound", "points": 1, "args": {"name": "reports-data", "storage": "2Gi"}},
                {"check": "pod_file", "points": 1, "args": {"pod": "reports", "path": "/reports/runs",
                                                            "contains": "UTC", "what": "the file the Pod writes"}},
            ]}
            """,
    ),
    dict(
        name="notes-shared",
        title="fix a pod that trusted the notes' pause container with its storage",
        points=3,
        text=f"""
            The notes say the pause container provides "the network and the storage" of a pod's containers.
            It holds the network (the pod's IP, `localhost` between containers), but not storage: each
            container has its own filesystem, and containers share files only through a volume both mount.
            This Pod trusted the notes: its `writer` writes the page that `nginx` is meant to serve, yet nginx
            still serves its welcome page (see `%kubectl logs site -c writer`).

            ```yaml
            {_yaml(NOTES_SHARED)}
            ```

            Fix it so that nginx serves what the writer writes, with a volume that lives as long as the Pod.
            Points: 1 for the running Pod, 2 for the writer's page in nginx's `/usr/share/nginx/html`.
            """,
        solution="""
            apiVersion: v1
            kind: Pod
            metadata:
              name: site
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
                ports:
                - containerPort: 80
                volumeMounts:
                - name: html
                  mountPath: /usr/share/nginx/html
              - name: writer
                image: busybox:1.36
                command: ["sh", "-c", "while true; do echo hello from the writer > /usr/share/nginx/html/index.html; sleep 5; done"]
                volumeMounts:
                - name: html
                  mountPath: /usr/share/nginx/html
              volumes:
              - name: html
                emptyDir: {}
            """,
        visible="""
            # visible check: the fixed Pod applies
            check(answer("notes-shared"), {"kind": "manifest", "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "settle": 30, "checks": [
                {"check": "pod_running", "points": 1, "args": {"name": "site"}},
                {"check": "pod_file", "points": 2, "args": {"pod": "site", "container": "nginx",
                                                            "path": "/usr/share/nginx/html/index.html",
                                                            "contains": "hello from the writer",
                                                            "what": "the page the writer writes"}},
            ]}
            """,
    ),
]


WRONG = {  # answers that earn partial or no credit, and their points (tests/test_assignments.py grades them through nbgrader)
    "secret-db": ("apiVersion: v1\nkind: Secret\nmetadata: {name: db-creds}\n"
                  "data: {username: YWRtaW4=, password: UzNjcjN0IQo=}\n---\n"
                  "apiVersion: v1\nkind: Pod\nmetadata: {name: db-client}\nspec:\n  containers:\n"
                  "  - {name: c, image: busybox:1.36, command: [sleep, '3600'], env: [{name: DB_USER, value: admin}]}\n", 2),
    "missing-config": ("kubectl create configmap api-config --from-literal=LOG_LEVEL=info\n"
                       "kubectl create secret generic api-token --from-literal=token=t0k3n\n", 3),
}
