"""Filters of the call and news lists. Values in URLs are stable codes (slugs, region codes), never ids."""

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from spona.calls.models import Call, NewsPost, Tag
from spona.core import text_search
from spona.core.filtering import PublicFilterSet, json_list_holds
from spona.core.forms import AmountField
from spona.core.models import Country, Region, Sector
from spona.core.regions import region_parents, with_ancestors, with_descendants
from spona.directory.models import Organization


def region_family(region: Region) -> tuple[frozenset[int], frozenset[int]]:
    """A region with the regions above it, and with the regions below it."""
    parents = region_parents()
    return with_ancestors([region.pk], parents), with_descendants(region.pk, parents)


class AmountFilter(django_filters.NumberFilter):
    field_class = AmountField


class CallFilterSet(PublicFilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="filter_text", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("open")), ("closing", _("closing soon")), ("closed", _("closed")), ("all", _("all"))],
        method="filter_nothing",
        empty_label=None,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Who may apply"), choices=Organization.Kind.choices, method="filter_kind", empty_label=_("any")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), to_field_name="slug", queryset=Sector.objects.all(), method="filter_sector",
        empty_label=_("any"),
    )  # fmt: skip
    country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=Country.objects.all(), method="filter_country", empty_label=_("any")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), to_field_name="code", queryset=Region.objects.all(), method="filter_region",
        empty_label=_("any"),
    )  # fmt: skip
    amount = AmountFilter(
        label=_("Grant of at least (EUR)"),
        method="filter_amount",
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[("deadline", _("nearest deadline")), ("newest", _("newest"))],
        method="filter_nothing",
        empty_label=None,
    )

    class Meta:
        model = Call
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name in ("status", "sort"):
            self.form.fields[name].required = False
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})

    def filter_nothing(self, queryset, name, value):
        return queryset  # status and sort bound and order the list: see selectors.call_page

    def filter_text(self, queryset, name, value):
        return text_search.matching(queryset, text_search.index_table(Call), value)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(Q(applicant_kinds=[]) | json_list_holds("applicant_kinds", value))

    def filter_sector(self, queryset, name, value):
        if value is None:
            return queryset
        links = Call.sectors.through.objects.filter(call_id=OuterRef("pk"))
        return queryset.filter(Exists(links.filter(sector_id=value.pk)))

    def filter_country(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(countries=[]) | json_list_holds("countries", value.code))

    def filter_region(self, queryset, name, value):
        """Calls an organization of the region may apply to: for the region, one above or below it, or
        for anywhere in its country."""
        if value is None:
            return queryset
        above, below = region_family(value)
        links = Call.regions.through.objects.filter(call_id=OuterRef("pk"))
        anywhere = ~Exists(links) & (Q(countries=[]) | json_list_holds("countries", value.country_id))
        return queryset.filter(anywhere | Exists(links.filter(region_id__in=above | below)))

    def filter_amount(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(amount_max_eur__isnull=True) | Q(amount_max_eur__gte=value))

    def cleaned(self, name: str, default=None):
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get(name) or default


class NewsFilterSet(PublicFilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="filter_text", max_length=200)
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), field_name="sectors", to_field_name="slug", queryset=Sector.objects.all(),
        empty_label=_("any"),
    )  # fmt: skip
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"), field_name="tags", to_field_name="slug", queryset=Tag.objects.all(), empty_label=_("any")
    )

    class Meta:
        model = NewsPost
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})

    def filter_text(self, queryset, name, value):
        return text_search.matching(queryset, text_search.index_table(NewsPost), value)
