"""Golden cases for `kubectl kustomize` (kustomize v5.5.0 inside kubectl v1.32 builds offline, so every
case is the real output) and the help texts of edit and kustomize."""

DEPLOY = """kind: Deployment
apiVersion: apps/v1
metadata:
  name: web
  labels:
    app: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      serviceAccountName: runner
      imagePullSecrets:
      - name: regcred
      containers:
      - name: nginx
        image: nginx:1.25
        envFrom:
        - configMapRef:
            name: cfg
        env:
        - name: PASSWORD
          valueFrom:
            secretKeyRef:
              name: creds
              key: password
        volumeMounts:
        - name: c
          mountPath: /etc/c
      - name: side
        image: registry.example.com:5000/tools/side@sha256:abc
      initContainers:
      - name: init
        image: busybox
      volumes:
      - name: c
        configMap:
          name: cfg
      - name: data
        persistentVolumeClaim:
          claimName: data
"""
SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
"""
MORE = """apiVersion: v1
kind: ServiceAccount
metadata:
  name: runner
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
rules:
- apiGroups: [""]
  resources: [configmaps]
  resourceNames: [cfg]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
- kind: ServiceAccount
  name: runner
- kind: ServiceAccount
  name: default
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 1
  maxReplicas: 3
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  tls:
  - secretName: creds
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
---
apiVersion: v1
kind: Namespace
metadata:
  name: placeholder
"""
BASE = {
    "base/deploy.yaml": DEPLOY, "base/service.yaml": SERVICE,
    "base/kustomization.yaml": "resources:\n- deploy.yaml\n- service.yaml\nconfigMapGenerator:\n- name: cfg\n"
                               "  literals:\n  - A=1\n  - B=two\n",
}
OVERLAY = dict(BASE, **{
    "overlay/more.yaml": MORE, "overlay/app.env": "a=1\n# c\nb = two\nQUOTED=\"x y\"\n", "overlay/greet.txt": "hello\n",
    "overlay/kustomization.yaml": """resources:
- ../base
- more.yaml
namespace: dev
namePrefix: dev-
nameSuffix: -v1
commonLabels:
  team: a
commonAnnotations:
  note: "yes"
images:
- name: nginx
  newTag: "1.27"
- name: registry.example.com:5000/tools/side
  newName: side
  digest: sha256:def
- name: busybox
  newName: busybox
  newTag: "1.36"
replicas:
- name: web
  count: 3
configMapGenerator:
- name: files
  files:
  - greet.txt
  - other=greet.txt
- name: envs
  envs:
  - app.env
- name: cfg
  behavior: merge
  literals:
  - C=3
secretGenerator:
- name: creds
  literals:
  - password=secret
- name: regcred
  type: kubernetes.io/dockerconfigjson
  literals:
  - .dockerconfigjson={}
generatorOptions:
  labels:
    generated: "true"
""",
})
PATCHES = dict(BASE, **{
    "p/replicas.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n",
    "p/ops.yaml": "- op: replace\n  path: /spec/ports/0/port\n  value: 8080\n- op: add\n  path: /metadata/labels\n"
                  "  value:\n    patched: json\n",
    "p/kustomization.yaml": """resources:
- ../base
patches:
- path: replicas.yaml
- target:
    kind: Deployment
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: ignored
    spec:
      template:
        spec:
          containers:
          - name: nginx
            resources:
              limits:
                cpu: 500m
- target:
    kind: Service
    name: web
  path: ops.yaml
- target:
    labelSelector: app=web
  patch: |-
    - op: add
      path: /metadata/annotations
      value:
        selected: "yes"
labels:
- pairs:
    env: prod
  includeSelectors: true
- pairs:
    tier: front
  includeTemplates: true
- pairs:
    plain: only
""",
    "old/delete.yaml": "$patch: delete\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
    "old/kustomization.yaml": """resources:
- ../base
patchesStrategicMerge:
- |-
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    template:
      spec:
        containers:
        - name: nginx
          image: nginx:patched
- delete.yaml
patchesJson6902:
- target:
    group: apps
    version: v1
    kind: Deployment
    name: web
  patch: |-
    - op: add
      path: /spec/paused
      value: true
