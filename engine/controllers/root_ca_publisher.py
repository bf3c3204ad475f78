"""The root CA publisher: every namespace has the `kube-root-ca.crt` ConfigMap holding the
cluster CA (pkg/controller/certificates/rootcacertpublisher), restored if deleted or edited."""
from ..api.errors import ApiError
from .base import Controller, terminating_namespace

NAME = "kube-root-ca.crt"
DESCRIPTION_ANNOTATION = "kubernetes.io/description"
DESCRIPTION = ("Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints "
               "such as the internal service IP or kubernetes.default.svc. "
               "No other usage is guaranteed across distributions of Kubernetes clusters.")
# The simulated cluster's CA: self-signed, CN=kubernetes, valid from just before the cluster's epoch
# for ten years, as `kubeadm init` makes it. Fixed so every run prints the same bytes.
CA_CRT = """\
-----BEGIN CERTIFICATE-----
MIIDBTCCAe2gAwIBAgIIWjyecdK4TwYwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE
AwwKa3ViZXJuZXRlczAeFw0yNDEyMzEyMzU1MDBaFw0zNDEyMjkyMzU1MDBaMBUx
EzARBgNVBAMMCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK
AoIBAQCcEpdKGUmhHH5VNJXJCSFpVxiRYDBSpHwsbeFNREmk5VacM209nL+R9fTG
DNzex9BnjrU9WXkW+JWA+rZvmowKZeJ6S/Y1ahWbqQ6nufaURxDpQ/hBdwz8wzhn
vYiEowzwFIoygPyCdXxpLCK+NKUMPptyakwB6S+VfbaMtsVEJVoPwsRlal0Me7dn
VMoL0ioVl2A0wSDs011aRSEejJ/8HTMQ14Ac51dr/Rrvil4TXHc+7YQJ9O4annp0
FQK2QiHR9Qpj2aZULipAYnqM5RWSWl+8bqdLPDFIkNfro9QS0kExKsuWGBNZc21e
Lx2fJsa6nCjdmLfKzzBLQnI1CQC3AgMBAAGjWTBXMA4GA1UdDwEB/wQEAwICpDAP
BgNVHRMBAf8EBTADAQH/MB0GA1UdDgQWBBQ+oF/GawugVK7dDXzYMnQyW3TsqDAV
BgNVHREEDjAMggprdWJlcm5ldGVzMA0GCSqGSIb3DQEBCwUAA4IBAQBKscIOH4+c
EYbmLsY9AIovBuI+00BStztL1CLCuEa5yKc+2aikhXbe4r50ie6+Eyx/JyqGNY0j
DvBBKVcXCKCCyVGaln1f4upuu7yT20WxgMMAmIBkEbBbQmxKeBLfCfwP+Ws+LYdA
8/wMdCoWaEYl1FSgHkFlUrd68jwhaJgLiHo+exdcGBYWgqucvLgSHO2D8amyySWp
yFKac2NyRle6QNbZ9TDGLVwGxsdUz7AQpJY3enDu2y6waZVtksFzcIJJ6WWc0H2R
/Dn0gSb1BmF2DdekzN/qpzUWCakWiTEpdsAa3czSCIHEpNHd9suMIzrNSg4AcfoW
9JQG+VwtoZVI
-----END CERTIFICATE-----
"""


class RootCAPublisher(Controller):
    name = "root-ca-cert-publisher"

    def setup(self):
        self.watch("namespaces", self._namespace_event)
        self.watch("configmaps", self._configmap_event, replay=False)

    def _namespace_event(self, kind, ns):
        if kind != "DELETED":
            self.enqueue(ns["metadata"]["name"])

    def _configmap_event(self, kind, cm):
        if kind != "ADDED" and cm["metadata"]["name"] == NAME:
            self.enqueue(cm["metadata"]["namespace"])

    def sync(self, namespace):
        cm = self.get("configmaps", NAME, namespace)
        data = {"ca.crt": CA_CRT}
        if cm is None:
            try:
                self.server.create("configmaps", {
                    "apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": NAME, "namespace": namespace,
                                 "annotations": {DESCRIPTION_ANNOTATION: DESCRIPTION}},
                    "data": data})
            except ApiError as e:
                # a namespace that is gone or going is not retried
                if e.code != 404 and not terminating_namespace(e):
                    raise
            return None
        annotations = cm["metadata"].get("annotations") or {}
        if cm.get("data") == data and annotations.get(DESCRIPTION_ANNOTATION):
            return None
        cm["data"] = data
        cm["metadata"]["annotations"] = dict(annotations, **{DESCRIPTION_ANNOTATION: DESCRIPTION})
        self.server.update("configmaps", cm, namespace=namespace)
        return None
