"""Alerts: e-mail each saved search's new matching calls, each call to each user exactly once.

A run (`manage.py send_call_alerts`, every few minutes) takes the searches that are due (immediate ones
always, daily ones a day after their last run, weekly ones a week after), finds the calls published since
each search last looked, and writes, in one transaction per batch of searches, the deliveries (unique per
user and call), the e-mail (an outbox row) and the search's new `checked_until`. E-mails are sent from the
outbox afterwards and marked sent one by one. So:
- a re-run finds nothing new (the searches are not due, or their calls are delivered);
- a crash before a batch commits leaves no trace, a crash after it leaves e-mails the next run sends;
- two runs at once skip each other's locked searches (PostgreSQL) or take turns (SQLite), and the unique
  delivery is the last guard: a batch that would deliver a call twice is redone user by user, and a user
  whose delivery collides waits for the next run.
Matching happens in Python against the few calls published since the last run, so the cost grows with
searches × new calls, not with all the calls there are.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from spona.calls.models import AlertDelivery, AlertDigest, Call, CallDismissal, EditorialState, SavedSearch
from spona.core.models import Region
from spona.core.normalization import query_terms, stems
from spona.core.text_search import PREFIX_MIN

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
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


def _region_parents() -> dict[int, int | None]:
    return dict(Region.objects.values_list("pk", "parent_id"))


def _upwards(region_ids, parents: dict[int, int | None]) -> frozenset[int]:
    found = set()
    for start in region_ids:
        current = start
        while current is not None and current not in found:
            found.add(current)
            current = parents.get(current)
    return frozenset(found)


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
            region_ids=_upwards([region.pk for region in call.regions.all()], parents),
            own_region_ids=frozenset(region.pk for region in call.regions.all()),
            countries=frozenset(call.countries),
            amount_min_eur=call.amount_min_eur,
            amount_max_eur=call.amount_max_eur,
        )
        for call in calls
    ]


def search_criteria(
    search: SavedSearch, sector_ids, region_ids, parents: dict[int, int | None], region_countries: dict[int, str]
) -> SearchCriteria:
    return SearchCriteria(
        terms=tuple(query_terms(search.keywords)),
        sector_ids=frozenset(sector_ids),
        region_ids=_upwards(region_ids, parents),
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


def due_searches(now: datetime.datetime):
    due = Q()
    for frequency, after in DUE_AFTER.items():
        due |= Q(frequency=frequency, checked_until__lte=now - after)
    return SavedSearch.objects.filter(due, is_active=True, user__is_active=True)


@dataclass
class RunReport:
    searches: int = 0
    digests: int = 0
    deliveries: int = 0
    sent: int = 0
    skipped_users: int = 0

    def add(self, other: "RunReport") -> None:
        self.searches += other.searches
        self.digests += other.digests
        self.deliveries += other.deliveries


def run_alerts(*, now: datetime.datetime | None = None, send: bool = True) -> RunReport:
    """Write the digests of every due search, then send the outbox (see the module)."""
    now = now or timezone.now()
    report = RunReport()
    overlap = datetime.timedelta(minutes=settings.SPONA["ALERT_OVERLAP_MINUTES"])
    due_ids = list(due_searches(now).order_by("user_id", "pk").values_list("pk", flat=True))
    if due_ids:
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
        parents = _region_parents()
        facts = call_facts(calls, parents)
        calls_by_id = {call.pk: call for call in calls}
        region_countries = dict(Region.objects.values_list("pk", "country_id"))
        for start in range(0, len(due_ids), BATCH_SIZE):
            batch = due_ids[start : start + BATCH_SIZE]
            _run_batch(batch, facts, calls_by_id, parents, region_countries, now=now, overlap=overlap, report=report)
    if send:
        report.sent = send_outbox(now=now)
    return report


def _run_batch(batch, facts, calls_by_id, parents, region_countries, *, now, overlap, report: RunReport) -> None:
    try:
        with transaction.atomic():
            done = _write_batch(batch, facts, calls_by_id, parents, region_countries, now=now, overlap=overlap)
        report.add(done)
    except IntegrityError:
        # Another run delivered one of these calls meanwhile: redo the batch user by user.
        logger.info("Alert batch collided with another run; redoing it user by user")
        users = defaultdict(list)
        for pk, user_id in SavedSearch.objects.filter(pk__in=batch).values_list("pk", "user_id"):
            users[user_id].append(pk)
        for searches in users.values():
            try:
                with transaction.atomic():
                    done = _write_batch(
                        searches, facts, calls_by_id, parents, region_countries, now=now, overlap=overlap
                    )
                report.add(done)
            except IntegrityError:
                report.skipped_users += 1


def _locked_due(batch: list[int], now: datetime.datetime) -> list[SavedSearch]:
    searches = due_searches(now).filter(pk__in=batch).select_related("user").order_by("user_id", "pk")
    if connection.features.has_select_for_update_skip_locked:
        searches = searches.select_for_update(skip_locked=True, of=("self",))
    return list(searches)


def _known_pairs(user_ids, call_ids) -> set[tuple[int, int]]:
    """(user, call) pairs that must not be mailed: delivered already, or marked not relevant."""
    if not call_ids:
        return set()
    pairs = set(
        AlertDelivery.objects.filter(user_id__in=user_ids, call_id__in=call_ids).values_list("user_id", "call_id")
    )
    pairs.update(
        CallDismissal.objects.filter(user_id__in=user_ids, call_id__in=call_ids).values_list("user_id", "call_id")
    )
    return pairs


def _write_batch(batch, facts, calls_by_id, parents, region_countries, *, now, overlap) -> RunReport:
    """Write one batch's e-mails and deliveries; returns what it did (counted once it commits)."""
    report = RunReport()
    searches = _locked_due(batch, now)  # rows another run holds, or has just done, drop out here
    if not searches:
        return report
    search_ids = [search.pk for search in searches]
    user_ids = {search.user_id for search in searches}
    sectors, regions = defaultdict(list), defaultdict(list)
    for search_id, sector_id in SavedSearch.sectors.through.objects.filter(savedsearch_id__in=search_ids).values_list(
        "savedsearch_id", "sector_id"
    ):
        sectors[search_id].append(sector_id)
    for search_id, region_id in SavedSearch.regions.through.objects.filter(savedsearch_id__in=search_ids).values_list(
        "savedsearch_id", "region_id"
    ):
        regions[search_id].append(region_id)
    known = _known_pairs(user_ids, [fact.id for fact in facts])
    deliveries: list[AlertDelivery] = []
    for search in searches:
        report.searches += 1
        if not search.user.email:
            continue
        criteria = search_criteria(search, sectors[search.pk], regions[search.pk], parents, region_countries)
        since = search.checked_until - overlap
        found = [
            fact.id
            for fact in facts
            if fact.published > since and (search.user_id, fact.id) not in known and matches(criteria, fact)
        ]
        if not found:
            continue
        digest = AlertDigest.objects.create(
            user_id=search.user_id,
            saved_search=search,
            created_at=now,
            recipient=search.user.email,
            **_render(search, [calls_by_id[pk] for pk in found]),
        )
        report.digests += 1
        for call_id in found:
            known.add((search.user_id, call_id))
            deliveries.append(AlertDelivery(user_id=search.user_id, call_id=call_id, digest=digest))
        search.last_sent_at = now
    AlertDelivery.objects.bulk_create(deliveries, batch_size=1000)
    report.deliveries += len(deliveries)
    for search in searches:
        search.checked_until = now
    SavedSearch.objects.bulk_update(searches, ["checked_until", "last_sent_at"], batch_size=1000)
    return report


