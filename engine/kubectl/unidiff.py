"""GNU `diff -u -N` of two directories of files, written without running a diff program: a Myers
shortest edit script per file, hunks with three lines of context, GNU's header and hunk lines."""

CONTEXT = 3
EPOCH = "1970-01-01 00:00:00.000000000 +0000"  # the time GNU diff -N shows for an absent file


def edit_script(a, b):
    """Myers' O(ND) shortest edit script as opcodes: ("equal"|"delete"|"insert", i1, i2, j1, j2)."""
    n, m = len(a), len(b)
    v, trace = {1: 0}, []
    for d in range(n + m + 1):
        trace.append(dict(v))
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[k - 1] < v[k + 1]):
                x = v[k + 1]
            else:
                x = v[k - 1] + 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            v[k] = x
            if x >= n and y >= m:
                return _script(_shifted(_backtrack(trace, n, m), a, b), n, m)
    return []


def _shifted(steps, a, b):
    """Changed-line flags of both files after GNU analyze.c's shift_boundaries: each run of changes
    slides back to merge with earlier runs, then forward as far as it goes (or to the other file's run)."""
    changed = [[0] * (len(a) + 2), [0] * (len(b) + 2)]  # index 0 and the last are GNU's sentinels
    for kind, x, y in steps:
        if kind == "delete":
            changed[0][x + 1] = 1
        elif kind == "insert":
            changed[1][y + 1] = 1
    _shift(changed[0], changed[1], a)
    _shift(changed[1], changed[0], b)
    return changed


def _shift(changed, other, lines):
    """shift_boundaries for one file; positions are 1-based (0 and len+1 are unchanged sentinels)."""
    i, j, end = 1, 1, len(lines) + 1
    while True:
        while i < end and not changed[i]:
            while other[j]:
                j += 1
            j += 1
            i += 1
        if i == end:
            return
        start = i
        i += 1
        while changed[i]:
            i += 1
        while other[j]:
            j += 1
        while True:
            runlength = i - start
            while start > 1 and lines[start - 2] == lines[i - 2]:
                start -= 1
                changed[start] = 1
                i -= 1
                changed[i] = 0
                while changed[start - 1]:
                    start -= 1
                j -= 1
                while other[j]:
                    j -= 1
            corresponding = i if other[j - 1] else end
            while i != end and lines[start - 1] == lines[i - 1]:
                changed[start] = 0
                start += 1
                changed[i] = 1
                i += 1
                while changed[i]:
                    i += 1
                j += 1
                while other[j]:
                    j += 1
                    corresponding = i
            if runlength == i - start:
                break
        while corresponding < i:
            start -= 1
            changed[start] = 1
            i -= 1
            changed[i] = 0
            j -= 1
            while other[j]:
                j -= 1


def _script(changed, n, m):
    """build_script: equal runs and changes (deletions, then insertions) from the flags."""
    ops, i, j = [], 0, 0
    ca, cb = changed
    while i < n or j < m:
        if i < n and j < m and not ca[i + 1] and not cb[j + 1]:
            start_i, start_j = i, j
            while i < n and j < m and not ca[i + 1] and not cb[j + 1]:
                i, j = i + 1, j + 1
            ops.append(("equal", start_i, i, start_j, j))
            continue
        start_i, start_j = i, j
        while i < n and ca[i + 1]:
            i += 1
        while j < m and cb[j + 1]:
            j += 1
        ops.append(("change", start_i, i, start_j, j))
    return ops


def _backtrack(trace, x, y):
    """The (kind, x, y) steps from the end back to the start, then reversed."""
    steps = []
    for d in range(len(trace) - 1, -1, -1):
        v, k = trace[d], x - y
        if d == 0:
            prev_k = None
        elif k == -d or (k != d and v[k - 1] < v[k + 1]):
            prev_k = k + 1
        else:
            prev_k = k - 1
        prev_x = v[prev_k] if prev_k is not None else 0
        prev_y = prev_x - prev_k if prev_k is not None else 0
        while x > prev_x and y > prev_y:
            steps.append(("equal", x - 1, y - 1))
            x, y = x - 1, y - 1
        if d > 0:
            steps.append(("insert", x, y - 1) if prev_k == k + 1 else ("delete", x - 1, y))
            x, y = prev_x, prev_y
    return list(reversed(steps))


def _hunks(ops):
    """Changes grouped as GNU groups them: separated by more than 2*CONTEXT equal lines."""
    changes = [op for op in ops if op[0] == "change"]
    groups = []
    for op in changes:
        if groups and op[1] - groups[-1][-1][2] <= 2 * CONTEXT:
            groups[-1].append(op)
        else:
            groups.append([op])
    return groups


def _range(start, count):
    """GNU's hunk range: `l,s`, `l` when one line, `l-1,0` when empty."""
    if count == 0:
        return f"{start},0"
    if count == 1:
        return f"{start + 1}"
    return f"{start + 1},{count}"


def unified(a, b, from_label, to_label):
    """The unified diff text of two lists of lines (each ending in a newline), or "" when equal."""
    ops = edit_script(a, b)
    groups = _hunks(ops)
    if not groups:
        return ""
    out = [f"--- {from_label}\n", f"+++ {to_label}\n"]
    for group in groups:
        first, last = group[0], group[-1]
        i1, j1 = max(0, first[1] - CONTEXT), max(0, first[3] - CONTEXT)
        i2, j2 = min(len(a), last[2] + CONTEXT), min(len(b), last[4] + CONTEXT)
        out.append(f"@@ -{_range(i1, i2 - i1)} +{_range(j1, j2 - j1)} @@\n")
        i = i1
        for _, d1, d2, n1, n2 in group:
            out.extend(" " + line for line in a[i:d1])
            out.extend("-" + line for line in a[d1:d2])
            out.extend("+" + line for line in b[n1:n2])
            i = d2
        out.extend(" " + line for line in a[i:i2])
    return "".join(_no_newline(line) for line in out)


def _no_newline(line):
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def diff_dirs(from_dir, to_dir, from_files, to_files, stamp):
    """`diff -u -N FROM TO` of two directories given as {name: text}; `stamp` is the files' mtime."""
    out = []
    for name in sorted(set(from_files) | set(to_files)):
        a, b = from_files.get(name), to_files.get(name)
        if a == b:
            continue
        text = unified((a or "").splitlines(keepends=True), (b or "").splitlines(keepends=True),
                       f"{from_dir}/{name}\t{stamp if a is not None else EPOCH}",
                       f"{to_dir}/{name}\t{stamp if b is not None else EPOCH}")
        if text:
            out.append(f"diff -u -N {from_dir}/{name} {to_dir}/{name}\n{text}")
    return "".join(out)
