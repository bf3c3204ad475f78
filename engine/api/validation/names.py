"""Name and format checks worded as k8s.io/apimachinery/pkg/util/validation words them.

Each `is_*` returns the list of failure messages (empty when valid), like the Go functions."""
import ipaddress
import re

QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
QUALIFIED_NAME_MSG = ("must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                      "with an alphanumeric character")
LABEL_VALUE_MSG = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                   "and must start and end with an alphanumeric character")
DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_LABEL_MSG = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                     "and must start and end with an alphanumeric character")
DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*"
DNS1123_SUBDOMAIN_MSG = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                         "'-' or '.', and must start and end with an alphanumeric character")
DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
DNS1035_LABEL_MSG = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                     "alphabetic character, and end with an alphanumeric character")
CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+"
CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
PERCENT_FMT = "[0-9]+%"
PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%'"
HTTP_HEADER_FMT = "[-A-Za-z0-9]+"
HTTP_HEADER_MSG = "a valid HTTP header must consist of alphanumeric characters or '-'"
RELAXED_ENV_MSG = "a valid environment variable name must consist only of printable ASCII characters other than '='"
C_IDENTIFIER_FMT = "[A-Za-z_][A-Za-z0-9_]*"
WILDCARD_MSG = ("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must "
                "consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character")
WILDCARD_FMT = "\\*\\." + DNS1123_SUBDOMAIN_FMT


def _full(fmt, value):
    return re.fullmatch(fmt, value) is not None


def regex_error(msg, fmt, *examples):
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


def max_len_error(length):
    return f"must be no more than {length} characters"


def inclusive_range_error(lo, hi):
    return f"must be between {lo} and {hi}, inclusive"


def is_dns1123_label(value):
    errs = []
    if len(value.encode()) > 63:
        errs.append(max_len_error(63))
    if not _full(DNS1123_LABEL_FMT, value):
        if _full(DNS1123_SUBDOMAIN_FMT, value):
            errs.append("must not contain dots")
        else:
            errs.append(regex_error(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


def is_dns1123_subdomain(value):
    errs = []
    if len(value.encode()) > 253:
        errs.append(max_len_error(253))
    if not _full(DNS1123_SUBDOMAIN_FMT, value):
        errs.append(regex_error(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


def is_dns1035_label(value):
    errs = []
    if len(value.encode()) > 63:
        errs.append(max_len_error(63))
    if not _full(DNS1035_LABEL_FMT, value):
        errs.append(regex_error(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return errs


def is_wildcard_dns1123_subdomain(value):
    errs = []
    if len(value.encode()) > 253:
        errs.append(max_len_error(253))
    if not _full(WILDCARD_FMT, value):
        errs.append(regex_error(WILDCARD_MSG, WILDCARD_FMT, "*.example.com"))
    return errs


def is_qualified_name(value):
    errs = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            errs.extend("prefix part " + m for m in is_dns1123_subdomain(prefix))
    else:
        return [("a qualified name " + regex_error(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
                 + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]
    if not name:
        errs.append("name part must be non-empty")
    elif len(name.encode()) > 63:
        errs.append("name part " + max_len_error(63))
    if not _full(QUALIFIED_NAME_FMT, name):
        errs.append("name part " + regex_error(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"))
    return errs


def is_label_value(value):
    errs = []
    if len(value.encode()) > 63:
        errs.append(max_len_error(63))
    if not _full("(" + QUALIFIED_NAME_FMT + ")?", value):
        errs.append(regex_error(LABEL_VALUE_MSG, "(" + QUALIFIED_NAME_FMT + ")?", "MyValue", "my_value", "12345"))
    return errs


def _chdir_prefix(value):
    if value == ".":
        return ["must not be '.'"]
    if value == "..":
        return ["must not be '..'"]
    if value.startswith(".."):
        return ["must not start with '..'"]
    return []


def is_config_map_key(value):
    errs = []
    if len(value.encode()) > 253:
        errs.append(max_len_error(253))
    if not _full(CONFIG_KEY_FMT, value):
        errs.append(regex_error(CONFIG_KEY_MSG, CONFIG_KEY_FMT, "key.name", "KEY_NAME", "key-name"))
    return errs + _chdir_prefix(value)


def is_relaxed_env_var_name(value):
    """v1.32 has RelaxedEnvironmentVariableValidation on (beta): printable ASCII other than '='."""
    errs = []
    if not value:
        errs.append("environment variable name must be non-empty")
    if any(ord(c) > 127 or not c.isprintable() or c == "=" for c in value):
        errs.append(RELAXED_ENV_MSG)
    return errs


def is_valid_port_num(port):
    return [] if 1 <= port <= 65535 else [inclusive_range_error(1, 65535)]


def is_valid_port_name(port):
    errs = []
    if len(port) > 15:
        errs.append(max_len_error(15))
    if not re.fullmatch("[-a-z0-9]+", port):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not re.search("[a-z]", port):
        errs.append("must contain at least one letter (a-z)")
    if "--" in port:
        errs.append("must not contain consecutive hyphens")
    if port and (port[0] == "-" or port[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def is_valid_percent(value):
    return [] if _full(PERCENT_FMT, value) else [regex_error(PERCENT_MSG, PERCENT_FMT, "1%", "93%")]


def is_http_header_name(value):
    return [] if _full(HTTP_HEADER_FMT, value) else [regex_error(HTTP_HEADER_MSG, HTTP_HEADER_FMT, "X-Header-Name")]


def is_valid_ip(value):
    """Go's netutils.ParseIPSloppy accepts leading zeros; Python does not, which only matters for odd input."""
    try:
        ipaddress.ip_address(value)
        return []
    except ValueError:
        return ["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"]


def is_valid_cidr(value):
    try:
        ipaddress.ip_network(value, strict=False)
        if "/" not in value:
            raise ValueError
        return []
    except ValueError:
        return ["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"]


def _mask_trailing_dash(name):
    return name[:-2] + "a" if len(name) > 1 and name.endswith("-") else name


def name_is_dns_subdomain(name, prefix=False):
    return is_dns1123_subdomain(_mask_trailing_dash(name) if prefix else name)


def name_is_dns_label(name, prefix=False):
    return is_dns1123_label(_mask_trailing_dash(name) if prefix else name)


def name_is_dns1035_label(name, prefix=False):
    return is_dns1035_label(_mask_trailing_dash(name) if prefix else name)


def path_segment_name(name, prefix=False):
    """RBAC object names (path segments): not '.' or '..', no '/' or '%'."""
    if not prefix and name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{bad}'" for bad in ("/", "%") if bad in name]
