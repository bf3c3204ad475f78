"""Lesson 06, Networking: the Kubernetes network model and the notes' five communication paths traced hop by hop
(localhost, veth and cni0, flannel's VXLAN, iptables DNAT, MASQUERADE, NodePort/LoadBalancer), flannel's leases, DNS."""
NAME = "06-networking"

CELLS = [
    ("md", """
    # Lesson 06: Networking

    Lesson 05 gave a set of pods one stable address. This lesson goes one layer down: how a packet
    actually gets from one container to another, from a pod to a Service, out of the cluster and in.

    **The Kubernetes network model** has three rules, and every network plugin must keep them:

    1. every pod gets its **own IP address**, shared by all of its containers;
    2. every pod can reach every other pod by that address, on any node, **without NAT** (the
       address a pod sees as its own is the address others see);
    3. agents on a node (the kubelet, for probes) can reach every pod on that node.

    Kubernetes does not implement this itself: a **CNI plugin** does. This cluster runs **flannel**,
    as many kubeadm clusters do. In this lesson you will follow the notes' **five paths** one by one,
    each traced hop by hop with `c.trace` together with the table that decides each hop:

    1. containers of one pod: `localhost` (section 1);
    2. pod to pod: on one node a **veth pair** and the **cni0** bridge (section 2), across nodes
       flannel's **VXLAN** device `flannel.1` (section 3);
    3. pod to Service: kube-proxy's **DNAT** rules (section 4);
    4. pod to the outside: **MASQUERADE** to the node's address (section 5);
    5. the outside to a pod: **NodePort** and **LoadBalancer** (section 5);

    then flannel's subnet leases, **DNS**, and **NetworkPolicy** (which flannel does not enforce).
    As in every lesson, **The notes say** marks where the notes are wrong or out of date.
    """),
    ("code", """
    from engine import Cluster

    c = Cluster(workers=2)
    %load_ext engine
    """),
    ("md", """
    Three nodes on one network, `172.18.0.0/16` (the nodes' own addresses, `INTERNAL-IP`). Pods get
    addresses from a different range, the **cluster CIDR** `10.244.0.0/16`, cut into one `/24` per
    node: the node's **podCIDR**, assigned by the controller manager when the node joins.
    """),
    ("code", """
    %%kubectl
    get nodes -o wide
    get nodes -o custom-columns=NAME:.metadata.name,INTERNAL-IP:.status.addresses[0].address,POD-CIDR:.spec.podCIDR
    """),
    ("md", """
    Some pods to send packets between: `duo` (nginx with a busybox sidecar) and `same` on `worker-1`,
    `far` on `worker-2` (a `nodeSelector` on the node's hostname places them; normally you let the
    scheduler choose).
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Pod
    metadata:
      name: duo
    spec:
      nodeSelector:
        kubernetes.io/hostname: worker-1
      containers:
      - name: web
        image: nginx:1.27
      - name: sidecar
        image: busybox:1.36
        command: ["sleep", "3600"]
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: same
      labels:
        app: hello
    spec:
      nodeSelector:
        kubernetes.io/hostname: worker-1
      containers:
      - name: web
        image: nginx:1.27
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: far
      labels:
        app: hello
    spec:
      nodeSelector:
        kubernetes.io/hostname: worker-2
      containers:
      - name: web
        image: nginx:1.27
    """),
    ("code", """
    %%kubectl
    sleep 20
    get pods -o wide
    """),
    ("md", """
    Each pod's IP lies in its node's podCIDR: `10.244.1.x` on `worker-1`, `10.244.2.x` on `worker-2`.

    ## 1. Containers of one pod: localhost

    All containers of a pod share **one network namespace** (held open by the pod's *pause*
    container, lesson 02): one IP, one set of ports, one loopback interface. The sidecar reaches nginx
    on `localhost`, and the packet never leaves the pod:
    """),
    ("code", """
    %kubectl exec duo -c sidecar -- wget -qO- http://localhost
    print(c.trace("duo", "http://localhost"))
    """),
    ("md", """
    `localhost` comes from the pod's `/etc/hosts` (written by the kubelet), and `127.0.0.0/8` is the
    loopback device `lo` of the shared namespace.

    The flip side of sharing: **ports are shared too**. Two containers of one pod cannot both listen
    on port 80, just as two processes on one machine cannot. On a real cluster a pod with two nginx
    containers gets one running container and one in `CrashLoopBackOff`, whose log says
    `nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)`; lesson 02 §2 runs
    exactly that pod. Give each container of a pod its own port.

    ## 2. Pods on one node: a veth pair and the cni0 bridge

    Each pod's namespace has an `eth0` that is one end of a **veth pair**, a virtual cable; the other
    end (`veth...`) is on the node, plugged into a Linux bridge, **cni0**, which holds the node's
    gateway address `10.244.1.1`. Inside the pod the route table says: everything goes to that gateway.
    """),
    ("code", """
    %%kubectl
    exec duo -c sidecar -- ip addr show eth0
    exec duo -c sidecar -- ip route
    """),
    ("md", """
    In `eth0@ifN`, `N` is the interface index of the other end of the cable, a `veth...` device on
    the node. The MTU is 1450, not 1500: flannel leaves room for the 50 bytes of VXLAN header that
    section 3 adds. The routes are what the CNI plugin set up: everything, other pods included, goes to
    `10.244.1.1`, the node's `cni0`.
    """),
    ("code", """
    same_ip = c.kubectl("get pod same -o jsonpath={.status.podIP}").stdout
    far_ip = c.kubectl("get pod far -o jsonpath={.status.podIP}").stdout
    print(c.trace("duo", f"http://{same_ip}"))
    """),
    ("md", """
    The node decides with its routing table, as `ip route` prints it on `worker-1`:
    """),
    ("code", """
    print(c.node_routes("worker-1"))
    """),
    ("md", """
    `10.244.1.0/24 dev cni0` is the node's own podCIDR: the packet goes back out on the bridge, to the
    veth of `same`. Pod to pod, both addresses stay as they are: no NAT. (The other lines are for
    section 3 and section 5.)

    ## 3. Pods on different nodes: VXLAN through flannel.1

    `far` is on `worker-2`, in `10.244.2.0/24`. The nodes' network knows nothing of pod addresses,
    so flannel builds an **overlay**: on every node a VXLAN device `flannel.1` (VNI 1) and a route
    `10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink` for every other node's podCIDR. A packet
    routed to `flannel.1` is wrapped, whole, in a UDP datagram from this node's address to the other
    node's address, **port 8472**; `flannel.1` on the other side unwraps it, and the inner packet goes
    on through that node's cni0 as in section 2.
    """),
    ("code", """
    print(c.trace("duo", f"http://{far_ip}"))
    """),
    ("md", """
    The **network trace view** draws the same hops as a path across the two nodes (hover over an arrow
    for the rule that decided it):
    """),
    ("code", """
    from engine.viz import NetworkTraceView

    NetworkTraceView(c, c.trace("duo", f"http://{far_ip}"))
    """),
    ("md", """
    Hop 5 is the encapsulation: the inner packet (pod to pod, unchanged) goes to the VTEP (VXLAN
    tunnel end point) MAC address of `worker-2`'s `flannel.1`, and the forwarding database maps that
    MAC to `worker-2`'s node IP. Hops 6 to 8 are an ordinary UDP datagram between nodes. The wrapping
    costs 50 bytes, which is why flannel's pods get an MTU of 1450 instead of 1500.

    **Your turn.** Print `worker-2`'s routing table and trace from `far` back to `duo`
    (`duo_ip = c.kubectl("get pod duo -o jsonpath={.status.podIP}").stdout`). Which route sends it
    into `flannel.1`?
    """),
    ("code", """
    # your code
    """),
    ("md", """
    ### Flannel's subnet leases

    Where do those routes and MAC addresses come from? flannel runs as a DaemonSet, one `flanneld`
    per node. In a kubeadm cluster it runs with `--kube-subnet-mgr`: it does not allocate subnets
    itself but takes the node's `spec.podCIDR`, and it **publishes its VTEP in the Node object** as
    annotations. Every flanneld watches the Nodes and adds a route and a forwarding entry for each
    node that has them.
    """),
    ("code", """
    %%kubectl
    get pods -n kube-flannel -o wide
    describe node worker-2
    """),
    ("md", """
    In `describe node` look at the `flannel.alpha.coreos.com/...` annotations (backend type `vxlan`,
    VNI 1 and the `VtepMAC`, the node's `public-ip`), `PodCIDR`, and the first condition:
    **`NetworkUnavailable False FlannelIsUp`**, set by flannel once its network works on the node
    (a node with `NetworkUnavailable True` is tainted and gets no pods). flanneld also writes what
    it got into `/run/flannel/subnet.env` on the node, which the flannel CNI plugin reads when the
    kubelet creates a pod's network:
    """),
    ("code", """
    flannel_pod = c.kubectl("get pods -n kube-flannel --field-selector spec.nodeName=worker-2 -o name").stdout.strip()
    %kubectl exec -n kube-flannel $flannel_pod -c kube-flannel -- cat /run/flannel/subnet.env
    %kubectl logs -n kube-flannel $flannel_pod -c kube-flannel
    """),
    ("md", """
    `FLANNEL_IPMASQ=true` means flannel also writes the MASQUERADE rule of section 5.

    > **The notes say** flannel "stores the allocatable IP ranges in etcd, watches the pods' real
    > addresses in etcd and builds the route table in memory", and "packets are forwarded over UDP".
    > In a kubeadm cluster flannel has **no etcd of its own** and never talks to etcd: its subnets are
    > the Nodes' `podCIDR`s and its state the Node annotations, all through the Kubernetes API (its
    > log even prints the unused default `etcdEndpoints`). It routes per **node subnet**, not per pod,
    > and the routes are in the **kernel's** routing table. And "UDP": flannel's old `udp` backend,
    > which copied every packet through the flanneld process, is gone; the `vxlan` backend used here
    > lets the kernel encapsulate in UDP port 8472 (VXLAN), without flanneld on the data path.
    """),
    ("md", """
    ## 4. Pod to Service: DNAT by kube-proxy

    A Service's ClusterIP belongs to no interface at all (lesson 05). Give `same` and `far` one:
    """),
    ("code", """
    %%kubectl
    expose pod far --name=hello --port=80 --selector=app=hello
    get endpoints hello
    """),
    ("code", """
    print(c.trace("duo", "http://hello"))
    """),
    ("md", """
    Hop 1 is DNS (section 7). The packet leaves the pod for the ClusterIP, and on the **node**
    (still `worker-1`, before routing) kube-proxy's iptables chains `KUBE-SERVICES → KUBE-SVC-… →
    KUBE-SEP-…` rewrite the destination to one pod's address (**DNAT**). From then on it is an
    ordinary pod-to-pod packet: section 2 if the chosen pod is on this node, section 3 if not. Run the
    trace a few times and both endpoints turn up.

    > **The notes say** "pod to service goes through iptables rules; now ipvs is used by default".
    > iptables is still kube-proxy's default in v1.32; in **ipvs** mode the kernel's IP Virtual Server
    > does the same DNAT from a hash table (lesson 05 §8 switched this cluster's mode and printed
    > `ipvsadm -Ln`). Either way the rewriting happens on the sending pod's node.

    ## 5. Between the pods and the outside

    ### Pod to the outside: MASQUERADE

    A pod address means nothing outside the cluster, and no router out there knows the way back to
    `10.244.1.3`. So traffic leaving for the outside is **source-NATed**: flannel's `FLANNEL-POSTRTG`
    chain MASQUERADEs packets from the cluster CIDR that leave the node, and they go out with the
    **node's** address, by the node's default route, to the gateway `172.18.0.1`. The answers come back
    to the node, which undoes the translation.
    """),
    ("code", """
    %kubectl exec duo -c sidecar -- wget -qO- http://example.com
    print(c.trace("duo", "http://example.com"))
    """),
    ("md", """
    Compare with section 2: from pod to pod the source stays the pod's IP, only the way out gets
    rewritten.

    ### The outside to a pod: NodePort and LoadBalancer

    Pod IPs and ClusterIPs cannot be reached from outside. A **NodePort** Service opens one port on
    every node's address; a **LoadBalancer** Service adds an external address in front of those ports
    (lesson 05 §3–§4). From your workstation (`c.curl`, `172.18.0.1`, on the nodes' network):
    """),
    ("code", """
    %%kubectl
    patch service hello -p '{"spec":{"type":"LoadBalancer"}}'
    sleep 6
    get service hello
    """),
    ("code", """
    node_port = c.kubectl("get service hello -o jsonpath={.spec.ports[0].nodePort}").stdout
    lb_ip = c.kubectl("get service hello -o jsonpath={.status.loadBalancer.ingress[0].ip}").stdout
    for url in [f"http://172.18.0.2:{node_port}", f"http://172.18.0.3:{node_port}", f"http://{lb_ip}"]:
        page = c.curl(f"-s {url}").stdout
        print(url, "->", "nginx welcome page" if "Welcome to nginx" in page else page)
    """),
    ("md", """
    On the node the packet arrives at, `KUBE-NODEPORTS` DNATs it to a pod (any node's, through
    VXLAN if needed) and marks it for MASQUERADE, so the pod answers via that node. The rules on the
    control-plane node, where no `hello` pod runs:
    """),
    ("code", """
    print("\\n".join(line for line in c.node_iptables("control-plane").splitlines()
                    if "default/hello" in line or "KUBE-POSTROUTING" in line and "MASQUERADE" in line))
    """),
    ("md", """
    ## 6. The five paths in one table

    | from → to | what carries it | the table that decides |
    |---|---|---|
    | container → container, one pod | `lo` in the shared namespace | `/etc/hosts`, `127.0.0.0/8` |
    | pod → pod, one node | veth pair, bridge `cni0` | node route `10.244.1.0/24 dev cni0` |
    | pod → pod, two nodes | `flannel.1`, VXLAN VNI 1 in UDP 8472 | `… via 10.244.2.0 dev flannel.1 onlink`, VTEP MAC from the Node annotation |
    | pod → Service | DNAT to a pod, then one of the above | kube-proxy: `KUBE-SERVICES` (iptables) or IPVS |
    | pod → outside | node's `eth0`, source = node IP | `FLANNEL-POSTRTG … MASQUERADE`, `default via 172.18.0.1` |
    | outside → pod | a node's IP and NodePort, or the LoadBalancer address | `KUBE-NODEPORTS`, `KUBE-MARK-MASQ` |
    """),
    ("md", """
    ## 7. DNS

    Pods find Services by name through **CoreDNS** (the `kube-dns` Service, `10.96.0.10`). The
    kubelet writes every pod's `/etc/resolv.conf`:
    """),
    ("code", """
    %kubectl exec duo -c sidecar -- cat /etc/resolv.conf
    """),
    ("md", """
    - `nameserver 10.96.0.10`: the ClusterIP of `kube-dns` (so a DNS query is itself path 4);
    - `search default.svc.cluster.local svc.cluster.local cluster.local`: suffixes tried for short
      names, the pod's own namespace first. `hello` becomes `hello.default.svc.cluster.local`;
      `hello.default` becomes `hello.default.svc.cluster.local` through the second suffix;
    - `options ndots:5`: a name with **fewer than 5 dots** is tried with the search suffixes first.
      That is why `example.com` is first asked as `example.com.default.svc.cluster.local` and so on:
      a few wasted queries per lookup of an outside name (write `example.com.` with a final dot to
      skip them).

    The records CoreDNS serves:

    | name | answer |
    |---|---|
    | `<service>.<namespace>.svc.cluster.local` | A: the ClusterIP |
    | the same, for a headless Service | A: every ready pod's IP |
    | `<pod hostname>.<service>.<namespace>.svc.cluster.local` | A: that pod (StatefulSet pods) |
    | `<a-b-c-d>.<namespace>.pod.cluster.local` | A: `a.b.c.d` (pod records) |
    | `_<port name>._<protocol>.<service>.<namespace>.svc.cluster.local` | SRV: port and target of a named port |
    | an ExternalName Service | CNAME to the external name |
    | `d.c.b.a.in-addr.arpa` | PTR: the Service or pod name for an IP |
    | anything else outside `cluster.local` | forwarded to the node's resolver |
    """),
    ("code", """
    %%kubectl
    exec duo -c sidecar -- nslookup hello
    exec duo -c sidecar -- nslookup hello.default
    exec duo -c sidecar -- wget -qO- -T 3 http://hello.default
    """),
    ("md", """
    busybox's `nslookup` prints what each search suffix returned (the `NXDOMAIN`s are the suffixes
    that did not match, asked for IPv4 and IPv6 addresses). Note that busybox's `nslookup` applies the
    search list only to names **without a dot** (it does not implement `ndots`), so it cannot find
    `hello.default`; `wget` uses the resolver of the C library, which follows `ndots`, so
    `hello.default` works there. When debugging DNS with busybox, ask for full names.

    A headless Service and a StatefulSet (lesson 04): the Service name answers with every pod, and each
    pod gets its own stable name:
    """),
    ("code", """
    %%apply
    apiVersion: v1
    kind: Service
    metadata:
      name: db
    spec:
      clusterIP: None
      selector:
        app: db
      ports:
      - name: tcp
        port: 80
    ---
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
          - name: nginx
            image: nginx:1.27
    """),
    ("code", """
    %%kubectl
    sleep 20
    exec duo -c sidecar -- nslookup db.default.svc.cluster.local
    exec duo -c sidecar -- nslookup db-0.db.default.svc.cluster.local
    """),
    ("md", """
    **Your turn.** Look up `db-1`'s own name, and the `kubernetes` Service in the `default`
    namespace, with `nslookup` from `duo` (full names, as busybox needs them).
    """),
    ("code", """
    # your commands
    """),
    ("md", """
    A pod's own record, and a name that does not exist (**NXDOMAIN**, after every search suffix):
    """),
    ("code", """
    duo_ip = c.kubectl("get pod duo -o jsonpath={.status.podIP}").stdout
    pod_record = duo_ip.replace(".", "-") + ".default.pod.cluster.local"
    %kubectl exec duo -c sidecar -- nslookup $pod_record
    %kubectl exec duo -c sidecar -- nslookup nope
    """),
    ("md", """
    An ExternalName Service is a CNAME (lesson 05 §5); the trace shows the DNS step:
    """),
    ("code", """
    %kubectl create service externalname docs --external-name kubernetes.io
    print(c.trace("duo", "http://docs"))
    """),
    ("md", """
    Reverse lookups (PTR) map an IP back to a name: busybox `nslookup 10.96.0.10` asks for
    `10.0.96.10.in-addr.arpa`. SRV records (`_tcp._tcp.db.default.svc.cluster.local` for the port named
    `tcp` above) tell a client the port as well as the host: `nslookup -type=SRV` asks for them.
    """),
    ("code", """
    %%kubectl
    exec duo -c sidecar -- nslookup 10.96.0.10
    exec duo -c sidecar -- nslookup -type=SRV _tcp._tcp.db.default.svc.cluster.local
    """),
    ("md", """
    ### When CoreDNS is gone

    DNS is an ordinary Deployment behind an ordinary Service. Scale it to zero and watch names stop
    working while addresses still do:
    """),
    ("code", """
    %%kubectl
    scale deployment coredns -n kube-system --replicas=0
    sleep 30
    get pods -n kube-system -l k8s-app=kube-dns
    exec duo -c sidecar -- nslookup hello
    exec duo -c sidecar -- wget -qO- -T 3 http://hello
    """),
    ("code", """
    hello_ip = c.kubectl("get service hello -o jsonpath={.spec.clusterIP}").stdout
    page = c.kubectl(["exec", "duo", "-c", "sidecar", "--", "wget", "-qO-", "-T", "3", f"http://{hello_ip}"]).stdout
    print("by address:", "nginx welcome page" if "Welcome to nginx" in page else page)
    """),
    ("md", """
    The query to `10.96.0.10` finds no CoreDNS pod behind kube-dns, so no answer comes back:
    `nslookup` gives up and `wget` reports a `bad address`. The ClusterIP itself still works:
    kube-proxy and flannel do not need DNS. (On a real cluster kube-proxy rejects traffic to a Service
    without endpoints, so the resolver fails at once instead of waiting; the messages of the tools
    differ a little, the outcome is the same.) Bring CoreDNS back:
    """),
    ("code", """
    %%kubectl
    scale deployment coredns -n kube-system --replicas=2
    sleep 20
    exec duo -c sidecar -- wget -qO- -T 3 http://hello
    """),
    ("md", """
    ## 8. NetworkPolicy: accepted, not enforced by flannel

    A **NetworkPolicy** (`networking.k8s.io/v1`) says which traffic may reach (or leave) the pods it
    selects. This one selects every pod in the namespace and allows no incoming traffic at all:
    """),
    ("code", """
    %%apply
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: deny-all-ingress
    spec:
      podSelector: {}
      policyTypes:
      - Ingress
    """),
    ("code", """
    %kubectl get networkpolicy
    page = c.kubectl(["exec", "duo", "-c", "sidecar", "--", "wget", "-qO-", "-T", "3", f"http://{far_ip}"]).stdout
    print("still served:", "Welcome to nginx" in page)
    print(c.trace("duo", f"http://{far_ip}"))
    """),
    ("md", """
    The API server stores the policy, but **enforcing** it is the network plugin's job, and flannel has
    no policy engine: the traffic still flows, and nothing says so except the missing effect (the trace
    notes it on the pod's hop). To enforce policies, use a plugin that does (Calico, Cilium, or
    flannel together with Calico's policy part, "Canal"). A policy that "does not work" is a classic
    exam and production trap: check which CNI the cluster runs first.
    """),
    ("md", """
    ## 9. The notes, corrected

    | the notes say | in fact |
    |---|---|
    | pod to service "now uses ipvs by default" | iptables is kube-proxy's default; ipvs is an option (lesson 05 §8) |
    | pod to the outside: "itables executes the mapquerade rule" | MASQUERADE (iptables), written by flannel (`FLANNEL-POSTRTG`, `FLANNEL_IPMASQ=true`), to the node's IP |
    | flannel: "etcd stores the allocatable IP ranges", "watches pods' addresses in etcd" | with `--kube-subnet-mgr` (kubeadm) flannel uses the Kubernetes API: the Nodes' `podCIDR` and its annotations; routes per node subnet, in the kernel |
    | flannel: "packet forwarding uses UDP" | the `vxlan` backend: the kernel encapsulates in VXLAN over UDP 8472; the old userspace `udp` backend is removed |
    | (not in the notes) | NetworkPolicy needs a CNI that enforces it; flannel does not |
    """),
    ("md", """
    ## Check yourself

    Replace each `...` with your answer, then run the cell after it.

    **1.** Which UDP port carries flannel's VXLAN traffic between nodes?
    """),
    ("code", """
    from selfcheck import check, check_command
    """),
    ("answer", "vxlan_port", "8472", "4789"),
    ("code", """
    check(vxlan_port, lambda a: str(a).strip() == "8472", "Look at the trace of section 3: the UDP datagram between the nodes.")
    """),
    ("md", """
    **2.** A pod `10.244.1.4` on `worker-1` (node IP `172.18.0.3`) downloads a page from
    `example.com`. Which source address does example.com see?
    """),
    ("answer", "seen_source", '"172.18.0.3"', '"10.244.1.4"'),
    ("code", """
    check(seen_source, "172.18.0.3", "Section 5: what does MASQUERADE do to the source address?")
    """),
    ("md", """
    **3.** With `options ndots:5`, how many dots must a name have to be looked up **as written**
    before the search suffixes are tried?
    """),
    ("answer", "min_dots", "5", "1"),
    ("code", """
    check(min_dots, lambda a: str(a).strip() == "5", "ndots is the threshold: fewer dots than that and the search list goes first.")
    """),
    ("md", """
    **4.** Write the kubectl command that shows the podCIDR of node `worker-1` (and nothing else).
    The check runs it on a scratch cluster.
    """),
    ("answer", "pod_cidr_command", '"kubectl get node worker-1 -o jsonpath={.spec.podCIDR}"',
     '"kubectl get node worker-1"'),
    ("code", """
    def prints_pod_cidr(cluster):
        return cluster.kubectl(pod_cidr_command[len("kubectl "):]).stdout.strip() == "10.244.1.0/24"

    check_command(pod_cidr_command, prints_pod_cidr, "get node worker-1 -o jsonpath={.spec....}")
    """),
    ("md", """
    **Graded assignment:** `06-networking` in the `exercises/` folder
    ([`../exercises/06-networking/06-networking.ipynb`](../exercises/06-networking/06-networking.ipynb)):
    a Service reached by name from another namespace, DNS names and records, which packets travel in
    VXLAN, broken DNS repaired, the outside reaching a Deployment, and the notes' claims checked.

    Next: **Lesson 07, kubectl**: every command group, output formats, generating and exporting YAML.
    """),
]
