"""Who may do what in the directory: every URL that changes data, for five kinds of user (the
runner is tests/permission_matrix.py)."""

from collections.abc import Callable
from datetime import timedelta
from functools import cached_property

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from spona.accounts.models import Membership
from spona.directory import invitations, services
from spona.directory.models import AnnualFinance, ContactPerson, Invitation, Organization, Program, Result
from tests.directory.form_data import SECTION_ROWS, new_profile_data, profile_form_data, section_form_data
from tests.factories import (
    ContactPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    PendingOrganizationFactory,
    UserFactory,
)
from tests.permission_matrix import ANONYMOUS, LOGIN, OTHER, OWN, STAFF, WRONG_GROUP, Case, check_case

pytestmark = pytest.mark.django_db


class Scenario:
    """`own`'s published organization, and what only some cases need, built when first asked for:
    a pending organization of `own`, a request to join, an editor, and two versions of history."""

    def __init__(self, *, organization: Organization, users: dict):
        self.organization = organization
        self.users = users

    @cached_property
    def pending(self) -> Organization:
        pending = PendingOrganizationFactory(name="Udruženje na čekanju")
        MembershipFactory(user=self.users[OWN], organization=pending)
        return pending

    @cached_property
    def join_request(self) -> Membership:
        return MembershipFactory(
            organization=self.organization, status=Membership.Status.REQUESTED, role=Membership.Role.EDITOR
        )

    @cached_property
    def editor(self) -> Membership:
        return MembershipFactory(organization=self.organization, role=Membership.Role.EDITOR)

    @cached_property
    def invitation(self) -> Invitation:
        return invitations.invite_colleague(
            organization=self.organization, invited_by=self.users[OWN], email="kolegica@example.org"
        )

    @cached_property
    def first_version(self) -> Version:
        for name in ["Prvo ime", "Drugo ime"]:
            services.update_organization(organization=self.organization, user=self.users[OWN], fields={"name": name})
        return Version.objects.get_for_object(self.organization).order_by("pk").first()


@pytest.fixture
def scenario(organization, member_user, other_user, other_organization, staff_in_group):
    Organization.objects.filter(pk=organization.pk).update(confirmed_at=timezone.now() - timedelta(days=400))
    users = {
        ANONYMOUS: None,
        OTHER: other_user,
        OWN: member_user,
        STAFF: staff_in_group("Directory moderators"),
        WRONG_GROUP: staff_in_group("Editors"),
    }
    return Scenario(organization=organization, users=users)


def _org_url(name: str, **kwargs) -> Callable[[Scenario], str]:
    return lambda s: reverse(f"directory:{name}", kwargs={"pk": s.organization.pk, **kwargs})


def _member_url(attribute: str, action: str) -> Callable[[Scenario], str]:
    return lambda s: reverse(
        "directory:organization-member-action",
        kwargs={"pk": s.organization.pk, "membership_pk": getattr(s, attribute).pk, "action": action},
    )


def _moderate_url(target: str, action: str) -> Callable[[Scenario], str]:
    return lambda s: reverse("directory:organization-moderate", kwargs={"pk": getattr(s, target).pk, "action": action})


def _organization_value(attribute: str, target: str = "organization") -> Callable:
    return lambda s, user: getattr(Organization.objects.get(pk=getattr(s, target).pk), attribute)


def _membership_value(attribute: str, which: str) -> Callable:
    def probe(s, user):
        membership = Membership.objects.filter(pk=getattr(s, which).pk).first()
        return getattr(membership, attribute) if membership else None

    return probe


def _count(model) -> Callable:
    return lambda s, user: model.objects.filter(organization=s.organization).count()


def _own_membership_status(s, user):
    if user is None:
        return None
    return Membership.objects.filter(user=user, organization=s.organization).values_list("status", flat=True).first()


