"""Who may apply: the reasons shown and the database query always agree."""

import itertools

import pytest

from spona.calls import eligibility
from spona.calls.models import Call
from spona.core.models import LegalForm, Municipality, Region, Sector
from spona.directory.models import Organization
from tests.calls.factories import CallFactory
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_reasons_and_the_query_agree_for_every_combination():
    youth, environment = Sector.objects.get(slug="youth"), Sector.objects.get(slug="environment")
    association = LegalForm.objects.get(slug="association")
    other_form = LegalForm.objects.exclude(pk=association.pk).first()
    canton = Region.objects.get(code="ba-canton-9")  # Sarajevo canton: the factory's organizations are there
    calls = [
        CallFactory(title="any"),
        CallFactory(applicant_kinds=["cso"]),
        CallFactory(applicant_kinds=["company"]),
        CallFactory(sectors=[youth]),
        CallFactory(sectors=[environment]),
        CallFactory(countries=["BA"]),
        CallFactory(countries=["RS"]),
        CallFactory(regions=[canton]),
        CallFactory(regions=[canton.parent]),
        CallFactory(regions=[Region.objects.get(code="ba-srp")]),
        CallFactory(min_organization_age=10),
        CallFactory(min_organization_age=60),
        CallFactory(applicant_kinds=["cso"], sectors=[youth], countries=["BA"], regions=[canton]),
    ]
    calls[0].legal_forms.set([association])
    calls[1].legal_forms.set([other_form])
    belgrade = Municipality.objects.filter(country_id="RS").first()
    organizations = [
        OrganizationFactory(),
        OrganizationFactory(kind=Organization.Kind.COMPANY, sectors=["environment"]),
        OrganizationFactory(municipality=belgrade, founding_year=2024),
        OrganizationFactory(municipality=None, founding_year=None, legal_form=None, sectors=[]),
    ]
    for organization, made in itertools.product(organizations, calls):
        call = Call.objects.prefetch_related("sectors", "regions", "legal_forms").get(pk=made.pk)
        applicant = eligibility.Applicant.of(organization)
        shown = eligibility.is_eligible(eligibility.checks(call, applicant))
        queried = eligibility.eligible_calls(Call.objects.filter(pk=call.pk), applicant).exists()
        assert shown == queried, (organization.name, call.pk, eligibility.checks(call, applicant))


def test_an_unknown_founding_year_is_something_to_check_not_a_refusal():
    organization = OrganizationFactory(founding_year=None)
    call = CallFactory(min_organization_age=5)
    found = eligibility.checks(call, eligibility.Applicant.of(organization))
    assert [check.met for check in found] == [None]
    assert eligibility.is_eligible(found)
