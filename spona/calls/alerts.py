"""Alerts: e-mail each saved search's new matching calls, each call to each user exactly once.

A run (`manage.py send_call_alerts`, every few minutes) takes the searches that are due (immediate ones
always, daily ones a day after their last run, weekly ones a week after), finds the calls published since
each search last looked, and writes, in one transaction per batch of searches, the deliveries (unique per
user and call), the e-mail (an outbox row) and the search's new `checked_until`. E-mails are sent from the
outbox afterwards, a batch at a time: claimed (committed), sent with no transaction open, then marked sent. So:
- a re-run finds nothing new (the searches are not due, or their calls are delivered);
- a crash before a batch commits leaves no trace, a crash after it leaves e-mails the next run sends;
- a crash while sending resends at most the batch that was in flight (once its claim is old: CLAIM_TIMEOUT);
- two runs at once skip each other's locked searches (PostgreSQL) or take turns (SQLite), and the unique
  delivery is the last guard: a batch that would deliver a call twice is redone user by user, and a user
  whose delivery collides waits for the next run.
Matching happens in Python against the few calls published since the last run, so the cost grows with
searches × new calls, not with all the calls there are. What each user was already sent of those calls is
read once per run. On PostgreSQL a large run is shared among processes, each with its own subscribers.
"""

import datetime
import logging
import multiprocessing
from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext

from spona.calls.models import AlertDelivery, AlertDigest, Call, CallDismissal, EditorialState, SavedSearch
from spona.core import time_zones
from spona.core.bulk_rows import insert_rows
from spona.core.models import Region
from spona.core.normalization import query_terms, stems
from spona.core.regions import region_parents, with_ancestors
from spona.core.text_search import PREFIX_MIN

logger = logging.getLogger(__name__)
User = get_user_model()
BATCH_SIZE = 500
SEND_BATCH = 500
# A batch claimed by a sender that died is sent again after this long (it may have gone out in part).
CLAIM_TIMEOUT = datetime.timedelta(minutes=30)
DUE_AFTER = {
    SavedSearch.Frequency.IMMEDIATE: datetime.timedelta(0),
    # A little less than a day (a week), so a run that starts a few minutes early still counts.
    SavedSearch.Frequency.DAILY: datetime.timedelta(hours=20),
    SavedSearch.Frequency.WEEKLY: datetime.timedelta(days=6, hours=20),
}


@dataclass(frozen=True)
class CallFacts:
    """What alerts compare of a call, precomputed once per run."""

    id: int
    published: datetime.datetime
    words: frozenset[str]  # stems, and their prefixes of PREFIX_MIN letters or more
    sector_ids: frozenset[int]
    region_ids: frozenset[int]  # its regions and the regions above them
    own_region_ids: frozenset[int]
    countries: frozenset[str]
    amount_min_eur: Decimal | None
    amount_max_eur: Decimal | None


@dataclass(frozen=True)
class SearchCriteria:
    terms: tuple[str, ...]
    sector_ids: frozenset[int]
    region_ids: frozenset[int]  # the chosen regions and the regions above them
    own_region_ids: frozenset[int]
    countries: frozenset[str]
    amount_min_eur: Decimal | None
    amount_max_eur: Decimal | None


def _with_prefixes(call_stems: set[str]) -> frozenset[str]:
    words = set(call_stems)
    for stem in call_stems:
        for length in range(PREFIX_MIN, len(stem)):
            words.add(stem[:length])
    return frozenset(words)


def call_text(call: Call) -> str:
    return " ".join([call.title, call.summary, call.body, call.funder_display])


def call_facts(calls: list[Call], parents: dict[int, int | None]) -> list[CallFacts]:
    """Facts of calls prefetched with `sectors`, `regions` and `funder`."""
    return [
        CallFacts(
            id=call.pk,
            published=call.publish_at,
            words=_with_prefixes(set(stems(call_text(call)))),
            sector_ids=frozenset(sector.pk for sector in call.sectors.all()),
            region_ids=with_ancestors([region.pk for region in call.regions.all()], parents),
            own_region_ids=frozenset(region.pk for region in call.regions.all()),
            countries=frozenset(call.countries),
            amount_min_eur=call.amount_min_eur,
            amount_max_eur=call.amount_max_eur,
        )
        for call in calls
    ]


