"""Who may do what at the Partnership Fair: every URL that changes data or shows private data, for
anonymous visitors, another organization's member, a member of the organization taking part (a CSO with
proposals), staff, and a mentor of the roster assigned to the organization's proposals. Refused requests
must change nothing (the runner is tests/permission_matrix.py)."""

from functools import cached_property
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from spona.fair.models import (
    FairEdition,
    FairParticipant,
    Mark,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Partnership,
    Proposal,
    ScheduleRun,
)
from tests.factories import MembershipFactory, UserFactory
from tests.fair.factories import (
    CompanyParticipantFactory,
    FairEditionFactory,
    FairParticipantFactory,
    MeetingRequestFactory,
    ProposalFactory,
)
from tests.learning.factories import TrainerFactory
from tests.permission_matrix import ANONYMOUS, LOGIN, OTHER, OWN, STAFF, WRONG_GROUP, Case, check_case

pytestmark = pytest.mark.django_db

MENTOR = "mentor"
USER_KINDS = [ANONYMOUS, OTHER, OWN, STAFF, MENTOR, WRONG_GROUP]
NEW_TITLE = "Sigurni putevi do škole"


class Scenario:
    """`own`'s organization (a CSO) takes part in a published edition with an approved proposal, a draft
    and one waiting for mentoring (both mentored by `mentor`). A company asked it for a meeting (pending);
    another company's meeting with it is accepted, scheduled and published; a third company is there to be
    asked. `other`'s organization takes part too, as a CSO of its own. What only some cases need is built
    when first asked for."""

    def __init__(self, *, organization, other_organization, users):
        self.organization = organization
        self.users = users
        self.edition = FairEditionFactory()
        self.own = FairParticipantFactory(edition=self.edition, organization=organization)
        self.other = FairParticipantFactory(edition=self.edition, organization=other_organization)
        self.asking = CompanyParticipantFactory(edition=self.edition)
        self.partner = CompanyParticipantFactory(edition=self.edition)
        self.target = CompanyParticipantFactory(edition=self.edition)
        self.approved = ProposalFactory(edition=self.edition, organization=organization, mentor=users[MENTOR])
        self.draft = ProposalFactory(
            edition=self.edition, organization=organization, mentor=users[MENTOR], state=Proposal.State.DRAFT
        )
        self.submitted = ProposalFactory(
            edition=self.edition, organization=organization, mentor=users[MENTOR], state=Proposal.State.SUBMITTED
        )
        self.pending = MeetingRequestFactory(
            sender=self.asking, recipient=self.own, status=MeetingRequest.Status.PENDING, message="Sastanak?"
        )
        self.accepted = MeetingRequestFactory(sender=self.own, recipient=self.partner, proposal=self.approved)
        self.meeting = Meeting.objects.create(
            request=self.accepted, edition=self.edition, slot=0, table=0, published=True
        )

    @cached_property
    def new_edition(self) -> FairEdition:
        """Open for registration; nobody registered yet."""
        return FairEditionFactory()

    @cached_property
    def draft_edition(self) -> FairEdition:
        return FairEditionFactory(status=FairEdition.Status.DRAFT)

    @cached_property
    def of_another_mentor(self) -> Proposal:
        """Waiting for mentoring by a mentor who is not `mentor`."""
        someone = UserFactory()
        TrainerFactory(user=someone, is_mentor=True)
        return ProposalFactory(
            edition=self.edition, organization=self.organization, mentor=someone, state=Proposal.State.SUBMITTED
        )

    @cached_property
    def partnership(self) -> Partnership:
        """Agreed with the partner company; the company already agrees to show it, the CSO does not yet."""
        return Partnership.objects.create(
            edition=self.edition,
            cso=self.organization,
            company=self.partner.organization,
            meeting=self.meeting,
            kind="money",
            company_agrees_to_show=True,
        )


@pytest.fixture
def scenario(organization, other_organization, member_user, other_user, staff_in_group):
    mentor = UserFactory(email="mentorica@example.org")
    TrainerFactory(user=mentor, name="Mentorica Amra", is_mentor=True)
    users = {
        ANONYMOUS: None,
        OTHER: other_user,
        OWN: member_user,
        STAFF: staff_in_group("Fair organizers"),
        MENTOR: mentor,
        WRONG_GROUP: staff_in_group("Training coordinators"),
    }
    return Scenario(organization=organization, other_organization=other_organization, users=users)


