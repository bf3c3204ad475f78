"""Human-readable tables: the columns of columns.py laid out as kubectl's tabwriter does
(3 spaces of padding, minimum cell width 6, last column unpadded)."""
from . import columns

MIN_WIDTH, PADDING = 6, 3


def cell_text(cell):
    """printTable: a cell stops at its first line break (then `...`); ESC is shown as `^[`."""
    for i, ch in enumerate(cell):
        if ch in "\f\n\r":
            cell = cell[:i] + "..."
            break
    return cell.replace("\x1b", "^[")


def label_headers(keys):
    """formatLabelHeaders: `app.kubernetes.io/name` -> `NAME`."""
    return [key.split("/")[-1].upper() for key in keys]


def layout(rows):
    """Align rows of cells like text/tabwriter with kubectl's settings."""
    if not rows:
        return ""
    rows = [[cell_text(c) for c in row] for row in rows]
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


def table(resource, objs, ctx, with_namespace=False, with_kind=False, show_labels=False, no_headers=False,
          label_columns=()):
    """The table for objects of one resource type (header row included unless no_headers)."""
    return layout(rows(resource, objs, ctx, with_namespace, with_kind, show_labels, no_headers, label_columns))


def rows(resource, objs, ctx, with_namespace=False, with_kind=False, show_labels=False, no_headers=False,
         label_columns=()):
    """The table's cells, header row first unless no_headers (watch lays them out itself)."""
    _, _, row_fn = columns.handler(resource)
    head = columns.header(resource, ctx.wide)
    if with_namespace:
        head = ["NAMESPACE"] + head
    head = head + label_headers(label_columns)
    if show_labels:
        head = head + ["LABELS"]
    out = [] if no_headers else [head]
    name_index = head.index("NAME") - (1 if with_namespace else 0) if "NAME" in head else None
    for obj in objs:
        row = row_fn(obj, ctx)
        if with_kind and name_index is not None:
            group = resource.group
            kind = resource.kind.lower() + (f".{group}" if group else "")
            row[name_index] = f"{kind}/{row[name_index]}"
        if with_namespace:
            row = [(obj.get("metadata") or {}).get("namespace", "")] + row
        labels = (obj.get("metadata") or {}).get("labels") or {}
        row.extend(labels.get(key, "") for key in label_columns)
        if show_labels:
            row.append(columns.format_labels(labels))
        out.append(row)
    return out
