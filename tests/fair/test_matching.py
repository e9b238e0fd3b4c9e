"""Matchmaking ranks proposals by fit to a company's focus and says why; each side sees the other."""

from decimal import Decimal

import pytest
from django.urls import reverse

from spona.core.models import Region, Sector
from spona.fair import matching
from spona.fair.models import Mark, Proposal
from tests.factories import MembershipFactory
from tests.fair.factories import CompanyParticipantFactory, FairEditionFactory, FairParticipantFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    edition = FairEditionFactory()
    youth, environment = Sector.objects.get(slug="youth"), Sector.objects.get(slug="environment")
    canton = Region.objects.get(code="ba-canton-3")
    company = CompanyParticipantFactory(
        edition=edition, support_kinds=["money"], budget_min_eur=Decimal(1000), budget_max_eur=Decimal(10000)
    )
    company.sectors.set([youth])
    company.regions.set([canton.parent])
    best_cso, other_cso = FairParticipantFactory(edition=edition), FairParticipantFactory(edition=edition)
    best = ProposalFactory(
        edition=edition, organization=best_cso.organization, title="Mladi i posao", region=canton, asks=["money"]
    )
    best.sectors.set([youth])
    weak = ProposalFactory(
        edition=edition,
        organization=other_cso.organization,
        title="Čisti zrak",
        asks=["volunteering"],
        budget_eur=Decimal(90000),
    )
    weak.sectors.set([environment])
    return edition, company, best_cso, other_cso, best, weak


def test_proposals_are_ranked_by_fit_with_reasons(setting):
    _edition, company, _best_cso, _other_cso, best, weak = setting
    rows = matching.recommendations_for_company(company)
    assert [proposal.title for proposal, _cso, _fit in rows] == [best.title, weak.title]
    fit = rows[0][2]
    assert fit.score > rows[1][2].score
    reasons = " ".join(fit.reasons)
    assert "Sectors you support" in reasons and "Asks what you give" in reasons and "region you support" in reasons
    assert "Budget within your range" in reasons
    assert "Budget outside your range" in rows[1][2].concerns


def test_only_approved_proposals_of_registered_csos_and_no_thanks_is_respected(setting):
    edition, company, best_cso, other_cso, best, _weak = setting
    ProposalFactory(edition=edition, organization=best_cso.organization, title="Nacrt", state=Proposal.State.DRAFT)
    other_cso.status = "cancelled"
    other_cso.save()
    assert [p.title for p, _c, _f in matching.recommendations_for_company(company)] == [best.title]
    Mark.objects.create(edition=edition, source=company, target=best_cso, level="no")
    assert matching.recommendations_for_company(company) == []


def test_a_cso_sees_the_companies_that_fit_its_proposals(setting):
    edition, company, best_cso, _other_cso, best, _weak = setting
    weaker = CompanyParticipantFactory(edition=edition, support_kinds=["in-kind"])
    rows = matching.companies_for_cso(best_cso)
    assert [c.pk for c, _p, _f in rows] == [company.pk, weaker.pk]
    assert rows[0][1] == best


def test_the_matches_pages_show_the_ranking_to_the_members(client, setting, member_user):
    _edition, company, _best_cso, _other_cso, best, weak = setting
    MembershipFactory(user=member_user, organization=company.organization)
    client.force_login(member_user)
    page = client.get(reverse("fair:matches", args=[company.pk])).content.decode()
    assert page.index(best.title) < page.index(weak.title)
    assert "Sectors you support" in page
