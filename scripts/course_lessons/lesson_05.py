"""Lesson 05, Services: ClusterIP, endpoints following readiness, NodePort, LoadBalancer, ExternalName,
headless, session affinity, kube-proxy's modes with each node's rules printed, and Ingress as layer 7."""
NAME = "05-services"

CELLS = [
    ("md", """
    # Lesson 05: Services

    Pods are mortal: a Deployment replaces them with new ones, on other nodes, with **new IP
    addresses**. Clients cannot chase them. A **Service** gives a set of pods one stable address:
    a virtual IP (the *ClusterIP*) and a DNS name, and spreads connections over whichever pods are
    ready right now. The pods are chosen by a label **selector**; the list of their addresses is kept
    up to date in **EndpointSlices** (and the older **Endpoints**) by controllers; **kube-proxy** on
    every node turns that list into packet-rewriting rules.

    In this lesson you will

    1. create a **ClusterIP** Service and follow a request through the rules that carry it;
    2. watch the **endpoints follow readiness**;
    3. reach pods from outside with **NodePort** and **LoadBalancer**;
    4. use **ExternalName** (a DNS alias) and **headless** Services (DNS answers with the pods' IPs);
    5. keep a client on one pod with **session affinity**;
    6. compare kube-proxy's **modes**: userspace, iptables and ipvs, with each node's rules printed;
    7. meet **Ingress**, HTTP routing at layer 7.

    As in every lesson, **The notes say** marks where the notes are wrong or out of date.
    """),
    ("code", """
    from engine import Cluster

    c = Cluster(workers=2)
    %load_ext engine
    """),
    ("md", """
    ## 1. ClusterIP: one address for a set of pods

    Three nginx pods, each serving a page that names it, and a client pod to call them from:
    """),
    ("code", """
    %%kubectl
    create deployment web --image=nginx:1.27 --replicas=3
    run client --image=busybox:1.36 -- sleep 3600
    sleep 15
    get pods -o wide
    """),
    ("code", """
    for pod in c.kubectl("get pods -l app=web -o name").stdout.split():
        c.kubectl(["exec", pod, "--", "sh", "-c", "echo served by $(hostname) > /usr/share/nginx/html/index.html"])
    """),
    ("md", """
    `kubectl expose` creates a Service whose selector is the Deployment's (`app=web`). The default
    type is **ClusterIP**: a virtual address reachable only inside the cluster.
    """),
    ("code", """
    %%kubectl
    expose deployment web --port=80 --target-port=80
    get service web -o wide
    get endpoints web
    get endpointslices -l kubernetes.io/service-name=web
    """),
    ("md", """
    The `port` is what clients call on the Service's address; the `targetPort` is where the pods
    listen (here both 80). The endpoints are the three pod IPs. Call the Service by name a few times:
    each new connection may land on another pod.
    """),
    ("code", """
    %%kubectl
    exec client -- wget -qO- http://web
    exec client -- wget -qO- http://web
    exec client -- wget -qO- http://web
    exec client -- wget -qO- http://web
    exec client -- nslookup web.default.svc.cluster.local
    """),
    ("md", """
    The name `web` resolves (CoreDNS, through the pod's search domains) to the ClusterIP. **No
    process listens on that IP**: it exists only in the rules kube-proxy wrote on every node. The
    trace of one request shows where the destination is rewritten (DNAT) to a pod's address:
    """),
    ("code", """
    print(c.trace("client", "http://web"))
    """),
    ("md", """
    Here are those rules on `worker-1`, as `iptables-save` prints them (only the lines for
    `default/web`). `KUBE-SERVICES` matches the ClusterIP and port, the service chain `KUBE-SVC-...`
    picks an endpoint at random (probability 1/3, then 1/2 of the rest, then the last one), and each
    endpoint chain `KUBE-SEP-...` rewrites the destination:
    """),
    ("code", """
    def rules(node, service):
        # the lines of the node's iptables-save whose comment names the Service (namespace/name)
        marks = (f'"{service}"', f'"{service} ', f'"{service}:')
        print("\\n".join(line for line in c.node_iptables(node).splitlines() if any(m in line for m in marks)))

    rules("worker-1", "default/web")
    """),
    ("md", """
    A Service whose selector matches no pod has no endpoints; kube-proxy then **rejects** connections
    to it at once (rather than letting them hang):
    """),
    ("code", """
    %%kubectl
    create service clusterip nobody --tcp=80:80
    get endpoints nobody
    exec client -- wget -qO- -T 3 http://nobody
    """),
    ("md", """
    ## 2. Endpoints follow readiness

    A Service sends traffic only to pods that are **Ready**. A pod whose readiness probe fails stays
    running but is taken out of the endpoints until it passes again. This Deployment is Ready only
    while a file `/healthz` exists in its web root (lesson 03 covers probes):
    """),
    ("code", """
    %%apply
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: shop
    spec:
      replicas: 3
      selector:
        matchLabels:
          app: shop
      template:
        metadata:
          labels:
            app: shop
        spec:
          containers:
          - name: nginx
            image: nginx:1.27
            readinessProbe:
              httpGet:
                path: /healthz
                port: 80
              periodSeconds: 5
    """),
    ("code", """
    %%kubectl
    expose deployment shop --port=80
    sleep 20
    get pods -l app=shop
    get endpoints shop
    """),
    ("md", """
    Running but not Ready (the file does not exist yet), so no endpoints. Create the file in every pod:
    """),
    ("code", """
    shop_pods = [name.split("/")[1] for name in c.kubectl("get pods -l app=shop -o name").stdout.split()]
    for pod in shop_pods:
        c.kubectl(["exec", pod, "--", "sh", "-c", "echo ok > /usr/share/nginx/html/healthz"])
    %kubectl get endpoints shop
    """),
    ("code", """
    %%kubectl
    sleep 10
    get pods -l app=shop
    get endpoints shop
    """),
    ("md", """
    Now break one pod's readiness. Within a probe period or two it is out of the Service, though it
    is still `Running`:
    """),
    ("code", """
    sick = shop_pods[0]
    %kubectl exec $sick -- rm /usr/share/nginx/html/healthz
    """),
    ("code", """
    %%kubectl
    sleep 20
    get pods -l app=shop
    get endpoints shop
    describe endpoints shop
    """),
    ("md", """
    The Endpoints object lists it under `NotReadyAddresses`; its EndpointSlice keeps it with
    `ready: false`. The cluster map, with Services shown, draws each Service's endpoints as arrows,
    dashed to a pod that is not ready:
    """),
    ("code", """
    from engine.viz import ClusterMap

    ClusterMap(c, namespace="default", services=True)
    """),
    ("md", """
    Restore the file and the pod is back:
    """),
    ("code", """
    %kubectl exec $sick -- sh -c "echo ok > /usr/share/nginx/html/healthz"
    """),
    ("code", """
    %%kubectl
    sleep 10
    get endpoints shop
    """),
    ("md", """
    ## 3. NodePort: a port on every node

    A **NodePort** Service is a ClusterIP Service plus one port, the same on **every node**, from the
    range 30000–32767. A client outside the cluster connects to any node's address on that port and
    kube-proxy there forwards it to a pod, on whichever node the pod runs.

    The notes' example, exactly as written, has lost its indentation again (`app` and `targetPort`
    are no longer under `selector` and `ports`):
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Service
    metadata:
        name: nginx
    spec:
        type: NodePort
        selector:
        app: nginx
        ports:
        - port: 80
        targetPort: 80
        nodePort: 30080
    """),
    ("md", """
    Indented properly, and pointed at our `web` pods:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Service
    metadata:
      name: nginx
    spec:
      type: NodePort
      selector:
        app: web
      ports:
      - port: 80
        targetPort: 80
        nodePort: 30080
    """),
    ("code", """
    %%kubectl
    get service nginx
    get nodes -o wide
    """),
    ("md", """
    `PORT(S)` reads `80:30080/TCP`: port 80 on the ClusterIP, 30080 on the nodes. Your own machine
    (the *workstation*, `c.curl`, outside the cluster on the nodes' network) can reach it on **every
    node**, even the control-plane node, where no `web` pod runs:
    """),
    ("code", """
    for node_ip in ["172.18.0.2", "172.18.0.3", "172.18.0.4"]:
        print(node_ip, "->", c.curl(f"-s http://{node_ip}:30080").stdout, end="")
    """),
    ("code", """
    rules("control-plane", "default/nginx")
    """),
    ("md", """
    The NodePort rules live in `KUBE-NODEPORTS`, and they mark the packets for masquerading
    (`KUBE-MARK-MASQ`): the pod sees the node as the client, so its answer goes back the same way.
    A port outside the range is refused:
    """),
    ("code", """
    %kubectl create service nodeport too-low --tcp=80:80 --node-port=8080
    """),
    ("md", """
    **Your turn.** Give the Service `nginx` a second port, or change `nodePort` to another free port
    in the range, and call it again with `c.curl`. What does `c.curl("-sS http://172.18.0.3:30999")`
    say for a port no Service uses?
    """),
    ("code", """
    # your commands
    """),
    ("md", """
    ## 4. LoadBalancer: an address from the cloud

    A **LoadBalancer** Service is a NodePort Service plus an external load balancer that a **cloud
    provider** creates for it, spreading clients over the nodes' NodePort. Kubernetes itself does not
    make load balancers: the cloud's controller does (on bare metal, something like MetalLB). This
    course's cluster has a simulated cloud, which takes about 5 seconds:
    """),
    ("code", """
    %%kubectl
    create service loadbalancer web-lb --tcp=80:80
    set selector service web-lb app=web
    get service web-lb
    sleep 6
    get service web-lb
    describe service web-lb
    """),
    ("code", """
    lb_ip = c.kubectl("get service web-lb -o jsonpath={.status.loadBalancer.ingress[0].ip}").stdout
    for attempt in range(3):
        print(c.curl(f"-s http://{lb_ip}").stdout, end="")
    """),
    ("md", """
    While the address is `<pending>` (forever, on a cluster without a cloud controller), the Service
    still works as a NodePort: the NodePort column shows the port it got.

    ## 5. ExternalName: a DNS alias

    An **ExternalName** Service has no selector, no ClusterIP, no endpoints and no kube-proxy rules.
    It is only a DNS **CNAME** record: `docs.default.svc.cluster.local` is an alias for the name you
    give. Pods can use a cluster-style name for something outside, and you can later point it
    elsewhere without touching them.
    """),
    ("code", """
    %%kubectl
    create service externalname docs --external-name kubernetes.io
    get service docs
    """),
    ("code", """
    print(c.trace("client", "http://docs"))
    """),
    ("md", """
    The DNS step names the CNAME; then the packet simply leaves the cluster. Because nothing is
    proxied, the client's request still says `Host: docs` (and an HTTPS client expects a certificate
    for `docs`), which many external servers refuse: ExternalName suits databases and internal
    services better than public websites.

    ## 6. Headless Services: DNS without a virtual IP

    With `clusterIP: None` a Service gets **no virtual IP** and no kube-proxy rules. Its DNS name
    answers with the **IPs of its ready pods**, and the client chooses. StatefulSets use one to give
    each pod its own name (`db-0.db`, lesson 04).
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Service
    metadata:
      name: web-headless
    spec:
      clusterIP: None
      selector:
        app: web
      ports:
      - port: 80
    """),
    ("code", """
    %%kubectl
    get service web-headless
    exec client -- nslookup web-headless.default.svc.cluster.local
    """),
    ("code", """
    rules("worker-1", "default/web-headless")
    print("(no rules for a headless Service)")
    """),
    ("md", """
    ## 7. Session affinity

    By default every new connection picks an endpoint afresh. Some applications keep a user's session
    in one pod's memory; `sessionAffinity: ClientIP` sends all connections from one client IP to the
    same pod, for `timeoutSeconds` (default 10800 s, 3 hours) after its last connection:
    """),
    ("code", """
    %%kubectl
    patch service web -p '{"spec":{"sessionAffinity":"ClientIP"}}'
    exec client -- wget -qO- http://web
    exec client -- wget -qO- http://web
    exec client -- wget -qO- http://web
    exec client -- wget -qO- http://web
    get service web -o jsonpath={.spec.sessionAffinityConfig}
    """),
    ("md", """
    In iptables mode this is the `recent` module: each endpoint chain records the client's address
    (`--set`), and the service chain first sends a client it has seen within 10800 s back to the same
    endpoint (`--rcheck --seconds 10800`):
    """),
    ("code", """
    rules("worker-1", "default/web")
    """),
    ("code", """
    %kubectl patch service web -p '{"spec":{"sessionAffinity":"None"}}'
    """),
    ("md", """
    **Your turn.** Set the affinity back to `ClientIP` with a short timeout
    (`"sessionAffinityConfig":{"clientIP":{"timeoutSeconds":30}}`), call `web` a few times, wait
    40 virtual seconds (`sleep 40`) and call it again.
    """),
    ("code", """
    # your commands
    """),
    ("md", """
    The affinity is by **IP**, at layer 4. Clients behind one NAT all look like one client; cookie-based
    stickiness is a layer 7 feature of Ingress controllers.

    ## 8. kube-proxy's modes: userspace, iptables, ipvs

    kube-proxy runs on every node (a DaemonSet) and watches Services and EndpointSlices. *How* it
    makes a ClusterIP work depends on its **mode**, set in the `kube-proxy` ConfigMap (empty means the
    default):
    """),
    ("code", """
    config = c.kubectl("get configmap kube-proxy -n kube-system -o yaml").stdout
    print([line.strip() for line in config.splitlines() if line.strip().startswith("mode:")])
    proxy = c.kubectl("get pods -n kube-system -l k8s-app=kube-proxy --field-selector spec.nodeName=worker-1 -o name").stdout.strip()
    %kubectl logs -n kube-system $proxy
    """),
    ("md", """
    **userspace** (the original mode). kube-proxy itself was the proxy: iptables rules *redirected*
    each ClusterIP to a port opened by the kube-proxy process, which accepted the connection, chose a
    pod and copied the bytes both ways. Every packet crossed from the kernel to a user process and
    back, so it was slow and kube-proxy was a bottleneck.

    > **The notes say** userspace mode is "implemented with iptables, with poor performance". The
    > iptables rules only redirected; the proxying was done by the kube-proxy process. And the mode is
    > **gone**: deprecated for years and removed in Kubernetes 1.26. A v1.32 kube-proxy given
    > `mode: userspace` refuses to start. (The simulation can still model it, for the comparison below.)

    **iptables** (the default on Linux since 1.2). kube-proxy only *writes rules*; the kernel's
    netfilter rewrites each connection's destination (DNAT) as you saw in section 1, and the packets
    never leave the kernel. The cost: the rules are chains walked in order, so with thousands of
    Services the first packet of each connection is matched against many rules, and big rule sets
    are slow to update.

    **ipvs** uses the kernel's IP Virtual Server, a load balancer built for this: each ClusterIP is
    a virtual server with its pods as real servers, found by hash lookup however many Services
    there are, with several scheduling algorithms (`rr` round robin by default, least connections,
    source hashing...). Switch this cluster to ipvs: set `mode: ipvs` in the ConfigMap and restart
    kube-proxy so it reads it:
    """),
    ("code", """
    manifest = c.kubectl("get configmap kube-proxy -n kube-system -o yaml").stdout
    print(c.kubectl("replace -f -", stdin=manifest.replace('mode: ""', "mode: ipvs")).stdout, end="")
    %kubectl rollout restart daemonset kube-proxy -n kube-system
    """),
    ("code", """
    %%kubectl
    rollout status daemonset kube-proxy -n kube-system
    get pods -n kube-system -l k8s-app=kube-proxy
    """),
    ("md", """
    The node's IPVS table, as `ipvsadm -Ln` prints it: one virtual server per ClusterIP and port, and
    for the NodePort Service one per node address; each with its pods behind it (`Masq`: NAT).
    """),
    ("code", """
    print(c.node_ipvsadm("worker-1"))
    """),
    ("code", """
    print(c.trace("client", "http://web"))
    """),
    ("md", """
    To compare, here is the legacy **userspace** mode as it worked up to 1.25 (a real v1.32 would
    refuse this setting): the packet is redirected to a port of kube-proxy on the node, which opens a
    second connection to the pod.
    """),
    ("code", """
    manifest = c.kubectl("get configmap kube-proxy -n kube-system -o yaml").stdout
    c.kubectl("replace -f -", stdin=manifest.replace("mode: ipvs", "mode: userspace"))
    c.kubectl("rollout restart daemonset kube-proxy -n kube-system")
    c.advance(30)
    print(c.trace("client", "http://web"))
    """),
    ("md", """
    Back to the default, iptables:
    """),
    ("code", """
    manifest = c.kubectl("get configmap kube-proxy -n kube-system -o yaml").stdout
    c.kubectl("replace -f -", stdin=manifest.replace("mode: userspace", 'mode: ""'))
    %kubectl rollout restart daemonset kube-proxy -n kube-system
    """),
    ("code", """
    %%kubectl
    rollout status daemonset kube-proxy -n kube-system
    exec client -- wget -qO- http://web
    """),
    ("md", """
    > **The notes say** ipvs "has the best performance" (and, in the section on communication, that
    > it is now the default). It is **not** the default: a v1.32 kube-proxy on Linux uses iptables unless
    > told otherwise. ipvs scales better with very many Services, but iptables mode has improved a
    > lot, and the newest mode, **nftables** (beta since 1.31), is where kube-proxy is heading. Some
    > network plugins (Cilium, for example) replace kube-proxy altogether.
    """),
    ("md", """
    ## 9. Ingress: HTTP routing at layer 7

    Everything so far works at **layer 4**: kube-proxy sees addresses and ports, never a URL. An
    **Ingress** is a set of HTTP rules, *host and path → Service*, so that one entry point (one load
    balancer address) can serve many Services: `shop.example.com/` to `web`, `shop.example.com/api` to
    `api`, and so on; it can also terminate TLS. The rules are an API object
    (`networking.k8s.io/v1`); the work is done by an **ingress controller**, a reverse proxy such as
    ingress-nginx, Traefik or HAProxy that runs in the cluster, watches Ingress objects and configures
    itself from them.

    > **The notes say** Ingress is "an upgraded Service". It is not a kind of Service: it is a
    > separate object that *points to* Services, and it does nothing unless an ingress controller is
    > installed. (Its successor for new designs is the Gateway API, a separate set of resources.)

    `kubectl create ingress` writes the rules (`host/path=service:port`; a path ending in `*` is a
    prefix, otherwise an exact match; the longest matching path wins, so `/api/...` goes to `api` and
    everything else to `web`):
    """),
    ("code", """
    %%kubectl
    create deployment api --image=hashicorp/http-echo:1.0 -- /http-echo -listen=:8080 -text="the api"
    expose deployment api --port=8080
    create ingress shop --rule="shop.example.com/*=web:80" --rule="shop.example.com/api*=api:8080"
    sleep 15
    get ingress shop
    describe ingress shop
    get ingress shop -o yaml
    """),
    ("md", """
    `describe` resolves each backend to its Service's endpoints. But `ADDRESS` is empty: this
    cluster has **no ingress controller** yet, so nothing reads these rules and nothing answers for
    `shop.example.com`. Install one: **ingress-nginx**, by applying its release manifest
    (`deploy.yaml` of controller v1.12.0, which you would download from the ingress-nginx project;
    the course ships a copy, `ingress_nginx.manifest()`):
    """),
    ("code", """
    from engine.bootstrap import ingress_nginx

    deploy_yaml = ingress_nginx.manifest()
    print(c.kubectl("apply -f -", stdin=deploy_yaml).stdout)
    """),
    ("code", """
    %%kubectl
    sleep 30
    get pods,services -n ingress-nginx
    get ingressclass
    """),
    ("md", """
    The controller is an ordinary Deployment (nginx plus a program that rewrites nginx's configuration
    from the Ingress objects), published by a **LoadBalancer** Service: that address is the single
    entry point for every host and path. The manifest also created the **IngressClass** `nginx`,
    which names the controller (`k8s.io/ingress-nginx`) that serves Ingresses of that class.

    Our Ingress `shop` names no class, and `nginx` is not marked as the default class (the annotation
    `ingressclass.kubernetes.io/is-default-class: "true"` would make it one, for Ingresses created
    afterwards), so ingress-nginx ignores it: a minute later it still has no address, and the
    controller answers its default 404:
    """),
    ("code", """
    %%kubectl
    sleep 60
    get ingress shop
    """),
    ("code", """
    entry = c.kubectl("get service ingress-nginx-controller -n ingress-nginx "
                      "-o jsonpath={.status.loadBalancer.ingress[0].ip}").stdout
    print(c.curl(f"-s -H 'Host: shop.example.com' http://{entry}/api").stdout)
    """),
    ("md", """
    Give it the class. ingress-nginx picks it up, reloads nginx, and (every 60 s) writes its own
    address into the Ingress's status:
    """),
    ("code", """
    %%kubectl
    patch ingress shop -p '{"spec":{"ingressClassName":"nginx"}}'
    sleep 60
    get ingress shop
    describe ingress shop
    """),
    ("md", """
    Now the same address serves different Services by **path**: `/api` to `api`, everything else to
    `web`. The client says which site it wants in the HTTP `Host` header (a browser sends the name
    from the URL; here `curl -H` sets it, as DNS for `shop.example.com` would normally point to the
    entry address). An unknown host gets the controller's 404:
    """),
    ("code", """
    for path in ["/api", "/"]:
        print(f"shop.example.com{path} ->", c.curl(f"-s -H 'Host: shop.example.com' http://{entry}{path}").stdout)
    print(c.curl(f"-si -H 'Host: other.example.com' http://{entry}/").stdout)
    """),
    ("md", """
    Follow one request: kube-proxy (layer 4) carries it to the controller pod, where nginx reads the
    Host and path (layer 7), picks the Service `api`, and opens a **new connection** to one of its
    pods (nginx goes to the endpoints directly, not through the ClusterIP):
    """),
    ("code", """
    print(c.trace("client", f"http://{entry}/api", headers={"Host": "shop.example.com"}))
    """),
    ("md", """
    What the two layers can see: a Service (layer 4) balances **connections** by address and port; an
    Ingress controller (layer 7) reads each **request** and can route by host and path, terminate TLS,
    rewrite URLs, add cookie-based stickiness, rate-limit, and so on.
    """),
    ("md", """
    ## 10. The notes, corrected

    | the notes say | in fact |
    |---|---|
    | Services come in two types, ClusterIP and NodePort (core concepts) | four types: ClusterIP, NodePort, LoadBalancer, ExternalName; and headless (`clusterIP: None`) Services |
    | the NodePort example | its lost indentation is refused by strict decoding; the port must be in 30000–32767 |
    | userspace mode is "implemented with iptables" | iptables only redirected to the kube-proxy process, which proxied; removed in 1.26 |
    | ipvs "performs best"; "ipvs is now the default" | iptables is the default; ipvs scales better with many Services; nftables is the newest mode |
    | "Ingress is an upgraded Service" | a separate API object (`networking.k8s.io/v1`) routing HTTP to Services, and it does nothing without an ingress controller |
    """),
    ("md", """
    ## Check yourself

    Replace each `...` with your answer, then run the cell after it.

    **1.** Which Service type has no cluster IP and no endpoints, only a DNS CNAME record?
    """),
    ("code", """
    from selfcheck import check, check_command
    """),
    ("answer", "alias_type", '"ExternalName"', '"ClusterIP"'),
    ("code", """
    check(alias_type, "ExternalName", "Look at section 5.")
    """),
    ("md", """
    **2.** A pod of a Service fails its readiness probe. Under which field of the Service's Endpoints
    object does its IP now appear? (Give the field name as in `kubectl get endpoints -o yaml`.)
    """),
    ("answer", "not_ready_field", '"notReadyAddresses"', '"addresses"'),
    ("code", """
    check(not_ready_field, lambda a: a.strip() == "notReadyAddresses",
          "It leaves the list of addresses that get traffic. describe endpoints called it NotReadyAddresses.")
    """),
    ("md", """
    **3.** Which kube-proxy mode does a v1.32 cluster on Linux use when the ConfigMap says `mode: ""`?
    """),
    ("answer", "default_mode", '"iptables"', '"ipvs"'),
    ("code", """
    check(default_mode, "iptables", "The logs of a kube-proxy pod say which proxier it uses.")
    """),
    ("md", """
    **4.** The Deployment `web` runs nginx on port 80. Write the kubectl command that makes it
    reachable from outside the cluster on a port of every node (let Kubernetes choose the port). The
    check runs it on a scratch cluster.
    """),
    ("answer", "node_port_command", '"kubectl expose deployment web --type=NodePort --port=80"',
     '"kubectl expose deployment web --port=80"'),
    ("code", """
    def reachable_on_every_node(cluster):
        port = cluster.kubectl("get service web -o jsonpath={.spec.ports[0].nodePort}").stdout
        ips = cluster.kubectl("get nodes -o jsonpath={.items[*].status.addresses[0].address}").stdout.split()
        return bool(port) and all("Welcome to nginx" in cluster.curl(f"-s http://{ip}:{port}").stdout for ip in ips)

    check_command(node_port_command, reachable_on_every_node, "kubectl expose deployment web --type=... --port=80",
                  setup=["create deployment web --image=nginx --replicas=2", 15])
    """),
    ("md", """
    **Graded assignment:** `05-services` in the `exercises/` folder
    ([`../exercises/05-services/05-services.ipynb`](../exercises/05-services/05-services.ipynb)):
    ClusterIP, NodePort and headless Services, selectors and endpoints.

    Next: **Lesson 06, Networking**: the paths a packet takes between containers, pods, nodes and the
    outside, hop by hop.
    """),
]
