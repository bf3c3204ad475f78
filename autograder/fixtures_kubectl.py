"""Clusters handed to learners in assignment 07-kubectl: manifests and kubectl command lines the
exercises' fixtures apply and run before the learner's answer (`{"manifests": [WEB_126], "advance": 30}`)."""

# a Deployment of 2 nginx:1.26 pods to scale, update, label and expose
WEB_126 = """\
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
        image: nginx:1.26
        ports:
        - containerPort: 80
"""

# a Deployment made by hand in namespace old, to be copied to namespace new (which exists, empty)
LEGACY = """\
apiVersion: v1
kind: Namespace
metadata:
  name: old
---
apiVersion: v1
kind: Namespace
metadata:
  name: new
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
  namespace: old
  labels:
    app: legacy
spec:
  replicas: 2
  selector:
    matchLabels:
      app: legacy
  template:
    metadata:
      labels:
        app: legacy
        tier: backend
    spec:
      containers:
      - name: legacy
        image: busybox:1.36
        command: ["sh", "-c", "echo legacy serving in $REGION; sleep 36000"]
        env:
        - name: REGION
          value: eu-west-1
        resources:
          requests:
            cpu: 50m
            memory: 32Mi
"""

# a StatefulSet of 3 redis pods (cache-0, cache-1, cache-2) started together on two workers
# (Cluster(workers=2)): two share a node, one is alone
CACHE = """\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
spec:
  serviceName: cache
  podManagementPolicy: Parallel
  replicas: 3
  selector:
    matchLabels:
      app: cache
  template:
    metadata:
      labels:
        app: cache
    spec:
      containers:
      - name: redis
        image: redis:7
"""

# a Deployment whose container's command has a typo (sleeep): it exits 127 and ends in CrashLoopBackOff
WORKER_CRASH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  replicas: 2
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
      - name: worker
        image: busybox:1.36
        command: ["sh", "-c", "echo worker started; sleeep 3600"]
"""

# web (nginx:1.25) updated twice, then rolled back twice, each step waited for with rollout status
UNDO_TWICE = [
    "create deployment web --image=nginx:1.25 --replicas=2",
    "rollout status deployment/web",
    "set image deployment/web nginx=nginx:1.26",
    "rollout status deployment/web",
    "set image deployment/web nginx=nginx:1.27",
    "rollout status deployment/web",
    "rollout undo deployment/web",
    "rollout status deployment/web",
    "rollout undo deployment/web",
    "rollout status deployment/web",
]

# pods of several teams in three namespaces: 5 are labelled tier=backend, only 1 of them in default
TEAMS = """\
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Namespace
metadata:
  name: blog
---
apiVersion: v1
kind: Pod
metadata:
  name: batch
  labels:
    tier: backend
spec:
  containers:
  - name: batch
    image: busybox:1.36
    command: ["sleep", "36000"]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
        tier: backend
    spec:
      containers:
      - name: api
        image: nginx:1.27
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: blog
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: frontend
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
  namespace: blog
spec:
  replicas: 1
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
        tier: backend
    spec:
      containers:
      - name: db
        image: redis:7
"""
