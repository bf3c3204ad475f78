"""kubectl certificate approve|deny through the CertificateSigningRequest approval subresource, the
requester written into spec.username by the apiserver, and the `kubectl get csr` table."""
import pytest

from engine import Cluster

# a PKCS#10 request for CN=angela (the Kubernetes docs' example user), base64 of its PEM
REQUEST = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQ1ZqQ0NBVDRDQVFBd0VURVBNQTBHQTFVRUF3d0dZVzVuWld4aE1JSUJJakFOQmdrcWhraUc5dzBCQVFFRgpBQU9DQVE4QU1JSUJDZ0tDQVFFQTByczhJTHRHdTYxakx2dHhWTTJSVlRWMDNHWlJTWWw0dWluVWo4RElaWjBOCnR2MUZtRVFSd3VoaUZsOFEzcWl0Qm0wMUFSMkNJVXBGd2ZzSjZ4MXF3ckJzVkhZbGlBNVhwRVpZM3ExcGswSDQKM3Z3aGJlK1o2MVNrVHF5SVBYUUwrTWM5T1Nsbm0xb0R2N0NtSkZNMUlMRVI3QTVGZnZKOEdFRjJ6dHBoaUlFMwpub1dtdHNZb3JuT2wzc2lHQ2ZGZzR4Zmd4eW8ybmlneFNVekl1bXNnVm9PM2ttT0x1RVF6cXpkakJ3TFJXbWlECklmMXBMWnoyalVnald4UkhCM1gyWnVVV1d1T09PZnpXM01LaE8ybHEvZi9DdS8wYk83c0x0MCt3U2ZMSU91TFcKcW90blZtRmxMMytqTy82WDNDKzBERHk5aUtwbXJjVDBnWGZLemE1dHJRSURBUUFCb0FBd0RRWUpLb1pJaHZjTgpBUUVMQlFBRGdnRUJBR05WdmVIOGR4ZzNvK21VeVRkbmFjVmQ1N24zSkExdnZEU1JWREkyQTZ1eXN3ZFp1L1BVCkkwZXpZWFV0RVNnSk1IRmQycVVNMjNuNVJsSXJ3R0xuUXFISUh5VStWWHhsdnZsRnpNOVpEWllSTmU3QlJvYXgKQVlEdUI5STZXT3FYbkFvczFqRmxNUG5NbFpqdU5kSGxpT1BjTU1oNndLaTZzZFhpVStHYTJ2RUVLY01jSVUyRgpvU2djUWdMYTk0aEpacGk3ZnNMdm1OQUxoT045UHdNMGM1dVJVejV4T0dGMUtCbWRSeEgvbUNOS2JKYjFRQm1HCkkwYitEUEdaTktXTU0xMzhIQXdoV0tkNjVoVHdYOWl4V3ZHMkh4TG1WQzg0L1BHT0tWQW9FNkpsYWFHdTlQVmkKdjlOSjVaZlZrcXdCd0hKbzZXdk9xVlA3SVFjZmg3d0drWm89Ci0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo="


def csr(name, signer="kubernetes.io/kube-apiserver-client"):
    return f"""apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: {name}
spec:
  request: {REQUEST}
  signerName: {signer}
  expirationSeconds: 86400
  username: someone-else
  usages:
  - client auth
"""


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(workers=0, wait=False)
    for name in ("alice", "bob", "carol"):
        assert c.apply(csr(name)).exit_code == 0
    return c


def test_the_apiserver_records_the_requester(cluster):
    obj = cluster.api.get("certificatesigningrequests", "alice")
    assert obj["spec"]["username"] == "kubernetes-admin"
    assert obj["spec"]["groups"] == ["kubeadm:cluster-admins", "system:authenticated"]
    assert obj["status"] == {}


def test_approve_and_deny(cluster):
    r = cluster.kubectl("certificate approve alice")
    assert (r.stdout, r.stderr, r.exit_code) == ("certificatesigningrequest.certificates.k8s.io/alice approved\n", "", 0)
    [condition] = cluster.api.get("certificatesigningrequests", "alice")["status"]["conditions"]
    stamp = cluster.clock.timestamp()
    assert condition == {"type": "Approved", "status": "True", "reason": "KubectlApprove",
                         "message": "This CSR was approved by kubectl certificate approve.",
                         "lastUpdateTime": stamp, "lastTransitionTime": stamp}
    r = cluster.kubectl("certificate deny bob")
    assert r.stdout == "certificatesigningrequest.certificates.k8s.io/bob denied\n"
    table = cluster.kubectl("get csr").stdout.splitlines()
    assert table[0].split() == ["NAME", "AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION"]
    # (the signer issues alice's certificate once it is approved: the csrsigning controller)
    assert table[1].split()[2:] == ["kubernetes.io/kube-apiserver-client", "kubernetes-admin", "24h", "Approved,Issued"]
    assert table[2].split()[-1] == "Denied" and table[3].split()[-1] == "Pending"


