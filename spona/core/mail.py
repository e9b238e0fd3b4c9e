"""E-mails: rendered in each recipient's language, kept in an outbox, sent by the task worker and tried again
when the mail server fails."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy

from spona.core.forms import as_one_line
from spona.core.models import OutgoingEmail
from spona.core.tasks import send_email

logger = logging.getLogger(__name__)

# The template engine of plain-text e-mails (settings.TEMPLATES): the same templates, no HTML escaping.
TEXT_TEMPLATES = "text"
# A failed e-mail is tried again after these waits; after the last, staff see it as given up.
RETRY_AFTER = [datetime.timedelta(minutes=minutes) for minutes in (5, 15, 60, 4 * 60, 12 * 60)]
# An e-mail still "being sent" or "waiting" after this long lost its sender: it is sent again.
STUCK_AFTER = datetime.timedelta(minutes=15)


def _reverse(name: str, args: tuple, kwargs: dict) -> str:
    return reverse(name, args=args, kwargs=kwargs)


def page_link(name: str, *args, **kwargs) -> Promise:
    """The path of a page for an e-mail's context. It is worked out when the e-mail is rendered, so under the
    language prefix of each recipient (/bs/..., /sr/...), never the sender's or the worker's language."""
    return lazy(_reverse, str)(name, args, kwargs)


def _absolute_url_of(item) -> str:
    return item.get_absolute_url()


def object_link(item) -> Promise:
    """The path of `item`'s page (its get_absolute_url), in each recipient's language like page_link."""
    return lazy(_absolute_url_of, str)(item)


def queue_email(*, recipients: list, template: str, context: dict, language: str | None = None) -> None:
    """Render `template`_subject.txt and `template`_body.txt and queue the message.

    Recipients are users (rendered in their preferred language) or plain addresses. Both templates are
    plain text: they are rendered without HTML escaping ("Women's" stays "Women's").
    """
    by_language: dict[str, list[str]] = {}
    for recipient in recipients:
        address = getattr(recipient, "email", recipient)
        if not address:
            continue
        lang = language or getattr(recipient, "language", None) or settings.LANGUAGE_CODE
        by_language.setdefault(lang, []).append(address)
    for lang, addresses in by_language.items():
        with translation.override(lang):
            full_context = {"site_url": settings.SITE_URL, **context}
            subject = render_to_string(f"{template}_subject.txt", full_context, using=TEXT_TEMPLATES)
            body = render_to_string(f"{template}_body.txt", full_context, using=TEXT_TEMPLATES)
        for address in addresses:
            queue_message(to=address, subject=f"[Spona] {subject}", body=body, kind=template)


def queue_message(*, to: str, subject: str, body: str, kind: str = "") -> OutgoingEmail:
    """Put one rendered e-mail in the outbox; the task worker sends it once the transaction commits."""
    email = store_message(to=to, subject=subject, body=body, kind=kind)
    transaction.on_commit(lambda: send_email.enqueue(email_id=email.pk))
    return email


def store_message(*, to: str, subject: str, body: str, kind: str = "") -> OutgoingEmail:
    # A subject is one line: a line break in it would start another header (Django refuses to send it).
    return OutgoingEmail.objects.create(to=to, subject=as_one_line(subject)[:998], body=body, kind=kind[:100])


def deliver(*, email_id: int, now: datetime.datetime | None = None) -> str:
    """Send one e-mail of the outbox unless it is sent already; on failure, plan the next try. Returns
    the e-mail's status. The row is claimed in a transaction of its own and the mail server is talked to
    outside any transaction, so a crash while sending resends at most this e-mail."""
    now = now or timezone.now()
    claimed = OutgoingEmail.objects.filter(
        Q(status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.FAILED])
        | Q(status=OutgoingEmail.Status.SENDING, next_attempt_at__lte=now),
        pk=email_id,
    ).update(status=OutgoingEmail.Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=now + STUCK_AFTER)
    email = OutgoingEmail.objects.get(pk=email_id)
    if not claimed:
        return email.status
    try:
        EmailMessage(subject=email.subject, body=email.body, to=[email.to]).send()
    except Exception as error:  # whatever the mail server or the network says, it is kept and retried
        logger.exception("E-mail %s to %s failed (attempt %s)", email.pk, email.to, email.attempts)
        gave_up = email.attempts >= len(RETRY_AFTER)
        email.status = OutgoingEmail.Status.GAVE_UP if gave_up else OutgoingEmail.Status.FAILED
        email.next_attempt_at = None if gave_up else now + RETRY_AFTER[email.attempts - 1]
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        email.save(update_fields=["status", "next_attempt_at", "last_error"])
    else:
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.next_attempt_at = None
        email.save(update_fields=["status", "sent_at", "next_attempt_at"])
    return email.status


def due_emails(now: datetime.datetime | None = None):
    """E-mails to send now: failed ones whose next try has come, ones stuck while being sent (the
    sender died), and queued ones nobody picked up (the task was lost)."""
    now = now or timezone.now()
    return OutgoingEmail.objects.filter(
        Q(status__in=[OutgoingEmail.Status.FAILED, OutgoingEmail.Status.SENDING], next_attempt_at__lte=now)
        | Q(status=OutgoingEmail.Status.QUEUED, created_at__lte=now - STUCK_AFTER)
    ).order_by("pk")


def send_due_emails(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Try every due e-mail once more; returns how many ended in each status."""
    counts: dict[str, int] = {}
    for email_id in due_emails(now).values_list("pk", flat=True).iterator():
        status = deliver(email_id=email_id, now=now)
        counts[status] = counts.get(status, 0) + 1
    return counts


def retry_now(*, emails) -> int:
    """Staff send failed e-mails (given up or not) again at once."""
    ids = list(emails.exclude(status=OutgoingEmail.Status.SENT).values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=ids).update(status=OutgoingEmail.Status.QUEUED, next_attempt_at=None)
    for email_id in ids:
        transaction.on_commit(lambda pk=email_id: send_email.enqueue(email_id=pk))
    return len(ids)
