"""Matchmaking: how well a proposal fits a company's CSR focus, with the reasons shown to both sides."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from spona.core.models import Region
from spona.core.regions import region_parents, with_ancestors
from spona.fair.models import FairParticipant, Mark, Proposal, SupportKind

# Points per shared sector, goal and kind of support, for the region and for a budget in range.
POINTS = {"sector": 3, "goal": 2, "support": 3, "region": 2, "budget": 2}


@dataclass
class Fit:
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)


def proposal_fit(company: FairParticipant, proposal: Proposal, *, parents: dict[int, int | None]) -> Fit:
    """Company and proposal prefetched with sectors, goals and regions."""
    fit = Fit()
    company_sectors = {s.pk: s for s in company.sectors.all()}
    shared = [s.name for s in proposal.sectors.all() if s.pk in company_sectors]
    if shared:
        fit.score += POINTS["sector"] * len(shared)
        fit.reasons.append(_("Sectors you support: %(names)s") % {"names": ", ".join(shared)})
    company_goals = {g.pk for g in company.goals.all()}
    goals = [str(g.number) for g in proposal.goals.all() if g.pk in company_goals]
    if goals:
        fit.score += POINTS["goal"] * len(goals)
        fit.reasons.append(_("Sustainable Development Goals: %(numbers)s") % {"numbers": ", ".join(goals)})
    gives = set(company.support_kinds)
    asked = [str(SupportKind(kind).label) for kind in proposal.asks if kind in gives and kind in SupportKind.values]
    if asked:
        fit.score += POINTS["support"] * len(asked)
        fit.reasons.append(_("Asks what you give: %(kinds)s") % {"kinds": ", ".join(asked)})
    elif proposal.asks and gives:
        fit.concerns.append(_("Asks for support you do not list"))
    regions = {r.pk for r in company.regions.all()}
    if proposal.region_id and regions:
        if proposal.region_id in with_ancestors(regions, parents) or regions & with_ancestors(
            {proposal.region_id}, parents
        ):
            fit.score += POINTS["region"]
            fit.reasons.append(_("In a region you support: %(name)s") % {"name": proposal.region.display_name})
        else:
            fit.concerns.append(_("Outside your regions"))
    if proposal.budget_eur is not None and (company.budget_min_eur is not None or company.budget_max_eur is not None):
        low, high = company.budget_min_eur, company.budget_max_eur
        if (low is None or proposal.budget_eur >= low) and (high is None or proposal.budget_eur <= high):
            fit.score += POINTS["budget"]
            fit.reasons.append(_("Budget within your range"))
        else:
            fit.concerns.append(_("Budget outside your range"))
    return fit


def _proposals(edition) -> list[Proposal]:
    return list(
        Proposal.objects.filter(
            edition=edition,
            state=Proposal.State.APPROVED,
            organization__fair_participations__edition=edition,
            organization__fair_participations__status=FairParticipant.Status.REGISTERED,
        )
        .select_related("organization", "region")
        .prefetch_related("sectors", "goals")
        .distinct()
    )


def _companies(edition) -> list[FairParticipant]:
    return list(
        FairParticipant.objects.filter(
            edition=edition, role=FairParticipant.Role.COMPANY, status=FairParticipant.Status.REGISTERED
        )
        .select_related("organization")
        .prefetch_related("sectors", "goals", Prefetch("regions", queryset=Region.objects.all()))
    )


def recommendations_for_company(company: FairParticipant) -> list[tuple[Proposal, FairParticipant, Fit]]:
    """Approved proposals of the edition, best fit first (ties by title), minus CSOs the company marked
    "no thanks"."""
    parents = region_parents()
    company = next((c for c in _companies(company.edition) if c.pk == company.pk), company)
    participants = {
        p.organization_id: p
        for p in FairParticipant.objects.filter(edition=company.edition, role=FairParticipant.Role.CSO).select_related(
            "organization"
        )
    }
    refused = set(Mark.objects.filter(source=company, level=Mark.Level.NO).values_list("target_id", flat=True))
    rows = []
    for proposal in _proposals(company.edition):
        cso = participants.get(proposal.organization_id)
        if cso is None or cso.pk in refused:
            continue
        rows.append((proposal, cso, proposal_fit(company, proposal, parents=parents)))
    rows.sort(key=lambda row: (-row[2].score, row[0].title))
    return rows


def companies_for_cso(cso: FairParticipant) -> list[tuple[FairParticipant, Proposal | None, Fit]]:
    """Companies of the edition by how well they fit the CSO's best approved proposal."""
    parents = region_parents()
    proposals = [p for p in _proposals(cso.edition) if p.organization_id == cso.organization_id]
    refused = set(Mark.objects.filter(source=cso, level=Mark.Level.NO).values_list("target_id", flat=True))
    rows = []
    for company in _companies(cso.edition):
        if company.pk in refused:
            continue
        best: tuple[Proposal | None, Fit] = (None, Fit())
        for proposal in proposals:
            fit = proposal_fit(company, proposal, parents=parents)
            if best[0] is None or fit.score > best[1].score:
                best = (proposal, fit)
        rows.append((company, best[0], best[1]))
    rows.sort(key=lambda row: (-row[2].score, row[0].organization.name))
    return rows
