"""`kubectl describe` for CertificateSigningRequests: the PKCS#10 request in spec.request is decoded
(a small DER reader for its subject and subjectAltName) and laid out as describe.go does."""
import base64
import ipaddress
import re

from ..errors import CmdError
from ...api.duration import human_duration
from .storage import format_labels
from .writer import events_table, rfc1123z

# pkix.Name fields by attribute OID, in the order describe.go prints the list ones
COMMON_NAME, SERIAL_NUMBER = "2.5.4.3", "2.5.4.5"
LISTS = (("Organization", "2.5.4.10"), ("Organizational Unit", "2.5.4.11"), ("Country", "2.5.4.6"),
         ("Locality", "2.5.4.7"), ("Province", "2.5.4.8"), ("StreetAddress", "2.5.4.9"), ("PostalCode", "2.5.4.17"))
EXTENSION_REQUEST, SUBJECT_ALT_NAME = "1.2.840.113549.1.9.14", "2.5.29.17"
PEM = re.compile(r"-----BEGIN ([A-Z ]+)-----\s*(.*?)\s*-----END \1-----", re.S)


class DerError(ValueError):
    """Raised for bytes that are not the DER a certificate request is made of."""


def _read(data, pos):
    """One TLV at pos: (tag, value bytes, next position)."""
    if pos + 2 > len(data):
        raise DerError("asn1: syntax error: data truncated")
    tag, length, pos = data[pos], data[pos + 1], pos + 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise DerError("asn1: syntax error: data truncated")
    return tag, data[pos:pos + length], pos + length


def _children(data):
    pos, out = 0, []
    while pos < len(data):
        tag, value, pos = _read(data, pos)
        out.append((tag, value))
    return out


def _oid(value):
    parts, number = [], 0
    for byte in value:
        number = (number << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(number)
            number = 0
    first = min(parts[0] // 40, 2)
    return ".".join(str(p) for p in [first, parts[0] - 40 * first] + parts[1:])


def _ip(raw):
    if len(raw) == 16 and raw[:12] == b"\0" * 10 + b"\xff\xff":
        raw = raw[12:]  # net.IP prints IPv4-mapped addresses dotted
    return str(ipaddress.ip_address(raw))


def parse_csr(request_b64):
    """certificate.ParseCSR: the subject attributes and alternative names of a PEM request."""
    pem = PEM.search(base64.b64decode(request_b64 or "").decode("latin-1"))
    if pem is None or pem.group(1) != "CERTIFICATE REQUEST":
        raise DerError("PEM block type must be CERTIFICATE REQUEST")
    der = base64.b64decode(pem.group(2))
    info = _children(_children(_read(der, 0)[1])[0][1])
    subject = {"names": []}
    for rdn in _children(info[1][1]):
        for _, attr in _children(rdn[1]):
            oid, value = _children(attr)
            subject["names"].append((_oid(oid[1]), value[1].decode("utf-8", "replace")))
    sans = {"dns": [], "email": [], "uri": [], "ip": []}
    for tag, attributes in info[3:]:
        if tag != 0xA0:
            continue
        for _, attribute in _children(attributes):
            oid, values = _children(attribute)
            if _oid(oid[1]) != EXTENSION_REQUEST:
                continue
            for _, extensions in _children(values[1]):
                for _, extension in _children(extensions):
                    parts = _children(extension)
                    if _oid(parts[0][1]) == SUBJECT_ALT_NAME:
                        _alt_names(_read(parts[-1][1], 0)[1], sans)
    return subject, sans


def _alt_names(general_names, sans):
    for tag, value in _children(general_names):
        if tag == 0x82:
            sans["dns"].append(value.decode("ascii", "replace"))
        elif tag == 0x81:
            sans["email"].append(value.decode("ascii", "replace"))
        elif tag == 0x86:
            sans["uri"].append(value.decode("ascii", "replace"))
        elif tag == 0x87:
            sans["ip"].append(_ip(value))


def csr_status(csr):
    """extractCSRStatus: Denied over Approved over Pending, then `,Failed` and `,Issued`."""
    types = {c.get("type") for c in (csr.get("status") or {}).get("conditions") or ()}
    status = "Denied" if "Denied" in types else "Approved" if "Approved" in types else "Pending"
    if "Failed" in types:
        status += ",Failed"
    if (csr.get("status") or {}).get("certificate"):
        status += ",Issued"
    return status


def describe_certificatesigningrequest(w, csr, events, api):
    meta, spec = csr["metadata"], csr.get("spec") or {}
    try:
        subject, sans = parse_csr(spec.get("request"))
    except (DerError, ValueError, IndexError) as e:
        raise CmdError(f"Error parsing CSR: {e}")
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Labels:\t{format_labels(meta.get('labels'))}\n")
    w.write(0, f"Annotations:\t{format_labels(meta.get('annotations'))}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, f"Requesting User:\t{spec.get('username', '')}\n")
    if spec.get("signerName"):
        w.write(0, f"Signer:\t{spec['signerName']}\n")
    if spec.get("expirationSeconds") is not None:
        w.write(0, f"Requested Duration:\t{human_duration(spec['expirationSeconds'])}\n")
    w.write(0, f"Status:\t{csr_status(csr)}\n")
    names = subject["names"]
    w.write(0, "Subject:\n")
    w.write(0, f"\tCommon Name:\t{next((v for o, v in reversed(names) if o == COMMON_NAME), '')}\n")
    w.write(0, f"\tSerial Number:\t{next((v for o, v in reversed(names) if o == SERIAL_NUMBER), '')}\n")
    for title, oid in LISTS:
        _list(w, title, [v for o, v in names if o == oid])
    if any(sans.values()):
        w.write(0, "Subject Alternative Names:\n")
        for title, key in (("DNS Names", "dns"), ("Email Addresses", "email"), ("URIs", "uri"), ("IP Addresses", "ip")):
            _list(w, title, sans[key])
    if events is not None:
        events_table(w, events)


def _list(w, title, values):
    """printListHelper: values one per line under a tab-indented title."""
    if values:
        w.write(0, f"\t{title}:\t" + "\n\t\t".join(values) + "\n")
