"""Lesson 07, kubectl: every command group of the notes (basic, app management, working with apps, cluster
management, settings), output formats, generating and exporting YAML, troubleshooting, the notes' mistakes."""
NAME = "07-kubectl"

CELLS = [
    ("md", """
    # Lesson 07: kubectl

    `kubectl` is the client every other lesson used. Here it is the topic. In this lesson you will

    1. use the **basic** commands: `create`, `get`, `run`, `expose`, `delete`, and the notes' examples;
    2. read any object in every **output format**: `-o wide|yaml|json|name|jsonpath|custom-columns|go-template`,
       `--sort-by`, `-L`, `--show-labels`, `-w`, `kubectl events`;
    3. **generate** YAML with `--dry-run=client -o yaml` and **export** a live object;
    4. **manage apps**: `apply` (last-applied and the three-way merge), `diff`, `edit`, `patch` (strategic, merge,
       json), `replace`, `label`/`annotate`, `scale`/`autoscale`, `rollout`, `set`, `wait`, `kustomize`/`-k`;
    5. **work with apps**: `logs` (`-f`, `-c`, `--previous`), `exec`, `attach`, `cp`, `port-forward`, `proxy`,
       `debug`, `top`, `auth can-i`, `describe`;
    6. look at the **cluster** and at kubectl itself: `cluster-info`, `cordon`/`drain`/`taint`, `api-resources`,
       `api-versions`, `explain`, `config`, `version`;
    7. **troubleshoot** a crashing pod with describe, events and `logs --previous`.

    Everything runs against a simulated kubeadm cluster whose kubectl prints what kubectl v1.32 prints.
    """),
    ("md", """
    ## 1. Basic commands

    The notes' examples first: what the cluster is, which nodes it has, and everything in a namespace.
    """),
    ("code", """
    import json
    import os
    import tempfile

    from engine import Cluster

    c = Cluster(workers=2)
    %load_ext engine
    """),
    ("code", """
    %%kubectl
    cluster-info
    get nodes
    get all -n kube-system
    """),
    ("md", """
    > **The notes say** `kubectl get all --all-namespaces` shows "all resources". `all` is a *category*: pods,
    > services, deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, horizontalpodautoscalers and
    > replicationcontrollers. ConfigMaps, Secrets, Ingresses, PVCs, RBAC objects… are not in it.
    > `kubectl api-resources --categories=all` lists what `all` means; for anything else name the kinds,
    > `kubectl get configmaps,secrets`.
    """),
    ("code", """
    %kubectl api-resources --categories=all
    %kubectl get configmaps,secrets -n kube-system
    """),
    ("md", """
    `kubectl run` creates **one Pod**, nothing else; `kubectl create deployment` creates a Deployment (which
    creates a ReplicaSet, which creates Pods); `kubectl expose` creates a Service whose selector is the
    Deployment's. `--port` is the Service's port, `--target-port` the container's (it defaults to `--port`).
    """),
    ("code", """
    %%kubectl
    run client --image=busybox -- sleep 3600
    create deployment web --image=nginx --replicas=3 --port=80
    expose deployment web --port=80 --target-port=80
    sleep 20
    get pods,deployments,services
    """),
    ("md", """
    > **The notes' mistake.** Old tutorials (and old kubectl) had `kubectl run --generator=deployment/apps.v1`
    > and `kubectl run --replicas=3` create a Deployment. The generators were removed in kubectl 1.18 and
    > `run` only makes a Pod now; the old flags are refused:
    """),
    ("code", """
    %%kubectl
    run old --image=nginx --generator=deployment/apps.v1
    run old --image=nginx --replicas=3
    """),
    ("md", """
    `delete` takes a type and names, `TYPE/NAME` pairs, `-l` selectors or `-f` files. It waits until the
    objects are gone (for a pod, the 30 s grace period at most; `--now` makes it 1 s, `--wait=false` returns at once).
    """),
    ("code", """
    %%kubectl
    run tmp --image=nginx
    sleep 5
    delete pod tmp --now
    get pod tmp
    """),
    ("md", """
    ## 2. Output formats

    `get` prints a table; `-o wide` adds columns (node, IP, …). `-o name` prints `TYPE/NAME`, handy in scripts.
    """),
    ("code", """
    %%kubectl
    get pods -o wide
    get pods -o name
    get pods -l app=web --show-labels
    get pods -L app --sort-by=.metadata.creationTimestamp
    """),
    ("md", """
    `-o yaml` and `-o json` print the whole object as the API server stores it (spec **and** status).
    `-o jsonpath` picks fields with a JSONPath template, `-o custom-columns` builds your own table, and
    `-o go-template` uses Go's templates. `--sort-by` takes a JSONPath expression too.
    """),
    ("code", """
    %%kubectl
    get deployment web -o jsonpath='{.spec.replicas} replicas of {.spec.template.spec.containers[0].image}{"\\n"}'
    get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}'
    get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IMAGE:.spec.containers[*].image
    get nodes -o go-template='{{range .items}}{{.metadata.name}} {{.status.nodeInfo.kubeletVersion}}{{"\\n"}}{{end}}'
    get pods --sort-by=.spec.nodeName -o custom-columns=NODE:.spec.nodeName,NAME:.metadata.name
    """),
    ("md", """
    In Python, `c.kubectl(...)` returns a result with `stdout`, `stderr` and `exit_code`: parse `-o json` there.
    """),
    ("code", """
    pods = json.loads(c.kubectl("get pods -l app=web -o json").stdout)["items"]
    print([p["status"]["phase"] for p in pods])
    """),
    ("md", """
    **Watching.** `-w` prints the list, then one line per change as it happens. A notebook cell cannot be
    interrupted, so here the watch runs virtual time for `--request-timeout` (60 s if unset) and stops.
    `kubectl events` lists events sorted by time (`kubectl get events` does not sort); `--for` picks one object.
    """),
    ("code", """
    %%kubectl
    scale deployment web --replicas=1
    get pods -l app=web -w --request-timeout=40s
    """),
    ("code", """
    %kubectl events --for deployment/web
    """),
    ("md", """
    ## 3. Generating and exporting YAML

    Writing a manifest from memory is slow and error-prone. Let kubectl write it: `--dry-run=client -o yaml`
    builds the object and prints it without sending it. Redirect it to a file (`> web.yaml`), edit, then apply.
    `--dry-run=server` sends it to the API server, which validates and defaults it but stores nothing.
    """),
    ("code", """
    %%kubectl
    create deployment api --image=nginx:1.27 --replicas=2 --port=80 --dry-run=client -o yaml
    run one --image=busybox --restart=Never --dry-run=client -o yaml -- echo hi
    create job pi --image=perl:5.34 --dry-run=client -o yaml -- perl -Mbignum=bpi -wle 'print bpi(200)'
    """),
    ("code", """
    %%kubectl
    create service nodeport web2 --tcp=80:8080 --dry-run=client -o yaml
    create configmap app --from-literal=mode=prod --dry-run=client -o yaml
    expose deployment web --port=8080 --name=web-alt --dry-run=server -o yaml
    """),
    ("md", """
    **Exporting** a live object: `kubectl get TYPE NAME -o yaml` prints it with the fields the server owns
    (`status`, `uid`, `resourceVersion`, `creationTimestamp`, `managedFields` with `--show-managed-fields`),
    which you delete before reusing the file elsewhere.

    > **The notes' mistake.** `kubectl get … --export` once stripped those fields; it was deprecated in 1.14
    > and removed in 1.18:
    """),
    ("code", """
    %%kubectl
    get service web -o yaml
    get service web --export -o yaml
    """),
    ("md", """
    ## 4. Managing apps

    ### apply, last-applied and the three-way merge

    `kubectl apply -f` creates an object or updates it. It remembers what you applied in the annotation
    `kubectl.kubernetes.io/last-applied-configuration`. On the next apply it compares three things: the
    **new file**, the **last applied** file and the **live** object. Fields you removed from the file are deleted;
    fields someone else set (and you never wrote) are kept. A `%%apply` cell is `kubectl apply -f` of its text.
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: shop
      labels:
        team: blue
    spec:
      replicas: 2
      selector:
        matchLabels: {app: shop}
      template:
        metadata:
          labels: {app: shop}
        spec:
          containers:
          - name: shop
            image: nginx:1.27
    """),
    ("code", """
    %kubectl get deployment shop -o jsonpath='{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}'
    %kubectl annotate deployment shop owner=alice
    """),
    ("md", """
    (In a jsonpath, dots inside a key are escaped with `\\`.) `kubectl apply view-last-applied` prints the
    same annotation as YAML:
    """),
    ("code", """
    %kubectl apply view-last-applied deployment/shop
    """),
    ("md", """
    Now apply a file without the `team` label and with 3 replicas. `diff` shows what apply would change
    (exit code 1 when there are differences). `team` goes (it was in the last applied file), `owner` stays
    (apply never wrote it).
    """),
    ("code", """
    shop_v2 = '''
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: shop
    spec:
      replicas: 3
      selector:
        matchLabels: {app: shop}
      template:
        metadata:
          labels: {app: shop}
        spec:
          containers:
          - name: shop
            image: nginx:1.27
    '''
    r = c.kubectl("diff -f -", stdin=shop_v2)
    print(r.stdout, r.stderr, "exit code", r.exit_code)
    print(c.kubectl("apply -f -", stdin=shop_v2).stdout)
    %kubectl get deployment shop --show-labels
    print("owner:", c.kubectl("get deployment shop -o jsonpath={.metadata.annotations.owner}").stdout)
    """),
    ("md", """
    `create -f` refuses an object that exists; `replace -f` swaps the whole object for the file (what is
    not in the file is gone, and it must exist). Use `apply` for files you keep; `create`/`replace` are imperative.
    """),
    ("code", """
    r = c.kubectl("create -f -", stdin=shop_v2)
    print(r.stderr)
    print(c.kubectl("replace -f -", stdin=shop_v2.replace("replicas: 3", "replicas: 1")).stdout)
    %kubectl get deployment shop -o jsonpath='{.spec.replicas} {.metadata.annotations}{"\\n"}'
    """),
    ("md", """
    `replace` dropped `owner` and the `last-applied-configuration` annotation (the file had neither; only
    `--save-config` writes one): the file is all there is. The next `apply` finds no last-applied
    configuration, so it cannot know which fields it used to own; kubectl warns and writes a new one:
    """),
    ("code", """
    r = c.kubectl("apply -f -", stdin=shop_v2.replace("replicas: 3", "replicas: 1"))
    print(r.stderr + r.stdout)
    """),
    ("md", """

    ### edit, patch, label, annotate

    `kubectl edit` opens the object's YAML in your editor and sends what changed when you save. In a notebook,
    a `%%edit TYPE/NAME` cell holds the YAML as you want it saved (or pass `editor=` to `c.kubectl`, a
    function from the text shown to the text saved).
    """),
    ("code", """
    r = c.kubectl("edit deployment shop", editor=lambda text: text.replace("replicas: 1", "replicas: 2"))
    print(r.stdout + r.stderr)
    """),
    ("md", """
    What you save must still be the object you were shown: kubectl matches them by `metadata.uid`, and
    refuses a changed `apiVersion`, `kind` or `name`. A `%%edit` cell holding only the fields you care about
    has no `uid`, so kubectl cannot find its original:
    """),
    ("code", """
    %kubectl create configmap app --from-literal=mode=prod
    """),
    ("code", """
    %%edit configmap/app
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
    data:
      mode: test
    """),
    ("md", """
    So copy the whole object (`kubectl get configmap app -o yaml`) into the `%%edit` cell and change it there,
    or, in code, change the text kubectl shows. Lines starting with `#` are kubectl's instructions to you, ignored.
    """),
    ("code", """
    def add_level(text):
        return text.replace("  mode: prod", "  level: debug\\n  mode: test")

    print(c.kubectl("edit configmap/app", editor=add_level))
    %kubectl get configmap app -o jsonpath='{.data}'
    """),
    ("md", """
    `patch` sends a change without a file. Three types:

    - `--type=strategic` (the default): a JSON/YAML fragment merged by Kubernetes' rules: lists of containers
      are merged **by name**, so you can change one container without repeating the others;
    - `--type=merge` (RFC 7386 JSON merge patch): maps are merged but **lists are replaced whole**; `null` deletes;
    - `--type=json` (RFC 6902): a list of operations `add`/`remove`/`replace`/`move`/`copy`/`test` on paths.
    """),
    ("code", """
    %%kubectl
    patch deployment shop -p '{"spec":{"template":{"spec":{"containers":[{"name":"shop","image":"nginx:1.26"}]}}}}'
    patch deployment shop --type=merge -p '{"metadata":{"labels":{"tier":"front"}}}'
    patch deployment shop --type=json -p '[{"op":"replace","path":"/spec/replicas","value":3}]'
    patch deployment shop --type=merge -p '{"spec":{"template":{"spec":{"containers":[{"name":"x"}]}}}}'
    get deployment shop -o jsonpath='{.spec.replicas} {.metadata.labels} {.spec.template.spec.containers[0].image}{"\\n"}'
    """),
    ("md", """
    The last merge patch replaced the whole container list with one container that has no image: the API
    server refused it (kubectl prints the error after the other outputs: a cell shows a command's stderr
    separately from its stdout). `label` and `annotate` are shortcuts; a label that exists is only changed with
    `--overwrite` (the first command below is refused, `tier` is `front` since the merge patch), `KEY-` removes it.
    """),
    ("code", """
    %%kubectl
    label deployment shop tier=back
    label deployment shop tier=back --overwrite
    label deployment shop tier-
    annotate deployment shop description="the shop front end"
    get deployment shop --show-labels
    """),
    ("md", """
    ### scale, autoscale, set, rollout, wait

    (Lesson 04 shows rollouts step by step.) `set image` starts a rollout, `rollout status` waits for it in
    virtual time, `rollout history` lists revisions with the `change-cause` annotation, `rollout undo` goes back.
    `wait` blocks until a condition holds (or `--timeout`). (`rollout history` lists revision 2, the patch to
    1.26, and 3: setting 1.27 again brought back revision 1's template, which becomes the newest revision.)
    """),
    ("code", """
    %%kubectl
    scale deployment shop --replicas=2
    set image deployment/shop shop=nginx:1.27
    annotate deployment shop kubernetes.io/change-cause="image back to 1.27"
    rollout status deployment/shop
    rollout history deployment/shop
    rollout undo deployment/shop --to-revision=2
    wait --for=condition=Available deployment/shop --timeout=120s
    set env deployment/shop MODE=prod
    set resources deployment/shop --requests=cpu=100m --limits=cpu=200m
    autoscale deployment shop --min=2 --max=5 --cpu-percent=70
    get hpa
    """),
    ("md", """
    ### kustomize and -k

    `kubectl kustomize DIR` builds the manifests a `kustomization.yaml` lists, transformed (name prefix, common
    labels, images, …); `apply -k DIR` applies the result. kubectl reads files from the folder it runs in,
    so this section works in a scratch folder.
    """),
    ("code", """
    lesson_dir = os.getcwd()
    os.chdir(tempfile.mkdtemp(prefix="lesson07-"))
    os.makedirs("app")
    with open("app/deployment.yaml", "w") as f:
        f.write(c.kubectl("create deployment cart --image=nginx --dry-run=client -o yaml").stdout)
    with open("app/kustomization.yaml", "w") as f:
        f.write('''namePrefix: dev-
    labels:
    - pairs: {env: dev}
      includeSelectors: true
    images:
    - name: nginx
      newTag: "1.27"
    resources:
    - deployment.yaml
    ''')
    %kubectl kustomize app
    %kubectl apply -k app
    """),
    ("md", """
    ## 5. Working with apps

    ### logs

    `logs POD` prints a container's output; `-c` picks a container when there are several, `--tail`, `--since`,
    `--timestamps` trim it, `-f` follows it (here: in virtual time, until the container stops or
    `--request-timeout`), `--previous` shows the last **terminated** instance of the container (after a restart).
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: ticker
    spec:
      containers:
      - name: count
        image: busybox
        command: ["sh", "-c", "i=0; while [ $i -lt 5 ]; do echo tick $i; i=$((i+1)); sleep 2; done"]
      - name: side
        image: busybox
        command: ["sh", "-c", "echo side car ready; sleep 3600"]
      restartPolicy: Never
    """),
    ("code", """
    %%kubectl
    logs ticker
    logs ticker -c count -f
    logs ticker -c side
    logs ticker --all-containers --prefix
    """),
    ("md", """
    ### exec, attach, cp

    `exec POD -- COMMAND` runs a command in a running container (`-c` for another container); `-it` gives an
    interactive shell in a terminal (use the terminal, `python -m engine`, for that). `attach` connects to the
    main process' output. `cp` copies files between pods and the local folder (it needs `tar` in the image).

    > **The notes** say `kubectl exec -it POD -- /bin/bash`. Many small images (busybox, alpine, distroless)
    > have no `bash`: use `/bin/sh`. The old form without `--` (`kubectl exec POD ls`) was deprecated for years and is refused since kubectl 1.31.
    """),
    ("code", """
    pod = c.kubectl("get pods -l app=web -o name").stdout.split()[0]   # pod/web-...
    name = pod.removeprefix("pod/")
    %kubectl exec $pod -- cat /etc/hostname
    %kubectl exec client -- sh -c 'echo hi from $(hostname)'
    %kubectl exec $pod -c nginx -- nginx -v
    %kubectl cp $name:/etc/nginx/nginx.conf nginx.conf -c nginx
    print(open("nginx.conf").read()[:120])
    os.chdir(lesson_dir)  # back to the course folder
    """),
    ("md", """
    `attach` connects to the main process of a running container: you see what it prints from now on
    (`logs` shows what it printed before). It follows in virtual time for `--request-timeout` here.
    """),
    ("code", """
    %%kubectl
    run clock --image=busybox -- sh -c 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 5; done'
    sleep 12
    attach clock --request-timeout=12s
    logs clock
    delete pod clock --now
    """),
    ("md", """
    `cp` takes `POD:PATH` (or `NAMESPACE/POD:PATH`), not `pod/NAME`. Two mistakes: `bash` in busybox, and
    the old `exec POD COMMAND` without `--`:
    """),
    ("code", """
    %kubectl exec client -- /bin/bash -c 'echo hi'
    """),
    ("code", """
    %kubectl exec client ls
    """),
    ("md", """
    ### port-forward, proxy

    `port-forward` opens a port on **your machine** (127.0.0.1) that leads to a pod's port (for a Service or
    Deployment, to one of its pods); `proxy` opens a local port that leads to the **API server** with your
    credentials. Both keep running in the background here; `curl` lines (or `c.curl`) run on your machine.
    """),
    ("code", """
    %%kubectl
    port-forward service/web 8080:80
    curl -s -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:8080/
    proxy --port=8001
    curl -s http://127.0.0.1:8001/api/v1/namespaces/default/services/web
    """),
    ("md", """
    ### debug, top, auth can-i, describe

    `debug` adds an **ephemeral container** to a running pod (a tool image next to a minimal app, sharing its
    process namespace with `--target`), or copies a pod (`--copy-to`), or runs a pod on a node (`debug node/…`).
    `top` shows CPU and memory from metrics-server. `auth can-i` asks the API server whether you (or `--as`
    someone) may do something.
    """),
    ("code", """
    %kubectl top nodes
    %kubectl top pods -l app=web
    %kubectl debug $pod --image=busybox --target=nginx --profile=general -- sleep 600
    c.advance(10)
    print(c.kubectl(f"get {pod} -o jsonpath={{.spec.ephemeralContainers[*].name}}"))
    %kubectl auth can-i create deployments
    %kubectl auth can-i list secrets -n kube-system --as=system:serviceaccount:default:default
    """),
    ("md", """
    ## 6. Cluster management and kubectl's own settings

    `cordon` marks a node unschedulable, `drain` also evicts its pods, `uncordon` undoes both; `taint` keeps pods
    without a matching toleration away (lesson 09). `drain` refuses to delete DaemonSet pods (their controller
    would recreate them: `--ignore-daemonsets`) and pods no controller would recreate (they would be lost:
    `--force`). The first drain below is refused because of the standalone pod `ticker`; the second deletes it.
    """),
    ("code", """
    %%kubectl
    cordon worker-2
    drain worker-2 --ignore-daemonsets
    drain worker-2 --ignore-daemonsets --force
    get nodes
    get pods -o wide
    uncordon worker-2
    taint nodes worker-2 dedicated=gpu:NoSchedule
    taint nodes worker-2 dedicated=gpu:NoSchedule-
    """),
    ("md", """
    `api-resources` lists every kind with its short name, group/version and whether it is namespaced;
    `api-versions` the group/versions; `explain` documents any field from the server's OpenAPI schema (use it
    in an exam instead of searching the web); `config` reads and changes the kubeconfig: clusters, users,
    **contexts** (a cluster + user + default namespace); `version` prints client and server versions.

    > **The notes** describe `certificate` as "modifying certificate settings": it approves or denies
    > CertificateSigningRequests. `options` prints the global flags, `plugin` lists kubectl plugins
    > (`kubectl-*` executables on the PATH).
    """),
    ("code", """
    %%kubectl
    api-versions
    api-resources --namespaced=false
    explain deployment.spec.strategy.rollingUpdate.maxSurge
    config get-contexts
    config set-context --current --namespace=kube-system
    get pods -l k8s-app=kube-dns
    config set-context --current --namespace=default
    version
    plugin list
    """),
    ("md", """
    `config set-context --current --namespace=…` changes the default namespace of the current context, so
    `get pods` above listed kube-system's pods; exam tasks often say which context to use first
    (`kubectl config use-context NAME`). `completion bash` prints a shell completion script
    (`source <(kubectl completion bash)`), `options` the flags every command takes (`-n`, `--context`, `-v`, …).
    """),
    ("md", """
    ## 7. Troubleshooting

    The pattern: `get` (what state?) → `describe` (conditions, container states, **events** at the bottom) →
    `logs` and `logs --previous` (what did the program say before it died?) → `exec`/`debug` (look inside).
    Here a container exits with an error, so the kubelet restarts it with growing back-off: `CrashLoopBackOff`.
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: broken
    spec:
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "echo connecting to db; echo error: db not found; exit 1"]
    """),
    ("code", """
    %%kubectl
    sleep 60
    get pod broken
    describe pod broken
    logs broken --previous
    events --for pod/broken --types=Warning
    """),
    ("md", """
    The event stream shows the same events as they come (it redraws after every cell):
    """),
    ("code", """
    from engine.viz import EventStream

    EventStream(c, namespace="default", limit=8)
    """),
    ("md", """
    The same pattern finds an image that does not exist (`ErrImagePull` → `ImagePullBackOff`, the event says
    why), a pod that cannot be scheduled (`Pending`, a `FailedScheduling` event), a Service without endpoints
    (`kubectl get endpointslices -l kubernetes.io/service-name=NAME`: wrong selector or no Ready pod).

    ## Your turn

    1. Generate a Deployment `hello` (image `nginx:1.27`, 2 replicas) with `--dry-run=client -o yaml`, apply it,
       expose it on port 80, and reach it with `port-forward` and `curl`.
    2. Print each pod's name and node with `custom-columns`, sorted by node.
    3. Create a pod with the image `nginx:does-not-exist` and find the reason in its events.
    """),
    ("code", """
    %%kubectl
    # create deployment hello --image=nginx:1.27 --replicas=2 --dry-run=client -o yaml
    """),
    ("md", """
    The manifest editor below starts from a generated manifest; it checks what you type with a server-side
    dry run (the API server's own messages) and its **Apply** button runs `kubectl apply -f -`.
    """),
    ("code", """
    from engine.viz import ManifestEditor

    ManifestEditor(c, c.kubectl("create deployment hello --image=nginx:1.27 --replicas=2 --dry-run=client -o yaml").stdout)
    """),
    ("md", """
    ## Check yourself

    Replace each `...` with your answer, then run the cell after it.

    **1.** What kind of object does `kubectl run web --image=nginx` create in kubectl v1.32?
    """),
    ("code", """
    import engine
    from selfcheck import check
    """),
    ("answer", "run_creates", '"Pod"', '"Deployment"'),
    ("code", """
    check(run_creates, "Pod", "The generators that made Deployments were removed in kubectl 1.18.")
    """),
    ("md", """
    **2.** Write the kubectl command that prints the manifest of a Deployment `site` (image `nginx`) without
    creating it. (The check runs it on the lesson's cluster and makes sure no Deployment `site` appeared.)
    """),
    ("answer", "generate_site", '"kubectl create deployment site --image=nginx --dry-run=client -o yaml"',
     '"kubectl create deployment site --image=nginx"'),
    ("code", """
    def prints_site_manifest(command):
        k = engine.current()  # the lesson's cluster
        r = k.kubectl(command.removeprefix("kubectl "))
        created = k.kubectl("get deployment site").exit_code == 0
        k.kubectl("delete deployment site --ignore-not-found")
        return r.exit_code == 0 and "kind: Deployment" in r.stdout and "name: site" in r.stdout and not created

    check(generate_site, prints_site_manifest, "Use --dry-run=client -o yaml: nothing is sent to the server.")
    """),
    ("md", """
    **3.** Which `kubectl patch --type` **replaces** a list (such as `containers`) instead of merging it by name?
    """),
    ("answer", "replaces_lists", '"merge"', '"strategic"'),
    ("code", """
    check(replaces_lists, "merge", "A JSON merge patch (RFC 7386) has no idea of list keys.")
    """),
    ("md", """
    **4.** A pod is in `CrashLoopBackOff`. Which `kubectl logs` flag shows what the container printed
    before its last crash?
    """),
    ("answer", "previous_flag", '"--previous"', '"-f"'),
    ("code", """
    check(previous_flag, lambda a: a.strip() in ("--previous", "-p"), "The container that crashed is the previous instance.")
    """),
    ("md", """
    **Graded assignment:** `07-kubectl` in the `exercises/` folder
    ([`../exercises/07-kubectl/07-kubectl.ipynb`](../exercises/07-kubectl/07-kubectl.ipynb)): kubectl verbs,
    exporting a live object, output formats, a CrashLoopBackOff and the notes' old commands, graded by what
    your commands do.

    Next: **Lesson 08, Configuration and storage**.
    """),
]
