"""Matching rules plugins share: tolerations against taints, and NodeSelectorTerms against nodes
(operators In, NotIn, Exists, DoesNotExist, Gt, Lt; matchFields on metadata.name)."""


def tolerates(toleration, taint):
    """Toleration.ToleratesTaint: empty effect or key match all; empty operator means Equal."""
    if toleration.get("effect") and toleration["effect"] != taint.get("effect"):
        return False
    if toleration.get("key") and toleration["key"] != taint.get("key"):
        return False
    operator = toleration.get("operator") or "Equal"
    if operator == "Equal":
        return (toleration.get("value") or "") == (taint.get("value") or "")
    return operator == "Exists"


def tolerated(tolerations, taint):
    return any(tolerates(t, taint) for t in tolerations)


def first_untolerated(taints, tolerations, effects):
    for taint in taints:
        if taint.get("effect") in effects and not tolerated(tolerations, taint):
            return taint
    return None


def _requirement_matches(expr, value, present):
    op, values = expr.get("operator"), expr.get("values") or []
    if op == "In":
        return present and value in values
    if op == "NotIn":
        return not present or value not in values
    if op == "Exists":
        return present
    if op == "DoesNotExist":
        return not present
    if op in ("Gt", "Lt") and present and len(values) == 1:
        try:
            number, bound = int(value), int(values[0])
        except ValueError:
            return False
        return number > bound if op == "Gt" else number < bound
    return False


def term_matches(term, labels, node_name):
    """A NodeSelectorTerm: all expressions and fields hold; a term with neither matches nothing."""
    expressions, fields = term.get("matchExpressions") or [], term.get("matchFields") or []
    if not expressions and not fields:
        return False
    for expr in expressions:
        key = expr.get("key")
        if not _requirement_matches(expr, labels.get(key), key in labels):
            return False
    for expr in fields:
        if expr.get("key") != "metadata.name" or not _requirement_matches(expr, node_name, True):
            return False
    return True


def any_term_matches(terms, labels, node_name):
    return any(term_matches(t, labels, node_name) for t in terms)
