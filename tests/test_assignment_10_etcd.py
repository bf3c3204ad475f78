"""Assignment 10-etcd graded by behaviour: alternative correct answers get full marks, partial answers the
expected points and feedback in Kubernetes and etcd terms."""
import textwrap

import pytest

from tests.test_assignments import ASSIGNMENTS, grade

NAME = "10-etcd"


def solution(exercise):
    return textwrap.dedent(next(e for e in ASSIGNMENTS[NAME].EXERCISES if e["name"] == exercise)["solution"])


@pytest.mark.parametrize("prediction, points", [("2", 2), ("3", 0), ("4", 0)])
def test_five_members_tolerate_two_failures(prediction, points):
    assert grade(NAME, "quorum-five", prediction) == (points, [] if points else [
        f"the cluster does not do what you predicted ('{prediction}')"])


def test_a_manifest_without_the_namespace_is_refused_on_the_degraded_cluster_too():
    without_namespace = solution("degraded-apply").split("---\n", 1)[1]
    points, feedback = grade(NAME, "degraded-apply", without_namespace)
    assert points == 0
    assert feedback[0] == ('kubectl apply -f your manifest said: Error from server (NotFound): error when creating '
                           '"STDIN": namespaces "shop" not found\nError from server (NotFound): error when creating '
                           '"STDIN": namespaces "shop" not found')
    assert feedback[1].startswith("etcd holds no key /registry/namespaces/shop (under /registry/namespaces/ it holds ")


def test_a_configmap_with_other_data_loses_its_point():
    slow = solution("degraded-apply").replace("mode: fast", "mode: slow")
    assert grade(NAME, "degraded-apply", slow) == (3, [
        'the object stored at /registry/configmaps/shop/settings does not hold "mode":"fast"'])


def test_a_service_made_by_create_service_and_a_secret_from_a_file_literal_count_too():
    commands = """\
        kubectl create deployment api --image=nginx:1.27 --replicas=2 --namespace team-a
        kubectl create service clusterip api --tcp=80:80 -n team-a
        kubectl create secret generic api-token -n team-a --from-literal token=s3cr3t
        """
    assert grade(NAME, "keys-kubectl", commands) == (4, [])


def test_a_service_without_pods_has_no_endpoints_to_list():
    commands = """\
        kubectl create secret generic api-token --from-literal=token=s3cr3t -n team-a
        kubectl create service clusterip api --tcp=80:80 -n team-a
        """
    points, feedback = grade(NAME, "keys-kubectl", commands)
    assert points == 2
    assert feedback == ["the Service api sends traffic to 0 pods, not 2"]


@pytest.mark.parametrize("commands", [
    "etcdctl --endpoints=https://172.18.0.102:2379 endpoint status --cluster -w table\n"
    "etcdctl --endpoints=https://172.18.0.103:2379 member list",
    "etcdctl --endpoints 172.18.0.103:2379,172.18.0.102:2379 endpoint status\n"
    "etcdctl member list --endpoints=https://172.18.0.102:2379 -w table",
])
def test_any_etcdctl_command_that_reaches_a_running_member_finds_the_leader(commands):
    assert grade(NAME, "find-leader", commands) == (3, [])


def test_the_default_endpoint_is_the_stopped_member():
    points, feedback = grade(NAME, "find-leader", "etcdctl endpoint status --cluster -w table\netcdctl member list")
    assert points == 0
    assert feedback == [
        "your etcdctl commands do not show which member is the leader (etcdctl said: Error: failed to fetch "
        "endpoints from etcd cluster member list: context deadline exceeded)",
        "your etcdctl commands do not list the members etcd-1, etcd-2, etcd-3 with their IDs (etcdctl said: Error: "
        "failed to fetch endpoints from etcd cluster member list: context deadline exceeded)"]


def test_an_unclosed_quote_is_named():
    points, feedback = grade(NAME, "find-leader", "etcdctl member list --endpoints='https://172.18.0.102:2379")
    assert points == 0
    assert feedback[0] == "line 1: No closing quotation"


def test_kubectl_lines_are_not_etcdctl_and_the_member_list_alone_gets_one_point():
    points, feedback = grade(NAME, "find-leader", "kubectl get pods -n kube-system\n"
                             "etcdctl --endpoints=https://172.18.0.102:2379 member list")
    assert points == 1
    assert feedback == ["line 1 is not an etcdctl command: kubectl get pods -n kube-system",
                        "your etcdctl commands do not show which member is the leader"]


