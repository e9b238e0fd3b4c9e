"""Rendering e-mails in each recipient's language and queueing them for the task worker."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise, lazy

from spona.core.tasks import send_email


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

    Recipients are users (rendered in their preferred language) or plain addresses.
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
            subject = render_to_string(f"{template}_subject.txt", full_context).strip()
            body = render_to_string(f"{template}_body.txt", full_context)
        for address in addresses:
            send_email.enqueue(recipients=[address], subject=f"[Spona] {subject}", body=body)
