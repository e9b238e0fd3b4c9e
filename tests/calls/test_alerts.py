"""Alerts: each new matching call reaches each subscriber exactly once, whatever happens to the run."""

import datetime
from decimal import Decimal
from smtplib import SMTPServerDisconnected

import pytest
import time_machine
from django.core import mail as django_mail
from django.db import OperationalError
from django.utils import timezone

from spona.calls import alerts, services
from spona.calls.models import AlertDelivery, AlertDigest, SavedSearch
from spona.core import regions
from spona.core.models import Region, Sector
from tests.calls.factories import CallFactory, SavedSearchFactory
from tests.database_faults import around_statements, failing, inserts_into, reads
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


def _run(now, **kwargs):
    return alerts.run_alerts(now=now, **kwargs)


def _calls_mailed_to(address: str) -> list[str]:
    return [line for m in django_mail.outbox if m.to == [address] for line in m.body.splitlines() if "/calls/" in line]


def test_a_matching_call_is_mailed_once_with_its_link_and_an_unsubscribe_link(now):
    search = SavedSearchFactory(keywords="mladi")
    call = CallFactory(title="Javni poziv za projekte mladih")
    CallFactory(title="Konkurs za sport", summary="Sportski klubovi.", body="")
    report = _run(now)
    assert (report.digests, report.deliveries, report.sent) == (1, 1, 1)
    message = django_mail.outbox[0]
    assert message.to == [search.user.email]
    assert call.get_absolute_url() in message.body
    assert search.get_unsubscribe_url() in message.body
    assert search.get_unsubscribe_url() in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_re_run_sends_nothing_more(now):
    SavedSearchFactory(frequency=SavedSearch.Frequency.IMMEDIATE)
    CallFactory()
    _run(now)
    assert len(django_mail.outbox) == 1
    report = _run(now + datetime.timedelta(minutes=5))
    assert (report.digests, report.sent) == (0, 0)
    assert len(django_mail.outbox) == 1


def test_a_call_published_after_the_run_comes_in_the_next_one(now):
    search = SavedSearchFactory(frequency=SavedSearch.Frequency.IMMEDIATE)
    first = CallFactory(publish_at=now - datetime.timedelta(minutes=30))
    _run(now)
    second = CallFactory(publish_at=now + datetime.timedelta(minutes=2))
    _run(now + datetime.timedelta(minutes=5))
    assert [m.to for m in django_mail.outbox] == [[search.user.email]] * 2
    assert first.get_absolute_url() in django_mail.outbox[0].body
    assert second.get_absolute_url() in django_mail.outbox[1].body
    assert first.get_absolute_url() not in django_mail.outbox[1].body


def test_a_daily_search_is_due_once_a_day_and_a_weekly_one_once_a_week(now):
    daily = SavedSearchFactory(frequency=SavedSearch.Frequency.DAILY, checked_until=now - datetime.timedelta(hours=2))
    weekly = SavedSearchFactory(frequency=SavedSearch.Frequency.WEEKLY, checked_until=now - datetime.timedelta(days=2))
    CallFactory(publish_at=now - datetime.timedelta(hours=1))
    assert _run(now).searches == 0
    assert _run(now + datetime.timedelta(hours=23)).searches == 1  # the daily one
    assert SavedSearch.objects.get(pk=daily.pk).last_sent_at is not None
    later = _run(now + datetime.timedelta(days=6))  # both are due; only the weekly one has news
    assert (later.searches, later.digests) == (2, 1)
    assert SavedSearch.objects.get(pk=weekly.pk).checked_until == now + datetime.timedelta(days=6)


def test_each_call_reaches_a_user_once_even_through_two_of_their_searches(now):
    user = UserFactory()
    SavedSearchFactory(user=user, name="Mladi", keywords="mladi")
    SavedSearchFactory(user=user, name="Sve", keywords="")
    CallFactory(title="Javni poziv za projekte mladih")
    report = _run(now)
    assert report.deliveries == 1
    assert AlertDelivery.objects.filter(user=user).count() == 1