@pytest.mark.parametrize("prediction, points", [
    ("Error from server: etcdserver: request timed out", 3),
    ('"Error from server: etcdserver: request timed out"', 3),
    ("error: etcdserver: request timed out", 2),
    ("Error from server (NotFound): deployments.apps \"web\" not found", 0),
])
def test_the_error_without_quorum_is_predicted_word_for_word_or_in_part(prediction, points):
    assert grade(NAME, "quorum-lost", prediction)[0] == points


def test_two_leaders_is_the_split_brain_that_raft_prevents():
    assert grade(NAME, "notes-split-brain", "0") == (2, [])
    assert grade(NAME, "notes-split-brain", "1") == (0, ["the cluster does not do what you predicted ('1')"])


@pytest.mark.parametrize("prediction, points", [("Create_Revision", 2), ("create_revision mod_revision", 0),
                                                ("mod_revision", 0)])
def test_only_the_create_revision_keeps_the_old_resource_version(prediction, points):
    assert grade(NAME, "revision-fields", prediction)[0] == points


# etcd-backup: a snapshot saved with kubectl exec into the etcd static pod

EXEC = "kubectl exec -n kube-system etcd-control-plane -- etcdctl "
PKI = "/etc/kubernetes/pki/etcd/"
TLS = f"--cacert={PKI}ca.crt --cert={PKI}server.crt --key={PKI}server.key "
NO_FILE = ("etcdutl snapshot status /var/lib/etcd/backup.db on the control-plane node says: Error: stat "
           "/var/lib/etcd/backup.db: no such file or directory")


@pytest.mark.parametrize("commands", [
    f"{EXEC}snapshot save /var/lib/etcd/backup.db {TLS}",
    f"kubectl -n kube-system exec -it pod/etcd-control-plane -c etcd -- etcdctl snapshot save --cacert {PKI}ca.crt "
    f"--cert {PKI}healthcheck-client.crt --key {PKI}healthcheck-client.key /var/lib/etcd/backup.db",
])
def test_any_client_certificate_of_the_etcd_ca_and_any_flag_order_save_the_backup(commands):
    assert grade(NAME, "etcd-backup", commands) == (3, [])


@pytest.mark.parametrize("target, feedback", [
    ("/tmp/backup.db", "your snapshot is at /tmp/backup.db in the container's own filesystem, not on the node's disk: "
                       "the container sees the node's disk only where a hostPath volume is mounted"),
    ("backup.db", "your snapshot is at /backup.db in the container's own filesystem, not on the node's disk: "
                  "the container sees the node's disk only where a hostPath volume is mounted"),
    (f"{PKI}backup.db", "your snapshot is on the control-plane node's disk at /etc/kubernetes/pki/etcd/backup.db, "
                        "not at /var/lib/etcd/backup.db"),
])
def test_a_snapshot_saved_elsewhere_gets_one_point_and_where_it_landed(target, feedback):
    assert grade(NAME, "etcd-backup", f"{EXEC}{TLS}snapshot save {target}") == (1, [feedback])


def test_where_it_landed_follows_the_pods_hostpath_volumes_however_kubectl_exec_names_the_pod():
    command = f"kubectl -nkube-system exec -it pod/etcd-control-plane -c etcd -- etcdctl {TLS}snapshot save x.db"
    assert grade(NAME, "etcd-backup", command) == (1, [
        "your snapshot is at /x.db in the container's own filesystem, not on the node's disk: the container sees "
        "the node's disk only where a hostPath volume is mounted"])
    command = f"kubectl exec etcd-control-plane --namespace kube-system -- etcdctl {TLS}snapshot save /var/lib/etcd/x"
    assert grade(NAME, "etcd-backup", command) == (1, [
        "your snapshot is on the control-plane node's disk at /var/lib/etcd/x, not at /var/lib/etcd/backup.db"])


