"""Network applets through `ctx.network`: busybox wget and nslookup, nc, and curl (Debian images),
with their real messages for refused connections, unknown names, timeouts and HTTP errors."""
import posixpath
import re

from ...runtime.context import program
from ...runtime.fs import FsError
from ...runtime.network import NetError, Network, split_url
from ...runtime.process import Signal, Sleep, WaitForever
from .common import number, options

WGET_USER_AGENT = "Wget"
CURL_VERSION = "7.88.1"
NSLOOKUP_TIMEOUT = 5.0  # busybox's default_timeout: the seconds one server gets to answer (retries included)


def network(ctx):
    return ctx.network or Network()


def _spend(result):
    elapsed = getattr(result, "elapsed", 0.0) or 0.0
    if elapsed > 0:
        yield Sleep(elapsed)


def ulltoa5(n):
    """busybox's smart_ulltoa5: sizes in 5 characters ("  615", "24870", " 120k", "92.1M")."""
    if n <= 99999:
        return f"{n:>5}"
    n, idx = n * 10, 0
    while True:
        n //= 1024
        idx += 1
        if n < 100000:
            break
    whole, tenth = divmod(n, 10)
    return (f"{whole:>4}" if whole >= 100 else f"{whole:>2}.{tenth}") + " kMGTPEZY"[idx]


def _progress(name, size, version=(1, 36)):
    """The final progress line, as busybox writes it when stderr is not a terminal (80 columns)."""
    if version < (1, 29):
        scale = 0
        while size >= 100000:
            size >>= 10
            scale += 1
        return f"{name:<20.20}{100:>4}% |{'*' * 31}|{size:>6}{' kMGTPEZY'[scale]}  0:00:00 ETA\n"
    return f"{name:<20.20} 100% |{'*' * 32}| {ulltoa5(size)}  0:00:00 ETA\n"


@program("wget")
def wget(ctx, argv):
    opts, urls = options(argv[1:], with_value=tuple("OTUYeP") + ("header", "timeout", "post-data", "post-file",
                                                                "user-agent", "output-document"), letters="qcsS")
    quiet = "q" in opts
    spider = "spider" in opts
    if not urls:
        ctx.err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] "
                "[-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t"
                "[-P DIR] [-U AGENT] [-T SEC] URL...\n")
        return 1
    timeout = number(ctx, "wget", opts.get("T") or opts.get("timeout") or 900, float)
    if timeout is None:
        return 1
    url = urls[0]
    _, host, port, path = split_url(url)
    net = network(ctx)
    try:
        ips = net.resolve(ctx, host)
    except NetError:
        ctx.err(f"wget: bad address '{host}'\n")
        return 1
    if not quiet:
        ctx.err(f"Connecting to {host} ({ips[0]}:{port})\n")
    headers = {"User-Agent": opts.get("U", opts.get("user-agent", WGET_USER_AGENT))}
    header = opts.get("header")
    if isinstance(header, str) and ":" in header:  # --header 'Host: shop.example.com' (an Ingress rule's host)
        key, _, value = header.partition(":")
        headers[key.strip()] = value.strip()
    for _ in range(16):  # busybox follows 16 redirects, then dies with "too many redirections"
        if url.startswith("https://") and not quiet:
            ctx.err("wget: note: TLS certificate validation not implemented\n")
        try:
            response = net.http(ctx, "HEAD" if spider else "GET", url, headers, timeout)
        except NetError as err:
            yield from _spend(err)
            if err.kind == "timeout":
                ctx.err("wget: download timed out\n")
            elif err.kind == "bad address":
                ctx.err(f"wget: bad address '{host}'\n")
            else:
                reason = {"refused": "Connection refused", "unreachable": "No route to host",
                          "reset": "Connection reset by peer"}.get(err.kind, err.kind)
                ctx.err(f"wget: can't connect to remote host ({err.ip or ips[0]}): {reason}\n")
            return 1
        location = response.headers.get("Location")
        if response.status not in (301, 302, 303, 307, 308) or not location:
            break
        yield from _spend(response)
        url = location if "://" in location else f"http://{host}:{port}{location}"
        _, host, port, path = split_url(url)
        try:
            ips = net.resolve(ctx, host)
        except NetError:
            ctx.err(f"wget: bad address '{host}'\n")
            return 1
        if not quiet:
            ctx.err(f"Connecting to {host} ({ips[0]}:{port})\n")
    else:
        ctx.err("wget: too many redirections\n")
        return 1
    yield from _spend(response)
    if response.status >= 400:
        ctx.err(f"wget: server returned error: HTTP/1.1 {response.status} {response.reason}\n")
        return 1
    if spider:
        if not quiet:
            ctx.err("remote file exists\n")
        return 0
    target = opts.get("O") or posixpath.basename(path.split("?")[0]) or "index.html"
    size = len(response.body.encode())
    version = busybox_version(ctx)
    chatty = not quiet and version >= (1, 31)  # "saving to"/"saved" lines came with busybox 1.31
    if target == "-":
        if chatty:
            ctx.err("writing to stdout\n")
        ctx.out(response.body)
        if not quiet:
            ctx.err(_progress("-", size, version) + ("written to stdout\n" if chatty else ""))
        return 0
    directory = opts.get("P")
    if directory:
        target = posixpath.join(directory, target)
    file_path = ctx.path(target)
    if "O" not in opts and ctx.fs.exists(file_path):
        ctx.err(f"wget: can't open '{target}': File exists\n")
        return 1
    if chatty:
        ctx.err(f"saving to '{target}'\n")
    try:
        ctx.fs.write(file_path, response.body)
    except FsError as err:
        ctx.err(f"wget: can't open '{target}': {err.strerror}\n")
        return 1
    if not quiet:
        ctx.err(_progress(posixpath.basename(target), size, version) + (f"'{target}' saved\n" if chatty else ""))
    return 0


