"""`kubectl get -o custom-columns|custom-columns-file|go-template|go-template-file|template` against a cluster
(the generators' outputs and the parse errors are golden cases recorded from kubectl v1.32)."""
import pytest

from engine import Cluster


@pytest.fixture(scope="module")
def c():
    c = Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx:1.27 --replicas=2")
    c.kubectl("create configmap cfg --from-literal=a=1 --from-literal=b=2")
    c.kubectl("annotate configmap cfg kubernetes.io/change-cause=hi")
    c.advance(20)
    return c


def test_custom_columns_one_row_per_object_with_none_for_missing(c):
    r = c.kubectl("get nodes -o custom-columns=NAME:.metadata.name,TAINTS:.spec.taints[*].effect,X:.nope")
    assert r.stdout == ("NAME            TAINTS       X\n"
                        "control-plane   NoSchedule   <none>\n"
                        "worker-1        <none>       <none>\n")
    assert (r.stderr, r.exit_code) == ("", 0)


def test_custom_columns_relaxed_paths_lists_and_maps(c):
    r = c.kubectl("get configmap cfg -o custom-columns=N:metadata.name,D:{.data},K:{.data.*},"
                  "'C:.metadata.annotations.kubernetes\\.io/change-cause'")
    assert r.stdout == "N     D              K     C\ncfg   map[a:1 b:2]   1,2   hi\n"


def test_custom_columns_no_headers_and_sort_by(c):
    r = c.kubectl("get ns -o custom-columns=NAME:.metadata.name,PHASE:.status.phase --no-headers "
                  "--sort-by=.metadata.name")
    assert r.stdout.splitlines() == ["default           Active", "kube-flannel      Active",
                                     "kube-node-lease   Active", "kube-public       Active",
                                     "kube-system       Active"]


def test_custom_columns_print_only_the_header_when_nothing_matches(c):
    r = c.kubectl("get pods -l app=none -o custom-columns=NAME:.metadata.name")
    assert (r.stdout, r.stderr, r.exit_code) == ("NAME\n", "", 0)


def test_custom_columns_file(c, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cols.txt").write_text("NAME     REPLICAS\n.metadata.name   {.spec.replicas}\n")
    r = c.kubectl("get deploy -o custom-columns-file=cols.txt --no-headers")
    assert r.stdout == "NAME   REPLICAS\nweb    2\n"  # the file printer ignores --no-headers, as kubectl's does
    (tmp_path / "crlf.txt").write_text("N K\r\n.metadata.name .kind\r\n")  # bufio.ScanLines drops the \r
    assert c.kubectl("get deploy -o custom-columns-file=crlf.txt").stdout == "N     K\nweb   Deployment\n"
    (tmp_path / "one.txt").write_text("NAME\n")
    assert c.kubectl("get deploy -o custom-columns-file=one.txt").stderr == (
        "error: invalid template, missing spec line. Expected format is one line of space separated headers, one "
        "line of space separated column specs.\n")
    r = c.kubectl("get deploy -o custom-columns-file=missing.txt")
    assert r.stderr == "error: error reading template missing.txt, open missing.txt: no such file or directory\n"


def test_custom_columns_bad_jsonpath_is_kubectls_error(c):
    r = c.kubectl("get ns -o custom-columns=A:.metadata.name[")
    assert (r.stdout, r.stderr, r.exit_code) == ("A\n", "error: unterminated array\n", 1)
    r = c.kubectl("get ns -o custom-columns=A:{.x}.y")
    assert r.stderr == ("error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                        "'{name1.name2}' or '{.name1.name2}'\n")


def test_go_template_over_a_list_and_one_object(c):
    r = c.kubectl("""get pods -l app=web -o go-template='{{range .items}}{{.metadata.name}} {{.status.phase}}{{"\\n"}}{{end}}'""")
    names = [p["metadata"]["name"] for p in c.api.list(c.api.registry.lookup("pods"), namespace="default",
                                                                   label_selector="app=web")["items"]]
    assert r.stdout == "".join(f"{n} Running\n" for n in names)
    r = c.kubectl("get deploy web -o go-template={{.status.readyReplicas}}/{{.spec.replicas}}")
    assert (r.stdout, r.exit_code) == ("2/2", 0)


def test_template_flag_alone_and_with_o_template(c):
    assert c.kubectl("get deploy web --template={{.kind}}").stdout == "Deployment"
    assert c.kubectl("get deploy web -o template --template={{.kind}}").stdout == "Deployment"
    assert c.kubectl("get deploy web -o jsonpath --template={.kind}").stdout == "Deployment"
    r = c.kubectl("get deploy web -o template")
    assert (r.stderr, r.exit_code) == ("error: template format specified but no template given\n", 1)


def test_go_template_base64decode_of_secret_data(c):
    c.kubectl("create secret generic s --from-literal=password=hunter2")
    r = c.kubectl("get secret s -o go-template='{{.data.password | base64decode}}'")
    assert r.stdout == "hunter2"


def test_missing_keys_print_no_value_unless_disallowed(c):
    r = c.kubectl("get deploy web -o go-template={{.spec.nope}}")
    assert r.stdout == "<no value>"
    r = c.kubectl("get deploy web -o go-template={{.kind}}:{{.spec.nope}} --allow-missing-template-keys=false")
    assert r.exit_code == 1
    assert r.stdout.startswith("Deployment:Error executing template: template: output:1:17: executing \"output\" "
                               "at <.spec.nope>: map has no entry for key \"nope\". Printing more information")
    assert "\traw data was:\n\t\t{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"," in r.stdout
    assert r.stderr == ('error: error executing template "{{.kind}}:{{.spec.nope}}": template: output:1:17: '
                        'executing "output" at <.spec.nope>: map has no entry for key "nope"\n')


def test_go_template_file(c, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.tmpl").write_text("{{range .items}}{{.metadata.name}}\n{{end}}")
    assert c.kubectl("get deploy -o go-template-file=t.tmpl").stdout == "web\n"
    r = c.kubectl("get deploy -o go-template-file=none.tmpl")
    assert r.stderr == "error: error reading --template none.tmpl, open none.tmpl: no such file or directory\n"


def test_unknown_output_format_lists_gets_formats(c):
    r = c.kubectl("get pods -o table")
    assert r.stderr == ('error: unable to match a printer suitable for the output format "table", allowed formats '
                        'are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,'
                        'jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n')


def test_jsonpath_on_server_objects_compares_integers_and_reports_execution_errors(c):
    # objects from the server keep int64 numbers (a generator's typed object has float64 ones: see the goldens)
    assert c.kubectl("get deploy -o jsonpath={.items[?(@.spec.replicas==2)].metadata.name}").stdout == "web"
    r = c.kubectl("get deploy web -o jsonpath={.spec.template.spec.containers[2].name}")
    assert r.exit_code == 1
    assert r.stderr.startswith('error: error executing jsonpath "{.spec.template.spec.containers[2].name}": Error '
                               "executing template: array index out of bounds: index 2, length 1. Printing more "
                               "information for debugging the template:\n\ttemplate was:\n\t\t{.spec.template.spec."
                               "containers[2].name}\n\tobject given to jsonpath engine was:\n\t\tmap[string]"
                               'interface {}{"apiVersion":"apps/v1", "kind":"Deployment", "metadata":map[string]')
    assert r.stderr.endswith("}\n\n\n")
    r = c.kubectl("get deploy web -o jsonpath={.spec.nope} --allow-missing-template-keys=false")
    assert "Error executing template: nope is not found." in r.stderr
