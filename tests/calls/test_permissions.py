"""Who may do what with calls, news and saved searches: every URL that changes data or shows private
data, for anonymous visitors, another organization's member, a member of the organization that
submitted the item, and staff (the editors). Refused requests must change nothing (the runner is
tests/permission_matrix.py)."""

import datetime
from collections.abc import Callable
from functools import cached_property

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from spona.calls.models import Call, CallAttachment, CallDismissal, EditorialState, NewsPost, SavedSearch
from tests.calls.factories import CallFactory, NewsPostFactory, SavedSearchFactory
from tests.documents import pdf_bytes
from tests.permission_matrix import ANONYMOUS, LOGIN, OTHER, OWN, STAFF, WRONG_GROUP, Case, check_case

pytestmark = pytest.mark.django_db

USER_KINDS = [ANONYMOUS, OTHER, OWN, STAFF, WRONG_GROUP]
EVERYONE = set(USER_KINDS)
SIGNED_IN = {OTHER, OWN, STAFF}
PDF = pdf_bytes()
NEW_TITLE = "Poziv za male grantove udruženjima"


class Scenario:
    """`own`'s organization submitted a call (with an attachment) and a news post, both waiting for the
    editors; a published call is open to all; `own` keeps a saved search. What only some cases need is
    built when first asked for."""

    def __init__(self, *, organization, other_organization, users):
        self.organization = organization
        self.other_organization = other_organization
        self.users = users
        submitted = {"state": EditorialState.SUBMITTED, "publish_at": None, "organization": organization}
        self.call = CallFactory(title="Poziv na čekanju", submitted_by=users[OWN], **submitted)
        self.news = NewsPostFactory(title="Vijest na čekanju", submitted_by=users[OWN], **submitted)
        self.attachment = CallAttachment.objects.create(
            call=self.call, title="Smjernice", file=ContentFile(PDF, name="smjernice.pdf"), kind="pdf", size=len(PDF)
        )
        self.published = CallFactory(title="Otvoreni poziv za mlade")
        self.search = SavedSearchFactory(user=users[OWN], name="Mladi", keywords="mladi")

    @cached_property
    def published_own(self) -> Call:
        """A call of `own`'s organization the editors published: no longer the organization's to change."""
        return CallFactory(title="Objavljeni poziv udruženja", organization=self.organization)

    @cached_property
    def withdrawn(self) -> Call:
        return CallFactory(title="Povučeni poziv", organization=self.organization, state=EditorialState.WITHDRAWN)

    @cached_property
    def withdrawn_submission(self) -> Call:
        """A submission its organization took back before the editors published it: never public."""
        return CallFactory(
            title="Povučena prijava", organization=self.organization, state=EditorialState.WITHDRAWN, publish_at=None
        )

    @cached_property
    def withdrawn_news_submission(self) -> NewsPost:
        return NewsPostFactory(
            title="Povučena vijest", organization=self.organization, state=EditorialState.WITHDRAWN, publish_at=None
        )

    @cached_property
    def scheduled(self) -> Call:
        """Approved, public from tomorrow on."""
        return CallFactory(
            title="Zakazani poziv",
            organization=self.organization,
            publish_at=timezone.now() + datetime.timedelta(days=1),
        )

    @cached_property
    def scheduled_attachment(self) -> CallAttachment:
        return CallAttachment.objects.create(
            call=self.scheduled, title="Upute", file=ContentFile(PDF, name="upute.pdf"), kind="pdf", size=len(PDF)
        )

    @cached_property
    def published_attachment(self) -> CallAttachment:
        return CallAttachment.objects.create(
            call=self.published, title="Obrazac", file=ContentFile(PDF, name="obrazac.pdf"), kind="pdf", size=len(PDF)
        )

    @cached_property
    def dismissed_by_all(self) -> Call:
        """A published call every signed-in user marked "not relevant"."""
        call = CallFactory(title="Poziv koji nikoga ne zanima")
        for user in self.users.values():
            if user is not None:
                CallDismissal.objects.create(user=user, call=call)
        return call

    @cached_property
    def paused(self) -> SavedSearch:
        return SavedSearchFactory(user=self.users[OWN], name="Pauzirana", is_active=False)


