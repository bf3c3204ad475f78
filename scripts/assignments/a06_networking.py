"""Assignment 06-networking: a pod reaching another namespace's pods through a Service by DNS, DNS names
(FQDN, SRV, ExternalName's CNAME), which paths cross nodes in VXLAN, broken DNS repaired, the outside
reaching a Service, and the notes' networking claims corrected. Built into solutions/06-networking/ by
scripts/build_assignments.py."""

NAME = "06-networking"
TITLE = "Assignment 6: Networking"

NGINX_PAGE = "Welcome to nginx!"

REQUESTS = [["alpha", "pod:beta"], ["alpha", "pod:gamma"], ["gamma", "http://beta"], ["alpha", "http://beta"],
            ["gamma", "http://example.com"]]

EXERCISES = [
    dict(
        name="service-dns",
        title="reach another namespace's pods through a Service, by name",
        points=4,
        text="""
            In the namespace `data`, the Deployment `backend` runs 2 pods labelled `app=backend`
            (`agnhost serve-hostname`: it answers HTTP requests on its container port **9376**, named
            `http`, with its pod's name). The Pod `frontend`, in the namespace `default`, must reach them
            at **`http://backend.data`** (port 80), whichever backend pod answers.

            ```python
            from engine import Cluster
            from autograder.fixtures_networking import BACKEND
            net = Cluster(workers=1)
            net.apply(BACKEND); net.advance(30)
            ```

            Write the manifest that makes `wget -qO- http://backend.data` work from `frontend`.
            Points: 1 for a Service in the right namespace with port 80, 1 for its endpoints, 2 for
            `frontend` reaching a backend by that name.
            """,
        solution="""
            apiVersion: v1
            kind: Service
            metadata:
              name: backend
              namespace: data
            spec:
              selector:
                app: backend
              ports:
              - port: 80
                targetPort: http
            """,
        setup="""
            from autograder.fixtures_networking import BACKEND
            FIXTURE = {"workers": 1, "manifests": [BACKEND], "advance": 30}
            """,
        visible="""
            # visible check: the manifest applies
            check(answer("service-dns"), {"kind": "manifest", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "fixture": FIXTURE, "settle": 10, "checks": [
                {"check": "service_type", "points": 1, "args": {"name": "backend", "namespace": "data", "port": 80}},
                {"check": "service_backends", "points": 1, "args": {"name": "backend", "namespace": "data",
                                                                   "selector": {"app": "backend"}, "count": 2}},
                {"check": "http_reachable", "points": 2, "args": {"pod": "frontend", "url": "http://backend.data",
                                                                  "contains": "backend-"}},
            ]}
            """,
    ),
    dict(
        name="dns-names",
        title="names CoreDNS answers",
        points=3,
        text="""
            The namespace `shop` has a Service `cache` (a redis pod behind it; its port 6379 is named
            `redis`) and an ExternalName Service `docs` for `kubernetes.io`:

            ```python
            from autograder.fixtures_networking import SHOP_NAMES
            print(SHOP_NAMES)
            ```

            Answer with three lines:

            1. the fully qualified DNS name of the Service `cache`, as any pod of the cluster can look it up;
            2. the name of the SRV record that tells a client the port of `cache`'s port `redis` (TCP);
            3. the kind of record CoreDNS answers for `docs.shop.svc.cluster.local`: `A` or `CNAME`.

            Predict, then check with `nslookup` (and `nslookup -type=SRV`) from a pod of a cluster of your
            own (lesson 06 §7). One point per line.
            """,
        solution="""
            cache.shop.svc.cluster.local
            _redis._tcp.cache.shop.svc.cluster.local
            CNAME
            """,
        setup="""
            from autograder.fixtures_networking import SHOP_NAMES
            """,
        visible="""
            # visible check: at most three lines
            from autograder import value
            assert 1 <= len(value("dns-names").splitlines()) <= 3, "answer with three lines"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 1, "manifests": [SHOP_NAMES], "advance": 30}, "settle": 0, "checks": [
                {"check": "fqdn_predicted", "points": 1, "args": {"line": 1, "service": "cache", "namespace": "shop"}},
                {"check": "srv_predicted", "points": 1, "args": {"line": 2, "service": "cache", "namespace": "shop",
                                                                 "port": 6379}},
                {"check": "record_type_predicted", "points": 1, "args": {"line": 3,
                                                                         "hostname": "docs.shop.svc.cluster.local"}},
            ]}
            """,
    ),
    dict(
        name="trace-vxlan",
        title="which packets travel in the VXLAN tunnel",
        points=3,
        text="""
            A cluster with two workers: the pods `alpha` and `beta` run on `worker-1`, the pod `gamma` on
            `worker-2`, all nginx; the Service `beta` sends traffic to the pod `beta` only.

            ```python
            from engine import Cluster
            from autograder.fixtures_networking import TRACE_PODS
            trio = Cluster(workers=2)
            trio.apply(TRACE_PODS); trio.advance(30)
            ```

            Which of these requests travel between the nodes **inside flannel's VXLAN tunnel**
            (`flannel.1`)?

            1. from `alpha` to `beta`'s pod IP
            2. from `alpha` to `gamma`'s pod IP
            3. from `gamma` to `http://beta` (the Service)
            4. from `alpha` to `http://beta` (the Service)
            5. from `gamma` to `http://example.com`

            Answer with their numbers, separated by blanks. Predict first (lesson 06 §2 to §5), then
            trace them: `print(trio.trace("alpha", "http://beta"))`.
            """,
        solution="""
            2 3
            """,
        setup="""
            from autograder.fixtures_networking import TRACE_PODS
            """,
        visible="""
            # visible check: the answer is request numbers
            from autograder import value
            assert set(value("trace-vxlan").replace(",", " ").split()) <= set("12345"), "answer with numbers 1 to 5"
            """,
        hidden=f"""
            {{"kind": "value", "fixture": {{"workers": 2, "manifests": [TRACE_PODS], "advance": 30}}, "settle": 0,
             "checks": [
                {{"check": "vxlan_predicted", "points": 3, "args": {{"requests": {REQUESTS!r}}}}},
            ]}}
            """,
    ),
    dict(
        name="dns-trouble",
        title="troubleshoot DNS",
        points=4,
        text="""
            The pods of the Deployment `shop` cannot resolve any name: `nslookup
            kubernetes.default.svc.cluster.local` from them times out. Two things are wrong in this
            cluster; find both (`%kubectl exec deploy/shop -- cat /etc/resolv.conf`,
            `%kubectl get endpoints -n kube-system kube-dns`, `%kubectl get deployments -n kube-system`):

            ```python
            from engine import Cluster
            from autograder.fixtures_networking import DNS_TROUBLE, NO_COREDNS
            dns = Cluster(workers=1)
            dns.apply(DNS_TROUBLE); dns.kubectl(NO_COREDNS); dns.advance(30)
            ```

            Write the kubectl commands that fix both, keeping the Deployment `shop`. Points: 2 for the
            cluster DNS serving again, 1 for `shop`'s pods asking the cluster DNS, 1 for their names
            resolving.
            """,
        solution="""
            kubectl scale deployment coredns -n kube-system --replicas=2
            kubectl patch deployment shop --type=json -p '[{"op": "replace", "path": "/spec/template/spec/dnsPolicy", "value": "ClusterFirst"}, {"op": "remove", "path": "/spec/template/spec/dnsConfig"}]'
            """,
        setup="""
            from autograder.fixtures_networking import DNS_TROUBLE, NO_COREDNS
            FIXTURE = {"workers": 1, "manifests": [DNS_TROUBLE], "commands": [NO_COREDNS], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors against the broken cluster
            check(answer("dns-trouble"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 60, "checks": [
                {"check": "cluster_dns_ready", "points": 2},
                {"check": "pods_use_cluster_dns", "points": 1, "args": {"selector": {"app": "shop"}}},
                {"check": "pods_resolve", "points": 1, "args": {"selector": {"app": "shop"}}},
            ]}
            """,
    ),
    dict(
        name="outside-in",
        title="the outside world reaches a Deployment",
        points=4,
        text=f"""
            The Deployment `store` runs 2 nginx pods labelled `app=store` (port 80). Customers are outside
            the cluster, like your workstation (`c.curl`, lesson 06 §5). Write the manifest of a Service
            `store` that they reach **both** at port **30500** of every node and at an external
            load-balancer address on port 80.

            ```python
            from engine import Cluster
            from autograder.fixtures_networking import STORE_DEPLOYMENT
            shop = Cluster(workers=1)
            shop.apply(STORE_DEPLOYMENT); shop.advance(30)
            # after your Service: shop.curl("-s http://172.18.0.2:30500")
            ```

            Points: 1 for the Service's type and ports, 2 for every node's port 30500 answering the
            workstation, 1 for the load-balancer address answering it.
            """,
        solution="""
            apiVersion: v1
            kind: Service
            metadata:
              name: store
            spec:
              type: LoadBalancer
              selector:
                app: store
              ports:
              - port: 80
                targetPort: 80
                nodePort: 30500
            """,
        setup="""
            from autograder.fixtures_networking import STORE_DEPLOYMENT
            FIXTURE = {"workers": 1, "manifests": [STORE_DEPLOYMENT], "advance": 30}
            """,
        visible="""
            # visible check: the Service applies
            check(answer("outside-in"), {"kind": "manifest", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden=f"""
            {{"kind": "manifest", "fixture": FIXTURE, "settle": 10, "checks": [
                {{"check": "service_type", "points": 1, "args": {{"name": "store", "type": "LoadBalancer", "port": 80,
                                                               "node_port": 30500}}}},
                {{"check": "workstation_reachable", "points": 2, "args": {{"url": "http://{{node}}:30500",
                                                                         "contains": "{NGINX_PAGE}"}}}},
                {{"check": "workstation_reachable", "points": 1, "args": {{"url": "http://{{lb}}", "service": "store",
                                                                         "contains": "{NGINX_PAGE}"}}}},
            ]}}
            """,
    ),
    dict(
        name="notes-network",
        title="fix the notes' networking claims",
        points=3,
        text="""
            The notes say that traffic from a pod to a Service "now goes through ipvs by default", that
            flannel "keeps the allocatable IP ranges in etcd" and that it "forwards packets over UDP".
            Find out what this cluster (kubeadm with flannel, two workers, the pods of `TRACE_PODS`)
            really does, and answer with three lines:

            1. the mode kube-proxy runs in (`iptables`, `ipvs` or `nftables`);
            2. the UDP port that carries a packet from the pod `alpha` (on `worker-1`) to the pod `gamma`
               (on `worker-2`) between the nodes;
            3. the subnet of pod addresses that flannel routes to `worker-2`, as the Node object gives it.

            ```python
            from engine import Cluster
            from autograder.fixtures_networking import TRACE_PODS
            notes = Cluster(workers=2)
            notes.apply(TRACE_PODS); notes.advance(30)
            ```

            One point per line.
            """,
        solution="""
            iptables
            8472
            10.244.2.0/24
            """,
        setup="""
            from autograder.fixtures_networking import TRACE_PODS
            """,
        visible="""
            # visible check: at most three lines
            from autograder import value
            assert 1 <= len(value("notes-network").splitlines()) <= 3, "answer with three lines"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 2, "manifests": [TRACE_PODS], "advance": 30}, "settle": 0, "checks": [
                {"check": "proxy_mode_predicted", "points": 1, "args": {"line": 1}},
                {"check": "vxlan_port_predicted", "points": 1, "args": {"line": 2, "pod": "alpha", "to_pod": "gamma"}},
                {"check": "pod_cidr_predicted", "points": 1, "args": {"line": 3, "node": "worker-2"}},
            ]}
            """,
    ),
]


WRONG = {  # answers that earn partial or no credit, and their points (tests/test_assignments.py grades them through nbgrader)
    "service-dns": ("apiVersion: v1\nkind: Service\nmetadata: {name: backend, namespace: data}\nspec:\n"
                    "  selector: {app: backend}\n  ports: [{port: 80}]\n", 2),
    "trace-vxlan": ("2", 0),
}
