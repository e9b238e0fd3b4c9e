"""The cache of public pages: what anonymous visitors get from it, who never does, and how changes end it."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from spona.core import page_cache
from spona.directory import services
from spona.directory.imports import import_organizations
from tests.factories import OrganizationFactory, PendingOrganizationFactory, ProgramFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

LIST_URL = "/en/directory/"


def test_an_anonymous_visitor_gets_the_second_view_of_a_page_from_the_cache(client, django_assert_num_queries):
    OrganizationFactory(name="Udruženje građana Most")
    first = client.get(LIST_URL)
    assert len(_stored_pages()) == 1
    with django_assert_num_queries(0):
        second = client.get(LIST_URL)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "en"
    assert "Udruženje građana Most" in second.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/en/", "/bs/directory/", "/sr/directory/?q=most", "/en/directory/?kind=cso&page=1", "/en/trainings/"],
)
def test_every_public_page_is_stored_by_its_full_address(client, path, django_assert_num_queries):
    organization = OrganizationFactory()
    client.get(path)
    client.get(organization.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200
        assert client.get(organization.get_absolute_url()).status_code == 200


def _stored(client, url: str) -> str:
    """The page as stored: a second visit is answered from the cache, with no query. A test of what ends
    stored pages starts here, or it would pass as well with nothing stored."""
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert not queries.captured_queries, f"{url} was not stored"
    assert second.content == first.content
    return second.content.decode()


def test_a_change_is_shown_at_once(client, organization, member_user, django_capture_on_commit_callbacks):
    assert organization.name in _stored(client, organization.get_absolute_url())
    assert organization.name in _stored(client, LIST_URL)

    with django_capture_on_commit_callbacks(execute=True):
        organization.name = "Novo ime udruženja"
        organization.save()

    assert "Novo ime udruženja" in client.get(organization.get_absolute_url(), follow=True).content.decode()
    assert "Novo ime udruženja" in client.get(LIST_URL).content.decode()


def test_a_change_to_a_profile_section_is_shown_at_once(client, organization, django_capture_on_commit_callbacks):
    _stored(client, organization.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        ProgramFactory(organization=organization, title="Škola demokratije")
    assert "Škola demokratije" in client.get(organization.get_absolute_url()).content.decode()


def test_an_approved_profile_appears_to_the_public(client, staff_user, django_capture_on_commit_callbacks):
    pending = PendingOrganizationFactory(name="Centar za mlade Zenica")
    assert client.get(pending.get_absolute_url()).status_code == 404
    assert "Centar za mlade Zenica" not in _stored(client, LIST_URL)

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_organization(organization=pending, staff_user=staff_user)

    assert client.get(pending.get_absolute_url()).status_code == 200
    assert "Centar za mlade Zenica" in client.get(LIST_URL).content.decode()


def test_a_bulk_import_ends_the_stored_pages(client, staff_user, django_capture_on_commit_callbacks):
    _stored(client, LIST_URL)
    rows = [(2, {"name": "Udruženje pčelara Kakanj", "kind": "cso", "municipality": "ba-fbih-centar-sarajevo"})]
    with django_capture_on_commit_callbacks(execute=True):
        report = import_organizations(rows=rows, user=staff_user)
    assert report.ok, report.rejected
    assert "Udruženje pčelara Kakanj" in client.get(LIST_URL).content.decode()


def test_signed_in_users_never_get_nor_leave_stored_pages(client, organization, member_user):
    client.force_login(member_user)
    own_view = client.get(organization.get_absolute_url()).content.decode()
    assert "Edit the profile" in own_view

    client.logout()
    public_view = _stored(client, organization.get_absolute_url())
    assert "Edit the profile" not in public_view

    client.force_login(member_user)
    assert "Edit the profile" in client.get(organization.get_absolute_url()).content.decode()


def test_a_visitor_with_a_pending_message_gets_a_fresh_page(client, organization):
    _stored(client, LIST_URL)
    client.cookies["messages"] = "anything"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    assert queries.captured_queries


def test_a_visitor_with_a_session_gets_a_fresh_page(client, organization):
    _stored(client, LIST_URL)
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired-or-anonymous"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    assert queries.captured_queries


def test_errors_and_redirects_are_not_stored(client):
    pending = PendingOrganizationFactory()
    assert client.get(pending.get_absolute_url()).status_code == 404
    assert client.get(f"/en/directory/{pending.pk}/wrong-slug/").status_code == 404
    assert not _stored_pages()


def test_pages_the_view_did_not_mark_are_not_stored(client):
    assert client.get("/en/accounts/login/").status_code == 200
    assert not _stored_pages()


def test_a_response_that_sets_a_cookie_is_not_stored():
    request = RequestFactory().get(LIST_URL)

    def view(request):
        response = HttpResponse("hello")
        response.set_cookie("chosen", "1")
        return page_cache.public_page(lambda request: response)(request)

    middleware = page_cache.PublicPageCacheMiddleware(view)
    middleware(request)
    middleware(request)
    assert not _stored_pages()


def test_only_get_requests_are_answered_from_the_cache(client, organization):
    client.get(LIST_URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.head(LIST_URL).status_code == 200
    assert queries.captured_queries


def test_a_cache_time_of_zero_turns_the_cache_off(client, settings, organization):
    settings.SPONA = {**settings.SPONA, "PUBLIC_PAGE_CACHE_SECONDS": 0}
    client.get(LIST_URL)
    assert not _stored_pages()


def test_a_lost_generation_number_starts_again():
    cache.delete(page_cache.GENERATION_KEY)
    page_cache._start_new_generation()
    assert page_cache.current_generation() >= 1
    before = page_cache.current_generation()
    page_cache._start_new_generation()
    assert page_cache.current_generation() == before + 1


def _stored_pages() -> list[str]:
    """Keys of stored pages in the in-process test cache."""
    backend = cache._cache  # LocMemCache's dict of prefixed keys
    return [key for key in backend if ":public-pages:" in key and page_cache.GENERATION_KEY not in key]


def test_a_change_in_an_area_ends_only_that_area_s_pages(client, django_assert_num_queries):
    organization = OrganizationFactory()
    _stored(client, "/en/trainings/")
    _stored(client, organization.get_absolute_url())

    page_cache._start_new_generation("learning")

    with django_assert_num_queries(0):
        assert client.get(organization.get_absolute_url()).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/trainings/").status_code == 200
    assert len(queries) > 0


def test_a_change_to_the_whole_site_ends_the_pages_of_areas_too(client):
    _stored(client, "/en/trainings/")

    page_cache._start_new_generation()

    with CaptureQueriesContext(connection) as queries:
        client.get("/en/trainings/")
    assert len(queries) > 0


def test_an_unknown_area_is_refused():
    with pytest.raises(ValueError, match="Unknown public page area"):
        page_cache.public_page(area="nowhere")


def test_the_middleware_runs_before_sessions_and_authentication():
    middleware = settings.MIDDLEWARE
    position = middleware.index("spona.core.page_cache.PublicPageCacheMiddleware")
    assert position < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert position < middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")


def test_a_page_with_a_csrf_token_is_not_stored_even_for_a_visitor_who_has_the_cookie():
    """A stored token would fail for every other visitor: using the token makes Django send the
    cookie again, and a response that sets a cookie is never stored."""
    request = RequestFactory().get(LIST_URL)
    request.COOKIES[settings.CSRF_COOKIE_NAME] = "a" * 32

    @page_cache.public_page
    def view(request):
        return HttpResponse(f"<input name='csrfmiddlewaretoken' value='{get_token(request)}'>")

    middleware = page_cache.PublicPageCacheMiddleware(CsrfViewMiddleware(view))
    assert middleware(request).status_code == 200
    assert not _stored_pages()
