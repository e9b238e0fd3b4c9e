"""A demo Partnership Fair: a past edition with its meetings, outcomes and partnerships, and a coming one
open for registration with approved proposals, requests and a schedule (deterministic for a seed)."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from spona.core.models import Region, Sector, SustainableDevelopmentGoal
from spona.directory.models import Organization
from spona.fair import schedules
from spona.fair.models import (
    FairEdition,
    FairParticipant,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Partnership,
    Proposal,
    ProposalComment,
    Representative,
    SupportKind,
)

PROPOSALS = [
    (
        "Digitalne vještine za žene na selu",
        "Žene u ruralnim područjima teško nalaze posao.",
        "Obuke iz digitalnih vještina.",
    ),
    ("Zeleni školski dvorišta", "Školska dvorišta su betonska i neiskorištena.", "Sadnja i učionice na otvorenom."),
    (
        "Mentorstvo za mlade preduzetnike",
        "Mladi napuštaju zemlju jer ne vide priliku.",
        "Program mentorstva s kompanijama.",
    ),
    (
        "Pristupačni javni prostori",
        "Osobe s invaliditetom ne mogu ući u mnoge zgrade.",
        "Mapiranje i prilagođavanje ulaza.",
    ),
    (
        "Volonterski dan u zajednici",
        "Lokalne zajednice nemaju dovoljno ruku za uređenje.",
        "Dan volontiranja zaposlenih.",
    ),
    ("Pravna pomoć za starije", "Stariji ne znaju svoja prava.", "Savjetovalište i terenske posjete."),
]


def _edition(title: str, date: datetime.date, *, now: datetime.datetime, tables: int) -> FairEdition:
    return FairEdition.objects.create(
        title=title,
        description="Organizacije civilnog društva predstavljaju prijedloge saradnje kompanijama.",
        date=date,
        venue="Hotel Europe, Sarajevo",
        tables=tables,
        breaks=[["12:00", "13:00"]],
        registration_opens=now - datetime.timedelta(days=60),
        registration_closes=timezone.make_aware(datetime.datetime.combine(date, datetime.time(0, 0))),
        requests_close=timezone.make_aware(datetime.datetime.combine(date, datetime.time(0, 0))),
        status=FairEdition.Status.PUBLISHED,
    )


@transaction.atomic
def create_demo_fair(*, seed: int = 31, now: datetime.datetime | None = None, member_organization=None, staff=None):
    rng = random.Random(seed)
    now = now or timezone.now()
    csos = list(Organization.objects.filter(kind=Organization.Kind.CSO, status="published").order_by("pk")[:14])
    companies = list(Organization.objects.filter(kind=Organization.Kind.COMPANY, status="published").order_by("pk")[:8])
    if member_organization is not None and member_organization not in csos:
        csos = [member_organization, *csos[:13]]
    if len(csos) < 4 or len(companies) < 2:
        return None
    sectors = list(Sector.objects.all())
    goals = list(SustainableDevelopmentGoal.objects.all())
    regions = list(Region.objects.filter(country_id="BA"))
    editions = [
        _edition(
            "Sajam partnerstava 2026",
            (now - datetime.timedelta(days=200)).date(),
            now=now - datetime.timedelta(days=200),
            tables=6,
        ),
        _edition("Sajam partnerstava 2027", (now + datetime.timedelta(days=30)).date(), now=now, tables=6),
    ]
    for edition in editions:
        past = edition.date < now.date()
        participants = {}
        for organization in csos + companies:
            role = FairParticipant.Role.CSO if organization.kind == "cso" else FairParticipant.Role.COMPANY
            participant = FairParticipant.objects.create(edition=edition, organization=organization, role=role)
            if role == FairParticipant.Role.COMPANY:
                participant.sectors.set(rng.sample(sectors, k=min(3, len(sectors))))
                participant.goals.set(rng.sample(goals, k=min(3, len(goals))))
                participant.support_kinds = rng.sample(list(SupportKind.values), k=2)
                participant.budget_min_eur, participant.budget_max_eur = (
                    Decimal(1000),
                    Decimal(rng.choice([10000, 30000])),
                )
                participant.save()
                for n in range(rng.choice([1, 1, 2])):
                    Representative.objects.create(participant=participant, name=f"Predstavnik {n + 1}", position="CSR")
            if rng.random() < 0.2:
                participant.unavailable_slots = [0, 1]  # arrives late
                participant.save(update_fields=["unavailable_slots"])
            participants[organization.pk] = participant
        approved = []
        for index, organization in enumerate(csos):
            title, problem, activity = PROPOSALS[index % len(PROPOSALS)]
            proposal = Proposal.objects.create(
                edition=edition,
                organization=organization,
                title=title,
                problem=problem,
                activity=activity,
                beneficiaries="Lokalna zajednica.",
                asks=rng.sample(list(SupportKind.values), k=2),
                offers=["visibility", "reporting"],
                budget=Decimal(rng.choice([5000, 12000, 25000])),
                currency="BAM",
                budget_eur=Decimal(rng.choice([2500, 6000, 12500])),
                duration_months=rng.choice([6, 12]),
                region=rng.choice(regions) if regions else None,
                mentor=staff,
                state=Proposal.State.APPROVED if index != 1 else Proposal.State.SUBMITTED,
            )
            proposal.sectors.set(rng.sample(sectors, k=min(2, len(sectors))))
            proposal.goals.set(rng.sample(goals, k=min(2, len(goals))))
            ProposalComment.objects.create(
                proposal=proposal, author=staff, kind="comment", body="Dodajte budžet po aktivnostima."
            )
            if proposal.state == Proposal.State.APPROVED:
                ProposalComment.objects.create(proposal=proposal, author=staff, kind="approved", body="Odlično.")
                approved.append(proposal)
        for proposal in approved:
            for company in rng.sample(companies, k=min(3, len(companies))):
                cso, firm = participants[proposal.organization_id], participants[company.pk]
                sender, recipient = (cso, firm) if rng.random() < 0.5 else (firm, cso)
                if MeetingRequest.objects.filter(
                    edition=edition, pair_low=min(cso.pk, firm.pk), pair_high=max(cso.pk, firm.pk)
                ).exists():
                    continue
                MeetingRequest.objects.create(
                    edition=edition,
                    sender=sender,
                    recipient=recipient,
                    proposal=proposal,
                    message="Rado bismo se upoznali.",
                    status=rng.choice([MeetingRequest.Status.ACCEPTED] * 4 + [MeetingRequest.Status.PENDING]),
                )
        if staff is not None:
            schedules.run_scheduler(edition=edition, user=staff, time_limit=1.0)
            schedules.publish_agenda(edition=edition, user=staff, final=past)
        if past:
            for meeting in Meeting.objects.filter(edition=edition).select_related("request"):
                for side in (meeting.request.sender, meeting.request.recipient):
                    MeetingOutcome.objects.create(
                        meeting=meeting, participant=side, outcome=rng.choice(MeetingOutcome.Outcome.values)
                    )
            for meeting in list(
                Meeting.objects.filter(edition=edition).select_related("request__sender", "request__recipient")
            )[:3]:
                sides = {
                    meeting.request.sender.role: meeting.request.sender,
                    meeting.request.recipient.role: meeting.request.recipient,
                }
                Partnership.objects.create(
                    edition=edition,
                    cso=sides["cso"].organization,
                    company=sides["company"].organization,
                    meeting=meeting,
                    kind=SupportKind.PRO_BONO,
                    value=Decimal(5000),
                    currency="BAM",
                    duration_months=12,
                    description="Pro bono savjetovanje.",
                    cso_agrees_to_show=True,
                    company_agrees_to_show=True,
                )
    return editions
