"""Assignment 10-etcd: quorum arithmetic, what the API server writes into etcd (with one member of three
stopped), resourceVersion and etcd's revisions, etcdctl commands that find the leader after a member stopped,
what kubectl says without quorum, a snapshot of etcd saved with kubectl exec and restored with etcdutl, and the
notes' "split brain" with an even number of members. Built into solutions/10-etcd/ by scripts/build_assignments.py."""

NAME = "10-etcd"
TITLE = "Assignment 10: etcd and high availability"

EXERCISES = [
    dict(
        name="quorum-five",
        title="how many members may fail",
        points=2,
        text="""
            An etcd cluster has **5** members. How many of them may stop, at most, while the cluster still
            accepts writes (and `kubectl create` still works)? Answer with a number.

            The grader builds `Cluster(workers=1, etcd_members=5)`, stops members one by one and tries a
            write after each. Try it on a cluster of your own (`five.etcd.stop("etcd-5")`, ...), but
            work it out first.
            """,
        solution="""
            2
            """,
        visible="""
            # visible check: the answer is a number
            from autograder import value
            assert value("quorum-five").strip().isdigit(), "answer with a number of members"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 1, "etcd_members": 5}, "settle": 0, "checks": [
                {"check": "etcd_failures_tolerated", "points": 2},
            ]}
            """,
    ),
    dict(
        name="degraded-apply",
        title="write to a cluster that lost one etcd member",
        points=4,
        text="""
            This cluster's etcd has three members, and `etcd-3` has stopped:

            ```python
            from engine import Cluster
            ha = Cluster(workers=1, etcd_members=3)
            ha.etcd.stop("etcd-3"); ha.advance(5)
            print(ha.etcdctl("endpoint health --cluster"))
            ```

            Two of three are still a majority, so the API server keeps working. Write one manifest (several
            documents separated by `---`) after which etcd holds these keys:

            - `/registry/namespaces/shop`;
            - `/registry/configmaps/shop/settings`, whose data has `mode: fast`;
            - `/registry/deployments/shop/web`, a Deployment of **2** `nginx:1.27` pods labelled `app=web`,
              both available.

            Check with `ha.etcdctl("get /registry --prefix --keys-only")` on your own cluster.
            Points: 1 per key, 1 for the Deployment's available pods.
            """,
        solution="""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: shop
            data:
              mode: fast
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.27
            """,
        setup="""
            FIXTURE = {"workers": 1, "etcd_members": 3, "etcd_stop": ["etcd-3"], "advance": 5}
            """,
        visible="""
            # visible check: the manifest applies
            check(answer("degraded-apply"), {"kind": "manifest", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "fixture": FIXTURE, "settle": 30, "checks": [
                {"check": "etcd_key", "points": 1, "args": {"key": "/registry/namespaces/shop"}},
                {"check": "etcd_key", "points": 1, "args": {"key": "/registry/configmaps/shop/settings",
                                                            "contains": '"mode":"fast"'}},
                {"check": "etcd_key", "points": 1, "args": {"key": "/registry/deployments/shop/web"}},
                {"check": "deployment_ready", "points": 1, "args": {"name": "web", "replicas": 2, "namespace": "shop"}},
            ]}
            """,
    ),
    dict(
        name="keys-kubectl",
        title="the keys kubectl's verbs write",
        points=4,
        text="""
            The namespace `team-a` exists. With kubectl's own verbs (no manifest), make the API server write
            these keys into etcd:

            - `/registry/secrets/team-a/api-token`, a Secret holding `token=s3cr3t`;
            - `/registry/services/specs/team-a/api`, a Service on port 80 in front of the pods of
            - a Deployment `api` of 2 `nginx:1.27` pods in `team-a`, so that the key
              `/registry/services/endpoints/team-a/api` lists both pods' addresses (who writes that one?).

            ```python
            from engine import Cluster
            team = Cluster(workers=1)
            team.kubectl("create namespace team-a")
            ```

            Points: 1 for the Secret's key, 1 for the Service's, 2 for the endpoints listing the pods.
            """,
        solution="""
            kubectl create secret generic api-token --from-literal=token=s3cr3t -n team-a
            kubectl create deployment api --image=nginx:1.27 --replicas=2 -n team-a
            kubectl expose deployment api --port=80 -n team-a
            """,
        setup="""
            FIXTURE = {"workers": 1, "commands": ["create namespace team-a"]}
            """,
        visible="""
            # visible check: your commands run without errors
            check(answer("keys-kubectl"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": FIXTURE, "settle": 30, "checks": [
                {"check": "etcd_key", "points": 1, "args": {"key": "/registry/secrets/team-a/api-token",
                                                            "contains": '"token":"czNjcjN0"'}},
                {"check": "etcd_key", "points": 1, "args": {"key": "/registry/services/specs/team-a/api"}},
                {"check": "service_backends", "points": 2, "args": {"name": "api", "selector": {"app": "api"},
                                                                    "count": 2, "namespace": "team-a"}},
            ]}
            """,
    ),
    dict(
        name="revision-fields",
        title="resourceVersion and etcd's revisions",
        points=2,
        text="""
            The ConfigMap `settings` was just created. Its `resourceVersion` is etcd's revision of its last
            write; etcd's key `/registry/configmaps/default/settings` keeps three counters:
            `create_revision`, `mod_revision` and `version`.

            ```python
            from engine import Cluster
            rev = Cluster(workers=1)
            rev.kubectl("create configmap settings --from-literal=mode=slow")
            print(rev.kubectl("get configmap settings -o jsonpath={.metadata.resourceVersion}"))
            ```

            Then `kubectl label configmap settings tier=web` changes it. Which of the three fields of the key
            **still** equal the resourceVersion printed **before** the label? Answer with the field name(s),
            separated by blanks. Check with `rev.etcdctl("get /registry/configmaps/default/settings -w json")`
            after you have decided.
            """,
        solution="""
            create_revision
            """,
        setup="""
            FIXTURE = {"workers": 1, "commands": ["create configmap settings --from-literal=mode=slow"]}
            """,
        visible="""
            # visible check: the answer names fields of an etcd key
            from autograder import value
            assert set(value("revision-fields").replace(",", " ").split()) <= {"create_revision", "mod_revision",
                                                                               "version"}, \
                "answer with create_revision, mod_revision and/or version"
            """,
        hidden="""
            {"kind": "value", "fixture": FIXTURE, "settle": 0, "checks": [
                {"check": "revision_field_predicted", "points": 2, "args": {
                    "key": "/registry/configmaps/default/settings", "command": "label configmap settings tier=web"}},
            ]}
            """,
    ),
    dict(
        name="find-leader",
        title="find the leader with etcdctl",
        points=3,
        text="""
            A member of this cluster's three-member etcd stopped a minute ago. Its members listen on
            `https://172.18.0.101:2379` (`etcd-1`), `https://172.18.0.102:2379` (`etcd-2`) and
            `https://172.18.0.103:2379` (`etcd-3`), as the API server's `--etcd-servers` flag says; etcdctl
            runs on `etcd-1`'s host, so its default endpoint `127.0.0.1:2379` is `etcd-1`.

            ```python
            from engine import Cluster
            from autograder.worker import build_fixture
            ha = build_fixture({"workers": 1, "etcd_members": 3, "etcd_stop": ["etcd-1"], "advance": 60})
            print(ha.etcdctl("member list"))
            ```

            Write the etcdctl command lines (one per line, each starting with `etcdctl`) that show **which
            member leads now** and **the list of members** with their IDs. The grader runs them on the
            cluster (as `ha.etcdctl(line)` does) and reads what they print.
            Points: 2 for showing the leader, 1 for the member list.
            """,
        solution="""
            etcdctl --endpoints=https://172.18.0.102:2379,https://172.18.0.103:2379 endpoint status -w table
            etcdctl --endpoints=https://172.18.0.102:2379 member list -w table
            """,
        setup="""
            FIXTURE = {"workers": 1, "etcd_members": 3, "etcd_stop": ["etcd-1"], "advance": 60}
            """,
        visible="""
            # visible check: every line is an etcdctl command
            from autograder import value
            assert all(line.split()[0] == "etcdctl" for line in value("find-leader").splitlines()), \\
                "write etcdctl command lines, one per line"
            """,
        hidden="""
            {"kind": "value", "fixture": FIXTURE, "settle": 0, "checks": [
                {"check": "etcdctl_shows_leader", "points": 2},
                {"check": "etcdctl_lists_members", "points": 1},
            ]}
            """,
    ),
    dict(
        name="quorum-lost",
        title="predict what kubectl says without quorum",
        points=3,
        text="""
            The Deployment `web` runs 2 pods; then two of the three etcd members stop:

            ```python
            from engine import Cluster
            from autograder.fixtures_etcd import WEB
            lost = Cluster(workers=1, etcd_members=3)
            lost.apply(WEB)
            lost.etcd.stop("etcd-2"); lost.etcd.stop("etcd-3"); lost.advance(10)
            ```

            What does `kubectl scale deployment web --replicas=3` print on its standard error? Answer with
            the line it prints. Points: 2 for the error etcd gives the API server, 1 more for kubectl's
            line word for word.
            """,
        solution="""
            Error from server: etcdserver: request timed out
            """,
        setup="""
            from autograder.fixtures_etcd import WEB
            FIXTURE = {"workers": 1, "etcd_members": 3, "manifests": [WEB], "etcd_stop": ["etcd-2", "etcd-3"],
                       "advance": 10}
            """,
        visible="""
            # visible check: the answer is one line
            from autograder import value
            assert len(value("quorum-lost").splitlines()) == 1, "answer with the one line kubectl prints"
            """,
        hidden="""
            {"kind": "value", "fixture": FIXTURE, "settle": 0, "checks": [
                {"check": "stderr_predicted", "points": 2, "args": {"command": "scale deployment web --replicas=3",
                                                                    "exact": False}},
                {"check": "stderr_predicted", "points": 1, "args": {"command": "scale deployment web --replicas=3"}},
            ]}
            """,
    ),
    dict(
        name="etcd-backup",
        title="back up etcd",
        points=3,
        text="""
            The Deployment `web` was created this morning and there is no backup since. Save a snapshot of
            the cluster's etcd to **`/var/lib/etcd/backup.db` on the control-plane node's disk**, with kubectl
            only: etcd runs as the static pod `etcd-control-plane` in `kube-system`, and its image holds
            `etcdctl`. `kubectl describe` that pod first: which files its etcd was started with, which folders
            of the node it mounts, what its clients must present.

            ```python
            from autograder.worker import build_fixture
            from autograder.fixtures_etcd import BACKUP
            dr = build_fixture(BACKUP)
            print(dr.kubectl("describe pod etcd-control-plane -n kube-system"))
            ```

            Write the kubectl command lines (one per line). The grader runs them, then checks the file with
            `etcdutl snapshot status` on the node (`dr.etcdutl(...)` on your cluster) and compares its
            revision with the one that created `web`. Points: 1 for a snapshot of the cluster as it is now,
            wherever it was saved, 2 more for that snapshot at `/var/lib/etcd/backup.db` on the node.
            """,
        solution="""
            kubectl exec -n kube-system etcd-control-plane -- etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key snapshot save /var/lib/etcd/backup.db
            """,
        setup="""
            from autograder.fixtures_etcd import BACKUP
            """,
        visible="""
            # visible check: your commands run without errors
            check(answer("etcd-backup"), {"kind": "commands", "fixture": BACKUP, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "commands", "fixture": BACKUP, "settle": 0, "checks": [
                {"check": "etcd_snapshot_saved", "points": 1, "args": {"marker": "/registry/deployments/default/web"}},
                {"check": "etcd_snapshot_at", "points": 2, "args": {"path": "/var/lib/etcd/backup.db",
                                                                    "marker": "/registry/deployments/default/web"}},
            ]}
            """,
    ),
    dict(
        name="etcd-restore",
        title="restore etcd from the snapshot",
        points=3,
        text="""
            Someone deleted the Deployment `web` after the backup `/var/lib/etcd/backup.db` was saved, and
            created `after-backup` since:

            ```python
            from autograder.worker import build_fixture
            from autograder.fixtures_etcd import BACKUP, disaster
            dr = build_fixture(BACKUP)
            disaster(dr)
            print(dr.kubectl("get deployments"))
            ```

            Write the `etcdutl` command lines (one per line, each starting with `etcdutl`) that restore the
            snapshot into a new data directory on the control-plane node; the grader runs each as
            `dr.etcdutl(line)`. It then points the etcd pod's `etcd-data` hostPath at the `--data-dir` of your
            last restore that worked (as `dr.edit_manifest` does in the lesson) and waits 30 s.
            Points: 2 for `web` back, 1 for a restored member that advertises the peer URL the etcd pod's
            `--initial-advertise-peer-urls` gives (`kubectl describe pod etcd-control-plane -n kube-system`),
            not etcdutl's default.
            """,
        solution="""
            etcdutl snapshot restore /var/lib/etcd/backup.db --data-dir /var/lib/etcd-from-backup --name control-plane --initial-cluster control-plane=https://172.18.0.2:2380 --initial-advertise-peer-urls https://172.18.0.2:2380
            """,
        setup="""
            from autograder.fixtures_etcd import BACKUP
            """,
        visible="""
            # visible check: every line is an etcdutl command
            from autograder import value
            assert all(line.split()[0] == "etcdutl" for line in value("etcd-restore").splitlines()), \\
                "write etcdutl command lines, one per line"
            """,
        hidden="""
            {"kind": "value", "fixture": BACKUP, "settle": 0, "checks": [
                {"check": "etcd_restore_brings_back", "points": 2, "args": {"deployment": "web"}},
                {"check": "etcd_restore_peer_url", "points": 1, "args": {"peer_url": "https://172.18.0.2:2380"}},
            ]}
            """,
    ),
    dict(
        name="notes-split-brain",
        title="fix the notes' split brain",
        points=2,
        text="""
            The notes' tips say an etcd cluster should have an odd number of members, because "with an even
            number, split brain may happen". Test the claim: an etcd of **4** members whose network splits
            down the middle, `etcd-1`, `etcd-2` | `etcd-3`, `etcd-4`:

            ```python
            from engine import Cluster
            four = Cluster(workers=1, etcd_members=4)
            four.etcd.partition(["etcd-1", "etcd-2"], ["etcd-3", "etcd-4"]); four.advance(10)
            ```

            How many members lead (`IS LEADER` true in `etcdctl endpoint status`) after the split? Answer
            with a number, then look at what `kubectl get pods` says on that cluster: the real reason to
            avoid even numbers is not split brain.
            """,
        solution="""
            0
            """,
        setup="""
            FIXTURE = {"workers": 1, "etcd_members": 4, "etcd_partition": [["etcd-1", "etcd-2"], ["etcd-3", "etcd-4"]],
                       "advance": 10}
            """,
        visible="""
            # visible check: the answer is a number
            from autograder import value
            assert value("notes-split-brain").strip().isdigit(), "answer with a number of members"
            """,
        hidden="""
            {"kind": "value", "fixture": FIXTURE, "settle": 0, "checks": [
                {"check": "etcd_leaders", "points": 2},
            ]}
            """,
    ),
]


WRONG = {  # answers that earn partial or no credit, and their points (tests/test_assignments.py grades them through nbgrader)
    "quorum-lost": ("etcdserver: request timed out", 2),
    "notes-split-brain": ("2", 0),
    "etcd-backup": ("kubectl exec -n kube-system etcd-control-plane -- etcdctl "
                    "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt "
                    "--key=/etc/kubernetes/pki/etcd/server.key snapshot save /tmp/backup.db", 1),
    "etcd-restore": ("etcdutl snapshot restore /var/lib/etcd/backup.db --data-dir /var/lib/etcd-from-backup", 2),
}
