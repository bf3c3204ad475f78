"""`kubectl create configmap` and `create secret` against a cluster (their generator output and errors
are compared with the real kubectl in tests/golden/create-config-*.json); binary files and hashes."""
from engine import Cluster


def test_binary_files_go_to_binary_data_and_into_the_hash(tmp_path, monkeypatch):
    (tmp_path / "bin.dat").write_bytes(b"\xff\xfe")
    monkeypatch.chdir(tmp_path)
    c = Cluster(workers=0, wait=False)
    base = "apiVersion: v1\nbinaryData:\n  bin.dat: //4=\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n"
    assert c.kubectl("create configmap cm --from-file=bin.dat --dry-run=client -o yaml").stdout == base + "  name: cm\n"
    assert c.kubectl("create configmap cm --append-hash --from-file=bin.dat --dry-run=client -o yaml").stdout == \
        base + "  name: cm-dk766mt279\n"  # (both recorded from kubectl v1.32)


def test_created_config_reaches_a_pod(tmp_path, monkeypatch):
    (tmp_path / "game.properties").write_text("lives=3\n")
    monkeypatch.chdir(tmp_path)
    c = Cluster(workers=1)
    assert c.kubectl("create configmap game --from-file=game.properties --from-literal=mode=easy").stdout == \
        "configmap/game created\n"
    assert c.kubectl("create secret generic db --from-literal=password=s3cr3t").stdout == "secret/db created\n"
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: reader}
spec:
  containers:
  - name: main
    image: busybox:1.28
    command: [sh, -c, 'cat /etc/game/game.properties; echo $MODE $PASSWORD; sleep 3600']
    env:
    - {name: MODE, valueFrom: {configMapKeyRef: {name: game, key: mode}}}
    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
    volumeMounts: [{name: game, mountPath: /etc/game}]
  volumes: [{name: game, configMap: {name: game}}]
""")
    c.advance(15)
    assert c.kubectl("logs reader").stdout == "lives=3\neasy s3cr3t\n"
    again = c.kubectl("create configmap game --from-literal=a=b")
    assert (again.stderr, again.exit_code) == (
        'error: failed to create configmap: configmaps "game" already exists\n', 1)
