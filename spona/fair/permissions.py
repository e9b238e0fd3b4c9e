"""Who may see and change what at the Partnership Fair: one place for every rule."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from spona.accounts.permissions import staff_can
from spona.directory.permissions import is_member
from spona.fair.models import FairParticipant, Meeting, MeetingRequest, Partnership, Proposal
from spona.learning.models import Trainer

PROPOSAL_EDITABLE = (Proposal.State.DRAFT, Proposal.State.RETURNED)


# What the "Fair organizers" group holds (the admin checks the same permissions).
ORGANIZE = "fair.change_fairedition"
ACT_FOR_PARTICIPANTS = "fair.change_fairparticipant"
SCHEDULE = "fair.change_meeting"
MENTOR_ANY = "fair.change_proposal"
RECORD_PARTNERSHIPS = "fair.change_partnership"


def is_fair_staff(user) -> bool:
    """The fair's organizers: every edition (drafts too), the schedule, every agenda, the table plan."""
    return staff_can(user, SCHEDULE)


def acts_for_any_participant(user) -> bool:
    return staff_can(user, ACT_FOR_PARTICIPANTS)


def mentors_any_proposal(user) -> bool:
    return staff_can(user, MENTOR_ANY)


def records_any_partnership(user) -> bool:
    return staff_can(user, RECORD_PARTNERSHIPS)


def speaks_for(user, participant: FairParticipant) -> bool:
    """A member of the participant's organization acts for it (and the fair's organizers)."""
    return acts_for_any_participant(user) or (user.is_authenticated and is_member(user, participant.organization))


def is_mentor(user) -> bool:
    """The fair's organizers, and trainers of the roster marked as mentors."""
    if mentors_any_proposal(user):
        return True
    return (
        user.is_authenticated
        and Trainer.objects.filter(user=user, status=Trainer.Status.ACCEPTED, is_mentor=True).exists()
    )


def can_mentor(user, proposal: Proposal) -> bool:
    """The fair's organizers, and the mentor assigned to the proposal."""
    return mentors_any_proposal(user) or (user.is_authenticated and proposal.mentor_id == user.pk and is_mentor(user))


def can_edit_proposal(user, proposal: Proposal) -> bool:
    return proposal.state in PROPOSAL_EDITABLE and user.is_authenticated and is_member(user, proposal.organization)


def can_view_proposal(user, proposal: Proposal) -> bool:
    """Approved proposals are public; the others are seen by their organization, its mentor and staff."""
    if proposal.state == Proposal.State.APPROVED:
        return True
    return can_mentor(user, proposal) or (user.is_authenticated and is_member(user, proposal.organization))


def can_see_thread(user, proposal: Proposal) -> bool:
    """The mentoring thread is private to the organization, its mentor and staff."""
    return can_mentor(user, proposal) or (user.is_authenticated and is_member(user, proposal.organization))


def get_proposal_for(user, pk: int, *, check=can_view_proposal) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("organization", "edition", "mentor"), pk=pk)
    if not check(user, proposal):
        raise Http404
    return proposal


def get_participant_for(user, pk: int) -> FairParticipant:
    participant = get_object_or_404(FairParticipant.objects.select_related("organization", "edition"), pk=pk)
    if not speaks_for(user, participant):
        raise Http404
    return participant


def get_request_for(user, pk: int) -> MeetingRequest:
    request = get_object_or_404(
        MeetingRequest.objects.select_related("sender__organization", "recipient__organization", "edition"), pk=pk
    )
    if not (speaks_for(user, request.sender) or speaks_for(user, request.recipient)):
        raise Http404
    return request


def get_meeting_for(user, pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("request__sender__organization", "request__recipient__organization", "edition"),
        pk=pk,
    )
    if not (speaks_for(user, meeting.request.sender) or speaks_for(user, meeting.request.recipient)):
        raise Http404
    return meeting


def get_partnership_for(user, pk: int) -> Partnership:
    partnership = get_object_or_404(Partnership.objects.select_related("cso", "company", "edition"), pk=pk)
    if not (records_any_partnership(user) or is_member(user, partnership.cso) or is_member(user, partnership.company)):
        raise Http404
    return partnership


def require_staff(user) -> None:
    """The schedule, agendas and table plan: the fair's organizers only."""
    if not is_fair_staff(user):
        raise Http404
