"""A demo Partnership Fair: a past edition with its meetings, outcomes and partnerships, and a coming one
open for registration with approved proposals, requests and a schedule (deterministic for a seed)."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from spona.core.models import Sector, SustainableDevelopmentGoal
from spona.core.money import to_eur
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

# Each demo proposal: title, problem, activity, what it asks of a company, and its sectors (reference slugs).
PROPOSALS = [
    (
        "Digitalne vještine za žene na selu",
        "Žene u ruralnim područjima teško nalaze posao.",
        "Obuke iz digitalnih vještina.",
        ["pro-bono", "money"],
        ["womens-rights", "agriculture"],
    ),
    (
        "Zelena školska dvorišta",
        "Školska dvorišta su betonska i neiskorištena.",
        "Sadnja i učionice na otvorenom.",
        ["in-kind", "volunteering"],
        ["environment", "children"],
    ),
    (
        "Mentorstvo za mlade preduzetnike",
        "Mladi napuštaju zemlju jer ne vide priliku.",
        "Program mentorstva s kompanijama.",
        ["pro-bono", "volunteering"],
        ["youth", "employment"],
    ),
    (
        "Pristupačni javni prostori",
        "Osobe s invaliditetom ne mogu ući u mnoge zgrade.",
        "Mapiranje i prilagođavanje ulaza.",
        ["money", "in-kind"],
        ["disability", "social-inclusion"],
    ),
    (
        "Volonterski dan u zajednici",
        "Lokalne zajednice nemaju dovoljno ruku za uređenje.",
        "Dan volontiranja zaposlenih.",
        ["volunteering", "in-kind"],
        ["philanthropy", "local-development"],
    ),
    (
        "Pravna pomoć za starije",
        "Stariji ne znaju svoja prava.",
        "Savjetovalište i terenske posjete.",
        ["pro-bono", "money"],
        ["elderly", "justice"],
    ),
]
PARTNERSHIP_DESCRIPTIONS = {
    SupportKind.MONEY: "Kompanija sufinansira dio aktivnosti projekta.",
    SupportKind.IN_KIND: "Kompanija daje opremu i materijal za aktivnosti.",
    SupportKind.PRO_BONO: "Stručnjaci kompanije pro bono savjetuju tim projekta.",
    SupportKind.VOLUNTEERING: "Zaposleni kompanije volontiraju u aktivnostima projekta.",
}
# How the meetings that made no partnership ended.
OTHER_OUTCOMES = [
    MeetingOutcome.Outcome.NO_CONTACT,
    MeetingOutcome.Outcome.VALUABLE,
    MeetingOutcome.Outcome.NEGOTIATING,
]
# Budgets in convertible marks (BAM) for organizations in BiH, in dinars (RSD) for those in Serbia.
BUDGETS = {"BAM": [5000, 12000, 25000], "RSD": [300000, 700000, 1500000]}


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
    csos = list(
        Organization.objects.filter(kind=Organization.Kind.CSO, status="published")
        .select_related("municipality__region")
        .order_by("pk")[:14]
    )
    companies = list(Organization.objects.filter(kind=Organization.Kind.COMPANY, status="published").order_by("pk")[:8])
    if member_organization is not None and member_organization not in csos:
        csos = [member_organization, *csos[:13]]
    if len(csos) < 4 or len(companies) < 2:
        return None
    sectors = list(Sector.objects.all())
    sectors_by_slug = {sector.slug: sector for sector in sectors}
    goals = list(SustainableDevelopmentGoal.objects.all())
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
            title, problem, activity, asks, sector_slugs = PROPOSALS[index % len(PROPOSALS)]
            currency = "RSD" if organization.municipality.country_id == "RS" else "BAM"
            budget = Decimal(rng.choice(BUDGETS[currency]))
            proposal = Proposal.objects.create(
                edition=edition,
                organization=organization,
                title=title,
                problem=problem,
                activity=activity,
                beneficiaries="Lokalna zajednica.",
                asks=[kind for kind in asks if kind in SupportKind.values],
                offers=["visibility", "reporting"],
                budget=budget,
                currency=currency,
                budget_eur=to_eur(budget, currency),
                duration_months=rng.choice([6, 12]),
                region=organization.municipality.region,
                mentor=staff,
                state=Proposal.State.APPROVED if index != 1 else Proposal.State.SUBMITTED,
            )
            proposal.sectors.set([sectors_by_slug[slug] for slug in sector_slugs if slug in sectors_by_slug])
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
            meetings = list(
                Meeting.objects.filter(edition=edition).select_related(
                    "request__sender", "request__recipient", "request__proposal"
                )
            )
            agreed = meetings[:3]  # the partnerships below; the other meetings end as meetings do
            for meeting in meetings:
                for side in (meeting.request.sender, meeting.request.recipient):
                    outcome = MeetingOutcome.Outcome.AGREED if meeting in agreed else rng.choice(OTHER_OUTCOMES)
                    MeetingOutcome.objects.create(meeting=meeting, participant=side, outcome=outcome)
            for meeting in agreed:
                sides = {
                    meeting.request.sender.role: meeting.request.sender,
                    meeting.request.recipient.role: meeting.request.recipient,
                }
                proposal = meeting.request.proposal
                kind = proposal.asks[0] if proposal and proposal.asks else SupportKind.PRO_BONO
                Partnership.objects.create(
                    edition=edition,
                    cso=sides["cso"].organization,
                    company=sides["company"].organization,
                    meeting=meeting,
                    kind=kind,
                    value=(proposal.budget / 2).quantize(Decimal(1)) if proposal else Decimal(5000),
                    currency=proposal.currency if proposal else "BAM",
                    duration_months=proposal.duration_months if proposal else 12,
                    description=PARTNERSHIP_DESCRIPTIONS[kind],
                    cso_agrees_to_show=True,
                    company_agrees_to_show=True,
                )
    return editions
