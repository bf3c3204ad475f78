"""The API server's warnings (HTTP Warning headers) for what learners write, printed by kubectl as
`Warning: text` on stderr, each text once, with the command's normal output."""
import pytest

from engine import Cluster

POD = """apiVersion: v1
kind: Pod
metadata:
  name: web.v1
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: runtime/default
spec:
  nodeSelector:
    beta.kubernetes.io/arch: amd64
  terminationGracePeriodSeconds: -1
  containers:
  - name: web
    image: nginx
    env:
    - {name: A, value: "1"}
    - {name: A, value: "2"}
    - {name: B, value: "1"}
    - {name: B, value: "$(B)-more"}
    ports:
    - containerPort: 80
    - containerPort: 80
    resources:
      limits: {memory: 1500m}
"""
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: failure-domain.beta.kubernetes.io/zone, operator: Exists}
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 1
            podAffinityTerm: {topologyKey: kubernetes.io/hostname}
      containers:
      - name: web
        image: nginx
        resources:
          requests: {ephemeral-storage: "0.5"}
"""
INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    kubernetes.io/ingress.class: nginx
spec:
  defaultBackend:
    service: {name: web, port: {number: 80}}
"""


def run(c, command, stdin=None):
    r = c.kubectl(command, stdin=stdin)
    return r.stdout, r.stderr, r.exit_code


@pytest.fixture
def c():
    return Cluster(workers=0)


def test_pod_warnings_as_kube_apiserver_words_them(c):
    assert run(c, "apply -f -", POD) == ("pod/web.v1 created\n", """\
Warning: metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]
Warning: spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead
Warning: metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead
Warning: spec.containers[0].resources.limits[memory]: fractional byte value "1500m" is invalid, must be an integer
Warning: spec.containers[0].resources.requests[memory]: fractional byte value "1500m" is invalid, must be an integer
Warning: spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply
Warning: spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]
Warning: spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1
""", 0)
    # a pod update warns about nothing (WarningsOnUpdate skips pods)
    assert run(c, "label pod web.v1 x=y") == ("pod/web.v1 labeled\n", "", 0)


def test_pod_template_warnings_name_the_template_path(c):
    expected = """\
Warning: spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead
Warning: spec.template.spec.containers[0].resources.requests[ephemeral-storage]: fractional byte value "500m" is invalid, must be an integer
Warning: spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod
"""
    assert run(c, "apply -f - --dry-run=server", DEPLOYMENT) == (
        "deployment.apps/web created (server dry run)\n", expected, 0)
    assert run(c, "create -f -", DEPLOYMENT) == ("deployment.apps/web created\n", expected, 0)
    # updates warn when the spec changes (a new generation), not for metadata
    assert run(c, "label deploy web x=y") == ("deployment.apps/web labeled\n", "", 0)
    assert run(c, "scale deploy web --replicas=2") == ("deployment.apps/web scaled\n", "", 0)
    assert run(c, "set image deploy/web web=nginx:1.27") == ("deployment.apps/web image updated\n", expected, 0)


def test_ingress_class_annotation_and_service_warnings(c):
    warning = "Warning: annotation \"kubernetes.io/ingress.class\" is deprecated, please use 'spec.ingressClassName' instead\n"
    assert run(c, "apply -f -", INGRESS) == ("ingress.networking.k8s.io/web created\n", warning, 0)
    assert run(c, "apply -f -", INGRESS) == ("ingress.networking.k8s.io/web unchanged\n", "", 0)
    assert run(c, "create service externalname db --external-name=db.example.com")[2] == 0
    warning = 'Warning: spec.externalIPs is ignored when spec.type is "ExternalName"\n'
    assert run(c, ["patch", "svc", "db", "-p", '{"spec":{"externalIPs":["1.2.3.4"]}}']) == ("service/db patched\n", warning, 0)
    assert run(c, "label svc db x=y") == ("service/db labeled\n", warning, 0)  # a Service warns on every update


def test_each_text_once_per_command(c):
    two = POD.replace("web.v1", "a") + "---\n" + POD.replace("web.v1", "b")
    out, err, code = run(c, "apply -f -", two)
    assert (out, code) == ("pod/a created\npod/b created\n", 0)
    assert err.count("Warning: spec.terminationGracePeriodSeconds") == 1 and "metadata.name" not in err


def test_client_side_warnings_still_print(c):
    assert run(c, "create deployment web --image=nginx")[2] == 0
    plain = DEPLOYMENT.split("      affinity:")[0] + "      containers: [{name: web, image: nginx}]\n"
    assert run(c, "apply -f -", plain) == ("deployment.apps/web configured\n", (
        "Warning: resource deployments.apps/web is missing the kubectl.kubernetes.io/last-applied-configuration "
        "annotation which is required by kubectl apply. kubectl apply should only be used on resources created "
        "declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be "
        "patched automatically.\n"), 0)


def test_workload_names_that_are_not_dns_labels(c):
    warning = ("Warning: metadata.name: this is used in Pod names and hostnames, which can result in surprising "
               "behavior; a DNS label is recommended: [must not contain dots]\n")
    job = ("apiVersion: batch/v1\nkind: Job\nmetadata: {name: backup.v2}\nspec:\n  template:\n    spec:\n"
           "      restartPolicy: Never\n      containers: [{name: backup, image: busybox}]\n")
    assert run(c, "create -f -", job) == ("job.batch/backup.v2 created\n", warning, 0)
    assert run(c, "create deployment web.v2 --image=nginx --dry-run=server") == (
        "deployment.apps/web.v2 created (server dry run)\n", warning, 0)
    assert run(c, "create configmap settings.v2") == ("configmap/settings.v2 created\n", "", 0)
