"""Digest runs at the same moment, each with its own connection (PostgreSQL: the production database).
Every subscriber gets every matching call exactly once, whichever run mails it."""

import datetime
from collections import Counter

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from spona.calls import alerts
from spona.calls.models import AlertDelivery, AlertDigest
from tests.calls.factories import CallFactory, SavedSearchFactory
from tests.concurrency import Interleaving, at_once, impatient
from tests.database_faults import refusing_rows
from tests.factories import UserFactory

# The site's SQLite file serializes writers (BEGIN IMMEDIATE); PostgreSQL locks the searches each run takes. The
# tests need PostgreSQL (see the `concurrency` marker in tests/conftest.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def test_runs_at_once_mail_each_call_to_each_subscriber_exactly_once(monkeypatch):
    monkeypatch.setattr(alerts, "BATCH_SIZE", 7)
    now = timezone.now()
    users = [UserFactory() for _ in range(30)]
    for user in users:
        SavedSearchFactory(user=user, name="Sve")
    for user in users[::2]:  # half of them have a second search that finds the same calls
        SavedSearchFactory(user=user, name="Mladi", keywords="mladi")
    calls = [CallFactory(title=f"Javni poziv za projekte mladih {n}") for n in range(3)]

    results = at_once(lambda _: alerts.run_alerts(now=now), range(4))
    assert not [r for r in results if isinstance(r, Exception)], results
    alerts.run_alerts(now=now + datetime.timedelta(minutes=1))  # users a collision left for later

    assert AlertDelivery.objects.count() == len(users) * len(calls)
    assert not AlertDigest.objects.filter(sent_at__isnull=True).exists()
    mailed = Counter()
    for message in django_mail.outbox:
        for call in calls:
            if call.get_absolute_url() in message.body:
                mailed[(message.to[0], call.pk)] += 1
    assert mailed == Counter({(user.email, call.pk): 1 for user in users for call in calls})
    assert len(django_mail.outbox) == AlertDigest.objects.count()


def test_a_run_shared_among_processes_mails_each_call_to_each_subscriber_exactly_once(monkeypatch):
    monkeypatch.setattr(alerts, "BATCH_SIZE", 4)  # 45 searches: three processes of at least two batches
    now = timezone.now()
    users = [UserFactory() for _ in range(30)]
    for user in users:
        SavedSearchFactory(user=user, name="Sve")
    for user in users[::2]:  # a user's two searches stay in one process
        SavedSearchFactory(user=user, name="Mladi", keywords="mladi")
    calls = [CallFactory(title=f"Javni poziv za projekte mladih {n}") for n in range(3)]

    report = alerts.run_alerts(now=now, processes=3)

    assert (report.searches, report.digests, report.deliveries, report.sent) == (45, 30, 90, 30)
    assert AlertDelivery.objects.count() == len(users) * len(calls)
    assert set(AlertDelivery.objects.values_list("user_id", "call_id")) == {
        (user.pk, call.pk) for user in users for call in calls
    }
    assert not AlertDigest.objects.filter(sent_at__isnull=True).exists()
    assert alerts.run_alerts(now=now + datetime.timedelta(minutes=1), processes=3).digests == 0


def test_a_failure_in_one_process_is_raised_and_the_rest_is_kept(monkeypatch):
    monkeypatch.setattr(alerts, "BATCH_SIZE", 4)
    now = timezone.now()
    searches = [SavedSearchFactory(frequency="immediate") for _ in range(16)]
    CallFactory()
    last = max((search.user for search in searches), key=lambda user: user.pk)  # in the second process's share
    # The database refuses the last subscriber's e-mail, written by the second process in its second batch.
    refused = refusing_rows("calls_alertdigest", where=f"NEW.recipient = '{last.email}'", message="disk full")
    with refused, pytest.raises(RuntimeError, match="disk full"):
        alerts.run_alerts(now=now, processes=2)
    # The first process wrote and sent its share. The second committed its first batch, which waits in the
    # outbox for the next run, and its last batch rolled back whole.
    assert AlertDigest.objects.count() == 12
    assert AlertDigest.objects.filter(sent_at__isnull=True).count() == 4
    report = alerts.run_alerts(now=now + datetime.timedelta(minutes=1))
    assert (report.digests, report.sent) == (4, 8)
    assert AlertDelivery.objects.count() == AlertDigest.objects.filter(sent_at__isnull=False).count() == 16


def test_no_row_stays_locked_while_the_e_mails_go_out(mail_server):
    """The mail server takes its time over a batch (here: while the first e-mail goes, someone deletes their
    account, whose e-mail is in the same batch, and another run sends): nobody waits for it, and nothing is
    sent twice."""
    now = timezone.now()
    searches = [SavedSearchFactory(frequency="immediate") for _ in range(3)]
    CallFactory()
    alerts.run_alerts(now=now, send=False)
    leaving = searches[-1].user

    def meanwhile_elsewhere():
        UserFactory._meta.model.objects.filter(pk=leaving.pk).delete()
        return alerts.send_outbox(now=now)

    interleaving = Interleaving(impatient(meanwhile_elsewhere))
    mail_server.run(lambda number, message: number == 1 and interleaving.now())
    sent = alerts.send_outbox(now=now)
    other = interleaving.finish()

    assert other.ran and other.error is None, other.error
    assert other.value == 0  # the batch was this run's
    assert not UserFactory._meta.model.objects.filter(pk=leaving.pk).exists()
    assert sent == 3 and len(django_mail.outbox) == 3  # the e-mail already claimed still went
    assert not AlertDigest.objects.filter(sent_at__isnull=True).exists()
