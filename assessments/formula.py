"""Safe arithmetic for calculated questions: parsed with ``ast``, never ``eval``.

Only numbers, the question's variables, + - * / // % **, unary signs, parentheses and a few
math functions are allowed; anything else (attributes, subscripts, names not declared, calls to
other functions, huge powers) raises FormulaError.
"""

import ast
import math
import operator

MAX_LENGTH = 300
MAX_EXPONENT = 64
MAX_MAGNITUDE = 1e15

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}
_FUNCTIONS = {
    "sqrt": math.sqrt,
    "abs": abs,
    "round": round,
    "min": min,
    "max": max,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "log": math.log,
    "log10": math.log10,
    "exp": math.exp,
}
_CONSTANTS = {"pi": math.pi, "e": math.e}


class FormulaError(ValueError):
    pass


def formula_names(formula: str) -> set[str]:
    """The variable names a formula uses (checked for syntax and allowed nodes)."""
    tree = _parse(formula)
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id not in _FUNCTIONS and node.id not in _CONSTANTS
    }


def _parse(formula: str) -> ast.Expression:
    if not formula or len(formula) > MAX_LENGTH:
        raise FormulaError("The formula is empty or too long.")
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as error:
        raise FormulaError(f"The formula is not valid: {error.msg}.") from None
    for node in ast.walk(tree):
        if not isinstance(
            node,
            ast.Expression
            | ast.BinOp
            | ast.UnaryOp
            | ast.Constant
            | ast.Name
            | ast.Call
            | ast.Load
            | ast.operator
            | ast.unaryop,
        ):
            raise FormulaError(f"Not allowed in a formula: {type(node).__name__}.")
        if isinstance(node, ast.BinOp) and type(node.op) not in _BINARY:
            raise FormulaError("Operator not allowed.")
        if isinstance(node, ast.UnaryOp) and type(node.op) not in _UNARY:
            raise FormulaError("Operator not allowed.")
        if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, int | float)
        ):
            raise FormulaError("Only numbers are allowed.")
        if isinstance(node, ast.Call) and (
            not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS or node.keywords
        ):
            raise FormulaError("Function not allowed.")
    return tree


def evaluate(formula: str, variables: dict[str, float]) -> float:
    tree = _parse(formula)

    def visit(node):
        if isinstance(node, ast.Expression):
            return visit(node.body)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in variables:
                return variables[node.id]
            if node.id in _CONSTANTS:
                return _CONSTANTS[node.id]
            raise FormulaError(f"Unknown variable: {node.id}.")
        if isinstance(node, ast.UnaryOp):
            return _UNARY[type(node.op)](visit(node.operand))
        if isinstance(node, ast.BinOp):
            left, right = visit(node.left), visit(node.right)
            if isinstance(node.op, ast.Pow) and (
                abs(right) > MAX_EXPONENT or abs(left) > MAX_MAGNITUDE
            ):
                raise FormulaError("Power too large.")
            result = _BINARY[type(node.op)](left, right)
        else:  # ast.Call, checked by _parse
            result = _FUNCTIONS[node.func.id](*(visit(arg) for arg in node.args))
        if isinstance(result, complex) or abs(result) > MAX_MAGNITUDE:
            raise FormulaError("Result out of range.")
        return result

    try:
        value = visit(tree)
    except FormulaError:
        raise
    except (ArithmeticError, ValueError, TypeError) as error:
        raise FormulaError(f"The formula cannot be computed: {error}.") from None
    return float(value)
