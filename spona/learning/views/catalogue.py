"""Public pages: the catalogue of sessions, courses, sessions with JSON-LD, trainers, calendars."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from spona.core.calendars import calendar_response
from spona.core.filtering import active_filters
from spona.core.jsonld import jsonld_script
from spona.core.page_cache import public_page
from spona.core.pagination import list_page
from spona.directory.permissions import published_organizations_of
from spona.learning import calendars, permissions, selectors
from spona.learning.filters import SessionFilterSet, TrainerFilterSet
from spona.learning.forms import RegistrationForm
from spona.learning.jsonld import session_jsonld
from spona.learning.models import Course, Registration, TrainingSession


@public_page(area="learning")
def session_list(request: HttpRequest) -> HttpResponse:
    filterset = SessionFilterSet(request.GET or None, queryset=selectors.public_sessions())
    context, status = list_page(request, filterset, selectors.catalogue_page)
    return render(request, "learning/session_list.html", context, status=status)


@public_page(area="learning")
def session_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    session = selectors.session_for_page(pk, include_drafts=permissions.sees_unpublished_sessions(request.user))
    if session is None:
        raise Http404
    if slug != session.course.slug:
        return redirect(session, permanent=True)
    registration = selectors.active_registration(request.user, session)
    form = None
    if request.user.is_authenticated and registration is None and session.is_open_for_registration():
        form = RegistrationForm(
            organizations=published_organizations_of(request.user),
            colleagues=selectors.colleague_memberships(request.user),
        )
    jsonld = session_jsonld(session)
    return render(
        request,
        "learning/session_detail.html",
        {
            "session": session,
            "registration": registration,
            "waitlist_position": selectors.waitlist_position(registration) if registration else None,
            "form": form,
            "seats_left": session.seats_left,
            "open": session.is_open_for_registration(),
            "can_manage": permissions.can_manage_session(request.user, session),
            "colleagues_registered": selectors.colleagues_registered(request.user, session),
            "jsonld": jsonld_script(jsonld),
        },
    )


@public_page(area="learning")
def course_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    course = get_object_or_404(Course.objects.prefetch_related("sectors", "domains"), pk=pk, is_published=True)
    if slug != course.slug:
        return redirect(course, permanent=True)
    return render(
        request,
        "learning/course_detail.html",
        {"course": course, "sessions": selectors.upcoming_sessions_of_course(course)},
    )


@public_page(area="learning")
def trainer_list(request: HttpRequest) -> HttpResponse:
    filterset = TrainerFilterSet(request.GET or None, queryset=selectors.public_trainers())
    valid = not filterset.is_bound or filterset.is_valid()
    trainers = filterset.qs.distinct().prefetch_related("domains") if valid else []
    context = {
        "trainers": trainers,
        "filterset": filterset,
        "filters_valid": valid,
        "active_filters": active_filters(filterset, request.GET),
    }
    return render(request, "learning/trainer_list.html", context)


@public_page(area="learning")
def trainer_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    trainer = get_object_or_404(selectors.public_trainers().prefetch_related("domains", "sectors", "regions"), pk=pk)
    if slug != trainer.slug:
        return redirect(trainer, permanent=True)
    sessions = selectors.with_card_relations(
        selectors.public_sessions().filter(trainers=trainer, ends_at__gte=timezone.now())
    ).order_by("starts_at")[:20]
    summary = selectors.feedback_summary(selectors.feedback_for_trainer(trainer), with_comments=False)
    return render(
        request,
        "learning/trainer_detail.html",
        {"trainer": trainer, "sessions": sessions, "feedback": summary},
    )


def _absolute(session: TrainingSession) -> str:
    return settings.SITE_URL + session.get_absolute_url()


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Every published session from a month ago on."""
    since = timezone.now() - timezone.timedelta(days=31)
    sessions = selectors.public_sessions().filter(ends_at__gte=since).select_related("course", "city")
    content = calendars.sessions_calendar(sessions, name=_("Spona trainings"), url_for=_absolute)
    return calendar_response(content, filename="trainings.ics")


def session_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """One session, for "add to calendar"."""
    session = get_object_or_404(selectors.public_sessions().select_related("course", "city"), pk=pk)
    content = calendars.sessions_calendar([session], name=session.course.title, url_for=_absolute)
    return calendar_response(content, filename=f"training-{session.pk}.ics", download=True)


def personal_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """A person's seats and waitlist places, at a secret address calendar apps subscribe to."""
    feed = selectors.calendar_feed_by_token(token)
    if feed is None:
        raise Http404
    registrations = (
        Registration.objects.filter(participant=feed.user, status__in=Registration.ACTIVE_STATUSES)
        .select_related("session__course", "session__city")
        .order_by("session__starts_at")
    )
    content = calendars.sessions_calendar(
        [registration.session for registration in registrations], name=_("My trainings"), url_for=_absolute
    )
    return calendar_response(content, filename="my-trainings.ics")
