"""Deleting an account: no personal value of the person stays in any table; what others rely on stays,
without the person; an organization is not silently left without its administrator."""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse

from spona.accounts.models import Membership
from spona.directory.models import Organization
from spona.fair import schedules
from spona.learning import selectors as learning_selectors
from spona.learning.models import Feedback, Registration
from spona.privacy import services
from spona.privacy.models import DataRequest
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.privacy.conftest import EMAIL, NAME, PHONE

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _where_found(*values: str) -> list[str]:
    """Every column of every model (the site's and its libraries') that holds one of `values`."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            annotated = model.objects.annotate(_text=Cast(field.name, TextField()))
            condition = Q()
            for value in values:
                condition |= Q(_text__icontains=value)
            if annotated.filter(condition).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def _figures(person) -> dict:
    session = person.session
    return {
        "registrations": Registration.objects.filter(session=session).count(),
        "seats": Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED).count(),
        "feedback": learning_selectors.feedback_summary(
            Feedback.objects.filter(registration__session=session), with_comments=False
        ),
        "fair": schedules.edition_figures(person.participant.edition),
        "organizations": Organization.objects.count(),
    }


def test_nothing_of_the_person_stays_in_any_table(person):
    assert _where_found(EMAIL, NAME, PHONE)  # the search finds the person before, in many places

    services.erase_person(user=person.user, requested_by=person.user)

    assert _where_found(EMAIL, NAME, PHONE) == []


def test_what_others_rely_on_stays_without_the_person(person, client):
    figures = _figures(person)

    services.erase_person(user=person.user, requested_by=person.user)

    assert _figures(person) == figures
    person.certificate.refresh_from_db()
    assert person.certificate.is_valid and person.certificate.participant_name == ""
    page = client.get(person.certificate.get_absolute_url()).content.decode()
    assert "This certificate is genuine." in page and "the holder has deleted their account" in page
    assert NAME not in page
    assert client.get(person.organization.get_absolute_url()).status_code == 200
    # The colleague still administers the organization and sees its meeting in the agenda.
    assert Membership.objects.filter(organization=person.organization, user=person.colleague).exists()
    client.force_login(person.colleague)
    agenda = client.get(reverse("fair:agenda", args=[person.participant.pk]))
    assert agenda.status_code == 200
    assert person.partner.organization.name in agenda.content.decode()


def test_the_account_can_no_longer_sign_in_and_the_erasure_is_on_record(person, client):
    services.erase_person(user=person.user, requested_by=person.user)

    person.user.refresh_from_db()
    assert not person.user.is_active and not person.user.has_usable_password()
    assert not client.login(username=EMAIL, password="spona-demo-2026")
    record = DataRequest.objects.get(kind=DataRequest.Kind.ERASURE)
    assert record.status == DataRequest.Status.DONE and record.person is None and record.email == ""


def test_the_last_administrator_of_an_organization_with_members_hands_it_over_first(db):
    admin, member = UserFactory(), UserFactory()
    organization = OrganizationFactory()
    MembershipFactory(user=admin, organization=organization, role=Membership.Role.ADMIN)
    MembershipFactory(user=member, organization=organization, role=Membership.Role.EDITOR)

    with pytest.raises(ValidationError, match="another administrator"):
        services.erase_person(user=admin, requested_by=admin)

    admin.refresh_from_db()
    assert admin.is_active and Membership.objects.filter(user=admin).exists()


def test_staff_are_told_of_an_organization_left_without_members(db, mail, staff_in_group):
    moderator = staff_in_group("Directory moderators")
    alone = UserFactory()
    organization = OrganizationFactory(name="Udruženje Samo Jedno")
    MembershipFactory(user=alone, organization=organization, role=Membership.Role.ADMIN)

    with mail.committing():
        report = services.erase_person(user=alone, requested_by=alone)

    assert report.organizations_left_alone == [organization]
    assert Organization.objects.filter(pk=organization.pk).exists()
    (message,) = [message for message in mail.outbox if message.to == [moderator.email]]
    assert "Udruženje Samo Jedno" in message.body


def test_only_the_person_or_staff_handling_requests_erase_an_account(person, staff_in_group):
    with pytest.raises(PermissionDenied):
        services.erase_person(user=person.user, requested_by=staff_in_group("Editors"))
    with pytest.raises(PermissionDenied):
        services.erase_person(user=person.user, requested_by=person.colleague)

    services.erase_person(user=person.user, requested_by=staff_in_group("Data protection officers"))

    person.user.refresh_from_db()
    assert not person.user.is_active
