"""Human-readable tables: the cells the API server printed (engine/api/columns.py) laid out as kubectl's
tabwriter does (3 spaces of padding, minimum cell width 6, last column unpadded)."""
import re
from operator import itemgetter

from ...api import columns

MIN_WIDTH, PADDING = 6, 3
SPECIAL = re.compile("[\f\n\r\x1b]")


def cell_text(cell):
    """printTable: a cell stops at its first line break (then `...`); ESC is shown as `^[`."""
    if SPECIAL.search(cell) is None:
        return cell
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
    rows = [[cell_text(c) for c in row] if SPECIAL.search("".join(row)) else row for row in rows]
    widths = []
    for row in rows:
        for i, cell in enumerate(row[:-1]):
            if i == len(widths):
                widths.append(MIN_WIDTH)
            widths[i] = max(widths[i], len(cell) + PADDING)
    return "".join("".join(map(str.ljust, row[:-1], widths)) + (row[-1] if row else "") + "\n" for row in rows)


def table(resource, tbl, with_namespace=False, with_kind=False, show_labels=False, no_headers=False,
          label_columns=(), wide=False):
    """The lines of a Table the API server printed for one resource type (header row unless no_headers):
    printTable's columns, those of priority 0 unless wide, headed by their names upper-cased."""
    definitions = tbl["columnDefinitions"]
    shown = [i for i, column in enumerate(definitions) if wide or not column.get("priority")]
    # decorateTable: the kind prefix goes on the first string column of format name, even a hidden one
    name_column = next((i for i, c in enumerate(definitions) if c.get("format") == "name" and c.get("type") == "string"),
                       None)
    head = [definitions[i]["name"].upper() for i in shown]
    pick = itemgetter(*shown) if len(shown) > 1 else lambda cells: tuple(cells[i] for i in shown)
    text, last = columns.text, max(shown, default=-1)
    printed = []
    for table_row in tbl["rows"]:
        cells = table_row["cells"]
        values = pick(cells) if len(cells) > last else [cells[i] if i < len(cells) else None for i in shown]
        try:
            "".join(values)  # (cheaper than looking at each cell when all are text, as most are)
            row = list(values)
        except TypeError:
            row = [c if c.__class__ is str else text(c) for c in values]
        printed.append((row, table_row["object"]))
    name_index = shown.index(name_column) if name_column in shown else None
    return layout(_decorate(resource, head, printed, with_namespace, with_kind, show_labels, no_headers,
                            label_columns, name_index))


def rows(resource, head, table_rows, with_namespace=False, with_kind=False, show_labels=False, no_headers=False,
         label_columns=()):
    """The text cells of rows {cells, object} under `head`, header row first unless no_headers (watch lays them
    out itself), with the columns kubectl adds from each row's object metadata: NAMESPACE, -L columns, LABELS."""
    return _decorate(resource, head, [(list(r["cells"]), r["object"]) for r in table_rows], with_namespace,
                     with_kind, show_labels, no_headers, label_columns, head.index("NAME") if "NAME" in head else None)


def _decorate(resource, head, printed, with_namespace, with_kind, show_labels, no_headers, label_columns,
              name_index):
    """decorateTable: NAMESPACE first, -L label columns and LABELS last, kind/ before the name."""
    if with_namespace:
        head = ["NAMESPACE"] + head
    head = head + label_headers(label_columns)
    if show_labels:
        head = head + ["LABELS"]
    out = [] if no_headers else [head]
    kind = resource.kind.lower() + (f".{resource.group}" if resource.group else "")
    plain = not (with_namespace or label_columns or show_labels or (with_kind and name_index is not None))
    for row, obj in printed:
        if plain:
            out.append(row)
            continue
        meta = obj.get("metadata") or {}
        if with_kind and name_index is not None:
            row[name_index] = f"{kind}/{row[name_index]}"
        if with_namespace:
            row.insert(0, meta.get("namespace", ""))
        labels = meta.get("labels") or {}
        row.extend(labels.get(key, "") for key in label_columns)
        if show_labels:
            row.append(columns.format_labels(labels))
        out.append(row)
    return out