def _url(name: str, *attributes: str, extra: tuple = ()):
    """The fair's URL `name` with the pks of the scenario's `attributes`, then `extra` arguments."""
    return lambda s: reverse(f"fair:{name}", args=[*(getattr(s, a).pk for a in attributes), *extra])


def _proposal_data(s, **extra) -> dict:
    return {
        "title": NEW_TITLE,
        "problem": "Djeca hodaju uz magistralni put.",
        "activity": "Obilježavanje pješačkih staza.",
        "beneficiaries": "Učenici osnovne škole.",
        "asks": ["money", "volunteering"],
        "currency": "BAM",
        "organization": s.organization.pk,
        **extra,
    }


def _people_data(s) -> dict:
    return {
        "people-TOTAL_FORMS": "2",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "10",
        "people-0-name": "Amra Hadžić",
        "people-0-position": "direktorica",
        "slots-unavailable": ["0", "1"],
    }


def _outcome_data(s) -> dict:
    prefix = f"m{s.meeting.pk}"
    return {
        "meeting": s.meeting.pk,
        "survey": MeetingOutcome.Survey.AFTER_FAIR,
        f"{prefix}-held": "on",
        f"{prefix}-outcome": MeetingOutcome.Outcome.NEGOTIATING,
        f"{prefix}-note": "Javiti se u martu.",
    }


# Probes: what a permitted request changes.
def _registered_in_new_edition(s, user):
    return list(FairParticipant.objects.filter(edition=s.new_edition).values_list("organization_id", "status"))


def _participant(s, user):
    participant = FairParticipant.objects.get(pk=s.own.pk)
    return participant.status, participant.unavailable_slots, list(participant.representatives.values_list("name"))


def _requests_to_target(s, user):
    return list(
        MeetingRequest.objects.filter(sender=s.own, recipient=s.target).values_list("status", "proposal_id", "message")
    )


def _marks(s, user):
    return list(Mark.objects.filter(source=s.own).values_list("target_id", "level"))


def _request_of(attribute: str):
    def probe(s, user):
        request = MeetingRequest.objects.get(pk=getattr(s, attribute).pk)
        return request.status, Meeting.objects.filter(request=request).exists()

    return probe


def _outcomes(s, user):
    return list(MeetingOutcome.objects.filter(meeting=s.meeting).values_list("participant_id", "outcome", "note"))


def _partnerships(s, user):
    return list(Partnership.objects.filter(edition=s.edition).values_list("cso_id", "company_id", "kind"))


def _consent(s, user):
    return (
        Partnership.objects.filter(pk=s.partnership.pk)
        .values_list("cso_agrees_to_show", "company_agrees_to_show")
        .get()
    )


def _new_proposals(s, user):
    return list(
        Proposal.objects.filter(title=NEW_TITLE, organization=s.organization).values_list("state", "created_by_id")
    )


def _proposal(attribute: str):
    def probe(s, user):
        proposal = Proposal.objects.get(pk=getattr(s, attribute).pk)
        return proposal.title, proposal.state, proposal.version, proposal.comments.count()

    return probe


def _schedule(s, user):
    return ScheduleRun.objects.filter(edition=s.edition).count()


def _locked(s, user):
    return Meeting.objects.get(pk=s.meeting.pk).locked


def _agenda_state(s, user):
    return FairEdition.objects.get(pk=s.edition.pk).schedule_state


EVERYONE_200 = {kind: 200 for kind in USER_KINDS}
SIGNED_IN_GET = {ANONYMOUS: LOGIN, OTHER: 200, OWN: 200, STAFF: 200, MENTOR: 200}
# A participant's pages: its organization's members and staff.
PARTICIPANT_GET = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 200, STAFF: 200, MENTOR: 404}
PARTICIPANT_POST = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 302, STAFF: 302, MENTOR: 404}
# A proposal the organization writes: its members alone (staff and mentors comment, they do not edit).
WRITER_GET = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 200, STAFF: 404, MENTOR: 404}
WRITER_POST = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 302, STAFF: 404, MENTOR: 404}
# Mentoring: the assigned mentor and staff.
MENTORS_POST = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 404, STAFF: 302, MENTOR: 302}
# The mentoring thread: the organization, its mentor and staff.
THREAD_POST = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 302, STAFF: 302, MENTOR: 302}
PRIVATE_PROPOSAL = {ANONYMOUS: 404, OTHER: 404, OWN: 200, STAFF: 200, MENTOR: 200}
STAFF_GET = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 404, STAFF: 200, MENTOR: 404}
STAFF_POST = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 404, STAFF: 302, MENTOR: 404}


