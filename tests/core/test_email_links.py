"""Every link in every e-mail opens the site in the recipient's language, whatever language sent it."""

import re

import pytest
from django.conf import settings
from django.contrib.sites.models import Site
from django.urls import reverse
from django.utils import translation

from spona.accounts.models import Membership
from spona.calls import alerts
from spona.calls import notifications as call_notifications
from spona.calls.models import EditorialState
from spona.core.models import OutgoingEmail
from spona.directory import notifications as directory_notifications
from spona.fair import notifications as fair_notifications
from spona.learning import notifications as learning_notifications
from spona.learning.models import Certificate, Registration, Trainer
from tests.calls.factories import CallFactory, NewsPostFactory, SavedSearchFactory
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.fair.factories import (
    CompanyParticipantFactory,
    FairParticipantFactory,
    MeetingRequestFactory,
    ProposalFactory,
)
from tests.learning.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


class _Outbox:
    """The e-mails queued so far, as the outbox keeps them (they go out once the transaction commits,
    which a test's never does): each has its subject, text and recipient."""

    def _emails(self) -> list[OutgoingEmail]:
        return list(OutgoingEmail.objects.order_by("pk"))

    def __iter__(self):
        return iter(self._emails())

    def __len__(self) -> int:
        return len(self._emails())

    def __getitem__(self, index):
        return self._emails()[index]

    def clear(self) -> None:
        OutgoingEmail.objects.all().delete()


outbox = _Outbox()

LINK = re.compile(r"https?://\S+")


def _links(message) -> list[str]:
    return LINK.findall(message.body)


def assert_links_in(language: str, messages=None, *, site=settings.SITE_URL):
    messages = list(outbox) if messages is None else messages
    assert messages, "no e-mail was sent"
    for message in messages:
        links = _links(message)
        assert links, message.body
        for link in links:
            assert link.startswith(f"{site}/{language}/"), (message.subject, link)


def _member(language: str, organization=None):
    user = UserFactory(language=language)
    MembershipFactory(user=user, organization=organization or OrganizationFactory())
    return user


