"""A FilterSet base for public lists: empty values in the query string mean "any", not an error."""

import django_filters
from django.db.models import Q


class PublicFilterSet(django_filters.FilterSet):
    """`?kind=` (what a form sends for "any") is no filter rather than an invalid one."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            cleaned = data.copy()
            for key in list(cleaned.keys()):
                values = [value for value in cleaned.getlist(key) if value.strip()]
                if values:
                    cleaned.setlist(key, values)
                else:
                    del cleaned[key]
            data = cleaned
        super().__init__(data, *args, **kwargs)


def json_list_contains(queryset, field: str, code: str):
    """Rows whose JSON list `field` holds `code` (lists are stored as text on SQLite and compared as
    text on PostgreSQL, where `contains` is not portable): the quoted code matches one element."""
    return queryset.filter(json_list_holds(field, code)) if code else queryset


def json_list_holds(field: str, code: str) -> Q:
    """The condition of `json_list_contains`, to combine with others (`Q(field=[]) | json_list_holds(...)`)."""
    return Q(**{f"{field}__icontains": f'"{code}"'})
