"""Taking part, proposals and mentoring, meeting requests and marks, follow-up: through the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from spona.core.stale_edits import StaleEdit
from spona.directory.models import Organization
from spona.fair import schedules, services
from spona.fair.models import FairParticipant, Mark, MeetingOutcome, MeetingRequest, Partnership, Proposal
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.fair.factories import (
    CompanyParticipantFactory,
    FairEditionFactory,
    FairParticipantFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return FairEditionFactory()


@pytest.fixture
def cso(edition, organization):
    return FairParticipantFactory(edition=edition, organization=organization)


@pytest.fixture
def company(edition, other_organization):
    other_organization.kind = Organization.Kind.COMPANY
    other_organization.save()
    return FairParticipantFactory(edition=edition, organization=other_organization, role="company")


def test_a_member_registers_the_organization_once(edition, organization, member_user, other_user):
    participant = services.register_participant(edition=edition, organization=organization, user=member_user)
    assert participant.role == FairParticipant.Role.CSO
    with pytest.raises(ValidationError, match="already registered"):
        services.register_participant(edition=edition, organization=organization, user=member_user)
    with pytest.raises(PermissionDenied):
        services.register_participant(edition=edition, organization=organization, user=other_user)


def test_registration_outside_its_window_or_for_other_kinds_is_refused(edition, member_user, organization):
    edition.registration_closes = timezone.now() - datetime.timedelta(minutes=1)
    edition.save()
    with pytest.raises(ValidationError, match="not open"):
        services.register_participant(edition=edition, organization=organization, user=member_user)
    donor = OrganizationFactory(kind=Organization.Kind.DONOR)
    MembershipFactory(user=member_user, organization=donor)
    open_edition = FairEditionFactory()
    with pytest.raises(ValidationError, match="civil society organizations and companies"):
        services.register_participant(edition=open_edition, organization=donor, user=member_user)


def test_a_cancelled_participant_registers_again(edition, cso, member_user):
    services.cancel_participation(participant=cso, user=member_user)
    again = services.register_participant(edition=edition, organization=cso.organization, user=member_user)
    assert again.pk == cso.pk and again.is_active


def test_the_proposal_goes_through_mentoring_to_approval(edition, cso, member_user, staff_user, mail):
    proposal = services.save_proposal(
        proposal=Proposal(edition=edition, organization=cso.organization),
        user=member_user,
        fields={
            "title": "Zelena dvorišta",
            "problem": "Beton.",
            "activity": "Sadnja.",
            "beneficiaries": "Djeca.",
            "asks": ["in-kind"],
        },
    )
    assert proposal.state == Proposal.State.DRAFT
    with mail.committing():
        services.submit_proposal(proposal=proposal, user=member_user, note="Molimo komentare.")
    assert [staff_user.email] in mail.recipients  # no mentor assigned: staff are told
    with pytest.raises(PermissionDenied):
        services.approve_proposal(proposal=proposal, user=member_user)
    with pytest.raises(ValidationError):
        services.return_proposal(proposal=proposal, user=staff_user, body=" ")
    with mail.committing():
        services.return_proposal(proposal=proposal, user=staff_user, body="Dodajte budžet.")
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.RETURNED
    assert "Dodajte budžet." in mail.outbox[-1].body
    services.save_proposal(proposal=Proposal.objects.get(pk=proposal.pk), user=member_user, fields={"budget": 5000})
    services.submit_proposal(proposal=proposal, user=member_user)
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.REVISED
    services.approve_proposal(proposal=proposal, user=staff_user)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.APPROVED
    kinds = list(proposal.comments.values_list("kind", flat=True))
    assert kinds == ["submitted", "returned", "submitted", "approved"]
    with pytest.raises(PermissionDenied):  # approved: no longer the organization's to change
        services.save_proposal(proposal=proposal, user=member_user, fields={"title": "Novo"})


def test_only_the_assigned_mentor_or_staff_mentor_a_proposal(edition, organization, member_user, staff_user):
    proposal = ProposalFactory(edition=edition, organization=organization, state=Proposal.State.SUBMITTED)
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        services.return_proposal(proposal=proposal, user=stranger, body="x")
    with pytest.raises(ValidationError):
        services.assign_mentor(proposal=proposal, user=staff_user, mentor=stranger)  # not on the roster


def test_a_stale_proposal_edit_is_refused(edition, organization, member_user):
    proposal = ProposalFactory(edition=edition, organization=organization, state=Proposal.State.DRAFT)
    version = proposal.version
    services.save_proposal(
        proposal=Proposal.objects.get(pk=proposal.pk), user=member_user, fields={"title": "A"}, expected_version=version
    )
    with pytest.raises(StaleEdit):
        services.save_proposal(
            proposal=Proposal.objects.get(pk=proposal.pk),
            user=member_user,
            fields={"title": "B"},
            expected_version=version,
        )
    assert Proposal.objects.get(pk=proposal.pk).title == "A"


def test_a_company_writes_no_proposals(edition, company, other_user):
    with pytest.raises(ValidationError, match="civil society organizations"):
        services.save_proposal(
            proposal=Proposal(edition=edition, organization=company.organization),
            user=other_user,
            fields={"title": "x", "problem": "x", "activity": "x", "beneficiaries": "x", "asks": ["money"]},
        )


def test_a_meeting_request_is_sent_accepted_and_told(cso, company, member_user, other_user, mail):
    proposal = ProposalFactory(edition=cso.edition, organization=cso.organization)
    with mail.committing():
        request = services.send_request(
            sender=company, recipient=cso, user=other_user, message="Zanima nas.", proposal=proposal
        )
    assert [member_user.email] in mail.recipients
    with pytest.raises(PermissionDenied):
        services.decide_request(request=request, user=other_user, accept=True)  # the sender cannot answer
    services.set_mark(source=cso, target=company, user=member_user, level=Mark.Level.NO)
    with mail.committing():
        services.decide_request(request=request, user=member_user, accept=True)
    assert MeetingRequest.objects.get(pk=request.pk).status == MeetingRequest.Status.ACCEPTED
    assert not Mark.objects.filter(source=cso, target=company).exists()  # accepting lifts one's own "no thanks"
    assert [other_user.email] in mail.recipients
    with pytest.raises(ValidationError, match="already been answered"):
        services.decide_request(request=request, user=member_user, accept=False)


@pytest.mark.parametrize(
    "bad",
    [
        ("self", "cannot ask to meet yourself"),
        ("duplicate", "already is a meeting request"),
        ("reverse duplicate", "already is a meeting request"),
        ("deadline", "closed on"),
        ("not registered", "not registered"),
        ("cancelled recipient", "no longer takes part"),
        ("same role", "civil society organizations meet companies"),
        ("other edition", "registered for this fair"),
        ("foreign proposal", "approved proposals"),
    ],
)
def test_bad_meeting_requests_are_refused_with_a_clear_message(cso, company, member_user, other_user, bad):
    case, message = bad
    sender, recipient, kwargs = cso, company, {}
    if case == "self":
        recipient = cso
    elif case == "duplicate":
        services.send_request(sender=cso, recipient=company, user=member_user)
    elif case == "reverse duplicate":
        services.send_request(sender=company, recipient=cso, user=other_user)
    elif case == "deadline":
        cso.edition.requests_close = timezone.now() - datetime.timedelta(minutes=1)
        cso.edition.save()
    elif case == "not registered":
        cso.status = FairParticipant.Status.CANCELLED
        cso.save()
    elif case == "cancelled recipient":
        company.status = FairParticipant.Status.CANCELLED
        company.save()
    elif case == "same role":
        recipient = FairParticipantFactory(edition=cso.edition)
    elif case == "other edition":
        recipient = CompanyParticipantFactory()
    elif case == "foreign proposal":
        kwargs["proposal"] = ProposalFactory(
            edition=cso.edition, state=Proposal.State.SUBMITTED, organization=cso.organization
        )
    before = MeetingRequest.objects.count()
    with pytest.raises(ValidationError) as error:
        services.send_request(sender=sender, recipient=recipient, user=member_user, **kwargs)
    assert message in " ".join(error.value.messages)
    assert MeetingRequest.objects.count() == before


def test_someone_outside_the_organization_cannot_send_for_it(cso, company, other_user):
    with pytest.raises(PermissionDenied):
        services.send_request(sender=cso, recipient=company, user=other_user)


def test_cancelling_participation_calls_off_requests_and_meetings(cso, company, member_user, other_user, staff_user):
    request = services.send_request(sender=company, recipient=cso, user=other_user)
    services.decide_request(request=request, user=member_user, accept=True)
    schedules.run_scheduler(edition=cso.edition, user=staff_user, time_limit=1)
    assert request.__class__.objects.get(pk=request.pk).meeting
    services.cancel_participation(participant=cso, user=member_user)
    assert MeetingRequest.objects.get(pk=request.pk).status == MeetingRequest.Status.CANCELLED
    assert not cso.edition.meetings.exists()


def test_outcomes_and_partnerships_with_both_sides_consent(cso, company, member_user, other_user, staff_user):
    request = services.send_request(sender=company, recipient=cso, user=other_user)
    services.decide_request(request=request, user=member_user, accept=True)
    schedules.run_scheduler(edition=cso.edition, user=staff_user, time_limit=1)
    meeting = cso.edition.meetings.get()
    services.record_outcome(meeting=meeting, participant=cso, user=member_user, outcome="agreed")
    services.record_outcome(meeting=meeting, participant=cso, user=member_user, outcome="negotiating")
    services.record_outcome(meeting=meeting, participant=cso, user=member_user, outcome="agreed", survey="six-months")
    assert MeetingOutcome.objects.filter(participant=cso).count() == 2
    with pytest.raises(PermissionDenied):
        services.record_outcome(meeting=meeting, participant=company, user=member_user, outcome="agreed")
    partnership = services.record_partnership(
        meeting=meeting, edition=cso.edition, cso=cso.organization, company=company.organization, user=member_user,
        fields={"kind": "pro-bono", "duration_months": 12, "cso_agrees_to_show": True, "company_agrees_to_show": True},
    )  # fmt: skip
    assert partnership.cso_agrees_to_show and not partnership.company_agrees_to_show  # nobody agrees for the other
    assert not partnership.is_public
    services.set_partnership_consent(partnership=partnership, user=other_user, agrees=True)
    assert Partnership.objects.get(pk=partnership.pk).is_public
    with pytest.raises(PermissionDenied):
        services.set_partnership_consent(partnership=partnership, user=UserFactory(), agrees=False)


_NEW_PROPOSAL = {"title": "Zelena dvorišta", "problem": "Beton.", "activity": "Sadnja.", "beneficiaries": "Djeca.",
                 "asks": ["in-kind"]}  # fmt: skip


def test_no_proposal_is_written_or_sent_once_the_editions_registration_closed(edition, cso, organization, member_user):
    draft = ProposalFactory(edition=edition, organization=organization, state=Proposal.State.DRAFT)
    closed = edition.registration_closes + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="no longer accepted"):
        services.save_proposal(
            proposal=Proposal(edition=edition, organization=organization), user=member_user,
            fields=_NEW_PROPOSAL, now=closed,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="no longer accepted"):
        services.save_proposal(proposal=draft, user=member_user, fields={"title": "Novo"}, now=closed)
    with pytest.raises(ValidationError, match="no longer accepted"):
        services.submit_proposal(proposal=draft, user=member_user, now=closed)
    assert Proposal.objects.get(pk=draft.pk).state == Proposal.State.DRAFT
    assert Proposal.objects.get(pk=draft.pk).title != "Novo"
    assert Proposal.objects.filter(edition=edition).count() == 1
    services.submit_proposal(proposal=draft, user=member_user)  # before it closes
    assert Proposal.objects.get(pk=draft.pk).state == Proposal.State.SUBMITTED


def test_only_a_proposal_of_a_registered_organization_enters_the_catalogue(edition, organization, staff_user):
    proposal = ProposalFactory(edition=edition, organization=organization, state=Proposal.State.SUBMITTED)
    with pytest.raises(ValidationError, match="not registered"):
        services.approve_proposal(proposal=proposal, user=staff_user)
    participant = FairParticipantFactory(edition=edition, organization=organization)
    participant.status = FairParticipant.Status.CANCELLED
    participant.save()
    with pytest.raises(ValidationError, match="not registered"):
        services.approve_proposal(proposal=proposal, user=staff_user)
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.SUBMITTED
    participant.status = FairParticipant.Status.REGISTERED
    participant.save()
    with pytest.raises(ValidationError, match="is over"):
        services.approve_proposal(proposal=proposal, user=staff_user, now=timezone.now() + datetime.timedelta(days=60))
    services.approve_proposal(proposal=proposal, user=staff_user)
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.APPROVED