@pytest.fixture(autouse=True)
def sent_in_english():
    """A request in English, or the task worker, sends them."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize("language", ["bs", "sr-latn", "sr"])
@pytest.mark.parametrize(
    "status",
    [Registration.Status.CONFIRMED, Registration.Status.PENDING, Registration.Status.WAITLISTED],
)
def test_registration_e_mails(language, status):
    registration = RegistrationFactory(participant=UserFactory(language=language), status=status)

    learning_notifications.notify_registered(registration.pk)
    learning_notifications.notify_promoted(registration.pk)
    learning_notifications.notify_cancelled(registration.pk)

    assert len(outbox) == 3
    assert_links_in(language)
    with translation.override(language):
        assert f"{settings.SITE_URL}{reverse('learning:my-registrations')}" in outbox[0].body


def test_reminder_and_certificate_e_mails():
    registration = RegistrationFactory(participant=UserFactory(language="sr"))
    certificate = Certificate.objects.create(
        registration=registration, participant_name="Ana", course_title="Kurs", session_dates="1. 1. 2027.",
        attended_days=1, total_days=1, language="sr",
    )  # fmt: skip

    learning_notifications.notify_reminder(registration.session_id)
    learning_notifications.notify_certificate_ready(certificate.pk)

    assert len(outbox) == 2
    assert_links_in("sr")
    assert f"/sr/trainings/certificates/{certificate.code}/" in outbox[1].body


def test_trainer_e_mails(staff_in_group):
    staff = staff_in_group("Training coordinators", language="bs")
    applicant = UserFactory(language="sr-latn")
    trainer = Trainer.objects.create(user=applicant, name="Ana Anić", slug="ana-anic", status=Trainer.Status.ACCEPTED)

    learning_notifications.notify_staff_of_trainer_application(trainer.pk)
    assert_links_in("bs", [message for message in outbox if staff.email in message.to])
    outbox.clear()
    learning_notifications.notify_trainer_decision(trainer.pk)
    assert_links_in("sr-latn")


@pytest.mark.parametrize("language", ["bs", "sr"])
def test_fair_e_mails(language):
    participant = FairParticipantFactory()
    _member(language, participant.organization)
    company = CompanyParticipantFactory(edition=participant.edition)
    _member(language, company.organization)
    mentor = UserFactory(language=language)
    proposal = ProposalFactory(edition=participant.edition, organization=participant.organization, mentor=mentor)
    request = MeetingRequestFactory(sender=participant, recipient=company)

    fair_notifications.notify_proposal_submitted(proposal.pk)
    fair_notifications.notify_proposal_decided(proposal.pk)
    fair_notifications.notify_request_received(request.pk)
    fair_notifications.notify_request_decided(request.pk)
    fair_notifications.notify_agenda_published(participant.edition_id)
    fair_notifications.notify_survey(participant, "after-fair")

    assert len(outbox) >= 6
    assert_links_in(language)
    assert any(f"/{language}/fair/" in link for message in outbox for link in _links(message))


def test_editorial_e_mails(staff_in_group):
    staff_in_group("Editors", language="sr")
    author = UserFactory(language="bs")
    call = CallFactory(submitted_by=author, state=EditorialState.SUBMITTED)
    post = NewsPostFactory(submitted_by=author, state=EditorialState.PUBLISHED)

    call_notifications.notify_submitted(call)
    assert_links_in("sr")
    outbox.clear()
    call_notifications.notify_decided(call)
    call_notifications.notify_decided(post)
    assert_links_in("bs")


def test_directory_e_mails(staff_in_group):
    staff_in_group("Directory moderators", language="sr-latn")
    organization = OrganizationFactory()
    admin = _member("bs", organization)
    joining = MembershipFactory(user=UserFactory(language="sr"), organization=organization, role=Membership.Role.EDITOR)

    directory_notifications.notify_staff_of_registration(organization.pk)
    assert_links_in("sr-latn")
    outbox.clear()
    directory_notifications.notify_members_of_decision(organization.pk)
    directory_notifications.notify_admins_of_join_request(joining.pk)
    assert_links_in("bs", [message for message in outbox if admin.email in message.to])
    outbox.clear()
    directory_notifications.notify_requester_of_decision(joining.pk)
    assert_links_in("sr")


def test_call_alerts():
    search = SavedSearchFactory(user=UserFactory(language="bs"))
    due = alerts.DueSearch(
        pk=search.pk, user_id=search.user_id, name=search.name, keywords="", amount_min_eur=None,
        amount_max_eur=None, checked_until=search.checked_until, token=search.token, email=search.user.email,
        language="bs",
    )  # fmt: skip
    writer = alerts.DigestWriter({call.pk: call for call in [CallFactory()]})

    _subject, body = writer.render(due, list(writer.calls_by_id))

    links = LINK.findall(body)
    assert len(links) == 3
    assert all(link.startswith(f"{settings.SITE_URL}/bs/") for link in links)


def test_sign_up_and_password_reset_e_mails_come_in_the_pages_language(client):
    password = "Zelena-Livada-42"
    client.post("/bs/accounts/signup/", {"email": "nova@example.org", "password1": password, "password2": password})
    [confirmation] = outbox
    assert "Potvrdite svoju e-mail adresu" in confirmation.subject
    # allauth writes its links with the host the request came to.
    assert_links_in("bs", site="http://testserver")

    outbox.clear()
    UserFactory(email="stara@example.org", language="sr")
    client.post("/sr/accounts/password/reset/", {"email": "stara@example.org"})
    [reset] = outbox
    assert_links_in("sr", site="http://testserver")
    assert "лозинк" in reset.body


def test_the_sign_up_e_mail_is_bosnian(client):
    password = "Zelena-Livada-42"
    client.post("/bs/accounts/signup/", {"email": "nova@example.org", "password1": password, "password2": password})

    [confirmation] = outbox
    site = Site.objects.get_current().name  # "Spona", unless a test that empties the tables came first
    assert confirmation.subject == "[Spona] Potvrdite svoju e-mail adresu"
    assert confirmation.body.startswith(f"{site} vas pozdravlja!")
    assert "Ovaj e-mail dobijate jer je korisnik" in confirmation.body
    assert f"{site} vam zahvaljuje!" in confirmation.body