def test_approving_again_and_the_opposite_decision(cluster):
    cluster.kubectl("certificate approve carol")
    before = cluster.api.get("certificatesigningrequests", "carol")["metadata"]["resourceVersion"]
    assert cluster.kubectl("certificate approve carol").stdout == \
        "certificatesigningrequest.certificates.k8s.io/carol approved\n"
    assert cluster.api.get("certificatesigningrequests", "carol")["metadata"]["resourceVersion"] == before
    r = cluster.kubectl("certificate deny carol")
    assert (r.stdout, r.stderr, r.exit_code) == ("", 'error: certificate signing request "carol" is already Approved\n', 1)
    r = cluster.kubectl("certificate deny carol --force")
    assert r.stderr == 'error: certificate signing request "carol" is already Approved\n'


def test_names_that_do_not_exist_and_other_kinds(cluster):
    r = cluster.kubectl("certificate approve alice nope")
    assert r.stdout == "certificatesigningrequest.certificates.k8s.io/alice approved\n"
    assert r.stderr == 'Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "nope" not found\n'
    assert r.exit_code == 1
    r = cluster.kubectl("certificate approve")
    assert (r.stderr, r.exit_code) == ("error: one or more CSRs must be specified as <name> or -f <filename>\n", 1)
    r = cluster.kubectl("certificate approve ns/default")
    assert r.stderr == "error: can only handle CertificateSigningRequest.certificates.k8s.io objects, got Namespace\n"


def test_output_formats_print_what_was_fetched(cluster):
    r = cluster.kubectl("certificate approve alice -o name")
    assert r.stdout == "certificatesigningrequest.certificates.k8s.io/alice\n"
    r = cluster.kubectl("certificate approve alice -o jsonpath={.spec.username}")
    assert r.stdout == "kubernetes-admin"


def test_the_approval_subresource_changes_only_conditions(cluster):
    obj = cluster.api.get("certificatesigningrequests", "alice")
    obj["spec"]["signerName"] = "example.com/other"
    obj["status"]["conditions"].append({"type": "Denied", "status": "True", "reason": "X"})
    with pytest.raises(Exception) as e:
        cluster.api.update("certificatesigningrequests", obj, subresource="approval")
    assert "Approved and Denied conditions are mutually exclusive" in str(e.value)
    obj["status"]["conditions"] = []
    with pytest.raises(Exception) as e:
        cluster.api.update("certificatesigningrequests", obj, subresource="approval")
    assert 'updates may not remove a condition of type "Approved"' in str(e.value)
    obj["status"]["conditions"] = cluster.api.get("certificatesigningrequests", "alice")["status"]["conditions"]
    updated = cluster.api.update("certificatesigningrequests", obj, subresource="approval")
    assert updated["spec"]["signerName"] == "kubernetes.io/kube-apiserver-client"


def test_the_signer_issues_a_certificate_for_approved_client_requests(tmp_path):
    import base64
    import ssl
    c = Cluster(workers=0, wait=False)
    c.apply(csr("angela"))
    c.apply(csr("server").replace("  - client auth", "  - server auth"))
    c.apply(csr("other", signer="example.com/signer"))
    c.advance(5)
    assert "certificate" not in c.api.get("certificatesigningrequests", "angela")["status"]  # not approved yet
    c.kubectl("certificate approve angela server other")  # at t=5
    c.advance(1)
    rows = {line.split()[0]: line.split()[-1] for line in c.kubectl("get csr").stdout.splitlines()[1:]}
    assert rows == {"angela": "Approved,Issued", "other": "Approved", "server": "Approved,Failed"}
    failed = c.api.get("certificatesigningrequests", "server")["status"]["conditions"][-1]
    assert (failed["type"], failed["reason"], failed["message"]) == (
        "Failed", "SignerValidationFailure", "invalid usage for client certificate: server auth")
    pem = base64.b64decode(c.api.get("certificatesigningrequests", "angela")["status"]["certificate"]).decode()
    assert pem.startswith("-----BEGIN CERTIFICATE-----\n") and pem.endswith("-----END CERTIFICATE-----\n")
    path = tmp_path / "angela.crt"
    path.write_text(pem)
    decoded = ssl._ssl._test_decode_cert(str(path))  # CPython's own X.509 reader
    assert decoded["subject"] == ((("commonName", "angela"),),)
    assert decoded["issuer"] == ((("commonName", "kubernetes"),),)
    # backdated five minutes; 24h requested, less the backdate
    assert (decoded["notBefore"], decoded["notAfter"]) == ("Dec 31 23:55:05 2024 GMT", "Jan  1 23:55:05 2025 GMT")
    assert decoded["version"] == 3
