"""A person with data in every part of the site, and a colleague whose data must never leak into theirs."""

import datetime
from dataclasses import dataclass

import pytest
import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from spona.accounts.models import Membership
from spona.calls.models import AlertDelivery, AlertDigest, CallDismissal
from spona.core.mail import store_message
from spona.fair.models import Meeting, ProposalComment, Representative
from spona.learning import services as learning_services
from spona.learning.models import Attendance, Certificate, Feedback
from spona.privacy import services as privacy_services
from spona.privacy.models import DataRequest
from tests.calls.factories import CallFactory, SavedSearchFactory
from tests.factories import ContactPersonFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.fair.factories import (
    CompanyParticipantFactory,
    FairParticipantFactory,
    MeetingRequestFactory,
    ProposalFactory,
)
from tests.learning.factories import RegistrationFactory, TrainerFactory, TrainingSessionFactory

NAME = "Anabela Privatnić-Testna"
EMAIL = "anabela.privatnic@example.org"
PHONE = "+387 61 555 777"
COLLEAGUE_NAME = "Kolegica Drugačija"
COLLEAGUE_EMAIL = "kolegica.drugacija@example.org"


@dataclass
class Person:
    user: object
    colleague: object
    organization: object
    session: object
    taught_session: object
    registration: object
    certificate: object
    other_certificate: object
    participant: object
    company: object
    partner: object
    meeting: object


def _finished_session(**kwargs):
    start = (timezone.now() - datetime.timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    return TrainingSessionFactory(starts_at=start, ends_at=start.replace(hour=16), capacity=10, **kwargs)


@pytest.fixture
def person(db, staff_user) -> Person:
    user = UserFactory(email=EMAIL, full_name=NAME, language="bs")
    colleague = UserFactory(email=COLLEAGUE_EMAIL, full_name=COLLEAGUE_NAME, language="sr")
    organization = OrganizationFactory(name="Udruženje Čuvari podataka")
    MembershipFactory(user=user, organization=organization, role=Membership.Role.ADMIN)
    MembershipFactory(user=colleague, organization=organization, role=Membership.Role.ADMIN)
    with reversion.create_revision():
        contact = ContactPersonFactory(organization=organization, name=NAME, email=EMAIL, phone=PHONE)
        reversion.add_to_revision(contact)
    ContactPersonFactory(organization=organization, name=COLLEAGUE_NAME, email=COLLEAGUE_EMAIL)

    # Trainings: a session the person attended (registered by the colleague), one the person taught.
    session = _finished_session()
    registration = RegistrationFactory(
        session=session, participant=user, registered_by=colleague, organization=organization, note=f"Pozdrav, {NAME}"
    )
    RegistrationFactory(session=session, participant=colleague, registered_by=colleague, organization=organization)
    for day in session.days():
        Attendance.objects.create(registration=registration, day=day, status="present")
    Feedback.objects.create(
        registration=registration, overall=5, content=4, trainers=5, organization=4, comments=f"Hvala! {NAME}"
    )
    certificate = Certificate.objects.create(
        registration=registration, participant_name=NAME, course_title="Kurs", session_dates="1. 1. 2027.",
        attended_days=1, total_days=1, language="bs",
    )  # fmt: skip
    trainer = TrainerFactory(user=user, name=NAME)
    trainer.email = EMAIL
    trainer.save()
    taught_session = _finished_session(trainers=[trainer])
    learner = RegistrationFactory(session=taught_session, participant=colleague, organization=organization)
    other_certificate = Certificate.objects.create(
        registration=learner, participant_name=COLLEAGUE_NAME, course_title="Kurs", session_dates="1. 1. 2027.",
        trainer_names=f"{NAME}, Drugi Trener", attended_days=1, total_days=1, language="sr",
    )  # fmt: skip
    learning_services.calendar_feed_for(user)

    # Calls: a saved search, an alert e-mail and a dismissed call.
    search = SavedSearchFactory(user=user, name="Mladi i kultura")
    call = CallFactory()
    digest = AlertDigest.objects.create(
        user=user, saved_search=search, recipient=EMAIL, subject="Novi pozivi", body=f"Zdravo {NAME}"
    )
    AlertDelivery.objects.create(user=user, call=call, digest=digest)
    CallDismissal.objects.create(user=user, call=CallFactory())

    # The fair: the organization takes part and has met a company; the person represents another company.
    participant = FairParticipantFactory(organization=organization)
    partner = CompanyParticipantFactory(edition=participant.edition)
    company = CompanyParticipantFactory(edition=participant.edition)
    Representative.objects.create(participant=company, name=NAME, email=EMAIL, phone=PHONE)
    request = MeetingRequestFactory(sender=participant, recipient=partner, message="Sastanak?")
    meeting = Meeting.objects.create(request=request, edition=participant.edition, slot=0, table=0, published=True)
    proposal = ProposalFactory(edition=participant.edition, organization=organization)
    ProposalComment.objects.create(proposal=proposal, author=user, body=f"Evo izmjena. {NAME}")

    # Personal data itself, the outbox and the admin's log.
    privacy_services.save_donor_figures(user=user, sex="female", age_group="30-44")
    DataRequest.objects.create(kind=DataRequest.Kind.ACCESS, person=user, email=EMAIL, name=NAME)
    store_message(to=EMAIL, subject="Potvrda", body=f"Dragi/a {NAME}, mjesto je potvrđeno.")
    store_message(to=staff_user.email, subject=f"{NAME} se prijavila", body=f"{NAME} <{EMAIL}>")
    store_message(to=COLLEAGUE_EMAIL, subject="Za kolegicu", body="Ništa o drugima.")
    LogEntry.objects.create(
        user=staff_user, content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk),
        object_repr=str(user), action_flag=CHANGE, change_message=f"Changed {NAME}",
    )  # fmt: skip
    return Person(
        user=user, colleague=colleague, organization=organization, session=session, taught_session=taught_session,
        registration=registration, certificate=certificate, other_certificate=other_certificate,
        participant=participant, company=company, partner=partner, meeting=meeting,
    )  # fmt: skip
