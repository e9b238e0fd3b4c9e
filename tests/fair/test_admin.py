"""The fair's admin changes states only through the services."""

import pytest
from django.urls import reverse

from spona.fair.models import FairParticipant, Meeting, MeetingRequest, Proposal, ProposalComment
from tests.admin_forms import admin_change_data
from tests.factories import UserFactory
from tests.fair.factories import (
    FairParticipantFactory,
    MeetingRequestFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db


def _action(client, model: str, action: str, rows):
    return client.post(
        reverse(f"admin:fair_{model}_changelist"),
        {"action": action, "_selected_action": [row.pk for row in rows]},
        follow=True,
    )


def _change(client, row, model: str, **changes):
    url = reverse(f"admin:fair_{model}_change", args=[row.pk])
    return client.post(url, {**admin_change_data(client.get(url)), **changes})


@pytest.fixture
def meeting():
    request = MeetingRequestFactory()
    return Meeting.objects.create(request=request, edition=request.edition, slot=2, table=1)


def test_the_states_of_proposals_requests_and_meetings_are_not_typed_into_the_admin(client, staff_user, meeting):
    proposal = ProposalFactory(state=Proposal.State.DRAFT)
    client.force_login(staff_user)
    for row, model, names in [
        (proposal, "proposal", {"state"}),
        (meeting.request, "meetingrequest", {"status", "sender", "recipient"}),
        (meeting, "meeting", {"slot", "table", "locked"}),
        (meeting.request.sender, "fairparticipant", {"status"}),
    ]:
        form = client.get(reverse(f"admin:fair_{model}_change", args=[row.pk])).context["adminform"].form
        assert not names & set(form.fields), model

    _change(client, proposal, "proposal", state="approved")
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.DRAFT
    assert client.get(reverse("admin:fair_meeting_add")).status_code == 403


def test_approving_from_the_admin_goes_through_mentoring(client, staff_user, mail):
    proposal = ProposalFactory(state=Proposal.State.SUBMITTED)
    FairParticipantFactory(edition=proposal.edition, organization=proposal.organization)
    draft = ProposalFactory(state=Proposal.State.DRAFT)
    unregistered = ProposalFactory(state=Proposal.State.SUBMITTED)
    client.force_login(staff_user)

    with mail.committing():
        response = _action(client, "proposal", "approve", [proposal, draft, unregistered])

    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.APPROVED
    assert ProposalComment.objects.filter(proposal=proposal, kind=ProposalComment.Kind.APPROVED).exists()
    assert Proposal.objects.get(pk=draft.pk).state == Proposal.State.DRAFT  # a draft is not for mentoring yet
    assert "Only a proposal submitted for mentoring can be approved." in response.content.decode()
    assert Proposal.objects.get(pk=unregistered.pk).state == Proposal.State.SUBMITTED
    assert "is not registered for" in response.content.decode()


def test_a_mentor_is_assigned_in_the_admin_only_from_the_roster(client, staff_user):
    proposal = ProposalFactory(state=Proposal.State.SUBMITTED, created_by=staff_user)
    client.force_login(staff_user)

    refused = _change(client, proposal, "proposal", mentor=UserFactory().pk)
    assert refused.status_code == 200 and "Choose a mentor of the roster, or staff." in refused.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).mentor is None

    assert _change(client, proposal, "proposal", mentor=staff_user.pk).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).mentor == staff_user


def test_an_admin_edit_of_a_proposal_is_seen_by_the_organizations_open_form(
    client, staff_user, member_user, organization
):
    proposal = ProposalFactory(organization=organization, state=Proposal.State.DRAFT, created_by=member_user)
    client.force_login(member_user)
    edit_url = reverse("fair:proposal-edit", args=[proposal.pk])
    form = client.get(edit_url).context["form"]
    opened = {name: form[name].value() for name in form.fields if form[name].value() is not None}

    client.force_login(staff_user)
    assert _change(client, proposal, "proposal", title="Naslov iz administracije").status_code == 302

    client.force_login(member_user)
    response = client.post(edit_url, {**opened, "title": "Naslov organizacije"})
    assert "Someone else changed this proposal after you opened it." in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).title == "Naslov iz administracije"


def test_cancelling_a_request_in_the_admin_takes_its_meeting_off_the_schedule(client, staff_user, meeting):
    client.force_login(staff_user)
    _action(client, "meetingrequest", "cancel", [meeting.request])
    assert MeetingRequest.objects.get(pk=meeting.request_id).status == MeetingRequest.Status.CANCELLED
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_locking_and_cancelling_participation_are_admin_actions(client, staff_user, meeting):
    client.force_login(staff_user)
    _action(client, "meeting", "lock", [meeting])
    assert Meeting.objects.get(pk=meeting.pk).locked
    _action(client, "fairparticipant", "cancel", [meeting.request.sender])
    assert FairParticipant.objects.get(pk=meeting.request.sender_id).status == FairParticipant.Status.CANCELLED
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