def busybox_version(ctx):
    config = getattr(ctx.container, "config", None) or {}
    parts = str(config.get("busybox", "1.36.1")).split(".")
    return tuple(int(p) for p in parts[:2] if p.isdigit())


def reverse_name(net, ctx, ip):
    reverse = getattr(net, "reverse", None)
    return reverse(ctx, ip) if reverse is not None else None


def old_nslookup(ctx, net, name, server):
    """busybox before 1.29 (busybox:1.28, the DNS debugging page's image): the resolver-based format."""
    server_name = reverse_name(net, ctx, server)
    ctx.out(f"Server:    {server}\nAddress 1: {server}{' ' + server_name if server_name else ''}\n\n")
    try:
        ips = net.resolve(ctx, name)
    except NetError as err:
        yield from _spend(err)
        ctx.err(f"nslookup: can't resolve '{name}'\n")
        return 1
    ctx.out(f"Name:      {name}\n")
    for index, ip in enumerate(ips, 1):
        host = reverse_name(net, ctx, ip)
        ctx.out(f"Address {index}: {ip}{' ' + host if host else ''}\n")
    return 0


def resolv_nameservers(ctx, net):
    """Every `nameserver` of /etc/resolv.conf, in order (127.0.0.1 when it names none, as busybox and
    BIND fall back to); a shell outside any pod has no resolv.conf and asks its Network's server."""
    lines = _resolv_lines(ctx)
    servers = [words[1] for words in map(str.split, lines) if len(words) > 1 and words[0] == "nameserver"]
    return servers or ["127.0.0.1" if lines else net.dns_server]


def resolv_nameserver(ctx, net):
    """The first nameserver of /etc/resolv.conf (what a libc resolver asks first)."""
    return resolv_nameservers(ctx, net)[0]


def _resolv_lines(ctx):
    try:
        return ctx.fs.read("/etc/resolv.conf").splitlines()
    except FsError:
        return []


def resolv_search(ctx):
    """The search domains of /etc/resolv.conf (what the kubelet wrote), as busybox reads them."""
    search = []
    for line in _resolv_lines(ctx):
        words = line.split()
        if words and words[0] in ("search", "domain"):
            search = words[1:]
    return [] if search == ["."] else search


def resolv_option(ctx, name, default):
    """A numeric `options NAME:N` of /etc/resolv.conf (the last one wins), or `default`."""
    value = default
    for line in _resolv_lines(ctx):
        words = line.split()
        for option in words[1:] if words[:1] == ["options"] else []:
            if option.startswith(name + ":") and option[len(name) + 1:].isdigit():
                value = int(option[len(name) + 1:])
    return value


def resolv_ndots(ctx):
    return min(resolv_option(ctx, "ndots", 1), 15)