@pytest.fixture
def scenario(organization, other_organization, member_user, other_user, staff_in_group):
    users = {
        ANONYMOUS: None,
        OTHER: other_user,
        OWN: member_user,
        STAFF: staff_in_group("Editors"),
        WRONG_GROUP: staff_in_group("Fair organizers"),
    }
    return Scenario(organization=organization, other_organization=other_organization, users=users)


def _deadline() -> str:
    return (timezone.localtime() + datetime.timedelta(days=40)).strftime("%Y-%m-%dT%H:%M")


def _call_data(s, **extra) -> dict:
    """A valid call form; `draft` is an action both the organizations and the editors may choose."""
    return {
        "title": NEW_TITLE,
        "funder_name": "Fondacija Mozaik",
        "summary": "Grantovi do 5.000 KM za projekte mladih.",
        "body": "Prijave se šalju poštom.",
        "currency": "BAM",
        "deadline": _deadline(),
        "time_zone": "Europe/Sarajevo",
        "action": "draft",
        **extra,
    }


def _news_data(s) -> dict:
    return {
        "title": "Preimenovana vijest",
        "lead": "Novi uvod vijesti.",
        "body": "Tekst.",
        "tags": "",
        "action": "draft",
        "version": s.news.version,
    }


def _created_news(s, user):
    return list(
        NewsPost.objects.filter(title="Nova vijest udruženja").values_list("organization_id", "submitted_by_id")
    )


def _created_calls(s, user):
    return list(Call.objects.filter(title=NEW_TITLE).values_list("organization_id", "submitted_by_id"))


def _call(s, user):
    return Call.objects.filter(pk=s.call.pk).values_list("title", "state", "version").get()


def _news(s, user):
    return NewsPost.objects.filter(pk=s.news.pk).values_list("title", "state", "version").get()


def _state_of(attribute: str) -> Callable:
    def probe(s, user):
        item = getattr(s, attribute)
        return type(item).objects.filter(pk=item.pk).values_list("state", "publish_at", "version").get()

    return probe


def _attachments(s, user):
    return sorted(CallAttachment.objects.filter(call=s.call).values_list("pk", flat=True))


def _dismissed_by(attribute: str) -> Callable:
    def probe(s, user):
        return sorted(CallDismissal.objects.filter(call=getattr(s, attribute)).values_list("user_id", flat=True))

    return probe


def _search(s, user):
    return (
        SavedSearch.objects.filter(pk=s.search.pk)
        .values_list("name", "keywords", "frequency", "is_active", "token")
        .first()
    )


def _searches_of(s, user):
    return SavedSearch.objects.filter(user=user).count() if user else SavedSearch.objects.count()


def _active(attribute: str) -> Callable:
    return lambda s, user: SavedSearch.objects.get(pk=getattr(s, attribute).pk).is_active


def _url(name: str, attribute: str | None = None, *extra) -> Callable[[Scenario], str]:
    if attribute is None:
        return lambda s: reverse(f"calls:{name}", args=list(extra))
    return lambda s: reverse(f"calls:{name}", args=[*extra, getattr(s, attribute).pk])


SIGNED_IN_GET = {ANONYMOUS: LOGIN, OTHER: 200, OWN: 200, STAFF: 200}
SIGNED_IN_POST = {ANONYMOUS: LOGIN, OTHER: 302, OWN: 302, STAFF: 302}
SUBMITTER_GET = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 200, STAFF: 200}
SUBMITTER_POST = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 302, STAFF: 302}
STAFF_GET = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 404, STAFF: 200}
STAFF_POST = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 404, STAFF: 302}
OWNER_GET = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 200, STAFF: 404}
OWNER_POST = {ANONYMOUS: LOGIN, OTHER: 404, OWN: 302, STAFF: 404}
PREVIEW = {ANONYMOUS: 404, OTHER: 404, OWN: 200, STAFF: 200}