def test_a_call_found_in_one_batch_is_not_mailed_again_from_a_later_one(now, monkeypatch):
    monkeypatch.setattr(alerts, "BATCH_SIZE", 1)  # each of the user's searches in a batch of its own
    user = UserFactory()
    first = SavedSearchFactory(user=user, name="Mladi", keywords="mladi")
    second = SavedSearchFactory(user=user, name="Sve", keywords="")
    CallFactory(title="Javni poziv za projekte mladih")
    report = _run(now)
    assert (report.searches, report.digests, report.deliveries) == (2, 1, 1)
    assert SavedSearch.objects.get(pk=first.pk).last_sent_at == now
    assert SavedSearch.objects.get(pk=second.pk).last_sent_at is None
    assert SavedSearch.objects.get(pk=second.pk).checked_until == now


def test_calls_already_delivered_or_dismissed_are_left_out_of_the_e_mail(now):
    search = SavedSearchFactory(frequency=SavedSearch.Frequency.IMMEDIATE)
    delivered, dismissed, fresh = CallFactory(), CallFactory(), CallFactory()
    digest = AlertDigest.objects.create(
        user=search.user, recipient=search.user.email, subject="s", body="b", sent_at=now
    )
    AlertDelivery.objects.create(user=search.user, call=delivered, digest=digest)
    services.dismiss_call(user=search.user, call=dismissed)
    report = _run(now)
    assert (report.deliveries, report.sent) == (1, 1)
    body = django_mail.outbox[0].body
    assert fresh.get_absolute_url() in body
    assert delivered.get_absolute_url() not in body and dismissed.get_absolute_url() not in body


def test_calls_marked_not_relevant_are_left_out(now):
    dismissing, other = SavedSearchFactory(), SavedSearchFactory()
    call = CallFactory()
    services.dismiss_call(user=dismissing.user, call=call)
    report = _run(now)
    assert (report.digests, report.deliveries) == (1, 1)  # the call matches: the other subscriber gets it
    assert _calls_mailed_to(other.user.email) and not _calls_mailed_to(dismissing.user.email)


def test_paused_searches_and_inactive_users_get_nothing(now):
    paused = SavedSearchFactory(is_active=False)
    inactive = SavedSearchFactory(user=UserFactory(is_active=False))
    searching = SavedSearchFactory()
    CallFactory()  # open, published, matching every search
    report = _run(now)
    assert (report.searches, report.digests) == (1, 1)
    assert [message.to for message in django_mail.outbox] == [[searching.user.email]]
    assert not _calls_mailed_to(paused.user.email) and not _calls_mailed_to(inactive.user.email)


def test_closed_submitted_and_scheduled_calls_are_left_out(now):
    CallFactory(deadline=now - datetime.timedelta(minutes=1))
    CallFactory(state="submitted")
    CallFactory(publish_at=now + datetime.timedelta(hours=1))  # scheduled, not yet public
    open_call = CallFactory(title="Otvoreni poziv")
    searching = SavedSearchFactory()
    assert _run(now).deliveries == 1
    assert list(AlertDelivery.objects.values_list("user_id", "call_id")) == [(searching.user_id, open_call.pk)]
    assert SavedSearch.objects.get(pk=searching.pk).checked_until == now


def test_a_crash_halfway_loses_nothing_and_sends_nothing_twice(now, monkeypatch):
    searches = [SavedSearchFactory() for _ in range(5)]
    CallFactory()
    monkeypatch.setattr(alerts, "BATCH_SIZE", 2)
    # The database goes away as the second batch writes its e-mails.
    with (
        failing(inserts_into("calls_alertdigest"), OperationalError("server closed the connection"), at=2),
        pytest.raises(OperationalError),
    ):
        _run(now)
    # The first batch (two searches) committed its e-mails to the outbox; the second rolled back whole.
    assert AlertDigest.objects.count() == 2
    assert len(django_mail.outbox) == 0
    _run(now + datetime.timedelta(minutes=1))
    assert sorted(m.to[0] for m in django_mail.outbox) == sorted(s.user.email for s in searches)
    _run(now + datetime.timedelta(minutes=2))
    assert len(django_mail.outbox) == 5