MEMBERS_ONLY = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 200, STAFF: 200}
MEMBERS_ONLY_POST = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 302, STAFF: 302}
STAFF_ONLY = {ANONYMOUS: LOGIN, OTHER: 403, OWN: 403, STAFF: 200}
STAFF_ONLY_POST = {ANONYMOUS: LOGIN, OTHER: 403, OWN: 403, STAFF: 302}
SIGNED_IN = {ANONYMOUS: LOGIN, OTHER: 200, OWN: 200, STAFF: 200}
SECTION_MODELS = {"contacts": ContactPerson, "programs": Program, "finances": AnnualFinance, "results": Result}


CASES = [
    Case("register-page", "get", lambda s: reverse("directory:organization-register"), SIGNED_IN),
    Case(
        "register",
        "post",
        lambda s: reverse("directory:organization-register"),
        {ANONYMOUS: LOGIN, OTHER: 302, OWN: 302, STAFF: 302},
        data=lambda s: new_profile_data(),
        probe=lambda s, user: Organization.objects.filter(name="Udruženje Novi Početak").count(),
        changes_for={OTHER, OWN, STAFF},
    ),
    Case("edit-page", "get", _org_url("organization-edit"), MEMBERS_ONLY),
    Case(
        "edit",
        "post",
        _org_url("organization-edit"),
        MEMBERS_ONLY_POST,
        data=lambda s: profile_form_data(s.organization, name="Promijenjeno ime"),
        probe=_organization_value("name"),
    ),
    *[
        Case(f"edit-{section}-page", "get", _org_url("organization-section-edit", section=section), MEMBERS_ONLY)
        for section in SECTION_MODELS
    ],
    *[
        Case(
            f"edit-{section}",
            "post",
            _org_url("organization-section-edit", section=section),
            MEMBERS_ONLY_POST,
            data=lambda s, section=section: section_form_data(section, [SECTION_ROWS[section]]),
            probe=_count(model),
        )
        for section, model in SECTION_MODELS.items()
    ],
    Case(
        "confirm",
        "post",
        _org_url("organization-confirm"),
        MEMBERS_ONLY_POST,
        probe=_organization_value("confirmed_at"),
    ),
    Case("join-page", "get", _org_url("organization-join"), SIGNED_IN),
    Case(
        "join",
        "post",
        _org_url("organization-join"),
        # A member is sent back to the profile with a message; nobody else's membership changes.
        {ANONYMOUS: LOGIN, OTHER: 302, OWN: 302, STAFF: 302},
        data=lambda s: {"message": "Radim ovdje."},
        probe=_own_membership_status,
        changes_for={OTHER, STAFF},
    ),
    Case("members-page", "get", _org_url("organization-members"), MEMBERS_ONLY),
    Case(
        "member-accept",
        "post",
        _member_url("join_request", "accept"),
        MEMBERS_ONLY_POST,
        probe=_membership_value("status", "join_request"),
    ),
    Case(
        "member-decline",
        "post",
        _member_url("join_request", "decline"),
        MEMBERS_ONLY_POST,
        probe=_membership_value("status", "join_request"),
    ),
    Case(
        "member-role",
        "post",
        _member_url("editor", "role"),
        MEMBERS_ONLY_POST,
        data=lambda s: {"role": Membership.Role.ADMIN},
        probe=_membership_value("role", "editor"),
    ),
    Case(
        "member-remove",
        "post",
        _member_url("editor", "remove"),
        MEMBERS_ONLY_POST,
        probe=_membership_value("status", "editor"),
    ),
    Case(
        "moderate-approve",
        "post",
        _moderate_url("pending", "approve"),
        STAFF_ONLY_POST,
        probe=_organization_value("status", "pending"),
        changes_for={STAFF},
    ),
    Case(
        "moderate-reject",
        "post",
        _moderate_url("pending", "reject"),
        STAFF_ONLY_POST,
        data=lambda s: {"reason": "Nedostaje registracijski broj."},
        probe=_organization_value("status", "pending"),
        changes_for={STAFF},
    ),
    Case(
        "moderate-verify",
        "post",
        _moderate_url("organization", "verify"),
        STAFF_ONLY_POST,
        probe=_organization_value("verified_at"),
        changes_for={STAFF},
    ),
    Case(
        "moderate-archive",
        "post",
        _moderate_url("organization", "archive"),
        STAFF_ONLY_POST,
        probe=_organization_value("status"),
        changes_for={STAFF},
    ),
    Case("history", "get", _org_url("organization-history"), STAFF_ONLY),
    Case(
        "history-revert",
        "post",
        lambda s: reverse(
            "directory:organization-revert", kwargs={"pk": s.organization.pk, "version_pk": s.first_version.pk}
        ),
        STAFF_ONLY_POST,
        probe=_organization_value("name"),
        changes_for={STAFF},
    ),
    Case("moderation-queue", "get", lambda s: reverse("directory:moderation-queue"), STAFF_ONLY),
    Case(
        "invitation-create",
        "post",
        _org_url("invitation-create"),
        MEMBERS_ONLY_POST,
        data=lambda s: {"email": "novi@example.org", "role": Membership.Role.EDITOR, "language": "bs"},
        probe=lambda s, user: Invitation.objects.filter(email="novi@example.org").count(),
    ),
    Case(
        "invitation-withdraw",
        "post",
        lambda s: reverse(
            "directory:invitation-withdraw", kwargs={"pk": s.organization.pk, "invitation_pk": s.invitation.pk}
        ),
        MEMBERS_ONLY_POST,
        probe=lambda s, user: Invitation.objects.get(pk=s.invitation.pk).status,
    ),
    # The link is the key: anyone who holds it sees the invitation, and joins with it once signed in.
    Case(
        "invitation-page",
        "get",
        lambda s: s.invitation.get_absolute_url(),
        {ANONYMOUS: 200, OTHER: 200, OWN: 200, STAFF: 200},
    ),
    Case(
        "invitation-accept",
        "post",
        lambda s: s.invitation.get_absolute_url(),
        {ANONYMOUS: LOGIN, OTHER: 302, OWN: 302, STAFF: 302},
        probe=_own_membership_status,
        changes_for={OTHER, STAFF},
    ),
]


