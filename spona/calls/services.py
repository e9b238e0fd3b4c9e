"""Every write of calls and news: the editorial workflow, attachments, dismissals and saved searches."""

import datetime
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from spona.calls import notifications, permissions
from spona.calls.alerts import call_text
from spona.calls.models import (
    Call,
    CallAttachment,
    CallDismissal,
    CallLink,
    EditorialItem,
    EditorialState,
    NewsPost,
    SavedSearch,
)
from spona.core import text_search
from spona.core.money import to_eur
from spona.core.rich_text import render_markdown
from spona.core.secret_tokens import by_token
from spona.core.stale_edits import lock_for_edit

CALL_FIELDS = (
    "title", "summary", "body", "funder", "funder_name", "applicant_kinds", "countries", "min_organization_age",
    "amount_min", "amount_max", "currency", "cofinancing_percent", "cofinancing_note", "deadline", "time_zone",
)  # fmt: skip
CALL_RELATIONS = ("sectors", "regions", "legal_forms")
NEWS_FIELDS = ("title", "lead", "body", "image", "image_alt")
NEWS_RELATIONS = ("sectors", "tags")


def prepare_item(item: EditorialItem) -> None:
    item.body_html = render_markdown(item.body)
    if isinstance(item, Call):
        item.amount_min_eur = to_eur(item.amount_min, item.currency)
        item.amount_max_eur = to_eur(item.amount_max, item.currency)


def _item_text(item: EditorialItem) -> str:
    if isinstance(item, Call):
        return call_text(item)
    return " ".join([item.title, item.lead, item.body, " ".join(tag.name for tag in item.tags.all())])


def index_item(item: EditorialItem) -> None:
    text_search.write_documents(text_search.index_table(type(item)), [(item.pk, _item_text(item))])


def reindex_items(*, batch_size: int = 500) -> int:
    """Rewrite the search documents of every call and news post (after the normalization changed)."""
    count = 0
    for model in (Call, NewsPost):
        queryset = model.objects.order_by("pk")
        if model is NewsPost:
            queryset = queryset.prefetch_related("tags")
        last_pk = 0
        while batch := list(queryset.filter(pk__gt=last_pk)[:batch_size]):
            with transaction.atomic():
                text_search.write_documents(text_search.index_table(model), [(i.pk, _item_text(i)) for i in batch])
            count += len(batch)
            last_pk = batch[-1].pk
    return count


def check_publishable(item: EditorialItem, *, now: datetime.datetime) -> None:
    if isinstance(item, Call) and item.deadline <= now:
        raise ValidationError({"deadline": _("The deadline has passed: a call cannot be published as open.")})


@transaction.atomic
def save_item(
    *,
    item: EditorialItem,
    user,
    fields: dict,
    relations: dict | None = None,
    links: list[tuple[str, str]] | None = None,
    expected_version: int | None = None,
    publish: str | None = None,
    now: datetime.datetime | None = None,
) -> EditorialItem:
    """Create or change a call or news post.

    `publish`: "submit" (an organization asks the editors to publish it), "now", "schedule" (at
    `fields["publish_at"]`), "draft", or None to keep its state. Staff publish; others only submit, and
    an item they change after submitting waits for approval again. `expected_version` guards against
    overwriting a colleague's edit made after this editor opened the form.
    """
    now = now or timezone.now()
    creating = item.pk is None
    if not creating:
        current = lock_for_edit(
            item,
            expected_version=expected_version,
            may_edit=lambda row: permissions.can_edit_item(user, row),
            message=_("Someone else changed this item after you opened it. Reload it and make your changes again."),
        )
        item.state, item.publish_at = current.state, current.publish_at
    for name, value in fields.items():
        setattr(item, name, value)
    if creating and not permissions.can_submit_for(user, item.organization):
        raise PermissionDenied
    if creating:
        item.submitted_by = user
    if publish in ("now", "schedule"):
        if not permissions.is_editor(user, type(item)):
            raise PermissionDenied
        if publish == "schedule" and item.publish_at is None:
            raise ValidationError({"publish_at": _("Give the time from which it is published.")})
        item.state = EditorialState.PUBLISHED
        if publish == "now":
            item.publish_at = now
        check_publishable(item, now=now)
    elif publish == "submit":
        item.state = EditorialState.SUBMITTED
    elif publish == "draft":
        item.state = EditorialState.DRAFT
    prepare_item(item)
    item.full_clean(exclude=["slug", "body_html", "submitted_by", "organization", "funder"])
    item.save()
    for name, values in (relations or {}).items():
        if values is not None:
            getattr(item, name).set(values)
    if links is not None and isinstance(item, Call):
        item.links.all().delete()
        CallLink.objects.bulk_create([CallLink(call=item, title=title, url=url) for title, url in links if url])
    index_item(item)
    if item.state == EditorialState.SUBMITTED and (creating or publish == "submit"):
        transaction.on_commit(lambda: notifications.notify_submitted(item))
    return item


@transaction.atomic
def approve_item(*, item: EditorialItem, user, publish_at: datetime.datetime | None = None, now=None) -> EditorialItem:
    """Staff publish a submitted item (at once or at `publish_at`); the submitter is told."""
    now = now or timezone.now()
    if not permissions.is_editor(user, type(item)):
        raise PermissionDenied
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if item.state == EditorialState.PUBLISHED:
        return item
    if item.state != EditorialState.SUBMITTED:
        raise ValidationError(_("Only an item waiting for approval can be approved."))
    item.state = EditorialState.PUBLISHED
    item.publish_at = publish_at or now
    check_publishable(item, now=now)
    item.moderation_note = ""
    item.save(update_fields=["state", "publish_at", "moderation_note", "updated_at"])
    transaction.on_commit(lambda: notifications.notify_decided(item))
    return item


