"""Evaluate prerequisite expressions from packages (SCORM 1.2 aicc_script, AICC .pre/.cst).

Supported: identifiers, AND/OR/NOT (also &, |, ~), parentheses; AICC's "*" marker before an
identifier is ignored. An expression that cannot be read locks nothing: a broken package
must not shut learners out.
"""

import re
from collections.abc import Callable

TOKEN = re.compile(r"\s*(\(|\)|&|\||~|[^\s()&|~]+)")


def _tokens(expression: str) -> list[str]:
    tokens, position = [], 0
    expression = expression.strip()
    while position < len(expression):
        match = TOKEN.match(expression, position)
        if not match:
            raise ValueError(expression)
        token = match.group(1)
        upper = token.upper()
        tokens.append({"AND": "&", "OR": "|", "NOT": "~"}.get(upper, token))
        position = match.end()
    return tokens


def evaluate(expression: str, satisfied: Callable[[str], bool]) -> bool:
    """Whether the expression holds, ``satisfied`` answering for each identifier. Empty or
    unreadable: True (it locks nothing). Read by ``parse``: one grammar, not two."""
    node = parse(expression)
    return True if node is None else _holds(node, satisfied)


def _holds(node, satisfied: Callable[[str], bool]) -> bool:
    kind = node[0]
    if kind == "var":
        return satisfied(node[1])
    if kind == "not":
        return not _holds(node[1], satisfied)
    left, right = _holds(node[1], satisfied), _holds(node[2], satisfied)
    return (left and right) if kind == "and" else (left or right)


# An expression as a tree: ("var", name) | ("not", node) | ("and", a, b) | ("or", a, b).
Node = tuple


def parse(expression: str) -> Node | None:
    """The expression as a tree (AICC's "*" markers dropped), or None when it is empty or
    cannot be read: such an expression locks nothing, as ``evaluate`` has it."""
    try:
        tokens = _tokens(expression or "")
    except ValueError:
        return None
    if not tokens:
        return None
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else None

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def parse_or():
        node = parse_and()
        while peek() == "|":
            take()
            node = ("or", node, parse_and())
        return node

    def parse_and():
        node = parse_not()
        while peek() == "&":
            take()
            node = ("and", node, parse_not())
        return node

    def parse_not():
        if peek() == "~":
            take()
            return ("not", parse_not())
        return parse_atom()

    def parse_atom():
        token = take() if peek() is not None else None
        if token == "(":
            node = parse_or()
            if take() != ")":
                raise ValueError(expression)
            return node
        if token in (None, ")", "&", "|"):
            raise ValueError(expression)
        return ("var", token.lstrip("*"))

    try:
        node = parse_or()
    except (ValueError, IndexError):
        return None
    return node if position == len(tokens) else None


# Beyond this many terms a negated expression is not worth a rule each (a package's
# prerequisites name a handful of items); the expression then locks nothing, as unreadable.
MAX_TERMS = 256


def unmet_terms(node: Node, known: Callable[[str], bool]) -> list[list[tuple[str, bool]]] | None:
    """When the expression is NOT met, in disjunctive normal form: a list of terms, each a
    list of (identifier, done) literals that must all hold (an empty term always holds; no
    term: the expression is always met). Identifiers ``known`` says False count as met (see
    ``evaluate``'s callers). None beyond MAX_TERMS terms."""

    def dnf(node, negated):
        kind = node[0]
        if kind == "var":
            name = node[1]
            if not known(name):
                return [] if negated else [[]]  # a met identifier: "not met" never holds
            return [[(name, not negated)]]
        if kind == "not":
            return dnf(node[1], not negated)
        left, right = dnf(node[1], negated), dnf(node[2], negated)
        if left is None or right is None:
            return None
        # De Morgan: a negated "and" is an "or" of the negations, and the other way round.
        conjunction = (kind == "and") != negated
        terms = [a + b for a in left for b in right] if conjunction else left + right
        if len(terms) > MAX_TERMS:
            return None
        return terms

    terms = dnf(node, True)
    if terms is None:
        return None
    result, seen = [], set()
    for term in terms:
        literals = tuple(sorted(set(term)))
        names = [name for name, _done in literals]
        if len(names) != len(set(names)):  # x and not x: never holds
            continue
        if literals not in seen:
            seen.add(literals)
            result.append(list(literals))
    return result