@pytest.mark.parametrize(
    ("case", "user_kind"),
    [
        pytest.param(case, user_kind, id=f"{case.name}-{user_kind}")
        for case in CASES
        for user_kind in [ANONYMOUS, OTHER, OWN, STAFF, WRONG_GROUP]
    ],
)
def test_permission_matrix(client, scenario, case, user_kind):
    check_case(client, scenario, case, user_kind)


# Finer roles than the matrix ---------------------------------------------------------------------


def test_an_editor_edits_the_profile_but_cannot_manage_members(client, organization, editor_user, join_request):
    client.force_login(editor_user)

    assert client.get(reverse("directory:organization-edit", kwargs={"pk": organization.pk})).status_code == 200
    response = client.post(
        reverse(
            "directory:organization-member-action",
            kwargs={"pk": organization.pk, "membership_pk": join_request.pk, "action": "accept"},
        )
    )

    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == Membership.Status.REQUESTED


def test_an_editor_does_not_see_the_members_page(client, organization, editor_user):
    client.force_login(editor_user)

    response = client.get(reverse("directory:organization-members", kwargs={"pk": organization.pk}))

    assert response.status_code == 404


def test_a_member_may_leave_without_being_an_admin(client, organization, editor_user):
    membership = Membership.objects.get(user=editor_user, organization=organization)
    client.force_login(editor_user)

    response = client.post(
        reverse(
            "directory:organization-member-action",
            kwargs={"pk": organization.pk, "membership_pk": membership.pk, "action": "remove"},
        )
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:dashboard")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_someone_who_asked_to_join_cannot_accept_their_own_request(client, organization, join_request):
    client.force_login(join_request.user)

    response = client.post(
        reverse(
            "directory:organization-member-action",
            kwargs={"pk": organization.pk, "membership_pk": join_request.pk, "action": "accept"},
        )
    )

    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == Membership.Status.REQUESTED


def test_a_member_cannot_publish_or_verify_through_the_edit_form(client, member_user):
    pending = PendingOrganizationFactory(name="Čeka odobrenje")
    MembershipFactory(user=member_user, organization=pending)
    client.force_login(member_user)
    data = profile_form_data(pending, status="published", verified_at="2025-01-01 10:00", completeness="4")

    response = client.post(reverse("directory:organization-edit", kwargs={"pk": pending.pk}), data)

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    assert pending.verified_at is None
    client.logout()
    assert client.get(pending.get_absolute_url()).status_code == 404


def test_a_section_form_cannot_reach_another_organizations_contacts(
    client, organization, member_user, other_organization
):
    theirs = ContactPersonFactory(organization=other_organization, name="Njihova osoba")
    client.force_login(member_user)
    row = {"id": theirs.pk, "name": "Preoteto", "position": "", "email": "", "phone": ""}

    response = client.post(
        reverse("directory:organization-section-edit", kwargs={"pk": organization.pk, "section": "contacts"}),
        section_form_data("contacts", [row], initial=1),
    )

    assert response.status_code in {200, 302}  # refused or ignored, never applied
    theirs.refresh_from_db()
    assert (theirs.name, theirs.organization) == ("Njihova osoba", other_organization)
    assert not ContactPerson.objects.filter(organization=organization).exists()


def test_staff_cannot_revert_to_a_version_of_another_organization(client, organization, other_organization, staff_user):
    services.update_organization(organization=other_organization, user=staff_user, fields={"name": "Tuđa verzija"})
    foreign = Version.objects.get_for_object(other_organization).get()
    client.force_login(staff_user)

    response = client.post(
        reverse("directory:organization-revert", kwargs={"pk": organization.pk, "version_pk": foreign.pk})
    )

    assert response.status_code == 404
    organization.refresh_from_db()
    assert organization.name != "Tuđa verzija"


def test_someone_who_only_asked_to_join_cannot_edit(client, organization, join_request):
    client.force_login(join_request.user)

    response = client.get(reverse("directory:organization-edit", kwargs={"pk": organization.pk}))

    assert response.status_code == 404


def test_an_admin_cannot_act_on_a_membership_of_another_organization(
    client, organization, member_user, other_user, other_organization
):
    other_membership = Membership.objects.get(user=other_user)
    client.force_login(member_user)

    response = client.post(
        reverse(
            "directory:organization-member-action",
            kwargs={"pk": organization.pk, "membership_pk": other_membership.pk, "action": "remove"},
        )
    )

    assert response.status_code == 404
    assert Membership.objects.filter(pk=other_membership.pk).exists()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("organization-confirm", {}),
        ("organization-moderate", {"action": "approve"}),
        ("organization-member-action", {"membership_pk": 1, "action": "remove"}),
    ],
)
def test_actions_that_change_data_refuse_get(client, organization, staff_user, name, kwargs):
    client.force_login(staff_user)

    response = client.get(reverse(f"directory:{name}", kwargs={"pk": organization.pk, **kwargs}))

    assert response.status_code == 405


