"""Whether an organization may apply to a call, and why: the rules behind "Calls for my organization"."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from spona.calls.models import Call
from spona.core.filtering import json_list_holds
from spona.core.reference_cache import country_names
from spona.directory.models import Organization


@dataclass(frozen=True)
class Check:
    """One rule of a call checked against an organization: `met` is None when the profile cannot tell."""

    met: bool | None
    reason: str


@dataclass(frozen=True)
class Applicant:
    """What the rules read of an organization, read once for however many calls are checked against it."""

    organization: Organization
    sector_ids: frozenset[int]
    region_ids: frozenset[int]  # the regions of its municipality and every region above them
    country: str

    @classmethod
    def of(cls, organization: Organization) -> "Applicant":
        municipality = organization.municipality
        return cls(
            organization=organization,
            sector_ids=frozenset(organization.sectors.values_list("pk", flat=True)),
            region_ids=frozenset(region.pk for region in municipality.region_chain()) if municipality else frozenset(),
            country=municipality.country_id if municipality is not None else "",
        )


def checks(call: Call, applicant: Applicant, *, today: datetime.date | None = None) -> list[Check]:
    """Every restriction of `call`, checked (calls prefetched with sectors, regions and legal forms)."""
    today = today or timezone.localdate()
    organization = applicant.organization
    results: list[Check] = []
    if call.applicant_kinds:
        kind_label = Organization.Kind(organization.kind).label
        met = organization.kind in call.applicant_kinds
        results.append(
            Check(
                met,
                _("Open to: %(kind)s") % {"kind": kind_label}
                if met
                else _("Not open to: %(kind)s") % {"kind": kind_label},
            )
        )
    legal_forms = list(call.legal_forms.all())
    if legal_forms:
        met = organization.legal_form_id in {form.pk for form in legal_forms}
        names = ", ".join(form.name for form in legal_forms)
        results.append(Check(met, _("Legal form: %(forms)s") % {"forms": names}))
    sectors = list(call.sectors.all())
    if sectors:
        shared = [sector.name for sector in sectors if sector.pk in applicant.sector_ids]
        if shared:
            results.append(Check(True, _("Your sectors: %(sectors)s") % {"sectors": ", ".join(shared)}))
        else:
            results.append(
                Check(False, _("For other sectors: %(sectors)s") % {"sectors": ", ".join(s.name for s in sectors)})
            )
    if call.countries:
        met = applicant.country in call.countries
        countries = ", ".join(country_names(call.countries))
        results.append(Check(met, _("Country: %(countries)s") % {"countries": countries}))
    regions = list(call.regions.all())
    if regions:
        inside = [region.display_name for region in regions if region.pk in applicant.region_ids]
        if inside:
            results.append(Check(True, _("Your region: %(regions)s") % {"regions": ", ".join(inside)}))
        else:
            results.append(
                Check(
                    False,
                    _("For organizations in: %(regions)s") % {"regions": ", ".join(r.display_name for r in regions)},
                )
            )
    if call.min_organization_age:
        if organization.founding_year is None:
            results.append(
                Check(
                    None,
                    _("At least %(years)s years old: add your founding year to your profile")
                    % {"years": call.min_organization_age},
                )
            )
        else:
            age = today.year - organization.founding_year
            results.append(
                Check(
                    age >= call.min_organization_age,
                    _("At least %(years)s years old (yours: %(age)s)")
                    % {"years": call.min_organization_age, "age": age},
                )
            )
    if not results:
        results.append(Check(True, _("Open to every organization")))
    return results


def is_eligible(found: list[Check]) -> bool:
    return all(check.met is not False for check in found)


def eligible_calls(queryset: QuerySet, applicant: Applicant, *, today: datetime.date | None = None) -> QuerySet:
    """`queryset` narrowed in the database to the calls the applicant may apply to (an unknown founding
    year does not exclude a call: the page says what to check)."""
    today = today or timezone.localdate()
    organization = applicant.organization
    queryset = queryset.filter(Q(applicant_kinds=[]) | json_list_holds("applicant_kinds", organization.kind))
    through_forms = Call.legal_forms.through.objects.filter(call_id=OuterRef("pk"))
    queryset = queryset.filter(
        ~Exists(through_forms) | Exists(through_forms.filter(legalform_id=organization.legal_form_id))
    )
    through_sectors = Call.sectors.through.objects.filter(call_id=OuterRef("pk"))
    queryset = queryset.filter(
        ~Exists(through_sectors) | Exists(through_sectors.filter(sector_id__in=applicant.sector_ids))
    )
    country = applicant.country
    queryset = queryset.filter(Q(countries=[]) | json_list_holds("countries", country) if country else Q(countries=[]))
    through_regions = Call.regions.through.objects.filter(call_id=OuterRef("pk"))
    queryset = queryset.filter(
        ~Exists(through_regions) | Exists(through_regions.filter(region_id__in=applicant.region_ids))
    )
    if organization.founding_year is not None:
        age = today.year - organization.founding_year
        queryset = queryset.filter(Q(min_organization_age__isnull=True) | Q(min_organization_age__lte=age))
    return queryset
