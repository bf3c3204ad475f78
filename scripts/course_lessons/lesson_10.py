"""Lesson 10, etcd and high availability: what the API server keeps in etcd (keys, values, revisions,
watch, compaction), Raft's leader and terms, quorum arithmetic, losing members, losing quorum, partitions."""
NAME = "10-etcd-ha"

CELLS = [
    ("md", """
    # Lesson 10: etcd and high availability

    In this lesson you will

    1. look at what the API server keeps in etcd: keys, values and **revisions**, and how a **watch** replays them;
    2. run an etcd cluster of three members and see its **leader**, **followers** and **term**;
    3. work out the **quorum** for any number of members, and see why clusters have 3 or 5 members, never 4;
    4. stop members one by one and watch what keeps working and what stops;
    5. split the members' network in two and see why Raft has no "split brain";
    6. back etcd up with a snapshot and restore the cluster from it.

    The simulated etcd behaves as etcd v3.5 does for everything a Kubernetes user can observe; it does
    not copy data between members byte by byte, it keeps one store and tracks which members would have it.
    """),
    ("md", """
    ## 1. What the API server stores

    Every object lives under `/registry/<resource>/<namespace>/<name>`. The API server is the only
    component that talks to etcd; every other component asks the API server.
    """),
    ("code", """
    import base64
    import json

    from engine import Cluster

    c = Cluster(workers=1)
    %load_ext engine
    %kubectl create deployment web --image=nginx --replicas=2
    print(c.etcdctl("get /registry/deployments --prefix --keys-only"))
    """),
    ("md", """
    Each write gets the next **revision**, one counter for the whole store. A key remembers the revision
    that created it (`create_revision`), the one that last changed it (`mod_revision`) and how many times it
    changed (`version`). The API server shows `mod_revision` as the object's `resourceVersion`. With
    `--write-out=json` etcdctl prints the whole response; the key and the value come in base64 there, as
    etcd keeps them as bytes, so `key_info` decodes the key it shows.
    """),
    ("code", """
    def key_info(key):
        kv = json.loads(c.etcdctl(f"get {key} --write-out=json").stdout)["kvs"][0]
        return {"key": base64.b64decode(kv["key"]).decode(),
                **{k: kv[k] for k in ("create_revision", "mod_revision", "version")}}

    print(key_info("/registry/deployments/default/web"))
    %kubectl scale deployment web --replicas=3
    print(key_info("/registry/deployments/default/web"))
    print("resourceVersion:", c.api.get("deployments", "web", "default")["metadata"]["resourceVersion"])
    """),
    ("md", """
    **Watch** is how every controller learns about changes: it asks for the events after a revision and
    then receives each new one. Here a watch on Deployments starts from a revision in the past, so it first
    replays what happened since, then delivers the next changes live: the scale to 1, and the status
    updates the deployment controller writes as the ReplicaSet follows (each one a new revision).
    """),
    ("code", """
    seen = []
    start = int(c.api.get("deployments", "web", "default")["metadata"]["resourceVersion"]) - 1
    watch = c.api.watch("deployments", lambda kind, d: seen.append((kind, d["spec"]["replicas"], d["metadata"]["resourceVersion"])),
                        namespace="default", resource_version=str(start))
    %kubectl scale deployment web --replicas=1
    watch.stop()
    for event in seen:
        print(event)
    """),
    ("md", """
    etcd keeps old revisions until they are **compacted**; the API server compacts every 5 minutes. A watch
    that asks for a compacted revision gets `410 Gone` ("too old resource version") and must list again.
    """),
    ("code", """
    c.advance(600)
    try:
        c.api.watch("deployments", lambda *a: None, namespace="default", resource_version=str(start))
    except Exception as e:
        print(type(e).__name__, e)
    """),
    ("md", """
    ## 2. Members, leader, term

    A production etcd runs on several machines (**members**). They use the **Raft** consensus algorithm:
    one member is the **leader**; a write goes to the leader, which appends it to its log and commits it
    once a **majority** of members have it. If followers stop hearing the leader for an *election
    timeout* (1 s by default, randomized up to 2 s), one of them starts an election for a new **term**.

    kubeadm's default is one member on the control-plane node (*stacked* etcd). `Cluster(etcd_members=3)`
    builds kubeadm's *external etcd* topology instead: three hosts `etcd-1..3` that the API server's
    `--etcd-servers` lists. `c.etcdctl` runs on `etcd-1`, so its default endpoint `127.0.0.1:2379` is that member.
    """),
    ("code", """
    ha = Cluster(workers=1, etcd_members=3)
    print(ha.etcdctl("member list -w table"))
    print(ha.etcdctl("endpoint status --cluster -w table"))
    """),
    ("md", """
    The **etcd view** draws the same: each member's state, whether they have a quorum, and the latest writes.
    Its buttons stop and start members (the calls `ha.etcd.stop("etcd-2")` and `ha.etcd.start("etcd-2")`);
    it redraws after every cell, so keep it in sight while you work through the next sections.
    """),
    ("code", """
    from engine.viz import EtcdView

    EtcdView(ha)
    """),
    ("code", """
    apiserver = next(p for p in ha.api.list("pods", "kube-system")["items"] if p["metadata"]["name"].startswith("kube-apiserver"))
    print([flag for flag in apiserver["spec"]["containers"][0]["command"] if flag.startswith("--etcd-servers")])
    """),
    ("md", """
    ## 3. Quorum arithmetic

    A write needs a majority: `n // 2 + 1` of `n` members. The cluster keeps working as long as that many
    members run and reach each other, so it tolerates `n - (n // 2 + 1)` failures.
    """),
    ("code", """
    print(f"{'members':>8} {'quorum':>7} {'failures tolerated':>19}")
    for n in range(1, 8):
        print(f"{n:>8} {n // 2 + 1:>7} {n - (n // 2 + 1):>19}")
    """),
    ("md", """
    Four members tolerate one failure, exactly as three do, but there is one more machine that can fail,
    and a network split down the middle (2 | 2) leaves **no** side with a majority. So etcd clusters have
    an odd number of members: 3 (tolerates 1) or 5 (tolerates 2). More members also make each write slower,
    since more of them must acknowledge it.

    > **The notes say** etcd "is highly available by running several instances". Several, yes, but an
    > **odd** number, and high availability holds only while a majority is up.
    """),
    ("md", """
    ## 4. Losing members

    **A follower.** Stop one member that is not the leader: the other two are still a majority.
    """),
    ("code", """
    def leader():
        return ha.etcd.leader.name if ha.etcd.leader else None

    follower = next(m.name for m in ha.etcd.members[1:] if m.name != leader())
    ha.etcd.stop(follower)
    print("leader:", leader(), "term:", ha.etcd.term)
    print(ha.kubectl("create deployment web --image=nginx --replicas=2"))
    r = ha.etcdctl("endpoint health --cluster")
    print(r.stdout + r.stderr)
    """),
    ("md", """
    **The leader.** Stop the leader: until a follower's election timeout fires there is no leader and
    requests fail; about a second later a new leader is elected in a new term.
    """),
    ("code", """
    ha.etcd.start(follower)
    ha.advance(1)
    old = leader()
    ha.etcd.stop(old)
    print("right away:", leader(), ha.kubectl("get deployments").stderr, end="")
    ha.advance(2)
    print("2 s later: leader", leader(), "term", ha.etcd.term)
    print(ha.kubectl("get deployments"))
    ha.etcd.start(old)
    ha.advance(1)
    """),
    ("md", """
    **Quorum.** Now stop two of the three. The remaining member cannot commit anything, so the API server
    cannot read or write: every `kubectl` command fails with etcd's error. The containers keep running (the
    kubelets do not need the API to keep what they run), but nothing can change: no scaling, no new pods,
    no healing, and a pod that dies is not replaced.
    """),
    ("code", """
    ha.advance(30)
    ha.etcd.stop("etcd-2")
    ha.etcd.stop("etcd-3")
    ha.advance(10)
    %kubectl get pods
    %kubectl run lost --image=nginx
    print(ha.etcdctl("endpoint status -w table"))
    """),
    ("md", """
    etcdctl's default read is *linearizable*: the member must confirm with the leader that it is up to
    date, so it fails too. A *serializable* read (`--consistency=s`) answers from the member's own copy,
    which may be stale.
    """),
    ("code", """
    r = ha.etcdctl("get /registry/deployments --prefix --keys-only")
    print(r.stdout + r.stderr)
    r = ha.etcdctl("get /registry/deployments --prefix --keys-only --consistency=s")
    print(r.stdout + r.stderr)
    """),
    ("md", """
    Start one member again: with two of three there is a majority, a leader is elected and the cluster
    continues. The pod `lost` was never created: a write that was not committed did not happen.
    """),
    ("code", """
    ha.etcd.start("etcd-2")
    ha.advance(5)
    %kubectl get pods
    print(ha.etcdctl("endpoint status --cluster -w table"))
    """),
    ("md", """
    ## 5. Partitions and split brain

    Cut the network between `etcd-1` and the other two. The side with the majority elects (or keeps) a
    leader and works; `etcd-1` alone knows it has no leader and commits nothing. There are never two
    leaders committing writes, because only one side can have a majority: Raft has no split brain.
    """),
    ("code", """
    ha.etcd.start("etcd-3")
    ha.advance(2)
    ha.etcd.partition(["etcd-1"], ["etcd-2", "etcd-3"])
    ha.advance(3)
    print("leader:", leader())
    print(ha.kubectl("scale deployment web --replicas=3"))
    print(ha.etcdctl("endpoint status --cluster -w table"))
    """),
    ("md", """
    (`--cluster` still works from `etcd-1`: the member list is answered locally.) After the network heals,
    `etcd-1` catches up with the leader's log.
    """),
    ("code", """
    ha.etcd.heal()
    ha.advance(2)
    print("leader:", leader())
    print(ha.etcdctl("endpoint status --cluster -w table"))
    """),
    ("md", """
    ## 6. Backup and restore

    Everything the cluster knows is in etcd, so backing up etcd backs up the cluster. The kubeadm way
    (kubernetes.io, *Operating etcd clusters for Kubernetes*) has three steps:

    1. `etcdctl snapshot save FILE` asks the member for its whole database and writes it to `FILE`;
       `etcdutl snapshot status FILE` shows its hash, revision, number of keys and size;
    2. `etcdutl snapshot restore FILE --data-dir DIR` turns the file into a fresh data directory;
    3. the etcd static pod is pointed at `DIR` by editing `/etc/kubernetes/manifests/etcd.yaml` (the
       `etcd-data` hostPath); the kubelet sees the file change and restarts etcd on the restored data.

    `c.etcdctl` and `c.etcdutl` run on the control-plane node, as root. Save a snapshot now:
    """),
    ("code", """
    dr = Cluster(workers=1)
    dr.kubectl("create deployment web --image=nginx --replicas=2")
    dr.advance(20)
    print(dr.etcdctl("snapshot save /root/snapshot.db").stdout)
    print(dr.etcdutl("snapshot status /root/snapshot.db -w table").stdout)
    """),
    ("md", """
    The client also logs each step (JSON lines on stderr: the temporary `.part` file, the stream, the size).
    Now the disaster: someone deletes the Deployment, and etcd keeps going (new revisions, later objects).
    """),
    ("code", """
    print(dr.kubectl("delete deployment web").stdout)
    dr.kubectl("create deployment after-backup --image=nginx")
    dr.advance(10)
    print(dr.kubectl("get deployments").stdout)
    """),
    ("md", """
    Restore into a new directory (etcdutl refuses a directory that is not empty), then point the etcd pod's
    `etcd-data` volume at it. On a real node you would `sed -i` the manifest; `dr.edit_manifest("etcd", f)`
    edits `/etc/kubernetes/manifests/etcd.yaml` on the control-plane node with `f(text)`.
    """),
    ("code", """
    r = dr.etcdutl("snapshot restore /root/snapshot.db --data-dir /var/lib/etcd-from-backup")
    print(r.stderr)
    dr.edit_manifest("etcd", lambda text: text.replace("path: /var/lib/etcd\\n", "path: /var/lib/etcd-from-backup\\n"))
    dr.advance(30)
    print(dr.kubectl("get deployments").stdout)
    print(dr.etcdctl("member list -w table").stdout)
    """),
    ("md", """
    `web` is back and `after-backup`, created after the snapshot, is gone: the API server's watch cache and
    every controller saw the store change and caught up. The member list shows the restored member
    (`etcdutl` names it `default` with peer URL `http://localhost:2380` unless you pass `--name` and
    `--initial-advertise-peer-urls`; the running etcd publishes its own name). A restored etcd starts at the
    snapshot's revision; `--bump-revision N --mark-compacted` moves it forward so that no client can miss
    a change by watching from a revision it saw before the restore.

    Try it: save a snapshot of your own, delete a pod's key with `dr.etcdctl("del /registry/pods/default/NAME")`
    and see the ReplicaSet replace the pod; then restore your snapshot into another directory.
    """),
    ("code", """
    # dr.etcdctl("get /registry/pods/default --prefix --keys-only")
    """),
    ("md", """
    > **The notes say** flannel "keeps the allocatable IP ranges in etcd". Older flannel setups had their
    > own etcd; in a kubeadm cluster flannel uses the Kubernetes API (its *kube subnet manager*): each node's
    > `spec.podCIDR` and the `flannel.alpha.coreos.com/*` annotations on the Node. Only the API server talks
    > to the cluster's etcd (lesson 06 shows flannel's leases).

    ## Your turn

    Build a cluster with five members. Stop two of them: does `kubectl` still work? Stop a third: what happens?
    Split them 2 | 3 with `partition`: which side has the leader?
    """),
    ("code", """
    five = Cluster(workers=1, etcd_members=5)
    # five.etcd.stop("etcd-4"); ...
    """),
    ("md", """
    ## Check yourself

    Replace each `...` with your answer, then run the cell after it.

    **1.** How many members may fail in an etcd cluster of 5 members while it keeps accepting writes?
    """),
    ("code", """
    from selfcheck import check
    """),
    ("answer", "five_tolerates", "2", "3"),
    ("code", """
    check(five_tolerates, 2, "A majority of 5 is 3.")
    """),
    ("md", """
    **2.** And with 4 members?
    """),
    ("answer", "four_tolerates", "1", "2"),
    ("code", """
    check(four_tolerates, 1, "A majority of 4 is 3, not 2.")
    """),
    ("md", """
    **3.** The leader of a 3-member cluster in term 2 stops and a new leader is elected. In which term?
    """),
    ("answer", "new_term", "3", "2"),
    ("code", """
    check(new_term, 3, "Every election starts a new term.")
    """),
    ("md", """
    **4.** With two of three members stopped, what does `kubectl get pods` print on stderr? (Copy it
    without the final newline, or run it on a cluster of your own.)
    """),
    ("answer", "no_quorum_error", '"Error from server: etcdserver: request timed out"', '"Error from server (NotFound)"'),
    ("code", """
    check(no_quorum_error, "Error from server: etcdserver: request timed out",
          "Stop two members of Cluster(workers=1, etcd_members=3) and try.")
    """),
    ("md", """
    **Graded assignment:** `10-etcd` in the `exercises/` folder
    ([`../exercises/10-etcd/10-etcd.ipynb`](../exercises/10-etcd/10-etcd.ipynb)): quorum, the keys the API
    server writes, finding the leader with etcdctl, what fails without quorum, and backing etcd up and restoring
    it, graded on a simulated etcd.

    This is the last lesson. All the graded assignments are in `../exercises/`.
    """),
]
