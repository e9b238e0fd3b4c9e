"""The call and news pages as visitors, members and editors use them; bad input never gives a 500."""

import datetime

import feedparser
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from spona.calls import selectors
from spona.calls.models import Call, CallDismissal, EditorialState, NewsPost, SavedSearch, Tag
from spona.core.models import LegalForm, Region, Sector
from tests.calls.factories import CallFactory, NewsPostFactory, SavedSearchFactory
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [call.title for call in response.context["page"].items]


def test_the_list_shows_open_calls_nearest_deadline_first(client):
    now = timezone.now()
    later = CallFactory(title="Kasniji", deadline=now + datetime.timedelta(days=40))
    sooner = CallFactory(title="Skoriji", deadline=now + datetime.timedelta(days=3))
    CallFactory(title="Zatvoren", deadline=now - datetime.timedelta(days=1))
    CallFactory(title="Nacrt", state=EditorialState.DRAFT)
    CallFactory(title="Zakazan", publish_at=now + datetime.timedelta(days=1))
    response = client.get(reverse("calls:call-list"))
    assert _titles(response) == [sooner.title, later.title]
    assert "closing soon" in response.content.decode()
    closed = client.get(reverse("calls:call-list"), {"status": "closed"})
    assert _titles(closed) == ["Zatvoren"]
    everything = client.get(reverse("calls:call-list"), {"status": "all", "sort": "newest"})
    assert set(_titles(everything)) == {"Kasniji", "Skoriji", "Zatvoren"}


def test_search_forgives_diacritics_and_script_like_the_directory(client):
    CallFactory(title="Podrška udruženjima žena", summary="Za žene u ruralnim područjima.")
    CallFactory(title="Konkurs za sport", summary="Sportski klubovi.", body="")
    for query in ("udruzenja zena", "удружења жена", "ŽENE"):
        assert _titles(client.get(reverse("calls:call-list"), {"q": query})) == ["Podrška udruženjima žena"], query


def test_filters_by_who_may_apply_sector_region_and_amount(client):
    youth = Sector.objects.get(slug="youth")
    tuzla = Region.objects.get(code="ba-canton-3")
    for_companies = CallFactory(title="Za preduzeća", applicant_kinds=["company"])
    for_youth = CallFactory(title="Za mlade", sectors=[youth], applicant_kinds=["cso"])
    in_srpska = CallFactory(title="U Srpskoj", regions=[Region.objects.get(code="ba-srp")])
    in_serbia = CallFactory(title="U Srbiji", countries=["RS"])
    small = CallFactory(title="Mali", amount_max=1000, currency="EUR")
    url = reverse("calls:call-list")
    assert for_companies.title not in _titles(client.get(url, {"kind": "cso"}))
    assert for_youth.title in _titles(client.get(url, {"kind": "cso"}))
    assert _titles(client.get(url, {"sector": "youth"})) == ["Za mlade"]
    in_tuzla = _titles(client.get(url, {"region": tuzla.code}))
    assert in_srpska.title not in in_tuzla and in_serbia.title not in in_tuzla and for_youth.title in in_tuzla
    assert small.title not in _titles(client.get(url, {"amount": "5000"}))
    assert _titles(client.get(url, {"country": "RS", "q": "srbiji"})) == ["U Srbiji"]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"sort": "1; drop"},
        {"amount": "lots"},
        {"amount": "-5"},
        {"region": "nowhere"},
        {"sector": "x" * 500},
        {"kind": "alien"},
        {"country": "ZZ"},
        {"page": "abc"},
        {"page": "-3"},
        {"q": '"*( NEAR AND'},
        {"q": "x" * 3000},
        {"q": "\x00"},
    ],
)
def test_bad_query_strings_never_give_a_500(client, query):
    CallFactory()
    for name in ("calls:call-list", "calls:news-list"):
        response = client.get(reverse(name), query)
        assert response.status_code in (200, 404), (name, query)


def test_invalid_filters_are_explained(client):
    response = client.get(reverse("calls:call-list"), {"amount": "lots"})
    assert response.status_code == 200
    assert "Some filters are not valid" in response.content.decode()


def test_a_page_past_the_last_is_a_404_that_links_back(client):
    CallFactory()
    response = client.get(reverse("calls:call-list"), {"page": 50})
    assert response.status_code == 404
    assert "Go to the last page" in response.content.decode()


