"""Changes a person makes to their own account."""

from spona.accounts.models import User


def update_profile(*, user: User, full_name: str, language: str) -> User:
    user.full_name = full_name
    user.language = language
    user.save(update_fields=["full_name", "language"])
    return user
