"""What the fair's pages offer to whom: links only to those they serve, and the edition's rules shown."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from spona.directory.models import Organization
from spona.fair.models import FairEdition, Meeting, Proposal
from tests.admin_forms import admin_change_data
from tests.factories import MembershipFactory, PendingOrganizationFactory
from tests.fair.factories import (
    CompanyParticipantFactory,
    FairEditionFactory,
    FairParticipantFactory,
    MeetingRequestFactory,
    ProposalFactory,
)

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


def test_mentoring_is_offered_only_to_mentors_and_visitors_learn_how_to_take_part(
    client, member_user, organization, staff_user
):
    edition = FairEditionFactory()
    mentoring = reverse("fair:mentoring-queue")

    anonymous = client.get(reverse("fair:edition-list")).content.decode()
    assert "How to take part" in anonymous and mentoring not in anonymous
    assert "How to take part" in client.get(edition.get_absolute_url()).content.decode()

    client.force_login(member_user)
    member = client.get(reverse("fair:edition-list")).content.decode()
    assert mentoring not in member and "How to take part" not in member

    client.force_login(staff_user)
    assert mentoring in client.get(reverse("fair:edition-list")).content.decode()


def test_a_coming_edition_shows_no_meetings_held_or_partnerships_yet(client, past_edition):
    coming = FairEditionFactory()

    assert "meetings held" not in client.get(coming.get_absolute_url()).content.decode()
    assert "meetings held" in client.get(past_edition.get_absolute_url(), follow=True).content.decode()


def test_a_company_opens_the_directory_profile_behind_a_proposal(client, other_user, other_organization, organization):
    other_organization.kind = Organization.Kind.COMPANY
    other_organization.save()
    company = FairParticipantFactory(organization=other_organization, role="company")
    FairParticipantFactory(edition=company.edition, organization=organization)
    ProposalFactory(edition=company.edition, organization=organization)
    client.force_login(other_user)

    page = client.get(reverse("fair:matches", args=[company.pk])).content.decode()

    assert organization.get_absolute_url() in page


def test_the_agenda_says_it_is_preliminary_and_marks_a_late_meeting(client, staff_user, organization):
    cso = FairParticipantFactory(organization=organization)
    request = MeetingRequestFactory(sender=cso, recipient=CompanyParticipantFactory(edition=cso.edition))
    Meeting.objects.create(request=request, edition=cso.edition, slot=0, table=0, published=False)
    FairEdition.objects.filter(pk=cso.edition_id).update(schedule_state=FairEdition.ScheduleState.PRELIMINARY)
    cso.refresh_from_db()
    client.force_login(staff_user)

    pdf = PdfReader(io.BytesIO(client.get(reverse("fair:agenda-pdf", args=[cso.pk])).content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Preliminary agenda" in text and "Not published yet" in text
    schedule = client.get(reverse("fair:schedule", args=[cso.edition_id])).content.decode()
    assert "not published yet" in schedule


def test_a_new_organization_waiting_for_approval_is_told_what_is_pending(client, other_user):
    pending = PendingOrganizationFactory(name="Udruženje Novi put")
    MembershipFactory(user=other_user, organization=pending)
    edition = FairEditionFactory()
    client.force_login(other_user)

    for url in (
        edition.get_absolute_url(),
        reverse("fair:proposal-create", args=[edition.pk]),
        reverse("calls:call-matches"),
    ):
        page = client.get(url).content.decode()
        assert "Udruženje Novi put" in page and "waiting for our staff to approve" in page, url
        assert reverse("directory:organization-edit", args=[pending.pk]) in page, url
        assert "Join your organization's profile" not in page, url


def test_the_schedule_says_why_a_stretch_of_the_day_is_empty(client, staff_user, organization):
    cso = FairParticipantFactory(organization=organization, unavailable_slots=[0, 1, 2])
    company = CompanyParticipantFactory(edition=cso.edition)
    request = MeetingRequestFactory(sender=cso, recipient=company)
    client.force_login(staff_user)
    url = reverse("fair:schedule", args=[cso.edition_id])

    page = client.get(url).content.decode()
    assert "10:00–11:00</h3><p>No meetings, 4 tables free: Those still waiting for a meeting marked this time" in page
    assert "11:00–12:00</h3><p>No meetings, 4 tables free: Requests still waiting could meet here" in page
    assert '12:00–13:00</h3><p class="muted">Break' in page

    Meeting.objects.create(request=request, edition=cso.edition, slot=3, table=0)
    page = client.get(url).content.decode()
    assert "Every accepted request is placed in other slots." in page


def test_staff_set_the_breaks_with_time_fields_in_the_admin(client, staff_user):
    edition = FairEditionFactory()
    client.force_login(staff_user)
    url = reverse("admin:fair_fairedition_change", args=[edition.pk])
    data = admin_change_data(client.get(url))
    assert data["breaks_0"] == "12:00" and data["breaks_1"] == "13:00"

    data.update({"breaks_2": "15:00", "breaks_3": "15:15"})
    assert client.post(url, data).status_code == 302
    assert FairEdition.objects.get(pk=edition.pk).breaks == [["12:00", "13:00"], ["15:00", "15:15"]]

    data.update({"breaks_2": "12:30", "breaks_3": "12:45"})
    assert "Breaks overlap." in client.post(url, data).content.decode()
    data.update({"breaks_2": "15:00", "breaks_3": ""})
    assert "Each break needs a start and an end time." in client.post(url, data).content.decode()
