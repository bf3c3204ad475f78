"""GNU `diff -u -N` of two directories of files, written without running a diff program: the edit
script as GNU diffutils finds it (analyze.c, diffseq.h), hunks with three lines of context,
GNU's header and hunk lines."""

CONTEXT = 3
EPOCH = "1970-01-01 00:00:00.000000000 +0000"  # the time GNU diff -N shows for an absent file


def edit_script(a, b):
    """GNU diff's edit script as opcodes ("equal"|"change", i1, i2, j1, j2): identical ends set
    aside (keeping the context as horizon), confusing lines discarded, Myers' middle-snake
    compareseq on the rest, then shift_boundaries."""
    n, m = len(a), len(b)
    prefix = 0
    while prefix < min(n, m) and a[prefix] == b[prefix]:
        prefix += 1
    start = max(0, prefix - CONTEXT)  # horizon lines: diff.c makes them at least the context
    suffix = 0  # io.c stops the suffix at the prefix it keeps, so the two may share the horizon
    while suffix < min(n, m) - start and a[n - 1 - suffix] == b[m - 1 - suffix]:
        suffix += 1
    keep = min(suffix, CONTEXT)
    ra, rb = a[start:n - suffix + keep], b[start:m - suffix + keep]
    classes = {}
    ea = [classes.setdefault(line, len(classes) + 1) for line in ra]
    eb = [classes.setdefault(line, len(classes) + 1) for line in rb]
    changed = [[0] * (len(ra) + 2), [0] * (len(rb) + 2)]  # index 0 and the last are GNU's sentinels
    (xa, real_a), (xb, real_b) = _discard_confusing_lines(ea, eb, changed)
    _compareseq(xa, xb, 0, len(xa), 0, len(xb), real_a, real_b, changed)
    _shift(changed[0], changed[1], ea)
    _shift(changed[1], changed[0], eb)
    full = [[0] * (start + 1) + changed[0][1:-1] + [0] * (n - start - len(ra) + 1),
            [0] * (start + 1) + changed[1][1:-1] + [0] * (m - start - len(rb) + 1)]
    return _script(full, n, m)


def _discard_confusing_lines(ea, eb, changed):
    """analyze.c: lines matching nothing in the other file are changed for sure, and lines matching
    very many are left out of the comparison when they sit inside runs of such lines."""
    counts = [{}, {}]
    for f, equivs in enumerate((ea, eb)):
        for e in equivs:
            counts[f][e] = counts[f].get(e, 0) + 1
    results = []
    for f, equivs in enumerate((ea, eb)):
        end, other = len(equivs), counts[1 - f]
        many, tem = 5, end // 64
        tem >>= 2
        while tem > 0:
            many *= 2
            tem >>= 2
        discards = [0] * end
        for i, e in enumerate(equivs):
            nmatch = other.get(e, 0)
            if nmatch == 0:
                discards[i] = 1
            elif nmatch > many:
                discards[i] = 2
        _settle_provisional(discards)
        kept, real = [], []
        for i, e in enumerate(equivs):
            if discards[i] == 0:
                kept.append(e)
                real.append(i)
            else:
                changed[f][i + 1] = 1
        results.append((kept, real))
    return results


def _settle_provisional(discards):
    """Provisional discards (2) stand only inside runs of discards that start and end with sure ones."""
    end, i = len(discards), 0
    while i < end:
        if discards[i] == 2:
            discards[i] = 0
        elif discards[i] != 0:
            j, provisional = i, 0
            while j < end and discards[j] != 0:
                provisional += discards[j] == 2
                j += 1
            while j > i and discards[j - 1] == 2:
                j -= 1
                discards[j] = 0
                provisional -= 1
            length = j - i
            if provisional * 4 > length:
                for k in range(i, j):
                    if discards[k] == 2:
                        discards[k] = 0
            else:
                _cancel_long_subruns(discards, i, length)
                _cancel_near_edges(discards, i, length, 1)
                i += length - 1
                _cancel_near_edges(discards, i, length, -1)
        i += 1