def test_an_e_mail_that_failed_to_send_is_sent_by_the_next_run(now, mail_server):
    SavedSearchFactory()
    CallFactory()
    mail_server.fail_from(1, SMTPServerDisconnected("mail server down"))
    with pytest.raises(SMTPServerDisconnected):
        _run(now)
    assert AlertDigest.objects.filter(sent_at__isnull=True, claimed_at__isnull=True).count() == 1  # handed back
    mail_server.recover()
    assert _run(now + datetime.timedelta(minutes=1)).sent == 1
    assert len(django_mail.outbox) == 1


def test_when_the_server_fails_partway_what_was_sent_stays_sent(now, mail_server):
    for _ in range(3):
        SavedSearchFactory()
    CallFactory()
    mail_server.fail_from(3, SMTPServerDisconnected("mail server down"))
    with pytest.raises(SMTPServerDisconnected):
        _run(now)
    assert AlertDigest.objects.filter(sent_at=now).count() == 2 and len(django_mail.outbox) == 2
    mail_server.recover()
    assert _run(now + datetime.timedelta(minutes=1)).sent == 1
    assert len(django_mail.outbox) == 3


def test_a_sender_that_dies_midway_resends_at_most_the_batch_in_flight(now, mail_server):
    """The process is killed while the second batch goes out: the first stays sent, the rest waits for the next
    run, and the batch in flight (one of its two e-mails had gone) goes again once its claim is old."""
    searches = [SavedSearchFactory() for _ in range(6)]
    CallFactory()
    _run(now, send=False)
    mail_server.fail_from(4, SystemExit("killed"))
    with pytest.raises(SystemExit):
        alerts.send_outbox(now=now, batch_size=2)
    assert len(django_mail.outbox) == 3
    mail_server.recover()

    assert alerts.send_outbox(batch_size=2) == 2  # not the claimed ones
    with time_machine.travel(timezone.now() + alerts.CLAIM_TIMEOUT + datetime.timedelta(minutes=1)):
        assert alerts.send_outbox(batch_size=2) == 2  # the claim is old: its sender is gone
    assert not AlertDigest.objects.filter(sent_at__isnull=True).exists()
    mailed = sorted(message.to[0] for message in django_mail.outbox)
    first_of_the_batch_in_flight = django_mail.outbox[2].to[0]
    assert mailed == sorted([s.user.email for s in searches] + [first_of_the_batch_in_flight])


def test_a_batch_claimed_late_in_a_long_run_is_not_taken_by_a_run_that_starts_meanwhile(now, mail_server):
    """A run that started two hours ago claims a batch now: the claim is as old as the clock says, not as the
    run, so another run leaves it alone."""
    SavedSearchFactory()
    CallFactory()
    _run(now, send=False)
    mail_server.fail_from(1, SystemExit("killed"))
    with pytest.raises(SystemExit):
        alerts.send_outbox(now=now - datetime.timedelta(hours=2))
    mail_server.recover()
    assert alerts.send_outbox(now=now) == 0
    assert len(django_mail.outbox) == 0


def test_a_batch_that_collides_with_another_run_is_redone_user_by_user(now):
    """Another run delivers a call to one user just after this run read the deliveries: the batch is redone
    user by user, each reading what they were sent again, so that user is not mailed the call twice and the
    others get their e-mail now."""
    lucky, unlucky = SavedSearchFactory(), SavedSearchFactory()
    call = CallFactory()
    other_run = {}

    def the_other_run_delivers():
        if not other_run:
            digest = AlertDigest.objects.create(user=unlucky.user, recipient="x@example.org", subject="s", body="b")
            other_run["digest"] = digest
            AlertDelivery.objects.create(user=unlucky.user, call=call, digest=digest)

    with around_statements(reads("calls_alertdelivery"), after=the_other_run_delivers):
        report = _run(now, send=False)
    assert (report.searches, report.digests, report.deliveries, report.skipped_users) == (2, 1, 1, 0)
    assert AlertDelivery.objects.filter(user=lucky.user, call=call).count() == 1
    assert AlertDelivery.objects.filter(user=unlucky.user, call=call).get().digest == other_run["digest"]
    assert SavedSearch.objects.get(pk=unlucky.pk).checked_until == now


