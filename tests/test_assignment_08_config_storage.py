"""Assignment 08-config-storage graded by behaviour: other correct ways get full marks, partial answers get
their points and feedback in Kubernetes terms (the solutions and blank answers are in test_assignments.py)."""
import textwrap

import pytest

from tests.test_assignments import ASSIGNMENTS, grade

A = ASSIGNMENTS["08-config-storage"]


def solution(exercise):
    return textwrap.dedent(next(e for e in A.EXERCISES if e["name"] == exercise)["solution"])


def test_env_from_with_a_prefix_and_a_single_file_volume_get_full_marks():
    assert grade("08-config-storage", "configmap-app", """\
        apiVersion: v1
        kind: Pod
        metadata: {name: app}
        spec:
          containers:
          - name: app
            image: busybox:1.36
            command: [sh, -c, "echo mode is $APP_MODE; sleep 3600"]
            envFrom:
            - {configMapRef: {name: app-config}, prefix: APP_}
            volumeMounts: [{name: props, mountPath: /etc/app}]
          volumes:
          - name: props
            configMap:
              name: app-config
              items: [{key: app.properties, path: app.properties}]
        """) == (5, [])


def test_a_literal_value_and_a_wrong_mount_path_are_named():
    literal = solution("configmap-app").replace(
        "valueFrom:\n        configMapKeyRef:\n          name: app-config\n          key: MODE", "value: dev")
    assert grade("08-config-storage", "configmap-app", literal.replace("mountPath: /etc/app", "mountPath: /config")) == (1, [
        "in pod app, the variable APP_MODE is not the ConfigMap app-config's MODE",
        "in pod app, cat /etc/app/app.properties says: cat: can't open '/etc/app/app.properties': No such file or "
        "directory"])


def test_a_key_the_configmap_does_not_have_keeps_the_pod_from_starting():
    wrong_key = solution("configmap-app").replace("key: MODE", "key: mode")
    assert grade("08-config-storage", "configmap-app", wrong_key) == (0, [
        "pod app is Pending: container app is waiting: CreateContainerConfigError"])


def test_base64_without_a_newline_in_data_gets_full_marks():
    encoded = solution("secret-db").replace("stringData:\n  password: S3cr3t!", "  password: UzNjcjN0IQ==")
    assert "stringData" not in encoded
    assert grade("08-config-storage", "secret-db", encoded) == (4, [])


def test_a_secret_without_the_volume_and_a_variable_typed_in_get_what_they_did():
    no_volume = "\n".join(line for line in solution("secret-db").splitlines()
                          if "creds" not in line.replace("db-creds", "") and "/etc/db" not in line
                          and "readOnly" not in line and line.strip() not in ("volumes:", "volumeMounts:")
                          and "secretName" not in line)
    assert grade("08-config-storage", "secret-db", no_volume) == (3, [
        "in pod db-client, cat /etc/db/password says: cat: can't open '/etc/db/password': No such file or directory"])


@pytest.mark.parametrize("prediction, points", [("blue green", 3), ("Blue\nGreen\n", 3), ("green green", 0),
                                                ("blue blue", 0), ("blue", 0)])
def test_the_variable_keeps_its_start_value_and_the_file_follows(prediction, points):
    assert grade("08-config-storage", "predict-update", prediction)[0] == points


def test_a_statefulset_on_an_empty_dir_loses_its_data():
    empty_dir = solution("statefulset-claims").split("  volumeClaimTemplates:")[0] + (
        "      volumes:\n      - name: data\n        emptyDir: {}\n")
    assert grade("08-config-storage", "statefulset-claims", empty_dir) == (1, [
        "StatefulSet db has no volumeClaimTemplates entry named data",
        "after pod db-0 was deleted and made again, what it had written under /var/lib/db was gone: that folder "
        "is not on a persistent volume"])


def test_a_claim_template_of_another_name_keeps_the_data_but_not_the_claim_names():
    other = solution("statefulset-claims").replace("name: data", "name: state")
    assert grade("08-config-storage", "statefulset-claims", other) == (3, [
        "StatefulSet db has no volumeClaimTemplates entry named data (its templates: state)"])


