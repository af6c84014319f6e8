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
    try:
        tokens = _tokens(expression or "")
    except ValueError:
        return True
    if not tokens:
        return True
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else None

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def parse_or():
        value = parse_and()
        while peek() == "|":
            take()
            value = parse_and() or value
        return value

    def parse_and():
        value = parse_not()
        while peek() == "&":
            take()
            value = parse_not() and value
        return value

    def parse_not():
        if peek() == "~":
            take()
            return not parse_not()
        return parse_atom()

    def parse_atom():
        token = take() if peek() is not None else None
        if token == "(":
            value = parse_or()
            if take() != ")":
                raise ValueError(expression)
            return value
        if token in (None, ")", "&", "|"):
            raise ValueError(expression)
        return satisfied(token.lstrip("*"))

    try:
        result = parse_or()
        if position != len(tokens):
            return True
        return result
    except (ValueError, IndexError):
        return True
