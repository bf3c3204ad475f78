"""Tab completion in the `python -m engine` shell, as kubectl's own completion offers it: commands and
sub-commands, flags, resource types (`api-resources -o name`) and the names of objects read through the API."""
from .api.errors import ApiError
from .kubectl.cmd import registry
from .kubectl.flags import GLOBAL_FLAGS

SHELL_WORDS = ["kubectl", "sleep", "exit", "curl", "wget"]
POD_VERBS = {"logs", "exec", "attach", "port-forward", "cp", "debug"}  # their first argument is a pod
NODE_VERBS = {"cordon", "uncordon", "drain", "taint"}
TYPED_VERBS = {"get", "describe", "delete", "edit", "label", "annotate", "patch", "scale", "autoscale", "expose",
               "wait", "events", "set", "rollout"}  # TYPE NAME or TYPE/NAME


class Completer:
    """Candidates for the word being typed; `complete` is readline's completer function."""

    def __init__(self, cluster):
        self.cluster = cluster
        self._matches = []

    def complete(self, text, state):
        if state == 0:
            import readline
            self._matches = self.candidates(readline.get_line_buffer()[:readline.get_begidx()], text)
        return self._matches[state] if state < len(self._matches) else None

    def candidates(self, before, text):
        """The completions of `text`, the word after the words of `before`, in kubectl's order."""
        words = before.split()
        if not words:
            options = SHELL_WORDS
        elif words[0] != "kubectl":
            options = []
        else:
            options = self._kubectl(words[1:], text)
        return [o for o in options if o.startswith(text)]

    def _kubectl(self, words, text):
        commands = registry()
        command, args, path, skip = None, [], [], False
        for word in words:
            if skip:  # the value of the flag before
                skip = False
                continue
            if word.startswith("-"):
                skip = "=" not in word and self._takes_value(word, command)
                continue
            if command is None:
                command = commands.get(word)
                path = [word]
                if command is None:
                    return []
            elif not args and word in command.subcommands:
                command = command.subcommands[word]
                path.append(word)
            else:
                args.append(word)
        if command is None:
            return list(commands) if not text.startswith("-") else self._flags(None)
        if text.startswith("-"):
            return self._flags(command)
        if command.subcommands and not args:
            return sorted(name for name, sub in command.subcommands.items() if sub.name == name)
        return self._arguments(path[0], args, text, self._namespace(words))

    def _takes_value(self, word, command):
        flags = list(command.flags if command else ()) + GLOBAL_FLAGS
        name = word.lstrip("-")
        found = next((f for f in flags if (f.name if word.startswith("--") else f.shorthand) == name), None)
        return found is not None and found.kind != "bool"

    def _flags(self, command):
        flags = list(command.flags) if command else []
        return [f"--{flag.name}" for flag in flags + GLOBAL_FLAGS]

    def _arguments(self, verb, args, text, namespace):
        if verb in POD_VERBS and not args:
            return self._names("pods", namespace)
        if verb in NODE_VERBS and not args:
            return self._names("nodes", namespace)
        if verb not in TYPED_VERBS:
            return []
        if "/" in text:
            kind = text.split("/", 1)[0]
            return [f"{kind}/{name}" for name in self._names(kind, namespace)]
        if not args:
            return self._types()
        return self._names(args[0], namespace)

    def _types(self):
        return sorted(r.full_name for r in self.cluster.api.api_resources() if "get" in r.verbs)

    def _names(self, kind, namespace):
        try:
            resource = self.cluster.api.resource(kind)
            listed = self.cluster.api.list(resource, namespace if resource.namespaced else None)
        except (ApiError, KeyError, ValueError):
            return []
        return [item["metadata"]["name"] for item in listed["items"]]

    def _namespace(self, words):
        for i, word in enumerate(words):
            if word in ("-n", "--namespace") and i + 1 < len(words):
                return words[i + 1]
            if word.startswith("--namespace="):
                return word.split("=", 1)[1]
            if word in ("-A", "--all-namespaces"):
                return None
        return self.cluster._kubectl_client().namespace  # the kubeconfig context's namespace