@pytest.mark.parametrize("flags, said", [
    ("", "etcdctl snapshot save ran without --cacert, --cert and --key and saved nothing (etcdctl said: Error: "
         "context deadline exceeded)"),
    (f"--cert={PKI}server.crt --key={PKI}server.key ",
     "etcdctl snapshot save ran without --cacert and saved nothing (etcdctl said: Error: context deadline exceeded "
     "(authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown "
     "authority))"),
    (f"--cacert={PKI}ca.crt --cert={PKI}server.crt ",
     f"etcdctl snapshot save ran without --key and saved nothing (etcdctl said: Error: KeyFile and CertFile must "
     f"both be present[key: , cert: {PKI}server.crt])"),
    (f"--cacert=/etc/kubernetes/pki/ca.crt --cert={PKI}server.crt --key={PKI}server.key ",
     "etcdctl snapshot save ran and saved nothing (etcdctl said: Error: open /etc/kubernetes/pki/ca.crt: no such "
     "file or directory)"),
])
def test_a_save_that_fails_on_tls_names_the_missing_flag_or_file(flags, said):
    command = f"{EXEC}{flags}snapshot save /var/lib/etcd/backup.db"
    points, feedback = grade(NAME, "etcd-backup", command)
    assert points == 0
    assert feedback[0].startswith(f"line 1 ({command}) failed: ")
    assert feedback[1:] == [said, NO_FILE]


def test_a_snapshot_older_than_the_deployment_is_not_a_backup_of_it():
    commands = f"""\
        {EXEC}{TLS}snapshot save /var/lib/etcd/backup.db
        kubectl delete deployment web
        kubectl create deployment web --image=nginx:1.27
        """
    assert grade(NAME, "etcd-backup", commands) == (0, [
        "your snapshot has revision 316, older than the key /registry/deployments/default/web (created at revision "
        "323)",
        "the snapshot at /var/lib/etcd/backup.db on the control-plane node has revision 316, older than the key "
        "/registry/deployments/default/web (created at revision 323)"])


def test_commands_without_a_snapshot_save():
    assert grade(NAME, "etcd-backup", "kubectl get pods -n kube-system") == (0, [
        "none of your commands runs etcdctl snapshot save in a pod (kubectl exec POD -- etcdctl ...)", NO_FILE])


# etcd-restore: etcdutl lines on the control-plane node, then etcd pointed at the restored data dir

RESTORE = "etcdutl snapshot restore /var/lib/etcd/backup.db "
PEERS = "--name control-plane --initial-cluster control-plane=https://172.18.0.2:2380 "
NOT_RESTORED = ["none of your etcdutl lines restored the snapshot into a data directory",
                "etcd was not restored, so its member list is not the restored one"]


def test_a_restore_with_flags_after_equals_signs_and_a_status_line_first_gets_full_marks():
    answer = (f"# check the file first\netcdutl snapshot status /var/lib/etcd/backup.db -w table\n"
              f"{RESTORE}--data-dir=/var/lib/etcd-restored --initial-advertise-peer-urls=https://172.18.0.2:2380 "
              f"--name=control-plane --initial-cluster=control-plane=https://172.18.0.2:2380")
    assert grade(NAME, "etcd-restore", answer) == (3, [])


def test_a_restore_with_etcdutls_default_peer_url_brings_web_back_for_two_points():
    assert grade(NAME, "etcd-restore", f"{RESTORE}--data-dir restored") == (2, [
        "the restored member advertises the peer URL http://localhost:2380, not https://172.18.0.2:2380"])


@pytest.mark.parametrize("flags, error", [
    ("--data-dir /var/lib/etcd", 'Error: data-dir "/var/lib/etcd" not empty or could not be read'),
    (PEERS, 'Error: required flag(s) "data-dir" not set'),
    ("--data-dir /var/lib/etcd-new --initial-advertise-peer-urls https://172.18.0.2:2380",
     'Error: --initial-cluster has default=http://localhost:2380 but missing from '
     '--initial-advertise-peer-urls=https://172.18.0.2:2380 (resolved urls: "https://172.18.0.2:2380" != '
     '"http://127.0.0.1:2380")'),
])
def test_a_restore_etcdutl_refuses_scores_zero_with_its_error(flags, error):
    line = f"{RESTORE}{flags}".strip()
    assert grade(NAME, "etcd-restore", line) == (0, [f"line 1 ({line}) failed: {error}", *NOT_RESTORED])


def test_etcdctl_lines_are_not_etcdutl():
    line = "etcdctl snapshot restore /var/lib/etcd/backup.db --data-dir /var/lib/etcd-new"
    assert grade(NAME, "etcd-restore", line) == (0, [f"line 1 is not an etcdutl command: {line}", *NOT_RESTORED])
