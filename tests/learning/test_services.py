"""Registration, waitlist and promotion, staff decisions, attendance, feedback, certificates, reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone, translation

from spona.accounts.models import Membership
from spona.learning import selectors, services
from spona.learning.models import Attendance, Certificate, Registration, Trainer, TrainingSession
from spona.learning.services import RegistrationError
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.learning.factories import RegistrationFactory, TrainerFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def _register(session, user, **kwargs):
    return services.register_for_session(session=session, participant=user, registered_by=user, **kwargs)


# Capacity and the waitlist ----------------------------------------------------------------------


def test_seats_are_taken_in_order_and_the_rest_wait(mail):
    session = TrainingSessionFactory(capacity=2)
    people = [UserFactory() for _ in range(4)]

    with mail.committing():
        registrations = [_register(session, person) for person in people]

    assert [r.status for r in registrations] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [selectors.waitlist_position(r) for r in registrations] == [None, None, 1, 2]
    subjects = [message.subject for message in mail.outbox]
    assert sum("is confirmed" in subject for subject in subjects) == 2
    assert sum("waitlist" in subject for subject in subjects) == 2


def test_a_cancellation_promotes_the_next_person_and_tells_them(mail):
    session = TrainingSessionFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    seat = _register(session, first)
    waiting = _register(session, second)
    _register(session, third)

    with mail.committing():
        services.cancel_registration(registration=seat, user=first)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert waiting.promoted_at is not None
    assert mail.recipients == [[second.email]]
    assert "is yours" in mail.outbox[0].subject
    assert selectors.waitlist_position(Registration.objects.get(participant=third)) == 1


def test_leaving_the_waitlist_promotes_nobody():
    session = TrainingSessionFactory(capacity=1)
    _register(session, UserFactory())
    waiting = _register(session, UserFactory())
    last = _register(session, UserFactory())

    services.cancel_registration(registration=waiting, user=waiting.participant)

    last.refresh_from_db()
    assert last.status == Registration.Status.WAITLISTED
    assert selectors.waitlist_position(last) == 1


def test_an_organization_s_share_is_capped_and_the_waitlist_skips_who_would_exceed_it():
    session = TrainingSessionFactory(capacity=3, seats_per_organization=1)
    organization = OrganizationFactory()
    colleagues = [UserFactory() for _ in range(2)]
    for person in colleagues:
        MembershipFactory(user=person, organization=organization, role=Membership.Role.EDITOR)
    first = _register(session, colleagues[0], organization=organization)
    second = _register(session, colleagues[1], organization=organization)
    outsider = _register(session, UserFactory())

    assert (first.status, second.status, outsider.status) == ("confirmed", "waitlisted", "confirmed")

    late = _register(session, UserFactory())  # takes the last seat: the colleague may not
    assert late.status == "confirmed"
    services.cancel_registration(registration=outsider, user=outsider.participant)

    second.refresh_from_db()
    assert second.status == Registration.Status.WAITLISTED  # their organization still holds its seat
    services.cancel_registration(registration=first, user=first.participant)
    second.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED


def test_registering_twice_is_refused_with_a_clear_message():
    session = TrainingSessionFactory()
    person = UserFactory()
    _register(session, person)

    with pytest.raises(RegistrationError, match="already registered"):
        _register(session, person)
    assert session.registrations.count() == 1


def test_one_may_register_again_after_cancelling():
    session = TrainingSessionFactory()
    person = UserFactory()
    services.cancel_registration(registration=_register(session, person), user=person)

    again = _register(session, person)

    assert again.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"registration_deadline_days": -1}, "Registration closed on"),
        ({"start_days": -1}, "already started"),
        ({"status": TrainingSession.Status.DRAFT}, "not open for registration"),
        ({"status": TrainingSession.Status.CANCELLED}, "not open for registration"),
    ],
)
def test_closed_sessions_refuse_registrations(change, message):
    now = timezone.now()
    fields = {}
    if "registration_deadline_days" in change:
        fields["registration_deadline"] = now + datetime.timedelta(days=change["registration_deadline_days"])
    if "start_days" in change:
        fields["starts_at"] = now + datetime.timedelta(days=change["start_days"])
        fields["ends_at"] = now + datetime.timedelta(days=1)
    if "status" in change:
        fields["status"] = change["status"]
    session = TrainingSessionFactory(**fields)

    with pytest.raises(RegistrationError, match=message):
        _register(session, UserFactory())
    assert not session.registrations.exists()


def test_an_organization_admin_registers_a_colleague_but_not_a_stranger(organization, member_user):
    session = TrainingSessionFactory()
    colleague = UserFactory()
    MembershipFactory(user=colleague, organization=organization, role=Membership.Role.EDITOR)

    registration = services.register_for_session(
        session=session, participant=colleague, registered_by=member_user, organization=organization
    )

    assert (registration.participant, registration.registered_by) == (colleague, member_user)
    with pytest.raises(PermissionDenied):
        services.register_for_session(
            session=session, participant=UserFactory(), registered_by=member_user, organization=organization
        )


def test_an_editor_cannot_register_colleagues(organization):
    session = TrainingSessionFactory()
    editor, colleague = UserFactory(), UserFactory()
    for person in (editor, colleague):
        MembershipFactory(user=person, organization=organization, role=Membership.Role.EDITOR)

    with pytest.raises(PermissionDenied):
        services.register_for_session(
            session=session, participant=colleague, registered_by=editor, organization=organization
        )


def test_nobody_registers_on_behalf_of_an_organization_they_are_not_in(other_organization):
    with pytest.raises(PermissionDenied):
        _register(TrainingSessionFactory(), UserFactory(), organization=other_organization)


def test_someone_else_s_registration_cannot_be_cancelled():
    registration = RegistrationFactory()

    with pytest.raises(PermissionDenied, match="someone else"):
        services.cancel_registration(registration=registration, user=UserFactory())
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_an_organization_admin_cancels_a_colleague_and_the_colleague_is_told(mail, organization, member_user):
    colleague = UserFactory()
    MembershipFactory(user=colleague, organization=organization, role=Membership.Role.EDITOR)
    registration = _register(TrainingSessionFactory(), colleague, organization=organization)

    with mail.committing():
        services.cancel_registration(registration=registration, user=member_user)

    assert mail.recipients == [[colleague.email]]
    assert "was cancelled" in mail.outbox[0].subject


def test_a_cancelled_registration_cannot_be_cancelled_again():
    registration = RegistrationFactory()
    services.cancel_registration(registration=registration, user=registration.participant)

    with pytest.raises(RegistrationError, match="no longer active"):
        services.cancel_registration(registration=registration, user=registration.participant)


# Staff decisions and capacity changes -----------------------------------------------------------


def test_sessions_that_need_confirmation_hold_the_seat_until_staff_decide(mail, staff_user):
    session = TrainingSessionFactory(capacity=1, requires_confirmation=True)
    held = _register(session, UserFactory())
    waiting = _register(session, UserFactory())
    assert (held.status, waiting.status) == ("pending", "waitlisted")

    with mail.committing():
        services.reject_registration(registration=held, staff_user=staff_user)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.PENDING
    services.confirm_registration(registration=waiting, staff_user=staff_user)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert {tuple(r) for r in mail.recipients} == {(held.participant.email,), (waiting.participant.email,)}


def test_only_staff_confirm_or_reject(member_user):
    registration = RegistrationFactory(status=Registration.Status.PENDING)

    with pytest.raises(PermissionDenied):
        services.confirm_registration(registration=registration, staff_user=member_user)
    with pytest.raises(PermissionDenied):
        services.reject_registration(registration=registration, staff_user=member_user)


def test_more_seats_promote_the_waitlist():
    session = TrainingSessionFactory(capacity=1)
    _register(session, UserFactory())
    waiting = _register(session, UserFactory())

    session.capacity = 2
    services.save_session(session=session)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


# Attendance, feedback and certificates ----------------------------------------------------------


@pytest.fixture
def finished_session(db):
    """A three-day session that ended yesterday, with three confirmed participants."""
    start = timezone.now() - datetime.timedelta(days=3)
    session = TrainingSessionFactory(
        starts_at=start.replace(hour=9, minute=0), ends_at=(start + datetime.timedelta(days=2)).replace(hour=16)
    )
    trainer = TrainerFactory(user=UserFactory(email="trainer@example.org"))
    session.trainers.set([trainer])
    people = [RegistrationFactory(session=session) for _ in range(3)]
    return session, trainer, people


def test_the_trainer_marks_attendance_per_day_and_the_rule_decides_certificates(finished_session, mail):
    session, trainer, (always, twice, once) = finished_session
    days = session.days()
    assert len(days) == 3
    for day_index, day in enumerate(days):
        marks = {always.pk: "present", twice.pk: "late" if day_index < 2 else "absent", once.pk: "excused"}
        if day_index == 0:
            marks[once.pk] = "present"
        services.mark_attendance(session=session, day=day, marks=marks, user=trainer.user)

    with mail.committing():
        issued = services.issue_certificates(session=session, user=trainer.user)

    # 80 % of three days is three: only full attendance counts; lowering the rule to 60 % lets "twice" in.
    assert [c.registration for c in issued] == [always]
    session.attendance_required_percent = 60
    session.save()
    assert [c.registration for c in services.issue_certificates(session=session, user=trainer.user)] == [twice]
    certificate = Certificate.objects.get(registration=always)
    assert (certificate.attended_days, certificate.total_days) == (3, 3)
    assert certificate.participant_name == always.participant.full_name
    assert mail.recipients == [[always.participant.email]]
    assert certificate.code in mail.outbox[0].body


@pytest.mark.parametrize(
    ("language", "city"), [("en", "Centar Sarajevo"), ("bs", "Centar Sarajevo"), ("sr", "Центар Сарајево")]
)
def test_a_certificate_states_the_dates_and_place_in_the_participants_language(finished_session, language, city):
    session, trainer, (person, *_rest) = finished_session
    person.participant.language = language
    person.participant.save()
    for day in session.days():
        services.mark_attendance(session=session, day=day, marks={person.pk: "present"}, user=trainer.user)

    [certificate] = services.issue_certificates(session=session, user=trainer.user)

    with translation.override(language):
        first, last = (formats.date_format(day, "DATE_FORMAT") for day in (session.days()[0], session.days()[-1]))
    assert certificate.session_dates == f"{first} – {last}"
    assert certificate.city == city
    if language != "en":
        assert "." in first and ".." not in certificate.session_dates


def test_marking_attendance_again_replaces_the_mark(finished_session):
    session, trainer, (person, *_rest) = finished_session
    day = session.days()[0]
    services.mark_attendance(session=session, day=day, marks={person.pk: "absent"}, user=trainer.user)
    services.mark_attendance(session=session, day=day, marks={person.pk: "late"}, user=trainer.user)

    assert list(person.attendance.values_list("status", flat=True)) == ["late"]


def test_attendance_is_refused_for_other_days_other_sessions_and_other_people(finished_session):
    session, trainer, (person, *_rest) = finished_session
    elsewhere = RegistrationFactory()

    with pytest.raises(RegistrationError, match="not a day"):
        services.mark_attendance(
            session=session,
            day=session.days()[0] - datetime.timedelta(days=1),
            marks={person.pk: "present"},
            user=trainer.user,
        )
    with pytest.raises(RegistrationError, match="confirmed participants"):
        services.mark_attendance(
            session=session, day=session.days()[0], marks={elsewhere.pk: "present"}, user=trainer.user
        )
    with pytest.raises(PermissionDenied):
        services.mark_attendance(
            session=session, day=session.days()[0], marks={person.pk: "present"}, user=UserFactory()
        )
    assert not Attendance.objects.exists()


def test_an_attendee_gives_feedback_once_and_may_change_it(finished_session):
    session, trainer, (person, absent, _other) = finished_session
    services.mark_attendance(session=session, day=session.days()[0], marks={person.pk: "present"}, user=trainer.user)
    ratings = {"overall": 5, "content": 4, "trainers": 5, "organization": 3}

    services.submit_feedback(registration=person, user=person.participant, ratings=ratings, comments="Korisno.")
    services.submit_feedback(registration=person, user=person.participant, ratings={**ratings, "overall": 4})

    summary = selectors.feedback_summary(selectors.feedback_for_session(session))
    assert summary.responses == 1
    assert summary.averages["overall"] == 4
    assert summary.averages["trainers"] == 5
    assert selectors.feedback_summary(selectors.feedback_for_trainer(trainer)).responses == 1
    with pytest.raises(RegistrationError):
        services.submit_feedback(registration=absent, user=absent.participant, ratings=ratings)
    with pytest.raises(PermissionDenied):
        services.submit_feedback(registration=person, user=absent.participant, ratings=ratings)


def test_feedback_and_certificates_wait_for_the_last_day(staff_in_group):
    session = TrainingSessionFactory()
    registration = RegistrationFactory(session=session)
    staff = staff_in_group("Training coordinators")

    assert not services.can_give_feedback(registration)
    with pytest.raises(RegistrationError, match="last day"):
        services.issue_certificates(session=session, user=staff)


def test_a_revoked_certificate_is_no_longer_valid(finished_session, staff_user):
    session, trainer, (person, *_rest) = finished_session
    for day in session.days():
        services.mark_attendance(session=session, day=day, marks={person.pk: "present"}, user=trainer.user)
    (certificate,) = services.issue_certificates(session=session, user=staff_user)

    services.revoke_certificate(certificate=certificate, staff_user=staff_user)

    certificate.refresh_from_db()
    assert not certificate.is_valid


# Reminders --------------------------------------------------------------------------------------


def test_reminders_go_out_the_day_before_once_however_often_the_run_repeats(mail):
    now = timezone.now()
    tomorrow_morning = (timezone.localtime(now) + datetime.timedelta(days=1)).replace(hour=9, minute=0)
    tomorrow = TrainingSessionFactory(starts_at=tomorrow_morning, ends_at=tomorrow_morning.replace(hour=16))
    later = TrainingSessionFactory()
    confirmed = RegistrationFactory(session=tomorrow)
    RegistrationFactory(session=tomorrow, status=Registration.Status.WAITLISTED)
    RegistrationFactory(session=later)

    with mail.committing():
        assert services.send_session_reminders(now=now) == 1
        assert services.send_session_reminders(now=now) == 0

    assert mail.recipients == [[confirmed.participant.email]]
    assert "Tomorrow" in mail.outbox[0].subject


# Trainers ---------------------------------------------------------------------------------------


def test_a_trainer_applies_staff_accept_and_then_the_trainer_edits_the_profile(mail, member_user, staff_user):
    with mail.committing():
        trainer = services.apply_as_trainer(user=member_user, fields={"name": "Amra Trenerka"}, relations={})
    assert trainer.status == Trainer.Status.APPLIED
    assert [staff_user.email] in mail.recipients
    with pytest.raises(PermissionDenied):
        services.update_trainer(trainer=trainer, user=member_user, fields={"headline": "Novo"}, relations={})

    services.decide_trainer(trainer=trainer, staff_user=staff_user, accept=True)
    services.update_trainer(trainer=trainer, user=member_user, fields={"headline": "Novo"}, relations={})

    trainer.refresh_from_db()
    assert (trainer.status, trainer.headline) == (Trainer.Status.ACCEPTED, "Novo")
    with pytest.raises(RegistrationError):
        services.apply_as_trainer(user=member_user, fields={"name": "Opet"}, relations={})
