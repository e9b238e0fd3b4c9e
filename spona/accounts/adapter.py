"""django-allauth hooks: remember the language a person signed up in, for the e-mails we send them; join the
organization whose invitation they opened before signing up; send allauth's own e-mails (confirmations,
password resets) through the site's outbox, so they are retried."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import get_language

from spona.core.mail import queue_message
from spona.directory.invitations import accept_invitation_of_session


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        language = get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.language = language
        user = super().save_user(request, user, form, commit=commit)
        if commit and request is not None and hasattr(request, "session"):
            accept_invitation_of_session(session=request.session, user=user)  # they join on sign-up
        return user

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth renders its e-mail and calls send() on it: ours puts it in the outbox instead."""
        return _OutboxMessage(super().render_mail(template_prefix, email, context, headers), kind=template_prefix)


class _OutboxMessage:
    def __init__(self, message, *, kind: str):
        self.message, self.kind = message, kind

    def send(self, fail_silently: bool = False) -> int:
        for address in self.message.to:
            queue_message(to=address, subject=self.message.subject, body=self.message.body, kind=self.kind)
        return len(self.message.to)
