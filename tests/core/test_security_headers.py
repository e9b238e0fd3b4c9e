"""Headers every page carries, methods the site answers, and `check --deploy` with production settings."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.settings_process import run_with_settings, settings_as_read

pytestmark = pytest.mark.django_db


def test_every_page_carries_a_strict_content_security_policy(client):
    policy = client.get(reverse("portal:home"))["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no host but the site's own
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["report-uri"] == "/csp-report/"


def test_pages_have_no_inline_script_or_style(client):
    for url in [reverse("portal:home"), reverse("directory:organization-list"), reverse("account_login")]:
        page = client.get(url).content.decode()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", page)
        assert scripts == [], url
        assert not re.search(r"\son[a-z]+=", page), url
        assert ' style="' not in page, url


def test_powerful_features_are_off_for_every_page(client):
    policy = client.get(reverse("portal:home"))["Permissions-Policy"]

    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT", "PROPFIND", "PUT", "DELETE"])
def test_methods_the_site_does_not_use_are_refused(client, method):
    response = client.generic(method, reverse("portal:home"))

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_the_api_documentation_is_served_by_the_site_itself(client):
    page = client.get("/api/docs").content.decode()

    assert re.findall(r'(?:src|href)="(https?:)?//', page) == []
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert finders.find("ninja/swagger-ui-bundle.js")  # collected with the site's own static files


def test_violation_reports_are_logged(client, caplog):
    report = {"csp-report": {"document-uri": "https://spona.example/en/", "blocked-uri": "inline"}}

    response = client.post("/csp-report/", json.dumps(report), content_type="application/csp-report")

    assert response.status_code == 204
    assert "blocked inline on https://spona.example/en/" in caplog.text
    assert client.post("/csp-report/", "not json", content_type="application/csp-report").status_code == 400
    assert client.get("/csp-report/").status_code == 405


PRODUCTION = {
    "SPONA_PRODUCTION": "1",
    "SPONA_SECRET_KEY": "a-long-random-secret-for-the-deploy-check-only-0123456789abcdef",
    "SPONA_ALLOWED_HOSTS": "spona.example",
    "SPONA_CSRF_TRUSTED_ORIGINS": "https://spona.example",
    "SPONA_SITE_URL": "https://spona.example",
    "SPONA_SECURE_COOKIES": "1",
    "SPONA_BEHIND_PROXY": "1",
    "SPONA_SSL_REDIRECT": "1",
    "SPONA_HSTS_SECONDS": "31536000",
    "SPONA_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SPONA_HSTS_PRELOAD": "1",
}


def test_the_deploy_check_is_clean_with_the_production_settings_of_the_readme():
    result = run_with_settings(PRODUCTION, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_settings_are_off_until_turned_on():
    assert settings_as_read({}, "SECURE_HSTS_SECONDS") == "0"
    assert settings_as_read({}, "SECURE_SSL_REDIRECT") == "False"
    assert settings_as_read(PRODUCTION, "SECURE_HSTS_SECONDS") == "31536000"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/en/trainings/calendar/%00.ics"),
        ("post", "/en/calls/alerts/stop/%00/"),
        ("get", "/en/admin/core/country/%00/change/"),
    ],
)
def test_an_address_with_a_nul_byte_names_no_page(client, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_nul_typed_into_a_search_is_left_out_of_the_saved_search_offered(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nul@example.org", "nul@example.org", "x"))

    response = client.get("/en/calls/alerts/new/", {"q": "vo\x00da", "region": "\x00", "amount": "1\x000"})

    assert response.status_code == 200
    assert response.context["form"].initial["keywords"] == "voda"
