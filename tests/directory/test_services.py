"""The directory's services: registration, moderation, completeness, membership, history and activity."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from spona.accounts.models import Membership
from spona.core.models import Municipality, Sector
from spona.directory import search, services
from spona.directory.models import Organization, Program
from spona.directory.search import DirectoryQuery
from tests.factories import (
    AnnualFinanceFactory,
    MembershipFactory,
    OrganizationFactory,
    PendingOrganizationFactory,
    ProgramFactory,
    ResultFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SARAJEVO = datetime.timezone(datetime.timedelta(hours=1))


def _found(text: str, **filters) -> list[int]:
    return search.search(DirectoryQuery(text=text, **filters)).ids


def _registration_fields(**changes) -> dict:
    fields = {
        "name": "Udruženje Zeleni Krug",
        "kind": Organization.Kind.CSO,
        "municipality": Municipality.objects.get(code="ba-fbih-centar-sarajevo"),
        "mission": "Zaštita okoliša i reciklaža.",
        "email": "info@zelenikrug.example.org",
    }
    fields.update(changes)
    return fields


# Registration ----------------------------------------------------------------------------------


def test_registration_waits_for_approval_and_tells_staff(other_user, staff_user, mail):
    with mail.committing():
        organization = services.register_organization(
            user=other_user, fields=_registration_fields(), sectors=Sector.objects.filter(slug="environment")
        )

    organization.refresh_from_db()
    assert organization.status == Organization.Status.PENDING
    assert organization.submitted_by == other_user
    assert organization.published_at is None
    assert organization.slug == "udruzenje-zeleni-krug"
    assert [s.slug for s in organization.sectors.all()] == ["environment"]
    membership = Membership.objects.get(organization=organization)
    assert (membership.user, membership.role, membership.status) == (
        other_user,
        Membership.Role.ADMIN,
        Membership.Status.ACTIVE,
    )
    assert mail.recipients == [[staff_user.email]]
    assert "Udruženje Zeleni Krug" in mail.outbox[0].subject
    with translation.override("en"):
        assert reverse("directory:moderation-queue") in mail.outbox[0].body
    assert _found("zeleni krug") == []  # not public until approved
    assert Version.objects.get_for_object(organization).count() == 1


def test_registration_refuses_an_invalid_profile_and_stores_nothing(other_user, staff_user, mail):
    with pytest.raises(ValidationError) as error:
        services.register_organization(user=other_user, fields=_registration_fields(name="", founding_year=1700))

    assert set(error.value.message_dict) == {"name", "founding_year"}
    assert not Organization.objects.exists()
    assert not Membership.objects.exists()
    assert mail.outbox == []


# Moderation ------------------------------------------------------------------------------------


@pytest.fixture
def pending(member_user):
    organization = PendingOrganizationFactory(name="Udruženje Svjetionik", mission="Podrška ženama.")
    MembershipFactory(user=member_user, organization=organization)
    return organization


def test_approval_publishes_and_tells_the_members(pending, staff_user, member_user, mail):
    now = datetime.datetime(2025, 3, 1, 10, 0, tzinfo=datetime.UTC)
    pending.moderation_note = "Dopunite misiju."
    pending.save()

    with mail.committing():
        services.approve_organization(organization=pending, staff_user=staff_user, now=now)

    pending.refresh_from_db()
    assert pending.status == Organization.Status.PUBLISHED
    assert pending.published_at == now
    assert pending.confirmed_at == now
    assert pending.moderation_note == ""
    assert _found("svjetionik") == [pending.pk]
    assert mail.recipients == [[member_user.email]]
    assert "Udruženje Svjetionik is now in the directory" in mail.outbox[0].subject


def test_rejection_needs_a_reason(pending, staff_user, mail):
    with mail.committing(), pytest.raises(ValidationError) as error:
        services.reject_organization(organization=pending, staff_user=staff_user, reason="   ")

    assert "reason" in error.value.message_dict
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    assert mail.outbox == []


def test_rejection_stores_the_reason_and_tells_the_members(pending, staff_user, member_user, mail):
    with mail.committing():
        services.reject_organization(
            organization=pending, staff_user=staff_user, reason="  Nedostaje registracijski broj.  "
        )

    pending.refresh_from_db()
    assert pending.status == Organization.Status.REJECTED
    assert pending.moderation_note == "Nedostaje registracijski broj."
    assert mail.recipients == [[member_user.email]]
    assert "was not approved" in mail.outbox[0].subject
    assert "Nedostaje registracijski broj." in mail.outbox[0].body


@pytest.mark.parametrize(
    "action",
    [
        lambda org, user: services.approve_organization(organization=org, staff_user=user),
        lambda org, user: services.reject_organization(organization=org, staff_user=user, reason="Ne."),
        lambda org, user: services.verify_organization(organization=org, staff_user=user),
        lambda org, user: services.archive_organization(organization=org, staff_user=user),
    ],
    ids=["approve", "reject", "verify", "archive"],
)
def test_only_staff_moderate(pending, member_user, action):
    with pytest.raises(PermissionDenied):
        action(pending, member_user)

    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    assert pending.verified_at is None


def test_verification_records_who_and_when_and_ranks_higher(staff_user):
    plain = OrganizationFactory(name="Udruženje Most Alfa")
    verified = OrganizationFactory(name="Udruženje Most Beta")
    now = timezone.now()

    services.verify_organization(organization=verified, staff_user=staff_user, now=now)

    verified.refresh_from_db()
    assert verified.verified_at == now
    assert verified.verified_by == staff_user
    assert verified.confirmed_at == now
    assert _found("udruzenje most") == [verified.pk, plain.pk]


def test_archiving_takes_an_organization_out_of_the_directory(organization, staff_user):
    assert _found(organization.name) == [organization.pk]

    services.archive_organization(organization=organization, staff_user=staff_user)

    organization.refresh_from_db()
    assert organization.status == Organization.Status.ARCHIVED
    assert _found(organization.name) == []


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
    assert _found("udruzenje mladih") == [current.pk, stale.pk]


def test_time_passing_makes_an_unconfirmed_profile_sink(member_user):
    start = datetime.datetime(2022, 1, 10, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        forgotten = OrganizationFactory(name="Centar za mir Alfa", mission="Pomirenje.")
        kept = OrganizationFactory(name="Centar za mir Beta", mission="Pomirenje.")
        MembershipFactory(user=member_user, organization=kept)
        assert _found("centar mir") == [forgotten.pk, kept.pk]  # equally relevant: the older id first

    with time_machine.travel(start + datetime.timedelta(days=365), tick=False):
        services.confirm_organization_profile(organization=kept, user=member_user)

    with time_machine.travel(start + datetime.timedelta(days=900), tick=False):
        forgotten.refresh_from_db()
        kept.refresh_from_db()
        assert forgotten.is_inactive()
        assert not kept.is_inactive()
        assert _found("centar mir") == [kept.pk, forgotten.pk]


# Completeness ----------------------------------------------------------------------------------


def test_completeness_grows_level_by_level(other_user):
    organization = services.register_organization(
        user=other_user, fields=_registration_fields(), sectors=Sector.objects.filter(slug="environment")
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


# Editing, history and revert --------------------------------------------------------------------


def test_only_members_and_staff_edit(organization, other_user):
    with pytest.raises(PermissionDenied):
        services.update_organization(organization=organization, user=other_user, fields={"name": "Oteto"})

    organization.refresh_from_db()
    assert organization.name != "Oteto"


def test_an_invalid_edit_changes_nothing(organization, member_user):
    name = organization.name

    with pytest.raises(ValidationError):
        services.update_organization(
            organization=organization, user=member_user, fields={"name": "Novo", "website": "not a url"}
        )

    organization.refresh_from_db()
    assert organization.name == name


def test_revert_restores_name_and_sectors_and_the_search_index_follows(organization, member_user, staff_user):
    youth, culture, sport = (Sector.objects.get(slug=slug) for slug in ["youth", "culture", "sport"])
    services.update_organization(
        organization=organization, user=member_user, fields={"name": "Kulturni centar Mozaik"}, sectors=[culture]
    )
    services.update_organization(
        organization=organization, user=member_user, fields={"name": "Sportski klub Orlovi"}, sectors=[sport]
    )
    versions = list(Version.objects.get_for_object(organization))
    assert [v.field_dict["name"] for v in versions] == ["Sportski klub Orlovi", "Kulturni centar Mozaik"]
    assert versions[0].revision.user == member_user
    assert _found("orlovi") == [organization.pk]

    reverted = services.revert_organization(version=versions[1], staff_user=staff_user)

    reverted.refresh_from_db()
    assert reverted.name == "Kulturni centar Mozaik"
    assert reverted.slug == "kulturni-centar-mozaik"
    assert [s.slug for s in reverted.sectors.all()] == ["culture"]
    assert _found("mozaik") == [organization.pk]
    assert _found("orlovi") == []
    assert _found("mozaik", sector_ids=(culture.pk,)) == [organization.pk]
    assert _found("mozaik", sector_ids=(sport.pk,)) == []
    assert _found("mozaik", sector_ids=(youth.pk,)) == []
    newest = Version.objects.get_for_object(organization).first()
    assert newest.revision.user == staff_user
    assert newest.revision.comment.startswith("Restored the version of")


def test_revert_is_for_staff_only(organization, member_user):
    services.update_organization(organization=organization, user=member_user, fields={"name": "Prvo"})
    services.update_organization(organization=organization, user=member_user, fields={"name": "Drugo"})
    first = Version.objects.get_for_object(organization).last()

    with pytest.raises(PermissionDenied):
        services.revert_organization(version=first, staff_user=member_user)

    organization.refresh_from_db()
    assert organization.name == "Drugo"


def test_revert_removes_a_program_added_after_the_chosen_version(organization, member_user, staff_user):
    services.update_organization(organization=organization, user=member_user, fields={"name": "Prije programa"})
    version = Version.objects.get_for_object(organization).first()
    ProgramFactory(organization=organization, title="Kasniji program")
    services.update_organization(organization=organization, user=member_user, fields={"name": "Poslije programa"})

    services.revert_organization(version=version, staff_user=staff_user)

    assert not Program.objects.filter(organization=organization).exists()
    organization.refresh_from_db()
    assert organization.name == "Prije programa"
    assert organization.completeness == Organization.Completeness.BASIC


def test_restoring_the_registered_version_keeps_a_published_profile_published(other_user, staff_user):
    organization = services.register_organization(user=other_user, fields=_registration_fields(name="Pravo ime"))
    services.approve_organization(organization=organization, staff_user=staff_user)
    services.verify_organization(organization=organization, staff_user=staff_user)
    organization.refresh_from_db()
    services.update_organization(organization=organization, user=other_user, fields={"name": "Vandal"})
    registered = Version.objects.get_for_object(organization).last()
    assert registered.revision.comment == "Registered"

    services.revert_organization(version=registered, staff_user=staff_user)

    organization.refresh_from_db()
    assert organization.name == "Pravo ime"
    assert organization.status == Organization.Status.PUBLISHED
    assert organization.published_at is not None
    assert organization.verified_at is not None
    assert _found("pravo ime") == [organization.pk]


def test_a_stale_edit_is_refused_and_changes_nothing(organization, member_user, editor_user):
    start = datetime.datetime(2025, 5, 5, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        organization.save()
        first_editor_loaded_at = Organization.objects.get(pk=organization.pk).updated_at
    with time_machine.travel(start + datetime.timedelta(minutes=5), tick=False):
        services.update_organization(
            organization=organization,
            user=editor_user,
            fields={"name": "Ime drugog urednika"},
            loaded_at=first_editor_loaded_at,
        )
    with (
        time_machine.travel(start + datetime.timedelta(minutes=10), tick=False),
        pytest.raises(services.StaleEditError) as error,
    ):
        services.update_organization(
            organization=organization,
            user=member_user,
            fields={"name": "Ime prvog urednika", "mission": "Nova misija."},
            loaded_at=first_editor_loaded_at,
        )

    assert "Someone else saved this profile" in error.value.messages[0]
    organization.refresh_from_db()
    assert organization.name == "Ime drugog urednika"
    assert organization.mission != "Nova misija."
    assert organization.updated_at == start + datetime.timedelta(minutes=5)
    assert Version.objects.get_for_object(organization).count() == 1


def test_an_edit_loaded_after_the_last_save_goes_through(organization, member_user):
    loaded_at = Organization.objects.get(pk=organization.pk).updated_at

    saved = services.update_organization(
        organization=organization, user=member_user, fields={"name": "Svježe ime"}, loaded_at=loaded_at
    )

    assert saved.name == "Svježe ime"
    assert _found("svjeze") == [organization.pk]


def test_the_reindex_command_rebuilds_the_search_index():
    published = [OrganizationFactory(name="Udruženje Iskra"), OrganizationFactory(name="Udruženje Plamen")]
    PendingOrganizationFactory(name="Udruženje Žar")
    search.remove_ids([organization.pk for organization in published])
    assert _found("udruzenje") == []
    out = io.StringIO()

    call_command("reindex_directory", "--no-optimize", stdout=out, verbosity=0)

    assert out.getvalue().strip() == "Indexed 2 organizations."
    assert sorted(_found("udruzenje")) == sorted(organization.pk for organization in published)
    assert _found("zar") == []


@pytest.mark.django_db(transaction=True)
def test_the_reindex_command_then_optimizes_the_index():
    """Optimizing (CLUSTER and VACUUM on PostgreSQL) must run outside a transaction, as the command does."""
    iskra = OrganizationFactory(name="Udruženje Iskra")
    out = io.StringIO()

    call_command("reindex_directory", stdout=out, verbosity=0)

    assert out.getvalue().strip() == "Indexed 1 organizations and optimized the index."
    assert _found("iskra") == [iskra.pk]


# Membership ------------------------------------------------------------------------------------


def test_asking_to_join_tells_the_admins_only(organization, member_user, editor_user, other_user, mail):
    with mail.committing():
        membership = services.request_membership(user=other_user, organization=organization, message="Radim ovdje.")

    assert membership.status == Membership.Status.REQUESTED
    assert membership.role == Membership.Role.EDITOR
    assert mail.recipients == [[member_user.email]]
    assert "Someone asks to join" in mail.outbox[0].subject
    assert other_user.email in mail.outbox[0].body
    assert "Radim ovdje." in mail.outbox[0].body
    with translation.override("en"):
        assert reverse("directory:organization-members", kwargs={"pk": organization.pk}) in mail.outbox[0].body


def test_asking_twice_is_refused_with_a_clear_message(organization, other_user):
    services.request_membership(user=other_user, organization=organization)

    with pytest.raises(ValidationError) as error:
        services.request_membership(user=other_user, organization=organization)

    assert error.value.messages == ["You have already asked to join; the organization's administrators will decide."]
    assert Membership.objects.filter(user=other_user, organization=organization).count() == 1


def test_a_member_cannot_ask_to_join(organization, member_user):
    with pytest.raises(ValidationError) as error:
        services.request_membership(user=member_user, organization=organization)

    assert error.value.messages == ["You are already a member of this organization."]
    assert Membership.objects.get(user=member_user, organization=organization).status == Membership.Status.ACTIVE


def test_a_declined_person_may_ask_again(organization, member_user, join_request):
    services.decide_membership(membership=join_request, decided_by=member_user, accept=False)

    again = services.request_membership(user=join_request.user, organization=organization, message="Molim ponovo.")

    assert again.pk == join_request.pk
    assert again.status == Membership.Status.REQUESTED
    assert again.message == "Molim ponovo."


@pytest.mark.parametrize(
    "decision",
    [
        (True, Membership.Status.ACTIVE, "You are now a member of"),
        (False, Membership.Status.DECLINED, "Your request to join"),
    ],
    ids=["accept", "decline"],
)
def test_an_admin_decides_a_request_and_the_person_hears_of_it(member_user, join_request, mail, decision):
    accept, status, subject = decision
    with mail.committing():
        services.decide_membership(membership=join_request, decided_by=member_user, accept=accept)

    join_request.refresh_from_db()
    assert join_request.status == status
    assert join_request.decided_by == member_user
    assert mail.recipients == [["applicant@example.org"]]
    assert subject in mail.outbox[0].subject
    assert join_request.organization.name in mail.outbox[0].subject


def test_a_request_is_decided_once(member_user, join_request):
    services.decide_membership(membership=join_request, decided_by=member_user, accept=True)

    with pytest.raises(ValidationError) as error:
        services.decide_membership(membership=join_request, decided_by=member_user, accept=False)

    assert error.value.messages == ["This request has already been decided."]
    join_request.refresh_from_db()
    assert join_request.status == Membership.Status.ACTIVE


def test_an_editor_cannot_decide_requests(editor_user, join_request):
    with pytest.raises(PermissionDenied):
        services.decide_membership(membership=join_request, decided_by=editor_user, accept=True)

    join_request.refresh_from_db()
    assert join_request.status == Membership.Status.REQUESTED


def test_an_admin_promotes_an_editor(organization, member_user, editor_user):
    membership = Membership.objects.get(user=editor_user, organization=organization)

    services.change_member_role(membership=membership, changed_by=member_user, role=Membership.Role.ADMIN)

    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN


def test_the_last_admin_cannot_demote_themself(organization, member_user):
    membership = Membership.objects.get(user=member_user, organization=organization)

    with pytest.raises(ValidationError) as error:
        services.change_member_role(membership=membership, changed_by=member_user, role=Membership.Role.EDITOR)

    assert error.value.messages == ["An organization needs at least one administrator."]
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN


def test_staff_may_demote_the_last_admin_as_they_may_remove_them(organization, member_user, staff_user):
    membership = Membership.objects.get(user=member_user, organization=organization)

    services.change_member_role(membership=membership, changed_by=staff_user, role=Membership.Role.EDITOR)

    membership.refresh_from_db()
    assert membership.role == Membership.Role.EDITOR


def test_an_admin_steps_down_once_there_is_another(organization, member_user, editor_user):
    services.change_member_role(
        membership=Membership.objects.get(user=editor_user), changed_by=member_user, role=Membership.Role.ADMIN
    )
    mine = Membership.objects.get(user=member_user, organization=organization)

    services.change_member_role(membership=mine, changed_by=member_user, role=Membership.Role.EDITOR)

    mine.refresh_from_db()
    assert mine.role == Membership.Role.EDITOR


def test_an_unknown_role_is_refused(organization, member_user, editor_user):
    membership = Membership.objects.get(user=editor_user)

    with pytest.raises(ValidationError):
        services.change_member_role(membership=membership, changed_by=member_user, role=150)

    membership.refresh_from_db()
    assert membership.role == Membership.Role.EDITOR


def test_the_last_admin_cannot_be_removed_or_leave(organization, member_user):
    membership = Membership.objects.get(user=member_user, organization=organization)

    with pytest.raises(ValidationError) as error:
        services.remove_member(membership=membership, removed_by=member_user)

    assert "at least one administrator" in error.value.messages[0]
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_admin_leaves_once_there_is_another(organization, member_user):
    MembershipFactory(organization=organization, role=Membership.Role.ADMIN)
    membership = Membership.objects.get(user=member_user, organization=organization)

    services.remove_member(membership=membership, removed_by=member_user)

    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_an_admin_removes_an_editor(organization, member_user, editor_user):
    membership = Membership.objects.get(user=editor_user)

    services.remove_member(membership=membership, removed_by=member_user)

    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_an_editor_cannot_remove_others(organization, member_user, editor_user):
    admin = Membership.objects.get(user=member_user, organization=organization)
    MembershipFactory(organization=organization, role=Membership.Role.ADMIN)

    with pytest.raises(PermissionDenied):
        services.remove_member(membership=admin, removed_by=editor_user)

    assert Membership.objects.filter(pk=admin.pk).exists()


def test_a_declined_request_does_not_count_as_an_admin(organization, member_user):
    MembershipFactory(
        organization=organization, user=UserFactory(), role=Membership.Role.ADMIN, status=Membership.Status.DECLINED
    )
    membership = Membership.objects.get(user=member_user, organization=organization)

    with pytest.raises(ValidationError):
        services.change_member_role(membership=membership, changed_by=member_user, role=Membership.Role.EDITOR)

    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN
