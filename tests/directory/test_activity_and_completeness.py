"""Confirming a profile, inactivity and how it sinks, and the completeness levels."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from spona.core.models import Sector
from spona.directory import services
from spona.directory.models import Organization
from tests.directory.form_data import registration_fields
from tests.directory.reading import found
from tests.factories import (
    AnnualFinanceFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramFactory,
    ResultFactory,
)

pytestmark = pytest.mark.django_db


# Confirming and inactivity ---------------------------------------------------------------------


def test_confirming_the_profile_makes_it_active_again(organization, member_user):
    now = timezone.now()
    Organization.objects.filter(pk=organization.pk).update(confirmed_at=now - datetime.timedelta(days=3 * 365))
    organization.refresh_from_db()
    assert organization.is_inactive(now=now)

    services.confirm_organization_profile(organization=organization, user=member_user, now=now)

    organization.refresh_from_db()
    assert organization.confirmed_at == now
    assert not organization.is_inactive(now=now)


def test_only_members_and_staff_confirm(organization, other_user):
    before = organization.confirmed_at

    with pytest.raises(PermissionDenied):
        services.confirm_organization_profile(organization=organization, user=other_user)

    organization.refresh_from_db()
    assert organization.confirmed_at == before


@pytest.mark.parametrize(
    ("days", "inactive"), [(365, False), (2 * 365 - 1, False), (2 * 365 + 1, True), (3 * 365, True)]
)
def test_a_profile_becomes_inactive_two_years_after_its_last_confirmation(days, inactive):
    now = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)
    organization = OrganizationFactory(confirmed_at=now - datetime.timedelta(days=days))

    assert organization.is_inactive(now=now) is inactive


def test_an_organization_confirmed_three_years_ago_ranks_below_an_equally_relevant_active_one():
    now = timezone.now()
    stale = OrganizationFactory(
        name="Udruženje mladih Alfa", confirmed_at=now - datetime.timedelta(days=3 * 365), mission="Volonterizam."
    )
    current = OrganizationFactory(name="Udruženje mladih Beta", confirmed_at=now, mission="Volonterizam.")

    assert stale.is_inactive()
    assert not current.is_inactive()
    assert found("udruzenje mladih") == [current.pk, stale.pk]


def test_time_passing_makes_an_unconfirmed_profile_sink(member_user):
    start = datetime.datetime(2022, 1, 10, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        forgotten = OrganizationFactory(name="Centar za mir Alfa", mission="Pomirenje.")
        kept = OrganizationFactory(name="Centar za mir Beta", mission="Pomirenje.")
        MembershipFactory(user=member_user, organization=kept)
        assert found("centar mir") == [forgotten.pk, kept.pk]  # equally relevant: the older id first

    with time_machine.travel(start + datetime.timedelta(days=365), tick=False):
        services.confirm_organization_profile(organization=kept, user=member_user)

    with time_machine.travel(start + datetime.timedelta(days=900), tick=False):
        forgotten.refresh_from_db()
        kept.refresh_from_db()
        assert forgotten.is_inactive()
        assert not kept.is_inactive()
        assert found("centar mir") == [kept.pk, forgotten.pk]


# Completeness ----------------------------------------------------------------------------------


def test_completeness_grows_level_by_level(other_user):
    organization = services.register_organization(
        user=other_user, fields=registration_fields(), sectors=Sector.objects.filter(slug="environment")
    )
    organization.refresh_from_db()
    assert organization.completeness == Organization.Completeness.BASIC

    steps = [
        (ProgramFactory, Organization.Completeness.PROGRAMS),
        (AnnualFinanceFactory, Organization.Completeness.FINANCES),
        (ResultFactory, Organization.Completeness.RESULTS),
    ]
    for factory, level in steps:
        factory(organization=organization)
        services.refresh_organization(organization)
        organization.refresh_from_db()
        assert organization.completeness == level


def test_each_completeness_level_needs_the_ones_before():
    organization = OrganizationFactory()
    AnnualFinanceFactory(organization=organization)
    ResultFactory(organization=organization)

    services.refresh_organization(organization)

    organization.refresh_from_db()
    assert organization.completeness == Organization.Completeness.BASIC


@pytest.mark.parametrize(
    "changes",
    [
        {"mission": ""},
        {"municipality": None},
        {"email": "", "phone": "", "website": ""},
    ],
    ids=["no-mission", "no-place", "no-contact"],
)
def test_a_profile_without_the_basics_is_incomplete(changes):
    organization = OrganizationFactory(**changes)
    ProgramFactory(organization=organization)

    services.refresh_organization(organization)

    organization.refresh_from_db()
    assert organization.completeness == Organization.Completeness.INCOMPLETE


def test_a_profile_without_sectors_is_incomplete():
    organization = OrganizationFactory(sectors=[])

    organization.refresh_from_db()
    assert organization.completeness == Organization.Completeness.INCOMPLETE


def test_bulk_completeness_agrees_with_the_one_by_one_computation():
    organizations = [
        OrganizationFactory(),
        OrganizationFactory(sectors=[]),
        OrganizationFactory(email="", phone="+387 61 111 111"),
        OrganizationFactory(email="", website="https://example.org"),
        OrganizationFactory(email=""),
        OrganizationFactory(mission=""),
    ]
    sections = [ProgramFactory, AnnualFinanceFactory, ResultFactory]
    for organization, count in zip(organizations[:3], [1, 2, 3], strict=True):
        for factory in sections[:count]:
            factory(organization=organization)
    expected = {organization.pk: services.compute_completeness(organization) for organization in organizations}
    Organization.objects.update(completeness=Organization.Completeness.INCOMPLETE)

    services.refresh_completeness_in_bulk(ids=list(expected))

    stored = dict(Organization.objects.values_list("pk", "completeness"))
    assert stored == expected
    assert sorted(expected.values()) == [0, 0, 0, 1, 2, 4]
