"""How Go prints values, for messages that must match the apiserver's: fmt's %v/%s/%#v, reflect
type names, encoding/json output, and the %#v of the structs validation errors quote."""
import json
from decimal import Decimal

from .errors import GoRaw, go_quote


def go_float(f):
    """strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form outside [1e-4, 1e6)."""
    if f != f or f in (float("inf"), float("-inf")):
        return {"nan": "NaN", "inf": "+Inf", "-inf": "-Inf"}[repr(f)]
    if f == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(f)).normalize().as_tuple()
    digits = "".join(map(str, digits))
    exp = len(digits) + exponent - 1
    prefix = "-" if sign else ""
    if exp < -4 or exp >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{prefix}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    point = exp + 1
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return prefix + digits + "0" * (point - len(digits))
    return f"{prefix}{digits[:point]}.{digits[point:]}"


def go_v(value):
    """fmt's %v of a decoded JSON value (map[a:1 b:[x y]])."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_v(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_v(v) for v in value) + "]"
    return str(value)


def go_s(value):
    """fmt's %s: strings as they are, anything else as %!s(type=value)."""
    return value if isinstance(value, str) else f"%!s({go_type(value)}={go_v(value)})"


def go_type(value):
    """reflect.TypeOf(value).String() for a value decoded by the apiserver (ints kept as int64)."""
    if value is None:
        return "%!s(<nil>)"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "[]interface {}"
    return "map[string]interface {}"


def client_type(value):
    """go_type as kubectl sees it: it decodes every JSON number as float64."""
    kind = go_type(value)
    return "float64" if kind == "int64" else kind


def go_json(value):
    """encoding/json's Marshal of a map: compact, keys sorted, <>& escaped."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def sort_keys(value):
    """A copy with every map's keys in sorted order, as Go marshals a patch it created."""
    if isinstance(value, dict):
        return {k: sort_keys(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [sort_keys(v) for v in value]
    return value


# %#v of the structs validation errors print as their bad value
def str_map(value, nil_if_missing=True):
    if value is None:
        return GoRaw("map[string]string(nil)") if nil_if_missing else GoRaw("map[string]string{}")
    inner = ", ".join(f"{go_quote(k)}:{go_quote(str(v))}" for k, v in sorted(value.items()))
    return GoRaw("map[string]string{" + inner + "}")


def str_list(value):
    if value is None:
        return "[]string(nil)"
    return "[]string{" + ", ".join(go_quote(str(v)) for v in value) + "}"


def intstr(value):
    if isinstance(value, str):
        return GoRaw(f"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{go_quote(value)}}}")
    return GoRaw(f"intstr.IntOrString{{Type:0, IntVal:{int(value or 0)}, StrVal:\"\"}}")


def label_selector(sel):
    sel = sel or {}
    exprs = sel.get("matchExpressions")
    if exprs is None:
        rendered = "[]v1.LabelSelectorRequirement(nil)"
    else:
        items = ", ".join(
            f"v1.LabelSelectorRequirement{{Key:{go_quote(e.get('key', ''))}, Operator:{go_quote(e.get('operator', ''))}, "
            f"Values:{str_list(e.get('values'))}}}" for e in exprs)
        rendered = "[]v1.LabelSelectorRequirement{" + items + "}"
    return GoRaw(f"v1.LabelSelector{{MatchLabels:{str_map(sel.get('matchLabels'))}, MatchExpressions:{rendered}}}")


def service_port_key(protocol, port):
    return GoRaw(f"core.ServicePort{{Name:\"\", Protocol:{go_quote(protocol)}, AppProtocol:(*string)(nil), Port:{port}, "
                 f"TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}")


def go_duration(seconds):
    """time.Duration's String(): `0s`, `300ms`, `1.5ms`, `500µs`, `10.5s`, `1m0s`, `1h2m3.5s`."""
    if seconds == 0:
        return "0s"
    if seconds < 1:
        ms = seconds * 1000
        return f"{ms:g}ms" if ms >= 1 else f"{seconds * 1e6:g}µs"
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    text = f"{rest:.9f}".rstrip("0").rstrip(".") + "s"
    if hours:
        return f"{hours}h{minutes}m{text}"
    if minutes:
        return f"{minutes}m{text}"
    return text