def query_nslookup(ctx, net, name, servers, qtypes=("A", "AAAA"), asked_server=False):
    """busybox 1.29+: an A then an AAAA query (or the -type= asked) per search domain (none for a dotted
    name; a PTR question for an IPv4 address), all sent at once to one server after the other: a server
    that answers nothing within 5 s hands over to the next. Answers print as they come; an error rcode
    (NXDOMAIN...) makes the status 1."""
    search = resolv_search(ctx)
    if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", name):
        names, qtypes = [".".join(reversed(name.split("."))) + ".in-addr.arpa"], ("PTR",)
    else:
        names = [name] if "." in name or not search else [f"{name}.{domain}" for domain in search]
    for index, server in enumerate(servers):
        where = {"server": server} if asked_server or index else {}  # else the container's own first nameserver
        try:
            replies = [(fqdn, net.query(ctx, fqdn, qtype, **where)) for qtype in qtypes for fqdn in names]
        except NetError:
            yield Sleep(NSLOOKUP_TIMEOUT)
            continue
        ctx.out(f"Server:\t\t{server}\nAddress:\t{server}:53\n\n")  # busybox names the server at its first reply
        return _print_replies(ctx, replies)
    ctx.out(";; connection timed out; no servers could be reached\n\n")
    return 1


def _print_replies(ctx, replies):
    status = 0
    for fqdn, (rcode, records, authoritative) in replies:
        if rcode != "NOERROR":
            ctx.out(f"** server can't find {fqdn}: {rcode}\n\n")
            status = 1
            continue
        if records and not authoritative:
            ctx.out("Non-authoritative answer:\n")
        for kind, owner, value in records:
            if kind == "CNAME":
                ctx.out(f"{owner}\tcanonical name = {value}\n")
            elif kind == "SRV":
                ctx.out(f"{owner}\tservice = {value.rstrip('.')}\n")
            elif kind == "PTR":
                ctx.out(f"{owner}\tname = {value.rstrip('.')}\n")
            else:
                ctx.out(f"Name:\t{owner}\nAddress: {value}\n")
        ctx.out("\n")
    return status


@program("nslookup")
def nslookup(ctx, argv):
    args = [a for a in argv[1:] if not a.startswith("-")]
    if not args:
        ctx.err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] "
                "[-debug] HOST [DNS_SERVER]\n")
        return 1
    name = args[0]
    net = network(ctx)
    servers = args[1:2] or resolv_nameservers(ctx, net)
    server = servers[0]
    if busybox_version(ctx) < (1, 29):
        return (yield from old_nslookup(ctx, net, name, server))
    if getattr(net, "query", None) is not None:
        asked = [a.split("=", 1)[1].upper() for a in argv[1:] if a.startswith(("-type=", "-query="))]
        qtypes = (asked[-1],) if asked and asked[-1] in ("A", "AAAA", "SRV", "PTR") else ("A", "AAAA")
        return (yield from query_nslookup(ctx, net, name, servers, qtypes, len(args) > 1))
    try:
        ips = net.resolve(ctx, name)
    except NetError as err:
        yield from _spend(err)
        if err.kind == "timeout":
            ctx.out(";; connection timed out; no servers could be reached\n\n")
        else:
            ctx.out(f"Server:\t\t{server}\nAddress:\t{server}:53\n\n"
                    f"** server can't find {net.fqdn(ctx, name)}: NXDOMAIN\n\n")
        return 1
    ctx.out(f"Server:\t\t{server}\nAddress:\t{server}:53\n\n")
    fqdn = net.fqdn(ctx, name)
    for ip in ips:
        ctx.out(f"Name:\t{fqdn}\nAddress: {ip}\n")
    ctx.out("\n")
    return 0


@program("nc")
def nc(ctx, argv):
    opts, args = options(argv[1:], with_value="wpW", letters="zlvuk")
    net = network(ctx)
    if "l" in opts:
        from ...runtime.process import Listen
        port = number(ctx, "nc", opts.get("p") or (args[0] if args else 0))
        if port is None:
            return 1
        yield Listen(port, "TCP")
        yield WaitForever()
        return 0
    if len(args) < 2:
        ctx.err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n")
        return 1
    host, port = args[0], number(ctx, "nc", args[1])
    wait = number(ctx, "nc", opts.get("w") or 0, float)
    if port is None or wait is None:
        return 1
    try:
        net.connect(ctx, host, port, wait or None)
    except NetError as err:
        yield from _spend(err)
        if err.kind == "bad address":
            ctx.err(f"nc: bad address '{host}'\n")
        elif err.kind == "timeout":
            ctx.err("nc: timed out\n") if "z" not in opts else None
        else:
            ctx.err(f"nc: can't connect to remote host ({err.ip or host}): Connection refused\n")
        return 1
    if "v" in opts:
        ctx.err(f"{host} ({host}:{port}) open\n")
    if not opts.get("z"):
        ctx.read_all()
    return 0


