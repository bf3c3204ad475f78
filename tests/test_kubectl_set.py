"""kubectl set image/env/resources/selector/serviceaccount: the patch sent, what kubectl prints
(nothing for no change), --all/-l, --local -o yaml, dry runs, and kubectl's errors."""
from engine import Cluster

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.14.2
      - name: sidecar
        image: busybox
"""


def out(r):
    return (r.stdout, r.stderr, r.exit_code)


def cluster_with_nginx():
    c = Cluster(workers=1)
    c.kubectl("create deployment nginx --image=nginx:1.14.2 --replicas=2")
    c.advance(10)
    return c


def containers(c, name="nginx"):
    return c.api.get("deployments.apps", name, "default")["spec"]["template"]["spec"]["containers"]


def test_set_image_and_unchanged_prints_nothing():
    c = cluster_with_nginx()
    r = c.kubectl("set image deployment nginx nginx=nginx:1.15.12")
    assert out(r) == ("deployment.apps/nginx image updated\n", "", 0)
    assert containers(c)[0]["image"] == "nginx:1.15.12"
    assert out(c.kubectl("set image deployment/nginx nginx=nginx:1.15.12")) == ("", "", 0)
    assert out(c.kubectl("set image deployment/nginx nope=x")) == ("", 'error: unable to find container named "nope"\n', 1)
    c.kubectl("create deployment other --image=httpd")
    r = c.kubectl("set image deploy --all '*=nginx:1.16.1'")
    assert out(r) == ("deployment.apps/nginx image updated\ndeployment.apps/other image updated\n", "", 0)
    assert containers(c, "other")[0]["image"] == "nginx:1.16.1"
    r = c.kubectl("set image deploy -l app=nginx nginx=nginx:1.17 -o jsonpath={.spec.template.spec.containers[0].image}")
    assert out(r) == ("nginx:1.17", "", 0)
    assert out(c.kubectl("set image deploy nginx nginx=nginx:1.18 --dry-run=client")) == \
        ("deployment.apps/nginx image updated (dry run)\n", "", 0)
    assert containers(c)[0]["image"] == "nginx:1.17"


def test_set_image_local_prints_the_typed_object(tmp_path):
    c = Cluster(workers=1)
    path = tmp_path / "web.yaml"
    path.write_text(DEPLOYMENT)
    r = c.kubectl(f"set image -f {path} '*=nginx:1.16' --local -o yaml")
    assert out(r) == ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  name: web\n"
                      "spec:\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n"
                      "  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: web\n"
                      "    spec:\n      containers:\n      - image: nginx:1.16\n        name: web\n"
                      "        resources: {}\n      - image: nginx:1.16\n        name: sidecar\n"
                      "        resources: {}\nstatus: {}\n", "", 0)
    assert c.kubectl("get deploy web").exit_code == 1
    assert out(c.kubectl(f"set image -f {path} sidecar=busybox:1.36 --local")) == \
        ("deployment.apps/web image updated\n", "", 0)


def test_set_image_errors():
    c = cluster_with_nginx()
    c.kubectl("create -f -", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n")
    assert c.kubectl("set image deploy/nginx").stderr == "error: at least one image update is required\n"
    assert c.kubectl("set image deploy/nginx a=b '*=c'").stderr == (
        "error: all containers are already specified by *, but saw more than one container_name=container_image pairs\n")
    assert c.kubectl("set image deploy/nginx a=b --local").stderr.startswith(
        "error: you must specify resources by --filename when --local is set.\n")
    assert out(c.kubectl("set image cm/cfg a=b")) == (
        "", "error: configmap/cfg the object is not a pod or does not have a pod template: *v1.ConfigMap\n", 1)
    assert out(c.kubectl("set image deploy nope a=b")) == \
        ("", 'Error from server (NotFound): deployments.apps "nope" not found\n', 1)
    assert c.kubectl("set image deploy nginx a=b nginx").stderr == \
        "error: all resources must be specified before image changes: nginx\n"
    assert out(c.kubectl("set frob")) == ("", "error: unknown command \"frob\"\nSee 'kubectl set -h' for help and examples\n", 1)
    assert c.kubectl("set image --help").stdout.startswith("Update existing container image(s) of resources.")


def test_set_env_add_list_remove_and_from():
    c = cluster_with_nginx()
    c.kubectl("create -f -", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n"
                                   "data:\n  MODE: fast\n  log.level: debug\n")
    assert out(c.kubectl("set env deploy/nginx A=1 B=2")) == ("deployment.apps/nginx env updated\n", "", 0)
    assert out(c.kubectl("set env deploy/nginx --list")) == ("# Deployment nginx, container nginx\nA=1\nB=2\n", "", 0)
    assert out(c.kubectl("set env deploy/nginx A=3 --overwrite=false")) == (
        "", "error: deployment.apps/nginx 'A' already has a value (1), and --overwrite is false\n", 1)
    assert out(c.kubectl("set env deploy/nginx A-")) == ("deployment.apps/nginx env updated\n", "", 0)
    assert containers(c)[0]["env"] == [{"name": "B", "value": "2"}]
    r = c.kubectl("set env deploy/nginx --from=configmap/cfg")
    assert out(r) == ("deployment.apps/nginx env updated\n", "Warning: key log.level transferred to LOG_LEVEL\n", 0)
    assert out(c.kubectl("set env deploy/nginx --list")) == (
        "# Deployment nginx, container nginx\nB=2\n# MODE from configmap cfg, key MODE\n"
        "# LOG_LEVEL from configmap cfg, key log.level\n", "", 0)
    c.kubectl("set env deploy/nginx --from=configmap/cfg --keys=MODE --prefix=APP_")
    assert containers(c)[0]["env"][-1] == {"name": "APP_MODE", "valueFrom": {"configMapKeyRef": {"key": "MODE", "name": "cfg"}}}
    assert out(c.kubectl("set env deploy/nginx -c nope X=1")) == \
        ("", 'Warning: Deployment/nginx does not have any containers matching "nope"\n', 0)
    assert c.kubectl("set env deploy/nginx 1A=1").stderr.startswith(
        'error: "1A" is not a valid key name: a valid environment variable name must consist of alphabetic')
    assert c.kubectl("set env deploy/nginx --keys=A").stderr == \
        "error: when specifying --keys, a configmap or secret must be provided with --from\n"
    assert c.kubectl("set env deploy/nginx X=1 X-").stderr == \
        "error: can not both modify and remove the same environment variable in the same command\n"


def test_set_resources():
    c = cluster_with_nginx()
    r = c.kubectl("set resources deployment nginx --limits=cpu=200m,memory=512Mi --requests=cpu=0.1")
    assert out(r) == ("deployment.apps/nginx resource requirements updated\n", "", 0)
    assert containers(c)[0]["resources"] == {"limits": {"cpu": "200m", "memory": "512Mi"}, "requests": {"cpu": "100m"}}
    assert out(c.kubectl("set resources deploy nginx --limits=cpu=200m")) == ("", "", 0)
    assert out(c.kubectl("set resources deploy nginx -c nope --limits=cpu=1")) == \
        ("", "error: unable to find container named nope\n", 1)
    assert c.kubectl("set resources deploy nginx").stderr == \
        "error: you must specify an update to requests or limits (in the form of --requests/--limits)\n"
    assert c.kubectl("set resources deploy nginx --limits=cpu").stderr == \
        "error: Invalid argument syntax cpu, expected <resource>=<value>\n"
    assert c.kubectl("set resources deploy nginx --limits=cpu=abc").stderr == \
        "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n"


def test_set_serviceaccount_and_selector():
    c = cluster_with_nginx()
    c.kubectl("create -f -", stdin="apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: builder\n")
    assert out(c.kubectl("set serviceaccount deployment nginx builder")) == \
        ("deployment.apps/nginx serviceaccount updated\n", "", 0)
    spec = c.api.get("deployments.apps", "nginx", "default")["spec"]["template"]["spec"]
    assert spec["serviceAccountName"] == "builder"
    assert out(c.kubectl("set sa deploy nginx other --dry-run=server")) == \
        ("deployment.apps/nginx serviceaccount updated (server dry run)\n", "", 0)
    assert c.kubectl("set sa").stderr == "error: serviceaccount is required\n"
    c.kubectl("create -f -", stdin="apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n"
                                   "  selector:\n    app: old\n    tier: x\n  ports:\n  - port: 80\n")
    assert out(c.kubectl("set selector svc/web app=nginx")) == ("service/web selector updated\n", "", 0)
    assert c.api.get("services", "web", "default")["spec"]["selector"] == {"app": "nginx"}
    assert out(c.kubectl("set selector deploy/nginx app=x")) == \
        ("", "error: setting a selector is only supported for Services\n", 1)
    assert c.kubectl("set selector").stderr == "error: one selector is required\n"
    assert c.kubectl("set selector svc/web 'tier in (b,a),!old'").stderr == \
        "error: match expression [{tier In [a b]} {old DoesNotExist []}] not supported on this object\n"
    assert c.kubectl("set selector svc/web 'a!=b'").stderr == 'error: "!=" is not a valid label selector operator\n'


RECORD_WARNING = "Flag --record has been deprecated, --record will be removed in the future\n"


def test_record_writes_the_command_line_as_change_cause():
    c = cluster_with_nginx()
    r = c.kubectl("set image deployment/nginx nginx=nginx:1.16.1 --record")
    assert out(r) == ("deployment.apps/nginx image updated\n", RECORD_WARNING, 0)
    assert c.kubectl("rollout history deployment/nginx").stdout == (
        "deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n1         <none>\n"
        "2         kubectl set image deployment/nginx nginx=nginx:1.16.1 --record=true\n\n")
    assert out(c.kubectl("scale deploy nginx --replicas=1 --record")) == ("deployment.apps/nginx scaled\n", RECORD_WARNING, 0)
    annotations = c.api.get("deployments.apps", "nginx", "default")["metadata"]["annotations"]
    assert annotations["kubernetes.io/change-cause"] == "kubectl scale deploy nginx --replicas=1 --record=true"
    c.kubectl("annotate -n default deploy nginx team=a --record")
    annotations = c.api.get("deployments.apps", "nginx", "default")["metadata"]["annotations"]
    assert annotations["kubernetes.io/change-cause"] == "kubectl annotate deploy nginx team=a --namespace=default --record=true"
    assert out(c.kubectl("label deploy nginx x=y --record=false")) == ("deployment.apps/nginx labeled\n", RECORD_WARNING, 0)


def test_record_with_local_output(tmp_path, monkeypatch):
    c = Cluster(workers=1)
    (tmp_path / "d.yaml").write_text(c.kubectl("create deployment nginx --image=nginx:1.14.2 --dry-run=client -o yaml").stdout)
    monkeypatch.chdir(tmp_path)
    r = c.kubectl("set image -f d.yaml 'nginx=x' -o=yaml --local --record")
    assert r.stdout.startswith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n"
                               "    kubernetes.io/change-cause: kubectl set image nginx=x --filename=d.yaml --output=yaml\n"
                               "      --local=true --record=true\n  creationTimestamp: null\n")


REFERENCES = """apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {MODE: fast}
---
apiVersion: v1
kind: Secret
metadata: {name: s}
stringData: {PASSWORD: hunter2}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        resources: {limits: {cpu: 500m, memory: 64Mi}}
        env:
        - {name: A, value: "1"}
        - {name: MODE, valueFrom: {configMapKeyRef: {name: cfg, key: MODE}}}
        - {name: PW, valueFrom: {secretKeyRef: {name: s, key: PASSWORD}}}
        - {name: MISSING, valueFrom: {configMapKeyRef: {name: nope, key: X}}}
        - {name: NOKEY, valueFrom: {configMapKeyRef: {name: cfg, key: Z}}}
        - {name: NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
        - {name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
        - {name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
"""


def test_set_env_list_resolve():
    c = Cluster(workers=1)
    c.apply(REFERENCES)
    assert out(c.kubectl("set env deploy/web --list")) == (
        "# Deployment web, container web\nA=1\n# MODE from configmap cfg, key MODE\n# PW from secret s, key PASSWORD\n"
        "# MISSING from configmap nope, key X\n# NOKEY from configmap cfg, key Z\n# NAME from field path metadata.name\n"
        "# CPU from resource field limits.cpu\n# MEM from resource field limits.memory\n", "", 0)
    assert out(c.kubectl("set env deploy/web --list --resolve")) == (
        "# Deployment web, container web\nA=1\nMODE=fast\nPW=hunter2\n# MISSING from configmap nope, key X\n"
        "# NOKEY from configmap cfg, key Z\nNAME=web\nCPU=1\nMEM=64\n",
        'error retrieving reference for MISSING: configmaps "nope" not found\n'
        "error retrieving reference for NOKEY: key Z not found in config map cfg\n", 0)
