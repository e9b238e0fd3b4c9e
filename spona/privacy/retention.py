"""Retention rules of accounts: an account nobody signed in to for years is warned, then anonymized."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import F
from django.db.models.functions import Coalesce

from spona.privacy import notifications, services
from spona.privacy.models import InactivityWarning
from spona.privacy.registry import older_than


def _unused_since(cutoff: datetime.datetime):
    users = get_user_model().objects.filter(is_active=True, is_staff=False).exclude(email="")
    return users.annotate(last_seen=Coalesce("last_login", "date_joined")).filter(last_seen__lt=cutoff)


def warn_unused_accounts(*, days: int, now: datetime.datetime) -> int:
    """Tell each account unused for `days` that it will be anonymized unless its person signs in."""
    warned = 0
    anonymize_after = services.retention_days("unused-accounts-anonymized")
    for user in _unused_since(older_than(days, now)).filter(inactivity_warning__isnull=True):
        InactivityWarning.objects.create(user=user, warned_at=now)
        notifications.warn_of_anonymization(user, days=anonymize_after)
        warned += 1
    return warned


def anonymize_warned_accounts(*, days: int, now: datetime.datetime) -> int:
    """Anonymize the accounts warned `days` ago whose person has not signed in since; a sign-in since the
    warning takes it back."""
    InactivityWarning.objects.filter(user__last_login__gt=F("warned_at")).delete()
    erased = 0
    for warning in InactivityWarning.objects.filter(warned_at__lt=older_than(days, now)).select_related("user"):
        user = warning.user
        if not user.is_active or services.organizations_to_hand_over(user):
            continue  # the last administrator of an organization with members: staff decide
        services.erase_person(user=user, requested_by=None, now=now)
        erased += 1
    return erased