def test_unknown_section_and_unknown_actions_are_404(client, organization, member_user, staff_user, editor_user):
    membership = Membership.objects.get(user=editor_user)
    client.force_login(member_user)
    assert (
        client.get(
            reverse("directory:organization-section-edit", kwargs={"pk": organization.pk, "section": "secrets"})
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse(
                "directory:organization-member-action",
                kwargs={"pk": organization.pk, "membership_pk": membership.pk, "action": "promote"},
            )
        ).status_code
        == 404
    )
    client.force_login(staff_user)
    assert (
        client.post(
            reverse("directory:organization-moderate", kwargs={"pk": organization.pk, "action": "delete"})
        ).status_code
        == 404
    )
    assert Organization.objects.filter(pk=organization.pk, status=Organization.Status.PUBLISHED).exists()


@pytest.mark.parametrize("user_kind", [ANONYMOUS, OTHER, OWN, STAFF])
def test_missing_organization_is_404_for_everyone_signed_in(client, member_user, other_user, staff_user, user_kind):
    user = {ANONYMOUS: None, OTHER: other_user, OWN: member_user, STAFF: staff_user}[user_kind]
    if user is not None:
        client.force_login(user)

    response = client.get(reverse("directory:organization-edit", kwargs={"pk": 999_999}))

    if user is None:
        assert response.status_code == 302
    else:
        assert response.status_code == 404


