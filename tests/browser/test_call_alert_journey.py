"""An e-mail alert in a real browser: a reader saves a search of the calls, an editor publishes a call
that matches it through the site's call form, the daily digest tells the reader, whose link opens the
call; the e-mail's unsubscribe link asks, its button stops the alerts, and running the digest again sends
nothing more."""

import datetime
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from spona.calls.alerts import run_alerts
from spona.calls.models import Call, EditorialState, SavedSearch
from tests.factories import UserFactory

TITLE = "Javni poziv za projekte mladih u Tuzli"


def _addresses(body: str) -> list[str]:
    return re.findall(rf"{re.escape(settings.SITE_URL)}(/\S+)", body)


def test_a_saved_search_tells_of_a_new_call_and_its_e_mail_link_stops_it(
    page: Page, reference_data, sign_in, browser, live_server
):
    reader = UserFactory(email="citateljka@example.org", full_name="Čitateljka Poziva")
    editor = UserFactory(email="urednik@example.org", is_staff=True, is_superuser=True)

    # The reader saves a search for calls about young people, to hear of them once a day.
    sign_in(page, reader)
    page.goto("/en/calls/alerts/")
    page.get_by_role("link", name="New saved search").click()
    expect(page.get_by_role("heading", name="New saved search", level=1)).to_be_visible()
    page.get_by_label("Name").fill("Mladi")
    page.get_by_label("Words").fill("mladi")
    page.get_by_role("group", name="E-mail").get_by_label("once a day").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    expect(page.get_by_role("row").filter(has_text="Mladi")).to_contain_text("once a day")
    search = SavedSearch.objects.get(user=reader)
    assert (search.keywords, search.frequency, search.is_active) == ("mladi", "daily", True)

    # An editor, in a browser of their own, writes the call and publishes it at once.
    staff = browser.new_context(base_url=live_server.url).new_page()
    sign_in(staff, editor)
    staff.goto("/en/calls/new/")
    staff.get_by_label("Title").fill(TITLE)
    staff.get_by_label("Funder", exact=True).fill("Fondacija Mozaik")
    staff.get_by_label("Summary").fill("Grantovi do 10.000 KM za udruženja koja rade s mladima.")
    deadline = timezone.localtime() + datetime.timedelta(days=30)
    staff.get_by_label(re.compile(r"^Deadline")).fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    staff.get_by_role("group", name="Publication").get_by_label("publish now").check()
    staff.get_by_role("button", name="Save", exact=True).click()
    expect(staff.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(staff.get_by_role("status")).to_contain_text("Published.")
    call = Call.objects.get(title=TITLE)
    assert call.state == EditorialState.PUBLISHED
    staff.context.close()

    # A day later the daily digest goes out, with the call in it.
    later = timezone.now() + datetime.timedelta(days=1, minutes=5)
    assert call.publish_at <= later
    report = run_alerts(now=later)
    assert report.sent == 1, report
    alerts = [message for message in mail.outbox if message.to == [reader.email]]
    assert len(alerts) == 1, [message.subject for message in mail.outbox]
    alert = alerts[0]
    assert "Mladi" in alert.subject
    assert TITLE in alert.body
    unsubscribe = f"{settings.SITE_URL}{search.get_unsubscribe_url()}"
    assert alert.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The link in the e-mail opens the call.
    call_path = next(path for path in _addresses(alert.body) if re.search(rf"/calls/{call.pk}/", path))
    page.goto(call_path)
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()

    # Nothing more comes on the same day, nor for a call already sent.
    assert run_alerts(now=later + datetime.timedelta(minutes=10)).sent == 0
    assert run_alerts(now=later + datetime.timedelta(days=1, minutes=5)).sent == 0

    # The e-mail's last link asks (opening it changes nothing); its button stops the e-mails, no sign-in needed.
    stop_path = next(path for path in _addresses(alert.body) if "/alerts/stop/" in path)
    assert stop_path == urlsplit(unsubscribe).path
    anonymous = browser.new_context(base_url=live_server.url).new_page()
    anonymous.goto(stop_path)
    expect(anonymous.get_by_role("heading", name="Stop these e-mails?", level=1)).to_be_visible()
    search.refresh_from_db()
    assert search.is_active
    anonymous.get_by_role("button", name="Stop the e-mails").click()
    expect(anonymous.get_by_role("heading", name="E-mails stopped", level=1)).to_be_visible()
    anonymous.context.close()
    search.refresh_from_db()
    assert not search.is_active

    count = len(mail.outbox)
    assert run_alerts(now=later + datetime.timedelta(days=3)).sent == 0
    assert len(mail.outbox) == count
