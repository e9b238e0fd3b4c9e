"""Who may do what in education: every URL that changes data or shows private data, for anonymous
visitors, another organization's member, the organization's own member (whose registration it is),
staff, and the session's trainer. Refused requests must change nothing."""

import datetime
from collections.abc import Callable
from functools import cached_property

import pytest
from django.urls import reverse
from django.utils import timezone

from spona.learning import services
from spona.learning.models import Attendance, CalendarFeed, Certificate, Feedback, Registration, Trainer
from tests.factories import UserFactory
from tests.learning.factories import RegistrationFactory, TrainerFactory, TrainingSessionFactory
from tests.permission_matrix import ANONYMOUS, LOGIN, OTHER, OWN, STAFF, WRONG_GROUP, Case, check_case

pytestmark = pytest.mark.django_db

TRAINER = "trainer"
USER_KINDS = [ANONYMOUS, OTHER, OWN, STAFF, TRAINER, WRONG_GROUP]


class Scenario:
    """An upcoming session with a pending registration of `own` (for their organization), and a
    finished one that `own` attended; the trainer teaches both."""

    def __init__(self, *, organization, users):
        self.organization = organization
        self.users = users
        self.trainer = TrainerFactory(user=users[TRAINER])
        self.session = TrainingSessionFactory(capacity=5, requires_confirmation=True, trainers=[self.trainer])
        self.registration = services.register_for_session(
            session=self.session, participant=users[OWN], registered_by=users[OWN], organization=organization
        )
        for user in users.values():
            if user is not None:
                services.calendar_feed_for(user)

    @cached_property
    def finished(self) -> Registration:
        start = (timezone.now() - datetime.timedelta(days=2)).replace(hour=9, minute=0)
        session = TrainingSessionFactory(starts_at=start, ends_at=start.replace(hour=16), trainers=[self.trainer])
        registration = RegistrationFactory(session=session, participant=self.users[OWN], organization=self.organization)
        Attendance.objects.create(registration=registration, day=session.days()[0], status="present")
        return registration

    @cached_property
    def certified(self) -> Registration:
        services.issue_certificates(session=self.finished.session, user=self.users[STAFF])
        return self.finished

    @property
    def day(self) -> str:
        return self.session.days()[0].isoformat()


@pytest.fixture
def scenario(organization, member_user, other_user, other_organization, staff_in_group):
    users = {
        ANONYMOUS: None,
        OTHER: other_user,
        OWN: member_user,
        STAFF: staff_in_group("Training coordinators"),
        TRAINER: UserFactory(),
        WRONG_GROUP: staff_in_group("Editors"),
    }
    return Scenario(organization=organization, users=users)


def _status(s, user):
    return Registration.objects.get(pk=s.registration.pk).status


def _attendance(s, user):
    return list(Attendance.objects.filter(registration=s.finished).values_list("status", flat=True))


def _registrations_of(s, user):
    return Registration.objects.filter(session=s.session).count()


def _feedback(s, user):
    return Feedback.objects.filter(registration=s.finished).count()


def _certificates(s, user):
    return Certificate.objects.filter(registration=s.finished).count()


def _feed_token(s, user):
    return CalendarFeed.objects.filter(user=user).values_list("token", flat=True).first() if user else None


def _trainer_application(s, user):
    return Trainer.objects.filter(user=user).count() if user else 0


def _session_url(name, *extra) -> Callable[[Scenario], str]:
    return lambda s: reverse(f"learning:{name}", args=[s.session.pk, *[getattr(s, e) for e in extra]])


MANAGERS = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 404, STAFF: 200, TRAINER: 200}
MANAGERS_POST = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 404, STAFF: 302, TRAINER: 302}
STAFF_POST = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 404, STAFF: 302, TRAINER: 404}
SIGNED_IN_POST = {ANONYMOUS: LOGIN, OTHER: 302, OWN: 302, STAFF: 302, TRAINER: 302}