PARTNERSHIP_FIELDS = {"kind": "pro-bono", "currency": "BAM", "duration_months": "6", "agrees_to_show": "on"}

CASES = [
    # Public pages.
    Case("edition-list", "get", _url("edition-list"), EVERYONE_200),
    Case("edition-page", "get", lambda s: s.edition.get_absolute_url(), EVERYONE_200),
    Case("edition-short-address", "get", _url("edition-detail-short", "edition"), {k: 301 for k in USER_KINDS}),
    Case("catalogue", "get", _url("catalogue", "edition"), EVERYONE_200),
    Case("approved-proposal", "get", _url("proposal-detail", "approved"), EVERYONE_200),
    Case(
        "draft-edition-page",
        "get",
        lambda s: s.draft_edition.get_absolute_url(),
        {ANONYMOUS: 404, OTHER: 404, OWN: 404, STAFF: 200, MENTOR: 404},
    ),
    # Taking part.
    Case("register-form", "get", _url("register", "new_edition"), SIGNED_IN_GET),
    Case(
        "register-own-organization",
        "post",
        _url("register", "new_edition"),
        # Nobody else may choose `own`'s organization (staff register none of their own): the form says so.
        {ANONYMOUS: LOGIN, OTHER: 400, OWN: 302, STAFF: 400, MENTOR: 400},
        data=lambda s: {"organization": s.organization.pk},
        probe=_registered_in_new_edition,
        changes_for={OWN},
    ),
    Case("participant-page", "get", _url("participant", "own"), PARTICIPANT_GET),
    Case(
        "participant-save",
        "post",
        _url("participant", "own"),
        PARTICIPANT_POST,
        data=_people_data,
        probe=_participant,
    ),
    Case(
        "cancel-participation",
        "post",
        _url("participation-cancel", "own"),
        PARTICIPANT_POST,
        probe=lambda s, user: (_participant(s, user)[0], _request_of("pending")(s, user)),
    ),
    # Matchmaking, requests and marks.
    Case("matches", "get", _url("matches", "own"), PARTICIPANT_GET),
    Case(
        "send-request",
        "post",
        _url("request-send", "own", "target"),
        PARTICIPANT_POST,
        data=lambda s: {"message": "Možemo li se naći?", "proposal": s.approved.pk},
        probe=_requests_to_target,
    ),
    Case(
        "mark",
        "post",
        _url("mark", "own", "target"),
        PARTICIPANT_POST,
        data=lambda s: {"level": Mark.Level.MUST},
        probe=_marks,
    ),
    Case("requests-inbox", "get", _url("requests", "own"), PARTICIPANT_GET),
    Case(
        "accept-request",
        "post",
        _url("request-decide", "pending", extra=("accept",)),
        PARTICIPANT_POST,
        probe=_request_of("pending"),
    ),
    Case(
        "decline-request",
        "post",
        _url("request-decide", "pending", extra=("decline",)),
        PARTICIPANT_POST,
        probe=_request_of("pending"),
    ),
    Case(
        "cancel-request",
        "post",
        _url("request-decide", "pending", extra=("cancel",)),
        PARTICIPANT_POST,
        probe=_request_of("pending"),
    ),
    Case(
        "call-a-scheduled-meeting-off",
        "post",
        _url("request-decide", "accepted", extra=("cancel",)),
        PARTICIPANT_POST,
        probe=_request_of("accepted"),
    ),
    Case(
        "unknown-request-action",
        "post",
        _url("request-decide", "pending", extra=("approve",)),
        {ANONYMOUS: LOGIN, OTHER: 404, OWN: 404, STAFF: 404, MENTOR: 404},
        probe=_request_of("pending"),
        changes_for=set(),
    ),
    # Agendas.
    Case("agenda", "get", _url("agenda", "own"), PARTICIPANT_GET),
    Case("agenda-pdf", "get", _url("agenda-pdf", "own"), PARTICIPANT_GET),
    Case("agenda-calendar", "get", lambda s: reverse("fair:agenda-feed", args=[s.own.calendar_token]), EVERYONE_200),
    Case(
        "agenda-calendar-wrong-token",
        "get",
        lambda s: reverse("fair:agenda-feed", args=[s.own.calendar_token[:-4] + "xxxx"]),
        {kind: 404 for kind in USER_KINDS},
    ),
    # Follow-up.
    Case("follow-up", "get", _url("follow-up", "own"), PARTICIPANT_GET),
    Case(
        "follow-up-outcome",
        "post",
        _url("follow-up", "own"),
        PARTICIPANT_POST,
        data=_outcome_data,
        probe=_outcomes,
    ),
    Case(
        "record-partnership",
        "post",
        _url("partnership-record", "own", "meeting"),
        PARTICIPANT_POST,
        data=lambda s: {f"p{s.meeting.pk}-{name}": value for name, value in PARTNERSHIP_FIELDS.items()},
        probe=_partnerships,
    ),
    Case(
        "partnership-consent",
        "post",
        _url("partnership-consent", "partnership"),
        # Each organization decides for itself: staff cannot agree in its name.
        {ANONYMOUS: LOGIN, OTHER: 404, OWN: 302, STAFF: 404, MENTOR: 404},
        data=lambda s: {"agrees": "1"},
        probe=_consent,
        changes_for={OWN},
    ),
    # Proposals and their mentoring.
    Case("proposal-form", "get", _url("proposal-create", "edition"), SIGNED_IN_GET),
    Case(
        "create-proposal-for-own-organization",
        "post",
        _url("proposal-create", "edition"),
        # Naming an organization one is not a member of is not found: nobody else writes for `own`'s.
        {ANONYMOUS: LOGIN, OTHER: 404, OWN: 302, STAFF: 404, MENTOR: 404},
        data=_proposal_data,
        probe=_new_proposals,
        changes_for={OWN},
    ),
    Case("edit-proposal-form", "get", _url("proposal-edit", "draft"), WRITER_GET),
    Case(
        "edit-proposal",
        "post",
        _url("proposal-edit", "draft"),
        WRITER_POST,
        data=lambda s: _proposal_data(s, version=s.draft.version),
        probe=_proposal("draft"),
        changes_for={OWN},
    ),
    Case(
        "edit-approved-proposal",
        "post",
        _url("proposal-edit", "approved"),
        {kind: LOGIN if kind == ANONYMOUS else 404 for kind in USER_KINDS},  # approved: nobody edits it
        data=lambda s: _proposal_data(s, version=s.approved.version),
        probe=_proposal("approved"),
        changes_for=set(),
    ),
    Case(
        "submit-proposal",
        "post",
        _url("proposal-submit", "draft"),
        WRITER_POST,
        data=lambda s: {"body": "Molimo pogledajte budžet."},
        probe=_proposal("draft"),
        changes_for={OWN},
    ),
    Case(
        "comment-on-proposal",
        "post",
        _url("proposal-comment", "submitted"),
        THREAD_POST,
        data=lambda s: {"body": "Dodajte broj korisnika."},
        probe=_proposal("submitted"),
        changes_for={OWN, STAFF, MENTOR},
    ),
    Case(
        "return-proposal",
        "post",
        _url("proposal-return", "submitted"),
        MENTORS_POST,
        data=lambda s: {"body": "Precizirajte šta tražite od kompanije."},
        probe=_proposal("submitted"),
        changes_for={STAFF, MENTOR},
    ),
    Case(
        "approve-proposal",
        "post",
        _url("proposal-approve", "submitted"),
        MENTORS_POST,
        probe=_proposal("submitted"),
        changes_for={STAFF, MENTOR},
    ),
    Case(
        "approve-proposal-of-another-mentor",
        "post",
        _url("proposal-approve", "of_another_mentor"),
        STAFF_POST,  # a mentor mentors the proposals assigned to them only
        probe=_proposal("of_another_mentor"),
        changes_for={STAFF},
    ),
    Case(
        "withdraw-proposal",
        "post",
        _url("proposal-withdraw", "submitted"),
        STAFF_POST | {OWN: 302},  # the mentor sees it but does not take it back for the organization
        probe=_proposal("submitted"),
    ),
    Case("private-proposal", "get", _url("proposal-detail", "submitted"), PRIVATE_PROPOSAL),
    Case("draft-proposal", "get", _url("proposal-detail", "draft"), PRIVATE_PROPOSAL),
    Case(
        "proposal-of-another-mentor",
        "get",
        _url("proposal-detail", "of_another_mentor"),
        PRIVATE_PROPOSAL | {MENTOR: 404},
    ),
    Case("mentoring-queue", "get", _url("mentoring-queue"), STAFF_GET | {MENTOR: 200}),
    # The organizers' pages.
    Case("schedule-page", "get", _url("schedule", "edition"), STAFF_GET),
    Case(
        "run-scheduler",
        "post",
        _url("schedule", "edition"),
        STAFF_POST,
        data=lambda s: {"mode": "fast"},
        probe=_schedule,
        changes_for={STAFF},
    ),
    Case(
        "lock-meeting",
        "post",
        _url("meeting-lock", "meeting"),
        STAFF_POST,
        data=lambda s: {"locked": "1"},
        probe=_locked,
        changes_for={STAFF},
    ),
    Case(
        "publish-agenda",
        "post",
        _url("agenda-publish", "edition"),
        STAFF_POST,
        data=lambda s: {"final": "0"},
        probe=_agenda_state,
        changes_for={STAFF},
    ),
    Case("table-plan", "get", _url("table-plan", "edition"), STAFF_GET),
]


