"""`--sort-by`: kubectl's RuntimeSort (cmd/get/sorter.go) over a relaxed JSONPath field; strings
that are both quantities compare as quantities, objects without the field come first."""
import functools
import re

from ..api import quantity
from .errors import CmdError
from .printers import jsonpath

_RELAXED = re.compile(r"^\{\.?([^{}]+)\}$|^\.?([^{}]+)$")


def relaxed(expression):
    """RelaxedJSONPathExpression: `metadata.name`, `.metadata.name` or `{.metadata.name}` -> `{.metadata.name}`."""
    match = _RELAXED.match(expression)
    if not match:
        raise CmdError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' "
                       "or '{.name1.name2}'")
    return "{." + (match.group(1) or match.group(2)) + "}"


def _first(nodes, obj):
    for node in nodes:
        if node[0] == "path":
            values = jsonpath.evaluate(node[1], obj, obj)
            return values[0] if values else None
    return None


def _less(a, b):
    if isinstance(a, str) and isinstance(b, str):
        try:
            return quantity.parse(a) < quantity.parse(b)
        except (quantity.QuantityError, ValueError):
            return a < b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return a < b
    if isinstance(a, list) and isinstance(b, list):
        for x, y in zip(a, b):
            if not _less(x, y):
                return False
        return True
    raise CmdError(f"unsortable type: {type(a).__name__}")


def sort_objects(objs, expression):
    """The objects ordered by the field; CmdError when no object has it."""
    field = relaxed(expression)
    try:
        nodes = jsonpath.parse(field)
    except jsonpath.JSONPathError as e:
        raise CmdError(str(e))
    keyed = [(_first(nodes, obj), obj) for obj in objs]
    if all(value is None for value, _ in keyed):
        raise CmdError(f'couldn\'t find any field with path "{field}" in the list of objects')

    def compare(x, y):
        (a, _), (b, _) = x, y
        if a is None:
            return -1 if b is not None else 0
        if b is None:
            return 1
        return -1 if _less(a, b) else (1 if _less(b, a) else 0)

    return [obj for _, obj in sorted(keyed, key=functools.cmp_to_key(compare))]
