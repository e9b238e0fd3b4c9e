"""Reads of education shared by the pages, the calendars, the exports and the benchmark."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Avg, Case, Count, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from spona.accounts.models import Membership
from spona.core.pagination import ResultsPage
from spona.core.secret_tokens import by_token
from spona.learning.filters import SessionFilterSet
from spona.learning.models import (
    SEATING,
    CalendarFeed,
    Course,
    Feedback,
    Registration,
    Trainer,
    TrainingSession,
    days_attended,
)

CATALOGUE_PAGE_SIZE = 20


def public_trainers() -> QuerySet[Trainer]:
    return Trainer.objects.filter(status=Trainer.Status.ACCEPTED)


def public_sessions() -> QuerySet[TrainingSession]:
    """Published and cancelled sessions of published courses (a cancelled one stays visible as such)."""
    return TrainingSession.objects.filter(
        status__in=[TrainingSession.Status.PUBLISHED, TrainingSession.Status.CANCELLED], course__is_published=True
    )


def with_card_relations(queryset: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """What cards and session pages show, seats taken included (read by TrainingSession.seats_left)."""
    return (
        queryset.select_related("course", "city")
        .prefetch_related(Prefetch("trainers", queryset=Trainer.objects.filter(status=Trainer.Status.ACCEPTED)))
        .annotate(seats_taken=SEATING.taken_annotation())
    )


@dataclass(kw_only=True)
class CataloguePage(ResultsPage):
    sessions: list[TrainingSession]


def catalogue_page(filterset: SessionFilterSet, *, page_number: int, now=None) -> CataloguePage:
    """Upcoming sessions soonest first (running ones included), or past ones latest first."""
    now = now or timezone.now()
    queryset = filterset.qs
    if filterset.filters_by_area:
        queryset = queryset.distinct()  # a course may be in several areas
    if filterset.shows_past:
        queryset = queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        queryset = queryset.filter(ends_at__gte=now).order_by("starts_at", "pk")
    paginator = Paginator(queryset.values_list("pk", flat=True), CATALOGUE_PAGE_SIZE, allow_empty_first_page=True)
    total = paginator.count
    num_pages = paginator.num_pages
    number = page_number
    ids = list(paginator.page(number).object_list) if number <= num_pages else []
    by_id = {session.pk: session for session in with_card_relations(TrainingSession.objects.filter(pk__in=ids))}
    return CataloguePage(
        sessions=[by_id[pk] for pk in ids if pk in by_id],
        number=number,
        num_pages=num_pages,
        total=total,
        out_of_range=number > num_pages,
    )


def session_for_page(pk: int, *, include_drafts: bool = False) -> TrainingSession | None:
    """A public session, or any session for staff previewing a draft."""
    queryset = public_sessions() if not include_drafts else TrainingSession.objects.all()
    return with_card_relations(queryset.filter(pk=pk)).first()


def colleague_memberships(user) -> list[Membership]:
    """Active memberships of others in the organizations `user` administers: whom they may register, and
    for which organization."""
    if not user.is_authenticated:
        return []
    administered = Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE, role=Membership.Role.ADMIN
    ).values("organization_id")
    return list(
        Membership.objects.filter(organization_id__in=administered, status=Membership.Status.ACTIVE)
        .exclude(user=user)
        .select_related("user", "organization")
        .order_by("user__full_name", "user__email", "organization__name")
    )


def colleagues_registered(user, session: TrainingSession) -> list[Registration]:
    """Colleagues (of the organizations `user` administers) who hold a seat or a waitlist place."""
    people = {membership.user_id for membership in colleague_memberships(user)}
    if not people:
        return []
    return list(
        session.registrations.filter(participant_id__in=people, status__in=Registration.ACTIVE_STATUSES)
        .select_related("participant", "organization")
        .order_by("participant__full_name", "participant__email")
    )


def waitlist_positions(registrations: QuerySet[Registration]) -> dict[int, int]:
    """The waitlist place (1: the next to get a seat) of every waiting registration of the sessions of
    `registrations`, in one query."""
    sessions = registrations.values("session_id")
    return SEATING.positions(Registration.objects.filter(session_id__in=sessions))


def waitlist_position(registration: Registration) -> int | None:
    """One registration's place on its session's waitlist, or None when it is not waiting."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return SEATING.positions(Registration.objects.filter(session_id=registration.session_id)).get(registration.pk)


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    return by_token(CalendarFeed.objects.select_related("user"), token)