CASES = [
    Case(
        "register",
        "post",
        _session_url("session-register"),
        SIGNED_IN_POST,
        probe=_registrations_of,
        changes_for={OTHER, STAFF, TRAINER},  # `own` is registered already: refused with a message
    ),
    Case(
        "register-for-someone-else-s-organization",
        "post",
        _session_url("session-register"),
        SIGNED_IN_POST,
        data=lambda s: {"organization": s.organization.pk},
        probe=_registrations_of,
        changes_for=set(),  # nobody outside it may, and `own` already is registered
    ),
    Case(
        "cancel",
        "post",
        lambda s: reverse("learning:registration-cancel", args=[s.registration.pk]),
        {ANONYMOUS: LOGIN, OTHER: 404, OWN: 302, STAFF: 302, TRAINER: 404},
        probe=_status,
    ),
    Case(
        "confirm",
        "post",
        lambda s: reverse("learning:registration-decide", args=[s.registration.pk, "confirm"]),
        STAFF_POST,
        probe=_status,
        changes_for={STAFF},
    ),
    Case(
        "reject",
        "post",
        lambda s: reverse("learning:registration-decide", args=[s.registration.pk, "reject"]),
        STAFF_POST,
        probe=_status,
        changes_for={STAFF},
    ),
    Case("participants", "get", _session_url("session-participants"), MANAGERS),
    Case("export-csv", "get", lambda s: reverse("learning:session-export", args=[s.session.pk, "csv"]), MANAGERS),
    Case("export-xlsx", "get", lambda s: reverse("learning:session-export", args=[s.session.pk, "xlsx"]), MANAGERS),
    Case("attendance-page", "get", _session_url("session-attendance", "day"), MANAGERS),
    Case("sign-in-sheet", "get", _session_url("session-sign-in-sheet", "day"), MANAGERS),
    Case("feedback-summary", "get", _session_url("session-feedback"), MANAGERS),
    Case(
        "attendance",
        "post",
        lambda s: reverse(
            "learning:session-attendance", args=[s.finished.session.pk, s.finished.session.days()[0].isoformat()]
        ),
        MANAGERS_POST,
        data=lambda s: {f"r{s.finished.pk}": "absent"},
        probe=_attendance,
        changes_for={STAFF, TRAINER},
    ),
    Case(
        "issue-certificates",
        "post",
        lambda s: reverse("learning:session-issue-certificates", args=[s.finished.session.pk]),
        MANAGERS_POST,
        probe=_certificates,
        changes_for={STAFF, TRAINER},
    ),
    Case(
        "feedback",
        "post",
        lambda s: reverse("learning:registration-feedback", args=[s.finished.pk]),
        {ANONYMOUS: LOGIN, OTHER: 404, OWN: 302, STAFF: 404, TRAINER: 404},
        data=lambda s: {"overall": 5, "content": 5, "trainers": 5, "organization": 5},
        probe=_feedback,
        changes_for={OWN},
    ),
    Case(
        "certificate-pdf",
        "get",
        lambda s: reverse("learning:certificate-pdf", args=[s.certified.pk]),
        {ANONYMOUS: LOGIN, OTHER: 404, OWN: 200, STAFF: 200, TRAINER: 200},
    ),
    Case(
        "my-trainings",
        "get",
        lambda s: reverse("learning:my-registrations"),
        {
            ANONYMOUS: LOGIN,
            OTHER: 200,
            OWN: 200,
            STAFF: 200,
            TRAINER: 200,
        },
    ),
    Case(
        "renew-calendar",
        "post",
        lambda s: reverse("learning:calendar-renew"),
        SIGNED_IN_POST,
        probe=_feed_token,
        changes_for={OTHER, OWN, STAFF, TRAINER},
    ),
    Case(
        "apply-as-trainer",
        "post",
        lambda s: reverse("learning:trainer-apply"),
        SIGNED_IN_POST,
        data=lambda s: {"name": "Nova Trenerka"},
        probe=_trainer_application,
        changes_for={OTHER, OWN, STAFF},  # the trainer has a profile already
    ),
    Case(
        "edit-trainer-profile",
        "post",
        lambda s: reverse("learning:trainer-edit"),
        {ANONYMOUS: LOGIN, OTHER: 404, OWN: 404, STAFF: 404, TRAINER: 302},
        data=lambda s: {"name": "Preimenovan"},
        probe=lambda s, user: Trainer.objects.get(pk=s.trainer.pk).name,
        changes_for={TRAINER},
    ),
]


@pytest.mark.parametrize(
    ("case", "user_kind"),
    [pytest.param(case, kind, id=f"{case.name}-{kind}") for case in CASES for kind in USER_KINDS],
)
def test_permission_matrix(client, scenario, case, user_kind):
    check_case(client, scenario, case, user_kind)


def test_renewing_the_calendar_address_changes_the_signed_in_person_s_only(client, member_user, other_user):
    mine = services.calendar_feed_for(member_user).token
    theirs = services.calendar_feed_for(other_user).token
    client.force_login(member_user)

    client.post(reverse("learning:calendar-renew"))

    assert CalendarFeed.objects.get(user=member_user).token != mine
    assert CalendarFeed.objects.get(user=other_user).token == theirs


def test_the_online_link_is_shown_to_confirmed_participants_only(client, member_user, other_user):
    session = TrainingSessionFactory(format="hybrid", online_url="https://meet.example.org/tajna-soba")
    RegistrationFactory(session=session, participant=member_user)
    RegistrationFactory(session=session, participant=other_user, status=Registration.Status.WAITLISTED)

    assert "tajna-soba" not in client.get(session.get_absolute_url()).content.decode()
    client.force_login(other_user)
    assert "tajna-soba" not in client.get(session.get_absolute_url()).content.decode()
    client.force_login(member_user)
    assert "tajna-soba" in client.get(session.get_absolute_url()).content.decode()


def test_a_trainer_of_another_session_cannot_manage_this_one(client):
    session = TrainingSessionFactory()
    outsider = TrainerFactory(user=UserFactory())
    TrainingSessionFactory(trainers=[outsider])
    client.force_login(outsider.user)

    assert client.get(reverse("learning:session-participants", args=[session.pk])).status_code == 404
