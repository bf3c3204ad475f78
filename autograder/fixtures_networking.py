"""Clusters handed to learners in 06-networking: manifests and commands the exercises' fixtures apply
and run before the learner's answer."""

# service-dns: backends in the namespace data (agnhost serve-hostname answers its pod's name on port 9376)
# and a frontend pod in default that should reach them by a DNS name
BACKEND = """\
apiVersion: v1
kind: Namespace
metadata:
  name: data
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
  namespace: data
spec:
  replicas: 2
  selector:
    matchLabels:
      app: backend
  template:
    metadata:
      labels:
        app: backend
    spec:
      containers:
      - name: backend
        image: registry.k8s.io/e2e-test-images/agnhost:2.53
        args: ["serve-hostname"]
        ports:
        - name: http
          containerPort: 9376
---
apiVersion: v1
kind: Pod
metadata:
  name: frontend
spec:
  containers:
  - name: frontend
    image: busybox:1.36
    command: ["sleep", "36000"]
"""

# trace-vxlan and notes-network (2 workers): alpha and beta on worker-1, gamma on worker-2; the Service
# beta sends traffic to the pod beta only
TRACE_PODS = """\
apiVersion: v1
kind: Pod
metadata:
  name: alpha
  labels:
    app: alpha
spec:
  nodeSelector:
    kubernetes.io/hostname: worker-1
  containers:
  - name: web
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: beta
  labels:
    app: beta
spec:
  nodeSelector:
    kubernetes.io/hostname: worker-1
  containers:
  - name: web
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: gamma
  labels:
    app: gamma
spec:
  nodeSelector:
    kubernetes.io/hostname: worker-2
  containers:
  - name: web
    image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: beta
spec:
  selector:
    app: beta
  ports:
  - port: 80
"""

# dns-names: a redis Service with a named port and an ExternalName Service in the namespace shop, and a
# client in default
SHOP_NAMES = """\
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Pod
metadata:
  name: cache-0
  namespace: shop
  labels:
    app: cache
spec:
  containers:
  - name: redis
    image: redis:7
    ports:
    - containerPort: 6379
---
apiVersion: v1
kind: Service
metadata:
  name: cache
  namespace: shop
spec:
  selector:
    app: cache
  ports:
  - name: redis
    port: 6379
---
apiVersion: v1
kind: Service
metadata:
  name: docs
  namespace: shop
spec:
  type: ExternalName
  externalName: kubernetes.io
---
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

# dns-trouble: the pods of shop ask a nameserver nobody runs, and CoreDNS was scaled to zero
DNS_TROUBLE = """\
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
      dnsPolicy: "None"
      dnsConfig:
        nameservers:
        - 10.96.0.100
        searches:
        - default.svc.cluster.local
        - svc.cluster.local
        - cluster.local
      containers:
      - name: shop
        image: busybox:1.36
        command: ["sleep", "36000"]
"""
NO_COREDNS = "scale deployment coredns -n kube-system --replicas=0"

# outside-in: the store's nginx pods, to be reached from the workstation
STORE_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: store
spec:
  replicas: 2
  selector:
    matchLabels:
      app: store
  template:
    metadata:
      labels:
        app: store
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
"""
