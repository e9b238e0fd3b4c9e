"""The demo site's data holds together as a real site's would: a call or a post is tagged with the sectors
of its topic, deadlines fall at the hours funders set, names read as names, an organization works in the
sectors its name says, a proposal's region is its organization's, amounts agree across currencies, and a
fair's partnerships come from meetings that agreed on one."""

import datetime
import re

import cyrtranslit
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from spona.calls import demo as calls_demo
from spona.calls.models import Call, NewsPost
from spona.core.money import to_eur
from spona.directory import demo as directory_demo
from spona.directory.models import Organization
from spona.fair import demo as fair_demo
from spona.fair.models import MeetingOutcome, Partnership, Proposal

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 12, 4, 10, 0))


@pytest.fixture
def demo_site():
    directory_demo.create_demo_organizations(count=200, description_words=(10, 20), now=NOW)
    calls_demo.create_demo_calls(count=150, now=NOW)
    calls_demo.create_demo_news(count=80, now=NOW)
    staff = get_user_model().objects.create_user(
        "demo-staff", "demo-staff@example.org", "x", is_staff=True, is_superuser=True
    )
    fair_demo.create_demo_fair(now=NOW, staff=staff)


def _topic_of(title: str) -> str:
    latin = cyrtranslit.to_latin(title, "sr")
    return next(topic for topic in calls_demo.TOPICS if latin.endswith(topic))


def test_calls_and_news_are_tagged_with_their_topics_sectors(demo_site):
    for item in [*Call.objects.prefetch_related("sectors"), *NewsPost.objects.prefetch_related("sectors")]:
        own = set(calls_demo.TOPIC_SECTORS[_topic_of(item.title)])
        tagged = {sector.slug for sector in item.sectors.all()}
        assert tagged and tagged <= own, (item.title, tagged)


def test_news_posts_are_filed_under_the_tag_their_headline_says(demo_site):
    headlines = dict(calls_demo.NEWS_TITLES)
    for post in NewsPost.objects.prefetch_related("tags"):
        title = cyrtranslit.to_latin(post.title, "sr")
        expected = {tag for headline, tag in headlines.items() if title.startswith(headline.split("{")[0])}
        assert {tag.slug for tag in post.tags.all()} == expected, post.title


def test_deadlines_fall_at_the_hours_funders_set_in_the_calls_time_zone(demo_site):
    hours = {(time.hour, time.minute) for time in calls_demo.DEADLINE_TIMES}
    for call in Call.objects.all():
        local = call.local_deadline()
        assert (local.hour, local.minute) in hours, (call.title, local)
        assert call.deadline > call.publish_at


def test_organization_names_read_as_names_and_say_their_sectors(demo_site):
    organizations = list(Organization.objects.select_related("municipality__region").prefetch_related("sectors"))
    names = [organization.name for organization in organizations]

    assert not [name for name in names if re.search(r"\b(za|Centar za) „", name)]
    sectors_by_slug = {s.slug: s for o in organizations for s in o.sectors.all()}
    checked = 0
    for organization in organizations:
        said = directory_demo._sectors_the_name_says(organization.name, sectors_by_slug)
        if said:
            checked += 1
            assert set(said) <= set(organization.sectors.all()), organization.name
    assert checked > 20


def test_local_governments_are_called_as_their_entity_or_country_calls_them(demo_site):
    for organization in Organization.objects.filter(kind=Organization.Kind.LOCAL_GOVERNMENT).select_related(
        "municipality__region"
    ):
        if organization.name.startswith(("Grad ", "Град ")):
            continue
        municipality = organization.municipality
        serbian = municipality.country_id == "RS" or municipality.region.code == "ba-srp"
        assert organization.name.split()[0] in (("Opština", "Општина") if serbian else ("Općina",)), organization.name


def test_fair_proposals_agree_with_their_organizations(demo_site):
    proposals = list(Proposal.objects.select_related("organization__municipality__region", "region"))

    assert proposals
    assert not [p for p in proposals if p.title == "Zeleni školski dvorišta"]
    for proposal in proposals:
        assert proposal.region == proposal.organization.municipality.region, proposal
        expected_currency = "RSD" if proposal.organization.municipality.country_id == "RS" else "BAM"
        assert proposal.currency == expected_currency
        assert proposal.budget_eur == to_eur(proposal.budget, proposal.currency)
        assert proposal.sectors.exists()


def test_partnerships_come_from_meetings_both_sides_called_agreed(demo_site):
    partnerships = list(Partnership.objects.select_related("meeting"))

    assert partnerships
    for partnership in partnerships:
        outcomes = set(MeetingOutcome.objects.filter(meeting=partnership.meeting).values_list("outcome", flat=True))
        assert outcomes == {MeetingOutcome.Outcome.AGREED}
        assert partnership.kind in partnership.meeting.request.proposal.asks
