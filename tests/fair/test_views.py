"""Fair pages with input a form would never send: refused with a clear status, never an error."""

import pytest
from django.urls import reverse

from spona.fair.models import Meeting, MeetingOutcome
from tests.fair.factories import CompanyParticipantFactory, FairParticipantFactory, MeetingRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_meeting(organization):
    participant = FairParticipantFactory(organization=organization)
    partner = CompanyParticipantFactory(edition=participant.edition)
    request = MeetingRequestFactory(sender=participant, recipient=partner)
    return Meeting.objects.create(request=request, edition=participant.edition, slot=0, table=0, published=True)


@pytest.mark.parametrize("meeting", ["abc", "", "-1", "99999999999999999999999", "1.5", "1 OR 1=1"])
def test_a_follow_up_about_no_meeting_of_the_fair_is_not_found(client, member_user, own_meeting, meeting):
    client.force_login(member_user)
    participant = own_meeting.request.sender

    response = client.post(
        reverse("fair:follow-up", args=[participant.pk]),
        {"meeting": meeting, f"m{own_meeting.pk}-outcome": MeetingOutcome.Outcome.VALUABLE},
    )

    assert response.status_code == 404
    assert not MeetingOutcome.objects.exists()


def test_a_follow_up_about_a_meeting_of_another_fair_is_not_found(client, member_user, own_meeting):
    elsewhere = FairParticipantFactory()
    foreign = Meeting.objects.create(
        request=MeetingRequestFactory(sender=elsewhere, recipient=CompanyParticipantFactory(edition=elsewhere.edition)),
        edition=elsewhere.edition,
        slot=0,
        table=0,
    )
    client.force_login(member_user)

    response = client.post(
        reverse("fair:follow-up", args=[own_meeting.request.sender.pk]),
        {"meeting": foreign.pk, f"m{foreign.pk}-outcome": MeetingOutcome.Outcome.VALUABLE},
    )

    assert response.status_code == 404
    assert not MeetingOutcome.objects.exists()


def test_a_follow_up_is_recorded_for_a_meeting_of_the_fair(client, member_user, own_meeting):
    client.force_login(member_user)

    response = client.post(
        reverse("fair:follow-up", args=[own_meeting.request.sender.pk]),
        {"meeting": own_meeting.pk, f"m{own_meeting.pk}-outcome": MeetingOutcome.Outcome.VALUABLE},
    )

    assert response.status_code == 302
    assert MeetingOutcome.objects.get().outcome == MeetingOutcome.Outcome.VALUABLE