def seats_taken(session: TrainingSession) -> int:
    return SEATING.taken(session.registrations.all())


def registrations_of(user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(participant=user)
        .select_related("session__course", "session__city", "organization", "certificate", "feedback")
        .annotate(days_attended=days_attended())
        .order_by("-session__starts_at", "-pk")
    )


def active_registration(user, session: TrainingSession) -> Registration | None:
    if not user.is_authenticated:
        return None
    return session.registrations.filter(participant=user, status__in=Registration.ACTIVE_STATUSES).first()


def participants_of(session: TrainingSession) -> QuerySet[Registration]:
    """Everyone registered, seats first, then the waitlist in its order, then those who left."""
    order = {
        Registration.Status.CONFIRMED: 0,
        Registration.Status.PENDING: 1,
        Registration.Status.WAITLISTED: 2,
        Registration.Status.CANCELLED: 3,
        Registration.Status.REJECTED: 4,
    }
    rank = Case(*[When(status=status, then=Value(n)) for status, n in order.items()], output_field=IntegerField())
    return (
        session.registrations.select_related("participant", "organization", "registered_by", "certificate")
        .prefetch_related("attendance")
        .annotate(status_rank=rank, days_attended=days_attended())
        .order_by("status_rank", "waitlisted_at", "created_at", "pk")
    )


def upcoming_sessions(*, limit: int, now=None) -> list[TrainingSession]:
    """The next published sessions still open for registration (the home page)."""
    now = now or timezone.now()
    queryset = public_sessions().filter(status=TrainingSession.Status.PUBLISHED, starts_at__gt=now)
    return list(with_card_relations(queryset).order_by("starts_at", "pk")[:limit])


def upcoming_sessions_of_course(course: Course, *, now=None) -> QuerySet[TrainingSession]:
    now = now or timezone.now()
    return with_card_relations(public_sessions().filter(course=course, ends_at__gte=now)).order_by("starts_at")


@dataclass
class FeedbackSummary:
    responses: int
    averages: dict[str, float | None]
    comments: list[str]


def feedback_summary(feedback: QuerySet[Feedback], *, with_comments: bool = True) -> FeedbackSummary:
    """Average ratings (1 to 5) over any set of feedback: a session's, a course's or a trainer's."""
    figures = feedback.aggregate(responses=Count("pk"), **{name: Avg(name) for name in Feedback.RATINGS})
    comments = list(feedback.exclude(comments="").values_list("comments", flat=True)[:200]) if with_comments else []
    return FeedbackSummary(
        responses=figures.pop("responses"),
        averages={name: figures[name] for name in Feedback.RATINGS},
        comments=comments,
    )


def feedback_for_session(session: TrainingSession) -> QuerySet[Feedback]:
    return Feedback.objects.filter(registration__session=session)


def feedback_for_course(course: Course) -> QuerySet[Feedback]:
    return Feedback.objects.filter(registration__session__course=course)


def feedback_for_trainer(trainer: Trainer) -> QuerySet[Feedback]:
    return Feedback.objects.filter(registration__session__trainers=trainer)


def sessions_taught_by(trainer: Trainer, *, now=None) -> list[TrainingSession]:
    """A trainer's sessions: running and upcoming ones, then the last few past ones."""
    now = now or timezone.now()
    sessions = with_card_relations(TrainingSession.objects.filter(trainers=trainer).exclude(status="draft"))
    upcoming = list(sessions.filter(ends_at__gte=now).order_by("starts_at")[:50])
    past = list(sessions.filter(ends_at__lt=now).order_by("-starts_at")[:10])
    return upcoming + past
