"""curl 7.88.1 and GNU Wget 1.21.3 as installed on the workstation (Debian 12): their options, output and
exit codes for the requests a learner sends to NodePorts, LoadBalancers, port-forwards and `kubectl proxy`."""
from ..node.runtime.network import NetError, split_url
from .workstation import EmptyReply

CURL_VERSION = "7.88.1"
WGET_VERSION = "1.21.3"
CURL_HINT = "curl: try 'curl --help' or 'curl --manual' for more information\n"
CURL_FLAGS = {"s": "silent", "S": "show-error", "i": "include", "I": "head", "f": "fail", "L": "location",
              "k": "insecure", "v": "verbose"}
CURL_VALUES = {"o": "output", "w": "write-out", "H": "header", "X": "request", "m": "max-time", "A": "user-agent",
               "d": "data"}
CURL_LONG_VALUES = set(CURL_VALUES.values()) | {"connect-timeout", "data-raw"}
MAX_REDIRECTS = 50


class CurlUsage(Exception):
    """A command line curl refuses before sending anything (exit code 2)."""


def parse_curl(args):
    """({long option: value, or True; "header": [values]}, [urls]) as curl's getparameter reads them."""
    opts, urls = {"header": []}, []
    args = list(args)
    while args:
        arg = args.pop(0)
        if arg.startswith("--") and len(arg) > 2:
            name, eq, value = arg[2:].partition("=")
            if name in CURL_LONG_VALUES:
                if not eq:
                    if not args:
                        raise CurlUsage(f"curl: option --{name}: requires parameter\n")
                    value = args.pop(0)
                _set(opts, name, value)
            elif name in CURL_FLAGS.values() and not eq:
                opts[name] = True
            else:
                raise CurlUsage(f"curl: option --{name}: is unknown\n")
        elif arg.startswith("-") and len(arg) > 1:
            for i, letter in enumerate(arg[1:], 1):
                if letter in CURL_FLAGS:
                    opts[CURL_FLAGS[letter]] = True
                    continue
                if letter not in CURL_VALUES:
                    raise CurlUsage(f"curl: option -{letter}: is unknown\n")
                value = arg[i + 1:]
                if not value:
                    if not args:
                        raise CurlUsage(f"curl: option -{letter}: requires parameter\n")
                    value = args.pop(0)
                _set(opts, CURL_VALUES[letter], value)
                break
        else:
            urls.append(arg)
    return opts, urls


def _set(opts, name, value):
    if name == "header":
        opts["header"].append(value)
    else:
        opts["data" if name == "data-raw" else name] = value


def curl(ws, args, out, err):
    """curl [options] URL...: the body (or headers) to stdout, errors as curl words them; the exit code."""
    try:
        opts, urls = parse_curl(args)
        if not urls:
            raise CurlUsage("curl: no URL specified!\n")
        timeout = _seconds(opts, "max-time") or _seconds(opts, "connect-timeout")
    except CurlUsage as e:
        err(str(e) + CURL_HINT)
        return 2
    target = opts.get("output")
    if isinstance(target, str) and target not in ("/dev/null", "-"):
        err("curl: the workstation's files are not simulated: use -o /dev/null or -o -\n")
        return 23
    code = 0
    for url in urls:
        code = _curl_one(ws, opts, url, timeout, out, err)
    return code


def _seconds(opts, name):
    value = opts.get(name)
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        raise CurlUsage(f"curl: option --{name}: expected a proper numerical parameter\n")
    return seconds or None


def _curl_one(ws, opts, url, timeout, out, err):
    show_errors = not opts.get("silent") or opts.get("show-error")
    method = opts.get("request") or ("HEAD" if opts.get("head") else "POST" if "data" in opts else "GET")
    headers = {"User-Agent": opts.get("user-agent", f"curl/{CURL_VERSION}"), "Accept": "*/*"}
    if "data" in opts:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    for header in opts["header"]:
        key, _, value = header.partition(":")
        if value.strip():
            headers[key.strip()] = value.strip()
        else:
            headers.pop(key.strip(), None)
    _, host, port, _ = split_url(url)
    written = []
    verbose = Verbose(err if opts.get("verbose") else None)
    try:
        for _ in range(MAX_REDIRECTS + 1):
            attempts = []
            try:
                response = ws.request(method, url, headers, timeout, opts.get("data", ""), attempts)
            finally:
                verbose.attempts(attempts, url, method, headers, timeout)
            verbose.response(response)
            ws.spend(response.elapsed)
            location = response.headers.get("Location")
            if not opts.get("location") or response.status not in (301, 302, 303, 307, 308) or not location:
                break
            written.append(_head(response) if opts.get("include") or opts.get("head") else "")
            url = location if "://" in location else f"http://{host}:{port}{location}"
            _, host, port, _ = split_url(url)
    except NetError as e:
        ws.spend(timeout if e.kind == "timeout" and timeout else e.elapsed)
        message = _connect_error(e, host, port, timeout)
        verbose.close(message.split(") ", 1)[1])
        if show_errors:
            err(message)
        _write_out(opts, None, port, out, err)
        return _CODES.get(e.kind, 7)
    except EmptyReply:
        verbose.close("Empty reply from server\n")
        if show_errors:
            err("curl: (52) Empty reply from server\n")
        _write_out(opts, None, port, out, err)
        return 52
    if opts.get("fail") and response.status >= 400:
        if show_errors:
            err(f"curl: (22) The requested URL returned error: {response.status}\n")
        _write_out(opts, response, port, out, err)
        return 22
    text = "".join(written) + (_head(response) if opts.get("include") or opts.get("head") else "")
    text += "" if method == "HEAD" or opts.get("head") else response.body
    if opts.get("output") != "/dev/null":
        out(text)
    verbose.done(response, host)
    _write_out(opts, response, port, out, err)
    return 0