def search_criteria(
    search, sector_ids, region_ids, parents: dict[int, int | None], region_countries: dict[int, str]
) -> SearchCriteria:
    return SearchCriteria(
        terms=tuple(query_terms(search.keywords)),
        sector_ids=frozenset(sector_ids),
        region_ids=with_ancestors(region_ids, parents),
        own_region_ids=frozenset(region_ids),
        countries=frozenset(region_countries[pk] for pk in region_ids if pk in region_countries),
        amount_min_eur=search.amount_min_eur,
        amount_max_eur=search.amount_max_eur,
    )


def matches(criteria: SearchCriteria, call: CallFacts) -> bool:
    """Whether a call fits a saved search. A call open to any sector or region fits a search for one."""
    if any(term not in call.words for term in criteria.terms):
        return False
    if criteria.sector_ids and call.sector_ids and not (criteria.sector_ids & call.sector_ids):
        return False
    if criteria.own_region_ids:
        if call.own_region_ids:
            # Overlap either way: a search for a canton fits a call for its entity, and the other way round.
            if not (call.own_region_ids & criteria.region_ids or criteria.own_region_ids & call.region_ids):
                return False
        elif call.countries and not (call.countries & criteria.countries):
            return False
    too_small = (
        criteria.amount_min_eur is not None
        and call.amount_max_eur is not None
        and call.amount_max_eur < criteria.amount_min_eur
    )
    too_large = (
        criteria.amount_max_eur is not None
        and call.amount_min_eur is not None
        and call.amount_min_eur > criteria.amount_max_eur
    )
    return not (too_small or too_large)


def _due(now: datetime.datetime) -> Q:
    due = Q()
    for frequency, after in DUE_AFTER.items():
        due |= Q(frequency=frequency, checked_until__lte=now - after)
    return due & Q(is_active=True)


def due_searches(now: datetime.datetime):
    return SavedSearch.objects.filter(_due(now), user__is_active=True)


@dataclass
class RunReport:
    searches: int = 0
    digests: int = 0
    deliveries: int = 0
    sent: int = 0
    skipped_users: int = 0

    def add(self, other: "RunReport") -> None:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))


@dataclass
class AlertRun:
    """What every batch of a run shares: the run's calls and how to write about them, and the (user, call)
    pairs not to mail, which grow as batches commit."""

    now: datetime.datetime
    overlap: datetime.timedelta
    facts: list[CallFacts]
    writer: "DigestWriter"
    parents: dict[int, int | None]
    region_countries: dict[int, str]
    known: set[tuple[int, int]]

    @property
    def call_ids(self) -> list[int]:
        return [fact.id for fact in self.facts]


def run_alerts(*, now: datetime.datetime | None = None, send: bool = True, processes: int = 1) -> RunReport:
    """Write the digests of every due search, then send the outbox (see the module). With `processes` above
    one, on PostgreSQL, a run of many searches is shared among that many processes (see `_run_in_processes`)."""
    now = now or timezone.now()
    report = RunReport()
    overlap = datetime.timedelta(minutes=settings.SPONA["ALERT_OVERLAP_MINUTES"])
    due = list(due_searches(now).order_by("user_id", "pk").values_list("pk", "user_id"))
    if due:
        earliest = min(due_searches(now).values_list("checked_until", flat=True), default=now)
        calls = list(
            Call.objects.filter(
                state=EditorialState.PUBLISHED,
                publish_at__gt=earliest - overlap,
                publish_at__lte=now,
                deadline__gt=now,
            )
            .select_related("funder")
            .prefetch_related("sectors", "regions")
            .order_by("deadline", "pk")
        )
        parents = region_parents()
        run = AlertRun(
            now=now,
            overlap=overlap,
            facts=call_facts(calls, parents),
            writer=DigestWriter({call.pk: call for call in calls}),
            parents=parents,
            region_countries=dict(Region.objects.values_list("pk", "country_id")),
            known=_known_pairs(call_ids=[call.pk for call in calls]),
        )
        # SQLite takes one writer at a time, and a caller's open transaction cannot be shared.
        parallel = connection.vendor == "postgresql" and not connection.in_atomic_block
        shares = _shares(due, processes if parallel else 1)
        if len(shares) > 1:
            report = _run_in_processes(run, shares, send=send)
        else:
            _write_share(run, [pk for pk, _user_id in due], report)
    if send:
        report.sent += send_outbox(now=now)  # all of it, or what the processes left (none, unless one failed)
    return report


