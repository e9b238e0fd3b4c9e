"""Every write of the Partnership Fair: taking part, proposals and their mentoring, meeting requests and
marks, the schedule and its agendas, and the follow-up."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spona.core.money import to_eur
from spona.core.stale_edits import lock_for_edit
from spona.directory.models import Organization
from spona.directory.permissions import is_member
from spona.fair import notifications, permissions
from spona.fair.models import (
    FairEdition,
    FairParticipant,
    Mark,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Partnership,
    Proposal,
    ProposalComment,
    Representative,
)

ROLE_FOR_KIND = {
    Organization.Kind.CSO: FairParticipant.Role.CSO,
    Organization.Kind.COMPANY: FairParticipant.Role.COMPANY,
}


# Taking part ------------------------------------------------------------------------------------


@transaction.atomic
def register_participant(
    *, edition: FairEdition, organization: Organization, user, now: datetime.datetime | None = None
) -> FairParticipant:
    """An organization's member registers it for an edition (a CSO or a company, as its profile says)."""
    if not (permissions.acts_for_any_participant(user) or is_member(user, organization)):
        raise PermissionDenied
    if not (permissions.acts_for_any_participant(user) or edition.is_registration_open(now=now)):
        raise ValidationError(_("Registration for this fair is not open."))
    if organization.status != Organization.Status.PUBLISHED:
        raise ValidationError(_("Only organizations with a published profile take part."))
    role = ROLE_FOR_KIND.get(organization.kind)
    if role is None or organization.kind not in edition.allowed_kinds():
        raise ValidationError(_("This fair is for civil society organizations and companies."))
    existing = FairParticipant.objects.select_for_update().filter(edition=edition, organization=organization).first()
    if existing is not None:
        if existing.is_active:
            raise ValidationError(_("%(name)s is already registered for this fair.") % {"name": organization.name})
        existing.status = FairParticipant.Status.REGISTERED
        existing.save(update_fields=["status", "updated_at"])
        return existing
    try:
        with transaction.atomic():
            return FairParticipant.objects.create(
                edition=edition, organization=organization, role=role, registered_by=user
            )
    except IntegrityError as error:  # registered at the same moment by a colleague
        raise ValidationError(
            _("%(name)s is already registered for this fair.") % {"name": organization.name}
        ) from error


@transaction.atomic
def update_participant(
    *,
    participant: FairParticipant,
    user,
    fields: dict | None = None,
    relations: dict | None = None,
    representatives: list[dict] | None = None,
    unavailable_slots: list[int] | None = None,
) -> FairParticipant:
    """A participant's focus (companies), representatives and the slots they cannot meet in."""
    if not permissions.speaks_for(user, participant):
        raise PermissionDenied
    participant = FairParticipant.objects.select_for_update().get(pk=participant.pk)
    for name, value in (fields or {}).items():
        setattr(participant, name, value)
    low, high = participant.budget_min_eur, participant.budget_max_eur
    if low is not None and high is not None and low > high:
        raise ValidationError({"budget_max_eur": _("The largest budget is smaller than the smallest.")})
    if unavailable_slots is not None:
        count = len(participant.edition.slots())
        participant.unavailable_slots = sorted({slot for slot in unavailable_slots if 0 <= slot < count})
    participant.full_clean(exclude=["calendar_token", "registered_by"])
    participant.save()
    for name, values in (relations or {}).items():
        getattr(participant, name).set(values)
    if representatives is not None:
        participant.representatives.all().delete()
        Representative.objects.bulk_create(
            [Representative(participant=participant, **person) for person in representatives if person.get("name")]
        )
    return participant


@transaction.atomic
def cancel_participation(*, participant: FairParticipant, user) -> FairParticipant:
    """The participant withdraws: its requests are cancelled and its meetings leave the schedule (the
    others' published meetings stay where they are at the next run)."""
    if not permissions.speaks_for(user, participant):
        raise PermissionDenied
    participant = FairParticipant.objects.select_for_update().get(pk=participant.pk)
    participant.status = FairParticipant.Status.CANCELLED
    participant.save(update_fields=["status", "updated_at"])
    live = MeetingRequest.objects.filter(
        status__in=[MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED]
    ).filter(sender=participant) | MeetingRequest.objects.filter(
        status__in=[MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED], recipient=participant
    )
    ids = list(live.values_list("pk", flat=True))
    Meeting.objects.filter(request_id__in=ids).delete()
    MeetingRequest.objects.filter(pk__in=ids).update(status=MeetingRequest.Status.CANCELLED, updated_at=timezone.now())
    return participant


# Proposals and mentoring ------------------------------------------------------------------------


