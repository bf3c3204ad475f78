"""`kubectl annotate`: KEY=VALUE and KEY- on objects' annotations, with label's selection and
patching; prints `pod/x annotated` or the annotations with --list."""
from ..errors import CmdError
from . import Command
from .label import MetadataEdit, flags, run_edit

CHANGE_CAUSE = "kubernetes.io/change-cause"


def parse_pairs(specs, pair_type, support_remove=True):
    """ParsePairs: `KEY=VALUE` (the value may hold `=`) and, when supported, `KEY-`."""
    new, remove, invalid = {}, [], []
    for spec in specs:
        if "=" in spec and spec[0] != "=":
            key, _, value = spec.partition("=")
            new[key] = value
        elif support_remove and spec.endswith("-") and spec != "-":
            remove.append(spec[:-1])
        else:
            invalid.append(spec)
    if invalid:
        raise CmdError(f"invalid {pair_type} format: {', '.join(invalid)}")
    return new, remove


class Annotations(MetadataEdit):
    field, noun = "annotations", "annotation"

    def parse(self, pairs):
        return parse_pairs(pairs, "annotation")

    def check_pairs(self, new, remove):
        both = [key for key in remove if key in new]
        if both:
            raise CmdError("can not both modify and remove the following annotation(s) in the same command: "
                           + ", ".join(both))

    def check_overwrite(self, current, new):
        found = [f"'{k}' already has a value ({current[k]})" for k in sorted(new)
                 if k != CHANGE_CAUSE and k in current and current[k] != new[k]]
        if found:
            raise CmdError("--overwrite is false but found the following declared annotation(s): " + "; ".join(found))

    def message(self, old, new, overwrite):
        return "annotated"

    def missing_notice(self, key):
        return ""


def run(ctx):
    return run_edit(ctx, Annotations())


COMMAND = Command("annotate", run, flags("kubectl-annotate"))
