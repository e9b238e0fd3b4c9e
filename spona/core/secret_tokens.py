"""Secret addresses: a token in a URL is the only key to what it opens (a person's calendar feed, the
unsubscribe link of an alert), for calendar apps and mail clients that cannot sign in."""

import secrets

from django.db import models
from django.db.models import Model, QuerySet

TOKEN_BYTES = 32  # 256 bits: not to be guessed, however many addresses are tried
TOKEN_LENGTH = 43  # characters of secrets.token_urlsafe(TOKEN_BYTES)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def secret_token_field(**options) -> models.CharField:
    """A unique token, made when the row is created; a new one (`new_token()`) retires the old address."""
    return models.CharField(max_length=TOKEN_LENGTH, unique=True, editable=False, default=new_token, **options)


def by_token(queryset: QuerySet, token: str, *, field: str = "token") -> Model | None:
    """The row a secret address names, or None (so a view answers 404 alike for any wrong token)."""
    if not token or len(token) > TOKEN_LENGTH:
        return None
    return queryset.filter(**{field: token}).first()