class Verbose:
    """curl -v on a terminal: `*` notes, `>` request and `<` response headers (CRLF-ended) on stderr."""
    REASONS = {"refused": "Connection refused", "unreachable": "No route to host", "timeout": "Connection timed out"}

    def __init__(self, err):
        self.err = err

    def attempts(self, attempts, url, method, headers, timeout=None):
        if self.err is None:
            return
        _, host, port, path = split_url(url)
        for ip, failure in attempts:
            shown = f"[{ip}]" if ":" in ip else ip
            self.err(f"*   Trying {shown}:{port}...\n")
            if failure is not None:  # (curl's own -m / --connect-timeout ends the wait before the kernel does)
                if not (failure.kind == "timeout" and timeout):
                    self.err(f"* connect to {ip} port {port} failed: {self.REASONS[failure.kind]}\n")
                continue
            self.err(f"* Connected to {host} ({ip}) port {port} (#0)\n")
            name = f"[{host}]" if ":" in host else host
            lines = [f"{method} {path} HTTP/1.1", f"Host: {headers.get('Host') or (name if port in (80, 443) else f'{name}:{port}')}"]
            lines += [f"{k}: {v}" for k, v in headers.items() if k != "Host"]
            self.err("".join(f"> {line}\r\n" for line in lines) + "> \r\n")

    def response(self, response):
        if self.err is not None:
            self.err("".join(f"< {line}\r\n" for line in _head(response).split("\r\n")[:-2]) + "< \r\n")

    def close(self, message):
        if self.err is not None:
            self.err(f"* {message}* Closing connection 0\n")

    def done(self, response, host):
        if self.err is None:
            return
        if response.headers.get("Connection", "").lower() == "close":
            self.err("* Closing connection 0\n")
        else:
            self.err(f"* Connection #0 to host {host} left intact\n")


_CODES = {"bad address": 6, "refused": 7, "unreachable": 7, "timeout": 28, "reset": 56}


def _connect_error(e, host, port, timeout):
    if e.kind == "bad address":
        return f"curl: (6) Could not resolve host: {host}\n"
    if e.kind == "reset":
        return "curl: (56) Recv failure: Connection reset by peer\n"
    if e.kind == "timeout" and timeout:
        return f"curl: (28) Connection timed out after {int(timeout * 1000) + 1} milliseconds\n"
    code = 28 if e.kind == "timeout" else 7
    return f"curl: ({code}) Failed to connect to {host} port {port} after {int(e.elapsed * 1000)} ms: " \
           "Couldn't connect to server\n"


def _head(response):
    return f"HTTP/1.1 {response.status} {response.reason}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in response.headers.items()) + "\r\n"


def _write_out(opts, response, port, out, err):
    """-w/--write-out: the variables learners use, `\\n` and `\\t`; an unknown one is named on stderr."""
    template = opts.get("write-out")
    if template is None:
        return
    values = {
        "http_code": f"{response.status:03d}" if response else "000",
        "response_code": f"{response.status:03d}" if response else "000",
        "remote_ip": response.ip if response else "",
        "remote_port": str(port) if response else "0",
        "size_download": str(len(response.body.encode())) if response else "0",
        "content_type": response.headers.get("Content-Type", "") if response else "",
        "time_total": f"{(response.elapsed if response else 0):.6f}",
    }
    text, i = [], 0
    while i < len(template):
        if template.startswith("%{", i) and "}" in template[i:]:
            name = template[i + 2:template.index("}", i)]
            if name in values:
                text.append(values[name])
            else:
                err(f"curl: unknown --write-out variable: '{name}'\n")
            i = template.index("}", i) + 1
        elif template.startswith("\\n", i) or template.startswith("\\t", i) or template.startswith("\\r", i):
            text.append({"n": "\n", "t": "\t", "r": "\r"}[template[i + 1]])
            i += 2
        else:
            text.append(template[i])
            i += 1
    out("".join(text))


def wget(ws, args, out, err):
    """GNU Wget, quiet downloads to stdout (`wget -qO- URL`): the body, or exit 4 (network) / 8 (HTTP error)."""
    quiet, target, urls, headers = False, None, [], {"User-Agent": f"Wget/{WGET_VERSION}", "Accept": "*/*"}
    args = list(args)
    while args:
        arg = args.pop(0)
        if arg in ("-q", "--quiet"):
            quiet = True
        elif arg in ("-qO-", "-qO", "-O") or arg.startswith("-O") or arg.startswith("--output-document"):
            quiet = quiet or arg.startswith("-q")
            value = arg.split("=", 1)[1] if "=" in arg else arg[arg.index("O") + 1:]
            target = value if value else (args.pop(0) if args else "")
        elif arg.startswith("--header="):
            key, _, value = arg[len("--header="):].partition(":")
            headers[key.strip()] = value.strip()
        elif arg.startswith("-"):
            err(f"wget: invalid option -- '{arg.lstrip('-')[:1]}'\nUsage: wget [OPTION]... [URL]...\n\n"
                "Try `wget --help' for more options.\n")
            return 2
        else:
            urls.append(arg)
    if not urls:
        err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n")
        return 1
    if not quiet or target != "-":
        err("wget: the workstation simulates quiet downloads to stdout only: wget -qO- URL\n")
        return 1
    code = 0
    for url in urls:
        try:
            response = ws.request("GET", url, headers)
        except (NetError, EmptyReply) as e:
            ws.spend(getattr(e, "elapsed", 0.0))
            code = 4
            continue
        ws.spend(response.elapsed)
        if response.status >= 400:
            code = 8
            continue
        out(response.body)
    return code
