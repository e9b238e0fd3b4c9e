"""Reading what a visitor typed into public pages: page numbers and error messages."""

from django.core.exceptions import ValidationError

MAX_PAGE = 10_000


def parse_page_number(raw) -> int:
    """A page number from the query string: anything that is not a sensible number is page 1."""
    try:
        number = int(str(raw)[:8])
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def errors_text(error: ValidationError) -> str:
    """A ValidationError's messages as one sentence for a flash message."""
    return " ".join(error.messages)