@pytest.mark.parametrize(
    ("case", "user_kind"),
    [pytest.param(case, kind, id=f"{case.name}-{kind}") for case in CASES for kind in USER_KINDS],
)
def test_permission_matrix(client, scenario, case, user_kind):
    check_case(client, scenario, case, user_kind)


def test_the_sender_cannot_accept_its_own_request(client, scenario):
    """Accepting is the recipient's: a member of the company that asked gets nothing."""
    asker = UserFactory()
    MembershipFactory(user=asker, organization=scenario.asking.organization)
    client.force_login(asker)

    response = client.post(reverse("fair:request-decide", args=[scenario.pending.pk, "accept"]))

    assert response.status_code == 404
    assert MeetingRequest.objects.get(pk=scenario.pending.pk).status == MeetingRequest.Status.PENDING


def test_the_calendar_feed_holds_the_published_meetings_only(client, scenario):
    unpublished = MeetingRequestFactory(sender=scenario.other, recipient=scenario.partner)
    Meeting.objects.create(request=unpublished, edition=scenario.edition, slot=1, table=0)

    own = client.get(reverse("fair:agenda-feed", args=[scenario.own.calendar_token])).content.decode()
    partner = client.get(reverse("fair:agenda-feed", args=[scenario.partner.calendar_token])).content.decode()

    assert scenario.partner.organization.name in own
    assert scenario.own.organization.name in partner
    assert scenario.other.organization.name not in partner