def _write_share(run: AlertRun, search_ids: list[int], report: RunReport) -> None:
    for start in range(0, len(search_ids), BATCH_SIZE):
        _run_batch(run, search_ids[start : start + BATCH_SIZE], report)


def _shares(due: list[tuple[int, int]], processes: int) -> list[list[tuple[int, int]]]:
    """Split (search, user) pairs, in user order, into up to `processes` runs of at least two batches each,
    cut between users so that no user's searches are written by two processes."""
    count = min(processes, len(due) // (2 * BATCH_SIZE)) or 1
    shares, start = [], 0
    for index in range(1, count):
        cut = max(start, len(due) * index // count)
        while 0 < cut < len(due) and due[cut][1] == due[cut - 1][1]:
            cut += 1
        shares.append(due[start:cut])
        start = cut
    shares.append(due[start:])
    return [share for share in shares if share]


def _run_in_processes(run: AlertRun, shares: list[list[tuple[int, int]]], *, send: bool) -> RunReport:
    """Each share written, then sent, by a process of its own (forked, so it starts with the run's calls
    and e-mail texts already made). Writing and sending are the same transactions as in one process, so
    what the module promises holds; the processes never write to one user, so they never collide."""
    context = multiprocessing.get_context("fork")
    connections.close_all()  # each process opens its own connection
    children = []
    for share in shares:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_share_process, args=(run, share, send, sender), daemon=True)
        process.start()
        sender.close()
        children.append((process, receiver))
    report, failures = RunReport(), []
    for process, receiver in children:
        try:
            done, error = receiver.recv()
        except EOFError:  # the process died before it could say
            done, error = RunReport(), "the process ended unexpectedly"
        process.join()
        report.add(done)
        if error:
            failures.append(error)
    if failures:
        raise RuntimeError("Alert run failed in a process: " + "; ".join(failures))
    return report


_INHERITED_CONNECTIONS: list = []


def _forget_inherited_connections() -> None:
    """A forked process must neither use nor close a database connection it inherited (one the parent could
    not close, say a test server's): it would talk over the parent's socket. The objects are kept, so
    nothing finalizes them, and each alias opens a connection of its own."""
    for wrapper in connections.all(initialized_only=True):
        if wrapper.connection is not None:
            _INHERITED_CONNECTIONS.append(wrapper.connection)
            wrapper.connection = None


def _share_process(run: AlertRun, share: list[tuple[int, int]], send: bool, sender) -> None:
    _forget_inherited_connections()
    report, error = RunReport(), None
    try:
        _write_share(run, [pk for pk, _user_id in share], report)
        if send:
            report.sent = send_outbox(now=run.now, users=(share[0][1], share[-1][1]))
    except Exception as failure:  # reported to the parent, which raises it
        logger.exception("Alert run failed in a process")
        error = f"{type(failure).__name__}: {failure}"
    finally:
        connections.close_all()
    sender.send((report, error))
    sender.close()


def _run_batch(run: AlertRun, batch: list[int], report: RunReport) -> None:
    """Write one batch in a transaction; the pairs it delivered join `run.known` once committed."""
    try:
        with transaction.atomic():
            done, delivered = _write_batch(run, batch, run.known)
        report.add(done)
        run.known.update(delivered)
    except IntegrityError:
        # Another run delivered one of these calls meanwhile: redo the batch user by user, with what each
        # user has been sent read again.
        logger.info("Alert batch collided with another run; redoing it user by user")
        users = defaultdict(list)
        for pk, user_id in SavedSearch.objects.filter(pk__in=batch).values_list("pk", "user_id"):
            users[user_id].append(pk)
        for user_id, searches in users.items():
            user_known = _known_pairs(call_ids=run.call_ids, user_ids=[user_id])
            try:
                with transaction.atomic():
                    done, delivered = _write_batch(run, searches, user_known)
                report.add(done)
                run.known.update(delivered)
            except IntegrityError:
                report.skipped_users += 1


@dataclass(frozen=True)
class DueSearch:
    """What a run reads of a saved search (plain values: a run reads 100,000 of them)."""

    pk: int
    user_id: int
    name: str
    keywords: str
    amount_min_eur: Decimal | None
    amount_max_eur: Decimal | None
    checked_until: datetime.datetime
    token: str
    email: str
    language: str


def _locked_due(batch: list[int], now: datetime.datetime) -> list[DueSearch]:
    """The batch's searches that are still due, locked, with their users' addresses. The users are read by
    key apart from the lock: joined to it, the planner scans the whole user table for every batch."""
    searches = SavedSearch.objects.filter(_due(now), pk__in=batch).order_by("user_id", "pk")
    if connection.features.has_select_for_update_skip_locked:
        searches = searches.select_for_update(skip_locked=True, of=("self",))
    columns = ("pk", "user_id", "name", "keywords", "amount_min_eur", "amount_max_eur", "checked_until", "token")
    rows = list(searches.values_list(*columns))
    users = {
        pk: (email, language)
        for pk, email, language in User.objects.filter(pk__in={row[1] for row in rows}, is_active=True).values_list(
            "pk", "email", "language"
        )
    }
    return [DueSearch(*row, *users[row[1]]) for row in rows if row[1] in users]


def _known_pairs(*, call_ids, user_ids=None) -> set[tuple[int, int]]:
    """(user, call) pairs that must not be mailed: delivered already, or marked not relevant. Read once per
    run for the run's few calls (by their index), not per batch: a query by users and calls at once lets the
    planner scan every delivery of the newest calls, which are the calls with the most deliveries."""
    if not call_ids:
        return set()
    pairs = set()
    for model in (AlertDelivery, CallDismissal):
        rows = model.objects.filter(call_id__in=call_ids)
        if user_ids is not None:
            rows = rows.filter(user_id__in=user_ids)
        pairs.update(rows.values_list("user_id", "call_id"))
    return pairs


def _write_batch(
    run: AlertRun, batch: list[int], known: set[tuple[int, int]]
) -> tuple[RunReport, set[tuple[int, int]]]:
    """Write one batch's e-mails and deliveries; returns what it did and the (user, call) pairs it
    delivered, which count once it commits. `known` is only read."""
    report = RunReport()
    delivered: set[tuple[int, int]] = set()
    now = run.now
    searches = _locked_due(batch, now)  # rows another run holds, or has just done, drop out here
    if not searches:
        return report, delivered
    search_ids = [search.pk for search in searches]
    sectors, regions = defaultdict(list), defaultdict(list)
    for search_id, sector_id in SavedSearch.sectors.through.objects.filter(savedsearch_id__in=search_ids).values_list(
        "savedsearch_id", "sector_id"
    ):
        sectors[search_id].append(sector_id)
    for search_id, region_id in SavedSearch.regions.through.objects.filter(savedsearch_id__in=search_ids).values_list(
        "savedsearch_id", "region_id"
    ):
        regions[search_id].append(region_id)
    digests: list[AlertDigest] = []
    found_by_digest: list[list[int]] = []
    mailed: list[int] = []
    for search in searches:
        report.searches += 1
        if not search.email:
            continue
        criteria = search_criteria(search, sectors[search.pk], regions[search.pk], run.parents, run.region_countries)
        since = search.checked_until - run.overlap
        found = [
            fact.id
            for fact in run.facts
            if fact.published > since
            and (search.user_id, fact.id) not in known
            and (search.user_id, fact.id) not in delivered
            and matches(criteria, fact)
        ]
        if not found:
            continue
        delivered.update((search.user_id, call_id) for call_id in found)
        subject, body = run.writer.render(search, found)
        digests.append(
            AlertDigest(
                user_id=search.user_id,
                saved_search_id=search.pk,
                created_at=now,
                recipient=search.email,
                subject=subject,
                body=body,
            )
        )
        found_by_digest.append(found)
        mailed.append(search.pk)
    AlertDigest.objects.bulk_create(digests, batch_size=500)
    rows = [
        (digest.user_id, call_id, digest.pk)
        for digest, found in zip(digests, found_by_digest, strict=True)
        for call_id in found
    ]
    # Plain rows: hundreds of thousands of model instances would cost more than the rest of the run.
    insert_rows(AlertDelivery._meta.db_table, ("user_id", "call_id", "digest_id"), rows)
    report.digests += len(digests)
    report.deliveries += len(rows)
    # One UPDATE: every row written once per run, so the table and its indexes gain one dead version each.
    SavedSearch.objects.filter(pk__in=search_ids).update(
        checked_until=now,
        last_sent_at=Case(When(pk__in=mailed, then=Value(now)), default=F("last_sent_at")),
    )
    return report, delivered


class DigestWriter:
    """Writes alert e-mails fast: each call's lines and the fixed sentences are made once per language, so
    a run of 100,000 searches costs a string join per e-mail, not a template render."""

    def __init__(self, calls_by_id: dict[int, Call]):
        self.calls_by_id = calls_by_id
        self._blocks: dict[tuple[str, int], str] = {}
        self._texts: dict[str, dict[str, str]] = {}
        self._subjects: dict[tuple[str, int], str] = {}  # the plural form of each count, per language

    def _language_texts(self, language: str) -> dict[str, str]:
        texts = self._texts.get(language)
        if texts is None:
            with translation.override(language):
                texts = {
                    "intro": gettext('New calls that match your saved search "%(name)s":'),
                    "manage": gettext("Change your saved searches:")
                    + f" {settings.SITE_URL}{reverse('calls:alert-list')}",
                    "stop": gettext("Stop these e-mails (no sign-in needed):"),
                    "deadline": gettext("Deadline:"),
                    "stop_url": settings.SITE_URL + reverse("calls:alert-unsubscribe", kwargs={"token": "TOKEN"}),
                }
            self._texts[language] = texts
        return texts

    def _block(self, language: str, call_id: int) -> str:
        key = (language, call_id)
        block = self._blocks.get(key)
        if block is None:
            call = self.calls_by_id[call_id]
            texts = self._language_texts(language)
            with translation.override(language):
                deadline = formats.date_format(call.local_deadline(), "DATETIME_FORMAT")
                url = settings.SITE_URL + call.get_absolute_url()
                zone = time_zones.zone_name(call.time_zone, call.deadline)
            funder = f"{call.funder_display} · " if call.funder_display else ""
            zone = f" ({zone})" if zone else ""
            block = f"* {call.title}\n  {funder}{texts['deadline']} {deadline}{zone}\n  {url}\n"
            self._blocks[key] = block
        return block

    def _subject(self, language: str, count: int) -> str:
        key = (language, count)
        subject = self._subjects.get(key)
        if subject is None:
            with translation.override(language):
                subject = ngettext('%(count)s new call for "%(name)s"', '%(count)s new calls for "%(name)s"', count)
            self._subjects[key] = subject
        return subject

    def render(self, search: "DueSearch", call_ids: list[int]) -> tuple[str, str]:
        language = search.language or settings.LANGUAGE_CODE
        texts = self._language_texts(language)
        subject = self._subject(language, len(call_ids)) % {"count": len(call_ids), "name": search.name}
        lines = [texts["intro"] % {"name": search.name}, ""]
        lines += [self._block(language, call_id) for call_id in call_ids]
        lines += [texts["manage"], f"{texts['stop']} {texts['stop_url'].replace('TOKEN', search.token)}", ""]
        return f"[Spona] {subject}"[:255], "\n".join(lines)


def _message(digest: AlertDigest, connection, tokens: dict[int, str]) -> EmailMessage:
    message = EmailMessage(digest.subject, digest.body, None, [digest.recipient], connection=connection)
    token = tokens.get(digest.saved_search_id)
    if token:
        # One-click unsubscribe in mail clients (RFC 8058).
        url = reverse("calls:alert-unsubscribe", kwargs={"token": token})
        message.extra_headers["List-Unsubscribe"] = f"<{settings.SITE_URL}{url}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def send_outbox(
    *, now: datetime.datetime | None = None, batch_size: int = SEND_BATCH, users: tuple[int, int] | None = None
) -> int:
    """Send unsent alert e-mails, a batch at a time over one mail connection. A batch is claimed first, in a
    transaction of its own (locked rows on PostgreSQL, a writer's lock on SQLite, so runs at once never claim
    one twice); the e-mails go out with no transaction open, so no row stays locked, and on SQLite no writer
    waits, while the mail server takes its time; then what was sent is marked sent, and what was not (the mail
    server failed partway) is released for the next run. A process that dies while sending leaves its batch
    claimed: it goes again once the claim is older than CLAIM_TIMEOUT. `users` (first and last id) limits it
    to the e-mails of those users."""
    now = now or timezone.now()
    sent = 0
    after = 0  # walk the outbox forwards, so no batch reads past the ones already sent
    while True:
        # The ids first, then a batch of them at a time by primary key: a query for "the next 500 unsent"
        # is planned from statistics that rarely know how many are unsent, and a bitmap scan of the index
        # of unsent e-mails reads every one of them for each batch.
        unsent = AlertDigest.objects.filter(sent_at__isnull=True, pk__gt=after)
        if users:
            unsent = unsent.filter(user_id__gte=users[0], user_id__lte=users[1])
        unsent = list(unsent.order_by("pk").values_list("pk", flat=True))
        if not unsent:
            return sent
        after = unsent[-1]
        for start in range(0, len(unsent), batch_size):
            sent += _send_batch(unsent[start : start + batch_size], now)