# Private data and unpublished profiles ----------------------------------------------------------


@pytest.fixture
def users(member_user, other_user, staff_user):
    return {ANONYMOUS: None, OTHER: other_user, OWN: member_user, STAFF: staff_user}


@pytest.mark.parametrize(("user_kind", "sees"), [(ANONYMOUS, False), (OTHER, False), (OWN, True), (STAFF, True)])
def test_contact_people_and_moderation_note_are_for_members_and_staff(client, organization, users, user_kind, sees):
    ContactPersonFactory(organization=organization, name="Privatna Osoba", email="privatno@example.org")
    Organization.objects.filter(pk=organization.pk).update(moderation_note="Dopunite finansijski izvještaj.")
    if users[user_kind] is not None:
        client.force_login(users[user_kind])

    response = client.get(organization.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert organization.name in content
    assert ("Privatna Osoba" in content) is sees
    assert ("privatno@example.org" in content) is sees
    assert ("Dopunite finansijski izvještaj." in content) is sees


@pytest.mark.parametrize(
    "status", [Organization.Status.PENDING, Organization.Status.REJECTED, Organization.Status.ARCHIVED]
)
@pytest.mark.parametrize(("user_kind", "visible"), [(ANONYMOUS, False), (OTHER, False), (OWN, True), (STAFF, True)])
def test_an_unpublished_organization_is_seen_only_by_its_members_and_staff(client, users, status, user_kind, visible):
    organization = PendingOrganizationFactory(name="Udruženje u pripremi", status=status)
    MembershipFactory(user=users[OWN], organization=organization)
    if users[user_kind] is not None:
        client.force_login(users[user_kind])

    response = client.get(organization.get_absolute_url())

    if visible:
        assert response.status_code == 200
        assert "Udruženje u pripremi" in response.content.decode()
        assert organization.get_status_display() in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Udruženje u pripremi" not in response.content.decode()


@pytest.mark.parametrize("name", ["Confirm", "Members", "Join", "History", "Edit", "Moderate"])
def test_an_organization_named_like_an_action_keeps_its_profile_and_its_actions(client, member_user, name):
    organization = OrganizationFactory(name=name)
    MembershipFactory(user=member_user, organization=organization)
    client.force_login(member_user)

    profile = client.get(organization.get_absolute_url())
    members = client.get(reverse("directory:organization-members", kwargs={"pk": organization.pk}))

    assert profile.status_code == 200
    assert profile.context["organization"] == organization
    assert members.status_code == 200
    assert "organization_members" in members.templates[0].name


def test_a_pending_organization_cannot_be_joined(client, other_user):
    pending = PendingOrganizationFactory()
    MembershipFactory(organization=pending, user=UserFactory())
    client.force_login(other_user)

    response = client.post(reverse("directory:organization-join", kwargs={"pk": pending.pk}), {"message": ""})

    assert response.status_code == 404
    assert not Membership.objects.filter(user=other_user, organization=pending).exists()


def test_private_contact_people_are_shown_to_members_and_moderators_only(client, organization, staff_in_group):
    ContactPersonFactory(organization=organization, name="Privatna Osoba", email="privatna@example.org")
    moderator, editor = staff_in_group("Directory moderators"), staff_in_group("Editors")

    client.force_login(moderator)
    assert "privatna@example.org" in client.get(organization.get_absolute_url()).content.decode()
    client.force_login(editor)
    page = client.get(organization.get_absolute_url()).content.decode()

    assert "Privatna Osoba" not in page and "privatna@example.org" not in page


def test_the_staff_menu_shows_each_group_its_own_desks(client, staff_in_group):
    client.force_login(staff_in_group("Editors"))
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("calls:editorial-queue") in page
    assert reverse("directory:moderation-queue") not in page

    client.force_login(staff_in_group("Directory moderators"))
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("directory:moderation-queue") in page
    assert reverse("calls:editorial-queue") not in page