@program("curl")
def curl(ctx, argv):
    opts, urls = options(argv[1:], with_value="oXHmdwAu", letters="sSfLIikv")
    if not urls:
        ctx.err("curl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    url = urls[0]
    _, host, port, path = split_url(url)
    net = network(ctx)
    try:
        timeout = float(opts.get("m") or opts.get("max-time") or opts.get("connect-timeout") or 0) or None
    except ValueError:
        ctx.err("curl: option -m: expected a proper numerical parameter\n")
        return 2
    silent = "s" in opts and "S" not in opts
    method = opts.get("X") or ("HEAD" if "I" in opts else "GET")
    headers = {"User-Agent": f"curl/{CURL_VERSION}", "Accept": "*/*"}
    header = opts.get("H")
    if isinstance(header, str) and ":" in header:
        key, _, value = header.partition(":")
        headers[key.strip()] = value.strip()
    try:
        net.resolve(ctx, host)
    except NetError:
        if not silent:
            ctx.err(f"curl: (6) Could not resolve host: {host}\n")
        return 6
    try:
        response = net.http(ctx, method, url, headers, timeout)
    except NetError as err:
        yield from _spend(err)
        if err.kind == "timeout":
            ms = int((timeout or err.elapsed) * 1000) + 1
            if not silent:
                ctx.err(f"curl: (28) Connection timed out after {ms} milliseconds\n")
            return 28
        if not silent:
            ctx.err(f"curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\n")
        return 7
    yield from _spend(response)
    if "f" in opts and response.status >= 400:
        if not silent:
            ctx.err(f"curl: (22) The requested URL returned error: {response.status}\n")
        return 22
    head = f"HTTP/1.1 {response.status} {response.reason}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in response.headers.items()) + "\r\n"
    body = "" if method == "HEAD" else response.body
    text = (head if ("I" in opts or "i" in opts) else "") + body
    target = opts.get("o")
    if isinstance(target, str) and target != "-":
        try:
            ctx.fs.write(ctx.path(target), text)
        except FsError:
            ctx.err("curl: (23) Failure writing output to destination\n")
            return 23
    else:
        ctx.out(text)
    return 0


@program("ping")
def ping(ctx, argv):
    """busybox ping: replies come from `network.ping(ctx, ip) -> (rtt seconds, ttl) or None`."""
    opts, args = options(argv[1:], with_value="cWwisI", letters="q46")
    if not args:
        ctx.err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n")
        return 1
    host = args[0]
    net = network(ctx)
    count = number(ctx, "ping", opts.get("c", 0))
    interval = number(ctx, "ping", opts.get("i", 1), float)
    wait = number(ctx, "ping", opts.get("W", 10), float)
    deadline = number(ctx, "ping", opts.get("w", 0), float)
    if None in (count, interval, wait, deadline):
        return 1
    try:
        ip = net.resolve(ctx, host)[0]
    except NetError:
        ctx.err(f"ping: bad address '{host}'\n")
        return 1
    probe = getattr(net, "ping", None)
    quiet = "q" in opts
    ctx.out(f"PING {host} ({ip}): 56 data bytes\n")
    sent, times, start = 0, [], ctx.clock.now
    ctx.handle("SIGINT", "SIGTERM")
    try:
        while not count or sent < count:
            if deadline and ctx.clock.now - start >= deadline:
                break
            reply = probe(ctx, ip) if probe is not None else (_local_reply(ctx, ip))
            seq, sent = sent, sent + 1
            if reply is not None:
                rtt, ttl = reply
                times.append(rtt)
                if not quiet:
                    ctx.out(f"64 bytes from {ip}: seq={seq} ttl={ttl} time={_ms(rtt)} ms\n")
            if not count or sent < count:
                yield Sleep(interval)
            elif reply is None and not times:
                yield Sleep(wait)  # waits for a late reply to the last packet
    except Signal:  # SIGINT/SIGTERM: print the statistics, as on Ctrl-C
        pass
    received = len(times)
    loss = (sent - received) * 100 // sent if sent else 0
    ctx.out(f"\n--- {host} ping statistics ---\n{sent} packets transmitted, {received} packets received, "
            f"{loss}% packet loss\n")
    if times:
        ctx.out(f"round-trip min/avg/max = {_ms(min(times))}/{_ms(sum(times) / len(times))}/{_ms(max(times))} ms\n")
    return 0 if received else 1


def _ms(seconds):
    micros = int(round(seconds * 1e6))
    return f"{micros // 1000}.{micros % 1000:03d}"


def _local_reply(ctx, ip):
    own = {"127.0.0.1", getattr(ctx.container, "pod_ip", "")}
    return (0.000045, 64) if ip in own else None


BIND_TRIES, BIND_UDP_TIMEOUT = 3, 5.0  # without resolv.conf's attempts: and timeout: options (irs_resconf, dighost)


@program("bind-nslookup")
def bind_nslookup(ctx, argv):
    """BIND 9.18's nslookup (dnsutils images): the resolver's search list applies, "#53" after the server.
    A silent server costs 5 s per try (options timeout:); the lookup's three tries (options attempts:) go to
    the first server, then each further server gets the one try left, every miss a "communications error" line."""
    args = [a for a in argv[1:] if not a.startswith("-")]
    if not args:
        return 1
    name = args[0]
    net = network(ctx)
    servers = args[1:2] or resolv_nameservers(ctx, net)
    server = yield from _bind_reach(ctx, net, name, servers)
    if server is None:
        ctx.out(";; no servers could be reached\n\n\n")
        return 1
    ctx.out(f"Server:\t\t{server}\nAddress:\t{server}#53\n\n")
    if getattr(net, "query", None) is not None:
        return _bind_answer(ctx, net, name, server)
    try:
        ips = net.resolve(ctx, name)
    except NetError as err:
        yield from _spend(err)
        ctx.out(f"** server can't find {name}: NXDOMAIN\n\n")
        return 1
    fqdn = net.fqdn(ctx, name)
    if not fqdn.endswith("cluster.local"):
        ctx.out("Non-authoritative answer:\n")
    for ip in ips:
        ctx.out(f"Name:\t{fqdn}\nAddress: {ip}\n")
    ctx.out("\n")
    return 0


def _bind_reach(ctx, net, name, servers):
    """The first server that answers (dighost's retries), after a line and 5 s for every try that timed out."""
    tries = resolv_option(ctx, "attempts", 0) or BIND_TRIES
    timeout = resolv_option(ctx, "timeout", 0) or BIND_UDP_TIMEOUT
    for server in servers:
        while True:
            if _answers(ctx, net, name, server):
                return server
            yield Sleep(timeout)
            ctx.out(f";; communications error to {server}#53: timed out\n")
            if tries <= 1:
                break
            tries -= 1
    return None


def _answers(ctx, net, name, server):
    try:
        if getattr(net, "query", None) is not None:
            net.query(ctx, _bind_names(ctx, name)[0], "A", server=server)
        else:
            net.resolve(ctx, name)
    except NetError as err:
        return err.kind != "timeout"
    return True


def _bind_names(ctx, name):
    """The names dighost asks in turn: the search list first unless the name has ndots dots (or ends in
    a dot), the name as it is last (or first)."""
    if name.endswith("."):
        return [name.rstrip(".")]
    searched = [f"{name}.{domain}" for domain in resolv_search(ctx)]
    return [name] + searched if name.count(".") >= resolv_ndots(ctx) else searched + [name]


def _bind_answer(ctx, net, name, server):
    """The A lookup through the search list: the next name only after an NXDOMAIN."""
    for fqdn in _bind_names(ctx, name):
        rcode, records, authoritative = net.query(ctx, fqdn, "A", server=server)
        if rcode != "NXDOMAIN":
            break
    if rcode != "NOERROR":
        ctx.out(f"** server can't find {fqdn}: {rcode}\n\n")
        return 1
    if not authoritative:
        ctx.out("Non-authoritative answer:\n")
    if not records:  # said once the AAAA lookup that follows finds nothing either
        ctx.out(f"*** Can't find {fqdn}: No answer\n")
    for kind, owner, value in records:
        if kind == "CNAME":
            ctx.out(f"{owner}\tcanonical name = {value.rstrip('.')}.\n")
        else:
            ctx.out(f"Name:\t{owner}\nAddress: {value}\n")
    ctx.out("\n")
    return 0


@program("dig")
def dig(ctx, argv):
    """dig +short (the only form lessons use): one address per line, nothing when the name is unknown."""
    names = [a for a in argv[1:] if not a.startswith("+") and not a.startswith("-") and not a.startswith("@")]
    if "+short" not in argv[1:]:
        ctx.err("dig: only `dig +short NAME` is simulated\n")
        return 1
    net = network(ctx)
    for name in names or ["."]:
        try:
            for ip in net.resolve(ctx, name.rstrip(".")):
                ctx.out(ip + "\n")
        except NetError as err:
            yield from _spend(err)
    return 0
