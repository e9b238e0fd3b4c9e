"""Editing a profile, stale edits, its history and restoring a version, and reindexing."""

import datetime
import io

import pytest
import reversion
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from reversion.models import Version

from spona.core.models import Sector
from spona.core.stale_edits import StaleEdit
from spona.directory import search, services
from spona.directory.models import Organization, Program
from tests.directory.form_data import registration_fields
from tests.directory.reading import found
from tests.factories import (
    OrganizationFactory,
    PendingOrganizationFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


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
    assert found("orlovi") == [organization.pk]

    reverted = services.revert_organization(version=versions[1], staff_user=staff_user)

    reverted.refresh_from_db()
    assert reverted.name == "Kulturni centar Mozaik"
    assert reverted.slug == "kulturni-centar-mozaik"
    assert [s.slug for s in reverted.sectors.all()] == ["culture"]
    assert found("mozaik") == [organization.pk]
    assert found("orlovi") == []
    assert found("mozaik", sector_ids=(culture.pk,)) == [organization.pk]
    assert found("mozaik", sector_ids=(sport.pk,)) == []
    assert found("mozaik", sector_ids=(youth.pk,)) == []
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
    organization = services.register_organization(user=other_user, fields=registration_fields(name="Pravo ime"))
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
    assert found("pravo ime") == [organization.pk]


def test_a_stale_edit_is_refused_and_changes_nothing(organization, member_user, editor_user):
    opened_at = Organization.objects.get(pk=organization.pk).version
    services.update_organization(
        organization=organization, user=editor_user, fields={"name": "Ime drugog urednika"}, expected_version=opened_at
    )
    with pytest.raises(StaleEdit) as error:
        services.update_organization(
            organization=Organization.objects.get(pk=organization.pk),
            user=member_user,
            fields={"name": "Ime prvog urednika", "mission": "Nova misija."},
            expected_version=opened_at,
        )

    assert "Someone else saved this profile" in error.value.messages[0]
    organization.refresh_from_db()
    assert organization.name == "Ime drugog urednika"
    assert organization.mission != "Nova misija."
    assert organization.version == opened_at + 1
    assert Version.objects.get_for_object(organization).count() == 1


def test_an_edit_opened_at_the_current_version_goes_through(organization, member_user):
    opened_at = Organization.objects.get(pk=organization.pk).version

    saved = services.update_organization(
        organization=organization, user=member_user, fields={"name": "Svježe ime"}, expected_version=opened_at
    )

    assert saved.name == "Svježe ime" and saved.version == opened_at + 1
    assert found("svjeze") == [organization.pk]


def test_the_guard_reads_no_clock_two_saves_in_the_same_instant_are_told_apart(organization, member_user, editor_user):
    """The old guard compared time stamps: a second save stamped no later than the form (a frozen or slow
    clock) went through. Versions count saves."""
    with time_machine.travel(datetime.datetime(2025, 10, 26, 0, 30, tzinfo=datetime.UTC), tick=False):
        opened_at = Organization.objects.get(pk=organization.pk).version
        services.update_organization(
            organization=organization, user=editor_user, fields={"name": "Prvo"}, expected_version=opened_at
        )
        with pytest.raises(StaleEdit):
            services.update_organization(
                organization=organization, user=member_user, fields={"name": "Drugo"}, expected_version=opened_at
            )
    organization.refresh_from_db()
    assert organization.name == "Prvo"


def test_restoring_a_version_counts_on_from_the_current_one(organization, member_user, staff_user):
    """A restored profile must not take back an old version number: a form opened at that number would pass."""
    with reversion.create_revision():
        organization.save()
    first = Version.objects.get_for_object(organization).first()
    for name in ("Drugo ime", "Treće ime"):
        services.update_organization(organization=organization, user=member_user, fields={"name": name})
    before = Organization.objects.get(pk=organization.pk).version

    restored = services.revert_organization(version=first, staff_user=staff_user)

    assert restored.version == before + 1
    with pytest.raises(StaleEdit):
        services.update_organization(
            organization=restored,
            user=member_user,
            fields={"name": "Staro"},
            expected_version=first.field_dict["version"],
        )


def test_the_reindex_command_rebuilds_the_search_index():
    published = [OrganizationFactory(name="Udruženje Iskra"), OrganizationFactory(name="Udruženje Plamen")]
    PendingOrganizationFactory(name="Udruženje Žar")
    search.remove_ids([organization.pk for organization in published])
    assert found("udruzenje") == []
    out = io.StringIO()

    call_command("reindex_directory", "--no-optimize", stdout=out, verbosity=0)

    assert out.getvalue().strip() == "Indexed 2 organizations."
    assert sorted(found("udruzenje")) == sorted(organization.pk for organization in published)
    assert found("zar") == []


@pytest.mark.django_db(transaction=True)
def test_the_reindex_command_then_optimizes_the_index():
    """Optimizing (CLUSTER and VACUUM on PostgreSQL) must run outside a transaction, as the command does."""
    iskra = OrganizationFactory(name="Udruženje Iskra")
    out = io.StringIO()

    call_command("reindex_directory", stdout=out, verbosity=0)

    assert out.getvalue().strip() == "Indexed 1 organizations and optimized the index."
    assert found("iskra") == [iskra.pk]


def test_the_history_shows_what_each_edit_changed_field_by_field(client, organization, member_user, staff_user):
    culture, sport = (Sector.objects.get(slug=slug) for slug in ["culture", "sport"])
    services.update_organization(
        organization=organization, user=member_user, fields={"name": "Kulturni centar Mozaik", "size": "1-5"},
        sectors=[culture],
    )  # fmt: skip
    services.update_organization(
        organization=organization, user=member_user, fields={"name": "Sportski klub Orlovi"}, sectors=[sport]
    )
    client.force_login(staff_user)

    page = client.get(f"/en/directory/moderation/{organization.pk}/history/").content.decode()

    assert "<del>Kulturni centar Mozaik</del><br><ins>Sportski klub Orlovi</ins>" in page
    assert f"<del>{culture.name}</del><br><ins>{sport.name}</ins>" in page
    assert "The first version: Kulturni centar Mozaik" in page
    assert "<dt>Version</dt>" not in page and "<dt>Updated</dt>" not in page  # kept by the site, not edited


def test_what_each_version_did_is_said_in_the_readers_language(client, organization, member_user, staff_user):
    services.update_organization(organization=organization, user=member_user, fields={"name": "Prvo"})
    services.update_organization(organization=organization, user=member_user, fields={"name": "Drugo"})
    client.force_login(staff_user)

    page = client.get(f"/bs/directory/moderation/{organization.pk}/history/").content.decode()

    assert "Uređen profil" in page and "Edited the profile" not in page
