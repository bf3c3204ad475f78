"""Netfilter rules as kube-proxy programs them: a Rule holds its matches and target, prints itself as
`iptables-save` prints it (iptables' own order and normalisation) and is evaluated by `Tables.run`."""
import ipaddress

MASQ_MARK = "0x4000"
NO_QUOTE = set("_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
BUILTIN = {"mangle": ("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
           "filter": ("INPUT", "FORWARD", "OUTPUT"),
           "nat": ("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING")}


def save_string(text):
    """xtables_save_string: bare when only [-_0-9A-Za-z], else double-quoted."""
    if text and all(ch in NO_QUOTE for ch in text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def probability(n):
    """kube-proxy writes 1/n as %0.10f; the statistic match keeps it as a 31-bit fraction, which
    iptables-save prints with 11 decimals (1/3 -> 0.33333333349)."""
    written = float(f"{1.0 / n:0.10f}")
    threshold = int(written * 0x80000000 + 0.5)
    return threshold, f"{threshold / 0x80000000:.11f}"


def _cidr(text):
    return text if "/" in text else text + "/32"


class Rule:
    """`-A chain [! -s src] [-d dst] [-p proto] matches... -j target args`.

    matches: ("comment", text) ("l4", dport|None) ("addrtype", "src"|"dst") ("statistic", n)
    ("recent_check", name, seconds) ("recent_set", name) ("mark", negated) ("conntrack", states, negated)
    ("nfacct", name)."""
    __slots__ = ("chain", "src", "src_neg", "dst", "proto", "matches", "target", "args", "_text", "_nets")

    def __init__(self, chain, target, *matches, src=None, src_neg=False, dst=None, proto=None, args=""):
        self.chain, self.target, self.matches, self.args = chain, target, matches, args
        self.src, self.src_neg, self.dst, self.proto = src, src_neg, dst, proto
        self._text = None
        self._nets = None

    def text(self):
        if self._text is None:
            parts = ["-A", self.chain]
            if self.src:
                parts += (["!"] if self.src_neg else []) + ["-s", _cidr(self.src)]
            if self.dst:
                parts += ["-d", _cidr(self.dst)]
            if self.proto:
                parts += ["-p", self.proto]
            parts += [_match_text(m, self.proto) for m in self.matches]
            if self.target:  # kube-proxy writes one rule with only a comment (the end of a KUBE-FW- chain)
                parts += ["-j", self.target] + ([self.args] if self.args else [])
            self._text = " ".join(parts)
        return self._text

    def key(self):
        """(dst, proto, dport) when the rule only matches one service address, for the chain index."""
        if not self.dst or "/" in self.dst or self.src:
            return None
        dport = next((m[1] for m in self.matches if m[0] == "l4"), None)
        return (self.dst, self.proto, dport) if dport is not None else None

    def matches_packet(self, pkt, tables):
        if self.src:
            if self._nets is None:
                self._nets = ipaddress.ip_network(_cidr(self.src), strict=False)
            if (ipaddress.ip_address(pkt.src) in self._nets) == self.src_neg:
                return False
        if self.dst and not (self.dst == pkt.dst or _in(pkt.dst, self.dst)):
            return False
        if self.proto and self.proto != pkt.proto:
            return False
        for m in self.matches:
            if not _match(m, pkt, tables):
                return False
        return True


def _in(ip, cidr):
    return bool(ip) and "/" in cidr and ipaddress.ip_address(ip) in ipaddress.ip_network(cidr, strict=False)


def _match_text(m, proto):
    kind = m[0]
    if kind == "comment":
        return "-m comment --comment " + save_string(m[1])
    if kind == "l4":
        return f"-m {proto}" + (f" --dport {m[1]}" if m[1] is not None else "")
    if kind == "addrtype":
        return f"-m addrtype --{m[1]}-type LOCAL"
    if kind == "statistic":
        return f"-m statistic --mode random --probability {probability(m[1])[1]}"
    if kind == "recent_check":
        return f"-m recent --rcheck --seconds {m[2]} --reap --name {m[1]} --mask 255.255.255.255 --rsource"
    if kind == "recent_set":
        return f"-m recent --set --name {m[1]} --mask 255.255.255.255 --rsource"
    if kind == "mark":
        return "-m mark " + ("! " if m[1] else "") + f"--mark {MASQ_MARK}/{MASQ_MARK}"
    if kind == "conntrack":
        return "-m conntrack " + ("! " if m[2] else "") + f"--ctstate {m[1]}"
    if kind == "set":
        return f"-m set --match-set {m[1]} {m[2]}"
    if kind == "nfacct":
        return f"-m nfacct --nfacct-name  {m[1]}"  # iptables prints two spaces here
    raise ValueError(kind)


def _match(m, pkt, tables):
    kind = m[0]
    if kind == "l4":
        return m[1] is None or m[1] == pkt.dport
    if kind == "addrtype":
        return (pkt.src if m[1] == "src" else pkt.dst) in tables.local_addresses
    if kind == "statistic":
        return tables.rng.getrandbits(31) < probability(m[1])[0]
    if kind == "recent_check":
        seen = tables.recent.get(m[1], {}).get(pkt.src)
        return seen is not None and tables.clock.now - seen <= m[2]
    if kind == "recent_set":
        tables.recent.setdefault(m[1], {})[pkt.src] = tables.clock.now
        return True
    if kind == "mark":
        return (pkt.mark != 0) != m[1]
    if kind == "conntrack":
        return ("NEW" in m[1].split(",")) != m[2]  # every routed packet opens a new connection
    if kind == "set":
        return False  # ipsets (IPVS mode) are not modelled: the IPVS route decides instead
    return True  # comment, nfacct


class Packet:
    __slots__ = ("src", "dst", "proto", "dport", "mark", "verdict", "dnat", "masquerade", "trail")

    def __init__(self, src, dst, proto, dport):
        self.src, self.dst, self.proto, self.dport = src, dst, proto, dport
        self.mark, self.verdict, self.dnat, self.masquerade = 0, None, None, False
        self.trail = []


class Tables:
    """One node's tables: {table: {chain: [Rule]}} with per-chain indexes for fast lookups, plus what
    the matches need (the node's local addresses, the recent lists, the RNG and clock)."""

    def __init__(self, chains, local_addresses, rng, clock, recent):
        self.chains, self.local_addresses = chains, local_addresses
        self.rng, self.clock, self.recent = rng, clock, recent
        self._index = {}

    def candidates(self, table, chain):
        rules = self.chains[table].get(chain, ())
        if len(rules) < 16:
            return None, rules
        index = self._index.get((table, chain))
        if index is None:
            keyed, loose = {}, []
            for position, rule in enumerate(rules):
                key = rule.key()
                (keyed.setdefault(key, []) if key else loose).append(position)
            index = self._index[(table, chain)] = (keyed, loose)
        return index, rules

    def run(self, table, chain, pkt):
        """Traverse `chain`; returns "RETURN" when it falls off the end, else the terminating verdict."""
        index, rules = self.candidates(table, chain)
        if index is None:
            order = rules
        else:
            keyed, loose = index
            order = [rules[i] for i in sorted(keyed.get((pkt.dst, pkt.proto, pkt.dport), []) + loose)]
        for rule in order:
            if not rule.matches_packet(pkt, self):
                continue
            mark = len(pkt.trail)
            pkt.trail.append(rule.text())
            verdict = self._target(table, rule, pkt)
            if verdict is not None:
                return verdict
            if rule.target in self.chains[table] and len(pkt.trail) == mark + 1:
                pkt.trail.pop()  # a jump into a chain where nothing matched decided nothing
        return "RETURN"

    def _target(self, table, rule, pkt):
        target = rule.target
        if target is None:
            return None
        if target in self.chains[table]:
            verdict = self.run(table, target, pkt)
            return None if verdict == "RETURN" else verdict
        if target == "MARK":
            value, mask = (int(x, 16) for x in rule.args.split()[-1].split("/"))
            pkt.mark = (pkt.mark & ~mask) ^ value
            return None
        if target == "DNAT":
            ip, port = rule.args.split()[-1].rsplit(":", 1)
            pkt.dnat = (ip, int(port))
            pkt.dst, pkt.dport = pkt.dnat  # the filter table sees the translated destination
            return "DNAT"
        if target == "REDIRECT":  # to the node itself (the address of the incoming interface)
            pkt.dnat = ("", int(rule.args.split()[-1]))
            pkt.dport = pkt.dnat[1]
            return "REDIRECT"
        if target == "MASQUERADE":
            pkt.masquerade = True
            return "MASQUERADE"
        return target  # RETURN, ACCEPT, DROP, REJECT
