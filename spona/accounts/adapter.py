"""django-allauth hooks: remember the language a person signed up in, for the e-mails we send them; send
allauth's own e-mails (confirmations, password resets) through the site's outbox, so they are retried."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import get_language

from spona.core.mail import queue_message


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        language = get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.language = language
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        for address in message.to:
            queue_message(to=address, subject=message.subject, body=message.body, kind=template_prefix)
