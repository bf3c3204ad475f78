"""Lesson 08, configuration and storage: ConfigMaps and Secrets (as env vars and as files), the volume
types a pod can mount, PersistentVolumes and claims, dynamic provisioning, reclaim policies, StatefulSet claims."""
NAME = "08-config-storage"

CELLS = [
    ("md", """
    # Lesson 08: Configuration and storage

    In this lesson you will

    1. keep an application's settings out of its image in a **ConfigMap** (from literals, files and env files);
    2. hand them to containers as **environment variables** (`env`, `envFrom`) and as **files** (a volume),
       and see which of the two follows a change;
    3. store passwords in a **Secret** and see that base64 is an encoding, not encryption;
    4. meet the **volume** types a pod uses most: `emptyDir`, `hostPath`, `configMap`/`secret`, `projected`;
    5. keep data beyond a pod's life with **PersistentVolumeClaims**, provisioned on demand by the
       **StorageClass** `standard`, and see what the **reclaim policies** `Delete` and `Retain` do;
    6. give each pod of a **StatefulSet** its own claim with `volumeClaimTemplates`.

    The notes list "secret and configuration management" and "storage orchestration" among Kubernetes'
    features (特性 7 and 8) and mention "PVC-based stable storage" for StatefulSets; this lesson fills them in.
    """),
    ("code", """
    import base64
    import json
    import tempfile
    from pathlib import Path

    from engine import Cluster

    c = Cluster(workers=1)
    %load_ext engine
    """),
    ("md", """
    ## 1. ConfigMaps

    A **ConfigMap** is a namespaced object holding string keys and values (`data`) or bytes (`binaryData`),
    at most 1 MiB in all. `kubectl create configmap` builds one from literals, from files (the key is the
    file's name, the value its whole content) or from an *env file* (one `KEY=value` per line).
    """),
    ("code", """
    folder = Path(tempfile.mkdtemp())
    (folder / "nginx.conf").write_text("server {\\n  listen 8080;\\n}\\n")
    (folder / "app.env").write_text("# read by --from-env-file\\nLOG_LEVEL=info\\nREGION=eu-west-1\\n")

    %kubectl create configmap app-config --from-literal=MODE=debug --from-literal=GREETING=hello
    %kubectl create configmap web-conf --from-file={folder}/nginx.conf
    %kubectl create configmap app-env --from-env-file={folder}/app.env
    """),
    ("code", """
    %kubectl get configmaps
    %kubectl get configmap app-config web-conf app-env -o yaml
    """),
    ("md", """
    (`kube-root-ca.crt` is in every namespace: the cluster's CA certificate, published for pods to trust
    the API server.) Keys must be made of letters, digits, `-`, `_` and `.`; kubectl checks before sending:
    """),
    ("code", """
    %kubectl create configmap bad --from-literal=bad_key!=x
    """),
    ("md", """
    ## 2. Using a ConfigMap: variables and files

    A container gets one key as a variable with `env[].valueFrom.configMapKeyRef`, every key at once with
    `envFrom` (here with a prefix), or the keys as files with a `configMap` volume: one file per key.
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: app
    spec:
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "sleep 3600"]
        env:
        - name: MODE
          valueFrom:
            configMapKeyRef: {name: app-config, key: MODE}
        envFrom:
        - configMapRef: {name: app-env}
          prefix: CFG_
        volumeMounts:
        - {name: config, mountPath: /etc/config}
        - {name: web, mountPath: /etc/nginx/conf.d}
      volumes:
      - name: config
        configMap: {name: app-config}
      - name: web
        configMap: {name: web-conf}
    """),
    ("code", """
    %%kubectl
    sleep 10
    exec app -- env
    exec app -- ls /etc/config
    exec app -- cat /etc/nginx/conf.d/nginx.conf
    """),
    ("md", """
    Each file is a symbolic link to `..data/<key>`, and `..data` is itself a link to a hidden, timestamped
    folder: to update the files the kubelet writes a new folder and swaps the `..data` link in one step, so
    a program never reads a half-written update.
    """),
    ("code", """
    %kubectl exec app -- ls -a /etc/config
    %kubectl exec app -- ls -l /etc/config
    """),
    ("md", """
    **Updates.** Environment variables are set once, when the container starts: a change to the ConfigMap
    never reaches them. A change does reach the *files* of a `configMap` volume, at the kubelet's next
    periodic sync of the pod (every minute, with some jitter), except for files mounted with `subPath`,
    which never change. Below, 90 seconds after the patch, the file has the new value and the variable the
    old one. Both change for a **new** pod, which is how you apply a change to variables in practice
    (`kubectl rollout restart deployment/...` replaces the pods of a Deployment).
    """),
    ("code", """
    %%kubectl
    patch configmap app-config -p '{"data":{"MODE":"production"}}'
    sleep 90
    exec app -- printenv MODE
    exec app -- cat /etc/config/MODE
    """),
    ("code", """
    %%kubectl
    delete pod app --grace-period=1
    sleep 2
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: app
    spec:
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "sleep 3600"]
        env:
        - name: MODE
          valueFrom:
            configMapKeyRef: {name: app-config, key: MODE}
        volumeMounts:
        - {name: config, mountPath: /etc/config}
      volumes:
      - name: config
        configMap: {name: app-config}
    """),
    ("code", """
    %%kubectl
    sleep 10
    exec app -- printenv MODE
    exec app -- cat /etc/config/MODE
    """),
    ("md", """
    ## 3. Secrets

    A **Secret** looks like a ConfigMap whose values are base64-encoded, with a `type` that says what
    keys it must have. `kubectl create secret` has three kinds:

    | command | type | keys |
    |---|---|---|
    | `create secret generic` | `Opaque` | any |
    | `create secret tls --cert=... --key=...` | `kubernetes.io/tls` | `tls.crt`, `tls.key` |
    | `create secret docker-registry` | `kubernetes.io/dockerconfigjson` | `.dockerconfigjson` (for `imagePullSecrets`) |
    """),
    ("code", """
    %kubectl create secret generic db-pass --from-literal=username=admin --from-literal=password=s3cr3t
    %kubectl get secrets
    %kubectl get secret db-pass -o jsonpath={.data.password}
    """),
    ("md", """
    **base64 is not encryption.** Anyone who may `get` the Secret reads the password in one line:
    """),
    ("code", """
    encoded = c.kubectl("get secret db-pass -o jsonpath={.data.password}").stdout
    print(base64.b64decode(encoded).decode())
    """),
    ("md", """
    What protects a Secret is RBAC (who may read Secrets in the namespace), and, if the cluster is set up
    for it, *encryption at rest* of the Secrets in etcd (`--encryption-provider-config` of the API server);
    neither is the base64. A Secret's advantages over a ConfigMap are these rules and that the kubelet keeps
    secret volumes in memory (`tmpfs`), never on the node's disk.

    The API server checks each type's required keys:
    """),
    ("code", """
    %kubectl create secret generic not-tls --from-literal=a=b --type=kubernetes.io/tls
    """),
    ("code", """
    %kubectl create secret docker-registry regcred --docker-server=registry.example.com --docker-username=ann --docker-password=pw --dry-run=client -o yaml
    """),
    ("md", """
    In a manifest you may write plain text under **`stringData`**: the API server encodes it into `data`
    and never stores or returns `stringData` itself (the `last-applied-configuration` annotation of
    `kubectl apply`, however, keeps the plain text: one more reason to create Secrets with `create`).
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Secret
    metadata:
      name: api-token
    type: Opaque
    stringData:
      token: abc123
    """),
    ("code", """
    %kubectl get secret api-token -o yaml
    """),
    ("md", """
    Pods use Secrets as ConfigMaps: `secretKeyRef`, `envFrom[].secretRef`, or a `secret` volume
    (`secretName`, not `name`).
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: client
    spec:
      containers:
      - name: client
        image: busybox
        command: ["sh", "-c", "sleep 3600"]
        env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: db-pass, key: password}
        volumeMounts:
        - {name: creds, mountPath: /etc/creds, readOnly: true}
      volumes:
      - name: creds
        secret: {secretName: db-pass}
    """),
    ("code", """
    %%kubectl
    sleep 10
    exec client -- printenv DB_PASSWORD
    exec client -- ls /etc/creds
    exec client -- cat /etc/creds/username
    """),
    ("md", """
    Where the files are: `df` in the container shows the secret volume on `tmpfs` (memory, sized like
    the node's memory), while `/etc/hosts`, which the kubelet writes for every pod, is on the node's disk:
    """),
    ("code", """
    %kubectl exec client -- df -h /etc/creds /etc/hosts
    """),
    ("md", """
    ## 4. Volumes

    A container's own filesystem is thrown away with the container. A **volume** is declared once in the
    pod (`spec.volumes`) and mounted by any of its containers (`volumeMounts`). The most used types:

    | type | what it is | lives as long as |
    |---|---|---|
    | `emptyDir` | an empty folder on the node (or in memory with `medium: Memory`) | the pod |
    | `hostPath` | a path of the node's own filesystem | the node (dangerous: avoid outside system pods) |
    | `configMap`, `secret`, `downwardAPI` | the object's keys (or the pod's own fields) as files | the pod (the files follow the object) |
    | `projected` | several of those (and a service account token) in one folder | the pod |
    | `persistentVolumeClaim` | a claimed PersistentVolume (section 5) | the claim |

    Lesson 02 showed two containers sharing an `emptyDir`. Here is a `projected` volume with a ConfigMap,
    a Secret and the pod's labels side by side, and a `hostPath` folder of the node that the pod writes into:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: volumes
      labels: {app: demo}
    spec:
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "echo left by $(hostname) > /host/note; sleep 3600"]
        volumeMounts:
        - {name: all, mountPath: /etc/all}
        - {name: node-folder, mountPath: /host}
      volumes:
      - name: all
        projected:
          sources:
          - configMap: {name: web-conf}
          - secret: {name: api-token}
          - downwardAPI:
              items:
              - path: labels
                fieldRef: {fieldPath: metadata.labels}
      - name: node-folder
        hostPath: {path: /srv/shared, type: DirectoryOrCreate}
    """),
    ("code", """
    %%kubectl
    sleep 10
    get pod volumes
    exec volumes -- ls /etc/all
    exec volumes -- cat /host/note
    exec volumes -- cat /etc/all/labels
    """),
    ("md", """
    `/srv/shared` is a folder of the node `worker-1`: the note stays there after the pod is gone, and any
    pod that lands on that node (and only there) can read it. `DirectoryOrCreate` made the folder; with
    `type: Directory` a missing folder is not created: the pod stays in `ContainerCreating` with a
    `FailedMount` event (try it below with `/no/such/dir`).

    ## 5. PersistentVolumes, claims and the StorageClass

    Storage that outlives pods is split in two objects:

    * a **PersistentVolume** (PV, cluster-scoped): a piece of real storage (a disk, an NFS share, a folder
      on a node) with a capacity, access modes and a reclaim policy; made by an administrator or by a
      provisioner;
    * a **PersistentVolumeClaim** (PVC, namespaced): a request for storage (size, access modes, class).
      The PV controller **binds** each claim to one fitting volume; a pod names the claim, never the volume.

    A **StorageClass** says how to make volumes on demand. This cluster has kind's `standard`, the default
    class, served by the **local-path** provisioner (`rancher.io/local-path`, a folder on the node under
    `/var/local-path-provisioner`):
    """),
    ("code", """
    %kubectl get storageclass
    """),
    ("md", """
    `WaitForFirstConsumer`: the volume is made only when a pod uses the claim, on the node the scheduler
    picked for that pod (a local folder is only reachable there). Until then the claim is `Pending`:
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
    """),
    ("code", """
    %%kubectl
    sleep 5
    get pvc
    describe pvc data
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: writer
    spec:
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "echo written by writer > /data/file; sleep 3600"]
        volumeMounts:
        - {name: data, mountPath: /data}
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: data}
    """),
    ("code", """
    %%kubectl
    sleep 20
    get pod writer
    get pvc,pv
    """),
    ("md", """
    The provisioner made a volume named `pvc-<uid of the claim>` with the class's reclaim policy `Delete`.
    The data outlives the pod: delete it, and a new pod using the same claim reads the file.
    """),
    ("code", """
    %%kubectl
    delete pod writer --grace-period=1
    sleep 2
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
        image: busybox
        command: ["sh", "-c", "sleep 3600"]
        volumeMounts:
        - {name: data, mountPath: /data}
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: data}
    """),
    ("code", """
    %%kubectl
    sleep 10
    exec reader -- cat /data/file
    """),
    ("md", """
    **Access modes** say how many nodes may mount the volume: `ReadWriteOnce` (RWO, one node read-write),
    `ReadOnlyMany` (ROX), `ReadWriteMany` (RWX, many nodes read-write, e.g. NFS) and `ReadWriteOncePod`
    (RWOP, one pod). They are what the volume *can* do, matched when binding. A folder on one node cannot
    be shared by several nodes, so the local-path provisioner refuses anything but RWO and RWOP: the claim
    stays `Pending`, and so does the pod that needs it.
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: shared
    spec:
      accessModes: [ReadWriteMany]
      resources:
        requests:
          storage: 1Gi
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: shared-user
    spec:
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "sleep 3600"]
        volumeMounts:
        - {name: data, mountPath: /data}
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: shared}
    """),
    ("code", """
    %%kubectl
    sleep 10
    get pvc shared
    get pod shared-user
    get events --field-selector involvedObject.name=shared,type=Warning
    """),
    ("md", """
    A `ReadWriteMany` claim needs a class whose storage is reachable from every node (NFS, CephFS, a cloud
    file service). Clean up:
    """),
    ("code", """
    %kubectl delete pod shared-user --grace-period=1
    %kubectl delete pvc shared
    """),
    ("md", """

    **Reclaim policies** say what happens to the volume when its claim is deleted. With `Delete` (the
    default for provisioned volumes) the volume and its data go away with the claim:
    """),
    ("code", """
    %%kubectl
    delete pod reader --grace-period=1
    delete pvc data
    sleep 20
    get pv
    """),
    ("md", """
    (`get pv` says "in default namespace" only because kubectl cannot tell from an empty answer that the
    resource is cluster-scoped.) With `Retain` the volume stays, `Released`, with its data and the old
    claim's reference: no new claim binds to it until an administrator cleans it up. An administrator's
    hand-made PV with a class of its own shows it:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: PersistentVolume
    metadata:
      name: manual-pv
    spec:
      capacity: {storage: 2Gi}
      accessModes: [ReadWriteOnce]
      persistentVolumeReclaimPolicy: Retain
      storageClassName: manual
      hostPath: {path: /mnt/data}
    ---
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: manual-claim
    spec:
      storageClassName: manual
      accessModes: [ReadWriteOnce]
      resources:
        requests: {storage: 1Gi}
    """),
    ("code", """
    %%kubectl
    sleep 20
    get pv,pvc
    delete pvc manual-claim
    sleep 20
    get pv
    """),
    ("md", """
    The claim asked for 1Gi and got the whole 2Gi volume: a claim binds to one volume, never to part of one.
    (`Recycle`, a third policy that wiped the files, is deprecated.) A new claim does not get the `Released`
    volume, whose files still belong to the old claim; once the administrator has looked after the data,
    removing the volume's `claimRef` makes it `Available` again, and the waiting claim binds:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: second-claim
    spec:
      storageClassName: manual
      accessModes: [ReadWriteOnce]
      resources:
        requests: {storage: 1Gi}
    """),
    ("code", """
    %%kubectl
    sleep 20
    get pv,pvc
    patch pv manual-pv --type=json -p '[{"op":"remove","path":"/spec/claimRef"}]'
    sleep 20
    get pv,pvc
    """),
    ("md", """

    ## 6. A StatefulSet's claims

    The notes say StatefulSet pods get "stable persistent storage based on PVCs". The mechanism is
    `volumeClaimTemplates`: the StatefulSet controller makes one claim per pod, named
    `<template>-<statefulset>-<ordinal>`, and a replacement pod with the same name gets the same claim.
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: db
    spec:
      serviceName: db
      replicas: 2
      selector:
        matchLabels: {app: db}
      template:
        metadata:
          labels: {app: db}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: db
            image: busybox
            command: ["sh", "-c", "hostname >> /data/log; sleep 3600"]
            volumeMounts:
            - {name: data, mountPath: /data}
      volumeClaimTemplates:
      - metadata:
          name: data
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests: {storage: 1Gi}
    """),
    ("code", """
    %%kubectl
    sleep 30
    get pods,pvc -l app=db
    delete pod db-0
    sleep 15
    exec db-0 -- cat /data/log
    """),
    ("md", """
    `db-0` was replaced and found its own file again: two lines, one per start. Scaling down or deleting the
    StatefulSet leaves the claims (and so the data) in place, by default (`persistentVolumeClaimRetentionPolicy`
    `Retain`); a scale up finds them again:
    """),
    ("code", """
    %%kubectl
    scale statefulset db --replicas=0
    sleep 15
    get pods,pvc -l app=db
    scale statefulset db --replicas=1
    sleep 15
    exec db-0 -- cat /data/log
    """),
    ("md", """
    > **The notes say** the pause container "provides the network and the storage" for the other
    > containers. It holds the pod's namespaces (network, IPC), not its storage: volumes are set up by the
    > kubelet on the node and mounted into each container that lists them (lesson 02 §3 and §4).

    ## Your turn

    * Create a ConfigMap from a folder of your own with `--from-file=<folder>` (one key per file).
    * Mount a `hostPath` of `/no/such/dir` with `type: Directory` and read the pod's events.
    * Give a pod all the keys of the Secret `db-pass` as variables with `envFrom: [{secretRef: {name: db-pass}}]`
      and print them with `exec ... -- env`.
    """),
    ("code", """
    # %kubectl create configmap ...
    """),
    ("md", """
    ## Check yourself

    Replace each `...` with your answer, then run the cell after it.

    **1.** A pod reads a ConfigMap key through `env` and the same key through a `configMap` volume. The
    ConfigMap changes. In real Kubernetes, which of the two does the running container eventually see
    change: `"env"` or `"file"`?
    """),
    ("code", """
    import base64

    from selfcheck import check, check_command
    """),
    ("answer", "follows_updates", '"file"', '"env"'),
    ("code", """
    check(follows_updates, "file", "Variables are set when the container starts.")
    """),
    ("md", """
    **2.** What is the plain-text value of a Secret whose `data` holds `cGFzc3dvcmQ=`?
    """),
    ("answer", "decoded", '"password"', '"cGFzc3dvcmQ="'),
    ("code", """
    check(decoded, "password", "base64 is an encoding: decode it with base64.b64decode.")
    """),
    ("md", """
    **3.** A StatefulSet `web` has a claim template named `www`. What is the name of the claim of pod `web-1`?
    """),
    ("answer", "claim", '"www-web-1"', '"web-1-www"'),
    ("code", """
    check(claim, "www-web-1", "<template>-<statefulset>-<ordinal>")
    """),
    ("md", """
    **4.** Write the kubectl command that creates a Secret `db` of type `Opaque` with the key `password`
    set to `hunter2`.
    """),
    ("answer", "make_secret", '"kubectl create secret generic db --from-literal=password=hunter2"',
     '"kubectl create configmap db --from-literal=password=hunter2"'),
    ("code", """
    def db_secret(cluster):
        secrets = {s["metadata"]["name"]: s for s in cluster.api.list("secrets", "default")["items"]}
        secret = secrets.get("db", {})
        return secret.get("type") == "Opaque" and base64.b64decode(secret["data"]["password"]) == b"hunter2"

    check_command(make_secret, db_secret, "kubectl create secret generic db --from-literal=...", seconds=1)
    """),
    ("md", """
    **Graded assignment:** `08-config-storage` in the `exercises/` folder
    ([`../exercises/08-config-storage/08-config-storage.ipynb`](../exercises/08-config-storage/08-config-storage.ipynb)):
    ConfigMaps and Secrets as variables and files, a StatefulSet's claims, pods waiting for their configuration,
    graded by what your manifests and commands do.

    Next: **Lesson 09, Scheduling and nodes**.
    """),
]