CASES = [
    # Writing calls and news.
    Case(
        "create-call-for-own-organization",
        "post",
        _url("call-create"),
        # Another organization's member cannot choose `organization`: the form says so and saves nothing;
        # someone of no organization is told to register one first.
        {ANONYMOUS: LOGIN, OTHER: 400, OWN: 302, STAFF: 302, WRONG_GROUP: 200},
        data=lambda s: _call_data(s, organization=s.organization.pk),
        probe=_created_calls,
    ),
    Case(
        "create-news-for-own-organization",
        "post",
        _url("news-create"),
        {ANONYMOUS: LOGIN, OTHER: 400, OWN: 302, STAFF: 302, WRONG_GROUP: 200},
        data=lambda s: {**_news_data(s), "title": "Nova vijest udruženja", "organization": s.organization.pk},
        probe=_created_news,
    ),
    Case("edit-call-form", "get", _url("call-edit", "call"), SUBMITTER_GET),
    Case(
        "edit-call",
        "post",
        _url("call-edit", "call"),
        SUBMITTER_POST,
        data=lambda s: _call_data(s, version=s.call.version),
        probe=_call,
    ),
    Case(
        "edit-published-call-form",
        "get",
        _url("call-edit", "published_own"),
        STAFF_GET,  # once published, only the editors change it
    ),
    Case(
        "edit-published-call",
        "post",
        _url("call-edit", "published_own"),
        {ANONYMOUS: LOGIN, OTHER: 404, OWN: 404, STAFF: 302},
        data=lambda s: _call_data(s, version=s.published_own.version, action="now"),
        probe=lambda s, user: Call.objects.filter(pk=s.published_own.pk).values_list("title", "version").get(),
        changes_for={STAFF},
    ),
    Case("edit-news-form", "get", _url("news-edit", "news"), SUBMITTER_GET),
    Case("edit-news", "post", _url("news-edit", "news"), SUBMITTER_POST, data=_news_data, probe=_news),
    Case("withdraw-call", "post", _url("call-withdraw", "call"), SUBMITTER_POST, probe=_state_of("call")),
    Case("withdraw-news", "post", _url("news-withdraw", "news"), SUBMITTER_POST, probe=_state_of("news")),
    Case(
        "withdraw-published-call",
        "post",
        _url("call-withdraw", "published_own"),
        STAFF_POST,  # the organization asks the editors to take a published call off
        probe=_state_of("published_own"),
        changes_for={STAFF},
    ),
    # Attachments: added and removed by whoever may edit the call, private until it is published.
    Case(
        "add-attachment",
        "post",
        _url("call-attachment-add", "call"),
        SUBMITTER_POST,
        data=lambda s: {
            "attachment-title": "Budžet",
            "attachment-file": SimpleUploadedFile("x.pdf", PDF, "application/pdf"),
        },
        probe=_attachments,
    ),
    Case(
        "remove-attachment",
        "post",
        _url("attachment-remove", "attachment"),
        SUBMITTER_POST,
        probe=_attachments,
    ),
    Case("download-unpublished-attachment", "get", _url("attachment-download", "attachment"), PREVIEW),
    Case(
        "download-published-attachment",
        "get",
        _url("attachment-download", "published_attachment"),
        {kind: 200 for kind in USER_KINDS},
    ),
    # Unpublished pages: a preview for the submitter and the editors, nothing for anyone else.
    Case("preview-call", "get", lambda s: s.call.get_absolute_url(), PREVIEW),
    Case("preview-call-short-address", "get", _url("call-detail-short", "call"), {**PREVIEW, OWN: 301, STAFF: 301}),
    Case("preview-news", "get", lambda s: s.news.get_absolute_url(), PREVIEW),
    Case("preview-scheduled-call", "get", lambda s: s.scheduled.get_absolute_url(), PREVIEW),
    Case("download-scheduled-attachment", "get", _url("attachment-download", "scheduled_attachment"), PREVIEW),
    Case(
        "withdrawn-call-page",
        "get",
        lambda s: s.withdrawn.get_absolute_url(),
        {ANONYMOUS: 410, OTHER: 410, OWN: 200, STAFF: 200},  # the address says it is gone
    ),
    Case(
        "withdrawn-submission-page",
        "get",
        _url("call-detail-short", "withdrawn_submission"),  # addresses are numbered: anyone can try them all
        {**PREVIEW, OWN: 301, STAFF: 301},
    ),
    Case(
        "withdrawn-news-submission-page",
        "get",
        _url("news-detail-short", "withdrawn_news_submission"),
        {**PREVIEW, OWN: 301, STAFF: 301},
    ),
    # The editors' work.
    Case("editorial-queue", "get", _url("editorial-queue"), STAFF_GET),
    Case(
        "approve-call",
        "post",
        lambda s: reverse("calls:item-approve", args=["call", s.call.pk]),
        STAFF_POST,
        probe=_state_of("call"),
        changes_for={STAFF},
    ),
    Case(
        "approve-news",
        "post",
        lambda s: reverse("calls:item-approve", args=["news", s.news.pk]),
        STAFF_POST,
        probe=_state_of("news"),
        changes_for={STAFF},
    ),
    Case(
        "return-call",
        "post",
        lambda s: reverse("calls:item-return", args=["call", s.call.pk]),
        STAFF_POST,
        data=lambda s: {"note": "Dodajte iznos grantova."},
        probe=lambda s, user: Call.objects.filter(pk=s.call.pk).values_list("state", "moderation_note").get(),
        changes_for={STAFF},
    ),
    # "Not relevant": any signed-in user, for themselves, on published calls only.
    Case(
        "dismiss-call",
        "post",
        _url("call-dismiss", "published"),
        SIGNED_IN_POST,
        probe=_dismissed_by("published"),
        changes_for=SIGNED_IN,
    ),
    Case(
        "restore-call",
        "post",
        _url("call-restore", "dismissed_by_all"),
        SIGNED_IN_POST,
        probe=_dismissed_by("dismissed_by_all"),
        changes_for=SIGNED_IN,
    ),
    Case(
        "dismiss-unpublished-call",
        "post",
        _url("call-dismiss", "call"),
        {ANONYMOUS: LOGIN, OTHER: 404, OWN: 404, STAFF: 404},
        probe=_dismissed_by("call"),
        changes_for=set(),
    ),
    # Saved searches: their owner's alone (staff included: they are no one's editors).
    Case("alert-list", "get", _url("alert-list"), SIGNED_IN_GET),
    Case(
        "create-saved-search",
        "post",
        _url("alert-create"),
        SIGNED_IN_POST,
        data=lambda s: {"name": "Kultura", "keywords": "kultura", "frequency": "weekly", "is_active": "on"},
        probe=_searches_of,
        changes_for=SIGNED_IN,
    ),
    Case("edit-saved-search-form", "get", _url("alert-edit", "search"), OWNER_GET),
    Case(
        "edit-saved-search",
        "post",
        _url("alert-edit", "search"),
        OWNER_POST,
        data=lambda s: {"name": "Preimenovana", "keywords": "kultura", "frequency": "weekly", "is_active": "on"},
        probe=_search,
        changes_for={OWN},
    ),
    Case(
        "delete-saved-search",
        "post",
        _url("alert-delete", "search"),
        OWNER_POST,
        probe=_search,
        changes_for={OWN},
    ),
    # Stopping the e-mails: the token in the e-mail is the key, no sign-in needed.
    Case(
        "unsubscribe-page",
        "get",
        lambda s: reverse("calls:alert-unsubscribe", args=[s.search.token]),
        {kind: 200 for kind in USER_KINDS},
        probe=_active("search"),
        changes_for=set(),  # opening the link (as mail scanners do) changes nothing: the page's button does
    ),
    Case(
        "unsubscribe-one-click-post",
        "post",
        lambda s: reverse("calls:alert-unsubscribe", args=[s.search.token]),
        {kind: 200 for kind in USER_KINDS},
        probe=_active("search"),
        changes_for=EVERYONE,
    ),
    Case(
        "unsubscribe-wrong-token",
        "get",
        lambda s: reverse("calls:alert-unsubscribe", args=[s.search.token[:-4] + "xxxx"]),
        {kind: 404 for kind in USER_KINDS},
        probe=_active("search"),
        changes_for=set(),
    ),
    Case(
        "resubscribe",
        "post",
        lambda s: reverse("calls:alert-resubscribe", args=[s.paused.token]),
        {kind: 200 for kind in USER_KINDS},
        probe=_active("paused"),
        changes_for=EVERYONE,
    ),
    Case(
        "resubscribe-wrong-token",
        "post",
        lambda s: reverse("calls:alert-resubscribe", args=[s.paused.token[:-4] + "xxxx"]),
        {kind: 404 for kind in USER_KINDS},
        probe=_active("paused"),
        changes_for=set(),
    ),
    # Pages of one's own.
    Case("calls-for-my-organization", "get", _url("call-matches"), SIGNED_IN_GET),
    Case("my-items", "get", _url("my-items"), SIGNED_IN_GET),
]


