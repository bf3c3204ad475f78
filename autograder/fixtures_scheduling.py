"""Clusters handed to learners in assignment 09-scheduling: manifests and commands its fixtures apply
before the learner's answer runs (`{"workers": 2, "manifests": [WEB_SPREAD], "advance": 20}`)."""

# a pod of two containers: one with requests equal to its limits, one with limits only
QOS_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: mixed
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: {cpu: 200m, memory: 128Mi}
      limits: {cpu: 200m, memory: 128Mi}
  - name: sidecar
    image: busybox:1.36
    command: ["sleep", "36000"]
    resources:
      limits: {cpu: 100m, memory: 64Mi}
"""

# two workers with different disks
DISK_LABELS = ["label node worker-1 disktype=hdd", "label node worker-2 disktype=ssd"]

# the GPU node: labelled, and tainted so that ordinary pods stay away
GPU_NODE = ["label node worker-1 gpu=true", "taint node worker-1 gpu=true:NoSchedule"]

# the only worker is reserved for databases; the Deployment api is not a database
TAINT_TROUBLE_COMMANDS = ["taint node worker-1 dedicated=db:NoSchedule"]
API_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"""

# four nginx pods spread over two workers
WEB_SPREAD = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
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

# one worker of 4 CPUs: batch takes 3 of them, so report's 1 CPU does not fit (applied in this order)
CPU_BATCH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: batch
spec:
  replicas: 3
  selector:
    matchLabels:
      app: batch
  template:
    metadata:
      labels:
        app: batch
    spec:
      containers:
      - name: worker
        image: busybox:1.36
        command: ["sleep", "36000"]
        resources:
          requests:
            cpu: "1"
"""
CPU_REPORT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: report
spec:
  replicas: 1
  selector:
    matchLabels:
      app: report
  template:
    metadata:
      labels:
        app: report
    spec:
      containers:
      - name: report
        image: busybox:1.36
        command: ["sleep", "36000"]
        resources:
          requests:
            cpu: "1"
"""
