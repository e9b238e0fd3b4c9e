"""The directory's filters: one FilterSet parses and validates them for the pages, the API and exports.

Filter values in URLs are stable codes (slugs), never database ids.
"""

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from spona.core.filtering import PublicFilterSet
from spona.core.forms import SearchableSelectMultiple
from spona.core.models import Country, LegalForm, Municipality, Region, Sector
from spona.directory.models import Organization
from spona.directory.search import DirectoryQuery

MAX_QUERY_LENGTH = 200


class DirectoryFilterSet(PublicFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_nothing",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    # Short lists are checkboxes, long ones (more than a dozen choices) searchable lists with chips.
    # No filter joins a many-valued relation (sectors go through a subquery), so no query needs
    # DISTINCT: over every column of 100,000 profiles it costs more than the rest of the page.
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"), choices=Organization.Kind.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    sector = django_filters.ModelMultipleChoiceFilter(
        label=_("Sector"),
        to_field_name="slug",
        queryset=Sector.objects.all(),
        widget=SearchableSelectMultiple,
        method="filter_sector",
        distinct=False,
    )
    country = django_filters.ModelMultipleChoiceFilter(
        label=_("Country"),
        field_name="municipality__country",
        queryset=Country.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    region = django_filters.ModelMultipleChoiceFilter(
        label=_("Region"),
        to_field_name="code",
        queryset=Region.objects.select_related("parent"),
        widget=SearchableSelectMultiple,
        method="filter_region",
        distinct=False,
    )
    municipality = django_filters.ModelMultipleChoiceFilter(
        label=_("Municipality or city"),
        to_field_name="code",
        queryset=Municipality.objects.all(),
        widget=SearchableSelectMultiple,
        method="filter_municipality",
        distinct=False,
    )
    legal_form = django_filters.ModelMultipleChoiceFilter(
        label=_("Legal form"),
        field_name="legal_form__slug",
        to_field_name="slug",
        queryset=LegalForm.objects.all(),
        widget=SearchableSelectMultiple,
        distinct=False,
    )
    founded_from = django_filters.NumberFilter(
        label=_("Founded in or after"),
        field_name="founding_year",
        lookup_expr="gte",
        widget=forms.NumberInput(attrs={"min": 1800, "max": 2100}),
    )
    founded_to = django_filters.NumberFilter(
        label=_("Founded in or before"),
        field_name="founding_year",
        lookup_expr="lte",
        widget=forms.NumberInput(attrs={"min": 1800, "max": 2100}),
    )

    class Meta:
        model = Organization
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name in ("founded_from", "founded_to"):
            field = self.form.fields[name]
            field.validators += [MinValueValidator(1800), MaxValueValidator(2100)]
        self.form.fields["q"].max_length = None  # long queries are cut, not refused

    def filter_nothing(self, queryset, name, value):
        # The text query is answered by the search engine (spona.directory.search), not the ORM.
        return queryset

    def filter_sector(self, queryset, name, value):
        ids = _picked_ids(value)
        if not ids:
            return queryset
        links = Organization.sectors.through.objects.filter(sector_id__in=ids).values("organization_id")
        return queryset.filter(pk__in=links)

    def filter_region(self, queryset, name, value):
        if not _picked_ids(value):
            return queryset
        return queryset.filter(Q(municipality__region__in=value) | Q(municipality__region__parent__in=value))

    def filter_municipality(self, queryset, name, value):
        if not _picked_ids(value):
            return queryset
        return queryset.filter(Q(municipality__in=value) | Q(municipality__city__in=value))

    def to_query(self) -> DirectoryQuery:
        """The validated filters as a search query (call after is_valid())."""
        data = self.form.cleaned_data
        return DirectoryQuery(
            text=(data.get("q") or "")[: MAX_QUERY_LENGTH * 5],
            kinds=tuple(data.get("kind") or ()),
            sector_ids=_picked_ids(data.get("sector")),
            region_ids=_picked_ids(data.get("region")),
            municipality_ids=_picked_ids(data.get("municipality")),
            legal_form_ids=_picked_ids(data.get("legal_form")),
            countries=_picked_ids(data.get("country")),
            founded_from=int(data["founded_from"]) if data.get("founded_from") is not None else None,
            founded_to=int(data["founded_to"]) if data.get("founded_to") is not None else None,
        )

    @property
    def has_text(self) -> bool:
        return bool(self.is_valid() and (self.form.cleaned_data.get("q") or "").strip())


def _picked_ids(value) -> tuple:
    """Primary keys of a model choice filter's cleaned value. A filter left empty is cleaned to
    `queryset.none()`: recognised without evaluating it (building that query costs milliseconds)."""
    if value is None or (isinstance(value, QuerySet) and value.query.is_empty()):
        return ()
    return tuple(item.pk for item in value)
