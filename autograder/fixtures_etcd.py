"""Clusters handed to learners in assignment 10-etcd: an external etcd of 3, 4 or 5 members (fixture key
`etcd_members`), some stopped (`etcd_stop`) or cut apart (`etcd_partition`), and the objects and commands
applied first (`{"etcd_members": 3, "manifests": [WEB], "etcd_stop": ["etcd-2", "etcd-3"], "advance": 10}`), or
a kubeadm cluster whose etcd needs a backup (BACKUP)."""

# the members of Cluster(etcd_members=3) and the addresses the API server's --etcd-servers lists
MEMBERS = {"etcd-1": "https://172.18.0.101:2379", "etcd-2": "https://172.18.0.102:2379",
           "etcd-3": "https://172.18.0.103:2379"}

WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
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
"""

# a cluster of one kubeadm etcd member (the static pod etcd-control-plane) holding the Deployment web
BACKUP = {"workers": 1, "commands": ["create deployment web --image=nginx:1.27 --replicas=2"], "advance": 20}


def disaster(cluster, snapshot="/var/lib/etcd/backup.db"):
    """What happened to BACKUP's cluster in exercise etcd-restore: a snapshot saved at `snapshot` on the
    control-plane node, then the Deployment web deleted and after-backup created."""
    cluster.etcdctl(f"snapshot save {snapshot}")
    cluster.kubectl("delete deployment web")
    cluster.kubectl("create deployment after-backup --image=nginx:1.27")
    cluster.advance(10)
