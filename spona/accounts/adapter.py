"""django-allauth hooks: remember the language a person signed up in, for the e-mails we send them."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        language = get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.language = language
        return super().save_user(request, user, form, commit=commit)
