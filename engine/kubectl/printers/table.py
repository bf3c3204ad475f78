"""Human-readable tables: the columns of columns.py laid out as kubectl's tabwriter does
(3 spaces of padding, minimum cell width 6, last column unpadded)."""
from . import columns

MIN_WIDTH, PADDING = 6, 3


def layout(rows):
    """Align rows of cells like text/tabwriter with kubectl's settings."""
    if not rows:
        return ""
    ncols = max(len(r) for r in rows)
    widths = [0] * ncols
    for row in rows:
        for i, cell in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(cell) + PADDING, MIN_WIDTH)
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])]
        lines.append("".join(cells) + (row[-1] if row else "") + "\n")
    return "".join(lines)


def table(resource, objs, ctx, with_namespace=False, with_kind=False, show_labels=False, no_headers=False):
    """The table for objects of one resource type (header row included unless no_headers)."""
    _, _, row_fn = columns.handler(resource)
    head = columns.header(resource, ctx.wide)
    if with_namespace:
        head = ["NAMESPACE"] + head
    if show_labels:
        head = head + ["LABELS"]
    rows = [] if no_headers else [head]
    name_index = head.index("NAME") - (1 if with_namespace else 0) if "NAME" in head else None
    for obj in objs:
        row = row_fn(obj, ctx)
        if with_kind and name_index is not None:
            group = resource.group
            kind = resource.kind.lower() + (f".{group}" if group else "")
            row[name_index] = f"{kind}/{row[name_index]}"
        if with_namespace:
            row = [(obj.get("metadata") or {}).get("namespace", "")] + row
        if show_labels:
            row.append(columns.format_labels((obj.get("metadata") or {}).get("labels")))
        rows.append(row)
    return layout(rows)
