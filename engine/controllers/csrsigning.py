"""The csrsigning controller (pkg/controller/certificates/signer): an approved CertificateSigningRequest
for kubernetes.io/kube-apiserver-client(-kubelet) gets status.certificate, an X.509 certificate for the
request's subject and public key issued by the cluster CA; invalid usages get a Failed condition.

The simulation holds no CA private key: the certificate's structure, names, validity and extensions are
those the signer writes, but its signature is made-up bytes that verify against nothing."""
import base64
import hashlib
import re
from datetime import timedelta

from ..api.errors import ApiError
from .base import Controller
from .root_ca_publisher import CA_CRT

SIGNERS = ("kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet")
BACKDATE = timedelta(minutes=5)  # the signer's backdate, and its "short" certificate threshold
SHORT = timedelta(hours=8)
DEFAULT_DURATION = timedelta(days=365)  # --cluster-signing-duration
PEM = re.compile(r"-----BEGIN ([A-Z ]+)-----\s*(.*?)\s*-----END \1-----", re.S)
SHA256_WITH_RSA = bytes.fromhex("300d06092a864886f70d01010b0500")
KEY_USAGE, EXT_KEY_USAGE, BASIC_CONSTRAINTS, AUTHORITY_KEY_ID, SUBJECT_KEY_ID = (
    "551d0f", "551d25", "551d13", "551d23", "551d0e")
CLIENT_AUTH = bytes.fromhex("06082b06010505070302")
KEY_USAGE_BITS = {"digital signature": 0, "key encipherment": 2}


class CSRSigningController(Controller):
    name = "csrsigning"

    def setup(self):
        self.watch("certificatesigningrequests", self._event)

    def _event(self, kind, csr):
        if kind != "DELETED":
            self.enqueue(csr["metadata"]["name"])

    def sync(self, name):
        csr = self.get("certificatesigningrequests", name)
        if csr is None or (csr.get("spec") or {}).get("signerName") not in SIGNERS:
            return None
        status = csr.get("status") or {}
        types = {c.get("type") for c in status.get("conditions") or ()}
        if "Approved" not in types or types & {"Denied", "Failed"} or status.get("certificate"):
            return None
        usages = csr["spec"].get("usages") or []
        problem = _usage_problem(usages)
        request = _request(csr["spec"].get("request", ""))
        if request is None:
            return None  # not a PKCS#10 request: the signer logs it and moves on
        if problem:
            stamp = self.clock.timestamp()
            status.setdefault("conditions", []).append({
                "type": "Failed", "status": "True", "reason": "SignerValidationFailure", "message": problem,
                "lastUpdateTime": stamp, "lastTransitionTime": stamp})
        else:
            status["certificate"] = base64.b64encode(self._issue(csr, request, usages).encode()).decode()
        csr["status"] = status
        try:
            self.server.update("certificatesigningrequests", csr, subresource="status")
        except ApiError as e:
            if e.code != 404:
                raise
        return None

    def _issue(self, csr, request, usages):
        subject, public_key = request
        ca = _ca()
        now = self.clock.datetime().replace(microsecond=0)
        seconds = csr["spec"].get("expirationSeconds")
        ttl = min(timedelta(seconds=seconds), DEFAULT_DURATION) if seconds else DEFAULT_DURATION
        not_before = now - BACKDATE
        not_after = min(now + ttl if ttl < SHORT else now + ttl - BACKDATE, ca["not_after"])
        serial = bytearray(hashlib.sha256(f"serial:{csr['metadata'].get('uid')}".encode()).digest()[:16])
        serial[0] &= 0x7F
        extensions = []
        bits = sorted({KEY_USAGE_BITS[u] for u in usages if u in KEY_USAGE_BITS})
        if bits:
            extensions.append(_extension(KEY_USAGE, _key_usage(bits), critical=True))
        if "client auth" in usages:
            extensions.append(_extension(EXT_KEY_USAGE, _tlv(0x30, CLIENT_AUTH)))
        extensions.append(_extension(BASIC_CONSTRAINTS, _tlv(0x30, b""), critical=True))
        if ca["key_id"]:
            extensions.append(_extension(AUTHORITY_KEY_ID, _tlv(0x30, _tlv(0x80, ca["key_id"]))))
        tbs = _tlv(0x30, _tlv(0xA0, _tlv(0x02, b"\x02")) + _tlv(0x02, bytes(serial).lstrip(b"\x00") or b"\x00")
                   + SHA256_WITH_RSA + ca["subject"]
                   + _tlv(0x30, _utc(not_before) + _utc(not_after)) + subject + public_key
                   + _tlv(0xA3, _tlv(0x30, b"".join(extensions))))
        signature = b"".join(hashlib.sha256(tbs + bytes([i])).digest() for i in range(8))  # 256 bytes, as RSA-2048
        der = _tlv(0x30, tbs + SHA256_WITH_RSA + _tlv(0x03, b"\x00" + signature))
        text = base64.b64encode(der).decode()
        return "-----BEGIN CERTIFICATE-----\n" + "".join(text[i:i + 64] + "\n" for i in range(0, len(text), 64)) + \
            "-----END CERTIFICATE-----\n"


