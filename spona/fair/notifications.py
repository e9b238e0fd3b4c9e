"""E-mails of the fair: mentoring, meeting requests and answers, agendas and the follow-up surveys."""

from spona.accounts.models import Membership
from spona.accounts.permissions import staff_with_permission
from spona.core.mail import page_link, queue_email
from spona.fair import permissions
from spona.fair.models import FairEdition, FairParticipant, MeetingRequest, Proposal


def members_of(organization) -> list:
    return [
        m.user
        for m in Membership.objects.filter(organization=organization, status=Membership.Status.ACTIVE).select_related(
            "user"
        )
    ]


def notify_proposal_submitted(proposal_id: int) -> None:
    proposal = Proposal.objects.select_related("organization", "mentor").get(pk=proposal_id)
    recipients = [proposal.mentor] if proposal.mentor else list(staff_with_permission(permissions.MENTOR_ANY))
    queue_email(
        recipients=recipients,
        template="email/fair_proposal_submitted",
        context={"proposal": proposal, "url": page_link("fair:proposal-detail", pk=proposal.pk)},
    )


def notify_proposal_decided(proposal_id: int) -> None:
    proposal = Proposal.objects.select_related("organization").get(pk=proposal_id)
    last = proposal.comments.order_by("-created_at", "-pk").first()
    queue_email(
        recipients=members_of(proposal.organization),
        template="email/fair_proposal_decided",
        context={"proposal": proposal, "comment": last, "url": page_link("fair:proposal-detail", pk=proposal.pk)},
    )


def notify_request_received(request_id: int) -> None:
    request = MeetingRequest.objects.select_related("sender__organization", "recipient__organization", "edition").get(
        pk=request_id
    )
    queue_email(
        recipients=members_of(request.recipient.organization),
        template="email/fair_request_received",
        context={"request": request, "url": page_link("fair:requests", pk=request.recipient_id)},
    )


def notify_request_decided(request_id: int) -> None:
    request = MeetingRequest.objects.select_related("sender__organization", "recipient__organization", "edition").get(
        pk=request_id
    )
    queue_email(
        recipients=members_of(request.sender.organization),
        template="email/fair_request_decided",
        context={"request": request, "url": page_link("fair:requests", pk=request.sender_id)},
    )


def notify_agenda_published(edition_id: int) -> None:
    edition = FairEdition.objects.get(pk=edition_id)
    for participant in edition.participants.filter(status=FairParticipant.Status.REGISTERED).select_related(
        "organization"
    ):
        queue_email(
            recipients=members_of(participant.organization),
            template="email/fair_agenda_published",
            context={
                "edition": edition,
                "participant": participant,
                "url": page_link("fair:agenda", pk=participant.pk),
            },
        )


def notify_survey(participant: FairParticipant, survey: str) -> None:
    queue_email(
        recipients=members_of(participant.organization),
        template="email/fair_survey",
        context={
            "participant": participant,
            "edition": participant.edition,
            "six_months": survey == "six-months",
            "url": page_link("fair:follow-up", pk=participant.pk),
        },
    )
