"""kubectl rollout: status (watched in virtual time, --watch=false, --timeout, --revision),
history (table, --revision pod template, -o), undo (previous, --to-revision, skipped, paused,
--dry-run), pause/resume/restart, DaemonSets, and kubectl's errors."""
from engine import Cluster


def out(r):
    return (r.stdout, r.stderr, r.exit_code)


def rolled_nginx():
    """nginx at revision 1 (nginx:1.14.2) and revision 2 (nginx:1.15.12), both rolled out."""
    c = Cluster(workers=1)
    c.kubectl("create deployment nginx --image=nginx:1.14.2 --replicas=3")
    c.advance(10)
    c.kubectl("set image deployment nginx nginx=nginx:1.15.12")
    c.advance(60)
    return c


TEMPLATE_1 = ("Pod Template:\n  Labels:\tapp=nginx\n\tpod-template-hash={hash}\n  Containers:\n   nginx:\n"
              "    Image:\tnginx:1.14.2\n    Port:\t<none>\n    Host Port:\t<none>\n    Environment:\t<none>\n"
              "    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n")


def test_status_watches_the_rollout_in_virtual_time():
    c = Cluster(workers=1)
    c.kubectl("create deployment nginx --image=nginx:1.14.2 --replicas=3")
    start = c.now
    r = c.kubectl("rollout status deployment/nginx")
    lines = r.stdout.splitlines()
    assert r.exit_code == 0 and c.now > start
    assert lines[-1] == 'deployment "nginx" successfully rolled out'
    assert all(line.startswith('Waiting for deployment "nginx" rollout to finish: ') for line in lines[:-1])
    assert 'Waiting for deployment "nginx" rollout to finish: 0 of 3 updated replicas are available...' in lines
    assert out(c.kubectl("rollout status deploy nginx")) == ('deployment "nginx" successfully rolled out\n', "", 0)


def test_status_of_an_update_step_by_step_and_timeout():
    c = Cluster(workers=1)
    c.kubectl("create deployment nginx --image=nginx:1.14.2 --replicas=3")
    c.advance(10)
    c.kubectl("set image deployment nginx nginx=nginx:1.15.12")
    first = 'Waiting for deployment "nginx" rollout to finish: 1 out of 3 new replicas have been updated...\n'
    assert out(c.kubectl("rollout status deploy nginx --watch=false")) == (first, "", 0)
    start = c.now
    assert out(c.kubectl("rollout status deploy nginx --timeout=1s")) == \
        (first, "error: timed out waiting for the condition\n", 1)
    assert c.now == start + 1
    r = c.kubectl("rollout status deploy nginx")
    assert r.stdout.endswith('Waiting for deployment "nginx" rollout to finish: 1 old replicas are pending '
                             'termination...\ndeployment "nginx" successfully rolled out\n')
    assert 'rollout to finish: 2 out of 3 new replicas have been updated...\n' in r.stdout
    assert out(c.kubectl("rollout status deploy nginx --revision=1")) == \
        ("", "error: desired revision (1) is different from the running revision (2)\n", 1)


