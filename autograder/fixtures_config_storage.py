"""Clusters handed to learners in assignment 08-config-storage: manifests and kubectl command lines the
exercises' fixtures apply and run before the learner's answer (`{"manifests": [APP_CONFIG]}`)."""

# the ConfigMap a learner's Pod reads, as a variable and as files
APP_CONFIG = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  MODE: production
  app.properties: |
    max.connections=20
    cache.enabled=true
"""

# a Pod reading the ConfigMap settings as a variable and as a file; the fixture's commands wait until it
# runs, then change the ConfigMap (SETTINGS_CHANGE)
SETTINGS_SHOW = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  COLOR: blue
---
apiVersion: v1
kind: Pod
metadata:
  name: show
spec:
  containers:
  - name: show
    image: busybox:1.36
    command: ["sh", "-c", "echo color is $COLOR; sleep 36000"]
    env:
    - name: COLOR
      valueFrom:
        configMapKeyRef:
          name: settings
          key: COLOR
    volumeMounts:
    - name: settings
      mountPath: /etc/settings
  volumes:
  - name: settings
    configMap:
      name: settings
"""
SETTINGS_CHANGE = [
    "wait --for=condition=Ready pod/show --timeout=60s",
    ["patch", "configmap", "settings", "-p", '{"data": {"COLOR": "green"}}'],
]

# a Deployment whose pods need a ConfigMap (a variable) and a Secret (a volume) that nobody created:
# CreateContainerConfigError once the Secret is there, ContainerCreating (FailedMount) until then
API_NEEDS_CONFIG = """\
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
      - name: api
        image: busybox:1.36
        command: ["sh", "-c", "echo api starting at level $LOG_LEVEL; sleep 36000"]
        env:
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef:
              name: api-config
              key: LOG_LEVEL
        volumeMounts:
        - name: token
          mountPath: /etc/token
          readOnly: true
      volumes:
      - name: token
        secret:
          secretName: api-token
"""

# a Pod Pending because its claim asks for the StorageClass fast, which this cluster does not have
REPORTS_PVC = """\
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: reports-data
spec:
  storageClassName: fast
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 2Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: reports
spec:
  containers:
  - name: reports
    image: busybox:1.36
    command: ["sh", "-c", "date >> /reports/runs; sleep 36000"]
    volumeMounts:
    - name: data
      mountPath: /reports
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: reports-data
"""
