"""kubectl label and annotate: add, --overwrite and its error, KEY- removal, --list, -l/--all,
--resource-version, --dry-run, --local, and the messages kubectl prints."""
from engine import Cluster


def out(r):
    return (r.stdout, r.stderr, r.exit_code)


def cluster_with_nginx():
    c = Cluster(workers=1)
    c.kubectl("create deployment nginx --image=nginx:1.14.2 --replicas=2")
    c.advance(10)
    return c


def test_label_add_overwrite_remove():
    c = cluster_with_nginx()
    assert out(c.kubectl("label deploy nginx tier=web")) == ("deployment.apps/nginx labeled\n", "", 0)
    assert out(c.kubectl("label deploy nginx tier=db")) == \
        ("", "error: 'tier' already has a value (web), and --overwrite is false\n", 1)
    assert out(c.kubectl("label deploy nginx tier=db --overwrite")) == ("deployment.apps/nginx labeled\n", "", 0)
    assert out(c.kubectl("label deploy nginx tier=db --overwrite")) == ("deployment.apps/nginx not labeled\n", "", 0)
    assert c.kubectl("get deploy nginx -o jsonpath={.metadata.labels.tier}").stdout == "db"
    assert out(c.kubectl("label deploy/nginx tier-")) == ("deployment.apps/nginx unlabeled\n", "", 0)
    assert out(c.kubectl("label deploy/nginx tier-")) == \
        ('label "tier" not found.\ndeployment.apps/nginx not labeled\n', "", 0)
    assert out(c.kubectl("label deploy/nginx --list")) == ("app=nginx\n", "", 0)


def test_label_many_pods_and_list_them():
    c = cluster_with_nginx()
    pods = c.kubectl("get pods -l app=nginx -o name").stdout.split()
    r = c.kubectl("label pods -l app=nginx env=prod")
    assert out(r) == ("".join(f"{p} labeled\n" for p in pods), "", 0)
    assert c.kubectl("get pods -l env=prod -o name").stdout.split() == pods
    listing = c.kubectl("label pods --all --list").stdout
    name = pods[0].split("/")[1]
    assert listing.startswith(f"Listing labels for Pod./{name}:\n app=nginx\n env=prod\n pod-template-hash=")
    assert out(c.kubectl("label pods --field-selector=status.phase=Running ok=yes")) == \
        ("".join(f"{p} labeled\n" for p in pods), "", 0)
    assert out(c.kubectl("label pods --field-selector=status.phase=Pending ok=no")) == ("", "", 0)
    assert out(c.kubectl("label pods --all env-")) == ("".join(f"{p} unlabeled\n" for p in pods), "", 0)


def test_label_errors():
    c = cluster_with_nginx()
    assert c.kubectl("label deploy nginx").stderr == "error: at least one label update is required\n"
    assert c.kubectl("label a=b").stderr == \
        "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n"
    assert c.kubectl("label deploy nginx a=b a-").stderr == \
        "error: can not both modify and remove a label in the same command\n"
    assert c.kubectl("label deploy nginx a=b=c").stderr == "error: invalid label spec: a=b=c\n"
    assert c.kubectl("label deploy nginx a=b nginx").stderr == \
        "error: all resources must be specified before label changes: nginx\n"
    assert c.kubectl("label deploy nginx a=-x").stderr.startswith(
        'error: invalid label value: "a=-x": a valid label must be an empty string or consist of alphanumeric')
    assert c.kubectl("label deploy --all -l app=x a=b").stderr == \
        "error: cannot set --all and --selector at the same time\n"
    assert c.kubectl("label deploy --all a=b --resource-version=1").stderr == \
        "error: --resource-version may only be used with a single resource\n"
    assert out(c.kubectl("label deploy nginx nope a=b")) == (
        "deployment.apps/nginx labeled\n", 'Error from server (NotFound): deployments.apps "nope" not found\n', 1)


def test_resource_version_dry_run_and_output():
    c = cluster_with_nginx()
    r = c.kubectl("label deploy nginx a=b --resource-version=1")
    assert out(r) == ("", 'Error from server (Conflict): Operation cannot be fulfilled on deployments.apps "nginx": '
                          "the object has been modified; please apply your changes to the latest version and try again\n", 1)
    rv = c.kubectl("get deploy nginx -o jsonpath={.metadata.resourceVersion}").stdout
    assert c.kubectl(f"label deploy nginx a=b --resource-version={rv}").ok
    assert out(c.kubectl("label deploy nginx c=d --dry-run=client")) == \
        ("deployment.apps/nginx labeled (dry run)\n", "", 0)
    assert out(c.kubectl("label deploy nginx c=d --dry-run=server")) == \
        ("deployment.apps/nginx labeled (server dry run)\n", "", 0)
    assert c.kubectl("get deploy nginx -o jsonpath={.metadata.labels.c}").stdout == ""
    assert out(c.kubectl("label deploy nginx c=d -o name")) == ("deployment.apps/nginx\n", "", 0)


def test_local_label_prints_the_file_object(tmp_path):
    c = Cluster(workers=1)
    path = tmp_path / "cm.yaml"
    path.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n")
    r = c.kubectl(f"label -f {path} --local a=b -o yaml")
    assert out(r) == ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    a: b\n  name: cfg\n", "", 0)
    assert c.kubectl("label cm x --local a=b").stderr == \
        "error: can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set\n"
    assert c.kubectl("get cm cfg").exit_code == 1


def test_annotate():
    c = cluster_with_nginx()
    assert out(c.kubectl("annotate deploy nginx owner=team-a")) == ("deployment.apps/nginx annotated\n", "", 0)
    assert out(c.kubectl("annotate deploy nginx owner=team-b")) == (
        "", "error: --overwrite is false but found the following declared annotation(s): "
            "'owner' already has a value (team-a)\n", 1)
    assert c.kubectl("annotate deploy nginx owner=team-b --overwrite").ok
    assert c.kubectl("annotate deploy nginx kubernetes.io/change-cause=one").ok
    assert c.kubectl("annotate deploy nginx kubernetes.io/change-cause=two").ok  # always overwritable
    assert out(c.kubectl("annotate deploy nginx --list")) == (
        "deployment.kubernetes.io/revision=1\nkubernetes.io/change-cause=two\nowner=team-b\n", "", 0)
    assert out(c.kubectl("annotate deploy nginx owner- missing-")) == ("deployment.apps/nginx annotated\n", "", 0)
    assert c.kubectl("annotate deploy nginx").stderr == "error: at least one annotation update is required\n"
    assert c.kubectl("annotate deploy nginx a=1 a-").stderr == \
        "error: can not both modify and remove the following annotation(s) in the same command: a\n"
    assert c.kubectl("annotate deploy nginx description='a=b c'").ok
    assert c.kubectl("get deploy nginx -o jsonpath={.metadata.annotations.description}").stdout == "a=b c"
