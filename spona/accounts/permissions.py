"""What the center's staff may do on the site: each capability is a Django permission that a staff
group grants (see staff_groups.py), checked the same way the admin checks it.

Staff status alone opens nothing but the admin's door: a user in "Editors" publishes news, and does
not moderate the directory or see the fair's schedule.
"""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet


def is_staff_member(user) -> bool:
    """An active user with staff status (any group, or none)."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def staff_can(user, permission: str) -> bool:
    """Whether `user` is staff holding `permission` ("app_label.codename"), through a group or their own."""
    return is_staff_member(user) and user.has_perm(permission)


def staff_with_permission(permission: str) -> QuerySet:
    """Active staff holding `permission` and an e-mail address: whom to tell about work of that kind."""
    app_label, codename = permission.split(".", 1)
    granted = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=granted) | Q(user_permissions__in=granted))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def staff_permission_required(permission: str):
    """A view for staff holding `permission`: anyone not signed in is sent to sign in, anyone else
    without it gets 403 (the page exists; it is not theirs)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not staff_can(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