def test_a_user_whose_redo_collides_again_waits_for_the_next_run(now):
    """Each time this run reads what a user was sent, the other run's delivery commits just after."""
    lucky, unlucky = SavedSearchFactory(), SavedSearchFactory()
    call = CallFactory()
    digest = AlertDigest.objects.create(user=unlucky.user, recipient="x@example.org", subject="s", body="b")
    AlertDelivery.objects.create(user=unlucky.user, call=call, digest=digest)

    def not_yet_committed():
        AlertDelivery.objects.filter(user=unlucky.user, call=call).delete()

    def commits_now():
        AlertDelivery.objects.create(user=unlucky.user, call=call, digest=digest)

    with around_statements(reads("calls_alertdelivery"), before=not_yet_committed, after=commits_now):
        report = _run(now, send=False)
    assert (report.searches, report.digests, report.deliveries, report.skipped_users) == (1, 1, 1, 1)
    assert AlertDelivery.objects.filter(user=lucky.user, call=call).count() == 1
    assert AlertDelivery.objects.filter(user=unlucky.user, call=call).get().digest == digest
    assert SavedSearch.objects.get(pk=unlucky.pk).checked_until < now  # left for the next run
    assert _run(now + datetime.timedelta(minutes=1), send=False).deliveries == 0


def test_a_run_is_shared_between_users_and_only_when_it_is_large(monkeypatch):
    monkeypatch.setattr(alerts, "BATCH_SIZE", 2)
    due = [(1, 10), (2, 10), (3, 11), (4, 12), (5, 12), (6, 12), (7, 13), (8, 14)]
    shares = alerts._shares(due, 2)
    assert [[pk for pk, _ in share] for share in shares] == [[1, 2, 3, 4, 5, 6], [7, 8]]  # user 12 not cut
    assert [pair for share in shares for pair in share] == due
    assert alerts._shares(due, 8) == shares  # each share has two batches at least
    assert alerts._shares(due[:3], 2) == [due[:3]]  # too small to share


def test_matching_by_sector_region_and_amount(now):
    youth, environment = Sector.objects.get(slug="youth"), Sector.objects.get(slug="environment")
    tuzla = Region.objects.get(code="ba-canton-3")
    federation = tuzla.parent
    srpska = Region.objects.get(code="ba-srp")
    parents = regions.region_parents()
    countries = dict(Region.objects.values_list("pk", "country_id"))

    def fits(search_kwargs: dict, call) -> bool:
        search = SavedSearch(
            name="x", keywords=search_kwargs.get("keywords", ""), amount_min_eur=search_kwargs.get("min")
        )
        criteria = alerts.search_criteria(
            search, [s.pk for s in search_kwargs.get("sectors", [])], [r.pk for r in search_kwargs.get("regions", [])],
            parents, countries,
        )  # fmt: skip
        return alerts.matches(criteria, alerts.call_facts([call], parents)[0])

    for_youth = CallFactory(sectors=[youth])
    anywhere = CallFactory()
    in_federation = CallFactory(regions=[federation])
    in_srpska = CallFactory(regions=[srpska])
    only_serbia = CallFactory(countries=["RS"])
    small = CallFactory(amount_max=Decimal(500), currency="EUR")
    assert fits({"sectors": [youth]}, for_youth) and fits({"sectors": [youth]}, anywhere)
    assert not fits({"sectors": [environment]}, for_youth)
    assert fits({"regions": [tuzla]}, in_federation)  # a canton is inside its entity
    assert fits({"regions": [federation]}, CallFactory(regions=[tuzla]))
    assert not fits({"regions": [tuzla]}, in_srpska)
    assert not fits({"regions": [tuzla]}, only_serbia)
    assert fits({"regions": [tuzla]}, anywhere)
    assert not fits({"min": Decimal(1000)}, small) and fits({"min": Decimal(400)}, small)
    assert fits({"keywords": "младима"}, CallFactory(title="Poziv za mlade"))
    assert fits({"keywords": "mlad"}, CallFactory(title="Poziv za mlade"))
    assert not fits({"keywords": "penzioneri"}, CallFactory(title="Poziv za mlade"))


def test_the_e_mail_is_in_the_subscribers_language(now):
    search = SavedSearchFactory(user=UserFactory(language="sr"), name="Млади")
    CallFactory()
    _run(now)
    assert "Млади" in django_mail.outbox[0].subject
    assert f"/sr/calls/alerts/stop/{search.token}/" in django_mail.outbox[0].body