def test_claims_of_another_size_are_named():
    bigger = solution("statefulset-claims").replace("storage: 1Gi", "storage: 2Gi")
    assert grade("08-config-storage", "statefulset-claims", bigger) == (3, [
        "PersistentVolumeClaim data-db-0 asks for 2Gi, not 1Gi", "PersistentVolumeClaim data-db-1 asks for 2Gi, not 1Gi"])


@pytest.mark.parametrize("fix", [
    "kubectl create configmap api-config --from-literal=LOG_LEVEL=debug\nkubectl create secret generic api-token "
    "--from-literal=token=t0k3n",
    """kubectl create secret generic api-token --from-literal token=t0k3n
kubectl create cm api-config --from-literal=LOG_LEVEL=debug
kubectl rollout restart deployment api""",
])
def test_creating_what_is_missing_in_any_order_gets_full_marks(fix):
    assert grade("08-config-storage", "missing-config", fix) == (4, [])


def test_only_the_configmap_leaves_the_pods_waiting_for_their_secret():
    points, feedback = grade("08-config-storage", "missing-config",
                             "kubectl create configmap api-config --from-literal=LOG_LEVEL=debug")
    assert points == 0
    assert feedback[0].startswith("Deployment api has 0 of 2 replicas available and 2 up to date: pod api-")
    assert "is Pending: container api is waiting: ContainerCreating" in feedback[0]


def test_a_secret_key_under_another_name_gives_no_token_file():
    assert grade("08-config-storage", "missing-config", "kubectl create configmap api-config --from-literal="
                 "LOG_LEVEL=debug\nkubectl create secret generic api-token --from-literal=TOKEN=t0k3n")[1][0].endswith(
        "cat /etc/token/token says: cat: can't open '/etc/token/token': No such file or directory")


def test_the_notes_pod_runs_but_nginx_serves_its_own_page():
    assert grade("08-config-storage", "notes-shared", A.NOTES_SHARED) == (1, [
        "in pod site (container nginx), /usr/share/nginx/html/index.html is not the page the writer writes"])


def test_a_volume_mounted_in_the_writer_only_is_not_shared():
    one_side = solution("notes-shared").replace(
        "    volumeMounts:\n    - name: html\n      mountPath: /usr/share/nginx/html\n  - name: writer",
        "  - name: writer")
    assert grade("08-config-storage", "notes-shared", one_side) == (1, [
        "in pod site (container nginx), /usr/share/nginx/html/index.html is not the page the writer writes"])


def test_a_persistent_volume_of_the_claimed_class_also_gets_full_marks():
    assert grade("08-config-storage", "claim-pending", """\
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: reports-pv}
        spec:
          storageClassName: fast
          capacity: {storage: 5Gi}
          accessModes: [ReadWriteOnce]
          hostPath: {path: /srv/reports}
        """) == (4, [])


def test_a_volume_too_small_for_the_claim_stays_unbound():
    points, feedback = grade("08-config-storage", "claim-pending", """\
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: reports-pv}
        spec:
          storageClassName: fast
          capacity: {storage: 1Gi}
          accessModes: [ReadWriteOnce]
          hostPath: {path: /srv/reports}
        """)
    assert points == 0
    assert feedback[0] == ("pod reports is Pending and not scheduled: 0/2 nodes are available: pod has unbound "
                           "immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is "
                           "not helpful for scheduling..")
    assert feedback[1].startswith("PersistentVolumeClaim reports-data is Pending, not Bound")


def test_a_new_claim_of_another_name_does_not_help_the_pod():
    points, feedback = grade("08-config-storage", "claim-pending", """\
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: reports-data-2}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 2Gi}}
        """)
    assert points == 0
    assert feedback[1] == ('PersistentVolumeClaim reports-data is Pending, not Bound: storageclass.storage.k8s.io '
                           '"fast" not found')
