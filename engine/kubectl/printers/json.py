"""JSON as kubectl prints it: Go's json.MarshalIndent with 4 spaces, `<`, `>`, `&` escaped.

Objects read from the server print with sorted keys; typed objects (generators) in field order."""
import json


def dumps(obj, sort_keys=True):
    text = json.dumps(obj, indent=4, sort_keys=sort_keys, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")) + "\n"
