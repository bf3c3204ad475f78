"""How kubectl turns errors into text: checkErr/StandardErrorMessage/MultilineError of
staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (exit code 1 for every error)."""
from ..api.errors import ApiError

DEFAULT_ERROR_EXIT_CODE = 1


class CmdError(Exception):
    """A client-side error; printed as `error: <message>` unless it already starts with it."""


class UsageError(CmdError):
    """A usage error: the message is followed by `See 'kubectl <cmd> -h' for help and examples`."""


class NoResourceMatch(CmdError):
    """The server has no such resource type (discovery found nothing)."""

    def __init__(self, resource):
        super().__init__(f'the server doesn\'t have a resource type "{resource}"')


class RawError(CmdError):
    """A message printed exactly as given (no `error: ` prefix)."""


def standard_message(err):
    """StandardErrorMessage: API Status errors as `Error from server (Reason): message`."""
    if isinstance(err, ApiError):
        if err.reason == "Unauthorized":
            return f"error: You must be logged in to the server ({err.message})"
        if err.reason:
            return f"Error from server ({err.reason}): {err.message}"
        return f"Error from server: {err.message}"
    return None


def message_for(err):
    return standard_message(err) or str(err)


def multiline(prefix, messages):
    if len(messages) == 1:
        return f"{prefix}{messages[0]}\n"
    return prefix + "\n" + "".join(f"* {m}\n" for m in messages)


def aggregate(errs):
    """checkErr of a utilerrors.Aggregate (MultipleErrors): each error's message on a line of its own, with no
    "error: " prefix even when there is one error (get and describe return their errors so)."""
    return "".join(message_for(e) + "\n" for e in errs)


def render(err):
    """checkErr: the text kubectl writes to stderr for `err` (always newline-terminated); a list of several is
    an Aggregate, one alone is the error itself (utilerrors.Reduce)."""
    if isinstance(err, list):
        if len(err) != 1:
            return aggregate(err)
        err = err[0]
    if isinstance(err, ApiError) and err.reason == "Invalid":
        details = err.details
        text = "The request is invalid"
        details = details or {}
        causes = details.get("causes") or []
        if details.get("kind") or details.get("name"):
            text = f'The {details.get("kind", "")} "{details.get("name", "")}" is invalid'
        elif err.message and not causes:  # checkErr adds the server's message when nothing else names it
            text += ": " + err.message
        if not causes:
            return text + "\n"
        seen, messages = set(), []
        for cause in causes:
            msg = f'{cause.get("field", "")}: {cause.get("message", "")}'
            if msg not in seen:
                seen.add(msg)
                messages.append(msg)
        return multiline(text + ": ", messages)
    if isinstance(err, RawError):
        msg = str(err)
    else:
        msg = standard_message(err)
        if msg is None:
            msg = str(err)
            if not msg.startswith("error: "):
                msg = "error: " + msg
    return msg if msg.endswith("\n") else msg + "\n"


def with_source(verb, source, err):
    """AddSourceToErr: `error when creating "x.yaml": ...` in the message of an API error."""
    if not source:
        return err
    if isinstance(err, ApiError):
        return err.with_message(f'error when {verb} "{source}": {err.message}')
    return CmdError(f'error when {verb} "{source}": {err}')
