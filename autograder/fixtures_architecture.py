"""Clusters handed to learners in 01-architecture: manifests and commands the exercises' fixtures apply
and run before the learner's answer (`{"manifests": [FRONT], "commands": [DELETE_FRONT]}`)."""

# apply-steps: one Deployment created on a fresh cluster, whose events tell the story of `kubectl apply`
HELLO_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  replicas: 1
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
      - name: app
        image: nginx:1.27
"""

# etcd-key: a ConfigMap created, labelled, changed, then "changed" again to the value it already has
SETTINGS_COMMANDS = [
    "create namespace shop",
    "create configmap settings -n shop --from-literal=color=blue",
    "label configmap settings -n shop tier=web",
    ["patch", "configmap", "settings", "-n", "shop", "-p", '{"data":{"color":"green"}}'],
    ["patch", "configmap", "settings", "-n", "shop", "-p", '{"data":{"color":"green"}}'],
]

# self-healing: a Deployment of 3 and a standalone Pod share the label tier=front; then all such pods go
FRONT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: solo
  labels:
    tier: front
spec:
  containers:
  - name: nginx
    image: nginx:1.27
"""
DELETE_FRONT = "delete pods -l tier=front"

# scheduler-trouble: the pods ask for a scheduler that does not run in this cluster, so nobody binds them
REPORT_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: report
spec:
  replicas: 2
  selector:
    matchLabels:
      app: report
  template:
    metadata:
      labels:
        app: report
    spec:
      schedulerName: batch-scheduler
      containers:
      - name: report
        image: busybox:1.36
        command: ["sh", "-c", "echo building the report; sleep 3600"]
"""