def check_edition_takes_proposals(edition: FairEdition, *, now: datetime.datetime | None = None) -> None:
    """Proposals are written and sent only for an edition whose registration has not closed."""
    if not edition.accepts_proposals(now=now):
        raise ValidationError(
            _("Proposals for %(title)s are no longer accepted: its registration closed on %(date)s.")
            % {
                "title": edition.title,
                "date": date_format(
                    timezone.localtime(edition.registration_closes, edition.tz), "SHORT_DATETIME_FORMAT"
                ),
            }
            if edition.status == FairEdition.Status.PUBLISHED
            else _("%(title)s takes no proposals.") % {"title": edition.title}
        )


def is_registered_for(organization: Organization, edition: FairEdition) -> bool:
    return FairParticipant.objects.filter(
        edition=edition, organization=organization, status=FairParticipant.Status.REGISTERED
    ).exists()


@transaction.atomic
def save_proposal(
    *,
    proposal: Proposal,
    user,
    fields: dict,
    relations: dict | None = None,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Proposal:
    """Create or change a proposal while it is a draft or returned for revision, and its edition still
    takes proposals."""
    creating = proposal.pk is None
    if creating:
        if not is_member(user, proposal.organization) and not permissions.mentors_any_proposal(user):
            raise PermissionDenied
        if proposal.organization.kind != Organization.Kind.CSO:
            raise ValidationError(_("Cooperation proposals are written by civil society organizations."))
        proposal.created_by = user
    else:
        current = lock_for_edit(
            proposal,
            expected_version=expected_version,
            may_edit=lambda row: permissions.can_edit_proposal(user, row),
            message=_("Someone else changed this proposal after you opened it. Reload it and make your changes again."),
        )
        proposal.state = current.state
    check_edition_takes_proposals(proposal.edition, now=now)
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.budget_eur = to_eur(proposal.budget, proposal.currency)
    proposal.full_clean(exclude=["created_by", "mentor", "edition", "organization"])
    proposal.save()
    for name, values in (relations or {}).items():
        getattr(proposal, name).set(values)
    return proposal


@transaction.atomic
def submit_proposal(*, proposal: Proposal, user, note: str = "", now: datetime.datetime | None = None) -> Proposal:
    """Send a draft (or a revision after the mentor's comments) to mentoring."""
    proposal = Proposal.objects.select_for_update().select_related("edition").get(pk=proposal.pk)
    if not permissions.can_edit_proposal(user, proposal):
        raise PermissionDenied
    check_edition_takes_proposals(proposal.edition, now=now)
    if not proposal.asks:
        raise ValidationError({"asks": _("Say what you ask of a company.")})
    proposal.state = Proposal.State.REVISED if proposal.state == Proposal.State.RETURNED else Proposal.State.SUBMITTED
    proposal.save(update_fields=["state", "updated_at"])
    ProposalComment.objects.create(proposal=proposal, author=user, kind=ProposalComment.Kind.SUBMITTED, body=note)
    transaction.on_commit(lambda: notifications.notify_proposal_submitted(proposal.pk))
    return proposal


@transaction.atomic
def comment_on_proposal(*, proposal: Proposal, user, body: str) -> ProposalComment:
    if not permissions.can_see_thread(user, proposal):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": _("Write a comment.")})
    return ProposalComment.objects.create(proposal=proposal, author=user, body=body.strip())


@transaction.atomic
def return_proposal(*, proposal: Proposal, user, body: str) -> Proposal:
    """The mentor sends it back for revision, with comments (kept in the thread)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not permissions.can_mentor(user, proposal):
        raise PermissionDenied
    if proposal.state not in (Proposal.State.SUBMITTED, Proposal.State.REVISED):
        raise ValidationError(_("Only a proposal submitted for mentoring can be returned."))
    if not body.strip():
        raise ValidationError({"body": _("Say what should change, so the organization can revise it.")})
    proposal.state = Proposal.State.RETURNED
    proposal.save(update_fields=["state", "updated_at"])
    ProposalComment.objects.create(
        proposal=proposal, author=user, kind=ProposalComment.Kind.RETURNED, body=body.strip()
    )
    transaction.on_commit(lambda: notifications.notify_proposal_decided(proposal.pk))
    return proposal


@transaction.atomic
def approve_proposal(*, proposal: Proposal, user, body: str = "", now: datetime.datetime | None = None) -> Proposal:
    """The mentor approves it for the fair: from now on it is in the catalogue. Only a proposal of an
    organization registered for the edition, before the fair is over, enters its catalogue."""
    proposal = Proposal.objects.select_for_update().select_related("edition", "organization").get(pk=proposal.pk)
    if not permissions.can_mentor(user, proposal):
        raise PermissionDenied
    if proposal.state not in (Proposal.State.SUBMITTED, Proposal.State.REVISED):
        raise ValidationError(_("Only a proposal submitted for mentoring can be approved."))
    refusal = approval_refusal(proposal, now=now)
    if refusal:
        raise ValidationError(refusal)
    proposal.state = Proposal.State.APPROVED
    proposal.save(update_fields=["state", "updated_at"])
    ProposalComment.objects.create(
        proposal=proposal, author=user, kind=ProposalComment.Kind.APPROVED, body=body.strip()
    )
    transaction.on_commit(lambda: notifications.notify_proposal_decided(proposal.pk))
    return proposal


@transaction.atomic
def assign_mentor(*, proposal: Proposal, user, mentor) -> Proposal:
    if not permissions.mentors_any_proposal(user):
        raise PermissionDenied
    if mentor is not None and not permissions.is_mentor(mentor):
        raise ValidationError({"mentor": _("Choose a mentor of the roster, or staff.")})
    proposal.mentor = mentor
    proposal.save(update_fields=["mentor", "updated_at"])
    return proposal


@transaction.atomic
def withdraw_proposal(*, proposal: Proposal, user) -> Proposal:
    if not (permissions.mentors_any_proposal(user) or is_member(user, proposal.organization)):
        raise PermissionDenied
    proposal.state = Proposal.State.WITHDRAWN
    proposal.save(update_fields=["state", "updated_at"])
    return proposal


def approval_refusal(proposal: Proposal, *, now: datetime.datetime | None = None) -> str:
    """Why the proposal cannot enter its edition's catalogue (empty when it can): the fair is over, or its
    organization is not registered for it. The approval and the mentor's page both ask here."""
    if proposal.edition.is_over(now=now):
        return _("%(title)s is over: its catalogue is closed.") % {"title": proposal.edition.title}
    if not is_registered_for(proposal.organization, proposal.edition):
        return _("%(name)s is not registered for %(title)s: it has to register before its proposal is approved.") % {
            "name": proposal.organization.name,
            "title": proposal.edition.title,
        }
    return ""


# Marks and meeting requests ---------------------------------------------------------------------


def _check_pair(sender: FairParticipant, recipient: FairParticipant, edition: FairEdition) -> None:
    if sender.pk == recipient.pk or sender.organization_id == recipient.organization_id:
        raise ValidationError(_("You cannot ask to meet yourself."))
    if sender.edition_id != edition.pk or recipient.edition_id != edition.pk:
        raise ValidationError(_("Both sides must be registered for this fair."))
    if not sender.is_active:
        raise ValidationError(_("Your organization is not registered for this fair."))
    if not recipient.is_active:
        raise ValidationError(_("%(name)s no longer takes part in this fair.") % {"name": recipient.organization.name})
    if sender.role == recipient.role:
        raise ValidationError(_("At the fair, civil society organizations meet companies."))


@transaction.atomic
def set_mark(*, source: FairParticipant, target: FairParticipant, user, level: str | None) -> Mark | None:
    """Mark another participant "must meet", "would like to meet" or "no thanks" (None removes the mark)."""
    if not permissions.speaks_for(user, source):
        raise PermissionDenied
    _check_pair(source, target, source.edition)
    if level is None:
        Mark.objects.filter(source=source, target=target).delete()
        return None
    if level not in Mark.Level.values:
        raise ValidationError(_("Choose must meet, would like to meet or no thanks."))
    mark, _created = Mark.objects.update_or_create(
        source=source, target=target, defaults={"edition": source.edition, "level": level}
    )
    return mark


@transaction.atomic
def send_request(
    *,
    sender: FairParticipant,
    recipient: FairParticipant,
    user,
    message: str = "",
    proposal: Proposal | None = None,
    now: datetime.datetime | None = None,
) -> MeetingRequest:
    """Ask another participant for a meeting at the fair."""
    edition = FairEdition.objects.select_for_update().get(pk=sender.edition_id)
    if not permissions.speaks_for(user, sender):
        raise PermissionDenied
    _check_pair(sender, recipient, edition)
    if not edition.accepts_requests(now=now):
        raise ValidationError(
            _("Meeting requests for this fair closed on %(date)s.")
            % {"date": date_format(timezone.localtime(edition.requests_close, edition.tz), "SHORT_DATETIME_FORMAT")}
        )
    if proposal is not None:
        cso = sender if sender.role == FairParticipant.Role.CSO else recipient
        if (
            proposal.organization_id != cso.organization_id
            or proposal.state != Proposal.State.APPROVED
            or proposal.edition_id != edition.pk
        ):
            raise ValidationError({"proposal": _("Choose one of the organization's approved proposals for this fair.")})
    live = MeetingRequest.objects.filter(
        edition=edition,
        pair_low=min(sender.pk, recipient.pk),
        pair_high=max(sender.pk, recipient.pk),
        status__in=[MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED],
    )
    if live.exists():
        raise ValidationError(
            _("There already is a meeting request between you and %(name)s.") % {"name": recipient.organization.name}
        )
    try:
        with transaction.atomic():
            request = MeetingRequest.objects.create(
                edition=edition, sender=sender, recipient=recipient, proposal=proposal, message=message.strip()
            )
    except IntegrityError as error:
        raise ValidationError(
            _("There already is a meeting request between you and %(name)s.") % {"name": recipient.organization.name}
        ) from error
    transaction.on_commit(lambda: notifications.notify_request_received(request.pk))
    return request


@transaction.atomic
def decide_request(*, request: MeetingRequest, user, accept: bool) -> MeetingRequest:
    """The recipient accepts or declines; accepting lifts their own "no thanks" mark of the sender."""
    request = MeetingRequest.objects.select_for_update().select_related("recipient", "sender").get(pk=request.pk)
    if not permissions.speaks_for(user, request.recipient):
        raise PermissionDenied
    if request.status != MeetingRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    request.status = MeetingRequest.Status.ACCEPTED if accept else MeetingRequest.Status.DECLINED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at", "updated_at"])
    if accept:
        Mark.objects.filter(source=request.recipient, target=request.sender, level=Mark.Level.NO).delete()
    transaction.on_commit(lambda: notifications.notify_request_decided(request.pk))
    return request


@transaction.atomic
def cancel_request(*, request: MeetingRequest, user) -> MeetingRequest:
    """Either side calls a request (or its meeting) off; a scheduled meeting leaves the schedule."""
    request = MeetingRequest.objects.select_for_update().select_related("recipient", "sender").get(pk=request.pk)
    if not (permissions.speaks_for(user, request.sender) or permissions.speaks_for(user, request.recipient)):
        raise PermissionDenied
    if request.status not in (MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED):
        raise ValidationError(_("This request is no longer open."))
    request.status = MeetingRequest.Status.CANCELLED
    request.save(update_fields=["status", "updated_at"])
    Meeting.objects.filter(request=request).delete()
    return request


# Follow-up --------------------------------------------------------------------------------------


@transaction.atomic
def record_outcome(
    *, meeting: Meeting, participant: FairParticipant, user, outcome: str, held: bool = True, note: str = "",
    survey: str = MeetingOutcome.Survey.AFTER_FAIR,
) -> MeetingOutcome:  # fmt: skip
    if not permissions.speaks_for(user, participant):
        raise PermissionDenied
    if participant.pk not in (meeting.request.sender_id, meeting.request.recipient_id):
        raise PermissionDenied
    if outcome not in MeetingOutcome.Outcome.values:
        raise ValidationError({"outcome": _("Choose what came of the meeting.")})
    result, _created = MeetingOutcome.objects.update_or_create(
        meeting=meeting,
        participant=participant,
        survey=survey,
        defaults={"outcome": outcome, "held": held, "note": note},
    )
    return result


@transaction.atomic
def record_partnership(
    *, meeting: Meeting | None, edition: FairEdition, cso: Organization, company: Organization, user, fields: dict
) -> Partnership:
    """Either side (or staff) records an agreed partnership; it shows on profiles once both agree."""
    as_staff = permissions.records_any_partnership(user)
    if not (as_staff or is_member(user, cso) or is_member(user, company)):
        raise PermissionDenied
    partnership = Partnership(edition=edition, cso=cso, company=company, meeting=meeting, recorded_by=user, **fields)
    partnership.cso_agrees_to_show = bool(fields.get("cso_agrees_to_show")) and (is_member(user, cso) or as_staff)
    partnership.company_agrees_to_show = bool(fields.get("company_agrees_to_show")) and (
        is_member(user, company) or as_staff
    )
    partnership.full_clean(exclude=["recorded_by", "meeting"])
    partnership.save()
    return partnership


@transaction.atomic
def set_partnership_consent(*, partnership: Partnership, user, agrees: bool) -> Partnership:
    """Each organization decides for itself whether the partnership shows on both profiles."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    changed = False
    if is_member(user, partnership.cso):
        partnership.cso_agrees_to_show = agrees
        changed = True
    if is_member(user, partnership.company):
        partnership.company_agrees_to_show = agrees
        changed = True
    if not changed:
        raise PermissionDenied
    partnership.save(update_fields=["cso_agrees_to_show", "company_agrees_to_show", "updated_at"])
    return partnership