def _render(search: SavedSearch, calls: list[Call]) -> dict[str, str]:
    with translation.override(search.user.language or settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, "search": search, "calls": calls, "user": search.user}
        subject = render_to_string("email/call_alert_subject.txt", context).strip()
        body = render_to_string("email/call_alert_body.txt", context)
    return {"subject": f"[Spona] {subject}"[:255], "body": body}


def _send(digest: AlertDigest) -> None:
    message = EmailMessage(digest.subject, digest.body, None, [digest.recipient])
    if digest.saved_search is not None:
        # One-click unsubscribe in mail clients (RFC 8058).
        message.extra_headers["List-Unsubscribe"] = f"<{settings.SITE_URL}{digest.saved_search.get_unsubscribe_url()}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.send()


def send_outbox(*, now: datetime.datetime | None = None, limit: int | None = None) -> int:
    """Send unsent alert e-mails, each marked sent in the transaction that claims it."""
    now = now or timezone.now()
    sent = 0
    pending = AlertDigest.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    for pk in list(pending[:limit] if limit else pending):
        with transaction.atomic():
            claim = AlertDigest.objects.filter(pk=pk, sent_at__isnull=True)
            if connection.features.has_select_for_update_skip_locked:
                claim = claim.select_for_update(skip_locked=True, of=("self",))
            digest = claim.select_related("saved_search").first()
            # The conditional UPDATE claims it on SQLite too, which has no row locks.
            if digest is None or not AlertDigest.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=now):
                continue
            _send(digest)
            sent += 1
    return sent