def test_a_call_has_a_stable_url_and_old_slugs_redirect(client):
    call = CallFactory(title="Poziv za mlade 2027")
    response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    assert "Poziv za mlade 2027" in response.content.decode()
    assert client.get(reverse("calls:call-detail", args=[call.pk, "staro-ime"])).status_code == 301
    assert client.get(reverse("calls:call-detail-short", args=[call.pk])).url == call.get_absolute_url()


def test_unpublished_calls_are_hidden_and_withdrawn_ones_say_so(client, staff_user):
    draft = CallFactory(state=EditorialState.SUBMITTED)
    assert client.get(draft.get_absolute_url()).status_code == 404
    withdrawn = CallFactory(state=EditorialState.WITHDRAWN)
    response = client.get(withdrawn.get_absolute_url())
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    client.force_login(staff_user)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_call_page_shows_the_sanitized_text_and_whether_my_organization_fits(client, member_user, organization):
    call = CallFactory(body="**Važno** <script>alert(1)</script>", applicant_kinds=["cso"], min_organization_age=50)
    client.force_login(member_user)
    page = client.get(call.get_absolute_url()).content.decode()
    assert "<strong>Važno</strong>" in page and "<script>alert(1)" not in page
    assert "it does not fit" in page
    assert "At least 50 years old" in page


def test_calls_for_my_organization_list_what_fits_with_reasons(client, member_user, organization):
    youth = Sector.objects.get(slug="youth")  # the organization's sector
    fits = CallFactory(title="Za mlade udruge", sectors=[youth], applicant_kinds=["cso"], countries=["BA"])
    CallFactory(title="Za preduzeća", applicant_kinds=["company"])
    CallFactory(title="U Srbiji", countries=["RS"])
    CallFactory(title="Za stare", min_organization_age=100)
    CallFactory(title="Za okoliš", sectors=[Sector.objects.get(slug="environment")])
    anything = CallFactory(title="Za sve")
    client.force_login(member_user)
    response = client.get(reverse("calls:call-matches"))
    rows = response.context["rows"]
    assert [call.title for call, _checks in rows] == [fits.title, anything.title]  # nearest deadline first
    page = response.content.decode()
    assert "Your sectors:" in page and "Open to: Civil society organization" in page

    client.post(reverse("calls:call-dismiss", args=[anything.pk]))
    assert {c.title for c, _ in client.get(reverse("calls:call-matches")).context["rows"]} == {fits.title}
    dismissed = client.get(reverse("calls:call-matches"), {"dismissed": "1"}).context["rows"]
    assert [c.title for c, _ in dismissed] == [anything.title]
    client.post(reverse("calls:call-restore", args=[anything.pk]))
    assert not CallDismissal.objects.exists()


def test_a_member_without_an_organization_is_told_how_to_get_matches(client):
    client.force_login(UserFactory())
    response = client.get(reverse("calls:call-matches"))
    assert "Join your organization" in response.content.decode()


def _call_form(**overrides) -> dict:
    deadline = (timezone.localtime() + datetime.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "title": "Javni poziv za mlade lidere",
        "funder_name": "Fondacija Mozaik",
        "summary": "Podrška mladim liderima.",
        "body": "Tekst <script>x</script>",
        "deadline": deadline,
        "time_zone": "Europe/Sarajevo",
        "currency": "BAM",
        "amount_min": "1000",
        "amount_max": "5000",
        "applicant_kinds": ["cso"],
        "links": "https://example.org/poziv Tekst poziva",
    }
    return {**data, **overrides}


def test_an_organization_submits_a_call_through_the_form(client, member_user, organization, staff_user, mail):
    client.force_login(member_user)
    with mail.committing():
        response = client.post(reverse("calls:call-create"), _call_form(organization=organization.pk, action="submit"))
    assert response.status_code == 302
    call = Call.objects.get()
    assert call.state == EditorialState.SUBMITTED and call.organization == organization
    assert call.links.get().url == "https://example.org/poziv"
    assert "<script" not in call.body_html
    assert timezone.localtime(call.deadline).hour == int(_call_form()["deadline"][11:13])
    assert [staff_user.email] in mail.recipients