def _cancel_long_subruns(discards, i, length):
    minimum, tem = 1, length >> 2
    tem >>= 2
    while tem > 0:
        minimum <<= 1
        tem >>= 2
    minimum += 1
    j = consec = 0
    while j < length:
        if discards[i + j] != 2:
            consec = 0
        else:
            consec += 1
            if consec == minimum:
                j -= consec  # back to the start of the subrun, to cancel it all
            elif consec > minimum:
                discards[i + j] = 0
        j += 1


def _cancel_near_edges(discards, i, length, step):
    """Provisionals before three sure discards in a row (or the first sure one 8 lines in) go."""
    consec = 0
    for j in range(length):
        k = i + step * j
        if j >= 8 and discards[k] == 1:
            break
        if discards[k] == 2:
            consec, discards[k] = 0, 0
        elif discards[k] == 0:
            consec = 0
        else:
            consec += 1
        if consec == 3:
            break


def _compareseq(xv, yv, xoff, xlim, yoff, ylim, real_x, real_y, changed):
    """diffseq.h compareseq: strip equal ends, split at the middle snake, recurse (iteratively)."""
    stack = [(xoff, xlim, yoff, ylim)]
    while stack:
        xoff, xlim, yoff, ylim = stack.pop()
        while xoff < xlim and yoff < ylim and xv[xoff] == yv[yoff]:
            xoff, yoff = xoff + 1, yoff + 1
        while xoff < xlim and yoff < ylim and xv[xlim - 1] == yv[ylim - 1]:
            xlim, ylim = xlim - 1, ylim - 1
        if xoff == xlim:
            for y in range(yoff, ylim):
                changed[1][real_y[y] + 1] = 1
        elif yoff == ylim:
            for x in range(xoff, xlim):
                changed[0][real_x[x] + 1] = 1
        else:
            xmid, ymid = _diag(xv, yv, xoff, xlim, yoff, ylim)
            stack.append((xmid, xlim, ymid, ylim))
            stack.append((xoff, xmid, yoff, ymid))


def _diag(xv, yv, xoff, xlim, yoff, ylim):
    """The middle snake of the forward and backward searches (no heuristics: files are small)."""
    fd, bd = {}, {}
    dmin, dmax = xoff - ylim, xlim - yoff
    fmid, bmid = xoff - yoff, xlim - ylim
    fmin = fmax = fmid
    bmin = bmax = bmid
    odd = (fmid - bmid) & 1
    fd[fmid], bd[bmid] = xoff, xlim
    while True:
        if fmin > dmin:
            fmin -= 1
            fd[fmin - 1] = -1
        else:
            fmin += 1
        if fmax < dmax:
            fmax += 1
            fd[fmax + 1] = -1
        else:
            fmax -= 1
        for d in range(fmax, fmin - 1, -2):
            tlo, thi = fd[d - 1], fd[d + 1]
            x = thi if tlo < thi else tlo + 1
            y = x - d
            while x < xlim and y < ylim and xv[x] == yv[y]:
                x, y = x + 1, y + 1
            fd[d] = x
            if odd and bmin <= d <= bmax and bd[d] <= x:
                return x, y
        if bmin > dmin:
            bmin -= 1
            bd[bmin - 1] = _MAX
        else:
            bmin += 1
        if bmax < dmax:
            bmax += 1
            bd[bmax + 1] = _MAX
        else:
            bmax -= 1
        for d in range(bmax, bmin - 1, -2):
            tlo, thi = bd[d - 1], bd[d + 1]
            x = tlo if tlo < thi else thi - 1
            y = x - d
            while xoff < x and yoff < y and xv[x - 1] == yv[y - 1]:
                x, y = x - 1, y - 1
            bd[d] = x
            if not odd and fmin <= d <= fmax and x <= fd[d]:
                return x, y


_MAX = float("inf")


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
