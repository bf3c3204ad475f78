"""Go's %#v renderings of the structs that validation errors print as their bad value.

Only the shapes learners meet: label selectors, IntOrString, string maps, service ports."""
from ..errors import GoRaw, go_quote


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