def test_the_deadline_is_read_in_the_chosen_time_zone(client, staff_user):
    client.force_login(staff_user)
    client.post(
        reverse("calls:call-create"), _call_form(deadline="2030-03-01T12:00", time_zone="Europe/London", action="now")
    )
    call = Call.objects.get()
    assert call.deadline == datetime.datetime(2030, 3, 1, 12, 0, tzinfo=datetime.UTC)


def test_the_form_shows_field_errors_and_keeps_what_was_typed(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("calls:call-create"),
        _call_form(amount_min="9000", amount_max="10", links="not-a-url x\nhttps://ok.org fine", action="now"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The largest grant is smaller than the smallest." in page
    assert "is not a web address" in page
    assert "Javni poziv za mlade lidere" in page  # nothing typed is lost
    assert not Call.objects.exists()


def test_a_past_deadline_cannot_be_published_through_the_form(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("calls:call-create"), _call_form(deadline="2020-01-01T12:00", action="now"))
    assert response.status_code == 400
    assert "The deadline has passed" in response.content.decode()
    assert not Call.objects.exists()


def test_two_editors_the_second_is_told_and_loses_nothing(client, staff_user):
    call = CallFactory()
    client.force_login(staff_user)
    form = client.get(reverse("calls:call-edit", args=[call.pk])).context["form"]
    version = form.initial["version"]
    first = client.post(
        reverse("calls:call-edit", args=[call.pk]), _call_form(title="Prva", version=version, action="now")
    )
    assert first.status_code == 302
    second = client.post(
        reverse("calls:call-edit", args=[call.pk]), _call_form(title="Druga", version=version, action="now")
    )
    assert second.status_code == 400
    assert "Someone else changed this item" in second.content.decode()
    assert "Druga" in second.content.decode()
    assert Call.objects.get(pk=call.pk).title == "Prva"


def test_the_editorial_queue_publishes_and_returns(client, staff_user, member_user, organization, mail):
    waiting = CallFactory(state=EditorialState.SUBMITTED, organization=organization, submitted_by=member_user)
    returned = NewsPostFactory(state=EditorialState.SUBMITTED, organization=organization, submitted_by=member_user)
    client.force_login(staff_user)
    page = client.get(reverse("calls:editorial-queue")).content.decode()
    assert waiting.title in page and returned.title in page
    with mail.committing():
        client.post(reverse("calls:item-approve", args=["call", waiting.pk]))
        client.post(reverse("calls:item-return", args=["news", returned.pk]), {"note": "Dodajte fotografiju."})
    assert Call.objects.get(pk=waiting.pk).is_public()
    assert NewsPost.objects.get(pk=returned.pk).state == EditorialState.REJECTED
    assert {tuple(r) for r in mail.recipients} == {(member_user.email,)}
    response = client.post(reverse("calls:item-return", args=["news", returned.pk]), {"note": ""})
    assert response.status_code == 302
    assert client.post(reverse("calls:item-approve", args=["bogus", 1])).status_code == 404


def test_news_list_detail_and_filters(client):
    post = NewsPostFactory(title="Održana radionica o volonterizmu u Tuzli")
    NewsPostFactory(title="Stara vijest", publish_at=timezone.now() - datetime.timedelta(days=400))
    NewsPostFactory(title="Nacrt", state=EditorialState.DRAFT)
    response = client.get(reverse("calls:news-list"))
    assert [p.title for p in response.context["page"].items] == [post.title, "Stara vijest"]
    assert [p.title for p in client.get(reverse("calls:news-list"), {"q": "волонтеризам"}).context["page"].items] == [
        post.title
    ]
    assert client.get(post.get_absolute_url()).status_code == 200


def test_atom_feeds_are_valid(client):
    CallFactory(title="Poziv sa <oznakama> & znakovima", sectors=[Sector.objects.get(slug="youth")])
    NewsPostFactory()
    for name in ("calls:call-feed", "calls:news-feed"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10"
        assert len(feed.entries) == 1
        assert feed.entries[0].link.startswith("http")
    calls = feedparser.parse(client.get(reverse("calls:call-feed")).content)
    assert calls.entries[0].title == "Poziv sa <oznakama> & znakovima"


def test_the_deadlines_calendar_has_each_open_call_in_its_time_zone(client):
    call = CallFactory(deadline=datetime.datetime(2031, 6, 30, 13, 0, tzinfo=datetime.UTC), time_zone="Europe/Belgrade")
    response = client.get(reverse("calls:call-deadlines"))
    calendar = Calendar.from_ical(response.content)
    events = [component for component in calendar.walk("VEVENT")]
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert start.hour == 15 and str(start.tzinfo) == "Europe/Belgrade"
    assert call.get_absolute_url() in str(events[0]["url"])
    assert calendar.walk("VTIMEZONE")


def test_a_saved_search_is_offered_from_the_list_and_saved(client, member_user):
    client.force_login(member_user)
    form_page = client.get(reverse("calls:alert-create"), {"q": "mladi", "sector": "youth", "amount": "1000"})
    form = form_page.context["form"]
    assert form.initial["keywords"] == "mladi" and form.initial["sectors"]
    response = client.post(
        reverse("calls:alert-create"),
        {
            "name": "Mladi",
            "keywords": "mladi",
            "sectors": [Sector.objects.get(slug="youth").pk],
            "frequency": "daily",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    search = SavedSearch.objects.get(user=member_user)
    assert list(search.sectors.values_list("slug", flat=True)) == ["youth"]
    bad = client.post(
        reverse("calls:alert-create"), {"name": "", "frequency": "hourly", "amount_min_eur": "9", "amount_max_eur": "1"}
    )
    assert bad.status_code == 400
    assert "The largest amount is smaller than the smallest." in bad.content.decode()


def test_the_e_mail_link_asks_first_and_one_button_stops_the_e_mails(client):
    search = SavedSearchFactory(name="Mladi i kultura")
    url = reverse("calls:alert-unsubscribe", args=[search.token])

    page = client.get(url)  # what a mail scanner does too
    assert page.status_code == 200 and "Stop these e-mails?" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert SavedSearch.objects.get(pk=search.pk).is_active

    stopped = client.post(url)  # the page's button: no sign-in needed
    assert "E-mails stopped" in stopped.content.decode()
    assert not SavedSearch.objects.get(pk=search.pk).is_active
    assert "E-mails stopped" in client.get(url).content.decode()  # the link again says so

    client.post(reverse("calls:alert-resubscribe", args=[search.token]))
    assert SavedSearch.objects.get(pk=search.pk).is_active


def test_mail_clients_unsubscribe_in_one_click_without_a_csrf_token(client):
    search = SavedSearchFactory()
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(
        reverse("calls:alert-unsubscribe", args=[search.token]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not SavedSearch.objects.get(pk=search.pk).is_active
    assert client.get(reverse("calls:alert-unsubscribe", args=["no-such-token"])).status_code == 404
    assert client.post(reverse("calls:alert-unsubscribe", args=["x" * 500])).status_code == 404


def test_the_home_page_shows_calls_closing_soon_news_trainings_and_figures(client):
    CallFactory(title="Poziv koji se uskoro zatvara", deadline=timezone.now() + datetime.timedelta(days=2))
    NewsPostFactory(title="Najnovija vijest")
    OrganizationFactory()
    page = client.get(reverse("portal:home")).content.decode()
    assert "Poziv koji se uskoro zatvara" in page
    assert "Najnovija vijest" in page
    assert "1 organization in the directory" in page


@pytest.mark.parametrize("url_name", ["calls:call-list", "calls:news-list", "portal:home"])
def test_calls_and_news_pages_are_stored_for_anonymous_visitors(
    client, page_cache, url_name, django_assert_num_queries
):
    call, post = CallFactory(), NewsPostFactory()
    for url in (reverse(url_name), call.get_absolute_url(), post.get_absolute_url()):
        first = client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url).content == first.content


def test_publishing_a_call_ends_the_cached_list_and_home_page(client, page_cache, django_capture_on_commit_callbacks):
    pages = [reverse("calls:call-list"), reverse("portal:home")]
    for url in pages:
        assert "Novi poziv" not in client.get(url).content.decode()
    CallFactory(title="Prije objave")  # saved, but not committed: the stored pages are still what visitors get
    for url in pages:
        assert "Prije objave" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        CallFactory(title="Novi poziv")

    for url in pages:
        assert "Novi poziv" in client.get(url).content.decode()


def test_the_list_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    youth = Sector.objects.get(slug="youth")

    def shown() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("calls:call-list"))
        assert response.status_code == 200
        return len(response.context["page"].items), len(queries)

    for n in range(3):
        CallFactory(title=f"Poziv {n}", sectors=[youth])
    shown()
    few = shown()
    for n in range(3, 25):
        CallFactory(title=f"Poziv {n}", sectors=[youth])
    with django_assert_max_num_queries(12):
        more = shown()
    assert (few[0], more[0]) == (3, 20) and more[1] == few[1]


def test_a_search_that_matches_very_many_says_more_than(client, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_COUNT_LIMIT", 2)
    for n in range(3):
        CallFactory(title=f"Poziv za mlade {n}")
    response = client.get(reverse("calls:call-list"), {"q": "mlade"})
    assert "More than 2 calls match" in response.content.decode()
    assert "3 open calls" in client.get(reverse("calls:call-list")).content.decode()  # filters alone count exactly


def test_a_news_tag_on_very_many_posts_says_more_than_and_the_archive_counts_exactly(client, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_COUNT_LIMIT", 2)
    tag = Tag.objects.create(name="Konferencija", slug="konferencija")
    for _ in range(3):
        NewsPostFactory().tags.add(tag)
    NewsPostFactory()
    assert "More than 2 posts match" in client.get(reverse("calls:news-list"), {"tag": "konferencija"}).content.decode()
    assert "More than 2 posts match" in client.get(reverse("calls:news-list"), {"q": "radionica"}).content.decode()
    archive = client.get(reverse("calls:news-list"), {"page": "1"}).content.decode()
    assert "4 posts" in archive


@pytest.mark.parametrize(
    ("deadline", "zone"),
    [
        ("9999-12-31T23:30", "UTC"),
        ("9999-12-31T23:59", "America/New_York"),
        ("0001-01-01T00:00", "Europe/Sarajevo"),
        ("2101-01-01T00:00", "Europe/Sarajevo"),
    ],
)
def test_a_deadline_outside_the_sites_range_is_refused_at_the_field(client, member_user, organization, deadline, zone):
    client.force_login(member_user)

    response = client.post(
        reverse("calls:call-create"),
        _call_form(organization=organization.pk, action="submit", deadline=deadline, time_zone=zone),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["deadline"] == ["Enter a date between 1900 and 2100."]
    assert not Call.objects.exists()


def test_the_deadline_picker_is_bounded_like_the_field(client, member_user, organization):
    client.force_login(member_user)

    page = client.get(reverse("calls:call-create")).content.decode()

    assert 'min="1900-01-01T00:00"' in page and 'max="2100-12-31T23:59"' in page


def test_a_title_with_a_forged_header_is_saved_on_one_line_and_the_editors_are_told(
    client, member_user, organization, staff_user, mail
):
    client.force_login(member_user)

    with mail.committing():
        response = client.post(
            reverse("calls:call-create"),
            _call_form(organization=organization.pk, action="submit", title="Poziv\r\nBcc: napadac@example.org"),
        )

    assert response.status_code == 302
    assert Call.objects.get().title == "Poziv Bcc: napadac@example.org"
    (message,) = [message for message in mail.outbox if message.to == [staff_user.email]]
    assert "\n" not in message.subject and "Poziv Bcc" in message.subject
    assert message.bcc == []


def test_calls_for_my_organization_cost_the_same_queries_for_more_calls(client, member_user, organization):
    youth = Sector.objects.get(slug="youth")
    federation = organization.municipality.region.parent  # the Federation, above its canton
    association = LegalForm.objects.get(slug="association")

    def add_calls(count: int) -> None:
        for _ in range(count):
            call = CallFactory(sectors=[youth], regions=[federation], applicant_kinds=["cso"], countries=["BA"])
            call.legal_forms.set([association])

    add_calls(4)
    client.force_login(member_user)
    url = reverse("calls:call-matches")
    client.get(url)  # the session and the places in memory, as for any later page
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).context["rows"]) == 4
    add_calls(10)
    with CaptureQueriesContext(connection) as more:
        assert len(client.get(url).context["rows"]) == 14
    assert len(more) == len(few), [query["sql"] for query in more.captured_queries]
