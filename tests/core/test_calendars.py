"""The one iCalendar writer: what every feed of the site has in common."""

import datetime
import zoneinfo

from icalendar import Calendar

from spona.core.calendars import CalendarEvent, calendar_bytes, calendar_response

BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")


def test_events_keep_their_time_zone_and_a_uid_at_the_sites_host(settings):
    settings.SITE_URL = "https://spona.example"
    start = datetime.datetime(2030, 10, 27, 9, 0, tzinfo=BELGRADE)  # the day the clocks go back
    event = CalendarEvent(key="thing-7", start=start, end=start + datetime.timedelta(hours=2), summary="Radionica")
    calendar = Calendar.from_ical(calendar_bytes([event], name="Moje", product="Tests"))
    (parsed,) = calendar.walk("VEVENT")
    assert str(parsed["uid"]) == "thing-7@spona.example"
    assert parsed.decoded("dtstart") == start and str(parsed.decoded("dtstart").tzinfo) == "Europe/Belgrade"
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Belgrade"]
    assert str(calendar["prodid"]) == "-//Spona//Tests//EN" and str(calendar["x-wr-calname"]) == "Moje"
    assert "url" not in parsed and "location" not in parsed  # empty fields are left out


def test_a_feed_is_inline_and_a_single_event_a_download():
    assert calendar_response(b"x", filename="a.ics")["Content-Disposition"] == 'inline; filename="a.ics"'
    response = calendar_response(b"x", filename="b.ics", download=True)
    assert response["Content-Disposition"] == 'attachment; filename="b.ics"'
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