def _usage_problem(usages):
    """validAPIServerClientUsages."""
    for usage in usages:
        if usage not in ("digital signature", "key encipherment", "client auth"):
            return f"invalid usage for client certificate: {usage}"
    if "client auth" not in usages:
        return "missing required usage for client certificate: client auth"
    return None


# ---- DER
def _tlv(tag, content):
    n = len(content)
    length = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + length + content


def _elements(data):
    """[(tag, whole TLV, content)] of a DER sequence's content."""
    out, pos = [], 0
    while pos < len(data):
        start, tag, n = pos, data[pos], data[pos + 1]
        pos += 2
        if n & 0x80:
            count = n & 0x7F
            n = int.from_bytes(data[pos:pos + count], "big")
            pos += count
        out.append((tag, data[start:pos + n], data[pos:pos + n]))
        pos += n
    return out


def _pem_der(text, label):
    match = PEM.search(text)
    if not match or match.group(1) != label:
        return None
    try:
        return base64.b64decode(match.group(2))
    except ValueError:
        return None


def _request(encoded):
    """(subject TLV, subjectPublicKeyInfo TLV) of the PKCS#10 request in spec.request, or None."""
    try:
        der = _pem_der(base64.b64decode(encoded).decode("latin-1"), "CERTIFICATE REQUEST")
        info = _elements(_elements(der)[0][2])[0][2]
        _, subject, spki = [e[1] for e in _elements(info)[:3]]
        return subject, spki
    except (ValueError, IndexError, TypeError):
        return None


def _ca():
    """The CA certificate's subject, notAfter and subject key identifier."""
    tbs = _elements(_elements(_pem_der(CA_CRT, "CERTIFICATE"))[0][2])[0][2]
    fields = _elements(tbs)
    subject, validity = fields[5][1], fields[4][2]
    not_after = _parse_time(_elements(validity)[1])
    key_id = b""
    for tag, _, content in fields[7:]:
        if tag == 0xA3:
            for _, _, ext in _elements(_elements(content)[0][2]):
                parts = _elements(ext)
                if parts[0][2].hex() == SUBJECT_KEY_ID:
                    key_id = _elements(parts[-1][2])[0][2]
    return {"subject": subject, "not_after": not_after, "key_id": key_id}


def _parse_time(element):
    from datetime import datetime, timezone
    tag, _, content = element
    text = content.decode()
    fmt = "%y%m%d%H%M%SZ" if tag == 0x17 else "%Y%m%d%H%M%SZ"
    return datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)


def _utc(moment):
    return _tlv(0x17, moment.strftime("%y%m%d%H%M%SZ").encode())


def _key_usage(bits):
    value = sum(0x80 >> b for b in bits)
    unused = 7 - max(bits)
    return _tlv(0x03, bytes([unused, value]))


def _extension(oid_hex, value, critical=False):
    return _tlv(0x30, _tlv(0x06, bytes.fromhex(oid_hex)) + (_tlv(0x01, b"\xff") if critical else b"")
                + _tlv(0x04, value))
