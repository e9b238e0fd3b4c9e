"""What waits for the center's staff, for "My page": one entry for each kind of work the user's groups
allow (never staff status alone), with how much of it waits and the page it is done on."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spona.accounts.permissions import is_staff_member
from spona.calls import permissions as calls_permissions
from spona.calls.models import Call, EditorialState, NewsPost
from spona.directory import permissions as directory_permissions
from spona.directory.models import Organization
from spona.fair import permissions as fair_permissions
from spona.fair.models import FairEdition, MeetingRequest, Proposal
from spona.learning import permissions as learning_permissions
from spona.learning.models import Registration, TrainingSession

SESSIONS_SHOWN = 5
EDITIONS_SHOWN = 3


@dataclass
class StaffLink:
    title: str
    url: str
    waiting: int
    says: str  # what waits, in words ("3 organizations wait for approval")


def _moderation() -> list[StaffLink]:
    count = Organization.objects.filter(status=Organization.Status.PENDING).count()
    says = ngettext("%(count)d organization waits for approval", "%(count)d organizations wait for approval", count) % {
        "count": count
    }
    return [StaffLink(_("Directory moderation"), reverse("directory:moderation-queue"), count, says)]


def _editorial() -> list[StaffLink]:
    count = sum(model.objects.filter(state=EditorialState.SUBMITTED).count() for model in (Call, NewsPost))
    says = ngettext(
        "%(count)d call or post waits for an editor", "%(count)d calls and posts wait for an editor", count
    ) % {"count": count}
    return [StaffLink(_("Editorial queue"), reverse("calls:editorial-queue"), count, says)]


def _mentoring() -> list[StaffLink]:
    count = Proposal.objects.filter(state__in=[Proposal.State.SUBMITTED, Proposal.State.REVISED]).count()
    says = ngettext("%(count)d proposal waits for mentoring", "%(count)d proposals wait for mentoring", count) % {
        "count": count
    }
    return [StaffLink(_("Mentoring"), reverse("fair:mentoring-queue"), count, says)]


def _fair_schedules() -> list[StaffLink]:
    editions = (
        FairEdition.objects.filter(date__gte=timezone.localdate())
        .exclude(status=FairEdition.Status.ARCHIVED)
        .annotate(
            unplaced=Count(
                "requests",
                filter=Q(requests__status=MeetingRequest.Status.ACCEPTED, requests__meeting__isnull=True),
            )
        )
        .order_by("date")[:EDITIONS_SHOWN]
    )
    return [
        StaffLink(
            _("Schedule: %(title)s") % {"title": edition.title},
            reverse("fair:schedule", args=[edition.pk]),
            edition.unplaced,
            ngettext(
                "%(count)d accepted request not yet scheduled",
                "%(count)d accepted requests not yet scheduled",
                edition.unplaced,
            )
            % {"count": edition.unplaced},
        )
        for edition in editions
    ]


def _training_participants() -> list[StaffLink]:
    sessions = (
        TrainingSession.objects.filter(ends_at__gte=timezone.now())
        .exclude(status=TrainingSession.Status.CANCELLED)
        .select_related("course")
        .annotate(pending=Count("registrations", filter=Q(registrations__status=Registration.Status.PENDING)))
        .order_by("starts_at")[:SESSIONS_SHOWN]
    )
    return [
        StaffLink(
            _("Participants: %(course)s") % {"course": session.course.title},
            reverse("learning:session-participants", args=[session.pk]),
            session.pending,
            ngettext(
                "%(count)d registration waits for confirmation",
                "%(count)d registrations wait for confirmation",
                session.pending,
            )
            % {"count": session.pending},
        )
        for session in sessions
    ]


# Each kind of work with the check of the permission it needs.
WORK = [
    (directory_permissions.can_moderate, _moderation),
    (calls_permissions.is_editor, _editorial),
    (fair_permissions.mentors_any_proposal, _mentoring),
    (fair_permissions.is_fair_staff, _fair_schedules),
    (learning_permissions.is_training_coordinator, _training_participants),
]


def staff_work_for(user) -> list[StaffLink]:
    if not is_staff_member(user):
        return []
    return [link for may, links in WORK if may(user) for link in links()]