def test_history_table_and_revision_template():
    c = rolled_nginx()
    assert out(c.kubectl("rollout history deployment nginx")) == (
        "deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n", "", 0)
    rs_hash = next(rs["metadata"]["labels"]["pod-template-hash"] for rs in c.api.list("replicasets.apps", "default")["items"]
                   if rs["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.14.2")
    assert out(c.kubectl("rollout history deploy/nginx --revision=1")) == (
        "deployment.apps/nginx with revision #1\n" + TEMPLATE_1.format(hash=rs_hash) + "\n", "", 0)
    assert out(c.kubectl("rollout history deploy/nginx --revision=7")) == \
        ("", "error: unable to find the specified revision\n", 1)
    assert c.kubectl("rollout history deploy/nginx --revision=1 -o jsonpath={.metadata.name}").stdout == \
        f"nginx-{rs_hash}"
    c.kubectl("annotate deploy nginx kubernetes.io/change-cause='move to 1.16'")
    c.kubectl("set image deploy nginx nginx=nginx:1.16.1")
    assert c.kubectl("rollout history deploy nginx").stdout.endswith("3         move to 1.16\n\n")
    c.advance(60)
    c.kubectl("rollout undo deploy nginx --to-revision=1")  # the annotations become those of revision 1
    annotations = c.api.get("deployments.apps", "nginx", "default")["metadata"]["annotations"]
    assert annotations == {"deployment.kubernetes.io/revision": "4"}


def test_undo_previous_then_to_revision_and_skipped():
    c = rolled_nginx()
    assert out(c.kubectl("rollout undo deployment nginx")) == ("deployment.apps/nginx rolled back\n", "", 0)
    c.advance(60)
    image = "get deploy nginx -o jsonpath={.spec.template.spec.containers[0].image}"
    assert c.kubectl(image).stdout == "nginx:1.14.2"
    assert c.kubectl("rollout history deploy nginx").stdout == \
        "deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n"
    assert out(c.kubectl("rollout undo deploy nginx --to-revision=3")) == (
        "deployment.apps/nginx skipped rollback (current template already matches revision 3)\n", "", 0)
    assert out(c.kubectl("rollout undo deploy nginx --to-revision=1")) == \
        ("", "error: unable to find specified revision 1 in history\n", 1)
    assert out(c.kubectl("rollout undo deploy nginx --to-revision=2")) == ("deployment.apps/nginx rolled back\n", "", 0)
    c.advance(60)
    assert c.kubectl(image).stdout == "nginx:1.15.12"
    r = c.kubectl("rollout undo deploy nginx --dry-run=client")
    assert r.stdout.startswith("deployment.apps/nginx Pod Template:\n  Labels:\tapp=nginx\n")
    assert r.stdout.endswith("    Image:\tnginx:1.14.2\n    Port:\t<none>\n    Host Port:\t<none>\n"
                             "    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n"
                             "  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n (dry run)\n")
    assert c.kubectl(image).stdout == "nginx:1.15.12"


def test_pause_resume_restart():
    c = rolled_nginx()
    assert out(c.kubectl("rollout pause deployment/nginx")) == ("deployment.apps/nginx paused\n", "", 0)
    assert out(c.kubectl("rollout pause deployment/nginx")) == \
        ("", 'error: deployments.apps "nginx" is already paused\n', 1)
    assert out(c.kubectl("rollout undo deploy nginx")) == ("", "error: you cannot rollback a paused deployment; "
                                                           "resume it first with 'kubectl rollout resume' and try again\n", 1)
    assert out(c.kubectl("rollout restart deploy nginx")) == (
        "", 'error: deployments.apps "nginx" can\'t restart paused deployment (run rollout resume first)\n', 1)
    c.kubectl("set image deploy nginx nginx=nginx:1.16.1")
    c.advance(30)
    assert "nginx:1.16.1" not in c.kubectl("get rs -o yaml").stdout  # a paused deployment does not roll out
    assert out(c.kubectl("rollout resume deploy nginx")) == ("deployment.apps/nginx resumed\n", "", 0)
    assert out(c.kubectl("rollout resume deploy nginx")) == ("", 'error: deployments.apps "nginx" is not paused\n', 1)
    c.advance(60)
    assert "nginx:1.16.1" in c.kubectl("get rs -o yaml").stdout
    assert out(c.kubectl("rollout restart deploy nginx")) == ("deployment.apps/nginx restarted\n", "", 0)
    template = c.api.get("deployments.apps", "nginx", "default")["spec"]["template"]
    assert template["metadata"]["annotations"] == {"kubectl.kubernetes.io/restartedAt": c.clock.timestamp()}
    r = c.kubectl("rollout restart deploy nginx")
    assert r.stderr == ("error: failed to create patch for nginx: if restart has already been triggered within the "
                        "past second, please wait before attempting to trigger another\n")
    c.advance(60)
    assert c.kubectl("rollout history deploy nginx").stdout.splitlines()[-2].startswith("4 ")


def test_daemonset_status_history_and_restart():
    c = Cluster(workers=1)
    ns = "-n kube-system"
    assert out(c.kubectl(f"rollout status ds/kube-proxy {ns}")) == \
        ('daemon set "kube-proxy" successfully rolled out\n', "", 0)
    assert out(c.kubectl(f"rollout history ds/kube-proxy {ns}")) == \
        ("daemonset.apps/kube-proxy \nREVISION  CHANGE-CAUSE\n1         <none>\n\n", "", 0)
    r = c.kubectl(f"rollout history ds/kube-proxy {ns} --revision=1")
    assert "    Image:\tregistry.k8s.io/kube-proxy:v1.32.0\n" in r.stdout
    assert "      /lib/modules from lib-modules (ro)\n" in r.stdout
    assert out(c.kubectl(f"rollout undo ds/kube-proxy {ns}")) == ("", "error: no last revision to roll back to\n", 1)
    assert out(c.kubectl(f"rollout restart ds/kube-proxy {ns}")) == ("daemonset.apps/kube-proxy restarted\n", "", 0)
    r = c.kubectl(f"rollout status ds/kube-proxy {ns}")
    assert r.stdout.endswith('daemon set "kube-proxy" successfully rolled out\n') and r.exit_code == 0
    assert c.kubectl(f"rollout history ds/kube-proxy {ns}").stdout.endswith("2         <none>\n\n")
    assert out(c.kubectl(f"rollout undo ds/kube-proxy {ns}")) == ("daemonset.apps/kube-proxy rolled back\n", "", 0)


def test_errors():
    c = Cluster(workers=1)
    c.kubectl("create -f -", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n")
    assert out(c.kubectl("rollout status")) == ("", "error: required resource not specified\n", 1)
    assert out(c.kubectl("rollout undo")) == ("", "error: required resource not specified\n", 1)
    assert out(c.kubectl("rollout status deploy/nope")) == \
        ("", 'Error from server (NotFound): deployments.apps "nope" not found\n', 1)
    assert out(c.kubectl("rollout status cm/cfg")) == \
        ("", "error: no status viewer has been implemented for ConfigMap\n", 1)
    assert out(c.kubectl("rollout history cm/cfg")) == \
        ("", 'error: no history viewer has been implemented for "ConfigMap"\n', 1)
    assert out(c.kubectl("rollout pause cm/cfg")) == \
        ("", 'error: configmaps "cfg" pausing is not supported\n', 1)
    assert out(c.kubectl("rollout history deploy/x --revision=-1")) == \
        ("", "error: revision must be a positive integer: -1\n", 1)
    assert out(c.kubectl("rollout status deploy")) == ("", "No resources found in default namespace.\n", 0)
    assert out(c.kubectl("rollout status deploy/x --timeout=5")) == ("", 'Error: invalid argument "5" for "--timeout" '
                                                                  'flag: time: missing unit in duration "5"\n'
                                                                  "See 'kubectl rollout status --help' for usage.\n", 1)
    assert out(c.kubectl("rollout frob")) == \
        ("", "error: unknown command \"frob\"\nSee 'kubectl rollout -h' for help and examples\n", 1)
    assert c.kubectl("rollout").stdout.startswith("Manage the rollout of one or many resources.")
    assert c.kubectl("rollout undo --help").stdout.startswith("Roll back to a previous rollout.")
    c.kubectl("create deployment solo --image=nginx --replicas=0")
    assert out(c.kubectl("rollout undo deploy/solo")) == \
        ("", 'error: no rollout history found for deployment "solo"\n', 1)


STATEFULSET = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
"""


def test_statefulset_status_history_undo():
    c = Cluster(workers=1)
    c.apply(STATEFULSET)
    r = c.kubectl("rollout status sts/web")
    assert r.stdout.startswith("Waiting for 2 pods to be ready...\n")
    assert r.stdout.endswith("partitioned roll out complete: 2 new pods have been updated...\n")
    assert c.kubectl("set image sts/web nginx=nginx:1.15.12").stdout == "statefulset.apps/web image updated\n"
    r = c.kubectl("rollout status sts/web --watch=false")
    assert out(r) == ("Waiting for partitioned roll out to finish: 0 out of 2 new pods have been updated...\n", "", 0)
    assert c.kubectl("rollout status statefulset web").stdout.endswith(
        "partitioned roll out complete: 2 new pods have been updated...\n")
    assert out(c.kubectl("rollout history sts/web")) == (
        "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n", "", 0)
    assert "    Image:\tnginx:1.15.12\n" in c.kubectl("rollout history sts/web --revision=2").stdout
    r = c.kubectl("rollout undo sts/web --dry-run=client")
    assert r.stdout.startswith("statefulset.apps/web will roll back to Pod Template:\n  Labels:\tapp=web\n")
    assert "    Image:\tnginx:1.14.2\n" in r.stdout and r.stdout.endswith(" (dry run)\n")
    assert out(c.kubectl("rollout undo sts/web")) == ("statefulset.apps/web rolled back\n", "", 0)
    assert out(c.kubectl("rollout undo sts/web --to-revision=3")) == (
        "statefulset.apps/web skipped rollback (current template already matches revision 3)\n", "", 0)
    c.kubectl("rollout status sts/web")
    images = {p["spec"]["containers"][0]["image"] for p in c.api.list("pods", "default", label_selector="app=web")["items"]}
    assert images == {"nginx:1.14.2"}
    assert out(c.kubectl("rollout undo sts/web --to-revision=9")) == \
        ("", "error: unable to find specified revision 9 in history\n", 1)


def test_status_without_timeout_gives_up_after_an_hour_of_virtual_time():
    c = Cluster(workers=1)
    c.apply(STATEFULSET.replace("nginx:1.14.2", "no-such-image:1").replace("replicas: 2", "replicas: 1"))
    start = c.now
    assert out(c.kubectl("rollout status sts/web")) == \
        ("Waiting for 1 pods to be ready...\n", "error: timed out waiting for the condition\n", 1)
    assert c.now == start + 3600
