"""`kubectl edit` with a function as the editor (notebooks, tests) and with the learner's own
$KUBE_EDITOR on a temporary file (the `python -m engine` shell): kubectl's header, patch and messages."""
import io
import os
import re
import stat

import pytest

from engine import Cluster
from engine.kubectl.cmd.edit import HEADER
from engine.shell import run_line


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(workers=1)
    cluster.kubectl("create deployment web --image=nginx")
    return cluster


def replicas(c):
    return c.kubectl("get deploy web -o jsonpath={.spec.replicas}").stdout


def test_the_editor_sees_kubectls_header_and_the_live_yaml(c):
    shown = []
    c.kubectl("edit deploy/web", editor=lambda text: shown.append(text) or text)
    live = c.kubectl("get deploy web -o yaml").stdout
    assert shown == [HEADER + live]
    assert HEADER == ("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
                      "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
                      "# reopened with the relevant failures.\n#\n")


def test_a_saved_change_is_patched_and_reported_edited(c):
    r = c.kubectl("edit deployment web", editor=lambda t: t.replace("  replicas: 1\n  revisionHistoryLimit",
                                                                    "  replicas: 2\n  revisionHistoryLimit"))
    assert (r.stdout, r.stderr, r.exit_code) == ("deployment.apps/web edited\n", "", 0)
    assert replicas(c) == "2"
    c.kubectl("scale deploy web --replicas=1")


def test_unchanged_or_empty_files_cancel(c):
    r = c.kubectl("edit deploy/web", editor=lambda t: t.replace("# Please", "#   Please"))
    assert (r.stdout, r.stderr, r.exit_code) == ("", "Edit cancelled, no changes made.\n", 0)
    r = c.kubectl("edit deploy/web", editor=lambda t: "# nothing\n\n")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "Edit cancelled, saved file was empty.\n", 0)


def test_an_invalid_change_reopens_the_file_with_the_reasons(c):
    opened = []

    def editor(text):
        opened.append(text)
        if len(opened) == 1:
            return text.replace("  replicas: 1\n  revisionHistoryLimit", "  replicas: -1\n  revisionHistoryLimit")
        return text.replace("  replicas: -1\n", "  replicas: 4\n")

    r = c.kubectl("edit deploy/web", editor=editor)
    assert (r.stdout, r.stderr, r.exit_code) == (
        "deployment.apps/web edited\n", 'error: deployments.apps "web" is invalid\n', 0)
    assert opened[1].startswith(HEADER + '# deployments.apps "web" was not valid:\n'
                                "# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n"
                                "apiVersion: apps/v1\n")
    assert replicas(c) == "4"
    c.kubectl("scale deploy web --replicas=1")


def test_saving_the_same_error_again_gives_up(c):
    r = c.kubectl("edit deploy/web", editor=lambda t: t.replace("  replicas: 1\n  revisionHistoryLimit",
                                                                "  replicas: -1\n  revisionHistoryLimit"))
    assert (r.stdout, r.stderr, r.exit_code) == (
        "", 'error: deployments.apps "web" is invalid\nerror: Edit cancelled, no valid changes were saved.\n', 1)


def test_a_syntax_error_is_shown_in_the_reopened_file(c):
    opened = []

    def editor(text):
        opened.append(text)
        return text if "bad: [" in text else text.replace("kind: Deployment\n", "kind: Deployment\n  bad: [\n")

    r = c.kubectl("edit deploy/web", editor=editor)
    assert (r.stdout, r.stderr, r.exit_code) == ("", "error: Edit cancelled, no valid changes were saved.\n", 1)
    assert opened[1].startswith(HEADER + "# The edited file had a syntax error: error parsing edited-file: "
                                "error converting YAML to JSON: yaml: line ")


def test_changing_the_name_is_refused(c):
    r = c.kubectl("edit deploy/web", editor=lambda t: t.replace("  name: web\n", "  name: other\n"))
    assert (r.stdout, r.stderr, r.exit_code) == ("", "error: At least one of apiVersion, kind and name was changed\n", 1)


def test_output_patch_json_format_and_save_config(c):
    r = c.kubectl("edit deploy/web -o json --output-patch",
                  editor=lambda t: t.replace('"replicas": 1,\n        "revisionHistoryLimit"',
                                             '"replicas": 2,\n        "revisionHistoryLimit"'))
    assert r.exit_code == 0 and r.stdout.startswith('Patch: {"spec":{"replicas":2}}\n{\n    "apiVersion": "apps/v1",')
    r = c.kubectl("edit deploy/web --save-config", editor=lambda t: t.replace("app: web\n  name: web",
                                                                               "app: web\n    tier: front\n  name: web"))
    assert r.stdout == "deployment.apps/web edited\n"
    live = c.api.get("deployments", "web", namespace="default")
    assert live["metadata"]["labels"] == {"app": "web", "tier": "front"}
    assert '"tier":"front"' in live["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"]
    c.kubectl("scale deploy web --replicas=1")