""",
})
NOHASH = {"kustomization.yaml": "configMapGenerator:\n- name: plain\n  literals:\n  - x=1\n  options:\n"
                                "    disableNameSuffixHash: true\n    annotations:\n      a: b\n"
                                "secretGenerator:\n- name: tls\n  type: kubernetes.io/tls\n  literals:\n"
                                "  - tls.crt=x\n  - tls.key=y\n"}

CASES = [
    ("kustomize-base", ["kustomize", "base"], BASE, None),
    ("kustomize-overlay", ["kustomize", "overlay"], OVERLAY, None),
    ("kustomize-patches", ["kustomize", "p"], PATCHES, None),
    ("kustomize-deprecated-patches", ["kustomize", "old"], PATCHES, None),
    ("kustomize-generators", ["kustomize"], NOHASH, None),
    ("kustomize-immutable", ["kustomize"], {"kustomization.yaml": (
        "configMapGenerator:\n- name: c\n  literals: [a=1]\n  options:\n    immutable: true\n- name: d\n"
        "  literals: [a=1]\n  options:\n    disableNameSuffixHash: false\ngeneratorOptions:\n  immutable: false\n"
        "  disableNameSuffixHash: true\n  labels:\n    x: \"1\"\n")}, None),
    ("kustomize-unknown-field", ["kustomize", "."], {"kustomization.yaml": "resourcez:\n- a.yaml\n"}, None),
    ("kustomize-bad-literal", ["kustomize", "."],
     {"kustomization.yaml": "configMapGenerator:\n- name: x\n  literals:\n  - novalue\n"}, None),
    ("kustomize-two-paths", ["kustomize", "a", "b"], {}, None),
    ("kustomize-create-k", ["create", "-k", "overlay", "--dry-run=client", "--validate=false", "-o", "yaml"],
     OVERLAY, None),
    ("kustomize-create-k-name", ["create", "-k", "p", "--dry-run=client", "--validate=false", "-o", "name"],
     PATCHES, None),
    ("kustomize-delete-k", ["delete", "-k", "base", "--dry-run=client"], BASE, None),
    ("kustomize-apply-k-and-f", ["apply", "-k", "base", "-f", "x.yaml"], BASE, None),
    ("kustomize-apply-k-recursive", ["apply", "-k", "base", "-R"], BASE, None),
    ("kustomize-apply-k-bad", ["apply", "-k", ".", "--dry-run=client"],
     {"kustomization.yaml": "resourcez:\n- a.yaml\n"}, None),
]

REFS = {'ov/kustomization.yaml': 'namePrefix: o-\nresources:\n- ../base\nlabels:\n- pairs:\n    team: t\n  includeSelectors: true\nimages:\n- name: nginx\n  newName: my/nginx\n  newTag: v2\ncommonAnnotations:\n  multi: |\n    line one\n    line two\n', 'base/kustomization.yaml': 'namespace: basens\nnameSuffix: -b\nresources:\n- r.yaml\nconfigMapGenerator:\n- name: cm\n  literals: [a=1]\nsecretGenerator:\n- name: pull\n  type: kubernetes.io/dockerconfigjson\n  literals:\n  - .dockerconfigjson={}\n', 'base/r.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: nosel\nspec:\n  ports:\n  - port: 1\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\nimagePullSecrets:\n- name: pull\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ing\nspec:\n  defaultBackend:\n    service:\n      name: nosel\n      port:\n        number: 1\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pod\n  labels:\n    x: y\nspec:\n  serviceAccountName: sa\n  containers:\n  - name: c\n    image: nginx@sha256:aaa\n    env:\n    - name: A\n      valueFrom:\n        configMapKeyRef:\n          name: cm\n          key: a\n  volumes:\n  - name: p\n    projected:\n      sources:\n      - configMap:\n          name: cm\n      - secret:\n          name: pull\n'}

CASES.append(("kustomize-references", ["kustomize", "ov"], REFS, None))

COMPONENTS = {
    "app/s.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n",
    "app/kustomization.yaml": "resources:\n- s.yaml\ncomponents:\n- ../comp\nnamePrefix: a-\n",
    "comp/extra.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n",
    "comp/kustomization.yaml": (
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- extra.yaml\n"
        "configMapGenerator:\n- name: comp\n  literals: [x=1]\nlabels:\n- pairs:\n    comp: \"yes\"\n"
        "patches:\n- target:\n    kind: Service\n  patch: |-\n    - op: add\n      path: /spec/type\n"
        "      value: NodePort\n"),
}
CASES.append(("kustomize-components", ["kustomize", "app"], COMPONENTS, None))

SMP_LIST = {'kustomization.yaml': 'resources:\n- d.yaml\npatchesStrategicMerge:\n- p.yaml\nlabels:\n- pairs:\n    f: v\n  fields:\n  - path: spec/template/spec/nodeSelector\n    create: true\n', 'p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        env:\n        - name: Y\n          value: "2"\n        - name: X\n          $patch: delete\n      - name: c\n        image: new\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    second: patch\n', 'd.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: a\n        image: nginx\n        ports:\n        - containerPort: 80\n        env:\n        - name: X\n          value: "1"\n      - name: b\n        image: busybox\n'}
CASES.append(("kustomize-smp-directives", ["kustomize", "."], SMP_LIST, None))

JSON_OPS = {'kustomization.yaml': 'resources:\n- r.yaml\nnamespace: ns1\nnamePrefix: x-\nimages:\n- name: localhost:5000/app\n  newName: registry.io/app\n  newTag: "2.0"\ncommonLabels:\n  l: v\npatches:\n- target:\n    kind: DaemonSet\n  patch: |-\n    - op: move\n      from: /spec/template/spec/initContainers\n      path: /spec/template/spec/extraInit\n    - op: test\n      path: /metadata/name\n      value: ds\n    - op: copy\n      from: /metadata/labels\n      path: /metadata/annotations\n', 'r.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:\n      - name: x\n        image: localhost:5000/app:1.0\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ds\nspec:\n  selector:\n    matchLabels: {app: ds}\n  template:\n    metadata:\n      labels: {app: ds}\n    spec:\n      initContainers:\n      - name: i\n        image: localhost:5000/app\n      containers:\n      - name: c\n        image: localhost:5000/app@sha256:123\n---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /x\n'}
CASES.append(("kustomize-json-ops-images", ["kustomize", "."], JSON_OPS, None))
CASES.append(("kustomize-empty-annotations", ["kustomize", "."], {
    "kustomization.yaml": "resources:\n- r.yaml\n",
    "r.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {}\n  labels: null\n"
              "extra: null\ndata:\n  a: \"1\"\n  b: null\n"}, None))

RENAME = {'kustomization.yaml': 'resources:\n- r.yaml\npatches:\n- target:\n    kind: ConfigMap\n  patch: |-\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: renamed\n    data:\n      b: "2"\n  options:\n    allowNameChange: true\n', 'r.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: x\n    image: busybox\n    envFrom:\n    - configMapRef:\n        name: c\n'}
CASES.append(("kustomize-allow-name-change", ["kustomize", "."], RENAME, None))

WARNINGS = {'ov/kustomization.yaml': 'resources:\n- ../base\ncommonLabels:\n  c: d\npatchesStrategicMerge:\n- |-\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n    labels:\n      p: q\n', 'base/c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n', 'base/kustomization.yaml': 'resources:\n- c.yaml\ncommonLabels:\n  a: b\n'}
CASES.append(("kustomize-warnings-per-level", ["kustomize", "ov"], WARNINGS, None))

CM = {"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    app: x\n"}
CASES += [(f"ssa-prune-{name}", ["apply", "-f", "cm.yaml"] + flags, CM, None) for name, flags in [
    ("no-selector", ["--prune"]),
    ("force-conflicts", ["--force-conflicts"]),
    ("server-side-client-dry-run", ["--server-side", "--dry-run=client"]),
    ("all-and-selector", ["--all", "-l", "a=b"]),
    ("prune-server-side", ["--prune", "--all", "--server-side"]),
    ("allowlist-format", ["--prune", "--all", "--prune-allowlist=foo"]),
    ("prune-force", ["--prune", "--all", "--force"]),
    ("server-side-force", ["--server-side", "--force"]),
    ("server-dry-run-force", ["--dry-run=server", "--force"]),
    ("subresource", ["--subresource=status"]),
]]
CASES += [
    ("edit-no-args", ["edit"], {}, None),
    ("edit-missing-file", ["edit", "-f", "nope.yaml"], {}, None),
    ("edit-f-and-k", ["edit", "deploy/x", "-k", ".", "-f", "y"], {}, None),
    ("edit-unknown-flag", ["edit", "deploy/x", "--bogus"], {}, None),
    ("edit-bad-validate", ["edit", "deploy/x", "--validate=maybe"], {}, None),
]

HELP = ["edit", "kustomize"]
