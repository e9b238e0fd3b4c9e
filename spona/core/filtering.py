"""A FilterSet base for public lists (empty values in the query string mean "any", not an error), and the
active filters each list shows as chips that remove them."""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Model, Q
from django.http import QueryDict


class PublicFilterSet(django_filters.FilterSet):
    """`?kind=` (what a form sends for "any") is no filter rather than an invalid one. The fields named in
    `search_fields` (the words) stay in view when a phone folds the other filters away."""

    search_fields: tuple[str, ...] = ("q",)

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


@dataclass(frozen=True)
class FilterChip:
    """One value of an active filter, with the query string of the same list without it."""

    label: str
    value: str
    remove_query: str

    @property
    def text(self) -> str:
        return f"{self.label}: {self.value}" if self.value else self.label


@dataclass(frozen=True)
class ActiveFilters:
    """What a list is filtered by: a chip per value, and how many of them sit in the folded filter panel (the
    words of a search are shown outside it, so they are not counted)."""

    chips: list[FilterChip]
    count: int


def active_filters(filterset: django_filters.FilterSet, query: QueryDict) -> ActiveFilters:
    """The chips of `filterset`'s values in `query`, each named by its choice's label. A choice field without an
    empty choice ("open" calls, "upcoming" sessions) is no filter at its first choice, which it shows anyway.
    Labels of model choices come from the form's cleaned values, so no query is made for them."""
    form = filterset.form
    if not filterset.is_bound:
        return ActiveFilters(chips=[], count=0)
    filterset.is_valid()
    base = query.copy()
    base.pop("page", None)
    chips, count = [], 0
    for name, field in form.fields.items():
        values = [value for value in query.getlist(name) if value.strip()]
        labels = _value_labels(field, form.cleaned_data.get(name) if name not in form.errors else None)
        values = [value for value in values if value != _default_value(field)]
        for value in values:
            remaining = base.copy()
            remaining.setlist(name, [other for other in base.getlist(name) if other != value])
            label = "" if isinstance(field.widget, forms.CheckboxInput) else labels.get(value, value)
            chips.append(FilterChip(label=str(field.label), value=str(label), remove_query=remaining.urlencode()))
            count += name not in getattr(filterset, "search_fields", ())
    return ActiveFilters(chips=chips, count=count)


def _default_value(field: forms.Field) -> str | None:
    single_choice = isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField)
    if isinstance(field, forms.ModelChoiceField) or not single_choice:
        return None
    values = [str(value) for value, _label in field.choices]
    return values[0] if values and "" not in values else None


def _value_labels(field: forms.Field, cleaned) -> dict[str, str]:
    if isinstance(field, forms.ModelChoiceField):
        if cleaned is None:
            return {}
        objects = [cleaned] if isinstance(cleaned, Model) else list(cleaned)
        key = field.to_field_name or "pk"
        return {str(getattr(item, key)): str(field.label_from_instance(item)) for item in objects}
    if isinstance(field, forms.ChoiceField):
        return {str(value): str(label) for value, label in field.choices}
    return {}
