"""CSV and XLSX files the site writes, with every cell safe to open in a spreadsheet program.

A cell that starts like a formula (`=HYPERLINK(...)`, `+1+cmd|...`, `-2+3`, `@SUM(...)`, or a tab or
carriage return before one) would run as a formula when a person opens the file: a participant's note
or an organization's mission must never do that (OWASP, "CSV Injection"). In CSV such a text is
written after a single quote, which spreadsheet programs show and never evaluate; the importer takes
the quote off again, so an export can still be edited and imported. In XLSX it is written as text
with the "quote prefix" style: shown as typed, never evaluated. Numbers stay numbers.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BYTE_ORDER_MARK = "\ufeff"  # so spreadsheet programs read a CSV as UTF-8


def starts_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralize_formula(value):
    """A CSV cell's value, with a text that starts like a formula made inert."""
    return f"'{value}" if starts_like_formula(value) else value


def restore_neutralized(value: str) -> str:
    """What an importer reads back from a cell `neutralize_formula` wrote."""
    if value.startswith("'") and starts_like_formula(value[1:]):
        return value[1:]
    return value


def safe_csv_row(row: Sequence | dict) -> list | dict:
    if isinstance(row, dict):
        return {key: neutralize_formula(value) for key, value in row.items()}
    return [neutralize_formula(value) for value in row]


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer)
    writer.writerow(safe_csv_row(header))
    writer.writerows(safe_csv_row(row) for row in rows)
    return buffer.getvalue()


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # the longest sheet name XLSX allows
    for row in [header, *rows]:
        sheet.append([None if value is None else value for value in row])
        for cell in sheet[sheet.max_row]:
            if starts_like_formula(cell.value) or cell.data_type == "f":
                cell.data_type = "s"
                cell.quotePrefix = True
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def spreadsheet_response(
    header: Sequence[str], rows: Iterable[Sequence], *, file_format: str, filename: str, title: str
) -> HttpResponse:
    """A CSV or XLSX download of `rows` under `header`."""
    rows = list(rows)
    content = csv_text(header, rows) if file_format == "csv" else xlsx_bytes(header, rows, title=title)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
