"""core.csv_reader: encodings, the separator chosen from every row, broken rows by line."""

import codecs

import pytest

from core.csv_reader import CsvFileError, decode_text, read_csv

FRENCH = "Café;Boisson chaude, souvent noire\nThé;Infusion de feuilles, sans sucre\n"


def cells(table):
    return [(row.line, row.cells) for row in table.rows]


def test_semicolon_is_chosen_when_the_comma_is_only_punctuation():
    table = read_csv(FRENCH.encode())
    assert table.delimiter == ";"
    assert cells(table) == [
        (1, ["Café", "Boisson chaude, souvent noire"]),
        (2, ["Thé", "Infusion de feuilles, sans sucre"]),
    ]


def test_the_separator_comes_from_all_rows_not_the_first():
    # The first line alone splits in two on the comma; the other rows say ";" with 3 columns.
    text = "a,b;c;d\nx;y;z\nu;v;w\n"
    table = read_csv(text)
    assert (table.delimiter, table.columns) == (";", 3)
    assert [row.line for row in table.rows] == [1, 2, 3]


def test_comma_file_with_semicolons_in_text():
    table = read_csv("term,definition\nAtom,small; very\nBond,link\n")
    assert table.delimiter == ","
    assert cells(table)[1] == (2, ["Atom", "small; very"])


@pytest.mark.parametrize(
    "data,encoding",
    [
        (codecs.BOM_UTF8 + FRENCH.encode(), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + FRENCH.replace(";", "\t").encode("utf-16-le"), "utf-16"),
        (FRENCH.encode("cp1252"), "cp1252"),
        ("Crème brûlée;Dessert à la crème\nŒuf;Ça\n".encode("mac_roman"), "mac_roman"),
    ],
)
def test_boms_and_excel_legacy_encodings(data, encoding):
    text, found = decode_text(data)
    assert found == encoding
    assert "é" in text or "è" in text
    table = read_csv(data)
    assert len(table.rows) == 2 and not table.errors
    assert table.rows[0].cells[0] in {"Café", "Crème brûlée"}


def test_a_quoted_line_break_is_kept_when_allowed():
    table = read_csv('Atom,"Small,\nvery small"\nBond,Link\n')
    assert cells(table) == [(1, ["Atom", "Small,\nvery small"]), (3, ["Bond", "Link"])]


def test_an_unclosed_quote_costs_one_line_only():
    text = (
        "username,email,first_name,last_name,role\n"
        "a,a@example.org,A,One,learner\n"
        "b,b@example.org,B,Two,learner\n"
        "c,c@example.org,C,Three,learner\n"
        'bulk4,bulk4@example.org,"B,Four,learner\n'
        "bulk5,bulk5@example.org,B,Five,learner\n"
    )
    for multiline in (True, False):
        table = read_csv(text, multiline=multiline)
        assert [error.line for error in table.errors] == [5]
        assert "never closed" in table.errors[0].reason
        assert [row.line for row in table.rows] == [1, 2, 3, 4, 6]
        assert not any("\n" in cell for row in table.rows for cell in row.cells)


def test_a_line_break_is_refused_where_it_is_not_allowed():
    table = read_csv('a,b\n"x\ny",z\nc,d\n', multiline=False)
    assert [error.line for error in table.errors] == [2, 3]
    assert [row.line for row in table.rows] == [1, 4]


def test_wrong_column_counts_are_reported_and_everything_adds_up():
    text = "a,b,c\n1,2,3\n\n4,5\n6,7,8,9\n10,11,12\n"
    table = read_csv(text)
    assert [(e.line, e.reason) for e in table.errors] == [
        (4, "2 columns where 3 are expected."),
        (5, "4 columns where 3 are expected."),
    ]
    assert [row.line for row in table.rows] == [1, 2, 6]
    data_lines = sum(1 for line in text.splitlines() if line.strip())
    assert table.data_lines == data_lines == 5


def test_an_expected_column_count_decides():
    table = read_csv("x;1,5\ny;2,5\n", columns=2)
    assert table.delimiter == ";"


def test_limits_and_empty_files():
    with pytest.raises(CsvFileError):
        read_csv(b"\n \n")
    with pytest.raises(CsvFileError):
        read_csv(b"a,b\n" * 10, max_bytes=39)
    assert len(read_csv(b"a,b\n" * 10, max_bytes=40).rows) == 10
    table = read_csv(b"a,b\n" * 5, max_rows=3)
    assert len(table.rows) == 3 and [e.line for e in table.errors] == [4, 5]
