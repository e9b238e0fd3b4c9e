"""Reading what a visitor typed into public pages: page numbers, error messages, and the filtered, paged list
that the directory, the training catalogue, calls and news all are."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from spona.core.filtering import active_filters

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


def show_on_form(form, error: ValidationError) -> None:
    """A service's refusal on the form that asked for it: each message next to its field when the form has one,
    else at the top (a service may name fields the form does not show)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@dataclass(kw_only=True)
class ResultsPage:
    """What a page of any list says of itself (see core/_pagination.html): its number, how many pages and
    results there are (with `total_is_lower_bound`, more than `total` match) and whether it is past the end.
    Each list adds its rows."""

    number: int
    num_pages: int
    total: int
    out_of_range: bool
    total_is_lower_bound: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def list_page(request: HttpRequest, filterset, page_for: Callable) -> tuple[dict, int]:
    """The context and status of a list page: `page_for(filterset, page_number=...)` reads the page when the
    filters are valid (the template explains them when not); a page past the end of a non-empty list is a 404,
    `query_string` keeps the filters for the links to other pages and `active_filters` lists them as chips."""
    page_number = parse_page_number(request.GET.get("page"))
    valid = not filterset.is_bound or filterset.is_valid()
    page = page_for(filterset, page_number=page_number) if valid else None
    status = 404 if page is not None and page.out_of_range and page.total else 200
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "filters_valid": valid,
        "query_string": query_without_page.urlencode(),
        "active_filters": active_filters(filterset, request.GET),
    }
    return context, status
