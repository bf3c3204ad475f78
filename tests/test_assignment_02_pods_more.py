"""02-pods' init-container and postStart exercises graded by behaviour: other correct answers get full marks,
partial answers the expected points and feedback in Kubernetes terms (the solutions themselves are graded in
tests/test_assignments.py)."""
import textwrap

from tests.test_assignments import ASSIGNMENTS, grade

SOLUTIONS = {e["name"]: textwrap.dedent(e["solution"]) for e in ASSIGNMENTS["02-pods"].EXERCISES}
WAIT = SOLUTIONS["wait-for-db"]
HOOK = SOLUTIONS["poststart-page"]
NOT_STARTED = ("container app of pod app started before the Service db existed: no init container waited for db "
               "to resolve in DNS")


def test_a_while_loop_on_nslookup_also_counts():
    other = WAIT.replace("until nslookup db.default.svc.cluster.local; do echo waiting for db; sleep 2; done",
                         "while ! nslookup db.default.svc.cluster.local >/dev/null; do sleep 5; done")
    assert other != WAIT
    assert grade("02-pods", "wait-for-db", other) == (5, [])


def test_an_init_container_that_only_sleeps_does_not_wait_for_the_database():
    assert grade("02-pods", "wait-for-db", WAIT.replace(
        "until nslookup db.default.svc.cluster.local; do echo waiting for db; sleep 2; done", "sleep 5")) == (3, [NOT_STARTED])


def test_without_an_init_container_the_app_starts_at_once():
    bare = "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers: [{name: app, image: nginx:1.27}]\n"
    assert grade("02-pods", "wait-for-db", bare) == (2, ["pod app has no init containers (spec.initContainers)",
                                                          NOT_STARTED])


def test_an_init_container_waiting_for_the_wrong_name_never_lets_the_app_start():
    assert grade("02-pods", "wait-for-db", WAIT.replace("db.default", "mysql.default")) == (3, [
        "60 s after the Service db was created, init container wait-db of pod app is still running "
        "(its last log line: waiting for db)"])


def test_creating_the_service_in_the_answer_is_not_waiting_for_it():
    with_db = WAIT + "---\napiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  ports: [{port: 5432}]\n"
    assert grade("02-pods", "wait-for-db", with_db) == (3, [
        "the Service db already exists: your answer must not create it, the app waits for it"])


def test_a_poststart_hook_appending_with_printf_also_counts():
    other = HOOK.replace('["sh", "-c", "echo started > /usr/share/nginx/html/started.txt"]',
                         '["/bin/sh", "-c", "printf \'nginx started\\\\n\' >> /usr/share/nginx/html/started.txt"]')
    assert other != HOOK
    assert grade("02-pods", "poststart-page", other) == (4, [])


def test_a_file_written_where_nginx_does_not_serve_it():
    assert grade("02-pods", "poststart-page", HOOK.replace("/usr/share/nginx/html/", "/tmp/")) == (2, [
        "pod hello does not serve /started.txt on port 80: wget: server returned error: HTTP/1.1 404 Not Found"])


def test_a_failing_poststart_hook_kills_the_container():
    points, feedback = grade("02-pods", "poststart-page", HOOK.replace("/usr/share/nginx/html/", "/www/"))
    assert points == 0
    assert feedback[:2] == [
        "pod hello is Running: container nginx is waiting: CrashLoopBackOff",
        "the postStart hook of pod hello failed (event FailedPostStartHook): sh: 1: can't create /www/started.txt: "
        "nonexistent directory"]
    assert feedback[2].startswith("pod hello does not serve /started.txt on port 80: wget: can't connect to remote host")


def test_a_page_written_by_the_command_instead_of_a_hook_loses_the_hook_point():
    command = ("apiVersion: v1\nkind: Pod\nmetadata: {name: hello}\nspec:\n  containers:\n  - name: nginx\n"
               "    image: nginx:1.27\n    command: [sh, -c, \"echo started > /usr/share/nginx/html/started.txt; "
               "exec nginx -g 'daemon off;'\"]\n")
    assert grade("02-pods", "poststart-page", command) == (
        3, ["no container of pod hello has a postStart hook (lifecycle.postStart)"])


DRAIN = SOLUTIONS["prestop-drain"]


def test_the_sleep_action_of_a_prestop_hook_also_counts():
    other = DRAIN.replace('exec:\n          command: ["sleep", "40"]', "sleep: {seconds: 45}")
    assert other != DRAIN
    assert grade("02-pods", "prestop-drain", other) == (4, [])


def test_the_default_grace_period_cuts_the_prestop_hook_short():
    assert grade("02-pods", "prestop-drain", DRAIN.replace("  terminationGracePeriodSeconds: 60\n", "")) == (2, [
        "the containers of pod web stopped 31 s after it was deleted, not after 40 s",
        "the preStop hook of pod web failed (event FailedPreStopHook): command 'sleep 40' timed out"])


def test_nginx_quit_alone_stops_at_once():
    assert grade("02-pods", "prestop-drain", DRAIN.replace('["sleep", "40"]', '["nginx", "-s", "quit"]')) == (2, [
        "the containers of pod web stopped 1 s after it was deleted, not after 40 s"])


def test_a_hook_longer_than_a_minute_keeps_the_pod_terminating():
    long = DRAIN.replace('["sleep", "40"]', '["sleep", "400"]').replace("60", "600")
    assert grade("02-pods", "prestop-drain", long) == (3, ["pod web was still Terminating 60 s after it was deleted"])
