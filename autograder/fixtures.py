"""Broken clusters handed to learners in troubleshooting exercises: manifests the exercise's fixture
applies before the learner's fix runs (`{"manifests": [POD_TROUBLE], "advance": 30}`)."""

# a Pod with an image typo (ErrImagePull) behind a Service whose selector matches no pod
POD_TROUBLE = """\
apiVersion: v1
kind: Pod
metadata:
  name: shop
  labels:
    app: shop-frontend
spec:
  containers:
  - name: shop
    image: ngnix:1.27
    ports:
    - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector:
    app: shop
  ports:
  - port: 80
"""

# a Pod asking for more CPU than any node has: Pending, with the scheduler's FailedScheduling reason
POD_PENDING = """\
apiVersion: v1
kind: Pod
metadata:
  name: report
  labels:
    app: report
spec:
  containers:
  - name: report
    image: busybox:1.36
    command: ["sh", "-c", "echo building the report; sleep 3600"]
    resources:
      requests:
        cpu: "16"
"""

# 03-probes: a Service waiting for the learner's Pod api (exercise readiness-gate)
API_SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
  - port: 80
"""

# 03-probes: a Deployment whose readiness probe asks the wrong port, so its Service has no ready endpoint
PROBE_TROUBLE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 2
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
        ports:
        - containerPort: 80
        readinessProbe:
          httpGet:
            path: /
            port: 8080
          periodSeconds: 5
---
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector:
    app: shop
  ports:
  - port: 80
"""

# 04-controllers: a Deployment of 2 nginx pods to scale
WEB_DEPLOYMENT = """\
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
        ports:
        - containerPort: 80
"""

# 04-controllers: a Deployment of 4 nginx:1.27 pods; the fixture then sets the image to a tag that does
# not exist (nginx:1.277), so the rollout is stuck with 3 old pods available and 2 new ones not pulling
SHOP_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 4
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
"""
BAD_ROLLOUT = "set image deployment/shop nginx=nginx:1.277"

# 04-controllers: a namespace whose ResourceQuota allows 2 pods, and a Deployment of 3 in it
QUOTA_TROUBLE = """\
apiVersion: v1
kind: Namespace
metadata:
  name: team-a
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: pods
  namespace: team-a
spec:
  hard:
    pods: "2"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: team-a
spec:
  replicas: 3
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
        command: ["sleep", "3600"]
"""

# 05-services: a pod to try Services from (wget, nslookup)
CLIENT_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: client
    image: busybox:1.36
    command: ["sleep", "36000"]
"""

# 05-services: the Deployment's pods are labelled app=nginx, its Service selects app=web
SELECTOR_TROUBLE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
"""

# 05-services: a StatefulSet of 3 redis pods whose headless Service (serviceName db) is missing
DB_STATEFULSET = """\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: redis
        image: redis:7
        ports:
        - containerPort: 6379
"""

# 05-services: the Deployment of the notes (3 nginx pods labelled app=nginx)
NGINX_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
"""

# 05-services: three api pods behind a Service, api-2's readiness probe asks a port nobody listens on
API_PODS = """\
apiVersion: v1
kind: Pod
metadata:
  name: api-1
  labels:
    app: api
spec:
  containers:
  - name: api
    image: nginx:1.27
    readinessProbe:
      httpGet:
        path: /
        port: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: api-2
  labels:
    app: api
spec:
  containers:
  - name: api
    image: nginx:1.27
    readinessProbe:
      httpGet:
        path: /
        port: 8080
---
apiVersion: v1
kind: Pod
metadata:
  name: api-3
  labels:
    app: api
spec:
  containers:
  - name: api
    image: nginx:1.27
    readinessProbe:
      httpGet:
        path: /
        port: 80
---
""" + API_SERVICE