@pytest.mark.parametrize(
    ("case", "user_kind"),
    [pytest.param(case, kind, id=f"{case.name}-{kind}") for case in CASES for kind in USER_KINDS],
)
def test_permission_matrix(client, scenario, case, user_kind):
    check_case(client, scenario, case, user_kind)


def test_a_member_creates_a_call_for_their_organization_and_it_waits_for_the_editors(client, scenario):
    client.force_login(scenario.users[OWN])

    response = client.post(reverse("calls:call-create"), _call_data(scenario, organization=scenario.organization.pk))

    assert response.status_code == 302
    call = Call.objects.get(title=NEW_TITLE)
    assert call.organization == scenario.organization
    assert call.submitted_by == scenario.users[OWN]
    assert call.state == EditorialState.DRAFT
    assert client.get(call.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(call.get_absolute_url()).status_code == 404


def test_a_member_cannot_publish_their_own_call(client, scenario):
    client.force_login(scenario.users[OWN])
    data = _call_data(scenario, organization=scenario.organization.pk, action="now")

    response = client.post(reverse("calls:call-create"), data)

    assert response.status_code == 400
    assert not Call.objects.filter(title=NEW_TITLE).exists()


def test_my_items_lists_the_own_organization_s_items_only(client, scenario):
    client.force_login(scenario.users[OWN])
    mine = client.get(reverse("calls:my-items")).content.decode()
    client.force_login(scenario.users[OTHER])
    theirs = client.get(reverse("calls:my-items")).content.decode()

    assert scenario.call.title in mine
    assert scenario.news.title in mine
    assert scenario.call.title not in theirs
    assert scenario.news.title not in theirs


def test_the_editorial_queue_lists_the_submissions(client, scenario):
    client.force_login(scenario.users[STAFF])

    page = client.get(reverse("calls:editorial-queue")).content.decode()

    assert scenario.call.title in page
    assert scenario.news.title in page


def test_dismissing_a_call_is_the_signed_in_person_s_alone(client, scenario):
    call = scenario.dismissed_by_all
    client.force_login(scenario.users[OWN])

    client.post(reverse("calls:call-restore", args=[call.pk]))
    client.post(reverse("calls:call-dismiss", args=[scenario.published.pk]))

    assert set(CallDismissal.objects.filter(call=call).values_list("user_id", flat=True)) == {
        scenario.users[OTHER].pk,
        scenario.users[STAFF].pk,
        scenario.users[WRONG_GROUP].pk,
    }
    assert list(CallDismissal.objects.filter(call=scenario.published).values_list("user_id", flat=True)) == [
        scenario.users[OWN].pk
    ]
    client.force_login(scenario.users[OTHER])
    assert "Not relevant for me" in client.get(scenario.published.get_absolute_url()).content.decode()


def test_someone_else_s_saved_search_is_not_shown_in_the_alert_list(client, scenario):
    client.force_login(scenario.users[OTHER])

    page = client.get(reverse("calls:alert-list")).content.decode()

    assert reverse("calls:alert-edit", args=[scenario.search.pk]) not in page
    assert scenario.search.token not in page


def test_an_attachment_of_the_wrong_kind_is_refused(client, scenario):
    client.force_login(scenario.users[OWN])
    upload = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")

    client.post(
        reverse("calls:call-attachment-add", args=[scenario.call.pk]),
        {"attachment-title": "Virus", "attachment-file": upload},
    )

    assert _attachments(scenario, None) == [scenario.attachment.pk]