@transaction.atomic
def return_item(*, item: EditorialItem, user, note: str) -> EditorialItem:
    """Staff send an item back to whoever submitted it, saying what to change."""
    if not permissions.is_editor(user, type(item)):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError({"note": _("Say what should change, so the submitter can revise it.")})
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if item.state != EditorialState.SUBMITTED:
        raise ValidationError(_("Only an item waiting for approval can be returned."))
    item.state = EditorialState.REJECTED
    item.moderation_note = note.strip()
    item.save(update_fields=["state", "moderation_note", "updated_at"])
    transaction.on_commit(lambda: notifications.notify_decided(item))
    return item


@transaction.atomic
def withdraw_item(*, item: EditorialItem, user) -> EditorialItem:
    """Take an item off the site (staff), or a submission back (its organization): the URL then says so."""
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if not permissions.can_withdraw_item(user, item):
        raise PermissionDenied
    item.state = EditorialState.WITHDRAWN
    item.save(update_fields=["state", "updated_at"])
    return item


def validate_attachment(upload) -> str:
    """The attachment's kind, or ValidationError for a file of the wrong type or size."""
    limit = settings.SPONA["CALL_ATTACHMENT_MAX_BYTES"]
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s KB): the limit is %(limit)s KB."),
            params={"size": upload.size // 1024, "limit": limit // 1024},
        )
    name = (upload.name or "").lower()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if name.endswith(".pdf") and head.startswith(b"%PDF-") and _is_readable_pdf(upload):
        return CallAttachment.Kind.PDF
    if name.endswith((".docx", ".xlsx")) and head.startswith(b"PK\x03\x04"):
        kind = _office_kind(upload)
        if kind and name.endswith(f".{kind}"):
            return kind
    raise ValidationError(_("Attach a PDF, Word (DOCX) or Excel (XLSX) file."))


def _is_readable_pdf(upload) -> bool:
    """Whether the file is a PDF a reader can open, with at least one page: "%PDF-" followed by HTML or
    anything else is not."""
    try:
        return len(PdfReader(upload).pages) > 0
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return False
    finally:
        upload.seek(0)


def _office_kind(upload) -> str | None:
    """docx or xlsx, read from the file's own parts (a renamed ZIP or macro file is neither)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names and "word/vbaProject.bin" not in names:
        return CallAttachment.Kind.DOCX
    if "xl/workbook.xml" in names and "xl/vbaProject.bin" not in names:
        return CallAttachment.Kind.XLSX
    return None


@transaction.atomic
def add_attachment(*, call: Call, user, title: str, upload) -> CallAttachment:
    if not permissions.can_edit_item(user, call):
        raise PermissionDenied
    kind = validate_attachment(upload)
    original_name = upload.name[:255]
    upload.name = f"attachment.{kind}"  # stored under a random name with its real type (RandomName)
    return CallAttachment.objects.create(
        call=call,
        title=title.strip() or original_name,
        file=upload,
        original_name=original_name,
        kind=kind,
        size=upload.size,
    )


@transaction.atomic
def remove_attachment(*, attachment: CallAttachment, user) -> None:
    if not permissions.can_edit_item(user, attachment.call):
        raise PermissionDenied
    attachment.file.delete(save=False)
    attachment.delete()


def dismiss_call(*, user, call: Call) -> None:
    """Mark a call "not relevant" for this user (idempotent)."""
    CallDismissal.objects.get_or_create(user=user, call=call)


def restore_call(*, user, call: Call) -> None:
    CallDismissal.objects.filter(user=user, call=call).delete()


@transaction.atomic
def save_search(*, user, search: SavedSearch | None = None, fields: dict, sectors=(), regions=()) -> SavedSearch:
    if search is None:
        search = SavedSearch(user=user)
    elif search.user_id != user.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(search, name, value)
    if (
        search.amount_min_eur is not None
        and search.amount_max_eur is not None
        and search.amount_min_eur > search.amount_max_eur
    ):
        raise ValidationError({"amount_max_eur": _("The largest amount is smaller than the smallest.")})
    search.full_clean(exclude=["user", "token", "checked_until"])
    search.save()
    search.sectors.set(sectors)
    search.regions.set(regions)
    return search


def delete_search(*, user, search: SavedSearch) -> None:
    if search.user_id != user.pk:
        raise PermissionDenied
    search.delete()


def search_for_token(token: str) -> SavedSearch | None:
    """The saved search an e-mail's link names (no sign-in: the token is the key)."""
    return by_token(SavedSearch.objects.all(), token)


def unsubscribe(*, token: str) -> SavedSearch | None:
    """Stop a saved search's e-mails from the link in one of them."""
    return _set_active(token, active=False)


def resubscribe(*, token: str) -> SavedSearch | None:
    """Take back an unsubscription made by mistake, from the same link."""
    return _set_active(token, active=True)


def _set_active(token: str, *, active: bool) -> SavedSearch | None:
    search = search_for_token(token)
    if search is not None and search.is_active != active:
        search.is_active = active
        search.save(update_fields=["is_active", "updated_at"])
    return search
