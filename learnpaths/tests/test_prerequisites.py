import pytest

from learnpaths.prerequisites import evaluate


@pytest.mark.parametrize(
    "expression,done,expected",
    [
        ("", set(), True),
        ("a", {"a"}, True),
        ("a", set(), False),
        ("a AND b", {"a"}, False),
        ("a & b", {"a", "b"}, True),
        ("(a AND b) OR c", {"c"}, True),
        ("(a AND b) OR c", {"a"}, False),
        ("~a", set(), True),
        ("NOT a | b", {"a"}, False),
        ("A1 AND *A2", {"A1", "A2"}, True),
        ("a AND (", set(), True),  # unreadable: locks nothing
    ],
)
def test_evaluate(expression, done, expected):
    assert evaluate(expression, lambda name: name in done) is expected