def _claim(ids: list[int]) -> list[AlertDigest]:
    """The e-mails of `ids` nobody is sending, claimed for this run (committed before any is sent). Claims are
    stamped with the clock, not the run's `now`: a long run claims its last batch long after it started."""
    claimed_at = timezone.now()
    with transaction.atomic():
        claim = (
            AlertDigest.objects.filter(pk__in=ids, sent_at__isnull=True)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=claimed_at - CLAIM_TIMEOUT))
            .order_by("pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            claim = claim.select_for_update(skip_locked=True, of=("self",))
        digests = list(claim)
        AlertDigest.objects.filter(pk__in=[digest.pk for digest in digests]).update(claimed_at=claimed_at)
    return digests


def _send_batch(ids: list[int], now: datetime.datetime) -> int:
    digests = _claim(ids)
    if not digests:
        return 0  # another run has them
    tokens = dict(SavedSearch.objects.filter(pk__in={d.saved_search_id for d in digests}).values_list("pk", "token"))
    done, failure = [], None
    mail = get_connection()
    try:
        mail.open()
        for digest in digests:
            _message(digest, mail, tokens).send()
            done.append(digest.pk)
    except Exception as error:  # the mail server's many kinds of failure; retried by the next run
        failure = error
    finally:
        mail.close()
    with transaction.atomic():
        AlertDigest.objects.filter(pk__in=done).update(sent_at=now, claimed_at=None)
        AlertDigest.objects.filter(pk__in=[d.pk for d in digests]).exclude(pk__in=done).update(claimed_at=None)
    if failure is not None:
        raise failure
    return len(done)