def test_a_function_editor_that_never_settles_is_stopped(c):
    r = c.kubectl("edit deploy/web", editor=lambda t: t.replace("kind: Deployment\n", "kind: Deployment\n  bad: [\n"))
    assert (r.stdout, r.stderr, r.exit_code) == ("", "error: Edit cancelled, no valid changes were saved.\n", 1)


def test_several_objects_are_one_list_and_untouched_ones_are_skipped(c):
    c.kubectl("create configmap one --from-literal=a=1")
    c.kubectl("create configmap two --from-literal=b=2")
    shown = []

    def editor(text):
        shown.append(text)
        return text.replace("a: \"1\"", "a: \"10\"")

    r = c.kubectl("edit configmap one two", editor=editor)
    assert shown[0].startswith(HEADER + "apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    a: \"1\"\n")
    assert (r.stdout, r.stderr, r.exit_code) == ("configmap/one edited\nconfigmap/two skipped\n", "", 0)


def test_errors_before_the_editor_opens(c):
    r = c.kubectl("edit deploy/nope", editor=lambda t: t)
    assert (r.stderr, r.exit_code) == ('Error from server (NotFound): deployments.apps "nope" not found\n', 1)
    r = c.kubectl("edit deploy/web")
    assert r.exit_code == 1 and r.stderr.startswith("error: no editor in this session: in a notebook, write the "
                                                    "object's YAML as you want it in a `%%edit deploy/web` cell")


def _editor_script(tmp_path, body):
    script = tmp_path / "editor.sh"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_the_shell_opens_the_learners_kube_editor_on_a_temp_file(c, tmp_path, monkeypatch):
    monkeypatch.setenv("KUBE_EDITOR", _editor_script(tmp_path, "echo $1 > %s/path; sed -i 's/^  replicas: 1$/  replicas: 3/' \"$1\""
                                                     % tmp_path))
    out, err = io.StringIO(), io.StringIO()
    run_line(c, "kubectl edit deploy/web", out, err)
    assert (out.getvalue(), err.getvalue()) == ("deployment.apps/web edited\n", "")
    used = (tmp_path / "path").read_text().strip()
    assert re.fullmatch(r".*/kubectl-edit-[^/]+\.yaml", used) and not os.path.exists(used)  # removed after success
    assert replicas(c) == "3"
    c.kubectl("scale deploy web --replicas=1")


def test_a_failed_shell_edit_keeps_the_copy_and_names_it(c, tmp_path, monkeypatch):
    monkeypatch.setenv("KUBE_EDITOR", _editor_script(tmp_path, "sed -i 's/^  replicas: 1$/  replicas: -1/' \"$1\""))
    out, err = io.StringIO(), io.StringIO()
    run_line(c, "kubectl edit deploy/web", out, err)
    found = re.fullmatch(r'error: deployments.apps "web" is invalid\n'
                         r'A copy of your changes has been stored to "(.*/kubectl-edit-[^/]+\.yaml)"\n'
                         r"error: Edit cancelled, no valid changes were saved.\n", err.getvalue())
    assert found and "  replicas: -1\n" in open(found.group(1)).read()
    os.remove(found.group(1))


def test_an_editor_that_cannot_start_is_named(c, monkeypatch):
    monkeypatch.setenv("KUBE_EDITOR", "/nonexistent/editor")
    out, err = io.StringIO(), io.StringIO()
    run_line(c, "kubectl edit deploy/web", out, err)
    assert err.getvalue() == 'error: unable to launch the editor "/nonexistent/editor"\n'


def test_the_edit_cell_magic_saves_the_cells_yaml(c, capsys):
    from IPython.core.interactiveshell import InteractiveShell
    import engine
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "engine")
    capsys.readouterr()  # "already loaded" when another test file loaded it first
    engine.use(c)
    live = c.kubectl("get deploy web -o yaml").stdout
    ip.run_cell_magic("edit", "deploy/web", live.replace("  labels:\n    app: web\n", "  labels:\n    app: web\n    cell: edited\n", 1))
    assert capsys.readouterr().out == "deployment.apps/web edited\n"
    assert c.api.get("deployments", "web", namespace="default")["metadata"]["labels"]["cell"] == "edited"
    ip.run_cell_magic("edit", "deploy/web", "# nothing to save\n")
    assert capsys.readouterr().err == "Edit cancelled, saved file was empty.\n"


def test_only_json_and_yaml_can_be_edited(c):
    r = c.kubectl("edit deploy/web -o name", editor=lambda t: t)
    assert (r.stdout, r.stderr, r.exit_code) == (
        "", 'error: unable to match a printer suitable for the output format "name", allowed formats are: '
            "json,yaml\n", 1)


def test_windows_line_endings_reach_the_editor(c):
    shown = []
    r = c.kubectl("edit deploy/web --windows-line-endings", editor=lambda t: shown.append(t) or t)
    assert shown[0].startswith("# Please edit the object below. Lines beginning with a '#' will be ignored,\r\n")
    assert r.stderr == "Edit cancelled, no changes made.\n"
