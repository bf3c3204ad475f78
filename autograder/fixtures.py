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

# 02-probes: a Service waiting for the learner's Pod api (exercise readiness-gate)
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

# 02-probes: a Deployment whose readiness probe asks the wrong port, so its Service has no ready endpoint
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
