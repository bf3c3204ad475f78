"""Resource-list arithmetic for admission and quota on top of engine.api.quantity: sums that keep
apimachinery's format rule (a zero receiver takes the other's format) and prettyPrint."""
from ..quantity import Quantity, QuantityError, parse

__all__ = ["Quantity", "add", "add_lists", "parse", "parse_list", "pretty"]


def add(a, b):
    """Quantity.Add: the receiver's format, unless the receiver is zero."""
    return Quantity(a.value + b.value, b.format if a.value == 0 else a.format)


def add_lists(a, b):
    """quota.Add: the sum of two resource lists (dicts of name -> Quantity)."""
    out = dict(a)
    for key, value in b.items():
        out[key] = add(out[key], value) if key in out else value
    return out


def parse_list(resources):
    """A dict of name -> Quantity from an API ResourceList (what does not parse is left out)."""
    out = {}
    for key, value in (resources or {}).items():
        try:
            out[key] = parse(value)
        except QuantityError:
            continue
    return out


def pretty(resources):
    """prettyPrint of a resource list: sorted `name=value` pairs joined by commas."""
    return ",".join(f"{key}={resources[key]}" for key in sorted(resources))
