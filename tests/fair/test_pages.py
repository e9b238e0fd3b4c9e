"""What the fair's pages offer to whom: links only to those they serve, and the edition's rules shown."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spona.fair.models import Proposal
from tests.fair.factories import FairEditionFactory, FairParticipantFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_edition():
    now = timezone.now()
    return FairEditionFactory(
        date=(now - datetime.timedelta(days=120)).date(),
        registration_opens=now - datetime.timedelta(days=200),
        registration_closes=now - datetime.timedelta(days=130),
        requests_close=now - datetime.timedelta(days=125),
    )


def test_a_past_fair_offers_no_proposal_and_refuses_one(client, member_user, organization, past_edition):
    FairParticipantFactory(edition=past_edition, organization=organization)
    client.force_login(member_user)

    page = client.get(past_edition.get_absolute_url(), follow=True).content.decode()
    assert "Write a proposal" not in page

    url = reverse("fair:proposal-create", args=[past_edition.pk])
    response = client.post(url, {"title": "Kasno", "problem": "x", "activity": "x", "beneficiaries": "x",
                                 "asks": ["money"], "currency": "BAM"})  # fmt: skip
    assert "takes no more proposals" in response.content.decode()
    assert not Proposal.objects.filter(edition=past_edition).exists()


def test_the_mentor_is_told_why_a_proposal_cannot_be_approved(client, staff_user, organization):
    proposal = ProposalFactory(organization=organization, state=Proposal.State.SUBMITTED)
    client.force_login(staff_user)

    page = client.get(proposal.get_absolute_url()).content.decode()

    assert "is not registered for" in page
    assert reverse("fair:proposal-approve", args=[proposal.pk]) not in page
