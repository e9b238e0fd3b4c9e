"""The training catalogue's filters: area, city, month, format, audience and language.

Filter values in URLs are stable codes (slugs, `2026-03` for a month), never database ids.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spona.core.dates import EARLIEST, LATEST, parse_month
from spona.core.filtering import PublicFilterSet, json_list_contains
from spona.core.models import CapacityDomain, Municipality, Region, Sector
from spona.learning.models import Audience, TeachingLanguage, Trainer, TrainingSession


class MonthField(forms.CharField):
    """A month as `YYYY-MM` (what <input type="month"> sends)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError as error:
            raise ValidationError(
                _("Enter a month between %(earliest)s and %(latest)s, as year and month, such as 2026-03."),
                code="invalid",
                params={"earliest": EARLIEST.year, "latest": LATEST.year},
            ) from error


class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, queryset, value):
        if value is None:
            return queryset
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(value, datetime.time.min, tzinfo=tz)
        following = (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        end = datetime.datetime.combine(following, datetime.time.min, tzinfo=tz)
        # A session that runs into the month counts too.
        return queryset.filter(starts_at__lt=end, ends_at__gte=start)


class SessionFilterSet(PublicFilterSet):
    sector = django_filters.ModelChoiceFilter(
        label=_("Sectoral area"),
        field_name="course__sectors",
        to_field_name="slug",
        queryset=Sector.objects.all(),
        empty_label=_("any"),
    )
    domain = django_filters.ModelChoiceFilter(
        label=_("Capacity domain"),
        field_name="course__domains",
        to_field_name="slug",
        queryset=CapacityDomain.objects.all(),
        empty_label=_("any"),
    )
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        to_field_name="code",
        queryset=Municipality.objects.all(),
        method="filter_city",
        empty_label=_("any"),
    )
    month = MonthFilter(label=_("Month"))
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=TrainingSession.Format.choices, empty_label=_("any")
    )
    audience = django_filters.ChoiceFilter(
        label=_("Audience"), choices=Audience.choices, method="filter_audience", empty_label=_("any")
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=TeachingLanguage.choices, empty_label=_("any"))
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("upcoming")), ("past", _("past"))],
        method="filter_nothing",
        empty_label=None,
    )

    class Meta:
        model = TrainingSession
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["when"].required = False

    def filter_nothing(self, queryset, name, value):
        return queryset  # `when` orders and bounds the list: see selectors.catalogue_sessions

    def filter_city(self, queryset, name, value):
        if value is None:
            return queryset
        # A city includes its city municipalities (Novi Beograd is in Belgrade).
        return queryset.filter(Q(city=value) | Q(city__city=value))

    def filter_audience(self, queryset, name, value):
        return json_list_contains(queryset, "course__audiences", value)

    @property
    def filters_by_area(self) -> bool:
        """Whether the query joins a course's sectors or domains (and may find a session twice)."""
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        return bool(data.get("sector") or data.get("domain"))

    @property
    def shows_past(self) -> bool:
        return bool(self.is_bound and self.is_valid() and self.form.cleaned_data.get("when") == "past")


class TrainerFilterSet(PublicFilterSet):
    domain = django_filters.ModelChoiceFilter(
        label=_("Capacity domain"),
        field_name="domains",
        to_field_name="slug",
        queryset=CapacityDomain.objects.all(),
        empty_label=_("any"),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sectoral area"),
        field_name="sectors",
        to_field_name="slug",
        queryset=Sector.objects.all(),
        empty_label=_("any"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="regions",
        to_field_name="code",
        queryset=Region.objects.all(),
        empty_label=_("any"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=TeachingLanguage.choices, method="filter_language", empty_label=_("any")
    )
    mentor = django_filters.BooleanFilter(
        label=_("Mentors only"), field_name="is_mentor", widget=forms.CheckboxInput, method="filter_mentor"
    )

    class Meta:
        model = Trainer
        fields: list[str] = []

    def filter_language(self, queryset, name, value):
        return json_list_contains(queryset, "languages", value)

    def filter_mentor(self, queryset, name, value):
        return queryset.filter(is_mentor=True) if value else queryset