@pytest.mark.parametrize("target", ["//example.com", "https://example.com/", "/\\example.com", "/\\/example.com"])
def test_next_does_not_redirect_off_the_site(client, scenario, target):
    client.force_login(scenario.users[OWN])

    response = client.post(
        reverse("fair:mark", args=[scenario.own.pk, scenario.target.pk]), {"level": "like", "next": target}
    )

    assert response.status_code == 302
    location = urlsplit(response.url)
    assert (location.scheme, location.netloc) == ("", "")
    assert "\\" not in response.url  # Django escapes it: "/%5Cexample.com" is a path of this site
    assert Mark.objects.get(source=scenario.own, target=scenario.target).level == Mark.Level.LIKE


def _register_again(client, scenario):
    scenario.own.status = FairParticipant.Status.CANCELLED
    scenario.own.save()
    client.force_login(scenario.users[OWN])
    return client.post(reverse("fair:register", args=[scenario.edition.pk]), {"organization": scenario.organization.pk})


def test_an_organization_that_cancelled_registers_again(client, scenario):
    response = _register_again(client, scenario)

    assert response.status_code == 302
    assert FairParticipant.objects.get(pk=scenario.own.pk).status == FairParticipant.Status.REGISTERED


def test_an_organization_registered_for_another_edition_registers_again_after_cancelling(client, scenario):
    FairParticipantFactory(edition=scenario.new_edition, organization=scenario.organization)

    response = _register_again(client, scenario)

    assert response.status_code == 302
    assert FairParticipant.objects.get(pk=scenario.own.pk).status == FairParticipant.Status.REGISTERED
